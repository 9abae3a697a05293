package script

import "github.com/dop251/goja"

// Modules uuid (the API of uuid 9: v1, v3, v4, v5, NIL, parse, stringify,
// validate, version, and v4 through crypto.randomUUID's randomness) and
// xtend (a shallow merge into a new object), two of the small modules Auth0
// offers scripts. v3 and v5 are deterministic (MD5 and SHA-1 of the
// namespace and name), so a script deriving a user id from them gets the id
// it gets on Auth0. v1's node id and clock sequence are random per
// invocation.

func init() {
	registerModule("uuid", func(h host) (goja.Value, error) { return runJSModule(h, uuidProgram, nil) })
	registerModule("xtend", func(h host) (goja.Value, error) { return runJSModule(h, xtendProgram, nil) })
}

var (
	uuidProgram  = builtinModule("uuid", uuidJS)
	xtendProgram = builtinModule("xtend", xtendJS)
)

const xtendJS = `
module.exports = function extend() {
  var target = {};
  for (var i = 0; i < arguments.length; i++) {
    var source = arguments[i];
    for (var key in source) {
      if (Object.prototype.hasOwnProperty.call(source, key)) target[key] = source[key];
    }
  }
  return target;
};
`

const uuidJS = `
var crypto = require('crypto');
var REGEX = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/i;

function validate(uuid) { return typeof uuid === 'string' && REGEX.test(uuid); }

var hex = [];
for (var i = 0; i < 256; ++i) hex.push((i + 0x100).toString(16).slice(1));

function unsafeStringify(arr, offset) {
  offset = offset || 0;
  return (hex[arr[offset]] + hex[arr[offset + 1]] + hex[arr[offset + 2]] + hex[arr[offset + 3]] + '-' +
    hex[arr[offset + 4]] + hex[arr[offset + 5]] + '-' + hex[arr[offset + 6]] + hex[arr[offset + 7]] + '-' +
    hex[arr[offset + 8]] + hex[arr[offset + 9]] + '-' + hex[arr[offset + 10]] + hex[arr[offset + 11]] +
    hex[arr[offset + 12]] + hex[arr[offset + 13]] + hex[arr[offset + 14]] + hex[arr[offset + 15]]).toLowerCase();
}

function stringify(arr, offset) {
  var uuid = unsafeStringify(arr, offset);
  if (!validate(uuid)) throw TypeError('Stringified UUID is invalid');
  return uuid;
}

function parse(uuid) {
  if (!validate(uuid)) throw TypeError('Invalid UUID');
  var v, arr = new Uint8Array(16);
  arr[0] = (v = parseInt(uuid.slice(0, 8), 16)) >>> 24;
  arr[1] = (v >>> 16) & 0xff;
  arr[2] = (v >>> 8) & 0xff;
  arr[3] = v & 0xff;
  arr[4] = (v = parseInt(uuid.slice(9, 13), 16)) >>> 8;
  arr[5] = v & 0xff;
  arr[6] = (v = parseInt(uuid.slice(14, 18), 16)) >>> 8;
  arr[7] = v & 0xff;
  arr[8] = (v = parseInt(uuid.slice(19, 23), 16)) >>> 8;
  arr[9] = v & 0xff;
  arr[10] = ((v = parseInt(uuid.slice(24, 36), 16)) / 0x10000000000) & 0xff;
  arr[11] = (v / 0x100000000) & 0xff;
  arr[12] = (v >>> 24) & 0xff;
  arr[13] = (v >>> 16) & 0xff;
  arr[14] = (v >>> 8) & 0xff;
  arr[15] = v & 0xff;
  return arr;
}

function version(uuid) {
  if (!validate(uuid)) throw TypeError('Invalid UUID');
  return parseInt(uuid.slice(14, 15), 16);
}

function rng() { return crypto.randomBytes(16); }

// finish sets the version and variant bits of the 16 bytes b and writes
// them into buf at offset, or returns their text when there is no buf.
function finish(b, ver, buf, offset) {
  b[6] = (b[6] & 0x0f) | ver;
  b[8] = (b[8] & 0x3f) | 0x80;
  if (!buf) return unsafeStringify(b);
  offset = offset || 0;
  for (var i = 0; i < 16; ++i) buf[offset + i] = b[i];
  return buf;
}

function v4(options, buf, offset) {
  options = options || {};
  return finish(options.random || (options.rng || rng)(), 0x40, buf, offset);
}

function stringToBytes(str) {
  str = unescape(encodeURIComponent(str));
  var bytes = [];
  for (var i = 0; i < str.length; ++i) bytes.push(str.charCodeAt(i));
  return bytes;
}

var DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
var URL_NS = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

function v35(name, ver, algorithm) {
  function generateUUID(value, namespace, buf, offset) {
    if (typeof value === 'string') value = stringToBytes(value);
    if (typeof namespace === 'string') namespace = parse(namespace);
    if (!namespace || namespace.length !== 16) throw TypeError('Namespace must be array-like (16 iterable integer values, 0-255)');
    var bytes = new Uint8Array(16 + value.length);
    bytes.set(namespace);
    bytes.set(value, namespace.length);
    var hash = crypto.createHash(algorithm).update(Buffer.from(bytes)).digest();
    return finish(hash.slice(0, 16), ver, buf, offset);
  }
  try { generateUUID.name = name; } catch (e) {}
  generateUUID.DNS = DNS;
  generateUUID.URL = URL_NS;
  return generateUUID;
}

var nodeId, clockseq, lastMSecs = 0, lastNSecs = 0;
function v1(options, buf, offset) {
  var i = (buf && offset) || 0;
  var b = buf || new Array(16);
  options = options || {};
  var node = options.node || nodeId;
  var cs = options.clockseq !== undefined ? options.clockseq : clockseq;
  if (node == null || cs == null) {
    var seedBytes = options.random || (options.rng || rng)();
    if (node == null) node = nodeId = [seedBytes[0] | 0x01, seedBytes[1], seedBytes[2], seedBytes[3], seedBytes[4], seedBytes[5]];
    if (cs == null) cs = clockseq = ((seedBytes[6] << 8) | seedBytes[7]) & 0x3fff;
  }
  var msecs = options.msecs !== undefined ? options.msecs : Date.now();
  var nsecs = options.nsecs !== undefined ? options.nsecs : lastNSecs + 1;
  var dt = msecs - lastMSecs + (nsecs - lastNSecs) / 10000;
  if (dt < 0 && options.clockseq === undefined) cs = (cs + 1) & 0x3fff;
  if ((dt < 0 || msecs > lastMSecs) && options.nsecs === undefined) nsecs = 0;
  if (nsecs >= 10000) throw new Error("uuid.v1(): Can't create more than 10M uuids/sec");
  lastMSecs = msecs;
  lastNSecs = nsecs;
  clockseq = cs;
  msecs += 12219292800000;
  var tl = ((msecs & 0xfffffff) * 10000 + nsecs) % 0x100000000;
  b[i++] = (tl >>> 24) & 0xff;
  b[i++] = (tl >>> 16) & 0xff;
  b[i++] = (tl >>> 8) & 0xff;
  b[i++] = tl & 0xff;
  var tmh = ((msecs / 0x100000000) * 10000) & 0xfffffff;
  b[i++] = (tmh >>> 8) & 0xff;
  b[i++] = tmh & 0xff;
  b[i++] = ((tmh >>> 24) & 0xf) | 0x10;
  b[i++] = (tmh >>> 16) & 0xff;
  b[i++] = (cs >>> 8) | 0x80;
  b[i++] = cs & 0xff;
  for (var n = 0; n < 6; ++n) b[i + n] = node[n];
  return buf || unsafeStringify(b);
}

exports.v1 = v1;
exports.v3 = v35('v3', 0x30, 'md5');
exports.v4 = v4;
exports.v5 = v35('v5', 0x50, 'sha1');
exports.NIL = '00000000-0000-0000-0000-000000000000';
exports.version = version;
exports.validate = validate;
exports.stringify = stringify;
exports.parse = parse;
`
