package script

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/unistring"
)

// What a script catches reads as on Node.
//
// goja words its own TypeErrors its way ("Cannot read property 'x' of
// undefined", "Object has no member 'f'"); the sandbox maps them to V8's
// words where an error leaves the script (describeError). A script that
// reads the message itself, as in
//
//	catch (e) { cb(new Error('Profile request failed: ' + e.message)) }
//
// would still pass goja's words on. So Compile has every place a script
// receives an error call caughtHook with it first: catch clauses with a
// parameter, and function literals handed to .catch(fn) or as the second
// argument of .then(ok, fn). The hook (invocation.caught) rewrites the
// message and the stack's first line of an Error goja threw, and leaves
// anything else alone. Like the loop checks, the call is added to the
// parsed program, so positions and Function.prototype.toString are the
// script's own; it costs nothing until something is caught.

// instrumentCatches adds the hook's call to prog's catch clauses and
// rejection handlers.
func instrumentCatches(prog *ast.Program) {
	walkAST(prog, func(n any) {
		switch n := n.(type) {
		case *ast.CatchStatement:
			if id, ok := n.Parameter.(*ast.Identifier); ok && n.Body != nil {
				n.Body.List = append([]ast.Statement{caughtCall(id.Name, n.Body.LeftBrace)}, n.Body.List...)
			}
		case *ast.CallExpression:
			if fn := rejectionHandler(n); fn != nil {
				instrumentHandler(fn)
			}
		}
	})
}

// rejectionHandler is the function literal call hands a promise as its
// rejection handler (x.catch(fn), x.then(ok, fn)), or nil.
func rejectionHandler(call *ast.CallExpression) ast.Expression {
	dot, ok := call.Callee.(*ast.DotExpression)
	if !ok {
		return nil
	}
	i := -1
	switch dot.Identifier.Name {
	case "catch":
		i = 0
	case "then":
		i = 1
	}
	if i < 0 || i >= len(call.ArgumentList) {
		return nil
	}
	switch fn := call.ArgumentList[i].(type) {
	case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
		return fn
	}
	return nil
}

// instrumentHandler adds the hook's call to fn's body when its first
// parameter is a plain name.
func instrumentHandler(fn ast.Expression) {
	name, ok := handlerParam(fn)
	if !ok {
		return
	}
	switch f := fn.(type) {
	case *ast.FunctionLiteral:
		if f.Body != nil {
			f.Body.List = append([]ast.Statement{caughtCall(name, f.Body.LeftBrace)}, f.Body.List...)
		}
	case *ast.ArrowFunctionLiteral:
		switch body := f.Body.(type) {
		case *ast.BlockStatement:
			body.List = append([]ast.Statement{caughtCall(name, body.LeftBrace)}, body.List...)
		case *ast.ExpressionBody:
			at := body.Expression.Idx0()
			f.Body = &ast.BlockStatement{LeftBrace: at, RightBrace: body.Expression.Idx1(), List: []ast.Statement{
				caughtCall(name, at),
				&ast.ReturnStatement{Return: at, Argument: body.Expression},
			}}
		}
	}
}

// handlerParam is the name of fn's first parameter (fn a function or
// arrow literal) when it is a plain name without a default.
func handlerParam(fn ast.Expression) (unistring.String, bool) {
	var params *ast.ParameterList
	switch f := fn.(type) {
	case *ast.FunctionLiteral:
		params = f.ParameterList
	case *ast.ArrowFunctionLiteral:
		params = f.ParameterList
	}
	if params == nil || len(params.List) == 0 || params.List[0].Initializer != nil {
		return "", false
	}
	id, ok := params.List[0].Target.(*ast.Identifier)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// caughtCall is the statement caughtHook(name), placed at.
func caughtCall(name unistring.String, at file.Idx) ast.Statement {
	return &ast.ExpressionStatement{Expression: &ast.CallExpression{
		Callee:           &ast.Identifier{Name: caughtHook, Idx: at},
		LeftParenthesis:  at,
		ArgumentList:     []ast.Expression{&ast.Identifier{Name: name, Idx: at}},
		RightParenthesis: at,
	}}
}
