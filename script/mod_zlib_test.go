package script_test

import (
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/script"
)

// alwaysGzip answers every request with {"ok":true} gzipped, asked or not
// (as Stack Exchange's API does), and records the Accept-Encoding of each
// request by path.
type alwaysGzip struct {
	mu   sync.Mutex
	seen map[string]string
}

func (a *alwaysGzip) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.seen[r.URL.Path] = r.Header.Get("Accept-Encoding")
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Encoding", "gzip")
	zw := gzip.NewWriter(w)
	_, _ = zw.Write([]byte(`{"ok":true}`))
	_ = zw.Close()
}

// TestScriptClientsAskForCompressionAsNodes: with the engine's own client,
// request and http send no Accept-Encoding and hand the body over as sent,
// as on Node; request's gzip option, fetch, node-fetch and axios ask for
// gzip and deflate and decode. A client of the caller's that lets net/http
// ask for gzip hands request a decoded body instead (as WithHTTPClient
// says).
func TestScriptClientsAskForCompressionAsNodes(t *testing.T) {
	a := &alwaysGzip{seen: map[string]string{}}
	srv := httptest.NewServer(a)
	defer srv.Close()
	cases := []struct {
		path, call  string
		wantHeader  string
		wantDecoded bool
	}{
		{"/request", `request.get(U, function (e, r, b) { e ? cb(e) : done(b); })`, "", false},
		{"/request-gzip", `request.get({url: U, gzip: true}, function (e, r, b) { e ? cb(e) : done(b); })`, "gzip, deflate", true},
		{"/http", `require('http').get(U, function (r) { var c = []; r.on('data', function (d) { c.push(d); }); r.on('end', function () { done(Buffer.concat(c).toString('latin1')); }); })`, "", false},
		{"/fetch", `fetch(U).then(function (r) { return r.text(); }).then(done, cb)`, "gzip, deflate", true},
		{"/node-fetch", `require('node-fetch')(U).then(function (r) { return r.text(); }).then(done, cb)`, "gzip,deflate", true},
		{"/node-fetch-plain", `require('node-fetch')(U, {compress: false}).then(function (r) { return r.buffer(); }).then(function (b) { done(b.toString('latin1')); }, cb)`, "", false},
		{"/axios", `require('axios').get(U, {responseType: 'text'}).then(function (r) { done(r.data); }, cb)`, "gzip, deflate", true},
	}
	run := func(e *script.Engine, path, call string) string {
		src := "function (at, ctx, cb) { var U = " + jsString(srv.URL+path) + "; function done(b) { cb(null, {user_id: '1', body: String(b)}); }\n" + call + "; }"
		s, err := e.Compile(src)
		require.NoError(t, err)
		res, err := s.FetchUserProfile(context.Background(), "at", nil)
		require.NoError(t, err, path)
		return res.Value.(map[string]any)["body"].(string)
	}
	own := script.New()
	for _, c := range cases {
		body := run(own, c.path, c.call)
		a.mu.Lock()
		got := a.seen[c.path]
		a.mu.Unlock()
		assert.Equal(t, c.wantHeader, got, "%s: Accept-Encoding sent", c.path)
		if c.wantDecoded {
			assert.Equal(t, `{"ok":true}`, body, c.path)
		} else {
			assert.True(t, strings.HasPrefix(body, "\x1f"), "%s: the gzip bytes as sent, got %q", c.path, body)
		}
	}
	callers := script.New(script.WithHTTPClient(srv.Client()))
	assert.Equal(t, `{"ok":true}`, run(callers, "/request", cases[0].call), "net/http asked for gzip and decoded it")
}

// TestZlibBoundedByTheResponseCap: a body of 2 MiB that inflates to 2 GiB
// stops at the engine's response cap in gunzipSync, gunzip and a gunzip
// stream alike, with Node's RangeError, in bounded time and memory.
func TestZlibBoundedByTheResponseCap(t *testing.T) {
	bomb := gzipBomb()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	e := script.New(script.WithHTTPClient(srv.Client()), script.WithTimeout(5*time.Second))
	s, err := e.Compile(`function (at, ctx, cb) {
  var zlib = require('zlib'), errs = [];
  function note(e) { errs.push([e.name, e.code, e.message].join(' | ')); }
  request({url: ` + jsString(srv.URL) + `, encoding: null}, function (err, r, body) {
    if (err) return cb(err);
    try { zlib.gunzipSync(body); errs.push('inflated'); } catch (e) { note(e); }
    zlib.gunzip(body, function (e) {
      note(e);
      var g = zlib.createGunzip();
      g.on('data', function () {});
      g.on('error', function (e) { note(e); cb(null, {user_id: '1', errs: errs}); });
      g.on('end', function () { cb(null, {user_id: '1', errs: errs.concat('ended')}); });
      g.end(body);
    });
  });
}`)
	require.NoError(t, err)
	var res *script.Result
	elapsed, peak, allocated := heapPeak(func() {
		res, err = s.FetchUserProfile(context.Background(), "at", nil)
	})
	t.Logf("elapsed %v, heap peak +%d MiB, allocated %d MiB", elapsed, peak>>20, allocated>>20)
	require.NoError(t, err)
	want := "RangeError | ERR_BUFFER_TOO_LARGE | Cannot create a Buffer larger than 4194304 bytes"
	assert.Equal(t, []any{want, want, want}, res.Value.(map[string]any)["errs"])
	assert.Less(t, allocated, uint64(128<<20))
	assert.Less(t, elapsed, 3*time.Second)
}

// TestZlibStopsAtTheDeadline: compressing 32 MiB that does not compress
// (under a cap raised to 64 MiB), at once or off the script's goroutine,
// ends at the invocation deadline.
func TestZlibStopsAtTheDeadline(t *testing.T) {
	const limit = 60 * time.Millisecond
	e := script.New(script.WithTimeout(limit), script.WithMaxResponseBytes(64<<20))
	for _, call := range []string{`zlib.gzipSync(b, {level: 9}); cb(null, {user_id: 'finished'})`, `zlib.deflate(b, {level: 9}, function () { cb(null, {user_id: 'finished'}); })`} {
		s, err := e.Compile(`function (at, ctx, cb) {
  var zlib = require('zlib'), r = require('crypto').randomBytes(65536), parts = [];
  for (var i = 0; i < 512; i++) parts.push(r);
  var b = Buffer.concat(parts);
  ` + call + `;
}`)
		require.NoError(t, err)
		start := time.Now()
		_, err = s.FetchUserProfile(context.Background(), "at", nil)
		elapsed := time.Since(start)
		assert.ErrorIs(t, err, script.ErrTimeout, call)
		assert.Less(t, elapsed, limit+slowdown*200*time.Millisecond, call)
	}
}

// TestZlibManyCallsAtOnce: forty zlib.gunzip calls on the same 2 GiB bomb,
// all started before any calls back, cost what they cost one after the
// other: the heap peaks as for a few calls (their garbage), not forty
// (+364 MiB when each ran on a goroutine of its own).
func TestZlibManyCallsAtOnce(t *testing.T) {
	bomb := gzipBomb()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	e := script.New(script.WithHTTPClient(srv.Client()), script.WithTimeout(10*time.Second))
	s, err := e.Compile(`function (at, ctx, cb) {
  var zlib = require('zlib'), codes = [], n = 40;
  request({url: ` + jsString(srv.URL) + `, encoding: null}, function (err, r, body) {
    if (err) return cb(err);
    for (var i = 0; i < n; i++) zlib.gunzip(body, function (e) {
      codes.push(e && e.code);
      if (codes.length === n) cb(null, {user_id: '1', codes: codes.filter(function (c) { return c === 'ERR_BUFFER_TOO_LARGE'; }).length});
    });
  });
}`)
	require.NoError(t, err)
	var res *script.Result
	elapsed, peak, _ := heapPeak(func() {
		res, err = s.FetchUserProfile(context.Background(), "at", nil)
	})
	t.Logf("elapsed %v, heap peak +%d MiB", elapsed, peak>>20)
	require.NoError(t, err)
	assert.EqualValues(t, 40, res.Value.(map[string]any)["codes"])
	assert.Less(t, peak, uint64(160<<20), "a few calls' buffers at a time, not forty")
}
