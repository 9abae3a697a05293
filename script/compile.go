package script

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
)

// noSourceMaps are the parser options for every text a script supplies
// (its source, eval, new Function): goja's parser otherwise follows a
// trailing "//# sourceMappingURL=" comment and reads the file it names,
// relative to the working directory or absolute, at parse time.
var noSourceMaps = []parser.Option{parser.WithDisableSourceMaps}

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
	// exprText is the expression as compiled (expression form only), with
	// any semicolons parseASI inserted: what compileDirect compiles.
	exprText string
	// namedPatterns are the regular-expression literals whose group names
	// fixRegExpLiterals removed (see installNamedGroups).
	namedPatterns map[string]namedPattern
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
	expr := strings.TrimRight(src, " \t\r\n;")
	var exprErr error
	if expr != "" {
		p, text, err := parseASI(exprPrefix, expr, exprSuffix)
		if err == nil {
			c, cerr := compileAST(p, true)
			if cerr == nil {
				c.exprText = text
				return c, nil
			}
			err = cerr
		}
		exprErr = err
	}
	// Statement form. Parse the raw source first: its errors carry the
	// user's own line and column numbers.
	raw, src, err := parseASI("", src, "")
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
	p, err := parser.ParseFile(nil, scriptFileName, body, 0, noSourceMaps...)
	if err != nil {
		return compiled{}, compileError(err, len(stmtPrefix)).Error
	}
	c, err := compileAST(p, false)
	if err != nil {
		return compiled{}, compileError(err, len(stmtPrefix)).Error
	}
	return c, nil
}

// maxASIFixes bounds the semicolons parseASI inserts into one source.
const maxASIFixes = 64

// parseASI parses prefix+text+suffix, inserting the semicolons JavaScript's
// automatic semicolon insertion would and goja's parser does not: after a
// member named by a reserved word at the end of a line (`x = res.default`,
// a line break, `var y = 1`), goja's parser reads on into the next line and
// fails at its first token. Where a parse fails at the first token of a line
// and the text before it ends in such a member (only blanks and a line
// comment after it), parseASI inserts ";" right after the member's name,
// which moves no line or column the script can observe, and parses again. It
// returns the program and the text it parsed, or the last attempt's error
// (the first one that is not goja's missing semicolon).
func parseASI(prefix, text, suffix string) (*ast.Program, string, error) {
	p, err := parser.ParseFile(nil, scriptFileName, prefix+text+suffix, 0, noSourceMaps...)
	if err == nil {
		return p, text, nil
	}
	fixed, full := text, prefix+text+suffix
	for range maxASIFixes {
		at, ok := keywordMemberEnd(fixed, errorOffset(err, full)-len(prefix))
		if !ok {
			break
		}
		fixed = fixed[:at] + ";" + fixed[at:]
		full = prefix + fixed + suffix
		if p, err = parser.ParseFile(nil, scriptFileName, full, 0, noSourceMaps...); err == nil {
			return p, fixed, nil
		}
	}
	return nil, text, err
}

// errorOffset is the byte offset in src of a parse error's position, or -1.
// Lines end as goja's file package ends them (\n, \r\n, \r, U+2028, U+2029);
// columns count bytes from 1.
func errorOffset(err error, src string) int {
	var list parser.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return -1
	}
	line, col := list[0].Position.Line, list[0].Position.Column
	start := 0
	for ; line > 1; line-- {
		i := nextLineStart(src[start:])
		if i < 0 {
			return -1
		}
		start += i
	}
	if col < 1 || start+col-1 > len(src) {
		return -1
	}
	return start + col - 1
}

// nextLineStart is the offset in s just past its first line terminator, or
// -1.
func nextLineStart(s string) int {
	for i, r := range s {
		switch r {
		case '\r':
			if strings.HasPrefix(s[i+1:], "\n") {
				return i + 2
			}
			return i + 1
		case '\n':
			return i + 1
		case '\u2028', '\u2029':
			return i + 3
		}
	}
	return -1
}

// keywordMemberEnd reports where to insert the semicolon ASI implies before
// the token at off in text: off starts a line, the last line before it that
// is not blank ends in "." or "?." and a reserved word (then, optionally,
// blanks and comments), and the offset returned is just past that word.
func keywordMemberEnd(text string, off int) (int, bool) {
	if off <= 0 || off > len(text) {
		return 0, false
	}
	// Back over the blank lines and the line break before the token.
	i := off
	broke := false
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			broke = true
		} else if !unicode.IsSpace(r) && r != '\ufeff' {
			break
		}
		i -= n
	}
	if !broke {
		return 0, false
	}
	line := text[strings.LastIndexAny(text[:i], "\n\r\u2028\u2029")+1 : i]
	m := keywordMemberRe.FindStringSubmatchIndex(line)
	if m == nil {
		return 0, false
	}
	return i - len(line) + m[3], true
}

// keywordMemberRe matches a line ending in a member named by a reserved word
// (and what goja's parser also reads as one), then blanks, comments closed on
// the same line and an optional line comment. Group 1 is the word.
var keywordMemberRe = regexp.MustCompile(`(?:^|[^.])\??\.(` + strings.Join([]string{
	"await", "break", "case", "catch", "class", "const", "continue", "debugger",
	"default", "delete", "do", "else", "enum", "export", "extends", "false",
	"finally", "for", "function", "if", "implements", "import", "in",
	"instanceof", "interface", "let", "new", "null", "package", "private",
	"protected", "public", "return", "static", "super", "switch", "this",
	"throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
}, "|") + `)(?:[ \t\v\f\x{a0}\x{feff}]|/\*(?:[^*]|\*+[^*/])*\*+/)*(?://.*)?$`)

// compileAST instruments p's loops, looks for assignments to lazy globals
// and compiles it; expr says which form p is.
func compileAST(p *ast.Program, expr bool) (compiled, error) {
	c := compiled{expr: expr, loops: instrumentLoops(p), writesGlobal: writesLazyGlobal(p)}
	var err error
	if c.namedPatterns, err = fixRegExpLiterals(p); err != nil {
		return compiled{}, err
	}
	instrumentCatches(p)
	instrumentCodeCalls(p)
	prog, err := goja.CompileAST(p, false)
	if err != nil {
		return compiled{}, err
	}
	c.prog = prog
	return c, nil
}

// compileDirect compiles expr, already compiled in the expression form
// (compiled.exprText), as a program of its own whose completion value is
// expr's value: what the wrapper returns when called without its
// parameters, without making and calling the wrapper. Only a source without
// loops (whose checks call a wrapper parameter) qualifies. It returns nil
// when that fails (the wrapper is then used).
func compileDirect(expr string) *goja.Program {
	tree, err := parser.ParseFile(nil, scriptFileName, "("+expr+"\n)", 0, noSourceMaps...)
	if err != nil {
		return nil
	}
	if _, err := fixRegExpLiterals(tree); err != nil {
		return nil
	}
	instrumentCatches(tree)
	instrumentCodeCalls(tree)
	p, err := goja.CompileAST(tree, false)
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

// fixRegExpLiterals rewrites the regular-expression literals in prog that
// goja would get wrong, and returns the patterns whose group names it
// removed, by the pattern it left.
//
// A "-" next to a class escape (\d \D \s \S \w \W) in a character class, as
// in /[\s-_]/ or /[\s-()]/, is a literal hyphen in JavaScript (Annex B), but
// goja hands the class to RE2 as written, which refuses it as a range, and
// the whole script fails to compile. Such a "-" becomes "\-", which means
// the same. Patterns with the u or v flag, where JavaScript rejects these
// classes too, are left alone; the literal's source shows the escaped
// pattern.
//
// Property escapes ("\p{L}") in a u-flag literal are written out as the
// classes they stand for (expandPropertyEscapes).
//
// Named groups: goja's engine numbers them after the unnamed groups and
// then drops a capture that ends before one it kept, so that in
// /(?<y>\d+)-(\d+)/ the year is lost. The names are removed ("(?<y>" becomes
// "(", "\k<y>" "(?:\1)") and handed, with the original text, to
// installNamedGroups, which restores groups and source at run time.
func fixRegExpLiterals(prog *ast.Program) (map[string]namedPattern, error) {
	var named map[string]namedPattern
	var firstErr error
	walkAST(prog, func(n any) {
		re, ok := n.(*ast.RegExpLiteral)
		if !ok || firstErr != nil {
			return
		}
		source := re.Pattern
		switch {
		case !strings.ContainsAny(re.Flags, "uv"):
			re.Pattern = classHyphensEscaped(re.Pattern)
		case strings.Contains(re.Flags, "u"):
			expanded, _, err := expandPropertyEscapes(re.Pattern)
			if err != nil {
				firstErr = &parser.Error{Position: prog.File.Position(int(re.Idx) - prog.File.Base()), Message: invalidRegExp(re.Literal, err)}
				return
			}
			re.Pattern = expanded
		}
		stripped, names, ok := stripGroupNames(re.Pattern)
		if !ok {
			return
		}
		if prev, seen := named[stripped]; seen && (prev.source != source || !slices.Equal(prev.names, names)) {
			return // another pattern strips to the same text: leave this one named
		}
		if named == nil {
			named = map[string]namedPattern{}
		}
		named[stripped] = namedPattern{names: names, source: source}
		re.Pattern = stripped
	})
	return named, firstErr
}

// classHyphensEscaped is pattern with every "-" in a character class that
// follows or precedes a class escape written "\-"; pattern itself when there
// is none.
func classHyphensEscaped(pattern string) string {
	isClassEscape := func(i int) bool {
		return i+1 < len(pattern) && pattern[i] == '\\' && strings.IndexByte("dDsSwW", pattern[i+1]) >= 0
	}
	var b strings.Builder
	done := 0 // pattern[:done] is in b
	inClass, leftIsClass := false, false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\':
			leftIsClass = inClass && isClassEscape(i)
			i++ // the escaped character
		case !inClass:
			if c == '[' {
				inClass, leftIsClass = true, false
				if i+1 < len(pattern) && pattern[i+1] == '^' {
					i++
				}
			}
		case c == ']':
			inClass = false
		case c == '-' && i+1 < len(pattern) && pattern[i+1] != ']' && (leftIsClass || isClassEscape(i+1)):
			b.WriteString(pattern[done:i])
			b.WriteString(`\-`)
			done = i + 1
			leftIsClass = false
		default:
			leftIsClass = false
		}
	}
	if done == 0 {
		return pattern
	}
	b.WriteString(pattern[done:])
	return b.String()
}
