package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/fakeclock"
	"github.com/socialconn/socialconn/profile"
)

func testStore(ttl time.Duration, maxSessions, maxUsers int) (*store, *fakeclock.Clock) {
	clk := fakeclock.New(time.Unix(1_700_000_000, 0))
	s := newStore(ttl, maxSessions, maxUsers)
	s.now = clk.Now
	return s, clk
}

// normalized builds a user the way the login flow does.
func normalized(t *testing.T, raw map[string]any) *profile.User {
	t.Helper()
	u, err := profile.Normalize(raw, profile.Tokens{AccessToken: "at"}, profile.Options{Connection: "demo", DisableGravatar: true})
	require.NoError(t, err)
	return u
}

func TestStoreSessions(t *testing.T) {
	s, clk := testStore(time.Hour, 2, 10)
	require.NoError(t, s.saveLogin(normalized(t, map[string]any{"user_id": "1", "name": "Ada"}), profile.Policy{}))

	first, _ := s.newSession("oauth2|demo|1", "idt-1")
	clk.Advance(time.Minute)
	second, _ := s.newSession("oauth2|demo|1", "idt-2")
	assert.Len(t, first, 43, "256-bit id, base64url")
	assert.NotEqual(t, first, second)

	u, ok := s.user(first)
	require.True(t, ok)
	assert.Equal(t, "Ada", u.Name)

	clk.Advance(time.Minute)
	third, _ := s.newSession("oauth2|demo|1", "idt-3")
	_, ok = s.user(first)
	assert.False(t, ok, "a full table evicts the session closest to expiry")
	_, ok = s.user(second)
	assert.True(t, ok)
	_, ok = s.user("unknown")
	assert.False(t, ok)

	assert.Equal(t, "idt-2", s.end(second), "end returns the ID token for the logout hint")
	_, ok = s.user(second)
	assert.False(t, ok)
	assert.Equal(t, "", s.end(second), "ending twice is harmless")

	clk.Advance(time.Hour)
	_, ok = s.user(third)
	assert.False(t, ok, "sessions expire")
	assert.Equal(t, "", s.end(third), "an expired session gives no hint")
}

func TestStoreEvictsUsers(t *testing.T) {
	s, clk := testStore(time.Hour, 10, 1)
	require.NoError(t, s.saveLogin(normalized(t, map[string]any{"user_id": "1"}), profile.Policy{}))
	sid, _ := s.newSession("oauth2|demo|1", "")
	clk.Advance(time.Second)
	require.NoError(t, s.saveLogin(normalized(t, map[string]any{"user_id": "2"}), profile.Policy{}))
	_, ok := s.user(sid)
	assert.False(t, ok, "the session of an evicted user is worthless")
	assert.Len(t, s.users, 1)
}

func TestStoreMergesRepeatLogins(t *testing.T) {
	tests := []struct {
		name     string
		policy   profile.Policy
		wantName string
		wantErr  error
	}{
		{"on_each_login takes the provider's name", profile.Policy{SetUserRootAttributes: profile.OnEachLogin}, "Ada Lovelace", nil},
		{"on_first_login keeps the stored name", profile.Policy{SetUserRootAttributes: profile.OnFirstLogin}, "Ada", nil},
		{"never_on_login creates no user", profile.Policy{SetUserRootAttributes: profile.NeverOnLogin}, "", profile.ErrUserCreationDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testStore(time.Hour, 10, 10)
			err := s.saveLogin(normalized(t, map[string]any{"user_id": "1", "name": "Ada", "user_metadata": map[string]any{"theme": "dark"}}), tt.policy)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Empty(t, s.users)
				return
			}
			require.NoError(t, err)
			require.NoError(t, s.saveLogin(normalized(t, map[string]any{"user_id": "1", "name": "Ada Lovelace"}), tt.policy))
			got := s.users["oauth2|demo|1"].user
			assert.Equal(t, tt.wantName, got.Name)
			assert.Equal(t, map[string]any{"theme": "dark"}, got.UserMetadata, "stored metadata survives a login without it")
		})
	}
}

func TestStoreKeepsNonPersistentAttributesOut(t *testing.T) {
	s, _ := testStore(time.Hour, 10, 10)
	p := profile.Policy{NonPersistentAttrs: []string{"email", "ssn"}}
	require.NoError(t, s.saveLogin(normalized(t, map[string]any{"user_id": "1", "email": "a@example.com", "ssn": "123", "team": "x"}), p))
	got := s.users["oauth2|demo|1"].user
	assert.Empty(t, got.Email)
	assert.NotContains(t, got.Attributes, "ssn")
	assert.Equal(t, "x", got.Attributes["team"])
}

// newTestServer builds the application against a running demo provider.
func newTestServer(t *testing.T, publicURL string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	op, conn, err := startDemo(ctx, publicURL, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = op.Close() })
	s, err := newServer(ctx, serverConfig{Connection: conn, PublicURL: publicURL, CookieKeys: [][]byte{make([]byte, 32)}})
	require.NoError(t, err)
	return s
}

func TestSessionCookie(t *testing.T) {
	tests := []struct {
		name       string
		publicURL  string
		wantName   string
		wantSecure bool
	}{
		{"https uses a __Host- Secure cookie", "https://app.example.com", "__Host-sid", true},
		{"loopback http", "http://127.0.0.1:8080", "sid", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, tt.publicURL)
			user := normalized(t, map[string]any{"user_id": "demo-user-0001", "name": "Demo"})
			res := &connection.LoginResult{User: user, Tokens: &connection.TokenResponse{AccessToken: "at", IDToken: "idt"}, ReturnTo: "/"}

			w := httptest.NewRecorder()
			s.onLogin(w, httptest.NewRequest(http.MethodGet, tt.publicURL+"/login/callback", nil), res)
			require.Equal(t, http.StatusFound, w.Code)
			assert.Equal(t, "/", w.Header().Get("Location"))
			cookies := w.Result().Cookies()
			require.Len(t, cookies, 1)
			c := cookies[0]
			assert.Equal(t, tt.wantName, c.Name)
			assert.Equal(t, tt.wantSecure, c.Secure)
			assert.True(t, c.HttpOnly)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
			assert.Equal(t, "/", c.Path)
			assert.Empty(t, c.Domain)

			// A second login in the same browser gets a new session id and
			// the old one stops working (no session fixation).
			req := httptest.NewRequest(http.MethodGet, tt.publicURL+"/login/callback", nil)
			req.AddCookie(c)
			w2 := httptest.NewRecorder()
			s.onLogin(w2, req, res)
			var fresh *http.Cookie
			for _, c2 := range w2.Result().Cookies() {
				if c2.MaxAge > 0 {
					fresh = c2
				}
			}
			require.NotNil(t, fresh)
			assert.NotEqual(t, c.Value, fresh.Value)
			_, ok := s.store.user(c.Value)
			assert.False(t, ok, "the previous session is ended")
			_, ok = s.store.user(fresh.Value)
			assert.True(t, ok)

			// /profile reads the session, and never shows the provider's tokens.
			preq := httptest.NewRequest(http.MethodGet, tt.publicURL+"/profile", nil)
			preq.AddCookie(fresh)
			pw := httptest.NewRecorder()
			s.ServeHTTP(pw, preq)
			assert.Equal(t, http.StatusOK, pw.Code)
			assert.Contains(t, pw.Body.String(), `"user_id": "oauth2|demo|demo-user-0001"`)
			assert.NotContains(t, pw.Body.String(), `"at"`)
		})
	}
}

func TestDemoConnectionLoads(t *testing.T) {
	doc, err := demoConnectionJSON("http://127.0.0.1:9", "s3cret")
	require.NoError(t, err)
	conn, err := connection.Load(doc)
	require.NoError(t, err)
	assert.Equal(t, "demo", conn.Name)
	assert.True(t, conn.Options.PKCEEnabled)
	assert.Equal(t, "http://127.0.0.1:9", conn.Options.Issuer)
	assert.Contains(t, conn.Options.Scripts.FetchUserProfile, `url: "http://127.0.0.1:9/userinfo"`)
	assert.Contains(t, conn.Options.Scripts.FetchUserProfile, `'Bearer ' + accessToken`)
}
