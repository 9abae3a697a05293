package connection_test

// Login benchmarks: the whole Callback (state and cookie checks, token
// exchange, fetchUserProfile script, profile normalisation) against a
// loopback provider that answers token and userinfo requests at once, beside
// its floor: x/oauth2 Exchange, a plain userinfo fetch and building the
// profile map.
//
//	go test -run '^$' -bench Login -count 6 ./connection | benchstat -col /impl -

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/internal/seal"
)

// benchProviderEnv makes the test binary serve benchProvider instead of
// running tests (see startChildProvider).
const benchProviderEnv = "SOCIALCONN_CONNECTION_BENCH_PROVIDER"

func init() {
	if os.Getenv(benchProviderEnv) == "1" {
		os.Exit(serveChildProvider())
	}
}

const (
	benchClientID     = "bench-client"
	benchClientSecret = "bench-secret-value"
	benchCode         = "bench-code"
	benchAccessToken  = "bench-access-token"
	benchUserinfo     = `{"sub":"248289761001","name":"Jane Doe","given_name":"Jane","family_name":"Doe","email":"janedoe@example.com","email_verified":true,"picture":"https://example.com/janedoe/me.jpg","locale":"en"}`
	benchTokenBody    = `{"access_token":"` + benchAccessToken + `","token_type":"Bearer","expires_in":3600,"scope":"profile email"}`
)

// benchScript is the typical fetchUserProfile: request.get with a bearer
// header, json: true, a status check and five mapped fields.
const benchScript = `function fetchUserProfile(accessToken, context, callback) {
  request.get({
    url: USERINFO,
    headers: { 'Authorization': 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo: ' + resp.statusCode));
    callback(null, {
      user_id: body.sub,
      name: body.name,
      given_name: body.given_name,
      family_name: body.family_name,
      email: body.email
    });
  });
}`

// benchProvider is a minimal scripted provider: POST /token accepts
// benchCode from benchClientID, GET /userinfo accepts benchAccessToken. It
// answers at once and checks just enough that a wrong request fails.
func benchProvider() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "authorization_code" ||
			r.PostForm.Get("code") != benchCode || r.PostForm.Get("client_id") != benchClientID ||
			r.PostForm.Get("client_secret") != benchClientSecret || r.PostForm.Get("code_verifier") == "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, benchTokenBody)
	})
	mux.HandleFunc("GET /userinfo", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+benchAccessToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchUserinfo)
	})
	return mux
}

// serveChildProvider serves benchProvider on a loopback port, prints the
// address and exits when its standard input closes.
func serveChildProvider() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv := &http.Server{Handler: benchProvider(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Println(ln.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
}

func startGoroutineProvider(b *testing.B) string {
	srv := httptest.NewServer(benchProvider())
	b.Cleanup(srv.Close)
	return srv.URL
}

// startChildProvider serves the provider from a child process, so that the
// provider's CPU is not counted in this process's cpu-ns/op.
func startChildProvider(b *testing.B) string {
	exe, err := os.Executable()
	if err != nil {
		b.Skip("cannot find the test binary:", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), benchProviderEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal("child provider did not start:", err)
	}
	return "http://" + strings.TrimSpace(line)
}

// benchFlow builds a Flow for the provider at base, with the library's own
// HTTP client allowing loopback.
func benchFlow(b *testing.B, base string, client *http.Client) *connection.Flow {
	doc, err := json.Marshal(map[string]any{
		"name":     "bench",
		"strategy": "oauth2",
		"options": map[string]any{
			"authorizationURL": base + "/authorize",
			"tokenURL":         base + "/token",
			"client_id":        benchClientID,
			"client_secret":    benchClientSecret,
			"scope":            "profile email",
			"scripts": map[string]any{
				"fetchUserProfile": strings.Replace(benchScript, "USERINFO", "'"+base+"/userinfo'", 1),
			},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	conn, err := connection.Load(doc)
	if err != nil {
		b.Fatal(err)
	}
	flow, err := connection.NewFlow(context.Background(), connection.FlowConfig{
		Connection:  conn,
		RedirectURI: "http://127.0.0.1:1/login/callback",
		CookieKeys:  [][]byte{seal.GenerateKey()},
		HTTPClient:  client,
		Logger:      slog.New(slog.DiscardHandler),
		OnLogin: func(w http.ResponseWriter, r *http.Request, res *connection.LoginResult) {
			if res.User.UserID != "oauth2|bench|248289761001" || res.User.Email != "janedoe@example.com" {
				http.Error(w, "unexpected user "+res.User.UserID, http.StatusInternalServerError)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		},
		OnError: func(w http.ResponseWriter, r *http.Request, e *connection.FlowError) {
			http.Error(w, e.Error(), e.Status)
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return flow
}

// pending is a started login: the callback request the browser would make.
type pending struct {
	query  string
	cookie *http.Cookie
}

// startLogin drives the Login handler as a browser would and returns the
// callback the provider would redirect to.
func startLogin(login http.Handler) (pending, error) {
	rec := httptest.NewRecorder()
	login.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1/login", nil))
	if rec.Code != http.StatusFound {
		return pending{}, fmt.Errorf("login answered %d: %s", rec.Code, rec.Body)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		return pending{}, err
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		return pending{}, fmt.Errorf("login set %d cookies", len(cookies))
	}
	q := url.Values{"code": {benchCode}, "state": {loc.Query().Get("state")}}
	return pending{query: q.Encode(), cookie: cookies[0]}, nil
}

func finishLogin(callback http.Handler, p pending) error {
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1/login/callback?"+p.query, nil)
	req.AddCookie(p.cookie)
	rec := httptest.NewRecorder()
	callback.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		return fmt.Errorf("callback answered %d: %s", rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	return nil
}

// floorLogin is what the Callback does at its core, in plain Go: x/oauth2
// Exchange (with a PKCE verifier), a userinfo fetch and the profile map. No
// state, cookie, script or normalisation.
func floorLogin(ctx context.Context, client *http.Client, base string) error {
	conf := &oauth2.Config{
		ClientID:     benchClientID,
		ClientSecret: benchClientSecret,
		Endpoint:     oauth2.Endpoint{TokenURL: base + "/token", AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL:  "http://127.0.0.1:1/login/callback",
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, client), benchCode, oauth2.VerifierOption(oauth2.GenerateVerifier()))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/userinfo", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("userinfo: %d", resp.StatusCode)
	}
	raw, err := safehttp.ReadLimited(resp.Body, 4<<20)
	if err != nil {
		return err
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return err
	}
	out := map[string]any{
		"user_id": body["sub"], "name": body["name"], "given_name": body["given_name"],
		"family_name": body["family_name"], "email": body["email"],
	}
	if out["user_id"] != "248289761001" || out["email"] != "janedoe@example.com" {
		return fmt.Errorf("unexpected profile %v", out)
	}
	return nil
}

// cpuTime is this process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runInFlight runs call(i) for i in [0, b.N) with exactly n calls in flight
// at a time, after prepare (untimed), and reports allocations and the
// process's CPU time per call (cpu-ns/op; with a child-process provider, the
// relying party's side only).
func runInFlight(b *testing.B, n int, prepare func(n int) error, call func(ctx context.Context, i int) error) {
	ctx := context.Background()
	if err := prepare(20); err != nil {
		b.Fatal(err)
	}
	for i := range 20 { // warm the connection pool
		if err := call(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	if err := prepare(b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := call(ctx, int(i)); err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	if e := failed.Load(); e != nil {
		b.Fatal(*e)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkLogin measures one login at exactly 1 and 32 in flight against a
// provider in this process (server=goroutine) or in a child process
// (server=process):
//
//   - impl=callback: the Callback handler alone (Logins made untimed);
//   - impl=flow: Login then Callback, a whole login as the library runs it;
//   - impl=floor: x/oauth2 Exchange + plain userinfo fetch + profile map.
//
// Compare with: benchstat -col /impl.
func BenchmarkLogin(b *testing.B) {
	providers := []struct {
		name  string
		start func(*testing.B) string
	}{{"goroutine", startGoroutineProvider}, {"process", startChildProvider}}
	for _, p := range providers {
		b.Run("server="+p.name, func(b *testing.B) {
			base := p.start(b)
			client := safehttp.NewClient(safehttp.Options{Policy: safehttp.AllowAll})
			b.Cleanup(client.CloseIdleConnections)
			flow := benchFlow(b, base, client)
			login, callback := flow.Login(), flow.Callback()
			for _, n := range []int{1, 32} {
				b.Run(fmt.Sprintf("inflight=%d/impl=callback", n), func(b *testing.B) {
					var started []pending
					prepare := func(k int) error {
						started = make([]pending, k)
						for i := range started {
							var err error
							if started[i], err = startLogin(login); err != nil {
								return err
							}
						}
						return nil
					}
					runInFlight(b, n, prepare, func(_ context.Context, i int) error {
						return finishLogin(callback, started[i])
					})
				})
				b.Run(fmt.Sprintf("inflight=%d/impl=flow", n), func(b *testing.B) {
					runInFlight(b, n, func(int) error { return nil }, func(_ context.Context, _ int) error {
						p, err := startLogin(login)
						if err != nil {
							return err
						}
						return finishLogin(callback, p)
					})
				})
				b.Run(fmt.Sprintf("inflight=%d/impl=floor", n), func(b *testing.B) {
					runInFlight(b, n, func(int) error { return nil }, func(ctx context.Context, _ int) error {
						return floorLogin(ctx, client, base)
					})
				})
			}
		})
	}
}
