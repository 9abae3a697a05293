package script_test

// Hostile providers and hostile or broken scripts: every test here proves a
// containment guarantee of the sandbox (time, memory, isolation, destination
// policy) through the public API only: script.New(...).Compile(src) and
// FetchUserProfile. Each test ends with goleak.VerifyNone, ignoring the
// goroutines that existed when it started (other tests' idle keep-alive
// connections and the like), so any goroutine an invocation leaves behind —
// a timer, an HTTP read, a module worker — fails the test that caused it.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/script"
)

// hostileDeadline is the invocation limit used against hostile input; every
// failure must be reported well within hostileBound.
const (
	hostileDeadline = 500 * time.Millisecond
	hostileBound    = 3 * time.Second
	hostileToken    = "at-hostile-do-not-leak"
)

// hostileProvider is a TLS provider answering every request with handler,
// and a safehttp client (default destination policy) that trusts it.
type hostileProvider struct {
	*httptest.Server
	client  *http.Client
	release chan struct{}
	hits    atomic.Int64
}

func newHostileProvider(t *testing.T, handler func(p *hostileProvider, w http.ResponseWriter, r *http.Request)) *hostileProvider {
	t.Helper()
	p := &hostileProvider{release: make(chan struct{})}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		handler(p, w, r)
	}))
	pool := x509.NewCertPool()
	pool.AddCert(p.Certificate())
	p.client = safehttp.NewClient(safehttp.Options{TLS: &tls.Config{RootCAs: pool}, DisableCompression: true})
	return p
}

// close ends hanging handlers, the server and the client's idle connections,
// so that a goroutine check afterwards sees only what the sandbox left.
func (p *hostileProvider) close() {
	select {
	case <-p.release:
	default:
		close(p.release)
	}
	p.client.CloseIdleConnections()
	p.Server.Close()
}

// wait blocks until the client goes away or the test ends.
func (p *hostileProvider) wait(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-p.release:
	}
}

// userinfoClients are fetchUserProfile bodies that GET the URL U with each
// HTTP API the sandbox offers, parse the JSON answer and call back with it.
// Errors are passed to the callback as a real script would.
var userinfoClients = map[string]string{
	"request": `request.get({url: U, headers: {Authorization: 'Bearer ' + accessToken}}, function (err, resp, body) {
  if (err) return cb(err);
  cb(null, {status: resp.statusCode, profile: JSON.parse(body)});
});`,
	"request gzip": `request.get({url: U, gzip: true, headers: {Authorization: 'Bearer ' + accessToken}}, function (err, resp, body) {
  if (err) return cb(err);
  cb(null, {status: resp.statusCode, profile: JSON.parse(body)});
});`,
	"axios": `require('axios').get(U, {headers: {Authorization: 'Bearer ' + accessToken}, responseType: 'text', transformResponse: [function (d) { return d; }]})
  .then(function (r) { cb(null, {status: r.status, profile: JSON.parse(r.data)}); })
  .catch(function (e) { cb(e); });`,
	"fetch": `fetch(U, {headers: {Authorization: 'Bearer ' + accessToken}})
  .then(function (r) { return r.text().then(function (t) { cb(null, {status: r.status, profile: JSON.parse(t)}); }); })
  .catch(function (e) { cb(e); });`,
	// Node's https.get does not follow redirects; real scripts that want to
	// follow one do it by hand, which is what this does (once), choosing
	// http or https by the URL's scheme.
	"https.get": `function get(u, hops) {
  require(/^https:/.test(u) ? 'https' : 'http').get(u, {headers: {Authorization: 'Bearer ' + accessToken}}, function (res) {
    if (res.statusCode >= 300 && res.statusCode < 400 && hops < 1) return get(res.headers.location, hops + 1);
    var chunks = [];
    res.on('data', function (c) { chunks.push(c); });
    res.on('end', function () {
      try { cb(null, {status: res.statusCode, profile: JSON.parse(Buffer.concat(chunks).toString())}); } catch (e) { cb(e); }
    });
  }).on('error', function (e) { cb(e); });
}
get(U, 0);`,
}

func userinfoScript(client, u string) string {
	return "function fetchUserProfile(accessToken, ctx, cb) {\nvar U = " + jsString(u) + ";\n" + userinfoClients[client] + "\n}"
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// heapPeak samples the heap while f runs and returns f's duration, the
// highest HeapAlloc seen and the bytes allocated meanwhile (TotalAlloc
// delta, which bounds what was buffered even between samples).
func heapPeak(f func()) (elapsed time.Duration, peak, allocated uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak = before.HeapAlloc
	stop := make(chan struct{})
	done := make(chan struct{})
	var mu sync.Mutex
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapAlloc)
			mu.Unlock()
		}
	}()
	start := time.Now()
	f()
	elapsed = time.Since(start)
	close(stop)
	<-done
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	mu.Lock()
	defer mu.Unlock()
	peak = max(peak, after.HeapAlloc)
	return elapsed, peak - min(peak, before.HeapAlloc), after.TotalAlloc - before.TotalAlloc
}

// gzipBomb is a gzip body of bombMembers concatenated members, each 16 MiB
// of zeros: about 2 MiB on the wire, 2 GiB decompressed. net/http and
// compress/gzip both read multi-member streams.
const bombMembers = 128

var gzipBomb = sync.OnceValue(func() []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 16; i++ {
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	return bytes.Repeat(member.Bytes(), bombMembers)
})

// Hostile userinfo endpoints.
func hangHandler(p *hostileProvider, w http.ResponseWriter, r *http.Request) { p.wait(r) }

func trickleHandler(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"sub":"`)
	for {
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-p.release:
			return
		case <-time.After(100 * time.Millisecond):
			_, _ = io.WriteString(w, "x")
		}
	}
}

func endlessHandler(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	chunk := bytes.Repeat([]byte("a"), 32<<10)
	_, _ = io.WriteString(w, `{"sub":"`)
	for i := 0; i < 1<<15; i++ { // 1 GiB at most, should the client never stop
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func gzipBombHandler(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(gzipBomb())
}

func htmlHandler(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	_, _ = io.WriteString(w, "<html><body>Bad Gateway</body></html>")
}

func redirectHandler(target string) func(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
	return func(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusFound)
	}
}

func TestHostileUserinfoEndpoint(t *testing.T) {
	endpoints := []struct {
		name    string
		handler func(p *hostileProvider, w http.ResponseWriter, r *http.Request)
		opts    []script.Option
		// wantKind is the outcome kind; wantMsg a substring of its message.
		wantKind script.ErrorKind
		wantMsg  string
		// rawMsg, when set, is wantMsg for the clients that, as in Node,
		// hand the body over as sent (request without gzip, https.get).
		rawMsg string
		// maxAlloc bounds the bytes allocated during the invocation.
		maxAlloc uint64
		ipv6     bool
	}{
		{name: "hangs without a byte", handler: hangHandler, wantKind: script.KindTimeout},
		{name: "trickles 1 byte per 100ms", handler: trickleHandler, wantKind: script.KindTimeout},
		// The size-cap cases get a longer deadline, so that a slow machine
		// cannot pass a timeout off as the cap.
		{name: "endless body", handler: endlessHandler, opts: []script.Option{script.WithMaxResponseBytes(1 << 20), script.WithTimeout(2 * time.Second)},
			wantKind: script.KindCallback, wantMsg: "response body too large", maxAlloc: 64 << 20},
		// The bomb is ~2 MiB compressed, under the 4 MiB default cap: only a
		// cap on the decompressed size stops it. request without gzip and
		// https.get do not decompress: the script gets the compressed bytes.
		{name: "gzip bomb", handler: gzipBombHandler, opts: []script.Option{script.WithTimeout(2 * time.Second)},
			wantKind: script.KindCallback, wantMsg: "response body too large", rawMsg: "is not valid JSON", maxAlloc: 128 << 20},
		{name: "HTML instead of JSON", handler: htmlHandler, wantMsg: "is not valid JSON"},
		{name: "redirect to the metadata address", handler: redirectHandler("http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
			wantKind: script.KindCallback, wantMsg: "destination refused by policy"},
		{name: "redirect to an IPv6 link-local address", handler: redirectHandler("http://[fe80::1]/userinfo"), ipv6: true,
			wantKind: script.KindCallback, wantMsg: "destination refused by policy"},
	}
	clients := []string{"request", "request gzip", "axios", "fetch", "https.get"}
	bomb := gzipBomb() // built before any clock starts
	require.Less(t, len(bomb), 4<<20, "the bomb is smaller than the cap on the wire")
	for _, ep := range endpoints {
		for _, client := range clients {
			t.Run(ep.name+"/"+client, func(t *testing.T) {
				if ep.ipv6 {
				}
				defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
				p := newHostileProvider(t, ep.handler)
				defer p.close()
				var logs bytes.Buffer
				opts := append([]script.Option{
					script.WithHTTPClient(p.client),
					script.WithTimeout(hostileDeadline),
					script.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
				}, ep.opts...)
				s, err := script.New(opts...).Compile(userinfoScript(client, p.URL+"/userinfo"))
				require.NoError(t, err)

				var res *script.Result
				elapsed, peak, allocated := heapPeak(func() {
					res, err = s.FetchUserProfile(context.Background(), hostileToken, map[string]any{"id_token": "idt"})
				})
				t.Logf("elapsed %v, heap peak +%d MiB, allocated %d MiB", elapsed, peak>>20, allocated>>20)
				require.Error(t, err, "a hostile endpoint never yields a profile: %+v", res)
				var se *script.Error
				require.ErrorAs(t, err, &se)
				wantKind, wantMsg := ep.wantKind, ep.wantMsg
				if ep.rawMsg != "" && (client == "request" || client == "https.get") {
					wantKind, wantMsg = 0, ep.rawMsg
				}
				if wantKind != 0 {
					assert.Equal(t, wantKind, se.Kind, "%v", err)
				} else {
					assert.Contains(t, []script.ErrorKind{script.KindThrown, script.KindCallback}, se.Kind, "%v", err)
				}
				if wantKind == script.KindTimeout {
					assert.ErrorIs(t, err, script.ErrTimeout)
				}
				if wantMsg != "" {
					assert.Contains(t, se.Message+" "+se.Cause, wantMsg)
				}
				assert.Less(t, elapsed, hostileBound, "bounded by the invocation deadline")
				if ep.maxAlloc > 0 {
					assert.Less(t, allocated, ep.maxAlloc, "the body is not buffered past the cap")
				}
				assert.NotContains(t, err.Error(), hostileToken)
				assert.NotContains(t, logs.String(), hostileToken)
			})
		}
	}
}

// TestHostileUserinfoErrorOnSuccess: a provider answering 200 with an OAuth
// error object gives the script exactly that object; the sandbox neither
// invents a profile nor hides the error (the profile step then refuses it
// for lack of user_id, see connection's hostile tests).
func TestHostileUserinfoErrorOnSuccess(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	p := newHostileProvider(t, func(p *hostileProvider, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"error":"invalid_token","error_description":"The access token expired"}`)
	})
	defer p.close()
	e := script.New(script.WithHTTPClient(p.client), script.WithTimeout(2*time.Second))
	for _, client := range []string{"request", "axios", "fetch", "https.get"} {
		t.Run(client, func(t *testing.T) {
			s, err := e.Compile(userinfoScript(client, p.URL))
			require.NoError(t, err)
			res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
			require.NoError(t, err)
			assert.Equal(t, map[string]any{"status": 200.0, "profile": map[string]any{"error": "invalid_token", "error_description": "The access token expired"}}, res.Value)
		})
	}
}

// TestScriptDestinationPolicy: direct requests to link-local and metadata
// addresses are refused for every HTTP API, before any packet is sent (the
// policy runs in the dialer's Control hook).
func TestScriptDestinationPolicy(t *testing.T) {
	targets := []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://[fe80::1]/",
		"http://100.100.100.200/latest/meta-data/",
		"http://0.0.0.0/",
	}
	for _, target := range targets {
		for _, client := range []string{"request", "axios", "fetch", "https.get"} {
			t.Run(target+"/"+client, func(t *testing.T) {
				defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
				src := userinfoScript(client, target)
				s, err := script.New(script.WithTimeout(2 * time.Second)).Compile(src)
				require.NoError(t, err)
				start := time.Now()
				_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
				var se *script.Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, script.KindCallback, se.Kind, "%v", err)
				// fetch says "fetch failed", the reason in its cause, as on Node.
				assert.Contains(t, se.Message+se.Cause, "ECONNREFUSED")
				assert.Contains(t, err.Error(), "destination refused by policy")
				assert.Less(t, time.Since(start), time.Second, "refused at once, not timed out")
			})
		}
	}
}

// TestScriptDestinationPolicySpellings: the metadata address spelled as the
// URL class reads IPv4 (hex, one decimal number, octal, IPv4-mapped IPv6)
// is refused as well: the policy sees the address dialled, whatever the
// spelling. (request reads such a host as a name, as Node's url.parse
// does, and its lookup fails.)
func TestScriptDestinationPolicySpellings(t *testing.T) {
	for _, target := range []string{"http://0xa9fea9fe/latest/meta-data/", "http://2852039166/", "http://0251.0376.0251.0376/", "http://169.254.43518/", "http://[::ffff:169.254.169.254]/"} {
		for _, client := range []string{"request", "axios", "fetch", "https.get"} {
			t.Run(target+"/"+client, func(t *testing.T) {
				s, err := script.New(script.WithTimeout(2 * time.Second)).Compile(userinfoScript(client, target))
				require.NoError(t, err)
				_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
				require.Error(t, err)
				if client != "request" || strings.HasPrefix(target, "http://[") {
					assert.Contains(t, err.Error(), "destination refused by policy")
				}
			})
		}
	}
}

// TestScriptCustomClientIsHonoured: the service's client replaces the
// default, both its destination policy and its transport.
func TestScriptCustomClientIsHonoured(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, `{"sub":"loopback"}`)
	}))
	defer srv.Close()

	t.Run("stricter policy refuses loopback", func(t *testing.T) {
		var mu sync.Mutex
		var asked []netip.Addr
		strict := safehttp.NewClient(safehttp.Options{Policy: func(host string, ip netip.Addr) error {
			mu.Lock()
			asked = append(asked, ip)
			mu.Unlock()
			if ip.IsLoopback() {
				return errors.New("loopback is internal here")
			}
			return nil
		}})
		defer strict.CloseIdleConnections()
		e := script.New(script.WithHTTPClient(strict), script.WithTimeout(2*time.Second))
		for _, client := range []string{"request", "axios", "fetch"} {
			s, err := e.Compile(userinfoScript(client, srv.URL))
			require.NoError(t, err)
			_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
			var se *script.Error
			require.ErrorAs(t, err, &se, client)
			assert.Contains(t, err.Error(), "loopback is internal here", client)
		}
		assert.Zero(t, served.Load(), "the server never saw a request")
		mu.Lock()
		defer mu.Unlock()
		require.NotEmpty(t, asked, "the custom policy was consulted")
		assert.True(t, asked[0].IsLoopback())
	})

	t.Run("custom transport answers", func(t *testing.T) {
		var seen []string
		var mu sync.Mutex
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			seen = append(seen, r.Method+" "+r.URL.String()+" "+r.Header.Get("Authorization"))
			mu.Unlock()
			return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"sub":"from-custom-transport"}`)), Request: r}, nil
		})}
		e := script.New(script.WithHTTPClient(client), script.WithTimeout(2*time.Second))
		for _, c := range []string{"request", "axios", "fetch", "https.get"} {
			s, err := e.Compile(userinfoScript(c, "https://userinfo.provider.test/me"))
			require.NoError(t, err)
			res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
			require.NoError(t, err, c)
			assert.Equal(t, "from-custom-transport", res.Value.(map[string]any)["profile"].(map[string]any)["sub"], c)
		}
		mu.Lock()
		defer mu.Unlock()
		require.Len(t, seen, 4)
		for _, s := range seen {
			assert.Equal(t, "GET https://userinfo.provider.test/me Bearer "+hostileToken, s)
		}
		assert.Zero(t, served.Load())
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestHostileScriptsAreContained runs scripts that try to hang, exhaust or
// escape the sandbox. Each must end with the stated outcome within the bound.
func TestHostileScriptsAreContained(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     any // success value, when wantKind is 0
		wantKind script.ErrorKind
		wantName string
		wantMsg  string
	}{
		// Time.
		{name: "while(true) at top level", body: `while (true) {}`, wantKind: script.KindTimeout},
		{name: "for(;;) in a timer", body: `setTimeout(function () { for (;;) {} }, 1)`, wantKind: script.KindTimeout},
		{name: "for(;;) in a promise reaction", body: `Promise.resolve().then(function () { for (;;) {} })`, wantKind: script.KindTimeout},
		{name: "loop after await", body: `(async function () { await null; while (true) {} })()`, wantKind: script.KindTimeout},
		{name: "loop in process.nextTick", body: `process.nextTick(function () { while (true) {} })`, wantKind: script.KindTimeout},
		{name: "setInterval never cleared", body: `setInterval(function () {}, 1)`, wantKind: script.KindTimeout},
		{name: "busy setInterval", body: `setInterval(function () { for (var i = 0; i < 1e5; i++); }, 0)`, wantKind: script.KindTimeout},
		{name: "timer far in the future", body: `setTimeout(function () { cb(null, 'late') }, 2147483000)`, wantKind: script.KindTimeout},
		{name: "promise that never settles", body: `new Promise(function () {}).then(function () { cb(null, 1) })`, wantKind: script.KindTimeout},
		{name: "never calls back", body: `var x = 1`, wantKind: script.KindTimeout},
		{name: "timer bomb", body: `for (var i = 0; i < 100000; i++) setTimeout(function () {}, 1000)`, wantKind: script.KindThrown, wantMsg: "too many pending timers"},
		// Stack.
		{name: "deep recursion", body: `function r(n) { return r(n + 1) + 1 } r(0)`, wantKind: script.KindThrown, wantName: "RangeError", wantMsg: "Maximum call stack size exceeded"},
		{name: "recursion through a builtin", body: `function r() { [1].forEach(r) } r()`, wantKind: script.KindThrown, wantName: "RangeError"},
		{name: "recursion through toString", body: `var o = {toString: function () { return String(o) }}; String(o)`, wantKind: script.KindThrown, wantName: "RangeError"},
		{name: "recursive getter", body: `var o = {get x() { return this.x }}; o.x`, wantKind: script.KindThrown, wantName: "RangeError"},
		// Regular expressions goja runs on Go's RE2 engine are linear.
		{name: "catastrophic regular expression", body: `cb(null, /(a+)+$/.test('a'.repeat(40) + 'b'))`, want: false},
		{name: "catastrophic alternation", body: `cb(null, /^(a|aa)+$/.test('a'.repeat(5000) + 'b'))`, want: false},
		// Callback misuse and odd throws.
		{name: "callback twice", body: `cb(null, {user_id: 'first'}); cb(null, {user_id: 'second'})`, want: map[string]any{"user_id": "first"}},
		{name: "error after success", body: `cb(null, 'ok'); cb(new Error('late'))`, want: "ok"},
		{name: "throw string", body: `throw 'plain string'`, wantKind: script.KindThrown, wantMsg: "plain string"},
		{name: "throw number", body: `throw 42`, wantKind: script.KindThrown, wantMsg: "42"},
		{name: "throw null", body: `throw null`, wantKind: script.KindThrown, wantMsg: "null"},
		{name: "throw undefined", body: `throw undefined`, wantKind: script.KindThrown, wantMsg: "undefined"},
		{name: "throw object", body: `throw {code: 7}`, wantKind: script.KindThrown, wantMsg: "{ code: 7 }"},
		{name: "throw Symbol", body: `throw Symbol('sym')`, wantKind: script.KindThrown, wantMsg: "sym"},
		{name: "throw in a timer", body: `setTimeout(function () { throw Symbol('t') }, 1)`, wantKind: script.KindThrown, wantMsg: "t"},
		{name: "reject with undefined", body: `Promise.reject(undefined)`, wantKind: script.KindThrown, wantMsg: "undefined"},
		{name: "callback with Symbol", body: `cb(Symbol('s'))`, wantKind: script.KindCallback, wantMsg: "s"},
		{name: "callback with an object whose message getter throws", body: `cb({get message() { throw new Error('gotcha') }})`, wantKind: script.KindThrown, wantMsg: "gotcha"},
		{name: "callback value with a throwing toJSON", body: `cb(null, {toJSON: function () { throw new Error('no json') }})`, wantKind: script.KindInvalidResult, wantMsg: "no json"},
		{name: "callback value is a function", body: `cb(null, function () {})`, want: nil},
		{name: "callback value too large", body: `cb(null, {big: 'x'.repeat(2 << 20)})`, wantKind: script.KindLimit},
		// Escapes: every path to "the global" leads to the sandbox's own.
		{name: "constructor.constructor", body: `var g = this.constructor.constructor('return this')(); cb(null, [g === globalThis, typeof g.process.binding, Object.keys(g.process.env).length])`, want: []any{true, "undefined", 0.0}},
		{name: "Function('return this')", body: `var g = Function('return this')(); cb(null, [g === globalThis, typeof g.require('util')])`, want: []any{true, "object"}},
		{name: "function literal constructor", body: `var g = (function () {}).constructor('return this')(); cb(null, g === globalThis)`, want: true},
		{name: "async function constructor", body: `var AF = Object.getPrototypeOf(async function () {}).constructor; AF('return this')().then(function (g) { cb(null, g === globalThis) })`, want: true},
		{name: "arrow constructor", body: `cb(null, (() => 0).constructor('return typeof require')())`, want: "function"},
		{name: "globalThis.__proto__ chain", body: `var o = globalThis, ok = true, n = 0; while (o && n++ < 50) { var p = Object.getOwnPropertyDescriptor(o, 'process'); if (p && p.value) ok = ok && Object.keys(p.value.env).length === 0 && typeof p.value.binding === 'undefined'; o = o.__proto__; } cb(null, [ok, o === null])`, want: []any{true, true}},
		{name: "callback's constructor", body: `var g = cb.constructor('return this')(); cb(null, [g === globalThis, typeof g.process.dlopen])`, want: []any{true, "undefined"}},
		{name: "error stack frames", body: `try { null.x } catch (e) { var o = {}; Error.captureStackTrace(o); cb(null, [typeof e.stack, typeof o.stack, /\.go\b|\/src\/|\/root|\/home|\/tmp/.test(e.stack + o.stack)]) }`, want: []any{"string", "string", false}},
		{name: "dynamic import", body: `try { import('fs').then(function () { cb(null, 'imported') }, function (e) { cb(null, 'rejected') }) } catch (e) { cb(null, 'threw') }`, wantKind: 0, want: "rejected"},
		{name: "process.binding", body: `cb(null, [typeof process.binding, typeof process._linkedBinding, typeof process.dlopen, typeof process.exit, typeof process.kill, typeof process.mainModule])`, want: []any{"undefined", "undefined", "undefined", "undefined", "undefined", "undefined"}},
		{name: "process.exit does not end the host", body: `try { process.exit(1) } catch (e) { cb(null, 'still here') }`, want: "still here"},
	}
	e := script.New(script.WithTimeout(hostileDeadline))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
			s, err := e.Compile("function (accessToken, ctx, cb) {\n" + tt.body + "\n}")
			if err != nil {
				// A source goja refuses to compile is contained too, and
				// reported as a compile error.
				var se *script.Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, script.KindCompile, se.Kind)
				t.Logf("refused at compile time: %v", err)
				return
			}
			start := time.Now()
			res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
			assert.Less(t, time.Since(start), hostileBound)
			if tt.wantKind == 0 {
				require.NoError(t, err)
				assert.Equal(t, tt.want, res.Value)
				return
			}
			var se *script.Error
			require.ErrorAs(t, err, &se, "got %+v", res)
			assert.Equal(t, tt.wantKind, se.Kind, "%v", err)
			if tt.wantName != "" {
				assert.Equal(t, tt.wantName, se.Name)
			}
			if tt.wantMsg != "" {
				assert.Contains(t, se.Message, tt.wantMsg)
			}
			if tt.wantKind == script.KindTimeout {
				assert.ErrorIs(t, err, script.ErrTimeout)
			}
		})
	}
}

// TestScriptCannotReadTheEnvironment sets a sentinel in the host
// environment and tries every route a script has to the process.
func TestScriptCannotReadTheEnvironment(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	const sentinel = "sentinel-value-7f3a9c"
	t.Setenv("SOCIALCONN_HOSTILE_SENTINEL", sentinel)
	require.Equal(t, sentinel, os.Getenv("SOCIALCONN_HOSTILE_SENTINEL"))
	src := `function (a, ctx, cb) {
  var out = {};
  function attempt(name, f) { try { out[name] = f(); } catch (e) { out[name] = 'threw ' + (e && e.message); } }
  attempt('env', function () { return process.env; });
  attempt('envKey', function () { return process.env.SOCIALCONN_HOSTILE_SENTINEL; });
  attempt('envKeys', function () { return Object.keys(process.env); });
  attempt('viaFunction', function () { return Function('return process')().env.SOCIALCONN_HOSTILE_SENTINEL; });
  attempt('viaConstructor', function () { return this.constructor.constructor('return process.env')(); });
  attempt('requireProcess', function () { return require('process').env; });
  attempt('requireOs', function () { return require('os').userInfo(); });
  attempt('binding', function () { return process.binding('spawn_sync'); });
  attempt('argv', function () { return process.argv; });
  attempt('configuration', function () { return configuration; });
  cb(null, out);
}`
	s, err := script.New(script.WithTimeout(2 * time.Second)).Compile(src)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
	require.NoError(t, err)
	got, _ := json.Marshal(res.Value)
	t.Logf("what a script sees: %s", got)
	assert.NotContains(t, string(got), sentinel)
	assert.NotContains(t, string(got), "SOCIALCONN_HOSTILE_SENTINEL\":\"")
	out := res.Value.(map[string]any)
	assert.Equal(t, map[string]any{}, out["env"], "process.env is empty")
	assert.Equal(t, []any{}, out["envKeys"])
	assert.Nil(t, out["envKey"])
	for _, k := range []string{"requireProcess", "requireOs"} {
		assert.Contains(t, out[k], "threw Cannot find module", k)
	}
	assert.Contains(t, out["binding"], "threw", "process.binding is not callable")
}

// TestRequireNeverReachesTheFilesystem: module names are looked up in the
// built-in table only; paths and Node core modules with host access fail
// with Node's MODULE_NOT_FOUND.
func TestRequireNeverReachesTheFilesystem(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	forbidden := []string{
		"../../../etc/passwd", "/etc/passwd", "./package.json", "file:///etc/passwd", "fs", "fs/promises", "node:fs",
		"child_process", "node:child_process", "module", "process", "vm", "node:vm", "worker_threads", "os", "net",
		"dgram", "dns", "tls", "cluster", "inspector", "v8", "perf_hooks", "repl", "http2", "async_hooks",
		"request/../../etc/passwd", "lodash/../../../etc/passwd", "axios\x00fs",
	}
	for _, name := range forbidden {
		assert.NotContains(t, script.Modules(), name)
	}
	e := script.New(script.WithTimeout(2 * time.Second))
	names, _ := json.Marshal(forbidden)
	s, err := e.Compile(`function (a, ctx, cb) {
  var names = ` + string(names) + `, out = [];
  names.forEach(function (n) {
    try { var m = require(n); out.push(n + ': loaded ' + typeof m); }
    catch (e) { out.push(e.code === 'MODULE_NOT_FOUND' ? 'not found' : n + ': ' + e.message); }
  });
  cb(null, out);
}`)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
	require.NoError(t, err)
	for i, v := range res.Value.([]any) {
		assert.Equal(t, "not found", v, forbidden[i])
	}
}

// tamperScript changes every shared-looking builtin it can reach, including
// the request module, and leaves a timer that would keep tampering.
const tamperScript = `function (accessToken, ctx, cb) {
  Object.prototype.polluted = 1;
  Array.prototype.map = function () { return ['tampered'] };
  Array.prototype.push = function () { throw new Error('tampered push') };
  JSON.parse = function () { return {tampered: true} };
  JSON.stringify = function () { return '"tampered"' };
  String.prototype.toUpperCase = function () { return 'tampered' };
  Function.prototype.call = function () { return 'tampered' };
  Promise = function () { throw new Error('tampered Promise') };
  Object.defineProperty(globalThis, 'Error', {value: function () { return {message: 'tampered'} }});
  var rq = request;
  rq.get = function (o, f) { f(null, {statusCode: 200}, '{"sub":"forged"}') };
  rq.tampered = true;
  require('lodash').get = function () { return 'tampered' };
  require('util').format = function () { return 'tampered' };
  globalThis.leaked = accessToken;
  global.marker = accessToken;
  Math.random = function () { return 0.5 };
  Date.now = function () { return 0 };
  setInterval(function () { Object.prototype.pollutedLater = 1 }, 1);
  setTimeout(function () { cb(null, {user_id: 'tamperer'}) }, 5);
}`

// cleanScript reports what it sees of the builtins the tamperer changed and
// fetches a profile through request, which must reach the real server.
const cleanScript = `function (accessToken, ctx, cb) {
  var seen = {
    polluted: 'polluted' in {} ? 'present' : 'absent', pollutedLater: 'pollutedLater' in {} ? 'present' : 'absent',
    map: [1, 2].map(function (x) { return x * 2 }),
    push: (function () { var a = []; a.push(1); return a.length })(),
    parse: JSON.parse('{"a":1}').a,
    stringify: JSON.stringify({a: 1}),
    upper: 'abc'.toUpperCase(),
    call: (function () { return this.v }).call({v: 'call works'}),
    promise: typeof Promise.resolve,
    error: new Error('e') instanceof Error,
    requestTampered: request.tampered === undefined ? 'pristine' : 'tampered',
    lodash: require('lodash').get({a: {b: 1}}, 'a.b'),
    format: require('util').format('%s-%d', 'x', 1),
    leaked: typeof leaked, marker: typeof global.marker,
    dateNow: Date.now() > 0
  };
  Promise.resolve(1).then(function () {
    request.get({url: USERINFO, json: true}, function (err, resp, body) {
      if (err) return cb(err);
      seen.sub = body.sub;
      cb(null, seen);
    });
  });
}`

var pristine = map[string]any{
	"polluted": "absent", "pollutedLater": "absent", "map": []any{2.0, 4.0}, "push": 1.0, "parse": 1.0, "stringify": `{"a":1}`,
	"upper": "ABC", "call": "call works", "promise": "function", "error": true, "requestTampered": "pristine",
	"lodash": 1.0, "format": "x-1", "leaked": "undefined", "marker": "undefined", "dateNow": true, "sub": "real-user",
}

// TestTamperingNeverReachesAnotherInvocation runs the tamperer and a clean
// script one after the other and interleaved on many goroutines; the clean
// one always sees pristine builtins and a working request module.
func TestTamperingNeverReachesAnotherInvocation(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"sub":"real-user"}`)
	}))
	defer srv.Close()
	client := safehttp.NewClient(safehttp.Options{})
	defer client.CloseIdleConnections()
	e := script.New(script.WithHTTPClient(client), script.WithTimeout(5*time.Second))
	tamper, err := e.Compile(tamperScript)
	require.NoError(t, err)
	clean, err := e.Compile(strings.Replace(cleanScript, "USERINFO", jsString(srv.URL), 1))
	require.NoError(t, err)

	runTamper := func() error {
		res, err := tamper.FetchUserProfile(context.Background(), hostileToken, nil)
		if err != nil {
			return fmt.Errorf("tamperer: %w", err)
		}
		// The result was serialised with the sandbox's own JSON.stringify,
		// not the replaced one.
		if !assert.ObjectsAreEqual(map[string]any{"user_id": "tamperer"}, res.Value) {
			return fmt.Errorf("tamperer's result forged: %v", res.Value)
		}
		return nil
	}
	runClean := func() error {
		res, err := clean.FetchUserProfile(context.Background(), "clean-token", nil)
		if err != nil {
			return fmt.Errorf("clean: %w", err)
		}
		if !assert.ObjectsAreEqual(pristine, res.Value) {
			return fmt.Errorf("clean script saw %v", res.Value)
		}
		return nil
	}

	t.Run("sequential", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			require.NoError(t, runTamper())
			require.NoError(t, runClean())
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := 0; i < 32; i++ {
			wg.Add(2)
			go func() { defer wg.Done(); errs <- runTamper() }()
			go func() { defer wg.Done(); errs <- runClean() }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.NoError(t, err)
		}
	})
}

// TestInfiniteLoopInARequestCallback: the deadline interrupts a loop that
// starts on the event loop after an HTTP response.
func TestInfiniteLoopInARequestCallback(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "{}") }))
	defer srv.Close()
	client := safehttp.NewClient(safehttp.Options{})
	defer client.CloseIdleConnections()
	e := script.New(script.WithHTTPClient(client), script.WithTimeout(hostileDeadline))
	for name, body := range map[string]string{
		"request": `request.get(U, function () { while (true) {} })`,
		"axios":   `require('axios').get(U).then(function () { for (;;) {} })`,
		"fetch":   `fetch(U).then(function (r) { return r.json() }).then(function () { while (true) {} })`,
		"http":    `require('http').get(U, function (res) { res.on('data', function () { while (true) {} }) })`,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := e.Compile("function (a, c, cb) { var U = " + jsString(srv.URL) + "; " + body + " }")
			require.NoError(t, err)
			start := time.Now()
			_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
			assert.ErrorIs(t, err, script.ErrTimeout)
			assert.Less(t, time.Since(start), hostileBound)
		})
	}
}

// TestUnboundedGrowthIsStopped: goja cannot cap heap use, so a script that
// grows a string or an array without end is stopped by the deadline (or a
// RangeError). The heap growth measured here is what a 500 ms deadline
// allows on this machine; the bound asserted is deliberately loose (1 GiB)
// and the measured numbers are logged.
func TestUnboundedGrowthIsStopped(t *testing.T) {
	tests := []struct {
		name, body string
		// slack is how far past the deadline a single native operation
		// (copying a string of hundreds of MiB) may run.
		slack time.Duration
		// maxGrowth bounds the heap growth.
		maxGrowth uint64
	}{
		// Each doubling is one native copy the deadline cannot interrupt:
		// measured on 2 cores 2.3 s and +895 MiB with a 500 ms deadline,
		// 8.1 s and +1.8 GiB under the race detector.
		{"string doubling", `var s = 'x'; while (true) s += s`, 15 * time.Second, 4 << 30},
		{"string append", `var s = 'x'; while (true) s += 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'`, hostileBound, 1 << 30},
		{"string concat", `var s = 'x'.repeat(1 << 20); while (true) s = s + s.slice(0, 1 << 16)`, hostileBound, 1 << 30},
		{"array push", `var a = []; while (true) a.push(1, 2, 3, 4, 5, 6, 7, 8)`, hostileBound, 1 << 30},
		{"array doubling", `var a = [1]; while (true) a = a.concat(a)`, hostileBound, 1 << 30},
		{"object keys", `var o = {}; for (var i = 0; ; i++) o['k' + i] = i`, hostileBound, 1 << 30},
		{"closures", `var fs = []; while (true) fs.push(function () { return fs })`, hostileBound, 1 << 30},
	}
	e := script.New(script.WithTimeout(hostileDeadline))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
			s, err := e.Compile("function (a, c, cb) {\n" + tt.body + "\n}")
			require.NoError(t, err)
			elapsed, peak, allocated := heapPeak(func() {
				_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
			})
			t.Logf("%s: %v after %v; heap peak +%d MiB, allocated %d MiB", tt.name, err, elapsed, peak>>20, allocated>>20)
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.Contains(t, []script.ErrorKind{script.KindTimeout, script.KindThrown}, se.Kind, "%v", err)
			assert.Less(t, elapsed, hostileDeadline+tt.slack)
			assert.Less(t, peak, tt.maxGrowth, "heap growth")
			runtime.GC()
		})
	}
}

// regexpClock ignores regexp2's shared clock goroutine: matches in scripts
// are time-bounded (script.MaxRegexpMatchTime), and the clock that measures
// them lives about two seconds past the last match, for the whole process.
var regexpClock = goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock")

// TestHTTPModuleIPv6Literal: http.get('http://[::1]:port/') must reach
// [::1], not localhost, and 'http://[fe80::1]/' must be refused by the
// destination policy rather than looked up as the name "fe80".
func TestHTTPModuleIPv6Literal(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	s, err := script.New(script.WithTimeout(2 * time.Second)).Compile(`function (a, c, cb) {
  require('http').get('http://[::1]:1/x', function () { cb(null, 'answered') }).on('error', function (e) {
    require('http').get('http://[fe80::1]/', function () { cb(null, 'answered') }).on('error', function (e2) { cb(null, [e.message, e2.message]) });
  });
}`)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
	require.NoError(t, err)
	got := res.Value.([]any)
	assert.Contains(t, got[0], "[::1]:1", "the IPv6 loopback literal is dialled, not 127.0.0.1")
	assert.Contains(t, got[1], "destination refused by policy")
}

// TestThrowInAnHTTPResponseHandler: an exception thrown synchronously in an
// http/https response or error handler is an uncaught exception (it crashes
// a Node process, which Auth0 reports as the script's error). It must be
// reported with its message, not swallowed into "never called back".
func TestThrowInAnHTTPResponseHandler(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "{}") }))
	defer srv.Close()
	client := safehttp.NewClient(safehttp.Options{})
	defer client.CloseIdleConnections()
	e := script.New(script.WithHTTPClient(client), script.WithTimeout(2*time.Second))
	for name, body := range map[string]string{
		"response": `require('http').get(U, function (res) { throw new Error('boom in handler') })`,
		"error":    `require('http').get('http://127.0.0.1:1/', function () {}).on('error', function () { throw new Error('boom in handler') })`,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := e.Compile("function (a, c, cb) { var U = " + jsString(srv.URL) + "; " + body + " }")
			require.NoError(t, err)
			_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, script.KindThrown, se.Kind, "%v", err)
			assert.Equal(t, "boom in handler", se.Message)
		})
	}
}

// TestDeadlineInterruptsBacktrackingRegexp: goja runs regular expressions
// RE2 cannot (lookahead, backreferences) on regexp2, a backtracking engine
// that goja's Interrupt does not reach: a catastrophic pattern would run for
// hours (40 characters: days). The package bounds each match to
// MaxRegexpMatchTime, after which the deadline stops the script.
func TestDeadlineInterruptsBacktrackingRegexp(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	for _, n := range []int{24, 40} {
		s, err := script.New(script.WithTimeout(200 * time.Millisecond)).Compile(fmt.Sprintf(
			`function (a, c, cb) { cb(null, /^(?=a)(a+)+$/.test('a'.repeat(%d) + 'b')) }`, n))
		require.NoError(t, err)
		start := time.Now()
		_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
		assert.ErrorIs(t, err, script.ErrTimeout, "n=%d", n)
		assert.Less(t, time.Since(start), script.MaxRegexpMatchTime+700*time.Millisecond, "n=%d: stopped within one match bound of the deadline", n)
	}
}

// TestSourceMapCommentsReadNoFiles: goja's parser follows a trailing
// "//# sourceMappingURL=" comment and reads the file it names (absolute, or
// relative to the working directory: /dev/zero there would exhaust memory,
// and the parse error tells which files exist). No text a script supplies,
// its source, eval or new Function, may make it read anything.
func TestSourceMapCommentsReadNoFiles(t *testing.T) {
	dir := t.TempDir()
	mapPath := dir + "/x.map"
	require.NoError(t, os.WriteFile(mapPath, []byte(`{"version":3,"sources":["read-from-disk.js"],"names":[],"mappings":"AAAA;AACA"}`), 0o600))
	missing := dir + "/missing.map"
	e := script.New()
	for name, src := range map[string]string{
		"source, expression":  "function (a, c, cb) { try { null.x } catch (e) { cb(null, {s: String(e.stack)}) } }\n//# sourceMappingURL=" + mapPath,
		"source, statements":  "var x = 1\nfunction fetchUserProfile(a, c, cb) { try { null.x } catch (e) { cb(null, {s: String(e.stack)}) } }\n//# sourceMappingURL=" + mapPath,
		"source, no such map": "var x = 1\nfunction fetchUserProfile(a, c, cb) { cb(null, {s: 'ok'}) }\n//# sourceMappingURL=" + missing,
		"eval":                "function (a, c, cb) { try { eval('null.x\\n//# sourceMappingURL=" + mapPath + "') } catch (e) { cb(null, {s: String(e.stack)}) } }",
		"eval, no such map":   "function (a, c, cb) { cb(null, {s: String(eval('1\\n//# sourceMappingURL=" + missing + "'))}) }",
		"new Function":        "function (a, c, cb) { try { new Function('null.x\\n//# sourceMappingURL=" + mapPath + "')() } catch (e) { cb(null, {s: String(e.stack)}) } }",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := e.Compile(src)
			require.NoError(t, err)
			r, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
			require.NoError(t, err)
			got := r.Value.(map[string]any)["s"].(string)
			assert.NotContains(t, got, "read-from-disk")
			assert.NotContains(t, got, "source map")
		})
	}
}

// TestSlowRegexpAfterIdleIsNotCutShort: the match bound must not end a
// legitimate match early. regexp2 before v1.11.5 computed a match's deadline
// from a clock that stops updating when no match has run for a while, so the
// first slow match after an idle spell timed out at the clock's next tick
// (~100 ms) and counted as no match. The pattern below finds its match only
// after a few hundred milliseconds of backtracking. On a loaded machine it
// may legitimately run out of the whole bound; what must not happen is a "no
// match" well before it.
func TestSlowRegexpAfterIdleIsNotCutShort(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for regexp2's clock to go idle")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	s, err := script.New(script.WithTimeout(10 * time.Second)).Compile(
		`function (a, c, cb) { cb(null, {m: /^(?:(?=a)(a+)+b|a+c)$/.test('a'.repeat(22) + 'c')}) }`)
	require.NoError(t, err)
	match := func() (bool, time.Duration) {
		start := time.Now()
		r, err := s.FetchUserProfile(context.Background(), hostileToken, nil)
		require.NoError(t, err)
		return r.Value.(map[string]any)["m"].(bool), time.Since(start)
	}
	// The first match starts regexp2's clock; it stops updating about two
	// seconds after the last match's deadline.
	match()
	time.Sleep(script.MaxRegexpMatchTime + 2*time.Second)
	found, took := match()
	if !found {
		assert.GreaterOrEqual(t, took, script.MaxRegexpMatchTime*9/10, "no match after only %v: cut short before the match bound", took)
	}
}

// TestDeadlineInterruptsJSONStringifyOfDeepObjects: goja's JSON.stringify is
// native code, quadratic in nesting depth and not interruptible (40,000
// levels take a few seconds, 100,000 about twenty). The callback's value is
// converted by the sandbox's own walker, which has a depth cap; the script's
// JSON.stringify checks the deadline for every value (stringify.go).
func TestDeadlineInterruptsJSONStringifyOfDeepObjects(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	e := script.New(script.WithTimeout(200 * time.Millisecond))
	for name, body := range map[string]string{
		"in the script":   `var o = {}; for (var i = 0; i < 40000; i++) o = {a: o}; JSON.stringify(o); cb(null, 1)`,
		"as the callback": `var o = {}; for (var i = 0; i < 40000; i++) o = {a: o}; cb(null, o)`,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := e.Compile("function (a, c, cb) {" + body + "}")
			require.NoError(t, err)
			start := time.Now()
			_, err = s.FetchUserProfile(context.Background(), hostileToken, nil)
			require.Error(t, err)
			// Alone this takes about 0.35 s; the bound leaves room for a
			// loaded 2-core CI machine while still telling a contained
			// invocation from the seconds-to-minutes of an uncontained one.
			assert.Less(t, time.Since(start), 2200*time.Millisecond, "stopped within 2 s of the 200 ms deadline")
		})
	}
}

// TestEngineLoggerNeverSeesTokens: console output mirrored to the Engine's
// logger has the invocation's tokens scrubbed; Result.Logs keep the script's
// own words for the caller.
func TestEngineLoggerNeverSeesTokens(t *testing.T) {
	var buf bytes.Buffer
	e := script.New(script.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	s, err := e.Compile(`function (accessToken, ctx, cb) {
  console.log('token', accessToken, 'ctx', JSON.stringify(ctx));
  cb(null, {user_id: 'u'});
}`)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), "access-secret-123", map[string]any{
		"access_token": "access-secret-123", "id_token": "id-token-secret-456", "refresh_token": "refresh-secret-789", "scope": "openid",
	})
	require.NoError(t, err)
	for _, secret := range []string{"access-secret-123", "id-token-secret-456", "refresh-secret-789"} {
		assert.NotContains(t, buf.String(), secret)
	}
	assert.Contains(t, buf.String(), "[redacted]")
	assert.Contains(t, buf.String(), "openid", "ordinary values are kept")
	require.Len(t, res.Logs, 1)
	assert.Contains(t, res.Logs[0].Message, "access-secret-123", "the caller gets the script's own output")
}
