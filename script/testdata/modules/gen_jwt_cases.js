// Generates jwt_cases.json: tokens signed by the real jsonwebtoken 9 and the
// result real Node 20 gives for each case expression. Regenerate with
//   npm install --prefix /tmp/npmref jsonwebtoken@9
//   NODE_PATH=/tmp/npmref/node_modules node gen_jwt_cases.js > jwt_cases.json
const fs = require('fs');
const jwt = require('jsonwebtoken');
const keys = {};
for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.pem'))) keys[f.replace('.pem', '')] = fs.readFileSync(__dirname + '/' + f, 'utf8');
const now = Math.floor(Date.now() / 1000);
const far = 4102444800; // 2100-01-01
const base = { sub: 'user-1', iss: 'https://issuer.example', aud: 'client-1', iat: 1700000000, exp: far, email: 'a@example.com' };
const tok = {
  hs256: jwt.sign(base, 'shh'),
  hs384: jwt.sign(base, 'shh', { algorithm: 'HS384' }),
  hs512buf: jwt.sign(base, Buffer.from('c2VjcmV0', 'base64'), { algorithm: 'HS512' }),
  rs256: jwt.sign(base, keys.rsa_private, { algorithm: 'RS256', keyid: 'k1' }),
  rs384: jwt.sign(base, keys.rsa_private, { algorithm: 'RS384' }),
  rs512: jwt.sign(base, keys.rsa_private_pkcs1, { algorithm: 'RS512' }),
  ps256: jwt.sign(base, keys.rsa_private, { algorithm: 'PS256' }),
  es256: jwt.sign(base, keys.ec256_private, { algorithm: 'ES256' }),
  es384: jwt.sign(base, keys.ec384_private, { algorithm: 'ES384' }),
  es512: jwt.sign(base, keys.ec521_private, { algorithm: 'ES512' }),
  expired: jwt.sign(Object.assign({}, base, { exp: 1000000000 }), 'shh'),
  notyet: jwt.sign(Object.assign({}, base, { nbf: far - 10 }), 'shh'),
  noexp: jwt.sign({ sub: 'x', iat: 1000000000 }, 'shh'),
  audarr: jwt.sign(Object.assign({}, base, { aud: ['a', 'client-1'] }), 'shh'),
  none: jwt.sign(base, null, { algorithm: 'none' }),
  strpayload: jwt.sign('hello', 'shh'),
};
function hs(h, p) {
  const input = Buffer.from(h).toString('base64url') + '.' + Buffer.from(p).toString('base64url');
  return input + '.' + require('crypto').createHmac('sha256', 'shh').update(input).digest('base64url');
}
// A token whose header has no typ and whose payload is JSON (as some IdPs issue).
tok.notyp = Buffer.from('{"alg":"HS256"}').toString('base64url') + '.' + Buffer.from('{"sub":"x","name":"Zoë"}').toString('base64url') + '.sig';
tok.garbage = 'abc.def.ghi';
tok.badexp = hs('{"alg":"HS256","typ":"JWT"}', '{"sub":"x","exp":"soon"}');
tok.textpayload = Buffer.from('{"alg":"HS256"}').toString('base64url') + '.' + Buffer.from('not json').toString('base64url') + '.';
tok.tampered = tok.rs256.slice(0, -4) + (tok.rs256.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA');

const cases = [
  'jwt.decode(tok.hs256)',
  'jwt.decode(tok.hs256, {complete: true})',
  'jwt.decode(tok.notyp)',
  'jwt.decode(tok.textpayload)',
  'jwt.decode(tok.textpayload, {json: true})',
  'jwt.decode(tok.garbage)',
  'jwt.decode("a.b")',
  'jwt.decode(undefined)',
  'jwt.decode(tok.strpayload)',
  'jwt.verify(tok.hs256, "shh")',
  'jwt.verify(tok.hs256, Buffer.from("shh"))',
  'jwt.verify(tok.hs256, "nope")',
  'jwt.verify(tok.hs384, "shh", {algorithms: ["HS256"]})',
  'jwt.verify(tok.hs512buf, Buffer.from("secret"))',
  'jwt.verify(tok.rs256, keys.rsa_public)',
  'jwt.verify(tok.rs256, keys.rsa_public, {complete: true}).header',
  'jwt.verify(tok.rs256, keys.rsa_cert)',
  'jwt.verify(tok.rs256, keys.rsa_public_pkcs1)',
  'jwt.verify(tok.rs256, Buffer.from(keys.rsa_public))',
  'jwt.verify(tok.rs384, keys.rsa_public)',
  'jwt.verify(tok.rs512, keys.rsa_public)',
  'jwt.verify(tok.rs512, keys.rsa_public_pkcs1)',
  'jwt.verify(tok.ps256, keys.rsa_public)',
  'jwt.verify(tok.es256, keys.ec256_public)',
  'jwt.verify(tok.es384, keys.ec384_public)',
  'jwt.verify(tok.es512, keys.ec521_public)',
  'jwt.verify(tok.es256, keys.ec384_public)',
  'jwt.verify(tok.es256, keys.rsa_public)',
  'jwt.verify(tok.tampered, keys.rsa_public)',
  'jwt.verify(tok.rs256, "shh")',
  'jwt.verify(tok.hs256, keys.rsa_public)',
  'jwt.verify(tok.hs256, keys.rsa_public, {algorithms: ["HS256"]})',
  'jwt.verify(tok.rs256, keys.rsa_public, {algorithms: ["RS384"]})',
  'jwt.verify(tok.expired, "shh")',
  'jwt.verify(tok.expired, "shh", {ignoreExpiration: true})',
  'jwt.verify(tok.expired, "shh", {clockTimestamp: 999999990, clockTolerance: 5})',
  'jwt.verify(tok.expired, "shh", {clockTimestamp: 999999999, clockTolerance: 5})',
  'jwt.verify(tok.notyet, "shh")',
  'jwt.verify(tok.notyet, "shh", {ignoreNotBefore: true})',
  'jwt.verify(tok.hs256, "shh", {audience: "client-1"})',
  'jwt.verify(tok.hs256, "shh", {audience: "other"})',
  'jwt.verify(tok.hs256, "shh", {audience: ["x", "y"]})',
  'jwt.verify(tok.hs256, "shh", {audience: /^client-/})',
  'jwt.verify(tok.audarr, "shh", {audience: "client-1"})',
  'jwt.verify(tok.hs256, "shh", {issuer: "https://issuer.example"})',
  'jwt.verify(tok.hs256, "shh", {issuer: ["a", "b"]})',
  'jwt.verify(tok.hs256, "shh", {issuer: "https://evil.example"})',
  'jwt.verify(tok.hs256, "shh", {subject: "user-2"})',
  'jwt.verify(tok.hs256, "shh", {jwtid: "j"})',
  'jwt.verify(tok.hs256, "shh", {maxAge: "1h"})',
  'jwt.verify(tok.hs256, "shh", {maxAge: "1h", clockTimestamp: 1700000100})',
  'jwt.verify(tok.hs256, "shh", {maxAge: 60, clockTimestamp: 1700000100})',
  'jwt.verify(tok.hs256, "shh", {maxAge: "bogus"})',
  'jwt.verify(tok.noexp, "shh")',
  'jwt.verify(tok.badexp, "shh")',
  'jwt.verify(tok.none, "shh")',
  'jwt.verify(tok.none, undefined)',
  'jwt.verify(tok.none, undefined, {algorithms: ["none"]})',
  'jwt.verify(tok.none, undefined, {algorithms: ["HS256"]})',
  'jwt.verify(tok.hs256, undefined)',
  'jwt.verify(tok.hs256, "")',
  'jwt.verify("a.b", "shh")',
  'jwt.verify(tok.garbage, "shh")',
  'jwt.verify("", "shh")',
  'jwt.verify(42, "shh")',
  'jwt.verify(tok.hs256, "shh", {clockTimestamp: "x"})',
  'jwt.verify(tok.hs256, "shh", {nonce: ""})',
  'jwt.verify(tok.hs256, 42)',
  'jwt.verify(tok.strpayload, "shh")',
  'jwt.verify(tok.hs256, keys.rsa_private)',
  'jwt.verify(tok.rs256, keys.rsa_private)',
  'jwt.verify(tok.hs256, crypto.createSecretKey(Buffer.from("shh")))',
  'jwt.verify(tok.rs256, crypto.createPublicKey(keys.rsa_cert))',
  'jwt.verify(tok.rs256, crypto.createPublicKey({key: crypto.createPublicKey(keys.rsa_public).export({format: "jwk"}), format: "jwk"}))',
  '(function(){ var r; jwt.verify(tok.expired, "shh", function(e, p){ r = [e && e.name, e && e.message, e && e.expiredAt, p]; }); return r; })()',
  '(function(){ var r; jwt.verify(tok.hs256, "shh", {audience: "client-1"}, function(e, p){ r = [e, p]; }); return r; })()',
  '(function(){ var r; jwt.verify(tok.hs256, function(h, cb){ cb(null, "shh"); }, function(e, p){ r = [e, p, ]; }); return r; })()',
  '(function(){ var r; jwt.verify(tok.hs256, function(h, cb){ cb(new Error("no key")); }, function(e, p){ r = [e.name, e.message]; }); return r; })()',
  'jwt.verify(tok.hs256, function(h, cb){ cb(null, "shh"); })',
  'jwt.verify(tok.expired, "shh") instanceof jwt.JsonWebTokenError',
  '(function(){ try { jwt.verify(tok.expired, "shh"); } catch (e) { return [e instanceof jwt.TokenExpiredError, e instanceof jwt.JsonWebTokenError, e instanceof Error, e.name, String(e), Object.keys(e)]; } })()',
  'jwt.sign({sub: "x", iat: 1700000000}, "shh")',
  'jwt.sign({sub: "x", iat: 1700000000}, "shh", {expiresIn: "1h", audience: "a", issuer: "i", subject: "s", jwtid: "j", keyid: "k", notBefore: 60})',
  'jwt.sign({sub: "x", iat: 1700000000}, "shh", {algorithm: "HS512", noTimestamp: true, header: {x5t: "t"}})',
  'jwt.sign({sub: "x", iat: 1700000000}, keys.rsa_private, {algorithm: "RS256", expiresIn: 300})',
  'jwt.sign({sub: "x", iat: 1700000000}, keys.rsa_private_pkcs1, {algorithm: "RS384"})',
  'jwt.sign("just text", "shh")',
  'jwt.sign({sub: "x", iat: 1700000000, name: "Zoë"}, Buffer.from("k"))',
  'jwt.sign({sub: "x"}, "shh", {algorithm: "RS256"})',
  'jwt.sign({sub: "x"}, keys.rsa_private, {algorithm: "HS256"})',
  'jwt.sign({sub: "x"}, keys.ec256_private, {algorithm: "ES384"})',
  'jwt.sign({sub: "x"}, keys.ec256_private, {algorithm: "RS256"})',
  'jwt.sign({sub: "x"}, "")',
  'jwt.sign({sub: "x", exp: 5}, "shh", {expiresIn: 10})',
  'jwt.sign({sub: "x", iat: "now"}, "shh")',
  'jwt.sign({sub: "x"}, "shh", {expiresIn: "forever"})',
  'jwt.sign({sub: "x"}, "shh", {bogus: 1})',
  'jwt.sign({sub: "x"}, "shh", {algorithm: "HS1"})',
  'jwt.sign("t", "shh", {expiresIn: 10})',
  'jwt.sign({sub: "x", aud: "a"}, "shh", {audience: "b"})',
  'jwt.verify(jwt.sign({sub: "x"}, keys.ec256_private, {algorithm: "ES256"}), keys.ec256_public).sub',
  'jwt.verify(jwt.sign({sub: "x"}, keys.ec521_private, {algorithm: "ES512"}), keys.ec521_public).sub',
  'jwt.verify(jwt.sign({sub: "x"}, keys.rsa_private, {algorithm: "PS384"}), keys.rsa_cert).sub',
  'typeof jwt.sign({sub: "x"}, "shh", function(){})',
];
const out = [];
for (const src of cases) {
  out.push({ src, want: run(src) });
}
function run(src) {
  try {
    const v = new Function('jwt', 'keys', 'tok', 'crypto', 'return ' + src)(jwt, keys, tok, require('crypto'));
    return { value: v === undefined ? '<undefined>' : JSON.parse(JSON.stringify(v)) };
  } catch (e) {
    const r = { error: e.name + ': ' + e.message };
    if (e.expiredAt) r.expiredAt = e.expiredAt.toISOString();
    if (e.date) r.date = e.date.toISOString();
    return r;
  }
}
console.log(JSON.stringify({ tok, cases: out }, null, 1));
