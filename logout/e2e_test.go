package logout

import (
	"context"
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

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/oauth2"
)

// opStorage is zitadel's example storage with registered
// post_logout_redirect_uris: the example's clients register none, so the OP
// would refuse every post_logout_redirect_uri. Everything else, including
// session termination, is the example's own code.
type opStorage struct {
	*storage.Storage
	postLogout map[string][]string
}

func (s *opStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	if uris, ok := s.postLogout[id]; ok {
		return postLogoutClient{Client: c, uris: uris}, nil
	}
	return c, nil
}

type postLogoutClient struct {
	op.Client
	uris []string
}

func (c postLogoutClient) PostLogoutRedirectURIs() []string { return c.uris }

// rpServer plays the relying party's callback and post-logout pages and
// records what the browser brought to them.
type rpServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string][]url.Values // path → queries
}

func newRPServer(t *testing.T) *rpServer {
	rp := &rpServer{seen: map[string][]url.Values{}}
	rp.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rp.mu.Lock()
		rp.seen[r.URL.Path] = append(rp.seen[r.URL.Path], r.URL.Query())
		rp.mu.Unlock()
		_, _ = io.WriteString(w, "rp page "+r.URL.Path)
	}))
	t.Cleanup(rp.Close)
	return rp
}

func (rp *rpServer) visits(path string) []url.Values {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return append([]url.Values(nil), rp.seen[path]...)
}

var loginIDPattern = regexp.MustCompile(`name="id" value="([^"]+)"`)

// TestEndToEndRPInitiatedLogout logs a user in at a real OpenID Provider
// (zitadel/oidc's example OP) through its login form, then performs federated
// logout with an EndSession discovered from that OP, following the URL
// Resolve returns with the same browser.
//
// The example OP keeps no browser session (prompt=none always answers
// login_required and it sets no session cookie); what its end_session
// endpoint ends is the user's grant to the client: it deletes the access and
// refresh tokens of the (user, client) named by id_token_hint. So the session
// is proven by the tokens working before logout and failing after it.
func TestEndToEndRPInitiatedLogout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an OpenID Provider")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	rp := newRPServer(t)
	const clientID, clientSecret = "socialconn-e2e", "e2e-secret"
	callback := rp.URL + "/callback"
	loggedOut := rp.URL + "/logged-out"

	// The OP, issuer = its own URL.
	opSrv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + opSrv.Listener.Addr().String()
	storage.RegisterClients(storage.WebClient(clientID, clientSecret, callback))
	st := &opStorage{
		Storage:    storage.NewStorage(storage.NewUserStore(issuer)),
		postLogout: map[string][]string{clientID: {loggedOut}},
	}
	opSrv.Config.Handler = exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false)
	opSrv.Start()
	t.Cleanup(opSrv.Close)

	// A browser: cookie jar, follows redirects.
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}

	// Relying party side: discovery, code flow with PKCE.
	provider, err := oidc.NewProvider(ctx, issuer)
	require.NoError(t, err)
	conf := &oauth2.Config{
		ClientID: clientID, ClientSecret: clientSecret, RedirectURL: callback,
		Endpoint: provider.Endpoint(),
		Scopes:   []string{oidc.ScopeOpenID, "profile", oidc.ScopeOfflineAccess},
	}
	verifier := oauth2.GenerateVerifier()
	resp, err := browser.Get(conf.AuthCodeURL("login-state", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "consent")))
	require.NoError(t, err)
	page := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	require.Equal(t, "/login/username", resp.Request.URL.Path, "the OP shows its login form")
	m := loginIDPattern.FindStringSubmatch(page)
	require.Len(t, m, 2, "login form carries the auth request id")

	// Wrong password first: the OP must really check credentials.
	resp, err = browser.PostForm(issuer+"/login/username", url.Values{"id": {m[1]}, "username": {"test-user@127.0.0.1"}, "password": {"wrong"}})
	require.NoError(t, err)
	assert.Contains(t, readAll(t, resp), "username or password wrong")
	assert.Empty(t, rp.visits("/callback"))

	resp, err = browser.PostForm(issuer+"/login/username", url.Values{"id": {m[1]}, "username": {"test-user@127.0.0.1"}, "password": {"verysecure"}})
	require.NoError(t, err)
	readAll(t, resp)
	require.Equal(t, "/callback", resp.Request.URL.Path, "login redirects back to the RP")
	cb := resp.Request.URL.Query()
	require.Equal(t, "login-state", cb.Get("state"))
	require.NotEmpty(t, cb.Get("code"))

	tok, err := conf.Exchange(ctx, cb.Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	rawIDToken, _ := tok.Extra("id_token").(string)
	require.NotEmpty(t, rawIDToken)
	idToken, err := provider.Verifier(&oidc.Config{ClientID: clientID}).Verify(ctx, rawIDToken)
	require.NoError(t, err)
	assert.Equal(t, "id1", idToken.Subject)
	require.NotEmpty(t, tok.RefreshToken)

	// The example OP has no browser session to probe: prompt=none answers
	// login_required even right after a login.
	resp, err = browser.Get(conf.AuthCodeURL("probe", oauth2.SetAuthURLParam("prompt", "none")))
	require.NoError(t, err)
	readAll(t, resp)
	assert.Equal(t, "login_required", resp.Request.URL.Query().Get("error"))

	// The provider-side session exists: the grant's tokens work.
	ui, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	require.NoError(t, err, "access token accepted before logout")
	assert.Equal(t, "id1", ui.Subject)

	// Federated logout: discover, resolve, follow.
	es, err := DiscoverEndSession(ctx, issuer, nil)
	require.NoError(t, err)
	assert.Equal(t, issuer+"/end_session", es.Endpoint())

	cfg := Config{EndSession: es, ClientID: clientID, AllowList: mustAllowList(t, loggedOut)}

	// An unlisted returnTo never reaches the OP.
	_, err = Resolve(ctx, cfg, Request{
		Query:       url.Values{"federated": {""}, "returnTo": {"https://evil.example/"}},
		IDTokenHint: rawIDToken,
	})
	require.ErrorIs(t, err, ErrReturnToNotAllowed)
	assert.NotContains(t, err.Error(), rawIDToken)
	_, err = provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	require.NoError(t, err, "session untouched by a refused logout")

	res, err := Resolve(ctx, cfg, Request{
		Query:       url.Values{"federated": {""}, "returnTo": {loggedOut}, "client_id": {"auth0-app"}},
		IDTokenHint: rawIDToken,
		State:       "logout-state",
	})
	require.NoError(t, err)
	require.Equal(t, KindEndSession, res.Kind)
	assert.Equal(t, loggedOut, res.ReturnTo)

	resp, err = browser.Get(res.URL)
	require.NoError(t, err)
	body := readAll(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, loggedOut+"?state=logout-state", resp.Request.URL.String(), "the browser lands on the validated returnTo")
	assert.Equal(t, []url.Values{{"state": {"logout-state"}}}, rp.visits("/logged-out"))

	// The provider-side session is gone: both tokens are refused.
	_, err = provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	require.Error(t, err, "access token refused after logout")
	_, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	require.Error(t, err, "refresh token refused after logout")
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_grant", re.ErrorCode)
}

// TestEndToEndUnregisteredRedirect shows that the OP itself refuses a
// post_logout_redirect_uri it does not know, so allow-list and provider
// registration must agree: Resolve's check is not a substitute for the
// provider's, nor the reverse.
func TestEndToEndUnregisteredRedirect(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an OpenID Provider")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opSrv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + opSrv.Listener.Addr().String()
	const clientID = "socialconn-e2e-unregistered"
	storage.RegisterClients(storage.WebClient(clientID, "s", "http://127.0.0.1:1/cb"))
	st := &opStorage{Storage: storage.NewStorage(storage.NewUserStore(issuer))}
	opSrv.Config.Handler = exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false)
	opSrv.Start()
	t.Cleanup(opSrv.Close)

	es, err := DiscoverEndSession(ctx, issuer, nil)
	require.NoError(t, err)
	res, err := Resolve(ctx, Config{EndSession: es, ClientID: clientID, AllowList: mustAllowList(t, "https://app.example.com/bye")},
		Request{Query: url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye"}}})
	require.NoError(t, err)

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(res.URL)
	require.NoError(t, err)
	body := readAll(t, resp)
	assert.NotEqual(t, http.StatusFound, resp.StatusCode)
	assert.True(t, strings.Contains(body, "post_logout_redirect_uri invalid"), body)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	require.NoError(t, err)
	return string(b)
}
