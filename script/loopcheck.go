package script

import (
	"reflect"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
)

// Loop checks: the deadline is enforced by the script's own loops.
//
// The deadline timer (context.AfterFunc → Runtime.Interrupt) needs a free
// processor to run on. When every core runs JavaScript, it waits for Go's
// scheduler to preempt one of them (about 10 ms, often 20 ms), so a runaway
// `while (true) {}` would overrun its deadline by that much. A runaway script
// spends its time in loops, so Compile makes every loop body start with a
// call to a native check (loopCheckParam, a parameter of the wrapper, so it
// is a local lookup and not a global a script could replace for others). The
// check (checkDeadline) compares the clock with the invocation's deadline,
// looks for the caller's cancellation, and interrupts the runtime once
// either happened: the loop itself stops the script, within
// microseconds, whatever else the machine runs. The timer stays for the rest
// (waiting on a request, recursion, a long builtin).
//
// The check is added to the parsed program, not to its text, so line and
// column numbers and Function.prototype.toString are the script's own.

// loopCheckParam is the wrapper's parameter holding the loop check.
const loopCheckParam = "__socialconn_loop_check"

var astPkg = reflect.TypeOf(ast.Program{}).PkgPath()

// instrumentLoops makes the body of every loop in prog begin with a call to
// loopCheckParam and reports whether it found any loop.
func instrumentLoops(prog *ast.Program) bool {
	found := false
	walkAST(prog, func(n any) {
		if instrumentLoop(n) {
			found = true
		}
	})
	return found
}

// walkAST calls visit for every node reachable from root (pointers to the
// ast package's structs, reached through fields, interfaces and slices),
// each once, a parent before its children.
func walkAST(root any, visit func(any)) {
	seen := map[uintptr]bool{}
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() || v.Elem().Kind() != reflect.Struct || v.Elem().Type().PkgPath() != astPkg || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			visit(v.Interface())
			walk(v.Elem())
		case reflect.Struct:
			if v.Type().PkgPath() == astPkg {
				for i := range v.NumField() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(root))
}

// instrumentLoop prepends the check to n's body when n is a loop, and
// reports whether it was.
func instrumentLoop(n any) bool {
	var body *ast.Statement
	switch n := n.(type) {
	case *ast.ForStatement:
		body = &n.Body
	case *ast.ForInStatement:
		body = &n.Body
	case *ast.ForOfStatement:
		body = &n.Body
	case *ast.WhileStatement:
		body = &n.Body
	case *ast.DoWhileStatement:
		body = &n.Body
	default:
		return false
	}
	at := (*body).Idx0()
	check := &ast.ExpressionStatement{Expression: &ast.CallExpression{
		Callee:           &ast.Identifier{Name: loopCheckParam, Idx: at},
		LeftParenthesis:  at,
		RightParenthesis: at,
	}}
	if b, ok := (*body).(*ast.BlockStatement); ok {
		b.List = append([]ast.Statement{check}, b.List...)
		return true
	}
	if isDeclaration(*body) {
		// A syntax error the compiler must still see: wrapped in a
		// block it would compile.
		return false
	}
	*body = &ast.BlockStatement{LeftBrace: at, List: []ast.Statement{check, *body}, RightBrace: (*body).Idx1() - 1}
	return true
}

// isDeclaration reports whether st, under any labels, is a declaration,
// which a loop body cannot be.
func isDeclaration(st ast.Statement) bool {
	for {
		switch s := st.(type) {
		case *ast.LabelledStatement:
			st = s.Statement
		case *ast.FunctionDeclaration, *ast.ClassDeclaration, *ast.LexicalDeclaration:
			return true
		default:
			return false
		}
	}
}

// loopCheck is the native function behind loopCheckParam for inv: it
// stops the script once inv's deadline has passed (checkDeadline). It is
// undefined for a script without loops, which never calls it.
func (inv *invocation) loopCheck() goja.Value {
	if !inv.s.loops {
		return goja.Undefined()
	}
	return inv.rt.ToValue(func(goja.FunctionCall) goja.Value {
		inv.checkDeadline()
		return goja.Undefined()
	})
}
