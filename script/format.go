package script

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// describeError returns the (name, message) pair Node would show for a thrown
// or called-back value: for an Error its name and message (goja's wording
// mapped to V8's for the common cases), for a string the string, for
// anything else its inspection.
func (inv *invocation) describeError(v goja.Value) (string, string) {
	if v == nil || goja.IsUndefined(v) {
		return "", "undefined"
	}
	if goja.IsNull(v) {
		return "", "null"
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return "", v.String()
	}
	if isError(inv.rt, o) {
		name := safeString(o.Get("name"))
		msg := inv.v8Text(o, name, safeString(o.Get("message")))
		if msg == "" && name == "" {
			return "", "Error"
		}
		if msg == "" {
			return "", name
		}
		return name, msg
	}
	// Error-like plain objects ({message: "..."}) read like Errors.
	if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
		if s, ok := m.Export().(string); ok && s != "" {
			return "", s
		}
	}
	return "", inspect(inv.rt, v)
}

// maxCauses bounds how many links of a cause chain describeCause follows.
const maxCauses = 4

// describeCause returns v's cause chain (v an Error with a cause, that
// cause's cause, ...), each link described as describeError does and
// written "Name: message", joined by ": ".
func (inv *invocation) describeCause(v goja.Value) string {
	var parts []string
	for range maxCauses {
		o, ok := v.(*goja.Object)
		if !ok || !isError(inv.rt, o) {
			break
		}
		c := safeGet(o, "cause")
		if !present(c) {
			break
		}
		name, msg := inv.describeError(c)
		if name != "" {
			msg = name + ": " + msg
		}
		parts = append(parts, msg)
		v = c
	}
	return strings.Join(parts, ": ")
}

// safeGet reads o[key], nil when a getter throws.
func safeGet(o *goja.Object, key string) (v goja.Value) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	return o.Get(key)
}

func safeString(v goja.Value) (s string) {
	if !present(v) {
		return ""
	}
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return v.String()
}

func isError(rt *goja.Runtime, o *goja.Object) bool {
	ctor, ok := rt.GlobalObject().GetSymbol(errorCtorSym).(*goja.Object)
	if !ok {
		// Not captured: the script cannot have replaced the global.
		if ctor, ok = rt.Get("Error").(*goja.Object); !ok {
			return o.ClassName() == "Error"
		}
	}
	defer func() { _ = recover() }()
	return o.ClassName() == "Error" || rt.InstanceOf(o, ctor)
}

// v8Text is the message of o, an Error named name whose message is msg,
// as V8 would have written it: goja's wording of calling what cannot be
// called, reading or setting a property of undefined, mapped (see
// callSiteMessage, v8Message); msg itself otherwise.
func (inv *invocation) v8Text(o *goja.Object, name, msg string) string {
	if m := inv.callSiteMessage(name, msg, o); m != "" {
		return m
	}
	m := v8Message(msg)
	if m != msg && inv.s != nil && inv.s.madeByScript(safeString(safeGet(o, "stack"))) {
		return msg // the script's own words
	}
	return m
}

// caughtHook is the global that instrumentCatches has catch clauses and
// rejection handlers call with what they caught, first thing.
const caughtHook = "__socialconn_caught"

// caught is caughtHook's function: it gives an Error that goja threw V8's
// message (v8Text), and its stack the same first line, before the script
// reads them, so that `catch (e) { cb(new Error('failed: ' + e.message)) }`
// says what it says on Node.
func (inv *invocation) caught() goja.Value {
	rt := inv.rt
	return rt.ToValue(func(call goja.FunctionCall) goja.Value {
		o, ok := call.Argument(0).(*goja.Object)
		if !ok || !isError(rt, o) {
			return goja.Undefined()
		}
		name, msg := safeString(safeGet(o, "name")), safeString(safeGet(o, "message"))
		m := inv.v8Text(o, name, msg)
		if m == msg {
			return goja.Undefined()
		}
		stack := safeString(safeGet(o, "stack"))
		_ = o.Set("message", m)
		if head := name + ": " + msg; strings.HasPrefix(stack, head) {
			_ = o.Set("stack", name+": "+m+stack[len(head):])
		}
		return goja.Undefined()
	})
}

var (
	// goja says "of undefined or null" for a method call's base: read as
	// undefined, the usual case (see doc.go).
	reReadProp = regexp.MustCompile(`^Cannot read property '(.*)' of (undefined|null)(?: or null)?$`)
	reSetProp  = regexp.MustCompile(`^Cannot set property '(.*)' of (undefined|null)$`)
	reNoMember = regexp.MustCompile(`^Object has no member '(.*)'$`)
)

// v8Message maps goja's wording of common runtime errors to V8's (Node 20).
// goja does not say whether the base was null or undefined, nor the source
// expression of a call, so the mapped text can differ from Node's in those
// details (see doc.go).
func v8Message(msg string) string {
	if m := reReadProp.FindStringSubmatch(msg); m != nil {
		return "Cannot read properties of " + m[2] + " (reading '" + m[1] + "')"
	}
	if m := reSetProp.FindStringSubmatch(msg); m != nil {
		return "Cannot set properties of " + m[2] + " (setting '" + m[1] + "')"
	}
	if m := reNoMember.FindStringSubmatch(msg); m != nil {
		return m[1] + " is not a function"
	}
	return msg
}

// overrideJSONParse wraps JSON.parse so that its SyntaxErrors read like
// V8's: scripts routinely JSON.parse a provider's HTML error page and pass
// the error on, and that text ends up as the login error description.
//
// A string parsed without a reviver goes to parseJSONValue first, which
// builds the same values several times faster than goja's JSON.parse; what
// it declines (invalid JSON, lone surrogates, very deep nesting) goes to
// goja's, which then decides.
func (inv *invocation) overrideJSONParse() {
	rt := inv.rt
	j, ok := rt.Get("JSON").(*goja.Object)
	if !ok {
		return
	}
	orig, ok := goja.AssertFunction(j.Get("parse"))
	if !ok {
		return
	}
	parse := func(call goja.FunctionCall) goja.Value {
		if text, ok := call.Argument(0).(goja.String); ok {
			if _, revive := goja.AssertFunction(call.Argument(1)); !revive {
				if v, ok := parseJSONValue(rt, text.String()); ok {
					return v
				}
			}
		}
		if codeNestsPast(jsString(rt, call.Argument(0)).String(), maxNesting) {
			panic(stackOverflow(rt))
		}
		v, err := orig(call.This, call.Arguments...)
		if err == nil {
			return v
		}
		if ex, ok := err.(*goja.Exception); ok {
			if eo, ok := ex.Value().(*goja.Object); ok && safeString(eo.Get("name")) == "SyntaxError" {
				if msg := v8JSONError(stringUnits(jsString(rt, call.Argument(0)))); msg != nil {
					panic(newSyntaxError(rt, goja.StringFromUTF16(msg)))
				}
				// V8 would have accepted the text (goja's parser refuses
				// numbers beyond float64's range): goja's error stands.
			}
		}
		panic(err)
	}
	defineMethod(rt, j, "parse", 2, parse)
}

// jsString converts v to a string as JavaScript's ToString does (goja's
// Value.ToString leaves primitives other than strings as they are).
func jsString(rt *goja.Runtime, v goja.Value) goja.String {
	if s, ok := v.ToString().(goja.String); ok {
		return s
	}
	s, _ := rt.ToValue(v.String()).(goja.String)
	return s
}

// stringOf is ToString(v) as jsString keeps it, with V8's TypeError for a
// Symbol.
func stringOf(rt *goja.Runtime, v goja.Value) goja.String {
	if isSymbol(v) {
		panic(rt.NewTypeError("Cannot convert a Symbol value to a string"))
	}
	return jsString(rt, v)
}

// stringUnits returns the UTF-16 code units of s.
func stringUnits(s goja.String) []uint16 {
	u := make([]uint16, s.Length())
	for i := range u {
		u[i] = s.CharAt(i)
	}
	return u
}

func newSyntaxError(rt *goja.Runtime, msg goja.String) *goja.Object {
	ctor, _ := goja.AssertConstructor(rt.Get("SyntaxError"))
	o, err := ctor(nil, msg)
	if err != nil {
		return newJSError(rt, msg.String())
	}
	return o
}

func isObject(v goja.Value) bool { _, ok := v.(*goja.Object); return ok }

func numberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0 && math.Signbit(f):
		return "-0"
	case f == 0:
		return "0"
	}
	// ECMAScript's Number::toString: the shortest digits, then plain or
	// exponential notation by where the decimal point falls.
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	i := strings.IndexByte(e, 'e')
	digits := strings.Replace(e[:i], ".", "", 1)
	exp, _ := strconv.Atoi(e[i+1:])
	k, n := len(digits), exp+1
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	return sign + m + "e" + es + strconv.Itoa(abs(n-1))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// jsonStringify runs the runtime's JSON.stringify on v ("[Circular]" when it
// throws, as util.format's %j does).
func jsonStringify(rt *goja.Runtime, v goja.Value) string {
	stringify, ok := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	if !ok {
		return "undefined"
	}
	r, err := stringify(goja.Undefined(), v)
	if err != nil {
		return "[Circular]"
	}
	return r.String()
}
