// Command benchcmp compares the cost of one typical fetchUserProfile
// invocation (request.get with a bearer header, json: true, a status check,
// five mapped fields) in three runtimes, against the same loopback userinfo
// server:
//
//   - sandbox: package script, the library's goja sandbox;
//   - floor: plain Go net/http + encoding/json doing the same work;
//   - node: Node.js with npm request 2.88.2, the script compiled once in a vm
//     context and called again and again (Node's best case). Skipped, with a
//     message, when node is not on PATH.
//
// Each runtime runs in its own process (the server too), at each -inflight
// level, in interleaved rounds (sandbox, floor, node, sandbox, ...) so that
// machine noise spreads over all of them. It prints one table: median and
// p99 latency, calls/s, CPU per call, peak RSS (VmHWM of the worker process)
// and errors, then the ratios: sandbox vs node throughput at the highest
// -inflight, and sandbox minus floor median latency.
//
// Usage:
//
//	go run ./internal/benchcmp [-rounds 3] [-duration 2s] [-warmup 300ms] [-inflight 1,32] [-node=true]
//
// The first run with Node installs the npm packages into the
// internal/nodecompat cache folder (network access to the npm registry
// needed). Linux only: it reads /proc for peak RSS.
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/socialconn/socialconn/internal/benchkit"
	"github.com/socialconn/socialconn/internal/nodecompat"
)

// driverJS is the Node worker (see driver.js).
//
//go:embed driver.js
var driverJS []byte

func main() {
	if code, ok := runRole(); ok {
		os.Exit(code)
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		os.Exit(2)
	}
	if err := compare(context.Background(), cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	rounds   int
	duration time.Duration
	warmup   time.Duration
	inflight []int
	node     bool
	server   string
	args     []string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("benchcmp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := config{args: args}
	fs.IntVar(&c.rounds, "rounds", 3, "interleaved rounds per runtime and in-flight level")
	fs.DurationVar(&c.duration, "duration", 2*time.Second, "measured time per round")
	fs.DurationVar(&c.warmup, "warmup", 300*time.Millisecond, "unmeasured warm-up before each round")
	inflight := fs.String("inflight", "1,32", "comma-separated numbers of calls in flight")
	fs.BoolVar(&c.node, "node", true, "also run Node.js with npm request (skipped when node is absent)")
	fs.StringVar(&c.server, "server", serverMinimal, "userinfo server: minimal (a small HTTP/1.1 responder) or net/http")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, "benchcmp:", err)
		return c, err
	}
	var err error
	if c.inflight, err = parseInflight(*inflight); err != nil {
		fmt.Fprintln(stderr, "benchcmp: -inflight:", err)
		return c, err
	}
	if c.server != serverMinimal && c.server != serverNetHTTP {
		err := fmt.Errorf("-server must be %s or %s", serverMinimal, serverNetHTTP)
		fmt.Fprintln(stderr, "benchcmp:", err)
		return c, err
	}
	if c.rounds < 1 || c.rounds > 100 || c.duration <= 0 || c.duration > 10*time.Minute || c.warmup < 0 || c.warmup > time.Minute {
		err := errors.New("-rounds must be 1..100, -duration in (0, 10m], -warmup in [0, 1m]")
		fmt.Fprintln(stderr, "benchcmp:", err)
		return c, err
	}
	return c, nil
}

// parseInflight parses "1,32" into sorted, distinct levels in 1..10000.
func parseInflight(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 10000 {
			return nil, fmt.Errorf("%q is not a number of calls in 1..10000", f)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// worker is one measured process: a runtime at one in-flight level.
type worker struct {
	impl     string
	inflight int
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	out      *bufio.Reader
	rounds   []roundResult
	peakKB   int64
	// serverCPU is the userinfo server's CPU µs per request it answered
	// during each of this worker's rounds (warm-ups included).
	serverCPU []float64
}

func startWorker(cmd *exec.Cmd, impl string, inflight int) (*worker, string, error) {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, "", err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", impl, err)
	}
	w := &worker{impl: impl, inflight: inflight, cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(stdout, 1<<20)}
	var first string
	if impl == "node" {
		line, err := w.out.ReadString('\n')
		if err != nil {
			w.stop()
			return nil, "", fmt.Errorf("node worker did not start: %w", err)
		}
		var ready struct {
			Node string `json:"node"`
		}
		_ = json.Unmarshal([]byte(line), &ready)
		first = ready.Node
	}
	return w, first, nil
}

func (w *worker) run(d, warmup time.Duration) error {
	if _, err := fmt.Fprintf(w.stdin, "run %d %d\n", d.Nanoseconds(), warmup.Nanoseconds()); err != nil {
		return fmt.Errorf("%s/%d: %w", w.impl, w.inflight, err)
	}
	line, err := w.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("%s/%d: no answer: %w", w.impl, w.inflight, err)
	}
	var r roundResult
	if err := json.Unmarshal(line, &r); err != nil {
		return fmt.Errorf("%s/%d: bad answer: %w", w.impl, w.inflight, err)
	}
	w.rounds = append(w.rounds, r)
	if kb, err := benchkit.VmHWM(w.cmd.Process.Pid); err == nil {
		w.peakKB = max(w.peakKB, kb)
	}
	return nil
}

func (w *worker) stop() {
	_ = w.stdin.Close()
	done := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = w.cmd.Process.Kill()
		<-done
	}
}

// nodeSetup finds node, installs the npm packages (internal/nodecompat's
// pinned list, shared cache) and writes the driver next to them.
func nodeSetup(ctx context.Context) (node, modules, driver, requestVersion string, err error) {
	if node, err = nodecompat.NodePath(); err != nil {
		return "", "", "", "", err
	}
	if modules, err = nodecompat.Install(ctx); err != nil {
		return "", "", "", "", err
	}
	driver = filepath.Join(modules, "benchcmp-driver.js")
	if err = os.WriteFile(driver+".tmp", driverJS, 0o644); err == nil {
		err = os.Rename(driver+".tmp", driver)
	}
	if err != nil {
		return "", "", "", "", fmt.Errorf("write node driver: %w", err)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if raw, rerr := os.ReadFile(filepath.Join(modules, "node_modules", "request", "package.json")); rerr == nil {
		_ = json.Unmarshal(raw, &pkg)
	}
	return node, modules, driver, pkg.Version, nil
}

// compare runs the whole comparison and prints the report to out; progress
// and skips go to log.
func compare(ctx context.Context, cfg config, out, log io.Writer) error {
	// Worker processes write their standard error to log from goroutines.
	log = &lockedWriter{w: log}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own executable: %w", err)
	}
	addr, stopServer, err := benchkit.StartChild(exe, roleEnv+"="+roleServer, serverEnv+"="+cfg.server)
	if err != nil {
		return err
	}
	defer stopServer()
	userinfo := "http://" + addr + benchkit.UserinfoPath
	stats := func() (benchkit.ServerStats, error) {
		return benchkit.FetchStats(ctx, http.DefaultClient, "http://"+addr)
	}

	impls := []string{roleSandbox, roleFloor}
	var node, modules, driver, requestVersion, nodeVersion string
	if cfg.node {
		node, modules, driver, requestVersion, err = nodeSetup(ctx)
		switch {
		case errors.Is(err, nodecompat.ErrNoNode):
			fmt.Fprintln(log, "benchcmp: node is not on PATH: skipping the Node comparison")
		case err != nil:
			fmt.Fprintln(log, "benchcmp: skipping the Node comparison:", err)
		default:
			impls = append(impls, "node")
		}
	}

	var workers []*worker
	defer func() {
		for _, w := range workers {
			w.stop()
		}
	}()
	for _, n := range cfg.inflight {
		for _, impl := range impls {
			var cmd *exec.Cmd
			if impl == "node" {
				cmd = exec.Command(node, driver)
				cmd.Env = append(os.Environ(),
					"BENCHCMP_MODULES="+modules,
					"BENCHCMP_INFLIGHT="+strconv.Itoa(n),
					"BENCHCMP_SCRIPT="+scriptFor(userinfo))
			} else {
				cmd = exec.Command(exe)
				cmd.Env = append(os.Environ(), roleEnv+"="+impl, urlEnv+"="+userinfo, inflightEnv+"="+strconv.Itoa(n))
			}
			cmd.Stderr = log
			w, v, err := startWorker(cmd, impl, n)
			if err != nil {
				return err
			}
			if v != "" {
				nodeVersion = v
			}
			workers = append(workers, w)
		}
	}

	start := time.Now()
	for r := range cfg.rounds {
		for _, w := range workers {
			fmt.Fprintf(log, "round %d/%d: %s, %d in flight\n", r+1, cfg.rounds, w.impl, w.inflight)
			before, err := stats()
			if err != nil {
				return err
			}
			if err := w.run(cfg.duration, cfg.warmup); err != nil {
				return err
			}
			after, err := stats()
			if err != nil {
				return err
			}
			if n := after.Requests - before.Requests; n > 0 {
				w.serverCPU = append(w.serverCPU, float64(after.CPUNs-before.CPUNs)/1e3/float64(n))
			}
		}
	}
	elapsed := time.Since(start)

	fmt.Fprintf(out, "$ %s\n", strings.Join(append([]string{gcEnv() + "go run ./internal/benchcmp"}, cfg.args...), " "))
	fmt.Fprintf(out, "%s, %s/%s, %d cores (GOMAXPROCS %d)", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	if nodeVersion != "" {
		fmt.Fprintf(out, ", Node %s with request %s", nodeVersion, requestVersion)
	}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(out, ", load average %s", strings.Join(strings.Fields(string(la))[:3], " "))
	}
	fmt.Fprintf(out, "\nuserinfo server: %s, in its own process\n", serverName(cfg.server))
	fmt.Fprintf(out, "%d interleaved rounds of %v (+%v warm-up) per row, %v in all; medians across rounds\n\n",
		cfg.rounds, cfg.duration, cfg.warmup, elapsed.Round(time.Second))
	rows := summarise(workers)
	printTable(out, rows)
	printRatios(out, rows, cfg.inflight)
	for _, r := range rows {
		if r.errors > 0 {
			return fmt.Errorf("%s at %d in flight: %d calls failed; first: %s", r.impl, r.inflight, r.errors, r.firstError)
		}
	}
	return nil
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// row is one worker's summary.
type row struct {
	impl                   string
	inflight               int
	medianUs, p99Us        float64
	callsPerSec, cpuUsCall float64
	serverCPUUs            float64
	peakMiB                float64
	calls, errors          int
	firstError             string
}

func summarise(workers []*worker) []row {
	var rows []row
	for _, w := range workers {
		r := row{impl: w.impl, inflight: w.inflight, peakMiB: float64(w.peakKB) / 1024, serverCPUUs: median(w.serverCPU)}
		var med, p99, rate, cpu []float64
		for _, rr := range w.rounds {
			lat := slices.Clone(rr.LatenciesNs)
			slices.Sort(lat)
			r.calls += len(lat)
			r.errors += rr.Errors
			if r.firstError == "" {
				r.firstError = rr.FirstError
			}
			if len(lat) == 0 || rr.ElapsedNs <= 0 {
				continue
			}
			med = append(med, float64(quantile(lat, 0.5))/1e3)
			p99 = append(p99, float64(quantile(lat, 0.99))/1e3)
			rate = append(rate, float64(len(lat))/(float64(rr.ElapsedNs)/1e9))
			if rr.CPUNs > 0 {
				cpu = append(cpu, float64(rr.CPUNs)/1e3/float64(len(lat)))
			}
		}
		r.medianUs, r.p99Us, r.callsPerSec, r.cpuUsCall = median(med), median(p99), median(rate), median(cpu)
		rows = append(rows, r)
	}
	return rows
}

// quantile returns the q-quantile (0..1) of sorted, nearest rank.
func quantile(sorted []int64, q float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func printTable(out io.Writer, rows []row) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "runtime\tin flight\tmedian µs/call\tp99 µs/call\tcalls/s\tCPU µs/call\tserver CPU µs/call\tpeak RSS MiB\tcalls\terrors\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.1f\t%d\t%d\t\n",
			r.impl, r.inflight, r.medianUs, r.p99Us, r.callsPerSec, r.cpuUsCall, r.serverCPUUs, r.peakMiB, r.calls, r.errors)
	}
	_ = tw.Flush()
	fmt.Fprintln(out)
}

func find(rows []row, impl string, n int) (row, bool) {
	for _, r := range rows {
		if r.impl == impl && r.inflight == n {
			return r, true
		}
	}
	return row{}, false
}

func printRatios(out io.Writer, rows []row, levels []int) {
	top := levels[len(levels)-1]
	if s, ok := find(rows, roleSandbox, top); ok {
		if n, ok := find(rows, "node", top); ok && n.callsPerSec > 0 {
			fmt.Fprintf(out, "sandbox vs node throughput at %d in flight: %.2fx (%.0f vs %.0f calls/s)\n", top, s.callsPerSec/n.callsPerSec, s.callsPerSec, n.callsPerSec)
		}
	}
	for _, l := range levels {
		s, ok1 := find(rows, roleSandbox, l)
		f, ok2 := find(rows, roleFloor, l)
		if ok1 && ok2 {
			fmt.Fprintf(out, "sandbox - floor at %d in flight: %+.0f µs median latency, %+.0f µs CPU per call", l, s.medianUs-f.medianUs, s.cpuUsCall-f.cpuUsCall)
			if f.cpuUsCall > 0 {
				fmt.Fprintf(out, " (%.1fx the floor's CPU)", s.cpuUsCall/f.cpuUsCall)
			}
			fmt.Fprintln(out)
		}
	}
}

// gcEnv is the Go collector's settings from the environment, as a command
// prefix ("GOGC=off GOMEMLIMIT=128MiB "), or "" for the defaults: they move
// the sandbox's and the floor's CPU per call, so the output names them.
func gcEnv() string {
	var b strings.Builder
	for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
		if v, ok := os.LookupEnv(k); ok {
			b.WriteString(k + "=" + v + " ")
		}
	}
	return b.String()
}

// serverName describes the -server choice in the report.
func serverName(server string) string {
	if server == serverNetHTTP {
		return "Go's net/http server"
	}
	return "a minimal HTTP/1.1 responder (-server net/http for Go's server)"
}
