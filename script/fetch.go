package script

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dop251/goja"

	"github.com/socialconn/socialconn/internal/safehttp"
)

// The invocation is the host modules talk to.
var _ host = (*invocation)(nil)

func (inv *invocation) Runtime() *goja.Runtime   { return inv.rt }
func (inv *invocation) CheckDeadline()           { inv.checkDeadline() }
func (inv *invocation) Context() context.Context { return inv.ctx }
func (inv *invocation) MaxBytes() int64          { return inv.cfg.maxResponseBytes }

// Go runs work off the JavaScript goroutine. The invocation waits for work to
// return before it ends, so work must be short or honour Context().
func (inv *invocation) Go(work func() (any, error), done func(any, error)) {
	inv.goAsync(&goWork{work: work, done: done})
}

// goWork is the asyncWork of Go.
type goWork struct {
	work func() (any, error)
	done func(any, error)
	v    any
	err  error
}

func (g *goWork) run()     { g.v, g.err = g.work() }
func (g *goWork) deliver() { g.done(g.v, g.err) }

// SetTimer schedules fn on the JavaScript goroutine.
func (inv *invocation) SetTimer(d time.Duration, repeat bool, fn func()) (cancel func()) {
	id := inv.addTimer(d, repeat, fn)
	return func() { inv.removeTimer(id) }
}

// Require loads a module the way the script's require does.
func (inv *invocation) Require(name string) (goja.Value, error) {
	return inv.require(name)
}

// nodeError is a network or limit failure described the way Node describes
// it: a message plus code/errno/syscall properties.
type nodeError struct {
	Message  string
	Code     string
	Errno    int
	Syscall  string
	Hostname string
	Address  string
	Port     int
	Connect  *bool // request's e.connect for timeouts
	cause    error
}

func (e *nodeError) Error() string { return e.Message }
func (e *nodeError) Unwrap() error { return e.cause }

// newNodeError builds the JavaScript Error a script sees for err: message,
// and for a *nodeError the code, errno, syscall, hostname, address and port
// properties Node sets.
func newNodeError(rt *goja.Runtime, err error) *goja.Object {
	var ne *nodeError
	if !errors.As(err, &ne) {
		return newJSError(rt, err.Error())
	}
	o := newJSError(rt, ne.Message)
	if ne.Code != "" {
		_ = o.Set("code", ne.Code)
	}
	if ne.Errno != 0 {
		_ = o.Set("errno", ne.Errno)
	}
	if ne.Syscall != "" {
		_ = o.Set("syscall", ne.Syscall)
	}
	if ne.Hostname != "" {
		_ = o.Set("hostname", ne.Hostname)
	}
	if ne.Address != "" {
		_ = o.Set("address", ne.Address)
	}
	if ne.Port != 0 {
		_ = o.Set("port", ne.Port)
	}
	if ne.Connect != nil {
		_ = o.Set("connect", *ne.Connect)
	}
	return o
}

// Fetch performs req off the JavaScript goroutine and delivers the outcome to
// done on it.
func (inv *invocation) Fetch(req *outboundRequest, done func(*inboundResponse, error)) {
	inv.fetch(&fetchWork{req: req, done: done})
}

// fetch queues f, whose req and done are set, within the invocation's
// request limit.
func (inv *invocation) fetch(f *fetchWork) {
	f.ctx, f.cfg = inv.ctx, inv.cfg
	if inv.requests >= inv.cfg.maxRequests {
		f.req = nil
		f.err = &nodeError{Code: "ERR_REQUEST_LIMIT", Message: fmt.Sprintf("script: too many HTTP requests (limit %d per invocation)", inv.cfg.maxRequests)}
	} else {
		inv.requests++
	}
	inv.goAsync(f)
}

// fetchWork is the asyncWork of a Fetch: req is sent when run (unless nil:
// err is then already set) and the response read into resp.
type fetchWork struct {
	ctx  context.Context
	cfg  *config
	req  *outboundRequest
	done func(*inboundResponse, error)
	resp inboundResponse
	err  error
}

func (f *fetchWork) run() {
	if f.req != nil {
		f.err = doFetch(f.ctx, f.cfg, f.req, &f.resp)
	}
}

func (f *fetchWork) deliver() {
	if f.err != nil {
		f.done(nil, f.err)
		return
	}
	f.done(&f.resp, nil)
}

// noUserAgent is the User-Agent value that makes net/http send none. It is
// shared by all requests: net/http only reads a request's header values (and
// copies the header before changing it for a redirect).
var noUserAgent = []string{""}

// doFetch runs one request to completion, body read and bounded, into out.
// It runs off the JavaScript goroutine and touches no JavaScript value. r is
// doFetch's from then on: r.Header is sent, with the headers doFetch adds.
func doFetch(ctx context.Context, cfg *config, r *outboundRequest, out *inboundResponse) error {
	// connected tells request's two timeouts apart (see toNodeError); it is
	// only needed, and only traced, when the script set one.
	connected := func() bool { return false }
	if r.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.Timeout)
		defer cancel()
		var conn atomic.Bool
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) { conn.Store(true) },
		})
		connected = conn.Load
	}
	var timing *fetchTiming
	if r.Time {
		timing = newFetchTiming()
		ctx = httptrace.WithClientTrace(ctx, timing.trace())
	}
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if len(r.Body) > 0 {
		body = bytes.NewReader(r.Body)
	}
	// The request parses r.URL once, for us and for itself.
	hreq, err := http.NewRequestWithContext(ctx, method, r.URL, body)
	if err != nil {
		hreq, err = rawPathRequest(ctx, method, r.URL, body, err)
	}
	if err != nil {
		// An invalid URI is reported before an invalid method.
		if u, uerr := url.Parse(r.URL); uerr != nil || !httpURL(u) {
			return &nodeError{Message: `Invalid URI "` + r.URL + `"`, cause: uerr}
		}
		return &nodeError{Message: err.Error(), cause: err}
	}
	u := hreq.URL
	if !httpURL(u) {
		return &nodeError{Message: `Invalid URI "` + r.URL + `"`}
	}
	if p := u.Port(); p == "443" && u.Scheme == "https" || p == "80" && u.Scheme == "http" {
		// request names the host without its protocol's own port, as
		// browsers do; the URL keeps it, as url.parse does.
		hreq.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	if r.Header != nil {
		// r.Header was built with Add/Set, so its keys are canonical. It is
		// sent as it is, with what is added below.
		hreq.Header = r.Header
	}
	if _, ok := hreq.Header["User-Agent"]; !ok {
		// Node sends no User-Agent unless asked; an empty value tells
		// net/http to send none.
		hreq.Header["User-Agent"] = noUserAgent
	}
	if r.Gzip && hreq.Header.Get("Accept-Encoding") == "" {
		hreq.Header.Set("Accept-Encoding", "gzip, deflate")
	}
	client := *cfg.client
	mode := followNone
	switch {
	case r.FollowAllRedirects:
		mode = followAll
	case r.FollowRedirects:
		mode = followSafe
	}
	client.CheckRedirect = cfg.checkRedirect[mode]
	if timing != nil {
		check := client.CheckRedirect
		client.CheckRedirect = func(next *http.Request, via []*http.Request) error {
			err := check(next, via)
			if err == nil {
				timing.redirected()
			}
			return err
		}
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return toNodeError(ctx, err, u, r.Timeout > 0, connected())
	}
	defer resp.Body.Close()
	// resp is ours alone and net/http does not touch its Header once
	// returned (trailers go to resp.Trailer): no copy needed.
	header := resp.Header
	b, err := safehttp.ReadLimited(resp.Body, cfg.maxResponseBytes)
	if err != nil {
		if errors.Is(err, safehttp.ErrBodyTooLarge) {
			return tooLargeError(err)
		}
		return toNodeError(ctx, err, u, r.Timeout > 0, true)
	}
	if r.Gzip && method != http.MethodHead && resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusNotModified {
		if b, err = decodeBody(ctx, header.Get("Content-Encoding"), b, cfg.maxResponseBytes); err != nil {
			return toNodeError(ctx, err, u, r.Timeout > 0, true)
		}
	}
	if timing != nil {
		timing.done()
	}
	msg := strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	*out = inboundResponse{
		StatusCode:    resp.StatusCode,
		StatusMessage: msg,
		Header:        header,
		Body:          b,
		URL:           resp.Request.URL.String(),
		Redirected:    resp.Request.Response != nil,
		Timing:        timing,
	}
	return nil
}

// tooLargeError is the error of a body over the engine's cap.
func tooLargeError(err error) *nodeError {
	return &nodeError{Message: "script: " + err.Error(), Code: "ERR_RESPONSE_TOO_LARGE", cause: err}
}

// decodeBody decodes a body sent with Content-Encoding gzip or deflate, as
// request's gzip option and the fetch clients do: zlib with Z_SYNC_FLUSH, so
// that a body cut short gives what it holds; deflate zlib-wrapped or, as
// node-fetch and axios also take it, raw. Other codings are left as sent.
func decodeBody(ctx context.Context, coding string, b []byte, max int64) ([]byte, error) {
	var mode zlibMode
	switch strings.ToLower(strings.TrimSpace(coding)) {
	case "gzip", "x-gzip":
		mode = zGunzip
	case "deflate":
		mode = zInflateRaw
		if len(b) > 0 && b[0]&0x0f == 8 {
			mode = zInflate
		}
	default:
		return b, nil
	}
	out, err := zlibConvert(ctx, mode, b, zlibOptions{finishFlush: zSyncFlush, maxOutput: max})
	var ze *zlibError
	var le *zlibLimitError
	switch {
	case errors.As(err, &le):
		return nil, tooLargeError(safehttp.TooLarge(max))
	case errors.As(err, &ze):
		return nil, &nodeError{Message: ze.msg, Code: ze.code, Errno: ze.errno, cause: err}
	}
	return out, err
}

// rawPathRequest builds the request for rawURL when net/url refuses its path
// (perr), as it does an escape that is not one ("/p%zz"), which url.parse
// and request send as written: the path goes out verbatim as the request
// target. Anything else is perr.
func rawPathRequest(ctx context.Context, method, rawURL string, body io.Reader, perr error) (*http.Request, error) {
	i := strings.Index(rawURL, "://")
	if i < 0 {
		return nil, perr
	}
	start := strings.IndexByte(rawURL[i+3:], '/')
	if start < 0 {
		return nil, perr
	}
	start += i + 3
	end := start + queryStart(rawURL[start:])
	path := rawURL[start:end]
	if strings.HasPrefix(path, "//") || strings.ContainsAny(rawURL[i+3:start], "?#") {
		return nil, perr
	}
	hreq, err := http.NewRequestWithContext(ctx, method, rawURL[:start]+"/"+rawURL[end:], body)
	if err != nil {
		return nil, perr
	}
	hreq.URL.Opaque = path
	return hreq, nil
}

// The redirect modes of a request: none followed, those of GET, HEAD and
// the like (request's followRedirect), or all (followAllRedirects).
const (
	followNone = iota
	followSafe
	followAll
	followModes
)

// checkRedirect is doFetch's http.Client.CheckRedirect for mode, following
// at most max redirects (none when max is negative). New builds one per mode
// (config.checkRedirect).
func checkRedirect(mode, max int) func(*http.Request, []*http.Request) error {
	return func(next *http.Request, via []*http.Request) error {
		follow := mode == followAll
		if mode == followSafe {
			switch via[0].Method {
			case http.MethodPatch, http.MethodPut, http.MethodPost, http.MethodDelete:
			default:
				follow = true
			}
		}
		if !follow || max < 0 {
			return http.ErrUseLastResponse
		}
		// via holds the requests made so far: next is redirect len(via).
		if len(via) > max {
			return &nodeError{Message: "Exceeded maxRedirects. Probably stuck in a redirect loop " + next.URL.String(), Code: "ERR_TOO_MANY_REDIRECTS"}
		}
		return nil
	}
}

// httpURL reports whether u is an absolute http or https URL with a host.
func httpURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// toNodeError maps a Go transport error to Node's description of it.
func toNodeError(ctx context.Context, err error, u *url.URL, ownTimeout, connected bool) error {
	var ne *nodeError
	if errors.As(err, &ne) {
		return ne
	}
	host := u.Hostname()
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	pn, _ := strconv.Atoi(port)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || isTimeout(err) {
		if ownTimeout && ctx.Err() != nil {
			if connected {
				f := false
				return &nodeError{Message: "ESOCKETTIMEDOUT", Code: "ESOCKETTIMEDOUT", Connect: &f, cause: err}
			}
			t := true
			return &nodeError{Message: "ETIMEDOUT", Code: "ETIMEDOUT", Connect: &t, cause: err}
		}
		if errors.Is(err, context.Canceled) {
			return &nodeError{Message: "aborted", Code: "ECONNRESET", cause: err}
		}
		return &nodeError{Message: "connect ETIMEDOUT " + host + ":" + port, Code: "ETIMEDOUT", Errno: -110, Syscall: "connect", Address: host, Port: pn, cause: err}
	}
	if errors.Is(err, safehttp.ErrDestinationRefused) {
		return &nodeError{Message: "connect ECONNREFUSED " + host + ":" + port + " (" + err.Error() + ")", Code: "ECONNREFUSED", Errno: -111, Syscall: "connect", Address: host, Port: pn, cause: err}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &nodeError{Message: "getaddrinfo ENOTFOUND " + host, Code: "ENOTFOUND", Errno: -3008, Syscall: "getaddrinfo", Hostname: host, cause: err}
	}
	var opErr *net.OpError
	if errors.Is(err, syscall.ECONNREFUSED) {
		addr := host + ":" + port
		if errors.As(err, &opErr) && opErr.Addr != nil {
			addr = opErr.Addr.String()
		}
		ah, ap, _ := net.SplitHostPort(addr)
		apn, _ := strconv.Atoi(ap)
		return &nodeError{Message: "connect ECONNREFUSED " + addr, Code: "ECONNREFUSED", Errno: -111, Syscall: "connect", Address: ah, Port: apn, cause: err}
	}
	if errors.Is(err, syscall.ECONNRESET) {
		return &nodeError{Message: "read ECONNRESET", Code: "ECONNRESET", Errno: -104, Syscall: "read", cause: err}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &nodeError{Message: "socket hang up", Code: "ECONNRESET", cause: err}
	}
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		return &nodeError{Message: "Hostname/IP does not match certificate's altnames: " + hostErr.Error(), Code: "ERR_TLS_CERT_ALTNAME_INVALID", cause: err}
	}
	var uaErr x509.UnknownAuthorityError
	if errors.As(err, &uaErr) {
		return &nodeError{Message: "unable to verify the first certificate", Code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", cause: err}
	}
	var invErr x509.CertificateInvalidError
	if errors.As(err, &invErr) && invErr.Reason == x509.Expired {
		return &nodeError{Message: "certificate has expired", Code: "CERT_HAS_EXPIRED", cause: err}
	}
	msg := err.Error()
	var uerr *url.Error
	if errors.As(err, &uerr) {
		msg = uerr.Err.Error()
	}
	return &nodeError{Message: msg, cause: err}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// discardOnce lists the headers whose duplicates Node drops (first wins).
var discardOnce = map[string]bool{
	"age": true, "authorization": true, "content-length": true, "content-type": true, "etag": true,
	"expires": true, "from": true, "host": true, "if-modified-since": true, "if-unmodified-since": true,
	"last-modified": true, "location": true, "max-forwards": true, "proxy-authorization": true,
	"referer": true, "retry-after": true, "server": true, "user-agent": true,
}

// nodeHeaders converts h the way Node's IncomingMessage.headers does: keys
// lower-cased, set-cookie an array, cookie joined with "; ", the headers in
// discardOnce keeping their first value, the rest joined with ", ". Keys are
// sorted (Go does not keep arrival order).
func nodeHeaders(rt *goja.Runtime, h http.Header) (*goja.Object, *goja.Object) {
	headers := rt.NewObject()
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var raw []any
	for _, k := range keys {
		vs := h[k]
		lk := strings.ToLower(k)
		for _, v := range vs {
			raw = append(raw, k, v)
		}
		if len(vs) == 0 {
			continue
		}
		switch {
		case lk == "set-cookie":
			arr := make([]any, len(vs))
			for i, v := range vs {
				arr[i] = v
			}
			_ = headers.Set(lk, rt.NewArray(arr...))
		case lk == "cookie":
			_ = headers.Set(lk, strings.Join(vs, "; "))
		case discardOnce[lk]:
			_ = headers.Set(lk, vs[0])
		default:
			_ = headers.Set(lk, strings.Join(vs, ", "))
		}
	}
	return headers, rt.NewArray(raw...)
}

// newJSError makes a plain JavaScript Error (not goja's GoError) with msg,
// using the Error constructor the sandbox started with even if the script
// replaced the global.
func newJSError(rt *goja.Runtime, msg string) *goja.Object {
	var ctorV goja.Value
	if c, ok := rt.GlobalObject().GetSymbol(errorCtorSym).(*goja.Object); ok {
		ctorV = c
	} else {
		ctorV = rt.Get("Error")
	}
	if ctor, ok := goja.AssertConstructor(ctorV); ok {
		if o, err := ctor(nil, rt.ToValue(msg)); err == nil {
			return o
		}
	}
	return rt.NewGoError(errors.New(msg))
}

// errorCtorSym keys the original Error constructor on the global object.
var errorCtorSym = goja.NewSymbol("socialconn.Error")

// lazyHeaders is IncomingMessage.headers as a dynamic object: the Node form
// of the response's http.Header (nodeHeaders' keys and values) is built on
// the first access of any kind, and from then on the object behaves like a
// plain object (own, enumerable, writable properties in insertion order).
// Most scripts never look at the headers.
type lazyHeaders struct {
	rt    *goja.Runtime
	h     http.Header
	built bool
	own   ownProps
}

func (l *lazyHeaders) build() {
	if l.built {
		return
	}
	l.built = true
	keys := make([]string, 0, len(l.h))
	for k, vs := range l.h {
		if len(vs) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	// The sorted names are the backing array of the order: set appends
	// at most one name per name read.
	l.own = ownProps{vals: make(map[string]goja.Value, len(keys)), keys: keys[:0]}
	for _, k := range keys {
		vs := l.h[k]
		lk := strings.ToLower(k)
		var v goja.Value
		switch {
		case lk == "set-cookie":
			arr := make([]any, len(vs))
			for i, s := range vs {
				arr[i] = s
			}
			v = l.rt.NewArray(arr...)
		case lk == "cookie":
			v = l.rt.ToValue(strings.Join(vs, "; "))
		case discardOnce[lk]:
			v = l.rt.ToValue(vs[0])
		default:
			v = l.rt.ToValue(strings.Join(vs, ", "))
		}
		l.own.set(lk, v)
	}
	l.h = nil
}

func (l *lazyHeaders) Get(key string) goja.Value {
	l.build()
	v, _ := l.own.get(key)
	return v
}

func (l *lazyHeaders) Set(key string, v goja.Value) bool {
	l.build()
	l.own.set(key, v)
	return true
}

func (l *lazyHeaders) Has(key string) bool {
	l.build()
	return l.own.has(key)
}

func (l *lazyHeaders) Delete(key string) bool {
	l.build()
	l.own.delete(key)
	return true
}

func (l *lazyHeaders) Keys() []string {
	l.build()
	return l.own.list()
}

// nodeRawHeaders is IncomingMessage.rawHeaders for h: name, value, name,
// value..., names sorted as nodeHeaders sorts them.
func nodeRawHeaders(rt *goja.Runtime, h http.Header) *goja.Object {
	keys := make([]string, 0, len(h))
	n := 0
	for k, vs := range h {
		keys = append(keys, k)
		n += 2 * len(vs)
	}
	sort.Strings(keys)
	raw := make([]any, 0, n)
	for _, k := range keys {
		for _, v := range h[k] {
			raw = append(raw, k, v)
		}
	}
	return rt.NewArray(raw...)
}
