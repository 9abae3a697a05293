package profile

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAccess  = "at-SECRET-0b7c1d"
	testRefresh = "rt-SECRET-9f2e4a"
)

var testTokens = Tokens{AccessToken: testAccess, RefreshToken: testRefresh, ExpiresIn: 3600}

// decode parses JSON the way the connection package is expected to: numbers
// as json.Number.
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// decodeFloat parses JSON with encoding/json's default float64 numbers.
func decodeFloat(t testing.TB, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestNormalizeUserID(t *testing.T) {
	tests := []struct {
		name    string
		raw     any
		wantID  string // provider id part
		wantErr string
		noID    bool // error wraps ErrNoUserID
	}{
		{name: "string", raw: decode(t, `{"user_id":"abc"}`), wantID: "abc"},
		{name: "string with pipe and colon kept", raw: decode(t, `{"user_id":"http://x.org/users|7"}`), wantID: "http://x.org/users|7"},
		{name: "json.Number integer", raw: decode(t, `{"user_id":12345}`), wantID: "12345"},
		{name: "json.Number beyond uint64 exact", raw: decode(t, `{"user_id":12345678901234567890}`), wantID: "12345678901234567890"},
		{name: "json.Number exponent expanded", raw: decode(t, `{"user_id":1e21}`), wantID: "1000000000000000000000"},
		{name: "json.Number fraction", raw: decode(t, `{"user_id":1.50}`), wantID: "1.5"},
		{name: "json.Number whole fraction", raw: decode(t, `{"user_id":7.0}`), wantID: "7"},
		{name: "json.Number small exponent", raw: decode(t, `{"user_id":25e-1}`), wantID: "2.5"},
		{name: "json.Number negative zero", raw: decode(t, `{"user_id":-0}`), wantID: "0"},
		{name: "float64 integer", raw: decodeFloat(t, `{"user_id":583231}`), wantID: "583231"},
		{name: "float64 1e21 has no exponent", raw: decodeFloat(t, `{"user_id":1e21}`), wantID: "1000000000000000000000"},
		{name: "float64 loses digits of 12345678901234567890", raw: decodeFloat(t, `{"user_id":12345678901234567890}`), wantID: "12345678901234567000"},
		{name: "int64 max exact", raw: map[string]any{"user_id": int64(math.MaxInt64)}, wantID: "9223372036854775807"},
		{name: "uint64 max exact", raw: map[string]any{"user_id": uint64(math.MaxUint64)}, wantID: "18446744073709551615"},
		{name: "int", raw: map[string]any{"user_id": 42}, wantID: "42"},
		{name: "id when user_id absent", raw: decode(t, `{"id":99}`), wantID: "99"},
		{name: "id when user_id null", raw: decode(t, `{"user_id":null,"id":"x"}`), wantID: "x"},
		{name: "id when user_id empty", raw: decode(t, `{"user_id":"","id":"x"}`), wantID: "x"},
		{name: "user_id wins over id", raw: decode(t, `{"user_id":"u","id":"i"}`), wantID: "u"},
		{name: "raw JSON message", raw: json.RawMessage(`{"user_id":12345678901234567890}`), wantID: "12345678901234567890"},
		{name: "missing", raw: decode(t, `{"email":"a@b.c"}`), noID: true,
			wantErr: `profile: connection "github": the profile has no user_id (nor id)`},
		{name: "empty object", raw: map[string]any{}, noID: true},
		{name: "nil profile", raw: nil, noID: true},
		{name: "null both", raw: decode(t, `{"user_id":null,"id":null}`), noID: true},
		{name: "empty both", raw: decode(t, `{"user_id":"","id":""}`), noID: true},
		{name: "object", raw: decode(t, `{"user_id":{"v":1}}`), wantErr: `profile: connection "github": user_id: must be a string or a number, got object`},
		{name: "array", raw: decode(t, `{"user_id":[1]}`), wantErr: "user_id: must be a string or a number, got array"},
		{name: "bool", raw: decode(t, `{"user_id":true}`), wantErr: "user_id: must be a string or a number, got boolean"},
		{name: "bad id type does not fall back", raw: decode(t, `{"user_id":false,"id":"x"}`), wantErr: "user_id: must be a string or a number"},
		{name: "id object", raw: decode(t, `{"id":{}}`), wantErr: "id: must be a string or a number, got object"},
		{name: "blank", raw: decode(t, `{"user_id":"   "}`), wantErr: "user_id: must not be blank"},
		{name: "control character", raw: decode(t, `{"user_id":"a\nb"}`), wantErr: "user_id: must not contain control characters"},
		{name: "too long", raw: map[string]any{"user_id": strings.Repeat("x", 1025)}, wantErr: "user_id: longer than 1024 bytes"},
		{name: "exponent out of range", raw: decode(t, `{"user_id":1e999}`), wantErr: "user_id: number out of range"},
		{name: "NaN has no JSON form", raw: map[string]any{"user_id": math.NaN()}, noID: true},
		{name: "not an object", raw: decode(t, `[1,2]`), wantErr: "the profile must be an object, got array"},
		{name: "string profile", raw: "user", wantErr: "the profile must be an object, got string"},
		{name: "invalid raw JSON", raw: json.RawMessage(`{"user_id":`), wantErr: "the profile is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Normalize(tt.raw, testTokens, Options{Connection: "github"})
			if tt.wantErr != "" || tt.noID {
				require.Error(t, err)
				assert.Nil(t, u)
				if tt.wantErr != "" {
					assert.Contains(t, err.Error(), tt.wantErr)
				}
				assert.True(t, strings.HasPrefix(err.Error(), `profile: connection "github": `), err.Error())
				assert.Equal(t, tt.noID, errors.Is(err, ErrNoUserID))
				var pe *Error
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, "github", pe.Connection)
				assert.NotContains(t, err.Error(), testAccess)
				assert.NotContains(t, err.Error(), testRefresh)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "oauth2|github|"+tt.wantID, u.UserID)
			require.Len(t, u.Identities, 1)
			assert.Equal(t, "github|"+tt.wantID, u.Identities[0].UserID)
			assert.NotContains(t, u.Attributes, "user_id")
		})
	}
}

func TestNormalizeIDConsumed(t *testing.T) {
	u, err := Normalize(decode(t, `{"id":5,"login":"octo"}`), Tokens{}, Options{Connection: "gh"})
	require.NoError(t, err)
	assert.NotContains(t, u.Attributes, "id", "an id used as user_id is consumed")

	u, err = Normalize(decode(t, `{"user_id":"u","id":5}`), Tokens{}, Options{Connection: "gh"})
	require.NoError(t, err)
	assert.Equal(t, json.Number("5"), u.Attributes["id"], "an id beside user_id is an ordinary attribute")
}

func TestNormalizeRequiresConnection(t *testing.T) {
	_, err := Normalize(decode(t, `{"user_id":"1"}`), Tokens{}, Options{})
	require.EqualError(t, err, "profile: options.Connection: required")
}

func TestNormalizeIdentityAndTokens(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		tok         Tokens
		wantAccess  string
		wantRefresh string
		wantExpires int64
	}{
		{name: "token endpoint values", raw: `{"user_id":"1"}`, tok: testTokens,
			wantAccess: testAccess, wantRefresh: testRefresh, wantExpires: 3600},
		{name: "token endpoint wins over script", raw: `{"user_id":"1","access_token":"script-at","refresh_token":"script-rt"}`, tok: testTokens,
			wantAccess: testAccess, wantRefresh: testRefresh, wantExpires: 3600},
		{name: "script fills missing refresh token", raw: `{"user_id":"1","refresh_token":"script-rt"}`, tok: Tokens{AccessToken: testAccess},
			wantAccess: testAccess, wantRefresh: "script-rt"},
		{name: "script fills both when endpoint gave none", raw: `{"user_id":"1","access_token":"script-at","refresh_token":"script-rt"}`,
			wantAccess: "script-at", wantRefresh: "script-rt"},
		{name: "non-string script token ignored", raw: `{"user_id":"1","access_token":{"x":1}}`, tok: Tokens{AccessToken: testAccess},
			wantAccess: testAccess},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Normalize(decode(t, tt.raw), tt.tok, Options{Connection: "acme"})
			require.NoError(t, err)
			require.Len(t, u.Identities, 1)
			assert.Equal(t, Identity{
				Provider: "oauth2", Connection: "acme", UserID: "acme|1", IsSocial: true,
				AccessToken: tt.wantAccess, RefreshToken: tt.wantRefresh, ExpiresIn: tt.wantExpires,
			}, u.Identities[0])
			assert.NotContains(t, u.Attributes, "access_token")
			assert.NotContains(t, u.Attributes, "refresh_token")
		})
	}
}

func TestNormalizeStringAttributes(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		get      func(*User) string
		want     string
		wantWarn string
	}{
		{name: "string kept", raw: `{"given_name":"Ada"}`, get: func(u *User) string { return u.GivenName }, want: "Ada"},
		{name: "number to decimal string", raw: `{"phone_number":14155550100}`, get: func(u *User) string { return u.PhoneNumber }, want: "14155550100"},
		{name: "exponent number expanded", raw: `{"username":1e3}`, get: func(u *User) string { return u.Username }, want: "1000"},
		{name: "bool to string", raw: `{"locale":true}`, get: func(u *User) string { return u.Locale }, want: "true"},
		{name: "null absent", raw: `{"family_name":null}`, get: func(u *User) string { return u.FamilyName }, want: ""},
		{name: "object dropped with warning", raw: `{"family_name":{"x":1}}`, get: func(u *User) string { return u.FamilyName }, want: "", wantWarn: "family_name"},
		{name: "array dropped with warning", raw: `{"picture":["a"]}`, get: func(u *User) string { return u.Picture }, want: "", wantWarn: "picture"},
		{name: "huge exponent dropped with warning", raw: `{"locale":1e500}`, get: func(u *User) string { return u.Locale }, want: "", wantWarn: "locale"},
		{name: "email case preserved", raw: `{"email":"Ada.Lovelace@Example.COM"}`, get: func(u *User) string { return u.Email }, want: "Ada.Lovelace@Example.COM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			raw := decode(t, tt.raw).(map[string]any)
			raw["user_id"] = "1"
			u, err := Normalize(raw, Tokens{}, Options{Connection: "c", Logger: slog.New(slog.NewTextHandler(&logs, nil)), DisableGravatar: true})
			require.NoError(t, err)
			assert.Equal(t, tt.want, tt.get(u))
			if tt.wantWarn != "" {
				assert.Contains(t, logs.String(), "attribute="+tt.wantWarn)
				assert.Contains(t, logs.String(), "level=WARN")
			} else {
				assert.Empty(t, logs.String())
			}
			for k := range u.Attributes {
				assert.False(t, typedKeys[k], "typed key %q left in Attributes", k)
			}
		})
	}
}

func TestNormalizeBooleans(t *testing.T) {
	tests := []struct {
		name     string
		value    string
		want     bool
		wantWarn bool
	}{
		{name: "true", value: `true`, want: true},
		{name: "false", value: `false`, want: false},
		{name: "string true any case", value: `"TRUE"`, want: true},
		{name: "string false any case", value: `"False"`, want: false},
		{name: "string padded", value: `" true "`, want: true},
		{name: "string 1", value: `"1"`, want: true},
		{name: "string 0", value: `"0"`, want: false},
		{name: "number 1", value: `1`, want: true},
		{name: "number 1.0", value: `1.0`, want: true},
		{name: "number 0", value: `0`, want: false},
		{name: "null", value: `null`, want: false},
		{name: "other string", value: `"yes"`, want: false, wantWarn: true},
		{name: "number 2", value: `2`, want: false, wantWarn: true},
		{name: "object", value: `{"v":true}`, want: false, wantWarn: true},
	}
	for _, tt := range tests {
		for _, key := range []string{"email_verified", "phone_verified"} {
			t.Run(tt.name+"/"+key, func(t *testing.T) {
				var logs bytes.Buffer
				u, err := Normalize(decode(t, `{"user_id":"1","`+key+`":`+tt.value+`}`), Tokens{},
					Options{Connection: "c", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
				require.NoError(t, err)
				got := u.EmailVerified
				if key == "phone_verified" {
					got = u.PhoneVerified
				}
				assert.Equal(t, tt.want, got)
				assert.Equal(t, tt.wantWarn, strings.Contains(logs.String(), "attribute="+key), logs.String())
				assert.NotContains(t, u.Attributes, key)
			})
		}
	}
	u, err := Normalize(decode(t, `{"user_id":"1","email":"a@b.c"}`), Tokens{}, Options{Connection: "c"})
	require.NoError(t, err)
	assert.False(t, u.EmailVerified, "email_verified defaults to false")
}

func TestNormalizeDefaults(t *testing.T) {
	tests := []struct {
		name                   string
		raw                    string
		disableGravatar        bool
		wantName, wantNickname string
		wantPicture            string
	}{
		{name: "all from email", raw: `{"user_id":"7","email":"jdoe@example.com"}`,
			wantName: "jdoe@example.com", wantNickname: "jdoe",
			wantPicture: "https://s.gravatar.com/avatar/" + md5hex("jdoe@example.com") + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png"},
		{name: "gravatar hash trims and lower-cases, email kept", raw: `{"user_id":"7","email":" JDoe@Example.com "}`,
			wantName: " JDoe@Example.com ", wantNickname: " JDoe",
			wantPicture: "https://s.gravatar.com/avatar/" + md5hex("jdoe@example.com") + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png"},
		{name: "script values win", raw: `{"user_id":"7","email":"jdoe@example.com","name":"Jane Doe","nickname":"jane","picture":"https://img/x.png"}`,
			wantName: "Jane Doe", wantNickname: "jane", wantPicture: "https://img/x.png"},
		{name: "initials from a two-word name", raw: `{"user_id":"7","email":"x@example.com","name":"Daniel Geslin"}`,
			wantName: "Daniel Geslin", wantNickname: "x",
			wantPicture: "https://s.gravatar.com/avatar/" + md5hex("x@example.com") + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fdg.png"},
		{name: "empty strings mean absent", raw: `{"user_id":"7","email":"jdoe@example.com","name":"","nickname":""}`,
			wantName: "jdoe@example.com", wantNickname: "jdoe",
			wantPicture: "https://s.gravatar.com/avatar/" + md5hex("jdoe@example.com") + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png"},
		{name: "gravatar disabled", raw: `{"user_id":"7","email":"jdoe@example.com"}`, disableGravatar: true,
			wantName: "jdoe@example.com", wantNickname: "jdoe"},
		{name: "local part before last at", raw: `{"user_id":"7","email":"\"a@b\"@example.com"}`, disableGravatar: true,
			wantName: `"a@b"@example.com`, wantNickname: `"a@b"`},
		{name: "no email: username", raw: `{"user_id":"7","username":"octocat"}`,
			wantName: "octocat", wantNickname: "octocat"},
		{name: "no email: given and family", raw: `{"user_id":"7","given_name":"Ada","family_name":"Lovelace","username":"ada"}`,
			wantName: "Ada Lovelace", wantNickname: "ada"},
		{name: "no email: given only", raw: `{"user_id":"7","given_name":"Ada"}`,
			wantName: "Ada", wantNickname: "7"},
		{name: "no email: provider id", raw: `{"user_id":583231}`,
			wantName: "583231", wantNickname: "583231"},
		{name: "no email: nickname given", raw: `{"user_id":"7","nickname":"nick"}`,
			wantName: "nick", wantNickname: "nick"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Normalize(decode(t, tt.raw), Tokens{}, Options{Connection: "c", DisableGravatar: tt.disableGravatar})
			require.NoError(t, err)
			assert.Equal(t, tt.wantName, u.Name)
			assert.Equal(t, tt.wantNickname, u.Nickname)
			assert.Equal(t, tt.wantPicture, u.Picture)
		})
	}
}

func TestNormalizeMetadata(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		wantUser   map[string]any
		wantApp    map[string]any
		wantWarned []string
	}{
		{name: "objects kept", raw: `{"user_metadata":{"theme":"dark","n":1},"app_metadata":{"plan":"pro"}}`,
			wantUser: map[string]any{"theme": "dark", "n": json.Number("1")}, wantApp: map[string]any{"plan": "pro"}},
		{name: "null values kept for merge", raw: `{"user_metadata":{"old":null}}`,
			wantUser: map[string]any{"old": nil}},
		{name: "empty object kept", raw: `{"app_metadata":{}}`, wantApp: map[string]any{}},
		{name: "null is absent", raw: `{"user_metadata":null}`},
		{name: "string dropped", raw: `{"user_metadata":"x","app_metadata":[1]}`, wantWarned: []string{"user_metadata", "app_metadata"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			raw := decode(t, tt.raw).(map[string]any)
			raw["user_id"] = "1"
			u, err := Normalize(raw, Tokens{}, Options{Connection: "c", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			require.NoError(t, err)
			assert.Equal(t, tt.wantUser, u.UserMetadata)
			assert.Equal(t, tt.wantApp, u.AppMetadata)
			for _, k := range tt.wantWarned {
				assert.Contains(t, logs.String(), "attribute="+k)
			}
			assert.NotContains(t, u.Attributes, "user_metadata")
			assert.NotContains(t, u.Attributes, "app_metadata")
		})
	}
}

func TestNormalizeReservedKeysDropped(t *testing.T) {
	raw := map[string]any{"user_id": "1", "custom": "kept"}
	for _, k := range ReservedKeys() {
		raw[k] = "value-of-" + k
	}
	var logs bytes.Buffer
	u, err := Normalize(raw, Tokens{}, Options{Connection: "c", Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"custom": "kept"}, u.Attributes)
	require.Len(t, u.Identities, 1, "a script cannot replace identities")
	for _, k := range ReservedKeys() {
		assert.Contains(t, logs.String(), `"attribute":"`+k+`"`)
		assert.NotContains(t, logs.String(), "value-of-"+k, "warnings never echo values")
	}
	assert.Contains(t, ReservedKeys(), "identities")
	assert.Contains(t, ReservedKeys(), "logins_count")
}

func TestNormalizeAttributesCanonical(t *testing.T) {
	type custom struct {
		A int `json:"a"`
	}
	raw := map[string]any{
		"user_id":    "1",
		"f64":        1.5,
		"big":        1e21,
		"i":          int32(-3),
		"u":          uint16(8),
		"nested":     map[string]any{"list": []any{1.0, "x", nil, func() {}, math.Inf(1)}},
		"typed":      custom{A: 2},
		"strs":       []string{"a", "b"},
		"fn":         func() {},
		"nan":        math.NaN(),
		"bad\xffkey": "bad\xffvalue",
		"nilmap":     map[string]string(nil),
	}
	u, err := Normalize(raw, Tokens{}, Options{Connection: "c"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"f64":          json.Number("1.5"),
		"big":          json.Number("1e+21"),
		"i":            json.Number("-3"),
		"u":            json.Number("8"),
		"nested":       map[string]any{"list": []any{json.Number("1"), "x", nil, nil, nil}},
		"typed":        map[string]any{"a": json.Number("2")},
		"strs":         []any{"a", "b"},
		"bad\uFFFDkey": "bad\uFFFDvalue",
		"nilmap":       nil,
	}, u.Attributes)
}

func TestNormalizeBounds(t *testing.T) {
	deep := `{"user_id":"1","x":` + strings.Repeat(`[`, MaxDepth) + strings.Repeat(`]`, MaxDepth) + `}`
	_, err := Normalize(decode(t, deep), Tokens{}, Options{Connection: "c"})
	require.ErrorContains(t, err, `profile: connection "c": the profile nests deeper than 64 levels`)

	ok := `{"user_id":"1","x":` + strings.Repeat(`[`, MaxDepth-2) + strings.Repeat(`]`, MaxDepth-2) + `}`
	_, err = Normalize(decode(t, ok), Tokens{}, Options{Connection: "c"})
	require.NoError(t, err)

	wide := make([]any, MaxValues)
	_, err = Normalize(map[string]any{"user_id": "1", "x": wide}, Tokens{}, Options{Connection: "c"})
	require.ErrorContains(t, err, "the profile holds more than 100000 values")

	// A Go map that contains itself twice would take exponential time
	// without the bounds.
	cyclic := map[string]any{"user_id": "1"}
	cyclic["a"] = cyclic
	cyclic["b"] = cyclic
	_, err = Normalize(cyclic, Tokens{}, Options{Connection: "c"})
	require.Error(t, err)
}

func TestNormalizeDoesNotModifyInput(t *testing.T) {
	raw := decode(t, `{"user_id":"1","email":"a@b.c","access_token":"x","created_at":"y","m":{"k":1}}`)
	before, err := json.Marshal(raw)
	require.NoError(t, err)
	u, err := Normalize(raw, testTokens, Options{Connection: "c"})
	require.NoError(t, err)
	after, err := json.Marshal(raw)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after))
	u.Attributes["m"].(map[string]any)["k"] = "changed"
	assert.Equal(t, json.Number("1"), raw.(map[string]any)["m"].(map[string]any)["k"], "the user shares no map with the input")
}

func TestDecimalString(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "0", want: "0"}, {in: "-12", want: "-12"}, {in: "1E2", want: "100"},
		{in: "1e+2", want: "100"}, {in: "1.25e1", want: "12.5"}, {in: "-1.5e-3", want: "-0.0015"},
		{in: "0.1", want: "0.1"}, {in: "1e400", want: "1" + strings.Repeat("0", 400)},
		{in: "1e401", wantErr: true}, {in: "1e-401", wantErr: true},
		{in: "1e99999999999999999999", wantErr: true}, {in: "abc", wantErr: true}, {in: "01", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := decimalString(json.Number(tt.in))
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestGravatarURL(t *testing.T) {
	// Hash and form as seen on real Auth0 users.
	assert.Equal(t,
		"https://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjo.png",
		GravatarURL("john@example.com", "john@example.com"))
	tests := []struct{ name, want string }{
		{"Daniel Geslin", "dg"}, {"bzs6+testacct@njit.edu", "bz"}, {"Mary Ann van Dyke", "md"},
		{"o'brien", "ob"}, {"X", ""}, {"", ""}, {"Élodie Durand", "ld"}, {"李 小龍", ""}, {"- Ada", "ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, ok := initials(tt.name)
			got := ""
			if ok {
				got = string(in[:])
			}
			assert.Equal(t, tt.want, got)
			if tt.want == "" {
				assert.True(t, strings.HasSuffix(GravatarURL("a@b.c", tt.name), "&d=404"))
			}
		})
	}
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestNormalizeGoNumberKinds(t *testing.T) {
	raw := map[string]any{
		"user_id": int8(-8),
		"a":       int16(16), "b": uint(7), "c": uint8(8), "d": uint32(32), "e": int64(-64),
		"f": float32(0.1),
		"g": json.Number("abc"), // not a number literal: kept as a string
		"h": complex(1, 2),      // no JSON form: dropped
		"i": (*int)(nil),
	}
	u, err := Normalize(raw, Tokens{}, Options{Connection: "c"})
	require.NoError(t, err)
	assert.Equal(t, "oauth2|c|-8", u.UserID)
	assert.Equal(t, map[string]any{
		"a": json.Number("16"), "b": json.Number("7"), "c": json.Number("8"), "d": json.Number("32"),
		"e": json.Number("-64"), "f": json.Number("0.1"), "g": "abc", "i": nil,
	}, u.Attributes)
}

func TestNormalizeEmailWithoutAt(t *testing.T) {
	u, err := Normalize(decode(t, `{"user_id":"1","email":"not-an-email"}`), Tokens{}, Options{Connection: "c", DisableGravatar: true})
	require.NoError(t, err)
	assert.Equal(t, "not-an-email", u.Nickname, "Normalize does not validate emails")
	assert.Equal(t, "not-an-email", u.Name)
}
