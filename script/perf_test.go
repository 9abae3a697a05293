package script

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	nodeurl "github.com/dop251/goja_nodejs/url"
)

// BenchmarkGojaNew measures the runtime floor: goja.New alone.
func BenchmarkGojaNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		rt := goja.New()
		_ = rt
	}
}

var benchEngine = New()

func newBenchInvocation() *invocation {
	e := benchEngine
	inv := &invocation{s: &Script{e: e}, cfg: &e.cfg, ctx: context.Background(), parent: context.Background()}
	inv.rt = goja.New()
	return inv
}

// BenchmarkSetupGlobals measures goja.New plus the sandbox's globals.
func BenchmarkSetupGlobals(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		inv := newBenchInvocation()
		inv.setupGlobals()
	}
}

// BenchmarkRequire measures loading one module into a fresh runtime.
func BenchmarkRequire(b *testing.B) {
	for _, name := range []string{"request", "buffer", "url", "lodash", "jsonwebtoken", "crypto"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				inv := newBenchInvocation()
				inv.setupGlobals()
				if _, err := inv.require(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNoRequest runs scripts that make no HTTP request: the fixed
// cost of an invocation.
func BenchmarkNoRequest(b *testing.B) {
	e := New()
	for name, src := range map[string]string{
		"callback": `function (token, ctx, cb) { cb(null, {user_id: 'x', token: token}); }`,
		"ctx":      `function (token, ctx, cb) { cb(null, {user_id: ctx.id_token, n: ctx.expires_in}); }`,
		// Naming Date: the zone's fixes (compare runs with TZ=UTC and another TZ).
		"date": `function (token, ctx, cb) { cb(null, {user_id: 'x', h: new Date(ctx.expires_in * 1000).getHours()}); }`,
		// Naming three of Array's methods: their length checks.
		"arrays": `function (token, ctx, cb) { cb(null, {user_id: 'x', s: ctx.scope.split(' ').map(String).filter(Boolean).toString()}); }`,
	} {
		s, err := e.Compile(src)
		if err != nil {
			b.Fatal(err)
		}
		tokenCtx := map[string]any{"access_token": "at", "id_token": "idt", "expires_in": 3600.0, "token_type": "Bearer", "scope": "openid email"}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.FetchUserProfile(context.Background(), "at", tokenCtx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPieces(b *testing.B) {
	b.Run("urlModule", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv := newBenchInvocation()
			inv.urlModule()
		}
	})
	b.Run("nodeurl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv := newBenchInvocation()
			m := inv.rt.NewObject()
			_ = m.Set("exports", inv.rt.NewObject())
			nodeurlRequire(inv.rt, m)
		}
	})
	b.Run("buffer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv := newBenchInvocation()
			m := inv.rt.NewObject()
			_ = m.Set("exports", inv.rt.NewObject())
			bufferRequire(inv.rt, m)
		}
	})
	b.Run("requestShimFactoryOnly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv := newBenchInvocation()
			v, _ := inv.rt.RunProgram(requestShim.program())
			f, _ := goja.AssertFunction(v)
			h := inv.rt.NewObject()
			if _, err := f(goja.Undefined(), h); err != nil {
				b.Fatal(err)
			}
		}
	})
}

var (
	nodeurlRequire = nodeurl.Require
	bufferRequire  = buffer.Require
)

// TestRunawayStopLatency checks how far past its deadline a runaway script
// is stopped with two running at once (target: p99 within 5 ms).
func TestRunawayStopLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	const limit = 30 * time.Millisecond
	e := New(WithTimeout(limit))
	s, err := e.Compile(`function (a, c, cb) { var x = 0; while (true) { x++; } }`)
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 60
	over := make([]time.Duration, 0, 2*rounds)
	var mu sync.Mutex
	for i := 0; i < rounds; i++ {
		var wg sync.WaitGroup
		for j := 0; j < 2; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				_, err := s.FetchUserProfile(context.Background(), "t", nil)
				d := time.Since(start) - limit
				if !errors.Is(err, ErrTimeout) {
					t.Errorf("want timeout, got %v", err)
				}
				mu.Lock()
				over = append(over, d)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	slices.Sort(over)
	p50, p99 := over[len(over)/2], over[len(over)*99/100]
	t.Logf("overshoot past the deadline with 2 running: p50 %v, p99 %v, max %v", p50, p99, over[len(over)-1])
	if p50 > 5*time.Millisecond {
		// The loop's own check stops it within microseconds; a median
		// beyond the 5 ms target means the check is not working and the
		// timer (which waits for Go's 10 ms preemption with both cores busy)
		// did the job. (The tail is not asserted: it is whatever else the
		// machine runs.)
		t.Errorf("median overshoot %v", p50)
	}
}
