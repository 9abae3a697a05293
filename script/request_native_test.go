package script

import (
	"context"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ctx object is built with its keys in sorted order (nested too), so a
// script serialising it sees the same text on every run.
func TestContextKeyOrderIsDeterministic(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) { cb(null, JSON.stringify(ctx)) }`)
	require.NoError(t, err)
	tokenCtx := map[string]any{"z": 1.0, "a": "x", "m": map[string]any{"y": true, "b": nil}, "k": []any{map[string]any{"q": 1.0, "c": 2.0}}}
	for i := 0; i < 20; i++ {
		r, err := s.FetchUserProfile(context.Background(), "t", tokenCtx)
		require.NoError(t, err)
		assert.Equal(t, `{"a":"x","k":[{"c":2,"q":1}],"m":{"b":null,"y":true},"z":1}`, r.Value)
	}
}

func TestV8JSONMessageSpecialTexts(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[object Object]", `"[object Object]" is not valid JSON`},
		{"NaN", `"NaN" is not valid JSON`},
		{"undefined", `"undefined" is not valid JSON`},
		{"[object Object] ", `Unexpected token 'o', "[object Object] " is not valid JSON`},
		{"[object", `Unexpected token 'o', "[object" is not valid JSON`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, v8JSONMessage(tt.text), tt.text)
	}
}

// parseJSONValue must give exactly what the runtime's JSON.parse gives, or
// decline.
func checkJSONValue(t *testing.T, text string) {
	rt := goja.New()
	v, ok := parseJSONValue(rt, text)
	parse, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	want, err := parse(goja.Undefined(), rt.ToValue(text))
	if !ok {
		return
	}
	if err != nil && strings.Contains(err.Error(), "cannot unmarshal number") {
		// goja refuses numbers beyond float64's range, which V8 and
		// parseJSONValue make ±Infinity (TestJSONParseNumbersBeyondFloat64).
		return
	}
	require.NoError(t, err, "parseJSONValue accepted %q, JSON.parse rejects it", text)
	a, err1 := stringify(goja.Undefined(), v)
	b, err2 := stringify(goja.Undefined(), want)
	require.NoError(t, err1)
	require.NoError(t, err2)
	require.Equal(t, b.String(), a.String(), text)
	isNegZero, _ := rt.RunString(`(function (v) { return JSON.stringify(v, function (k, x) { return Object.is(x, -0) ? '-0' : (x && typeof x === 'object' && !Array.isArray(x) ? Object.assign(Object.create(null), {keys: Object.keys(x).join(','), proto: Object.getPrototypeOf(x) === Object.prototype}, x) : x); }); })`)
	f, _ := goja.AssertFunction(isNegZero)
	a2, _ := f(goja.Undefined(), v)
	b2, _ := f(goja.Undefined(), want)
	require.Equal(t, b2.String(), a2.String(), text)
}

var jsonSeeds = []string{
	`{"sub":"42","name":"Ada","n":1.5,"big":1e400,"neg":-0,"arr":[1,"x",null,true,false,{}],"o":{"z":1,"a":2}}`,
	`{"a":1,"a":2,"b":3}`, `{"__proto__":{"x":1},"y":2}`, `"\u00e9\ud83d\ude00\n\t\"\\\/"`, `"\ud800"`, `[1,]`, `{"a":1,}`,
	` [ 0 , -1.25e-3 , 12345678901234567890 ] `, `01`, `1.`, `-`, `"\x"`, "\"a\tb\"", `{"2":1,"1":2,"b":3}`, `[]`, `{}`, `null`, `tru`,
	`{"a":"é"}`, `1E+2`, `[[[[[]]]]]`, `{"k":"\u0000"}`,
	`{"long":"abcdefghijklmnopqrstuvwxyz","e":"a\"b","k":"x","":""}`, `["0123456789abcdefghij","\n","",["nested strings here"]]`,
	`{"u":"é","a":"plain ASCII after a non-ASCII string"}`, `"top-level string longer than sixteen"`, `{"abcdefgh":"ijklmnopq","z":"é"}`,
}

func TestParseJSONValueMatchesJSONParse(t *testing.T) {
	for _, s := range jsonSeeds {
		checkJSONValue(t, s)
	}
	_, ok := parseJSONValue(goja.New(), `{"sub":"42","list":[1,2]}`)
	assert.True(t, ok, "the common shape is parsed in Go")
}

func FuzzParseJSONValue(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) { checkJSONValue(t, text) })
}

// The Go request path and the JavaScript shim must give a script the same
// response; a call with qs goes to the shim, one without to Go.
func TestNativeRequestMatchesShim(t *testing.T) {
	srv, _ := reqEchoServer(t)
	src := `function (a, ctx, cb) {
	  function sum(r, b) { return JSON.stringify({s: r.statusCode, m: r.statusMessage, h: r.headers['content-type'], b: b, rb: r.body === b, u: r.request.uri, me: r.request.method, rh: r.request.headers, j: r.toJSON().request.method, c: r.caseless.get('Content-Type')}); }
	  request.get({url: '$URL/json', headers: {Authorization: 'Bearer x'}, json: true}, function (e, r, b) {
	    if (e) return cb(e);
	    request.get({url: '$URL/json', headers: {Authorization: 'Bearer x'}, json: true, qs: {}}, function (e2, r2, b2) {
	      if (e2) return cb(e2);
	      cb(null, [sum(r, b), sum(r2, b2)]);
	    });
	  });
	}`
	r, err := runWith(t, New(), src, srv.URL)
	require.NoError(t, err)
	v := r.Value.([]any)
	assert.Equal(t, v[1], v[0])
	assert.Contains(t, v[0], `"b":{"sub":"42","name":"Ada"}`)
}

// JSON.parse, in Go or in goja, and a json: true body define own data
// properties, as V8 does: a setter or a read-only property a script put on
// Object.prototype is neither called nor in the way, and "__proto__" is an
// ordinary key. (The expected value is what Node 20 prints for the same
// statements.)
func TestJSONParseDefinesOwnProperties(t *testing.T) {
	srv, _ := reqEchoServer(t)
	src := `function (a, ctx, cb) {
	  var calls = [];
	  Object.defineProperty(Object.prototype, 'sub', {set: function (v) { calls.push('set ' + v); }, get: function () { return 'inherited'; }, configurable: true});
	  Object.defineProperty(Object.prototype, 'ro', {value: 'proto', writable: false, configurable: true});
	  var p = JSON.parse('{"sub":"42","ro":"own","__proto__":{"x":1},"sub":"43","n":[{"sub":"7"}]}');
	  var out = {sub: p.sub, ro: p.ro, own: Object.keys(p).join(','), proto: Object.getPrototypeOf(p) === Object.prototype, protoKey: JSON.stringify(p['__proto__']), nested: p.n[0].sub};
	  request.get({url: '$URL/json', json: true}, function (e, r, b) {
	    if (e) return cb(e);
	    out.bodySub = b.sub;
	    out.bodyOwn = Object.keys(b).join(',');
	    out.calls = calls.join(';');
	    delete Object.prototype.sub; delete Object.prototype.ro;
	    cb(null, out);
	  });
	}`
	r, err := runWith(t, New(), src, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"sub": "43", "ro": "own", "own": "sub,ro,__proto__,n", "proto": true, "protoKey": `{"x":1}`, "nested": "7",
		"bodySub": "42", "bodyOwn": "sub,name", "calls": "",
	}, r.Value)
}

// What the Go parser declines or is not asked (a reviver, a non-string
// argument, invalid or very deep JSON) is JSON.parse's as before.
func TestJSONParseOutsideTheGoParser(t *testing.T) {
	tests := []struct{ name, expr, want string }{
		{"reviver", `JSON.parse('{"a":1,"b":[2]}', function (k, v) { return typeof v === 'number' ? v * 10 : v; })`, `{"a":10,"b":[20]}`},
		{"non-callable reviver is ignored", `JSON.parse('{"a":1}', 'x')`, `{"a":1}`},
		{"String object", `JSON.parse(new String('{"a":"s"}'))`, `{"a":"s"}`},
		{"object with toString", `JSON.parse({toString: function () { return '[1,2]'; }})`, `[1,2]`},
		{"number", `JSON.parse(12)`, `12`},
		{"lone surrogate escape", `JSON.parse('"\\ud800"').length`, `1`},
		{"deep nesting", `JSON.parse(new Array(300).join('[') + new Array(300).join(']')).length`, `1`},
		{"invalid", `(function () { try { JSON.parse('<html>'); } catch (e) { return e.name + ': ' + e.message; } })()`, `"SyntaxError: Unexpected token '<', \"<html>\" is not valid JSON"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New().Compile(`function (a, ctx, cb) { cb(null, JSON.stringify(` + tt.expr + `)); }`)
			require.NoError(t, err)
			r, err := s.FetchUserProfile(context.Background(), "tok", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// Numbers beyond float64's range are ±Infinity, and tiny ones ±0, as in
// Node 20: JSON.parse('[1e400,-1e400,1e-400,-1e-400,1.7976931348623159e308]')
// is [Infinity, -Infinity, 0, -0, Infinity].
func TestJSONParseNumbersBeyondFloat64(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) {
	  var v = JSON.parse('[1e400,-1e400,1e-400,-1e-400,1.7976931348623159e308]');
	  cb(null, v.map(function (x) { return Object.is(x, -0) ? '-0' : String(x); }));
	}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "tok", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"Infinity", "-Infinity", "0", "-0", "Infinity"}, r.Value)
}
