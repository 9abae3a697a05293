package connection

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/internal/seal"
	"github.com/socialconn/socialconn/logout"
	"github.com/socialconn/socialconn/profile"
	"github.com/socialconn/socialconn/script"
)

// PKCEMode says when the login flow uses PKCE with the provider.
type PKCEMode int

const (
	// PKCEAlways sends an S256 challenge on every login, whatever
	// options.pkce_enabled says (the default: RFC 9700 recommends PKCE for
	// every client, and providers that do not support it ignore the
	// parameters).
	PKCEAlways PKCEMode = iota
	// PKCEAsConfigured uses PKCE only when options.pkce_enabled is true, as
	// Auth0 does. Use it for a provider that rejects unknown parameters.
	PKCEAsConfigured
)

// DefaultTransactionTTL is how long a login may take between Login and
// Callback when FlowConfig.TransactionTTL is zero.
const DefaultTransactionTTL = 10 * time.Minute

// FlowConfig configures NewFlow. Connection, RedirectURI, CookieKeys and
// OnLogin are required.
type FlowConfig struct {
	// Connection is the connection to log in with. NewFlow validates it and
	// compiles its scripts; it must not be modified afterwards.
	Connection *Connection
	// RedirectURI is the exact callback URL registered at the provider, where
	// the Callback handler is mounted (for example
	// https://app.example.com/login/callback). It is never derived from
	// request headers. An https RedirectURI makes the transaction cookie
	// Secure.
	RedirectURI string
	// CookieKeys are 32-byte AES-256 keys for the sealed transaction cookie.
	// The first key seals; every key opens, so keys can rotate: prepend a new
	// key, and drop the old one after TransactionTTL. Replicas of a service
	// share the same keys so that any replica can finish a login.
	CookieKeys [][]byte
	// OnLogin receives a completed login and writes the response: typically
	// it merges the user into the service's store (see profile.Merge),
	// starts the service's own session and redirects to result.ReturnTo.
	OnLogin func(w http.ResponseWriter, r *http.Request, result *LoginResult)
	// OnError receives every failure of Login, Callback and Logout as a
	// *FlowError and writes the response. Nil means a plain-text 4xx page
	// that names the error code only (no internals).
	OnError func(w http.ResponseWriter, r *http.Request, err *FlowError)
	// EndSession ends the service's own session during Logout and returns
	// the ID token of that session (for id_token_hint on OpenID logout), or
	// "". Nil means the service keeps no session (or ends it elsewhere).
	EndSession func(w http.ResponseWriter, r *http.Request) (idTokenHint string)
	// AllowedReturnTo is checked for absolute return URLs: the post-login
	// returnTo of Login and the returnTo of Logout. Relative paths on this
	// service ("/account") are always accepted for Login. Nil allows no
	// absolute URL.
	AllowedReturnTo *logout.AllowList
	// DefaultReturnTo is where the browser goes after login or logout when
	// the request names no returnTo; empty means "/".
	DefaultReturnTo string
	// AlwaysFederated makes Logout end the provider session whenever the
	// connection configures a way to, as if every logout request carried
	// Auth0's federated parameter. Otherwise federated logout happens only
	// when the query has federated (any value), as with Auth0.
	AlwaysFederated bool
	// PKCE says when to use PKCE; the zero value is PKCEAlways.
	PKCE PKCEMode
	// Engine runs the connection's scripts; nil means script.New with
	// HTTPClient, or without one script.New's own client (which, as Node's
	// clients, leaves compressed bodies as sent). The flow logs script
	// console output itself, at debug level and scrubbed of the login's
	// tokens; an Engine given here with its own logger logs the raw output
	// there too.
	Engine *script.Engine
	// HTTPClient makes the token request, OpenID discovery and key fetches;
	// nil means a client with the default destination policy (no link-local
	// or cloud-metadata addresses).
	HTTPClient *http.Client
	// TokenTimeout bounds the token request; zero means 10s.
	TokenTimeout time.Duration
	// TransactionTTL bounds the time between Login and Callback; zero means
	// DefaultTransactionTTL.
	TransactionTTL time.Duration
	// Profile configures profile normalisation; its Connection is set from
	// the connection's name.
	Profile profile.Options
	// Replay remembers used transactions so that a replayed callback fails.
	// Nil means an in-memory cache per Flow (which cannot see other
	// replicas: a replay that reaches another replica is stopped by the
	// provider's one-time code instead).
	Replay ReplayCache
	// Logger receives the flow's log records. Records never contain client
	// secrets, authorization codes or tokens. Nil discards.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now. For tests.
	Now func() time.Time
}

// ReplayCache records login transactions that have been used. Implementations
// shared between replicas (a Redis SETNX with expiry, say) make a transaction
// single-use across replicas.
type ReplayCache interface {
	// Use records id as used until expiry and reports whether it was unused
	// before. It must be safe for concurrent use.
	Use(ctx context.Context, id string, expiry time.Time) (firstUse bool, err error)
}

// LoginResult is a completed login, handed to FlowConfig.OnLogin.
type LoginResult struct {
	// User is the normalised profile of this login. The service decides what
	// to store: see profile.Merge and (*profile.User).Persistable.
	User *profile.User
	// Tokens is the provider's token response. Treat it as secret.
	Tokens *TokenResponse
	// IDTokenClaims holds the verified ID token's claims when the connection
	// has an issuer and the provider returned an ID token; nil otherwise.
	IDTokenClaims map[string]any
	// ReturnTo is the validated place the login asked to return to, or
	// FlowConfig.DefaultReturnTo.
	ReturnTo string
	// Logs is what the fetchUserProfile script wrote to its console.
	Logs []script.LogEntry
}

// Flow error codes. They follow Auth0's error/error_description convention:
// provider errors keep the provider's code; failures after the provider
// answered are invalid_request, as Auth0 reports script failures.
const (
	ErrCodeAccessDenied    = "access_denied"
	ErrCodeInvalidRequest  = "invalid_request"
	ErrCodeInvalidState    = "invalid_state"
	ErrCodeInvalidReturnTo = "invalid_return_to"
	ErrCodeServerError     = "server_error"
)

// FlowError is every failure of the login flow handlers. Step names where it
// happened: "login", "authorize" (the provider redirected back with an
// error), "state", "iss", "token", "id_token", "script", "profile" or
// "logout".
type FlowError struct {
	// Step is where the flow failed.
	Step string
	// Code is the error code shown to the browser (ErrCode... or the
	// provider's own error code for Step "authorize").
	Code string
	// Description explains the failure; for Step "authorize" and "script" it
	// is the provider's error_description or the script's message, which
	// come from third parties: escape it before rendering.
	Description string
	// Status is the HTTP status the default error page uses (always 4xx).
	Status int
	// Err is the underlying cause, if any.
	Err error
}

// Error formats the failure as "connection: <step>: <code>: <description>".
func (e *FlowError) Error() string {
	msg := "connection: " + e.Step + ": " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.Err != nil && (e.Description == "" || !strings.Contains(e.Description, e.Err.Error())) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *FlowError) Unwrap() error { return e.Err }

// Flow holds the Login, Callback and Logout handlers of one connection. It is
// safe for concurrent use.
type Flow struct {
	cfg       FlowConfig
	conn      *Connection
	keys      *seal.Keys
	engine    *script.Engine
	fetch     *script.Script
	getLogout *script.Script
	client    *http.Client
	log       *slog.Logger
	ttl       time.Duration
	secure    bool
	cbPath    string
	// delAttrs is what follows "<name>=" in the Set-Cookie header that
	// deletes a transaction cookie: the same for every login.
	delAttrs string
	replay   ReplayCache

	// OpenID, when the connection has an issuer.
	issuer         string
	issSupported   bool
	verifier       *oidc.IDTokenVerifier
	endSession     *logout.EndSession
	openIDProvider bool
}

// NewFlow validates the configuration and the connection, compiles the
// connection's scripts and, when options.issuer is set, discovers the OpenID
// Provider (ctx bounds that network call).
func NewFlow(ctx context.Context, cfg FlowConfig) (*Flow, error) {
	if cfg.Connection == nil {
		return nil, errors.New("connection: flow: Connection is required")
	}
	if err := cfg.Connection.Validate(); err != nil {
		return nil, err
	}
	if cfg.OnLogin == nil {
		return nil, errors.New("connection: flow: OnLogin is required")
	}
	ru, err := url.Parse(cfg.RedirectURI)
	if err != nil || !ru.IsAbs() || ru.Host == "" || ru.Fragment != "" || (ru.Scheme != "https" && ru.Scheme != "http") {
		return nil, errors.New("connection: flow: RedirectURI must be an absolute http(s) URL without fragment")
	}
	if ru.Scheme == "http" && !isLoopback(ru.Hostname()) {
		return nil, errors.New("connection: flow: RedirectURI must use https (http is allowed only for loopback hosts)")
	}
	if len(cfg.CookieKeys) == 0 {
		return nil, errors.New("connection: flow: CookieKeys needs at least one 32-byte key")
	}
	keys, err := seal.NewKeys(cfg.CookieKeys...)
	if err != nil {
		return nil, fmt.Errorf("connection: flow: CookieKeys: %w", err)
	}
	f := &Flow{
		cfg:    cfg,
		conn:   cfg.Connection,
		keys:   keys,
		client: cfg.HTTPClient,
		log:    cfg.Logger,
		ttl:    cfg.TransactionTTL,
		secure: ru.Scheme == "https",
		cbPath: ru.EscapedPath(),
		replay: cfg.Replay,
	}
	if f.cbPath == "" {
		f.cbPath = "/"
	}
	del := seal.Cookie(txCookieName(""), "", f.secure, 0, f.cbPath)
	f.delAttrs = strings.TrimPrefix(del.String(), del.Name+"=")
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	f.log = f.log.With("connection", f.conn.Name)
	var engineOpts []script.Option
	if f.client == nil {
		f.client = safehttp.NewClient(safehttp.Options{})
	} else {
		engineOpts = append(engineOpts, script.WithHTTPClient(f.client))
	}
	if f.ttl <= 0 {
		f.ttl = DefaultTransactionTTL
	}
	if f.replay == nil {
		f.replay = newMemoryReplay(100_000)
	}
	f.engine = cfg.Engine
	if f.engine == nil {
		// No logger on the engine: console output comes back with the
		// result and the flow logs it scrubbed of the login's tokens.
		// Without an HTTPClient of the caller's, scripts get the engine's
		// own, which leaves bodies compressed as Node's clients do.
		f.engine = script.New(engineOpts...)
	}
	var compileErrs []FieldError
	compile := func(path, src string) *script.Script {
		if src == "" {
			return nil
		}
		s, err := f.engine.Compile(src)
		if err != nil {
			reason := err.Error()
			var se *script.Error
			if errors.As(err, &se) {
				reason = "does not compile: " + se.Message
			}
			compileErrs = append(compileErrs, FieldError{Path: path, Reason: reason})
		}
		return s
	}
	f.fetch = compile("options.scripts.fetchUserProfile", f.conn.Options.Scripts.FetchUserProfile)
	f.getLogout = compile("options.scripts.getLogoutUrl", f.conn.Options.Scripts.GetLogoutURL)
	if len(compileErrs) > 0 {
		// Compile errors are configuration problems, reported like Validate's.
		return nil, &ValidationError{Errors: compileErrs}
	}
	if iss := f.conn.Options.Issuer; iss != "" {
		if err := f.discover(ctx, iss); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// discover loads the OpenID Provider's metadata: the ID token verifier, the
// RFC 9207 support flag and the end-session endpoint.
func (f *Flow) discover(ctx context.Context, issuer string) error {
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, f.client), issuer)
	if err != nil {
		return fmt.Errorf("connection: options.issuer: OpenID discovery failed: %w", err)
	}
	var meta struct {
		IssSupported bool   `json:"authorization_response_iss_parameter_supported"`
		EndSession   string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return fmt.Errorf("connection: options.issuer: OpenID discovery document: %w", err)
	}
	f.issuer = issuer
	f.openIDProvider = true
	f.issSupported = meta.IssSupported
	// The verifier fetches keys lazily with the same client, whatever the
	// context of the call that triggers the fetch.
	keyCtx := oidc.ClientContext(context.Background(), f.client)
	f.verifier = p.VerifierContext(keyCtx, &oidc.Config{ClientID: f.conn.Options.ClientID, Now: f.now})
	if meta.EndSession != "" {
		es, err := logout.NewEndSession(meta.EndSession)
		if err != nil {
			return fmt.Errorf("connection: options.issuer: end_session_endpoint: %w", err)
		}
		f.endSession = es
	}
	return nil
}

func (f *Flow) now() time.Time {
	if f.cfg.Now != nil {
		return f.cfg.Now()
	}
	return time.Now()
}

// transaction is what the sealed cookie carries between Login and Callback.
type transaction struct {
	Connection string `json:"c"`
	State      string `json:"s"`
	Verifier   string `json:"v,omitempty"`
	Nonce      string `json:"n,omitempty"`
	ReturnTo   string `json:"r,omitempty"`
}

// txCookieName is the transaction cookie's name for a state: one cookie per
// login, so several tabs can log in at once.
func txCookieName(state string) string {
	const prefix = "sc_tx_"
	sum := sha256.Sum256([]byte(state))
	var b [len(prefix) + 16]byte // 16 = base64.RawURLEncoding.EncodedLen(12)
	copy(b[:], prefix)
	base64.RawURLEncoding.Encode(b[len(prefix):], sum[:12])
	return string(b[:])
}

// Login returns the handler that starts a login: it records the transaction
// in a sealed cookie and redirects the browser to the provider. The query's
// parameters feed authParamsMap, upstream_params aliases and
// connection_scope; returnTo names where to go after the login (a path on
// this service, or an absolute URL on AllowedReturnTo).
func (f *Flow) Login() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			f.fail(w, r, &FlowError{Step: "login", Code: ErrCodeInvalidRequest, Description: "method not allowed", Status: http.StatusMethodNotAllowed})
			return
		}
		q := r.URL.Query()
		returnTo, ok := f.checkReturnTo(q.Get("returnTo"), true)
		if !ok {
			f.fail(w, r, &FlowError{Step: "login", Code: ErrCodeInvalidReturnTo, Description: "returnTo is not an allowed URL", Status: http.StatusBadRequest})
			return
		}
		tx := transaction{Connection: f.conn.Name, State: NewState(), ReturnTo: returnTo}
		if f.cfg.PKCE == PKCEAlways || f.conn.Options.PKCEEnabled {
			tx.Verifier = NewCodeVerifier()
		}
		if f.conn.RequestsOpenID() {
			tx.Nonce = NewNonce()
		}
		authURL, err := f.conn.AuthorizeURL(AuthRequest{
			RedirectURI:  f.cfg.RedirectURI,
			State:        tx.State,
			CodeVerifier: tx.Verifier,
			Nonce:        tx.Nonce,
			LoginParams:  q,
		})
		if err != nil {
			f.fail(w, r, &FlowError{Step: "login", Code: ErrCodeInvalidRequest, Description: "cannot build the authorization request", Status: http.StatusBadRequest, Err: err})
			return
		}
		plain, _ := json.Marshal(tx)
		name := txCookieName(tx.State)
		value, err := f.keys.Seal(name, plain, f.now(), f.ttl)
		if err != nil {
			f.fail(w, r, &FlowError{Step: "login", Code: ErrCodeServerError, Description: "cannot seal the login transaction", Status: http.StatusBadRequest, Err: err})
			return
		}
		http.SetCookie(w, seal.Cookie(name, value, f.secure, f.ttl, f.cbPath))
		w.Header().Set("Cache-Control", "no-store")
		f.log.InfoContext(r.Context(), "login started", "pkce", tx.Verifier != "", "openid", tx.Nonce != "")
		http.Redirect(w, r, authURL, http.StatusFound)
	})
}

// checkReturnTo validates a return URL: a path on this service (only when
// allowPath) or an absolute URL on the allow-list. Empty gives the default.
func (f *Flow) checkReturnTo(v string, allowPath bool) (string, bool) {
	if v == "" {
		if f.cfg.DefaultReturnTo != "" {
			return f.cfg.DefaultReturnTo, true
		}
		return "/", true
	}
	if allowPath && isLocalPath(v) {
		return v, true
	}
	if f.cfg.AllowedReturnTo != nil && f.cfg.AllowedReturnTo.Allowed(v) {
		return v, true
	}
	return "", false
}

// isLocalPath accepts "/x" but not "//host", "/\host" or anything with a
// scheme, control characters or backslashes, which browsers may treat as
// another origin.
func isLocalPath(v string) bool {
	if len(v) == 0 || len(v) > 2048 || v[0] != '/' {
		return false
	}
	if len(v) > 1 && (v[1] == '/' || v[1] == '\\') {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	u, err := url.Parse(v)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// Callback returns the handler mounted at the RedirectURI: it checks the
// provider's answer against the transaction cookie, exchanges the code,
// verifies the ID token (when the connection has an issuer), runs
// fetchUserProfile with the token response as ctx, normalises the profile and
// hands the result to OnLogin.
func (f *Flow) Callback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, ferr := f.callback(w, r)
		if ferr != nil {
			f.fail(w, r, ferr)
			return
		}
		f.cfg.OnLogin(w, r, res)
	})
}

func (f *Flow) callback(w http.ResponseWriter, r *http.Request) (*LoginResult, *FlowError) {
	ctx := r.Context()
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidRequest, Description: "method not allowed", Status: http.StatusMethodNotAllowed}
	}
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()
	for _, p := range []string{"state", "code", "iss", "error"} {
		if len(q[p]) > 1 {
			return nil, &FlowError{Step: "state", Code: ErrCodeInvalidRequest, Description: "the callback repeats the " + p + " parameter", Status: http.StatusBadRequest}
		}
	}
	state := q.Get("state")
	if state == "" || len(state) > 512 {
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidState, Description: "the callback has no valid state", Status: http.StatusBadRequest}
	}
	name := txCookieName(state)
	// The transaction is single-use: its cookie goes whatever happens next.
	// seal.Cookie(name, "", f.secure, 0, f.cbPath), a deletion, as
	// http.SetCookie writes it.
	w.Header().Add("Set-Cookie", name+"="+f.delAttrs)
	c, err := r.Cookie(name)
	if err != nil {
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidState, Description: "no login transaction for this state (expired, already used, or started in another browser)", Status: http.StatusBadRequest}
	}
	plain, err := f.keys.Open(name, c.Value, f.now())
	if err != nil {
		desc := "the login transaction is invalid"
		if errors.Is(err, seal.ErrExpired) {
			desc = "the login transaction has expired"
		}
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidState, Description: desc, Status: http.StatusBadRequest, Err: err}
	}
	var tx transaction
	if err := json.Unmarshal(plain, &tx); err != nil || tx.Connection != f.conn.Name ||
		subtle.ConstantTimeCompare([]byte(tx.State), []byte(state)) != 1 {
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidState, Description: "the login transaction does not match this callback", Status: http.StatusBadRequest}
	}
	first, err := f.replay.Use(ctx, name, f.now().Add(f.ttl))
	if err != nil {
		return nil, &FlowError{Step: "state", Code: ErrCodeServerError, Description: "cannot record the login transaction", Status: http.StatusBadRequest, Err: err}
	}
	if !first {
		return nil, &FlowError{Step: "state", Code: ErrCodeInvalidState, Description: "the login transaction was already used", Status: http.StatusBadRequest}
	}
	// RFC 9207: the iss parameter names the provider that answered.
	if iss, has := q["iss"]; has && f.issuer != "" {
		if iss[0] != f.issuer {
			return nil, &FlowError{Step: "iss", Code: ErrCodeInvalidRequest, Description: "the iss parameter does not match the connection's issuer", Status: http.StatusBadRequest}
		}
	} else if !has && f.issSupported {
		return nil, &FlowError{Step: "iss", Code: ErrCodeInvalidRequest, Description: "the provider advertises the iss parameter but the callback has none", Status: http.StatusBadRequest}
	}
	if e := q.Get("error"); e != "" {
		code := sanitizeCode(e)
		f.log.InfoContext(ctx, "provider returned an error", "error", code)
		return nil, &FlowError{Step: "authorize", Code: code, Description: sanitizeErrorField(q.Get("error_description"), nil), Status: http.StatusForbidden}
	}
	code := q.Get("code")
	if code == "" {
		return nil, &FlowError{Step: "authorize", Code: ErrCodeInvalidRequest, Description: "the callback has neither code nor error", Status: http.StatusBadRequest}
	}
	tok, err := f.conn.Exchange(ctx, code, f.cfg.RedirectURI, tx.Verifier, WithHTTPClient(f.client), WithTokenTimeout(f.cfg.TokenTimeout))
	if err != nil {
		desc := "the token request failed"
		var te *TokenError
		if errors.As(err, &te) && te.ErrorCode != "" {
			desc = "the provider refused the token request: " + sanitizeCode(te.ErrorCode)
		}
		f.log.WarnContext(ctx, "token exchange failed", "error", err.Error())
		return nil, &FlowError{Step: "token", Code: ErrCodeAccessDenied, Description: desc, Status: http.StatusBadRequest, Err: err}
	}
	res := &LoginResult{Tokens: tok, ReturnTo: tx.ReturnTo}
	if f.verifier != nil {
		claims, ferr := f.verifyIDToken(ctx, tok.IDToken, tx.Nonce)
		if ferr != nil {
			return nil, ferr
		}
		res.IDTokenClaims = claims
	}
	var raw any = map[string]any{}
	if f.fetch != nil {
		// Scripts see the tokens and may print them or put them in an error
		// (templates do new Error(body)); whatever leaves the script for a
		// log, the hook or the browser is scrubbed of this login's secrets.
		secrets := []string{tok.AccessToken, tok.RefreshToken, tok.IDToken, code, tx.Verifier, f.conn.Options.ClientSecret}
		out, err := f.fetch.FetchUserProfile(ctx, tok.AccessToken, tok.ScriptContext())
		if err != nil {
			var se *script.Error
			desc := "the fetchUserProfile script failed"
			if errors.As(err, &se) {
				// The error is this invocation's own: scrub it in place so
				// that the hook's errors.As still finds its Kind.
				desc = sanitizeErrorField(se.Message, secrets)
				se.Message = desc
				se.Cause = sanitizeErrorField(se.Cause, secrets)
				se.Logs = f.scriptLogs(ctx, se.Logs, secrets)
				res.Logs = se.Logs
			}
			f.log.WarnContext(ctx, "fetchUserProfile failed", "error", desc)
			return nil, &FlowError{Step: "script", Code: ErrCodeInvalidRequest, Description: desc, Status: http.StatusBadRequest, Err: err}
		}
		raw, res.Logs = out.Value, f.scriptLogs(ctx, out.Logs, secrets)
	}
	popt := f.cfg.Profile
	popt.Connection = f.conn.Name
	if popt.Logger == nil {
		popt.Logger = f.log
	}
	user, err := profile.Normalize(raw, profile.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresIn: tok.ExpiresIn}, popt)
	if err != nil {
		return nil, &FlowError{Step: "profile", Code: ErrCodeInvalidRequest, Description: "the profile is not usable", Status: http.StatusBadRequest, Err: err}
	}
	res.User = user
	f.log.InfoContext(ctx, "login completed", "user_id", user.UserID)
	return res, nil
}

// verifyIDToken checks signature, iss, aud, exp and nonce (OpenID Connect Core
// 3.1.3.7). A provider with an issuer must return an ID token when the scope
// requests openid.
func (f *Flow) verifyIDToken(ctx context.Context, raw, nonce string) (map[string]any, *FlowError) {
	if raw == "" {
		if f.conn.RequestsOpenID() {
			return nil, &FlowError{Step: "id_token", Code: ErrCodeInvalidRequest, Description: "the provider returned no ID token for an openid scope", Status: http.StatusBadRequest}
		}
		return nil, nil
	}
	idt, err := f.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, &FlowError{Step: "id_token", Code: ErrCodeInvalidRequest, Description: "the ID token is not valid", Status: http.StatusBadRequest, Err: redactTokenErr(err)}
	}
	if nonce != "" && subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, &FlowError{Step: "id_token", Code: ErrCodeInvalidRequest, Description: "the ID token's nonce does not match the login", Status: http.StatusBadRequest}
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, &FlowError{Step: "id_token", Code: ErrCodeInvalidRequest, Description: "the ID token's claims are unreadable", Status: http.StatusBadRequest, Err: err}
	}
	return claims, nil
}

// maxLogLineLen caps one console line of a script in logs and LoginResult.
const maxLogLineLen = 8 << 10

// scriptLogs scrubs the login's secrets from a script's console output and
// logs each line at debug level, as Auth0's real-time logs show them.
func (f *Flow) scriptLogs(ctx context.Context, logs []script.LogEntry, secrets []string) []script.LogEntry {
	for i := range logs {
		logs[i].Message = scrub(logs[i].Message, secrets, maxLogLineLen)
		f.log.DebugContext(ctx, "fetchUserProfile console", "level", logs[i].Level, "message", logs[i].Message)
	}
	return logs
}

// redactTokenErr keeps go-oidc's reason but never a token.
func redactTokenErr(err error) error {
	var exp *oidc.TokenExpiredError
	if errors.As(err, &exp) {
		return err
	}
	return errors.New(strings.TrimPrefix(err.Error(), "oidc: "))
}

// Logout returns the handler that logs the user out: it ends the service's
// session (FlowConfig.EndSession), then, when the request carries federated
// (or AlwaysFederated is set) and the connection configures a logoutUrl, a
// getLogoutUrl script or an OpenID end-session endpoint, redirects to the
// provider; otherwise it redirects to the validated returnTo.
func (f *Flow) Logout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		// A refused return URL makes the request fail without side effects:
		// the service's session is left as it is. This is the check
		// logout.Resolve makes first, run before EndSession.
		if _, err := logout.CheckReturnTo(f.cfg.AllowedReturnTo, q); err != nil {
			f.fail(w, r, &FlowError{Step: "logout", Code: ErrCodeInvalidReturnTo, Description: "returnTo is not an allowed logout URL", Status: http.StatusBadRequest, Err: err})
			return
		}
		var hint string
		if f.cfg.EndSession != nil {
			hint = f.cfg.EndSession(w, r)
		}
		if f.cfg.AlwaysFederated && !q.Has("federated") {
			q.Set("federated", "")
		}
		cfg := logout.Config{
			LogoutURL:  f.conn.Options.LogoutURL,
			EndSession: f.endSession,
			ClientID:   f.conn.Options.ClientID,
			AllowList:  f.cfg.AllowedReturnTo,
		}
		if f.getLogout != nil {
			cfg.Script = f.logoutScript
		}
		res, err := logout.Resolve(ctx, cfg, logout.Request{Query: q, IDTokenHint: hint, State: NewState()})
		if err != nil {
			// Fail open for the local part: the service's session is gone.
			f.log.WarnContext(ctx, "federated logout failed", "kind", res.Kind.String(), "error", err.Error())
		}
		w.Header().Set("Cache-Control", "no-store")
		if res.URL != "" {
			f.log.InfoContext(ctx, "federated logout", "kind", res.Kind.String())
			http.Redirect(w, r, res.URL, http.StatusFound)
			return
		}
		to := res.ReturnTo
		if to == "" {
			to, _ = f.checkReturnTo("", false)
		}
		http.Redirect(w, r, to, http.StatusFound)
	})
}

func (f *Flow) logoutScript(ctx context.Context, query map[string][]string) (string, error) {
	out, err := f.getLogout.GetLogoutURL(ctx, query)
	if err != nil {
		return "", err
	}
	s, ok := out.Value.(string)
	if !ok {
		return "", errors.New("getLogoutUrl did not return a string")
	}
	return s, nil
}

// fail reports a flow error to OnError, or writes the default page.
func (f *Flow) fail(w http.ResponseWriter, r *http.Request, e *FlowError) {
	if e.Status < 400 || e.Status > 499 {
		e.Status = http.StatusBadRequest
	}
	f.log.InfoContext(r.Context(), "login flow failed", "step", e.Step, "code", e.Code)
	if f.cfg.OnError != nil {
		f.cfg.OnError(w, r, e)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	fmt.Fprintf(w, "Login failed: %s\n", e.Code)
}

// sanitizeCode keeps an error code to RFC 6749's character set (%x20-21 /
// %x23-5B / %x5D-7E) and a bounded length.
func sanitizeCode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 64; i++ {
		c := s[i]
		if c >= 0x21 && c <= 0x7e && c != '"' && c != '\\' {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return ErrCodeInvalidRequest
	}
	return b.String()
}
