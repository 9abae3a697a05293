package script

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// The crypto module's one-call helpers of Node 20: hash, randomInt,
// randomFillSync and randomFill, with Node's argument checks and errors.

// randMax is the largest range randomInt draws from (2**48 - 1).
const randMax = 1<<48 - 1

// maxPossibleLength bounds randomFill's offset and size (2**31 - 1).
const maxPossibleLength = math.MaxInt32

func addOneShots(h host, exp *goja.Object) {
	rt := h.Runtime()
	_ = exp.Set("hash", func(call goja.FunctionCall) goja.Value {
		alg := stringArg(rt, call.Argument(0), "algorithm")
		data := dataArg(rt, call.Argument(1), goja.Undefined(), "input")
		enc := "hex"
		if out := call.Argument(2); !goja.IsUndefined(out) {
			s := stringArg(rt, out, "outputEncoding")
			if enc = normEncoding(out); !knownEncodings[enc] && enc != "buffer" {
				panic(jsTypeError(rt, "ERR_INVALID_ARG_VALUE", "The argument 'outputEncoding' is invalid. Received "+strEscape(s)))
			}
		}
		a, ok := hashAlgos[strings.ToLower(alg)]
		if !ok {
			panic(jsError(rt, "", "Digest method "+alg+" is not supported"))
		}
		hh := a.new()
		hh.Write(data)
		return encodeBytes(rt, hh.Sum(nil), enc)
	})
	_ = exp.Set("randomInt", func(call goja.FunctionCall) goja.Value {
		minV, maxV, cbV := call.Argument(0), call.Argument(1), call.Argument(2)
		_, maxIsFn := goja.AssertFunction(maxV)
		minNotSpecified := goja.IsUndefined(maxV) || maxIsFn
		if minNotSpecified {
			cbV, maxV, minV = maxV, minV, rt.ToValue(0)
		}
		var cb goja.Callable
		if !goja.IsUndefined(cbV) {
			cb = callbackArg(rt, cbV)
		}
		lo := safeIntegerArg(rt, minV, "min")
		hi := safeIntegerArg(rt, maxV, "max")
		if hi <= lo {
			panic(outOfRange(rt, "max", "greater than the value of \"min\" ("+strconv.FormatInt(lo, 10)+")", maxV))
		}
		if span := hi - lo; span > randMax {
			name := "max - min"
			if minNotSpecified {
				name = "max"
			}
			panic(outOfRange(rt, name, "<= "+strconv.Itoa(randMax), rt.ToValue(span)))
		}
		n := lo + randomBelow(hi-lo)
		if cb == nil {
			return rt.ToValue(n)
		}
		h.SetTimer(0, false, func() { callJS(cb, goja.Undefined(), rt.ToValue(n)) })
		return goja.Undefined()
	})
	// fill is randomFillSync's work on buf: offset and size (undefined: the
	// defaults) count elements of buf, checked as Node checks them.
	fill := func(b []byte, elem float64, offsetV, sizeV goja.Value) {
		offset, size := 0.0, -1.0
		if !goja.IsUndefined(offsetV) {
			offset = numberArg(rt, offsetV, "offset") * elem
			limit := math.Min(float64(len(b)), maxPossibleLength)
			if math.IsNaN(offset) || offset > limit || offset < 0 {
				panic(outOfRange(rt, "offset", fmt.Sprintf(">= 0 && <= %d", int64(limit)), rt.ToValue(offset)))
			}
		}
		if !goja.IsUndefined(sizeV) {
			size = numberArg(rt, sizeV, "size") * elem
			if math.IsNaN(size) || size > maxPossibleLength || size < 0 {
				panic(outOfRange(rt, "size", fmt.Sprintf(">= 0 && <= %d", maxPossibleLength), rt.ToValue(size)))
			}
			if size+offset > float64(len(b)) {
				panic(outOfRange(rt, "size + offset", fmt.Sprintf("<= %d", len(b)), rt.ToValue(size+offset)))
			}
		}
		start := int(uint32(offset))
		end := len(b)
		if size >= 0 {
			end = start + int(uint32(size))
		}
		_, _ = rand.Read(b[start:end])
	}
	// bufArg is the buffer to fill and the size of its elements.
	bufArg := func(buf goja.Value) ([]byte, float64) {
		b, ok := isBytesLike(rt, buf)
		if !ok {
			panic(argTypeError(rt, "The \"buf\" argument", "an instance of ArrayBuffer or ArrayBufferView", buf))
		}
		elem := 1.0
		if o, isObj := buf.(*goja.Object); isObj {
			if n := o.Get("BYTES_PER_ELEMENT"); n != nil && n.ToFloat() > 0 {
				elem = n.ToFloat()
			}
		}
		return b, elem
	}
	_ = exp.Set("randomFillSync", func(call goja.FunctionCall) goja.Value {
		buf, offset, size := call.Argument(0), call.Argument(1), call.Argument(2)
		b, elem := bufArg(buf)
		fill(b, elem, offset, size)
		return buf
	})
	// randomFill(buf[, offset[, size]], callback), with Node's reading of
	// where the callback is (and its doubling of an offset given with a
	// callback in size's place).
	_ = exp.Set("randomFill", func(call goja.FunctionCall) goja.Value {
		buf, offset, size, cbV := call.Argument(0), call.Argument(1), call.Argument(2), call.Argument(3)
		b, elem := bufArg(buf)
		var cb goja.Callable
		if f, ok := goja.AssertFunction(offset); ok {
			cb, offset, size = f, goja.Undefined(), goja.Undefined()
		} else if f, ok := goja.AssertFunction(size); ok {
			cb, size = f, goja.Undefined()
			if isNumber(offset) {
				offset = rt.ToValue(offset.ToFloat() * elem)
			}
		} else {
			cb = callbackArg(rt, cbV)
		}
		fill(b, elem, offset, size)
		h.SetTimer(0, false, func() { callJS(cb, goja.Null(), buf) })
		return goja.Undefined()
	})
}

// randomBelow is a uniform random integer in [0, n), n <= 2**48.
func randomBelow(n int64) int64 {
	var b [8]byte
	limit := (1 << 48) - (1<<48)%uint64(n)
	for {
		_, _ = rand.Read(b[2:])
		if v := binary.BigEndian.Uint64(b[:]); v < limit {
			return int64(v % uint64(n))
		}
	}
}

// stringArg is a string argument, or Node's ERR_INVALID_ARG_TYPE naming it.
func stringArg(rt *goja.Runtime, v goja.Value, name string) string {
	s, ok := primitiveString(v)
	if !ok {
		panic(argTypeError(rt, "The \""+name+"\" argument", "of type string", v))
	}
	return s
}

// numberArg is a number argument, or Node's ERR_INVALID_ARG_TYPE.
func numberArg(rt *goja.Runtime, v goja.Value, name string) float64 {
	if !isNumber(v) {
		panic(argTypeError(rt, "The \""+name+"\" argument", "of type number", v))
	}
	return v.ToFloat()
}

// safeIntegerArg is an argument that must be a safe integer.
func safeIntegerArg(rt *goja.Runtime, v goja.Value, name string) int64 {
	f := math.NaN()
	if isNumber(v) {
		f = v.ToFloat()
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53-1 {
		panic(argTypeError(rt, "The \""+name+"\" argument", "a safe integer", v))
	}
	return int64(f)
}
