package script

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/dop251/goja"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocationCaps: a size a script asks for by number is checked before
// anything is allocated, so that data (a header, a length in a response)
// cannot make the process run out of memory. Without the checks the 2 ** 40
// cases end the test binary (the Go runtime's fatal "out of memory"); the
// others, one byte over the cap, would succeed.
func TestAllocationCaps(t *testing.T) {
	over := fmt.Sprint(maxAllocBytes + 1)
	bufferErr := func(name, received string) []any {
		return []any{"RangeError", "ERR_OUT_OF_RANGE", fmt.Sprintf("The value of \"%s\" is out of range. It must be >= 0 && <= %d. Received %s", name, maxAllocBytes, received)}
	}
	stringErr := []any{"RangeError", nil, "Invalid string length"}
	arrayErr := []any{"RangeError", nil, "Invalid array length"}
	cases := []struct {
		expr string
		want []any
	}{
		{"Buffer.alloc(2 ** 40)", bufferErr("size", "1_099_511_627_776")},
		{"Buffer.alloc(" + over + ")", bufferErr("size", over)},
		{"Buffer.allocUnsafe(" + over + ")", bufferErr("size", over)},
		{"Buffer.allocUnsafeSlow(" + over + ")", bufferErr("size", over)},
		{"require('buffer').SlowBuffer(" + over + ")", bufferErr("size", over)},
		{"Buffer.concat([Buffer.from('a')], 2 ** 40)", bufferErr("length", "1_099_511_627_776")},
		{"'x'.repeat(2 ** 40)", stringErr},
		{"'ab'.repeat(" + fmt.Sprint(maxAllocBytes/2+1) + ")", stringErr},
		{"'x'.padStart(" + over + ")", stringErr},
		{"'x'.padEnd(2 ** 40, 'y')", stringErr},
		// Reached without naming the method, and through lodash.
		{"'x'[Function('return \\'re\\' + \\'peat\\'')()](2 ** 40)", stringErr},
		{"require('lodash').padStart('x', 2 ** 40)", stringErr},
		// Array-likes copied into a Buffer, ArrayBuffers and typed arrays.
		{"Buffer.from({length: 2 ** 40})", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		{"new Buffer({length: " + over + "})", []any{"RangeError", nil, "Invalid typed array length: " + over}},
		{"new ArrayBuffer(2 ** 40)", []any{"RangeError", nil, "Array buffer allocation failed"}},
		{"new Uint8Array(2 ** 40)", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		{"new Float64Array(" + fmt.Sprint(maxAllocBytes/8+1) + ")", []any{"RangeError", nil, "Invalid typed array length: " + fmt.Sprint(maxAllocBytes/8+1)}},
		{"Uint8Array.from({length: 2 ** 40})", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		{"new Int16Array({length: 2 ** 40})", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		{"new (class extends Uint8Array {})(2 ** 40)", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		{"new (Function('return Uint32Array')())(2 ** 40)", []any{"RangeError", nil, "Invalid typed array length: 1099511627776"}},
		// A sparse array that several of goja's array methods (map, sort,
		// apply) would allocate in full.
		{"new Array(2 ** 31).map(function () { return 1; })", []any{"RangeError", nil, "Invalid array length"}},
		{"Math.max.apply(null, Array(2 ** 31))", []any{"RangeError", nil, "Invalid array length"}},
		{"Array(" + fmt.Sprint(maxArrayLength+1) + ").length", []any{"RangeError", nil, "Invalid array length"}},
		// Argument lists made of array-likes.
		{"Math.max.apply(null, {length: 2 ** 40})", []any{"RangeError", nil, "Invalid array length"}},
		{"Array.apply(null, {length: " + fmt.Sprint(maxApplyArgs+1) + "})", []any{"RangeError", nil, "Maximum call stack size exceeded"}},
		{"Reflect.apply(Math.max, null, {length: 2 ** 31})", []any{"RangeError", nil, "Invalid array length"}},
		{"Reflect.construct(Object, {length: 2 ** 31})", []any{"RangeError", nil, "Invalid array length"}},
		// join, the repeat of older scripts: a separator or elements whose
		// total passes the cap (these two ended the process).
		{"new Array(1e6).join('x'.repeat(1e3))", stringErr},
		{"Array.prototype.join.call({length: 1e15}, 'x')", stringErr},
		{"Array(100).fill('y'.repeat(" + fmt.Sprint(maxAllocBytes/64) + ")).join('')", stringErr},
		{"Array(100).fill('y'.repeat(" + fmt.Sprint(maxAllocBytes/64) + ")).toString() + [].join()", stringErr},
		// replace and replaceAll with a string pattern, and concat.
		{"'ab'.repeat(3e7).replaceAll('a', 'z'.repeat(1e4))", stringErr},
		{"'ab'.repeat(1e6).replaceAll('a', '$`')", stringErr},
		{`'ab'.repeat(1e7).replace('a', "$'$'$'$'")`, stringErr},
		{"'ab'.repeat(3e7).replace(/a/g, 'z'.repeat(1e4))", stringErr},
		{"'ab'.repeat(2e6).replace(/(b)/g, '$`$1')", stringErr},
		{"[].concat.apply([], Array(1e5).fill(Array(1e4).fill(1)))", []any{"RangeError", nil, "Invalid array length"}},
		// Arrays made long for nothing (a length set, an index far out,
		// an array-like), handed to the methods that would work through
		// them: map on these ended the process, the others kept it busy
		// for up to a minute past the deadline.
		{"(function () { var a = []; a.length = 1e9; return a.map(function (x) { return x; }); })()", arrayErr},
		{"(function () { var a = []; a[4e9] = 1; return a.slice(); })()", arrayErr},
		{"(function () { var a = [1, 2]; a.length = 1e8; return a.sort(); })()", arrayErr},
		{"(function () { var a = []; a.length = 1e8; return a.fill(0).length; })()", arrayErr},
		{"(function () { var a = []; a.length = 1e8; return a.toString().length; })()", arrayErr},
		{"(function () { var a = []; a.length = 1e8; return a.indexOf(1); })()", arrayErr},
		{"(function () { var a = []; a.length = 1e8; return a.toSorted().length; })()", arrayErr},
		{"(function () { var a = []; a.length = 1e8; a.unshift(0); })()", arrayErr},
		{"Array.prototype.map.call({length: 1e9}, function (x) { return x; })", arrayErr},
		{"Array.prototype.forEach.call({length: 2 ** 53}, function () {})", arrayErr},
		{"Array.from({length: 1e9})", arrayErr},
		{"(function () { var a = []; a.length = 1e9; return Array.from(a); })()", arrayErr},
		{"(function () { var a = []; a.length = 1e9; return [...a]; })()", arrayErr},
		{"(function () { var a = []; a.length = 1e9; return Math.max(...a); })()", arrayErr},
		{"(function () { var a = []; a.length = 1e9; return new Set(a).size; })()", arrayErr},
		{"[...new Uint8Array(" + fmt.Sprint(maxArrayLength+1) + ")].length", arrayErr},
		{"Array.from(new Uint8Array(" + fmt.Sprint(maxArrayLength+1) + ")).length", arrayErr},
		{"new Set(Buffer.alloc(" + fmt.Sprint(maxArrayLength+1) + ")).size", arrayErr},
		// Arrays made of a long string: one element per character.
		{"'x'.repeat(" + fmt.Sprint(maxArrayLength+1) + ").split('').length", arrayErr},
		{"'x,'.repeat(" + fmt.Sprint(maxArrayLength) + ").split(',').length", arrayErr},
		{"'x'.repeat(" + fmt.Sprint(maxArrayLength+1) + ").split(/(?:)/).length", arrayErr},
		{"'xy'.repeat(" + fmt.Sprint(maxArrayLength) + ").match(/x/g).length", arrayErr},
		{"[...'x'.repeat(" + fmt.Sprint(maxArrayLength+1) + ")].length", arrayErr},
		{"Array.from('x'.repeat(" + fmt.Sprint(maxArrayLength+1) + ")).length", arrayErr},
		{"new Set('é'.repeat(" + fmt.Sprint(maxArrayLength+1) + ")).size", arrayErr},
		// Turned into a string unnamed: join, built in Go, refuses the
		// string past the cap.
		{"(function () { var a = []; a.length = 1e9; return ('' + a).length; })()", stringErr},
		{"(function () { var a = []; a[1e9] = 1; return `${a}`.length; })()", stringErr},
		{"(function () { var a = []; a.length = " + fmt.Sprint(maxArrayLength+1) + "; return a.every(function () { return true; }); })()", arrayErr},
		{"(function () { var m = 'm' + 'ap', a = []; a.length = 1e9; return eval('a[m](String)'); })()", arrayErr},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			r, err := run(t, New(), `try { cb(null, {v: `+c.expr+`}); } catch (e) { cb(null, {v: [e.name, e.code, e.message]}); }`)
			require.NoError(t, err)
			assert.Equal(t, map[string]any{"v": c.want}, r.Value)
		})
	}
}

// TestAllocationsUnderTheCap: sizes within the cap, and the methods' other
// behaviour, are untouched by the checks (Node's results).
func TestAllocationsUnderTheCap(t *testing.T) {
	r, err := run(t, New(), `var b = require('buffer'); cb(null, {v: [
  Buffer.alloc(3, 1).toString('hex'), Buffer.allocUnsafe(2).length, Buffer.allocUnsafeSlow(1).length,
  Buffer.concat([Buffer.from('ab')], 4).toString('hex'), Buffer.concat([Buffer.from('ab')], 1).toString(),
  b.kMaxLength, b.constants.MAX_LENGTH, Buffer.alloc(`+fmt.Sprint(maxAllocBytes)+`).length,
  'ab'.repeat(3), 'ab'.repeat(2.9), ''.repeat(2 ** 40), '5'.padStart(3, '0'), '5'.padEnd(4, 'ab'), 'x'.padEnd(2 ** 40, ''),
  [String.prototype.repeat.name, String.prototype.repeat.length, String.prototype.padStart.length],
  new Array(4).join('ab'), [1, [2, 3], null, undefined, , 'é'].join(';'), Array.prototype.join.call({length: 2, 0: 'a'}, '+'),
  [Array.prototype.join.name, Array.prototype.join.length]]});`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"v": []any{
		"010101", 2.0, 1.0, "61620000", "a",
		float64(maxAllocBytes), float64(maxAllocBytes), float64(maxAllocBytes),
		"ababab", "abab", "", "005", "5aba", "x",
		[]any{"repeat", 1.0, 1.0},
		"ababab", "1;2,3;;;;é", "a+", []any{"join", 1.0},
	}}, r.Value)
}

var arraysRecord = nodeRecord{dir: "arrays", file: "arrays_cases.json", gen: "gen_arrays_cases.js"}

// TestArrayMethodsUnderTheCap: with their lengths checked, Array's methods,
// Array.from (of iterables, array-likes and with a map function), spread
// (of arrays, typed arrays and strings), split and match give Node's
// results, keep their names, lengths and attributes, and values stays the
// arrays' Symbol.iterator (values recorded from Node).
func TestArrayMethodsUnderTheCap(t *testing.T) { checkInlineExprs(t, arraysRecord) }

// TestArrayMethodsUnderTheCapLive regenerates arrays_cases.json with Node.
func TestArrayMethodsUnderTheCapLive(t *testing.T) {
	arraysRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// TestLongStringsUnderTheArrayCap: a string longer than the array cap
// splits, matches and spreads as before where the result is within it
// (the count is what is checked, not the string's length).
func TestLongStringsUnderTheArrayCap(t *testing.T) {
	n := fmt.Sprint(maxArrayLength + 1)
	r, err := run(t, New(), `var s = 'x'.repeat(`+n+`) + ',y', t = 'ab\n'.repeat(`+n+`);
cb(null, {v: [s.split(',').length, s.split(',', 1)[0].length, s.split(/,/).length, 'x'.split('').length,
  s.match(/y/g), s.match(/x+/)[0].length, 'x'.repeat(`+n+`).split('', 3), t.split('\n', 2), t.split(/\n/, 2).length, [...'ab'].length, Array.from('é€').length]});`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"v": []any{2.0, float64(maxArrayLength + 1), 2.0, 1.0, []any{"y"}, float64(maxArrayLength + 1), []any{"x", "x", "x"}, []any{"ab", "ab"}, 2.0, 2.0, 2.0}}, r.Value)
}

// TestPromiseAllOfALongArray: Promise.all over an array made long for
// nothing (which goja's would walk to its end in one native operation,
// allocating as it went) rejects with V8's "Invalid array length".
func TestPromiseAllOfALongArray(t *testing.T) {
	for _, method := range []string{"all", "allSettled", "any", "race"} {
		r, err := run(t, New(), `var a = []; a.length = 1e9;
Promise.`+method+`(a).then(function () { cb(null, 'settled'); }, function (e) { cb(null, e.name + ': ' + e.message); });`)
		require.NoError(t, err, method)
		assert.Equal(t, "RangeError: Invalid array length", r.Value, method)
	}
}

// TestJoinStopsAtTheDeadline: a join over a vast array-like with an empty
// separator (which goja's join would have run to its end, for ever; with a
// separator, the separators alone pass the cap and it is refused at once)
// stops at the deadline.
func TestJoinStopsAtTheDeadline(t *testing.T) {
	start := time.Now()
	_, err := run(t, New(WithTimeout(200*time.Millisecond)), `cb(null, {v: Array.prototype.join.call({length: 1e15}, '')});`)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindTimeout, se.Kind)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// TestGuardReach: the string methods, each sized constructor and apply are
// wrapped when a script's text names them or builds code at run time, and
// only then (the wrapping costs every invocation that gets it).
func TestGuardReach(t *testing.T) {
	for _, c := range []struct {
		src     string
		strings bool
		typed   []string
	}{
		{`s.repeat(n)`, true, nil},
		{`s.padStart(n); s.padEnd(n)`, true, nil},
		{`new Uint8Array(n); new Uint8Array(m)`, false, []string{"Uint8Array"}},
		{`new ArrayBuffer(8); Float64Array.from(x)`, false, []string{"ArrayBuffer", "Float64Array"}},
		{`BigUint64Array.of(1); Uint8ClampedArray.of(1)`, false, []string{"BigUint64Array", "Uint8ClampedArray"}},
		{`new Array(n).map(f); Array (m)`, false, []string{"Array"}},
		{`eval(x)`, true, sizedConstructors},
		{`new Function('return 1')`, true, sizedConstructors},
		// Neither.
		{`s[name](n)`, false, nil},
		{`body.emails[0].value`, false, nil},
		{`Array.isArray(x) && Array.from(y) && new Array`, false, nil},
		{`var MyUint8Array = 1`, false, nil},
		{`Buffer.from(s, 'base64')`, false, nil},
		{`cb(null, {user_id: body.id})`, false, nil},
	} {
		assert.Equal(t, c.strings, stringGuardRe.MatchString(c.src), c.src)
		assert.Equal(t, c.typed, constructorsToGuard(c.src), c.src)
	}
	for src, want := range map[string]bool{
		`s.replace('-', '+')`:           true,
		`s.replaceAll('-', '+')`:        true,
		`a.concat(b)`:                   true,
		`var replacement = concatenate`: false,
	} {
		assert.Equal(t, want, replaceGuardRe.MatchString(src) || concatGuardRe.MatchString(src), src)
	}
	for src, want := range map[string]bool{
		`scopes.join(' ')`:             true,
		`eval(x)`:                      true,
		`var joined = a + b`:           false,
		`cb(null, {user_id: body.id})`: false,
		`var ids = []; ids[g.id] = g`:  true,
		`if (emails.length > 0) x = 1`: true,
		`s = String(n.toString(16))`:   true,
		`a = b.concat(c)`:              true,
		`var p = user.photo["image"]`:  false,
		`x = (y)[0] + z[1]`:            false,
		`return [a, b]`:                true,
		`f(x, [y])`:                    true,
		`list.push(list2)`:             true,
		`f(...args)`:                   true,
	} {
		assert.Equal(t, want, joinGuardRe.MatchString(src), src)
	}
	for src, want := range map[string]bool{
		`f.apply(null, args)`:          true,
		`Reflect.apply(f, null, a)`:    true,
		`eval(x)`:                      true,
		`var applyNow = true`:          false,
		`cb(null, {user_id: body.id})`: false,
	} {
		assert.Equal(t, want, applyGuardRe.MatchString(src), src)
	}
	for src, want := range map[string][]string{
		`body.emails.map(function (e) { return e.value; }).filter(Boolean)`: {"filter", "map"},
		`cb(null, {user_id: String(body.id), roles: [...body.roles]})`:      {"values"},
		`Array.from(body.groups).forEach(add)`:                              {"forEach", "from"},
		`Promise.all(body.ids.map(fetch))`:                                  {"map", "values"},
		`new Set(body.roles).has('admin')`:                                  {"values"},
		`var mapped = mapping; var fromage = 1`:                             nil,
		`cb(null, {user_id: body.id})`:                                      nil,
		`eval(x)`:                                                           arrayGuardNames,
	} {
		assert.Equal(t, want, arrayMethodsToGuard(src), src)
	}
}

// TestReplacedLength: the length guardReplace works out before replacing
// is the length of what goja's replace and replaceAll then make, "$"
// patterns, empty patterns, overlapping candidates and characters beyond
// U+FFFF included.
func TestReplacedLength(t *testing.T) {
	rt := goja.New()
	for _, c := range [][3]string{
		{"abcb", "b", "[$`|$'|$&|$$|$1|$<x>|$]"}, {"x", "", "-"}, {"", "", "-"}, {"aaa", "aa", "b"},
		{"é😀é😀", "😀", "$&$&"}, {"a.b.c", ".", "$$"}, {"abc", "d", "zz"}, {"ab", "b", "$"},
		{"aaaa", "a", "$'$`"}, {"xyz", "xyz", ""}, {"😀x😀", "x", "$`"}, {"mississippi", "issi", "$`"},
	} {
		for _, all := range []bool{false, true} {
			method := "replace"
			if all {
				method = "replaceAll"
			}
			v, err := rt.RunString(fmt.Sprintf("%s.%s(%s, %s).length", jsQuote(c[0]), method, jsQuote(c[1]), jsQuote(c[2])))
			require.NoError(t, err)
			s, p, r := rt.ToValue(c[0]).(goja.String), rt.ToValue(c[1]).(goja.String), rt.ToValue(c[2]).(goja.String)
			assert.Equal(t, int(v.ToInteger()), exactReplacedLength(s, p, r, all, math.MaxInt), "%q.%s(%q, %q)", c[0], method, c[1], c[2])
		}
	}
}

// jsQuote writes s as a JavaScript string literal of its UTF-16 units.
func jsQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "\\u%04x", u)
	}
	b.WriteByte('"')
	return b.String()
}

// FuzzReplacedLength: the length guardReplace works out is the length of
// what goja's replace and replaceAll make, for any strings.
func FuzzReplacedLength(f *testing.F) {
	f.Add("abcb", "b", "[$`|$'|$&|$$|$1]", true)
	f.Add("x", "", "-", true)
	f.Add("aaaa", "aa", "$'", false)
	rt := goja.New()
	replace, _ := goja.AssertFunction(rt.Get("String").ToObject(rt).Get("prototype").ToObject(rt).Get("replace"))
	replaceAll, _ := goja.AssertFunction(rt.Get("String").ToObject(rt).Get("prototype").ToObject(rt).Get("replaceAll"))
	f.Fuzz(func(t *testing.T, s, p, r string, all bool) {
		if len(s) > 512 || len(p) > 16 || len(r) > 32 {
			return
		}
		fn := replace
		if all {
			fn = replaceAll
		}
		sv, pv, rv := rt.ToValue(s).(goja.String), rt.ToValue(p).(goja.String), rt.ToValue(r).(goja.String)
		v, err := fn(sv, pv, rv)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := exactReplacedLength(sv, pv, rv, all, math.MaxInt), v.(goja.String).Length(); got != want {
			t.Fatalf("%q %q %q %v: %d, goja makes %d", s, p, r, all, got, want)
		}
	})
}

// TestRegexpReplacedLength: for a regular expression pattern, the length
// guardReplace works out is the length of what goja's replace makes: global
// or not, empty matches, $n, $nn and groups that did not take part,
// flags, characters beyond U+FFFF.
func TestRegexpReplacedLength(t *testing.T) {
	rt := goja.New()
	for _, c := range [][4]string{
		{"abcb", "b", "g", "[$`|$'|$&|$$|$1|$<x>|$]"}, {"abcb", "(b)(c)?", "g", "$2$1$3$10$01$0"},
		{"x-y-z", "", "g", "."}, {"abc", "x*", "g", "<$&>"}, {"AbAB", "b", "gi", "$&$&"}, {"a\nb\nc", "^.", "gm", "[$`]"},
		{"é😀é😀", "😀", "g", "$'"}, {"abc", "d", "g", "zz"}, {"one two", "(\\w+) (\\w+)", "", "$2 $1"},
		{"a1b22c333", "(\\d)+", "g", "<$1>"}, {"mississippi", "(ss)(i)", "g", "$2$2$1"}, {"xyz", "(?:y)", "g", "$1"},
	} {
		v, err := rt.RunString(fmt.Sprintf("%s.replace(new RegExp(%s, %q), %s).length", jsQuote(c[0]), jsQuote(c[1]), c[2], jsQuote(c[3])))
		require.NoError(t, err)
		s, r := rt.ToValue(c[0]).(goja.String), rt.ToValue(c[3]).(goja.String)
		got, ok := exactRegexpReplacedLength(s, c[1], c[2], r, math.MaxInt, func() {})
		require.True(t, ok, "%v", c)
		assert.Equal(t, int(v.ToInteger()), got, "%q.replace(/%s/%s, %q)", c[0], c[1], c[2], c[3])
	}
}

// TestDeepNesting: values nested past maxNesting, cheap to build in a loop
// or to receive, are refused by goja's recursive built-ins with V8's
// "Maximum call stack size exceeded" (each level was a Go call, and a
// million of them, through join, JSON.parse, JSON.stringify or flat, ended
// the process with a fatal stack overflow), and util.inspect stops where
// Node's runs out of stack, with Node's words; shallower values are
// unchanged.
func TestDeepNesting(t *testing.T) {
	deep := fmt.Sprint(2 * maxNesting)
	stack := []any{"RangeError", "Maximum call stack size exceeded"}
	for _, c := range []struct {
		expr string
		want any
	}{
		{"String(nest(" + deep + "))", stack},
		{"nest(" + deep + ").join()", stack},
		{"nest(" + deep + ").toLocaleString()", stack},
		{"nest(" + deep + ").flat(Infinity)", stack},
		{"(function () { var a = [1]; a.push(a); return a.flat(Infinity); })()", stack},
		{"JSON.stringify(nest(" + deep + "))", stack},
		{"JSON.stringify(nestObject(" + deep + "))", stack},
		{"JSON.stringify(nest(" + deep + "), null, 2)", stack},
		{"JSON.stringify(nest(" + deep + "), ['a'])", stack},
		{"JSON.parse('['.repeat(" + deep + ") + ']'.repeat(" + deep + "))", stack},
		{"JSON.parse('{\"a\":'.repeat(" + deep + ") + '1' + '}'.repeat(" + deep + "), function (k, v) { return v; })", stack},
		// Within the limit, as before (Node's results).
		{"String(nest(100)) + '|' + nest(3).join('-') + '|' + nest(100).toLocaleString()", "1|1|1"},
		{"nest(100).flat(Infinity).length + nest(3).flat(2).length", 2.0},
		{"JSON.stringify(nest(3)) + JSON.stringify(nestObject(2))", `[[[1]]]{"a":{"a":1}}`},
		{"JSON.stringify(JSON.parse('['.repeat(3000) + ']'.repeat(3000))).length", 6000.0},
		{"JSON.stringify({a: [1, {b: [2, [3]]}], c: {d: {}}}, null, 1).length", 90.0},
		{"JSON.stringify([[1, [2]], {a: [3, {b: 4, c: 5}]}], ['a', 'b'])", `[[1,[2]],{"a":[3,{"b":4}]}]`},
	} {
		r, err := run(t, New(), `function nest(n) { var a = 1; for (var i = 0; i < n; i++) a = [a]; return a; }
function nestObject(n) { var o = 1; for (var i = 0; i < n; i++) o = {a: o}; return o; }
try { cb(null, {v: `+c.expr+`}); } catch (e) { cb(null, {v: [e.name, e.message]}); }`)
		require.NoError(t, err, c.expr)
		assert.Equal(t, map[string]any{"v": c.want}, r.Value, c.expr)
	}
	r, err := run(t, New(), `var a = 1; for (var i = 0; i < 5000; i++) a = [a];
var s = require('util').inspect(a, {depth: Infinity}), n = require('util').inspect([[[1]]], {depth: Infinity});
cb(null, {v: [s.indexOf('[Array: Inspection interrupted prematurely. Maximum call stack size exceeded.]') > 0, n]});`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"v": []any{true, "[ [ [ 1 ] ] ]"}}, r.Value)
}

// TestDeepJSONBody: a response nested past maxNesting is left a string for
// a json: true request, as request leaves a body JSON.parse throws for.
func TestDeepJSONBody(t *testing.T) {
	n := 2 * maxNesting
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, strings.Repeat("[", n)+strings.Repeat("]", n))
	}))
	defer srv.Close()
	s, err := New().Compile(`function (a, ctx, cb) { request.get({url: '` + srv.URL + `', json: true}, function (err, res, body) { cb(err, {v: [typeof body, body.length]}); }); }`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "tok", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"v": []any{"string", float64(2 * n)}}, r.Value)
}
