package connection_test

import (
	"fmt"
	"io"
	"net/http"
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
	"github.com/socialconn/socialconn/script"
)

// Load: 1,000 logins through the Flow handlers (Login → provider →
// Callback → token exchange → fetchUserProfile → profile) against a
// loopback provider that approves at once, with at most loadInFlight
// browsers in flight. Loopback only, bounded in count and time.
const (
	loadLogins   = 1000
	loadInFlight = 100
	// loadHeapBound bounds the live heap after the run and a GC, relative
	// to before it: the flow keeps one replay entry per login and nothing
	// else.
	loadHeapBound = 64 << 20
	loadTimeLimit = 60 * time.Second
)

// loadConfig gives the flow production-like limits (the 10 s token timeout,
// a 10 s script deadline): under load on 2 cores, the 500 ms deadlines the
// hostile tests use are too short for healthy logins.
func loadConfig(cfg *connection.FlowConfig) {
	cfg.TokenTimeout = 10 * time.Second
	cfg.Engine = script.New(script.WithHTTPClient(cfg.HTTPClient), script.WithLogger(cfg.Logger), script.WithTimeout(10*time.Second))
}

type loadOutcome struct {
	completed, failed int
	byStep            map[string]int
	elapsed           time.Duration
	heapGrowth        int64
}

// runLogins starts n browsers at once (loadInFlight run at a time) and
// classifies each login as completed (OnLogin answered with the user id)
// or failed (OnError answered).
func runLogins(t *testing.T, rp *miniRP, n int) loadOutcome {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	tr := &http.Transport{MaxIdleConnsPerHost: loadInFlight, MaxIdleConns: 2 * loadInFlight}
	defer tr.CloseIdleConnections()
	sem := make(chan struct{}, loadInFlight)
	var wg sync.WaitGroup
	var completed, failed, broken atomic.Int64
	var started atomic.Int64
	brokenMsg := make(chan string, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Add(1)
			sem <- struct{}{}
			defer func() { <-sem }()
			resp, err := newMiniBrowser(tr).Get(rp.URL + "/login")
			if err != nil {
				broken.Add(1)
				brokenMsg <- err.Error()
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusOK && strings.HasPrefix(string(b), "oauth2|mini|user-"):
				completed.Add(1)
			case resp.StatusCode >= 400 && resp.StatusCode < 500:
				failed.Add(1)
			default:
				broken.Add(1)
				brokenMsg <- fmt.Sprintf("status %d: %.200s", resp.StatusCode, b)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(loadTimeLimit):
		t.Fatalf("logins still running after %v: %d completed, %d failed", loadTimeLimit, completed.Load(), failed.Load())
	}
	close(brokenMsg)
	for m := range brokenMsg {
		t.Errorf("a login neither completed nor failed cleanly: %s", m)
	}
	out := loadOutcome{completed: int(completed.Load()), failed: int(failed.Load()), byStep: map[string]int{}, elapsed: time.Since(start)}
	require.EqualValues(t, n, started.Load(), "every browser was started")
	assert.Zero(t, broken.Load())

	rp.mu.Lock()
	reasons := map[string]int{}
	for _, e := range rp.errors {
		out.byStep[e.Step]++
		reasons[e.Step+": "+e.Description]++
	}
	rp.mu.Unlock()
	t.Logf("failures: %v", reasons)
	tr.CloseIdleConnections()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	out.heapGrowth = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d logins in %v (%.0f/s): %d completed, %d failed %v; live heap %+d KiB after GC",
		n, out.elapsed, float64(n)/out.elapsed.Seconds(), out.completed, out.failed, out.byStep, out.heapGrowth>>10)
	return out
}

func TestLoadConcurrentLogins(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	p := newMiniProvider(t)
	defer p.Close()
	rp := newMiniRP(t, p, "", loadConfig)
	defer rp.close()

	out := runLogins(t, rp, loadLogins)
	assert.Equal(t, loadLogins, out.completed, "every login completes against a healthy provider")
	assert.Zero(t, out.failed, "failures by step: %v", out.byStep)
	assert.EqualValues(t, loadLogins, p.tokenOK.Load(), "one token request per login")
	assert.EqualValues(t, loadLogins, p.userinfoOK.Load(), "one userinfo request per login")
	assert.Less(t, out.heapGrowth, int64(loadHeapBound), "live heap growth after GC")
	p.mu.Lock()
	assert.Empty(t, p.codes, "every code was redeemed once")
	p.mu.Unlock()
}

// TestLoadConcurrentLoginsWithFaults: the provider fails 20% of token
// requests (500) and 20% of userinfo requests (503), drawn from a fixed
// seed. Every login completes or fails at the step where the fault was,
// none hangs, and the counts add up.
func TestLoadConcurrentLoginsWithFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), regexpClock)
	p := newMiniProvider(t)
	defer p.Close()
	var tokenFaults, userinfoFaults atomic.Int64
	tokenFail, userinfoFail := newFaultInjector(1, 0.2), newFaultInjector(2, 0.2)
	p.tokenFault = func(w http.ResponseWriter, r *http.Request) bool {
		if !tokenFail() {
			return false
		}
		tokenFaults.Add(1)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return true
	}
	p.userinfoFault = func(w http.ResponseWriter, r *http.Request) bool {
		if !userinfoFail() {
			return false
		}
		userinfoFaults.Add(1)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return true
	}
	rp := newMiniRP(t, p, "", loadConfig)
	defer rp.close()

	out := runLogins(t, rp, loadLogins)
	t.Logf("injected %d token faults and %d userinfo faults", tokenFaults.Load(), userinfoFaults.Load())
	assert.Equal(t, loadLogins, out.completed+out.failed, "every login ended one way or the other")
	assert.EqualValues(t, tokenFaults.Load(), out.byStep["token"], "a token fault fails the token step")
	assert.EqualValues(t, userinfoFaults.Load(), out.byStep["script"], "a userinfo fault fails the script step")
	assert.Equal(t, out.failed, out.byStep["token"]+out.byStep["script"], "no failure at any other step: %v", out.byStep)
	assert.EqualValues(t, loadLogins-tokenFaults.Load()-userinfoFaults.Load(), out.completed)
	// With 1,000 draws at 20% each, both kinds of fault occur.
	assert.Greater(t, tokenFaults.Load(), int64(100))
	assert.Greater(t, userinfoFaults.Load(), int64(100))
	rp.mu.Lock()
	for _, e := range rp.errors {
		switch e.Step {
		case "token":
			assert.Equal(t, "access_denied", e.Code)
		case "script":
			assert.Equal(t, "userinfo answered 503", e.Description)
		}
	}
	rp.mu.Unlock()
	assert.Less(t, out.heapGrowth, int64(loadHeapBound), "live heap growth after GC")
}
