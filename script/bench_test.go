package script

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/socialconn/socialconn/internal/benchkit"
)

// benchServer is the bench userinfo endpoint (benchkit.Handler) accepting
// the access token "at".
func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(benchkit.NewHandler("at"))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkFetchUserProfile(b *testing.B) {
	srv := benchServer(b)
	e := New(WithHTTPClient(srv.Client()))
	s, err := e.Compile(benchkit.Script(srv.URL + "/userinfo"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	check := func(r *Result, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if err := benchkit.CheckProfile(r.Value); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			check(s.FetchUserProfile(ctx, "at", nil))
		}
	})
	b.Run("parallel32", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				check(s.FetchUserProfile(ctx, "at", nil))
			}
		})
	})
}

// BenchmarkPlainGoFloor does the same work in plain Go: the floor the
// sandbox's overhead is measured against.
func BenchmarkPlainGoFloor(b *testing.B) {
	srv := benchServer(b)
	client := srv.Client()
	ctx := context.Background()
	one := func() error {
		return benchkit.FloorUserinfo(ctx, client, srv.URL+"/userinfo", "at", DefaultMaxResponseBytes)
	}
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := one(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel32", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := one(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkRequireModule measures an invocation whose script requires one
// built-in module and calls back: what loading the module costs each
// invocation (modules are made per invocation, never shared).
func BenchmarkRequireModule(b *testing.B) {
	for _, m := range []string{"util", "events", "path", "url", "querystring", "crypto", "https", "zlib", "buffer", "request-promise", "jwks-rsa"} {
		b.Run(m, func(b *testing.B) {
			s, err := New().Compile(`function (a, c, cb) { var m = require('` + m + `'); cb(null, {user_id: '1', t: typeof m}); }`)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.FetchUserProfile(context.Background(), "t", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
