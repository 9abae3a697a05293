package script

import (
	"errors"
	"regexp"
	"strings"

	"github.com/dop251/goja"
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
