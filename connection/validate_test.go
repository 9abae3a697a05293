package connection

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/socialconn/socialconn/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const validDoc = `{
  "name": "my-idp",
  "strategy": "oauth2",
  "options": {
    "authorizationURL": "https://idp.example/authorize",
    "tokenURL": "https://idp.example/token",
    "client_id": "cid",
    "client_secret": "TOPSECRET-value",
    "scope": "openid email"
  }
}`

// withOptions returns validDoc with extra options members spliced in.
func withOptions(members string) string {
	return strings.Replace(validDoc, `"scope": "openid email"`, `"scope": "openid email", `+members, 1)
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name    string
		doc     string
		wantErr []string // "path: reason fragment"; empty means valid
	}{
		{"valid", validDoc, nil},
		{"valid full", full, nil},
		{"valid loopback http", strings.NewReplacer("https://idp.example/authorize", "http://127.0.0.7:8080/a", "https://idp.example/token", "http://[::1]/t").Replace(validDoc), nil},
		{"valid localhost", strings.ReplaceAll(validDoc, "https://idp.example", "http://LocalHost:3000"), nil},
		{"name bad pattern", strings.Replace(validDoc, `"my-idp"`, `"my--idp"`, 1), []string{"name: must be letters and digits"}},
		{"name dot", strings.Replace(validDoc, `"my-idp"`, `"atlassian.com"`, 1), []string{"name: must be letters and digits"}},
		{"name trailing dash", strings.Replace(validDoc, `"my-idp"`, `"idp-"`, 1), []string{"name: must be"}},
		{"name missing", strings.Replace(validDoc, `"name": "my-idp",`, ``, 1), []string{"name: required"}},
		{"name too long", strings.Replace(validDoc, `"my-idp"`, `"`+long(129)+`"`, 1), []string{"name: must be at most 128 characters"}},
		{"strategy", strings.Replace(validDoc, `"oauth2"`, `"github"`, 1), []string{`strategy: must be "oauth2"`}},
		{"display name", strings.Replace(validDoc, `"strategy"`, `"display_name": "`+long(129)+`", "strategy"`, 1), []string{"display_name: must be at most 128"}},
		{"realms", strings.Replace(validDoc, `"strategy"`, `"realms": ["1","2","3","4","5","6","7","8","9","10","11"], "strategy"`, 1), []string{"realms: must have at most 10 items"}},
		{"metadata", strings.Replace(validDoc, `"strategy"`, `"metadata": {"a":"`+long(256)+`","b":null}, "strategy"`, 1), []string{"metadata.a: must be at most 255"}},
		{"metadata keys", strings.Replace(validDoc, `"strategy"`, `"metadata": {"1":"","2":"","3":"","4":"","5":"","6":"","7":"","8":"","9":"","10":"","11":""}, "strategy"`, 1), []string{"metadata: must have at most 10 keys"}},
		{"authentication shape", strings.Replace(validDoc, `"strategy"`, `"authentication": {"active": "yes", "x": 1}, "connected_accounts": {}, "strategy"`, 1), []string{"authentication.active: must be a boolean", "authentication.x: unknown key", "connected_accounts.active: required"}},
		{"missing required", `{"name":"a","strategy":"oauth2","options":{}}`, []string{"options.authorizationURL: required", "options.tokenURL: required", "options.client_id: required"}},
		{"case hint", `{"name":"a","strategy":"oauth2","options":{"authorizationURL":"https://x.example/a","tokenUrl":"https://x.example/t","client_id":"c"}}`, []string{`options.tokenURL: required (found tokenUrl: keys are case-sensitive)`}},
		{"http not loopback", strings.Replace(validDoc, "https://idp.example/token", "http://idp.example/token", 1), []string{"options.tokenURL: must use https (http is allowed only for loopback hosts)"}},
		{"lookalike loopback", strings.Replace(validDoc, "https://idp.example/token", "http://localhost.evil.example/token", 1), []string{"options.tokenURL: must use https"}},
		{"relative", strings.Replace(validDoc, "https://idp.example/token", "/token/relative", 1), []string{"options.tokenURL: must be an absolute https URL"}},
		{"too short", strings.Replace(validDoc, "https://idp.example/token", "asdf", 1), []string{"options.tokenURL: must be 8 to 255 characters"}},
		{"other scheme", strings.Replace(validDoc, "https://idp.example/token", "javascript://x/%0aalert(1)", 1), []string{"options.tokenURL: must use https"}},
		{"credentials", strings.Replace(validDoc, "https://idp.example/token", "https://u:TOPSECRET-value@idp.example/token", 1), []string{"options.tokenURL: must not contain user credentials"}},
		{"fragment", strings.Replace(validDoc, "https://idp.example/authorize", "https://idp.example/authorize#x", 1), []string{"options.authorizationURL: must not have a fragment"}},
		{"response_mode in query", strings.Replace(validDoc, "https://idp.example/authorize", "https://idp.example/authorize?a=1&response_mode=form_post", 1), []string{"options.authorizationURL: must not carry response_mode"}},
		{"bad query", strings.Replace(validDoc, "https://idp.example/authorize", "https://idp.example/authorize?a=%zz", 1), []string{"options.authorizationURL: its query is not valid URL encoding"}},
		{"token url too long", strings.Replace(validDoc, "https://idp.example/token", "https://idp.example/"+long(240), 1), []string{"options.tokenURL: must be 8 to 255 characters"}},
		{"other urls", withOptions(`"logoutUrl": "http://idp.example/logout", "icon_url": "ftp://x.example/i", "issuer": "https://idp.example/?tenant=1"`), []string{"options.logoutUrl: must use https", "options.icon_url: must use https", "options.issuer: must not have a query"}},
		{"client_id too long", strings.Replace(validDoc, `"cid"`, `"`+long(129)+`"`, 1), []string{"options.client_id: must be at most 128"}},
		{"client_secret too long", strings.Replace(validDoc, `"TOPSECRET-value"`, `"`+long(1025)+`"`, 1), []string{"options.client_secret: must be at most 1024"}},
		{"scope string", strings.Replace(validDoc, `"openid email"`, `"`+long(4097)+`"`, 1), []string{"options.scope: must be at most 4096"}},
		{"scope array", strings.Replace(validDoc, `"openid email"`, `["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21"]`, 1), []string{"options.scope: must have at most 20 items"}},
		{"scope item", strings.Replace(validDoc, `"openid email"`, `["openid","`+long(190)+`"]`, 1), []string{"options.scope[1]: must be at most 189"}},
		{"scripts", withOptions(`"scripts": {"fetchUserProfile": "` + long(51201) + `", "onLogin": "x"}`), []string{"options.scripts.fetchUserProfile: must be at most 51200", "options.scripts.onLogin: unknown script"}},
		{"authParams", withOptions(`"authParams": {"response_mode": "form_post", "State": "x", "": "y", "ok": "", "long": "` + long(257) + `"}`), []string{"options.authParams.response_mode: must not set the protocol parameter response_mode", "options.authParams.State: must not set the protocol parameter state", `options.authParams[""]: parameter name must not be empty`, "options.authParams.ok: value must not be empty", "options.authParams.long: must be at most 256"}},
		{"authParams count", withOptions(`"authParams": {` + entries(31, `"v"`) + `}`), []string{"options.authParams: must have at most 30 entries"}},
		{"authParamsMap", withOptions(`"authParamsMap": {"access_type": "access_type", "x": "state", "y": "connection_scope", "redirect_uri": "login_hint", "z": "` + long(129) + `"}`), []string{"options.authParamsMap.x: must not copy a reserved login parameter", "options.authParamsMap.y: must not copy a reserved", "options.authParamsMap.redirect_uri: must not set the protocol parameter redirect_uri", "options.authParamsMap.z: must be at most 128"}},
		{"authParamsMap count", withOptions(`"authParamsMap": {` + entries(22, `"v"`) + `}`), []string{"options.authParamsMap: must have at most 21 entries"}},
		{"upstream", withOptions(`"upstream_params": {"ok1": {"value": "v"}, "ok2": {"alias": "login_hint"}, "both": {"value": "v", "alias": "prompt"}, "none": {}, "bad": {"alias": "state"}, "extra": {"value": "v", "x": 1}, "nonce": {"value": "n"}}`), []string{`options.upstream_params.both: must have exactly one of "value" and "alias", not both`, `options.upstream_params.none: must have exactly one`, "options.upstream_params.bad.alias: must be one of acr_values, audience", "options.upstream_params.extra.x: unknown key", "options.upstream_params.nonce: must not set the protocol parameter nonce"}},
		{"upstream null value", withOptions(`"upstream_params": {"n": {"value": null}}`), []string{"options.upstream_params.n: must have exactly one"}},
		{"set_user_root_attributes", withOptions(`"set_user_root_attributes": "always"`), []string{"options.set_user_root_attributes: must be one of on_each_login, on_first_login, never_on_login"}},
		{"non_persistent_attrs", withOptions(`"non_persistent_attrs": ["` + long(256) + `"]`), []string{"options.non_persistent_attrs[0]: must be at most 255"}},
		{"fieldsMap", withOptions(`"fieldsMap": {"a": ""}`), []string{"options.fieldsMap.a: value must not be empty"}},
		{"customHeaders", withOptions(`"customHeaders": {"Host": "x", "content-type": "x", "Transfer-Encoding": "x", "Content-Length": "1", "Bad Name": "x", "X-Split": "a\r\nInjected: TOPSECRET-value", "X-Nul": "a\u0000b", "X-Empty": "", "x-dup": "1", "X-Dup": "2", "Authorization": "Basic TOPSECRET-value"}`), []string{"options.customHeaders.Host: header is set by the HTTP client", "options.customHeaders.content-type: header is set", "options.customHeaders.Transfer-Encoding: header is set", "options.customHeaders.Content-Length: header is set", `options.customHeaders["Bad Name"]: header name must be an HTTP token`, "options.customHeaders.X-Split: value must not contain CR or LF", "options.customHeaders.X-Nul: value must not contain control characters", "options.customHeaders.X-Empty: value must not be empty", "options.customHeaders.x-dup: duplicates header X-Dup"}},
		{"customHeaders value length", withOptions(`"customHeaders": {"X": "` + long(1025) + `"}`), []string{"options.customHeaders.X: must be at most 1024"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Decode([]byte(tt.doc))
			require.NoError(t, err)
			err = c.Validate()
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				_, err = Load([]byte(tt.doc))
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve))
			msg := err.Error()
			for _, want := range tt.wantErr {
				assert.Contains(t, msg, "connection: "+want)
			}
			assert.Len(t, ve.Errors, len(tt.wantErr), "every problem reported exactly once:\n%s", msg)
			assert.Len(t, strings.Split(msg, "\n"), len(ve.Errors), "one line per problem")
			assert.NotContains(t, msg, "TOPSECRET", "no secret in errors")

			_, loadErr := Load([]byte(tt.doc))
			assert.Equal(t, err.Error(), loadErr.Error())
		})
	}
}

func entries(n int, v string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d": %s`, i, v)
	}
	return strings.Join(parts, ",")
}

func TestValidationError_As(t *testing.T) {
	c, err := Decode([]byte(`{"name":"a","strategy":"oauth2","options":{"authorizationURL":"https://a.example/x","tokenURL":"http://t.example/x"}}`))
	require.NoError(t, err)
	err = c.Validate()
	var fe FieldError
	require.True(t, errors.As(err, &fe), "errors.As finds a FieldError through Unwrap")
	assert.Equal(t, "options.tokenURL", fe.Path)
	assert.Equal(t, "connection: options.tokenURL: must use https (http is allowed only for loopback hosts)\nconnection: options.client_id: required", err.Error())
}

func TestValidate_NoSecretsInErrors(t *testing.T) {
	// Secrets wherever a user might put one: client_secret (too long), the
	// token URL's query, a header value, an authParams value.
	secret := "s3cr3t-" + strings.Repeat("x", 1100)
	doc := fmt.Sprintf(`{"name":"a","strategy":"oauth2","options":{
	  "authorizationURL":"http://idp.example/a?client_secret=%[1]s",
	  "tokenURL":"http://idp.example/t?client_secret=%[1]s",
	  "client_id":"c","client_secret":"%[1]s",
	  "customHeaders":{"Authorization":"%[1]s\n"},
	  "authParams":{"state":"%[1]s"}}}`, secret)
	c, err := Decode([]byte(doc))
	require.NoError(t, err)
	err = c.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.GreaterOrEqual(t, len(err.(*ValidationError).Errors), 5)
}

var pathInMessage = regexp.MustCompile(`^connection: (name|display_name|strategy|realms|metadata|authentication|connected_accounts|options)[.\[:]`)

func TestValidate_Recipes(t *testing.T) {
	valid, invalid := 0, 0
	reasons := map[string]int{}
	for _, r := range corpus.Recipes(t) {
		c, err := Load(r.JSON)
		if err == nil {
			require.NotNil(t, c)
			valid++
			continue
		}
		invalid++
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "%s: %v", r.Name, err)
		for _, line := range strings.Split(err.Error(), "\n") {
			assert.Regexp(t, pathInMessage, line, r.Name)
		}
		for _, fe := range ve.Errors {
			reasons[fe.Path+": "+fe.Reason]++
		}
	}
	t.Logf("recipes: %d valid, %d rejected", valid, invalid)
	for r, n := range reasons {
		t.Logf("%4d × %s", n, r)
	}
	assert.Equal(t, len(corpus.Recipes(t)), valid+invalid)
	// Every recipe omits client_id (the recipes are templates), so none loads
	// unchanged; with a client id added, the well-formed ones must.
	assert.Zero(t, valid)
}

func TestValidate_RecipesWithClientID(t *testing.T) {
	valid := 0
	for _, r := range corpus.Recipes(t) {
		c, err := Decode(r.JSON)
		require.NoError(t, err)
		c.Options.ClientID = "client"
		if c.Validate() == nil {
			valid++
			_, err := c.AuthorizeURL(AuthRequest{RedirectURI: "https://tenant.example/login/callback", State: "st"})
			assert.NoError(t, err, r.Name)
		}
	}
	t.Logf("recipes valid once a client_id is set: %d of %d", valid, len(corpus.Recipes(t)))
	assert.Greater(t, valid, 100)
}
