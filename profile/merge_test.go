package profile

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// login normalises a profile for connection "acme".
func login(t *testing.T, profileJSON string, tok Tokens) *User {
	t.Helper()
	u, err := Normalize(json.RawMessage(profileJSON), tok, Options{Connection: "acme", DisableGravatar: true})
	require.NoError(t, err)
	return u
}

func TestMergeFirstLogin(t *testing.T) {
	in := login(t, `{"user_id":"1","name":"Ada","user_metadata":{"a":1,"gone":null},"app_metadata":{"x":null}}`, testTokens)
	for _, policy := range []string{"", OnEachLogin, OnFirstLogin} {
		t.Run("policy="+policy, func(t *testing.T) {
			got, err := Merge(nil, in, Policy{SetUserRootAttributes: policy})
			require.NoError(t, err)
			assert.Equal(t, "Ada", got.Name)
			assert.Equal(t, map[string]any{"a": json.Number("1")}, got.UserMetadata, "null keys are not created")
			assert.Equal(t, map[string]any{}, got.AppMetadata)
			assert.Equal(t, in.Identities, got.Identities)
		})
	}
	t.Run("never_on_login refuses creation", func(t *testing.T) {
		got, err := Merge(nil, in, Policy{SetUserRootAttributes: NeverOnLogin})
		require.ErrorIs(t, err, ErrUserCreationDisabled)
		assert.Nil(t, got)
	})
}

func TestMergeRootAttributePolicies(t *testing.T) {
	stored := login(t, `{"user_id":"1","email":"old@example.com","email_verified":false,"name":"Old Name","given_name":"Old","family_name":"Name","nickname":"old","picture":"https://img/old","locale":"en","team":"blue","stale":"x"}`,
		Tokens{AccessToken: "old-at", RefreshToken: "old-rt", ExpiresIn: 60})
	stored.Attributes["created_at"] = "2024-01-01T00:00:00.000Z"
	stored.Attributes["logins_count"] = json.Number("3")
	stored.Name = "Edited Name" // changed by an administrator after creation

	incoming := login(t, `{"user_id":"1","email":"new@example.com","email_verified":true,"name":"New Name","given_name":"New","family_name":"Person","nickname":"new","picture":"https://img/new","locale":"fr","team":"red"}`,
		Tokens{AccessToken: "new-at", ExpiresIn: 120})

	tests := []struct {
		policy               string
		wantName, wantGiven  string
		wantFamily, wantNick string
		wantPicture          string
	}{
		{policy: OnEachLogin, wantName: "New Name", wantGiven: "New", wantFamily: "Person", wantNick: "new", wantPicture: "https://img/new"},
		{policy: "", wantName: "New Name", wantGiven: "New", wantFamily: "Person", wantNick: "new", wantPicture: "https://img/new"},
		{policy: OnFirstLogin, wantName: "Edited Name", wantGiven: "Old", wantFamily: "Name", wantNick: "old", wantPicture: "https://img/old"},
		{policy: NeverOnLogin, wantName: "Edited Name", wantGiven: "Old", wantFamily: "Name", wantNick: "old", wantPicture: "https://img/old"},
	}
	for _, tt := range tests {
		t.Run("policy="+tt.policy, func(t *testing.T) {
			got, err := Merge(stored, incoming, Policy{SetUserRootAttributes: tt.policy})
			require.NoError(t, err)
			assert.Equal(t, tt.wantName, got.Name)
			assert.Equal(t, tt.wantGiven, got.GivenName)
			assert.Equal(t, tt.wantFamily, got.FamilyName)
			assert.Equal(t, tt.wantNick, got.Nickname)
			assert.Equal(t, tt.wantPicture, got.Picture)
			// Other attributes follow the provider at every login.
			assert.Equal(t, "new@example.com", got.Email)
			assert.True(t, got.EmailVerified)
			assert.Equal(t, "fr", got.Locale)
			assert.Equal(t, map[string]any{
				"team":         "red",
				"created_at":   "2024-01-01T00:00:00.000Z",
				"logins_count": json.Number("3"),
			}, got.Attributes, "custom keys follow the provider; reserved keys are kept from the store")
			// Tokens update; the stored refresh token survives a login
			// without one.
			require.Len(t, got.Identities, 1)
			assert.Equal(t, "new-at", got.Identities[0].AccessToken)
			assert.Equal(t, "old-rt", got.Identities[0].RefreshToken)
			assert.Equal(t, int64(120), got.Identities[0].ExpiresIn)
		})
	}
}

func TestMergeMetadata(t *testing.T) {
	tests := []struct {
		name     string
		stored   string
		incoming string
		wantUser map[string]any
		wantApp  map[string]any
	}{
		{name: "shallow merge, incoming wins per key",
			stored:   `{"user_id":"1","user_metadata":{"theme":"dark","lang":"en","prefs":{"a":1,"b":2}}}`,
			incoming: `{"user_id":"1","user_metadata":{"lang":"fr","prefs":{"c":3}}}`,
			wantUser: map[string]any{"theme": "dark", "lang": "fr", "prefs": map[string]any{"c": json.Number("3")}}},
		{name: "null deletes a key",
			stored:   `{"user_id":"1","app_metadata":{"plan":"pro","trial":true}}`,
			incoming: `{"user_id":"1","app_metadata":{"trial":null}}`,
			wantApp:  map[string]any{"plan": "pro"}},
		{name: "absent keeps stored",
			stored:   `{"user_id":"1","user_metadata":{"k":"v"},"app_metadata":{"r":"admin"}}`,
			incoming: `{"user_id":"1"}`,
			wantUser: map[string]any{"k": "v"}, wantApp: map[string]any{"r": "admin"}},
		{name: "created on a later login",
			stored:   `{"user_id":"1"}`,
			incoming: `{"user_id":"1","user_metadata":{"k":"v","z":null}}`,
			wantUser: map[string]any{"k": "v"}},
		{name: "both absent stays nil",
			stored:   `{"user_id":"1"}`,
			incoming: `{"user_id":"1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(login(t, tt.stored, Tokens{}), login(t, tt.incoming, Tokens{}), Policy{})
			require.NoError(t, err)
			assert.Equal(t, tt.wantUser, got.UserMetadata)
			assert.Equal(t, tt.wantApp, got.AppMetadata)
		})
	}
}

func TestMergeKeepsLinkedIdentities(t *testing.T) {
	stored := login(t, `{"user_id":"1"}`, Tokens{AccessToken: "old", RefreshToken: "old-rt"})
	linked := Identity{Provider: "oauth2", Connection: "other", UserID: "other|9", IsSocial: true, ProfileData: map[string]any{"k": "v"}}
	stored.Identities = append(stored.Identities, linked)
	incoming := login(t, `{"user_id":"1"}`, Tokens{AccessToken: "new", RefreshToken: "new-rt"})

	got, err := Merge(stored, incoming, Policy{})
	require.NoError(t, err)
	require.Len(t, got.Identities, 2)
	assert.Equal(t, "new", got.Identities[0].AccessToken)
	assert.Equal(t, "new-rt", got.Identities[0].RefreshToken, "a fresh refresh token replaces the stored one")
	assert.Equal(t, linked, got.Identities[1])

	got.Identities[1].ProfileData["k"] = "changed"
	assert.Equal(t, "v", stored.Identities[1].ProfileData["k"], "Merge shares no map with its arguments")
}

func TestMergeErrors(t *testing.T) {
	a := login(t, `{"user_id":"1"}`, Tokens{})
	b := login(t, `{"user_id":"2"}`, Tokens{})
	tests := []struct {
		name         string
		existing, in *User
		policy       Policy
		wantErr      string
	}{
		{name: "unknown policy", existing: a, in: a, policy: Policy{SetUserRootAttributes: "sometimes"},
			wantErr: `profile: policy.set_user_root_attributes: unknown value "sometimes" (want on_each_login, on_first_login or never_on_login)`},
		{name: "nil incoming", existing: a, in: nil, wantErr: "profile: merge: incoming user is nil"},
		{name: "different users", existing: a, in: b,
			wantErr: "profile: merge: the stored user and the login's user have different user ids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(tt.existing, tt.in, tt.policy)
			require.EqualError(t, err, tt.wantErr)
			assert.Nil(t, got)
		})
	}
}

func TestMergeDoesNotModifyArguments(t *testing.T) {
	stored := login(t, `{"user_id":"1","name":"S","user_metadata":{"a":{"deep":1}},"x":{"y":1}}`, Tokens{RefreshToken: "rt"})
	incoming := login(t, `{"user_id":"1","name":"I","user_metadata":{"b":2},"x":{"y":2}}`, Tokens{AccessToken: "at"})
	storedJSON, err := json.Marshal(stored)
	require.NoError(t, err)
	incomingJSON, err := json.Marshal(incoming)
	require.NoError(t, err)

	got, err := Merge(stored, incoming, Policy{SetUserRootAttributes: OnFirstLogin})
	require.NoError(t, err)
	got.UserMetadata["a"].(map[string]any)["deep"] = "changed"
	got.Attributes["x"].(map[string]any)["y"] = "changed"
	got.Identities[0].RefreshToken = "changed"

	after, err := json.Marshal(stored)
	require.NoError(t, err)
	assert.JSONEq(t, string(storedJSON), string(after))
	after, err = json.Marshal(incoming)
	require.NoError(t, err)
	assert.JSONEq(t, string(incomingJSON), string(after))
}

func TestPersistable(t *testing.T) {
	u := login(t, `{"user_id":"1","email":"a@example.com","email_verified":true,"phone_number":"+1","phone_verified":true,"name":"N","https://example.com/ssn":"123","groups":["g"],"user_metadata":{"k":1},"app_metadata":{"r":1}}`, testTokens)
	tests := []struct {
		name  string
		deny  []string
		check func(t *testing.T, p *User)
	}{
		{name: "nothing denied", deny: nil, check: func(t *testing.T, p *User) { assert.Equal(t, u, p) }},
		{name: "custom claim exact name", deny: []string{"https://example.com/ssn"}, check: func(t *testing.T, p *User) {
			assert.NotContains(t, p.Attributes, "https://example.com/ssn")
			assert.Contains(t, p.Attributes, "groups")
		}},
		{name: "match is exact", deny: []string{"HTTPS://example.com/ssn", "group"}, check: func(t *testing.T, p *User) {
			assert.Equal(t, u.Attributes, p.Attributes)
		}},
		{name: "typed attributes cleared", deny: []string{"email", "email_verified", "phone_number", "phone_verified", "name"}, check: func(t *testing.T, p *User) {
			assert.Empty(t, p.Email)
			assert.False(t, p.EmailVerified)
			assert.Empty(t, p.PhoneNumber)
			assert.False(t, p.PhoneVerified)
			assert.Empty(t, p.Name)
			assert.Equal(t, u.Nickname, p.Nickname)
		}},
		{name: "metadata denied", deny: []string{"user_metadata", "app_metadata"}, check: func(t *testing.T, p *User) {
			assert.Nil(t, p.UserMetadata)
			assert.Nil(t, p.AppMetadata)
		}},
		{name: "user_id and identities cannot be denied", deny: []string{"user_id", "identities"}, check: func(t *testing.T, p *User) {
			assert.Equal(t, u.UserID, p.UserID)
			assert.Equal(t, u.Identities, p.Identities)
		}},
		{name: "all custom denied leaves nil attributes", deny: []string{"https://example.com/ssn", "groups"}, check: func(t *testing.T, p *User) {
			assert.Nil(t, p.Attributes)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := u.Persistable(Policy{NonPersistentAttrs: tt.deny})
			tt.check(t, p)
			// The login's user keeps every value.
			assert.Equal(t, "123", u.Attributes["https://example.com/ssn"])
			assert.Equal(t, "a@example.com", u.Email)
		})
	}
	assert.Nil(t, (*User)(nil).Persistable(Policy{}))
}

func TestMergeThenPersistable(t *testing.T) {
	// A denied attribute is usable for the login that brought it and never
	// reaches the store, login after login.
	p := Policy{NonPersistentAttrs: []string{"id_token_claims"}}
	first, err := Merge(nil, login(t, `{"user_id":"1","id_token_claims":{"amr":["pwd"]}}`, Tokens{}), p)
	require.NoError(t, err)
	assert.Contains(t, first.Attributes, "id_token_claims")
	stored := first.Persistable(p)
	assert.NotContains(t, stored.Attributes, "id_token_claims")

	second, err := Merge(stored, login(t, `{"user_id":"1","id_token_claims":{"amr":["otp"]}}`, Tokens{}), p)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"amr": []any{"otp"}}, second.Attributes["id_token_claims"])
	assert.NotContains(t, second.Persistable(p).Attributes, "id_token_claims")
}
