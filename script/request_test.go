package script

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reqSeen is what the test server observed of one request.
type reqSeen struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   string
}

type reqRecorder struct {
	mu   sync.Mutex
	reqs []reqSeen
}

func (r *reqRecorder) last(t *testing.T) reqSeen {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.NotEmpty(t, r.reqs)
	return r.reqs[len(r.reqs)-1]
}

// reqEchoServer records every request and answers per path.
func reqEchoServer(t *testing.T) (*httptest.Server, *reqRecorder) {
	rec := &reqRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, reqSeen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)})
		rec.mu.Unlock()
		switch r.URL.Path {
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			w.Header().Add("X-Multi", "one")
			w.Header().Add("X-Multi", "two")
			_, _ = io.WriteString(w, `{"sub":"42","name":"Ada"}`)
		case "/html":
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html>bad</html>")
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = io.WriteString(zw, `{"z":true}`)
			_ = zw.Close()
		case "/redirect":
			http.Redirect(w, r, "/json", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/slow":
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/big":
			_, _ = io.WriteString(w, strings.Repeat("x", 5000))
		case "/bytes":
			_, _ = w.Write([]byte{0xff, 0x00, 0x41})
		default:
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, "plain")
		}
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func runWith(t *testing.T, e *Engine, src string, srvURL string) (*Result, error) {
	t.Helper()
	s, err := e.Compile(strings.ReplaceAll(src, "$URL", srvURL))
	require.NoError(t, err)
	return s.FetchUserProfile(context.Background(), "tok", nil)
}

func TestRequestOptionsSeenByServer(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, s reqSeen)
	}{
		{"get with bearer and json", `request.get({url: '$URL/json', headers: {Authorization: 'Bearer ' + a}, json: true}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "GET", s.Method)
				assert.Equal(t, "Bearer tok", s.Header.Get("Authorization"))
				assert.Equal(t, "application/json", s.Header.Get("Accept"))
				assert.Empty(t, s.Header.Get("User-Agent"), "Node's request sends no User-Agent")
			}},
		{"header names repeated in other cases, arrays and null", `request.get({url: '$URL/x', headers: {'X-Dup': 'one', 'x-dup': 'two', 'X-List': ['a', 'b'], 'x-list': 'c', 'X-Null': null, 'content-TYPE': 't'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, []string{"one", "two"}, s.Header.Values("X-Dup"))
				assert.Equal(t, []string{"a", "b", "c"}, s.Header.Values("X-List"))
				assert.NotContains(t, s.Header, "X-Null")
				assert.Equal(t, []string{"t"}, s.Header.Values("Content-Type"))
			}},
		{"auth bearer", `request('$URL/json', {auth: {bearer: a}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "Bearer tok", s.Header.Get("Authorization")) }},
		{"auth basic user/pass", `request.get('$URL/x', {auth: {user: 'u', pass: 'p:w'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				u, p, ok := (&http.Request{Header: s.Header}).BasicAuth()
				require.True(t, ok)
				assert.Equal(t, "u", u)
				assert.Equal(t, "p:w", p)
			}},
		{"auth basic username/password", `request.get({uri: '$URL/x', auth: {username: 'u2', password: 'pw'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				u, p, _ := (&http.Request{Header: s.Header}).BasicAuth()
				assert.Equal(t, "u2:pw", u+":"+p)
			}},
		{"qs merged and encoded", `request({url: '$URL/x?keep=1', qs: {a: 'b c', list: ['x', 'y'], n: 5, skip: undefined, nul: null, q: "it's"}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "keep=1&a=b%20c&list%5B0%5D=x&list%5B1%5D=y&n=5&nul=&q=it%27s", s.Query)
			}},
		{"form object", `request.post({url: '$URL/x', form: {grant_type: 'x y', code: 'a&b'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "POST", s.Method)
				assert.Equal(t, "application/x-www-form-urlencoded", s.Header.Get("Content-Type"))
				assert.Equal(t, "grant_type=x%20y&code=a%26b", s.Body)
			}},
		{"form string", `request.post('$URL/x', {form: 'a=1&b=(2)'}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "a=1&b=%282%29", s.Body) }},
		{"json object body", `request.post({url: '$URL/x', json: {a: [1, 2], b: 'c'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "application/json", s.Header.Get("Content-Type"))
				assert.Equal(t, "application/json", s.Header.Get("Accept"))
				assert.JSONEq(t, `{"a":[1,2],"b":"c"}`, s.Body)
			}},
		{"json true with object body", `request.put({url: '$URL/x', json: true, body: {k: 1}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "PUT", s.Method)
				assert.Equal(t, `{"k":1}`, s.Body)
				assert.Equal(t, "application/json", s.Header.Get("Content-Type"))
			}},
		{"string body and method", `request({method: 'patch', url: '$URL/x', body: 'raw', headers: {'content-type': 'text/plain'}}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "PATCH", s.Method)
				assert.Equal(t, "raw", s.Body)
				assert.Equal(t, "text/plain", s.Header.Get("Content-Type"))
			}},
		{"buffer body", `request.post({url: '$URL/x', body: Buffer.from('aGk=', 'base64')}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "hi", s.Body) }},
		{"del verb", `request.del('$URL/x', function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "DELETE", s.Method) }},
		{"head verb", `request.head('$URL/x', function (e, r, b) { cb(e, r.statusCode) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "HEAD", s.Method) }},
		{"baseUrl", `request.get({baseUrl: '$URL/', uri: '/json', json: true}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "/json", s.Path) }},
		{"defaults merge headers", `var r = request.defaults({headers: {'X-A': '1'}, json: true}); r.get({url: '$URL/json', headers: {'X-B': '2'}}, function (e, res, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) {
				assert.Equal(t, "1", s.Header.Get("X-A"))
				assert.Equal(t, "2", s.Header.Get("X-B"))
				assert.Equal(t, "application/json", s.Header.Get("Accept"))
			}},
		{"require request@2.88.0", `require('request@2.88.0')('$URL/x', function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "GET", s.Method) }},
		{"gzip", `request({url: '$URL/gzip', gzip: true, json: true}, function (e, r, b) { cb(e, b) })`,
			func(t *testing.T, s reqSeen) { assert.Equal(t, "gzip, deflate", s.Header.Get("Accept-Encoding")) }},
	}
	srv, rec := reqEchoServer(t)
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runWith(t, e, `function (a, ctx, cb) { `+tt.src+` }`, srv.URL)
			require.NoError(t, err)
			tt.check(t, rec.last(t))
		})
	}
}

func TestRequestResponseFields(t *testing.T) {
	srv, _ := reqEchoServer(t)
	e := New()
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"json parsed body", `request.get({url: '$URL/json', json: true}, function (e, r, b) { cb(e, {b: b, same: r.body === b, code: r.statusCode, msg: r.statusMessage}) })`,
			map[string]any{"b": map[string]any{"sub": "42", "name": "Ada"}, "same": true, "code": 200.0, "msg": "OK"}},
		{"string body without json", `request.get('$URL/json', function (e, r, b) { cb(e, typeof b + ':' + b) })`, `string:{"sub":"42","name":"Ada"}`},
		{"headers lower-case, set-cookie array, repeated joined", `request.get('$URL/json', function (e, r) { cb(e, [r.headers['content-type'], r.headers['set-cookie'], r.headers['x-multi']]) })`,
			[]any{"application/json", []any{"a=1", "b=2"}, "one, two"}},
		{"non-2xx is not an error, unparsable json left as string", `request.get({url: '$URL/html', json: true}, function (e, r, b) { cb(e, [e, r.statusCode, b]) })`,
			[]any{nil, 502.0, "<html>bad</html>"}},
		{"empty body with json is undefined", `request.get({url: '$URL/empty', json: true}, function (e, r, b) { cb(e, [r.statusCode, typeof b]) })`, []any{204.0, "undefined"}},
		{"empty body without json is empty string", `request.get('$URL/empty', function (e, r, b) { cb(e, [typeof b, b.length]) })`, []any{"string", 0.0}},
		{"encoding null gives Buffer", `request.get({url: '$URL/bytes', encoding: null}, function (e, r, b) { cb(e, [Buffer.isBuffer(b), b.length, b[0], b[2]]) })`, []any{true, 3.0, 255.0, 65.0}},
		{"request.uri and method", `request.get('$URL/json?x=1', function (e, r) { cb(e, [r.request.uri.href === '$URL/json?x=1', r.request.uri.pathname, r.request.uri.query, r.request.method]) })`,
			[]any{true, "/json", "x=1", "GET"}},
		{"toJSON", `request.get({url: '$URL/json', json: true}, function (e, r) { var j = r.toJSON(); cb(e, [j.statusCode, j.body.sub, j.request.method]) })`, []any{200.0, "42", "GET"}},
		{"redirect followed for GET", `request.get({url: '$URL/redirect', json: true}, function (e, r, b) { cb(e, [r.statusCode, b.sub, r.request.uri.pathname]) })`, []any{200.0, "42", "/json"}},
		{"followRedirect false", `request.get({url: '$URL/redirect', followRedirect: false}, function (e, r) { cb(e, [r.statusCode, r.headers.location]) })`, []any{302.0, "/json"}},
		{"POST redirect not followed by default", `request.post({url: '$URL/redirect'}, function (e, r) { cb(e, r.statusCode) })`, 302.0},
		{"followAllRedirects for POST", `request.post({url: '$URL/redirect', followAllRedirects: true, json: true}, function (e, r, b) { cb(e, b.sub) })`, "42"},
		{"gzip decoded", `request({url: '$URL/gzip', gzip: true, json: true}, function (e, r, b) { cb(e, b) })`, map[string]any{"z": true}},
		// Without a callback request streams the response: 'complete' gets no body.
		{"events on returned object", `var out = []; request.get('$URL/x').on('response', function (r) { out.push(r.statusCode) }).on('complete', function (r, b) { out.push(b === undefined ? 'no body' : b); cb(null, out) })`, []any{200.0, "no body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := runWith(t, e, `function (a, ctx, cb) { `+tt.src+` }`, srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestRequestErrors(t *testing.T) {
	srv, _ := reqEchoServer(t)
	e := New(WithMaxResponseBytes(1000), WithMaxRedirects(3))
	tests := []struct {
		name     string
		src      string
		wantCode string
		wantMsg  string
	}{
		{"connection refused", `request.get('http://` + closedPort(t) + `/x', done)`, "ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:"},
		{"socket timeout", `request.get({url: '$URL/slow', timeout: 50}, done)`, "ESOCKETTIMEDOUT", "ESOCKETTIMEDOUT"},
		{"dns not found", `request.get('http://nonexistent.invalid/x', done)`, "ENOTFOUND", "getaddrinfo ENOTFOUND nonexistent.invalid"},
		{"response too large", `request.get('$URL/big', done)`, "ERR_RESPONSE_TOO_LARGE", "response body too large"},
		{"redirect loop", `request.get('$URL/loop', done)`, "ERR_TOO_MANY_REDIRECTS", "Exceeded maxRedirects"},
		{"invalid uri (quoted as url.format writes it)", `request.get('not a url', done)`, "", `Invalid URI "not%20a%20url"`},
		{"missing uri", `request.get({}, done)`, "", "options.uri is a required argument"},
		{"baseUrl with absolute uri", `request.get({baseUrl: '$URL', uri: 'http://x/y'}, done)`, "", "options.uri must be a path when using options.baseUrl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `function (a, ctx, cb) { function done(err, res) { cb(null, {isError: err instanceof Error, code: err && err.code, message: err && err.message, res: res === undefined}) } ` + tt.src + ` }`
			r, err := runWith(t, e, src, srv.URL)
			require.NoError(t, err)
			v := r.Value.(map[string]any)
			assert.Equal(t, true, v["isError"])
			assert.Equal(t, true, v["res"])
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, v["code"])
			}
			assert.Contains(t, v["message"], tt.wantMsg)
		})
	}
}

// WithMaxRedirects(n) follows exactly n redirects; a negative limit
// follows none.
func TestRedirectLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/")); n > 0 {
			http.Redirect(w, r, "/"+strconv.Itoa(n-1), http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "end")
	}))
	defer srv.Close()
	src := `function (a, ctx, cb) { request.get('$URL/' + ctx.hops, function (err, res, body) { cb(null, err ? err.code : res.statusCode + ' ' + (res.statusCode === 200 ? body : res.headers.location)) }) }`
	for _, tt := range []struct {
		max, hops int
		want      string
	}{
		{2, 2, "200 end"},
		{2, 3, "ERR_TOO_MANY_REDIRECTS"},
		{-1, 1, "302 /0"},
	} {
		s, err := New(WithMaxRedirects(tt.max)).Compile(strings.ReplaceAll(src, "$URL", srv.URL))
		require.NoError(t, err)
		r, err := s.FetchUserProfile(context.Background(), "tok", map[string]any{"hops": tt.hops})
		require.NoError(t, err)
		assert.Equal(t, tt.want, r.Value, "max %d, %d hops", tt.max, tt.hops)
	}
}

func TestRequestErrorWithoutCallbackOrListenerThrows(t *testing.T) {
	r, err := runWith(t, New(), `function (a, ctx, cb) { request.get('http://`+closedPort(t)+`/') }`, "")
	assert.Nil(t, r)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindThrown, se.Kind)
	assert.Contains(t, se.Message, "ECONNREFUSED")
}

func TestMaxRequests(t *testing.T) {
	srv, rec := reqEchoServer(t)
	e := New(WithMaxRequests(2))
	r, err := runWith(t, e, `function (a, ctx, cb) {
		var codes = [];
		function next(i) {
			if (i === 3) return cb(null, codes);
			request.get('$URL/x', function (err) { codes.push(err ? err.code : 'ok'); next(i + 1) });
		}
		next(0);
	}`, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []any{"ok", "ok", "ERR_REQUEST_LIMIT"}, r.Value)
	assert.Len(t, rec.reqs, 2)
}

func TestInvocationDeadlineCancelsHTTP(t *testing.T) {
	var got sync.WaitGroup
	got.Add(1)
	cancelled := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Done()
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	e := New(WithTimeout(150 * time.Millisecond))
	start := time.Now()
	_, err := runWith(t, e, `function (a, ctx, cb) { request.get('$URL/', function () { cb(null, 'late') }) }`, srv.URL)
	require.ErrorIs(t, err, ErrTimeout)
	assert.Less(t, time.Since(start), 2*time.Second)
	got.Wait()
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("in-flight request was not cancelled")
	}
}

func TestJSONValueRoundTrip(t *testing.T) {
	r, err := runWith(t, New(), `function (a, ctx, cb) { cb(null, {d: new Date(0), u: undefined, f: function () {}, n: null, arr: [1, undefined], nested: {toJSON: function () { return 'j' }}}) }`, "")
	require.NoError(t, err)
	b, _ := json.Marshal(r.Value)
	assert.JSONEq(t, `{"d":"1970-01-01T00:00:00.000Z","n":null,"arr":[1,null],"nested":"j"}`, string(b))
}
