package script

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/dop251/goja"
)

// goja reads "\p{…}" and "\P{…}" in a regular expression with the u flag as
// the letters "p{…}": /[^\p{L}\s]/gu, which strips what is not a letter or
// a space in Node, there kept only "p", "{", "L" and "}". Compile therefore
// writes each property escape of a u-flag literal out as the character
// class it stands for (expandPropertyEscapes), from Go's Unicode tables,
// and a script whose text names RegExp and "p{" gets a RegExp constructor
// that does the same for the patterns it is given (installRegExpEscapes).

// rangeList is a sorted list of disjoint, non-adjacent code point ranges.
type rangeList [][2]rune

// maxCodePoint is the last code point; surrogates never match in a string
// goja holds, so they are left out of every class.
const (
	maxCodePoint   = unicode.MaxRune
	surrogateFirst = 0xD800
	surrogateLast  = 0xDFFF
)

// categoryNames maps the long names of the General_Category values to the
// short ones unicode.Categories is keyed by.
var categoryNames = map[string]string{
	"Letter": "L", "Cased_Letter": "LC", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll", "Titlecase_Letter": "Lt",
	"Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M", "Combining_Mark": "M", "Nonspacing_Mark": "Mn",
	"Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Number": "N", "Decimal_Number": "Nd", "digit": "Nd",
	"Letter_Number": "Nl", "Other_Number": "No", "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc",
	"Dash_Punctuation": "Pd", "Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi",
	"Final_Punctuation": "Pf", "Other_Punctuation": "Po", "Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc",
	"Modifier_Symbol": "Sk", "Other_Symbol": "So", "Separator": "Z", "Space_Separator": "Zs", "Line_Separator": "Zl",
	"Paragraph_Separator": "Zp", "Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs",
	"Private_Use": "Co", "Unassigned": "Cn",
}

// scriptAliases maps the ISO 15924 codes of common scripts to the names
// unicode.Scripts is keyed by.
var scriptAliases = map[string]string{
	"Arab": "Arabic", "Armn": "Armenian", "Beng": "Bengali", "Cyrl": "Cyrillic", "Deva": "Devanagari", "Ethi": "Ethiopic",
	"Geor": "Georgian", "Grek": "Greek", "Gujr": "Gujarati", "Guru": "Gurmukhi", "Hang": "Hangul", "Hani": "Han",
	"Hebr": "Hebrew", "Hira": "Hiragana", "Kana": "Katakana", "Khmr": "Khmer", "Knda": "Kannada", "Laoo": "Lao",
	"Latn": "Latin", "Mlym": "Malayalam", "Mong": "Mongolian", "Mymr": "Myanmar", "Orya": "Oriya", "Sinh": "Sinhala",
	"Taml": "Tamil", "Telu": "Telugu", "Thaa": "Thaana", "Thai": "Thai", "Tibt": "Tibetan", "Zinh": "Inherited",
	"Zyyy": "Common",
}

// propertyRanges is the code points of a property escape's name ("L",
// "Script=Greek", "White_Space", …); ok is false for a name it does not
// know.
func propertyRanges(name string) (rangeList, bool) {
	key, value, hasValue := strings.Cut(name, "=")
	if hasValue {
		switch key {
		case "General_Category", "gc":
			return categoryRanges(value)
		case "Script", "sc", "Script_Extensions", "scx":
			if alias, ok := scriptAliases[value]; ok {
				value = alias
			}
			if t, ok := unicode.Scripts[value]; ok {
				return tableRanges(t), true
			}
		}
		return nil, false
	}
	if r, ok := categoryRanges(name); ok {
		return r, true
	}
	switch name {
	case "Any":
		return rangeList{{0, maxCodePoint}}.withoutSurrogates(), true
	case "ASCII":
		return rangeList{{0, 0x7F}}, true
	case "Assigned":
		r, _ := categoryRanges("Cn")
		return r.complement(), true
	case "Alphabetic", "Alpha":
		return unionOf("Lu", "Ll", "Lt", "Lm", "Lo", "Nl").union(tableRanges(unicode.Other_Alphabetic)), true
	case "Uppercase", "Upper":
		return unionOf("Lu").union(tableRanges(unicode.Other_Uppercase)), true
	case "Lowercase", "Lower":
		return unionOf("Ll").union(tableRanges(unicode.Other_Lowercase)), true
	case "Cased":
		return unionOf("Lu", "Ll", "Lt").union(tableRanges(unicode.Other_Uppercase)).union(tableRanges(unicode.Other_Lowercase)), true
	case "Math":
		return unionOf("Sm").union(tableRanges(unicode.Other_Math)), true
	case "Grapheme_Extend", "Gr_Ext":
		return unionOf("Me", "Mn").union(tableRanges(unicode.Other_Grapheme_Extend)), true
	case "ID_Start", "IDS":
		return idStart(), true
	case "ID_Continue", "IDC":
		return idStart().union(unionOf("Mn", "Mc", "Nd", "Pc")).union(tableRanges(unicode.Other_ID_Continue)).minus(patternSyntax()), true
	}
	if t, ok := unicode.Properties[name]; ok {
		return tableRanges(t), true
	}
	return nil, false
}

// categoryRanges is a General_Category value's code points, by its short or
// long name.
func categoryRanges(name string) (rangeList, bool) {
	if short, ok := categoryNames[name]; ok {
		name = short
	}
	if name == "LC" {
		return unionOf("Lu", "Ll", "Lt"), true
	}
	t, ok := unicode.Categories[name]
	if !ok {
		return nil, false
	}
	return tableRanges(t), true
}

// idStart is Unicode's ID_Start: letters, letter numbers and
// Other_ID_Start, less Pattern_Syntax and Pattern_White_Space.
func idStart() rangeList {
	return unionOf("L", "Nl").union(tableRanges(unicode.Other_ID_Start)).minus(patternSyntax())
}

func patternSyntax() rangeList {
	return tableRanges(unicode.Pattern_Syntax).union(tableRanges(unicode.Pattern_White_Space))
}

func unionOf(categories ...string) rangeList {
	var r rangeList
	for _, c := range categories {
		r = r.union(tableRanges(unicode.Categories[c]))
	}
	return r
}

// tableRanges lists t's code points as ranges, surrogates left out.
func tableRanges(t *unicode.RangeTable) rangeList {
	var r rangeList
	add := func(lo, hi, stride rune) {
		if stride == 1 {
			r = append(r, [2]rune{lo, hi})
			return
		}
		for c := lo; c <= hi; c += stride {
			r = append(r, [2]rune{c, c})
		}
	}
	for _, x := range t.R16 {
		add(rune(x.Lo), rune(x.Hi), rune(x.Stride))
	}
	for _, x := range t.R32 {
		add(rune(x.Lo), rune(x.Hi), rune(x.Stride))
	}
	return r.normalized().withoutSurrogates()
}

// normalized sorts r and merges overlapping and adjacent ranges.
func (r rangeList) normalized() rangeList {
	slices.SortFunc(r, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	var out rangeList
	for _, x := range r {
		if n := len(out); n > 0 && x[0] <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

func (r rangeList) union(s rangeList) rangeList {
	return append(slices.Clone(r), s...).normalized()
}

// minus is r without s's code points.
func (r rangeList) minus(s rangeList) rangeList {
	return r.complement().union(s).complement()
}

// complement is every code point r lacks, surrogates left out.
func (r rangeList) complement() rangeList {
	var out rangeList
	next := rune(0)
	for _, x := range r {
		if x[0] > next {
			out = append(out, [2]rune{next, x[0] - 1})
		}
		next = x[1] + 1
	}
	if next <= maxCodePoint {
		out = append(out, [2]rune{next, maxCodePoint})
	}
	return out.withoutSurrogates()
}

func (r rangeList) withoutSurrogates() rangeList {
	var out rangeList
	for _, x := range r {
		if x[1] < surrogateFirst || x[0] > surrogateLast {
			out = append(out, x)
			continue
		}
		if x[0] < surrogateFirst {
			out = append(out, [2]rune{x[0], surrogateFirst - 1})
		}
		if x[1] > surrogateLast {
			out = append(out, [2]rune{surrogateLast + 1, x[1]})
		}
	}
	return out
}

// classBody writes r as the inside of a u-flag character class.
func (r rangeList) classBody() string {
	var b strings.Builder
	for _, x := range r {
		fmt.Fprintf(&b, `\u{%X}`, x[0])
		if x[1] != x[0] {
			fmt.Fprintf(&b, `-\u{%X}`, x[1])
		}
	}
	return b.String()
}

// unsupportedProperties are binary properties JavaScript knows that Go's
// Unicode tables cannot give.
var unsupportedProperties = map[string]bool{
	"Emoji": true, "Emoji_Presentation": true, "EPres": true, "Emoji_Modifier": true, "EMod": true,
	"Emoji_Modifier_Base": true, "EBase": true, "Emoji_Component": true, "EComp": true,
	"Extended_Pictographic": true, "ExtPict": true, "XID_Start": true, "XIDS": true, "XID_Continue": true,
	"XIDC": true, "Case_Ignorable": true, "CI": true, "Changes_When_Casefolded": true, "CWCF": true,
	"Changes_When_Casemapped": true, "CWCM": true, "Changes_When_Lowercased": true, "CWL": true,
	"Changes_When_NFKC_Casefolded": true, "CWKCF": true, "Changes_When_Titlecased": true, "CWT": true,
	"Changes_When_Uppercased": true, "CWU": true, "Default_Ignorable_Code_Point": true, "DI": true,
	"Grapheme_Base": true, "Gr_Base": true, "Bidi_Mirrored": true, "Bidi_M": true,
}

// classBodies caches propertyClassBody by name and negation: the names are
// a finite set (unknown ones are not kept), and a RegExp built at run time
// would otherwise compute its tables on every call.
var classBodies sync.Map // [2]string{name, "P" or "p"} -> string

// propertyClassBody is the inside of the class \p{name} (negated: \P{name})
// stands for; ok is false for a name propertyRanges does not know.
func propertyClassBody(name string, negated bool) (string, bool) {
	key := [2]string{name, "p"}
	if negated {
		key[1] = "P"
	}
	if body, ok := classBodies.Load(key); ok {
		return body.(string), true
	}
	r, ok := propertyRanges(name)
	if !ok {
		return "", false
	}
	if negated {
		r = r.complement()
	}
	body := r.classBody()
	classBodies.Store(key, body)
	return body, true
}

// expandPropertyEscapes is pattern, a u-flag pattern, with each property
// escape ("\p{L}", "\P{Script=Greek}") written out as the character class it
// stands for, or inside a class as that class's ranges. changed is false
// when it has none; err, worded as V8's SyntaxError, when one is not a
// property name, or one Go's tables cannot give, or when the result would
// pass maxExpandedPattern.
func expandPropertyEscapes(pattern string) (_ string, changed bool, err error) {
	if !strings.Contains(pattern, `\p`) && !strings.Contains(pattern, `\P`) {
		return pattern, false, nil
	}
	var b strings.Builder
	done := 0 // pattern[:done] is in b
	inClass := false
	// In a class, ranges: a property escape may not end one (x-\p{L}) or
	// start one (\p{L}-x), V8's "Invalid character class" with the u flag.
	var ranges classRanges
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\' && i+1 < len(pattern) && (pattern[i+1] == 'p' || pattern[i+1] == 'P'):
			end := -1
			if i+2 < len(pattern) && pattern[i+2] == '{' {
				end = strings.IndexByte(pattern[i+3:], '}')
			}
			if end < 0 {
				return "", false, errors.New("Invalid property name")
			}
			if inClass && (!ranges.atom(true) || i+4+end+1 < len(pattern) && pattern[i+4+end] == '-' && pattern[i+5+end] != ']') {
				return "", false, errors.New("Invalid character class")
			}
			name := pattern[i+3 : i+3+end]
			body, ok := propertyClassBody(name, pattern[i+1] == 'P')
			if !ok && unsupportedProperties[name] {
				return "", false, fmt.Errorf("the property %s is not supported here", name)
			}
			if !ok {
				return "", false, errors.New("Invalid property name")
			}
			b.WriteString(pattern[done:i])
			if b.Len() > maxExpandedPattern {
				return "", false, errors.New("Regular expression too large")
			}
			switch {
			case inClass:
				b.WriteString(body)
			case body == "":
				b.WriteString(`[]`)
			default:
				b.WriteString("[" + body + "]")
			}
			i += 3 + end
			done = i + 1
			changed = true
		case c == '\\':
			i++ // the escaped character
			if inClass && i < len(pattern) {
				ranges.atom(strings.IndexByte("dDwWsS", pattern[i]) >= 0)
			}
		case c == '[' && !inClass:
			inClass = true
			ranges = classRanges{}
			if i+1 < len(pattern) && pattern[i+1] == '^' {
				i++
			}
		case c == ']' && inClass:
			inClass = false
		case c == '-' && inClass:
			ranges.dash()
		case inClass:
			ranges.atom(false)
		}
	}
	if !changed {
		return pattern, false, nil
	}
	b.WriteString(pattern[done:])
	if b.Len() > maxExpandedPattern {
		return "", false, errors.New("Regular expression too large")
	}
	return b.String(), true, nil
}

// classRanges follows a character class's atoms and dashes, enough to
// tell the atoms that end a range (an escape's other characters count as
// atoms of their own: only whether a class escape ends a range matters).
type classRanges struct {
	// pending: the last atom may start a range; dashed: a "-" follows it.
	pending, pendingEscape, dashed bool
}

// atom reads one atom, classEscape if it is \d, \p{…} and the like, and
// reports false when it ends a range with a class escape at either end.
func (r *classRanges) atom(classEscape bool) bool {
	if r.dashed {
		bad := classEscape || r.pendingEscape
		*r = classRanges{}
		return !bad
	}
	r.pending, r.pendingEscape = true, classEscape
	return true
}

// dash reads a "-": a range's dash after an atom that may start one, else
// an atom of its own.
func (r *classRanges) dash() {
	if r.pending && !r.dashed {
		r.dashed = true
		return
	}
	r.atom(false)
}

// invalidRegExp is V8's SyntaxError message for the regular expression
// literal (written /pattern/flags) that err refuses.
func invalidRegExp(literal string, err error) string {
	return "Invalid regular expression: " + literal + ": " + err.Error()
}

// maxExpandedPattern bounds a pattern with its property escapes written
// out: each can stand for some kilobytes of ranges, so a pattern built from
// data could otherwise grow a thousandfold.
const maxExpandedPattern = 1 << 20

// installRegExpEscapes puts in place of the global RegExp a constructor
// that writes out the property escapes of a u-flag pattern before the
// built-in reads it, and is otherwise the built-in: the same prototype
// (which names it as its constructor), statics, name and length, so that
// instanceof, subclasses and RegExp(re) returning re work as before.
func (inv *invocation) installRegExpEscapes() {
	rt := inv.rt
	native := rt.Get("RegExp").ToObject(rt)
	expand := func(call goja.FunctionCall) goja.Value {
		pattern, flags := call.Argument(0).String(), call.Argument(1).String()
		out, _, err := expandPropertyEscapes(pattern)
		if err != nil {
			panic(jsErrorOf(rt, "SyntaxError", "", invalidRegExp("/"+pattern+"/"+flags, err)))
		}
		return rt.ToValue(out)
	}
	replaceConstructor(rt, "RegExp", inv.runPatch(regExpEscapesProgram, native, rt.ToValue(expand)).ToObject(rt), native)
}

// regExpEscapesProgram makes installRegExpEscapes' constructor: JavaScript,
// for its new.target.
var regExpEscapesProgram = builtin("regexpescapes.js", `(function (Native, expand) {
  'use strict';
  var hasEscape = /\\[pP]/;
  var W = function RegExp(pattern, flags) {
    var isRegExp = pattern instanceof Native;
    if (new.target === undefined && isRegExp && flags === undefined && pattern.constructor === W) return pattern;
    var f = flags !== undefined ? String(flags) : isRegExp ? pattern.flags : '';
    if (f.indexOf('u') >= 0) {
      var source = isRegExp ? pattern.source : pattern === undefined ? '' : String(pattern);
      if (hasEscape.test(source)) {
        pattern = expand(source, f);
        flags = f;
      }
    }
    if (new.target === undefined || new.target === W) return new Native(pattern, flags);
    return Reflect.construct(Native, [pattern, flags], new.target);
  };
  return W;
})`)

// needsRegExpEscapes reports a script text that names RegExp and has
// what may be a property escape: only those runtimes get
// installRegExpEscapes' constructor, which costs an invocation some
// microseconds.
func needsRegExpEscapes(src string) bool {
	return (strings.Contains(src, "p{") || strings.Contains(src, "P{")) && regExpNameRe.MatchString(src)
}

// regExpNameRe finds a script text that names RegExp.
var regExpNameRe = regexp.MustCompile(`\bRegExp\b`)
