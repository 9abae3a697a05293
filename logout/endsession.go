package logout

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/socialconn/socialconn/internal/safehttp"
)

// EndSession is an OpenID Provider's RP-initiated logout endpoint (OpenID
// Connect RP-Initiated Logout 1.0, end_session_endpoint). Obtain one with
// DiscoverEndSession or NewEndSession; it is immutable and safe for concurrent
// use.
type EndSession struct {
	endpoint *url.URL
	issuer   string
}

// Discovery bounds: DiscoverEndSession gives up after discoveryTimeout when
// ctx has no earlier deadline, and refuses documents over maxDiscoveryBody.
const (
	discoveryTimeout = 30 * time.Second
	maxDiscoveryBody = 1 << 20
)

// NewEndSession returns the EndSession for a known end_session_endpoint, for
// configurations that state it instead of discovering it. The endpoint must be
// an https URL (http only on a loopback host: localhost, 127.0.0.0/8, ::1);
// it may carry a query, which URL keeps. Errors wrap ErrInvalidEndSession.
func NewEndSession(endpoint string) (*EndSession, error) {
	u, err := parseSecureURL(endpoint)
	if err != nil {
		return nil, fmt.Errorf("logout: end_session_endpoint: %w", err)
	}
	if u.Fragment != "" {
		return nil, fmt.Errorf("logout: end_session_endpoint: %w: must not contain a fragment", ErrInvalidEndSession)
	}
	return &EndSession{endpoint: u}, nil
}

// DiscoverEndSession fetches issuer's OpenID Provider discovery document
// (issuer + "/.well-known/openid-configuration") with client and returns its
// end_session_endpoint. go-oidc checks that the document's issuer equals
// issuer exactly. A document without end_session_endpoint gives an error
// wrapping ErrNoEndSession; an endpoint (or issuer) that is not https (http is
// accepted on loopback hosts only) gives one wrapping ErrInvalidEndSession.
//
// A nil client means a client with safehttp's default destination policy.
// The document is limited to 1 MiB and the call to 30 s unless ctx ends
// sooner. DiscoverEndSession does NOT cache: call it once per provider and
// keep the result. It does not fetch or check the provider's keys.
func DiscoverEndSession(ctx context.Context, issuer string, client *http.Client) (*EndSession, error) {
	if _, err := parseSecureURL(issuer); err != nil {
		return nil, fmt.Errorf("logout: discovery: issuer: %w", err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, discoveryTimeout)
		defer cancel()
	}
	if client == nil {
		client = safehttp.NewClient(safehttp.Options{})
	}
	limited := *client
	base := limited.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	limited.Transport = limitTransport{base: base, max: maxDiscoveryBody}

	p, err := oidc.NewProvider(oidc.ClientContext(ctx, &limited), issuer)
	if err != nil {
		// go-oidc puts the whole response body of a failed request into its
		// message: keep the chain, bound the text.
		return nil, &redactedError{msg: "logout: discovery: " + sanitize(err.Error(), 300), err: err}
	}
	var claims struct {
		EndSessionEndpoint string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&claims); err != nil {
		return nil, fmt.Errorf("logout: discovery: decoding end_session_endpoint: %w", err)
	}
	if claims.EndSessionEndpoint == "" {
		return nil, fmt.Errorf("logout: discovery: %w", ErrNoEndSession)
	}
	es, err := NewEndSession(claims.EndSessionEndpoint)
	if err != nil {
		return nil, err
	}
	es.issuer = issuer
	return es, nil
}

// Endpoint returns the end_session_endpoint.
func (e *EndSession) Endpoint() string { return e.endpoint.String() }

// Issuer returns the issuer the endpoint was discovered from, or "" for an
// EndSession made by NewEndSession.
func (e *EndSession) Issuer() string { return e.issuer }

// URL returns the RP-initiated logout URL: the endpoint with id_token_hint,
// post_logout_redirect_uri, client_id and state added to any query it already
// has (these four replace same-named parameters of the endpoint's query).
// Empty arguments are omitted.
//
// idTokenHint is the ID token the provider issued for this session; the
// returned URL therefore carries a token and must not be logged. Errors never
// contain it. postLogoutRedirectURI, when given, must be an absolute http(s)
// URL; URL does NOT check it against an allow-list (Resolve does) nor that it
// is registered at the provider.
func (e *EndSession) URL(idTokenHint, postLogoutRedirectURI, clientID, state string) (string, error) {
	if e == nil || e.endpoint == nil {
		return "", fmt.Errorf("logout: end-session URL: %w: no endpoint", ErrInvalidEndSession)
	}
	if postLogoutRedirectURI != "" {
		if _, err := parseHTTPURL(postLogoutRedirectURI, false); err != nil {
			return "", fmt.Errorf("logout: end-session URL: post_logout_redirect_uri: %w: %s", ErrInvalidEndSession, err.Error())
		}
	}
	u := *e.endpoint
	q := u.Query()
	for k, v := range map[string]string{
		"id_token_hint":            idTokenHint,
		"post_logout_redirect_uri": postLogoutRedirectURI,
		"client_id":                clientID,
		"state":                    state,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// parseSecureURL parses an https URL (http on loopback hosts only); errors wrap
// ErrInvalidEndSession.
func parseSecureURL(raw string) (*url.URL, error) {
	u, err := parseHTTPURL(raw, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidEndSession, err.Error())
	}
	if u.Scheme != "https" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%w: must be https (http is accepted only for loopback hosts)", ErrInvalidEndSession)
	}
	return u, nil
}

// limitTransport fails reading a response body beyond max bytes.
type limitTransport struct {
	base http.RoundTripper
	max  int64
}

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.max}
	return resp, nil
}

type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, errBodyTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

var errBodyTooLarge = fmt.Errorf("%w (limit %d bytes)", safehttp.ErrBodyTooLarge, maxDiscoveryBody)
