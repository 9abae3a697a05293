package logout

import (
	"errors"
	"strings"
)

// Sentinel errors; every error this package returns that is about one of these
// conditions wraps the sentinel, so callers branch with errors.Is. Messages
// never contain tokens (id_token_hint), nor the rejected URL itself.
var (
	// ErrReturnToNotAllowed: the logout request's returnTo (or
	// post_logout_redirect_uri) is malformed or matches no allow-list entry,
	// or there is no allow-list.
	ErrReturnToNotAllowed = errors.New("not an allowed logout URL")
	// ErrInvalidLogoutURL: a provider logout URL (options.logoutUrl or a
	// getLogoutUrl result) is not an absolute http(s) URL with a host, or is
	// otherwise refused by ValidateLogoutURL.
	ErrInvalidLogoutURL = errors.New("invalid logout URL")
	// ErrInvalidAllowListEntry: NewAllowList was given an entry it cannot
	// match safely.
	ErrInvalidAllowListEntry = errors.New("invalid allowed logout URL")
	// ErrNoEndSession: the OpenID Provider's discovery document has no
	// end_session_endpoint, so it does not offer RP-initiated logout.
	ErrNoEndSession = errors.New("provider has no end_session_endpoint")
	// ErrInvalidEndSession: an end_session_endpoint (or issuer) is not an
	// https URL (http is accepted only for loopback hosts), or a parameter
	// for the end-session URL is unusable.
	ErrInvalidEndSession = errors.New("invalid end-session configuration")
)

// ScriptError reports that getLogoutUrl failed: the ScriptFunc returned an
// error, panicked, or did not finish before its deadline. Err is the cause;
// for a timeout it is (or wraps) context.DeadlineExceeded, so
// errors.Is(err, context.DeadlineExceeded) works through a *ScriptError.
//
// A script that returns a value which is not an acceptable URL is not a
// ScriptError: that error wraps ErrInvalidLogoutURL.
type ScriptError struct {
	Err error
}

// maxScriptMessage bounds the script's message inside ScriptError.Error.
const maxScriptMessage = 512

// Error returns "logout: getLogoutUrl: <message>", with the script's message
// stripped of control characters and cut to a bounded length: script messages
// often carry raw provider responses.
func (e *ScriptError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = sanitize(e.Err.Error(), maxScriptMessage)
	}
	return "logout: getLogoutUrl: " + msg
}

// Unwrap returns the cause.
func (e *ScriptError) Unwrap() error { return e.Err }

// sanitize replaces control characters with spaces and truncates s to at most
// max bytes (on a rune boundary), marking the cut with "...".
func sanitize(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// redactedError hides a secret that appears in an error's message while
// keeping the error chain for errors.Is / errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err unchanged unless its message contains secret, in which
// case the secret is replaced by "[redacted]". Short secrets are ignored (they
// would match ordinary words); tokens are long.
func redact(err error, secret string) error {
	if err == nil || len(secret) < 8 {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, secret) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(msg, secret, "[redacted]"), err: err}
}
