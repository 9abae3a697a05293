// Package mockidp is a test double for the providers that fetchUserProfile
// scripts call: one local HTTPS server and one plain HTTP server that answer
// any host, path and method with a plausible user document, record every
// request they see, and can be told per host and path what to answer.
//
// Clients reach it through Server.Client (Go) or by connecting every socket
// to Server.HTTPSAddr / Server.HTTPAddr (Node): the TLS server presents, for
// whatever SNI name it is asked, a certificate issued by an in-memory CA that
// clients trust through Server.CA, so certificate verification stays on.
//
// It is for tests and comparisons only. It knows nothing about scripts.
package mockidp

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// maxRecordedBody bounds the request body kept per recorded request.
const maxRecordedBody = 1 << 20

// maxRecorded bounds the number of requests kept.
const maxRecorded = 10000

// Request is one request the server saw.
type Request struct {
	// Scheme is "https" or "http".
	Scheme string
	Method string
	// Host is the Host header (the host the client meant to reach), lower
	// case, port included when the client sent one.
	Host     string
	Path     string
	RawQuery string
	// Target is the path and query as sent, escapes as written.
	Target string
	Query  url.Values
	Header http.Header
	// Body is the request body, at most 1 MiB.
	Body []byte
}

// URL returns scheme://host/path?query, path and query as sent.
func (r Request) URL() string {
	return r.Scheme + "://" + r.Host + r.Target
}

// requestTarget is the path and query of r's request line as sent (an
// absolute-form target, as a proxy receives, loses its scheme and host).
func requestTarget(r *http.Request) string {
	t := r.RequestURI
	if i := strings.Index(t, "://"); i >= 0 && !strings.HasPrefix(t, "/") {
		t = t[i+3:]
		if j := strings.IndexAny(t, "/?"); j >= 0 {
			t = t[j:]
		} else {
			t = ""
		}
	}
	if t == "" || t[0] == '?' {
		t = "/" + t
	}
	return t
}

// Response is what the server answers for a route.
type Response struct {
	// Status is the HTTP status; zero means 200.
	Status int
	// Header is added to the response; Content-Type defaults to
	// application/json when JSON is used, text/plain otherwise.
	Header http.Header
	// Body is sent verbatim when non-nil.
	Body []byte
	// JSON is marshalled and sent when Body is nil.
	JSON any
	// Delay is waited before answering (bounded by the request's context).
	Delay time.Duration
}

// Route binds a Response to requests for Host (empty: any host; compared
// without port, case-insensitively) and Path (empty: any path).
type Route struct {
	Host     string
	Path     string
	Response Response
}

// Server is a running mock provider. Its methods are safe for concurrent use.
type Server struct {
	// CA issues the TLS server's certificates; trust CA.Pool or CA.CertPEM.
	CA *CA

	tlsSrv   *httptest.Server
	plainSrv *httptest.Server

	mu     sync.Mutex
	reqs   []Request
	routes []Route
	def    Response
}

// Start starts a Server answering UserDocument for every request.
func Start() (*Server, error) {
	ca, err := NewCA()
	if err != nil {
		return nil, err
	}
	s := &Server{CA: ca, def: Response{JSON: UserDocument()}}
	noSNI, err := ca.Leaf("")
	if err != nil {
		return nil, err
	}
	s.tlsSrv = httptest.NewUnstartedServer(s)
	s.tlsSrv.TLS = &tls.Config{
		// Served when the client sends no SNI (an IP-literal URL).
		Certificates: []tls.Certificate{*noSNI},
		GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
			return ca.Leaf(h.ServerName)
		},
		MinVersion: tls.VersionTLS12,
	}
	// Handshake failures are expected in tests that check verification.
	s.tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.tlsSrv.StartTLS()
	s.plainSrv = httptest.NewServer(s)
	return s, nil
}

// New starts a Server and closes it when tb's test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops both servers.
func (s *Server) Close() {
	s.tlsSrv.Close()
	s.plainSrv.Close()
}

// HTTPSAddr is the host:port of the TLS server.
func (s *Server) HTTPSAddr() string { return s.tlsSrv.Listener.Addr().String() }

// HTTPAddr is the host:port of the plain HTTP server.
func (s *Server) HTTPAddr() string { return s.plainSrv.Listener.Addr().String() }

// WriteCAFile writes the CA certificate as PEM into dir and returns its path.
func (s *Server) WriteCAFile(dir string) (string, error) {
	p := filepath.Join(dir, "mockidp-ca.pem")
	if err := os.WriteFile(p, s.CA.CertPEM(), 0o600); err != nil {
		return "", fmt.Errorf("mockidp: write CA file: %w", err)
	}
	return p, nil
}

// SetDefault replaces the answer for requests no route matches.
func (s *Server) SetDefault(r Response) {
	s.mu.Lock()
	s.def = r
	s.mu.Unlock()
}

// Handle adds a route; later routes win over earlier ones with the same
// host and path. Matching prefers host+path, then path alone (any host),
// then host alone, then the default.
func (s *Server) Handle(host, path string, r Response) {
	s.mu.Lock()
	s.routes = append(s.routes, Route{Host: strings.ToLower(host), Path: path, Response: r})
	s.mu.Unlock()
}

// HandleRoutes adds every route of rs (see Handle).
func (s *Server) HandleRoutes(rs []Route) {
	for _, r := range rs {
		s.Handle(r.Host, r.Path, r.Response)
	}
}

// Requests returns a copy of the requests seen since the last Reset, in
// arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Reset forgets the recorded requests (routes are kept).
func (s *Server) Reset() {
	s.mu.Lock()
	s.reqs = nil
	s.mu.Unlock()
}

func hostOnly(h string) string {
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	return strings.ToLower(strings.Trim(h, "[]"))
}

func (s *Server) match(host, path string) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	host = hostOnly(host)
	best, bestScore := s.def, 0
	for _, r := range s.routes {
		score := 0
		switch {
		case r.Host != "" && r.Host != host, r.Path != "" && r.Path != path:
			continue
		case r.Host != "" && r.Path != "":
			score = 3
		case r.Path != "":
			score = 2
		case r.Host != "":
			score = 1
		default:
			score = 1
		}
		if score >= bestScore {
			best, bestScore = r.Response, score
		}
	}
	return best
}

// ServeHTTP records the request and answers from the matching route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	rec := Request{
		Scheme:   "http",
		Method:   r.Method,
		Host:     strings.ToLower(r.Host),
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Target:   requestTarget(r),
		Query:    r.URL.Query(),
		Header:   r.Header.Clone(),
		Body:     body,
	}
	if r.TLS != nil {
		rec.Scheme = "https"
	}
	s.mu.Lock()
	if len(s.reqs) < maxRecorded {
		s.reqs = append(s.reqs, rec)
	}
	s.mu.Unlock()

	resp := s.match(r.Host, r.URL.Path)
	if resp.Delay > 0 {
		t := time.NewTimer(resp.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	out := resp.Body
	ctype := "text/plain; charset=utf-8"
	if out == nil && resp.JSON != nil {
		b, err := json.Marshal(resp.JSON)
		if err != nil {
			http.Error(w, "mockidp: marshal response: "+err.Error(), http.StatusInternalServerError)
			return
		}
		out, ctype = b, "application/json; charset=utf-8"
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", ctype)
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, bytes.NewReader(out))
	}
}

// Transport returns an http.Transport that connects every http:// request
// to the plain server and every https:// request to the TLS server, whatever
// the URL's host, verifying the TLS server against CA for the URL's host name.
// It performs no DNS look-ups.
func (s *Server) Transport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	pool := s.CA.Pool()
	plain, secure := s.HTTPAddr(), s.HTTPSAddr()
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, plain)
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, fmt.Errorf("mockidp: dial %q: %w", addr, err)
			}
			raw, err := d.DialContext(ctx, network, secure)
			if err != nil {
				return nil, err
			}
			c := tls.Client(raw, &tls.Config{
				ServerName: host,
				RootCAs:    pool,
				NextProtos: []string{"http/1.1"},
				MinVersion: tls.VersionTLS12,
			})
			if err := c.HandshakeContext(ctx); err != nil {
				_ = raw.Close()
				return nil, err
			}
			return c, nil
		},
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
}

// Client returns an *http.Client using Transport.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.Transport(), Timeout: 30 * time.Second}
}

// ProviderRoutes returns per-host answers for public APIs whose response
// shape contradicts UserDocument: the Facebook Graph API (picture is an
// object), VK (response is a list), ORCID (XML email list), Buffer (the
// profile list is a JSON array) and a userinfo endpoint answering a signed
// JWT instead of JSON (application/jwt).
func ProviderRoutes() []Route {
	fb := UserDocument()
	fb["picture"] = map[string]any{"data": map[string]any{"url": Picture, "height": float64(50), "width": float64(50), "is_silhouette": false}}
	vk := map[string]any{"response": []any{map[string]any{
		"id": float64(10001), "first_name": "Jane", "last_name": "Doe",
		"photo_200": Picture, "has_photo": float64(1),
	}}}
	orcid := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<email:emails path="/0000-0002-1825-0097/email" xmlns:common="http://www.orcid.org/ns/common" xmlns:email="http://www.orcid.org/ns/email">
    <email:email visibility="public" verified="true" primary="false">
        <common:source><common:source-orcid><common:path>0000-0002-1825-0097</common:path></common:source-orcid></common:source>
        <email:email>other@example.com</email:email>
    </email:email>
</email:emails>`
	jwtClaims := IDTokenClaims(time.Unix(1700000000, 0))
	jwt, _ := SignHS256(jwtClaims, []byte(HS256Secret)) // cannot fail: claims marshal
	bufferProfiles := []any{map[string]any{
		"_id": "p1", "service": "twitter", "service_id": "123", "service_username": UserLogin,
		"formatted_username": "@" + UserLogin, "avatar": Picture, "avatar_https": Picture, "default": true,
	}}
	return []Route{
		{Host: "api.bufferapp.com", Path: "/1/profiles.json", Response: Response{JSON: bufferProfiles}},
		{Host: "graph.facebook.com", Response: Response{JSON: fb}},
		{Host: "api.vk.com", Response: Response{JSON: vk}},
		{Host: "pub.orcid.org", Response: Response{Body: []byte(orcid), Header: http.Header{"Content-Type": {"application/vnd.orcid+xml; charset=UTF-8"}}}},
		{Host: "proveid-test6.prove.id", Response: Response{Body: []byte(jwt), Header: http.Header{"Content-Type": {"application/jwt"}}}},
	}
}
