package script

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/dop251/goja"
)

// host is the per-invocation bridge that built-in modules use. The invocation
// core implements it; a module never touches the network, clock or loop in any
// other way. All methods must be called on the JavaScript goroutine (the one
// running the script), except where noted.
type host interface {
	// Runtime is the invocation's JavaScript runtime.
	Runtime() *goja.Runtime
	// Context is the invocation's context; it is cancelled at the deadline.
	Context() context.Context
	// Fetch performs one outbound HTTP request off the JavaScript goroutine,
	// enforcing the invocation's limits (request count, body size, redirects,
	// destination policy, deadline), then calls done on the JavaScript
	// goroutine. done receives either a response or an error made by
	// NodeError-compatible conversion (see newNodeError).
	Fetch(req *outboundRequest, done func(*inboundResponse, error))
	// Go runs work off the JavaScript goroutine and then calls done with its
	// result on the JavaScript goroutine (for CPU-heavy module work such as
	// RSA verification, or anything that blocks).
	Go(work func() (any, error), done func(any, error))
	// SetTimer schedules fn on the JavaScript goroutine after d; the returned
	// function cancels it.
	SetTimer(d time.Duration, repeat bool, fn func()) (cancel func())
	// Require loads another built-in module by name (for modules built on
	// others, such as axios on the HTTP client).
	Require(name string) (goja.Value, error)
	// MaxBytes is the engine's cap on a response body
	// (WithMaxResponseBytes), which also bounds what a module inflates.
	MaxBytes() int64
	// CheckDeadline ends the script, with the uncatchable interrupt, when
	// the invocation's deadline has passed or its caller cancelled it: for
	// long native work on the JavaScript goroutine.
	CheckDeadline()
}

// outboundRequest is one HTTP request a script asked for.
type outboundRequest struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Timeout is the script's own per-request timeout (request's `timeout`
	// option); zero means only the invocation deadline applies.
	Timeout time.Duration
	// FollowRedirects follows 3xx responses for GET/HEAD when true (request's
	// default), up to the engine's redirect limit.
	FollowRedirects bool
	// FollowAllRedirects also follows redirects for other methods.
	FollowAllRedirects bool
	// Gzip asks for and transparently decodes gzip/deflate bodies.
	Gzip bool
	// Time records the request's phases (request's `time` option) into
	// the response's Timing.
	Time bool
}

// inboundResponse is the answer to an outboundRequest, body fully read and
// bounded.
type inboundResponse struct {
	StatusCode int
	// StatusMessage is the reason phrase alone ("OK", "Not Found").
	StatusMessage string
	Header        http.Header
	Body          []byte
	// URL is the final URL after redirects.
	URL string
	// Redirected tells that URL is a redirect's target.
	Redirected bool
	// Timing is the request's phases when it asked for them (Time).
	Timing *fetchTiming
}

// moduleLoader builds a module's exports for one invocation. It runs on the
// JavaScript goroutine.
type moduleLoader func(h host) (goja.Value, error)

// builtinModules maps a module name (without an @version suffix) to its loader.
// Modules register themselves from init functions in this package.
var builtinModules = map[string]moduleLoader{}

// registerModule adds a built-in module; it panics on a duplicate name, which
// is a programming error caught by any test.
func registerModule(name string, l moduleLoader) {
	if _, dup := builtinModules[name]; dup {
		panic("script: module registered twice: " + name)
	}
	builtinModules[name] = l
}

// Modules returns the names of the modules a script may require, sorted.
func Modules() []string {
	names := make([]string, 0, len(builtinModules))
	for n := range builtinModules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
