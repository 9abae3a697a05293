package nodecompat_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/mockidp"
	"github.com/socialconn/socialconn/internal/nodecompat"
)

func setup(t *testing.T, o nodecompat.Options) (*mockidp.Server, *nodecompat.Runner) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts Node: skipped with -short")
	}
	s := mockidp.New(t)
	o.HTTPAddr, o.HTTPSAddr = s.HTTPAddr(), s.HTTPSAddr()
	if o.CAPEM == nil {
		o.CAPEM = s.CA.CertPEM()
	}
	return s, nodecompat.StartTest(t, o)
}

func run(t *testing.T, r *nodecompat.Runner, src string, tokenCtx map[string]any) nodecompat.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := r.Run(ctx, src, "tok-123", tokenCtx)
	require.NoError(t, err)
	return res
}

func TestRequestReachesMockWithVerifiedTLS(t *testing.T) {
	s, r := setup(t, nodecompat.Options{})
	src := `function(accessToken, ctx, cb) {
  request.get({url: 'https://slack.com/api/users.identity', qs: {token: accessToken}}, function(err, resp, body) {
    if (err) return cb(err);
    var b = JSON.parse(body);
    console.log('status', resp.statusCode);
    cb(null, {user_id: b.user.id, email: b.email, plain: ctx.plain});
  });
}`
	res := run(t, r, src, map[string]any{"plain": true})
	require.Nil(t, res.Err)
	assert.Equal(t, map[string]any{"user_id": mockidp.UserID, "email": mockidp.UserEmail, "plain": true}, res.Value)
	assert.Equal(t, []nodecompat.LogEntry{{Level: "log", Message: "status 200"}}, res.Logs)

	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "https", reqs[0].Scheme)
	assert.Equal(t, "slack.com", reqs[0].Host)
	assert.Equal(t, "/api/users.identity", reqs[0].Path)
	assert.Equal(t, "tok-123", reqs[0].Query.Get("token"))

	s.Reset()
	res = run(t, r, `function(a, c, cb) { request('http://usecredo.com:8000/user', function(e, r, b) { cb(e, e ? null : {status: r.statusCode}); }); }`, nil)
	require.Nil(t, res.Err)
	assert.Equal(t, map[string]any{"status": float64(200)}, res.Value)
	reqs = s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "http", reqs[0].Scheme)
	assert.Equal(t, "usecredo.com:8000", reqs[0].Host)
}

func TestUntrustedCertificateFails(t *testing.T) {
	_, r := setup(t, nodecompat.Options{CAPEM: []byte{}})
	res := run(t, r, `function(a, c, cb) { request('https://api.example.com/me', function(e) { cb(e); }); }`, nil)
	require.NotNil(t, res.Err)
	assert.Equal(t, "callback", res.Err.Kind)
	assert.Contains(t, res.Err.Message, "certificate")
}

func TestScriptShapesAndFailures(t *testing.T) {
	_, r := setup(t, nodecompat.Options{Timeout: 300 * time.Millisecond})
	tests := []struct {
		name      string
		src       string
		want      any
		wantKind  string
		wantName  string
		wantError string
	}{
		{name: "anonymous", src: `function(a, c, cb) { cb(null, {t: a}); }`, want: map[string]any{"t": "tok-123"}},
		{name: "leading comment and named", src: "// note\nfunction fetchUserProfile(a, c, cb) { cb(null, {n: 1}); }", want: map[string]any{"n": float64(1)}},
		{name: "arrow", src: `(a, c, cb) => cb(null, {x: c.k})`, want: map[string]any{"x": "v"}},
		{name: "async", src: `async function(a, c, cb) { await null; cb(null, {ok: true}); }`, want: map[string]any{"ok": true}},
		{name: "module.exports", src: `module.exports = function(a, c, cb) { cb(null, {m: 1}); };`, want: map[string]any{"m": float64(1)}},
		{name: "exports.fetchUserProfile", src: "exports.fetchUserProfile = function(a, c, cb) {\n cb(null, {e: 1});\n}", want: map[string]any{"e": float64(1)}},
		{name: "statements", src: "var k = 2;\nfunction fetchUserProfile(a, c, cb) { cb(null, {k: k}); }", want: map[string]any{"k": float64(2)}},
		{name: "undefined profile", src: `function(a, c, cb) { cb(null); }`, want: nil},
		{name: "string error", src: `function(a, c, cb) { cb('missing-id_token'); }`, wantKind: "callback", wantError: "missing-id_token"},
		{name: "Error object", src: `function(a, c, cb) { cb(new Error('StatusCode: 401')); }`, wantKind: "callback", wantName: "Error", wantError: "StatusCode: 401"},
		{name: "sync ReferenceError", src: `function(a, c, cb) { cb(null, profile); }`, wantKind: "thrown", wantName: "ReferenceError", wantError: "profile is not defined"},
		{name: "async TypeError", src: `function(a, c, cb) { request.get('https://x.example/', function(e, r, b) { var p = JSON.parse(b).nope; cb(null, p.x); }); }`, wantKind: "thrown", wantName: "TypeError", wantError: "Cannot read properties of undefined (reading 'x')"},
		{name: "rejected async", src: `async function(a, c, cb) { throw new RangeError('boom'); }`, wantKind: "thrown", wantName: "RangeError", wantError: "boom"},
		{name: "invalid URI", src: `function(a, c, cb) { request.get('a.example.com/x', function(e) { cb(e); }); }`, wantKind: "callback", wantError: `Invalid URI "a.example.com/x"`},
		{name: "syntax error", src: `function(a, c, cb) { cb(null, {); }`, wantKind: "compile", wantName: "SyntaxError"},
		{name: "no function", src: `var x = 1;`, wantKind: "compile", wantError: "script does not define fetchUserProfile"},
		{name: "never calls back", src: `function(a, c, cb) {}`, wantKind: "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, r, tt.src, map[string]any{"k": "v"})
			if tt.wantKind == "" {
				require.Nil(t, res.Err, "%v", res.Err)
				assert.Equal(t, tt.want, res.Value)
				return
			}
			require.NotNil(t, res.Err)
			assert.Equal(t, tt.wantKind, res.Err.Kind)
			if tt.wantName != "" {
				assert.Equal(t, tt.wantName, res.Err.Name)
			}
			if tt.wantError != "" {
				assert.Equal(t, tt.wantError, res.Err.Message)
			}
		})
	}
}

func TestScriptsDoNotShareGlobals(t *testing.T) {
	_, r := setup(t, nodecompat.Options{})
	res := run(t, r, `function(a, c, cb) { leaked = {user_id: '1'}; cb(null, leaked); }`, nil)
	require.Nil(t, res.Err)
	res = run(t, r, `function(a, c, cb) { cb(null, typeof leaked); }`, nil)
	require.Nil(t, res.Err)
	assert.Equal(t, "undefined", res.Value)
}

func TestModulesAndGlobals(t *testing.T) {
	_, r := setup(t, nodecompat.Options{
		Modules: []string{"request", "jsonwebtoken", "lodash"},
		Globals: map[string]string{"jwt": "jsonwebtoken"},
	})
	tokenCtx, err := mockidp.TokenContext(mockidp.TokenOptions{})
	require.NoError(t, err)

	res := run(t, r, `function(a, ctx, cb) {
  var v = require('jsonwebtoken@7.1.9').verify(ctx.id_token, '`+mockidp.HS256Secret+`');
  var d = jwt.decode(ctx.id_token);
  cb(null, {sub: v.sub, email: d.email, plain: require('lodash').isPlainObject(d)});
}`, tokenCtx)
	require.Nil(t, res.Err, "%v", res.Err)
	assert.Equal(t, map[string]any{"sub": mockidp.UserSub, "email": mockidp.UserEmail, "plain": true}, res.Value)

	res = run(t, r, `function(a, c, cb) { require('fs'); cb(null, {}); }`, nil)
	require.NotNil(t, res.Err)
	assert.Equal(t, "thrown", res.Err.Kind)
	assert.Equal(t, "Cannot find module 'fs'", res.Err.Message)
}

func TestRepeatAndLogout(t *testing.T) {
	_, r := setup(t, nodecompat.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := r.Call(ctx, nodecompat.Call{
		Script: `function(a, c, cb) { request.get('https://api.example.com/me', {json: true}, function(e, r, b) { cb(e, b && b.id); }); }`,
		Args:   []any{"t", map[string]any{}},
		Repeat: 25,
	})
	require.NoError(t, err)
	require.Nil(t, res.Err)
	assert.Equal(t, 25, res.Calls)
	assert.Equal(t, 0, res.Errors)
	assert.Equal(t, mockidp.UserID, res.Value)
	assert.Positive(t, res.CallTime)
	assert.GreaterOrEqual(t, res.TotalTime, res.CallTime)

	res, err = r.Call(ctx, nodecompat.Call{
		Script:   `function getLogoutUrl(query, cb) { cb(null, 'https://idp.example.com/logout?returnTo=' + encodeURIComponent(query.returnTo)); }`,
		Function: "getLogoutUrl",
		Args:     []any{map[string]any{"returnTo": "https://app.example.com/"}},
	})
	require.NoError(t, err)
	require.Nil(t, res.Err)
	assert.Equal(t, "https://idp.example.com/logout?returnTo=https%3A%2F%2Fapp.example.com%2F", res.Value)
}

func TestContextDeadlineKillsAndRestarts(t *testing.T) {
	_, r := setup(t, nodecompat.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.Run(ctx, `function(a, c, cb) { for (;;) {} }`, "t", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second)

	res := run(t, r, `function(a, c, cb) { cb(null, {alive: true}); }`, nil)
	require.Nil(t, res.Err)
	assert.Equal(t, map[string]any{"alive": true}, res.Value)
}
