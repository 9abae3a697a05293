package script

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exprCase is one JavaScript expression of a recorded file and what Node
// 20 gave for it: {value} (its JSON value) or {error}.
type exprCase struct {
	Src  string         `json:"src"`
	Want map[string]any `json:"want"`
}

// checkExprs evaluates the expressions of rec in the sandbox and compares
// each outcome with Node's.
func checkExprs(t *testing.T, rec nodeRecord) {
	var cases []exprCase
	rec.load(t, &cases)
	srcs := make([]string, len(cases))
	for i, c := range cases {
		srcs[i] = c.Src
	}
	// The comment names what Compile installs only for a script whose text
	// names it, so that the expressions get it too.
	s, err := New().Compile(`function (a, ctx, cb) { // toLocaleString
  cb(null, ctx.srcs.map(function (src) {
    try { return {value: JSON.parse(JSON.stringify(new Function('return ' + src)()))}; }
    catch (e) { return {error: e.name + ': ' + e.message}; }
  }));
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"srcs": srcs})
	require.NoError(t, err)
	assertOutcomes(t, cases, r.Value)
}

// assertOutcomes compares the outcomes a script gave, one per case, with
// Node's.
func assertOutcomes(t *testing.T, cases []exprCase, value any) {
	got := value.([]any)
	require.Len(t, got, len(cases))
	for i, c := range cases {
		want, _ := json.Marshal(c.Want)
		have, _ := json.Marshal(got[i])
		assert.JSONEq(t, string(want), string(have), c.Src)
	}
}

// checkInlineExprs is checkExprs with each expression written into the
// script's own text, as compiled code rather than code built at run time:
// for what Compile rewrites.
func checkInlineExprs(t *testing.T, rec nodeRecord) {
	var cases []exprCase
	rec.load(t, &cases)
	var src strings.Builder
	src.WriteString("function (a, ctx, cb) {\n  cb(null, [\n")
	for _, c := range cases {
		src.WriteString("    function () { return " + c.Src + "; },\n")
	}
	src.WriteString(`  ].map(function (f) {
    try { return {value: JSON.parse(JSON.stringify(f()))}; }
    catch (e) { return {error: e.name + ': ' + e.message}; }
  }));
}`)
	s, err := New().Compile(src.String())
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assertOutcomes(t, cases, r.Value)
}

var (
	regexpRecord = nodeRecord{dir: "regexp", file: "regexp_cases.json", gen: "gen_regexp_cases.js"}
	urlRecord    = nodeRecord{dir: "url", file: "url_cases.json", gen: "gen_url_cases.js"}
	bufferRecord = nodeRecord{dir: "buffer", file: "buffer_cases.json", gen: "gen_buffer_cases.js"}
)

// TestURLClassMatchesNode: the sandbox's URL keeps a path as the WHATWG
// parser does ("/a%2Fb//c/" stays so, dot segments resolve, a relative URL
// resolves against the base's folder, trailing slash included), accepts
// what Node accepts (backslashes, tabs, a "%" that is no escape), and its
// href, toString and toJSON agree, through the pathname and href setters
// and searchParams too; URLSearchParams writes "+" as "%2B" (values
// recorded from Node 20).
func TestURLClassMatchesNode(t *testing.T) { checkExprs(t, urlRecord) }

// TestURLClassMatchesNodeLive regenerates url_cases.json's values with Node,
// so that the recorded values cannot drift from Node's.
func TestURLClassMatchesNodeLive(t *testing.T) {
	urlRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// TestBufferMatchesNode: Buffer takes encoding names in any case, reads
// base64 and base64url leniently, has latin1/binary, ascii and
// utf16le/ucs2, refuses an unknown encoding, and finds strings and Buffers
// with indexOf, lastIndexOf and includes (values recorded from Node 20).
func TestBufferMatchesNode(t *testing.T) { checkExprs(t, bufferRecord) }

// TestBufferMatchesNodeLive regenerates buffer_cases.json's values with Node.
func TestBufferMatchesNodeLive(t *testing.T) {
	bufferRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// FuzzWHATWGPath: whatwgPath never panics, always gives a path starting
// with "/" (or none, for a scheme that is not special) that holds no
// character of the path percent-encode set, and is a fixed point: reading
// it again gives it back; whatwgURL reads any absolute URL or relative
// reference, against a special or other base, without panicking, and gives
// a host without controls, spaces or non-ASCII.
func FuzzWHATWGPath(f *testing.F) {
	for _, s := range []string{"", "/", "/a/./b/../c", "a%2Fb//c/", "/%2e%2E/x", "\\a\\b", "/é/{x}", "/..", "/a/%2e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p := whatwgPath("", raw, true)
		if p == "" || p[0] != '/' {
			t.Fatalf("%q: path %q", raw, p)
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; c < 0x20 || c >= 0x7f || c == '\\' || strings.IndexByte(pathEscapes, c) >= 0 {
				t.Fatalf("%q: unescaped byte %#x in %q", raw, c, p)
			}
		}
		if again := whatwgPath("", p, true); again != p {
			t.Fatalf("%q: %q reads back as %q", raw, p, again)
		}
		// A URL whose scheme is not special: no path, or one that starts
		// with "/" and reads back as itself ("\\" is no separator there).
		if p := whatwgPath("", raw, false); p != "" && (p[0] != '/' || whatwgPath("", p, false) != p) {
			t.Fatalf("%q: non-special path %q", raw, p)
		}
		// Whole URLs and relative references: no panic, and a path.
		for _, base := range []string{"https://t.example/a/b?q#h", "app://t.example/a/b?q#h"} {
			for _, u := range []string{"https://x.test" + raw, "app://" + raw, raw} {
				w, ok := whatwgURL(u, &base)
				if ok && w.special && (w.path == "" || w.path[0] != '/') || ok && w.path != "" && w.path[0] != '/' {
					t.Fatalf("%q: path %q", u, w.path)
				}
				if ok && !w.invalid && strings.IndexFunc(w.hostname, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0 {
					t.Fatalf("%q: host %q", u, w.hostname)
				}
			}
		}
	})
}

// TestHTTPModuleSendsTheWHATWGPath: http.get with a URL string sends the
// path Node's does (request lines recorded from Node 20's http.get).
func TestHTTPModuleSendsTheWHATWGPath(t *testing.T) {
	addr, lines := requestLineServer(t)
	s, err := New().Compile(`function (a, ctx, cb) { require('http').get(ctx.u, function (r) { r.on('data', function () {}); r.on('end', function () { cb(null, r.statusCode) }) }).on('error', cb) }`)
	require.NoError(t, err)
	for path, want := range map[string]string{
		"/a%2Fb//c/./d/?q=a%2Fb": "GET /a%2Fb//c/d/?q=a%2Fb HTTP/1.1",
		"/x/%zz/../y":            "GET /x/y HTTP/1.1",
		"/v1/":                   "GET /v1/ HTTP/1.1",
	} {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"u": "http://" + addr + path})
		require.NoError(t, err, path)
		assert.Equal(t, 200.0, r.Value)
		assert.Equal(t, want, <-lines, path)
	}
}

var webRecord = nodeRecord{dir: "web", file: "web_cases.json", gen: "gen_web_cases.js"}

// TestWebGlobalsMatchNode: TextEncoder, TextDecoder, structuredClone and
// queueMicrotask exist and behave as Node 20's for what scripts do with
// them (values recorded from Node).
func TestWebGlobalsMatchNode(t *testing.T) { checkExprs(t, webRecord) }

// TestWebGlobalsMatchNodeLive regenerates web_cases.json's values with Node.
func TestWebGlobalsMatchNodeLive(t *testing.T) {
	webRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// queueMicrotask runs its callback after the current code and before
// timers, as Node does; a throw in it is the invocation's uncaught error.
func TestQueueMicrotask(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) {
  var out = [];
  setTimeout(function () { out.push('timeout'); cb(null, out); }, 0);
  queueMicrotask(function () { out.push('micro'); });
  Promise.resolve().then(function () { out.push('promise'); });
  out.push('sync');
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"sync", "micro", "promise", "timeout"}, r.Value)

	s, err = New().Compile(`function (a, ctx, cb) { queueMicrotask(function () { throw new Error('in a microtask'); }); }`)
	require.NoError(t, err)
	_, err = s.FetchUserProfile(context.Background(), "", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindThrown, se.Kind)
	assert.Equal(t, "in a microtask", se.Message)
}

// fetch with a signal rejects with the signal's reason when it aborts,
// before or during the request, as Node 20's fetch does (values from Node).
func TestFetchHonoursAbortSignal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
		_, _ = w.Write([]byte("late"))
	}))
	t.Cleanup(srv.Close)
	s, err := New().Compile(`async function (a, ctx, cb) {
  var out = [];
  function settle(p) { return p.then(function () { out.push('resolved'); }, function (e) { out.push([e.name, e.message]); }); }
  await settle(fetch(ctx.url, {signal: AbortSignal.timeout(50)}));
  var c = new AbortController();
  c.abort();
  await settle(fetch(ctx.url, {signal: c.signal}));
  var c2 = new AbortController();
  setTimeout(function () { c2.abort(new Error('mine')); }, 30);
  await settle(fetch(ctx.url, {signal: c2.signal}));
  cb(null, out);
}`)
	require.NoError(t, err)
	start := time.Now()
	r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"url": srv.URL + "/slow"})
	require.NoError(t, err)
	assert.Equal(t, []any{
		[]any{"TimeoutError", "The operation was aborted due to timeout"},
		[]any{"AbortError", "This operation was aborted"},
		[]any{"Error", "mine"},
	}, r.Value)
	assert.Less(t, time.Since(start), 2*time.Second, "the aborted requests were not waited for")
}

// Error.captureStackTrace, which custom error classes call, exists for
// scripts that name it and behaves as V8's (values from Node 20).
func TestErrorCaptureStackTrace(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) {
  class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; Error.captureStackTrace(this, MyError); } }
  function f() { return new MyError('boom'); }
  var e = f();
  var o = {message: 'x'};
  Error.captureStackTrace(o);
  var bad;
  try { Error.captureStackTrace(1); } catch (x) { bad = [x.name, x.message]; }
  cb(null, [e.message, e.name, e instanceof MyError, e.stack.split('\n')[0], typeof e.stack, o.stack.split('\n')[0], Object.keys(o), bad]);
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"boom", "MyError", true, "MyError: boom", "string", "Error: x", []any{"message"}, []any{"TypeError", "invalid_argument"}}, r.Value)
}

var xml2jsRecord = nodeRecord{dir: "xml2js", file: "xml2js_cases.json", gen: "gen_xml2js_cases.js", modules: true}

// TestXML2JSMatchesNode: require('xml2js').parseString builds the objects
// xml2js 0.6.2 builds, for 9 documents under 12 option sets (processors
// included), refuses malformed documents and calls back null for an empty
// one (values recorded from Node).
func TestXML2JSMatchesNode(t *testing.T) { checkExprs(t, xml2jsRecord) }

// TestXML2JSMatchesNodeLive regenerates xml2js_cases.json's values with Node.
func TestXML2JSMatchesNodeLive(t *testing.T) {
	xml2jsRecord.checkLive(t, func() any { return &[]exprCase{} })
}

var smallModulesRecord = nodeRecord{dir: "smallmods", file: "smallmods_cases.json", gen: "gen_smallmods_cases.js", modules: true}

// TestSmallModulesMatchNode: require('uuid') gives uuid 9's ids (v3 and v5
// exactly, v1 for fixed inputs, v4's shape) and helpers, and require('xtend')
// xtend's merge (values recorded from Node).
func TestSmallModulesMatchNode(t *testing.T) { checkExprs(t, smallModulesRecord) }

// TestSmallModulesMatchNodeLive regenerates smallmods_cases.json with Node.
func TestSmallModulesMatchNodeLive(t *testing.T) {
	smallModulesRecord.checkLive(t, func() any { return &[]exprCase{} })
}

var localeRecord = nodeRecord{dir: "locale", file: "locale_cases.json", gen: "gen_locale_cases.js"}

// TestLocaleMatchesNode: toLocaleString and friends write Node's en-US
// forms (numbers grouped, fraction digits and percent as asked, 11/14/2023,
// 10:13:20 PM), where goja threw for a locale argument (values recorded
// from Node with TZ=UTC; the sandbox gives them in any zone, see
// TestDatesInUTCWhateverTheZone).
func TestLocaleMatchesNode(t *testing.T) {
	checkExprs(t, localeRecord)
}

// TestLocaleMatchesNodeLive regenerates locale_cases.json with Node.
func TestLocaleMatchesNodeLive(t *testing.T) {
	t.Setenv("TZ", "UTC")
	localeRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// TestRegExpPropertyEscapesMatchNode: "\p{…}" and "\P{…}" in a u-flag
// literal, or a pattern given to RegExp, match what they match in Node
// (goja read them as the letters "p{…}"): categories by short and long
// name, scripts, binary properties, inside and outside classes, negated,
// beside lookbehind and named groups; and the RegExp that reads them is
// the built-in otherwise (instanceof, subclasses, RegExp(re), split).
func TestRegExpPropertyEscapesMatchNode(t *testing.T) { checkInlineExprs(t, regexpRecord) }

func TestRegExpPropertyEscapesMatchNodeLive(t *testing.T) {
	regexpRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// A property escape Node refuses, or one Go's Unicode tables cannot give,
// fails the compile with V8's words and the literal's position, rather than
// matching letters.
func TestRegExpPropertyEscapeErrors(t *testing.T) {
	for src, want := range map[string]string{
		"function (a, c, cb) {\n  var r = /\\p{Nope}/u;\n}":    "Invalid regular expression: /\\p{Nope}/u: Invalid property name (line 2, column 11)",
		"function (a, c, cb) {\n  var r = /x\\p/u;\n}":         "Invalid regular expression: /x\\p/u: Invalid property name (line 2, column 11)",
		"function (a, c, cb) {\n  var r = /x\\p{L/u;\n}":       "Invalid regular expression: /x\\p{L/u: Invalid property name (line 2, column 11)",
		"function (a, c, cb) {\n  var r = /\\p{Emoji}+/gu;\n}": "Invalid regular expression: /\\p{Emoji}+/gu: the property Emoji is not supported here (line 2, column 11)",
	} {
		_, err := New().Compile(src)
		var se *Error
		require.ErrorAs(t, err, &se, src)
		assert.Equal(t, KindCompile, se.Kind)
		assert.Equal(t, "SyntaxError", se.Name)
		assert.Equal(t, want, se.Message)
	}
	// A pattern from data cannot grow without bound: each escape is some
	// kilobytes written out.
	s, err := New().Compile(`function (a, c, cb) {
  try { new RegExp('\\p{L}'.repeat(c.n), 'u'); cb(null, 'built'); } catch (e) { cb(null, e.name + ': ' + e.message.slice(-30)); }
}`)
	require.NoError(t, err)
	for n, want := range map[float64]string{10: "built", 100000: "SyntaxError: : Regular expression too large"} {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"n": n})
		require.NoError(t, err)
		assert.Equal(t, want, r.Value, "%v escapes", n)
	}
	// Without the u flag "\p" is the letter p, as in Node.
	s, err = New().Compile(`function (a, c, cb) { cb(null, /\p{L}/.test("p{L}")) }`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, true, r.Value)
}

var textsRecord = nodeRecord{dir: "texts", file: "texts_cases.json", gen: "gen_texts_cases.js"}

// TestV8TextsMatchNode: the URI functions throw V8's "URI malformed" (goja
// wrote "Malformed URI") and Date#toString names UTC "(Coordinated
// Universal Time)" (goja wrote "(UTC)"), through String(), concatenation,
// template literals and subclasses too, the functions keeping their names
// and lengths (values recorded from Node with TZ=UTC; the sandbox gives
// them in any zone, see TestDatesInUTCWhateverTheZone).
func TestV8TextsMatchNode(t *testing.T) {
	checkInlineExprs(t, textsRecord)
}

// TestV8TextsMatchNodeLive regenerates texts_cases.json with Node.
func TestV8TextsMatchNodeLive(t *testing.T) {
	t.Setenv("TZ", "UTC")
	textsRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// TestURIFunctionsToWrap: the URI functions get V8's error text only where
// the text could call them (each wrapper costs the invocation).
func TestURIFunctionsToWrap(t *testing.T) {
	assert.Equal(t, []string{"decodeURI", "decodeURIComponent"}, uriFunctionsToWrap(`decodeURIComponent(s)`))
	assert.Equal(t, []string{"encodeURI"}, uriFunctionsToWrap(`encodeURI(u)`))
	assert.Equal(t, uriFunctions, uriFunctionsToWrap(`eval(code)`))
	assert.Nil(t, uriFunctionsToWrap(`cb(null, {user_id: body.id})`))
}
