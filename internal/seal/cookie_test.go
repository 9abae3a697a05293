package seal

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCookieAttributes(t *testing.T) {
	c := Cookie("tx_abc", "v", true, 90*time.Second+time.Millisecond, "/login/callback")
	assert.Equal(t, "tx_abc", c.Name)
	assert.Equal(t, "v", c.Value)
	assert.True(t, c.HttpOnly)
	assert.True(t, c.Secure)
	assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	assert.Equal(t, "/login/callback", c.Path)
	assert.Equal(t, 91, c.MaxAge, "rounded up")
	assert.Empty(t, c.Domain)
	line := c.String()
	for _, want := range []string{"tx_abc=v", "Path=/login/callback", "Max-Age=91", "HttpOnly", "Secure", "SameSite=Lax"} {
		assert.Contains(t, line, want)
	}

	c = Cookie("n", "v", false, time.Minute, "")
	assert.False(t, c.Secure)
	assert.NotContains(t, c.String(), "Secure")
	assert.Equal(t, "/", c.Path)

	del := Cookie("n", "v", true, 0, "/x")
	assert.Empty(t, del.Value)
	assert.Contains(t, del.String(), "Max-Age=0")
	assert.True(t, del.Expires.Before(time.Now()))
}

// loginServer mimics the login flow: /login seals state into a cookie scoped
// to the callback path, /login/callback opens it, /other reports what it saw.
func loginServer(k *Keys, secure bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		v, err := k.Seal("tx_state123", []byte("verifier=abc"), time.Now(), 10*time.Minute)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, Cookie("tx_state123", v, secure, 10*time.Minute, "/login/callback"))
		// A real flow goes to the provider first; it comes back to the
		// callback with a top-level GET.
		http.Redirect(w, r, "/login/callback?state=state123", http.StatusFound)
	})
	mux.HandleFunc("/login/callback", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("tx_" + r.URL.Query().Get("state"))
		if err != nil {
			http.Error(w, "no transaction cookie", http.StatusBadRequest)
			return
		}
		pt, err := k.Open(c.Name, c.Value, time.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// Single use: delete the cookie.
		http.SetCookie(w, Cookie(c.Name, "", secure, 0, "/login/callback"))
		_, _ = io.WriteString(w, "opened "+string(pt))
	})
	mux.HandleFunc("/other", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "cookies="+r.Header.Get("Cookie"))
	})
	return mux
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestCookieComesBackOnCallbackOverHTTPS(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	srv := httptest.NewTLSServer(loginServer(k, true))
	defer srv.Close()
	client := srv.Client() // routes *.example.com to srv and trusts its cert
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client.Jar = jar

	// A non-loopback host name: the jar treats loopback as a secure origin.
	base := "https://app.example.com"
	code, body := get(t, client, base+"/login")
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "opened verifier=abc", body)

	// Path scoping: not sent outside /login/callback.
	_, body = get(t, client, base+"/other")
	assert.Equal(t, "cookies=", body)

	// Deleted after use: a second callback finds nothing.
	code, body = get(t, client, base+"/login/callback?state=state123")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "no transaction cookie")
}

func TestSecureCookieNotSentOverHTTP(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	srv := httptest.NewServer(loginServer(k, true))
	defer srv.Close()
	client := srv.Client() // routes *.example.com to srv
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client.Jar = jar

	code, body := get(t, client, "http://app.example.com/login")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "no transaction cookie")
}

func TestInsecureCookieOverHTTPForDevelopment(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	srv := httptest.NewServer(loginServer(k, false))
	defer srv.Close()
	client := srv.Client()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client.Jar = jar

	code, body := get(t, client, "http://app.example.com/login")
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "opened verifier=abc", body)
}

// TestCookieMovedToAnotherName shows that a sealed value copied into another
// transaction's cookie is refused at the callback.
func TestCookieMovedToAnotherName(t *testing.T) {
	k := mustKeys(t, GenerateKey())
	srv := httptest.NewServer(loginServer(k, false))
	defer srv.Close()
	v, err := k.Seal("tx_state123", []byte("verifier=abc"), time.Now(), time.Minute)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/login/callback?state=evil", nil)
	require.NoError(t, err)
	req.AddCookie(&http.Cookie{Name: "tx_evil", Value: v})
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.True(t, strings.HasPrefix(string(b), "seal: invalid value"), string(b))
	assert.NotContains(t, string(b), v)
}
