package benchkit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const childEnv = "SOCIALCONN_BENCHKIT_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(ServeChild(NewHandler("child-token")))
	}
	os.Exit(m.Run())
}

func TestScriptQuotesTheURL(t *testing.T) {
	src := Script("http://127.0.0.1:1/userinfo")
	assert.Contains(t, src, `url: "http://127.0.0.1:1/userinfo",`)
	assert.NotContains(t, src, "USERINFO")
	assert.True(t, strings.HasPrefix(src, "function fetchUserProfile(accessToken, context, callback) {"))
}

func TestCheckProfile(t *testing.T) {
	tests := []struct {
		name    string
		v       any
		wantErr bool
	}{
		{name: "mapped", v: map[string]any{"user_id": UserID, "email": Email, "name": "x"}},
		{name: "wrong id", v: map[string]any{"user_id": "1", "email": Email}, wantErr: true},
		{name: "no email", v: map[string]any{"user_id": UserID}, wantErr: true},
		{name: "not a map", v: "profile", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckProfile(tt.v)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			assert.NoError(t, err)
		})
	}
}

func TestHandlerAndFloor(t *testing.T) {
	srv := httptest.NewServer(NewHandler("tok"))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	tests := []struct {
		name    string
		path    string
		token   string
		limit   int64
		wantErr string
	}{
		{name: "answers the document", path: "/userinfo", token: "tok", limit: 4 << 20},
		{name: "wrong token", path: "/userinfo", token: "other", limit: 4 << 20, wantErr: "userinfo: 401"},
		{name: "other path", path: "/me", token: "tok", limit: 4 << 20, wantErr: "userinfo: 404"},
		{name: "over the limit", path: "/userinfo", token: "tok", limit: 16, wantErr: "limit"},
	}
	servers := []struct {
		name   string
		base   string
		client *http.Client
	}{
		{"socket", srv.URL, srv.Client()},
		{"no socket", "http://userinfo.invalid", &http.Client{Transport: Transport{H: NewHandler("tok")}}},
	}
	for _, sv := range servers {
		for _, tt := range tests {
			t.Run(sv.name+"/"+tt.name, func(t *testing.T) {
				err := FloorUserinfo(ctx, sv.client, sv.base+tt.path, tt.token, tt.limit)
				if tt.wantErr != "" {
					require.Error(t, err)
					assert.Contains(t, err.Error(), tt.wantErr)
					return
				}
				require.NoError(t, err)
			})
		}
	}
}

func TestTransportAnswersWithoutASocket(t *testing.T) {
	client := &http.Client{Transport: Transport{H: NewHandler("tok")}}
	req, err := http.NewRequest(http.MethodGet, "http://userinfo.invalid/userinfo", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, Userinfo, string(body))
	assert.Same(t, req, resp.Request, "the response names the request it answers")
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

func TestHandlerHoldsUntilRelease(t *testing.T) {
	srv := httptest.NewServer(NewHandler("tok"))
	t.Cleanup(srv.Close)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			errs <- FloorUserinfo(context.Background(), srv.Client(), srv.URL+"/userinfo?hold=1", "tok", 4<<20)
		}()
	}
	require.Eventually(t, func() bool { return get(t, srv.URL+"/inflight") == "3" }, 10*time.Second, 5*time.Millisecond)
	select {
	case err := <-errs:
		t.Fatalf("a held request returned before /release: %v", err)
	default:
	}
	get(t, srv.URL+"/release")
	for range 3 {
		require.NoError(t, <-errs)
	}
	assert.Equal(t, "0", get(t, srv.URL+"/inflight"))
	assert.Equal(t, "3", get(t, srv.URL+"/peak"))
	assert.Equal(t, "0", get(t, srv.URL+"/peak"), "reading the peak resets it")
}

func TestHandlerDelay(t *testing.T) {
	srv := httptest.NewServer(NewHandler("tok"))
	t.Cleanup(srv.Close)
	start := time.Now()
	require.NoError(t, FloorUserinfo(context.Background(), srv.Client(), srv.URL+"/userinfo?delay=50ms", "tok", 4<<20))
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestStartChild(t *testing.T) {
	base := StartChildTest(t, childEnv)
	require.NoError(t, FloorUserinfo(context.Background(), http.DefaultClient, base+"/userinfo", "child-token", 4<<20))
	assert.Error(t, FloorUserinfo(context.Background(), http.DefaultClient, base+"/userinfo", "at", 4<<20))
}

func TestRunInFlight(t *testing.T) {
	var calls, prepared atomic.Int64
	var maxIndex atomic.Int64
	var n int
	res := testing.Benchmark(func(b *testing.B) {
		calls.Store(0)
		prepared.Store(0)
		n = b.N
		RunInFlight(b, 4, func(k int) error { prepared.Add(int64(k)); return nil }, func(_ context.Context, i int) error {
			calls.Add(1)
			for {
				m := maxIndex.Load()
				if int64(i) <= m || maxIndex.CompareAndSwap(m, int64(i)) {
					break
				}
			}
			return nil
		})
	})
	assert.Equal(t, int64(n+20), calls.Load(), "b.N calls and 20 warm-up calls")
	assert.Equal(t, int64(n+20), prepared.Load(), "prepare(20) then prepare(b.N)")
	assert.Less(t, maxIndex.Load(), int64(max(n, 20)))
	assert.Contains(t, res.Extra, "cpu-ns/op")
}

func TestRunInFlightFails(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		RunInFlight(b, 2, nil, func(context.Context, int) error { return errors.New("boom") })
	})
	assert.Zero(t, res.N, "a failing call fails the benchmark")
}

func TestVmHWM(t *testing.T) {
	kb, err := ParseVmHWM("Name:\tnode\nVmPeak:\t  999 kB\nVmHWM:\t  112948 kB\nVmRSS:\t 100 kB\n")
	require.NoError(t, err)
	assert.Equal(t, int64(112948), kb)
	_, err = ParseVmHWM("Name:\tx\n")
	assert.Error(t, err)
	self, err := VmHWM(os.Getpid())
	require.NoError(t, err)
	assert.Positive(t, self)
}

func TestCPUTimeAdvances(t *testing.T) {
	t0 := CPUTime()
	for x := 0; CPUTime()-t0 < time.Millisecond; x++ {
		_ = strings.Repeat("x", x%64)
	}
	assert.Greater(t, CPUTime(), t0)
}
