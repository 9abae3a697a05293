package benchkit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startMinimal serves ServeMinimal with token on a loopback port and
// returns its http://host:port.
func startMinimal(t *testing.T, token string) string {
	return startMinimalIdle(t, token, minimalIdle)
}

// startMinimalIdle is startMinimal with idle as the limit on waiting for a
// request head.
func startMinimalIdle(t *testing.T, token string, idle time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- serveMinimal(ln, token, idle) }()
	t.Cleanup(func() {
		_ = ln.Close()
		assert.Error(t, <-done, "ServeMinimal returns when its listener closes")
	})
	return "http://" + ln.Addr().String()
}

func TestServeMinimalAnswersLikeHandler(t *testing.T) {
	base := startMinimal(t, "tok")
	client := &http.Client{Timeout: 5 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	// The plain-Go floor, a real net/http client, gets the profile.
	require.NoError(t, FloorUserinfo(context.Background(), client, base+"/userinfo", "tok", 1<<20))

	do := func(method, path, auth string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, nil)
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, string(body)
	}

	resp, body := do(http.MethodGet, "/userinfo", "Bearer tok")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, Userinfo, body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	date, err := http.ParseTime(resp.Header.Get("Date"))
	require.NoError(t, err, "every answer has a Date")
	assert.WithinDuration(t, time.Now(), date, 5*time.Second)

	resp, body = do(http.MethodHead, "/userinfo", "Bearer tok")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(len(Userinfo)), resp.ContentLength, "HEAD announces the GET's length")
	assert.Empty(t, body)

	resp, _ = do(http.MethodGet, "/userinfo", "Bearer other")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = do(http.MethodGet, "/userinfo", "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = do(http.MethodGet, "/userinfo?x=1", "Bearer tok")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp, _ = do(http.MethodGet, "/other", "Bearer tok")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp, _ = do(http.MethodDelete, "/userinfo", "Bearer tok")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "GET, HEAD", resp.Header.Get("Allow"))

	// Only the userinfo requests answered with 200 count: the floor's, the
	// GET's and the HEAD's.
	s, err := FetchStats(context.Background(), client, base)
	require.NoError(t, err)
	assert.Equal(t, int64(3), s.Requests)
	assert.Positive(t, s.CPUNs)
}

func TestServeMinimalKeepsConnections(t *testing.T) {
	base := startMinimal(t, "tok")
	client := &http.Client{Timeout: 5 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	var reused []bool
	for range 3 {
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) },
		})
		require.NoError(t, FloorUserinfo(ctx, client, base+"/userinfo", "tok", 1<<20))
	}
	assert.Equal(t, []bool{false, true, true}, reused)
}

// rawExchange writes raw to a new connection to base and reads the answers
// until the server closes the connection or n answers came. A reset counts
// as closed: a server closing with unread input resets the connection.
func rawExchange(t *testing.T, base, raw string, n int) (answers []*http.Response, closed bool) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(c, raw)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for len(answers) < n {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return answers, isClosed(err)
		}
		_, err = io.ReadAll(resp.Body)
		require.NoError(t, err)
		answers = append(answers, resp)
	}
	_, err = br.ReadByte()
	return answers, isClosed(err)
}

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

func TestServeMinimalPipelinesAndCloses(t *testing.T) {
	base := startMinimal(t, "tok")
	get := "GET /userinfo HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer tok\r\n\r\n"
	last := "GET /userinfo HTTP/1.1\r\nHost: a\r\nauthorization:Bearer tok \r\nConnection: keep-alive, Close\r\n\r\n"
	answers, closed := rawExchange(t, base, "\r\n"+get+get+last, 4)
	require.Len(t, answers, 3, "three pipelined requests, three answers in order")
	for _, a := range answers {
		assert.Equal(t, http.StatusOK, a.StatusCode)
	}
	assert.False(t, answers[0].Close)
	assert.True(t, answers[2].Close, "Connection: close is answered with close")
	assert.True(t, closed, "and the connection is closed after it")

	answers, closed = rawExchange(t, base, "GET /userinfo HTTP/1.0\r\nAuthorization: Bearer tok\r\n\r\n", 2)
	require.Len(t, answers, 1)
	assert.Equal(t, http.StatusOK, answers[0].StatusCode)
	assert.True(t, closed, "HTTP/1.0 without keep-alive: closed after the answer")
}

func TestServeMinimalRejects(t *testing.T) {
	base := startMinimal(t, "tok")
	tests := []struct {
		name string
		raw  string
		want int
	}{
		{"request body", "POST /userinfo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", http.StatusBadRequest},
		{"chunked body", "GET /userinfo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", http.StatusBadRequest},
		{"bad request line", "GET/userinfo\r\n\r\n", http.StatusBadRequest},
		{"space before colon", "GET /userinfo HTTP/1.1\r\nAuthorization : Bearer tok\r\n\r\n", http.StatusBadRequest},
		{"header without colon", "GET /userinfo HTTP/1.1\r\nAuthorization\r\n\r\n", http.StatusBadRequest},
		{"unknown version", "GET /userinfo HTTP/2.0\r\nAuthorization: Bearer tok\r\n\r\n", http.StatusHTTPVersionNotSupported},
		{"head too large", "GET /userinfo HTTP/1.1\r\nX: " + strings.Repeat("a", maxMinimalHead) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
		{"many header lines", "GET /userinfo HTTP/1.1\r\n" + strings.Repeat("X: 0123456789\r\n", maxMinimalHead/15+1) + "\r\n", http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, closed := rawExchange(t, base, tt.raw, 2)
			require.Len(t, answers, 1)
			assert.Equal(t, tt.want, answers[0].StatusCode)
			assert.True(t, answers[0].Close, "the answer says the connection closes")
			assert.True(t, closed, "the connection is closed: nothing after the head is read as a request")
		})
	}
}

func TestCountingHandler(t *testing.T) {
	srv := httptest.NewServer(CountingHandler(NewHandler("tok")))
	t.Cleanup(srv.Close)
	client := srv.Client()
	for range 3 {
		require.NoError(t, FloorUserinfo(context.Background(), client, srv.URL+"/userinfo", "tok", 1<<20))
	}
	require.Error(t, FloorUserinfo(context.Background(), client, srv.URL+"/userinfo", "wrong", 1<<20), "401")
	resp, err := client.Get(srv.URL + "/inflight")
	require.NoError(t, err)
	_ = resp.Body.Close()

	s, err := FetchStats(context.Background(), client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, int64(3), s.Requests, "only the userinfo answers with 200 count")
	assert.Positive(t, s.CPUNs)

	_, err = FetchStats(context.Background(), client, srv.URL+"/nowhere")
	assert.ErrorContains(t, err, "404")
}

func TestStatsBodyIsJSON(t *testing.T) {
	b := statsBody(42)
	assert.True(t, strings.HasPrefix(b, `{"requests":42,"cpuNs":`), b)
	_, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(b, `{"requests":42,"cpuNs":`), "}"), 10, 64)
	assert.NoError(t, err)
}

// FuzzMinimalRead feeds arbitrary bytes to the request head parser: it must
// not panic, must answer with one of its statuses, and must grant the
// profile only to a GET or HEAD of /userinfo carrying the token.
func FuzzMinimalRead(f *testing.F) {
	f.Add([]byte("GET /userinfo HTTP/1.1\r\nAuthorization: Bearer tok\r\n\r\n"))
	f.Add([]byte("\r\nHEAD /userinfo HTTP/1.0\nauthorization:Bearer tok\nConnection: close\n\n"))
	f.Add([]byte("POST /stats HTTP/1.1\r\nContent-Length: 1\r\n\r\nx"))
	f.Add([]byte("GET /userinfo HTTP/1.1\r\nAuthorization : Bearer tok\r\nTransfer-Encoding: chunked\r\n\r\n"))
	known := map[int]bool{
		http.StatusOK: true, http.StatusBadRequest: true, http.StatusUnauthorized: true, http.StatusNotFound: true,
		http.StatusMethodNotAllowed: true, http.StatusHTTPVersionNotSupported: true,
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := &minimal{auth: []byte("Bearer tok")}
		br := bufio.NewReaderSize(bytes.NewReader(raw), 4096)
		for range 4 {
			req, err := m.read(br)
			if err != nil {
				return
			}
			if !known[req.status] {
				t.Fatalf("status %d for %q", req.status, raw)
			}
			if req.status == http.StatusOK && !req.stats &&
				(!bytes.Contains(raw, []byte(" /userinfo HTTP/1.")) || !bytes.Contains(raw, []byte("Bearer tok"))) {
				t.Fatalf("profile granted to %q", raw)
			}
			var out bytes.Buffer
			bw := bufio.NewWriter(&out)
			m.write(bw, req)
			require.NoError(t, bw.Flush())
			resp, err := http.ReadResponse(bufio.NewReader(&out), nil)
			require.NoError(t, err, "the answer is HTTP")
			assert.Equal(t, req.status, resp.StatusCode)
			if req.close {
				return
			}
		}
	})
}

func TestServeMinimalClosesIdleConnections(t *testing.T) {
	base := startMinimalIdle(t, "tok", 100*time.Millisecond)

	// A connection that sends half a head and stops is closed.
	start := time.Now()
	answers, closed := rawExchange(t, base, "GET /userinfo HTTP/1.1\r\n", 1)
	assert.Empty(t, answers)
	assert.True(t, closed)
	assert.Less(t, time.Since(start), 3*time.Second, "closed after the idle limit, not the client's deadline")

	// One that sends a request and then nothing is answered, then closed.
	answers, closed = rawExchange(t, base, "GET /userinfo HTTP/1.1\r\nAuthorization: Bearer tok\r\n\r\n", 2)
	require.Len(t, answers, 1)
	assert.Equal(t, http.StatusOK, answers[0].StatusCode)
	assert.True(t, closed)
}
