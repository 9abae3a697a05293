package script

import (
	"github.com/dop251/goja"
)

// The timers, timers/promises and string_decoder modules: small core
// modules scripts reach for (a sleep between retries, decoding chunks).

func init() {
	registerModule("timers", func(h host) (goja.Value, error) { return runJSModule(h, timersProgram, nil) })
	registerModule("timers/promises", func(h host) (goja.Value, error) { return runJSModule(h, timersPromisesProgram, nil) })
	registerModule("string_decoder", loadStringDecoder)
}

var (
	timersProgram         = builtinModule("timers", timersJS)
	timersPromisesProgram = builtinModule("timers/promises", timersPromisesJS)
)

// The timers module hands out the global timer functions.
const timersJS = `
module.exports = {
  setTimeout: setTimeout, clearTimeout: clearTimeout, setInterval: setInterval, clearInterval: clearInterval,
  setImmediate: setImmediate, clearImmediate: clearImmediate, promises: require('timers/promises')
};
`

const timersPromisesJS = `
function abortError(signal) {
  var e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  e.cause = signal.reason;
  return e;
}
function later(schedule, cancel) {
  return function (value, options) {
    var signal = options && options.signal;
    return new Promise(function (resolve, reject) {
      if (signal && signal.aborted) return reject(abortError(signal));
      var t = schedule(function () { resolve(value); });
      if (signal) signal.addEventListener('abort', function () { cancel(t); reject(abortError(signal)); });
    });
  };
}
var immediate = later(function (f) { return setImmediate(f); }, clearImmediate);
module.exports = {
  setTimeout: function (delay, value, options) {
    return later(function (f) { return setTimeout(f, delay); }, clearTimeout)(value, options);
  },
  setImmediate: immediate,
  scheduler: {
    wait: function (delay, options) { return module.exports.setTimeout(delay, undefined, options); },
    yield: function () { return immediate(); }
  }
};
`

// loadStringDecoder is the string_decoder module: StringDecoder holds back
// the bytes of a character (or base64 group) a later chunk completes, as
// the cipher's string outputs do (textDecoder).
func loadStringDecoder(h host) (goja.Value, error) {
	rt := h.Runtime()
	exports := rt.NewObject()
	ctor := func(call goja.ConstructorCall) *goja.Object {
		enc := "utf8"
		if a := call.Argument(0); present(a) {
			enc = normEncoding(a)
			if enc == "buffer" || !knownEncodings[enc] {
				panic(jsTypeError(rt, "ERR_UNKNOWN_ENCODING", "Unknown encoding: "+a.String()))
			}
		}
		d := &textDecoder{}
		o := call.This
		_ = o.Set("encoding", enc)
		chunk := func(v goja.Value) []byte {
			b, ok := isBytesLike(rt, v)
			if !ok {
				panic(argTypeError(rt, "The \"buf\" argument", "an instance of Buffer, TypedArray, or DataView", v))
			}
			return b
		}
		_ = o.Set("write", func(call goja.FunctionCall) goja.Value {
			if s, ok := primitiveString(call.Argument(0)); ok {
				return rt.ToValue(s)
			}
			return d.write(rt, enc, chunk(call.Argument(0)))
		})
		_ = o.Set("end", func(call goja.FunctionCall) goja.Value {
			var b []byte
			if a := call.Argument(0); present(a) {
				if s, ok := primitiveString(a); ok {
					return rt.ToValue(d.end(rt, enc, nil).String() + s)
				}
				b = chunk(a)
			}
			return d.end(rt, enc, b)
		})
		return nil
	}
	_ = exports.Set("StringDecoder", ctor)
	return exports, nil
}
