package script

import (
	"reflect"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// The buffer module's functions beside Buffer, as Node 20's: atob and btoa
// (the globals), isUtf8 and isAscii, transcode between the encodings
// Node's ICU build converts, SlowBuffer and INSPECT_MAX_BYTES.
func (inv *invocation) addBufferFunctions(mod *goja.Object) {
	rt := inv.rt
	_ = mod.Set("INSPECT_MAX_BYTES", 50)
	_ = mod.Set("atob", inv.atob)
	_ = mod.Set("btoa", inv.btoa)
	input := func(v goja.Value) []byte {
		// An ArrayBuffer, a Buffer or another typed array; not a DataView.
		if o, ok := v.(*goja.Object); ok {
			if t := o.ExportType(); t != nil && (t.Kind() == reflect.Slice || t == arrayBufferType) {
				if b, ok := isBytesLike(rt, v); ok {
					return b
				}
			}
		}
		panic(argTypeError(rt, "The \"input\" argument", "an instance of ArrayBuffer, Buffer, or TypedArray", v))
	}
	_ = mod.Set("isUtf8", func(v goja.Value) bool { return utf8.Valid(input(v)) })
	_ = mod.Set("isAscii", func(v goja.Value) bool {
		for _, c := range input(v) {
			if c >= utf8.RuneSelf {
				return false
			}
		}
		return true
	})
	_ = mod.Set("transcode", func(source, from, to goja.Value) goja.Value {
		b, ok := source.(*goja.Object)
		var data []byte
		if ok {
			data, ok = b.Export().([]byte)
		}
		if !ok {
			panic(argTypeError(rt, "The \"source\" argument", "an instance of Buffer or Uint8Array", source))
		}
		out, code := transcode(data, normEncoding(from), normEncoding(to))
		if code != "" {
			panic(jsError(rt, code, "Unable to transcode Buffer ["+code+"]"))
		}
		return encodeBytes(rt, out, "")
	})
	bufferCtor := mod.Get("Buffer").ToObject(rt)
	_ = mod.Set("SlowBuffer", func(call goja.FunctionCall) goja.Value {
		alloc, _ := goja.AssertFunction(bufferCtor.Get("alloc"))
		return mustCall(alloc, bufferCtor, call.Argument(0))
	})
}

var arrayBufferType = reflect.TypeFor[goja.ArrayBuffer]()

// transcode converts data from one of Node's transcodable encodings to
// another, as Node's ICU build does: a character the target cannot hold
// becomes "?", a byte that is no UTF-8 (or ASCII) U+FFFD, except that
// UTF-16 cannot be made from invalid UTF-8 nor anything from a lone
// surrogate ("U_INVALID_CHAR_FOUND"). The error is "" or ICU's code.
func transcode(data []byte, from, to string) ([]byte, string) {
	switch to {
	case "utf8", "latin1", "ascii", "utf16le":
	default:
		return nil, "U_ILLEGAL_ARGUMENT_ERROR"
	}
	var runes []rune
	switch from {
	case "utf8":
		if to == "utf16le" && !utf8.Valid(data) {
			return nil, "U_INVALID_CHAR_FOUND"
		}
		runes = []rune(string(data))
	case "latin1", "ascii":
		runes = make([]rune, len(data))
		for i, c := range data {
			runes[i] = rune(c)
			if from == "ascii" && c >= utf8.RuneSelf {
				runes[i] = utf8.RuneError
			}
		}
	case "utf16le":
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		for i := 0; i < len(u); i++ {
			switch {
			case utf16.IsSurrogate(rune(u[i])) && i+1 < len(u) && u[i] < 0xdc00 && u[i+1] >= 0xdc00 && u[i+1] <= 0xdfff:
				runes = append(runes, utf16.DecodeRune(rune(u[i]), rune(u[i+1])))
				i++
			case utf16.IsSurrogate(rune(u[i])):
				if to == "utf8" || to == "utf16le" {
					return nil, "U_INVALID_CHAR_FOUND"
				}
				runes = append(runes, '?')
			default:
				runes = append(runes, rune(u[i]))
			}
		}
	default:
		return nil, "U_ILLEGAL_ARGUMENT_ERROR"
	}
	switch to {
	case "utf8":
		return []byte(string(runes)), ""
	case "latin1", "ascii":
		limit := rune(0xff)
		if to == "ascii" {
			limit = 0x7f
		}
		out := make([]byte, len(runes))
		for i, r := range runes {
			if r > limit {
				r = '?'
			}
			out[i] = byte(r)
		}
		return out, ""
	default:
		u := utf16.Encode(runes)
		out := make([]byte, 2*len(u))
		for i, c := range u {
			out[2*i], out[2*i+1] = byte(c), byte(c>>8)
		}
		return out, ""
	}
}
