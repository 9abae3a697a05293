package script

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// The wrappers put the user's first line on the wrapper's first line, so that
// line numbers in syntax errors and stack traces are the user's own.
const (
	wrapParams     = "(function (module, exports, require, " + loopCheckParam + ") { "
	exprPrefix     = wrapParams + "return ("
	exprSuffix     = "\n); })"
	stmtPrefix     = wrapParams
	scriptFileName = "script.js"
)

// compileSource compiles src into a Program whose completion value is a
// wrapper function taking (module, exports, require, loopCheckParam), whether
// it used the expression form, and whether src has loops (whose bodies then call loopCheckParam: see
// instrumentLoops).
//
// Expression form (tried first): the wrapper returns the value of src, so an
// anonymous function, an arrow function, `module.exports = function...` and an
// IIFE all yield the function.
//
// Statement form: the wrapper runs src as a function body, then returns an
// object listing what the body defined: {module, fetchUserProfile,
// getLogoutUrl, last}, where the two names are the functions of that name
// visible at the end of the body (declared or assigned as sloppy globals) and
// last is the last top-level function declaration.
func compileSource(src string) (*goja.Program, bool, bool, error) {
	expr := strings.TrimRight(src, " \t\r\n;")
	var exprErr error
	if expr != "" {
		p, err := parser.ParseFile(nil, scriptFileName, exprPrefix+expr+exprSuffix, 0)
		if err == nil {
			loops := instrumentLoops(p)
			prog, cerr := goja.CompileAST(p, false)
			if cerr == nil {
				return prog, true, loops, nil
			}
			err = cerr
		}
		exprErr = err
	}
	// Statement form. Parse the raw source first: its errors carry the
	// user's own line and column numbers.
	raw, err := parser.ParseFile(nil, scriptFileName, src, 0)
	if err != nil {
		// Report the attempt that got further into the text: it is the form
		// the author meant.
		se := compileError(err, 0)
		if exprErr != nil {
			if ee := compileError(exprErr, len(exprPrefix)); ee.offset > se.offset {
				if lines := strings.Count(expr, "\n") + 1; ee.offset/1_000_000 > lines {
					ee.Message = "Unexpected end of input (line " + strconv.Itoa(lines) + ")"
				}
				return nil, false, false, ee.Error
			}
		}
		return nil, false, false, se.Error
	}
	last := "undefined"
	for _, st := range raw.Body {
		if fd, ok := st.(*ast.FunctionDeclaration); ok && fd.Function != nil && fd.Function.Name != nil {
			last = string(fd.Function.Name.Name)
		}
	}
	body := stmtPrefix + src + "\n;return {module: module, " +
		"fetchUserProfile: typeof fetchUserProfile === 'function' ? fetchUserProfile : undefined, " +
		"getLogoutUrl: typeof getLogoutUrl === 'function' ? getLogoutUrl : undefined, " +
		"last: " + last + "}; })"
	p, err := parser.ParseFile(nil, scriptFileName, body, 0)
	if err != nil {
		return nil, false, false, compileError(err, len(stmtPrefix)).Error
	}
	loops := instrumentLoops(p)
	prog, err := goja.CompileAST(p, false)
	if err != nil {
		return nil, false, false, compileError(err, len(stmtPrefix)).Error
	}
	return prog, false, loops, nil
}

type positioned struct {
	*Error
	offset int // how far into the text the parser got (line*1e6+column)
}

// compileError turns a parser or compiler error into a KindCompile *Error
// whose message reads like "Unexpected token ( (line 3, column 5)". shift is
// the wrapper prefix length on the first line, subtracted from first-line
// columns.
func compileError(err error, shift int) positioned {
	mk := func(msg string, line, col int) positioned {
		if line == 1 {
			col -= shift
			if col < 1 {
				col = 1
			}
		}
		if line > 0 {
			msg += " (line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ")"
		}
		return positioned{&Error{Kind: KindCompile, Name: "SyntaxError", Message: msg}, line*1_000_000 + col}
	}
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return mk(list[0].Message, list[0].Position.Line, list[0].Position.Column)
	}
	var pe *parser.Error
	if errors.As(err, &pe) {
		return mk(pe.Message, pe.Position.Line, pe.Position.Column)
	}
	var ce *goja.CompilerSyntaxError
	if errors.As(err, &ce) {
		if ce.File != nil {
			p := ce.File.Position(ce.Offset)
			return mk(ce.Message, p.Line, p.Column)
		}
		return mk(ce.Message, 0, 0)
	}
	return mk(err.Error(), 0, 0)
}
