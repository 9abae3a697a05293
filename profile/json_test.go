package profile

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.out.json from the current output")

// goldenTokens are the token-endpoint values every golden case uses.
var goldenTokens = Tokens{AccessToken: "golden-access-token", RefreshToken: "golden-refresh-token", ExpiresIn: 28800}

// TestGolden normalises each testdata/golden/<case>.in.json for a connection
// named after the case and compares the user's JSON with <case>.out.json.
// Run with -update to rewrite the expected files after a deliberate change.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.in.json"))
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			require.NoError(t, err)
			u, err := Normalize(json.RawMessage(raw), goldenTokens, Options{Connection: name})
			require.NoError(t, err)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(u))
			got := buf.Bytes()

			out := filepath.Join("testdata", "golden", name+".out.json")
			if *update {
				require.NoError(t, os.WriteFile(out, got, 0o644))
			}
			want, err := os.ReadFile(out)
			require.NoError(t, err, "run go test ./profile -run TestGolden -update")
			assert.Equal(t, string(want), string(got))

			var back User
			require.NoError(t, json.Unmarshal(got, &back))
			assert.Equal(t, u, &back, "Unmarshal(Marshal(u)) equals u")
		})
	}
}

func TestMarshalShape(t *testing.T) {
	u, err := Normalize(json.RawMessage(`{"user_id":"4eda","email":"jdoe@example.com","email_verified":true,"fxa_sub":"4eda","acr":"AAL2","amr":["pwd","otp"]}`),
		Tokens{AccessToken: "at", ExpiresIn: 60}, Options{Connection: "firefoxaccounts", DisableGravatar: true})
	require.NoError(t, err)
	b, err := json.Marshal(u)
	require.NoError(t, err)
	// The shape of a real oauth2 user: custom keys at the root, prefixed
	// ids, one social identity.
	assert.JSONEq(t, `{
		"user_id": "oauth2|firefoxaccounts|4eda",
		"email": "jdoe@example.com",
		"email_verified": true,
		"name": "jdoe@example.com",
		"nickname": "jdoe",
		"fxa_sub": "4eda",
		"acr": "AAL2",
		"amr": ["pwd", "otp"],
		"identities": [{
			"provider": "oauth2",
			"connection": "firefoxaccounts",
			"user_id": "firefoxaccounts|4eda",
			"isSocial": true,
			"access_token": "at",
			"expires_in": 60
		}]
	}`, string(b))
}

func TestMarshalTypedFieldsWin(t *testing.T) {
	u := &User{UserID: "oauth2|c|1", Email: "real@example.com", Attributes: map[string]any{"email": "shadow", "user_id": "x", "k": "v"}}
	b, err := json.Marshal(u)
	require.NoError(t, err)
	assert.JSONEq(t, `{"user_id":"oauth2|c|1","email":"real@example.com","email_verified":false,"k":"v"}`, string(b))
}

func TestMarshalVerifiedFlags(t *testing.T) {
	tests := []struct {
		name string
		u    User
		want string
	}{
		{name: "empty user", u: User{}, want: `{}`},
		{name: "verified without email still written", u: User{EmailVerified: true, PhoneVerified: true}, want: `{"email_verified":true,"phone_verified":true}`},
		{name: "phone false written with phone", u: User{PhoneNumber: "+1"}, want: `{"phone_number":"+1","phone_verified":false}`},
		{name: "empty metadata written", u: User{UserMetadata: map[string]any{}}, want: `{"user_metadata":{}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(&tt.u)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(b))
			var back User
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.u, back)
		})
	}
}

func TestMarshalKeepsAmpersand(t *testing.T) {
	u := &User{Picture: "https://x/?a=1&b=<2>"}
	b, err := u.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"picture":"https://x/?a=1&b=<2>"}`, string(b))
}

func TestMarshalError(t *testing.T) {
	u := &User{Attributes: map[string]any{"f": func() {}}}
	_, err := json.Marshal(u)
	require.ErrorContains(t, err, "profile: marshal user")
}

func TestUnmarshalStoredUser(t *testing.T) {
	// A user as the Management API returns it, numeric identity id included.
	const stored = `{
		"user_id": "oauth2|gh|583231",
		"email": "octocat@example.com",
		"email_verified": true,
		"name": null,
		"created_at": "2024-09-11T16:21:54.290Z",
		"logins_count": 4,
		"identities": [{"provider":"oauth2","connection":"gh","user_id":"gh|583231","isSocial":true,"access_token":"t"},
		               {"provider":"github","connection":"github","user_id":583231,"isSocial":true,"profileData":{"followers":20}}],
		"app_metadata": {"n": 1.0}
	}`
	var u User
	require.NoError(t, json.Unmarshal([]byte(stored), &u))
	assert.Equal(t, User{
		UserID:        "oauth2|gh|583231",
		Email:         "octocat@example.com",
		EmailVerified: true,
		Identities: []Identity{
			{Provider: "oauth2", Connection: "gh", UserID: "gh|583231", IsSocial: true, AccessToken: "t"},
			{Provider: "github", Connection: "github", UserID: "583231", IsSocial: true, ProfileData: map[string]any{"followers": json.Number("20")}},
		},
		AppMetadata: map[string]any{"n": json.Number("1.0")},
		Attributes:  map[string]any{"created_at": "2024-09-11T16:21:54.290Z", "logins_count": json.Number("4")},
	}, u)
}

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{name: "not JSON", in: `{`, wantErr: "profile: user JSON: "},
		{name: "not an object", in: `[1]`, wantErr: "profile: user JSON: "},
		{name: "null", in: `null`, wantErr: "profile: user JSON: not an object"},
		{name: "typed string", in: `{"email":1}`, wantErr: "profile: user JSON: email: want a string"},
		{name: "typed bool", in: `{"email_verified":"true"}`, wantErr: "profile: user JSON: email_verified: want a boolean"},
		{name: "metadata", in: `{"user_metadata":[1]}`, wantErr: "profile: user JSON: user_metadata: want an object"},
		{name: "identities", in: `{"identities":{}}`, wantErr: "profile: user JSON: identities: "},
		{name: "identity user_id", in: `{"identities":[{"user_id":true}]}`, wantErr: "identities: user_id: want a string, got boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := User{UserID: "kept"}
			err := u.UnmarshalJSON([]byte(tt.in))
			require.ErrorContains(t, err, tt.wantErr)
			assert.Equal(t, "kept", u.UserID, "a failed decode leaves the user unchanged")
		})
	}
}

func TestClone(t *testing.T) {
	assert.Nil(t, (*User)(nil).Clone())
	u := &User{UserID: "x", Attributes: map[string]any{"l": []any{map[string]any{"k": "v"}}}, Identities: []Identity{{ProfileData: map[string]any{"a": "b"}}}}
	c := u.Clone()
	require.Equal(t, u, c)
	c.Attributes["l"].([]any)[0].(map[string]any)["k"] = "changed"
	c.Identities[0].ProfileData["a"] = "changed"
	assert.Equal(t, "v", u.Attributes["l"].([]any)[0].(map[string]any)["k"])
	assert.Equal(t, "b", u.Identities[0].ProfileData["a"])
}

func TestGoldenInputsHaveOutputs(t *testing.T) {
	outs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.out.json"))
	require.NoError(t, err)
	for _, out := range outs {
		in := strings.TrimSuffix(out, ".out.json") + ".in.json"
		_, err := os.Stat(in)
		assert.NoError(t, err, "stale golden file %s", out)
	}
}
