// Package demoprovider is a small OAuth 2.0 / OpenID Connect provider for
// local development and tests: `go run ./examples/server` logs in against it,
// and tests drive it with a cookie-jar client.
//
// It implements the authorization code flow only (response_type=code,
// response_mode=query), with PKCE (S256), the RFC 9207 "iss" authorization
// response parameter, client_secret_post and client_secret_basic client
// authentication, refresh tokens for the offline_access scope, RS256 ID
// tokens, UserInfo, JWKS, discovery and RP-initiated logout. All state is in
// memory, bounded in size and swept when it expires; nothing survives a
// restart, and several instances do not share state.
//
// It is not a production identity provider: passwords are compared in plain
// text, there is no consent screen, no rate limiting, no registration, no
// request objects, no "claims" parameter, and logout is not confirmed by the
// user. Start refuses to listen on anything but a loopback address.
package demoprovider

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Lifetimes of what the provider issues.
const (
	CodeLifetime         = 60 * time.Second
	AccessTokenLifetime  = time.Hour
	IDTokenLifetime      = time.Hour
	RefreshTokenLifetime = 24 * time.Hour
	SessionLifetime      = 8 * time.Hour
)

// Size limits.
const (
	// MaxEntries caps each in-memory table (sessions, codes, access tokens,
	// refresh tokens). When a table is full after expired entries are swept,
	// the entry closest to expiry is evicted.
	MaxEntries = 10000
	// maxParamLen bounds every request parameter.
	maxParamLen = 2048
	// maxBody bounds request bodies.
	maxBody = 64 << 10
)

// Client is a registered relying party.
type Client struct {
	// ID is the client_id. Required, unique.
	ID string
	// Secret is the client secret. Empty means a public client, which
	// authenticates with its client_id alone and must use PKCE.
	Secret string
	// RedirectURIs are compared exactly (string equality) with the
	// redirect_uri of authorization and token requests. At least one.
	RedirectURIs []string
	// PostLogoutRedirectURIs are the only places logout redirects to for
	// this client, compared exactly.
	PostLogoutRedirectURIs []string
}

// User is an account that can log in with Username and Password.
type User struct {
	Username      string
	Password      string
	Subject       string // the "sub" claim; defaults to Username
	Email         string
	EmailVerified bool
	Name          string
	GivenName     string
	FamilyName    string
	Picture       string
	Locale        string
}

// DemoUser is the account used when Config.Users is empty.
var DemoUser = User{
	Username:      "demo",
	Password:      "demo",
	Subject:       "demo-user-0001",
	Email:         "demo@example.com",
	EmailVerified: true,
	Name:          "Demo User",
	GivenName:     "Demo",
	FamilyName:    "User",
	Picture:       "https://example.com/avatar/demo.png",
	Locale:        "en",
}

// Config configures a Provider.
type Config struct {
	// Issuer is the issuer identifier and the base URL of every endpoint,
	// e.g. "http://127.0.0.1:9000" or "https://idp.example/demo". It must
	// be https, except for a loopback host (127.0.0.0/8, ::1, localhost),
	// with no query, fragment or trailing slash. Start fills it from the
	// bound address when empty.
	Issuer string
	// Clients are the registered relying parties; at least one.
	Clients []Client
	// Users are the accounts; when empty, DemoUser alone.
	Users []User
	// Logger receives one line per protocol event, never a secret, code or
	// token. Nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Provider is an OpenID Provider. Its methods and its Handler are safe for
// concurrent use.
type Provider struct {
	issuer       string
	base         string // path prefix of every endpoint, from the issuer
	secureCookie bool
	clients      map[string]*Client
	users        map[string]*User
	demoHint     bool
	log          *slog.Logger
	now          func() time.Time

	key    *rsa.PrivateKey
	kid    string
	signer jose.Signer
	jwks   jose.JSONWebKeySet
	mux    *http.ServeMux

	mu         sync.Mutex
	sessions   map[string]*session
	codes      map[string]*authCode
	access     map[string]*grant
	refresh    map[string]*grant
	lastSweep  time.Time
	maxEntries int

	srv       *http.Server
	served    chan struct{}
	closeOnce sync.Once
	closeErr  error
}

type session struct {
	user     *User
	authTime time.Time
	expires  time.Time
}

// grant is what an access or refresh token stands for.
type grant struct {
	clientID string
	user     *User
	scopes   []string
	nonce    string
	authTime time.Time
	expires  time.Time
	fromCode string // the code that started the chain, for revocation on reuse
}

type authCode struct {
	grant
	redirectURI string
	challenge   string
	used        bool
}

func (s *session) expiry() time.Time  { return s.expires }
func (g *grant) expiry() time.Time    { return g.expires }
func (c *authCode) expiry() time.Time { return c.expires }

// New validates cfg and returns a Provider with a freshly generated RSA-2048
// signing key. It does not listen; serve Handler, or use Start.
func New(cfg Config) (*Provider, error) {
	iu, err := validateIssuer(cfg.Issuer)
	if err != nil {
		return nil, err
	}
	p := &Provider{
		issuer:       cfg.Issuer,
		base:         iu.Path,
		secureCookie: iu.Scheme == "https",
		clients:      map[string]*Client{},
		users:        map[string]*User{},
		log:          cfg.Logger,
		now:          cfg.Now,
		sessions:     map[string]*session{},
		codes:        map[string]*authCode{},
		access:       map[string]*grant{},
		refresh:      map[string]*grant{},
		maxEntries:   MaxEntries,
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	if len(cfg.Clients) == 0 {
		return nil, errors.New("demoprovider: config.Clients: at least one client is required")
	}
	for i, c := range cfg.Clients {
		if err := validateClient(c); err != nil {
			return nil, fmt.Errorf("demoprovider: config.Clients[%d]: %w", i, err)
		}
		if _, dup := p.clients[c.ID]; dup {
			return nil, fmt.Errorf("demoprovider: config.Clients[%d].ID: duplicate %q", i, c.ID)
		}
		c.RedirectURIs = slices.Clone(c.RedirectURIs)
		c.PostLogoutRedirectURIs = slices.Clone(c.PostLogoutRedirectURIs)
		p.clients[c.ID] = &c
	}
	users := cfg.Users
	if len(users) == 0 {
		users = []User{DemoUser}
		p.demoHint = true
	}
	subjects := map[string]bool{}
	for i, u := range users {
		if u.Username == "" || len(u.Username) > 256 {
			return nil, fmt.Errorf("demoprovider: config.Users[%d].Username: must be 1-256 bytes", i)
		}
		if u.Password == "" {
			return nil, fmt.Errorf("demoprovider: config.Users[%d].Password: must not be empty", i)
		}
		if u.Subject == "" {
			u.Subject = u.Username
		}
		if _, dup := p.users[u.Username]; dup {
			return nil, fmt.Errorf("demoprovider: config.Users[%d].Username: duplicate %q", i, u.Username)
		}
		if subjects[u.Subject] {
			return nil, fmt.Errorf("demoprovider: config.Users[%d].Subject: duplicate %q", i, u.Subject)
		}
		subjects[u.Subject] = true
		p.users[u.Username] = &u
	}

	p.key, err = generateKey()
	if err != nil {
		return nil, fmt.Errorf("demoprovider: generate signing key: %w", err)
	}
	pub := jose.JSONWebKey{Key: &p.key.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("demoprovider: key thumbprint: %w", err)
	}
	p.kid = base64.RawURLEncoding.EncodeToString(tp)
	pub.KeyID = p.kid
	p.jwks = jose.JSONWebKeySet{Keys: []jose.JSONWebKey{pub}}
	p.signer, err = jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: p.key, KeyID: p.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("demoprovider: signer: %w", err)
	}
	p.routes()
	return p, nil
}

func validateIssuer(issuer string) (*url.URL, error) {
	const field = "demoprovider: config.Issuer"
	if issuer == "" {
		return nil, fmt.Errorf("%s: required", field)
	}
	u, err := url.Parse(issuer)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("%s: must be an absolute URL", field)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("%s: must not have user info, query or fragment", field)
	case strings.HasSuffix(u.Path, "/"):
		return nil, fmt.Errorf("%s: must not end with /", field)
	case u.RawPath != "":
		return nil, fmt.Errorf("%s: path must not need escaping", field)
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopbackHost(u.Hostname()):
	default:
		return nil, fmt.Errorf("%s: must be https, or http on a loopback host", field)
	}
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

func validateClient(c Client) error {
	if c.ID == "" || len(c.ID) > 256 {
		return errors.New("ID: must be 1-256 bytes")
	}
	if len(c.RedirectURIs) == 0 {
		return errors.New("RedirectURIs: at least one is required")
	}
	for j, r := range c.RedirectURIs {
		if err := validateRedirect(r); err != nil {
			return fmt.Errorf("RedirectURIs[%d]: %w", j, err)
		}
	}
	for j, r := range c.PostLogoutRedirectURIs {
		if err := validateRedirect(r); err != nil {
			return fmt.Errorf("PostLogoutRedirectURIs[%d]: %w", j, err)
		}
	}
	return nil
}

func validateRedirect(r string) error {
	u, err := url.Parse(r)
	if err != nil {
		return err
	}
	if u.Scheme == "" || u.Host == "" || u.Fragment != "" {
		return errors.New("must be an absolute URL without fragment")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must be http or https")
	}
	return nil
}

// Issuer returns the issuer identifier.
func (p *Provider) Issuer() string { return p.issuer }

// Handler returns the provider's HTTP handler. Endpoints live under the
// issuer's path: /.well-known/openid-configuration, /authorize, /token,
// /userinfo, /jwks and /logout.
func (p *Provider) Handler() http.Handler { return p.mux }

func (p *Provider) endpoint(path string) string { return p.issuer + path }

func (p *Provider) routes() {
	p.mux = http.NewServeMux()
	p.mux.HandleFunc(p.base+"/.well-known/openid-configuration", p.handleDiscovery)
	p.mux.HandleFunc(p.base+"/authorize", p.handleAuthorize)
	p.mux.HandleFunc(p.base+"/token", p.handleToken)
	p.mux.HandleFunc(p.base+"/userinfo", p.handleUserinfo)
	p.mux.HandleFunc(p.base+"/jwks", p.handleJWKS)
	p.mux.HandleFunc(p.base+"/logout", p.handleLogout)
}

// Start listens on addr, which must be a loopback address such as
// "127.0.0.1:0", "[::1]:0" or "localhost:8081"; when cfg.Issuer is empty it
// becomes "http://" plus the bound address. The provider serves until ctx is
// done or Close is called.
func Start(ctx context.Context, addr string, cfg Config) (*Provider, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("demoprovider: Start: addr: %w", err)
	}
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("demoprovider: Start: addr: %q is not a loopback address", addr)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demoprovider: Start: %w", err)
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "http://" + ln.Addr().String()
	}
	p, err := New(cfg)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	p.srv = &http.Server{
		Handler:           p.mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(p.log.Handler(), slog.LevelWarn),
	}
	p.served = make(chan struct{})
	go func() {
		defer close(p.served)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.log.Error("demoprovider: serve", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			_ = p.Close()
		case <-p.served:
		}
	}()
	p.log.Info("demoprovider: listening", "issuer", p.issuer)
	return p, nil
}

// Close stops a provider made by Start, waiting up to five seconds for
// requests in flight. It is a no-op for a provider made by New, and safe to
// call more than once.
func (p *Provider) Close() error {
	if p.srv == nil {
		return nil
	}
	p.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		p.closeErr = p.srv.Shutdown(ctx)
		<-p.served
	})
	return p.closeErr
}

// generateKey makes the signing key; tests in this package share one key to
// keep them fast.
var generateKey = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }

// randomToken returns 256 random bits, base64url encoded.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sweepLocked drops expired entries, at most every ten seconds unless force.
func (p *Provider) sweepLocked(now time.Time, force bool) {
	if !force && now.Sub(p.lastSweep) < 10*time.Second {
		return
	}
	p.lastSweep = now
	sweep(p.sessions, now)
	sweep(p.codes, now)
	sweep(p.access, now)
	sweep(p.refresh, now)
}

type expirer interface{ expiry() time.Time }

func sweep[V expirer](m map[string]V, now time.Time) {
	for k, v := range m {
		if !now.Before(v.expiry()) {
			delete(m, k)
		}
	}
}

// insertLocked stores v under k, first sweeping and, if the table is still
// full, evicting the entry closest to expiry.
func insertLocked[V expirer](p *Provider, m map[string]V, k string, v V) {
	now := p.now()
	p.sweepLocked(now, false)
	if len(m) >= p.maxEntries {
		p.sweepLocked(now, true)
	}
	for len(m) >= p.maxEntries {
		var oldest string
		var oldestExp time.Time
		for key, val := range m {
			if oldest == "" || val.expiry().Before(oldestExp) {
				oldest, oldestExp = key, val.expiry()
			}
		}
		delete(m, oldest)
	}
	m[k] = v
}

// lookupLocked returns the unexpired entry under k.
func lookupLocked[V expirer](m map[string]V, k string, now time.Time) (V, bool) {
	v, ok := m[k]
	if !ok || !now.Before(v.expiry()) {
		var zero V
		return zero, false
	}
	return v, true
}
