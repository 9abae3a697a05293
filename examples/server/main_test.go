package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/socialconn/socialconn/internal/demoprovider"
	"github.com/socialconn/socialconn/internal/syncbuf"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
}

type instance struct {
	base   string // the URL printed after "Open", without trailing slash
	addr   string // where it listens
	stderr *syncbuf.Buffer
}

var (
	openLine   = regexp.MustCompile(`Open (http://\S+)/ `)
	listenLine = regexp.MustCompile(`Listening on (\S+)`)
)

// startRun runs the program in-process, as main would, and stops it (SIGINT
// equivalent: ctx cancelled) at the end of the test, requiring a clean exit.
func startRun(t *testing.T, args ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err, "run after shutdown; stderr:\n%s", stderr)
		case <-time.After(15 * time.Second):
			t.Error("run did not return after its context was cancelled")
		}
	})
	inst := &instance{stderr: stderr}
	require.Eventually(t, func() bool {
		select {
		case err := <-done:
			done <- err
			return true
		default:
		}
		m, l := openLine.FindStringSubmatch(stdout.String()), listenLine.FindStringSubmatch(stdout.String())
		if m == nil || l == nil {
			return false
		}
		inst.base, inst.addr = m[1], l[1]
		return true
	}, 10*time.Second, 10*time.Millisecond)
	require.NotEmpty(t, inst.base, "run stopped early; stderr:\n%s", stderr)
	return inst
}

// browser is a cookie-jar client that follows redirects and remembers every
// URL it visited.
type browser struct {
	t      *testing.T
	client *http.Client
	hops   []*url.URL
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	b := &browser{t: t}
	b.client = &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > 10 {
				return http.ErrUseLastResponse
			}
			b.hops = append(b.hops, req.URL)
			return nil
		}}
	return b
}

type page struct {
	status int
	url    *url.URL // final URL after redirects
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	b.hops = append(b.hops, req.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return page{status: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: string(body)}
}

func (b *browser) get(u string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(b.t, err)
	return b.do(req)
}

// noFollow makes one request without following a redirect.
func (b *browser) noFollow(u string) page {
	b.t.Helper()
	c := *b.client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(u)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: string(body)}
}

var (
	formAction  = regexp.MustCompile(`<form method="post" action="([^"]+)">`)
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// isProviderLoginForm reports whether p is the demo provider's sign-in page.
func isProviderLoginForm(p page, base string) bool {
	return p.status == http.StatusOK && !strings.HasPrefix(p.url.String(), base) &&
		p.url.Path == "/authorize" && formAction.MatchString(p.body) && strings.Contains(p.body, `name="password"`)
}

// submitLogin fills the provider's form the way a user would.
func (b *browser) submitLogin(form page, username, password string) page {
	b.t.Helper()
	m := formAction.FindStringSubmatch(form.body)
	require.NotNil(b.t, m, "no login form in:\n%s", form.body)
	v := url.Values{"username": {username}, "password": {password}, "action": {"login"}}
	for _, h := range hiddenInput.FindAllStringSubmatch(form.body, -1) {
		v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	req, err := http.NewRequest(http.MethodPost, html.UnescapeString(m[1]), strings.NewReader(v.Encode()))
	require.NoError(b.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// hop returns the first visited URL with the path on a host other than base.
func (b *browser) hop(path string, notOn string) *url.URL {
	for _, u := range b.hops {
		if u.Path == path && !strings.HasPrefix(u.String(), notOn) {
			return u
		}
	}
	return nil
}

func (b *browser) hopOn(prefix string) *url.URL {
	for _, u := range b.hops {
		if strings.HasPrefix(u.String(), prefix) {
			return u
		}
	}
	return nil
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &m), s)
	return m
}

func TestEndToEndWithDemoProvider(t *testing.T) {
	srv := startRun(t)
	base := srv.base
	b := newBrowser(t)

	home := b.get(base + "/")
	require.Equal(t, http.StatusOK, home.status)
	assert.Contains(t, home.body, `href="/login"`)
	assert.Contains(t, home.body, "Not logged in")

	// /login sends the browser to the provider, which asks for a password.
	form := b.get(base + "/login")
	require.True(t, isProviderLoginForm(form, base), "want the provider's login form, got %d at %s:\n%s", form.status, form.url, form.body)
	authz := form.url.Query()
	assert.Equal(t, base+"/login/callback", authz.Get("redirect_uri"))
	assert.Equal(t, "S256", authz.Get("code_challenge_method"))
	assert.NotEmpty(t, authz.Get("nonce"))

	b.hops = nil
	done := b.submitLogin(form, "demo", "demo")
	require.Equal(t, http.StatusOK, done.status, done.body)
	assert.Equal(t, base+"/", done.url.String(), "the login returns to the home page")
	assert.Contains(t, done.body, "Demo User")
	cb := b.hopOn(base + "/login/callback")
	require.NotNil(t, cb, "the provider redirected to the callback")
	code := cb.Query().Get("code")
	require.NotEmpty(t, code)

	prof := b.get(base + "/profile")
	require.Equal(t, http.StatusOK, prof.status, prof.body)
	assert.Equal(t, "application/json", prof.header.Get("Content-Type"))
	u := decodeJSON(t, prof.body)
	assert.Equal(t, "oauth2|demo|"+demoprovider.DemoUser.Subject, u["user_id"])
	assert.Equal(t, demoprovider.DemoUser.Email, u["email"])
	assert.Equal(t, true, u["email_verified"])
	assert.Equal(t, demoprovider.DemoUser.Name, u["name"])
	assert.Equal(t, demoprovider.DemoUser.GivenName, u["given_name"])
	assert.Equal(t, demoprovider.DemoUser.FamilyName, u["family_name"])
	ids, _ := u["identities"].([]any)
	require.Len(t, ids, 1)
	id := ids[0].(map[string]any)
	assert.Equal(t, "oauth2", id["provider"])
	assert.Equal(t, "demo", id["connection"])
	assert.Equal(t, "demo|"+demoprovider.DemoUser.Subject, id["user_id"])
	assert.NotContains(t, id, "access_token", "provider tokens stay on the server")

	// While the provider session lives, a new login needs no password: this
	// is what federated logout must end.
	again := b.get(base + "/login")
	require.Equal(t, http.StatusOK, again.status)
	assert.Equal(t, base+"/", again.url.String(), "silent re-login through the provider session")

	b.hops = nil
	out := b.get(base + "/logout?returnTo=" + url.QueryEscape(base+"/"))
	require.Equal(t, http.StatusOK, out.status, out.body)
	assert.Equal(t, base+"/", out.url.Scheme+"://"+out.url.Host+out.url.Path, "back home after logout")
	assert.Contains(t, out.body, "Not logged in")
	endSession := b.hop("/logout", base)
	require.NotNil(t, endSession, "the browser went through the provider's end-session endpoint: %v", b.hops)
	idToken := endSession.Query().Get("id_token_hint")
	assert.NotEmpty(t, idToken, "the session's ID token is the logout hint")
	assert.Equal(t, base+"/", endSession.Query().Get("post_logout_redirect_uri"))

	gone := b.get(base + "/profile")
	assert.Equal(t, http.StatusUnauthorized, gone.status)
	assert.Equal(t, "unauthorized", decodeJSON(t, gone.body)["error"])

	relogin := b.get(base + "/login")
	assert.True(t, isProviderLoginForm(relogin, base), "after logout the provider asks for the password again; got %d at %s", relogin.status, relogin.url)

	logs := srv.stderr.String()
	assert.Contains(t, logs, "login completed")
	assert.NotContains(t, logs, code, "authorization codes are never logged")
	assert.NotContains(t, logs, idToken, "ID tokens are never logged")
}

func TestLoginReturnsToLocalPath(t *testing.T) {
	srv := startRun(t)
	b := newBrowser(t)
	form := b.get(srv.base + "/login?returnTo=" + url.QueryEscape("/profile"))
	require.True(t, isProviderLoginForm(form, srv.base))
	done := b.submitLogin(form, "demo", "demo")
	require.Equal(t, http.StatusOK, done.status, done.body)
	assert.Equal(t, srv.base+"/profile", done.url.String())
	assert.Equal(t, "oauth2|demo|"+demoprovider.DemoUser.Subject, decodeJSON(t, done.body)["user_id"])
}

func TestRefusesForeignReturnTo(t *testing.T) {
	srv := startRun(t)
	tests := []struct {
		name string
		path string
	}{
		{"logout to another site", "/logout?returnTo=" + url.QueryEscape("https://evil.example/")},
		{"logout to another port of this host", "/logout?returnTo=" + url.QueryEscape("http://127.0.0.1:1/")},
		{"login to a scheme-relative URL", "/login?returnTo=" + url.QueryEscape("//evil.example")},
		{"login to a backslash URL", "/login?returnTo=" + url.QueryEscape(`/\evil.example`)},
		{"login to another site", "/login?returnTo=" + url.QueryEscape("https://evil.example/")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newBrowser(t).noFollow(srv.base + tt.path)
			assert.GreaterOrEqual(t, p.status, 400)
			assert.Less(t, p.status, 500)
			assert.Empty(t, p.header.Get("Location"), "no redirect anywhere")
			assert.NotContains(t, p.body, "evil.example")
			assert.Contains(t, p.body, "invalid_return_to")
		})
	}
	// The same requests with this server's own origin are accepted.
	assert.Equal(t, http.StatusFound, newBrowser(t).noFollow(srv.base+"/login?returnTo="+url.QueryEscape(srv.base+"/")).status)
	assert.Equal(t, http.StatusFound, newBrowser(t).noFollow(srv.base+"/logout?returnTo="+url.QueryEscape(srv.base+"/")).status)
}

func TestInvalidConnectionFileStopsStartup(t *testing.T) {
	dir := t.TempDir()
	const secret = "TOPSECRET-client-secret-value"
	tests := []struct {
		name      string
		doc       string
		wantLines []string
	}{
		{
			name: "validation problems are all listed",
			doc: `{"name": "bad name", "strategy": "oauth1", "options": {
				"authorizationURL": "http://idp.example.com/authorize",
				"logoutUrl": "javascript:alert(1)",
				"client_secret": "` + secret + `"}}`,
			wantLines: []string{
				"connection: name:",
				"connection: strategy:",
				"connection: options.authorizationURL:",
				"connection: options.tokenURL:",
				"connection: options.client_id:",
				"connection: options.logoutUrl:",
			},
		},
		{
			name:      "syntax error names the position",
			doc:       `{"name": "x", "options": {"client_secret": "` + secret + `",}`,
			wantLines: []string{"line 1, column"},
		},
		{
			name:      "wrong type names the field",
			doc:       `{"name": "x", "strategy": "oauth2", "options": {"pkce_enabled": "yes", "client_secret": "` + secret + `"}}`,
			wantLines: []string{"options.pkce_enabled"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".json")
			require.NoError(t, os.WriteFile(path, []byte(tt.doc), 0o600))
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := run(ctx, []string{"-addr", "127.0.0.1:0", "-connection", path}, &stdout, &stderr)
			require.Error(t, err)
			assert.Equal(t, 2, exitCode(err))
			assert.Empty(t, stdout.String(), "nothing started")
			for _, want := range tt.wantLines {
				assert.Contains(t, stderr.String(), want)
			}
			assert.NotContains(t, stderr.String(), secret)
			assert.NotContains(t, stderr.String(), "javascript:")
		})
	}
}

func TestBadFlagsExitTwo(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"short cookie key", []string{"-cookie-key", "c2hvcnQ="}, "-cookie-key"},
		{"public URL with a path", []string{"-public-url", "https://app.example.com/app"}, "-public-url"},
		{"unknown flag", []string{"-nope"}, "nope"},
		{"missing connection file", []string{"-connection", "/does/not/exist.json"}, "exist.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			require.Error(t, err)
			assert.Equal(t, 2, exitCode(err))
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
	assert.Equal(t, 0, exitCode(run(context.Background(), []string{"-h"}, io.Discard, io.Discard)))
}

// TestInstancesShareCookieKey puts two instances behind one public URL, as
// replicas behind a load balancer: the login starts on one and the provider
// sends the browser back to the other.
func TestInstancesShareCookieKey(t *testing.T) {
	tests := []struct {
		name     string
		keyA     string
		keyB     string
		wantDone bool
	}{
		{"same key: the other instance finishes the login", strings.Repeat("ab", 32), strings.Repeat("ab", 32), true},
		{"different keys: the transaction cannot be opened", strings.Repeat("ab", 32), strings.Repeat("cd", 32), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb := httptest.NewUnstartedServer(nil)
			publicURL := "http://" + lb.Listener.Addr().String()

			ctx, cancel := context.WithCancel(context.Background())
			op, err := demoprovider.Start(ctx, "127.0.0.1:0", demoprovider.Config{Clients: []demoprovider.Client{{
				ID: demoClientID, Secret: "shared-secret", RedirectURIs: []string{publicURL + callbackPath},
			}}})
			require.NoError(t, err)
			t.Cleanup(func() { cancel(); _ = op.Close() })
			doc, err := demoConnectionJSON(op.Issuer(), "shared-secret")
			require.NoError(t, err)
			connFile := filepath.Join(t.TempDir(), "demo.json")
			require.NoError(t, os.WriteFile(connFile, doc, 0o600))

			a := startRun(t, "-connection", connFile, "-public-url", publicURL, "-cookie-key", tt.keyA)
			bInst := startRun(t, "-connection", connFile, "-public-url", publicURL, "-cookie-key", tt.keyB)
			assert.Equal(t, publicURL, a.base)

			proxyTo := func(addr string) *httputil.ReverseProxy {
				return httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: addr})
			}
			toA, toB := proxyTo(a.addr), proxyTo(bInst.addr)
			lb.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/login" {
					toA.ServeHTTP(w, r)
					return
				}
				toB.ServeHTTP(w, r)
			})
			lb.Start()
			t.Cleanup(lb.Close)

			br := newBrowser(t)
			form := br.get(publicURL + "/login")
			require.True(t, isProviderLoginForm(form, publicURL), "%d %s", form.status, form.url)
			done := br.submitLogin(form, "demo", "demo")
			if tt.wantDone {
				require.Equal(t, http.StatusOK, done.status, done.body)
				assert.Equal(t, publicURL+"/", done.url.String())
				assert.Contains(t, done.body, "Demo User")
				assert.Equal(t, http.StatusOK, br.get(publicURL+"/profile").status)
				assert.Contains(t, bInst.stderr.String(), "login completed")
			} else {
				assert.Equal(t, http.StatusBadRequest, done.status)
				assert.Contains(t, done.body, "invalid_state")
				assert.Equal(t, http.StatusUnauthorized, br.get(publicURL+"/profile").status)
				assert.NotContains(t, bInst.stderr.String(), "login completed")
			}
			assert.Contains(t, a.stderr.String(), "login started")
			assert.NotContains(t, a.stderr.String(), "login completed", "the callback never reached A")
		})
	}
}

func TestParseCookieKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xfe}, 32)
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		{"hex", hex.EncodeToString(key), false},
		{"hex upper case", strings.ToUpper(hex.EncodeToString(key)), false},
		{"base64 padded", "/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v4=", false},
		{"base64url raw", "_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v4", false},
		{"surrounding blanks", " " + hex.EncodeToString(key) + "\n", false},
		{"too short hex", hex.EncodeToString(key[:16]), true},
		{"too long base64", "/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+", true},
		{"not an encoding", "correct horse battery staple", true},
		{"empty", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCookieKey(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				if tt.in != "" {
					assert.NotContains(t, err.Error(), strings.TrimSpace(tt.in), "the key is not echoed")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, key, got)
		})
	}
}

func FuzzParseCookieKey(f *testing.F) {
	f.Add(strings.Repeat("ab", 32))
	f.Add("/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v4=")
	f.Add("_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v4")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := parseCookieKey(s)
		if err == nil && len(k) != 32 {
			t.Fatalf("accepted a %d-byte key", len(k))
		}
		if err != nil && len(s) >= 8 && strings.Contains(err.Error(), s) {
			t.Fatalf("error echoes the input")
		}
	})
}

func TestParsePublicURL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{"https origin", "https://app.example.com", "https://app.example.com", false},
		{"trailing slash", "https://app.example.com/", "https://app.example.com", false},
		{"port", "http://127.0.0.1:8080", "http://127.0.0.1:8080", false},
		{"path", "https://app.example.com/app", "", true},
		{"query", "https://app.example.com/?a=b", "", true},
		{"fragment", "https://app.example.com/#x", "", true},
		{"credentials", "https://user:pw@app.example.com", "", true},
		{"no scheme", "app.example.com", "", true},
		{"other scheme", "ftp://app.example.com", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePublicURL(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestLoginParamsFeedAuthParamsMap runs a -connection file whose
// authParamsMap copies the login request's "email" into the provider's
// login_hint.
func TestLoginParamsFeedAuthParamsMap(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	lb := httptest.NewUnstartedServer(nil) // reserves the public address
	publicURL := "http://" + lb.Listener.Addr().String()
	t.Cleanup(func() { _ = lb.Listener.Close() })
	op, err := demoprovider.Start(ctx, "127.0.0.1:0", demoprovider.Config{Clients: []demoprovider.Client{{
		ID: demoClientID, Secret: "s", RedirectURIs: []string{publicURL + callbackPath},
	}}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = op.Close() })
	doc, err := demoConnectionJSON(op.Issuer(), "s")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m["options"].(map[string]any)["authParamsMap"] = map[string]string{"login_hint": "email"}
	doc, err = json.Marshal(m)
	require.NoError(t, err)
	connFile := filepath.Join(t.TempDir(), "conn.json")
	require.NoError(t, os.WriteFile(connFile, doc, 0o600))

	srv := startRun(t, "-connection", connFile, "-public-url", publicURL)
	p := newBrowser(t).noFollow("http://" + srv.addr + "/login?email=" + url.QueryEscape("ada@example.com"))
	require.Equal(t, http.StatusFound, p.status, p.body)
	loc, err := url.Parse(p.header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, op.Issuer()+"/authorize", loc.Scheme+"://"+loc.Host+loc.Path)
	assert.Equal(t, "ada@example.com", loc.Query().Get("login_hint"))
	assert.Equal(t, publicURL+callbackPath, loc.Query().Get("redirect_uri"), "the callback comes from -public-url, not the Host header")
	assert.Contains(t, srv.stderr.String(), "public_url="+publicURL)
}

// A connection file whose script does not compile stops the server with
// status 2 and names the script's JSON path.
func TestScriptCompileErrorIsAConfigError(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "conn.json")
	doc := `{"name":"broken","strategy":"oauth2","options":{"authorizationURL":"https://idp.example/a","tokenURL":"https://idp.example/t","client_id":"c","scripts":{"fetchUserProfile":"function (a, c, cb) { cb(null, "}}}`
	require.NoError(t, os.WriteFile(file, []byte(doc), 0o600))
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-connection", file, "-addr", "127.0.0.1:0"}, &stdout, &stderr)
	require.Error(t, err)
	assert.Equal(t, 2, exitCode(err))
	assert.Contains(t, stderr.String(), "options.scripts.fetchUserProfile: does not compile")
}
