package script

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/socialconn/socialconn/internal/benchkit"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sandbox's globals are built on first read (see setupGlobals); to the
// script they must behave like ordinary globals.
func TestLazyGlobals(t *testing.T) {
	tests := []struct {
		name string
		body string
		want any
	}{
		{"in operator before first read", `cb(null, ['request' in global, 'console' in globalThis, 'nosuch' in global])`, []any{true, true, false}},
		{"own property when looked at", `cb(null, [Object.prototype.hasOwnProperty.call(global, 'console'), Object.getOwnPropertyNames(global).indexOf('request') >= 0])`, []any{true, true}},
		{"assignment before read shadows", `request = 7; cb(null, [request, global.request])`, []any{7.0, 7.0}},
		{"property assignment before read shadows", `global.setTimeout = 'x'; cb(null, typeof setTimeout)`, "string"},
		{"delete after read", `typeof process; delete global.process; cb(null, typeof process)`, "undefined"},
		{"delete before read", `delete global.Buffer; cb(null, typeof Buffer)`, "undefined"},
		{"assignment after read shadows", `var before = typeof request; request = 7; cb(null, [before, request, global.request, 'request' in global])`, []any{"function", 7.0, 7.0, true}},
		{"in operator after read", `request.get; cb(null, ['request' in global, 'console' in global])`, []any{true, true}},
		{"delete through an alias after read", `var g = global; typeof request; delete g.request; delete g['console']; cb(null, [typeof request, typeof console])`, []any{"undefined", "undefined"}},
		{"strict mode assignment is allowed", `(function () { 'use strict'; console = {log: function () {}}; })(); cb(null, typeof console.error)`, "undefined"},
		{"strict mode compound assignment and destructuring are allowed", `(function () { 'use strict'; process += ''; ({request} = {request: 3}); [_] = [4]; })(); cb(null, [typeof process, request, _])`, []any{"string", 3.0, 4.0}},
		{"strict code built at run time assigns a global", `cb(null, (function () {}).constructor("'use strict'; request = 5; return request")())`, 5.0},
		{"strict mode reads and property writes", `(function () { 'use strict'; console.marker = 1; cb(null, [typeof request.get, console.marker, typeof setTimeout]) })()`, []any{"function", 1.0, "function"}},
		{"strict mode undeclared still throws", `try { (function () { 'use strict'; notAGlobal = 1; })(); cb(null, 'no') } catch (e) { cb(null, e.name) }`, "ReferenceError"},
		{"same value each read", `cb(null, [request === request, require === global.require, global.global === global])`, []any{true, true, true}},
		{"timers", `setTimeout(function (x) { cb(null, x) }, 1, 'ran')`, "ran"},
		{"undefined names throw", `try { nope; } catch (e) { cb(null, e.name) }`, "ReferenceError"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := run(t, e, tt.body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

func TestCompatGlobalsChoice(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"plain request script", `function (t, c, cb) { request.get({url: 'https://x'}, function (e, r, b) { delete b.x; cb(null, b) }) }`, false},
		{"strict", `function (t, c, cb) { 'use strict'; cb(null, 1) }`, false},
		{"strict reading globals and setting their properties", `function (t, c, cb) { 'use strict'; console.log = function () {}; var x = {}; x[request] = 1; request.get('https://x', function () { cb(null, 1) }) }`, false},
		{"strict assignment", `function (t, c, cb) { 'use strict'; console = {}; cb(null, 1) }`, true},
		{"strict compound assignment", `function (t, c, cb) { 'use strict'; process += ''; cb(null, 1) }`, true},
		{"strict increment", `function (t, c, cb) { 'use strict'; cb(null, atob--) }`, true},
		{"strict object destructuring", `function (t, c, cb) { 'use strict'; ({request} = {}); cb(null, 1) }`, true},
		{"strict keyed destructuring", `function (t, c, cb) { 'use strict'; ({a: {b: jwt}} = {a: {}}); cb(null, 1) }`, true},
		{"strict array destructuring with default", `function (t, c, cb) { 'use strict'; [x, _ = 1] = []; cb(null, 1) }`, true},
		{"strict for-in target", `function (t, c, cb) { 'use strict'; for (crypto in {}); cb(null, 1) }`, true},
		{"class body assigning", `function (t, c, cb) { class A { m() { setTimeout = null } } cb(null, 1) }`, true},
		{"sloppy assignment", `function (t, c, cb) { request = 7; cb(null, request) }`, false},
		{"strict logical assignment", `function (t, c, cb) { 'use strict'; request ||= 1; cb(null, 1) }`, true},
		{"strict object rest", `function (t, c, cb) { 'use strict'; ({...process} = {}); cb(null, 1) }`, true},
		{"strict code built at run time", `function (t, c, cb) { cb(null, (function () {}).constructor("'use strict'; request = 5; return request")()) }`, true},
		{"own-property reflection", `function (t, c, cb) { cb(null, global.hasOwnProperty('Buffer')) }`, true},
		{"delete a global", `function (t, c, cb) { delete Buffer; cb(null, typeof Buffer) }`, true},
		{"delete through global", `function (t, c, cb) { delete global.console; cb() }`, true},
		{"delete through an alias", `function (t, c, cb) { var g = global; delete g.request; cb() }`, true},
		{"delete through an alias, computed", `function (t, c, cb) { var g = this; delete (g [ "Buffer"]); cb() }`, true},
		{"delete of another property", `function (t, c, cb) { var o = {requests: 1, _x: 2}; delete o.requests; delete o._x; cb() }`, false},
		{"run-time code", `function (t, c, cb) { cb(null, Function('return 1')()) }`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New().Compile(tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.compatGlobals)
		})
	}
}

// The lazy-global table and the compiled shims (request, Buffer extras, the
// URL href fix) are shared by all invocations; what they build must not be.
// Invocations that mutate the built objects must not see each other's
// changes.
func TestLazyGlobalsNotShared(t *testing.T) {
	e := New()
	s, err := e.Compile(`function (a, ctx, cb) {
		var seen = [typeof console.marker, typeof process.marker, typeof request.marker, typeof Buffer.marker, typeof setTimeout.marker, typeof URL.prototype.marker];
		console.marker = process.marker = request.marker = Buffer.marker = setTimeout.marker = URL.prototype.marker = a;
		setTimeout(function () { cb(null, seen) }, 1);
	}`)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.FetchUserProfile(context.Background(), "t", nil)
			if assert.NoError(t, err) {
				assert.Equal(t, []any{"undefined", "undefined", "undefined", "undefined", "undefined", "undefined"}, r.Value)
			}
		}()
	}
	wg.Wait()
}

// Response bodies reach the script as a string decoded in Go when that is
// what Buffer#toString would give, and as a Buffer built on demand
// otherwise; both routes must agree.
func TestResponseBodyDecoding(t *testing.T) {
	srv, _ := reqEchoServer(t)
	e := New()
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"invalid UTF-8 decodes like Buffer", `request.get('$URL/bytes', function (e, r, b) { request.get({url: '$URL/bytes', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), b === buf.toString(), b.length]) }) })`,
			[]any{true, true, 3.0}},
		{"valid UTF-8 equals Buffer decoding", `request.get('$URL/json', function (e, r, b) { request.get({url: '$URL/json', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), Buffer.isBuffer(buf)]) }) })`,
			[]any{true, true}},
		{"other encodings go through Buffer", `request.get({url: '$URL/json', encoding: 'hex'}, function (e, r, b) { cb(e, b === Buffer.from('{"sub":"42","name":"Ada"}').toString('hex')) })`, true},
		// Without an encoding request emits Buffers, as Node's request 2.88 does.
		{"data event gets a Buffer without an encoding", `var out = []; request.get('$URL/json').on('data', function (d) { out.push(Buffer.isBuffer(d), d.length) }).on('complete', function () { cb(null, out) })`, []any{true, 25.0}},
		{"data event gets the decoded string with an encoding", `var out = []; request.get({url: '$URL/json', encoding: 'utf8'}).on('data', function (d) { out.push(typeof d, d.length) }).on('complete', function () { cb(null, out) })`, []any{"string", 25.0}},
		{"data event gets a Buffer with encoding null", `var out = []; request.get({url: '$URL/bytes', encoding: null}).on('data', function (d) { out.push(Buffer.isBuffer(d), d.length) }).on('complete', function () { cb(null, out) })`, []any{true, 3.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := runWith(t, e, `function (a, ctx, cb) { `+tt.src+` }`, srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// request's URI check is done without a regular expression; it must accept
// exactly what request's /^https?:\/\/[^\/?#]/i accepts once url.parse has
// trimmed the URI (other schemes fail with "Invalid protocol").
func TestRequestURICheckMatchesRegexp(t *testing.T) {
	s, err := New(WithHTTPClient(noNetworkClient)).Compile(`function (a, ctx, cb) {
		var want = /^https?:\/\/[^\/?#]/i.test(ctx.u.trim());
		request.get(ctx.u, function (e) { cb(null, [want, !(e && /^Invalid (URI|protocol)/.test(e.message))]) });
	}`)
	require.NoError(t, err)
	for _, u := range []string{"https://x.test/a", "HTTPS://x.test", "hTtP://x", "http://x", "https:///x", "http://?x", "http://#x", "http:/x",
		"ftp://x", "https://", "http://", " http://x", "httpss://x", "http:\\\\x", "https://\u017f", "\u017fttps://x"} {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"u": u})
		require.NoError(t, err, u)
		got := r.Value.([]any)
		assert.Equal(t, got[0], got[1], "%q: regexp accepts=%v, request accepts=%v", u, got[0], got[1])
	}
}

// Every built-in program compiles: a syntax error in one would otherwise
// surface only when a script first needs it.
func TestBuiltinProgramsCompile(t *testing.T) {
	require.Greater(t, len(builtinPrograms), 30)
	for _, b := range builtinPrograms {
		require.NotPanics(t, func() { b.program() }, b.name)
		assert.Same(t, b.program(), b.program(), b.name)
	}
}

// lazyChildEnv makes the test binary run TestBuiltinProgramsCompileOnFirstUse's
// checks in a fresh process, where no other test has compiled anything.
const lazyChildEnv = "SOCIALCONN_SCRIPT_LAZY_CHILD"

// A process holds compiled only the built-in JavaScript its scripts use
// (compiled code is scanned by every garbage collection): the typical
// script compiles none, and requiring a module compiles that module once.
func TestBuiltinProgramsCompileOnFirstUse(t *testing.T) {
	if os.Getenv(lazyChildEnv) != "1" {
		exe, err := os.Executable()
		require.NoError(t, err)
		cmd := exec.Command(exe, "-test.run=^TestBuiltinProgramsCompileOnFirstUse$", "-test.v")
		cmd.Env = append(os.Environ(), lazyChildEnv+"=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Contains(t, string(out), "--- PASS: TestBuiltinProgramsCompileOnFirstUse")
		return
	}
	compiled := func() (names []string) {
		for _, b := range builtinPrograms {
			if b.prog != nil {
				names = append(names, b.name)
			}
		}
		return names
	}
	require.Empty(t, compiled(), "compiled before any script ran")

	srv := httptest.NewServer(benchkit.NewHandler("at"))
	defer srv.Close()
	e := New(WithHTTPClient(srv.Client()))
	s, err := e.Compile(benchkit.Script(srv.URL + "/userinfo"))
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	require.NoError(t, benchkit.CheckProfile(r.Value))
	assert.Empty(t, compiled(), "compiled by the typical script")

	s, err = e.Compile(`function (token, ctx, cb) { cb(null, {user_id: require('lodash').camelCase('a b')}) }`)
	require.NoError(t, err)
	for range 2 {
		r, err = s.FetchUserProfile(context.Background(), "at", nil)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"user_id": "aB"}, r.Value)
	}
	assert.Equal(t, []string{"builtin:lodash"}, compiled())
}
