package connection

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/socialconn/socialconn/internal/safehttp"
)

// Token exchange and refresh (RFC 6749 §4.1.3, §6) against the connection's
// tokenURL, with the request and response rules of the Node.js runtime Auth0
// custom social connections are built on (passport-oauth2 over node-oauth):
//
//   - client_secret_post: client_id and client_secret travel in the form body.
//     An admin whose provider wants HTTP Basic adds an Authorization header in
//     options.customHeaders; the secret is then left out of the body.
//   - The response body is parsed as JSON and, when that fails, as
//     application/x-www-form-urlencoded, whatever its Content-Type says.
//   - Every response parameter is kept (TokenResponse.Raw) because the
//     fetchUserProfile script receives them as ctx.
//
// Hardening over that runtime, on purpose:
//   - only 2xx is success (node-oauth also accepts 301 and 302) and redirects
//     are never followed: a 307/308 would replay the code and the secret to
//     another host, and custom headers would follow any redirect;
//   - a 2xx response carrying an "error" parameter is an error;
//   - time (WithTokenTimeout) and response size (WithMaxTokenResponseBytes) are
//     bounded, and outbound connections go through the safehttp destination
//     policy by default;
//   - error values never contain the raw response body, and the provider's
//     error fields are stripped of control characters, length-capped and
//     scrubbed of the secret, the code, the verifier and any token.
//
// golang.org/x/oauth2 builds and sends the request. Its own reading of the
// response is not used: it chooses the parser from the Content-Type header
// (a JSON body sent as text/plain fails), truncates bodies at 1 MiB without
// saying so, fills in the old refresh token when the provider does not rotate
// it, and its RetrieveError message quotes the raw body. A RoundTripper
// captures the response instead and this file interprets it.

const (
	defaultTokenTimeout       = 10 * time.Second
	defaultMaxTokenResponse   = 1 << 20
	tokenUserAgent            = "socialconn"
	maxErrorFieldLen          = 512
	maxFormResponseParameters = 1000 // node's querystring.parse maxKeys default
)

// ErrNoAccessToken is the cause (TokenError.Err) when the provider answers 2xx
// without an access_token parameter. Test for it with errors.Is.
var ErrNoAccessToken = errors.New("no access_token in the token response")

// TokenResponse is a successful answer of the provider's token endpoint.
//
// The typed fields are copied from Raw when the parameter is a string (or, for
// expires_in, a number or a numeric string); a parameter of another type
// leaves its field empty but stays in Raw.
type TokenResponse struct {
	// AccessToken is the access_token parameter; never empty on success.
	AccessToken string
	// TokenType is the token_type parameter exactly as sent ("Bearer",
	// GitHub's "bearer", ...), possibly empty. It is not checked: like
	// Auth0, this package hands the access token to the fetchUserProfile
	// script, which decides how to present it.
	TokenType string
	// RefreshToken is the refresh_token parameter. After Refresh it is empty
	// when the provider did not issue a new one; the caller keeps using the
	// refresh token it already has.
	RefreshToken string
	// IDToken is the id_token parameter. It is NOT validated (neither
	// signature, issuer, audience, expiry nor nonce), as Auth0 does not
	// validate it either.
	IDToken string
	// ExpiresIn is expires_in in seconds; 0 when absent, not a number,
	// negative or not finite. Numeric strings (as PayPal sends) are accepted;
	// fractions are truncated and values are capped at math.MaxInt32.
	ExpiresIn int64
	// Raw holds every parameter of the response as received.
	//
	// For a JSON body the JSON types are kept as encoding/json decodes them
	// into interface values: string, bool, nil, []any, map[string]any, and
	// numbers as float64 — the value JavaScript's JSON.parse gives a script,
	// so integers beyond 2^53 lose precision exactly as they do in Node, and
	// numbers beyond the float64 range become ±Inf.
	//
	// For a form-encoded body every value is a string, or an []any of strings
	// when a name is repeated (as Node's querystring.parse does), and at most
	// 1000 parameters are read.
	Raw map[string]any
}

// ScriptContext returns the object a fetchUserProfile script receives as its
// ctx argument: a deep copy of Raw without refresh_token, which node-oauth
// removes from the parameters it passes on. The copy is the caller's to
// modify (or to hand to a script that modifies it). A nil receiver gives an
// empty map. A caller that wants its scripts to see refresh_token after all
// adds Raw["refresh_token"] to the copy itself.
func (t *TokenResponse) ScriptContext() map[string]any {
	if t == nil {
		return map[string]any{}
	}
	out := make(map[string]any, len(t.Raw))
	for k, v := range t.Raw {
		if k == "refresh_token" {
			continue
		}
		out[k] = deepCopyJSON(v)
	}
	return out
}

func deepCopyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopyJSON(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = deepCopyJSON(e)
		}
		return s
	default:
		return v
	}
}

// TokenOption adjusts one Exchange or Refresh call.
type TokenOption func(*tokenConfig)

type tokenConfig struct {
	client   *http.Client
	timeout  time.Duration
	maxBytes int64
}

var defaultTokenClient = sync.OnceValue(func() *http.Client {
	return safehttp.NewClient(safehttp.Options{})
})

// WithHTTPClient sets the HTTP client used for the token request. The default
// is one shared safehttp client with safehttp.DefaultPolicy (link-local and
// cloud-metadata destinations refused at dial time); a client given here
// replaces that policy with whatever its transport does. The client's
// Transport, Jar and Timeout are used; its CheckRedirect is not, because the
// token request never follows redirects. nil restores the default.
func WithHTTPClient(c *http.Client) TokenOption {
	return func(tc *tokenConfig) { tc.client = c }
}

// WithTokenTimeout bounds the whole token call (connection, request and
// reading the response) to d, on top of any deadline ctx already has; the
// earlier one wins. The default is 10 seconds; d <= 0 restores it.
func WithTokenTimeout(d time.Duration) TokenOption {
	return func(tc *tokenConfig) { tc.timeout = d }
}

// WithMaxTokenResponseBytes caps the token response body at n bytes; a longer
// body is an error wrapping safehttp.ErrBodyTooLarge. The default is 1 MiB;
// n <= 0 restores it.
func WithMaxTokenResponseBytes(n int64) TokenOption {
	return func(tc *tokenConfig) { tc.maxBytes = n }
}

func newTokenConfig(opts []TokenOption) tokenConfig {
	var tc tokenConfig
	for _, o := range opts {
		if o != nil {
			o(&tc)
		}
	}
	if tc.client == nil {
		tc.client = defaultTokenClient()
	}
	if tc.timeout <= 0 {
		tc.timeout = defaultTokenTimeout
	}
	if tc.maxBytes <= 0 {
		tc.maxBytes = defaultMaxTokenResponse
	}
	return tc
}

// TokenError is the error of every failed Exchange or Refresh.
//
// Its message and fields never contain the client secret, the authorization
// code, the PKCE verifier, the refresh token sent, custom header values or any
// token of the response, nor the raw response body: the provider's error
// fields are stripped of control characters, capped at 512 bytes and have any
// of those values replaced by "[redacted]". A provider that echoes a secret in
// another form (say, base64-encoded) is not detected.
type TokenError struct {
	// Step is "exchange" or "refresh".
	Step string
	// StatusCode is the provider's HTTP status; 0 when no response was
	// received (bad configuration, transport failure, timeout).
	StatusCode int
	// ErrorCode is RFC 6749 §5.2 error, when the provider sent it as a
	// string.
	ErrorCode string
	// ErrorDescription is RFC 6749 §5.2 error_description, when sent.
	ErrorDescription string
	// ErrorURI is RFC 6749 §5.2 error_uri, when sent.
	ErrorURI string
	// Err is the underlying cause, if any: a transport error (a
	// *url.Error, possibly wrapping context.DeadlineExceeded or
	// safehttp.ErrDestinationRefused), safehttp.ErrBodyTooLarge,
	// ErrNoAccessToken, or a configuration error.
	Err error
}

// Error describes the failure, for example
// "connection: token exchange: provider answered 400: invalid_grant: Code expired".
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("connection: token ")
	if e.Step == "" {
		b.WriteString("request")
	} else {
		b.WriteString(e.Step)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": provider answered %d", e.StatusCode)
	}
	switch {
	case e.ErrorCode != "":
		b.WriteString(": ")
		b.WriteString(e.ErrorCode)
		if e.ErrorDescription != "" {
			b.WriteString(": ")
			b.WriteString(e.ErrorDescription)
		}
	case e.Err != nil:
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	case e.StatusCode >= 300 && e.StatusCode < 400:
		b.WriteString(" (a redirect; token requests do not follow redirects)")
	case e.StatusCode >= 200 && e.StatusCode < 300:
		b.WriteString(" with an error parameter")
	case e.StatusCode != 0:
		b.WriteString(" without an OAuth error response")
	}
	return b.String()
}

// Unwrap returns Err.
func (e *TokenError) Unwrap() error { return e.Err }

// Exchange redeems an authorization code at the connection's tokenURL
// (grant_type=authorization_code) and returns the provider's answer.
//
// The request is a POST with an application/x-www-form-urlencoded body holding
// grant_type, code, redirect_uri (omitted when empty), client_id,
// client_secret and, when codeVerifier is not empty, code_verifier. An empty
// client secret is omitted rather than sent empty (RFC 6749 §2.3.1 allows
// both; node-oauth sends "client_secret="). Options.CustomHeaders are set on
// the request; when they include Authorization the client secret is not put
// in the body. Content-Type cannot be overridden; User-Agent is "socialconn"
// unless CustomHeaders sets one. Host, Content-Length and Transfer-Encoding
// custom headers, and names or values that are not valid HTTP, are refused
// before anything is sent.
//
// The response body is parsed as JSON and, failing that, as a form-encoded
// body, whatever its Content-Type (as node-oauth does). Hardening over
// Auth0's runtime: only a 2xx status is success (node-oauth also accepts 301
// and 302), a 2xx carrying an "error" parameter is an error, redirects are
// never followed (a 307/308 would replay the code and secret elsewhere), and
// the call is bounded in time (WithTokenTimeout) and size
// (WithMaxTokenResponseBytes).
//
// Exchange does NOT check the state parameter, validate the ID token or check
// token_type; it does not validate Options beyond what it needs to send the
// request (tokenURL is not required to be https here). Any error is a
// *TokenError.
func (c *Connection) Exchange(ctx context.Context, code, redirectURI, codeVerifier string, opts ...TokenOption) (*TokenResponse, error) {
	if code == "" {
		return nil, &TokenError{Step: "exchange", Err: errors.New("the authorization code is empty")}
	}
	var authOpts []oauth2.AuthCodeOption
	if codeVerifier != "" {
		authOpts = append(authOpts, oauth2.VerifierOption(codeVerifier))
	}
	secrets := []string{code, codeVerifier}
	return c.tokenCall(ctx, "exchange", redirectURI, secrets, opts, func(ctx context.Context, conf *oauth2.Config) error {
		_, err := conf.Exchange(ctx, code, authOpts...)
		return err
	})
}

// Refresh obtains new tokens with a refresh token (grant_type=refresh_token)
// at the connection's tokenURL. The request is built and authenticated as for
// Exchange, with refresh_token in place of code, redirect_uri and
// code_verifier. The returned RefreshToken is empty when the provider did not
// rotate the refresh token. Any error is a *TokenError.
func (c *Connection) Refresh(ctx context.Context, refreshToken string, opts ...TokenOption) (*TokenResponse, error) {
	if refreshToken == "" {
		return nil, &TokenError{Step: "refresh", Err: errors.New("the refresh token is empty")}
	}
	secrets := []string{refreshToken}
	return c.tokenCall(ctx, "refresh", "", secrets, opts, func(ctx context.Context, conf *oauth2.Config) error {
		_, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
		return err
	})
}

// tokenCall runs one token request through x/oauth2 with a capturing
// transport and interprets the captured response.
func (c *Connection) tokenCall(ctx context.Context, step, redirectURI string, secrets []string, opts []TokenOption, do func(context.Context, *oauth2.Config) error) (*TokenResponse, error) {
	if c == nil {
		return nil, &TokenError{Step: step, Err: errors.New("nil connection")}
	}
	o := &c.Options
	if o.TokenURL == "" {
		return nil, &TokenError{Step: step, Err: errors.New("options.tokenURL: is empty")}
	}
	headers, hasAuthorization, err := tokenHeaders(o.CustomHeaders)
	if err != nil {
		return nil, &TokenError{Step: step, Err: err}
	}
	secrets = append(secrets, o.ClientSecret)
	for _, v := range o.CustomHeaders {
		secrets = append(secrets, v)
	}

	tc := newTokenConfig(opts)
	ctx, cancel := context.WithTimeout(ctx, tc.timeout)
	defer cancel()

	capture := &captureTransport{base: tc.client.Transport, headers: headers, max: tc.maxBytes}
	if capture.base == nil {
		capture.base = http.DefaultTransport
	}
	client := *tc.client
	client.Transport = capture
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	conf := &oauth2.Config{
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		Endpoint:     oauth2.Endpoint{TokenURL: o.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL:  redirectURI,
	}
	if hasAuthorization {
		// The provider authenticates the client from the header; sending the
		// secret in the body as well is both redundant and a second copy of it
		// on the wire (and some servers reject two client authentications).
		conf.ClientSecret = ""
	}

	callErr := do(context.WithValue(ctx, oauth2.HTTPClient, &client), conf)

	status, body, readErr, got := capture.result()
	if !got {
		// No response: the cause is a transport, policy or context error
		// from net/http, which never quotes a response body.
		if callErr == nil {
			callErr = errors.New("no response received")
		}
		return nil, &TokenError{Step: step, Err: callErr}
	}
	if readErr != nil {
		return nil, &TokenError{Step: step, StatusCode: status, Err: readErr}
	}
	tok, terr := interpretTokenResponse(status, body)
	if terr != nil {
		terr.Step = step
		terr.redact(secrets, tokenValues(body))
		return nil, terr
	}
	return tok, nil
}

// tokenHeaders validates the custom headers and returns them canonicalised,
// in a deterministic order of application.
func tokenHeaders(custom map[string]string) ([][2]string, bool, error) {
	keys := make([]string, 0, len(custom))
	for k := range custom {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][2]string, 0, len(keys))
	hasAuth := false
	for _, k := range keys {
		if !validHeaderName(k) {
			return nil, false, fmt.Errorf("options.customHeaders: %q is not a valid header name", k)
		}
		ck := http.CanonicalHeaderKey(k)
		switch ck {
		case "Host", "Content-Length", "Transfer-Encoding", "Connection", "Te", "Trailer", "Upgrade":
			return nil, false, fmt.Errorf("options.customHeaders: %q may not be set", k)
		case "Authorization":
			hasAuth = true
		}
		if !validHeaderValue(custom[k]) {
			// The value is not quoted: it may be a credential.
			return nil, false, fmt.Errorf("options.customHeaders: the value of %q contains control characters", k)
		}
		out = append(out, [2]string{ck, custom[k]})
	}
	return out, hasAuth, nil
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c <= ' ' || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// captureTransport adds the token request headers, reads the response body
// (capped) and remembers the response for interpretation.
type captureTransport struct {
	base    http.RoundTripper
	headers [][2]string
	max     int64

	mu      sync.Mutex
	got     bool
	status  int
	body    []byte
	readErr error
}

func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", tokenUserAgent)
	for _, h := range t.headers {
		r.Header.Set(h[0], h[1])
	}
	// node-oauth sets the content type after merging the custom headers.
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	// Only the last response counts (redirects are not followed, but a
	// caller-supplied transport might retry).
	t.mu.Lock()
	t.got, t.status, t.body, t.readErr = false, 0, nil, nil
	t.mu.Unlock()
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, readErr := safehttp.ReadLimited(resp.Body, t.max)
	resp.Body.Close()
	t.mu.Lock()
	t.got, t.status, t.body, t.readErr = true, resp.StatusCode, body, readErr
	t.mu.Unlock()
	if readErr != nil {
		return nil, readErr
	}
	// The captured response is interpreted by tokenCall; x/oauth2 is not
	// given it to parse as well (it would decode the body twice more, into
	// a struct and into a map, only for the result to be discarded).
	return nil, errTokenResponseCaptured
}

// errTokenResponseCaptured ends x/oauth2's part of a token call once the
// response is captured; tokenCall never reports it.
var errTokenResponseCaptured = errors.New("token response captured")

func (t *captureTransport) result() (status int, body []byte, readErr error, got bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status, t.body, t.readErr, t.got
}

// interpretTokenResponse applies the success and error rules to a complete
// response. The returned TokenError has no Step and is not yet redacted.
func interpretTokenResponse(status int, body []byte) (*TokenResponse, *TokenError) {
	raw, isJSON := parseTokenResponse(body)
	if status < 200 || status > 299 {
		terr := &TokenError{StatusCode: status}
		// As passport-oauth2: only a JSON error body is read on failure.
		if isJSON {
			terr.setFields(raw)
		}
		return nil, terr
	}
	if hasErrorParameter(raw) {
		terr := &TokenError{StatusCode: status}
		terr.setFields(raw)
		return nil, terr
	}
	tok := &TokenResponse{Raw: raw}
	tok.AccessToken, _ = raw["access_token"].(string)
	tok.TokenType, _ = raw["token_type"].(string)
	tok.RefreshToken, _ = raw["refresh_token"].(string)
	tok.IDToken, _ = raw["id_token"].(string)
	tok.ExpiresIn = expiresIn(raw["expires_in"])
	if tok.AccessToken == "" {
		return nil, &TokenError{StatusCode: status, Err: ErrNoAccessToken}
	}
	return tok, nil
}

// hasErrorParameter reports whether a 2xx response carries an RFC 6749 error:
// a non-empty error string, or an error object as some providers send.
// false, null, numbers and "" are not taken as errors.
func hasErrorParameter(raw map[string]any) bool {
	switch e := raw["error"].(type) {
	case string:
		return e != ""
	case map[string]any:
		return true
	}
	return false
}

func (e *TokenError) setFields(raw map[string]any) {
	e.ErrorCode, _ = raw["error"].(string)
	e.ErrorDescription, _ = raw["error_description"].(string)
	e.ErrorURI, _ = raw["error_uri"].(string)
}

// redact scrubs the provider-supplied fields.
func (e *TokenError) redact(secrets ...[]string) {
	var all []string
	for _, s := range secrets {
		for _, v := range s {
			if v != "" {
				all = append(all, v)
			}
		}
	}
	// Longest first, so that a secret containing another is removed whole.
	sort.Slice(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	for _, f := range []*string{&e.ErrorCode, &e.ErrorDescription, &e.ErrorURI} {
		*f = sanitizeErrorField(*f, all)
	}
}

func sanitizeErrorField(s string, secrets []string) string {
	return scrub(s, secrets, maxErrorFieldLen)
}

// scrub replaces every secret in s by "[redacted]", drops control and format
// characters (then redacts again, since dropping them may have joined a
// secret's parts) and caps the length at max bytes.
func scrub(s string, secrets []string, max int) string {
	if s == "" {
		return ""
	}
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	// Again: removing control characters may have joined a secret's parts.
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// tokenValues returns the token parameters of a response body, so that an
// error built from that response never repeats them.
func tokenValues(body []byte) []string {
	raw, _ := parseTokenResponse(body)
	var out []string
	for _, k := range []string{"access_token", "refresh_token", "id_token"} {
		switch v := raw[k].(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func expiresIn(v any) int64 {
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case string:
		p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0
		}
		f = p
	default:
		return 0
	}
	switch {
	case math.IsNaN(f) || f <= 0:
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	}
	return int64(f)
}

// parseTokenResponse parses a token endpoint body the way node-oauth does: as
// JSON when it is a JSON object, otherwise as
// application/x-www-form-urlencoded. isJSON reports which. The map is never
// nil. JSON numbers become float64 (±Inf beyond the float64 range, as in
// JavaScript).
func parseTokenResponse(body []byte) (raw map[string]any, isJSON bool) {
	if m, ok := parseJSONObject(body); ok {
		return m, true
	}
	return parseForm(string(body)), false
}

func parseJSONObject(body []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // trailing data: JSON.parse would throw
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	return numbersToFloat(m).(map[string]any), true
}

func numbersToFloat(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = numbersToFloat(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = numbersToFloat(e)
		}
		return v
	case json.Number:
		// The decoder only produces valid JSON numbers; a range error gives
		// ±Inf (or ±0 on underflow), which is what JavaScript gives.
		f, _ := strconv.ParseFloat(string(v), 64)
		return f
	default:
		return v
	}
}

// parseForm is a lenient application/x-www-form-urlencoded parser in the
// manner of Node's querystring.parse: '+' is a space, malformed percent
// escapes are kept literally, a repeated name gives an array, at most 1000
// parameters are read.
func parseForm(s string) map[string]any {
	m := make(map[string]any)
	n := 0
	for s != "" && n < maxFormResponseParameters {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		n++
		k, v, _ := strings.Cut(pair, "=")
		k, v = formUnescape(k), formUnescape(v)
		switch old := m[k].(type) {
		case string:
			m[k] = []any{old, v}
		case []any:
			m[k] = append(old, v)
		default:
			m[k] = v
		}
	}
	return m
}

func formUnescape(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
