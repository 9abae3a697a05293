package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newExportInvocation(t testing.TB) *invocation {
	e := New()
	inv := &invocation{s: &Script{e: e}, cfg: &e.cfg, ctx: context.Background(), parent: context.Background()}
	inv.rt = goja.New()
	inv.setupGlobals()
	inv.ensureJSON()
	return inv
}

// exportJSONViaText is the reference conversion: the runtime's original
// JSON.stringify, the size cap, then encoding/json.
func (inv *invocation) exportJSONViaText(v goja.Value) (any, *Error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	s, err := inv.stringify(goja.Undefined(), v)
	if err != nil {
		var ex *goja.Exception
		if errors.As(err, &ex) {
			name, msg := inv.describeError(ex.Value())
			return nil, &Error{Kind: KindInvalidResult, Name: name, Message: msg}
		}
		return nil, inv.goErrorToError(err)
	}
	if goja.IsUndefined(s) {
		return nil, nil
	}
	str := s.String()
	if len(str) > maxResultBytes {
		return nil, &Error{Kind: KindLimit, Message: fmt.Sprintf("callback value is larger than %d bytes of JSON", maxResultBytes)}
	}
	var out any
	if err := json.Unmarshal([]byte(str), &out); err != nil {
		return nil, &Error{Kind: KindInvalidResult, Message: "callback value is not valid JSON: " + err.Error()}
	}
	return out, nil
}

type exportOutcome struct {
	Value          any
	Kind           ErrorKind
	Name, Message  string
	Effects        string
	EffectsPresent bool
}

// exportBoth evaluates src twice in fresh runtimes (so that getters and
// toJSON run once per path) and converts the value by each path; the global
// array `fx`, if the source pushes to it, records side effects in order.
func exportBoth(t testing.TB, src string) (got, want exportOutcome) {
	run := func(text bool) exportOutcome {
		inv := newExportInvocation(t)
		_, err := inv.rt.RunString("var fx = [];")
		require.NoError(t, err)
		v, err := inv.rt.RunString(src)
		if err != nil {
			t.Skipf("source does not run: %v", err)
		}
		var out any
		var e *Error
		if text {
			out, e = inv.exportJSONViaText(v)
		} else {
			out, e = inv.exportJSON(v)
		}
		o := exportOutcome{Value: out}
		if e != nil {
			o.Kind, o.Name, o.Message = e.Kind, e.Name, e.Message
		}
		fx, _ := inv.rt.RunString("fx.join(',')")
		o.Effects = fx.String()
		return o
	}
	return run(false), run(true)
}

func TestExportJSONMatchesStringify(t *testing.T) {
	cases := []string{
		`undefined`, `null`, `true`, `false`, `0`, `-0`, `1.5`, `-1e21`, `1e21`, `123456789012345680000`, `2**53`, `NaN`, `Infinity`, `-Infinity`,
		`""`, `"a\"b\\c\n\t\u0001\u2028é😀"`, `"\ud800x\udc00"`, `"\ufffd"`, `Symbol("s")`, `(function(){})`, `10n`,
		`({a: 1, b: "x", c: true, d: null, e: undefined, f: function(){}, g: Symbol(), h: [1, undefined, function(){}, Symbol(), NaN]})`,
		`({z: 1, a: 2, 10: 3, 2: 4, "-1": 5})`,
		`[]`, `[[]]`, `[{}]`, `({})`, `new Array(3)`, `[1,,3]`,
		`({d: new Date(0)})`, `new Date(NaN)`, `({d: new Date(8.64e15)})`,
		`({n: new Number(3), s: new String("x"), b: new Boolean(false), nn: new Number(-0), ni: new Number(NaN)})`,
		`Object(10n)`, `({b: 10n})`, `[10n]`, `(BigInt.prototype.toJSON = function(){ return this.toString(); }, {b: 10n})`,
		`({toJSON: function(k) { fx.push("toJSON:" + k); return {x: 1}; }})`,
		`({a: {toJSON: function(k) { fx.push("toJSON:" + k); return undefined; }}, b: 2})`,
		`[{toJSON: function(k) { fx.push("toJSON:" + k); return "t"; }}]`,
		`({a: {toJSON: function() { return function(){}; }}})`,
		`({a: {toJSON: function() { return new Number(4); }}})`,
		`({a: {toJSON: function() { return 10n; }}})`,
		`({toJSON: 5, a: 1})`,
		`(function(){ var o = {}; Object.defineProperty(o, "g", {get: function(){ fx.push("get g"); return 7; }, enumerable: true}); Object.defineProperty(o, "h", {get: function(){ fx.push("get h"); return 8; }, enumerable: false}); return o; })()`,
		`(function(){ var o = {a: 1}; Object.defineProperty(o, "b", {get: function(){ throw new RangeError("boom"); }, enumerable: true}); return o; })()`,
		`(function(){ var o = {get a(){ fx.push("a"); delete this.b; return 1; }, b: 2, c: 3}; return o; })()`,
		`(function(){ var o = {}; o.self = o; return o; })()`,
		`(function(){ var a = [1]; a.push(a); return a; })()`,
		`(function(){ var o = {}; return {x: o, y: o}; })()`,
		`(function(){ var o = {}; o[Symbol("k")] = 1; o.v = 2; return o; })()`,
		`Object.create({inherited: 1})`,
		`(function(){ var o = Object.create(null); o.a = 1; return o; })()`,
		`new Error("e")`, `(function(){ var e = new Error("e"); e.code = "X"; return e; })()`,
		`/re/g`, `new Map([[1,2]])`, `new Set([1])`, `new Uint8Array([1,2])`, `Promise.resolve(1)`,
		`(function(){ return arguments; })(1, "a")`,
		`new Proxy({a: 1, b: {c: 2}}, {get: function(t, k){ fx.push("proxy get " + String(k)); return t[k]; }})`,
		`({p: new Proxy([1, 2], {})})`,
		`(function(){ var o = {}; o.p = new Proxy(o, {}); return o; })()`,
		`({p: new Proxy({}, {ownKeys: function(){ throw new Error("trap"); }})})`,
		`(Object.prototype.toJSON = function(k){ fx.push("proto toJSON " + k); return 1; }, {a: {b: 2}})`,
		`(Date.prototype.toJSON = function(){ return "date!"; }, [new Date(0)])`,
		`(Array.prototype.toJSON = function(){ return "arr"; }, {a: [1]})`,
		`({a: "x".repeat(1 << 20)})`, `"x".repeat((1 << 20) - 2)`, `"x".repeat((1 << 20) - 1)`, `"\n".repeat(1 << 19)`,
		`"\ud800".repeat(200000)`,
		`(function(){ var a = []; for (var i = 0; i < 200000; i++) a.push(i); return a; })()`,
		`(function(){ var r = []; for (var i = 0; i < 10000 - 1; i++) r = [r]; return r; })()`,
		`(function(){ var r = []; for (var i = 0; i < 10000; i++) r = [r]; return r; })()`,
		`(function(){ var r = {}; for (var i = 0; i < 10000; i++) r = {a: r}; return r; })()`,
		`(class A { constructor(){ this.x = 1; } get y(){ return 2; } })`,
		`new (class A { constructor(){ this.x = 1; } get y(){ return 2; } })()`,
		`JSON.rawJSON ? {r: JSON.rawJSON("1e400")} : {}`,
		`({a: 1.0000000000000002, b: 5e-324, c: 1e-7, d: 0.1 + 0.2, e: -1.5e300, f: 999999999999999900000})`,
	}
	for _, src := range cases {
		t.Run(src[:min(len(src), 60)], func(t *testing.T) {
			got, want := exportBoth(t, src)
			assert.Equal(t, want, got)
		})
	}
}

func TestExportJSONCallbackThrowIsNotCatchable(t *testing.T) {
	s, err := New().Compile(`function fetchUserProfile(a, c, cb) {
  var o = {}; Object.defineProperty(o, "x", {enumerable: true, get: function(){ throw new Error("getter boom"); }});
  try { cb(null, o); } catch (e) { cb(null, {caught: true}); }
}`)
	require.NoError(t, err)
	_, err = s.FetchUserProfile(context.Background(), "at", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindInvalidResult, se.Kind)
	assert.Equal(t, "getter boom", se.Message)
}

func FuzzExportJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"\u00e9"}`, `[1e21,-0,0.5]`, `"x"`, `{"toJSON":1}`, `{"__proto__":{"a":1}}`} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, shape uint8) {
		if len(text) > 4096 || !json.Valid([]byte(text)) {
			t.Skip()
		}
		q, _ := json.Marshal(text)
		var src string
		switch shape % 6 {
		case 0:
			src = "JSON.parse(" + string(q) + ")"
		case 1: // with undefined, functions and Dates mixed in
			src = "(function(){ var v = JSON.parse(" + string(q) + "); return {v: v, u: undefined, f: function(){}, d: new Date(0), a: [v, undefined, Symbol()]}; })()"
		case 2: // getters over the parsed values
			src = "(function(){ var v = JSON.parse(" + string(q) + "); var o = {}; Object.defineProperty(o, 'g', {enumerable: true, get: function(){ fx.push('g'); return v; }}); o.n = new Number(1); return o; })()"
		case 3: // a cycle after the value
			src = "(function(){ var v = JSON.parse(" + string(q) + "); var o = {v: v}; o.o = o; return o; })()"
		case 4: // toJSON wrapping
			src = "({toJSON: function(k){ fx.push('k=' + k); return JSON.parse(" + string(q) + "); }})"
		default: // a Proxy holding it
			src = "({p: new Proxy({v: JSON.parse(" + string(q) + ")}, {}), s: String.fromCharCode(0xd800) + " + string(q) + "})"
		}
		got, want := exportBoth(t, src)
		if !assert.Equal(t, want, got) {
			t.Logf("source: %s", strings.TrimSpace(src))
		}
	})
}

// quotedLen counts what JSON.stringify writes for a string.
func TestQuotedLenMatchesStringify(t *testing.T) {
	rt := goja.New()
	stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	for _, s := range []string{"", "plain ascii", "tab\tafter", "\"quoted\"", "back\\slash", "ctl\x01\x1f", "del\x7f",
		"é", "ascii then é then ascii", "😀", "\u2028\u2029", "\ufffd", "bad \xff byte", "end\n"} {
		v := rt.ToValue(s)
		out, err := stringify(goja.Undefined(), v)
		require.NoError(t, err)
		assert.Equal(t, len(out.String()), quotedLen(v, s), "%q", s)
	}
}
