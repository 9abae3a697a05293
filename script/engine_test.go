package script

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
}

func fetch(t *testing.T, e *Engine, src string) (*Result, error) {
	t.Helper()
	s, err := e.Compile(src)
	require.NoError(t, err)
	return s.FetchUserProfile(context.Background(), "tok-123", map[string]any{"id_token": "idt", "expires_in": 3600.0})
}

func TestScriptShapes(t *testing.T) {
	want := map[string]any{"user_id": "tok-123", "idt": "idt"}
	tests := []struct {
		name string
		src  string
	}{
		{"anonymous function", `function (accessToken, ctx, callback) { callback(null, {user_id: accessToken, idt: ctx.id_token}); }`},
		{"anonymous function trailing semicolon and comment", "function (accessToken, ctx, callback) {\n callback(null, {user_id: accessToken, idt: ctx.id_token});\n};\n"},
		{"named function", `function fetchUserProfile(access_token, context, cb) { cb(null, {user_id: access_token, idt: context.id_token}); }`},
		{"async function", `async function (a, ctx, cb) { const v = await Promise.resolve(a); cb(null, {user_id: v, idt: ctx.id_token}); }`},
		{"arrow function", `(a, ctx, cb) => cb(null, {user_id: a, idt: ctx.id_token})`},
		{"async arrow", `async (a, {id_token}, cb) => { cb(null, {user_id: a, idt: id_token}) }`},
		{"module.exports", `module.exports = function (a, ctx, cb) { cb(null, {user_id: a, idt: ctx.id_token}); };`},
		{"exports.fetchUserProfile", `exports.fetchUserProfile = function (a, ctx, cb) { cb(null, {user_id: a, idt: ctx.id_token}); };`},
		{"IIFE returning the function", `(function () { var helper = function (x) { return x; }; return function (a, ctx, cb) { cb(null, {user_id: helper(a), idt: ctx.id_token}); }; })()`},
		{"statements then declaration", "'use strict';\nvar PREFIX = '';\nfunction fetchUserProfile(a, ctx, cb) { cb(null, {user_id: PREFIX + a, idt: ctx.id_token}); }"},
		{"helper then main declaration", "function helper(x) { return x }\nfunction main(a, ctx, cb) { cb(null, {user_id: helper(a), idt: ctx.id_token}); }"},
		{"statements then module.exports", "var x = 1;\nmodule.exports = function (a, ctx, cb) { cb(null, {user_id: a, idt: ctx.id_token}); };"},
		{"sloppy global assignment", `function (a, ctx, cb) { leaked = a; cb(null, {user_id: leaked, idt: ctx.id_token}); }`},
		{"template literal optional chaining destructuring", "function (a, ctx, cb) { const {id_token: t} = ctx; cb(null, {user_id: `${a}`, idt: ctx?.missing?.x ?? t}); }"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := fetch(t, e, tt.src)
			require.NoError(t, err)
			assert.Equal(t, want, r.Value)
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantMsg string
	}{
		{"truncated function", "function (a, ctx, cb) {\n  cb(null, {})\n", "Unexpected end of input"},
		{"bad token on line 3", "function f(a, ctx, cb) {\n var x = 1;\n var = 2;\n}", "line 3"},
		{"truncated parameter list", "function (a,", "Unexpected end of input"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Compile(tt.src)
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, KindCompile, se.Kind)
			assert.Contains(t, se.Message, tt.wantMsg)
		})
	}
}

func TestNoFunctionDefined(t *testing.T) {
	_, err := fetch(t, New(), `var x = 1;`)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCompile, se.Kind)
}

func TestGetLogoutURLQueryShapes(t *testing.T) {
	e := New()
	q := map[string][]string{"returnTo": {"https://app/x"}, "client_id": {"abc"}, "multi": {"1", "2"}}
	for _, src := range []string{
		`function (query, cb) { cb(null, 'https://idp/logout?r=' + encodeURIComponent(query.returnTo) + '&c=' + query.client_id + '&m=' + query.multi.join(',')) }`,
		`function getLogoutUrl(params, cb) { cb(null, 'https://idp/logout?r=' + encodeURIComponent(params.query.returnTo) + '&c=' + params.query.client_id + '&m=' + params.query.multi.join(',')) }`,
	} {
		s, err := e.Compile(src)
		require.NoError(t, err)
		r, err := s.GetLogoutURL(context.Background(), q)
		require.NoError(t, err)
		assert.Equal(t, "https://idp/logout?r=https%3A%2F%2Fapp%2Fx&c=abc&m=1,2", r.Value)
	}
	s, err := e.Compile(`function (q, cb) { cb(null, {url: 'x'}) }`)
	require.NoError(t, err)
	_, err = s.GetLogoutURL(context.Background(), q)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindInvalidResult, se.Kind)
}

func TestTimeoutInfiniteLoop(t *testing.T) {
	e := New(WithTimeout(100 * time.Millisecond))
	start := time.Now()
	_, err := fetch(t, e, `function (a, c, cb) { while (true) {} }`)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrTimeout))
	assert.Less(t, time.Since(start), 2*time.Second)
}

// TestRegexpNamedGroups: named capture groups behave as in Node (values
// from Node 20), though goja's engine numbers named groups after unnamed
// ones, drops some of their captures and gives the match no groups object:
// exec, match, matchAll, replace with $<name> and with a function, source,
// new RegExp, backreferences, and patterns without names in the same
// script.
func TestRegexpNamedGroups(t *testing.T) {
	r, err := fetch(t, New(), `function (a, ctx, cb) {
  var mixed = /(?<y>a)(b)/.exec('ab'), date = /(?<y>\d+)-(\d+)/.exec('2020-01');
  var m2 = /(?<a>x)?(?<b>y)/.exec('y');
  cb(null, {
    mixed: mixed.slice(), mixedY: mixed.groups.y, date: [date.slice(), date.groups.y, /(?<y>\d+)-(\d+)/.source],
    match: '2020-01'.match(/(?<y>\d+)-(?<m>\d+)/).groups,
    dollar: '2020-01'.replace(/(?<y>\d+)-(?<m>\d+)/, '$<m>/$<y>'),
    fn: '2020-01'.replace(/(?<y>\d+)-(?<m>\d+)/, function () { var g = arguments[arguments.length - 1]; return g.m + '.' + g.y + '@' + arguments[3]; }),
    global: 'a1b2'.replace(/(?<d>\d)/g, '[$<d>]'),
    all: [...'a1b2'.matchAll(/(?<d>\d)/g)].map(function (m) { return m.groups.d + m.index; }).join(),
    ctor: new RegExp('(?<user>[^@]+)@(?<host>.+)').exec('ada@example.com').groups.host,
    ctorMixed: (function () { var r = new RegExp('(?<y>\\d+)-(\\d+)', 'g'), m = r.exec('2020-01 1999-12'); return [m.slice(), m.groups.y, r.lastIndex, r.exec('2020-01 1999-12').groups.y, r.lastIndex, r.source]; })(),
    backref: /(?<q>['"]).*?\k<q>/.exec('say "hi" now')[0],
    test: /(?<x>a)/.test('a'),
    plain: ['a-b'.replace(/-/g, '+'), /(a)(b)/.exec('ab').slice()],
    numbered: 'ab'.replace(/(?<y>a)(b)/, '$2$1'),
    optional: ['a' in m2.groups, m2.groups.a === undefined, m2.groups.b],
    proto: Object.getPrototypeOf(mixed.groups) === null,
    behind: /(?<=a)b(?<n>c)/.exec('abc').groups.n,
    split: 'a1b2c'.split(/(?<d>\d)/),
    sticky: (function () { var r = /(?<w>\w)/y; r.lastIndex = 1; var m = r.exec('ab'); return [m.groups.w, r.lastIndex]; })(),
    unknown: 'x'.replace(/(?<y>x)/, '[$<z>]'),
    escapedParen: /\((?<in>[^)]*)\)/.exec('f(a,b)').groups.in,
    classParen: /[(](?<in>\w+)/.exec('(ab').groups.in,
  });
	}`)
	require.NoError(t, err)
	got, err := json.Marshal(r.Value)
	require.NoError(t, err)
	assert.JSONEq(t, `{"mixed":["ab","a","b"],"mixedY":"a","date":[["2020-01","2020","01"],"2020","(?<y>\\d+)-(\\d+)"],"match":{"y":"2020","m":"01"},"dollar":"01/2020","fn":"01.2020@0","global":"a[1]b[2]","all":"11,23","ctor":"example.com","ctorMixed":[["2020-01","2020","01"],"2020",7,"1999",15,"(?<y>\\d+)-(\\d+)"],"backref":"\"hi\"","test":true,"plain":["a+b",["ab","a","b"]],"numbered":"ba","optional":[true,true,"y"],"proto":true,"behind":"c","split":["a","1","b","2","c"],"sticky":["b",2],"unknown":"[]","escapedParen":"a,b","classParen":"ab"}`, string(got))
}

func TestRegexpGroups(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		names   []string
	}{
		{`(?<y>a)(b)`, []string{"", "y", ""}},
		{`(?<y>\d+)-(?<m>\d+)`, []string{"", "y", "m"}},
		{`(a)(?:b)(?<n>c)(?=d)(?<=e)(?<!f)(g)`, []string{"", "", "n", ""}},
		{`\((?<in>[^)]*)\)[(](x)`, []string{"", "in", ""}},
	} {
		names, ok := regexpGroups(tt.pattern)
		assert.True(t, ok, tt.pattern)
		assert.Equal(t, tt.names, names, tt.pattern)
	}
	for _, pattern := range []string{`(a)(b)`, `(?<=a)b`, `(?<a>x)(?<a>y)`, `(?<a`, `[(?<a>x)]`, `\(?<a>x)`} {
		_, ok := regexpGroups(pattern)
		assert.False(t, ok, pattern)
	}
	for in, want := range map[string]string{
		`(?<y>\d+)-(\d+)`:         `(\d+)-(\d+)`,
		`(?<q>['"]).*?\k<q>0`:     `(['"]).*?(?:\1)0`,
		`(a)\k<b>(?<b>x)[\k<b>]`:  `(a)(?:\2)(x)[\k<b>]`,
		`(?<a>(?<=b)c(?<!d))\(?<`: `((?<=b)c(?<!d))\(?<`,
	} {
		got, _, ok := stripGroupNames(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	_, _, ok := stripGroupNames(`(?<a>x)\k<b>`)
	assert.False(t, ok, "a reference to a missing name is the engine's SyntaxError")
}

// TestKeywordMemberAtLineEnd: a line ending in a member named by a reserved
// word, with no semicolon, ends the statement when the next line cannot
// continue it (JavaScript's automatic semicolon insertion), as in Node;
// goja's parser alone rejects these scripts. Values checked against Node 20.
func TestKeywordMemberAtLineEnd(t *testing.T) {
	obj := "var o = {default: 'd', new: 'n', catch: 'c', in: 'i', delete: 'x', class: 'k'}\n"
	tests := []struct {
		name string
		src  string
		want map[string]any
	}{
		{"expression form", "function (a, ctx, cb) {\n" + obj +
			"  var d = o.default\n  var n = o?.new // the new one\n\n  const c = o.catch /* c */ /** d **/\n" +
			"  let i = o.in\n  cb(null, {d: d, n: n, c: c, i: i})\n}",
			map[string]any{"d": "d", "n": "n", "c": "c", "i": "i"}},
		{"statement form", obj + "var d = o.default\nfunction fetchUserProfile(a, ctx, cb) {\n" +
			"  var k = o.class\n  if (k) cb(null, {d: d, k: k, x: o.delete\n  })\n}",
			map[string]any{"d": "d", "k": "k", "x": "x"}},
		{"the next line continues the member", "function (a, ctx, cb) {\n" + obj +
			"  var d = o.default\n    .toUpperCase()\n  var n = o.new\n  + '!'\n  cb(null, {d: d, n: n})\n}",
			map[string]any{"d": "D", "n": "n!"}},
		{"a string ending like a member is left alone", "function (a, ctx, cb) {\n  var s = 'o.default'\n  cb(null, {s: s})\n}",
			map[string]any{"s": "o.default"}},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := fetch(t, e, tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// TestKeywordMemberErrorPositions: the inserted semicolon moves no position
// a script can observe: a later syntax error and a runtime error name the
// author's line and column.
func TestKeywordMemberErrorPositions(t *testing.T) {
	e := New()
	_, err := e.Compile("function (a, ctx, cb) {\n  var d = {}.default\n  var = 1\n}")
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCompile, se.Kind)
	assert.Contains(t, se.Message, "(line 3, column 7)", "the error after the line break, not the missing semicolon")

	r, err := fetch(t, e, "function (a, ctx, cb) {\n  var d = ({}).default\n  try { d.x() } catch (e) { cb(null, {stack: e.stack}) }\n}")
	require.NoError(t, err)
	assert.Contains(t, r.Value.(map[string]any)["stack"], "script.js:3:9", "d.x() is at line 3, column 9")
}

// TestRegexpClassHyphenNextToClassEscape: /[\s-_]/ and the like compile and
// match as in Node, where the "-" is a literal hyphen (values from Node 20).
func TestRegexpClassHyphenNextToClassEscape(t *testing.T) {
	r, err := fetch(t, New(), `function (a, ctx, cb) {
		cb(null, {
			camel: 'Foo bar-baz_qux'.replace(/^([A-Z])|[\s-_]+(\w)/g, (m, a, b) => a ? a.toLowerCase() : b.toUpperCase()),
			phone: '+1 (555) 123-4567'.replace(/[\s-()]/g, ''),
			pct: 'a%-b!'.match(/[%-\w]+/g),
			dot: '1.-2x'.match(/[.-\d]+/g),
			neg: 'a-b c'.replace(/[^\w-]/g, '_'),
			range: 'abc-'.match(/[a-c-]+/g),
		});
	}`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"camel": "fooBarBazQux", "phone": "+15551234567", "pct": []any{"a%-b"},
		"dot": []any{"1.-2"}, "neg": "a-b_c", "range": []any{"abc-"},
	}, r.Value)

	_, err = New().Compile(`function (a, ctx, cb) { cb(null, /[\s-_]/u.test(' ')) }`)
	require.Error(t, err, "with the u flag the class is a SyntaxError, as in Node")
}

func TestClassHyphensEscaped(t *testing.T) {
	for in, want := range map[string]string{
		`[\s-_]`:       `[\s\-_]`,
		`[\s-()]`:      `[\s\-()]`,
		`[%-\w]`:       `[%\-\w]`,
		`[^\d-\s]x-\w`: `[^\d\-\s]x-\w`, // outside a class "-" is plain
		`[\w-]`:        `[\w-]`,         // before "]": already literal
		`[a-z\-\w]`:    `[a-z\-\w]`,     // escaped already
		`\[\s-_]`:      `\[\s-_]`,       // no class: "\[" is a literal bracket
		`[[\s-_]`:      `[[\s\-_]`,      // "[" inside a class is literal
		`[\\-\w]`:      `[\\\-\w]`,      // "\\" is a backslash atom
		`[a-c]`:        `[a-c]`,
		`[\s-`:         `[\s-`,
		``:             ``,
	} {
		assert.Equal(t, want, classHyphensEscaped(in), in)
	}
}

// TestRegexpNamedGroupsWithoutWrapper: a script run without the module
// wrapper (compileDirect) gets its literals' names removed too.
func TestRegexpNamedGroupsWithoutWrapper(t *testing.T) {
	s, err := New().Compile(`function (a, c, cb) { var m = /(?<y>\d+)-(\d+)/.exec('2020-01'); cb(null, [m.groups.y, m[2], String(/(?<y>\d+)-(\d+)/)]) }`)
	require.NoError(t, err)
	require.NotNil(t, s.direct, "this script should run without the wrapper")
	r, err := s.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"2020", "01", `/(?<y>\d+)-(\d+)/`}, r.Value)
}
