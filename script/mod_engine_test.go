package script_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/socialconn/socialconn/script"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// End-to-end tests of the built-in modules as fetchUserProfile scripts use
// them: each script runs through New/Compile/FetchUserProfile against a real
// HTTPS server, and the test checks both the profile and what the provider
// saw.

// e2eProvider is an HTTPS provider recording each request it receives.
type e2eProvider struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []*http.Request
	body map[string]string // request path -> body sent by the script
}

func newE2EProvider(t *testing.T, routes map[string]http.HandlerFunc) *e2eProvider {
	t.Helper()
	p := &e2eProvider{body: map[string]string{}}
	mux := http.NewServeMux()
	for path, h := range routes {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
			p.mu.Lock()
			p.seen = append(p.seen, r.Clone(context.Background()))
			p.body[r.URL.Path] = string(b)
			p.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
			h(w, r)
		})
	}
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *e2eProvider) requests() []*http.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*http.Request(nil), p.seen...)
}

// run compiles src with an engine whose HTTP client trusts the provider and
// calls fetchUserProfile with access token "at-1" and tokenCtx (plus `base`,
// the provider's URL).
func (p *e2eProvider) run(t *testing.T, src string, tokenCtx map[string]any) (*script.Result, error) {
	t.Helper()
	e := script.New(script.WithHTTPClient(p.srv.Client()), script.WithTimeout(10*time.Second))
	s, err := e.Compile(src)
	require.NoError(t, err)
	c := map[string]any{"access_token": "at-1", "base": p.srv.URL}
	for k, v := range tokenCtx {
		c[k] = v
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return s.FetchUserProfile(ctx, "at-1", c)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// idTokenSigner issues RS256 ID tokens and publishes the key as PEM.
type idTokenSigner struct {
	key    *rsa.PrivateKey
	pubPEM string
}

func newIDTokenSigner(t *testing.T) *idTokenSigner {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	return &idTokenSigner{key: k, pubPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
}

func b64json(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *idTokenSigner) sign(t *testing.T, header, claims map[string]any) string {
	t.Helper()
	input := b64json(t, header) + "." + b64json(t, claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	require.NoError(t, err)
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func standardClaims(now time.Time) map[string]any {
	return map[string]any{
		"iss": "https://idp.example", "aud": "client-1", "sub": "user-42",
		"email": "jane@example.org", "name": "Jane", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"groups": []any{"a", "b"}, "address": map[string]any{"country": "NZ"},
	}
}

func TestE2EJSONWebTokenVerify(t *testing.T) {
	signer := newIDTokenSigner(t)
	p := newE2EProvider(t, map[string]http.HandlerFunc{
		"/pem": func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, signer.pubPEM) },
	})
	const src = `function (accessToken, ctx, callback) {
  var jwt = require('jsonwebtoken');
  request.get(ctx.base + '/pem', function (err, resp, pem) {
    if (err) return callback(err);
    jwt.verify(ctx.id_token, pem, { algorithms: ['RS256'], audience: 'client-1', issuer: 'https://idp.example' }, function (err, claims) {
      if (err) return callback(err);
      callback(null, { user_id: claims.sub, email: claims.email, name: claims.name, country: claims.address.country });
    });
  });
}`
	now := time.Now()
	good := standardClaims(now)
	wrongAud := standardClaims(now)
	wrongAud["aud"] = "someone-else"
	expired := standardClaims(now.Add(-3 * time.Hour))
	wrongIss := standardClaims(now)
	wrongIss["iss"] = "https://evil.example"
	hdr := map[string]any{"alg": "RS256", "typ": "JWT", "kid": "k1"}
	valid := signer.sign(t, hdr, good)
	tampered := valid[:len(valid)-4] + "AAAA"
	hs256 := b64json(t, map[string]any{"alg": "HS256", "typ": "JWT"}) + "." + b64json(t, good) + ".c2ln"

	tests := []struct {
		name    string
		token   string
		want    map[string]any
		wantErr string
	}{
		{name: "valid token", token: valid, want: map[string]any{"user_id": "user-42", "email": "jane@example.org", "name": "Jane", "country": "NZ"}},
		{name: "wrong audience", token: signer.sign(t, hdr, wrongAud), wantErr: "jwt audience invalid. expected: client-1"},
		{name: "wrong issuer", token: signer.sign(t, hdr, wrongIss), wantErr: "jwt issuer invalid. expected: https://idp.example"},
		{name: "expired", token: signer.sign(t, hdr, expired), wantErr: "jwt expired"},
		{name: "tampered signature", token: tampered, wantErr: "invalid signature"},
		{name: "algorithm not allowed", token: hs256, wantErr: "invalid algorithm"},
		{name: "not a token", token: "garbage", wantErr: "jwt malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.run(t, src, map[string]any{"id_token": tt.token})
			if tt.wantErr != "" {
				var se *script.Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, script.KindCallback, se.Kind)
				assert.Equal(t, tt.wantErr, se.Message)
				assert.NotContains(t, err.Error(), tt.token)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Value)
		})
	}
}

func TestE2EDecodeStyles(t *testing.T) {
	signer := newIDTokenSigner(t)
	claims := standardClaims(time.Now())
	withTyp := signer.sign(t, map[string]any{"alg": "RS256", "typ": "JWT"}, claims)
	noTyp := signer.sign(t, map[string]any{"alg": "RS256", "kid": "k"}, claims)
	p := newE2EProvider(t, nil)
	want := map[string]any{"user_id": "user-42", "email": "jane@example.org", "first_group": "a"}
	tests := []struct {
		name  string
		src   string
		token string
	}{
		{
			name:  "jwt-decode default export",
			src:   `function (a, ctx, cb) { var decode = require('jwt-decode'); var c = decode(ctx.id_token); cb(null, {user_id: c.sub, email: c.email, first_group: c.groups[0]}); }`,
			token: withTyp,
		},
		{
			name:  "old-sandbox jwt global, header with typ",
			src:   `function (a, ctx, cb) { var c = jwt.decode(ctx.id_token); cb(null, {user_id: c.sub, email: c.email, first_group: c.groups[0]}); }`,
			token: withTyp,
		},
		{
			// jsonwebtoken 4 and later parse a JSON payload whatever the
			// header's typ (0.4.x returned the text).
			name:  "old-sandbox jwt global, header without typ",
			src:   `function (a, ctx, cb) { var c = jwt.decode(ctx.id_token); cb(null, {user_id: c.sub, email: c.email, first_group: c.groups[0]}); }`,
			token: noTyp,
		},
		{
			name:  "jsonwebtoken decode complete",
			src:   `function (a, ctx, cb) { var d = require('jsonwebtoken').decode(ctx.id_token, {complete: true}); cb(null, {user_id: d.payload.sub, email: d.payload.email, first_group: d.header.alg === 'RS256' ? d.payload.groups[0] : 'x'}); }`,
			token: withTyp,
		},
		{
			name:  "version-pinned require",
			src:   `function (a, ctx, cb) { var c = require('jsonwebtoken@7.1.9').decode(ctx.id_token); cb(null, {user_id: c.sub, email: c.email, first_group: c.groups[0]}); }`,
			token: withTyp,
		},
		{
			name:  "lodash global and require",
			src:   `function (a, ctx, cb) { var c = require('jwt-decode')(ctx.id_token); var l = require('lodash'); cb(null, {user_id: _.get(c, 'sub'), email: l.get(c, ['email']), first_group: _.get(c, 'groups[0]', 'none')}); }`,
			token: withTyp,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.run(t, tt.src, map[string]any{"id_token": tt.token})
			require.NoError(t, err)
			assert.Equal(t, want, res.Value)
		})
	}
}

// TestE2ELegacyJSONParseOfDecode pins what two published recipes do:
// JSON.parse(jwt.decode(token)). Auth0's jwt global decodes to an object (a
// shim over jsonwebtoken 7.4), so JSON.parse throws there as it does here.
func TestE2ELegacyJSONParseOfDecode(t *testing.T) {
	signer := newIDTokenSigner(t)
	tok := signer.sign(t, map[string]any{"alg": "RS256"}, standardClaims(time.Now()))
	p := newE2EProvider(t, nil)
	_, err := p.run(t, `function (a, ctx, cb) { var i = JSON.parse(jwt.decode(ctx.id_token)); cb(null, {user_id: i.sub}); }`, map[string]any{"id_token": tok})
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, script.KindThrown, se.Kind)
	assert.Contains(t, se.Message, "[object Object]")
}

func TestE2ECryptoHmacProof(t *testing.T) {
	p := newE2EProvider(t, map[string]http.HandlerFunc{
		"/me": func(w http.ResponseWriter, r *http.Request) {
			mac := hmac.New(sha256.New, []byte("app-secret"))
			mac.Write([]byte(r.URL.Query().Get("access_token")))
			if r.URL.Query().Get("appsecret_proof") != hex.EncodeToString(mac.Sum(nil)) {
				http.Error(w, `{"error":"bad proof"}`, http.StatusBadRequest)
				return
			}
			writeJSON(w, map[string]any{"id": "fb-1", "name": "Jane"})
		},
	})
	for _, src := range []string{
		`function (accessToken, ctx, cb) {
  var proof = require('crypto').createHmac('sha256', 'app-secret').update(accessToken).digest('hex');
  request.get({url: ctx.base + '/me', qs: {access_token: accessToken, appsecret_proof: proof}, json: true}, function (err, r, body) {
    if (err) return cb(err);
    if (r.statusCode !== 200) return cb(new Error(JSON.stringify(body)));
    cb(null, {user_id: body.id, name: body.name});
  });
}`,
		// crypto as an old-sandbox global.
		`function (accessToken, ctx, cb) {
  var proof = crypto.createHmac('sha256', Buffer.from('app-secret')).update(accessToken, 'utf8').digest().toString('hex');
  request.get(ctx.base + '/me?access_token=' + accessToken + '&appsecret_proof=' + proof, function (err, r, body) {
    if (err) return cb(err);
    if (r.statusCode !== 200) return cb(new Error(body));
    var b = JSON.parse(body);
    cb(null, {user_id: b.id, name: b.name});
  });
}`,
	} {
		res, err := p.run(t, src, nil)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"user_id": "fb-1", "name": "Jane"}, res.Value)
	}
	assert.Len(t, p.requests(), 2)
}

func userinfoRoute(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer at-1" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		writeJSON(w, map[string]any{"sub": "u-7", "email": "u7@example.org", "profile": map[string]any{"nick": "seven"}})
	}
}

func TestE2EHTTPClients(t *testing.T) {
	want := map[string]any{"user_id": "u-7", "email": "u7@example.org", "nickname": "seven"}
	tests := []struct {
		name string
		src  string
	}{
		{
			name: "axios with async/await",
			src: `async function (accessToken, ctx, callback) {
  const axios = require('axios');
  try {
    const res = await axios.get(ctx.base + '/userinfo', { headers: { Authorization: 'Bearer ' + accessToken, 'X-Trace': 'axios' } });
    callback(null, { user_id: res.data.sub, email: res.data.email, nickname: res.data.profile.nick });
  } catch (e) { callback(e); }
}`,
		},
		{
			name: "fetch global then json",
			src: `function (accessToken, ctx, callback) {
  fetch(ctx.base + '/userinfo', { headers: { Authorization: 'Bearer ' + accessToken, 'X-Trace': 'fetch' } })
    .then(r => r.json())
    .then(b => callback(null, { user_id: b.sub, email: b.email, nickname: b.profile.nick }))
    .catch(callback);
}`,
		},
		{
			name: "node-fetch require with await",
			src: `async function (accessToken, ctx, callback) {
  const fetch = require('node-fetch');
  const r = await fetch(ctx.base + '/userinfo', { headers: { Authorization: 'Bearer ' + accessToken, 'X-Trace': 'node-fetch' } });
  if (!r.ok) return callback(new Error('status ' + r.status));
  const b = await r.json();
  callback(null, { user_id: b.sub, email: b.email, nickname: b.profile.nick });
}`,
		},
		{
			name: "https.get with data and end events",
			src: `function (accessToken, ctx, callback) {
  var https = require('https');
  var u = new URL(ctx.base + '/userinfo');
  https.get({ hostname: u.hostname, port: u.port, path: u.pathname, headers: { Authorization: 'Bearer ' + accessToken, 'X-Trace': 'https' } }, function (res) {
    var chunks = '';
    res.setEncoding('utf8');
    res.on('data', function (d) { chunks += d; });
    res.on('end', function () {
      if (res.statusCode !== 200) return callback(new Error('status ' + res.statusCode));
      var b = JSON.parse(chunks);
      callback(null, { user_id: b.sub, email: b.email, nickname: b.profile.nick });
    });
  }).on('error', callback);
}`,
		},
		{
			name: "request with auth.bearer and json",
			src: `function (accessToken, ctx, callback) {
  request({ url: ctx.base + '/userinfo', auth: { bearer: accessToken }, headers: { 'X-Trace': 'request' }, json: true }, function (err, r, b) {
    if (err) return callback(err);
    callback(null, { user_id: b.sub, email: b.email, nickname: b.profile.nick });
  });
}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newE2EProvider(t, map[string]http.HandlerFunc{"/userinfo": userinfoRoute(t)})
			res, err := p.run(t, tt.src, nil)
			require.NoError(t, err)
			assert.Equal(t, want, res.Value)
			reqs := p.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodGet, reqs[0].Method)
			assert.Equal(t, "/userinfo", reqs[0].URL.Path)
			assert.NotEmpty(t, reqs[0].Header.Get("X-Trace"))
		})
	}
}

func TestE2EHTTPErrorsReachTheCallback(t *testing.T) {
	p := newE2EProvider(t, map[string]http.HandlerFunc{"/userinfo": userinfoRoute(t)})
	_, err := p.run(t, `async function (accessToken, ctx, callback) {
  try {
    await require('axios').get(ctx.base + '/userinfo', { headers: { Authorization: 'Bearer wrong' } });
    callback(null, { user_id: 'x' });
  } catch (e) { callback(new Error('userinfo failed: ' + e.response.status)); }
}`, nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, script.KindCallback, se.Kind)
	assert.Equal(t, "userinfo failed: 401", se.Message)
}

func TestE2EQuerystringAndURL(t *testing.T) {
	p := newE2EProvider(t, map[string]http.HandlerFunc{
		"/token-info": func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseForm(); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			// Answer with a URL whose query the script must parse.
			_, _ = io.WriteString(w, "https://idp.example/cb?uid="+url.QueryEscape(r.PostForm.Get("token"))+"&scope=a+b&empty=")
		},
	})
	src := `function (accessToken, ctx, cb) {
  var qs = require('querystring');
  var url = require('url');
  request.post({ url: ctx.base + '/token-info', body: qs.stringify({ token: accessToken + ' & more', list: ['x', 'y'] }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } }, function (err, r, body) {
    if (err) return cb(err);
    var q = url.parse(body, true).query;
    cb(null, { user_id: q.uid, scope: q.scope, empty: q.empty, host: url.parse(body).host, parsed: qs.parse('a=1&a=2&b=%20') });
  });
}`
	res, err := p.run(t, src, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"user_id": "at-1 & more", "scope": "a b", "empty": "", "host": "idp.example",
		"parsed": map[string]any{"a": []any{"1", "2"}, "b": " "},
	}, res.Value)
	assert.Equal(t, "token=at-1%20%26%20more&list=x&list=y", p.body["/token-info"])
}

func TestE2EXMLDOMProfile(t *testing.T) {
	const emails = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<email:emails path="/0000-0001/email" xmlns:common="http://www.orcid.org/ns/common" xmlns:email="http://www.orcid.org/ns/email">
  <common:last-modified-date>2020-01-01T00:00:00.000Z</common:last-modified-date>
  <email:email visibility="public" verified="true" primary="true">
    <common:created-date>2020-01-01T00:00:00.000Z</common:created-date>
    <email:email>jane@example.org</email:email>
  </email:email>
</email:emails>`
	p := newE2EProvider(t, map[string]http.HandlerFunc{
		"/0000-0001/email": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer at-1" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, emails)
		},
	})
	tests := []struct {
		name string
		src  string
		want map[string]any
	}{
		{
			name: "pinned require, prefixed tag names, second match",
			src: `function (accessToken, ctx, cb) {
  request.get({ url: ctx.base + '/' + ctx.orcid + '/email', headers: { Authorization: 'Bearer ' + accessToken } }, function (err, data) {
    if (err) return cb(err);
    var DOMParser = require('xmldom@0.6.0').DOMParser;
    var doc = new DOMParser().parseFromString(data.body.replace(/\n/g, ''), 'text/xml');
    var node = doc.getElementsByTagName('email:email')[1];
    cb(null, { user_id: ctx.orcid, email: node ? node.childNodes[0].nodeValue : ctx.orcid,
      primary: doc.getElementsByTagName('email:email')[0].getAttribute('primary'), root: doc.documentElement.localName });
  });
}`,
			want: map[string]any{"user_id": "0000-0001", "email": "jane@example.org", "primary": "true", "root": "emails"},
		},
		{
			name: "namespace-aware lookup and serializer",
			src: `async function (accessToken, ctx, cb) {
  const { DOMParser, XMLSerializer } = require('@xmldom/xmldom');
  const res = await require('axios').get(ctx.base + '/' + ctx.orcid + '/email', { headers: { Authorization: 'Bearer ' + accessToken }, responseType: 'text' });
  const doc = new DOMParser().parseFromString(res.data, 'application/xml');
  const inner = doc.getElementsByTagNameNS('http://www.orcid.org/ns/email', 'email')[1];
  cb(null, { user_id: ctx.orcid, email: inner.textContent, xml: new XMLSerializer().serializeToString(inner) });
}`,
			want: map[string]any{"user_id": "0000-0001", "email": "jane@example.org",
				"xml": `<email:email xmlns:email="http://www.orcid.org/ns/email">jane@example.org</email:email>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.run(t, tt.src, map[string]any{"orcid": "0000-0001"})
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Value)
		})
	}
}

func TestE2EXMLDOMRefusesHostileDocuments(t *testing.T) {
	p := newE2EProvider(t, map[string]http.HandlerFunc{
		"/deep": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 1000; i++ {
				_, _ = io.WriteString(w, "<a>")
			}
		},
		"/xxe": func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `<!DOCTYPE r [<!ENTITY x SYSTEM "`+"https://"+r.Host+`/secret">]><r>&x;</r>`)
		},
		"/secret": func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "SECRET") },
	})
	src := `function (a, ctx, cb) {
  request.get(ctx.base + ctx.path, function (err, r, body) {
    if (err) return cb(err);
    var logs = [];
    var doc = new (require('xmldom').DOMParser)({ errorHandler: function (level, msg) { logs.push(level) } }).parseFromString(body, 'text/xml');
    cb(null, { user_id: 'x', text: doc.documentElement.textContent, problems: logs });
  });
}`
	res, err := p.run(t, src, map[string]any{"path": "/xxe"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"user_id": "x", "text": "&x;", "problems": []any{"error"}}, res.Value)
	for _, r := range p.requests() {
		assert.NotEqual(t, "/secret", r.URL.Path, "the external entity must never be fetched")
	}

	_, err = p.run(t, src, map[string]any{"path": "/deep"})
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, script.KindThrown, se.Kind)
	assert.Contains(t, se.Message, "xmldom: document nests elements deeper than 256")
}
