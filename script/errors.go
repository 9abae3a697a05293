package script

import (
	"errors"
	"fmt"
)

// ErrorKind classifies a script failure.
type ErrorKind int

const (
	// KindCompile: the source does not parse, or does not define a function
	// to call.
	KindCompile ErrorKind = iota + 1
	// KindCallback: the script called back with an error (callback(err)).
	KindCallback
	// KindThrown: an uncaught exception (synchronous, inside a request
	// callback, inside a timer) or an unhandled promise rejection.
	KindThrown
	// KindTimeout: the invocation's wall-clock limit passed (or the loop ran
	// out of work) before the script called back. errors.Is(err, ErrTimeout)
	// holds.
	KindTimeout
	// KindLimit: a resource limit was hit (stack depth, result or log size).
	// Request-count, redirect and response-size limits surface to the script
	// as request errors instead, which the script may handle.
	KindLimit
	// KindInvalidResult: the script called back with a value that cannot be
	// used (not JSON-serialisable, or not a string for getLogoutUrl).
	KindInvalidResult
	// KindCanceled: the caller's context was cancelled (not a deadline).
	// errors.Is(err, context.Canceled) holds.
	KindCanceled
)

// String names the kind ("compile", "callback", "timeout", ...).
func (k ErrorKind) String() string {
	switch k {
	case KindCompile:
		return "compile"
	case KindCallback:
		return "callback"
	case KindThrown:
		return "thrown"
	case KindTimeout:
		return "timeout"
	case KindLimit:
		return "limit"
	case KindInvalidResult:
		return "invalid result"
	case KindCanceled:
		return "canceled"
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// ErrTimeout is wrapped by every *Error of kind KindTimeout.
var ErrTimeout = errors.New("script: execution time limit exceeded")

// Error is a script failure. Use errors.As to get at it.
//
// Message is what Auth0 surfaces as error_description: for an Error object
// (thrown or passed to the callback) its message property without the
// "TypeError: " prefix (see Name), for a string the string itself. It comes
// from the script and may contain anything the script put there, including
// a provider's raw response body: sanitise and length-cap it before showing
// it to anybody.
type Error struct {
	Kind ErrorKind
	// Message is the Node-style message (see the type's doc).
	Message string
	// Name is the JavaScript error class ("Error", "TypeError") when the
	// failure was an Error object, else empty.
	Name string
	// Cause is the Error's cause chain (Error.cause, which Node's fetch
	// sets: "fetch failed" caused by "connect ECONNREFUSED ..."), each link
	// as "Name: message", outermost first, joined by ": "; empty when there
	// is none. It is for logs: Auth0 shows Message alone.
	Cause string
	// Logs holds the console output the script produced before failing.
	Logs []LogEntry

	entry string // "fetchUserProfile" or "getLogoutUrl"
	cause error
}

// Error formats the failure as "script: <entry>: <what happened>: <message>".
func (e *Error) Error() string {
	where := "script"
	if e.entry != "" {
		where += ": " + e.entry
	}
	msg := e.Message
	if e.Name != "" {
		msg = e.Name + ": " + msg
	}
	if e.Cause != "" {
		msg += " (cause: " + e.Cause + ")"
	}
	switch e.Kind {
	case KindCompile:
		return where + ": compile: " + msg
	case KindCallback:
		return where + ": called back with error: " + msg
	case KindThrown:
		return where + ": uncaught exception: " + msg
	case KindTimeout:
		return where + ": " + msg
	case KindLimit:
		return where + ": limit exceeded: " + msg
	case KindInvalidResult:
		return where + ": invalid result: " + msg
	case KindCanceled:
		return where + ": " + msg
	}
	return where + ": " + msg
}

// Unwrap returns the underlying cause (ErrTimeout for timeouts,
// context.Canceled for cancellations), if any.
func (e *Error) Unwrap() error { return e.cause }
