package connection_test

// Login benchmarks: the whole Callback (state and cookie checks, token
// exchange, fetchUserProfile script, profile normalisation) against a
// loopback provider that answers token and userinfo requests at once, beside
// its floor: x/oauth2 Exchange, a plain userinfo fetch and building the
// profile map.
//
//	go test -run '^$' -bench Login -count 6 ./connection | benchstat -col /impl -

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/internal/benchkit"
	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/internal/seal"
)

// benchProviderEnv makes the test binary serve benchProvider instead of
// running tests (see benchkit.StartChildTest).
const benchProviderEnv = "SOCIALCONN_CONNECTION_BENCH_PROVIDER"

func init() {
	if os.Getenv(benchProviderEnv) == "1" {
		os.Exit(benchkit.ServeChild(benchProvider()))
	}
}

const (
	benchClientID     = "bench-client"
	benchClientSecret = "bench-secret-value"
	benchCode         = "bench-code"
	benchAccessToken  = "bench-access-token"
	benchTokenBody    = `{"access_token":"` + benchAccessToken + `","token_type":"Bearer","expires_in":3600,"scope":"profile email"}`
)

// benchProvider is a minimal scripted provider: POST /token accepts
// benchCode from benchClientID, GET /userinfo (benchkit's handler) accepts
// benchAccessToken. It answers at once and checks just enough that a wrong
// request fails.
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
	mux.Handle("GET /userinfo", benchkit.NewHandler(benchAccessToken))
	return mux
}

func startGoroutineProvider(b *testing.B) string {
	srv := httptest.NewServer(benchProvider())
	b.Cleanup(srv.Close)
	return srv.URL
}

// startChildProvider serves the provider from a child process, so that the
// provider's CPU is not counted in this process's cpu-ns/op.
func startChildProvider(b *testing.B) string {
	return benchkit.StartChildTest(b, benchProviderEnv)
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
				"fetchUserProfile": benchkit.Script(base + "/userinfo"),
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
			if res.User.UserID != "oauth2|bench|"+benchkit.UserID || res.User.Email != benchkit.Email {
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

// pending is a started login: what the browser would send to the callback,
// kept as two strings (the callback's path and query, and its Cookie header)
// so that thousands of prepared logins are little for the garbage collector
// to mark: the Callback is charged for its own garbage, not the harness's.
type pending struct {
	target, cookie string
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
	return pending{target: "http://127.0.0.1:1/login/callback?" + q.Encode(), cookie: cookies[0].Name + "=" + cookies[0].Value}, nil
}

// finishLogin sends p to the Callback as the browser would: a GET with the
// transaction cookie. Building the request (URL parse, one header) is part
// of the timed work, as a server's request parsing would be.
func finishLogin(callback http.Handler, p pending) error {
	req, err := http.NewRequest(http.MethodGet, p.target, nil)
	if err != nil {
		return err
	}
	req.Header = http.Header{"Cookie": {p.cookie}}
	rec := httptest.NewRecorder()
	callback.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		return fmt.Errorf("callback answered %d: %s", rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	return nil
}

// benchVerifier is the floor's PKCE verifier: made once, as the Callback's
// verifier is made by the untimed Login.
var benchVerifier = oauth2.GenerateVerifier()

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
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, client), benchCode, oauth2.VerifierOption(benchVerifier))
	if err != nil {
		return err
	}
	return benchkit.FloorUserinfo(ctx, client, base+"/userinfo", tok.AccessToken, 4<<20)
}

// BenchmarkLogin measures one login at exactly 1 and 32 in flight against a
// provider in this process (server=goroutine) or in a child process
// (server=process):
//
//   - impl=callback: the Callback handler alone (the Logins made untimed,
//     each kept as two strings and dropped once served, so that the prepared
//     logins neither keep the heap large, making GC rare, nor make each GC
//     cycle mark them);
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
						// The Logins' garbage is not the Callback's to collect.
						runtime.GC()
						return nil
					}
					benchkit.RunInFlight(b, n, prepare, func(_ context.Context, i int) error {
						p := started[i]
						started[i] = pending{}
						return finishLogin(callback, p)
					})
				})
				b.Run(fmt.Sprintf("inflight=%d/impl=flow", n), func(b *testing.B) {
					benchkit.RunInFlight(b, n, nil, func(_ context.Context, _ int) error {
						p, err := startLogin(login)
						if err != nil {
							return err
						}
						return finishLogin(callback, p)
					})
				})
				b.Run(fmt.Sprintf("inflight=%d/impl=floor", n), func(b *testing.B) {
					benchkit.RunInFlight(b, n, nil, func(ctx context.Context, _ int) error {
						return floorLogin(ctx, client, base)
					})
				})
			}
		})
	}
}
