// Generates url_cases.json: what the URL class of Node 20 gives for each
// expression. Regenerate with: node gen_url_cases.js > url_cases.json
// (TestURLClassMatchesNodeLive runs this and compares.)
const abs = [
  'https://x.test/a/', 'https://x.test/a b', 'https://x.test/é', 'https://x.test/a%2Fb//c', 'https://x.test/a/./b/../c',
  'https://x.test/x%2e/%2e%2E/y', 'https://x.test\\a\\b', 'https://x.test/a\tb', 'https://x.test', 'https://x.test/a?b#c',
  'https://u:p@x.test:8443/p?q', 'https://x.test/{a}|^`<>"', 'https://x.test/%zz', 'https://x.test/a;b=c', 'HTTPS://X.TEST/P/',
  'https:x.test/p', 'https:///x.test/p', 'http://x.test:80/a/..', 'http://x.test/a/b/..', 'http://x.test/a/%2E', 'wss://x.test/s/',
  '  https://x.test/trim  ', 'https://x.test/a%20b/c%2fd', 'https://x.test/.well-known/openid-configuration', 'https://x.test/a//',
];
const rel = [
  ['userinfo', 'https://t.example/oauth2/'], ['userinfo', 'https://t.example/oauth2'], ['../x', 'https://t.example/a/b/c'],
  ['./x?y=1#z', 'https://t.example/a/b'], ['/abs/p', 'https://t.example/a/b?q'], ['//other.example/p/', 'https://t.example/a'],
  ['?only=1', 'https://t.example/a/b?old#h'], ['#frag', 'https://t.example/a/b?old#h'], ['', 'https://t.example/a/b?old#h'],
  ['a/../../..', 'https://t.example/x/y/'], ['%2e%2e/z', 'https://t.example/x/y/'], ['\\back\\slash', 'https://t.example/x/'],
  ['v2/me', 'https://t.example/api/v1/'],
];
// International host names: UTS #46 mapping, then punycode.
const idn = ["exämple.com", "ẞ.com", "MÜNCHEN.de", "İstanbul.tr", "ΣΑΣ.gr", "xn--Mnchen-3ya.de", "ＡＢＣ.com", "a．com", "a\xadb.com", "☃.net", "ǅ.com", "faß.de", "Ⅻ.com", "a。b.com", "-ä.com", "XN--zca.com", "ä_b.com", "a／b.com", "xn--a.com", "a\u200cb.com", "xn--.com", "⒈.com"];
const exprs = [];
for (const u of abs) exprs.push(`(function (u) { return [u.href, u.pathname, String(u), JSON.stringify(u), u.search, u.hash, u.host]; })(new URL(${JSON.stringify(u)}))`);
for (const h of idn) exprs.push(`(function () { try { var u = new URL(${JSON.stringify('https://' + h + '/p')}); return [u.hostname, u.host, u.href]; } catch (e) { return [e.name, e.code]; } })()`);
for (const [u, b] of rel) {
  exprs.push(`new URL(${JSON.stringify(u)}, ${JSON.stringify(b)}).href`);
  exprs.push(`new URL(${JSON.stringify(u)}, new URL(${JSON.stringify(b)})).pathname`);
}
exprs.push(
  '(function () { var u = new URL("https://x.test/a/b"); u.pathname = "c d/../e/"; return [u.href, u.pathname]; })()',
  '(function () { var u = new URL("https://x.test/a%2Fb/"); u.searchParams.set("k", "v w"); return [u.href, String(u), u.pathname, u.search]; })()',
  '(function () { var u = new URL("https://x.test/a/"); u.href = "https://y.test/b//c/"; return [u.href, u.pathname, u.host]; })()',
  '(function () { var u = new URL("https://x.test/a/"); u.search = "?q=1"; u.hash = "h"; return [u.href, u.pathname]; })()',
  '(function () { var u = new URL("https://x.test/p/"); return [u instanceof URL, typeof u.searchParams.get, u.searchParams.get("x")]; })()',
  'new URL("mailto:a@b.test").href', 'new URL("file:///tmp/a/../b").pathname',
  // URLSearchParams: "+" is "%2B" in the form serialisation.
  'new URLSearchParams({t: "a+b c/d=e&f~!\'()*-._"}).toString()', '(function () { var p = new URLSearchParams(); p.set("t", "x+y"); return [p.toString(), String(p)]; })()',
  '(function () { var u = new URL("https://x.test/"); u.searchParams.set("t", "x+y é"); return [u.href, u.search, String(u)]; })()',
  '(function () { var u = new URL("https://x.test/?a=x%2By&b=c+d"); return [u.href, u.search, u.searchParams.get("a"), u.searchParams.get("b")]; })()',
  '(function () { var u = new URL("https://x.test/?a=x%2By"); u.searchParams.append("c", "1+1"); return u.href; })()',
  'new URLSearchParams("a=x%2By&b=c+d").toString()', 'new URLSearchParams("q=%20+x&r=a%2Bb").toString()', 'new URLSearchParams([["é", "\\ud800"]]).toString()',
  '(function () { var p = new URLSearchParams("b=2&a=1&a=3"); p.sort(); p.delete("b"); return [p.toString(), p.getAll("a"), Array.from(p.keys())]; })()',
  // What it cannot read.
  '(function () { try { new URL("not a url"); } catch (e) { return [e.name, e.code, e.message, e.input, Object.keys(e)]; } })()',
  '(function () { try { new URL("x", "bad"); } catch (e) { return [e.name, e.code, e.message, e.input, e.base]; } })()',
  '(function () { try { new URL("http://[::1"); } catch (e) { return [e.name, e.code, e.message]; } })()',
);
// Hosts as the WHATWG host parser reads them: IPv4 in its many spellings,
// IPv6, escapes, forbidden code points; through the constructor, the
// hostname and host setters, and url.domainToASCII/domainToUnicode.
const hosts = ['0x7f.1', '1.2.3', '256.0.0.1', '0300.0250.0.1', '4294967295', '4294967296', '1.2.3.4.5', '1..2', '1.2.3.', '0x', '09', '08.1', 'a.1', '1.a',
  '0x100.1', '1.0x1000000', '[::1]', '[0:0::1]', '[::ffff:127.0.0.1]', '[1:2:3:4:5:6:7:8]', '[1:0:0:2::3:0]', '[0:0:1::]', '[::1', '[::1]x', '[g::1]', 'a%41b', '%zz', 'a b',
  'a<b', 'ex%C3%A4mple.com', '\u00ad.com', '\ufb00.com', 'a\u200db.com', 'A.COM', 'a..b', 'x.', '.', '%2e', 'a%2Fb', 'xn--a.com', 'xn--mnchen-3ya.de', 'xn--abc-', 'XN--ABC-', 'xn--a-ecp.ru', 'xn--\u73de-', 'Xn--\u73de-', 'a.xn--\u00e4.com', 'Xn--ls8h'];
for (const h of hosts) {
  const lit = JSON.parse('"' + h + '"');
  exprs.push(`(function () { try { var u = new URL(${JSON.stringify('https://' + lit + '/p')}); return [u.hostname, u.host, u.href]; } catch (e) { return [e.name, e.code]; } })()`);
  exprs.push(`(function () { var u = new URL("https://x.test:8443/p?q#f"); u.hostname = ${JSON.stringify(lit)}; return [u.hostname, u.host, u.href]; })()`);
  exprs.push(`[require('url').domainToASCII(${JSON.stringify(lit)}), require('url').domainToUnicode(${JSON.stringify(lit)})]`);
}
for (const h of ['a/b', 'a?b', 'a#b', 'a:b', 'a@b', 'a\\b', 'x', 'X', '']) {
  exprs.push(`(function () { var u = new URL("https://x.test:8443/p?q#f"); u.hostname = ${JSON.stringify(h)}; return [u.hostname, u.host, u.href]; })()`);
  exprs.push(`[require('url').domainToASCII(${JSON.stringify(h)}), require('url').domainToUnicode(${JSON.stringify(h)})]`);
}
for (const h of ['a.com:81', 'b.com', '[::1]:9', 'c.com:', 'd.com:x', 'e.com:99999', 'a/b:1', 'F.COM:443', 'g.com:0443', '0x7f.1:80', '%zz:1']) {
  exprs.push(`(function () { var u = new URL("https://x.test:8443/p?q#f"); u.host = ${JSON.stringify(h)}; return [u.hostname, u.port, u.host, u.href]; })()`);
}
const uopts = ['url.format(new URL("https://u:p@a.example/p?q=1#h"), {fragment: false, auth: false})', 'url.format(new URL("https://u:p@xn--mnchen-3ya.de/p?q#h"), {unicode: true, search: false})',
  'url.format(new URL("mailto:a@b"), {})', 'url.format(new URL("https://a.example:8443/"), {fragment: 0})', 'url.format(new URL("https://a/"), 5)', 'url.format(new URL("https://[::1]:81/x"))',
  'url.fileURLToPath("file:///a/b%20c")', 'url.fileURLToPath("http://x/")', 'url.fileURLToPath("file://host/a")', 'url.fileURLToPath("file:///a%2fb")', 'url.fileURLToPath(5)', 'url.fileURLToPath("file://localhost/a")',
  'url.fileURLToPath(new URL("file:///x/%C3%A4"))', 'url.pathToFileURL("/a#b?c d%e\\\\f\\n").href', 'url.pathToFileURL("/rel/x/").href', 'url.pathToFileURL("/a/../b").href', 'new URL("file:///a/b/").href', 'new URL("file://localhost/x").href', 'new URL("file:/a").href', '(function (u) { return [u.pathname, u.search, u.hash, u.href]; })(new URL("mailto:a@b.test?subject=x#f"))', 'new URL("urn:isbn:0451450523").pathname',
  'new URL("data:text/plain,hi").pathname',
  '(function () { var u = new URL("https://ä:b@x.test/"); var r = [u.username, u.password, u.href]; u.username = "n m"; u.password = "p@ss"; return r.concat([u.username, u.password, u.href]); })()', 'url.pathToFileURL("/").href',
  'url.urlToHttpOptions(new URL("https://u:p@a.example:8080/p?q=1#h"))', 'url.urlToHttpOptions(new URL("http://[::1]/x"))', 'url.urlToHttpOptions(new URL("https://%C3%A4:b@a.example/"))'];
for (const c of uopts) exprs.push('(function (url) { try { return ' + c + '; } catch (e) { return ["threw", e.name, e.code, e.message]; } })(require("url"))');
exprs.push('(function () { try { require("url").domainToASCII(); } catch (e) { return [e.name, e.code, e.message]; } })()', 'require("url").domainToASCII(5)',
  '(function () { try { return require("url").domainToASCII(Symbol("x")); } catch (e) { return [e.name, e.code, e.message]; } })()');
// URLs of other schemes with a host (custom-scheme redirect URIs): an
// opaque host, "/" the only separator, trailing slashes kept, no origin.
const nonSpecial = ['com.example.app://Dev.Auth0.com/android/com.example.app/callback/', 'foo://H.Com/p/', 'foo://hé/p', 'foo://h%41/p',
  'foo://a b/p', 'foo://a<b/p', 'foo://a^b/p', 'foo://a%zz/p', 'foo://[::1]:8/p', 'foo://h:abc/p', 'foo://h:65536/p', 'foo://h:080/p',
  'foo://h:/p', 'foo://u:p@h/p', 'foo://h', 'foo://h?q#f', 'foo://h/a/../b/', 'foo://h/a/./b/?x=1#f', 'foo://h/a/%2e%2E/b', 'foo://h/a/%2F/b/',
  'foo://h/%zz', 'foo://h/a\\b', 'foo://h/ä/"x"/{y}/`z`/<w>', 'foo://h/a b?c d#e f', 'FOO://h/A', 'javascript://alert(1)//x/',
  'exp://127.0.0.1:19000/--/logout', 'git+ssh://git@github.com/a/b.git', 'redis://:pw@h:6379/0', 'myapp://callback/?code=x', 'foo:///p', 'foo://', 'foo://@/p', 'foo://:8/p', 'foo://u@', 'foo://h:8', 'foo://h\\x/y', 'foo://\u0001h/'];
for (const u of nonSpecial) exprs.push(`(function () { try { var u = new URL(${JSON.stringify(u)}); return [u.href, u.pathname, u.host, u.hostname, u.port, u.username, u.password, u.origin, u.search, u.hash, String(u)]; } catch (e) { return [e.name, e.code]; } })()`);
for (const [u, b] of [['c/', 'foo://h/a/b'], ['c', 'foo://h'], ['?x', 'foo://h/a/b'], ['//g/x/', 'foo://h/a/b'], ['\\x', 'foo://h/a/b'], ['c\\d/', 'foo://h/a/b'], ['../..', 'foo://h/a/b/'], ['/logout/', 'com.example.app://t.example/a/b']]) {
  exprs.push(`new URL(${JSON.stringify(u)}, ${JSON.stringify(b)}).href`);
}
for (const set of ['u.pathname = "x/y/"', 'u.pathname = ""', 'u.pathname = "\\\\b\\\\c"', 'u.host = "X.org:77"', 'u.hostname = "X.org"', 'u.hostname = "a b"', 'u.host = "h:0"',
  'u.port = "99"', 'u.search = "q=1"; u.hash = "x"', 'u.username = "me"', 'u.searchParams.set("a", "b c")', 'u.href = "bar://k/l/"']) {
  exprs.push(`(function () { var u = new URL("foo://h/a/"); ${set}; return [u.href, u.pathname, u.host]; })()`);
}
exprs.push('new URL("file:///a/b").origin', 'new URL("blob:https://a.com/x").origin', 'new URL("blob:foo").origin', 'new URL("urn:x:y").origin', 'new URL("https://a.com:443/p").origin', 'new URL("http://A.com:8080/").origin');
require('../record_exprs.js')(exprs);
