package connection

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/oauth2"
)

// AuthRequest is the per-login input of AuthorizeURL.
type AuthRequest struct {
	// RedirectURI is the exact callback URL registered at the provider
	// (required; an absolute http or https URL without fragment). It is never
	// derived from request headers.
	RedirectURI string
	// State is the one-time value bound to the browser (required); see
	// NewState.
	State string
	// CodeVerifier is the PKCE verifier (see NewCodeVerifier). It is required
	// when Options.PKCEEnabled; whenever it is non-empty an S256 challenge is
	// sent, so a flow may use PKCE with any connection. It must be 43 to 128
	// characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).
	CodeVerifier string
	// Nonce is sent as the nonce parameter when non-empty (see NewNonce). The
	// login flow sends one whenever the scope requests openid: a hardening,
	// since Auth0 sends none.
	Nonce string
	// LoginParams are the parameters of the login request (the application's
	// /authorize request). They are read only through the connection's
	// authParamsMap, upstream_params aliases and connection_scope; nothing
	// else is forwarded. When a parameter repeats, its first value is used.
	LoginParams url.Values
}

// MaxLoginParamLength bounds a login request value copied to the provider
// (through authParamsMap or an upstream_params alias) and connection_scope, in
// bytes; longer values make AuthorizeURL fail.
const MaxLoginParamLength = 8192

// protocolParams are the parameters AuthorizeURL alone sets. No configured
// source (authorizationURL's query, authParams, authParamsMap,
// upstream_params) may set them, in any letter case.
var protocolParams = []string{
	"response_type", "client_id", "redirect_uri", "state",
	"code_challenge", "code_challenge_method", "nonce", "response_mode",
}

func isProtocolParam(name string) bool {
	l := strings.ToLower(name)
	for _, p := range protocolParams {
		if l == p {
			return true
		}
	}
	return false
}

// reservedLoginParams are login request parameters that authParamsMap may not
// copy to the provider: they belong to the application's own request to this
// service (its client, redirect, state, nonce, scope, PKCE, audience,
// organization...), and forwarding them would leak them to the provider or let
// the application steer the protocol.
var reservedLoginParams = map[string]bool{
	"client_id": true, "client_secret": true, "redirect_uri": true,
	"response_type": true, "response_mode": true, "state": true, "nonce": true,
	"scope": true, "audience": true, "connection": true, "connection_scope": true,
	"code": true, "code_challenge": true, "code_challenge_method": true,
	"code_verifier": true, "organization": true, "invitation": true,
	"request": true, "request_uri": true, "auth0Client": true,
}

// upstreamAliases are the login request parameters an upstream_params alias
// may name (Auth0's enum). client_id, response_type and response_mode mean
// the application's values, sent under another provider parameter name.
var upstreamAliases = map[string]bool{
	"acr_values": true, "audience": true, "client_id": true, "display": true,
	"id_token_hint": true, "login_hint": true, "max_age": true, "prompt": true,
	"resource": true, "response_mode": true, "response_type": true, "ui_locales": true,
}

// String returns the configured scope as sent to the provider when the login
// request has no connection_scope: a string scope verbatim (whatever its
// separators), an array joined with single spaces.
func (s Scope) String() string { return strings.Join(s.Values, " ") }

// Tokens splits the configured scope into individual scopes, on whitespace
// and commas (providers such as Slack and GitHub are configured with commas),
// dropping empty ones.
func (s Scope) Tokens() []string {
	var out []string
	for _, v := range s.Values {
		out = append(out, splitScope(v)...)
	}
	return out
}

func splitScope(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	})
}

// RequestsOpenID reports whether the configured scope contains openid. It
// does not see scopes a login request adds through connection_scope; check
// the ProviderScope of that request for those.
func (c *Connection) RequestsOpenID() bool {
	return containsScope(c.Options.Scope.Tokens(), "openid")
}

func containsScope(tokens []string, s string) bool {
	for _, t := range tokens {
		if t == s {
			return true
		}
	}
	return false
}

// ProviderScope returns the scope parameter sent to the provider for a login
// request with parameters login (empty means no scope parameter):
//
//   - without connection_scope (absent or blank), the configured scope
//     byte-for-byte (see Scope.String);
//   - otherwise the configured scopes followed by the comma-separated
//     connection_scope ones, split as Scope.Tokens does, duplicates dropped
//     (first occurrence kept), joined with a comma, or with a space when
//     useOauthSpecScope is true.
func (c *Connection) ProviderScope(login url.Values) string {
	extra := splitScope(login.Get("connection_scope"))
	if len(extra) == 0 {
		return c.Options.Scope.String()
	}
	seen := map[string]bool{}
	var tokens []string
	for _, t := range append(c.Options.Scope.Tokens(), extra...) {
		if !seen[t] {
			seen[t] = true
			tokens = append(tokens, t)
		}
	}
	sep := ","
	if c.Options.UseOauthSpecScope {
		sep = " "
	}
	return strings.Join(tokens, sep)
}

// AuthorizeURL returns the provider URL to redirect the browser to.
//
// It starts from options.authorizationURL, keeping its query, and applies
// these layers, each replacing same-named parameters of the ones before:
//
//  1. the authorizationURL's own query;
//  2. options.authParams (static values);
//  3. options.authParamsMap: for each provider name → login parameter name,
//     the login request's value when non-empty (reserved login parameters,
//     such as state, nonce, scope, redirect_uri or client_id, are never
//     copied);
//  4. options.upstream_params: a {"value"} entry's static value, or an
//     {"alias"} entry's login request value when non-empty (aliases outside
//     Auth0's enum, and entries with both or neither, are skipped);
//  5. the protocol parameters, which only this method sets: response_type=code,
//     client_id, redirect_uri, state, code_challenge and
//     code_challenge_method=S256 (when r.CodeVerifier is set), nonce (when
//     r.Nonce is set). response_mode is never sent.
//
// Any parameter of layers 1–4 named like a protocol parameter, in any letter
// case, is dropped, so neither configuration nor the login request can set or
// override them. scope is ProviderScope(r.LoginParams) when non-empty; when it
// is empty, a scope from layers 1–4 is kept (as passport-oauth2 does). The
// query is re-encoded in standard form encoding, sorted by name.
//
// AuthorizeURL requires State, RedirectURI, options.client_id and a parsable
// absolute authorizationURL (https, or http on a loopback host); it does not
// run Validate, so call Load or Validate first to catch the other
// configuration errors.
func (c *Connection) AuthorizeURL(r AuthRequest) (string, error) {
	o := &c.Options
	if r.State == "" {
		return "", errors.New("connection: authorize: state is required")
	}
	if r.RedirectURI == "" {
		return "", errors.New("connection: authorize: redirect URI is required")
	}
	if reason := checkRedirectURI(r.RedirectURI); reason != "" {
		return "", errors.New("connection: authorize: redirect URI " + reason)
	}
	if o.ClientID == "" {
		return "", errors.New("connection: authorize: options.client_id: required")
	}
	if o.PKCEEnabled && r.CodeVerifier == "" {
		return "", errors.New("connection: authorize: a PKCE code verifier is required (options.pkce_enabled is true)")
	}
	if r.CodeVerifier != "" && !validVerifier(r.CodeVerifier) {
		return "", errors.New("connection: authorize: the PKCE code verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
	}
	if reason := checkURLReason(o.AuthorizationURL, true); reason != "" {
		return "", errors.New("connection: authorize: options.authorizationURL: " + reason)
	}
	u, err := url.Parse(o.AuthorizationURL)
	if err != nil { // checkURLReason parsed it already; kept for safety.
		return "", errors.New("connection: authorize: options.authorizationURL: must be an absolute URL")
	}
	params, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", errors.New("connection: authorize: options.authorizationURL: its query is not valid URL encoding")
	}
	set := func(k, v string) { params[k] = []string{v} }

	for _, k := range sortedKeys(o.AuthParams) {
		set(k, o.AuthParams[k])
	}
	for _, k := range sortedKeys(o.AuthParamsMap) {
		src := o.AuthParamsMap[k]
		if reservedLoginParams[src] {
			continue
		}
		v, err := loginValue(r.LoginParams, src)
		if err != nil {
			return "", err
		}
		if v != "" {
			set(k, v)
		}
	}
	for _, k := range sortedKeys(o.UpstreamParams) {
		p := o.UpstreamParams[k]
		switch hasV, hasA := p.has(0), p.has(1); {
		case hasV && !hasA:
			set(k, p.Value)
		case hasA && !hasV && upstreamAliases[p.Alias]:
			v, err := loginValue(r.LoginParams, p.Alias)
			if err != nil {
				return "", err
			}
			if v != "" {
				set(k, v)
			}
		}
	}
	for k := range params {
		if isProtocolParam(k) {
			delete(params, k)
		}
	}
	if len(r.LoginParams.Get("connection_scope")) > MaxLoginParamLength {
		return "", fmt.Errorf("connection: authorize: login parameter connection_scope is longer than %d bytes", MaxLoginParamLength)
	}
	if s := c.ProviderScope(r.LoginParams); s != "" {
		set("scope", s)
	}
	set("response_type", "code")
	set("redirect_uri", r.RedirectURI)
	set("state", r.State)
	if r.CodeVerifier != "" {
		set("code_challenge", oauth2.S256ChallengeFromVerifier(r.CodeVerifier))
		set("code_challenge_method", "S256")
	}
	if r.Nonce != "" {
		set("nonce", r.Nonce)
	}
	set("client_id", o.ClientID)
	u.RawQuery = params.Encode()
	u.ForceQuery = false
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

func loginValue(login url.Values, name string) (string, error) {
	v := login.Get(name)
	if len(v) > MaxLoginParamLength {
		return "", fmt.Errorf("connection: authorize: login parameter %s is longer than %d bytes", joinPath("", name), MaxLoginParamLength)
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validVerifier checks RFC 7636 §4.1: 43–128 unreserved characters.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if !(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_' || b == '~') {
			return false
		}
	}
	return true
}

// checkRedirectURI returns why s is not usable as a redirect URI, or "".
func checkRedirectURI(s string) string {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "must be an absolute URL"
	}
	if sc := strings.ToLower(u.Scheme); sc != "https" && sc != "http" {
		return "must be an http or https URL"
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return "must not have a fragment"
	}
	return ""
}
