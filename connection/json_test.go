package connection

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/socialconn/socialconn/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode_RecipesRoundTrip(t *testing.T) {
	for _, r := range corpus.Recipes(t) {
		t.Run(r.Name, func(t *testing.T) {
			c, err := Decode(r.JSON)
			require.NoError(t, err)
			out, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, string(r.JSON), string(out))
		})
	}
}

// full is a connection as the Management API returns it, with every known
// key, zero values that must survive, and unknown keys at both levels.
const full = `{
  "id": "con_123",
  "name": "my-idp",
  "display_name": "My IdP",
  "strategy": "oauth2",
  "enabled_clients": [],
  "realms": ["my-idp"],
  "is_domain_connection": false,
  "metadata": {"team": "id", "empty": null},
  "authentication": {"active": true},
  "connected_accounts": {"active": false, "cross_app_access": false},
  "future_top_level": {"n": 12345678901234567890, "s": "<&>"},
  "options": {
    "authorizationURL": "https://idp.example/authorize?x=1",
    "tokenURL": "https://idp.example/token",
    "client_id": "cid",
    "client_secret": "",
    "scope": ["openid", "email"],
    "useOauthSpecScope": false,
    "pkce_enabled": false,
    "scripts": {"fetchUserProfile": "function(a, c, cb) { cb(null, {user_id: 1}) }", "getLogoutUrl": ""},
    "authParams": {},
    "authParamsMap": {"login_hint": "login_hint"},
    "upstream_params": {"screen": {"value": ""}, "lh": {"alias": "login_hint"}},
    "customHeaders": {"Authorization": "Basic Zm9vOmJhcg=="},
    "logoutUrl": "https://idp.example/logout",
    "icon_url": "https://idp.example/icon.png",
    "set_user_root_attributes": "on_first_login",
    "non_persistent_attrs": [],
    "fieldsMap": {},
    "issuer": "https://idp.example",
    "domain_aliases": [],
    "strategy_version": 2,
    "email": false,
    "nested_unknown": {"a": [1, 2.50, {"b": null}]}
  }
}`

func TestDecode_LosslessHandWritten(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"full", full},
		{"empty object", `{}`},
		{"empty options", `{"name":"a","strategy":"oauth2","options":{}}`},
		{"zero values", `{"name":"","display_name":"","is_domain_connection":false,"options":{"client_id":"","pkce_enabled":false,"useOauthSpecScope":false,"scripts":{},"scope":"","authParams":{},"customHeaders":{}}}`},
		{"nulls", `{"metadata":null,"realms":null,"options":{"upstream_params":null,"scope":null,"client_secret":null,"scripts":{"getLogoutUrl":null}}}`},
		{"null options", `{"name":"a","options":null}`},
		{"scope empty array", `{"options":{"scope":[]}}`},
		{"scope string kept byte for byte", `{"options":{"scope":"identity.basic, identity.email"}}`},
		{"unknown script key", `{"options":{"scripts":{"fetchUserProfile":"x","onLogin":"y","n":1}}}`},
		{"upstream with extra keys", `{"options":{"upstream_params":{"a":{"value":"v","alias":"prompt","x":true},"b":{}}}}`},
		{"metadata null value", `{"metadata":{"a":null,"b":""}}`},
		{"case-different keys are separate", `{"options":{"tokenUrl":"https://x.example/t","TokenURL":1}}`},
		{"html characters", `{"options":{"scripts":{"fetchUserProfile":"if (a < b && c > d) {}"},"x":"<\u2028>"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Decode([]byte(tt.doc))
			require.NoError(t, err)
			out, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, tt.doc, string(out))

			// Encoding directly (no HTML escaping) must agree too, and a
			// second decode must give an equal value.
			out2, err := c.MarshalJSON()
			require.NoError(t, err)
			assert.JSONEq(t, tt.doc, string(out2))
			c2, err := Decode(out2)
			require.NoError(t, err)
			assert.Equal(t, c, c2)
		})
	}
}

func TestDecode_Fields(t *testing.T) {
	c, err := Decode([]byte(full))
	require.NoError(t, err)
	assert.Equal(t, "con_123", c.ID)
	assert.Equal(t, "my-idp", c.Name)
	assert.Equal(t, "oauth2", c.Strategy)
	assert.Equal(t, []string{"my-idp"}, c.Realms)
	assert.Equal(t, "id", *c.Metadata["team"])
	assert.Nil(t, c.Metadata["empty"])
	assert.Contains(t, c.Metadata, "empty")
	assert.JSONEq(t, `{"active":true}`, string(c.Extra["authentication"]))
	o := c.Options
	assert.Equal(t, "https://idp.example/authorize?x=1", o.AuthorizationURL)
	assert.Equal(t, Scope{Values: []string{"openid", "email"}, IsArray: true}, o.Scope)
	assert.Equal(t, "cid", o.ClientID)
	assert.Equal(t, "login_hint", o.AuthParamsMap["login_hint"])
	assert.Equal(t, "login_hint", o.UpstreamParams["lh"].Alias)
	assert.True(t, o.UpstreamParams["screen"].has(0), "an empty value is still a value entry")
	assert.Equal(t, "on_first_login", o.SetUserRootAttributes)
	assert.Equal(t, "https://idp.example", o.Issuer)
	assert.JSONEq(t, `2`, string(o.Extra["strategy_version"]))
	assert.Contains(t, o.Scripts.FetchUserProfile, "cb(null")
	assert.NotContains(t, o.Extra, "client_id")
}

func TestMarshal_GoBuilt(t *testing.T) {
	c := Connection{Name: "x", Strategy: "oauth2", Options: Options{
		ClientID: "id", Scope: Scope{Values: []string{"openid", "email"}},
		Scripts:        Scripts{FetchUserProfile: "f"},
		UpstreamParams: map[string]UpstreamParam{"p": {Alias: "prompt"}},
	}}
	out, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"x","strategy":"oauth2","options":{"client_id":"id","scope":"openid email","scripts":{"fetchUserProfile":"f"},"upstream_params":{"p":{"alias":"prompt"}}}}`, string(out))

	out, err = json.Marshal(Connection{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"","strategy":"","options":{}}`, string(out))
}

func TestMarshal_ChangedFieldsAreWritten(t *testing.T) {
	c, err := Decode([]byte(`{"name":"a","options":{"pkce_enabled":false,"client_secret":null}}`))
	require.NoError(t, err)
	c.Options.PKCEEnabled = true
	c.Options.TokenURL = "https://t.example/token"
	c.Options.ClientSecret = "s3"
	c.IsDomainConnection = true
	out, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"a","is_domain_connection":true,"options":{"pkce_enabled":true,"client_secret":"s3","tokenURL":"https://t.example/token"}}`, string(out))
}

func TestMarshal_InvalidExtra(t *testing.T) {
	c := Connection{Extra: map[string]json.RawMessage{"x": json.RawMessage(`{bad`)}}
	_, err := json.Marshal(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "x")
}

func TestDecode_Errors(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		wantPath string
		wantMsg  string
	}{
		{"syntax", "{\n  \"name\": \"a\",\n  \"options\": {,}\n}", "", "line 3, column"},
		{"not an object", `[1]`, "(document)", "must be an object, not an array"},
		{"empty input", ``, "", "invalid JSON"},
		{"name type", `{"name": 5}`, "name", "must be a string, not a number"},
		{"options type", `{"options": "x"}`, "options", "must be an object, not a string"},
		{"bool type", `{"options": {"pkce_enabled": "true"}}`, "options.pkce_enabled", "must be a boolean, not a string"},
		{"scope type", `{"options": {"scope": 3}}`, "options.scope", "a string or an array of strings"},
		{"scope item", `{"options": {"scope": ["a", 2]}}`, "options.scope[1]", "must be a string, not a number"},
		{"map value", `{"options": {"authParams": {"a b": 1}}}`, `options.authParams["a b"]`, "must be a string"},
		{"map value null", `{"options": {"customHeaders": {"X": null}}}`, "options.customHeaders.X", "must be a string, not null"},
		{"script type", `{"options": {"scripts": {"fetchUserProfile": []}}}`, "options.scripts.fetchUserProfile", "must be a string, not an array"},
		{"upstream entry", `{"options": {"upstream_params": {"p": "x"}}}`, "options.upstream_params.p", "must be an object"},
		{"upstream alias", `{"options": {"upstream_params": {"p": {"alias": 1}}}}`, "options.upstream_params.p.alias", "must be a string"},
		{"metadata value", `{"metadata": {"k": 1}}`, "metadata.k", "a string or null"},
		{"realms", `{"realms": "r"}`, "realms", "an array of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.doc))
			require.Error(t, err)
			var de *DecodeError
			require.True(t, errors.As(err, &de), "%T", err)
			assert.Equal(t, tt.wantPath, de.Path)
			assert.Contains(t, err.Error(), tt.wantMsg)
			assert.True(t, strings.HasPrefix(err.Error(), "connection: "), err.Error())
		})
	}
}

func TestDecode_TooLarge(t *testing.T) {
	doc := `{"name":"` + strings.Repeat("a", MaxDocumentSize) + `"}`
	_, err := Decode([]byte(doc))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than")
}

func TestDecode_ErrorHidesValues(t *testing.T) {
	_, err := Decode([]byte(`{"options": {"client_secret": ["sup3r-s3cret"]}}`))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "sup3r-s3cret")
	_, err = Decode([]byte(`{"options": {"client_secret": "sup3r-s3cret", }}`))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "sup3r-s3cret")
}

func TestScope_JSON(t *testing.T) {
	var s Scope
	require.NoError(t, json.Unmarshal([]byte(`"openid  email,profile"`), &s))
	assert.Equal(t, Scope{Values: []string{"openid  email,profile"}}, s)
	assert.Equal(t, "openid  email,profile", s.String())
	assert.Equal(t, []string{"openid", "email", "profile"}, s.Tokens())
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `"openid  email,profile"`, string(b))

	require.NoError(t, json.Unmarshal([]byte(`["openid","email"]`), &s))
	assert.Equal(t, Scope{Values: []string{"openid", "email"}, IsArray: true}, s)
	assert.Equal(t, "openid email", s.String())
	b, err = json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `["openid","email"]`, string(b))

	require.NoError(t, json.Unmarshal([]byte(`null`), &s))
	assert.Equal(t, Scope{}, s)
	require.Error(t, json.Unmarshal([]byte(`{}`), &s))
}

func TestScripts_UnknownKeys(t *testing.T) {
	var s Scripts
	require.NoError(t, json.Unmarshal([]byte(`{"fetchUserProfile":"f","zeta":"z","alpha":1}`), &s))
	assert.Equal(t, "f", s.FetchUserProfile)
	assert.Equal(t, []string{"alpha", "zeta"}, s.UnknownKeys())
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"fetchUserProfile":"f","zeta":"z","alpha":1}`, string(b))
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		full, validDoc, `{}`, `[]`, `null`, `{"options":null}`,
		`{"options":{"scope":[],"scripts":{"x":1},"upstream_params":{"a":{}}}}`,
		`{"metadata":{"a":null},"realms":[""],"options":{"customHeaders":{"A":"b\r\n"}}}`,
		`{"name":"a","options":{"authorizationURL":"http://[::1]:80/a?response_mode=x#y"}}`,
		`{"options":{"scope":"a, b","authParams":{"\u0000":"\ud800"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) == 0 {
				t.Fatalf("bad validation error %T: %v", err, err)
			}
		}
		out, err := c.MarshalJSON()
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		c2, err := Decode(out)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		require.Equal(t, c, c2)
		out2, err := c2.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2), "encoding is stable")
		_, _ = json.Marshal(c)
	})
}
