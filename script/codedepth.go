package script

import (
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
)

// goja's parser and compiler recurse once per level of nesting in the
// code they read, a few kilobytes of Go stack each: code nested a few
// hundred thousand brackets deep exhausts the Go stack, a fatal error that
// ends the process. V8 refuses such code with "RangeError: Maximum call
// stack size exceeded" (at 10,000 nested parentheses). The sandbox refuses
// code whose brackets nest past maxNesting the same way: a script at
// Compile, and the code a script hands eval(...) or Function(...) by those
// names (codeHook). Other forms of nesting (a!!!…x, a = b = c = …) cost
// less stack per level and need more source per level than the 256 KiB a
// script or built code may have (maxSourceBytes). goja's JSON.parse is
// held to the same depth by the same scanner: JSON's strings are
// JavaScript's, and what the scanner reads otherwise than JSON would
// ('…', comments, templates, regular expressions) stops the JSON parser
// before it.

// codeNestsPast reports whether JavaScript source src nests brackets
// ((, [, { and template substitutions) more than limit deep. It reads
// strings, comments, template text and regular-expression literals as
// such, so that brackets in them do not count; where a "/" could start
// either a regular expression or a division it takes the reading that
// skips fewer characters, so that it never counts less nesting than the
// parser sees.
func codeNestsPast(src string, limit int) bool {
	depth := 0
	// templates holds, for each open template substitution, the depth at
	// which it opened: its "}" returns to the template's text.
	var templates []int
	// slashIsRegexp says whether a "/" here would start a regular
	// expression: after an operator, punctuator or keyword, not after an
	// operand.
	slashIsRegexp := true
	open := func() bool {
		depth++
		return depth > limit
	}
	var i int
	// text reads template text from src[from] up to a substitution ("${",
	// which nests) or the closing backtick; it reports whether the nesting
	// went past limit.
	text := func(from int) bool {
		var sub bool
		if i, sub = skipTemplateText(src, from); !sub {
			slashIsRegexp = false
			return false
		}
		templates = append(templates, depth)
		slashIsRegexp = true
		return open()
	}
	for i = 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '"' || c == '\'':
			i = skipQuoted(src, i, c)
			slashIsRegexp = false
			continue
		case c == '`':
			if text(i + 1) {
				return true
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += 2 + end + 1
			continue
		case c == '/' && slashIsRegexp:
			i = skipRegexp(src, i)
			slashIsRegexp = false
			continue
		case c == '(' || c == '[' || c == '{':
			if open() {
				return true
			}
			slashIsRegexp = true
			continue
		case c == '}' && len(templates) > 0 && templates[len(templates)-1] == depth-1:
			// The end of a template substitution: back to its text.
			templates = templates[:len(templates)-1]
			depth--
			if text(i + 1) {
				return true
			}
			continue
		case c == ')' || c == ']' || c == '}':
			depth = max(depth-1, 0)
			// ) and ] end operands; } may end a block or an object
			// literal: read a following "/" as a division, the reading
			// that skips nothing.
			slashIsRegexp = false
			continue
		case isIdentChar(c) || c >= 0x80:
			start := i
			for i+1 < len(src) && (isIdentChar(src[i+1]) || src[i+1] >= 0x80) {
				i++
			}
			slashIsRegexp = regexpAfterWord[src[start:i+1]]
			continue
		}
		slashIsRegexp = true // an operator or other punctuator
	}
	return false
}

// regexpAfterWord are the keywords after which a "/" starts a regular
// expression; after any other word (a name, a number, this) it divides.
var regexpAfterWord = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true, "delete": true,
	"void": true, "throw": true, "case": true, "do": true, "else": true, "yield": true, "await": true,
}

// skipQuoted returns the index of the quote closing the string literal
// opened at src[i] (or the end of src).
func skipQuoted(src string, i int, quote byte) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case quote, '\n':
			return i
		}
	}
	return len(src)
}

// skipTemplateText reads template text from src[i] and returns the index
// of its closing backtick, or of the "{" of a substitution ("${") and true.
func skipTemplateText(src string, i int) (int, bool) {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '`':
			return i, false
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				return i + 1, true
			}
		}
	}
	return len(src), false
}

// skipRegexp returns the index of the "/" closing the regular-expression
// literal opened at src[i] (classes read as such), or of the line's end.
func skipRegexp(src string, i int) int {
	inClass := false
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				return i
			}
		case '\n':
			return i
		}
	}
	return len(src)
}

// codeHook is the global Compile has eval(x) and Function(...) calls pass
// their code through (instrumentCodeCalls): invocation.checkCode.
const codeHook = "__socialconn_code"

// instrumentCodeCalls wraps each argument of prog's calls of eval and of
// Function (called or constructed) in a call of codeHook. eval stays a
// direct eval: its callee is still the name eval.
func instrumentCodeCalls(prog *ast.Program) {
	wrap := func(args []ast.Expression) {
		for i, a := range args {
			if _, spread := a.(*ast.SpreadElement); spread {
				continue
			}
			at := a.Idx0()
			args[i] = &ast.CallExpression{
				Callee:           &ast.Identifier{Name: codeHook, Idx: at},
				LeftParenthesis:  at,
				ArgumentList:     []ast.Expression{a},
				RightParenthesis: at,
			}
		}
	}
	named := func(e ast.Expression, names ...string) bool {
		id, ok := e.(*ast.Identifier)
		if !ok {
			return false
		}
		for _, n := range names {
			if string(id.Name) == n {
				return true
			}
		}
		return false
	}
	walkAST(prog, func(n any) {
		switch n := n.(type) {
		case *ast.CallExpression:
			if named(n.Callee, "eval", "Function") {
				wrap(n.ArgumentList)
			}
		case *ast.NewExpression:
			if named(n.Callee, "Function") {
				wrap(n.ArgumentList)
			}
		}
	})
}

// checkCode is codeHook's function: a string nested past maxNesting is
// V8's RangeError, one longer than maxSourceBytes a RangeError of ours;
// anything else is returned as it is.
func (inv *invocation) checkCode() goja.Value {
	rt := inv.rt
	return rt.ToValue(func(call goja.FunctionCall) goja.Value {
		v := call.Argument(0)
		if s, ok := v.(goja.String); ok {
			if codeNestsPast(s.String(), maxNesting) {
				panic(stackOverflow(rt))
			}
			if s.Length() > maxSourceBytes {
				panic(jsRangeError(rt, "", "code built at run time is larger than 256 KiB"))
			}
		}
		return v
	})
}
