package script

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCodeNestsPast: brackets, braces and template substitutions count;
// those in strings, comments, template text and regular expressions do
// not, and a closer there cannot hide an opener outside.
func TestCodeNestsPast(t *testing.T) {
	for src, depth := range map[string]int{
		"((((1))))":                       4,
		"f([{a: [1]}])":                   4,
		"'((((' + \"[[[[\" + 1":           0,
		"// ((((\n/* [[[[ */ x":           0,
		"x = /\\(\\(\\(/.test(y)":         1,
		"x = /[/(]((((/g":                 0,
		"return /((((/":                   0,
		"`((((${`${1}`}`":                 2,
		"`a${b}c${(d)}`":                  2,
		"a / ((((1)))) / 2":               4,
		"(a) / (((1))) / 2":               3,
		"((( ')))' (((1)))))":             6,
		"((( /* ))) */ (((1)))))":         6,
		"x = {} / ((((1)))) / 2":          4,
		"if (x) /a/.test(y); ((1))":       2,
		"'unterminated\n((((1))))":        4,
		"a = `${'}'}` + ((1))":            2,
		"s = `${ {a: `${(1)}`} }`":        4,
		"x = y\n/((((1))))/.source":       4, // after a name, "/" divides
		"x = 1 /* unterminated ((((1))))": 0,
	} {
		assert.False(t, codeNestsPast(src, depth), "%q within %d", src, depth)
		if depth > 0 {
			assert.True(t, codeNestsPast(src, depth-1), "%q past %d", src, depth-1)
		}
	}
}

// TestDeepCodeIsRefused: code nested past maxNesting is refused before
// goja's recursive parser reads it (a few hundred thousand levels ended the
// process): a script at Compile, and code handed to eval or Function with
// V8's RangeError; eval stays direct and Function works as before.
func TestDeepCodeIsRefused(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("(", n) + "1" + strings.Repeat(")", n) }
	_, err := New().Compile("function (a, c, cb) { cb(null, " + deep(2*maxNesting) + ") }")
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCompile, se.Kind)
	assert.Equal(t, "RangeError: Maximum call stack size exceeded", se.Name+": "+se.Message)
	_, err = New().Compile("function (a, c, cb) { cb(null, " + deep(maxNesting/2) + ") }")
	require.NoError(t, err)

	stack := []any{"RangeError", "Maximum call stack size exceeded"}
	n := fmt.Sprint(2 * maxNesting)
	for expr, want := range map[string]any{
		"eval('('.repeat(" + n + ") + '1' + ')'.repeat(" + n + "))":                  stack,
		"eval('['.repeat(" + n + ") + ']'.repeat(" + n + "))":                        stack,
		"new Function('return ' + '['.repeat(" + n + ") + ']'.repeat(" + n + "))()":  stack,
		"Function('x', 'return ' + '{a:'.repeat(" + n + ") + '}'.repeat(" + n + "))": stack,
		"eval('`${'.repeat(" + n + ") + '1' + '}`'.repeat(" + n + "))":               stack,
		"eval('1;' + ' '.repeat(300 * 1024))":                                        []any{"RangeError", "code built at run time is larger than 256 KiB"},
		"eval('(' .repeat(5000) + 'local + 1' + ')'.repeat(5000))":                   6.0,
		"eval('local * 2')":                                    10.0,
		"Function('a', 'b', 'return a + b')(1, 2)":             3.0,
		"new Function('return typeof local')()":                "undefined",
		"eval(local)":                                          5.0,
		"(function () { var e = eval; return e('1 + 1'); })()": 2.0,
	} {
		r, err := run(t, New(), `var local = 5;
try { cb(null, {v: `+expr+`}); } catch (e) { cb(null, {v: [e.name, e.message]}); }`)
		require.NoError(t, err, expr)
		assert.Equal(t, map[string]any{"v": want}, r.Value, expr)
	}
}

// FuzzCodeNestsPast: the scanner never panics, and a text nested past a
// depth is nested past every smaller one.
func FuzzCodeNestsPast(f *testing.F) {
	for _, s := range []string{"((1))", "`${`${(1)}`}`", "x = /[(]/.y ((1))", "'(' + \"[\" // (\n/* { */ ({})", "a / (b) / c"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, src string, limit int) {
		limit = limit & 63
		if codeNestsPast(src, limit) && limit > 0 {
			assert.True(t, codeNestsPast(src, limit-1))
		}
	})
}
