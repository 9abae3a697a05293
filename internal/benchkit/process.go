package benchkit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// ServeChild is the child side of StartChild: it serves h with net/http
// (see ServeChildWith).
func ServeChild(h http.Handler) int {
	return ServeChildWith(func(ln net.Listener) error {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		return srv.Serve(ln)
	})
}

// ServeChildWith is the child side of StartChild: it listens on a loopback
// port, runs serve on it in the background, prints the address on standard
// output and returns (an exit code) when standard input closes, that is when
// the parent is gone.
func ServeChildWith(serve func(net.Listener) error) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() { _ = serve(ln) }()
	fmt.Println(ln.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
}

// StartChild runs exe with env added to this process's environment, which
// must make it call ServeChild, and returns the host:port it serves on and
// a stop function that closes its standard input and waits for it to exit.
// It does not bound how long the child takes to print its address.
func StartChild(exe string, env ...string) (addr string, stop func(), err error) {
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start server: %w", err)
	}
	stop = func() { _ = stdin.Close(); _ = cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("server did not start: %w", err)
	}
	return strings.TrimSpace(line), stop, nil
}

// StartChildTest re-executes the running test binary with env set to "1"
// (its init must then call ServeChild), stops it when tb's test ends and
// returns its base URL, http://host:port. It skips tb when the binary
// cannot be found and fails it when the child does not start.
func StartChildTest(tb testing.TB, env string) string {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Skip("cannot find the test binary:", err)
	}
	addr, stop, err := StartChild(exe, env+"=1")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return "http://" + addr
}

// CPUTime is this process's user+system CPU time so far (0 if it cannot be
// read).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// RunInFlight runs call(ctx, i) for i in [0, b.N) with exactly n calls in
// flight at a time and reports allocations and the process's CPU time per
// call (cpu-ns/op; with a child-process server, the client side only).
// Before the clock starts it calls prepare(20), makes 20 warm-up calls (to
// fill the connection pool and caches) and calls prepare(b.N); prepare may
// be nil. The first error fails b.
func RunInFlight(b *testing.B, n int, prepare func(n int) error, call func(ctx context.Context, i int) error) {
	ctx := context.Background()
	if prepare == nil {
		prepare = func(int) error { return nil }
	}
	if err := prepare(20); err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		if err := call(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	if err := prepare(b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := CPUTime()
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
	b.ReportMetric(float64(CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// VmHWM reads a process's peak resident set size in KiB from
// /proc/<pid>/status (Linux only).
func VmHWM(pid int) (int64, error) {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	return ParseVmHWM(string(raw))
}

// ParseVmHWM finds the VmHWM line of a /proc/<pid>/status text and returns
// its value in KiB. It does not check the unit.
func ParseVmHWM(status string) (int64, error) {
	for _, line := range strings.Split(status, "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, errors.New("no VmHWM line")
}
