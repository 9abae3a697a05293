(function (Buffer) {
  'use strict';
  // Node Buffer members goja_nodejs does not provide and scripts use.
  function def(obj, name, fn) {
    if (typeof obj[name] !== 'function' || obj[name] === Uint8Array.prototype[name]) {
      Object.defineProperty(obj, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  }
  def(Buffer, 'isBuffer', function isBuffer(b) { return b instanceof Buffer; });
  def(Buffer, 'isEncoding', function isEncoding(e) {
    return ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']
      .indexOf(String(e).toLowerCase()) >= 0;
  });
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
  // The typed-array map and filter make their result with `new Buffer(n)`
  // (the species constructor), which goja_nodejs's Buffer refuses.
  def(Buffer.prototype, 'map', function map(fn, thisArg) {
    var out = Buffer.alloc(this.length);
    for (var i = 0; i < this.length; i++) out[i] = fn.call(thisArg, this[i], i, this);
    return out;
  });
  def(Buffer.prototype, 'filter', function filter(fn, thisArg) {
    var kept = [];
    for (var i = 0; i < this.length; i++) if (fn.call(thisArg, this[i], i, this)) kept.push(this[i]);
    return Buffer.from(kept);
  });
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
  def(Buffer.prototype, 'readUInt32BE', function (o) { o = o || 0; return ((this[o] * 0x1000000) + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3])); });
  def(Buffer.prototype, 'readUInt16BE', function (o) { o = o || 0; return (this[o] << 8) | this[o + 1]; });
  def(Buffer.prototype, 'readUInt8', function (o) { return this[o || 0]; });
})
