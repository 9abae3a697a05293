package script

import (
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
)

// stringifyCases are JavaScript function bodies returning a string; each
// may push to log to record the order of getter, toJSON and replacer calls.
var stringifyCases = []string{
	// values
	`return JSON.stringify({a: 1, b: [1, 'x', true, null, undefined, function () {}], c: undefined, d: function () {}, e: -0, f: NaN, g: 1e21, h: 1.5, i: 'q"\\\n\u0001\u2028é😀'})`,
	`return JSON.stringify(['\ud800', '\udc00x', 'a\ud83d\ude00b'])`,
	`return JSON.stringify([new Number(3), new String('s'), new Boolean(false)])`,
	`return String(JSON.stringify(undefined)) + String(JSON.stringify(function () {})) + JSON.stringify(null) + JSON.stringify('s') + JSON.stringify(7)`,
	`return String(JSON.stringify(Symbol('s'))) + JSON.stringify({[Symbol('k')]: 1, k: Symbol('v')})`,
	`return JSON.stringify({d: new Date(0), n: {toJSON: function (k) { log.push('toJSON ' + k); return [k, 1]; }}})`,
	`return JSON.stringify(Object.create({inherited: 1}, {own: {value: 2, enumerable: true}, hidden: {value: 3}}))`,
	`var a = [1, 2]; a.extra = 3; return JSON.stringify({a: a, s: new Set([1]), m: new Map([[1, 2]]), r: /x/g, e: new Error('m')})`,
	// getters and order
	`var o = {get b() { log.push('b'); return {get c() { log.push('c'); return 1; }}; }, get a() { log.push('a'); return 2; }}; return JSON.stringify(o)`,
	// replacer functions
	`return JSON.stringify({a: 1, b: {c: 2, d: [3, 4]}}, function (k, v) { log.push(JSON.stringify(k) + ':' + typeof v + ':' + Object.keys(this).join('|')); return typeof v === 'number' ? v * 10 : v; })`,
	`return JSON.stringify({a: 1, b: 2}, function (k, v) { return k === 'a' ? undefined : v; })`,
	`return String(JSON.stringify({a: 1}, function (k, v) { return k === '' ? undefined : v; }))`,
	`return JSON.stringify(5, function (k, v) { return k === '' ? {deep: {x: [v]}} : v; })`,
	`return JSON.stringify({t: {toJSON: function () { log.push('toJSON'); return 'T'; }}}, function (k, v) { log.push('rep ' + k + '=' + v); return v; })`,
	`try { JSON.stringify({a: 1}, function () { throw new RangeError('from replacer'); }); } catch (e) { return e.name + ': ' + e.message; }`,
	// replacer arrays (property lists)
	`return JSON.stringify({b: 1, a: {b: 2, z: 3, a: [{a: 4, q: 5}]}, z: 9}, ['a', 'b', 'a'])`,
	`return JSON.stringify({1: 'one', 2: 'two', x: 'x'}, [1, new String('x'), new Number(2), {}, true, null])`,
	`var o = {get b() { log.push('b'); return 1; }, get a() { log.push('a'); return 2; }, get c() { log.push('c'); return 3; }}; return JSON.stringify(o, ['a', 'b'])`,
	`return JSON.stringify({a: 1, b: 2}, [])`,
	`return JSON.stringify({a: {toJSON: function () { return {b: 1, a: 2}; }}}, ['a', 'b'])`,
	`return JSON.stringify(new Proxy({a: 1, b: 2}, {get: function (t, k) { log.push('get ' + String(k)); return t[k]; }}), ['b'])`,
	`return JSON.stringify([{a: 1, b: 2}, [{a: 3, c: 4}]], ['a'])`,
	`return JSON.stringify({a: new Number(1), b: new String('s')}, ['a', 'b'])`,
	`return JSON.stringify({a: 1, b: 2}, new Proxy(['b'], {}))`,
	`return JSON.stringify({a: new Proxy([{a: 1, b: 2}], {}), b: new Proxy(new Proxy([3], {}), {})}, ['a', 'b'])`,
	`Array = undefined; return JSON.stringify({a: [1, {a: 2, b: 3}]}, ['a'])`,
	// space
	`return JSON.stringify({a: [1, {b: 2}], c: {}, d: []}, null, 2)`,
	`return JSON.stringify({a: [1, {b: 2}]}, null, '--')`,
	`return JSON.stringify({a: [1]}, null, 20) + JSON.stringify({a: [1]}, null, 'abcdefghijklmno') + JSON.stringify({a: 1}, null, '')`,
	`return JSON.stringify({a: [1]}, null, new Number(3)) + JSON.stringify({a: [1]}, null, new String('\t'))`,
	`return JSON.stringify({b: 1, a: {b: 2}}, ['a', 'b'], 1)`,
	// errors
	`var o = {}; o.self = o; try { JSON.stringify(o); } catch (e) { return e.name; }`,
	`var a = []; a.push(a); try { JSON.stringify({x: a}, null, 2); } catch (e) { return e.name; }`,
	`try { JSON.stringify({n: 1n}); } catch (e) { return e.name; }`,
	`try { JSON.stringify({get x() { throw new Error('getter'); }}); } catch (e) { return e.message; }`,
	// the function itself
	`var d = Object.getOwnPropertyDescriptor(JSON, 'stringify'), p = Object.getOwnPropertyDescriptor(JSON, 'parse'); return [JSON.stringify.name, JSON.stringify.length, d.writable, d.enumerable, d.configurable, JSON.parse.name, JSON.parse.length, p.writable, p.enumerable, p.configurable, Object.keys(JSON).length].join()`,
}

// TestJSONStringifyMatchesNode runs every case in the sandbox and in Node and
// expects the same text and the same order of calls.
func TestJSONStringifyMatchesNode(t *testing.T) {
	node := nodecompat.RequireNode(t)
	casesJSON, err := json.Marshal(stringifyCases)
	require.NoError(t, err)
	// One function per case, built from the text: both runtimes compile
	// the same source.
	body := `var cases = ` + string(casesJSON) + `;
var out = cases.map(function (src) {
  var log = [];
  var r;
  try { r = String(new Function('log', src)(log)); } catch (e) { r = 'threw ' + e.name + ': ' + e.message; }
  return log.length ? r + ' | ' + log.join(', ') : r;
});
`
	nodeOut, err := exec.Command(node, "-e", body+`process.stdout.write(JSON.stringify(out));`).Output()
	require.NoError(t, err)
	var want []string
	require.NoError(t, json.Unmarshal(nodeOut, &want))

	s := compileT(t, New(), `function (token, ctx, cb) {`+body+`cb(null, {user_id: 'u', out: out}); }`)
	res, err := s.FetchUserProfile(context.Background(), "t", nil)
	require.NoError(t, err)
	got := res.Value.(map[string]any)["out"].([]any)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i], got[i], "case %d: %s", i, stringifyCases[i])
	}
}

// TestJSONStringifyStopsAtTheDeadline: a value nested far deeper than V8
// could serialise, stringified by the script itself, ends with the deadline
// (goja's own JSON.stringify would run for seconds, uninterruptibly), with
// every replacer form, and a script's try/catch cannot swallow the stop.
func TestJSONStringifyStopsAtTheDeadline(t *testing.T) {
	e := New(WithTimeout(150 * time.Millisecond))
	for _, call := range []string{
		"JSON.stringify(o)",
		"JSON.stringify(o, function (k, v) { return v; })",
		"JSON.stringify(o, ['a'])",
		"JSON.stringify(o, null, 2)",
		"JSON.stringify([o])",
	} {
		t.Run(call, func(t *testing.T) {
			s := compileT(t, e, `function (a, c, cb) {
  var o = {}; for (var i = 0; i < 60000; i++) o = {a: o};
  try { `+call+`; } catch (e) { cb(null, {user_id: 'caught ' + e}); return; }
  cb(null, {user_id: 'finished'});
}`)
			start := time.Now()
			_, err := s.FetchUserProfile(context.Background(), "t", nil)
			took := time.Since(start)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrTimeout), "want the deadline, got %v", err)
			assert.Less(t, took, time.Second, "stopped near the 150 ms deadline")
		})
	}
}

// TestJSONStringifyHonoursCancellation: a caller's cancellation stops a
// long JSON.stringify too.
func TestJSONStringifyHonoursCancellation(t *testing.T) {
	s := compileT(t, New(), `function (a, c, cb) {
  var o = {}; for (var i = 0; i < 60000; i++) o = {a: o};
  JSON.stringify(o);
  cb(null, {user_id: 'finished'});
}`)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := s.FetchUserProfile(ctx, "t", nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Less(t, time.Since(start), time.Second)
	assert.False(t, strings.Contains(err.Error(), "finished"))
}
