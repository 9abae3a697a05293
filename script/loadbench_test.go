package script

// Load benchmarks: the typical fetchUserProfile script (benchkit.Script) in the
// sandbox beside the plain-Go floor at exactly 1 and 32 invocations in
// flight, against a userinfo server in this process or in a child process
// (or none), and split into phases around the round trip;
// the stop latency of runaway scripts; heap per in-flight invocation; and
// 10,000 invocations in flight at once.
//
//	go test -run '^$' -bench 'Userinfo|RunawayStop|HeapPerInFlight' -count 6 ./script | benchstat -col /impl -
//	go test -run '^$' -bench TenThousandInFlight -benchtime 1x ./script

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/socialconn/socialconn/internal/benchkit"
	"github.com/socialconn/socialconn/internal/safehttp"
)

// benchChildEnv makes the test binary serve the bench userinfo endpoint
// (benchkit.Handler) instead of running tests (see startChildServer);
// benchMinimalEnv makes it serve benchkit.ServeMinimal.
const (
	benchChildEnv   = "SOCIALCONN_SCRIPT_BENCH_SERVER"
	benchMinimalEnv = "SOCIALCONN_SCRIPT_BENCH_MINIMAL_SERVER"
)

func init() {
	if os.Getenv(benchChildEnv) == "1" {
		os.Exit(benchkit.ServeChild(benchkit.NewHandler("at")))
	}
	if os.Getenv(benchMinimalEnv) == "1" {
		os.Exit(benchkit.ServeChildMinimal("at"))
	}
}

// benchTarget is a userinfo server and the client that reaches it.
type benchTarget struct {
	base   string // http://host:port
	client *http.Client
}

// newBenchClient is the library's own client (safehttp) with a policy that
// allows loopback: the same transport settings the sandbox uses by default.
func newBenchClient(b *testing.B) *http.Client {
	c := safehttp.NewClient(safehttp.Options{Policy: safehttp.AllowAll})
	b.Cleanup(c.CloseIdleConnections)
	return c
}

// startNoServer answers in the calling goroutine (benchkit.Transport): no
// sockets, so what is left is the caller's own work.
func startNoServer(b *testing.B) benchTarget {
	return benchTarget{base: "http://userinfo.invalid", client: &http.Client{Transport: benchkit.Transport{H: benchkit.NewHandler("at")}}}
}

func startGoroutineServer(b *testing.B) benchTarget {
	srv := httptest.NewServer(benchkit.NewHandler("at"))
	b.Cleanup(srv.Close)
	return benchTarget{base: srv.URL, client: newBenchClient(b)}
}

// startChildServer serves the endpoint from a child process, so that the
// server's CPU and memory are not counted in this process.
func startChildServer(b *testing.B) benchTarget {
	return benchTarget{base: benchkit.StartChildTest(b, benchChildEnv), client: newBenchClient(b)}
}

// startMinimalServer serves the endpoint from a child process with
// benchkit.ServeMinimal, which takes about half the CPU per request of
// net/http's server, CPU the client's calls would otherwise compete for.
func startMinimalServer(b *testing.B) benchTarget {
	return benchTarget{base: benchkit.StartChildTest(b, benchMinimalEnv), client: newBenchClient(b)}
}

// userinfoServer names a way to start the userinfo server for a benchmark.
type userinfoServer struct {
	name  string
	start func(*testing.B) benchTarget
}

// serverProcesses are the servers in a child process: net/http's and the
// minimal one.
var serverProcesses = []userinfoServer{{"process", startChildServer}, {"minimal", startMinimalServer}}

func (t benchTarget) get(b *testing.B, path string) string {
	resp, err := t.client.Get(t.base + path)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func (t benchTarget) waitInFlight(b *testing.B, n int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		got, _ := strconv.Atoi(t.get(b, "/inflight"))
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d requests reached the server in %v", got, n, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sandboxCall runs the typical script (benchkit.Script) in the sandbox
// against userinfoURL.
func sandboxCall(b *testing.B, t benchTarget, userinfoURL string, opts ...Option) func(context.Context) error {
	e := New(append([]Option{WithHTTPClient(t.client)}, opts...)...)
	s, err := e.Compile(benchkit.Script(userinfoURL))
	if err != nil {
		b.Fatal(err)
	}
	return func(ctx context.Context) error {
		r, err := s.FetchUserProfile(ctx, "at", nil)
		if err != nil {
			return err
		}
		return benchkit.CheckProfile(r.Value)
	}
}

// floorCall does the same work in plain Go: GET with a bearer header, status
// check, JSON decode, map five fields. It is the floor the sandbox's overhead
// is measured against.
func floorCall(t benchTarget, userinfoURL string) func(context.Context) error {
	return func(ctx context.Context) error {
		return benchkit.FloorUserinfo(ctx, t.client, userinfoURL, "at", DefaultMaxResponseBytes)
	}
}

// benchImpl is one side of a side-by-side benchmark.
type benchImpl struct {
	name string
	call func(context.Context) error
}

// sandboxAndFloor is the typical script in the sandbox and its plain-Go
// floor, both fetching userinfoURL through t's client.
func sandboxAndFloor(b *testing.B, t benchTarget, userinfoURL string) []benchImpl {
	return []benchImpl{{"sandbox", sandboxCall(b, t, userinfoURL)}, {"floor", floorCall(t, userinfoURL)}}
}

// BenchmarkUserinfo measures one fetchUserProfile invocation of the typical
// script and its plain-Go floor side by side, at exactly 1 and 32 in flight,
// against a server in this process (server=goroutine), in a child process
// (server=process: net/http's server; server=minimal: benchkit.ServeMinimal),
// or answering in the calling goroutine without sockets (server=none: the
// sandbox's own work, without network or scheduler).
// Compare with: benchstat -col /impl.
func BenchmarkUserinfo(b *testing.B) {
	servers := append([]userinfoServer{{"none", startNoServer}, {"goroutine", startGoroutineServer}}, serverProcesses...)
	for _, srv := range servers {
		b.Run("server="+srv.name, func(b *testing.B) {
			t := srv.start(b)
			u := t.base + "/userinfo"
			impls := sandboxAndFloor(b, t, u)
			for _, n := range []int{1, 32} {
				for _, impl := range impls {
					b.Run(fmt.Sprintf("inflight=%d/impl=%s", n, impl.name), func(b *testing.B) {
						benchkit.RunInFlight(b, n, nil, func(ctx context.Context, _ int) error { return impl.call(ctx) })
					})
				}
			}
		})
	}
}

// stampTransport records when its last request reached the transport and
// when the transport returned. One request at a time only.
type stampTransport struct {
	base       http.RoundTripper
	sent, recv time.Time
}

func (s *stampTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.sent = time.Now()
	resp, err := s.base.RoundTrip(r)
	s.recv = time.Now()
	return resp, err
}

// BenchmarkUserinfoPhases splits one invocation, 1 in flight against a
// server process (net/http's or the minimal one), into the time before its
// request reaches the transport, the transport's round trip, and the time
// after the response is back, for the sandbox and the floor: where the
// latency overhead over a socket lies. The metrics are medians, the whole
// call's included (median-µs; ns/op is a mean, which the tail pulls up).
func BenchmarkUserinfoPhases(b *testing.B) {
	for _, srv := range serverProcesses {
		b.Run("server="+srv.name, func(b *testing.B) {
			t := srv.start(b)
			st := &stampTransport{base: t.client.Transport}
			client := *t.client
			client.Transport = st
			t.client = &client
			u := t.base + "/userinfo"
			for _, impl := range sandboxAndFloor(b, t, u) {
				b.Run("impl="+impl.name, func(b *testing.B) { benchPhases(b, st, impl.call) })
			}
		})
	}
}

// benchPhases runs call, timed through st, and reports the medians of its
// phases and of the whole call.
func benchPhases(b *testing.B, st *stampTransport, call func(context.Context) error) {
	ctx := context.Background()
	for range 20 {
		if err := call(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var total, before, trip, after []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := call(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		total = append(total, t1.Sub(t0))
		before = append(before, st.sent.Sub(t0))
		trip = append(trip, st.recv.Sub(st.sent))
		after = append(after, t1.Sub(st.recv))
	}
	for _, m := range []struct {
		d    []time.Duration
		unit string
	}{{total, "median-µs"}, {before, "before-send-µs"}, {trip, "round-trip-µs"}, {after, "after-response-µs"}} {
		slices.Sort(m.d)
		b.ReportMetric(us(percentile(m.d, 50)), m.unit)
	}
}

// us is d in microseconds, for ReportMetric.
func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// percentile returns the p-th percentile (0..100) of sorted, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// BenchmarkRunawayStop runs `while(true){}` with a 50 ms limit, two at a time
// (as many as this machine's cores), and reports how long after the deadline
// each invocation returned: p50/p99/max in µs. via=timeout uses the Engine's
// WithTimeout; via=ctx the caller's context deadline. ns/op and cpu-ns/op
// are meaningless here (about 50 ms / 2, and the spinning itself). Use
// -benchtime 200x or more for a stable p99.
func BenchmarkRunawayStop(b *testing.B) {
	const limit = 50 * time.Millisecond
	const running = 2
	for _, via := range []string{"timeout", "ctx"} {
		b.Run("via="+via, func(b *testing.B) {
			var e *Engine
			if via == "timeout" {
				e = New(WithTimeout(limit))
			} else {
				e = New()
			}
			s, err := e.Compile(`function fetchUserProfile(a, c, cb) { while (true) {} }`)
			if err != nil {
				b.Fatal(err)
			}
			var over []time.Duration
			prepare := func(n int) error {
				over = make([]time.Duration, n)
				return nil
			}
			benchkit.RunInFlight(b, running, prepare, func(ctx context.Context, i int) error {
				deadline := time.Now().Add(limit)
				if via == "ctx" {
					var cancel context.CancelFunc
					ctx, cancel = context.WithDeadline(ctx, deadline)
					defer cancel()
				}
				_, err := s.FetchUserProfile(ctx, "at", nil)
				over[i] = time.Since(deadline)
				if !errors.Is(err, ErrTimeout) {
					return fmt.Errorf("invocation did not end with ErrTimeout: %v", err)
				}
				return nil
			})
			slices.Sort(over)
			b.ReportMetric(us(percentile(over, 50)), "p50-overshoot-µs")
			b.ReportMetric(us(percentile(over, 99)), "p99-overshoot-µs")
			b.ReportMetric(us(over[len(over)-1]), "max-overshoot-µs")
		})
	}
}

// inFlightN is how many invocations BenchmarkHeapPerInFlight holds at once.
var inFlightN = flag.Int("inflightn", 1000, "invocations held in flight by BenchmarkHeapPerInFlight")

// BenchmarkHeapPerInFlight holds -inflightn invocations blocked on a
// userinfo server in a child process (so only the client side is counted)
// and reports the HeapInuse and StackInuse growth per invocation, for the
// sandbox and for the plain-Go floor.
func BenchmarkHeapPerInFlight(b *testing.B) {
	t := startChildServer(b)
	u := t.base + "/userinfo?hold=1"
	impls := sandboxAndFloor(b, t, u)
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			n := *inFlightN
			var heap, stack float64
			for b.Loop() {
				h, s := holdInFlight(b, t, n, impl.call)
				heap += h
				stack += s
			}
			b.ReportMetric(heap/float64(b.N), "heap-B/inflight")
			b.ReportMetric(stack/float64(b.N), "stack-B/inflight")
		})
	}
}

// holdInFlight starts n calls, waits until the server holds all of them,
// measures memory, releases them and checks they all succeeded.
func holdInFlight(b *testing.B, t benchTarget, n int, call func(context.Context) error) (heapPer, stackPer float64) {
	var ms0, ms1 runtime.MemStats
	t.client.CloseIdleConnections()
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	errs := make(chan error, n)
	for range n {
		go func() { errs <- call(context.Background()) }()
	}
	t.waitInFlight(b, n, time.Minute)
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	t.get(b, "/release")
	for range n {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	return float64(int64(ms1.HeapInuse)-int64(ms0.HeapInuse)) / float64(n),
		float64(int64(ms1.StackInuse)-int64(ms0.StackInuse)) / float64(n)
}

// BenchmarkTenThousandInFlight is a load test: 10,000 sandbox invocations in
// flight at once against a child-process userinfo server that holds every
// request until all 10,000 have arrived and answers each at least 1 s after
// it arrived. Every invocation must succeed; it reports the process's peak
// RSS (VmHWM, reset first where the kernel allows) against a 1 GiB target.
// It runs only when -bench names it explicitly.
func BenchmarkTenThousandInFlight(b *testing.B) {
	if f := flag.Lookup("test.bench"); f == nil || !strings.Contains(f.Value.String(), "TenThousand") {
		b.Skip("run with -bench TenThousandInFlight")
	}
	const n = 10_000
	t := startChildServer(b)
	call := sandboxCall(b, t, t.base+"/userinfo?hold=1&delay=1s")
	for b.Loop() {
		t.client.CloseIdleConnections()
		runtime.GC()
		reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
		before, _ := benchkit.VmHWM(os.Getpid())
		start := time.Now()
		errs := make(chan error, n)
		for range n {
			go func() { errs <- call(context.Background()) }()
		}
		t.waitInFlight(b, n, 2*time.Minute)
		ramp := time.Since(start)
		t.get(b, "/release")
		failed := 0
		var first error
		for range n {
			if err := <-errs; err != nil {
				failed++
				if first == nil {
					first = err
				}
			}
		}
		total := time.Since(start)
		peakKB, _ := benchkit.VmHWM(os.Getpid())
		if failed > 0 {
			b.Fatalf("%d of %d invocations failed; first: %v", failed, n, first)
		}
		peak, _ := strconv.Atoi(t.get(b, "/peak"))
		if peak < n {
			b.Fatalf("the server saw at most %d requests at once, want %d", peak, n)
		}
		b.Logf("%d in flight at once, all succeeded: peak RSS %d MiB, ramp %v, total %v", n, peakKB/1024, ramp.Round(time.Millisecond), total.Round(time.Millisecond))
		b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MiB")
		b.ReportMetric(ramp.Seconds(), "ramp-s")
		b.ReportMetric(total.Seconds(), "total-s")
		if !reset {
			b.Logf("VmHWM could not be reset; it includes %d KiB from before", before)
		}
		if peakKB > 1<<20 {
			b.Errorf("peak RSS %d MiB is over the 1 GiB target", peakKB/1024)
		}
	}
}
