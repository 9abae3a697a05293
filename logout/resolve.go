package logout

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// ScriptFunc runs a connection's getLogoutUrl script with the logout request's
// query and returns the URL the script passed to its callback. Package
// connection adapts the script engine to it; a test can pass a plain func.
//
// query holds the logout request's parameters; Auth0 sources disagree on
// whether scripts read them as getLogoutUrl(query, cb) or as params.query, so
// the adapter should offer both shapes to the script.
//
// Contract: the func must honour ctx (Resolve gives it a deadline) and must
// return an error, never a placeholder URL, when the script failed or called
// back with something that is not a string. query is a copy the func may keep
// or modify.
type ScriptFunc func(ctx context.Context, query map[string][]string) (string, error)

// DefaultScriptTimeout is the getLogoutUrl deadline when Config.ScriptTimeout
// is zero: the ~20 s Auth0 gives a webtask execution.
const DefaultScriptTimeout = 20 * time.Second

// scriptGrace is how long Resolve waits, once the script's deadline has
// passed, for the ScriptFunc to report how it stopped.
const scriptGrace = 50 * time.Millisecond

// Config is how one connection performs federated logout. At most one of
// LogoutURL, Script and EndSession is used, in that order of precedence; see
// Resolve.
type Config struct {
	// LogoutURL is options.logoutUrl: a fixed provider logout URL, used
	// verbatim. When set, Script and EndSession are ignored (as Auth0 ignores
	// getLogoutUrl when logoutUrl is set).
	LogoutURL string
	// Script runs options.scripts.getLogoutUrl; used only when LogoutURL is
	// empty.
	Script ScriptFunc
	// EndSession is the provider's RP-initiated logout endpoint; used only
	// when LogoutURL and Script are both unset, so a connection configured
	// for Auth0 behaves exactly as it does there. (This is a socialconn
	// extension: Auth0's oauth2 connections have no such option.)
	EndSession *EndSession
	// ClientID is the connection's client id at the provider
	// (options.client_id), sent as client_id on RP-initiated logout. It is
	// NOT the client_id of the logout request's query, which names the
	// application, not the connection.
	ClientID string
	// PostLogoutRedirectURI, when set, is sent as post_logout_redirect_uri on
	// RP-initiated logout instead of the validated returnTo: for a deployment
	// that registers one fixed landing URL at the provider and forwards to
	// Result.ReturnTo itself. It is configuration and is not checked against
	// AllowList.
	PostLogoutRedirectURI string
	// AllowList holds the allowed returnTo URLs; nil allows none, so any
	// logout request with a returnTo fails.
	AllowList *AllowList
	// ScriptTimeout bounds Script; zero or negative means
	// DefaultScriptTimeout.
	ScriptTimeout time.Duration
}

// Request is one logout request.
type Request struct {
	// Query is the logout request's query (returnTo, client_id, federated,
	// and whatever else the application sent). Resolve does not modify it.
	Query url.Values
	// IDTokenHint is the ID token the provider issued for the session being
	// ended, sent as id_token_hint on RP-initiated logout. It is a token: it
	// never appears in an error.
	IDTokenHint string
	// State is sent as state on RP-initiated logout; the provider echoes it
	// to the post-logout redirect.
	State string
}

// Kind says which federated-logout method a Result comes from.
type Kind int

// Kinds of Result.
const (
	// KindNone: no provider logout; the request was not federated or the
	// connection has no logout method. This is not an error.
	KindNone Kind = iota
	// KindFixed: options.logoutUrl.
	KindFixed
	// KindScript: the URL returned by getLogoutUrl.
	KindScript
	// KindEndSession: the provider's RP-initiated logout endpoint.
	KindEndSession
)

// String returns "none", "fixed", "script" or "end_session".
func (k Kind) String() string {
	switch k {
	case KindNone:
		return "none"
	case KindFixed:
		return "fixed"
	case KindScript:
		return "script"
	case KindEndSession:
		return "end_session"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Result is what Resolve decided.
type Result struct {
	// Kind is the method used, or attempted when Resolve also returns an
	// error.
	Kind Kind
	// URL is where to send the browser to log out at the provider; empty for
	// KindNone and whenever Resolve returns an error. For KindEndSession it
	// carries the id_token_hint: do not log it.
	URL string
	// ReturnTo is the validated returnTo (re-serialised from its parsed
	// form), or empty when the request had none. It is set even when Resolve
	// returns an error after validating it.
	ReturnTo string
}

// Resolve decides how to log the user out at the provider. It:
//
//  1. Validates returnTo (and post_logout_redirect_uri, which the OIDC logout
//     endpoint uses for the same purpose) against cfg.AllowList, before
//     anything else sees it. A value that is not allowed, a nil AllowList
//     with a returnTo present, or two different values fail with
//     ErrReturnToNotAllowed and a zero Result; the script does not run.
//     Hardening: Auth0 documents that it does not validate returnTo on the
//     federated path; Resolve validates it on every path. An absent or
//     empty returnTo is fine (Result.ReturnTo stays empty): choosing a
//     default, such as Auth0's "first allowed URL of the application", is the
//     caller's job.
//  2. Returns KindNone unless the query has federated (present with any
//     value, even empty or "false", as Auth0 treats it).
//  3. Uses, in order: cfg.LogoutURL verbatim (nothing appended: Auth0
//     compat; it must pass ValidateLogoutURL); else cfg.Script, whose result
//     must pass ValidateLogoutURL; else cfg.EndSession, with id_token_hint,
//     post_logout_redirect_uri (the validated returnTo, or
//     cfg.PostLogoutRedirectURI), client_id (cfg.ClientID) and state;
//     else KindNone.
//
// The script receives a copy of the query in which returnTo (or
// post_logout_redirect_uri) is replaced by its validated form and
// id_token_hint is removed (hardening: the application's ID token is not the
// provider's and no script needs it). It runs under cfg.ScriptTimeout;
// Resolve returns at most 50 ms after that even if the ScriptFunc ignores its
// ctx (the func's goroutine then finishes on its own, its result discarded).
//
// Failure of the provider step is fail-open for the local part: a script
// error, panic or timeout (a *ScriptError), an unacceptable URL
// (ErrInvalidLogoutURL) or an unusable end-session configuration
// (ErrInvalidEndSession) is returned together with a Result whose Kind names
// the method tried, whose URL is empty and whose ReturnTo is the validated
// returnTo, so the caller can still end its own session and redirect there.
//
// Resolve does NOT end any session, set cookies, or verify IDTokenHint; it
// makes no network call itself (only the ScriptFunc may).
func Resolve(ctx context.Context, cfg Config, req Request) (Result, error) {
	res, err := resolve(ctx, cfg, req)
	return res, redact(err, req.IDTokenHint)
}

func resolve(ctx context.Context, cfg Config, req Request) (Result, error) {
	returnTo, err := CheckReturnTo(cfg.AllowList, req.Query)
	if err != nil {
		return Result{}, err
	}
	res := Result{ReturnTo: returnTo}
	if !req.Query.Has("federated") {
		return res, nil
	}
	switch {
	case cfg.LogoutURL != "":
		res.Kind = KindFixed
		if err := validateLogoutURL(cfg.LogoutURL); err != nil {
			return res, fmt.Errorf("logout: options.logoutUrl: %w", err)
		}
		res.URL = cfg.LogoutURL
	case cfg.Script != nil:
		res.Kind = KindScript
		u, err := runScript(ctx, cfg, scriptQuery(req.Query, returnTo))
		if err != nil {
			return res, err
		}
		if err := validateLogoutURL(u); err != nil {
			return res, fmt.Errorf("logout: getLogoutUrl result: %w", err)
		}
		res.URL = u
	case cfg.EndSession != nil:
		res.Kind = KindEndSession
		redirect := returnTo
		if cfg.PostLogoutRedirectURI != "" {
			redirect = cfg.PostLogoutRedirectURI
		}
		u, err := cfg.EndSession.URL(req.IDTokenHint, redirect, cfg.ClientID, req.State)
		if err != nil {
			return res, err
		}
		res.URL = u
	}
	return res, nil
}

// returnToKeys are the query parameters naming the post-logout redirect:
// Auth0's /v2/logout uses returnTo, its /oidc/logout post_logout_redirect_uri.
var returnToKeys = []string{"returnTo", "post_logout_redirect_uri"}

// CheckReturnTo validates the post-logout redirect of a logout request's
// query (returnTo, or post_logout_redirect_uri as /oidc/logout names it)
// against a, exactly as Resolve does first: it returns the validated form, or
// "" when the query names none, and an error wrapping ErrReturnToNotAllowed
// when a value is not allowed (a nil a allows none) or the query names two
// different ones. Callers that act before Resolve (ending their own session,
// say) use it so that a refused request changes nothing.
func CheckReturnTo(a *AllowList, q url.Values) (returnTo string, err error) {
	for _, k := range returnToKeys {
		for _, v := range q[k] {
			if v == "" {
				continue
			}
			canon, ok := a.match(v)
			if !ok {
				return "", fmt.Errorf("logout: %s: %w", k, ErrReturnToNotAllowed)
			}
			if returnTo != "" && canon != returnTo {
				return "", fmt.Errorf("logout: %s: %w: the request names more than one", k, ErrReturnToNotAllowed)
			}
			returnTo = canon
		}
	}
	return returnTo, nil
}

// scriptQuery copies q for the script: every redirect parameter the request
// carried replaced by the validated returnTo (or removed when empty),
// id_token_hint removed.
func scriptQuery(q url.Values, returnTo string) map[string][]string {
	out := make(map[string][]string, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	delete(out, "id_token_hint")
	for _, k := range returnToKeys {
		if _, ok := out[k]; !ok {
			continue
		}
		if returnTo == "" {
			delete(out, k)
		} else {
			out[k] = []string{returnTo}
		}
	}
	return out
}

// runScript runs cfg.Script under the script deadline, turning errors, panics
// and timeouts into *ScriptError.
func runScript(ctx context.Context, cfg Config, q map[string][]string) (string, error) {
	timeout := cfg.ScriptTimeout
	if timeout <= 0 {
		timeout = DefaultScriptTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	type outcome struct {
		url string
		err error
	}
	done := make(chan outcome, 1) // buffered: a late script never blocks
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{err: fmt.Errorf("panic: %v", r)}
			}
		}()
		u, err := cfg.Script(ctx, q)
		done <- outcome{url: u, err: err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		// Give an engine that honours ctx a moment to report how it stopped.
		grace := time.NewTimer(scriptGrace)
		defer grace.Stop()
		select {
		case o = <-done:
		case <-grace.C:
			return "", &ScriptError{Err: ctx.Err()}
		}
	}
	if cerr := ctx.Err(); cerr != nil {
		// Past the deadline even a URL counts as a timeout.
		if o.err == nil {
			o.err = cerr
		} else if !errors.Is(o.err, cerr) {
			// The engine reported the interruption in its own words: keep
			// them, and make the timeout detectable.
			o.err = fmt.Errorf("%w: %w", cerr, o.err)
		}
	}
	if o.err != nil {
		return "", &ScriptError{Err: o.err}
	}
	return o.url, nil
}
