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
);
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
