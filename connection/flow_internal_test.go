package connection

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/seal"
)

func TestTxCookieName(t *testing.T) {
	for _, state := range []string{"", "s", NewState(), strings.Repeat("x", 512)} {
		sum := sha256.Sum256([]byte(state))
		assert.Equal(t, "sc_tx_"+base64.RawURLEncoding.EncodeToString(sum[:12]), txCookieName(state))
	}
	assert.NotEqual(t, txCookieName("a"), txCookieName("b"))
}

// TestCallbackDeletesTheTransactionCookie checks the header that expires the
// transaction cookie on every callback: exactly what http.SetCookie writes
// for seal.Cookie's deletion cookie, for secure and loopback flows.
func TestCallbackDeletesTheTransactionCookie(t *testing.T) {
	conn, err := Load([]byte(`{"name":"x","strategy":"oauth2","options":{"authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t","client_id":"c"}}`))
	require.NoError(t, err)
	for _, tt := range []struct {
		redirect, path string
		secure         bool
	}{
		{"https://app.example/login/callback", "/login/callback", true},
		{"https://app.example", "/", true},
		{"http://127.0.0.1:8080/cb", "/cb", false},
	} {
		t.Run(tt.redirect, func(t *testing.T) {
			f, err := NewFlow(context.Background(), FlowConfig{
				Connection: conn, RedirectURI: tt.redirect, CookieKeys: [][]byte{make([]byte, 32)},
				OnLogin: func(http.ResponseWriter, *http.Request, *LoginResult) {},
			})
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			f.Callback().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.redirect+"?state=st&code=c", nil))
			require.Equal(t, http.StatusBadRequest, rec.Code, "no transaction cookie")
			name := txCookieName("st")
			want := httptest.NewRecorder()
			http.SetCookie(want, seal.Cookie(name, "", tt.secure, 0, tt.path))
			assert.Equal(t, want.Header().Values("Set-Cookie"), rec.Header().Values("Set-Cookie"))
			c := rec.Result().Cookies()
			require.Len(t, c, 1)
			assert.Equal(t, name, c[0].Name)
			assert.Equal(t, -1, c[0].MaxAge)
			assert.Equal(t, tt.secure, c[0].Secure)
			assert.True(t, c[0].HttpOnly)
		})
	}
}
