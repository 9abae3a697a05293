package demoprovider

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/socialconn/socialconn/internal/syncbuf"
)

func TestNewValidation(t *testing.T) {
	ok := Client{ID: "a", Secret: "s", RedirectURIs: []string{"https://a.example/cb"}}
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "minimal", cfg: Config{Issuer: "http://127.0.0.1:9000", Clients: []Client{ok}}},
		{name: "https with path", cfg: Config{Issuer: "https://idp.example/demo", Clients: []Client{ok}}},
		{name: "localhost", cfg: Config{Issuer: "http://localhost:8081", Clients: []Client{ok}}},
		{name: "ipv6 loopback", cfg: Config{Issuer: "http://[::1]:8081", Clients: []Client{ok}}},
		{name: "no issuer", cfg: Config{Clients: []Client{ok}}, wantErr: "demoprovider: config.Issuer: required"},
		{name: "http non-loopback", cfg: Config{Issuer: "http://idp.example", Clients: []Client{ok}}, wantErr: "must be https, or http on a loopback host"},
		{name: "http private address", cfg: Config{Issuer: "http://192.168.1.2:80", Clients: []Client{ok}}, wantErr: "must be https"},
		{name: "trailing slash", cfg: Config{Issuer: "https://idp.example/", Clients: []Client{ok}}, wantErr: "must not end with /"},
		{name: "query", cfg: Config{Issuer: "https://idp.example?x=1", Clients: []Client{ok}}, wantErr: "query or fragment"},
		{name: "relative", cfg: Config{Issuer: "/idp", Clients: []Client{ok}}, wantErr: "absolute URL"},
		{name: "no clients", cfg: Config{Issuer: "https://idp.example"}, wantErr: "config.Clients: at least one client"},
		{name: "client without id", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{RedirectURIs: ok.RedirectURIs}}}, wantErr: "config.Clients[0]: ID"},
		{name: "client without redirect", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{ID: "a"}}}, wantErr: "config.Clients[0]: RedirectURIs: at least one"},
		{name: "relative redirect", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{ID: "a", RedirectURIs: []string{"/cb"}}}}, wantErr: "RedirectURIs[0]: must be an absolute URL"},
		{name: "redirect with fragment", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{ID: "a", RedirectURIs: []string{"https://a.example/cb#x"}}}}, wantErr: "RedirectURIs[0]"},
		{name: "javascript redirect", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{ID: "a", RedirectURIs: []string{"javascript://a.example/%0aalert(1)"}}}}, wantErr: "must be http or https"},
		{name: "bad logout uri", cfg: Config{Issuer: "https://idp.example", Clients: []Client{{ID: "a", RedirectURIs: ok.RedirectURIs, PostLogoutRedirectURIs: []string{"x"}}}}, wantErr: "PostLogoutRedirectURIs[0]"},
		{name: "duplicate client", cfg: Config{Issuer: "https://idp.example", Clients: []Client{ok, ok}}, wantErr: `config.Clients[1].ID: duplicate "a"`},
		{name: "user without password", cfg: Config{Issuer: "https://idp.example", Clients: []Client{ok}, Users: []User{{Username: "u"}}}, wantErr: "config.Users[0].Password"},
		{name: "user without name", cfg: Config{Issuer: "https://idp.example", Clients: []Client{ok}, Users: []User{{Password: "p"}}}, wantErr: "config.Users[0].Username"},
		{name: "duplicate user", cfg: Config{Issuer: "https://idp.example", Clients: []Client{ok}, Users: []User{{Username: "u", Password: "p"}, {Username: "u", Password: "q"}}}, wantErr: "config.Users[1].Username: duplicate"},
		{name: "duplicate subject", cfg: Config{Issuer: "https://idp.example", Clients: []Client{ok}, Users: []User{{Username: "u", Password: "p", Subject: "s"}, {Username: "v", Password: "q", Subject: "s"}}}, wantErr: "config.Users[1].Subject: duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.cfg)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.Nil(t, p)
				assert.NotContains(t, err.Error(), "s3cr3t")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.cfg.Issuer, p.Issuer())
			assert.NoError(t, p.Close(), "Close is a no-op without Start")
		})
	}
}

func TestNewCopiesConfig(t *testing.T) {
	clients := testClients()
	p, err := New(Config{Issuer: "http://127.0.0.1:1", Clients: clients})
	require.NoError(t, err)
	clients[0].RedirectURIs[0] = "https://evil.example/cb"
	assert.Equal(t, appCallback, p.clients[appID].RedirectURIs[0])
}

func TestRealKeyGeneration(t *testing.T) {
	a, err := realGenerateKey()
	require.NoError(t, err)
	assert.Equal(t, 2048, a.N.BitLen())
}

func TestCustomUsers(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Users = []User{{Username: "alice", Password: "wonderland", Email: "alice@example.org"}}
	})
	q := authParamsFor(appID, appCallback, "s", "", "", "openid email")
	page := h.get("/authorize", q)
	assert.NotContains(t, page.body, "demo / demo", "hint only for the built-in demo user")
	r := h.submitLogin(page, "demo", "demo", "login")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	r = h.submitLogin(page, "alice", "wonderland", "login")
	code := h.codeFrom(r, appCallback, "s")
	tok := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)
	info := h.userinfo(tok["access_token"].(string)).json(t)
	assert.Equal(t, "alice", info["sub"], "subject defaults to the username")
	assert.Equal(t, "alice@example.org", info["email"])
	assert.Equal(t, false, info["email_verified"])
}

func TestIssuerWithPath(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	p, err := New(Config{Issuer: srv.URL + "/idp", Clients: testClients()})
	require.NoError(t, err)
	mux.Handle("/idp/", p.Handler())
	op, err := oidc.NewProvider(context.Background(), p.Issuer())
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/idp/token", op.Endpoint().TokenURL)
	resp, err := http.Get(srv.URL + "/idp/jwks")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestStart(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := Start(ctx, "127.0.0.1:0", Config{Clients: testClients()})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.Issuer(), "http://127.0.0.1:"), p.Issuer())

	client := &http.Client{Timeout: 5 * time.Second}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, client), p.Issuer())
	require.NoError(t, err)
	assert.Equal(t, p.Issuer()+"/userinfo", op.UserInfoEndpoint())

	// Cancelling ctx stops the server.
	cancel()
	require.Eventually(t, func() bool {
		resp, err := client.Get(p.Issuer() + "/jwks")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	}, 5*time.Second, 20*time.Millisecond)
	assert.NoError(t, p.Close(), "Close after ctx is fine")
	client.CloseIdleConnections()
}

func TestStartClose(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p, err := Start(context.Background(), "localhost:0", Config{Clients: testClients()})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.Issuer(), "http://127.0.0.1:") || strings.HasPrefix(p.Issuer(), "http://[::1]:"), p.Issuer())
	require.NoError(t, p.Close())
	require.NoError(t, p.Close(), "idempotent")
	_, err = http.Get(p.Issuer() + "/jwks")
	require.Error(t, err)
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:80", "nonsense"} {
		_, err := Start(context.Background(), addr, Config{Clients: testClients()})
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "demoprovider: Start: addr", addr)
	}
	_, err := Start(context.Background(), "127.0.0.1:0", Config{})
	require.ErrorContains(t, err, "config.Clients", "config errors surface and the listener is released")
}

func TestTablesAreBounded(t *testing.T) {
	h := newHarness(t)
	h.p.maxEntries = 3
	codes := make([]string, 0, 5)
	for i := range 5 {
		h.newBrowser()
		codes = append(codes, h.loginCode(authParamsFor(appID, appCallback, fmt.Sprint(i), "", "", "openid")))
		h.clock.Advance(time.Second) // later codes expire later
	}
	h.p.mu.Lock()
	assert.LessOrEqual(t, len(h.p.codes), 3)
	assert.LessOrEqual(t, len(h.p.sessions), 3)
	h.p.mu.Unlock()
	// The oldest codes were evicted; the newest still works.
	r := h.token(withPost(codeGrant(codes[0], appCallback, ""), appID, appSecret), "", "")
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = h.token(withPost(codeGrant(codes[4], appCallback, ""), appID, appSecret), "", "")
	assert.Equal(t, http.StatusOK, r.status, r.body)
}

func TestExpiredEntriesAreSwept(t *testing.T) {
	h := newHarness(t)
	for i := range 3 {
		h.newBrowser()
		h.loginCode(authParamsFor(appID, appCallback, fmt.Sprint(i), "", "", "openid"))
	}
	h.clock.Advance(SessionLifetime + time.Minute)
	h.loginCode(authParamsFor(appID, appCallback, "late", "", "", "openid")) // triggers a sweep
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	assert.Len(t, h.p.codes, 1)
	assert.Len(t, h.p.sessions, 1)
}

func TestLogsNeverContainSecrets(t *testing.T) {
	var logs syncbuf.Buffer
	h := newHarness(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	verifier := strings.Repeat("k", 50)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "nonce", s256(verifier), "openid offline_access"))
	ok := h.token(withPost(codeGrant(code, appCallback, verifier), appID, appSecret), "", "")
	require.Equal(t, http.StatusOK, ok.status)
	tok := ok.json(t)
	h.token(withPost(codeGrant(code, appCallback, verifier), appID, appSecret), "", "")         // reuse
	h.token(withPost(codeGrant("x", appCallback, verifier), appID, appSecret+"-wrong"), "", "") // bad secret
	h.userinfo(tok["access_token"].(string))
	h.newBrowser()
	page := h.get("/authorize", authParamsFor(appID, appCallback, "s", "", "", "openid"))
	h.submitLogin(page, "demo", "wrong-password", "login")

	out := logs.String()
	require.Contains(t, out, "tokens issued")
	for _, secret := range []string{code, appSecret, verifier, "wrong-password", tok["access_token"].(string), tok["refresh_token"].(string), tok["id_token"].(string)[:40]} {
		assert.NotContains(t, out, secret)
	}
}

func TestMethodsAndUnknownPaths(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodDelete, "/authorize", 405},
		{http.MethodPut, "/logout", 405},
		{http.MethodPost, "/jwks", 405},
		{http.MethodPost, "/.well-known/openid-configuration", 405},
		{http.MethodDelete, "/userinfo", 405},
		{http.MethodGet, "/nope", 404},
	} {
		req, err := http.NewRequest(tc.method, h.p.Issuer()+tc.path, nil)
		require.NoError(t, err)
		r := h.do(req)
		assert.Equal(t, tc.want, r.status, tc.method+" "+tc.path)
		if tc.want == 405 {
			assert.NotEmpty(t, r.header.Get("Allow"))
		}
	}
}

// FuzzAuthorize feeds arbitrary authorization and logout requests to the
// handler: it must never panic, and every redirect it answers with must go
// to a URI registered for the client, carrying the issuer.
func FuzzAuthorize(f *testing.F) {
	p, err := New(Config{Issuer: "http://127.0.0.1:9", Clients: testClients()})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback&response_type=code&scope=openid&state=x", false)
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fevil.example%2F&response_type=code", false)
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback&response_type=token&prompt=none", false)
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback&response_type=code&prompt=none&max_age=0", false)
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback&response_type=code&action=cancel", true)
	f.Add("client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback&response_type=code&action=login&username=demo&password=demo", true)
	f.Add("client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Flogged-out&state=s", false)
	f.Add("id_token_hint=a.b.c&post_logout_redirect_uri=https%3A%2F%2Fevil.example", false)
	f.Add("%zz&&==;;", true)
	f.Fuzz(func(t *testing.T, query string, post bool) {
		allowed := map[string]bool{}
		for _, c := range p.clients {
			for _, u := range append(append([]string{}, c.RedirectURIs...), c.PostLogoutRedirectURIs...) {
				allowed[u] = true
			}
		}
		for _, path := range []string{"/authorize", "/logout"} {
			var req *http.Request
			if post {
				req = httptest.NewRequest(http.MethodPost, path, strings.NewReader(query))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			} else {
				req = httptest.NewRequest(http.MethodGet, path, nil)
				req.URL.RawQuery = query
			}
			rec := httptest.NewRecorder()
			p.Handler().ServeHTTP(rec, req)
			loc := rec.Header().Get("Location")
			if loc == "" {
				continue
			}
			u, err := url.Parse(loc)
			if err != nil {
				t.Fatalf("unparsable Location")
			}
			q := u.Query()
			u.RawQuery = ""
			base := u.String()
			ok := false
			for a := range allowed {
				au, _ := url.Parse(a)
				au.RawQuery = ""
				if au.String() == base {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("redirect to an unregistered URI %q", base)
			}
			if path == "/authorize" && q.Get("iss") != p.Issuer() {
				t.Fatalf("authorization response without iss")
			}
		}
	})
}
