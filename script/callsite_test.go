package script_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
	"github.com/socialconn/socialconn/script"
)

// errorTextCases fail, most with a TypeError for calling what cannot be
// called; want is the message Node 20 gives (recorded;
// TestErrorTextsMatchNode compares with a live Node too), name the error's
// class.
var errorTextCases = []struct{ src, want, name string }{
	{"function (a, c, cb) {\n  var cb2 = {};\n  cb2(null, 1);\n}", "cb2 is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {};\n  o.missing(1);\n}", "o.missing is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {a: {}};\n  var r = 1 + o.a.missing(1);\n}", "o.a.missing is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var f;\n  f();\n}", "f is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {f: 1};\n  o.f();\n}", "o.f is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {};\n  o['x-y']();\n}", "o.x-y is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = [0];\n  o[0]();\n}", "o[0] is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {}, k = 'z';\n  o[k]();\n}", "o[k] is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {};\n  o?.f();\n}", "o?.f is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var x = {b: function () { return {}; }};\n  x.b().c();\n}", "x.b(...).c is not a function", "TypeError"},
	{"function (a, c, cb) {\n  var o = {};\n  new o.Thing();\n}", "o.Thing is not a constructor", "TypeError"},
	{"function (a, c, cb) {\n  var X = {};\n  new X();\n}", "X is not a constructor", "TypeError"},
	{"function (a, c, cb) {\n  var X = 1;\n  new X();\n}", "X is not a constructor", "TypeError"},
	{"function (a, c, cb) {\n  request.gett('https://api.example.com/me', cb);\n}", "request.gett is not a function", "TypeError"},
	{"function (a, c, cb) {\n  function F() { this.f(); }\n  new F();\n}", "this.f is not a function", "TypeError"},
	// On the first line, in each form the source can be compiled in.
	{"function (a, c, cb) { var o = {}; o.f(); }", "o.f is not a function", "TypeError"},
	{"function (a, c, cb) { for (var i = 0; i < 1; i++) {} var o = {}; o.f(); }", "o.f is not a function", "TypeError"},
	{"function fetchUserProfile(a, c, cb) { var o = {}; o.f(); }", "o.f is not a function", "TypeError"},
	{"module.exports = function (a, c, cb) { var o = {}; o.f(); };", "o.f is not a function", "TypeError"},
	// Passed to the callback.
	{"function (a, c, cb) {\n  try { var o = {}; o.f(); } catch (e) { cb(e); }\n}", "o.f is not a function", "TypeError"},
	// Read by the script where it caught it: catch clauses, .catch and
	// .then's rejection handlers, await in a try.
	{"function (a, c, cb) {\n  try { var o; o.x; } catch (e) { cb(new Error('failed: ' + e.message)); }\n}", "failed: Cannot read properties of undefined (reading 'x')", "Error"},
	{"function (a, c, cb) {\n  try { var o; o.x; } catch (e) { cb(new Error(e.stack.split('\\n')[0])); }\n}", "TypeError: Cannot read properties of undefined (reading 'x')", "Error"},
	{"function (a, c, cb) {\n  try { var o = {}; o.f(); } catch (err) { cb(new Error('x ' + err.message)); }\n}", "x o.f is not a function", "Error"},
	{"function (a, c, cb) {\n  Promise.resolve().then(function () { var q; return q.z; }).catch(function (e) { cb(new Error('p: ' + e.message)); });\n}", "p: Cannot read properties of undefined (reading 'z')", "Error"},
	{"function (a, c, cb) {\n  Promise.resolve().then(() => [][0].n).catch(e => cb(new Error('arrow: ' + e.message)));\n}", "arrow: Cannot read properties of undefined (reading 'n')", "Error"},
	{"function (a, c, cb) {\n  Promise.resolve().then(function () { var q; q.m(); }).then(null, function (e) { cb(new Error('then: ' + e.message)); });\n}", "then: Cannot read properties of undefined (reading 'm')", "Error"},
	{"async function (a, c, cb) {\n  try { await null; var u; u.w; } catch (e) { cb(new Error('async: ' + e.message)); }\n}", "async: Cannot read properties of undefined (reading 'w')", "Error"},
	// A message the script wrote itself is left alone.
	{"function (a, c, cb) {\n  throw new TypeError('Value is not an object: 1');\n}", "Value is not an object: 1", "TypeError"},
	{"function (a, c, cb) {\n  try { var o = {}; o.f(); } catch (e) { throw new TypeError('Object has no member \\'f\\''); }\n}", "Object has no member 'f'", "TypeError"},
	{"function (a, c, cb) {\n  try { throw new TypeError('Cannot read property \\'k\\' of undefined'); } catch (e) { cb(new Error(e.message)); }\n}", "Cannot read property 'k' of undefined", "Error"},
	{"function (a, c, cb) {\n  throw new TypeError('Cannot read property \\'k\\' of undefined');\n}", "Cannot read property 'k' of undefined", "TypeError"},
	// Errors quoting a TypeError or a URI.
	{"function (a, c, cb) {\n  require('jwt-decode')('not-a-jwt');\n}", "Invalid token specified: Cannot read properties of undefined (reading 'replace')", "InvalidTokenError"},
	{"function (a, c, cb) {\n  request.get('<BASE_URL>/userinfo', cb);\n}", `Invalid URI "%3CBASE_URL%3E/userinfo"`, "Error"},
}

func TestErrorTextsReadLikeV8(t *testing.T) {
	e := script.New()
	for _, c := range errorTextCases {
		s, err := e.Compile(c.src)
		require.NoError(t, err, c.src)
		_, err = s.FetchUserProfile(context.Background(), "at", nil)
		var se *script.Error
		require.True(t, errors.As(err, &se), c.src)
		assert.Equal(t, c.name, se.Name, c.src)
		assert.Equal(t, c.want, se.Message, c.src)
	}
}

func TestErrorTextsMatchNode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node: skipped with -short")
	}
	node := nodecompat.StartTest(t, nodecompat.Options{Timeout: 5 * time.Second})
	for _, c := range errorTextCases {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		res, err := node.Run(ctx, c.src, "at", nil)
		cancel()
		require.NoError(t, err, c.src)
		require.NotNil(t, res.Err, c.src)
		assert.Equal(t, c.want, res.Err.Message, "%s: the recorded message is not Node's", c.src)
		assert.Equal(t, c.name, res.Err.Name, "%s: the recorded class is not Node's", c.src)
	}
}

// TestCaughtErrorsKeepTheScriptsShape: the calls added where errors are
// caught change neither the functions' text nor catch clauses that
// destructure or take no parameter.
func TestCaughtErrorsKeepTheScriptsShape(t *testing.T) {
	src := `function (a, c, cb) {
  var out = [];
  var h = function (e) { out.push(e.message); };
  var arrow = e => out.push('a ' + e.message);
  try { var o; o.x; } catch ({message}) { out.push(message); }
  try { var o2; o2.y; } catch { out.push('no binding'); }
  Promise.resolve().then(function () { var q; q.z; }).catch(h).then(function () {
    return Promise.reject(new Error('r')).catch(e => out.push('inline ' + e.message));
  }).then(function () {
    out.push(String(h), String(arrow), String(function (err) { return err; }));
    cb(null, {user_id: '1', out: out});
  });
}`
	s, err := script.New().Compile(src)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	out := res.Value.(map[string]any)["out"].([]any)
	require.Len(t, out, 7)
	// Destructuring and binding-less catch clauses run as written (the
	// first keeps goja's words: only a named parameter is rewritten).
	assert.Contains(t, out[0], "'x'")
	assert.Equal(t, "no binding", out[1])
	assert.Contains(t, out[2], "'z'")
	assert.Equal(t, "inline r", out[3])
	// The functions' text is the script's own.
	assert.Equal(t, []any{"function (e) { out.push(e.message); }", "e => out.push('a ' + e.message)", "function (err) { return err; }"}, out[4:])
}
