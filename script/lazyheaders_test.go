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
