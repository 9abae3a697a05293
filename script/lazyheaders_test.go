package script

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResponseHeadersBehaveLikeAPlainObject checks the lazily built
// resp.headers against what Node's IncomingMessage.headers gives.
func TestResponseHeadersBehaveLikeAPlainObject(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		w.Header().Add("Set-Cookie", "s=1")
		w.Header().Add("Set-Cookie", "t=2")
		w.Header().Add("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	s, err := New(WithHTTPClient(srv.Client())).Compile(`function f(at, ctx, cb) {
  request.get({url: '` + srv.URL + `', json: true}, function (err, resp, body) {
    if (err) return cb(err);
    var h = resp.headers;
    var out = {
      same: resp.headers === h,
      keys: Object.keys(h).filter(function (k) { return k !== 'date' && k !== 'content-length'; }),
      multi: h['x-multi'],
      cookies: h['set-cookie'],
      isArray: Array.isArray(h['set-cookie']),
      has: 'content-type' in h,
      upper: h['Content-Type'],
      caseless: resp.caseless.get('CONTENT-TYPE'),
      json: JSON.parse(JSON.stringify(h))['content-type'],
      raw: resp.rawHeaders.indexOf('X-Multi') >= 0
    };
    h.added = 'x';
    delete h['x-multi'];
    out.after = Object.keys(h).filter(function (k) { return k !== 'date' && k !== 'content-length'; });
    out.added = h.added;
    var seen = [];
    for (var k in h) seen.push(k);
    out.forIn = seen.length === Object.keys(h).length;
    cb(null, out);
  });
}`)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"same":     true,
		"keys":     []any{"content-type", "set-cookie", "x-multi"},
		"multi":    "a, b",
		"cookies":  []any{"s=1", "t=2"},
		"isArray":  true,
		"has":      true,
		"caseless": "application/json",
		"json":     "application/json",
		"raw":      true,
		"after":    []any{"content-type", "set-cookie", "added"},
		"added":    "x",
		"forIn":    true,
	}, res.Value)
}

// TestResponseObjectBehavesLikeAPlainObject checks the response object the
// native request path hands over: own keys in request's order, assignment,
// delete, toJSON through JSON.stringify and caseless.
func TestResponseObjectBehavesLikeAPlainObject(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Id", "7")
		w.WriteHeader(201)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	s, err := New(WithHTTPClient(srv.Client())).Compile(`function f(at, ctx, cb) {
  request.get({url: '` + srv.URL + `/p', json: true}, function (err, resp, body) {
    if (err) return cb(err);
    var out = {
      keys: Object.keys(resp),
      own: resp.hasOwnProperty('statusCode'),
      status: resp.statusCode,
      message: resp.statusMessage,
      version: resp.httpVersion,
      sameBody: resp.body === body,
      caseless: resp.caseless.get('x-ID'),
      has: resp.caseless.has('X-Nope'),
      json: JSON.parse(JSON.stringify(resp)),
      proto: typeof resp.toJSON,
      rawIsArray: Array.isArray(resp.rawHeaders)
    };
    resp.extra = 1;
    resp.statusCode = 299;
    delete resp.url;
    out.after = Object.keys(resp);
    out.status2 = resp.statusCode;
    out.spread = Object.keys(Object.assign({}, resp)).length;
    cb(null, out);
  });
}`)
	require.NoError(t, err)
	res, err := s.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	v := res.Value.(map[string]any)
	assert.Equal(t, []any{"statusCode", "statusMessage", "headers", "rawHeaders", "httpVersion", "url", "request", "body"}, v["keys"])
	assert.Equal(t, true, v["own"])
	assert.Equal(t, float64(201), v["status"])
	assert.Equal(t, "Created", v["message"])
	assert.Equal(t, "1.1", v["version"])
	assert.Equal(t, true, v["sameBody"])
	assert.Equal(t, "7", v["caseless"])
	assert.Equal(t, false, v["has"])
	assert.Equal(t, "function", v["proto"])
	assert.Equal(t, true, v["rawIsArray"])
	j := v["json"].(map[string]any)
	assert.Equal(t, float64(201), j["statusCode"])
	assert.Equal(t, map[string]any{"ok": true}, j["body"])
	assert.Equal(t, "application/json", j["headers"].(map[string]any)["content-type"])
	assert.Equal(t, "GET", j["request"].(map[string]any)["method"])
	assert.Equal(t, []any{"statusCode", "statusMessage", "headers", "rawHeaders", "httpVersion", "request", "body", "extra"}, v["after"])
	assert.Equal(t, float64(299), v["status2"])
	assert.Equal(t, float64(8), v["spread"])
}
