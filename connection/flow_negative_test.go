package connection_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/logout"
)

// scriptedOP is an OpenID Provider whose answers each test shapes: it
// approves every authorization at once and mints ID tokens that can be
// broken in any way the relying-party tests of OpenID Connect Core 3.1.3.7
// list.
type scriptedOP struct {
	*httptest.Server
	key, otherKey *rsa.PrivateKey

	mu           sync.Mutex
	nonce        string
	issParam     string // "" = our issuer; "-" = omit
	advertiseIss bool
	authzError   url.Values // when set, the authorization answers with this error
	tokenStatus  int
	tokenBody    string // raw token response override
	idToken      func(claims map[string]any) string
	tokenReqs    []url.Values
}

const (
	opClientID = "rp-client"
	opSecret   = "rp-secret-do-not-leak"
	opCode     = "auth-code-do-not-leak"
	opAccess   = "access-token-do-not-leak"
)

func newScriptedOP(t *testing.T) *scriptedOP {
	t.Helper()
	op := &scriptedOP{advertiseIss: true}
	op.key, op.otherKey = opKeys(t)
	mux := http.NewServeMux()
	op.Server = httptest.NewServer(mux)
	t.Cleanup(op.Close)
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		op.mu.Lock()
		adv := op.advertiseIss
		op.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": op.URL, "authorization_endpoint": op.URL + "/authorize", "token_endpoint": op.URL + "/token",
			"userinfo_endpoint": op.URL + "/userinfo", "jwks_uri": op.URL + "/jwks", "end_session_endpoint": op.URL + "/logout",
			"id_token_signing_alg_values_supported": []string{"RS256"}, "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "authorization_response_iss_parameter_supported": adv,
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &op.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		op.mu.Lock()
		op.nonce = q.Get("nonce")
		out := url.Values{"state": {q.Get("state")}}
		if op.authzError != nil {
			out = url.Values{"state": {q.Get("state")}}
			for k, v := range op.authzError {
				out[k] = v
			}
		} else {
			out.Set("code", opCode)
		}
		switch op.issParam {
		case "":
			out.Set("iss", op.URL)
		case "-":
		default:
			out.Set("iss", op.issParam)
		}
		op.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+out.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		op.mu.Lock()
		op.tokenReqs = append(op.tokenReqs, r.PostForm)
		status, raw, mint, nonce := op.tokenStatus, op.tokenBody, op.idToken, op.nonce
		op.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if status != 0 {
			w.WriteHeader(status)
		}
		if raw != "" {
			_, _ = w.Write([]byte(raw))
			return
		}
		claims := map[string]any{"iss": op.URL, "sub": "user-1", "aud": opClientID, "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix(), "nonce": nonce}
		var idt string
		if mint != nil {
			idt = mint(claims)
		} else {
			idt = op.sign(t, op.key, "k1", claims)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": opAccess, "token_type": "Bearer", "expires_in": 60, "id_token": idt})
	})
	mux.HandleFunc("GET /userinfo", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"sub": "user-1", "email": "u@example.com", "name": "U"})
	})
	return op
}

var (
	opKeysOnce     sync.Once
	opKey, opOther *rsa.PrivateKey
	opKeysErr      error
)

// opKeys returns the scripted OP's signing key and a second, untrusted key,
// generated once per test binary (RSA generation dominates otherwise).
func opKeys(t *testing.T) (*rsa.PrivateKey, *rsa.PrivateKey) {
	opKeysOnce.Do(func() {
		if opKey, opKeysErr = rsa.GenerateKey(rand.Reader, 2048); opKeysErr == nil {
			opOther, opKeysErr = rsa.GenerateKey(rand.Reader, 2048)
		}
	})
	require.NoError(t, opKeysErr)
	return opKey, opOther
}

func (op *scriptedOP) sign(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	s, err := jws.CompactSerialize()
	require.NoError(t, err)
	return s
}

func (op *scriptedOP) set(f func(*scriptedOP)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	f(op)
}

// negativeRP wires a flow to a scripted OP and records errors and logs.
type negativeRP struct {
	*rp
	base string
	logs *bytes.Buffer
	now  *time.Time
}

func newNegativeRP(t *testing.T, op *scriptedOP, script string, mutate func(*connection.FlowConfig)) *negativeRP {
	t.Helper()
	srv, base := reserveServer(t)
	if script == "" {
		script = `function (accessToken, ctx, cb) {
  request.get({url: '` + op.URL + `/userinfo', auth: {bearer: accessToken}, json: true}, function (err, resp, body) {
    if (err) return cb(err);
    cb(null, {user_id: body.sub, email: body.email});
  });
}`
	}
	doc, _ := json.Marshal(map[string]any{"name": "scripted", "strategy": "oauth2", "options": map[string]any{
		"authorizationURL": op.URL + "/authorize", "tokenURL": op.URL + "/token", "client_id": opClientID,
		"client_secret": opSecret, "scope": "openid email", "issuer": op.URL,
		"scripts": map[string]any{"fetchUserProfile": script},
	}})
	conn, err := connection.Load(doc)
	require.NoError(t, err)
	n := &negativeRP{base: base, logs: &bytes.Buffer{}}
	now := time.Now()
	n.now = &now
	var logMu sync.Mutex
	n.rp = newRP(t, conn, rpOptions{server: srv, mutate: func(c *connection.FlowConfig) {
		c.Logger = slog.New(slog.NewTextHandler(lockedWriter{&logMu, n.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c.Now = func() time.Time { logMu.Lock(); defer logMu.Unlock(); return *n.now }
		if mutate != nil {
			mutate(c)
		}
	}})
	mux := http.NewServeMux()
	n.mount(mux)
	srv.Config.Handler = mux
	srv.Start()
	return n
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// login runs a whole login in a fresh browser and returns the final response.
func (n *negativeRP) login(t *testing.T, query string) (*http.Response, string) {
	t.Helper()
	resp, err := newBrowser(t).Get(n.base + "/login" + query)
	require.NoError(t, err)
	return resp, body(t, resp)
}

func TestFlowRejects(t *testing.T) {
	tests := []struct {
		name     string
		shape    func(op *scriptedOP)
		script   string
		query    string
		wantStep string
		wantCode string
		wantDesc string
	}{
		{name: "provider access_denied", shape: func(op *scriptedOP) {
			op.authzError = url.Values{"error": {"access_denied"}, "error_description": {"User cancelled\r\nthe login"}}
		}, wantStep: "authorize", wantCode: "access_denied", wantDesc: "User cancelledthe login"},
		{name: "provider other error", shape: func(op *scriptedOP) {
			op.authzError = url.Values{"error": {"temporarily_unavailable"}}
		}, wantStep: "authorize", wantCode: "temporarily_unavailable"},
		{name: "mismatched iss", shape: func(op *scriptedOP) { op.issParam = "https://evil.example" }, wantStep: "iss", wantCode: "invalid_request"},
		{name: "missing iss when advertised", shape: func(op *scriptedOP) { op.issParam = "-" }, wantStep: "iss", wantCode: "invalid_request"},
		{name: "token endpoint invalid_grant", shape: func(op *scriptedOP) {
			op.tokenStatus, op.tokenBody = 400, `{"error":"invalid_grant","error_description":"bad code `+opCode+`"}`
		}, wantStep: "token", wantCode: "access_denied", wantDesc: "the provider refused the token request: invalid_grant"},
		{name: "token endpoint html 500", shape: func(op *scriptedOP) { op.tokenStatus, op.tokenBody = 500, "<html>oops</html>" }, wantStep: "token", wantCode: "access_denied"},
		{name: "id token bad signature", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { return op.sign(t, op.otherKey, "k1", c) }
		}, wantStep: "id_token"},
		{name: "id token unknown kid", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { return op.sign(t, op.otherKey, "k-unknown", c) }
		}, wantStep: "id_token"},
		{name: "id token alg none", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string {
				h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
				p, _ := json.Marshal(c)
				return h + "." + base64.RawURLEncoding.EncodeToString(p) + "."
			}
		}, wantStep: "id_token"},
		{name: "id token wrong issuer", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { c["iss"] = "https://evil.example"; return op.sign(t, op.key, "k1", c) }
		}, wantStep: "id_token"},
		{name: "id token wrong audience", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { c["aud"] = "someone-else"; return op.sign(t, op.key, "k1", c) }
		}, wantStep: "id_token"},
		{name: "id token expired", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string {
				c["exp"] = time.Now().Add(-time.Hour).Unix()
				return op.sign(t, op.key, "k1", c)
			}
		}, wantStep: "id_token"},
		{name: "id token wrong nonce", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { c["nonce"] = "replayed"; return op.sign(t, op.key, "k1", c) }
		}, wantStep: "id_token"},
		{name: "id token missing nonce", shape: func(op *scriptedOP) {
			op.idToken = func(c map[string]any) string { delete(c, "nonce"); return op.sign(t, op.key, "k1", c) }
		}, wantStep: "id_token"},
		{name: "id token missing", shape: func(op *scriptedOP) {
			op.tokenBody = `{"access_token":"` + opAccess + `","token_type":"Bearer"}`
		}, wantStep: "id_token"},
		{name: "script error", script: `function (a, ctx, cb) { cb(new Error('userinfo said no')); }`,
			wantStep: "script", wantCode: "invalid_request", wantDesc: "userinfo said no"},
		{name: "script throws", script: `function (a, ctx, cb) { null.x; }`, wantStep: "script", wantCode: "invalid_request"},
		{name: "profile without user_id", script: `function (a, ctx, cb) { cb(null, {email: 'x@example.com'}); }`,
			wantStep: "profile", wantCode: "invalid_request"},
		{name: "returnTo another origin", query: "?returnTo=https://evil.example/", wantStep: "login", wantCode: "invalid_return_to"},
		{name: "returnTo protocol-relative", query: "?returnTo=//evil.example/", wantStep: "login", wantCode: "invalid_return_to"},
		{name: "returnTo backslash", query: "?returnTo=/%5Cevil.example/", wantStep: "login", wantCode: "invalid_return_to"},
		{name: "returnTo javascript", query: "?returnTo=javascript:alert(1)", wantStep: "login", wantCode: "invalid_return_to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := newScriptedOP(t)
			if tt.shape != nil {
				op.set(tt.shape)
			}
			n := newNegativeRP(t, op, tt.script, nil)
			resp, page := n.login(t, tt.query)
			assert.GreaterOrEqual(t, resp.StatusCode, 400)
			assert.Less(t, resp.StatusCode, 500)
			assert.NotEqual(t, "evil.example", resp.Request.URL.Host, "never redirected off-site")
			e := n.lastError()
			require.NotNil(t, e, "the error hook was called")
			assert.Equal(t, tt.wantStep, e.Step, e.Error())
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, e.Code)
			}
			if tt.wantDesc != "" {
				assert.Equal(t, tt.wantDesc, e.Description)
			}
			n.mu.Lock()
			assert.Empty(t, n.logins, "no login completed")
			n.mu.Unlock()
			// Nothing secret reaches the browser, the hook's error or the logs.
			for _, secret := range []string{opSecret, opCode, opAccess} {
				assert.NotContains(t, page, secret)
				assert.NotContains(t, e.Error(), secret)
				assert.NotContains(t, n.logs.String(), secret)
			}
		})
	}
}

func TestFlowStateChecks(t *testing.T) {
	op := newScriptedOP(t)
	n := newNegativeRP(t, op, "", nil)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// startLogin returns the transaction cookie and the callback URL the
	// provider would send the browser to.
	startLogin := func(t *testing.T) (*http.Cookie, string) {
		resp, err := noRedirect.Get(n.base + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		cookies := resp.Cookies()
		require.Len(t, cookies, 1)
		c := cookies[0]
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.Equal(t, "/login/callback", c.Path)
		assert.False(t, c.Secure, "http loopback RedirectURI: no Secure flag")
		resp, err = noRedirect.Get(resp.Header.Get("Location"))
		require.NoError(t, err)
		resp.Body.Close()
		return c, resp.Header.Get("Location")
	}
	callback := func(t *testing.T, u string, c *http.Cookie) int {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if c != nil {
			req.AddCookie(c)
		}
		resp, err := noRedirect.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}

	t.Run("success then replay", func(t *testing.T) {
		c, cb := startLogin(t)
		assert.Equal(t, http.StatusOK, callback(t, cb, c))
		assert.Equal(t, http.StatusBadRequest, callback(t, cb, c), "a transaction is single-use")
		assert.Equal(t, connection.ErrCodeInvalidState, n.lastError().Code)
		assert.Contains(t, n.lastError().Description, "already used")
	})
	t.Run("missing state", func(t *testing.T) {
		c, cb := startLogin(t)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Del("state")
		u.RawQuery = q.Encode()
		assert.Equal(t, http.StatusBadRequest, callback(t, u.String(), c))
		assert.Equal(t, "state", n.lastError().Step)
	})
	t.Run("forged state", func(t *testing.T) {
		c, cb := startLogin(t)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Set("state", connection.NewState())
		u.RawQuery = q.Encode()
		assert.Equal(t, http.StatusBadRequest, callback(t, u.String(), c))
		assert.Equal(t, connection.ErrCodeInvalidState, n.lastError().Code)
	})
	t.Run("cookie moved to another state", func(t *testing.T) {
		c1, _ := startLogin(t)
		_, cb2 := startLogin(t)
		u, _ := url.Parse(cb2)
		moved := &http.Cookie{Name: "sc_tx_" + strings.TrimPrefix(c1.Name, "sc_tx_"), Value: c1.Value}
		// Same value under the second login's cookie name: the name is sealed in.
		moved.Name = cookieNameFor(t, u.Query().Get("state"), n)
		assert.Equal(t, http.StatusBadRequest, callback(t, cb2, moved))
		assert.Equal(t, connection.ErrCodeInvalidState, n.lastError().Code)
	})
	t.Run("no cookie (login started in another browser)", func(t *testing.T) {
		_, cb := startLogin(t)
		assert.Equal(t, http.StatusBadRequest, callback(t, cb, nil))
		assert.Contains(t, n.lastError().Description, "no login transaction")
	})
	t.Run("expired", func(t *testing.T) {
		c, cb := startLogin(t)
		real := *n.now
		*n.now = real.Add(connection.DefaultTransactionTTL + time.Second)
		defer func() { *n.now = real }()
		assert.Equal(t, http.StatusBadRequest, callback(t, cb, c))
		assert.Contains(t, n.lastError().Description, "expired")
	})
	t.Run("tampered cookie", func(t *testing.T) {
		c, cb := startLogin(t)
		b := []byte(c.Value)
		b[len(b)/2] ^= 1
		if b[len(b)/2] == '=' || b[len(b)/2] > 'z' {
			b[len(b)/2] = 'A'
		}
		c.Value = string(b)
		assert.Equal(t, http.StatusBadRequest, callback(t, cb, c))
		assert.Equal(t, connection.ErrCodeInvalidState, n.lastError().Code)
	})
	t.Run("duplicate state parameter", func(t *testing.T) {
		c, cb := startLogin(t)
		u, _ := url.Parse(cb)
		u.RawQuery += "&state=" + u.Query().Get("state")
		assert.Equal(t, http.StatusBadRequest, callback(t, u.String(), c))
	})
}

// cookieNameFor finds the name the flow gives the transaction cookie of a
// state by starting a login and reading it from a fresh callback's deletion
// header: the flow always expires the cookie of the state it is given.
func cookieNameFor(t *testing.T, state string, n *negativeRP) string {
	resp, err := http.Get(n.base + "/login/callback?state=" + url.QueryEscape(state))
	require.NoError(t, err)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if strings.HasPrefix(c.Name, "sc_tx_") {
			return c.Name
		}
	}
	t.Fatal("no transaction cookie name in the callback's response")
	return ""
}

func TestFlowSecureCookieOnHTTPS(t *testing.T) {
	op := newScriptedOP(t)
	doc, _ := json.Marshal(map[string]any{"name": "scripted", "strategy": "oauth2", "options": map[string]any{
		"authorizationURL": op.URL + "/authorize", "tokenURL": op.URL + "/token", "client_id": opClientID,
	}})
	conn, err := connection.Load(doc)
	require.NoError(t, err)
	f, err := connection.NewFlow(context.Background(), connection.FlowConfig{
		Connection: conn, RedirectURI: "https://app.example/cb", CookieKeys: [][]byte{make([]byte, 32)},
		OnLogin: func(http.ResponseWriter, *http.Request, *connection.LoginResult) {},
	})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	f.Login().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://app.example/login", nil))
	require.Equal(t, http.StatusFound, rec.Code)
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	assert.True(t, cookies[0].Secure)
	assert.Equal(t, "/cb", cookies[0].Path)
	loc, _ := url.Parse(rec.Header().Get("Location"))
	assert.Equal(t, "https://app.example/cb", loc.Query().Get("redirect_uri"), "exact redirect URI, not derived from the request")
}

func TestNewFlowConfigErrors(t *testing.T) {
	doc := []byte(`{"name":"x","strategy":"oauth2","options":{"authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t","client_id":"c"}}`)
	conn, err := connection.Load(doc)
	require.NoError(t, err)
	ok := func(http.ResponseWriter, *http.Request, *connection.LoginResult) {}
	key := [][]byte{make([]byte, 32)}
	tests := []struct {
		name string
		cfg  connection.FlowConfig
		want string
	}{
		{"no connection", connection.FlowConfig{RedirectURI: "https://a.example/cb", CookieKeys: key, OnLogin: ok}, "Connection is required"},
		{"no OnLogin", connection.FlowConfig{Connection: conn, RedirectURI: "https://a.example/cb", CookieKeys: key}, "OnLogin is required"},
		{"relative redirect", connection.FlowConfig{Connection: conn, RedirectURI: "/cb", CookieKeys: key, OnLogin: ok}, "RedirectURI"},
		{"http redirect off loopback", connection.FlowConfig{Connection: conn, RedirectURI: "http://a.example/cb", CookieKeys: key, OnLogin: ok}, "https"},
		{"no keys", connection.FlowConfig{Connection: conn, RedirectURI: "https://a.example/cb", OnLogin: ok}, "CookieKeys"},
		{"short key", connection.FlowConfig{Connection: conn, RedirectURI: "https://a.example/cb", CookieKeys: [][]byte{make([]byte, 16)}, OnLogin: ok}, "CookieKeys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := connection.NewFlow(context.Background(), tt.cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestFlowLogoutRefusedReturnToHasNoSideEffects(t *testing.T) {
	op := newScriptedOP(t)
	ended := 0
	n := newNegativeRP(t, op, "", func(c *connection.FlowConfig) {
		c.EndSession = func(http.ResponseWriter, *http.Request) string { ended++; return "" }
		base := strings.TrimSuffix(c.RedirectURI, "/login/callback")
		allow, err := logout.NewAllowList(base+"/logged-out", base+"/other")
		require.NoError(t, err)
		c.AllowedReturnTo = allow
	})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, q := range []string{
		"returnTo=" + url.QueryEscape("https://evil.example/"),
		"post_logout_redirect_uri=" + url.QueryEscape("https://evil.example/"),
		"returnTo=" + url.QueryEscape(n.base+"/logged-out") + "&returnTo=" + url.QueryEscape("https://evil.example/"),
		// Two different values, each allowed on its own: refused as well.
		"returnTo=" + url.QueryEscape(n.base+"/logged-out") + "&post_logout_redirect_uri=" + url.QueryEscape(n.base+"/other"),
	} {
		resp, err := noRedirect.Get(n.base + "/logout?" + q)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
		assert.Empty(t, resp.Header.Get("Location"), q)
		assert.Equal(t, connection.ErrCodeInvalidReturnTo, n.lastError().Code)
	}
	assert.Zero(t, ended, "the service's session is untouched by a refused logout")

	resp, err := noRedirect.Get(n.base + "/logout?returnTo=" + url.QueryEscape(n.base+"/logged-out"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Equal(t, 1, ended)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, op.URL+"/logout", loc.Scheme+"://"+loc.Host+loc.Path, "federated logout at the provider's end-session endpoint")
	assert.Equal(t, n.base+"/logged-out", loc.Query().Get("post_logout_redirect_uri"))
}

func TestNewFlowReportsScriptCompileErrorsAsValidation(t *testing.T) {
	doc := []byte(`{"name":"x","strategy":"oauth2","options":{"authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t","client_id":"c",
		"scripts":{"fetchUserProfile":"function (a, c, cb) { cb(null, {user_id: 1}) ","getLogoutUrl":"function (q, cb) { cb(null, 'https://idp.example/logout') }"}}}`)
	conn, err := connection.Load(doc)
	require.NoError(t, err)
	_, err = connection.NewFlow(context.Background(), connection.FlowConfig{
		Connection: conn, RedirectURI: "https://app.example/cb", CookieKeys: [][]byte{make([]byte, 32)},
		OnLogin: func(http.ResponseWriter, *http.Request, *connection.LoginResult) {},
	})
	var ve *connection.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Errors, 1)
	assert.Equal(t, "options.scripts.fetchUserProfile", ve.Errors[0].Path)
	assert.Contains(t, ve.Errors[0].Reason, "does not compile")
}
