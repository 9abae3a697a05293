package script

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/safehttp"
)

// TestRequestTimeOption: with time: true a response carries request's
// timings, in the order request adds them: a new connection to a name has
// every phase as it happened; a reused one has no lookup or connect, which
// come last, filled in from the phase before. (The shape against Node is in
// TestRequestShimCompat's "time" case.)
func TestRequestTimeOption(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	client := safehttp.NewClient(safehttp.Options{Policy: safehttp.AllowAll})
	defer client.CloseIdleConnections()
	url := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/x"
	s, err := New(WithHTTPClient(client)).Compile(`function (token, ctx, cb) {
  function shape(r) {
    var t = r.timings;
    return {keys: Object.keys(t), positive: t.socket > 0 && t.response > 0 && t.end >= t.response,
      filled: t.lookup === t.socket && t.connect === t.lookup, phases: r.timingPhases.total === t.end};
  }
  request.get({url: ctx.url, time: true}, function (e, r1) {
    if (e) return cb(e);
    request.get({url: ctx.url, time: true, json: true}, function (e2, r2) {
      if (e2) return cb(e2);
      cb(null, {fresh: shape(r1), reused: shape(r2)});
    });
  });
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"url": url})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"fresh":  map[string]any{"keys": []any{"socket", "lookup", "connect", "response", "end"}, "positive": true, "filled": false, "phases": true},
		"reused": map[string]any{"keys": []any{"socket", "response", "end", "lookup", "connect"}, "positive": true, "filled": true, "phases": true},
	}, r.Value)
}
