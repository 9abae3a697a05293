package script

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
)

// V8 names the expression a failed call was made on ("o.a.missing is not a
// function", "cb is not a function", "X is not a constructor"); goja names
// the value or the last property ("Not a function: [object Object]",
// "Object has no member 'missing'", "Value is not an object: undefined").
// Such a TypeError's first stack frame is the call's "(" (the "new" of a
// new expression) in the script, so the call site gives V8's wording back.

// callSite is a call or new expression of the script, its callee rendered
// the way V8 renders it in these messages.
type callSite struct {
	callee string
	isNew  bool
}

// siteKey is a position in the user's text: line and column (bytes from 1).
type siteKey struct{ line, col int }

// callSiteMessage is V8's message for err, a TypeError named name with
// message msg, when goja threw it at one of the script's call sites (see
// Script.callSiteMessage).
func (inv *invocation) callSiteMessage(name, msg string, err *goja.Object) string {
	if name != "TypeError" || inv.s == nil || !callSiteMessages.MatchString(msg) {
		return ""
	}
	return inv.s.callSiteMessage(msg, safeString(err.Get("stack")))
}

// callSiteMessages are goja's messages for calling what cannot be called.
var callSiteMessages = regexp.MustCompile(`^(?:Not a function: .*|Object has no member '.*'|Value is not an object: .*|Value is not a constructor)$`)

// firstFrameRe reads the first stack frame when it is in the script.
var firstFrameRe = regexp.MustCompile(`^[^\n]*\n\s*at (?:[^\n(]* \()?` + regexp.QuoteMeta(scriptFileName) + `:(\d+):(\d+)`)

// errorConstructors are callees whose call makes an Error: a message built by
// the script (new TypeError(e.message)) is left as it is.
var errorConstructors = map[string]bool{"Error": true, "TypeError": true, "RangeError": true, "SyntaxError": true, "ReferenceError": true, "EvalError": true, "URIError": true}

// callSiteMessage is V8's message for msg, one of callSiteMessages, thrown
// by goja at a call site of s (stack is the error's stack property); msg
// itself for one the script made with an Error constructor; "" when the
// site is not one V8's wording is known for.
func (s *Script) callSiteMessage(msg, stack string) string {
	site, ok := s.siteAt(stack)
	switch {
	case !ok:
		return ""
	case errorConstructors[site.callee]:
		return msg // the script's own words
	}
	if site.isNew {
		if strings.HasPrefix(msg, "Value is not") {
			return site.callee + " is not a constructor"
		}
		return ""
	}
	if msg == "Value is not a constructor" {
		return ""
	}
	return site.callee + " is not a function"
}

// madeByScript reports whether the error whose stack is stack was made by
// the script calling an Error constructor: its words are its own.
func (s *Script) madeByScript(stack string) bool {
	site, ok := s.siteAt(stack)
	return ok && errorConstructors[site.callee]
}

// siteAt is the call site of s where the first frame of stack is, if it
// is one.
func (s *Script) siteAt(stack string) (callSite, bool) {
	m := firstFrameRe.FindStringSubmatch(stack)
	if m == nil {
		return callSite{}, false // thrown inside a built-in
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	s.sitesOnce.Do(func() { s.sites = collectCallSites(s.src, s.expr) })
	site, ok := s.sites[siteKey{line, col}]
	if !ok && line == 1 {
		// The first line follows the wrapper's prefix, whichever ran.
		for _, shift := range []int{len(exprPrefix), len(stmtPrefix), 1} {
			if site, ok = s.sites[siteKey{line, col - shift}]; ok {
				break
			}
		}
	}
	return site, ok
}

// collectCallSites parses src as Compile did (expression form when expr) and
// returns its call sites by the position of their "(" or "new" in src.
func collectCallSites(src string, expr bool) map[siteKey]callSite {
	prefix, suffix, text := "", "", src
	if expr {
		prefix, suffix, text = "(", "\n)", strings.TrimRight(src, " \t\r\n;")
	}
	p, _, err := parseASI(prefix, text, suffix)
	if err != nil {
		return nil
	}
	sites := map[siteKey]callSite{}
	add := func(idx int, callee ast.Expression, isNew bool) {
		name, ok := v8Callee(callee)
		if !ok || idx < 1 {
			return
		}
		pos := p.File.Position(idx - 1) // file.Idx counts from 1
		col := pos.Column
		if pos.Line == 1 {
			col -= len(prefix)
		}
		sites[siteKey{pos.Line, col}] = callSite{callee: name, isNew: isNew}
	}
	walkAST(p, func(n any) {
		switch n := n.(type) {
		case *ast.CallExpression:
			add(int(n.LeftParenthesis), n.Callee, false)
		case *ast.NewExpression:
			add(int(n.New), n.Callee, true)
		}
	})
	return sites
}

// v8Callee renders a callee as V8's messages do, for identifiers, this and
// member chains (with calls and optional links in them).
func v8Callee(e ast.Expression) (string, bool) {
	switch e := e.(type) {
	case *ast.Identifier:
		return string(e.Name), true
	case *ast.ThisExpression:
		return "this", true
	case *ast.Optional:
		s, ok := v8Callee(e.Expression)
		return s + "?", ok
	case *ast.OptionalChain:
		return v8Callee(e.Expression)
	case *ast.CallExpression:
		s, ok := v8Callee(e.Callee)
		return s + "(...)", ok
	case *ast.DotExpression:
		s, ok := v8Callee(e.Left)
		return s + "." + string(e.Identifier.Name), ok
	case *ast.BracketExpression:
		s, ok := v8Callee(e.Left)
		switch k := e.Member.(type) {
		case *ast.StringLiteral:
			return s + "." + string(k.Value), ok
		case *ast.NumberLiteral:
			return s + "[" + k.Literal + "]", ok
		case *ast.Identifier:
			return s + "[" + string(k.Name) + "]", ok
		}
	}
	return "", false
}
