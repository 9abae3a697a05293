package script

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seen is what the test server observed for one request.
type seen struct {
	Method, Path, Query, Body, Auth, ContentType, Accept, Custom string
}

func echoServer(t *testing.T) (*httptest.Server, *[]seen) {
	t.Helper()
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, string(b), r.Header.Get("Authorization"),
			r.Header.Get("Content-Type"), r.Header.Get("Accept"), r.Header.Get("X-Custom")})
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		switch r.URL.Path {
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"nope"}`))
		case "/text", "/api/text":
			_, _ = w.Write([]byte("plain text"))
		default:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"sub":"42","name":"Zoë"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func runWithServer(t *testing.T, src string) (string, []seen) {
	t.Helper()
	srv, got := echoServer(t)
	h := newFakeHost(t)
	require.NoError(t, h.rt.Set("BASE", srv.URL))
	v, err := h.run(src)
	require.NoError(t, err)
	out, err := jsJSON(h.rt, v)
	require.NoError(t, err)
	return out, *got
}

func TestAxios(t *testing.T) {
	// Expected shapes follow axios 1.x: JSON bodies parsed, non-2xx rejects
	// with "Request failed with status code 404" and err.response set.
	out, got := runWithServer(t, `
		var axios = require('axios'), r = {};
		axios.get(BASE + '/me', {headers: {Authorization: 'Bearer tok', 'X-Custom': 'c'}, params: {a: 'b c', n: 1}})
		.then(function (res) { r.get = [res.status, res.statusText, res.data, res.headers['set-cookie']]; })
		.then(function () { return axios.post(BASE + '/form', {x: 1}); })
		.then(function (res) { r.post = res.status; })
		.then(function () { return axios.get(BASE + '/missing'); })
		.catch(function (e) { r.err = [e.message, e.response.status, e.response.data, e.isAxiosError]; })
		.then(function () { return axios.create({baseURL: BASE + '/api/', auth: {username: 'u', password: 'p'}}).get('text'); })
		.then(function (res) { r.created = res.data; })
		.then(function () { return axios({url: BASE + '/missing', validateStatus: function () { return true; }}); })
		.then(function (res) { r.validate = res.status; return r; })`)
	assert.JSONEq(t, `{"get":[200,"OK",{"sub":"42","name":"Zoë"},["a=1","b=2"]],"post":200,
		"err":["Request failed with status code 404",404,{"error":"nope"},true],"created":"plain text","validate":404}`, out)
	require.Len(t, got, 5)
	assert.Equal(t, seen{"GET", "/me", "a=b+c&n=1", "", "Bearer tok", "", "application/json, text/plain, */*", "c"}, got[0])
	assert.Equal(t, "POST", got[1].Method)
	assert.Equal(t, `{"x":1}`, got[1].Body)
	assert.Equal(t, "application/json", got[1].ContentType)
	assert.Equal(t, "/api/text", got[3].Path)
	assert.Equal(t, "Basic dTpw", got[3].Auth)
}

func TestNodeFetch(t *testing.T) {
	// node-fetch 2: non-2xx resolves with ok=false; headers.get joins values.
	out, got := runWithServer(t, `
		var fetch = require('node-fetch'), r = {};
		fetch(BASE + '/me', {headers: {Authorization: 'Bearer t'}})
		.then(function (res) { r.ok = [res.ok, res.status, res.headers.get('content-type'), res.headers.get('set-cookie')]; return res.json(); })
		.then(function (j) { r.json = j; return fetch(BASE + '/missing', {method: 'POST', body: 'a=1', headers: new fetch.Headers({'Content-Type': 'application/x-www-form-urlencoded'})}); })
		.then(function (res) { r.missing = [res.ok, res.status, res.statusText]; return res.text(); })
		.then(function (t) { r.text = t; return fetch('relative'); })
		.catch(function (e) { r.rel = e.message; return r; })`)
	assert.JSONEq(t, `{"ok":[true,200,"application/json","a=1, b=2"],"json":{"sub":"42","name":"Zoë"},
		"missing":[false,404,"Not Found"],"text":"{\"error\":\"nope\"}","rel":"Only absolute URLs are supported"}`, out)
	require.Len(t, got, 2)
	assert.Equal(t, "Bearer t", got[0].Auth)
	assert.Equal(t, "POST", got[1].Method)
	assert.Equal(t, "a=1", got[1].Body)
	assert.Equal(t, "application/x-www-form-urlencoded", got[1].ContentType)
}

func TestHTTPGetAndRequest(t *testing.T) {
	out, got := runWithServer(t, `
		var http = require('http'), r = {};
		new Promise(function (resolve) {
			http.get(BASE + '/me?x=1', {headers: {'X-Custom': 'v'}}, function (res) {
				var body = '';
				res.setEncoding('utf8');
				res.on('data', function (c) { body += c; });
				res.on('end', function () { r.get = [res.statusCode, res.statusMessage, res.headers['content-type'], res.headers['set-cookie'], JSON.parse(body)]; resolve(); });
			});
		}).then(function () {
			return new Promise(function (resolve) {
				var u = new URL(BASE);
				var req = http.request({hostname: u.hostname, port: u.port, path: '/post', method: 'POST', headers: {'Content-Type': 'text/plain'}}, function (res) {
					var chunks = [];
					res.on('data', function (c) { chunks.push(c); });
					res.on('end', function () { r.post = [res.statusCode, Buffer.concat(chunks).length > 0, chunks[0] instanceof Buffer]; resolve(); });
				});
				req.on('error', function (e) { r.postErr = e.message; resolve(); });
				req.write('hello ');
				req.end('world');
			});
		}).then(function () {
			try { http.get('https://example.com/'); } catch (e) { r.proto = [e.code, e.message]; }
			return r;
		})`)
	assert.JSONEq(t, `{"get":[200,"OK","application/json",["a=1","b=2"],{"sub":"42","name":"Zoë"}],"post":[200,true,true],
		"proto":["ERR_INVALID_PROTOCOL","Protocol \"https:\" not supported. Expected \"http:\""]}`, out)
	require.Len(t, got, 2)
	assert.Equal(t, seen{Method: "GET", Path: "/me", Query: "x=1", Custom: "v"}, seen{got[0].Method, got[0].Path, got[0].Query, "", "", "", "", got[0].Custom})
	assert.Equal(t, "hello world", got[1].Body)
}

func TestHTTPErrorEvent(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // connection refused from here on
	h := newFakeHost(t)
	require.NoError(t, h.rt.Set("BASE", url))
	v, err := h.run(`new Promise(function (resolve) {
		require('http').get(BASE, function () { resolve('response?'); }).on('error', function (e) { resolve('error:' + (e instanceof Error)); });
	})`)
	require.NoError(t, err)
	assert.Equal(t, "error:true", v.String())
}
