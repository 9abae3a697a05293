package demoprovider

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/fakeclock"
)

const (
	appID       = "app"
	appSecret   = "app-secret-s3cr3t"
	appCallback = "https://app.example.com/login/callback"
	appLogout   = "https://app.example.com/logged-out"
	otherID     = "other"
	otherSecret = "other-secret"
	publicID    = "spa"
	spaCallback = "http://127.0.0.1:5173/callback"
)

type harness struct {
	t      *testing.T
	p      *Provider
	srv    *httptest.Server
	clock  *fakeclock.Clock
	client *http.Client // browser: cookie jar, no automatic redirects
}

func testClients() []Client {
	return []Client{
		{ID: appID, Secret: appSecret, RedirectURIs: []string{appCallback, "https://app.example.com/cb?tenant=a"}, PostLogoutRedirectURIs: []string{appLogout}},
		{ID: otherID, Secret: otherSecret, RedirectURIs: []string{"https://other.example.com/cb"}},
		{ID: publicID, RedirectURIs: []string{spaCallback}},
	}
}

func newHarness(t *testing.T, mutate ...func(*Config)) *harness {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	clk := fakeclock.New(time.Now().Truncate(time.Second))
	cfg := Config{
		Issuer:  "http://" + srv.Listener.Addr().String(),
		Clients: testClients(),
		Now:     clk.Now,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	p, err := New(cfg)
	require.NoError(t, err)
	srv.Config.Handler = p.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &harness{
		t: t, p: p, srv: srv, clock: clk,
		client: &http.Client{
			Jar:           jar,
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// newBrowser forgets every cookie, as a fresh browser would.
func (h *harness) newBrowser() {
	jar, err := cookiejar.New(nil)
	require.NoError(h.t, err)
	h.client.Jar = jar
}

type response struct {
	status   int
	header   http.Header
	body     string
	location *url.URL
}

func (h *harness) do(req *http.Request) response {
	h.t.Helper()
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	r := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if loc := resp.Header.Get("Location"); loc != "" {
		r.location, err = url.Parse(loc)
		require.NoError(h.t, err)
	}
	return r
}

func (h *harness) get(path string, q url.Values) response {
	h.t.Helper()
	u := h.p.Issuer() + path
	if q != nil {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(h.t, err)
	return h.do(req)
}

func (h *harness) postForm(path string, form url.Values, mod ...func(*http.Request)) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.p.Issuer()+path, strings.NewReader(form.Encode()))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, m := range mod {
		m(req)
	}
	return h.do(req)
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.body), &m), r.body)
	return m
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// submitLogin fills in the login form found in page as a browser would.
func (h *harness) submitLogin(page response, username, password, action string) response {
	h.t.Helper()
	require.Contains(h.t, []int{http.StatusOK, http.StatusUnauthorized}, page.status, page.body)
	require.Contains(h.t, page.body, `<form method="post"`)
	form := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(page.body, -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	form.Set("username", username)
	form.Set("password", password)
	form.Set("action", action)
	return h.postForm("/authorize", form)
}

func authParamsFor(clientID, redirectURI, state, nonce, challenge string, scope string) url.Values {
	q := url.Values{
		"client_id":     {clientID},
		"redirect_uri":  {redirectURI},
		"response_type": {"code"},
		"scope":         {scope},
		"state":         {state},
	}
	if nonce != "" {
		q.Set("nonce", nonce)
	}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	return q
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// codeFrom checks an authorization response redirect and returns its code.
func (h *harness) codeFrom(r response, redirectURI, state string) string {
	h.t.Helper()
	require.Contains(h.t, []int{http.StatusFound, http.StatusSeeOther}, r.status, r.body)
	require.NotNil(h.t, r.location)
	q := r.location.Query()
	require.Empty(h.t, q.Get("error"), q.Get("error_description"))
	base := *r.location
	base.RawQuery = ""
	want, _ := url.Parse(redirectURI)
	wantBase := *want
	wantBase.RawQuery = ""
	require.Equal(h.t, wantBase.String(), base.String())
	for k, v := range want.Query() {
		require.Equal(h.t, v, q[k], "redirect_uri query parameter %s kept", k)
	}
	require.Equal(h.t, state, q.Get("state"))
	require.Equal(h.t, h.p.Issuer(), q.Get("iss"))
	require.NotEmpty(h.t, q.Get("code"))
	return q.Get("code")
}

// loginCode runs authorize → form → login and returns the code.
func (h *harness) loginCode(q url.Values) string {
	h.t.Helper()
	page := h.get("/authorize", q)
	r := h.submitLogin(page, "demo", "demo", "login")
	require.Equal(h.t, http.StatusSeeOther, r.status, r.body)
	return h.codeFrom(r, q.Get("redirect_uri"), q.Get("state"))
}

func (h *harness) token(form url.Values, basicID, basicSecret string) response {
	h.t.Helper()
	return h.postForm("/token", form, func(req *http.Request) {
		if basicID != "" {
			req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
		}
	})
}

func codeGrant(code, redirectURI, verifier string) url.Values {
	f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI}}
	if verifier != "" {
		f.Set("code_verifier", verifier)
	}
	return f
}

func withPost(f url.Values, id, secret string) url.Values {
	f.Set("client_id", id)
	if secret != "" {
		f.Set("client_secret", secret)
	}
	return f
}

func (h *harness) userinfo(accessToken string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.p.Issuer()+"/userinfo", nil)
	require.NoError(h.t, err)
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	return h.do(req)
}
