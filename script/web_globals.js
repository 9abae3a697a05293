(function (Buffer, received) {
  'use strict';
  // Globals of Node 20 that goja lacks and scripts use: TextEncoder,
  // TextDecoder, structuredClone, queueMicrotask, AbortController and
  // AbortSignal. Made once per
  // invocation that reads one of them (see webGlobals).

  function argTypeError(name, what, v) {
    var e = new TypeError('The "' + name + '" argument must be ' + what + '.' + received(v));
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }

  function bytesOf(input) {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    // Node's own message here names "list" and gives no "Received" part.
    var e = new TypeError('The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input) {
      var b = Buffer.from(input === undefined ? '' : String(input), 'utf8');
      return new Uint8Array(b.buffer, b.byteOffset, b.length).slice();
    }
    encodeInto(src, dest) {
      if (!(dest instanceof Uint8Array)) throw argTypeError('dest', 'an instance of Uint8Array', dest);
      src = String(src);
      var read = 0, written = 0;
      for (var i = 0; i < src.length; i++) {
        var c = src.charCodeAt(i), units = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < src.length) {
          var d = src.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) units = 2;
        }
        var b = Buffer.from(src.substr(i, units), 'utf8');
        if (written + b.length > dest.length) break;
        dest.set(b, written);
        written += b.length;
        read += units;
        i += units - 1;
      }
      return { read: read, written: written };
    }
  }

  var decoderLabels = { 'utf-8': 'utf-8', 'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
    'utf-16le': 'utf-16le', 'utf-16': 'utf-16le' };

  class TextDecoder {
    constructor(label, options) {
      label = label === undefined ? 'utf-8' : String(label).trim().toLowerCase();
      var enc = decoderLabels[label];
      if (enc === undefined) {
        var e = new RangeError('The "' + label + '" encoding is not supported');
        e.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw e;
      }
      options = options || {};
      Object.defineProperty(this, '_state', { value: { encoding: enc, fatal: !!options.fatal, ignoreBOM: !!options.ignoreBOM } });
    }
    get encoding() { return this._state.encoding; }
    get fatal() { return this._state.fatal; }
    get ignoreBOM() { return this._state.ignoreBOM; }
    decode(input) {
      var st = this._state, b = bytesOf(input), buf = Buffer.from(b.buffer, b.byteOffset, b.length), s;
      if (st.encoding === 'utf-16le') {
        s = buf.toString('utf16le');
        if (!st.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        return s;
      }
      s = buf.toString('utf8');
      if (st.fatal && s.indexOf('\ufffd') >= 0 && !Buffer.from(s, 'utf8').equals(buf)) {
        var e = new TypeError('The encoded data was not valid for encoding utf-8');
        e.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
        throw e;
      }
      if (!st.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
  }

  function dataCloneError(v) {
    var e = new Error((typeof v === 'symbol' ? v.toString() : String(v)) + ' could not be cloned.');
    e.name = 'DataCloneError';
    e.code = 25;
    return e;
  }

  // structuredClone: the HTML structured clone of the values scripts pass
  // (plain data, Date, RegExp, Map, Set, ArrayBuffer, typed arrays, Error
  // objects, primitive wrappers), shared and circular references kept.
  function structuredClone(value) {
    if (arguments.length === 0) throw new TypeError('The value argument must be specified');
    var seen = new Map();
    function clone(v) {
      if (typeof v === 'function' || typeof v === 'symbol') throw dataCloneError(v);
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return seen.get(v);
      var out, tag = Object.prototype.toString.call(v);
      if (Array.isArray(v)) {
        out = new Array(v.length);
        seen.set(v, out);
        Object.keys(v).forEach(function (k) { out[k] = clone(v[k]); });
        return out;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (v instanceof DataView) out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength);
      else if (ArrayBuffer.isView(v)) {
        var T = Buffer.isBuffer(v) ? Uint8Array : v.constructor; // a Buffer clones to a Uint8Array
        out = new T(clone(v.buffer), v.byteOffset, v.length);
      } else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        v.forEach(function (val, key) { out.set(clone(key), clone(val)); });
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        v.forEach(function (val) { out.add(clone(val)); });
        return out;
      } else if (v instanceof Error) {
        var ctors = { EvalError: EvalError, RangeError: RangeError, ReferenceError: ReferenceError, SyntaxError: SyntaxError, TypeError: TypeError, URIError: URIError };
        var C = ctors[v.name] || Error;
        out = new C(v.message);
        if (v.stack !== undefined) out.stack = v.stack;
        if ('cause' in v) out.cause = clone(v.cause);
      } else if (tag === '[object Boolean]' || tag === '[object Number]' || tag === '[object String]') {
        out = Object(v.valueOf());
      } else if (tag === '[object Promise]' || tag === '[object WeakMap]' || tag === '[object WeakSet]') {
        throw dataCloneError(v);
      } else {
        out = {};
        seen.set(v, out);
        Object.keys(v).forEach(function (k) { out[k] = clone(v[k]); });
        return out;
      }
      seen.set(v, out);
      return out;
    }
    return clone(value);
  }

  // DOMException-like errors, as AbortSignal's reasons are in Node.
  function domException(message, name) {
    var e = new Error(message);
    e.name = name;
    e.code = name === 'AbortError' ? 20 : name === 'TimeoutError' ? 23 : 0;
    return e;
  }

  var signalKey = {};
  class AbortSignal {
    constructor(key) {
      if (key !== signalKey) throw new TypeError('Illegal constructor');
      Object.defineProperty(this, '_state', { value: { aborted: false, reason: undefined, listeners: [], onabort: null } });
    }
    // onabort is a listener too, called in the order it was first set.
    get onabort() { return this._state.onabort ? this._state.onabort.fn : null; }
    set onabort(fn) {
      var st = this._state;
      if (typeof fn !== 'function') fn = null;
      if (st.onabort && fn) { st.onabort.fn = fn; return; }
      if (st.onabort) st.listeners = st.listeners.filter(function (l) { return l !== st.onabort; });
      st.onabort = fn ? { fn: fn, once: false } : null;
      if (fn) st.listeners.push(st.onabort);
    }
    get aborted() { return this._state.aborted; }
    get reason() { return this._state.reason; }
    throwIfAborted() { if (this._state.aborted) throw this._state.reason; }
    addEventListener(type, listener, options) {
      if (type !== 'abort' || typeof listener !== 'function') return;
      var once = typeof options === 'object' && options !== null && !!options.once;
      this._state.listeners.push({ fn: listener, once: once });
    }
    removeEventListener(type, listener) {
      this._state.listeners = this._state.listeners.filter(function (l) { return l.fn !== listener; });
    }
    static abort(reason) {
      var s = new AbortSignal(signalKey);
      abortSignal(s, reason);
      return s;
    }
    static timeout(ms) {
      var s = new AbortSignal(signalKey);
      setTimeout(function () { abortSignal(s, domException('The operation was aborted due to timeout', 'TimeoutError')); }, ms);
      return s;
    }
    // any: aborted, with the same reason, as soon as one of signals is.
    static any(signals) {
      var s = new AbortSignal(signalKey);
      var list = Array.from(signals);
      for (var i = 0; i < list.length; i++) {
        if (!(list[i] instanceof AbortSignal)) throw argTypeError('signals[' + i + ']', 'an instance of AbortSignal', list[i]);
        if (list[i].aborted) { abortSignal(s, list[i].reason); return s; }
      }
      list.forEach(function (t) { t.addEventListener('abort', function () { abortSignal(s, t.reason); }, { once: true }); });
      return s;
    }
  }
  function abortSignal(s, reason) {
    var st = s._state;
    if (st.aborted) return;
    st.aborted = true;
    st.reason = reason === undefined ? domException('This operation was aborted', 'AbortError') : reason;
    var ev = { type: 'abort', target: s };
    var ls = st.listeners;
    st.listeners = ls.filter(function (l) { return !l.once; });
    ls.forEach(function (l) { l.fn.call(s, ev); });
  }
  class AbortController {
    constructor() { Object.defineProperty(this, '_signal', { value: new AbortSignal(signalKey) }); }
    get signal() { return this._signal; }
    abort(reason) { abortSignal(this._signal, reason); }
  }

  function queueMicrotask(callback) {
    if (typeof callback !== 'function') throw argTypeError('callback', 'of type function', callback);
    Promise.resolve().then(function () { callback(); });
  }

  return { TextEncoder: TextEncoder, TextDecoder: TextDecoder, structuredClone: structuredClone, queueMicrotask: queueMicrotask,
    AbortController: AbortController, AbortSignal: AbortSignal };
})
