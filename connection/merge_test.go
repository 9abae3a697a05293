package connection

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/socialconn/socialconn/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeOptions(t *testing.T) {
	base := `{"name":"a","options":{
	  "authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t",
	  "client_id":"cid","client_secret":"s","pkce_enabled":false,
	  "scripts":{"fetchUserProfile":"f","getLogoutUrl":"g"},
	  "authParams":{"a":"1","b":"2"},
	  "upstream_params":{"p":{"alias":"prompt"}},
	  "future_key":{"n":12345678901234567890,"list":[1,2]}}}`
	tests := []struct {
		name    string
		patch   string
		want    string // full options, JSON-equal
		wantErr string
	}{
		{"empty patch keeps everything", `{}`, `{
		  "authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t",
		  "client_id":"cid","client_secret":"s","pkce_enabled":false,
		  "scripts":{"fetchUserProfile":"f","getLogoutUrl":"g"},
		  "authParams":{"a":"1","b":"2"},"upstream_params":{"p":{"alias":"prompt"}},
		  "future_key":{"n":12345678901234567890,"list":[1,2]}}`, ""},
		{"change one script, keep the other and unknown keys", `{"scripts":{"getLogoutUrl":"g2"},"client_secret":"s2"}`, `{
		  "authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t",
		  "client_id":"cid","client_secret":"s2","pkce_enabled":false,
		  "scripts":{"fetchUserProfile":"f","getLogoutUrl":"g2"},
		  "authParams":{"a":"1","b":"2"},"upstream_params":{"p":{"alias":"prompt"}},
		  "future_key":{"n":12345678901234567890,"list":[1,2]}}`, ""},
		{"null deletes, nested merge, arrays replace", `{"pkce_enabled":null,"authParams":{"a":null,"c":"3"},"future_key":{"list":[3]},"scripts":{"getLogoutUrl":null},"logoutUrl":"https://idp.example/logout"}`, `{
		  "authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t",
		  "client_id":"cid","client_secret":"s",
		  "scripts":{"fetchUserProfile":"f"},
		  "authParams":{"b":"2","c":"3"},"upstream_params":{"p":{"alias":"prompt"}},
		  "logoutUrl":"https://idp.example/logout",
		  "future_key":{"n":12345678901234567890,"list":[3]}}`, ""},
		{"replace upstream entry kind", `{"upstream_params":{"p":{"alias":null,"value":"v"}}}`, `{
		  "authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t",
		  "client_id":"cid","client_secret":"s","pkce_enabled":false,
		  "scripts":{"fetchUserProfile":"f","getLogoutUrl":"g"},
		  "authParams":{"a":"1","b":"2"},"upstream_params":{"p":{"value":"v"}},
		  "future_key":{"n":12345678901234567890,"list":[1,2]}}`, ""},
		{"not an object", `["x"]`, "", "options: patch must be a JSON object"},
		{"bad JSON", `{"a":`, "", "invalid JSON"},
		{"wrong type", `{"pkce_enabled":"yes"}`, "", "options.pkce_enabled: must be a boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustDecode(t, base)
			before, err := json.Marshal(c)
			require.NoError(t, err)
			opts, err := c.MergeOptions([]byte(tt.patch))
			if tt.wantErr != "" {
				require.Error(t, err)
				var de *DecodeError
				assert.True(t, errors.As(err, &de))
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			got, err := json.Marshal(opts)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(got))
			after, err := json.Marshal(c)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after), "the connection is not modified")
		})
	}
}

func TestMergeOptions_Recipes(t *testing.T) {
	for _, r := range corpus.Recipes(t) {
		c, err := Decode(r.JSON)
		require.NoError(t, err)
		opts, err := c.MergeOptions([]byte(`{"client_id":"cid","pkce_enabled":true}`))
		require.NoError(t, err, r.Name)
		assert.Equal(t, c.Options.Scripts.FetchUserProfile, opts.Scripts.FetchUserProfile, r.Name)
		assert.Equal(t, c.Options.Scope, opts.Scope, r.Name)
		assert.Equal(t, "cid", opts.ClientID)
		assert.True(t, opts.PKCEEnabled)
	}
}

func TestPatchBody(t *testing.T) {
	c := mustDecode(t, `{"name":"a","display_name":"A Corp","options":{"client_id":"c","scripts":{"fetchUserProfile":"if (a < b) {}"},"x":1}}`)
	body, err := c.PatchBody([]byte(`{"client_id":"d"}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"display_name":"A Corp","options":{"client_id":"d","scripts":{"fetchUserProfile":"if (a < b) {}"},"x":1}}`, string(body))
	assert.Contains(t, string(body), "a < b", "scripts stay readable")

	c.DisplayName = ""
	body, err = c.PatchBody([]byte(`{}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"options":{"client_id":"c","scripts":{"fetchUserProfile":"if (a < b) {}"},"x":1}}`, string(body))
}
