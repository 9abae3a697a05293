package script

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sandbox's globals are built on first read (see setupGlobals); to the
// script they must behave like ordinary globals.
func TestLazyGlobals(t *testing.T) {
	tests := []struct {
		name string
		body string
		want any
	}{
		{"in operator before first read", `cb(null, ['request' in global, 'console' in globalThis, 'nosuch' in global])`, []any{true, true, false}},
		{"own property when looked at", `cb(null, [Object.prototype.hasOwnProperty.call(global, 'console'), Object.getOwnPropertyNames(global).indexOf('request') >= 0])`, []any{true, true}},
		{"assignment before read shadows", `request = 7; cb(null, [request, global.request])`, []any{7.0, 7.0}},
		{"property assignment before read shadows", `global.setTimeout = 'x'; cb(null, typeof setTimeout)`, "string"},
		{"delete after read", `typeof process; delete global.process; cb(null, typeof process)`, "undefined"},
		{"delete before read", `delete global.Buffer; cb(null, typeof Buffer)`, "undefined"},
		{"assignment after read shadows", `var before = typeof request; request = 7; cb(null, [before, request, global.request, 'request' in global])`, []any{"function", 7.0, 7.0, true}},
		{"in operator after read", `request.get; cb(null, ['request' in global, 'console' in global])`, []any{true, true}},
		{"delete through an alias after read", `var g = global; typeof request; delete g.request; delete g['console']; cb(null, [typeof request, typeof console])`, []any{"undefined", "undefined"}},
		{"strict mode assignment is allowed", `(function () { 'use strict'; console = {log: function () {}}; })(); cb(null, typeof console.error)`, "undefined"},
		{"strict mode compound assignment and destructuring are allowed", `(function () { 'use strict'; process += ''; ({request} = {request: 3}); [_] = [4]; })(); cb(null, [typeof process, request, _])`, []any{"string", 3.0, 4.0}},
		{"strict code built at run time assigns a global", `cb(null, (function () {}).constructor("'use strict'; request = 5; return request")())`, 5.0},
		{"strict mode reads and property writes", `(function () { 'use strict'; console.marker = 1; cb(null, [typeof request.get, console.marker, typeof setTimeout]) })()`, []any{"function", 1.0, "function"}},
		{"strict mode undeclared still throws", `try { (function () { 'use strict'; notAGlobal = 1; })(); cb(null, 'no') } catch (e) { cb(null, e.name) }`, "ReferenceError"},
		{"same value each read", `cb(null, [request === request, require === global.require, global.global === global])`, []any{true, true, true}},
		{"timers", `setTimeout(function (x) { cb(null, x) }, 1, 'ran')`, "ran"},
		{"undefined names throw", `try { nope; } catch (e) { cb(null, e.name) }`, "ReferenceError"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := run(t, e, tt.body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

func TestCompatGlobalsChoice(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"plain request script", `function (t, c, cb) { request.get({url: 'https://x'}, function (e, r, b) { delete b.x; cb(null, b) }) }`, false},
		{"strict", `function (t, c, cb) { 'use strict'; cb(null, 1) }`, false},
		{"strict reading globals and setting their properties", `function (t, c, cb) { 'use strict'; console.log = function () {}; var x = {}; x[request] = 1; request.get('https://x', function () { cb(null, 1) }) }`, false},
		{"strict assignment", `function (t, c, cb) { 'use strict'; console = {}; cb(null, 1) }`, true},
		{"strict compound assignment", `function (t, c, cb) { 'use strict'; process += ''; cb(null, 1) }`, true},
		{"strict increment", `function (t, c, cb) { 'use strict'; cb(null, atob--) }`, true},
		{"strict object destructuring", `function (t, c, cb) { 'use strict'; ({request} = {}); cb(null, 1) }`, true},
		{"strict keyed destructuring", `function (t, c, cb) { 'use strict'; ({a: {b: jwt}} = {a: {}}); cb(null, 1) }`, true},
		{"strict array destructuring with default", `function (t, c, cb) { 'use strict'; [x, _ = 1] = []; cb(null, 1) }`, true},
		{"strict for-in target", `function (t, c, cb) { 'use strict'; for (crypto in {}); cb(null, 1) }`, true},
		{"class body assigning", `function (t, c, cb) { class A { m() { setTimeout = null } } cb(null, 1) }`, true},
		{"sloppy assignment", `function (t, c, cb) { request = 7; cb(null, request) }`, false},
		{"strict logical assignment", `function (t, c, cb) { 'use strict'; request ||= 1; cb(null, 1) }`, true},
		{"strict object rest", `function (t, c, cb) { 'use strict'; ({...process} = {}); cb(null, 1) }`, true},
		{"strict code built at run time", `function (t, c, cb) { cb(null, (function () {}).constructor("'use strict'; request = 5; return request")()) }`, true},
		{"own-property reflection", `function (t, c, cb) { cb(null, global.hasOwnProperty('Buffer')) }`, true},
		{"delete a global", `function (t, c, cb) { delete Buffer; cb(null, typeof Buffer) }`, true},
		{"delete through global", `function (t, c, cb) { delete global.console; cb() }`, true},
		{"delete through an alias", `function (t, c, cb) { var g = global; delete g.request; cb() }`, true},
		{"delete through an alias, computed", `function (t, c, cb) { var g = this; delete (g [ "Buffer"]); cb() }`, true},
		{"delete of another property", `function (t, c, cb) { var o = {requests: 1, _x: 2}; delete o.requests; delete o._x; cb() }`, false},
		{"run-time code", `function (t, c, cb) { cb(null, Function('return 1')()) }`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New().Compile(tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.compatGlobals)
		})
	}
}

// The lazy-global table and the compiled shims (request, Buffer extras, the
// URL href fix) are shared by all invocations; what they build must not be.
// Invocations that mutate the built objects must not see each other's
// changes.
func TestLazyGlobalsNotShared(t *testing.T) {
	e := New()
	s, err := e.Compile(`function (a, ctx, cb) {
		var seen = [typeof console.marker, typeof process.marker, typeof request.marker, typeof Buffer.marker, typeof setTimeout.marker, typeof URL.prototype.marker];
		console.marker = process.marker = request.marker = Buffer.marker = setTimeout.marker = URL.prototype.marker = a;
		setTimeout(function () { cb(null, seen) }, 1);
	}`)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.FetchUserProfile(context.Background(), "t", nil)
			if assert.NoError(t, err) {
				assert.Equal(t, []any{"undefined", "undefined", "undefined", "undefined", "undefined", "undefined"}, r.Value)
			}
		}()
	}
	wg.Wait()
}

// Response bodies reach the script as a string decoded in Go when that is
// what Buffer#toString would give, and as a Buffer built on demand
// otherwise; both routes must agree.
func TestResponseBodyDecoding(t *testing.T) {
	srv, _ := reqEchoServer(t)
	e := New()
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"invalid UTF-8 decodes like Buffer", `request.get('$URL/bytes', function (e, r, b) { request.get({url: '$URL/bytes', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), b === buf.toString(), b.length]) }) })`,
			[]any{true, true, 3.0}},
		{"valid UTF-8 equals Buffer decoding", `request.get('$URL/json', function (e, r, b) { request.get({url: '$URL/json', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), Buffer.isBuffer(buf)]) }) })`,
			[]any{true, true}},
		{"other encodings go through Buffer", `request.get({url: '$URL/json', encoding: 'hex'}, function (e, r, b) { cb(e, b === Buffer.from('{"sub":"42","name":"Ada"}').toString('hex')) })`, true},
		// Without an encoding request emits Buffers, as Node's request 2.88 does.
		{"data event gets a Buffer without an encoding", `var out = []; request.get('$URL/json').on('data', function (d) { out.push(Buffer.isBuffer(d), d.length) }).on('complete', function () { cb(null, out) })`, []any{true, 25.0}},
		{"data event gets the decoded string with an encoding", `var out = []; request.get({url: '$URL/json', encoding: 'utf8'}).on('data', function (d) { out.push(typeof d, d.length) }).on('complete', function () { cb(null, out) })`, []any{"string", 25.0}},
		{"data event gets a Buffer with encoding null", `var out = []; request.get({url: '$URL/bytes', encoding: null}).on('data', function (d) { out.push(Buffer.isBuffer(d), d.length) }).on('complete', function () { cb(null, out) })`, []any{true, 3.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := runWith(t, e, `function (a, ctx, cb) { `+tt.src+` }`, srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// uriRoutes returns request.uri for href as parsed by the Go fast path and
// by the URL class (JSON, or the error message).
func uriRoutes(t testing.TB, fast, slow *Engine, href string) (string, string) {
	src := `function (a, ctx, cb) { try { var r = request.get(ctx.href, function () {}); r.abort(); cb(null, JSON.stringify(r.uri) || 'undefined') } catch (e) { cb(null, 'threw ' + e.message) } }`
	get := func(e *Engine) string {
		s, err := e.Compile(src)
		require.NoError(t, err)
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"href": href})
		if err != nil {
			return "error: " + err.Error()
		}
		v, _ := r.Value.(string)
		return v
	}
	return get(fast), get(slow)
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}

func uriEngines() (*Engine, *Engine) {
	c := &http.Client{Transport: failingTransport{}}
	fast := New(WithHTTPClient(c))
	slow := New(WithHTTPClient(c))
	slow.cfg.noFastURI = true
	return fast, slow
}

var uriSeeds = []string{
	"http://a/!/", "http://a/(x)*?q=%21%28!",
	"https://example.com", "https://example.com/", "http://example.com:80/a", "https://example.com:443/a?b=1",
	"https://example.com:8443/a/b?c=d&e=f", "http://127.0.0.1:8080/userinfo", "https://api.example.com/v1/me?fields=id,name,email",
	"https://x.test/a%2Fb?q=%20x", "https://x.test/a%2fb", "https://x.test/a/../b", "https://x.test/./a", "https://x.test/.well-known/openid-configuration",
	"https://EXAMPLE.com/A", "https://x.test/a#frag", "https://user:pw@x.test/", "https://x.test/a?", "https://x.test/a b", "https://x.test/é",
	"https://0x7f.1/", "https://1.2.3.4/", "https://01.2.3.4/", "https://256.1.1.1/", "https://x.test:0/", "https://x.test:65536/",
	"https://xn--nxasmq6b.com/", "https://a..b/", "https://-a.b/", "https://x.test/a?b='c'", "https://x.test/%2e%2E/", "https://x.test/a?b=c/d?e",
	"https://graph.facebook.com/v2.5/me?fields=id,name&access_token=abc.def-ghi_jkl~", "http://localhost:3000/me",
}

// asNode undoes the one way goja_nodejs' URL class differs from Node on the
// URLs the fast path accepts: it percent-encodes the sub-delimiters ! ( ) *
// in a path, which Node's url.parse and WHATWG URL both keep
// ("http://a/!/" has pathname "/!/" in Node 20; ' is escaped by both). The
// fast path follows Node. Only the pathname (and its copies at the start of
// path and after the host in href) is undone: the fast path accepts no '%'
// in a path, so every escape there is the URL class's, while a query keeps
// the escapes it was written with. The result is canonURI's form.
func asNode(urlClass string) string {
	m, ok := uriFields(urlClass)
	if !ok {
		return urlClass
	}
	if p, ok := m["pathname"].(string); ok {
		np := strings.NewReplacer("%21", "!", "%28", "(", "%29", ")", "%2A", "*").Replace(p)
		if path, ok := m["path"].(string); ok && strings.HasPrefix(path, p) {
			m["path"] = np + path[len(p):]
		}
		if href, ok := m["href"].(string); ok {
			host, _ := m["host"].(string)
			m["href"] = strings.Replace(href, "//"+host+p, "//"+host+np, 1)
		}
		m["pathname"] = np
	}
	out, _ := json.Marshal(m)
	return string(out)
}

// canonURI re-encodes a request.uri result with sorted keys, as asNode
// does; anything else (an error message) is returned as it is.
func canonURI(s string) string {
	m, ok := uriFields(s)
	if !ok {
		return s
	}
	out, _ := json.Marshal(m)
	return string(out)
}

func uriFields(s string) (map[string]any, bool) {
	var m map[string]any
	return m, json.Unmarshal([]byte(s), &m) == nil && m != nil
}

func TestParseURIFastKeepsSubDelimsAsNode(t *testing.T) {
	// Expected values from: node -e "console.log(require('url').parse(href).pathname)"
	fast, _ := uriEngines()
	for href, path := range map[string]string{"http://a/!/": "/!/", "https://x.test/(a)*": "/(a)*"} {
		u, ok := parseURIFast(href)
		require.True(t, ok, href)
		got, _ := uriRoutes(t, fast, fast, href)
		assert.Contains(t, got, `"pathname":"`+path+`"`, "%s: %+v", href, u)
	}
}

func TestParseURIFastMatchesURLClass(t *testing.T) {
	fast, slow := uriEngines()
	for _, href := range uriSeeds {
		t.Run(href, func(t *testing.T) {
			a, b := uriRoutes(t, fast, slow, href)
			assert.Equal(t, asNode(b), canonURI(a))
			assert.NotContains(t, b, "error:")
		})
	}
	// The fast path must actually be taken for the common shapes.
	for _, href := range []string{"https://example.com/userinfo", "http://127.0.0.1:8080/me?x=1", "https://x.test/.well-known/jwks.json"} {
		_, ok := parseURIFast(href)
		assert.True(t, ok, href)
	}
}

func FuzzParseURIFast(f *testing.F) {
	for _, s := range uriSeeds {
		f.Add(s)
	}
	fast, slow := uriEngines()
	f.Fuzz(func(t *testing.T, href string) {
		if _, ok := parseURIFast(href); !ok {
			return
		}
		a, b := uriRoutes(t, fast, slow, href)
		if canonURI(a) != asNode(b) {
			t.Fatalf("fast path %s, URL class %s", a, b)
		}
	})
}

// request's URI check is done without a regular expression; it must accept
// exactly what request's /^https?:\/\/[^\/?#]/i accepts once url.parse has
// trimmed the URI (other schemes fail with "Invalid protocol").
func TestRequestURICheckMatchesRegexp(t *testing.T) {
	fast, _ := uriEngines()
	s, err := fast.Compile(`function (a, ctx, cb) {
		var want = /^https?:\/\/[^\/?#]/i.test(ctx.u.trim());
		request.get(ctx.u, function (e) { cb(null, [want, !(e && /^Invalid (URI|protocol)/.test(e.message))]) });
	}`)
	require.NoError(t, err)
	for _, u := range []string{"https://x.test/a", "HTTPS://x.test", "hTtP://x", "http://x", "https:///x", "http://?x", "http://#x", "http:/x",
		"ftp://x", "https://", "http://", " http://x", "httpss://x", "http:\\\\x", "https://\u017f", "\u017fttps://x"} {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"u": u})
		require.NoError(t, err, u)
		got := r.Value.([]any)
		assert.Equal(t, got[0], got[1], "%q: regexp accepts=%v, request accepts=%v", u, got[0], got[1])
	}
}
