package script_test

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/mockidp"
)

// jwksCases use jwks-rsa as scripts do to check an ID token: a signing key
// by kid (promise and callback), its PEM for jsonwebtoken, the set's
// filtering, its errors, and the client's cache.
var jwksCases = []struct{ name, call string }{
	{"key by kid", `var k = await client().getSigningKey('rsa1'); done([k.kid, k.alg, k.getPublicKey(), k.publicKey === k.rsaPublicKey, Object.keys(k)])`},
	{"callback", `client().getSigningKey('ec1', function (err, k) { done(err ? [err.name, err.message] : [k.kid, k.alg, k.getPublicKey()]); })`},
	{"Ed25519 and alg from the curve", `var c = client(); Promise.all([c.getSigningKey('ed1'), c.getSigningKey('ec1')]).then(function (ks) { done(ks.map(function (k) { return [k.kid, k.alg, k.getPublicKey()]; })); }, fail)`},
	{"signing keys of the set", `client().getSigningKeys().then(function (ks) { done(ks.map(function (k) { return [k.kid, k.alg]; })); }, fail)`},
	{"raw keys", `client().getKeys().then(function (ks) { done(ks.map(function (k) { return k.kid; })); }, fail)`},
	{"JSON of a key", `client().getSigningKey('rsa1').then(function (k) { done(JSON.parse(JSON.stringify(k))); }, fail)`},
	{"unknown kid", `client().getSigningKey('nope').then(done, function (e) { done([e.name, e.message, e instanceof jwksClient.SigningKeyNotFoundError]); })`},
	{"no kid, many keys", `client().getSigningKey().then(done, function (e) { done([e.name, e.message]); })`},
	{"no kid, one key", `jwksClient({jwksUri: 'https://keys.example/one'}).getSigningKey().then(function (k) { done(k.kid); }, fail)`},
	{"empty set", `jwksClient({jwksUri: 'https://keys.example/empty'}).getSigningKey('x').then(done, function (e) { done([e.name, e.message, e instanceof jwksClient.JwksError]); })`},
	{"no signing keys", `jwksClient({jwksUri: 'https://keys.example/enc'}).getSigningKey('x').then(done, function (e) { done([e.name, e.message]); })`},
	{"404", `jwksClient({jwksUri: 'https://status.example/missing'}).getSigningKey('x').then(done, function (e) { done([e.name, e.message]); })`},
	{"not JSON", `jwksClient({jwksUri: 'https://status.example/html'}).getSigningKey('x').then(done, function (e) { done([e.name, e.message]); })`},
	{"invalid URI", `jwksClient({jwksUri: 'not a uri'}).getSigningKey('x').then(done, function (e) { done([e.name, e.message, e instanceof jwksClient.ArgumentError]); })`},
	{"cached", `var c = client(); c.getSigningKey('rsa1').then(function () { return c.getSigningKey('rsa1'); }).then(function (k) { done(k.kid); }, fail)`},
	{"not cached", `var c = jwksClient({jwksUri: 'https://keys.example/jwks', cache: false}); c.getSigningKey('rsa1').then(function () { return c.getSigningKey('rsa1'); }).then(function (k) { done(k.kid); }, fail)`},
	{"shared load", `var c = client(); Promise.all([c.getSigningKey('rsa1'), c.getSigningKey('rsa1')]).then(function (ks) { done(ks[0] === ks[1]); }, fail)`},
	{"rate limited", `var c = jwksClient({jwksUri: 'https://keys.example/jwks', cache: false, rateLimit: true, jwksRequestsPerMinute: 2}); c.getSigningKey('rsa1').then(function () { return c.getSigningKey('rsa1'); }).then(function () { return c.getSigningKey('rsa1'); }).then(done, function (e) { done([e.name, e.message]); })`},
	{"keys interceptor", `var c = jwksClient({jwksUri: 'https://keys.example/jwks', getKeysInterceptor: function () { return [{kty: 'RSA', kid: 'local', n: KEYS.rsaN, e: 'AQAB'}]; }}); Promise.all([c.getSigningKey('local'), c.getSigningKey('ec1')]).then(function (ks) { done(ks.map(function (k) { return k.kid; })); }, fail)`},
	{"request headers", `jwksClient({jwksUri: 'https://keys.example/jwks', requestHeaders: {'X-Key': 'v'}}).getSigningKey('rsa1').then(function (k) { done(k.kid); }, fail)`},
	{"verify an ID token", `var token = jwt.sign({sub: 'u1', aud: 'app'}, KEYS.rsaPrivate, {algorithm: 'RS256', keyid: 'rsa1'});
var c = client();
jwt.verify(token, function (header, callback) { c.getSigningKey(header.kid, function (err, key) { callback(err, key && key.getPublicKey()); }); }, {audience: 'app'}, function (err, claims) {
  done(err ? [err.name, err.message] : [claims.sub, claims.aud]);
})`},
	{"verify with the wrong key", `var token = jwt.sign({sub: 'u1'}, KEYS.rsaPrivate, {algorithm: 'RS256', keyid: 'ec1'});
client().getSigningKey('ec1').then(function (k) { jwt.verify(token, k.getPublicKey(), function (err) { done(err && [err.name, err.message]); }); }, fail)`},
	{"timeout", `jwksClient({jwksUri: 'https://slow.example/jwks', timeout: 100}).getSigningKey('x').then(done, function (e) { done([e.name, e.message, e.code]); })`},
	{"callbackify", `var f = require('util').callbackify(async function foo(a) { if (a) throw null; return 1; }); f(0, function (e, v) { f(1, function (e2) { done([v, f.name, f.length, e2.code, e2.message, e2.reason]); }); })`},
}

// TestJWKSCompat runs jwks-rsa 3.2.2 scripts in the sandbox and under Node
// against a key set served by the mock: RSA, EC and Ed25519 signing keys,
// and keys the client must leave out (for encryption, private, a shared
// secret, a curve it does not know, a malformed one).
func TestJWKSCompat(t *testing.T) {
	h := newHTTPCompat(t)
	keys := jwksTestKeys(t)
	set := func(ks ...any) mockidp.Response {
		return mockidp.Response{JSON: map[string]any{"keys": ks}}
	}
	h.mock.Handle("keys.example", "/jwks", set(keys.rsa, keys.ec, keys.ed, keys.enc, keys.private, keys.oct, keys.badCurve, keys.noKid))
	h.mock.Handle("keys.example", "/one", set(keys.ec))
	h.mock.Handle("keys.example", "/empty", set())
	h.mock.Handle("keys.example", "/enc", set(keys.enc, keys.oct))
	h.mock.Handle("status.example", "/html", mockidp.Response{Body: []byte("<html>oops</html>"), Header: http.Header{"Content-Type": {"text/html"}}})
	shared, err := json.Marshal(map[string]string{"rsaPrivate": keys.rsaPrivatePEM, "rsaN": keys.rsa["n"].(string)})
	require.NoError(t, err)
	prelude := "async function(accessToken, ctx, cb) {\nvar jwksClient = require('jwks-rsa'), jwt = require('jsonwebtoken'), KEYS = " + string(shared) +
		";\nfunction client() { return jwksClient({jwksUri: 'https://keys.example/jwks'}); }"
	var names []string
	srcs := map[string]string{}
	for _, c := range jwksCases {
		names = append(names, c.name)
		srcs[c.name] = prelude + "\nfunction done(v) { cb(null, {v: v}); }\nfunction fail(e) { cb(null, {err: [e && e.name, e && e.message, e && e.code]}); }\n" + c.call + ";\n}"
	}
	h.compare(t, names, srcs, nil, "jwks-rsa")
}

type jwksKeys struct {
	rsa, ec, ed, enc, private, oct, badCurve, noKid map[string]any
	rsaPrivatePEM                                   string
}

// jwksTestKeys are the key set's members, from the test keys of the
// modules' recorded cases.
func jwksTestKeys(t *testing.T) jwksKeys {
	t.Helper()
	public := func(file string) any {
		raw, err := os.ReadFile("testdata/modules/" + file)
		require.NoError(t, err)
		b, _ := pem.Decode(raw)
		k, err := x509.ParsePKIXPublicKey(b.Bytes)
		require.NoError(t, err)
		return k
	}
	jwk := func(k any, kid, alg, use string) map[string]any {
		raw, err := (&jose.JSONWebKey{Key: k, KeyID: kid, Algorithm: alg, Use: use}).MarshalJSON()
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		return m
	}
	privRaw, err := os.ReadFile("testdata/modules/rsa_private.pem")
	require.NoError(t, err)
	b, _ := pem.Decode(privRaw)
	priv, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	require.NoError(t, err)
	ed := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public()
	k := jwksKeys{
		rsa:           jwk(public("rsa_public.pem"), "rsa1", "RS256", "sig"),
		ec:            jwk(public("ec256_public.pem"), "ec1", "", ""),
		ed:            jwk(ed, "ed1", "", "sig"),
		enc:           jwk(public("ec384_public.pem"), "enc1", "", "enc"),
		private:       jwk(priv, "priv1", "RS256", "sig"),
		oct:           map[string]any{"kty": "oct", "kid": "oct1", "k": "c2VjcmV0"},
		badCurve:      map[string]any{"kty": "EC", "kid": "bad1", "crv": "P-192", "x": "AA", "y": "AA"},
		noKid:         jwk(public("ec521_public.pem"), "", "ES512", "sig"),
		rsaPrivatePEM: string(privRaw),
	}
	return k
}
