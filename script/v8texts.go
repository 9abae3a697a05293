package script

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/dop251/goja"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Texts goja's built-ins write differently from V8, put right for scripts
// that can reach them (each installed only when the text could).

// uriTextRe matches script text that could call encodeURI, decodeURI or
// their Component forms: naming one, or building code at run time.
var uriTextRe = regexp.MustCompile(`codeURI|` + buildsCodeRe)

// installURIErrors words the URIError of encodeURI, decodeURI,
// encodeURIComponent and decodeURIComponent as V8 does ("URI malformed";
// goja says "Malformed URI"), so that a script reporting e.message reports
// what it reports on Auth0. The functions are otherwise goja's.
func (inv *invocation) installURIErrors() {
	rt := inv.rt
	g := rt.GlobalObject()
	for _, name := range []string{"decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent"} {
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
// abbreviation "(UTC)": the zone Auth0 runs scripts in, and the one the
// README asks services to run in. Other zones keep their abbreviation.
func (inv *invocation) installDateZoneNames() {
	rt := inv.rt
	proto := rt.Get("Date").ToObject(rt).Get("prototype").ToObject(rt)
	for _, name := range []string{"toString", "toTimeString"} {
		native, ok := goja.AssertFunction(proto.Get(name))
		if !ok {
			continue
		}
		defineMethod(rt, proto, name, 0, func(call goja.FunctionCall) goja.Value {
			v := mustCall(native, call.This)
			if s := v.String(); strings.HasSuffix(s, " (UTC)") {
				return rt.ToValue(s[:len(s)-len("(UTC)")] + "(Coordinated Universal Time)")
			}
			return v
		})
	}
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
	proto := rt.Get("String").ToObject(rt).Get("prototype").ToObject(rt)
	native, ok := goja.AssertFunction(proto.Get("localeCompare"))
	if !ok {
		return
	}
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
	defineMethod(rt, proto, "localeCompare", 1, func(call goja.FunctionCall) goja.Value {
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
			if n := locales.ToObject(rt).Get("length"); n != nil && n.ToInteger() > 0 {
				first = locales.ToObject(rt).Get("0")
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
		flag := func(key string) (on, set bool) {
			v := o.Get(key)
			if v == nil || goja.IsUndefined(v) {
				return false, false
			}
			return v.ToBoolean(), true
		}
		str("usage", "sort", "search")
		if on, set := flag("numeric"); set && on {
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
		if on, _ := flag("ignorePunctuation"); on {
			ext = append(ext, "ka-shifted")
		}
	}
	return withKeys(name, ext...), caseLevel
}
