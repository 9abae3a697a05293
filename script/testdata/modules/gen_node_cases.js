// Generates node_cases.json: what real Node 20 returns for expressions over
// the core modules (querystring, url, util, events, crypto). Regenerate with
//   node gen_node_cases.js > node_cases.json
const urls = [
  'http://user:pass@Example.COM:8080/p/a/t/h?query=string&a=1&a=2#hash',
  'https://example.com', 'https://example.com?x=1', '/relative/path?x=y', '//host/path', 'example.com/foo',
  'mailto:someone@example.com', 'javascript:alert(1)', 'http://a.com/path with spaces', 'HTTP://A.COM/UP',
  'http://[::1]:3000/x', 'http://ex ample.com/', 'http://x.com/a\\b?c\\d', '  http://trim.me/  ', 'file:///etc/passwd',
  'http://user@host', 'http://h.com/?', 'http://h.com/#', '?q=1', '#frag', '', 'http://a.com:/x', 'http://a.com/p?q=%zz&b=%E2%82%AC',
  'http://münchen.de/', 'https://login.example.com/oauth2/v1/logout?id_token_hint=abc&post_logout_redirect_uri=https%3A%2F%2Fapp%2Fcb',
  // Hosts Node 20 cuts short, keeps or refuses, and paths it keeps as written.
  'https://<host>/api/userinfo', 'https://{TENANT}.example.com/x', 'https://[APP_NAME].herokuapp.com/me', 'https://a!b$c&d=e.example/p',
  'https://a.example:abc/p', 'https://a:b:8080/p', 'https://[::1]x/p', 'http://x\ty.example/p', 'https://user@{x}:80/p?q=<1>#h<',
  'https://a%41.example/p', 'https://u:p@a|b.example/', 'https://exämple.com/p', 'https://ẞ.com/p', 'https://MÜNCHEN.de/p', 'https://İstanbul.tr/', 'https://ΣΑΣ.gr/', 'https://xn--Mnchen-3ya.de/', 
  // IDNA: what url.parse's toLowerCase and toASCII make of hosts.
  'https://ＡＢＣ.com/p', 'https://a．com/p', 'https://a／b.com/p', 'https://xn--a.com/p', 'https://a­b.com/p', 'https://☃.net/p', 'https://ǅ.com/p', 'https://a‌b.com/p', 'https://مثال.إختبار/p', 'https://xn--.com/p', 'https://faß.de/p', 'https://Ⅻ.com/p', 'https://a。b.com/p', 'https://ab--c.xn--ü.com/p', 'https://-ä.com/p', 'https://xn--abc-.com/p', 'https://XN--zca.com/p', 'https://a.xn--/p', 'https://xn--a-ecp.ru/p', 'https://a.ß.xn--zca/p', 'https://⒈.com/p', 'https://ä_b.com/p', 'https://[ä]/p', 'https://[::1]:8443',
  'http://h.example/users/a%2Fb%20c/x%2e/y//z?q=a%2Fb', 'http://h.example/a/./b/../c', 'https://h.example:443/p',
];
const qs = ['a=1&b=2', 'a=1&a=2&a=3', 'a', 'a=', '=b', 'a&&b', 'a=b+c', 'a=%20%zz', 'a[]=1&a[]=2', '', '&', 'x=%E2%82%AC', 'k=v=w', 'a=1;b=2'];
const cases = [];
for (const u of urls) {
  cases.push(`url.parse(${JSON.stringify(u)})`, `url.parse(${JSON.stringify(u)}, true)`, `url.format(url.parse(${JSON.stringify(u)}))`);
}
cases.push('url.parse("//host/path", false, true)', 'url.parse(42)');
cases.push(
  'url.format({protocol: "https", hostname: "example.com", pathname: "/a b", query: {x: "1 2", y: ["a", "b"]}})',
  'url.format({protocol: "https:", host: "example.com:8443", pathname: "p", search: "?a=1", hash: "h"})',
  'url.format({protocol: "http", host: "x.com", auth: "u:p@w"})',
  'url.format(new URL("https://a.com/x?y=1"))',
  'url.resolve("/one/two/three", "four")', 'url.resolve("http://example.com/", "/one")', 'url.resolve("http://example.com/one", "/two")',
  'url.resolve("http://example.com/a/b", "../c")', 'url.resolve("http://example.com/a/b", "https://other.com/x")', 'url.resolve("http://example.com/a/b", "?q=1")',
  'new url.URL("https://a.com/p?x=1").searchParams.get("x")', 'typeof url.URLSearchParams',
);
for (const q of qs) cases.push(`querystring.parse(${JSON.stringify(q)})`);
cases.push(
  'querystring.parse("a:1,b:2", ",", ":")', 'querystring.parse("a=1&b=2&c=3", null, null, {maxKeys: 2})',
  'querystring.stringify({a: "b c", d: "é&=/?", n: 1, t: true, f: false, u: undefined, nul: null, arr: ["x", "y"], empty: [], o: {x: 1}, inf: Infinity})',
  'querystring.stringify({a: 1, b: 2}, ";", ":")', 'querystring.stringify("str")', 'querystring.encode({"k y": "v!*\'()~"})',
  'querystring.escape("a b&c/é")', 'querystring.unescape("a%20b%zz%E2%82%AC+")', 'querystring.decode === querystring.parse',
  'querystring.stringify({w: "a b"}, null, null, {encodeURIComponent: function (s) { return s.toUpperCase(); }})',
);
cases.push(
  'util.format("%s is %d years and %i, %f, %j %%", "Bob", 42.5, 42.5, "1.5", {a: 1})', 'util.format("a", "b", 1, {x: 1})',
  'util.format("%s", {a: {b: {c: 1}}})', 'util.format("%s %s", "only")', 'util.format(1, 2)', 'util.format("%o", [1])',
  'util.inspect({a: 1, b: "x", c: [1, 2], d: {e: null, f: undefined}})', 'util.inspect("str")', 'util.inspect([1, "a", true])',
  'util.inspect({a: {b: {c: {d: {}}}}})', 'util.inspect({"key-with-dash": 1})', 'util.inspect(Object.create(null))',
  'util.isArray([])', 'util.types.isDate(new Date())',
  '(function(){ function A(){} function B(){} util.inherits(A, B); return [new A() instanceof B, A.super_ === B]; })()',
  '(function(){ var E = require("events"); var e = new E(), out = []; e.on("x", function(a){ out.push("on:" + a); }); e.once("x", function(a){ out.push("once:" + a); }); e.emit("x", 1); e.emit("x", 2); out.push(e.listenerCount("x")); var f = function(){ out.push("f"); }; e.on("y", f); e.off("y", f); out.push(e.emit("y")); return out; })()',
  '(function(){ var E = require("events"); try { new E().emit("error", new Error("boom")); } catch (e) { return e.message; } })()',
  '(function(){ var E = require("events"); try { new E().emit("error", "s"); } catch (e) { return [e.message, e.code]; } })()',
  'require("events").EventEmitter === require("events")',
  'crypto.createHash("sha256").update("héllo").digest("base64url")', 'crypto.createHash("md5").update("héllo", "latin1").digest("hex")',
  'crypto.createHash("sha1").update("a").digest("binary")', 'crypto.createHash("SHA512").update(Buffer.from([1, 2, 255])).digest("base64")',
  'crypto.createHmac("sha256", "secret").update("msg").digest("hex")', 'crypto.createHmac("sha512", Buffer.from("k")).update("m").digest("base64")',
  'crypto.createHash("sha384").update("abc").update("def", "utf8").digest("hex")', 'crypto.createHash("md5").update("x").digest() instanceof Buffer',
  'crypto.createHash("sha256").update("6869", "hex").update("aGk=", "base64").digest("hex")',
  'crypto.createHash("foo")', 'crypto.createHmac("foo", "k")', '(function(){ var h = crypto.createHash("md5"); h.digest(); h.digest(); })()',
  'crypto.createHash("sha256").update(5)', 'crypto.timingSafeEqual(Buffer.from("ab"), Buffer.from("ab"))', 'crypto.timingSafeEqual(Buffer.from("a"), Buffer.from("ab"))',
  'crypto.randomBytes(16).length', '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())',
  '(function(){ var s = crypto.createSign("RSA-SHA256"); s.update("data"); var sig = s.sign(keys.rsa_private, "base64"); return crypto.createVerify("RSA-SHA256").update("data").verify(keys.rsa_cert, sig, "base64"); })()',
  'crypto.createSign("sha256").update("data").sign(keys.rsa_private, "hex")',
  'crypto.createVerify("RSA-SHA256").update("data").verify(keys.rsa_public, "00", "hex")',
  '(function(){ var k = crypto.createPublicKey(keys.ec256_private); return [k.type, k.asymmetricKeyType, k.asymmetricKeyDetails]; })()',
  'crypto.createPublicKey(keys.rsa_public).export({format: "jwk"})',
  'crypto.createPublicKey(keys.rsa_cert).export({format: "pem", type: "spki"}) === keys.rsa_public',
  'crypto.createPublicKey("nope")',
  'crypto.createSecretKey(Buffer.from("abc")).export().toString()',
  'crypto.createHash("md5").update("email@example.com").digest("hex")',
  // Ciphers: outputs, how update and final split them, and the errors.
  '(function(){ var k = Buffer.alloc(16, 1), iv = Buffer.alloc(16, 2); var c = crypto.createCipheriv("aes-128-cbc", k, iv); return [c.update("hello world, this is more than 16", "utf8", "base64"), c.final("base64")]; })()',
  '(function(){ var k = Buffer.alloc(32, 7), iv = Buffer.alloc(16, 9); var c = crypto.createCipheriv("aes-256-cbc", k, iv); var e = c.update("secret é data", "utf8", "hex") + c.final("hex"); var d = crypto.createDecipheriv("aes-256-cbc", k, iv); return [e, d.update(e, "hex", "utf8") + d.final("utf8")]; })()',
  '(function(){ var k = "0123456789abcdef0123456789abcdef", iv = "abcdef9876543210"; var c = crypto.createCipheriv("aes-256-cbc", k, iv); return Buffer.concat([c.update(Buffer.from("x".repeat(40))), c.final()]).toString("base64"); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [c.update(Buffer.alloc(5)).length, c.update(Buffer.alloc(20)).length, c.update(Buffer.alloc(7)).length, c.final().length]; })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [d.update(Buffer.alloc(32)).length, d.update(Buffer.alloc(16)).length, d.update(Buffer.alloc(3)).length]; })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); d.setAutoPadding(false); return [d.update(Buffer.alloc(32)).toString("hex"), d.final().length]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); c.setAutoPadding(false); return [c.update("0123456789abcdef").toString("hex"), c.final().length]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); c.setAutoPadding(); c.update("abc"); return c.final(); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); d.update(Buffer.alloc(16)); return d.final(); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); d.update(Buffer.alloc(5)); return d.final(); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return d.final(); })()',
  '(function(){ try { var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); d.update(Buffer.alloc(16)); d.final(); } catch (e) { return [e.library, e.reason, e.code, Object.keys(e)]; } })()',
  '(function(){ var k = Buffer.alloc(16, 5); var c = crypto.createCipheriv("aes-128-ecb", k, null); var e = Buffer.concat([c.update("ecb mode text that spans blocks"), c.final()]); var d = crypto.createDecipheriv("aes-128-ecb", k, Buffer.alloc(0)); return [e.toString("hex"), d.update(e, undefined, "utf8") + d.final("utf8")]; })()',
  '(function(){ var k = Buffer.alloc(24, 3), iv = Buffer.alloc(16, 4); var c = crypto.createCipheriv("aes-192-ctr", k, iv); var a = c.update("counter mode", "utf8", "hex"); var d = crypto.createDecipheriv("aes-192-ctr", k, iv); return [a, c.final("hex"), d.update(a, "hex", "utf8"), d.final("utf8")]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [c.update("é", "utf8", "base64"), c.update("ab", "utf8", "base64"), c.final("base64")]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); var d = crypto.createDecipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); var e1 = c.update(Buffer.from([0x68, 0xc3])), e2 = c.update(Buffer.from([0xa9, 0x6c, 0x6c, 0x6f])); return [d.update(e1, undefined, "utf8"), d.update(e2, undefined, "utf8"), d.final("utf8")]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); var d = crypto.createDecipheriv("aes-128-ctr", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [d.update(c.update(Buffer.from([0x68, 0xc3])), undefined, "utf8"), d.final("utf8")]; })()',
  '(function(){ var k = Buffer.alloc(32, 3), iv = Buffer.alloc(12, 4); var c = crypto.createCipheriv("aes-256-gcm", k, iv); c.setAAD(Buffer.from("aad")); var a = c.update("secret", "utf8", "hex"); var b = c.final("hex"); var tag = c.getAuthTag(); var d = crypto.createDecipheriv("aes-256-gcm", k, iv); d.setAAD(Buffer.from("aad")); d.setAuthTag(tag); return [a, b, tag.toString("hex"), d.update(a, "hex", "utf8"), d.final("utf8")]; })()',
  '(function(){ var k = Buffer.alloc(16, 3), iv = Buffer.alloc(7, 4); var c = crypto.createCipheriv("aes-128-gcm", k, iv, {authTagLength: 8}); var a = c.update(Buffer.alloc(40, 1)).toString("hex"); c.final(); return [a, c.getAuthTag().toString("hex")]; })()',
  '(function(){ var k = Buffer.alloc(16, 3), iv = Buffer.alloc(100, 4); var c = crypto.createCipheriv("aes-128-gcm", k, iv); var a = c.update("abc", "utf8", "hex") + c.update("defghijklmnopqrstuvwxyz0123456789", "utf8", "hex"); c.final(); return [a, c.getAuthTag().toString("base64")]; })()',
  '(function(){ var k = Buffer.alloc(16, 3), iv = Buffer.alloc(12, 4); var c = crypto.createCipheriv("aes-128-gcm", k, iv); var e = c.update("payload"); c.final(); var t = c.getAuthTag(); var d = crypto.createDecipheriv("aes-128-gcm", k, iv); d.setAuthTag(Buffer.from(t.toString("hex").substring(0, 24), "hex")); return [d.update(e, undefined, "utf8"), d.final("utf8")]; })()',
  '(function(){ var k = Buffer.alloc(16, 3), iv = Buffer.alloc(12, 4); var d = crypto.createDecipheriv("aes-128-gcm", k, iv); d.setAuthTag(Buffer.alloc(16)); d.update(Buffer.from("abcd")); return d.final(); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)); d.update(Buffer.alloc(5)); return d.final(); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)); return c.getAuthTag(); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)); c.update("a"); c.setAAD(Buffer.from("x")); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); c.setAAD(Buffer.from("x")); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); d.setAuthTag(Buffer.alloc(16)); })()',
  '(function(){ var d = crypto.createDecipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)); d.setAuthTag(Buffer.alloc(3)); })()',
  'crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12), {authTagLength: 3})',
  '[typeof crypto.createDecipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).getAuthTag, typeof crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).setAuthTag]',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); c.final(); return c.update("a"); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); c.final(); return c.final(); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); c.final(); c.setAutoPadding(false); })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)); return [c.setAutoPadding(true) === c, c.update("x") instanceof Buffer]; })()',
  'crypto.createCipheriv("AES-128-CBC", Buffer.alloc(16, 1), Buffer.alloc(16, 2)).final("hex")', 'crypto.createCipheriv("aes128", Buffer.alloc(16, 1), Buffer.alloc(16, 2)).final("hex")',
  'crypto.createCipheriv("foo", Buffer.alloc(16), Buffer.alloc(16))', 'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(15), Buffer.alloc(16))',
  'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(15))', 'crypto.createCipheriv("aes-128-ecb", Buffer.alloc(16), Buffer.alloc(16))',
  'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), null)', 'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16))', 'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), 5)',
  'crypto.createCipheriv("aes-128-cbc", 5, Buffer.alloc(16))', 'crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16), Buffer.alloc(12))', 'crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(0))',
  'crypto.createCipheriv("aes-128-cbc", crypto.createSecretKey(Buffer.alloc(16, 1)), Buffer.alloc(16, 2)).final("base64")',
  'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)).update(5)',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [c.update("abcdefghijklmnopq", "utf8", "latin1"), c.final("latin1")]; })()',
  '(function(){ var c = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16, 1), Buffer.alloc(16, 2)); return [c.update("abcdefghijklmnopq", "utf8", "base64url"), c.final("base64url")]; })()',
  '["aes-128-cbc", "aes-256-gcm", "aes-192-ctr", "aes-128-ecb", "aes256"].map(function (n) { return crypto.getCiphers().indexOf(n) >= 0; })',
  'crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16), Buffer.alloc(16)).update("abc", "hex")', 'crypto.createHash("md5").update("abc", "HEX").digest("hex")',
  '(function(){ var d = crypto.createHash("md5").update("a").digest("foo"); return d instanceof Uint8Array && d.toString("hex"); })()', 'crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16), Buffer.alloc(16)).final("foo")',
  '(function(){ var b = crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16), Buffer.alloc(16)).update("ab", "utf8", "buffer"); return b instanceof Uint8Array && b.toString("hex"); })()', '(function(){ var b = crypto.createCipheriv("aes-128-ctr", Buffer.alloc(16), Buffer.alloc(16)).update("ab", "foo"); return b instanceof Uint8Array && b.toString("hex"); })()',
  '(function(){ var s = crypto.createSign("sha256"); s.update("abc", "hex"); })()',
  // Key derivation.
  'crypto.pbkdf2Sync("pw", "salt", 1000, 32, "sha256").toString("hex")', 'crypto.pbkdf2Sync(Buffer.from("pw"), Buffer.from("salt"), 1, 70, "sha512").toString("base64")',
  'crypto.pbkdf2Sync("pw", "salt", 3, 20, "SHA1").toString("hex")', 'crypto.pbkdf2Sync("pw", "salt", 1, 0, "sha1").length',
  'crypto.pbkdf2Sync("pw", "salt", 1000, 32)', 'crypto.pbkdf2Sync("pw", "salt", 0, 32, "sha256")', 'crypto.pbkdf2Sync("pw", "salt", 1, 32, "foo")',
  'crypto.pbkdf2Sync("pw", "salt", 1, -1, "sha1")', 'crypto.pbkdf2Sync(5, "salt", 1, 1, "sha1")', 'crypto.pbkdf2Sync("pw", "salt", 1.5, 1, "sha1")', 'crypto.pbkdf2Sync("pw", "salt", "2", 1, "sha1")',
  'crypto.pbkdf2Sync(5, "salt", 1, 1, "foo")', 'crypto.pbkdf2("pw", "salt", 1, 1, "sha1")',
  'Buffer.from(crypto.hkdfSync("sha256", "key", "salt", "info", 32)).toString("hex")', 'Buffer.from(crypto.hkdfSync("sha512", Buffer.from("k"), "", "", 100)).toString("base64")',
  'Object.prototype.toString.call(crypto.hkdfSync("sha256", "", "", "", 4))', 'crypto.hkdfSync("sha256", "key", "salt", "info", 0).byteLength',
  'crypto.hkdfSync("sha256", "key", "salt", "info", 255 * 32 + 1)', 'crypto.hkdfSync("foo", "key", "salt", "info", 1)', 'crypto.hkdfSync("sha256", 5, "", "", 1)',
  'crypto.hkdfSync("sha256", "k", "", "", 1.5)', 'crypto.hkdfSync("sha256", "k", "", "", -1)', 'crypto.hkdfSync("sha256", "k", "", Buffer.alloc(1025), 1)', 'crypto.hkdfSync(5, "k", "", "", 1)',
);
// util.inspect and util.format (the console's own formatting) on the
// values scripts log.
const icases = [
  '{a: 1, b: "x", c: [1, 2, {d: null}], e: undefined, g: true}', '{user_id: "1", email: "a@b.c", nested: {deep: {deeper: {deepest: 1}}}}',
  '{a: "x".repeat(70)}', '{a: "x".repeat(60), b: 1}', '[1, 2, 3, 4, 5, 6, 7]', 'Array(120).fill(7)', 'Array.from({length: 30}, function (_, i) { return i * 37; })',
  '["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]', 'Array.from({length: 26}, function (_, i) { return String.fromCharCode(97 + i).repeat(i % 5 + 1); })',
  '[1, "a", null, undefined, true, 2.5, -0]', '[[1, [2, [3, [4, [5]]]]]]', '{s: "it\'s"}', '{s: "say \\"hi\\" it\'s"}', '{s: "a\\nb\\tc\\u0001"}', '{s: "line one is long enough\\nline two is long enough too\\nand a third line to make it long"}',
  '"top level string"', '["it\'s"]', 'new Map([["k", 1], ["j", {x: [1, 2]}]])', 'new Map()', 'new Set([1, "two", [3]])', 'new Set()', '{m: new Map([[{a: 1}, "obj key"]])}',
  '(function(){ var o = {a: 1}; o[Symbol("s")] = 2; o[Symbol()] = 3; return o; })()', '(function(){ var o = {}; Object.defineProperty(o, "g", {get: function () { return 1; }, enumerable: true}); Object.defineProperty(o, "s", {set: function () {}, enumerable: true}); Object.defineProperty(o, "gs", {get: function () {}, set: function () {}, enumerable: true}); Object.defineProperty(o, "hidden", {value: 1}); return o; })()',
  '(function(){ class Foo { constructor() { this.a = 1; } } return new Foo(); })()', '(function(){ class Foo {} return new Foo(); })()', '(function(){ class Foo {} class Bar extends Foo { constructor() { super(); this.b = [1]; } } return [new Bar(), Bar, Foo]; })()',
  'Object.create(null)', '(function(){ var o = Object.create(null); o.x = 1; return o; })()', 'new Date(0)', 'new Date(NaN)', '[new Date(86400000)]', '/re+/gi', '{r: /x/}',
  'function named() {}', '[function () {}, function named() {}]', '(function(){ var f = function g() {}; f.extra = 1; return f; })()', 'async function af() {}', 'function* gen() {}', 'class A {}', '(class {})',
  '(function(){ return [Math.max, Array.isArray, JSON.parse]; })()', 'new String("abc")', 'new Number(-0)', 'new Boolean(false)', '[new String("x")]', 'Promise.resolve(42)', 'Promise.resolve({a: [1]})', 'new Promise(function () {})',
  '(function(){ var p = Promise.reject(new RangeError("no")); p.catch(function () {}); return [p.constructor.name]; })()',
  '(function(){ var o = {a: 1}; o.self = o; return o; })()', '(function(){ var a = {n: 1}, b = {a: a}; a.b = b; return [a, b]; })()', '(function(){ var arr = [1]; arr.push(arr); return arr; })()',
  '[1, , 3, , , 6]', 'Array(5)', '(function(){ var a = [1, 2]; a.extra = "x"; return a; })()', 'new Uint8Array([1, 2, 3])', 'new Float64Array(2)', 'new Uint8Array(0)', 'new ArrayBuffer(2).byteLength',
  '[10n, -5n]', 'Symbol("sym")', '[Symbol.iterator]', 'new WeakMap()', 'new WeakSet()', '{__proto__: {inherited: 1}, own: 2}', '{"a-b": 1, a$b: 2, _c: 3, "0": 4, "": 5, "ü": 6}',
  '[{a: 1, b: 2}, {a: 3, b: 4}]', '{arr: [[1, 2], [3, 4]], obj: {x: {y: 1}}}', '{long: ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee", "ffffffffff", "gggggggggg"]}',
  '{n: NaN, i: Infinity, m: -Infinity, z: -0, f: 0.1 + 0.2, e: 1e21, s: 1e-7}', '[true, false]', 'Array.from({length: 101}, function (_, i) { return i; })',
  '{e: new Error("boom")}.e.message', 'Array(4294967295)', '(function(){ var a = []; a[1000000] = 1; return a; })()', '(function(){ var a = Array(200); a[150] = 1; a[3] = 2; return a; })()',
  '(function(){ var a = [1, 2, 3]; delete a[1]; a.k = "v"; return a; })()', 'new Set(Array.from({length: 200}, function (_, i) { return i; }))', 'new Map(Array.from({length: 101}, function (_, i) { return [i, i]; }))', '{user: {id: 1, profile: {name: "Jane Doe", emails: ["jane@example.com", "jd@example.org"], address: {city: "Springfield", zip: "12345"}}}}',
];
for (const c of icases) cases.push('util.inspect(' + c + ')');
const iopts = [
  ['{a: {b: {c: {d: 1}}}}', '{depth: 0}'], ['{a: {b: {c: {d: 1}}}}', '{depth: null}'], ['{a: {b: {c: {d: {e: 1}}}}}', '{depth: 5}'], ['[1, [2, [3]]]', '{depth: 0}'],
  ['{a: 1, b: 2}', '{compact: false}'], ['{a: 1, b: {c: 2}}', '{compact: true}'], ['{a: "x".repeat(60), b: 1}', '{compact: true}'], ['Array(10).fill(1)', '{compact: 1}'],
  ['{a: "x".repeat(60), b: 1}', '{breakLength: Infinity}'], ['{a: 1, b: 2}', '{breakLength: 10}'], ['{c: 1, a: 2, b: 3}', '{sorted: true}'], ['[1, 2, 3, 4]', '{maxArrayLength: 2}'],
  ['[1, 2, 3]', '{maxArrayLength: 0}'], ['new Set([1, 2, 3])', '{maxArrayLength: 1}'], ['"abcdef"', '{maxStringLength: 3}'], ['["abcdef"]', '{maxStringLength: 1}'],
  ['[1, 2]', '{showHidden: true}'], ['{a: 1}', 'true'], ['{a: {b: {c: {}}}}', 'false, 0'], ['Array(8).fill("ab")', '{breakLength: 40}'],
  ['Object.setPrototypeOf([1], null)', '{depth: -1}'], ['{x: {y: {z: Object.setPrototypeOf(new Map([[1, 2]]), null)}}}', '{}'], ['Object.setPrototypeOf(new Map([[1, 2]]), null)', '{depth: -1}'],
  ['{x: {y: {z: Object.setPrototypeOf({a: 1}, null)}}}', '{}'], ['Object.setPrototypeOf(new Set([1]), null)', '{depth: -1}'],
];
for (const [v, o] of iopts) cases.push('util.inspect(' + v + ', ' + o + ')');
const fcases = [
  '"%s", new Date(0)', '"%s", [1, [2, [3]]]', '"%s", {toString: function () { return "custom"; }}', '"%s", 42', '"%s", -0', '"%s", 10n', '"%s", Symbol("q")', '"%s", null', '"%s", undefined',
  '"%s", function f() { return 1; }', '"%s", {a: {b: 1}}', '"%s", new Error("e").message', '"%d", "42"', '"%d", [5]', '"%d", {}', '"%d", 10n', '"%i", 42.9', '"%i", "42abc"', '"%f", "1.5x"', '"%f", {}',
  '"%j", {a: [1]}', '"%j", (function(){ var o = {}; o.o = o; return o; })()', '"%o", [1]', '"%o", {a: 1}', '"%O", {a: {b: {c: {d: 1}}}}', '"%c styled", "color: red"', '"100%% done"', '"100%% done", 1',
  '"%s and %s", "one"', '"%x %s", "y"', '"no placeholders", 1, "two", {three: 3}', '1, "a", {b: 2}', '"%s%s", "a", "b"', '"%", 1', '"a%"', '"%s", "x", "y", "z"', '"%%s", "x"',
];
for (const c of fcases) cases.push('util.format(' + c + ')');
// path (POSIX), as scripts use it on URLs' paths.
const pcases = [
  'p.join("/a", "b", "../c", "./d/")', 'p.join()', 'p.join("")', 'p.join("a", "", "b")', 'p.join("/", "..", "x")', 'p.join(1)', 'p.join("a", null)',
  'p.normalize("/a//b/../c/.")', 'p.normalize("a/../../b")', 'p.normalize("./")', 'p.normalize("")', 'p.normalize("//a")', 'p.normalize("a/b/../../..")', 'p.normalize("/../a")',
  'p.basename("/a/b.html")', 'p.basename("/a/b.html", ".html")', 'p.basename("/a/b/")', 'p.basename("")', 'p.basename("/")', 'p.basename("b.html", "b.html")', 'p.basename("/a/aaa", "a")', 'p.basename("x.js", "")', 'p.basename("/a/b.html", 1)',
  'p.dirname("/a/b/c")', 'p.dirname("a")', 'p.dirname("/")', 'p.dirname("//a")', 'p.dirname("/a")', 'p.dirname("a/b/")', 'p.dirname("")',
  'p.extname("a.tar.gz")', 'p.extname(".bashrc")', 'p.extname("a.")', 'p.extname("a")', 'p.extname("/p.d/file")', 'p.extname("..")', 'p.extname("a..")', 'p.extname("/x/.hidden.txt")',
  'p.resolve("/a", "b", "../c")', 'p.resolve("/x", "/y", "z")', 'p.resolve("/a/b/", "")', 'p.relative("/a/b/c", "/a/d")', 'p.relative("/a", "/a/b/c")', 'p.relative("/a/b", "/a")', 'p.relative("/", "/x")', 'p.relative("/x", "/x")',
  'p.isAbsolute("/x")', 'p.isAbsolute("x")', 'p.isAbsolute("")', 'p.parse("/home/u/f.txt")', 'p.parse("f")', 'p.parse("/f")', 'p.parse(".bashrc")', 'p.parse("/a/b/")', 'p.parse("")', 'p.parse("a/b.c.d")',
  'p.format({dir: "/x", base: "y.z"})', 'p.format({root: "/", name: "f", ext: ".t"})', 'p.format({name: "n", ext: "e"})', 'p.format({root: "/", dir: "/", base: "b"})', 'p.format(null)',
  'p.sep', 'p.delimiter', 'p.posix === p', 'p.basename("https://cdn.example.com/avatars/123.png?size=64")', 'p.extname(new URL("https://x.example/a/b.jpeg").pathname)',
];
for (const c of pcases) cases.push('(function (p) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("path"))');
// zlib: one-shot calls, zlib's framing and error texts, options.
const zcases = [
  'z.gzipSync("a").toString("hex").slice(0, 20)', 'z.gzipSync("a", {level: 9}).toString("hex").slice(0, 20)', 'z.gzipSync("a", {level: 1}).toString("hex").slice(0, 20)',
  'z.gzipSync("a", {level: 0}).toString("hex").slice(0, 20)', 'z.gzipSync("a", {strategy: 2}).toString("hex").slice(0, 20)', 'z.gzipSync("a", {windowBits: 9}).toString("hex").slice(0, 20)',
  'z.deflateSync("a").toString("hex").slice(0, 4)', 'z.deflateSync("a", {level: 0}).toString("hex").slice(0, 4)', 'z.deflateSync("a", {level: 3}).toString("hex").slice(0, 4)', 'z.deflateSync("a", {level: 9}).toString("hex").slice(0, 4)',
  'z.deflateSync("a", {windowBits: 8}).length > 0', 'z.gunzipSync(z.gzipSync("round trip", {level: 0})).toString()', 'z.inflateSync(z.deflateSync("round trip", {strategy: 2})).toString()',
  'z.gunzipSync(z.gzipSync("héllo wörld ".repeat(50))).toString()', 'z.inflateSync(z.deflateSync(Buffer.alloc(100000, 7))).length',
  'z.inflateRawSync(z.deflateRawSync("raw data")).toString()', 'z.unzipSync(z.gzipSync("x")).toString()', 'z.unzipSync(z.deflateSync("y")).toString()',
  'z.unzipSync(z.deflateRawSync("x"))', 'z.gunzipSync("hello")', 'z.gunzipSync(Buffer.from(\'{"a":1}\'))', 'z.gunzipSync(z.gzipSync("hello").subarray(0, 15))', 'z.gunzipSync("h")', 'z.gunzipSync("\x1f\x8b\x01")', 'z.inflateSync("h")', 'z.unzipSync("h")', 'z.unzipSync("hello")',
  'z.gunzipSync(Buffer.concat([z.gzipSync("hello"), Buffer.from("garbage")]))', 'z.gunzipSync(Buffer.concat([z.gzipSync("hello"), z.gzipSync(" world")])).toString()',
  'z.gunzipSync(Buffer.concat([z.gzipSync("hello"), Buffer.from([0x1f])]))', 'z.gunzipSync(Buffer.concat([z.gzipSync("hello"), Buffer.alloc(5)])).toString()',
  'z.gunzipSync(Buffer.concat([z.gzipSync("hello"), Buffer.from([0, 1, 2])])).toString()',
  'z.inflateSync(Buffer.concat([z.deflateSync("hello"), Buffer.from("garbage")])).toString()', 'z.inflateRawSync(Buffer.concat([z.deflateRawSync("hello"), Buffer.from("garbage")])).toString()',
  'z.inflateSync(z.gzipSync("x"))', 'z.gunzipSync(z.deflateSync("x"))', 'z.unzipSync(Buffer.alloc(0))', 'z.gunzipSync(Buffer.alloc(0))', 'z.inflateSync(Buffer.alloc(0))', 'z.inflateRawSync(Buffer.alloc(0))',
  'z.inflateSync(Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff]))', 'z.inflateSync(Buffer.from([0x78, 0x9c, 0x00, 0x05, 0x00, 0x00, 0x00]))', 'z.inflateRawSync(Buffer.from([0x07, 1, 2, 3]))',
  'z.inflateSync(Buffer.from([0x78, 0x9d, 0x03, 0x00]))', 'z.inflateSync(Buffer.from([0x79, 0x9c, 0x03, 0x00]))', 'z.inflateSync(Buffer.from([0x88, 0x98, 0x03, 0x00]))',
  'z.gunzipSync(Buffer.from("1f8b0900000000000003", "hex"))', 'z.gunzipSync(Buffer.from("1f8b08e0000000000003", "hex"))',
  '(function(){ var b = z.gzipSync("hello"); b[b.length - 5] ^= 1; return z.gunzipSync(b); })()', '(function(){ var b = z.gzipSync("hello"); b[b.length - 1] ^= 1; return z.gunzipSync(b); })()',
  '(function(){ var b = z.deflateSync("hello"); b[b.length - 1] ^= 1; return z.inflateSync(b); })()',
  '(function(){ var b = z.gzipSync("x"); b[3] = 0x1e; return z.gunzipSync(Buffer.concat([b.subarray(0, 10), Buffer.from([4, 0, 0x41, 0x42, 0x00, 0x00]), Buffer.from("name\0comment\0"), Buffer.from([0, 0]), b.subarray(10)])); })()',
  'z.gunzipSync(Buffer.concat([Buffer.from("1f8b0808000000000003616200", "hex"), z.gzipSync("x").subarray(10)])).toString()',
  'z.inflateSync(z.deflateSync("x", {dictionary: Buffer.from("abc")}))', 'z.inflateSync(z.deflateSync("x", {dictionary: Buffer.from("abc")}), {dictionary: Buffer.from("abd")})',
  'z.inflateSync(z.deflateSync("xabcabc", {dictionary: Buffer.from("abc")}), {dictionary: Buffer.from("abc")}).toString()',
  'z.inflateRawSync(z.deflateRawSync("abcabc", {dictionary: Buffer.from("abc")}), {dictionary: Buffer.from("abc")}).toString()',
  'z.gunzipSync(z.gzipSync("hello").subarray(0, 15), {finishFlush: z.constants.Z_SYNC_FLUSH}).toString()', 'z.inflateRawSync(Buffer.from([0x01, 0x05, 0x00, 0xfa, 0xff, 0x61]))',
  'z.inflateRawSync(Buffer.from([0x01, 0x05, 0x00, 0xfa, 0xff, 0x61]), {finishFlush: 2}).toString()', 'z.gunzipSync(Buffer.alloc(0), {finishFlush: 2}).length',
  'z.gunzipSync(z.gzipSync("hello world hello"), {maxOutputLength: 5})', 'z.gunzipSync(z.gzipSync("hello"), {maxOutputLength: 5}).toString()',
  'z.gzipSync(1)', 'z.gzipSync("a", {level: 10})', 'z.gzipSync("x", {level: -2})', 'z.gzipSync("x", {level: "5"})', 'z.gzipSync("x", {level: Infinity})',
  'z.gzipSync("x", {level: 1.5}).toString("hex").slice(0, 20)', 'z.gzipSync("x", {level: NaN}).toString("hex").slice(0, 20)', 'z.gunzipSync(z.gzipSync("x", null)).toString()', 'z.gunzipSync(z.gzipSync("x", 5)).toString()',
  'z.gunzipSync(z.gzipSync("hello"), {maxOutputLength: 0})', 'z.gunzipSync(z.gzipSync("hello"), {maxOutputLength: 2 ** 33})', 'z.gunzipSync(z.gzipSync("hello"), {finishFlush: 9})',
  'z.gzipSync("x", {chunkSize: 10})', 'z.gzipSync("x", {windowBits: 16})', 'z.gzipSync("x", {memLevel: 0})', 'z.gzipSync("x", {strategy: 5})', 'z.gzipSync("x", {dictionary: "abc"})',
  'z.inflateSync(z.deflateSync("w"), {windowBits: 0}).toString()', 'z.deflateSync("w", {windowBits: 0})',
  'z.gunzipSync(new Uint8Array(z.gzipSync("u8"))).toString()', 'z.gunzipSync(new Uint8Array(z.gzipSync("ab")).buffer).toString()', 'z.gunzipSync(new DataView(new Uint8Array(z.gzipSync("dv")).buffer)).toString()',
  'z.gunzipSync(z.gzipSync("\\ud83d\\ude00 \\ud800")).toString("hex")',
  'z.crc32("hello")', 'z.crc32("hello", 5)', 'z.crc32(Buffer.from("hello"))', 'z.crc32("world", z.crc32("hello "))', 'z.crc32(5)', 'z.crc32("a", "b")', 'z.crc32("a", -1)', 'z.crc32("a", 1.5)',
  'z.gunzip("x")', 'z.gunzip(1, function () {})', 'z.gzip("x", {level: 10}, function () {})', 'z.deflate("x")',
  'Object.keys(z).filter(function (k) { return !/brotli/i.test(k); }).sort()', 'Object.keys(z.constants).filter(function (k) { return !/BROTLI/.test(k); }).map(function (k) { return [k, z.constants[k]]; })', 'z.codes', 'Object.isFrozen(z.constants)', 'Object.isFrozen(z.codes)', '[z.Z_OK, z.Z_SYNC_FLUSH, z.Z_DEFAULT_CHUNK, Object.keys(z).indexOf("Z_OK")]',
  'typeof z.Gunzip', 'z.createGunzip() instanceof z.Gunzip', 'z.Gunzip() instanceof z.Gunzip', 'z.Gzip.name', 'z.createGzip({level: 10})', 'z.createGunzip().write(1)',
];
for (const c of zcases) cases.push('(function (z) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.errno, e.message]; } })(require("zlib"))');
// Argument errors as Node writes them: the "Received ..." of
// ERR_INVALID_ARG_TYPE (determineSpecificType) and ERR_OUT_OF_RANGE's
// received value, through path, zlib and crypto.
const received = ['Symbol("s")', 'Symbol()', '[1, 2]', 'new Date(0)', 'Object.create(null)', 'Object.assign(Object.create(null), {a: 1})',
  'function foo() {}', '(function () { return function () {}; })()', 'class A {}', '10n', '-0', 'NaN', '-Infinity', 'new Map()', '/x/', 'new TypeError("m")',
  '({constructor: {name: "Fake"}})', '({constructor: null, a: 1})', '({constructor: {}})', '({constructor: {name: undefined}})', 'true', '1.5', 'new ArrayBuffer(2)',
  'Object.setPrototypeOf([1], null)', 'new (class extends Array {})()',
  // Values whose inspection runs script code or throws, as Node's does.
  'new Proxy({}, {get: function () { throw new Error("trap"); }})', '({get constructor() { throw new Error("ctor getter"); }})', '({constructor: 5})',
  '({constructor: {name: Symbol("q")}})', 'Object.create(new Proxy({}, {}))', '(function () { var f = function () {}; Object.defineProperty(f, "name", {value: Symbol("n")}); return f; })()'];
const receivedCalls = ['require("path").basename(V)', 'require("zlib").crc32(V)', 'require("zlib").gunzipSync(require("zlib").gzipSync(V)).toString("hex")', 'crypto.createHmac("sha256", V)',
  'crypto.createHash("sha1").update(V)', 'crypto.pbkdf2Sync(V, "s", 1, 1, "sha1").toString("hex")'];
for (const v of received) for (const c of receivedCalls) cases.push('(function () { try { return ' + c.replace('V', v) + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
const typeStrings = ['"1"', '"it\'s"', '"x".repeat(40)', '"it\'s \\"q\\"\\n" + "y".repeat(30)', '"\\ud83d\\ude00".repeat(14)'];
for (const v of typeStrings) cases.push('(function () { try { return require("zlib").crc32("a", ' + v + '); } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
const ranges = ['crypto.pbkdf2Sync("a", "b", 1e10, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", -1e10, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 1e21, 1, "sha1")',
  'crypto.pbkdf2Sync("a", "b", -0, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 1.5, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 2 ** 32 + 1, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 2 ** 32, 1, "sha1")',
  'crypto.pbkdf2Sync("a", "b", Infinity, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", NaN, 1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 1, -1, "sha1")', 'crypto.pbkdf2Sync("a", "b", 1n, 1, "sha1")',
  'require("zlib").crc32("a", 1e21)', 'require("zlib").crc32("a", 123456789012)', 'require("zlib").crc32("a", null)', 'require("zlib").crc32("a", NaN)', 'require("zlib").crc32("a", -Infinity)',
  'require("zlib").crc32("a", 4294967295)', 'require("zlib").crc32(new Uint16Array([1, 2]))', 'require("zlib").gzipSync("x", {level: 12345678901})', 'require("zlib").gzipSync("x", {level: -12345678901.5})',
  'crypto.hkdfSync("sha256", "k", "s", "i", 2 ** 33)', 'crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).setAAD(5)', 'crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).setAAD(new ArrayBuffer(2)) !== undefined',
  'crypto.createDecipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).setAuthTag(5)', 'crypto.createDecipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12)).setAuthTag("00".repeat(16), "hex") !== undefined',
  'crypto.createVerify("sha256").update("x").verify(keys.rsa_public, 5)', 'crypto.createVerify("sha256").update("x").verify(keys.rsa_public, new ArrayBuffer(4))',
  'crypto.createVerify("sha256").update("x").verify(keys.rsa_public, crypto.createSign("sha256").update("x").sign(keys.rsa_private, "base64"), "base64")',
  'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16)).update(new ArrayBuffer(2))'];
for (const c of ranges) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
// http and https: status texts, methods, agents, header checks.
const hcases = ['h.STATUS_CODES', 'h.METHODS', 'typeof hs.STATUS_CODES', 'Object.keys(hs).filter(function (k) { return !/Server/.test(k); }).sort()', 'h.maxHeaderSize', '[h.Agent.name, hs.Agent.name, hs.Agent === h.Agent, h.Agent.defaultMaxSockets]',
  '(function (a) { return [a.defaultPort, a.protocol, Object.assign({}, a.options), a.keepAlive, a.keepAliveMsecs, a.maxSockets, a.maxFreeSockets, a.scheduling, a.maxTotalSockets, a.totalSocketCount, a.maxCachedSessions, a instanceof h.Agent, a instanceof hs.Agent, a instanceof require("events"), a.getName({host: "h", port: 1, family: 6}), a.getName()]; })(new hs.Agent({keepAlive: true, maxSockets: 5, rejectUnauthorized: false}))',
  '(function (a) { return [a.defaultPort, a.protocol, Object.assign({}, a.options), a.keepAlive, a.keepAliveMsecs, a.maxSockets, a.maxCachedSessions, a instanceof h.Agent, a.destroy()]; })(h.Agent({keepAliveMsecs: 10, noDelay: false}))',
  '[hs.globalAgent instanceof hs.Agent, hs.globalAgent.defaultPort, h.globalAgent.defaultPort, Object.assign({}, hs.globalAgent.options), h.globalAgent.keepAlive]',
  'h.validateHeaderName("x-ok")', 'h.validateHeaderName("a b")', 'h.validateHeaderName("")', 'h.validateHeaderName(5)', 'h.validateHeaderValue("x", undefined)', 'h.validateHeaderValue("x", "a\\nb")',
  'h.validateHeaderValue("x", "caf\\u00e9")', 'h.validateHeaderValue("x", "\\u20ac")', 'req(h).setHeader("a b", "1")', 'req(h).setHeader("x", undefined)',
  'req(h).setHeader("x", "1\\r\\n")', 'req(h).getHeader("x")'];
// req is a request that is never sent: destroyed before it could connect.
for (const c of hcases) cases.push('(function (h, hs) { function req(h) { var r = h.request("http://a.example/"); r.on("error", function () {}); r.destroy(); return r; } try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("http"), require("https"))');
// crypto's one-call helpers: hash, randomInt, randomFillSync (the random
// parts as properties that hold for any draw).
const ocases = ['crypto.hash("sha256", "abc")', 'crypto.hash("sha1", "abc", "base64")', 'crypto.hash("SHA512", Buffer.from("abc"), "base64url")', 'crypto.hash("md5", "abc", "buffer").length',
  'crypto.hash("md5", new Uint16Array([1, 2]))', 'crypto.hash("sha999", "abc")', 'crypto.hash("sha256", 5)', 'crypto.hash("sha256", new ArrayBuffer(2))', 'crypto.hash("sha256", "abc", "latin2")',
  'crypto.hash("sha256", "abc", 5)', 'crypto.hash(5, "abc")', 'crypto.hash("sha256", "abc", "HEX")',
  'typeof crypto.randomInt(10)', 'crypto.randomInt(1.5)', 'crypto.randomInt(5, 5)', 'crypto.randomInt(0, 2 ** 48 + 1)', 'crypto.randomInt(2 ** 48)', 'crypto.randomInt("5")', 'crypto.randomInt(3, 4)',
  'crypto.randomInt(-(2 ** 53), 0)', 'crypto.randomInt(1, 2, 3)', 'crypto.randomInt(10, function () {})', 'crypto.randomInt(Symbol("s"))', 'crypto.randomInt(2 ** 48 - 1) >= 0',
  '(function () { var seen = {}; for (var i = 0; i < 400; i++) { var n = crypto.randomInt(-2, 3); if (n < -2 || n > 2 || n !== Math.floor(n)) return n; seen[n] = 1; } return Object.keys(seen).sort(); })()',
  '(function () { var b = Buffer.alloc(8); var r = crypto.randomFillSync(b, 2, 3); return [r === b, b[0], b[1], b[5], b[6], b[7]]; })()',
  '(function () { var u = new Uint32Array(4); var r = crypto.randomFillSync(u, 1, 2); return [r === u, u[0], u[3]]; })()', 'crypto.randomFillSync(new ArrayBuffer(3)).byteLength',
  'crypto.randomFillSync(5)', 'crypto.randomFillSync(Buffer.alloc(2), 3)', 'crypto.randomFillSync(Buffer.alloc(2), "1")', 'crypto.randomFillSync(Buffer.alloc(4), 1, 4)', 'crypto.randomFillSync(Buffer.alloc(4), 0, -1)',
  'crypto.randomFillSync(new Uint16Array(2), 3)', 'crypto.randomFill(Buffer.alloc(2))', 'crypto.randomFill(Buffer.alloc(2), 1)'];
for (const c of ocases) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
// util's checks and helpers, events' statics, buffer's functions.
const typesOf = ['new Date()', '/x/', 'RegExp.prototype', 'new Map()', 'new Set()', 'new WeakMap()', 'new WeakSet()', 'Promise.resolve()', '{then: function () {}}',
  'new Proxy({}, {})', '(function () { return arguments; })()', 'new TypeError("x")', '{name: "Error", message: "x"}', 'new Uint8Array(1)', 'Buffer.from("a")', 'new Float64Array(1)',
  'new DataView(new ArrayBuffer(1))', 'new ArrayBuffer(1)', 'new Number(1)', '1', 'new String("s")', 'Object(Symbol())', 'Object(1n)', 'new Boolean(false)',
  'async function () {}', 'function* () {}', '(function* () {})()', 'new Map().entries()', 'new Set().values()', '[]', 'Object.create(Date.prototype)', 'Object.create(Map.prototype)'];
const typeNames = ['isDate', 'isRegExp', 'isMap', 'isSet', 'isWeakMap', 'isWeakSet', 'isPromise', 'isProxy', 'isArgumentsObject', 'isNativeError', 'isTypedArray', 'isUint8Array',
  'isFloat64Array', 'isDataView', 'isArrayBufferView', 'isArrayBuffer', 'isAnyArrayBuffer', 'isNumberObject', 'isStringObject', 'isSymbolObject', 'isBigIntObject', 'isBooleanObject',
  'isBoxedPrimitive', 'isAsyncFunction', 'isGeneratorFunction', 'isGeneratorObject', 'isMapIterator', 'isSetIterator', 'isExternal', 'isModuleNamespaceObject', 'isSharedArrayBuffer', 'isKeyObject', 'isCryptoKey'];
for (const v of typesOf) cases.push('(function (v) { var t = util.types; return ' + JSON.stringify(typeNames) + '.filter(function (n) { return t[n](v); }); })(' + v + ')');
const ucases = ['util.isSymbol(Symbol())', 'util.isSymbol("s")', 'util._extend({a: 1, b: 1}, {b: 2, c: 3})', 'util._extend({a: 1}, null)', 'typeof util.debuglog("x")', 'util.debuglog("x").enabled',
  'util.debuglog("x")("msg")', 'util.debug === util.debuglog', 'util.stripVTControlCharacters("\\u001b[31mred\\u001b[0m \\u001b]8;;http://x\\u0007link\\u001b]8;;\\u0007")', 'util.stripVTControlCharacters(5)',
  'util.toUSVString("a\\ud800b\\udc00c\\ud83d\\ude00")', 'util.getSystemErrorName(-2)', 'util.getSystemErrorName(-111)', 'util.getSystemErrorName(-3008)', 'util.getSystemErrorName(-99999)',
  'util.getSystemErrorName(2)', 'util.getSystemErrorName(-1.5)', 'util.getSystemErrorName("x")', 'util.callbackify(5)', 'util.callbackify(function () {})(5)',
  '(function () { var f = util.callbackify(function foo(a, b) {}); return [f.name, f.length]; })()'];
for (const c of ucases) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
const ecases = ['[String(E.errorMonitor), String(E.captureRejectionSymbol), E.captureRejectionSymbol === Symbol.for("nodejs.rejection"), E.usingDomains, E.captureRejections, E.defaultMaxListeners]',
  '(function () { var e = new E(), seen = []; e.on(E.errorMonitor, function (x) { seen.push("monitor " + x.message); }); e.on("error", function (x) { seen.push("handler " + x.message); }); e.emit("error", new Error("boom")); return seen; })()',
  '(function () { var e = new E(), seen = []; e.on(E.errorMonitor, function (x) { seen.push(x.message); }); try { e.emit("error", new Error("unhandled")); } catch (x) { seen.push("threw " + x.message); } return seen; })()',
  '(function () { var e = new E(); function f() {} e.on("x", f); return [E.getEventListeners(e, "x").length, E.getEventListeners(e, "x")[0] === f, E.getMaxListeners(e)]; })()',
  '(function () { var a = new E(), b = new E(); E.setMaxListeners(3, a, b); return [a.getMaxListeners(), b.getMaxListeners(), E.defaultMaxListeners]; })()',
  'E.setMaxListeners(-1)', 'E.setMaxListeners("2")', 'E.setMaxListeners(2, {})', 'new E().setMaxListeners(-1)', 'new E().setMaxListeners(NaN)'];
for (const c of ecases) cases.push('(function (E) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("events"))');
// One-call signatures, with RSA padding and ECDSA encodings, and crypto.constants.
const scases = ['crypto.sign("sha256", Buffer.from("data"), keys.rsa_private).toString("base64")', 'crypto.sign("sha256", "data", keys.rsa_private).length',
  'crypto.sign(null, Buffer.from("data"), keys.rsa_private).equals(crypto.sign("sha256", Buffer.from("data"), keys.rsa_private))',
  'crypto.verify("sha256", Buffer.from("data"), keys.rsa_public, crypto.sign("sha256", Buffer.from("data"), keys.rsa_private))',
  'crypto.verify("sha256", Buffer.from("datx"), keys.rsa_public, crypto.sign("sha256", Buffer.from("data"), keys.rsa_private))',
  'crypto.verify("sha256", Buffer.from("data"), keys.rsa_private, crypto.sign("sha256", Buffer.from("data"), keys.rsa_private))',
  'crypto.verify("sha256", Buffer.from("data"), keys.ec256_public, crypto.sign("sha256", Buffer.from("data"), keys.ec256_private))',
  'crypto.verify(null, Buffer.from("data"), keys.ec256_public, crypto.sign(null, Buffer.from("data"), keys.ec256_private))',
  '(function () { var s = crypto.sign("sha384", Buffer.from("data"), {key: keys.ec384_private, dsaEncoding: "ieee-p1363"}); return [s.length, crypto.verify("sha384", Buffer.from("data"), {key: keys.ec384_public, dsaEncoding: "ieee-p1363"}, s), crypto.verify("sha384", Buffer.from("data"), keys.ec384_public, s)]; })()',
  '(function () { var s = crypto.sign("sha256", Buffer.from("data"), {key: keys.rsa_private, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32}); return [s.length, crypto.verify("sha256", Buffer.from("data"), {key: keys.rsa_public, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32}, s), crypto.verify("sha256", Buffer.from("data"), keys.rsa_public, s)]; })()',
  '(function () { var s = crypto.sign("sha256", Buffer.from("data"), {key: keys.rsa_private, padding: 6}); return crypto.verify("sha256", Buffer.from("data"), {key: keys.rsa_public, padding: 6, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO}, s); })()',
  '(function () { var s = crypto.createSign("sha256").update("data").sign({key: keys.rsa_private, padding: 6, saltLength: 20}); return crypto.createVerify("sha256").update("data").verify({key: keys.rsa_public, padding: 6, saltLength: 20}, s); })()',
  '(function () { var s = crypto.createSign("sha256").update("data").sign({key: keys.ec256_private, dsaEncoding: "ieee-p1363"}); return [s.length, crypto.createVerify("sha256").update("data").verify({key: keys.ec256_public, dsaEncoding: "ieee-p1363"}, s)]; })()',
  'crypto.sign("sha256", Buffer.from("data"), {key: keys.ec256_private, dsaEncoding: "x"})', 'crypto.sign("sha256", Buffer.from("data"), {key: keys.rsa_private, padding: 3})',
  'crypto.sign("nope", Buffer.from("data"), keys.rsa_private)', 'crypto.sign("sha256", Buffer.from("data"))', 'crypto.verify("sha256", Buffer.from("data"), keys.rsa_public, "abc")', 'crypto.sign(5, Buffer.from("data"), keys.rsa_private)',
  'crypto.sign("sha256", Buffer.from("d"), keys.rsa_private, function () {})', 'crypto.sign("sha256", new Uint8Array([1]), keys.rsa_private).length', 'crypto.sign("sha256", 5, keys.rsa_private)',
  '(function () { var k = crypto.createPrivateKey({key: {kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}, format: "jwk"}); var s = crypto.sign(null, Buffer.from("data"), k); return [s.toString("hex"), crypto.verify(null, Buffer.from("data"), crypto.createPublicKey(k), s), crypto.verify(undefined, Buffer.from("datx"), k, s)]; })()',
  '(function () { var k = crypto.createPrivateKey({key: {kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}, format: "jwk"}); return crypto.sign("sha256", Buffer.from("data"), k); })()',
  'crypto.constants'];
for (const c of scases) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
// util: custom inspection, promisify.custom, defaultOptions, strict deep equality.
const dcases = ['String(util.inspect.custom)', 'String(util.promisify.custom)', 'util.inspect.defaultOptions', 'util.inspect({[util.inspect.custom]: function () { return "CUSTOM"; }})',
  'util.inspect({a: {[util.inspect.custom]: function (depth, opts) { return {depth: depth, d: opts.depth, t: typeof opts.stylize}; }}})', 'util.inspect({a: {[util.inspect.custom]: function () { return "x\\ny"; }}})',
  'util.inspect({[util.inspect.custom]: function () { return this; }, b: 1})', 'util.inspect({[util.inspect.custom]: function () { return 1; }}, {customInspect: false})',
  'util.format("%s %o", {[util.inspect.custom]: function () { return "C"; }}, 1)', 'util.inspect([{[util.inspect.custom]: function (d, o, i) { return i({n: 1}); }}])',
  '(function () { function f() {} f[util.promisify.custom] = function () { return "custom"; }; return util.promisify(f)(); })()', '(function () { function f() {} f[util.promisify.custom] = 5; return util.promisify(f); })()',
  'util.promisify(5)'];
const eq = [['[1, 2]', '[1, 2]'], ['{a: NaN}', '{a: NaN}'], ['new Map([[1, 2]])', 'new Map([[1, 2]])'], ['[1]', '{0: 1, length: 1}'], ['new Date(0)', 'new Date(0)'], ['new Date(0)', 'new Date(1)'],
  ['0', '-0'], ['new Set([1, {a: 1}])', 'new Set([1, {a: 1}])'], ['/a/g', '/a/i'], ['[1, , 3]', '[1, undefined, 3]'], ['new Map([[{k: 1}, 1]])', 'new Map([[{k: 1}, 1]])'], ['new Map([[{k: 1}, 1]])', 'new Map([[{k: 1}, 2]])'],
  ['new Set([{a: 1}, {a: 1}])', 'new Set([{a: 1}, {a: 2}])'], ['new Number(1)', 'new Number(1)'], ['new Number(1)', 'new Number(2)'], ['new Error("x")', 'new Error("x")'], ['new Error("x")', 'new TypeError("x")'],
  ['new Uint8Array([1, 2])', 'new Uint8Array([1, 2])'], ['new Uint8Array([1, 2])', 'new Uint16Array([1, 2])'], ['Buffer.from("ab")', 'Buffer.from("ab")'], ['{a: 1, b: 2}', '{b: 2, a: 1}'], ['{a: 1}', '{a: 1, b: undefined}'],
  ['Object.create(null)', '{}'], ['{[Symbol.for("s")]: 1}', '{[Symbol.for("s")]: 1}'], ['{[Symbol.for("s")]: 1}', '{}'], ['(function () { var a = {}; a.self = a; return a; })()', '(function () { var b = {}; b.self = b; return b; })()'],
  ['[NaN]', '[NaN]'], ['{a: [1, {b: 2}]}', '{a: [1, {b: 3}]}'], ['"1"', '1'], ['null', 'undefined']];
for (const [x, y] of eq) dcases.push('util.isDeepStrictEqual(' + x + ', ' + y + ')');
for (const c of dcases) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
// Argument errors written by the modules' JavaScript.
const rcases = ['url.parse(5)', 'url.parse({a: 1})', 'url.format(5)', 'url.format(Symbol("s"))', 'util.inherits(undefined, function () {})', 'util.inherits(function () {}, null)',
  'util.inherits(function () {}, {})', 'new (require("events"))().on("x", 5)', 'new (require("events"))().on("x", {})', 'require("path").format(5)', 'require("path").format(null)',
  // Names that must be primitive strings: not numbers, Symbols or String objects.
  'crypto.createHash(1)', 'crypto.createHash(Symbol("sha256"))', 'crypto.createHash(new String("sha256"))', 'crypto.createHash("nope")', 'crypto.createHmac(1, "k")',
  'crypto.createHmac(Symbol("sha256"), "k")', 'crypto.createSign(5)', 'crypto.createVerify(Symbol("sha256"))', 'crypto.createCipheriv(Symbol("aes-128-cbc"), Buffer.alloc(16), Buffer.alloc(16))',
  'crypto.createDecipheriv(5, Buffer.alloc(16), Buffer.alloc(16))', 'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Symbol("iv"))',
  'crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), new String("0123456789abcdef"))', 'crypto.pbkdf2Sync("p", "s", 1, 32, Symbol("sha256"))',
  'crypto.hkdfSync(Symbol("sha256"), "k", "s", "i", 16)', 
  'util.inspect(Object(Symbol("x")))', 'util.inspect({[Symbol.toStringTag]: Symbol("t"), a: 1})', 'util.inspect(new String("ab"))',
  // events.defaultMaxListeners is checked when set (and restored after).
  '(function (e) { var o = e.defaultMaxListeners; try { e.defaultMaxListeners = "x"; return e.defaultMaxListeners; } finally { e.defaultMaxListeners = o; } })(require("events"))',
  '(function (e) { var o = e.defaultMaxListeners; try { e.defaultMaxListeners = -1; return e.defaultMaxListeners; } finally { e.defaultMaxListeners = o; } })(require("events"))',
  '(function (e) { var o = e.defaultMaxListeners; try { e.defaultMaxListeners = NaN; return e.defaultMaxListeners; } finally { e.defaultMaxListeners = o; } })(require("events"))',
  '(function (e) { var o = e.defaultMaxListeners; try { e.defaultMaxListeners = 3; return [e.defaultMaxListeners, new e().getMaxListeners()]; } finally { e.defaultMaxListeners = o; } })(require("events"))'];
for (const c of rcases) cases.push('(function () { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })()');
// punycode (Node's bundled punycode.js).
const punyCases = ['p.version', 'Object.keys(p)', 'p.encode("mañana")', 'p.decode("maana-pta")', 'p.toASCII("mañana.com")', 'p.toUnicode("xn--maana-pta.com")', 'p.toASCII("user@ñ.com")',
  'p.toASCII("a。b．c｡d")', 'p.ucs2.decode("a\\ud83d\\ude00\\ud800")', 'p.ucs2.encode([97, 0x1f600])', 'p.decode("ü")', 'p.decode("a-99999999999")', 'p.decode("zz-")', 'p.toUnicode("xn--ü")',
  'p.encode("\\u043f\\u0440\\u0438\\u0432\\u0435\\u0442")', 'p.encode("☃-⌘")', 'p.decode("--dqo34k")', 'p.toUnicode("XN--MAANA-PTA.com")', 'p.toASCII("Bücher.example")', 'p.toASCII("ABC.com")',
  'p.encode("")', 'p.decode("")', 'p.encode("abc")', 'p.decode("abc-")', 'p.toASCII("\\u007f.com")', 'p.encode("\\ud83d\\ude00")', 'p.decode("a-b-c")'];
for (const c of punyCases) cases.push('(function (p) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("punycode"))');
// assert: messages, operators and which calls throw.
const assertCases = ["assert(false, 'no email')", "assert.ok(0, 'zero')", "assert.equal(1, 2)", "assert.equal(1, '1')", "assert.notEqual(1, '1')", "assert.strictEqual(1, 2)", "assert.strictEqual('a', 'b')", "assert.strictEqual(1, 2, 'custom')", "assert.strictEqual('hello world', 'hello there')", "assert.notStrictEqual(1, 1)", "assert.deepStrictEqual({a: 1}, {a: 1})", "assert.deepStrictEqual({a: 1}, {a: 2})", "assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 8])", "assert.deepStrictEqual({a: {b: [1, 2]}, c: 'x'}, {a: {b: [1, 3]}, c: 'x'})", "assert.deepStrictEqual({a: Symbol.for('x')}, {a: Symbol.for('x')})", "assert.strictEqual({a: 1}, {a: 1})", "assert.notDeepStrictEqual({a: 1}, {a: 1})", "assert.deepEqual([1], ['1'])", "assert.deepEqual([1], [2])", "assert.notDeepEqual([1], [1])", "assert.fail()", "assert.fail('boom')", "assert.fail(1, 2)", "assert.match('abc', /x/)", "assert.doesNotMatch('abc', /b/)", "assert.match(5, /x/)", "assert.throws(() => {})", "assert.throws(() => {}, TypeError, 'need it')", "assert.throws(() => { throw new Error('x'); }, /y/)", "assert.throws(() => { throw new Error('x'); }, /x/)", "assert.throws(() => { throw new TypeError('x'); }, TypeError)", "assert.throws(() => { throw new Error('x'); }, TypeError)", "assert.throws(() => { throw new Error('x'); }, { message: 'x' })", "assert.throws(() => { throw new Error('x'); }, (e) => e.message === 'x')", "assert.throws(() => { throw new Error('x'); }, function check() { return false; })", "assert.doesNotThrow(() => { throw new Error('x'); })", "assert.doesNotThrow(() => { throw new Error('x'); }, 'oops')", "assert.ifError(null)", "assert.ifError(new Error('e'))", "assert.ifError('str')", "assert(false, new TypeError('mine'))", "assert.strictEqual(NaN, NaN)", "assert.equal(NaN, NaN)", "assert.notStrictEqual('a', 'a', 'same')", "assert.equal(null, undefined)", "assert.ok()", "assert.equal(1)", "assert.strict.equal(1, '1')", "assert.strict === assert.strict.strict", "typeof require('assert/strict')", "[new assert.AssertionError({actual: 1, expected: 2, operator: 'strictEqual'}).message, new assert.AssertionError({message: 'm'}).message]", "assert.deepStrictEqual(new Date(0), new Date(1))", "assert.strictEqual(0, -0)", "assert.strictEqual([1, 2], [1, 2])", "String(new assert.AssertionError({message: 'q'}))",
  // Argument type errors name what they received as Node does.
  "assert.throws(5)", "assert.throws('x')", "assert.throws({})", "assert.throws(null)", "assert.match('abc', 5)", "assert.match('abc', 'x')",
  "assert.match('abc', {})", "assert.match('abc')", "new assert.AssertionError(5)", "new assert.AssertionError('m')", "new assert.AssertionError(null)",
  "new assert.AssertionError()"];
for (const c of assertCases) cases.push('(function (assert) { try { var r = (function () { return ' + c + '; })(); return r === undefined ? "ok" : r; } catch (e) { return ["threw", e.name, e.code, e.message, e.generatedMessage, e.operator, e instanceof assert.AssertionError]; } })(require("assert"))');
const fs = require('fs');
const keys = {};
for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.pem'))) keys[f.replace('.pem', '')] = fs.readFileSync(__dirname + '/' + f, 'utf8');
global.require = require;
const mods = { url: require('url'), querystring: require('querystring'), util: require('util'), crypto: require('crypto') };
const out = cases.map((src) => ({ src, want: run(src) }));
function run(src) {
  try {
    const v = new Function('url', 'querystring', 'util', 'crypto', 'keys', 'return ' + src)(mods.url, mods.querystring, mods.util, mods.crypto, keys);
    return { value: v === undefined ? '<undefined>' : JSON.parse(JSON.stringify(v)) };
  } catch (e) {
    return { error: e.name + ': ' + e.message, code: e.code };
  }
}
console.log(JSON.stringify(out, null, 1));
