package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

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

	roleServer  = "server"
	roleSandbox = "sandbox"
	roleFloor   = "floor"
)

// userinfoBody is what the loopback userinfo endpoint answers.
const userinfoBody = `{"sub":"248289761001","name":"Jane Doe","given_name":"Jane","family_name":"Doe","email":"janedoe@example.com","email_verified":true,"picture":"https://example.com/janedoe/me.jpg","locale":"en"}`

// typicalScript is a typical fetchUserProfile: request.get with a bearer
// header, json: true, a status check and five mapped fields. USERINFO is
// replaced by the quoted endpoint URL.
const typicalScript = `function fetchUserProfile(accessToken, context, callback) {
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

func scriptFor(userinfoURL string) string {
	return strings.Replace(typicalScript, "USERINFO", strconv.Quote(userinfoURL), 1)
}

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

// serve answers GET /userinfo with userinfoBody for "Bearer at" on a
// loopback port, prints the address and exits when stdin closes.
func serve() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp server:", err)
		return 1
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/userinfo" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer at" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, userinfoBody)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Println(ln.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
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
			return checkProfile(r.Value)
		}
	default:
		call = func(ctx context.Context) error { return floorCall(ctx, client, u) }
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
		cpu0 := processCPU()
		start := time.Now()
		res.Errors, res.FirstError = phase(call, n, time.Duration(d), &res.LatenciesNs)
		res.ElapsedNs = int64(time.Since(start))
		res.CPUNs = int64(processCPU() - cpu0)
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

func checkProfile(v any) error {
	m, _ := v.(map[string]any)
	if m["user_id"] != "248289761001" || m["email"] != "janedoe@example.com" {
		return fmt.Errorf("unexpected profile %v", v)
	}
	return nil
}

// floorCall is the plain-Go floor: GET with a bearer header, status check,
// bounded read, JSON decode, map five fields.
func floorCall(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer at")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("userinfo: %d", resp.StatusCode)
	}
	raw, err := safehttp.ReadLimited(resp.Body, script.DefaultMaxResponseBytes)
	if err != nil {
		return err
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return err
	}
	return checkProfile(map[string]any{
		"user_id": body["sub"], "name": body["name"], "given_name": body["given_name"],
		"family_name": body["family_name"], "email": body["email"],
	})
}

// processCPU is this process's user+system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
