// Package benchkit is the scaffolding the benchmarks and the benchcmp
// command share: the typical fetchUserProfile script and the userinfo
// document it maps, a loopback userinfo handler that can hold requests, a
// minimal HTTP/1.1 userinfo server that takes little CPU per request, the
// plain-Go floor the sandbox is measured against, a child-process server, a
// fixed-concurrency benchmark loop reporting CPU time per call, peak RSS
// reading, and a socket-free transport.
//
// It depends on neither script nor connection, so that their own test files
// can import it. Nothing here is part of the library's API.
package benchkit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socialconn/socialconn/internal/safehttp"
)

const (
	// UserID and Email are the "sub" and "email" of Userinfo, the two fields
	// CheckProfile insists on.
	UserID = "248289761001"
	Email  = "janedoe@example.com"

	// UserinfoPath is where the bench servers (Handler, ServeMinimal)
	// answer Userinfo.
	UserinfoPath = "/userinfo"

	// Userinfo is the document the bench userinfo endpoint answers.
	Userinfo = `{"sub":"` + UserID + `","name":"Jane Doe","given_name":"Jane","family_name":"Doe","email":"` + Email + `","email_verified":true,"picture":"https://example.com/janedoe/me.jpg","locale":"en"}`
)

// scriptTemplate is the typical fetchUserProfile: request.get with a bearer
// header, json: true, a status check and five mapped fields. USERINFO stands
// for the quoted endpoint URL.
const scriptTemplate = `function fetchUserProfile(accessToken, context, callback) {
  request.get({
    url: USERINFO,
    headers: { 'Authorization': 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo: ' + resp.statusCode));
    callback(null, {
      user_id: body.sub,
      name: body.name,
      given_name: body.given_name,
      family_name: body.family_name,
      email: body.email
    });
  });
}`

// Script returns the typical fetchUserProfile script fetching userinfoURL.
// The URL is written as a quoted JavaScript string; it is not checked.
func Script(userinfoURL string) string {
	return strings.Replace(scriptTemplate, "USERINFO", strconv.Quote(userinfoURL), 1)
}

// CheckProfile returns an error unless v is a map whose "user_id" and
// "email" are those of Userinfo. It does not look at the other fields.
func CheckProfile(v any) error {
	m, _ := v.(map[string]any)
	if m["user_id"] != UserID || m["email"] != Email {
		return fmt.Errorf("unexpected profile %v", v)
	}
	return nil
}

// FloorUserinfo is the plain-Go floor of the typical script: GET
// userinfoURL with a bearer accessToken, a status check, a read bounded by
// limit bytes, a JSON decode, five mapped fields and CheckProfile.
func FloorUserinfo(ctx context.Context, client *http.Client, userinfoURL, accessToken string, limit int64) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, userinfoURL, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("userinfo: %d", resp.StatusCode)
	}
	raw, err := safehttp.ReadLimited(resp.Body, limit)
	if err != nil {
		return err
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return err
	}
	return CheckProfile(map[string]any{
		"user_id": body["sub"], "name": body["name"], "given_name": body["given_name"],
		"family_name": body["family_name"], "email": body["email"],
	})
}

// Handler is a loopback userinfo endpoint. GET /userinfo answers Userinfo
// to "Bearer " + the access token it was made with, 401 to anything else.
// With ?hold=1 it first waits until /release is called (or the request's
// context ends); with ?delay=D it waits at least D. /inflight reports how
// many requests are waiting now, /peak the most that waited at once (and
// resets it). Other paths are 404. It checks no method and no other header.
type Handler struct {
	token          string
	inflight, peak atomic.Int64
	mu             sync.Mutex
	gate           chan struct{}
}

// NewHandler returns a Handler that accepts accessToken.
func NewHandler(accessToken string) *Handler {
	return &Handler{token: accessToken, gate: make(chan struct{})}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/inflight":
		_, _ = io.WriteString(w, strconv.FormatInt(h.inflight.Load(), 10))
		return
	case "/peak":
		_, _ = io.WriteString(w, strconv.FormatInt(h.peak.Swap(0), 10))
		return
	case "/release":
		h.mu.Lock()
		close(h.gate)
		h.gate = make(chan struct{})
		h.mu.Unlock()
		return
	case UserinfoPath:
	default:
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+h.token {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	if q.Has("hold") || q.Has("delay") {
		h.wait(r.Context(), q.Has("hold"), q.Get("delay"))
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, Userinfo)
}

// wait counts the request as in flight while it holds (until /release) and
// delays (when delay parses as a duration), or until ctx ends.
func (h *Handler) wait(ctx context.Context, hold bool, delay string) {
	n := h.inflight.Add(1)
	defer h.inflight.Add(-1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if hold {
		h.mu.Lock()
		gate := h.gate
		h.mu.Unlock()
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	if d, err := time.ParseDuration(delay); err == nil {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
}

// Transport is an http.RoundTripper that serves each request with H on the
// calling goroutine, without sockets. A client using it measures the
// caller's own work per request, free of the network's and the scheduler's
// noise (the benchmarks' server=none).
type Transport struct {
	H http.Handler
}

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.H.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}
