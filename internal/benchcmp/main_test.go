package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
)

// TestMain lets the test binary act as the server and Go workers that
// compare starts by re-executing itself.
func TestMain(m *testing.M) {
	if code, ok := runRole(); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     []int
		wantErr  bool
		duration time.Duration
		server   string
	}{
		{name: "defaults", args: nil, want: []int{1, 32}, duration: 2 * time.Second, server: "minimal"},
		{name: "sorted and distinct", args: []string{"-inflight", "32, 4,1,4", "-duration", "500ms"}, want: []int{1, 4, 32}, duration: 500 * time.Millisecond, server: "minimal"},
		{name: "net/http server", args: []string{"-server", "net/http"}, want: []int{1, 32}, duration: 2 * time.Second, server: "net/http"},
		{name: "unknown server", args: []string{"-server", "nginx"}, wantErr: true},
		{name: "zero in flight", args: []string{"-inflight", "0"}, wantErr: true},
		{name: "not a number", args: []string{"-inflight", "1,x"}, wantErr: true},
		{name: "too many in flight", args: []string{"-inflight", "10001"}, wantErr: true},
		{name: "no rounds", args: []string{"-rounds", "0"}, wantErr: true},
		{name: "negative duration", args: []string{"-duration", "-1s"}, wantErr: true},
		{name: "stray argument", args: []string{"now"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			c, err := parseFlags(tt.args, &stderr)
			if tt.wantErr {
				require.Error(t, err)
				assert.NotEmpty(t, stderr.String(), "the reason is printed")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.inflight)
			assert.Equal(t, tt.duration, c.duration)
			assert.Equal(t, tt.server, c.server)
			assert.Equal(t, tt.args, c.args, "the command line is kept for the report")
		})
	}
}

func TestQuantileAndMedian(t *testing.T) {
	s := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	assert.Equal(t, int64(5), quantile(s, 0.5))
	assert.Equal(t, int64(10), quantile(s, 0.99))
	assert.Equal(t, int64(1), quantile(s, 0))
	assert.Equal(t, int64(0), quantile(nil, 0.5))
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 2, 3}))
	assert.Equal(t, 0.0, median(nil))
}

// rowRe matches a report row of impl at n in flight: calls made, none
// failed, the server's CPU per call measured.
func rowRe(impl, n string) string {
	return `(?m)^\s*` + impl + `\s+` + n + `\s+\d+\s+\d+\s+\d+\s+\d+\s+[1-9]\d*\s+\d+\.\d\s+[1-9]\d*\s+0\s*$`
}

// TestCompareNetHTTP runs the Go side of a short comparison against Go's
// own HTTP server.
func TestCompareNetHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	cfg, err := parseFlags([]string{"-rounds", "1", "-duration", "100ms", "-warmup", "20ms", "-inflight", "2", "-node=false", "-server", "net/http"}, os.Stderr)
	require.NoError(t, err)
	var out, log bytes.Buffer
	require.NoError(t, compare(context.Background(), cfg, &out, &log), "log:\n%s", log.String())
	report := out.String()
	assert.Contains(t, report, "userinfo server: Go's net/http server")
	assert.Regexp(t, rowRe("sandbox", "2"), report)
	assert.Regexp(t, rowRe("floor", "2"), report)
	assert.NotRegexp(t, `(?m)^\s*node\s`, report, "no Node row with -node=false")
}

// TestCompare runs a short comparison end to end: real worker processes, a
// real loopback server and, when node is installed, Node with npm request.
func TestCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	cfg, err := parseFlags([]string{"-rounds", "2", "-duration", "150ms", "-warmup", "20ms", "-inflight", "1,4"}, os.Stderr)
	require.NoError(t, err)
	var out, log bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	require.NoError(t, compare(ctx, cfg, &out, &log), "log:\n%s", log.String())
	report := out.String()
	t.Log("\n" + report)

	assert.Contains(t, report, "$ go run ./internal/benchcmp -rounds 2 -duration 150ms -warmup 20ms -inflight 1,4")
	assert.Contains(t, report, "2 interleaved rounds")
	assert.Contains(t, report, "userinfo server: a minimal HTTP/1.1 responder")
	for _, impl := range []string{"sandbox", "floor"} {
		for _, n := range []string{"1", "4"} {
			assert.Regexp(t, rowRe(impl, n), report, "%s at %s in flight: calls made, none failed", impl, n)
		}
	}
	assert.Contains(t, report, "sandbox - floor at 1 in flight:")
	assert.Contains(t, report, "sandbox - floor at 4 in flight:")
	// The rounds interleave the runtimes.
	assert.Less(t, strings.Index(log.String(), "round 1/2: floor"), strings.Index(log.String(), "round 2/2: sandbox"))

	if _, err := nodecompat.NodePath(); err != nil {
		assert.Contains(t, log.String(), "skipping the Node comparison")
		return
	}
	if strings.Contains(log.String(), "skipping the Node comparison") {
		t.Skip("node is installed but the npm packages could not be: " + log.String())
	}
	assert.Contains(t, report, "with request 2.88.2")
	assert.Regexp(t, rowRe("node", "4"), report)
	assert.Contains(t, report, "sandbox vs node throughput at 4 in flight:")
}

// The report's command line carries the collector settings that were in
// the environment, so that its numbers can be reproduced.
func TestGCEnvInCommandLine(t *testing.T) {
	t.Setenv("GOGC", "off")
	t.Setenv("GOMEMLIMIT", "128MiB")
	assert.Equal(t, "GOGC=off GOMEMLIMIT=128MiB ", gcEnv())
	require.NoError(t, os.Unsetenv("GOGC"))
	require.NoError(t, os.Unsetenv("GOMEMLIMIT"))
	assert.Equal(t, "", gcEnv())
}
