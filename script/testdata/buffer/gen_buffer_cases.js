// Generates buffer_cases.json: what Node 20's Buffer gives for each
// expression. Regenerate with: node gen_buffer_cases.js > buffer_cases.json
// (TestBufferMatchesNodeLive runs this and compares.)
const exprs = [
  // Encodings by any name; base64 read leniently.
  'Buffer.from("aGVsbG8-_w", "base64").toString("hex")', 'Buffer.from("aGVsbG8-_w", "base64url").toString("hex")',
  'Buffer.from("aGVsbG8+/w==", "base64url").toString("hex")', 'Buffer.from("  aGk= ", "base64").toString()', 'Buffer.from("aG\\nk=", "base64").toString()',
  'Buffer.from("a$Gk", "base64").toString()', 'Buffer.from("aGk=aGk=", "base64").toString()', 'Buffer.from("a", "base64").length', 'Buffer.from("", "base64").length',
  'Buffer.from("eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0", "base64").toString()',
  'Buffer.from("abc", "BASE64").toString("hex")', 'Buffer.from("héllo€", "latin1").toString("hex")', 'Buffer.from("héllo€", "ascii").toString("hex")',
  'Buffer.from("hé€😀", "ucs2").toString("hex")', 'Buffer.from("hé", "utf16le").toString("hex")', 'Buffer.from("hé", "binary").toString("hex")',
  'Buffer.from("hi", "UTF-8").toString("Utf8")',
  '(function () { try { Buffer.from("x", "bogus"); } catch (e) { return [e.name, e.code, e.message]; } })()',
  '(function () { var b = Buffer.from([0x68, 0xe9, 0xff, 0x80, 0x41, 0x00, 0x3d, 0xd8]); return ["latin1", "binary", "ascii", "ucs2", "utf16le", "base64url", "BASE64", "Hex", "utf-8", "UTF8"].map(function (e) { return b.toString(e); }); })()',
  '(function () { try { Buffer.from("x").toString("bogus"); } catch (e) { return [e.name, e.code, e.message]; } })()',
  'Buffer.from("hello world").toString("latin1", 2, 7)', 'Buffer.from("hello").toString("base64url", 1)', 'Buffer.from("hello").toString("ucs2", 0, 3)',
  'Buffer.byteLength("héllo", "latin1")', 'Buffer.byteLength("aGk=", "base64")', 'Buffer.from("user:pa+ss").toString("base64")',
  // indexOf, lastIndexOf and includes with strings and Buffers.
  'Buffer.from("abc").indexOf("c")', 'Buffer.from("abc").includes("b")', 'Buffer.from("abc").lastIndexOf("c")', 'Buffer.from("abc").indexOf(99)',
  'Buffer.from("abc").indexOf(Buffer.from("bc"))', 'Buffer.from("abcabc").indexOf("bc", 2)', 'Buffer.from("abcabc").lastIndexOf("bc", 3)', 'Buffer.from("abcabc").indexOf("bc", -3)',
  'Buffer.from("abc").indexOf("")', 'Buffer.from("abc").indexOf("", 5)', 'Buffer.from("abc").lastIndexOf("")', 'Buffer.from("abc").indexOf(353)', 'Buffer.from("aébc").indexOf("é")',
  'Buffer.from("68656c6c6f", "hex").indexOf("6c", "hex")', 'Buffer.from("abc").includes("z")', 'Buffer.from("abcb").lastIndexOf(98)',
];
// The buffer module's functions beside Buffer.
const bcases = ['b.INSPECT_MAX_BYTES', 'b.isUtf8(Buffer.from("é"))', 'b.isUtf8(Buffer.from([0xff]))', 'b.isUtf8(new ArrayBuffer(1))', 'b.isUtf8(new Uint16Array([0xd800]))', 'b.isUtf8("abc")',
  'b.isUtf8(new DataView(new ArrayBuffer(1)))', 'b.isAscii(Buffer.from("a"))', 'b.isAscii(Buffer.from("é"))', 'b.isAscii(5)',
  'b.transcode(Buffer.from("héllo"), "utf8", "ascii")', 'b.transcode(Buffer.from("h€"), "utf8", "latin1")', 'b.transcode(Buffer.from("hé"), "utf8", "ucs2")', 'b.transcode(Buffer.from("hé"), "utf8", "hex")',
  'b.transcode("x", "utf8", "ucs2")', 'b.transcode(Buffer.from([0xe9]), "latin1", "utf8")', 'b.transcode(Buffer.from("hé", "utf16le"), "utf16le", "utf8")', 'b.transcode(Buffer.from([0x68, 0xff]), "utf8", "utf16le")', 'b.transcode(Buffer.from([0x68, 0xff, 0xfe]), "utf8", "latin1")', 'b.transcode(Buffer.from([0x68, 0xff]), "utf8", "utf8")',
  'b.transcode(Buffer.from([0x68, 0xe9]), "ascii", "utf8")', 'b.transcode(Buffer.from([0x61, 0x00, 0x00, 0xd8]), "utf16le", "utf8")', 'b.transcode(Buffer.from([0x3d, 0xd8, 0x00, 0xde]), "utf16le", "utf8")',
  'b.transcode(Buffer.from("x"), "latin1", "latin1")', 'b.transcode(Buffer.from("x"), "base64", "utf8")',
  'b.SlowBuffer(3).length', 'b.atob("aGk=")', 'b.btoa("é")', '[typeof b.atob, typeof b.btoa, typeof b.transcode]'];
for (const c of bcases) exprs.push('(function (b) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("buffer"))');
// Buffer(size) and new Buffer(size); the species constructor (map, filter);
// the sizes' argument checks (the range's upper end is the sandbox's cap,
// tested in allocguard_test.go).
const ccases = ['(function (x) { return [x.length, x.toString("hex"), x instanceof Buffer, x.constructor === Buffer, Buffer.isBuffer(x)]; })(new Buffer(3))',
  '(function (x) { return [x.length, x instanceof Buffer, x instanceof Uint8Array]; })(Buffer(2))', 'new Buffer(5, "utf8")',
  '[new Buffer("abc").toString(), Buffer("YWI=", "base64").toString(), new Buffer([1, 2]).length, new Buffer(new Buffer("xy")).toString()]',
  '[Object.getPrototypeOf(Buffer.from("a")) === Buffer.prototype, Buffer.prototype.constructor === Buffer, require("buffer").Buffer === Buffer, Buffer.name, typeof Buffer, Buffer.length]',
  '(function (x) { var m = x.map(function (c) { return c + 1; }), f = x.filter(function (c) { return c > 97; }); return [m.constructor === Buffer, f instanceof Buffer, m.toString(), f.toString(), Buffer.isBuffer(m)]; })(Buffer.from("abc"))',
  'Buffer.alloc("3")', 'Buffer.allocUnsafe(null)', 'Buffer.allocUnsafe(3).length', 'Buffer.allocUnsafeSlow(2).length', 'Buffer.alloc(2.5, 1).toString("hex")',
  'Buffer.concat([Buffer.from("ab")], 4).toString("hex")', 'Buffer.concat([Buffer.from("ab")], "x")'];
for (const c of ccases) exprs.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
require('../record_exprs.js')(exprs);
