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
		msg := safeString(o.Get("message"))
		if m := inv.callSiteMessage(name, msg, o); m != "" {
			msg = m
		} else {
			msg = v8Message(msg)
		}
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

// formatArgs formats console arguments like Node's util.format.
func formatArgs(rt *goja.Runtime, args []goja.Value) string {
	if len(args) == 0 {
		return ""
	}
	var b strings.Builder
	rest := args
	if s, ok := args[0].Export().(string); ok && !isObject(args[0]) {
		rest = args[1:]
		i := 0
		for k := 0; k < len(s); k++ {
			c := s[k]
			if c != '%' || k+1 >= len(s) {
				b.WriteByte(c)
				continue
			}
			d := s[k+1]
			if d == '%' {
				b.WriteByte('%')
				k++
				continue
			}
			if i >= len(rest) || !strings.ContainsRune("sdifjoOc", rune(d)) {
				b.WriteByte(c)
				continue
			}
			a := rest[i]
			i++
			k++
			switch d {
			case 's':
				if isObject(a) {
					if _, isFn := goja.AssertFunction(a); !isFn {
						b.WriteString(inspectDepth(rt, a, 0))
						continue
					}
				}
				b.WriteString(safeString(a))
			case 'd', 'i':
				if isObject(a) {
					b.WriteString("NaN")
					continue
				}
				f := a.ToFloat()
				if d == 'i' {
					f = math.Trunc(f)
				}
				b.WriteString(numberString(f))
			case 'f':
				b.WriteString(numberString(a.ToFloat()))
			case 'j':
				b.WriteString(jsonStringify(rt, a))
			case 'o', 'O':
				b.WriteString(inspect(rt, a))
			case 'c':
			}
		}
		rest = rest[i:]
	} else {
		b.WriteString(inspect(rt, args[0]))
		rest = args[1:]
	}
	for _, a := range rest {
		b.WriteByte(' ')
		if s, ok := a.Export().(string); ok && !isObject(a) {
			b.WriteString(s)
		} else {
			b.WriteString(inspect(rt, a))
		}
	}
	return b.String()
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
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// inspect renders v like Node's util.inspect with default options (depth 2),
// approximately: objects longer than 72 characters break over lines, arrays
// of more than six items are not grouped into columns.
func inspect(rt *goja.Runtime, v goja.Value) string { return inspectDepth(rt, v, 2) }

func inspectDepth(rt *goja.Runtime, v goja.Value, depth int) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "[object]"
		}
	}()
	in := &inspector{rt: rt, maxDepth: depth}
	return in.value(v, 0, true)
}

type inspector struct {
	rt       *goja.Runtime
	maxDepth int
	seen     []*goja.Object
	budget   int
}

var identRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func quoteJS(s string) string {
	q := strconv.Quote(s)
	q = q[1 : len(q)-1]
	q = strings.ReplaceAll(q, `\"`, `"`)
	q = strings.ReplaceAll(q, `'`, `\'`)
	return "'" + q + "'"
}

func (in *inspector) value(v goja.Value, level int, top bool) string {
	in.budget++
	if in.budget > 5000 {
		return "..."
	}
	if v == nil || goja.IsUndefined(v) {
		return "undefined"
	}
	if goja.IsNull(v) {
		return "null"
	}
	o, ok := v.(*goja.Object)
	if !ok {
		switch x := v.Export().(type) {
		case string:
			if top {
				return x
			}
			return quoteJS(x)
		case float64:
			return numberString(x)
		case int64:
			return strconv.FormatInt(x, 10)
		case bool:
			return strconv.FormatBool(x)
		}
		s := v.String()
		if v.ExportType() != nil && v.ExportType().String() == "*big.Int" {
			return s + "n"
		}
		return s
	}
	if _, isFn := goja.AssertFunction(o); isFn {
		name := safeString(o.Get("name"))
		if name == "" {
			return "[Function (anonymous)]"
		}
		return "[Function: " + name + "]"
	}
	for _, s := range in.seen {
		if s == o {
			return "[Circular *1]"
		}
	}
	cls := o.ClassName()
	switch cls {
	case "Error":
		if st := safeString(o.Get("stack")); st != "" {
			if top {
				return st
			}
			return "[" + strings.SplitN(st, "\n", 2)[0] + "]"
		}
		return "[" + safeString(o.Get("name")) + ": " + safeString(o.Get("message")) + "]"
	case "Date":
		if f, ok := goja.AssertFunction(o.Get("toISOString")); ok {
			r, err := f(o)
			if err != nil {
				return "Invalid Date"
			}
			return r.String()
		}
	case "RegExp":
		return o.String()
	case "String", "Number", "Boolean":
		return "[" + cls + ": " + safeString(o) + "]"
	}
	ctorName := ""
	if c, ok := o.Get("constructor").(*goja.Object); ok {
		ctorName = safeString(c.Get("name"))
	}
	if b, ok := o.Export().([]byte); ok && ctorName == "Buffer" {
		var sb strings.Builder
		sb.WriteString("<Buffer")
		for i, c := range b {
			if i == 50 {
				sb.WriteString(" ... " + strconv.Itoa(len(b)-50) + " more bytes")
				break
			}
			sb.WriteString(" " + strconv.FormatUint(uint64(c)|0x100, 16)[1:])
		}
		return sb.String() + ">"
	}
	isArr := cls == "Array"
	if level > in.maxDepth {
		if isArr {
			return "[Array]"
		}
		if ctorName == "" || ctorName == "Object" {
			return "[Object]"
		}
		return "[" + ctorName + "]"
	}
	in.seen = append(in.seen, o)
	defer func() { in.seen = in.seen[:len(in.seen)-1] }()
	var parts []string
	if isArr {
		n := int(o.Get("length").ToInteger())
		for i := 0; i < n && i < 100; i++ {
			parts = append(parts, in.value(o.Get(strconv.Itoa(i)), level+1, false))
		}
		if n > 100 {
			parts = append(parts, "... "+strconv.Itoa(n-100)+" more items")
		}
		return wrap("[", "]", "", parts, level)
	}
	for _, k := range o.Keys() {
		key := k
		if !identRe.MatchString(k) {
			key = quoteJS(k)
		}
		parts = append(parts, key+": "+in.value(o.Get(k), level+1, false))
	}
	prefix := ""
	if ctorName != "" && ctorName != "Object" {
		prefix = ctorName
	} else if ctorName == "" && o.Prototype() == nil {
		prefix = "[Object: null prototype]"
	}
	if len(parts) == 0 {
		if prefix != "" {
			return prefix + " {}"
		}
		return "{}"
	}
	return wrap("{", "}", prefix, parts, level)
}

func wrap(open, close, prefix string, parts []string, level int) string {
	p := ""
	if prefix != "" {
		p = prefix + " "
	}
	if len(parts) == 0 {
		return p + open + close
	}
	total := len(parts) + len(open) + len(prefix) + 10 + level*2
	multi := false
	for _, s := range parts {
		total += len(s)
		if strings.Contains(s, "\n") {
			multi = true
		}
	}
	if !multi && total+len(parts) <= 80 {
		return p + open + " " + strings.Join(parts, ", ") + " " + close
	}
	ind := "\n" + strings.Repeat(" ", level*2)
	return p + open + ind + "  " + strings.Join(parts, ","+ind+"  ") + ind + close
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
