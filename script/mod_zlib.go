package script

import (
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"math"
	"strconv"

	"github.com/dop251/goja"
)

// The zlib module: Node's gzip, deflate and raw deflate, their inverses and
// unzip, as one-shot calls (deflateSync; deflate, which calls back on a
// later turn) and as
// streams (createGunzip and the like, which pipe and emit as Node's do but
// convert once they are ended), crc32, constants and codes. The wrappers
// and error texts are zlib's (zlib.go); the compressed bytes are
// compress/flate's, which differ from zlib's but decompress the same.
// Brotli is not provided.

func init() { registerModule("zlib", loadZlib) }

var zlibProgram = builtinModule("zlib", zlibJS)

func loadZlib(h host) (goja.Value, error) {
	rt := h.Runtime()
	n := rt.NewObject()
	// options(mode, opts) checks opts as a stream's constructor does and
	// returns its chunk size.
	_ = n.Set("options", func(mode int, opts goja.Value) int {
		_, chunk := zlibOptionsArg(rt, h, zlibMode(mode), opts)
		return chunk
	})
	// run(mode, data, opts) converts at once: a Buffer, or a throw.
	_ = n.Set("run", func(mode int, data, opts goja.Value) goja.Value {
		b, ok := zlibData(rt, data)
		if !ok {
			panic(argTypeError(rt, "The \"buffer\" argument", "of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer", data))
		}
		o, _ := zlibOptionsArg(rt, h, zlibMode(mode), opts)
		out, err := zlibConvert(h.Context(), zlibMode(mode), b, o)
		if err != nil {
			panic(zlibJSError(rt, h, err))
		}
		return encodeBytes(rt, out, "")
	})
	// async(mode, data, opts, cb) converts at once and calls cb(err) or
	// cb(null, buffer) on a later turn of the loop, as Node calls back. The
	// work stays on the JavaScript goroutine: many calls at once then cost
	// what the same calls made in turn cost, bounded by the deadline, rather
	// than all their buffers at the same time.
	_ = n.Set("async", func(mode int, data, opts, cbv goja.Value) {
		cb := callbackArg(rt, cbv)
		b, ok := zlibData(rt, data)
		if !ok {
			panic(argTypeError(rt, "The \"chunk\" argument", "of type string or an instance of Buffer, TypedArray, or DataView", data))
		}
		o, _ := zlibOptionsArg(rt, h, zlibMode(mode), opts)
		out, err := zlibConvert(h.Context(), zlibMode(mode), b, o)
		args := []goja.Value{goja.Null(), nil}
		if err != nil {
			args = []goja.Value{zlibJSError(rt, h, err)}
		} else {
			args[1] = encodeBytes(rt, out, "")
		}
		h.SetTimer(0, false, func() { callJS(cb, args...) })
	})
	// chunk(value, encoding) is a stream's written chunk as a new Buffer.
	_ = n.Set("chunk", func(v, enc goja.Value) goja.Value {
		return encodeBytes(rt, bytes.Clone(dataArg(rt, v, enc, "chunk")), "")
	})
	_ = n.Set("crc32", func(data, value goja.Value) goja.Value {
		b := dataArg(rt, data, goja.Undefined(), "data")
		var start uint32
		if value != nil && !goja.IsUndefined(value) {
			start = uint32(intArg(rt, value, "value", 0, math.MaxUint32))
		}
		return rt.ToValue(crc32.Update(start, crc32.IEEETable, b))
	})
	_ = n.Set("defer", func(fn goja.Callable) {
		h.SetTimer(0, false, func() { callJS(fn) })
	})
	return runJSModule(h, zlibProgram, n)
}

// isNumber reports whether v is a JavaScript number.
func isNumber(v goja.Value) bool {
	switch v.Export().(type) {
	case int64, float64:
		return true
	}
	return false
}

// zlibData is a one-shot call's input: a string's UTF-8, or the bytes of a
// Buffer, TypedArray, DataView or ArrayBuffer.
func zlibData(rt *goja.Runtime, v goja.Value) ([]byte, bool) {
	if s, ok := primitiveString(v); ok {
		return []byte(s), true
	}
	return isBytesLike(rt, v)
}

// zlibOptionsArg reads Node's zlib options, checking them in the order and
// with the errors of Node's constructors, and returns them with the stream
// chunk size. The output cap is the smaller of maxOutputLength and the
// engine's (host.MaxBytes).
func zlibOptionsArg(rt *goja.Runtime, h host, mode zlibMode, v goja.Value) (zlibOptions, int) {
	o := zlibOptions{level: -1, finishFlush: zFinish, maxOutput: h.MaxBytes()}
	chunk := 16 << 10
	obj, ok := v.(*goja.Object)
	if !ok || !v.ToBoolean() {
		return o, chunk
	}
	if n, ok := zlibNumber(rt, obj, "chunkSize", 64, math.Inf(1)); ok {
		chunk = int(n)
	}
	inflate := mode == zInflate || mode == zGunzip || mode == zUnzip
	if w := obj.Get("windowBits"); !(inflate && (!present(w) || w.ToFloat() == 0)) {
		lo := 8.0
		if mode == zGzip {
			lo = 9 // a window of 8 bits is deflate's, not gzip's
		}
		zlibNumber(rt, obj, "windowBits", lo, 15)
	}
	if n, ok := zlibNumber(rt, obj, "level", -1, 9); ok {
		o.level = int(n)
	}
	zlibNumber(rt, obj, "memLevel", 1, 9)
	if n, ok := zlibNumber(rt, obj, "strategy", 0, 4); ok {
		o.huffmanOnly = int(n) == 2
	}
	if d := obj.Get("dictionary"); d != nil && !goja.IsUndefined(d) {
		b, ok := isBytesLike(rt, d)
		if !ok {
			panic(argTypeError(rt, "The \"options.dictionary\" property", "an instance of Buffer, TypedArray, DataView, or ArrayBuffer", d))
		}
		o.dictionary = bytes.Clone(b)
	}
	zlibNumber(rt, obj, "flush", 0, 5)
	if n, ok := zlibNumber(rt, obj, "finishFlush", 0, 5); ok {
		o.finishFlush = int(n)
	}
	if n, ok := zlibNumber(rt, obj, "maxOutputLength", 1, 1<<32); ok && int64(n) < o.maxOutput {
		o.maxOutput = int64(n)
	}
	return o, chunk
}

// zlibNumber reads the numeric option name as Node's
// checkRangesOrGetDefault does: undefined or NaN is the default (false), a
// non-number a TypeError, a value outside [lo, hi] (hi may be +Inf) or an
// infinite one a RangeError.
func zlibNumber(rt *goja.Runtime, obj *goja.Object, name string, lo, hi float64) (float64, bool) {
	v := obj.Get(name)
	if v == nil || goja.IsUndefined(v) {
		return 0, false
	}
	prop := "options." + name
	if !isNumber(v) {
		panic(argTypeError(rt, "The \""+prop+"\" property", "of type number", v))
	}
	n := v.ToFloat()
	switch {
	case math.IsNaN(n):
		return 0, false
	case math.IsInf(n, 0):
		panic(outOfRange(rt, prop, "a finite number", v))
	case n < lo || n > hi:
		rule := ">= " + strconv.FormatFloat(lo, 'f', -1, 64)
		if !math.IsInf(hi, 1) {
			rule += " and <= " + strconv.FormatFloat(hi, 'f', -1, 64)
		}
		panic(outOfRange(rt, prop, rule, v))
	}
	return n, true
}

// zlibJSError is the JavaScript error for a conversion's err; the deadline
// ends the script.
func zlibJSError(rt *goja.Runtime, h host, err error) goja.Value {
	var ze *zlibError
	var le *zlibLimitError
	switch {
	case errors.As(err, &ze):
		e := jsError(rt, ze.code, ze.msg)
		_ = e.Set("errno", ze.errno)
		return e
	case errors.As(err, &le):
		return jsRangeError(rt, "ERR_BUFFER_TOO_LARGE", le.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		h.CheckDeadline()
	}
	return jsError(rt, "", err.Error())
}

const zlibJS = `
var EventEmitter = require('events');
var util = require('util');

var constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4880,
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1
};
var codes = {};
['Z_OK', 'Z_STREAM_END', 'Z_NEED_DICT', 'Z_ERRNO', 'Z_STREAM_ERROR', 'Z_DATA_ERROR', 'Z_MEM_ERROR', 'Z_BUF_ERROR',
  'Z_VERSION_ERROR'].forEach(function (k) { codes[k] = constants[k]; codes[constants[k]] = k; });
Object.freeze(codes);

// A stream keeps what is written and converts it once ended; its output
// then goes out in chunkSize pieces, as Node's would for one write.
function Zlib(mode, opts) {
  EventEmitter.call(this);
  this._chunkSize = native.options(mode, opts);
  this._mode = mode;
  this._opts = opts;
  this._chunks = [];
  this._encoding = null;
  this._ended = false;
  this.destroyed = false;
  this.bytesWritten = 0;
  this.readable = true;
  this.writable = true;
}
util.inherits(Zlib, EventEmitter);
Zlib.prototype.write = function (chunk, enc, cb) {
  if (typeof enc === 'function') { cb = enc; enc = undefined; }
  var b = native.chunk(chunk, enc);
  var self = this;
  if (this._ended || this.destroyed) {
    var e = new Error('write after end');
    e.code = 'ERR_STREAM_WRITE_AFTER_END';
    native.defer(function () { if (typeof cb === 'function') cb(e); self.emit('error', e); });
    return false;
  }
  this._chunks.push(b);
  this.bytesWritten += b.length;
  if (typeof cb === 'function') native.defer(function () { cb(null); });
  return true;
};
Zlib.prototype.end = function (chunk, enc, cb) {
  if (typeof chunk === 'function') { cb = chunk; chunk = undefined; } else if (typeof enc === 'function') { cb = enc; enc = undefined; }
  if (chunk !== undefined && chunk !== null) this.write(chunk, enc);
  if (this._ended) return this;
  this._ended = true;
  this.writable = false;
  var self = this;
  native.defer(function () { self._convert(cb); });
  return this;
};
Zlib.prototype._convert = function (cb) {
  if (this.destroyed) return;
  var out;
  try {
    out = native.run(this._mode, Buffer.concat(this._chunks), this._opts);
  } catch (e) {
    if (typeof cb === 'function') cb(e);
    this.destroy(e);
    return;
  }
  this._chunks = [];
  if (this._encoding && out.length) this.emit('data', out.toString(this._encoding));
  for (var i = 0; !this._encoding && i < out.length; i += this._chunkSize) this.emit('data', out.slice(i, i + this._chunkSize));
  if (typeof cb === 'function') cb();
  this.emit('finish');
  this.readable = false;
  this.emit('end');
  this.destroyed = true;
  this.emit('close');
};
Zlib.prototype.destroy = function (err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  this.readable = this.writable = false;
  var self = this;
  native.defer(function () {
    if (err) self.emit('error', err);
    self.emit('close');
  });
  return this;
};
Zlib.prototype.close = function (cb) {
  if (typeof cb === 'function') this.once('close', cb);
  return this.destroy();
};
Zlib.prototype.pipe = function (dest, opts) {
  this.on('data', function (c) { dest.write(c); });
  if (!opts || opts.end !== false) this.on('end', function () { dest.end(); });
  return dest;
};
Zlib.prototype.setEncoding = function (enc) { this._encoding = enc || 'utf8'; return this; };
Zlib.prototype.pause = Zlib.prototype.resume = function () { return this; };
Zlib.prototype.flush = Zlib.prototype.params = function () {
  var cb = arguments[arguments.length - 1];
  if (typeof cb === 'function') native.defer(cb);
};
Zlib.prototype.reset = function () {};

var names = { Deflate: 1, Inflate: 2, Gzip: 3, Gunzip: 4, DeflateRaw: 5, InflateRaw: 6, Unzip: 7 };
Object.keys(names).forEach(function (name) {
  var mode = names[name];
  var Class = function (opts) {
    if (!(this instanceof Class)) return new Class(opts);
    Zlib.call(this, mode, opts);
  };
  Object.defineProperty(Class, 'name', { value: name });
  util.inherits(Class, Zlib);
  var lower = name.charAt(0).toLowerCase() + name.slice(1);
  exports[name] = Class;
  exports['create' + name] = function (opts) { return new Class(opts); };
  exports[lower + 'Sync'] = function (buffer, opts) { return native.run(mode, buffer, opts); };
  exports[lower] = function (buffer, opts, cb) {
    if (typeof opts === 'function') { cb = opts; opts = {}; }
    native.async(mode, buffer, opts, cb);
  };
});
exports.crc32 = function (data, value) { return native.crc32(data, value); };
exports.constants = constants;
exports.codes = codes;
Object.keys(constants).forEach(function (k) {
  if (k.slice(0, 2) === 'Z_') Object.defineProperty(exports, k, { value: constants[k], enumerable: false });
});
`
