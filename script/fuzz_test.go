package script

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/dop251/goja"
)

// FuzzCompile checks that any source either compiles or yields a KindCompile
// error, never a panic.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`function (a, c, cb) { cb(null, {}) }`,
		`module.exports = async (a, c, cb) => cb()`,
		"function f(){}\nfunction g(){}",
		`(function(){ return function(){} })()`,
		`function (a,`, `/*`, `}); (function(){`, `'use strict'; var x = 1;`, ``,
		"function (a, c, cb) {\n var d = o.default\n var x = o.new // c\n}", "x.new\u2028var y",
		"o?.in // c\r\n\r\nlet z", "var d = {}.default\n var = 1", "o.default\n]",
	} {
		f.Add(s)
	}
	e := New()
	f.Fuzz(func(t *testing.T, src string) {
		_, err := e.Compile(src)
		if err != nil {
			se, ok := err.(*Error)
			if !ok || se.Kind != KindCompile {
				t.Fatalf("unexpected error %T %v", err, err)
			}
		}
	})
}

// FuzzV8JSONMessage checks V8's JSON.parse messages on arbitrary text: no
// panic; a message exactly when the text is not JSON (encoding/json agrees
// on that below its nesting limit); and a message no longer than V8's
// context window makes it, however long the text. The fuzz bytes are also
// read as UTF-16 code units, which reaches lone surrogates.
func FuzzV8JSONMessage(f *testing.F) {
	for _, s := range []string{"<html>", "", `{"a":`, "[1,]", "undefined", "héllo wörld and some more text to pass forty", "1 2",
		`{"a":1,"b" 2}`, `"\u12"`, "-0.e", "\"\xff\"", "[\x00\xd8]", `{"a":[1,{"b":"\ud83d\ude00"}]}`} {
		f.Add(s)
	}
	// The longest message: a position template with a 19-digit position.
	const maxMessage = len("Bad control character in string literal in JSON at position ") + 19
	f.Fuzz(func(t *testing.T, text string) {
		msg := v8JSONMessage(text)
		if len(text) < 10000 && (msg == "") != json.Valid([]byte(text)) {
			t.Fatalf("message %q for %q, whose validity encoding/json sees as %v", msg, text, json.Valid([]byte(text)))
		}
		if n := len(utf16.Encode([]rune(msg))); n > maxMessage {
			t.Fatalf("message of %d code units: %q", n, msg)
		}
		units := make([]uint16, len(text)/2)
		for i := range units {
			units[i] = uint16(text[2*i]) | uint16(text[2*i+1])<<8
		}
		if m := v8JSONError(units); len(m) > maxMessage {
			t.Fatalf("message of %d code units for %v", len(m), units)
		}
	})
}

// FuzzRegexpGroups checks the group reader on any pattern: no panic, and
// for a pattern it accepts, at least one named group and no name twice; and
// the name stripper: no named group left, as many groups.
func FuzzRegexpGroups(f *testing.F) {
	for _, s := range []string{`(?<y>a)(b)`, `(a)(?:b)(?<n>c)(?=d)(?<=e)(?<!f)(g)`, `\((?<in>[^)]*)\)`, `[(?<a>x)]`, `(?<a`, `(?<>x)`, `(?<a>(?<b>c))`, `(?<q>['"]).*?\k<q>`, `\k<a>(?<a>x)`, `(?<a>x)\k<b>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		names, ok := regexpGroups(pattern)
		if !ok {
			return
		}
		if names[0] != "" {
			t.Fatalf("%q: names %q", pattern, names)
		}
		seenName, named := map[string]bool{}, false
		for _, name := range names[1:] {
			if name != "" {
				if seenName[name] {
					t.Fatalf("%q: name %q twice", pattern, name)
				}
				seenName[name], named = true, true
			}
		}
		if !named {
			t.Fatalf("%q: accepted without a named group", pattern)
		}
		stripped, sNames, ok := stripGroupNames(pattern)
		if !ok {
			return
		}
		if _, left := regexpGroups(stripped); left || len(sNames) != len(names) {
			t.Fatalf("%q: stripped to %q, names %q", pattern, stripped, sNames)
		}
	})
}

// FuzzPropertyEscapes: expandPropertyEscapes never panics; what it writes
// out has no property escape left, keeps the pattern's groups, and is a
// pattern goja compiles with the u flag whenever the input is one.
func FuzzPropertyEscapes(f *testing.F) {
	for _, s := range []string{`\p{L}`, `[^\p{L}\p{N}\s-]`, `\P{Script=Greek}+`, `(?<a>\p{Lu})\p{Ll}*`, `\\p{L}`, `[\P{Any}]`, `\p{Nope}`, `\p`, `\p{L`, `a]\p{Nd}[`} {
		f.Add(s)
	}
	rt := goja.New()
	compiles := func(pattern string) bool {
		_, err := rt.New(rt.Get("RegExp"), rt.ToValue(pattern), rt.ToValue("u"))
		return err == nil
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if len(pattern) > 200 {
			return
		}
		out, changed, err := expandPropertyEscapes(pattern)
		if err != nil || !changed {
			if out != pattern && err == nil {
				t.Fatalf("%q: unchanged but given as %q", pattern, out)
			}
			return
		}
		if _, again, err := expandPropertyEscapes(out); again || err != nil {
			t.Fatalf("%q: %q still has property escapes (%v)", pattern, out, err)
		}
		if strings.Count(out, "(") != strings.Count(pattern, "(") {
			t.Fatalf("%q: groups changed in %q", pattern, out)
		}
		if compiles(pattern) && !compiles(out) {
			t.Fatalf("%q compiles, %q does not", pattern, out)
		}
	})
}
