(function (Buffer, native) {
  'use strict';
  // goja_nodejs's constructor is named after its Go method; Node's is Buffer
  // (scripts test x.constructor.name === 'Buffer').
  Object.defineProperty(Buffer, 'name', { value: 'Buffer', configurable: true });
  // Node Buffer members goja_nodejs does not provide and scripts use.
  function def(obj, name, fn) {
    if (typeof obj[name] !== 'function' || obj[name] === Uint8Array.prototype[name]) {
      native.define(obj, name, fn);
    }
  }
  def(Buffer, 'isBuffer', function isBuffer(b) { return b instanceof Buffer; });
  def(Buffer, 'isEncoding', function isEncoding(e) { return native.encoding(e) !== ''; });
  def(Buffer, 'byteLength', function byteLength(s, enc) {
    if (typeof s !== 'string') return s.byteLength;
    return Buffer.from(s, enc).length;
  });
  def(Buffer, 'compare', function compare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : (a.length < b.length ? -1 : 1);
  });
  def(Buffer.prototype, 'slice', function slice(start, end) {
    var u = Uint8Array.prototype.subarray.call(this, start, end);
    return Buffer.from(u.buffer, u.byteOffset, u.length);
  });
  def(Buffer.prototype, 'subarray', Buffer.prototype.slice);
  def(Buffer.prototype, 'toJSON', function toJSON() {
    return { type: 'Buffer', data: Array.prototype.slice.call(this) };
  });
  def(Buffer.prototype, 'compare', function compare(other) { return Buffer.compare(this, other); });
  def(Buffer.prototype, 'copy', function copy(target, targetStart, sourceStart, sourceEnd) {
    targetStart = targetStart || 0;
    sourceStart = sourceStart || 0;
    sourceEnd = sourceEnd === undefined ? this.length : sourceEnd;
    var n = 0;
    for (var i = sourceStart; i < sourceEnd && targetStart + n < target.length; i++, n++) {
      target[targetStart + n] = this[i];
    }
    return n;
  });
  // Encodings: goja_nodejs knows utf8, hex and base64 by those exact names;
  // Buffer.from read any other name as utf8 and toString threw. Node takes
  // names in any case, reads base64 (and base64url) leniently, skipping
  // characters outside the alphabet and stopping at "=", and has latin1
  // (binary), ascii and utf16le (ucs2): those go through the sandbox's own
  // codecs (native.decode and native.encode, the modules' decodeString and
  // encodeBytes).
  function encodingOf(e) {
    if (e === undefined || e === null) return 'utf8';
    var name = native.encoding(e);
    if (name === '') {
      var err = new TypeError('Unknown encoding: ' + e);
      err.code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
    return name;
  }
  var nativeFrom = Buffer.from, nativeToString = Buffer.prototype.toString;
  // Sizes are checked as Node checks them, up to the sandbox's cap on one
  // allocation (native.checkSize), before goja_nodejs allocates.
  var nativeAlloc = Buffer.alloc, nativeConcat = Buffer.concat;
  native.define(Buffer, 'alloc', function alloc(size, fill, encoding) {
    native.checkSize(size, 'size');
    return nativeAlloc.apply(this, arguments);
  });
  // The unsafe allocations are zero-filled here.
  function allocUnsafe(size) {
    native.checkSize(size, 'size');
    return nativeAlloc.call(this, size);
  }
  native.define(Buffer, 'allocUnsafe', allocUnsafe);
  native.define(Buffer, 'allocUnsafeSlow', function allocUnsafeSlow(size) { return allocUnsafe.call(this, size); });
  native.define(Buffer, 'concat', function concat(list, length) {
    if (length !== undefined) native.checkSize(length, 'length');
    return nativeConcat.apply(this, arguments);
  });
  // An array-like (an object whose valueOf is Object's) is copied into a
  // Buffer its length long, as Node reads that length: a length that is not
  // a number, or not above zero, makes an empty Buffer (goja_nodejs read
  // "3" as 3 and failed on -1); past the cap V8's error, before goja_nodejs
  // allocates. arrayLike returns the Buffer when it is empty.
  function arrayLike(value) {
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
    var len = value.length;
    if (len === undefined) return undefined;
    if (value.valueOf !== Object.prototype.valueOf) {
      // valueOf may make it something else (goja_nodejs calls it first).
      if (Number(len) > native.maxBytes) throw new RangeError('Invalid typed array length: ' + len);
      return undefined;
    }
    if (typeof len !== 'number' || !(len >= 1)) return nativeAlloc.call(Buffer, 0);
    if (len > native.maxBytes) throw new RangeError('Invalid typed array length: ' + len);
    return undefined;
  }
  native.define(Buffer, 'from', function from(value, encodingOrOffset, length) {
    if (typeof value !== 'string') return arrayLike(value) || nativeFrom.apply(this, arguments);
    var enc = encodingOf(encodingOrOffset);
    if (enc === 'utf8' || enc === 'hex') return nativeFrom.call(this, value, enc);
    return native.decode(value, enc);
  });
  native.define(Buffer.prototype, 'toString', function toString(encoding, start, end) {
    var enc = encodingOf(encoding);
    if (enc === 'utf8' || enc === 'hex' || enc === 'base64') return nativeToString.call(this, enc, start, end);
    var len = this.length;
    start = start === undefined ? 0 : Math.max(0, Math.trunc(Number(start)) || 0);
    end = end === undefined ? len : Math.min(len, Math.trunc(Number(end)) || 0);
    if (start >= end) return '';
    return native.encode(Uint8Array.prototype.subarray.call(this, start, end), enc);
  });
  // indexOf, lastIndexOf and includes take a string (in an encoding) or a
  // Buffer too; Uint8Array's compare single numbers only.
  function needle(value, encoding) {
    if (typeof value === 'number') return null;
    if (typeof value === 'string') return Buffer.from(value, encoding);
    if (value instanceof Uint8Array) return value;
    var err = new TypeError('The "value" argument must be one of type number or string or an instance of Buffer or Uint8Array.');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  function search(buf, value, byteOffset, encoding, backwards) {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset;
      byteOffset = undefined;
    }
    var len = buf.length, n = needle(value, encoding);
    var from = byteOffset === undefined || isNaN(Number(byteOffset)) ? (backwards ? len : 0) : Math.trunc(Number(byteOffset));
    if (from < 0) from += len;
    if (n === null) {
      value = value & 0xff;
      if (backwards) return Uint8Array.prototype.lastIndexOf.call(buf, value, Math.min(from, len - 1));
      return Uint8Array.prototype.indexOf.call(buf, value, Math.max(from, 0));
    }
    if (n.length === 0) return backwards ? Math.min(Math.max(from, 0), len) : (from > len ? len : Math.max(from, 0));
    var i = backwards ? Math.min(from, len - n.length) : Math.max(from, 0);
    for (; backwards ? i >= 0 : i <= len - n.length; backwards ? i-- : i++) {
      var j = 0;
      while (j < n.length && buf[i + j] === n[j]) j++;
      if (j === n.length) return i;
    }
    return -1;
  }
  def(Buffer.prototype, 'indexOf', function indexOf(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, false);
  });
  def(Buffer.prototype, 'lastIndexOf', function lastIndexOf(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, true);
  });
  def(Buffer.prototype, 'includes', function includes(value, byteOffset, encoding) {
    return search(this, value, byteOffset, encoding, false) !== -1;
  });
  def(Buffer.prototype, 'readUInt32BE', function (o) { o = o || 0; return ((this[o] * 0x1000000) + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3])); });
  def(Buffer.prototype, 'readUInt16BE', function (o) { o = o || 0; return (this[o] << 8) | this[o + 1]; });
  def(Buffer.prototype, 'readUInt8', function (o) { return this[o || 0]; });
  // Buffer(size) and new Buffer(size), deprecated but still in Node:
  // goja_nodejs's constructor refuses a number. The module's Buffer is this
  // function, with goja_nodejs's prototype (which names it as its
  // constructor, as Node's does) and statics. (A Proxy would do, but goja's
  // instanceof refuses one.)
  var construct = Reflect.construct;
  function Buffer_(arg, encodingOrOffset, length) {
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') {
        var e = new TypeError('The "string" argument must be of type string.' + native.received(arg));
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      return Buffer.alloc(arg);
    }
    return arrayLike(arg) || construct(Buffer, arguments);
  }
  native.standIn(Buffer_, Buffer);
  return Buffer_;
})