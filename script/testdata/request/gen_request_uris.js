// Generates request_uris.json: what npm request 2.88.2 on Node 20 makes of
// each URI (request.uri as url.parse read it, the Invalid URI/protocol error,
// or what it throws). Regenerate with request installed where Node finds it:
//   NODE_PATH=<folder holding request> node gen_request_uris.js > request_uris.json
// (TestRequestURIsMatchNodeLive runs this against the installed packages.)
const request = require('request');

const uris = [
  'https://example.com', 'https://example.com/', 'http://example.com:80/a', 'https://example.com:443/a?b=1',
  'https://example.com:8443/a/b?c=d&e=f', 'http://127.0.0.1:8080/userinfo', 'https://api.example.com/v1/me?fields=id,name,email',
  'https://x.test/a%2Fb?q=%20x', 'https://x.test/a%2fb', 'https://x.test/a/../b', 'https://x.test/./a', 'https://EXAMPLE.com/A',
  'https://x.test/a#frag', 'https://user:pw@x.test/', 'https://x.test/a?', 'https://x.test/a b', 'https://x.test/é', 'https://1.2.3.4/',
  'https://xn--nxasmq6b.com/', 'https://a..b/', 'https://-a.b/', "https://x.test/a?b='c'", 'https://x.test/%2e%2E/', 'https://x.test/a?b=c/d?e',
  'https://graph.facebook.com/v2.5/me?fields=id,name&access_token=abc.def-ghi_jkl~', 'http://localhost:3000/me', 'http://a/!/',
  'http://a/(x)*?q=%21%28!', 'https://x.test:0/', 'https://<host>/api/userinfo', 'https://{TENANT}.example.com/x',
  'https://[APP_NAME].herokuapp.com/me', 'https://a!b$c&d=e.example/p', 'https://a.example:abc/p', 'https://a:b:8080/p', 'https://[::1]x/p',
  'https://user@{x}:80/p?q=<1>#h<', 'https://a%41.example/p', 'https://u:p@a|b.example/', 'https://exämple.com/p', 'https://ẞ.com/p', 'https://MÜNCHEN.de/p', 'https://İstanbul.tr/', 'https://ΣΑΣ.gr/', 'https://xn--Mnchen-3ya.de/', 
  // IDNA: what url.parse's toLowerCase and toASCII make of hosts.
  'https://ＡＢＣ.com/p', 'https://a．com/p', 'https://a／b.com/p', 'https://xn--a.com/p', 'https://a­b.com/p', 'https://☃.net/p', 'https://ǅ.com/p', 'https://a‌b.com/p', 'https://مثال.إختبار/p', 'https://xn--.com/p', 'https://faß.de/p', 'https://Ⅻ.com/p', 'https://a。b.com/p', 'https://ab--c.xn--ü.com/p', 'https://-ä.com/p', 'https://xn--abc-.com/p', 'https://XN--zca.com/p', 'https://a.xn--/p', 'https://xn--a-ecp.ru/p', 'https://a.ß.xn--zca/p', 'https://⒈.com/p', 'https://ä_b.com/p','https://[::1]:8443',
  'https://[::1]:8443/p;x=1?k=v|w', 'http://h.example/users/a%2Fb%20c/x%2e/y//z?q=a%2Fb', 'http://h.example/a/./b/../c',
  'https://h.example:443/p', '  https://trim.example/p  ', 'HTTPS://X.TEST/P', 'https://x.test\\a\\b?c\\d', 'https://x.test/a\tb',
  'https://x.test/p%zz', 'https://u%40x:p%3Aw@x.test/', 'https://ü:x@x.test/', 'https://x.test/a[0]', 'https://x.test?', 'https://x.test#h',
  'https://x.test:/p', 'https://%FF@x.test/', 'https://a%zz:b@x.test/', 'https://0x7f.1/p', 'api.example.com/me', '<BASE_URL>/userinfo', '?a=1', '#h', 'a\\b c?d e', '/a<b>', '/a b', '//x/y', 'x y', 'http:/x',
  'javascript:alert(1)', 'ftp://x.test/', 'https:///x', 'https://x.test/a"b`c{d}e|f^g<h>',
];

const fields = ['protocol', 'auth', 'host', 'port', 'hostname', 'hash', 'search', 'query', 'pathname', 'path', 'href'];

function pick(uri) {
  const o = {};
  for (const k of fields) o[k] = uri[k] === undefined ? null : uri[k];
  return o;
}

function probe(u) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (v) => { if (!settled) { settled = true; resolve(v); } };
    let r;
    try {
      r = request.get(u, (e) => {
        if (e && /^Invalid /.test(e.message)) finish({ error: e.message });
      });
    } catch (e) {
      finish({ threw: `${e.name} ${e.code} ${e.message}` });
      return;
    }
    // Invalid URI is reported at once; a protocol error on the next tick.
    setImmediate(() => {
      if (!settled && r.uri && typeof r.uri === 'object' && /^https?:$/.test(r.uri.protocol)) finish({ uri: pick(r.uri) });
      r.abort();
    });
  });
}

(async () => {
  const out = [];
  for (const u of uris) out.push({ uri: u, want: await probe(u) });
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
})();
