package script

import (
	_ "embed"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// namedGroupsSource patches RegExp.prototype's exec, [Symbol.replace] and
// source in one runtime so that patterns with named capture groups behave as
// in Node: goja's engine (regexp2) matches them, but numbers the named
// groups after the unnamed ones, loses some of their captures, and gives the
// match no groups object.
//
//go:embed namedgroups.js
var namedGroupsSource string

var namedGroupsProgram = builtin("namedgroups.js", namedGroupsSource)

// namedGroupsRe tells whether a script's text may make a pattern with a
// named group, literally or through new RegExp: only those runtimes get the
// patch, which takes goja's regular expressions off their fast path.
var namedGroupsRe = regexp.MustCompile(`\(\?<[^=!]`)

// maxNamedGroupPatterns bounds one invocation's cache of analysed patterns
// (namedGroupsSource bounds its twins likewise).
const maxNamedGroupPatterns = 256

// namedPattern is a regular-expression literal whose group names Compile
// removed (see fixRegExpLiterals).
type namedPattern struct {
	names  []string // group j's name at j ("" when unnamed; names[0] is "")
	source string   // the pattern as written
}

// installNamedGroups applies namedGroupsSource to the invocation's runtime.
// literals are the script's literals whose names Compile removed, by the
// pattern left, whose source shows the original. Any other pattern with
// named groups (new RegExp) is matched through a twin without its names.
func (inv *invocation) installNamedGroups(literals map[string]namedPattern) {
	rt := inv.rt
	cache := map[string]goja.Value{}
	info := func(call goja.FunctionCall) goja.Value {
		src := call.Argument(0).String()
		if v, ok := cache[src]; ok {
			return v
		}
		res := goja.Null()
		if lit, ok := literals[src]; ok {
			o := rt.NewObject()
			_ = o.Set("names", rt.ToValue(lit.names))
			_ = o.Set("source", lit.source)
			res = o
		} else if stripped, names, ok := stripGroupNames(src); ok {
			o := rt.NewObject()
			_ = o.Set("names", rt.ToValue(names))
			_ = o.Set("stripped", stripped)
			res = o
		}
		if len(cache) < maxNamedGroupPatterns {
			cache[src] = res
		}
		return res
	}
	inv.runPatch(namedGroupsProgram, rt.ToValue(info))
}

// groupSyntax is a piece of a pattern that matters to its groups: the
// opening of a capturing group ("(" or "(?<name>"; named tells which) or a
// named backreference ("\\k<name>" outside a class), at pattern[start:end].
type groupSyntax struct {
	start, end int
	name       string
	named, ref bool
}

// scanGroups calls visit for each groupSyntax of pattern, left to right,
// skipping escapes and character classes. It returns false when a named
// group's or reference's name is not closed with ">", or is empty.
func scanGroups(pattern string, visit func(groupSyntax) bool) bool {
	inClass := false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		rest := pattern[i+1:]
		// withName visits the "\\k<name>" or "(?<name>" at i, whose name
		// starts at i+3, and moves i to its ">".
		withName := func(ref bool) bool {
			end := strings.IndexByte(pattern[i+3:], '>')
			if end <= 0 || !visit(groupSyntax{start: i, end: i + 4 + end, name: pattern[i+3 : i+3+end], named: !ref, ref: ref}) {
				return false
			}
			i += 3 + end
			return true
		}
		switch {
		case c == '\\' && !inClass && strings.HasPrefix(rest, "k<"):
			if !withName(true) {
				return false
			}
		case c == '\\':
			i++
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c != '(':
		case !strings.HasPrefix(rest, "?"):
			if !visit(groupSyntax{start: i, end: i + 1}) {
				return false
			}
		case strings.HasPrefix(rest, "?<") && !strings.HasPrefix(rest, "?<=") && !strings.HasPrefix(rest, "?<!"):
			if !withName(false) {
				return false
			}
		}
	}
	return true
}

// regexpGroups reads the capturing groups of a JavaScript pattern: names[j]
// is group j's name ("" when unnamed; names[0] is the whole match). ok is
// false when the pattern has no named group, repeats a name (a SyntaxError
// in JavaScript) or ends inside one.
func regexpGroups(pattern string) (names []string, ok bool) {
	names = []string{""}
	named := false
	ok = scanGroups(pattern, func(g groupSyntax) bool {
		switch {
		case g.ref:
		case !g.named:
			names = append(names, "")
		case slices.Contains(names, g.name):
			return false
		default:
			names = append(names, g.name)
			named = true
		}
		return true
	})
	if !ok || !named {
		return nil, false
	}
	return names, true
}

// stripGroupNames is pattern with its group names removed: "(?<name>"
// becomes "(" and "\\k<name>" "(?:\\N)", N being the group's number as
// written, so that goja's engine numbers the groups left to right. names are
// as regexpGroups reads them. ok is false when pattern has no named group,
// repeats a name, refers to one it lacks or starts a named group's body with
// a quantifier (JavaScript's SyntaxErrors, left to the engine).
func stripGroupNames(pattern string) (stripped string, names []string, ok bool) {
	names, ok = regexpGroups(pattern)
	if !ok {
		return "", nil, false
	}
	var b strings.Builder
	done := 0 // pattern[:done] is in b
	ok = scanGroups(pattern, func(g groupSyntax) bool {
		b.WriteString(pattern[done:g.start])
		done = g.end
		switch {
		case g.ref:
			n := slices.Index(names, g.name)
			if n < 1 {
				return false
			}
			b.WriteString(`(?:\` + strconv.Itoa(n) + ")")
		case g.named && strings.HasPrefix(pattern[g.end:], "?"):
			// A body starting with a quantifier is a SyntaxError; "(" and it
			// would read as a new group.
			return false
		default:
			b.WriteByte('(')
		}
		return true
	})
	if !ok {
		return "", nil, false
	}
	b.WriteString(pattern[done:])
	return b.String(), names, true
}
