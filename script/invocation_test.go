package script

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/benchkit"
)

func run(t *testing.T, e *Engine, body string) (*Result, error) {
	t.Helper()
	return runWith(t, e, "function (accessToken, ctx, cb) {\n"+body+"\n}", "")
}

func TestCallbackRules(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     any
		wantKind ErrorKind
		wantName string
		wantMsg  string
	}{
		{name: "value", body: `cb(null, {a: 1})`, want: map[string]any{"a": 1.0}},
		{name: "callback() is success with no value", body: `cb()`, want: nil},
		{name: "callback(null) is success with no value", body: `cb(null)`, want: nil},
		{name: "falsy error is no error", body: `cb(false, 'v')`, want: "v"},
		{name: "first call wins", body: `cb(null, 1); cb(null, 2); cb(new Error('late'))`, want: 1.0},
		{name: "Error", body: `cb(new Error('Failed to fetch user data: 401'))`, wantKind: KindCallback, wantName: "Error", wantMsg: "Failed to fetch user data: 401"},
		{name: "TypeError", body: `cb(new TypeError('bad'))`, wantKind: KindCallback, wantName: "TypeError", wantMsg: "bad"},
		{name: "Error with empty message", body: `cb(new Error())`, wantKind: KindCallback, wantMsg: "Error"},
		{name: "string", body: `cb('missing-id_token')`, wantKind: KindCallback, wantMsg: "missing-id_token"},
		{name: "number", body: `cb(42)`, wantKind: KindCallback, wantMsg: "42"},
		{name: "error-like object", body: `cb({message: 'nope', code: 1})`, wantKind: KindCallback, wantMsg: "nope"},
		{name: "plain object", body: `cb({error: 'invalid_token'})`, wantKind: KindCallback, wantMsg: "{ error: 'invalid_token' }"},
		{name: "error after value ignored", body: `cb(null, 'ok'); throw new Error('after')`, want: "ok"},
		{name: "sync throw", body: `var o; o.x`, wantKind: KindThrown, wantName: "TypeError", wantMsg: "Cannot read properties of undefined (reading 'x')"},
		{name: "method of undefined", body: `var list; list.find(function (x) { return x })`, wantKind: KindThrown, wantName: "TypeError", wantMsg: "Cannot read properties of undefined (reading 'find')"},
		{name: "reference error", body: `access_token.length`, wantKind: KindThrown, wantName: "ReferenceError", wantMsg: "access_token is not defined"},
		{name: "throw string", body: `throw 'str'`, wantKind: KindThrown, wantMsg: "str"},
		{name: "throw in timer", body: `setTimeout(function () { null.x }, 1)`, wantKind: KindThrown, wantName: "TypeError"},
		{name: "unhandled rejection", body: `Promise.reject(new Error('rej'))`, wantKind: KindThrown, wantName: "Error", wantMsg: "rej"},
		{name: "JSON.parse of HTML", body: `JSON.parse('<html>')`, wantKind: KindThrown, wantName: "SyntaxError", wantMsg: `Unexpected token '<', "<html>" is not valid JSON`},
		{name: "JSON.parse of empty", body: `JSON.parse('')`, wantKind: KindThrown, wantName: "SyntaxError", wantMsg: "Unexpected end of JSON input"},
		{name: "method missing", body: `var o = {}; o.foo()`, wantKind: KindThrown, wantName: "TypeError", wantMsg: "o.foo is not a function"},
		{name: "stack overflow", body: `function r() { return r() } r()`, wantKind: KindThrown, wantName: "RangeError", wantMsg: "Maximum call stack size exceeded"},
		{name: "never calls back", body: `var x = 1`, wantKind: KindTimeout},
		{name: "circular result", body: `var o = {}; o.o = o; cb(null, o)`, wantKind: KindInvalidResult},
		{name: "callback in nextTick", body: `process.nextTick(function () { cb(null, 'tick') })`, want: "tick"},
		{name: "setImmediate", body: `setImmediate(function (v) { cb(null, v) }, 'imm')`, want: "imm"},
		{name: "clearTimeout", body: `var t = setTimeout(function () { cb(null, 'no') }, 5); clearTimeout(t); setTimeout(function () { cb(null, 'yes') }, 10)`, want: "yes"},
		{name: "setInterval", body: `var n = 0; var i = setInterval(function () { if (++n === 3) { clearInterval(i); cb(null, n) } }, 1)`, want: 3.0},
	}
	e := New(WithTimeout(2 * time.Second))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := run(t, e, tt.body)
			if tt.wantKind == 0 {
				require.NoError(t, err)
				assert.Equal(t, tt.want, r.Value)
				return
			}
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.wantKind, se.Kind, "error: %v", err)
			if tt.wantName != "" {
				assert.Equal(t, tt.wantName, se.Name)
			}
			if tt.wantMsg != "" {
				assert.Equal(t, tt.wantMsg, se.Message)
			}
			if tt.wantKind == KindTimeout {
				assert.ErrorIs(t, err, ErrTimeout)
			}
		})
	}
}

func TestSecondCallbackIsLogged(t *testing.T) {
	var buf bytes.Buffer
	e := New(WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	r, err := run(t, e, `cb(null, 1); cb(null, 2)`)
	require.NoError(t, err)
	require.Len(t, r.Logs, 1)
	assert.Equal(t, "warn", r.Logs[0].Level)
	assert.Contains(t, r.Logs[0].Message, "more than once")
	assert.Contains(t, buf.String(), "more than once")
}

func TestAsyncRejectionAndResolveWithoutCallback(t *testing.T) {
	e := New(WithTimeout(time.Second))
	s, err := e.Compile(`async function (a, c, cb) { await null; throw new Error('async boom') }`)
	require.NoError(t, err)
	_, err = s.FetchUserProfile(context.Background(), "t", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindThrown, se.Kind)
	assert.Equal(t, "async boom", se.Message)

	// An async function that returns without calling back waits like Auth0
	// does; nothing is left to wait for, so it times out at once.
	s, err = e.Compile(`async function (a, c, cb) { return {user_id: 1} }`)
	require.NoError(t, err)
	start := time.Now()
	_, err = s.FetchUserProfile(context.Background(), "t", nil)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.Less(t, time.Since(start), 500*time.Millisecond)
}

func TestCallerCancellation(t *testing.T) {
	e := New()
	s, err := e.Compile(`function (a, c, cb) { setTimeout(function () { cb(null, 1) }, 5000) }`)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = s.FetchUserProfile(ctx, "t", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCanceled, se.Kind)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrTimeout)
}

func TestConsoleCapture(t *testing.T) {
	var buf bytes.Buffer
	e := New(WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	r, err := run(t, e, `
		console.log('user %s has %d items', 'ada', 3, {extra: true});
		console.info({a: 1, s: 'x', n: null, arr: [1, 'two'], nested: {b: {c: {d: 1}}}});
		console.warn('%j', {j: 1});
		console.error(new Error('bad thing').message);
		console.debug('dbg');
		cb(null)`)
	require.NoError(t, err)
	assert.Equal(t, []LogEntry{
		{"log", "user ada has 3 items { extra: true }"},
		{"info", "{\n  a: 1,\n  s: 'x',\n  n: null,\n  arr: [ 1, 'two' ],\n  nested: { b: { c: [Object] } }\n}"},
		{"warn", `{"j":1}`},
		{"error", "bad thing"},
		{"log", "dbg"},
	}, r.Logs)
	assert.Contains(t, buf.String(), "user ada has 3 items")
	assert.Contains(t, buf.String(), "level=DEBUG")
}

func TestLogsKeptOnError(t *testing.T) {
	_, err := run(t, New(), `console.log('before'); cb(new Error('x'))`)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []LogEntry{{"log", "before"}}, se.Logs)
}

func TestLogCap(t *testing.T) {
	r, err := run(t, New(), `for (var i = 0; i < 10000; i++) console.log('0123456789abcdef'); cb(null)`)
	require.NoError(t, err)
	total := 0
	for _, l := range r.Logs {
		total += len(l.Message)
	}
	assert.LessOrEqual(t, total, maxLogBytes+100)
	assert.Contains(t, r.Logs[len(r.Logs)-1].Message, "truncated")
}

func TestSandbox(t *testing.T) {
	tests := []struct {
		name string
		body string
		want any
	}{
		{"require fs", `try { require('fs'); cb(null, 'loaded') } catch (e) { cb(null, [e.message, e.code]) }`, []any{"Cannot find module 'fs'", "MODULE_NOT_FOUND"}},
		{"require child_process", `try { require('child_process') } catch (e) { cb(null, e.message) }`, "Cannot find module 'child_process'"},
		{"require relative", `try { require('./x') } catch (e) { cb(null, e.message) }`, "Cannot find module './x'"},
		{"require traversal", `try { require('../../etc/passwd') } catch (e) { cb(null, e.message) }`, "Cannot find module '../../etc/passwd'"},
		{"require absolute", `try { require('/etc/passwd') } catch (e) { cb(null, e.message) }`, "Cannot find module '/etc/passwd'"},
		{"require node: prefix denied too", `try { require('node:fs') } catch (e) { cb(null, e.code) }`, "MODULE_NOT_FOUND"},
		{"process.env empty", `cb(null, [Object.keys(process.env).length, typeof process.exit, typeof process.kill, typeof process.binding, process.version.slice(0, 3)])`, []any{0.0, "undefined", "undefined", "undefined", "v20"}},
		{"constructor escape reaches only the sandbox global", `var g = this.constructor.constructor('return this')(); cb(null, [g === globalThis, g === global, typeof g.process.env.PATH])`, []any{true, true, "undefined"}},
		{"Function constructor is sandboxed", `cb(null, typeof Function('return require')()('fs'))`, nil},
		{"configuration is an empty object", `cb(null, Object.keys(configuration).length)`, 0.0},
		{"globals exist", `cb(null, [typeof Buffer, typeof URL, typeof URLSearchParams, typeof atob, typeof btoa, typeof setTimeout, typeof Promise, typeof console, typeof global, typeof module, typeof exports, typeof request])`,
			[]any{"function", "function", "function", "function", "function", "function", "function", "object", "object", "object", "object", "function"}},
		{"atob btoa", `cb(null, [btoa('hi:there'), atob('aGk6dGhlcmU=')])`, []any{"aGk6dGhlcmU=", "hi:there"}},
		{"URL", `var u = new URL('https://x.test/a?b=1'); u.searchParams.set('c', 'd e'); cb(null, u.href)`, "https://x.test/a?b=1&c=d+e"},
		{"require buffer", `cb(null, require('buffer').Buffer.from('a').toString('hex'))`, "61"},
		{"Buffer map and filter give Buffers", `var b = Buffer.from('hello'), m = b.map(function (x, i) { return x + i }), f = b.filter(function (x) { return x > 104 });
			cb(null, [Buffer.isBuffer(m), m.toString('hex'), Buffer.isBuffer(f), f.toString()])`, []any{true, "68666e6f73", true, "llo"}},
		{"lazy global overwrite", `Buffer = 5; cb(null, Buffer)`, 5.0},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := run(t, e, tt.body)
			if tt.want == nil {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "Cannot find module 'fs'")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

func TestIsolationBetweenInvocations(t *testing.T) {
	e := New()
	s, err := e.Compile(`function (a, ctx, cb) {
		var seen = [typeof leaked, typeof global.marker, ({}).polluted, [].push === Array.prototype.push && typeof Array.prototype.evil];
		leaked = a; global.marker = a;
		Object.prototype.polluted = a;
		Array.prototype.evil = function () {};
		JSON.stringify = function () { return '"hijacked"' };
		setTimeout(function () { cb(null, seen) }, 1);
	}`)
	require.NoError(t, err)
	want := []any{"undefined", "undefined", nil, "undefined"}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := s.FetchUserProfile(context.Background(), fmt.Sprint("t", i), nil)
			if err != nil {
				errs <- err
				return
			}
			if fmt.Sprint(r.Value) != fmt.Sprint(want) {
				errs <- fmt.Errorf("invocation %d saw %v", i, r.Value)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCompileCache(t *testing.T) {
	e := New()
	a, err := e.Compile(`function (a, c, cb) { cb(null, 1) }`)
	require.NoError(t, err)
	b, err := e.Compile(`function (a, c, cb) { cb(null, 1) }`)
	require.NoError(t, err)
	assert.Same(t, a, b)
}

func TestMagicGlobalsOnlyForRegisteredModules(t *testing.T) {
	r, err := run(t, New(), `cb(null, [typeof crypto, typeof jwt, typeof _, typeof fetch])`)
	require.NoError(t, err)
	got := r.Value.([]any)
	for i, name := range []string{"crypto", "jsonwebtoken", "lodash", "node-fetch"} {
		_, registered := builtinModules[name]
		if registered {
			assert.NotEqual(t, "undefined", got[i], name)
		} else {
			assert.Equal(t, "undefined", got[i], name)
		}
	}
}

func TestTimersDoNotOutliveInvocation(t *testing.T) {
	// The callback ends the invocation; pending timers are abandoned and
	// never run on a dead runtime.
	r, err := run(t, New(), `setTimeout(function () { throw new Error('never') }, 20); cb(null, 'done')`)
	require.NoError(t, err)
	assert.Equal(t, "done", r.Value)
	time.Sleep(40 * time.Millisecond)
}

func TestErrorStringNamesEntryAndKind(t *testing.T) {
	_, err := run(t, New(), `cb(new Error('upstream said no'))`)
	require.Error(t, err)
	assert.Equal(t, "script: fetchUserProfile: called back with error: Error: upstream said no", err.Error())
	assert.False(t, errors.Is(err, ErrTimeout))
	assert.False(t, strings.Contains(err.Error(), "tok"))
}

// A lone request runs on the JavaScript goroutine; requests asked for
// together, or while a timer is pending, still run in parallel: both reach
// the server, which holds them until it has seen two at once.
func TestAsyncWorkParallelism(t *testing.T) {
	srv := httptest.NewServer(benchkit.NewHandler("tok"))
	defer srv.Close()
	get := func(path string) int {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			return -1
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		n, _ := strconv.Atoi(string(b))
		return n
	}
	e := New(WithHTTPClient(srv.Client()), WithTimeout(5*time.Second))
	fn := `function get(hold, cb) { request.get({url: '$URL/userinfo' + (hold ? '?hold=1' : ''), auth: {bearer: 'tok'}}, function (err, resp) { cb(err ? err.message : resp.statusCode); }); }
	var out = []; function done(s) { out.push(s); if (out.length === 2) cb(null, out); }`
	for _, tt := range []struct{ name, body string }{
		{"two requests at once", `get(true, done); get(true, done);`},
		{"a request while a timer is pending", `setTimeout(function () { get(true, done); }, 1); get(true, done);`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			together := make(chan bool, 1)
			go func() {
				deadline := time.Now().Add(3 * time.Second)
				for get("/inflight") < 2 && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				together <- get("/inflight") >= 2
				get("/release")
			}()
			r, err := runWith(t, e, "function (a, c, cb) {\n"+fn+"\n"+tt.body+"\n}", srv.URL)
			require.NoError(t, err)
			assert.Equal(t, []any{200.0, 200.0}, r.Value)
			assert.True(t, <-together, "the requests did not wait at the server at the same time")
		})
	}
	r, err := runWith(t, e, "function (a, c, cb) {\n"+fn+"\nget(false, function (s) { done(s); get(false, done); });\n}", srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []any{200.0, 200.0}, r.Value, "requests one after another")
}

// A caller cancelling while a lone request is in flight gets KindCanceled,
// and the request is abandoned.
func TestCallerCancellationDuringRequest(t *testing.T) {
	h := benchkit.NewHandler("tok")
	srv := httptest.NewServer(h)
	defer srv.Close()
	e := New(WithHTTPClient(srv.Client()))
	s, err := e.Compile(`function (a, c, cb) { request.get({url: '` + srv.URL + `/userinfo?hold=1', auth: {bearer: 'tok'}}, function (err) { cb(null, err ? 'error' : 'response'); }); }`)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = s.FetchUserProfile(ctx, "t", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCanceled, se.Kind)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 2*time.Second)
}

// A nil token response reaches the script as an empty object.
func TestNilTokenContextIsEmptyObject(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) { cb(null, [typeof ctx, ctx !== null, Object.keys(ctx).length, a]) }`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "tok", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"object", true, 0.0, "tok"}, r.Value)
}

// TestErrorCauseChain: an Error's cause chain (as Node's fetch sets it)
// reaches Error.Cause and the Go error's text, not Message (Auth0's
// error_description); cycles and throwing getters end the chain.
func TestErrorCauseChain(t *testing.T) {
	e := New()
	cases := []struct{ body, message, cause string }{
		{`var inner = new Error('connect ECONNREFUSED 127.0.0.1:1'); inner.code = 'ECONNREFUSED';
var e = new TypeError('fetch failed', {cause: inner}); cb(e);`, "fetch failed", "Error: connect ECONNREFUSED 127.0.0.1:1"},
		{`cb(new Error('a', {cause: new RangeError('b', {cause: 'c'})}))`, "a", "RangeError: b: c"},
		{`var e = new Error('loop'); e.cause = e; cb(e)`, "loop", "Error: loop: Error: loop: Error: loop: Error: loop"},
		{`var e = new Error('getter'); Object.defineProperty(e, 'cause', {get: function () { throw new Error('no'); }}); cb(e)`, "getter", ""},
		{`cb(new Error('plain'))`, "plain", ""},
		{`cb({message: 'object', cause: 'x'})`, "object", ""},
		{`throw new Error('thrown', {cause: new Error('why')})`, "thrown", "Error: why"},
		{`Promise.reject(new Error('rejected', {cause: 'because'}))`, "rejected", "because"},
	}
	for _, c := range cases {
		_, err := run(t, e, c.body)
		var se *Error
		require.ErrorAs(t, err, &se, c.body)
		assert.Equal(t, c.message, se.Message, c.body)
		assert.Equal(t, c.cause, se.Cause, c.body)
		if c.cause != "" {
			assert.Contains(t, err.Error(), "(cause: "+c.cause+")")
		}
	}
}

// TestInspectVastValues: logging values that hold or claim a great deal
// (a 2^32-1 array of holes, one element at a billion, a million-element
// array, a Set of 200,000, a nested chain) costs what inspect shows, not
// what the value claims.
func TestInspectVastValues(t *testing.T) {
	e := New(WithTimeout(20 * time.Second))
	r, err := run(t, e, `var big = new Array(1000000).fill(1), s = new Set(), chain = {};
for (var i = 0; i < 200000; i++) s.add(i);
for (var c = chain, j = 0; j < 10000; j++) c = c.next = {};
var sparse = []; sparse[1e9] = 1;
var vast = []; vast.length = 4294967295; // Array(4294967295) is past the sandbox's cap
var t0 = Date.now();
console.log(vast); console.log(sparse); console.log(big); console.log(s); console.log(chain);
cb(null, {user_id: '1', ms: Date.now() - t0});`)
	require.NoError(t, err)
	// Building the values takes what it takes; logging them, milliseconds.
	assert.Less(t, r.Value.(map[string]any)["ms"], float64(1000))
	require.Len(t, r.Logs, 5)
	assert.Equal(t, "[ <4294967295 empty items> ]", r.Logs[0].Message)
	assert.Equal(t, "[ <1000000000 empty items>, 1 ]", r.Logs[1].Message)
	assert.Contains(t, r.Logs[2].Message, "... 999900 more items")
	assert.Contains(t, r.Logs[3].Message, "Set(200000) {")
	assert.Contains(t, r.Logs[3].Message, "... 199900 more items")
	assert.Equal(t, "{ next: { next: { next: [Object] } } }", r.Logs[4].Message)
}

// TestConsoleTimersCountsGroups: console.time/timeLog/timeEnd, count,
// assert and group write what Node writes (times vary: their shape is
// checked), where scripts had got "is not a function".
func TestConsoleTimersCountsGroups(t *testing.T) {
	r, err := run(t, New(), `console.time('a'); console.timeLog('a', 'half', 1); console.timeEnd('a'); console.timeEnd('a');
console.count(); console.count(); console.count('x'); console.countReset('x'); console.count('x');
console.assert(1 === 2, 'nope %s', 'x'); console.assert(false); console.assert(true, 'never'); console.assert(0, {a: 1});
console.group('G'); console.log('in\nside'); console.group(); console.info('deeper'); console.groupEnd(); console.groupEnd(); console.groupEnd(); console.log('out');
console.table([1]);
cb(null, {user_id: '1'});`)
	require.NoError(t, err)
	var got []string
	for _, l := range r.Logs {
		got = append(got, l.Level+": "+l.Message)
	}
	require.Len(t, got, 15, "%q", got)
	assert.Regexp(t, `^log: a: \d+(\.\d{1,3})?ms half 1$`, got[0])
	assert.Regexp(t, `^log: a: \d+(\.\d{1,3})?ms$`, got[1])
	assert.Equal(t, []string{
		"warn: Warning: No such label 'a' for console.timeEnd()",
		"log: default: 1", "log: default: 2", "log: x: 1", "log: x: 1",
		"warn: Assertion failed: nope x", "warn: Assertion failed", "warn: Assertion failed: [object Object]",
		"log: G", "log:   in\n  side", "info:     deeper", "log: out", "log: [ 1 ]",
	}, got[2:])
}

// Every console method the console lists is a function named as in Node:
// the console makes them on first read, from its list of names.
func TestConsoleMethodsAreNamedFunctions(t *testing.T) {
	r, err := run(t, New(), `var out = Object.keys(console).map(function (k) { return k + ':' + typeof console[k] + ':' + console[k].name; });
cb(null, {user_id: '1', out: out});`)
	require.NoError(t, err)
	var want []any
	for _, k := range consoleKeys.names {
		want = append(want, k+":function:"+k)
	}
	assert.Equal(t, want, r.Value.(map[string]any)["out"])
	assert.Contains(t, want, "groupCollapsed:function:groupCollapsed")
}

func TestFormatConsoleTime(t *testing.T) {
	for ms, want := range map[float64]string{0.5: "0.5ms", 12.3456: "12.346ms", 999.9994: "999.999ms", 1500: "1.500s", 61234.5: "1:01.234 (m:ss.mmm)", 3723000: "1:02:03.000 (h:mm:ss.mmm)"} {
		assert.Equal(t, want, formatConsoleTime(ms), "%v", ms)
	}
}
