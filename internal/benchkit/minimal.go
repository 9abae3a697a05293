package benchkit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// maxMinimalHead bounds a request's line and header fields together.
const maxMinimalHead = 8 << 10

// minimalIdle bounds how long a connection may take to send its next
// request head (idle time between requests included).
const minimalIdle = 60 * time.Second

// ServeMinimal serves the userinfo endpoint of Handler (GET /userinfo
// answers Userinfo to "Bearer " + token, 401 to anything else) and GET
// /stats (StatsPath) on ln with the least CPU per request it can, until ln
// is closed, and returns the Accept error. Other paths are 404.
//
// It speaks a deliberately small HTTP/1.1: persistent connections and
// pipelined requests, a Date and a Content-Length on every response, GET and
// HEAD only (405 otherwise), no request bodies (400 and close), a 8 KiB limit
// on the request head (431 and close), a minute for a connection to send its
// next request head, "Connection: close" and HTTP/1.0 honoured by closing
// after the response.
//
// It exists for benchcmp, whose clients share the machine's cores with
// their server: net/http's server spends about as much CPU per request as
// the plain-Go client being measured, which would bound every client's
// throughput by the fixture rather than by the client.
func ServeMinimal(ln net.Listener, token string) error {
	return serveMinimal(ln, token, minimalIdle)
}

// ServeChildMinimal is the child side of StartChild serving ServeMinimal
// with token (see ServeChildWith).
func ServeChildMinimal(token string) int {
	return ServeChildWith(func(ln net.Listener) error { return ServeMinimal(ln, token) })
}

func serveMinimal(ln net.Listener, token string, idle time.Duration) error {
	m := &minimal{auth: []byte("Bearer " + token), idle: idle}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go m.serve(c)
	}
}

type minimal struct {
	auth  []byte
	count atomic.Int64 // /userinfo requests answered
	idle  time.Duration
	// date is the Date header line of the current second, "Date: ...\r\n".
	// Connections racing at a new second each make it; any of theirs will do.
	date atomic.Pointer[dateLine]
}

type dateLine struct {
	unix int64
	line []byte
}

func (m *minimal) dateLine() []byte {
	now := time.Now()
	if d := m.date.Load(); d != nil && d.unix == now.Unix() {
		return d.line
	}
	d := &dateLine{unix: now.Unix(), line: []byte("Date: " + now.UTC().Format(http.TimeFormat) + "\r\n")}
	m.date.Store(d)
	return d.line
}

// minimalRequest is what the server needs of a request head.
type minimalRequest struct {
	status int  // 0 until something is wrong or decided
	head   bool // HEAD: no body in the answer
	close  bool // close the connection after answering
	stats  bool // GET /stats
}

var errHeadTooLarge = errors.New("request head too large")

func (m *minimal) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReaderSize(c, 4096)
	bw := bufio.NewWriterSize(c, 4096)
	for {
		if c.SetReadDeadline(time.Now().Add(m.idle)) != nil {
			return
		}
		req, err := m.read(br)
		if err != nil {
			if errors.Is(err, errHeadTooLarge) {
				m.write(bw, minimalRequest{status: http.StatusRequestHeaderFieldsTooLarge, close: true})
				_ = bw.Flush()
			}
			return
		}
		if req.status == http.StatusOK && !req.stats {
			m.count.Add(1)
		}
		m.write(bw, req)
		// Answers to pipelined requests leave together.
		if req.close || br.Buffered() == 0 {
			if bw.Flush() != nil || req.close {
				return
			}
		}
	}
}

// read parses one request head from br; a read error (the client closing
// between requests included) ends the connection.
func (m *minimal) read(br *bufio.Reader) (minimalRequest, error) {
	var req minimalRequest
	n := 0
	line, err := readLine(br, &n)
	for err == nil && len(line) == 0 { // RFC 9112 §2.2: ignore leading empty lines
		line, err = readLine(br, &n)
	}
	if err != nil {
		return req, err
	}
	method, rest, ok1 := bytes.Cut(line, []byte(" "))
	target, proto, ok2 := bytes.Cut(rest, []byte(" "))
	switch {
	case !ok1 || !ok2:
		req.status, req.close = http.StatusBadRequest, true
	case string(proto) == "HTTP/1.0":
		req.close = true
	case string(proto) != "HTTP/1.1":
		req.status, req.close = http.StatusHTTPVersionNotSupported, true
	}
	switch string(method) {
	case http.MethodGet:
	case http.MethodHead:
		req.head = true
	default:
		if req.status == 0 {
			req.status = http.StatusMethodNotAllowed
		}
	}
	if req.status == 0 && string(target) != UserinfoPath {
		if string(target) == StatsPath {
			req.stats = true
		} else {
			req.status = http.StatusNotFound
		}
	}
	authorized := false
	for {
		line, err := readLine(br, &n)
		if err != nil {
			return req, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || name[len(name)-1] == ' ' || name[len(name)-1] == '\t' {
			req.status, req.close = http.StatusBadRequest, true
			continue
		}
		value = bytes.Trim(value, " \t")
		switch {
		case bytes.EqualFold(name, []byte("Authorization")):
			authorized = bytes.Equal(value, m.auth)
		case bytes.EqualFold(name, []byte("Content-Length")):
			if string(value) != "0" {
				req.status, req.close = http.StatusBadRequest, true
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			req.status, req.close = http.StatusBadRequest, true
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.Contains(bytes.ToLower(value), []byte("close")) {
				req.close = true
			}
		}
	}
	if req.status == 0 && !authorized && !req.stats {
		req.status = http.StatusUnauthorized
	}
	if req.status == 0 {
		req.status = http.StatusOK
	}
	return req, nil
}

// readLine returns the next line of the head without its CRLF (or LF),
// counting its bytes into n against maxMinimalHead.
func readLine(br *bufio.Reader, n *int) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	*n += len(line)
	if errors.Is(err, bufio.ErrBufferFull) || *n > maxMinimalHead {
		return nil, errHeadTooLarge
	}
	if err != nil {
		return nil, err
	}
	line = line[:len(line)-1]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, nil
}

func (m *minimal) write(bw *bufio.Writer, req minimalRequest) {
	_, _ = bw.WriteString("HTTP/1.1 ")
	_, _ = bw.WriteString(strconv.Itoa(req.status))
	_ = bw.WriteByte(' ')
	_, _ = bw.WriteString(http.StatusText(req.status))
	_, _ = bw.WriteString("\r\n")
	_, _ = bw.Write(m.dateLine())
	body := ""
	switch {
	case req.status == http.StatusOK && req.stats:
		body = statsBody(m.count.Load())
		_, _ = bw.WriteString("Content-Type: application/json\r\n")
	case req.status == http.StatusOK:
		body = Userinfo
		_, _ = bw.WriteString("Content-Type: application/json\r\n")
	case req.status == http.StatusMethodNotAllowed:
		_, _ = bw.WriteString("Allow: GET, HEAD\r\n")
	}
	if req.close {
		_, _ = bw.WriteString("Connection: close\r\n")
	}
	_, _ = bw.WriteString("Content-Length: ")
	_, _ = bw.WriteString(strconv.Itoa(len(body)))
	_, _ = bw.WriteString("\r\n\r\n")
	if !req.head {
		_, _ = bw.WriteString(body)
	}
}

// StatsPath is where ServeMinimal and CountingHandler answer their
// ServerStats, as JSON.
const StatsPath = "/stats"

// ServerStats is what a benchmark's userinfo server has done so far: the
// userinfo requests it answered with 200 (HEAD included) and its process's
// CPU time.
type ServerStats struct {
	Requests int64 `json:"requests"`
	CPUNs    int64 `json:"cpuNs"`
}

func statsBody(requests int64) string {
	raw, _ := json.Marshal(ServerStats{Requests: requests, CPUNs: int64(CPUTime())})
	return string(raw)
}

// CountingHandler serves h, counting the requests to /userinfo h answers
// with 200, and answers StatsPath itself.
func CountingHandler(h http.Handler) http.Handler {
	var count atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == StatsPath {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, statsBody(count.Load()))
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		if r.URL.Path == UserinfoPath && sw.status == http.StatusOK {
			count.Add(1)
		}
	})
}

// statusWriter remembers the status written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// FetchStats asks the server at base (http://host:port) for its
// ServerStats.
func FetchStats(ctx context.Context, client *http.Client, base string) (ServerStats, error) {
	var s ServerStats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+StatsPath, nil)
	if err != nil {
		return s, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("server stats: %s", resp.Status)
	}
	err = json.NewDecoder(io.LimitReader(resp.Body, 1<<10)).Decode(&s)
	return s, err
}
