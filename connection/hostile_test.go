package connection_test

// Hostile providers against the token exchange and the login flow: each
// must give a clear error within the configured time and memory, never
// follow the provider elsewhere, and leak no secret, code or token into
// errors or logs. Each test ends with goleak.VerifyNone (ignoring the
// goroutines that existed when it started).

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/internal/seal"
	"github.com/socialconn/socialconn/internal/syncbuf"
	"github.com/socialconn/socialconn/script"
)

const (
	hostileDeadline = 500 * time.Millisecond
	hostileBound    = 3 * time.Second
	hostileSecret   = "client-secret-do-not-leak"
	hostileCode     = "auth-code-do-not-leak"
	hostileVerifier = "pkce-verifier-do-not-leak-0123456789abcdefghijk"
	hostileAccess   = "access-token-do-not-leak"
)

// recordingClient is a safehttp client with the default destination policy
// that also records every address it was asked to dial.
type recordingClient struct {
	*http.Client
	mu     sync.Mutex
	dialed []netip.Addr
}

// regexpClock ignores regexp2's shared clock goroutine: matches in scripts
// are time-bounded (script.MaxRegexpMatchTime), and the clock that measures
// them lives about two seconds past the last match, for the whole process.
var regexpClock = goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock")

func newRecordingClient() *recordingClient {
	rc := &recordingClient{}
	rc.Client = safehttp.NewClient(safehttp.Options{Policy: func(host string, ip netip.Addr) error {
		rc.mu.Lock()
		rc.dialed = append(rc.dialed, ip)
		rc.mu.Unlock()
		return safehttp.DefaultPolicy(host, ip)
	}})
	return rc
}

func (rc *recordingClient) addrs() []netip.Addr {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]netip.Addr(nil), rc.dialed...)
}

// memDuring returns f's duration and the bytes allocated while it ran.
func memDuring(f func()) (time.Duration, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return elapsed, after.TotalAlloc - before.TotalAlloc
}

// tokenGzipBomb is ~2 MiB of gzip (128 members of 16 MiB of zeros) that
// expands to 2 GiB.
var tokenGzipBomb = sync.OnceValue(func() []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 16; i++ {
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	return bytes.Repeat(member.Bytes(), 128)
})

func TestHostileTokenEndpoint(t *testing.T) {
	bomb := tokenGzipBomb()
	release := make(chan struct{})
	defer close(release)
	// The server notices a client going away only once the request body
	// has been read, so a hanging handler reads it first.
	wait := func(r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	reply := connection.RawReply
	tests := []struct {
		name    string
		handler http.HandlerFunc
		opts    []connection.TokenOption
		// check inspects a failed exchange; nil means success is expected
		// and wantTok checks it.
		check    func(t *testing.T, te *connection.TokenError)
		wantTok  func(t *testing.T, tok *connection.TokenResponse)
		maxAlloc uint64
	}{
		{name: "hangs without a byte", handler: func(w http.ResponseWriter, r *http.Request) { wait(r) },
			check: func(t *testing.T, te *connection.TokenError) {
				assert.ErrorIs(t, te, context.DeadlineExceeded)
				assert.Zero(t, te.StatusCode)
			}},
		{name: "trickles 1 byte per 100ms", handler: connection.TrickleJSON(release, 100*time.Millisecond),
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, context.DeadlineExceeded) }},
		{name: "endless body", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			chunk := bytes.Repeat([]byte(" "), 32<<10)
			_, _ = io.WriteString(w, `{"access_token":"AT",`)
			for i := 0; i < 1<<15; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, opts: []connection.TokenOption{connection.WithTokenTimeout(2 * time.Second)}, // a timeout must not pass for the cap
			check: func(t *testing.T, te *connection.TokenError) {
				assert.ErrorIs(t, te, safehttp.ErrBodyTooLarge)
				assert.Equal(t, 200, te.StatusCode)
			}, maxAlloc: 64 << 20},
		// ~2 MiB compressed, under the 4 MiB cap: only a cap on the
		// decompressed size (the transport decompresses) stops it.
		{name: "gzip bomb", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		}, opts: []connection.TokenOption{connection.WithMaxTokenResponseBytes(4 << 20), connection.WithTokenTimeout(2 * time.Second)},
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, safehttp.ErrBodyTooLarge) }, maxAlloc: 128 << 20},
		{name: "HTML with 200", handler: reply(200, "text/html", "<html><body>Welcome</body></html>"),
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, connection.ErrNoAccessToken) }},
		{name: "HTML with 502", handler: reply(502, "text/html", "<html>Bad Gateway "+hostileSecret+"</html>"),
			check: func(t *testing.T, te *connection.TokenError) {
				assert.Equal(t, 502, te.StatusCode)
				assert.Empty(t, te.ErrorCode)
			}},
		{name: "truncated JSON", handler: reply(200, "application/json", `{"access_token":"AT","token_type":`),
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, connection.ErrNoAccessToken) }},
		{name: "JSON array", handler: reply(200, "application/json", `[{"access_token":"AT"}]`),
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, connection.ErrNoAccessToken) }},
		{name: "error JSON with 200", handler: reply(200, "application/json", `{"error":"invalid_grant","error_description":"code `+hostileCode+` was used","access_token":"`+hostileAccess+`"}`),
			check: func(t *testing.T, te *connection.TokenError) {
				assert.Equal(t, 200, te.StatusCode)
				assert.Equal(t, "invalid_grant", te.ErrorCode)
				assert.Equal(t, "code [redacted] was used", te.ErrorDescription)
			}},
		{name: "302 to the metadata address", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", http.StatusFound)
		}, check: func(t *testing.T, te *connection.TokenError) {
			assert.Equal(t, 302, te.StatusCode)
			assert.Contains(t, te.Error(), "redirect")
		}},
		{name: "307 to an IPv6 link-local address", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://[fe80::1]/token", http.StatusTemporaryRedirect)
		}, check: func(t *testing.T, te *connection.TokenError) { assert.Equal(t, 307, te.StatusCode) }},
		// A repeated JSON member: the last one wins, as with JSON.parse, so
		// the script's ctx and TokenResponse agree.
		{name: "duplicate key in JSON", handler: reply(200, "application/json", `{"access_token":"first","token_type":"Bearer","access_token":"second"}`),
			wantTok: func(t *testing.T, tok *connection.TokenResponse) {
				assert.Equal(t, "second", tok.AccessToken)
				assert.Equal(t, "second", tok.Raw["access_token"])
			}},
		// A repeated form parameter is ambiguous: it becomes an array (as
		// Node's querystring does), which is not an access token.
		{name: "duplicate key in a form body", handler: reply(200, "application/x-www-form-urlencoded", "access_token=first&access_token=second&token_type=bearer"),
			check: func(t *testing.T, te *connection.TokenError) { assert.ErrorIs(t, te, connection.ErrNoAccessToken) }},
		// token_type is not checked (as Auth0): it is kept verbatim for the
		// script, which decides how to present the token.
		{name: "unknown token type", handler: reply(200, "application/json", `{"access_token":"AT","token_type":"N_A"}`),
			wantTok: func(t *testing.T, tok *connection.TokenResponse) {
				assert.Equal(t, "N_A", tok.TokenType)
				assert.Equal(t, "N_A", tok.ScriptContext()["token_type"])
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			client := newRecordingClient()
			defer client.CloseIdleConnections()
			conn := &connection.Connection{Name: "hostile", Strategy: "oauth2", Options: connection.Options{
				ClientID: "client", ClientSecret: hostileSecret, TokenURL: srv.URL + "/token",
			}}
			opts := append([]connection.TokenOption{connection.WithHTTPClient(client.Client), connection.WithTokenTimeout(hostileDeadline)}, tt.opts...)
			var tok *connection.TokenResponse
			var err error
			elapsed, allocated := memDuring(func() {
				tok, err = conn.Exchange(context.Background(), hostileCode, "https://app.example/callback", hostileVerifier, opts...)
			})
			t.Logf("elapsed %v, allocated %d MiB, err %v", elapsed, allocated>>20, err)
			assert.Less(t, elapsed, hostileBound)
			if tt.maxAlloc > 0 {
				assert.Less(t, allocated, tt.maxAlloc, "the body is not buffered past the cap")
			}
			for _, ip := range client.addrs() {
				assert.True(t, ip.IsLoopback(), "only the token endpoint was dialled, not %v", ip)
			}
			if tt.check == nil {
				require.NoError(t, err)
				tt.wantTok(t, tok)
				return
			}
			var te *connection.TokenError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "exchange", te.Step)
			assert.True(t, strings.HasPrefix(err.Error(), "connection: token exchange"), err.Error())
			tt.check(t, te)
			for _, s := range []string{hostileSecret, hostileCode, hostileVerifier, hostileAccess} {
				assert.NotContains(t, err.Error(), s)
				assert.NotContains(t, fmt.Sprintf("%+v", te), s)
			}
		})
	}
}

// TestTokenEndpointCustomPolicyIsHonoured: the service's client replaces the
// default policy for the token request.
func TestTokenEndpointCustomPolicyIsHonoured(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1) }))
	defer srv.Close()
	strict := safehttp.NewClient(safehttp.Options{Policy: func(host string, ip netip.Addr) error {
		if ip.IsLoopback() {
			return errors.New("loopback is internal here")
		}
		return nil
	}})
	defer strict.CloseIdleConnections()
	conn := &connection.Connection{Name: "x", Strategy: "oauth2", Options: connection.Options{ClientID: "c", ClientSecret: hostileSecret, TokenURL: srv.URL}}
	_, err := conn.Exchange(context.Background(), hostileCode, "", "", connection.WithHTTPClient(strict))
	require.ErrorIs(t, err, safehttp.ErrDestinationRefused)
	assert.Contains(t, err.Error(), "loopback is internal here")
	assert.Zero(t, served.Load())
}

// miniProvider is an OAuth 2.0 provider (no OpenID) that approves every
// authorization at once. It checks what a real one checks — client
// secret, one-time codes bound to redirect_uri and the PKCE challenge — and
// can be told to fail token or userinfo requests.
type miniProvider struct {
	*httptest.Server
	clientSecret string

	mu    sync.Mutex
	codes map[string]miniGrant // code → grant
	// tokenFault and userinfoFault, when set, may answer instead of the
	// normal handler (returning true).
	tokenFault    func(w http.ResponseWriter, r *http.Request) bool
	userinfoFault func(w http.ResponseWriter, r *http.Request) bool

	tokenOK, userinfoOK atomic.Int64
}

type miniGrant struct{ redirect, challenge, user string }

func newMiniProvider(t testing.TB) *miniProvider {
	p := &miniProvider{clientSecret: hostileSecret, codes: map[string]miniGrant{}}
	mux := http.NewServeMux()
	var seq atomic.Int64
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("state") == "" {
			http.Error(w, "bad authorization request", http.StatusBadRequest)
			return
		}
		code := fmt.Sprintf("%s-%d", hostileCode, seq.Add(1))
		p.mu.Lock()
		p.codes[code] = miniGrant{redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), user: fmt.Sprint("user-", seq.Load())}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if p.tokenFault != nil && p.tokenFault(w, r) {
			return
		}
		_ = r.ParseForm()
		p.mu.Lock()
		g, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case !ok, r.PostForm.Get("client_secret") != p.clientSecret, r.PostForm.Get("redirect_uri") != g.redirect,
			base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		p.tokenOK.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": hostileAccess + "." + g.user, "token_type": "Bearer", "expires_in": 60})
	})
	mux.HandleFunc("GET /userinfo", func(w http.ResponseWriter, r *http.Request) {
		if p.userinfoFault != nil && p.userinfoFault(w, r) {
			return
		}
		user, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "+hostileAccess+".")
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		p.userinfoOK.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"sub": user, "email": user + "@example.com", "email_verified": true})
	})
	p.Server = httptest.NewServer(mux)
	return p
}

// miniScript fetches the profile with request, failing on a non-200.
const miniScript = `function fetchUserProfile(accessToken, ctx, callback) {
  request.get({url: USERINFO, headers: {Authorization: 'Bearer ' + accessToken}, json: true}, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo answered ' + resp.statusCode));
    callback(null, {user_id: body.sub, email: body.email, email_verified: body.email_verified});
  });
}`

// miniRP is a relying party mounting the flow handlers for a miniProvider.
type miniRP struct {
	*httptest.Server
	flow   *connection.Flow
	client *http.Client
	logs   *syncbuf.Buffer

	mu     sync.Mutex
	logins int
	errors []*connection.FlowError
}

func newMiniRP(t testing.TB, p *miniProvider, src string, mutate func(*connection.FlowConfig)) *miniRP {
	t.Helper()
	if src == "" {
		src = miniScript
	}
	src = strings.ReplaceAll(src, "USERINFO", `"`+p.URL+`/userinfo"`)
	rp := &miniRP{logs: &syncbuf.Buffer{}, client: safehttp.NewClient(safehttp.Options{})}
	rp.Server = httptest.NewUnstartedServer(nil)
	base := "http://" + rp.Listener.Addr().String()
	conn := &connection.Connection{Name: "mini", Strategy: "oauth2", Options: connection.Options{
		ClientID: "mini-client", ClientSecret: p.clientSecret,
		AuthorizationURL: p.URL + "/authorize", TokenURL: p.URL + "/token",
		Scope:   connection.Scope{Values: []string{"profile email"}},
		Scripts: connection.Scripts{FetchUserProfile: src},
	}}
	logger := slog.New(slog.NewTextHandler(rp.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := connection.FlowConfig{
		Connection:   conn,
		RedirectURI:  base + "/login/callback",
		CookieKeys:   [][]byte{seal.GenerateKey()},
		HTTPClient:   rp.client,
		TokenTimeout: hostileDeadline,
		Logger:       logger,
		// The default engine with a short deadline: the same client and
		// logger the flow would give it.
		Engine: script.New(script.WithHTTPClient(rp.client), script.WithLogger(logger), script.WithTimeout(hostileDeadline)),
		OnLogin: func(w http.ResponseWriter, r *http.Request, res *connection.LoginResult) {
			rp.mu.Lock()
			rp.logins++
			rp.mu.Unlock()
			_, _ = io.WriteString(w, res.User.UserID)
		},
		OnError: func(w http.ResponseWriter, r *http.Request, e *connection.FlowError) {
			rp.mu.Lock()
			rp.errors = append(rp.errors, e)
			rp.mu.Unlock()
			http.Error(w, e.Code, e.Status)
		},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	var err error
	rp.flow, err = connection.NewFlow(context.Background(), cfg)
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("GET /login", rp.flow.Login())
	mux.Handle("GET /login/callback", rp.flow.Callback())
	rp.Config.Handler = mux
	rp.Start()
	return rp
}

func (rp *miniRP) close() {
	rp.Server.Close()
	rp.client.CloseIdleConnections()
}

func (rp *miniRP) lastError() *connection.FlowError {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if len(rp.errors) == 0 {
		return nil
	}
	return rp.errors[len(rp.errors)-1]
}

// newMiniBrowser is a browser with its own cookie jar over transport.
func newMiniBrowser(transport http.RoundTripper) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Transport: transport, Timeout: 20 * time.Second}
}

// TestHostileProviderThroughTheFlow: each failure reaches OnError as a
// FlowError at the right step, in bounded time, with nothing secret in the
// page, the error or the logs.
func TestHostileProviderThroughTheFlow(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) bool {
		_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
		<-r.Context().Done()
		return true
	}
	tests := []struct {
		name          string
		tokenFault    func(w http.ResponseWriter, r *http.Request) bool
		userinfoFault func(w http.ResponseWriter, r *http.Request) bool
		script        string
		wantStep      string
		wantDesc      string
	}{
		{name: "token endpoint hangs", tokenFault: hang, wantStep: "token"},
		{name: "token endpoint gzip bomb", tokenFault: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(tokenGzipBomb())
			return true
		}, wantStep: "token"},
		{name: "token endpoint error on 200", tokenFault: func(w http.ResponseWriter, r *http.Request) bool {
			_, _ = io.WriteString(w, `{"error":"invalid_grant","error_description":"`+hostileSecret+`"}`)
			return true
		}, wantStep: "token", wantDesc: "the provider refused the token request: invalid_grant"},
		{name: "token endpoint redirects to metadata", tokenFault: func(w http.ResponseWriter, r *http.Request) bool {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusTemporaryRedirect)
			return true
		}, wantStep: "token"},
		{name: "userinfo hangs", userinfoFault: hang, wantStep: "script", wantDesc: "Script execution did not complete within the time limit"},
		{name: "userinfo 503", userinfoFault: func(w http.ResponseWriter, r *http.Request) bool {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}, wantStep: "script", wantDesc: "userinfo answered 503"},
		{name: "userinfo HTML", userinfoFault: func(w http.ResponseWriter, r *http.Request) bool {
			_, _ = io.WriteString(w, "<html>maintenance</html>")
			return true
		}, script: `function (accessToken, ctx, cb) {
  request.get({url: USERINFO, headers: {Authorization: 'Bearer ' + accessToken}}, function (err, resp, body) {
    if (err) return cb(err);
    var p = JSON.parse(body);
    cb(null, {user_id: p.sub});
  });
}`, wantStep: "script", wantDesc: `Unexpected token '<', "<html>main"... is not valid JSON`}, // Node 20's words: a text of 21 or more code units shows as a window
		{name: "userinfo error JSON on 200", userinfoFault: func(w http.ResponseWriter, r *http.Request) bool {
			_, _ = io.WriteString(w, `{"error":"invalid_token"}`)
			return true
		}, wantStep: "profile"},
		{name: "userinfo redirects to metadata", userinfoFault: func(w http.ResponseWriter, r *http.Request) bool {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
			return true
		}, wantStep: "script"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
			p := newMiniProvider(t)
			defer p.Close()
			p.tokenFault, p.userinfoFault = tt.tokenFault, tt.userinfoFault
			rp := newMiniRP(t, p, tt.script, nil)
			defer rp.close()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			start := time.Now()
			resp, err := newMiniBrowser(tr).Get(rp.URL + "/login")
			require.NoError(t, err)
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Less(t, time.Since(start), hostileBound)
			assert.Equal(t, rp.URL, "http://"+resp.Request.URL.Host, "the browser stays on the service")
			assert.GreaterOrEqual(t, resp.StatusCode, 400)
			assert.Less(t, resp.StatusCode, 500)
			e := rp.lastError()
			require.NotNil(t, e)
			assert.Equal(t, tt.wantStep, e.Step, e.Error())
			if tt.wantDesc != "" {
				assert.Equal(t, tt.wantDesc, e.Description)
			}
			for _, s := range []string{hostileSecret, hostileCode, hostileAccess} {
				assert.NotContains(t, string(page), s)
				assert.NotContains(t, e.Error(), s)
				assert.NotContains(t, rp.logs.String(), s)
			}
		})
	}
}

// TestCallbackRefusesRepeatedParameters: a callback repeating state, code,
// iss or error is ambiguous (parameter pollution) and refused before any
// token request.
func TestCallbackRefusesRepeatedParameters(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	p := newMiniProvider(t)
	defer p.Close()
	rp := newMiniRP(t, p, "", nil)
	defer rp.close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	for _, param := range []string{"state", "code", "iss", "error"} {
		t.Run(param, func(t *testing.T) {
			browser := newMiniBrowser(tr)
			browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			resp, err := browser.Get(rp.URL + "/login")
			require.NoError(t, err)
			resp.Body.Close()
			authz, _ := url.Parse(resp.Header.Get("Location"))
			resp, err = browser.Get(authz.String())
			require.NoError(t, err)
			resp.Body.Close()
			cb, _ := url.Parse(resp.Header.Get("Location"))
			q := cb.Query()
			// Pollution: an attacker's value first, then the genuine one
			// (or a second made-up one for iss and error).
			genuine := q.Get(param)
			if genuine == "" {
				genuine = "second-" + param
			}
			q[param] = []string{"attacker-" + param, genuine}
			cb.RawQuery = q.Encode()
			before := p.tokenOK.Load()
			resp, err = browser.Get(cb.String())
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			e := rp.lastError()
			require.NotNil(t, e)
			assert.Equal(t, "state", e.Step)
			assert.Equal(t, "the callback repeats the "+param+" parameter", e.Description)
			assert.Equal(t, before, p.tokenOK.Load(), "no token request was made")
		})
	}
}

// TestFlowLogsNeverContainTokens: FlowConfig.Logger promises records
// without secrets, codes or tokens, and the script's console is mirrored
// to it. A script that logs its ctx (as debugging scripts do) or puts the
// access token in its error must not break that promise.
func TestFlowLogsNeverContainTokens(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	p := newMiniProvider(t)
	defer p.Close()
	rp := newMiniRP(t, p, `function (accessToken, ctx, cb) {
  console.log('debug ctx', JSON.stringify(ctx));
  cb(new Error('userinfo refused token ' + accessToken, {cause: new Error('because of ' + accessToken)}));
}`, nil)
	defer rp.close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := newMiniBrowser(tr).Get(rp.URL + "/login")
	require.NoError(t, err)
	resp.Body.Close()
	require.NotNil(t, rp.lastError())
	assert.Equal(t, "script", rp.lastError().Step)
	assert.NotContains(t, rp.logs.String(), hostileAccess)
	// The hook's error, its text with the cause included, is scrubbed too.
	assert.Contains(t, rp.lastError().Error(), "because of [redacted]")
	assert.NotContains(t, rp.lastError().Error(), hostileAccess)
}

// A fixed seed makes the fault pattern of a run reproducible in count.
func newFaultInjector(seed int64, rate float64) func() bool {
	var mu sync.Mutex
	rnd := rand.New(rand.NewSource(seed))
	return func() bool {
		mu.Lock()
		defer mu.Unlock()
		return rnd.Float64() < rate
	}
}
