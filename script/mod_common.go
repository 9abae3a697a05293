package script

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
)

// Helpers shared by the built-in modules (files named mod_*.go).
//
// Modules written in JavaScript are compiled once, on first use, into a
// *goja.Program whose value is a function
//
//	function (module, exports, require, native) { ... }
//
// runJSModule runs that program on the invocation's runtime and calls the
// function with fresh module/exports objects, so no JavaScript value is ever
// shared between invocations.

// builtinProgram is JavaScript of this package compiled on first use and
// then shared by every invocation (a *goja.Program is read-only once
// compiled). Compiling lazily keeps the programs a process never runs out of
// its heap: compiled code is pointer-rich, and every live byte of it is
// scanned again by each garbage collection, which the collector starts after
// every few hundred invocations.
type builtinProgram struct {
	name, src string
	module    bool // src is a module body (builtinModule)
	once      sync.Once
	prog      *goja.Program
}

// builtinPrograms lists every builtinProgram, so that a test compiles all of
// them (a syntax error in one is a programming error in this package).
var builtinPrograms []*builtinProgram

// builtin declares src, non-strict code, as a builtinProgram named name.
func builtin(name, src string) *builtinProgram {
	b := &builtinProgram{name: name, src: src}
	builtinPrograms = append(builtinPrograms, b)
	return b
}

// builtinModule declares the body of a JavaScript module, strict code.
func builtinModule(name, body string) *builtinProgram {
	b := builtin("builtin:"+name, body)
	b.module = true
	return b
}

// program compiles b on the first call and returns the compiled program.
func (b *builtinProgram) program() *goja.Program {
	b.once.Do(func() {
		src := b.src
		if b.module {
			src = "(function (module, exports, require, native) {'use strict';\n" + src + "\n})"
		}
		p, err := goja.Compile(b.name, src, b.module)
		if err != nil {
			panic("script: compiling built-in " + b.name + ": " + err.Error())
		}
		b.prog = p
	})
	return b.prog
}

// runJSModule instantiates a compiled JavaScript module for one invocation.
// native (may be nil) is handed to the module body as `native`, the bridge to
// its Go half.
func runJSModule(h host, prog *builtinProgram, native *goja.Object) (goja.Value, error) {
	rt := h.Runtime()
	fnv, err := rt.RunProgram(prog.program())
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(fnv)
	if !ok {
		return nil, errors.New("script: built-in module is not a function")
	}
	module := rt.NewObject()
	exports := rt.NewObject()
	if err := module.Set("exports", exports); err != nil {
		return nil, err
	}
	req := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		v, err := h.Require(name)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return v
	})
	var nv goja.Value = goja.Undefined()
	if native != nil {
		nv = native
	}
	if _, err := fn(goja.Undefined(), module, exports, req, nv); err != nil {
		return nil, err
	}
	return module.Get("exports"), nil
}

// jsTypeError builds a JavaScript TypeError carrying a Node error code.
func jsTypeError(rt *goja.Runtime, code, msg string) *goja.Object {
	e := rt.NewTypeError(msg)
	_ = e.Set("code", code)
	return e
}

// jsError builds a JavaScript Error (optionally with a Node error code).
func jsError(rt *goja.Runtime, code, msg string) *goja.Object {
	return jsErrorOf(rt, "Error", code, msg)
}

// jsRangeError builds a JavaScript RangeError carrying a Node error code.
func jsRangeError(rt *goja.Runtime, code, msg string) *goja.Object {
	return jsErrorOf(rt, "RangeError", code, msg)
}

// jsErrorOf builds an error with the runtime's constructor named ctor and
// msg, and the Node error code when code is not empty; a TypeError when that
// constructor cannot be called.
func jsErrorOf(rt *goja.Runtime, ctor, code, msg string) *goja.Object {
	c, ok := goja.AssertConstructor(rt.Get(ctor))
	if !ok {
		return rt.NewTypeError(msg)
	}
	e, err := c(nil, rt.ToValue(msg))
	if err != nil {
		return rt.NewTypeError(msg)
	}
	if code != "" {
		_ = e.Set("code", code)
	}
	return e
}

// present reports whether v is a value: neither missing (nil), undefined
// nor null.
func present(v goja.Value) bool { return v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) }

// normEncoding lower-cases an encoding name the way Node accepts it and
// returns "" for undefined.
func normEncoding(v goja.Value) string {
	if !present(v) {
		return ""
	}
	switch e := strings.ToLower(v.String()); e {
	case "utf-8":
		return "utf8"
	case "binary":
		return "latin1"
	case "ucs2", "ucs-2", "utf-16le":
		return "utf16le"
	default:
		return e
	}
}

// knownEncodings are the encodings decodeString and encodeBytes know, by
// normEncoding's names.
var knownEncodings = map[string]bool{"utf8": true, "hex": true, "base64": true, "base64url": true, "latin1": true, "ascii": true, "utf16le": true}

// bufferNative is buffer_extra.js's bridge to the codecs: encoding(e) is
// normEncoding's name of e, "" when unknown; decode(s, enc) a new Buffer of
// s in enc; encode(bytes, enc) the bytes as a string in enc.
func bufferNative(rt *goja.Runtime) *goja.Object {
	o := rt.NewObject()
	_ = o.Set("encoding", func(call goja.FunctionCall) goja.Value {
		if e := normEncoding(call.Argument(0)); knownEncodings[e] {
			return rt.ToValue(e)
		}
		return rt.ToValue("")
	})
	_ = o.Set("decode", func(call goja.FunctionCall) goja.Value {
		return buffer.WrapBytes(rt, decodeString(call.Argument(0).String(), call.Argument(1).String()))
	})
	_ = o.Set("encode", func(call goja.FunctionCall) goja.Value {
		b, _ := isBytesLike(rt, call.Argument(0))
		return encodeBytes(rt, b, call.Argument(1).String())
	})
	// standIn(w, native) makes w stand in for native (see standIn), with
	// statics enumerable as Node's Buffer statics are.
	_ = o.Set("standIn", func(call goja.FunctionCall) goja.Value {
		standIn(rt, call.Argument(0).ToObject(rt), call.Argument(1).ToObject(rt), true)
		return goja.Undefined()
	})
	_ = o.Set("checkSize", func(call goja.FunctionCall) goja.Value {
		checkAllocSize(rt, call.Argument(0), call.Argument(1).String())
		return goja.Undefined()
	})
	_ = o.Set("received", receivedFunc(rt))
	_ = o.Set("maxBytes", maxAllocBytes)
	// define(obj, name, fn) defines a method as built-in methods are:
	// writable, configurable, not enumerable.
	_ = o.Set("define", func(call goja.FunctionCall) goja.Value {
		if obj, ok := call.Argument(0).(*goja.Object); ok {
			_ = obj.DefineDataProperty(call.Argument(1).String(), call.Argument(2), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
		return goja.Undefined()
	})
	return o
}

// standIn makes the function w stand in for the constructor native: w
// gets native's [[Prototype]], its own properties but prototype and length
// (statics enumerable when enumerable is set, name never; only those named
// in own when given, which spares reading them all), and its prototype,
// which then names w as its constructor.
func standIn(rt *goja.Runtime, w, native *goja.Object, enumerable bool, own ...string) {
	_ = w.SetPrototype(native.Prototype())
	static := goja.FLAG_FALSE
	if enumerable {
		static = goja.FLAG_TRUE
	}
	if own == nil {
		own = native.GetOwnPropertyNames()
	}
	for _, k := range own {
		// writable, configurable, enumerable: as the built-in's.
		switch k {
		case "prototype", "length":
		case "BYTES_PER_ELEMENT":
			_ = w.DefineDataProperty(k, native.Get(k), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		case "name":
			_ = w.DefineDataProperty(k, native.Get(k), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		default:
			_ = w.DefineDataProperty(k, native.Get(k), goja.FLAG_TRUE, goja.FLAG_TRUE, static)
		}
	}
	proto := native.Get("prototype").ToObject(rt)
	_ = w.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	_ = proto.DefineDataProperty("constructor", w, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// replaceConstructor puts w, a function standing in for the global
// constructor native (see standIn, own) with native's length, in native's
// place as the global name.
func replaceConstructor(rt *goja.Runtime, name string, w, native *goja.Object, own ...string) {
	standIn(rt, w, native, false, own...)
	_ = w.DefineDataProperty("length", native.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = rt.GlobalObject().DefineDataProperty(name, w, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// isBytesLike reports whether v is a Buffer, TypedArray, DataView or
// ArrayBuffer, and returns its bytes (shared with the JavaScript value).
func isBytesLike(rt *goja.Runtime, v goja.Value) ([]byte, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	switch x := o.Export().(type) {
	case []byte:
		return x, true
	case goja.ArrayBuffer:
		return x.Bytes(), true
	}
	// Other TypedArrays and DataView: go through their underlying buffer.
	if bv := o.Get("buffer"); bv != nil {
		if ab, ok := bv.Export().(goja.ArrayBuffer); ok {
			off := int(o.Get("byteOffset").ToInteger())
			n := int(o.Get("byteLength").ToInteger())
			b := ab.Bytes()
			if off >= 0 && n >= 0 && off+n <= len(b) {
				return b[off : off+n], true
			}
		}
	}
	return nil, false
}

// decodeString converts a JavaScript string to bytes in a Node encoding
// (utf8 when enc is empty or unknown).
func decodeString(s string, enc string) []byte {
	switch enc {
	case "hex":
		// Node stops at the first invalid pair.
		n := len(s) / 2
		out := make([]byte, 0, n)
		for i := 0; i < n; i++ {
			b, err := hex.DecodeString(s[2*i : 2*i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out
	case "base64", "base64url":
		return lenientBase64(s)
	case "latin1", "ascii":
		out := make([]byte, 0, len(s))
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u))
		}
		return out
	case "utf16le":
		u := utf16.Encode([]rune(s))
		out := make([]byte, 0, 2*len(u))
		for _, c := range u {
			out = append(out, byte(c), byte(c>>8))
		}
		return out
	default:
		return []byte(s)
	}
}

// lenientBase64 decodes standard or URL-safe base64, padded or not, skipping
// characters outside the alphabet, as Node's Buffer.from(s, 'base64') does.
func lenientBase64(s string) []byte {
	var clean strings.Builder
	clean.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			clean.WriteByte(c)
		case c == '+' || c == '-':
			clean.WriteByte('+')
		case c == '/' || c == '_':
			clean.WriteByte('/')
		case c == '=':
			// Node stops decoding at the first padding character.
			i = len(s)
		}
	}
	t := clean.String()
	if len(t)%4 == 1 {
		t = t[:len(t)-1]
	}
	b, err := base64.RawStdEncoding.DecodeString(t)
	if err != nil {
		return nil
	}
	return b
}

// encodeBytes converts bytes to a JavaScript string in a Node encoding, or
// to a new Buffer when enc is "" or "buffer".
func encodeBytes(rt *goja.Runtime, b []byte, enc string) goja.Value {
	switch enc {
	case "", "buffer":
		c := make([]byte, len(b))
		copy(c, b)
		return buffer.WrapBytes(rt, c)
	case "hex":
		return rt.ToValue(hex.EncodeToString(b))
	case "base64":
		return rt.ToValue(base64.StdEncoding.EncodeToString(b))
	case "base64url":
		return rt.ToValue(base64.RawURLEncoding.EncodeToString(b))
	case "latin1":
		u := make([]uint16, len(b))
		for i, c := range b {
			u[i] = uint16(c)
		}
		return rt.ToValue(string(utf16.Decode(u)))
	case "ascii":
		u := make([]uint16, len(b))
		for i, c := range b {
			u[i] = uint16(c & 0x7f)
		}
		return rt.ToValue(string(utf16.Decode(u)))
	case "utf16le":
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return rt.ToValue(string(utf16.Decode(u)))
	default:
		return rt.ToValue(toValidUTF8(b))
	}
}

// toValidUTF8 decodes bytes as UTF-8, replacing each invalid sequence with
// U+FFFD as Node does.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// dataArg converts a Node `data` argument (string in an encoding, Buffer,
// TypedArray, DataView: Hash.update's and Cipher.update's) to bytes,
// throwing Node's ERR_INVALID_ARG_TYPE for anything else, an ArrayBuffer
// included.
func dataArg(rt *goja.Runtime, v goja.Value, enc goja.Value, argName string) []byte {
	if b, ok := isBytesLike(rt, v); ok && !isArrayBuffer(v) {
		return b
	}
	if s, ok := primitiveString(v); ok {
		e := normEncoding(enc)
		if e == "hex" {
			// Node's validateEncoding: hex text of odd length is refused
			// rather than cut short.
			if n := utf16Len(s); n%2 != 0 {
				panic(jsTypeError(rt, "ERR_INVALID_ARG_VALUE", fmt.Sprintf("The argument 'encoding' is invalid for data of length %d. Received '%s'", n, enc.String())))
			}
		}
		return decodeString(s, e)
	}
	panic(argTypeError(rt, "The \""+argName+"\" argument", "of type string or an instance of Buffer, TypedArray, or DataView", v))
}

// bytesArg is Node's getArrayBufferOrView: a string in an encoding (UTF-8
// when enc is undefined), or the bytes of an ArrayBuffer, Buffer,
// TypedArray or DataView; anything else is ERR_INVALID_ARG_TYPE naming it.
func bytesArg(rt *goja.Runtime, v, enc goja.Value, name string) []byte {
	if b, ok := isBytesLike(rt, v); ok {
		return b
	}
	if s, ok := primitiveString(v); ok {
		return decodeString(s, normEncoding(enc))
	}
	panic(argTypeError(rt, "The \""+name+"\" argument", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v))
}

// isArrayBuffer reports whether v is an ArrayBuffer (not a view of one).
func isArrayBuffer(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	_, ok = o.Export().(goja.ArrayBuffer)
	return ok
}

// outOfRange is Node's ERR_OUT_OF_RANGE: the value v of name is not rule.
// Integers beyond 2**32 get underscores between groups of three digits
// (addNumericalSeparator), anything else is written as inspect writes it.
func outOfRange(rt *goja.Runtime, name, rule string, v goja.Value) *goja.Object {
	received := inspect(rt, v)
	if f := v.ToFloat(); (isBigInt(v) || isNumber(v) && f == math.Trunc(f) && !math.IsInf(f, 0)) && math.Abs(f) > 1<<32 {
		digits := strings.TrimSuffix(received, "n")
		start := 0
		if strings.HasPrefix(digits, "-") {
			start = 1
		}
		var groups string
		i := len(digits)
		for ; i >= start+4; i -= 3 {
			groups = "_" + digits[i-3:i] + groups
		}
		received = digits[:i] + groups + received[len(digits):]
	}
	return jsRangeError(rt, "ERR_OUT_OF_RANGE", "The value of \""+name+"\" is out of range. It must be "+rule+". Received "+received)
}

// describeReceived renders Node's " Received ..." suffix for argument type
// errors: lib/internal/errors.js's determineSpecificType.
func describeReceived(rt *goja.Runtime, v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return " Received undefined"
	case goja.IsNull(v):
		return " Received null"
	}
	if sym, ok := v.(*goja.Symbol); ok {
		return " Received type symbol (Symbol(" + sym.String() + "))"
	}
	if obj, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(obj); fn {
			return " Received function " + templateString(rt, obj.Get("name"))
		}
		if ctor := obj.Get("constructor"); ctor != nil && ctor.ToBoolean() {
			c, isObj := ctor.(*goja.Object)
			if !isObj {
				panic(rt.NewTypeError("Cannot use 'in' operator to search for 'name' in " + safeString(ctor)))
			}
			if name := c.Get("name"); name != nil {
				return " Received an instance of " + templateString(rt, name)
			}
		}
		o := defaultInspectOptions()
		o.depth = -1
		return " Received " + inspectValue(rt, obj, o)
	}
	switch x := v.Export().(type) {
	case int64, float64:
		return " Received type number (" + numberString(v.ToFloat()) + ")"
	case bool:
		return " Received type boolean (" + strconv.FormatBool(x) + ")"
	case string:
		if utf16Len(x) > 28 {
			x = utf16Prefix(x, 25) + "..."
		}
		if !strings.Contains(x, "'") {
			return " Received type string ('" + x + "')"
		}
		return " Received type string (" + jsonQuote(x) + ")"
	}
	return " Received type bigint (" + v.String() + "n)"
}

// argTypeError is Node's ERR_INVALID_ARG_TYPE: "<subject> must be
// <expected>." and the value received, named as Node names it.
func argTypeError(rt *goja.Runtime, subject, expected string, v goja.Value) *goja.Object {
	return jsTypeError(rt, "ERR_INVALID_ARG_TYPE", subject+" must be "+expected+"."+describeReceived(rt, v))
}

// receivedFunc is describeReceived as a function for modules written in
// JavaScript.
func receivedFunc(rt *goja.Runtime) func(goja.Value) string {
	return func(v goja.Value) string { return describeReceived(rt, v) }
}

// templateString is v as a template literal writes it: String(v), which
// throws for a Symbol.
func templateString(rt *goja.Runtime, v goja.Value) string {
	switch {
	case v == nil:
		return "undefined"
	case isSymbol(v):
		panic(rt.NewTypeError("Cannot convert a Symbol value to a string"))
	}
	return v.String()
}

// jsonQuote is JSON.stringify of the string s.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// callJS calls a script function from a module's completion or timer. A throw
// inside it is an uncaught exception of the invocation, as in Node, so it is
// rethrown for the event loop to report rather than dropped.
func callJS(fn goja.Callable, args ...goja.Value) {
	mustCall(fn, goja.Undefined(), args...)
}

// mustCall calls f from Go code that JavaScript called, rethrowing f's
// exception (or the interrupt) to the script.
func mustCall(f goja.Callable, this goja.Value, args ...goja.Value) goja.Value {
	v, err := f(this, args...)
	if err != nil {
		panic(err)
	}
	return v
}

// isSymbol reports whether v is a Symbol primitive.
func isSymbol(v goja.Value) bool {
	_, ok := v.(*goja.Symbol)
	return ok
}
