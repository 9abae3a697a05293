package connection

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// FieldError is one problem found by Validate: the JSON path of the field
// ("options.tokenURL", `options.authParams["x y"]`) and why it is wrong. The
// reason never repeats the field's value, so secrets cannot leak through it.
type FieldError struct {
	// Path is the JSON path of the field, from the connection object.
	Path string
	// Reason says what is wrong and what is expected.
	Reason string
}

// Error formats the problem as "connection: <path>: <reason>".
func (e FieldError) Error() string { return "connection: " + e.Path + ": " + e.Reason }

// ValidationError lists every problem Validate found, in a stable order.
// errors.As finds it, and (through Unwrap) each FieldError.
type ValidationError struct {
	Errors []FieldError
}

// Error lists the problems one per line, each as
// "connection: <path>: <reason>".
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the individual FieldErrors.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

// Size limits of Auth0's Management API schema, enforced by Validate.
const (
	maxName              = 128
	maxDisplayName       = 128
	maxRealms            = 10
	maxMetadataKeys      = 10
	maxMetadataValue     = 255
	maxAuthorizationURL  = 2083
	maxEndpointURL       = 255
	maxClientID          = 128
	maxClientSecret      = 1024
	maxScopeString       = 4096
	maxScopeItems        = 20
	maxScopeItem         = 189
	maxScript            = 51200
	maxAuthParams        = 30
	maxAuthParamValue    = 256
	maxAuthParamsMap     = 21
	maxAuthParamsMapName = 128
	maxCustomHeaders     = 30
	maxHeaderValue       = 1024
	maxNonPersistent     = 96
	maxNonPersistentItem = 255
	maxFieldsMap         = 100
	maxFieldsMapValue    = 128
	minURL               = 8
)

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$`)

// rootAttributePolicies are the values of options.set_user_root_attributes.
var rootAttributePolicies = []string{"on_each_login", "on_first_login", "never_on_login"}

// forbiddenHeaders may not appear in options.customHeaders: the HTTP client
// sets them itself (Content-Type is always form encoding) or they are
// hop-by-hop headers with no meaning on a single token request.
var forbiddenHeaders = map[string]bool{
	"host": true, "content-length": true, "transfer-encoding": true, "content-type": true,
	"connection": true, "keep-alive": true, "proxy-connection": true, "te": true,
	"trailer": true, "upgrade": true,
}

// Validate checks the connection against Auth0's Management API schema and
// this package's hardening rules, and reports every problem at once as a
// *ValidationError (nil when there is none):
//
//   - name: 1–128 letters and digits with single inner dashes; strategy:
//     "oauth2"; display_name ≤128; realms ≤10; metadata ≤10 keys, values
//     ≤255; authentication and connected_accounts shaped {"active": bool}.
//   - options.authorizationURL, tokenURL, client_id are required.
//     authorizationURL, tokenURL, logoutUrl, icon_url and issuer must be
//     absolute https URLs (plain http only for localhost, 127.0.0.0/8 and
//     [::1], for development), without user credentials; authorizationURL,
//     tokenURL and issuer have no fragment, issuer no query; authorizationURL
//     ≤2083 characters, the others ≤255.
//   - response_mode may not appear in authorizationURL's query (only the
//     default query response mode is supported).
//   - scope: a string ≤4096 characters or an array of ≤20 items of ≤189.
//   - scripts: only fetchUserProfile and getLogoutUrl, each ≤51,200
//     characters.
//   - authParams (≤30, values 1–256), authParamsMap (≤21, values 1–128),
//     upstream_params: no key may name a protocol parameter (response_type,
//     client_id, redirect_uri, state, code_challenge, code_challenge_method,
//     nonce, response_mode), in any case. authParamsMap values name a login
//     request parameter other than the reserved client_id, client_secret,
//     redirect_uri, response_type, response_mode, state, nonce, scope,
//     audience, connection, connection_scope, code, code_challenge,
//     code_challenge_method, code_verifier, organization, invitation,
//     request, request_uri and auth0Client. Each upstream_params entry is
//     exactly {"value": "..."} or {"alias": one of acr_values, audience,
//     client_id, display, id_token_hint, login_hint, max_age, prompt,
//     resource, response_mode, response_type, ui_locales}.
//   - customHeaders (≤30): names are HTTP tokens, unique ignoring case, not
//     Host, Content-Length, Transfer-Encoding, Content-Type or a hop-by-hop
//     header; values 1–1024 characters without control characters (CR, LF...).
//   - set_user_root_attributes: on_each_login, on_first_login or
//     never_on_login; non_persistent_attrs ≤96 items of ≤255; fieldsMap ≤100,
//     values 1–128.
//
// Lengths count characters (Unicode code points). Validate does not resolve
// or contact any URL, compile scripts, or check that client credentials work.
// Unknown top-level and options keys are allowed and ignored (Auth0 keeps
// unknown options keys, and newer Management API responses carry new
// top-level keys).
func (c *Connection) Validate() error {
	v := &validator{}
	v.connection(c)
	if len(v.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: v.errs}
}

type validator struct{ errs []FieldError }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Reason: fmt.Sprintf(format, args...)})
}

func chars(s string) int { return utf8.RuneCountInString(s) }

func (v *validator) maxLen(path, s string, limit int) {
	if n := chars(s); n > limit {
		v.add(path, "must be at most %d characters (has %d)", limit, n)
	}
}

func (v *validator) connection(c *Connection) {
	switch {
	case c.Name == "":
		v.add("name", "required")
	case chars(c.Name) > maxName:
		v.maxLen("name", c.Name, maxName)
	case !namePattern.MatchString(c.Name):
		v.add("name", "must be letters and digits with single dashes between them (no leading, trailing or double dash, no spaces, dots or underscores)")
	}
	v.maxLen("display_name", c.DisplayName, maxDisplayName)
	if c.Strategy != "oauth2" {
		if c.Strategy == "" {
			v.add("strategy", `required: must be "oauth2"`)
		} else {
			v.add("strategy", `must be "oauth2" (this package runs custom social connections only)`)
		}
	}
	if n := len(c.Realms); n > maxRealms {
		v.add("realms", "must have at most %d items (has %d)", maxRealms, n)
	}
	for i, r := range c.Realms {
		if r == "" {
			v.add(fmt.Sprintf("realms[%d]", i), "must not be empty")
		}
	}
	if n := len(c.Metadata); n > maxMetadataKeys {
		v.add("metadata", "must have at most %d keys (has %d)", maxMetadataKeys, n)
	}
	for _, k := range sortedKeys(c.Metadata) {
		if s := c.Metadata[k]; s != nil {
			v.maxLen(joinPath("metadata", k), *s, maxMetadataValue)
		}
	}
	v.purpose(c.Extra, "authentication", false)
	v.purpose(c.Extra, "connected_accounts", true)
	v.options(&c.Options)
}

// purpose checks authentication / connected_accounts, which are kept in
// Extra.
func (v *validator) purpose(extra map[string]json.RawMessage, key string, crossApp bool) {
	raw, ok := extra[key]
	if !ok {
		return
	}
	m, err := decodeObject(key, raw)
	if err != nil {
		v.add(key, `must be an object like {"active": true}`)
		return
	}
	for _, k := range sortedKeys(m) {
		p := joinPath(key, k)
		switch {
		case k == "active" || (crossApp && k == "cross_app_access"):
			if jsonKind(m[k]) != "a boolean" {
				v.add(p, "must be a boolean")
			}
		default:
			v.add(p, "unknown key")
		}
	}
	if _, ok := m["active"]; !ok {
		v.add(joinPath(key, "active"), "required")
	}
}

func (v *validator) options(o *Options) {
	v.url("options.authorizationURL", o.AuthorizationURL, maxAuthorizationURL, true, true, false)
	if u, err := url.Parse(o.AuthorizationURL); err == nil && o.AuthorizationURL != "" {
		if q, err := url.ParseQuery(u.RawQuery); err != nil {
			v.add("options.authorizationURL", "its query is not valid URL encoding")
		} else if _, ok := q["response_mode"]; ok {
			v.add("options.authorizationURL", "must not carry response_mode in its query: only the default query response mode is supported")
		}
	}
	v.url("options.tokenURL", o.TokenURL, maxEndpointURL, true, true, false)
	switch {
	case o.ClientID == "":
		v.add("options.client_id", "required")
	default:
		v.maxLen("options.client_id", o.ClientID, maxClientID)
	}
	v.maxLen("options.client_secret", o.ClientSecret, maxClientSecret)
	v.url("options.logoutUrl", o.LogoutURL, maxEndpointURL, false, false, false)
	v.url("options.icon_url", o.IconURL, maxEndpointURL, false, false, false)
	v.url("options.issuer", o.Issuer, maxAuthorizationURL, false, true, true)
	v.hintCase(o)

	// scope
	if o.Scope.IsArray {
		if n := len(o.Scope.Values); n > maxScopeItems {
			v.add("options.scope", "must have at most %d items (has %d)", maxScopeItems, n)
		}
		for i, s := range o.Scope.Values {
			v.maxLen(fmt.Sprintf("options.scope[%d]", i), s, maxScopeItem)
		}
	} else {
		v.maxLen("options.scope", o.Scope.String(), maxScopeString)
	}

	// scripts
	v.maxLen("options.scripts.fetchUserProfile", o.Scripts.FetchUserProfile, maxScript)
	v.maxLen("options.scripts.getLogoutUrl", o.Scripts.GetLogoutURL, maxScript)
	for _, k := range o.Scripts.UnknownKeys() {
		v.add(joinPath("options.scripts", k), "unknown script: only fetchUserProfile and getLogoutUrl are supported")
	}

	// authParams
	v.count("options.authParams", len(o.AuthParams), maxAuthParams)
	for _, k := range sortedKeys(o.AuthParams) {
		p := joinPath("options.authParams", k)
		v.paramName(p, k)
		v.valueLen(p, o.AuthParams[k], maxAuthParamValue)
	}

	// authParamsMap
	v.count("options.authParamsMap", len(o.AuthParamsMap), maxAuthParamsMap)
	for _, k := range sortedKeys(o.AuthParamsMap) {
		p := joinPath("options.authParamsMap", k)
		v.paramName(p, k)
		src := o.AuthParamsMap[k]
		v.valueLen(p, src, maxAuthParamsMapName)
		if reservedLoginParams[src] {
			v.add(p, "must not copy a reserved login parameter (client_id, redirect_uri, response_type, response_mode, state, nonce, scope, audience, connection, connection_scope, code*, organization, invitation, request*, auth0Client)")
		} else if strings.ContainsFunc(src, isControl) {
			v.add(p, "must name a login parameter (no control characters)")
		}
	}

	// upstream_params
	for _, k := range sortedKeys(o.UpstreamParams) {
		p := joinPath("options.upstream_params", k)
		v.paramName(p, k)
		up := o.UpstreamParams[k]
		for _, uk := range sortedKeys(decodeUnknown(up.unknown)) {
			v.add(joinPath(p, uk), `unknown key: an entry is {"value": "..."} or {"alias": "..."}`)
		}
		hasV, hasA := up.has(0), up.has(1)
		switch {
		case hasV && hasA:
			v.add(p, `must have exactly one of "value" and "alias", not both`)
		case !hasV && !hasA:
			v.add(p, `must have exactly one of "value" (a string) and "alias"`)
		case hasA && !upstreamAliases[up.Alias]:
			v.add(p+".alias", "must be one of %s", strings.Join(sortedKeys(upstreamAliases), ", "))
		}
	}

	// customHeaders
	v.count("options.customHeaders", len(o.CustomHeaders), maxCustomHeaders)
	seen := map[string]string{}
	for _, k := range sortedKeys(o.CustomHeaders) {
		p := joinPath("options.customHeaders", k)
		lk := strings.ToLower(k)
		switch {
		case !isToken(k):
			v.add(p, "header name must be an HTTP token (letters, digits and !#$%%&'*+-.^_`|~)")
		case forbiddenHeaders[lk]:
			v.add(p, "header is set by the HTTP client and cannot be configured")
		case seen[lk] != "":
			v.add(p, "duplicates header %s (header names ignore case)", joinPath("", seen[lk]))
		}
		if seen[lk] == "" {
			seen[lk] = k
		}
		val := o.CustomHeaders[k]
		switch {
		case val == "":
			v.add(p, "value must not be empty")
		case strings.ContainsAny(val, "\r\n"):
			v.add(p, "value must not contain CR or LF")
		case strings.ContainsFunc(val, func(r rune) bool { return r != '\t' && isControl(r) }):
			v.add(p, "value must not contain control characters")
		default:
			v.maxLen(p, val, maxHeaderValue)
		}
	}

	// root attributes, deny-list, fieldsMap
	if s := o.SetUserRootAttributes; s != "" && !slices.Contains(rootAttributePolicies, s) {
		v.add("options.set_user_root_attributes", "must be one of %s", strings.Join(rootAttributePolicies, ", "))
	}
	if n := len(o.NonPersistentAttrs); n > maxNonPersistent {
		v.add("options.non_persistent_attrs", "must have at most %d items (has %d)", maxNonPersistent, n)
	}
	for i, a := range o.NonPersistentAttrs {
		v.maxLen(fmt.Sprintf("options.non_persistent_attrs[%d]", i), a, maxNonPersistentItem)
	}
	v.count("options.fieldsMap", len(o.FieldsMap), maxFieldsMap)
	for _, k := range sortedKeys(o.FieldsMap) {
		v.valueLen(joinPath("options.fieldsMap", k), o.FieldsMap[k], maxFieldsMapValue)
	}
}

// hintCase adds a hint when a required key is missing but an unknown key
// differs from it only in letter case (tokenUrl for tokenURL): keys are
// case-sensitive.
func (v *validator) hintCase(o *Options) {
	for i := range v.errs {
		fe := &v.errs[i]
		if fe.Reason != "required" || !strings.HasPrefix(fe.Path, "options.") {
			continue
		}
		want := strings.TrimPrefix(fe.Path, "options.")
		for _, k := range sortedKeys(o.Extra) {
			if strings.EqualFold(k, want) {
				fe.Reason += fmt.Sprintf(" (found %s: keys are case-sensitive)", joinPath("", k))
				break
			}
		}
	}
}

func (v *validator) count(path string, n, limit int) {
	if n > limit {
		v.add(path, "must have at most %d entries (has %d)", limit, n)
	}
}

func (v *validator) valueLen(path, s string, limit int) {
	if s == "" {
		v.add(path, "value must not be empty")
		return
	}
	v.maxLen(path, s, limit)
}

func (v *validator) paramName(path, k string) {
	switch {
	case k == "":
		v.add(path, "parameter name must not be empty")
	case isProtocolParam(k):
		v.add(path, "must not set the protocol parameter %s: the login flow sets it", strings.ToLower(k))
	case strings.ContainsFunc(k, isControl):
		v.add(path, "parameter name must not contain control characters")
	}
}

// url checks an endpoint URL; it never repeats the URL, which may carry
// secrets in its query.
func (v *validator) url(path, s string, maxLen int, required, noFragment, noQuery bool) {
	if s == "" {
		if required {
			v.add(path, "required")
		}
		return
	}
	if n := chars(s); n < minURL || n > maxLen {
		v.add(path, "must be %d to %d characters (has %d)", minURL, maxLen, n)
		return
	}
	if reason := checkURLReason(s, noFragment); reason != "" {
		v.add(path, "%s", reason)
		return
	}
	if noQuery && strings.Contains(s, "?") {
		v.add(path, "must not have a query")
	}
}

// checkURLReason returns why s is not an acceptable endpoint URL, or "".
func checkURLReason(s string, noFragment bool) string {
	if strings.ContainsFunc(s, isControl) || strings.ContainsAny(s, " ") {
		return "must be a URL without spaces or control characters"
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return "must be an absolute https URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if u.Host != "" && !isLoopback(u.Hostname()) {
			return "must use https (http is allowed only for loopback hosts)"
		}
	default:
		return "must use https (http is allowed only for loopback hosts)"
	}
	if u.Host == "" || u.Hostname() == "" {
		return "must have a host"
	}
	if u.User != nil {
		return "must not contain user credentials"
	}
	if noFragment && strings.Contains(s, "#") {
		return "must not have a fragment"
	}
	return ""
}

// isLoopback accepts localhost, 127.0.0.0/8 and ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(b)) {
			return false
		}
	}
	return true
}
