package script

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// exportJSON converts a callback value to JSON types exactly as
// JSON.stringify followed by encoding/json's Unmarshal would, without the
// text in between: it walks the JavaScript value in Go, invoking getters and
// toJSON in the order JSON.stringify does, dropping undefined, functions and
// symbols in objects (null in arrays), turning NaN and ±Infinity into null
// and -0 into 0. It counts the JSON text's length as it goes, so the
// maxResultBytes cap and encoding/json's nesting limit give the errors they
// always gave, and cycles and BigInts fail with JSON.stringify's TypeError.
//
// Values it does not model (Proxies, Go-backed objects, Number/String/Boolean
// wrappers, BigInts, RawJSON...) are handed to the runtime's original
// JSON.stringify one at a time, under their key, and the text decoded. One
// difference remains: such a value returned by a toJSON method has its own
// toJSON consulted too (JSON.stringify consults only the first).
//
// Unlike the text path, the walk stops as soon as the value is over the size
// or nesting cap: a value both too large and, further on, cyclic or throwing
// fails with the limit, and a huge sparse array fails at once instead of
// being written out.
func (inv *invocation) exportJSON(v goja.Value) (out any, e *Error) {
	if !present(v) {
		return nil, nil
	}
	w := jsonWalker{inv: inv, rt: inv.rt}
	defer func() {
		if r := recover(); r != nil {
			out = nil
			switch x := r.(type) {
			case jsonWalkError:
				e = x.e
				return
			case error:
				var ex *goja.Exception
				if errors.As(x, &ex) {
					name, msg := inv.describeError(ex.Value())
					e = &Error{Kind: KindInvalidResult, Name: name, Message: msg}
					return
				}
				var intr *goja.InterruptedError
				var so *goja.StackOverflowError
				if errors.As(x, &intr) || errors.As(x, &so) {
					e = inv.goErrorToError(x)
					return
				}
			}
			panic(r)
		}
	}()
	out, _ = w.str("", v)
	return out, nil
}

// jsonWalkError carries a terminal outcome out of a jsonWalker.
type jsonWalkError struct{ e *Error }

// maxExportDepth is encoding/json's nesting limit.
const maxExportDepth = 10000

var (
	jsonMapType   = reflect.TypeOf(map[string]any(nil))
	jsonSliceType = reflect.TypeOf([]any(nil))
	jsonTimeType  = reflect.TypeOf(time.Time{})
	jsonProxyType = reflect.TypeOf(goja.Proxy{})
	jsonStrType   = reflect.TypeOf("")
	jsonIntType   = reflect.TypeOf(int64(0))
	jsonFloatType = reflect.TypeOf(float64(0))
	jsonBoolType  = reflect.TypeOf(false)
)

type jsonWalker struct {
	inv   *invocation
	rt    *goja.Runtime
	stack []*goja.Object
	size  int
}

func (w *jsonWalker) grow(n int) {
	w.size += n
	if w.size > maxResultBytes {
		panic(jsonWalkError{&Error{Kind: KindLimit, Message: "callback value is larger than " + strconv.Itoa(maxResultBytes) + " bytes of JSON"}})
	}
}

func (w *jsonWalker) typeError(msg string) {
	name, m := w.inv.describeError(w.rt.NewTypeError(msg))
	panic(jsonWalkError{&Error{Kind: KindInvalidResult, Name: name, Message: m}})
}

// plain reports whether o is an object the walker models itself.
func plainJSONObject(o *goja.Object) bool {
	et := o.ExportType()
	switch o.ClassName() {
	case "Object", "Error", "Arguments", "RegExp":
		return et == jsonMapType
	case "Array":
		return et == jsonSliceType
	case "Date":
		return et == jsonTimeType
	case "Function":
		return et != jsonProxyType
	}
	return false
}

// str is JSON.stringify's SerializeJSONProperty for value v under key; ok
// is false when the property is left out (undefined).
func (w *jsonWalker) str(key string, v goja.Value) (any, bool) {
	switch x := v.(type) {
	case *goja.Object:
		if !plainJSONObject(x) {
			return w.fallback(key, v)
		}
		if tj, ok := goja.AssertFunction(x.Get("toJSON")); ok {
			return w.serialize(mustCall(tj, x, w.rt.ToValue(key)))
		}
	case *goja.Symbol:
		return nil, false
	default:
		if isBigInt(v) { // which may have a toJSON on its prototype
			return w.fallback(key, v)
		}
	}
	return w.serialize(v)
}

func isJSONPrimitive(t reflect.Type) bool {
	return t == jsonStrType || t == jsonIntType || t == jsonFloatType || t == jsonBoolType
}

// serialize is the part of SerializeJSONProperty after toJSON.
func (w *jsonWalker) serialize(v goja.Value) (any, bool) {
	if v == nil || goja.IsUndefined(v) {
		return nil, false
	}
	if goja.IsNull(v) {
		w.grow(4)
		return nil, true
	}
	if o, ok := v.(*goja.Object); ok {
		if !plainJSONObject(o) {
			return w.fallback("", v)
		}
		if o.ClassName() == "Function" {
			if _, ok := goja.AssertFunction(o); ok {
				return nil, false
			}
		}
		for _, s := range w.stack {
			if s.SameAs(o) {
				w.typeError("Converting circular structure to JSON")
			}
		}
		w.stack = append(w.stack, o)
		defer func() { w.stack = w.stack[:len(w.stack)-1] }()
		if o.ClassName() == "Array" {
			return w.array(o), true
		}
		return w.object(o), true
	}
	if _, ok := v.(*goja.Symbol); ok {
		return nil, false
	}
	switch v.ExportType() {
	case jsonStrType:
		s := v.String()
		w.grow(quotedLen(v, s))
		return s, true
	case jsonIntType:
		i := v.ToInteger()
		w.grow(intLen(i))
		return float64(i), true
	case jsonFloatType:
		f := v.ToFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			w.grow(4)
			return nil, true
		}
		if f == 0 {
			w.grow(1)
			return float64(0), true
		}
		if f == math.Trunc(f) && math.Abs(f) < 1e18 {
			w.grow(intLen(int64(f)))
		} else {
			w.grow(len(v.String()))
		}
		return f, true
	case jsonBoolType:
		if v.ToBoolean() {
			w.grow(4)
			return true, true
		}
		w.grow(5)
		return false, true
	}
	// A BigInt returned by toJSON.
	w.typeError("Do not know how to serialize a BigInt")
	return nil, false
}

func (w *jsonWalker) enter(open byte) {
	if len(w.stack) > maxExportDepth {
		panic(jsonWalkError{&Error{Kind: KindInvalidResult, Message: "callback value is not valid JSON: invalid character '" + string(open) + "' exceeded max depth"}})
	}
	w.grow(2)
}

func (w *jsonWalker) array(o *goja.Object) []any {
	w.enter('[')
	n := o.Get("length").ToInteger()
	out := make([]any, 0, min(n, 1024))
	for i := int64(0); i < n; i++ {
		if i > 0 {
			w.grow(1)
		}
		k := strconv.FormatInt(i, 10)
		v, ok := w.str(k, o.Get(k))
		if !ok {
			w.grow(4)
			v = nil
		}
		out = append(out, v)
	}
	return out
}

func (w *jsonWalker) object(o *goja.Object) map[string]any {
	w.enter('{')
	keys := o.Keys()
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		v, ok := w.str(k, o.Get(k))
		if !ok {
			continue
		}
		if len(out) > 0 {
			w.grow(1)
		}
		w.grow(quotedLen(nil, k) + 1)
		out[k] = v
	}
	return out
}

// fallback serializes v, stored under key, with the runtime's original
// JSON.stringify and decodes the text.
func (w *jsonWalker) fallback(key string, v goja.Value) (any, bool) {
	w.inv.ensureJSON()
	if w.inv.stringify == nil {
		panic(jsonWalkError{&Error{Kind: KindInvalidResult, Message: "callback value cannot be converted to JSON: JSON.stringify is missing"}})
	}
	holder := w.rt.NewObject()
	_ = holder.SetPrototype(nil)
	_ = holder.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	str := mustCall(w.inv.stringify, goja.Undefined(), holder).String()
	if str == "{}" {
		return nil, false
	}
	w.grow(len(str) - quotedLen(nil, key) - 3)
	var m map[string]any
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		panic(jsonWalkError{&Error{Kind: KindInvalidResult, Message: "callback value is not valid JSON: " + err.Error()}})
	}
	return m[key], true
}

// intLen is the length of i in decimal.
func intLen(i int64) int {
	var b [24]byte
	return len(strconv.AppendInt(b[:0], i, 10))
}

// quotedLen is the length of the JSON string literal JSON.stringify writes
// for s (the Go form of v; v may be nil when s has no lone surrogates).
func quotedLen(v goja.Value, s string) int {
	// A run of printable ASCII other than '"' and '\\' is written as it is.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < utf8.RuneSelf && s[i] != '"' && s[i] != '\\' {
		i++
	}
	n := 2 + i
	sawReplacement := false
	for _, r := range s[i:] {
		switch {
		case r == '"' || r == '\\' || r == '\b' || r == '\t' || r == '\n' || r == '\f' || r == '\r':
			n += 2
		case r < 0x20:
			n += 6
		case r == utf8.RuneError:
			sawReplacement = true
			n += 3
		default:
			n += utf8.RuneLen(r)
		}
	}
	if !sawReplacement || v == nil {
		return n
	}
	// Lone surrogates read as U+FFFD in Go but are written as \uXXXX.
	gs, ok := v.(goja.String)
	if !ok {
		return n
	}
	l := gs.Length()
	for i := 0; i < l; i++ {
		c := gs.CharAt(i)
		switch {
		case c >= 0xD800 && c <= 0xDBFF && i+1 < l && gs.CharAt(i+1) >= 0xDC00 && gs.CharAt(i+1) <= 0xDFFF:
			i++
		case c >= 0xD800 && c <= 0xDFFF:
			n += 3 // 6 written, 3 counted as U+FFFD
		}
	}
	return n
}
