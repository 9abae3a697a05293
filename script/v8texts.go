package script

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/dop251/goja"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Texts goja's built-ins write differently from V8, put right for scripts
// that can reach them (each installed only when the text could).

// uriFunctions are the global URI functions whose errors installURIErrors
// words as V8 does.
var uriFunctions = []string{"decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent"}

// uriFunctionsToWrap lists the uriFunctions src could call (see
// namesReached; decodeURI is named within decodeURIComponent).
func uriFunctionsToWrap(src string) []string { return namesReached(src, uriFunctions) }

// namesReached lists the names src could reach: those it names, all of
// them when it builds code at run time; nil for none.
func namesReached(src string, names []string) []string {
	if buildsCode.MatchString(src) {
		return names
	}
	var reached []string
	for _, name := range names {
		if strings.Contains(src, name) {
			reached = append(reached, name)
		}
	}
	return reached
}

// installURIErrors words the URIError of the URI functions named (see
// uriFunctions) as V8 does ("URI malformed"; goja says "Malformed URI"),
// so that a script reporting e.message reports what it reports on Auth0.
// The functions are otherwise goja's.
func (inv *invocation) installURIErrors(names []string) {
	rt := inv.rt
	g := rt.GlobalObject()
	for _, name := range names {
		native, ok := goja.AssertFunction(g.Get(name))
		if !ok {
			continue
		}
		defineMethod(rt, g, name, 1, func(call goja.FunctionCall) goja.Value {
			v, err := native(call.This, call.Arguments...)
			if err != nil {
				var ex *goja.Exception
				if errors.As(err, &ex) && isGojaURIError(ex.Value()) {
					panic(jsErrorOf(rt, "URIError", "", "URI malformed"))
				}
				panic(err)
			}
			return v
		})
	}
}

// isGojaURIError reports whether v is the URIError goja's URI functions
// throw.
func isGojaURIError(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && o.Get("name").String() == "URIError" && o.Get("message").String() == "Malformed URI"
}

// dateTextRe matches script text that could make a Date: naming it, or
// building code at run time.
var dateTextRe = regexp.MustCompile(`\bDate\b|` + buildsCodeRe)

// installDateZoneNames makes Date#toString and Date#toTimeString name UTC
// as V8 does, "(Coordinated Universal Time)", where goja writes the Go zone
// abbreviation "(UTC)": the zone Auth0 runs scripts in. Used where the
// process's zone is UTC; elsewhere installUTCDates writes these texts.
func (inv *invocation) installDateZoneNames() {
	rt := inv.rt
	for _, name := range []string{"toString", "toTimeString"} {
		wrapMethod(rt, "Date", name, 0, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value { return v8ZoneName(rt, mustCall(native, call.This)) }
		})
	}
}

// v8ZoneName is v, a date's text, with a trailing "(UTC)" written as V8
// writes it.
func v8ZoneName(rt *goja.Runtime, v goja.Value) goja.Value {
	if s := v.String(); strings.HasSuffix(s, " (UTC)") {
		return rt.ToValue(s[:len(s)-len("(UTC)")] + "(Coordinated Universal Time)")
	}
	return v
}

// dateNewRe finds constructions and calls of Date; dateParseRe, Date.parse,
// Date called or constructed through apply, call, bind or
// Reflect.construct, and code built at run time.
var (
	dateNewRe   = regexp.MustCompile(`\bDate\s*\(`)
	dateParseRe = regexp.MustCompile(`\bDate\s*\.\s*(?:parse|apply|call|bind)\b|\bconstruct\s*\(\s*Date\b|` + buildsCodeRe)
)

// needsDateStandIn reports whether src could parse a date string, or call
// Date without new (whose string names UTC as goja does unless the
// stand-in makes it): naming Date.parse, building code at run time, or
// calling Date with an argument that does not look like a number (a
// number needs no parsing: new Date(exp * 1000), new Date(Date.now() +
// ms), new Date(0)); with parts, also a date built from its parts (new
// Date(2020, 0, 1): an argument list with a comma), which the stand-in
// reads in UTC where the process's zone is not UTC. Costs a few
// microseconds per invocation when true.
func needsDateStandIn(src string, parts bool) bool {
	if dateParseRe.MatchString(src) {
		return true
	}
	for _, m := range dateNewRe.FindAllStringIndex(src, -1) {
		before := strings.TrimRight(src[:m[0]], " \t\r\n")
		isNew := strings.HasSuffix(before, "new") && (len(before) == 3 || !isIdentChar(before[len(before)-4]))
		arg := dateArgument(src[m[1]:])
		if !isNew || arg != "" && !looksNumeric(arg) || parts && strings.Contains(arg, ",") {
			return true
		}
	}
	return false
}

// dateArgument is the text of the arguments a call's "(" opens, up to its
// ")" (at most 256 bytes; what is cut counts as written).
func dateArgument(rest string) string {
	depth := 0
	for i := 0; i < len(rest) && i < 256; i++ {
		switch rest[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return strings.TrimSpace(rest[:i])
			}
			depth--
		}
	}
	return strings.TrimSpace(rest[:min(len(rest), 256)])
}

// looksNumeric reports an argument text that evaluates to a number in any
// plausible script: a numeric literal or sign first, a number conversion
// or Math, a product, or a time value read from a Date.
func looksNumeric(arg string) bool {
	if c := arg[0]; c >= '0' && c <= '9' || c == '+' || c == '-' {
		return true
	}
	for _, p := range []string{"Number(", "parseInt(", "parseFloat(", "Math."} {
		if strings.HasPrefix(arg, p) {
			return true
		}
	}
	return !strings.ContainsAny(arg, "'\"`,") &&
		(strings.Contains(arg, "*") || strings.Contains(arg, "Date.now()") || strings.Contains(arg, "getTime()") || strings.Contains(arg, "valueOf()"))
}

// isIdentChar reports an ASCII identifier character.
func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// dateProgram makes the stand-in for the Date constructor: V8's reading of
// a date string (parse, see parseDateV8) for new Date(string), Date()
// without new as V8 writes it (nowText), and goja's constructor for
// everything else; with utc, the year, month, day... forms are read in UTC
// (see installUTCDates).
var dateProgram = builtin("date.js", `(function (NativeDate, parse, nowText, utc) {
  'use strict';
  var construct = Reflect.construct, apply = Reflect.apply, UTC = NativeDate.UTC;
  function args(a) {
    if (a.length === 1 && typeof a[0] === 'string') return [parse(a[0])];
    if (utc && a.length >= 2) return [apply(UTC, undefined, a)];
    return a;
  }
  return function Date(year, monthIndex, day, hours, minutes, seconds, ms) {
    if (new.target === undefined) return nowText();
    var n = arguments.length;
    if (new.target !== Date) return construct(NativeDate, args(arguments), new.target);
    switch (n) {
      case 0: return new NativeDate();
      case 1: return new NativeDate(typeof year === 'string' ? parse(year) : year);
    }
    if (utc) return new NativeDate(apply(UTC, undefined, arguments));
    switch (n) {
      case 2: return new NativeDate(year, monthIndex);
      case 3: return new NativeDate(year, monthIndex, day);
      case 4: return new NativeDate(year, monthIndex, day, hours);
      case 5: return new NativeDate(year, monthIndex, day, hours, minutes);
      case 6: return new NativeDate(year, monthIndex, day, hours, minutes, seconds);
      default: return new NativeDate(year, monthIndex, day, hours, minutes, seconds, ms);
    }
  };
})`)

// installDateParse puts V8's date-string reading in Date.parse and new
// Date(string): goja reads "1700000000" as 2000-01-01 (V8: an invalid
// date), "12 2026" as December 2026 (V8: invalid) and "-2026" as the year
// -2026 (V8: 2026). Strings without an offset are read in UTC, the zone
// Auth0 runs scripts in. The Date global becomes a stand-in for goja's
// constructor (dateProgram) with its prototype, statics and length; with
// utc, it also builds dates from their parts in UTC.
func (inv *invocation) installDateParse(utc bool) {
	rt := inv.rt
	native := rt.Get("Date").ToObject(rt)
	parse := func(call goja.FunctionCall) goja.Value {
		if ms, ok := parseDateV8(jsString(rt, call.Argument(0)).String(), time.UTC); ok {
			return rt.ToValue(ms)
		}
		return rt.ToValue(math.NaN())
	}
	nowText := func(goja.FunctionCall) goja.Value { return utcDateText(rt, time.Now()) }
	parseFn := rt.ToValue(parse).(*goja.Object)
	w := inv.runPatch(dateProgram, native, parseFn, rt.ToValue(nowText), rt.ToValue(utc)).ToObject(rt)
	// Date's own properties in Node 20 but length, prototype and parse.
	replaceConstructor(rt, "Date", w, native, "name", "now", "UTC")
	defineFunction(rt, w, "parse", 1, parseFn)
}

// localeCompareRe matches script text that could call localeCompare with a
// locale or options: naming it, or building code at run time.
var localeCompareRe = regexp.MustCompile(`localeCompare|` + buildsCodeRe)

// installLocaleCompare gives String#localeCompare the locales and options
// arguments of ECMA-402 (goja ignores them): the first locale's collation
// ("ä" sorts after "z" in "sv"), sensitivity, numeric and
// ignorePunctuation, read as Intl.Collator reads them and handed to
// x/text/collate as the locale's -u- extension (ks, kn, ka); caseFirst
// is checked but not applied. A call with neither argument is goja's.
func (inv *invocation) installLocaleCompare() {
	rt := inv.rt
	collators := map[string]*collate.Collator{}
	compare := func(tag, a, b string) int {
		c := collators[tag]
		if c == nil {
			if len(collators) >= 16 {
				clear(collators)
			}
			c = collate.New(language.Make(tag))
			collators[tag] = c
		}
		return c.CompareString(a, b)
	}
	wrapMethod(rt, "String", "localeCompare", 1, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			locales, options := call.Argument(1), call.Argument(2)
			if goja.IsUndefined(locales) && goja.IsUndefined(options) {
				return mustCall(native, call.This, call.Arguments...)
			}
			if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
				panic(rt.NewTypeError("String.prototype.localeCompare called on null or undefined"))
			}
			a, b := norm.NFD.String(call.This.String()), norm.NFD.String(call.Argument(0).String())
			tag, caseLevel := collationTag(rt, locales, options)
			if !caseLevel {
				return rt.ToValue(compare(tag, a, b))
			}
			// Sensitivity "case": base letters, then case, accents left out
			// (x/text's case level does not leave them out).
			if r := compare(withKeys(tag, "ks-level1"), a, b); r != 0 {
				return rt.ToValue(r)
			}
			return rt.ToValue(compare(tag, stripMarks(a), stripMarks(b)))
		}
	})
}

// stripMarks drops the nonspacing marks of s, in NFD: its accents.
func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
}

// withKeys is tag with the -u- keys ext added.
func withKeys(tag string, ext ...string) string {
	if len(ext) == 0 {
		return tag
	}
	if strings.Contains(tag, "-u-") {
		return tag + "-" + strings.Join(ext, "-")
	}
	return tag + "-u-" + strings.Join(ext, "-")
}

// collationTag is the BCP 47 tag, with its -u- collation keys, that
// locales and options ask Intl.Collator for, and whether they ask for
// sensitivity "case" (which the tag leaves out); it throws V8's RangeError
// for a locale or option value Intl refuses.
func collationTag(rt *goja.Runtime, locales, options goja.Value) (_ string, caseLevel bool) {
	const where = "String.prototype.localeCompare"
	tag := language.English
	if goja.IsNull(locales) {
		panic(rt.NewTypeError("Cannot convert undefined or null to object"))
	}
	if goja.IsNull(options) {
		// V8's words for it.
		panic(rt.NewTypeError(where + " called on null or undefined"))
	}
	if present(locales) {
		// CanonicalizeLocaleList: a string is one locale; anything else is
		// read as a list (a number or boolean as an empty one).
		first := locales
		if !goja.IsString(locales) {
			first = nil
			if list := locales.ToObject(rt); arrayLikeLength(list) >= 1 {
				first = list.Get("0")
			}
		}
		if present(first) {
			t, err := language.Parse(first.String())
			if err != nil {
				panic(jsRangeError(rt, "", "Incorrect locale information provided"))
			}
			tag = t
		}
	}
	base, _ := tag.Base()
	region, conf := tag.Region()
	name := base.String()
	if conf == language.Exact {
		name += "-" + region.String()
	}
	var ext []string
	if present(options) {
		o := options.ToObject(rt)
		str := func(key string, allowed ...string) string {
			v := o.Get(key)
			if !present(v) {
				return ""
			}
			s := v.String()
			for _, a := range allowed {
				if s == a {
					return s
				}
			}
			panic(jsRangeError(rt, "", "Value "+s+" out of range for "+where+" options property "+key))
		}
		flag := func(key string) bool {
			v := o.Get(key)
			return v != nil && v.ToBoolean()
		}
		str("usage", "sort", "search")
		if flag("numeric") {
			ext = append(ext, "kn-true")
		}
		// Read and checked, but not applied: x/text/collate has no
		// caseFirst (README, Known limitations).
		str("caseFirst", "upper", "lower", "false")
		switch str("sensitivity", "base", "accent", "case", "variant") {
		case "base":
			ext = append(ext, "ks-level1")
		case "accent":
			ext = append(ext, "ks-level2")
		case "case":
			caseLevel = true
		}
		if flag("ignorePunctuation") {
			ext = append(ext, "ka-shifted")
		}
	}
	return withKeys(name, ext...), caseLevel
}
