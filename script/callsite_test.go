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
	// A message the script wrote itself is left alone.
	{"function (a, c, cb) {\n  throw new TypeError('Value is not an object: 1');\n}", "Value is not an object: 1", "TypeError"},
	{"function (a, c, cb) {\n  try { var o = {}; o.f(); } catch (e) { throw new TypeError('Object has no member \\'f\\''); }\n}", "Object has no member 'f'", "TypeError"},
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
