package connection_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/demoprovider"
	"github.com/socialconn/socialconn/internal/seal"
	"github.com/socialconn/socialconn/logout"
)

// userinfoScript is a fetchUserProfile script in the style of real Auth0
// scripts: request.get with a bearer header and json: true.
const userinfoScript = `function fetchUserProfile(accessToken, ctx, callback) {
  request.get({
    url: USERINFO,
    headers: { Authorization: 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo answered ' + resp.statusCode));
    console.log('profile for', body.sub);
    callback(null, {
      user_id: body.sub,
      email: body.email,
      email_verified: body.email_verified,
      name: body.name,
      given_name: body.given_name,
      family_name: body.family_name,
      has_id_token: typeof ctx.id_token === 'string'
    });
  });
}`

// discovery reads an OpenID Provider's metadata.
func discovery(t *testing.T, issuer string) map[string]any {
	t.Helper()
	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

// connectionFor builds Auth0 connection JSON for a provider and loads it the
// way a service would.
func connectionFor(t *testing.T, name, issuer, clientID, secret string, mutate func(opts map[string]any)) *connection.Connection {
	t.Helper()
	meta := discovery(t, issuer)
	opts := map[string]any{
		"authorizationURL": meta["authorization_endpoint"],
		"tokenURL":         meta["token_endpoint"],
		"client_id":        clientID,
		"client_secret":    secret,
		"scope":            "openid profile email",
		"issuer":           issuer,
		"scripts": map[string]any{
			"fetchUserProfile": strings.Replace(userinfoScript, "USERINFO", "'"+meta["userinfo_endpoint"].(string)+"'", 1),
		},
	}
	if mutate != nil {
		mutate(opts)
	}
	doc, err := json.Marshal(map[string]any{"name": name, "strategy": "oauth2", "options": opts})
	require.NoError(t, err)
	c, err := connection.Load(doc)
	require.NoError(t, err)
	return c
}

// rp is a relying party embedding the flow handlers, with a toy session.
type rp struct {
	*httptest.Server
	flow *connection.Flow

	mu      sync.Mutex
	logins  []*connection.LoginResult
	errors  []*connection.FlowError
	idToken string
}

type rpOptions struct {
	keys   [][]byte
	server *httptest.Server // reuse a server (same origin) for a second instance
	mutate func(*connection.FlowConfig)
}

func newRP(t *testing.T, conn *connection.Connection, o rpOptions) *rp {
	t.Helper()
	r := &rp{}
	srv := o.server
	if srv == nil {
		srv = httptest.NewUnstartedServer(nil)
		t.Cleanup(srv.Close)
	}
	r.Server = srv
	base := "http://" + srv.Listener.Addr().String()
	if o.keys == nil {
		o.keys = [][]byte{seal.GenerateKey()}
	}
	allow, err := logout.NewAllowList(base + "/logged-out")
	require.NoError(t, err)
	cfg := connection.FlowConfig{
		Connection:      conn,
		RedirectURI:     base + "/login/callback",
		CookieKeys:      o.keys,
		AllowedReturnTo: allow,
		AlwaysFederated: true,
		Logger:          slog.New(slog.DiscardHandler),
		OnLogin: func(w http.ResponseWriter, req *http.Request, res *connection.LoginResult) {
			r.mu.Lock()
			r.logins = append(r.logins, res)
			r.idToken = res.Tokens.IDToken
			r.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(res.User)
		},
		OnError: func(w http.ResponseWriter, req *http.Request, e *connection.FlowError) {
			r.mu.Lock()
			r.errors = append(r.errors, e)
			r.mu.Unlock()
			http.Error(w, "login failed: "+e.Code, e.Status)
		},
		EndSession: func(w http.ResponseWriter, req *http.Request) string {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.idToken
		},
	}
	if o.mutate != nil {
		o.mutate(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r.flow, err = connection.NewFlow(ctx, cfg)
	require.NoError(t, err)
	if o.server == nil {
		mux := http.NewServeMux()
		r.mount(mux)
		srv.Config.Handler = mux
		srv.Start()
	}
	return r
}

func (r *rp) mount(mux *http.ServeMux) {
	mux.Handle("GET /login", r.flow.Login())
	mux.Handle("GET /login/callback", r.flow.Callback())
	mux.Handle("GET /logout", r.flow.Logout())
	mux.HandleFunc("GET /logged-out", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "bye") })
}

func (r *rp) lastError() *connection.FlowError {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errors) == 0 {
		return nil
	}
	return r.errors[len(r.errors)-1]
}

func newBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// startDemo starts the embedded demo provider with one client for the given
// redirect URIs (and the matching /logged-out post-logout URIs).
func startDemo(t *testing.T, redirects ...string) *demoprovider.Provider {
	t.Helper()
	var postLogout []string
	for _, r := range redirects {
		postLogout = append(postLogout, strings.TrimSuffix(r, "/login/callback")+"/logged-out")
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p, err := demoprovider.Start(ctx, "127.0.0.1:0", demoprovider.Config{
		Clients: []demoprovider.Client{{ID: "app", Secret: "app-secret", RedirectURIs: redirects, PostLogoutRedirectURIs: postLogout}},
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// demoLogin fills in the demo provider's login form on page.
func demoLogin(t *testing.T, browser *http.Client, page *http.Response, user, pass string) *http.Response {
	t.Helper()
	html := body(t, page)
	require.Equal(t, http.StatusOK, page.StatusCode, html)
	form := url.Values{"username": {user}, "password": {pass}, "action": {"login"}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(html, -1) {
		form.Set(m[1], htmlUnescape(m[2]))
	}
	action := regexp.MustCompile(`<form method="post" action="([^"]+)"`).FindStringSubmatch(html)
	require.Len(t, action, 2, "login form found")
	target, err := page.Request.URL.Parse(htmlUnescape(action[1]))
	require.NoError(t, err)
	resp, err := browser.PostForm(target.String(), form)
	require.NoError(t, err)
	return resp
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// reserveServer returns an unstarted server whose address is known, so the
// provider can register its callback before the RP starts.
func reserveServer(t *testing.T) (*httptest.Server, string) {
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	return srv, "http://" + srv.Listener.Addr().String()
}

// startDemoRP starts the demo provider and a relying party at base with
// the flow handlers mounted, the provider registering base's callback.
func startDemoRP(t *testing.T) (demo *demoprovider.Provider, r *rp, base string) {
	srv, base := reserveServer(t)
	demo = startDemo(t, base+"/login/callback")
	conn := connectionFor(t, "demo", demo.Issuer(), "app", "app-secret", nil)
	r = newRP(t, conn, rpOptions{server: srv})
	mux := http.NewServeMux()
	r.mount(mux)
	srv.Config.Handler = mux
	srv.Start()
	return demo, r, base
}

func TestFlowDemoProviderEndToEnd(t *testing.T) {
	demo, r, base := startDemoRP(t)

	browser := newBrowser(t)
	resp, err := browser.Get(base + "/login?returnTo=/account")
	require.NoError(t, err)
	require.Contains(t, resp.Request.URL.String(), demo.Issuer(), "the browser is at the provider")
	q := resp.Request.URL.Query()
	assert.Equal(t, "S256", q.Get("code_challenge_method"), "PKCE is used by default")
	assert.NotEmpty(t, q.Get("nonce"), "openid scope gets a nonce")

	resp = demoLogin(t, browser, resp, "demo", "demo")
	out := body(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	var user map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &user))
	assert.Equal(t, "oauth2|demo|"+demoprovider.DemoUser.Subject, user["user_id"])
	assert.Equal(t, demoprovider.DemoUser.Email, user["email"])
	assert.Equal(t, true, user["has_id_token"], "ctx carries the token response")

	r.mu.Lock()
	res := r.logins[0]
	r.mu.Unlock()
	assert.Equal(t, "/account", res.ReturnTo)
	assert.Equal(t, demoprovider.DemoUser.Subject, res.IDTokenClaims["sub"], "the ID token was verified")
	require.Len(t, res.Logs, 1)
	assert.Equal(t, "profile for "+demoprovider.DemoUser.Subject, res.Logs[0].Message)

	// The transaction cookie is gone after use.
	cbURL, _ := url.Parse(base + "/login/callback")
	for _, c := range browser.Jar.Cookies(cbURL) {
		assert.False(t, strings.HasPrefix(c.Name, "sc_tx_"), "transaction cookie %s left behind", c.Name)
	}

	// Federated logout ends the provider session: the next login shows the
	// provider's form again.
	resp, err = browser.Get(base + "/logout?returnTo=" + url.QueryEscape(base+"/logged-out"))
	require.NoError(t, err)
	assert.Equal(t, "bye", body(t, resp))
	assert.Equal(t, base+"/logged-out", resp.Request.URL.Scheme+"://"+resp.Request.URL.Host+resp.Request.URL.Path)
	resp, err = browser.Get(base + "/login")
	require.NoError(t, err)
	page := body(t, resp)
	assert.Contains(t, page, `name="password"`, "the provider asks for credentials again")
}

// TestFlowZitadelEndToEnd runs login → callback → profile → logout through
// the handlers against a real third-party OpenID Provider (zitadel/oidc's
// example OP).
func TestFlowZitadelEndToEnd(t *testing.T) {
	srv, base := reserveServer(t)
	opSrv := httptest.NewUnstartedServer(nil)
	t.Cleanup(opSrv.Close)
	issuer := "http://" + opSrv.Listener.Addr().String()
	const clientID, secret = "socialconn-flow", "flow-secret"
	storage.RegisterClients(storage.WebClient(clientID, secret, base+"/login/callback"))
	st := &postLogoutStorage{Storage: storage.NewStorage(storage.NewUserStore(issuer)), uris: []string{base + "/logged-out"}}
	opSrv.Config.Handler = exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false)
	opSrv.Start()

	conn := connectionFor(t, "zitadel", issuer, clientID, secret, func(o map[string]any) {
		o["scope"] = "openid profile email offline_access"
	})
	r := newRP(t, conn, rpOptions{server: srv})
	mux := http.NewServeMux()
	r.mount(mux)
	srv.Config.Handler = mux
	srv.Start()

	browser := newBrowser(t)
	resp, err := browser.Get(base + "/login")
	require.NoError(t, err)
	page := body(t, resp)
	require.Equal(t, "/login/username", resp.Request.URL.Path, "the OP shows its login form")
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(page)
	require.Len(t, m, 2)
	resp, err = browser.PostForm(issuer+"/login/username", url.Values{"id": {m[1]}, "username": {"test-user@127.0.0.1"}, "password": {"verysecure"}})
	require.NoError(t, err)
	out := body(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, "callback: %s (%v)", out, r.lastError())
	var user map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &user))
	assert.Equal(t, "oauth2|zitadel|id1", user["user_id"])
	assert.Equal(t, "test-user@zitadel.ch", user["email"])

	r.mu.Lock()
	res := r.logins[0]
	r.mu.Unlock()
	assert.Equal(t, "id1", res.IDTokenClaims["sub"], "ID token verified against the OP's keys")
	require.NotEmpty(t, res.Tokens.RefreshToken)

	// The provider-side grant works before logout...
	userinfo := discovery(t, issuer)["userinfo_endpoint"].(string)
	assert.Equal(t, http.StatusOK, bearerGet(t, userinfo, res.Tokens.AccessToken))

	// ...and federated logout (RP-initiated, id_token_hint) really ends it.
	resp, err = browser.Get(base + "/logout?returnTo=" + url.QueryEscape(base+"/logged-out"))
	require.NoError(t, err)
	assert.Equal(t, "bye", body(t, resp))
	assert.Equal(t, "/logged-out", resp.Request.URL.Path)
	assert.NotEqual(t, http.StatusOK, bearerGet(t, userinfo, res.Tokens.AccessToken), "access token refused after logout")
}

func bearerGet(t *testing.T, u, token string) int {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// postLogoutStorage registers post_logout_redirect_uris for the example OP's
// clients, which register none.
type postLogoutStorage struct {
	*storage.Storage
	uris []string
}

func (s *postLogoutStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return postLogoutClient{Client: c, uris: s.uris}, nil
}

type postLogoutClient struct {
	op.Client
	uris []string
}

func (c postLogoutClient) PostLogoutRedirectURIs() []string { return c.uris }

// TestFlowTwoReplicas starts a login on one instance and finishes it on
// another that shares the cookie keys, as replicas behind a load balancer.
func TestFlowTwoReplicas(t *testing.T) {
	srv, base := reserveServer(t)
	demo := startDemo(t, base+"/login/callback")
	conn := connectionFor(t, "demo", demo.Issuer(), "app", "app-secret", nil)
	keys := [][]byte{seal.GenerateKey()}
	a := newRP(t, conn, rpOptions{server: srv, keys: keys})
	b := newRP(t, conn, rpOptions{server: srv, keys: keys})
	// Login is served by a, the callback by b, on one origin.
	mux := http.NewServeMux()
	mux.Handle("GET /login", a.flow.Login())
	mux.Handle("GET /login/callback", b.flow.Callback())
	srv.Config.Handler = mux
	srv.Start()

	browser := newBrowser(t)
	resp, err := browser.Get(base + "/login")
	require.NoError(t, err)
	resp = demoLogin(t, browser, resp, "demo", "demo")
	out := body(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	assert.Contains(t, out, "oauth2|demo|")
	b.mu.Lock()
	assert.Len(t, b.logins, 1)
	b.mu.Unlock()
	a.mu.Lock()
	assert.Empty(t, a.logins)
	a.mu.Unlock()

	// A replica with other keys cannot finish a login.
	c := newRP(t, conn, rpOptions{server: srv})
	mux2 := http.NewServeMux()
	mux2.Handle("GET /login", a.flow.Login())
	mux2.Handle("GET /login/callback", c.flow.Callback())
	srv.Config.Handler = mux2
	resp, err = browser.Get(base + "/login")
	require.NoError(t, err)
	body(t, resp) // the provider session skips the form
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.NotNil(t, c.lastError())
	assert.Equal(t, connection.ErrCodeInvalidState, c.lastError().Code)
}

// TestFlowSeveralTabs runs two logins interleaved in one browser: each
// transaction has its own cookie.
func TestFlowSeveralTabs(t *testing.T) {
	_, r, base := startDemoRP(t)

	browser := newBrowser(t)
	tab1, err := browser.Get(base + "/login?returnTo=/one")
	require.NoError(t, err)
	tab2, err := browser.Get(base + "/login?returnTo=/two")
	require.NoError(t, err)
	// Finish tab 2 first, then tab 1 (the provider session now skips the form:
	// follow tab 1's authorize URL again by posting its form).
	resp := demoLogin(t, browser, tab2, "demo", "demo")
	require.Equal(t, http.StatusOK, resp.StatusCode, body(t, resp))
	resp = demoLogin(t, browser, tab1, "demo", "demo")
	require.Equal(t, http.StatusOK, resp.StatusCode, body(t, resp))
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Len(t, r.logins, 2)
	assert.Equal(t, "/two", r.logins[0].ReturnTo)
	assert.Equal(t, "/one", r.logins[1].ReturnTo)
}
