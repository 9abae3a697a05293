package script

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
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

// compiled is what compileSource makes of a source.
type compiled struct {
	// prog's completion value is the wrapper function taking (module,
	// exports, require, loopCheckParam).
	prog *goja.Program
	// expr reports that the expression form was used.
	expr bool
	// loops reports that the source has loops, whose bodies then call
	// loopCheckParam (see instrumentLoops).
	loops bool
	// writesGlobal reports that the source may assign to one of the
	// sandbox's lazy globals (see writesLazyGlobal).
	writesGlobal bool
}

// compileSource compiles src.
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
func compileSource(src string) (compiled, error) {
	expr := exprText(src)
	var exprErr error
	if expr != "" {
		p, err := parser.ParseFile(nil, scriptFileName, exprPrefix+expr+exprSuffix, 0)
		if err == nil {
			c, cerr := compileAST(p, true)
			if cerr == nil {
				return c, nil
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
				return compiled{}, ee.Error
			}
		}
		return compiled{}, se.Error
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
		return compiled{}, compileError(err, len(stmtPrefix)).Error
	}
	c, err := compileAST(p, false)
	if err != nil {
		return compiled{}, compileError(err, len(stmtPrefix)).Error
	}
	return c, nil
}

// compileAST instruments p's loops, looks for assignments to lazy globals
// and compiles it; expr says which form p is.
func compileAST(p *ast.Program, expr bool) (compiled, error) {
	c := compiled{expr: expr, loops: instrumentLoops(p), writesGlobal: writesLazyGlobal(p)}
	prog, err := goja.CompileAST(p, false)
	if err != nil {
		return compiled{}, err
	}
	c.prog = prog
	return c, nil
}

// exprText is src as the expression form reads it.
func exprText(src string) string {
	return strings.TrimRight(src, " \t\r\n;")
}

// compileDirect compiles src, already compiled in the expression form, as a
// program of its own whose completion value is src's value: what the
// wrapper returns when called without its parameters, without making and
// calling the wrapper. Only a source without loops (whose checks call a
// wrapper parameter) qualifies. It returns nil when that fails (the wrapper
// is then used).
func compileDirect(src string) *goja.Program {
	p, err := goja.Compile(scriptFileName, "("+exprText(src)+"\n)", false)
	if err != nil {
		return nil
	}
	return p
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

// writesLazyGlobal reports whether prog may assign to a lazy global (see
// isLazyGlobal): with a plain, compound or destructuring assignment, ++ or
// --, or as a for-in/of target. The name may be a local variable: that is
// not looked at.
func writesLazyGlobal(prog *ast.Program) bool {
	found := false
	walkAST(prog, func(n any) {
		switch n := n.(type) {
		case *ast.AssignExpression:
			found = found || assignsLazyGlobal(n.Left)
		case *ast.UnaryExpression:
			if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT {
				found = found || assignsLazyGlobal(n.Operand)
			}
		case *ast.ForIntoExpression:
			found = found || assignsLazyGlobal(n.Expression)
		}
	})
	return found
}

// assignsLazyGlobal reports whether assigning to target may assign to a
// lazy global: target is one, or is a destructuring pattern naming one
// anywhere (conservatively: a default value or computed key counts too).
// Assigning to a property only reads the object.
func assignsLazyGlobal(target ast.Expression) bool {
	switch t := target.(type) {
	case *ast.Identifier:
		return isLazyGlobal(string(t.Name))
	case *ast.DotExpression, *ast.PrivateDotExpression, *ast.BracketExpression:
		return false
	}
	found := false
	walkAST(target, func(n any) {
		switch n := n.(type) {
		case *ast.Identifier:
			found = found || isLazyGlobal(string(n.Name))
		case *ast.PropertyShort:
			found = found || isLazyGlobal(string(n.Name.Name))
		}
	})
	return found
}
