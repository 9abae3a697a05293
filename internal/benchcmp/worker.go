package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/socialconn/socialconn/internal/benchkit"
	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/script"
)

// Worker roles: benchcmp re-executes itself with BENCHCMP_ROLE set to run
// the userinfo server or a Go worker in its own process, so that each has
// its own CPU time and peak RSS.
const (
	roleEnv     = "BENCHCMP_ROLE"
	urlEnv      = "BENCHCMP_URL"
	inflightEnv = "BENCHCMP_INFLIGHT"
	serverEnv   = "BENCHCMP_SERVER"

	roleServer  = "server"
	roleSandbox = "sandbox"
	roleFloor   = "floor"

	// The userinfo servers -server picks.
	serverMinimal = "minimal"
	serverNetHTTP = "net/http"
)

// scriptFor is the typical fetchUserProfile (benchkit.Script) fetching
// userinfoURL; the Node worker runs the same text.
func scriptFor(userinfoURL string) string { return benchkit.Script(userinfoURL) }

// runRole runs the role named by BENCHCMP_ROLE and reports whether there was
// one (and the exit code).
func runRole() (int, bool) {
	switch os.Getenv(roleEnv) {
	case "":
		return 0, false
	case roleServer:
		return serve(), true
	case roleSandbox, roleFloor:
		if err := work(os.Getenv(roleEnv), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "benchcmp worker:", err)
			return 1, true
		}
		return 0, true
	}
	fmt.Fprintln(os.Stderr, "benchcmp: unknown role", os.Getenv(roleEnv))
	return 2, true
}

// serve answers GET /userinfo with benchkit.Userinfo for "Bearer at", and
// GET /stats, on a loopback port, prints the address and exits when stdin
// closes. BENCHCMP_SERVER picks the server: benchkit.ServeMinimal, or
// net/http's serving benchkit.Handler.
func serve() int {
	if os.Getenv(serverEnv) == serverNetHTTP {
		return benchkit.ServeChild(benchkit.CountingHandler(benchkit.NewHandler("at")))
	}
	return benchkit.ServeChildMinimal("at")
}

// roundResult is one worker's answer to a "run" line.
type roundResult struct {
	LatenciesNs []int64 `json:"latenciesNs"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"firstError"`
	ElapsedNs   int64   `json:"elapsedNs"`
	// CPUNs is the worker process's CPU time (user+system) over the
	// measured period, when the worker reports it.
	CPUNs int64 `json:"cpuNs"`
}

// work answers "run <durationNs> <warmupNs>" lines with a roundResult each,
// running the sandbox or the plain-Go floor with BENCHCMP_INFLIGHT calls in
// flight.
func work(role string, in io.Reader, out io.Writer) error {
	u := os.Getenv(urlEnv)
	n, err := strconv.Atoi(os.Getenv(inflightEnv))
	if err != nil || n < 1 {
		return fmt.Errorf("bad %s %q", inflightEnv, os.Getenv(inflightEnv))
	}
	client := safehttp.NewClient(safehttp.Options{Policy: safehttp.AllowAll})
	var call func(context.Context) error
	switch role {
	case roleSandbox:
		s, err := script.New(script.WithHTTPClient(client)).Compile(scriptFor(u))
		if err != nil {
			return err
		}
		call = func(ctx context.Context) error {
			r, err := s.FetchUserProfile(ctx, "at", nil)
			if err != nil {
				return err
			}
			return benchkit.CheckProfile(r.Value)
		}
	default:
		call = func(ctx context.Context) error {
			return benchkit.FloorUserinfo(ctx, client, u, "at", script.DefaultMaxResponseBytes)
		}
	}
	sc := bufio.NewScanner(in)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "run" {
			continue
		}
		d, err1 := strconv.ParseInt(f[1], 10, 64)
		w, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad command %q", sc.Text())
		}
		phase(call, n, time.Duration(w), nil)
		var res roundResult
		cpu0 := benchkit.CPUTime()
		start := time.Now()
		res.Errors, res.FirstError = phase(call, n, time.Duration(d), &res.LatenciesNs)
		res.ElapsedNs = int64(time.Since(start))
		res.CPUNs = int64(benchkit.CPUTime() - cpu0)
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return sc.Err()
}

// phase keeps n calls in flight for d and collects their latencies (when
// lat is not nil), returning the error count and the first error.
func phase(call func(context.Context) error, n int, d time.Duration, lat *[]int64) (int, string) {
	until := time.Now().Add(d)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errors, first := 0, ""
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []int64
			bad, firstMine := 0, ""
			for time.Now().Before(until) {
				t0 := time.Now()
				if err := call(context.Background()); err != nil {
					bad++
					if firstMine == "" {
						firstMine = err.Error()
					}
					continue
				}
				mine = append(mine, int64(time.Since(t0)))
			}
			mu.Lock()
			defer mu.Unlock()
			if lat != nil {
				*lat = append(*lat, mine...)
			}
			errors += bad
			if first == "" {
				first = firstMine
			}
		}()
	}
	wg.Wait()
	return errors, first
}
