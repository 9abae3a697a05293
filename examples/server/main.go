// Command server is a small web application that logs users in through an
// Auth0-style custom social connection, to try the library and to read as an
// example of embedding it:
//
//	go run ./examples/server                           # embedded demo provider, user demo / demo
//	go run ./examples/server -connection conn.json     # a real provider
//
// Flags:
//
//	-connection FILE  Auth0 connection JSON ("strategy": "oauth2"); without it an
//	                  embedded OpenID Provider is started on a loopback port
//	-addr HOST:PORT   where to listen (default 127.0.0.1:8080)
//	-public-url URL   the origin browsers use, e.g. https://app.example.com
//	                  (default http://<addr>); the callback URL registered at
//	                  the provider is <public-url>/login/callback
//	-cookie-key KEY   32 bytes, hex or base64, sealing the login transaction
//	                  cookie; share it between instances behind one public URL.
//	                  Default: random per start, so logins in flight do not
//	                  survive a restart
//
// Routes: GET / (home page), GET /login (query parameters feed the
// connection's authParamsMap; returnTo=/path comes back there), GET
// /login/callback, GET /profile (the user as JSON, 401 when logged out) and
// GET /logout?returnTo=URL (local, then federated logout; returnTo must be on
// this server's origin).
//
// An unusable connection file, flag or key exits with status 2 after listing
// every problem on standard error; other failures exit 1.
//
// The demo provider listens on 127.0.0.1 over plain HTTP, so the demo mode
// only works from a browser on the same machine. Users and sessions are kept
// in memory. This is an example: a service keeps them in its own stores,
// behind TLS.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/socialconn/socialconn/connection"
	"github.com/socialconn/socialconn/logout"
	"github.com/socialconn/socialconn/profile"
)

const (
	callbackPath = "/login/callback"
	sessionTTL   = 8 * time.Hour
	maxSessions  = 10_000
	maxUsers     = 10_000
)

func main() {
	// Ctrl-C or a SIGTERM from the process manager cancels ctx; run then
	// stops accepting connections and lets requests in flight finish.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// configError is a bad flag, key or connection file: exit status 2.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// exitCode is the process status for run's result.
func exitCode(err error) int {
	var ce *configError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ce):
		return 2
	}
	return 1
}

type options struct {
	connectionFile string
	addr           string
	publicURL      string // origin without trailing slash; "" until listening
	cookieKey      []byte // nil: random
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.StringVar(&o.connectionFile, "connection", "", "Auth0 connection JSON `file` (default: the embedded demo provider)")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on")
	fs.StringVar(&o.publicURL, "public-url", "", "origin browsers use, e.g. https://app.example.com (default http://<addr>)")
	key := fs.String("cookie-key", "", "32-byte `key`, hex or base64, for the login transaction cookie (default: random per start)")
	if err := fs.Parse(args); err != nil {
		return nil, err // the flag package has printed the problem and usage
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.publicURL != "" {
		u, err := parsePublicURL(o.publicURL)
		if err != nil {
			return nil, err
		}
		o.publicURL = u
	}
	if *key != "" {
		k, err := parseCookieKey(*key)
		if err != nil {
			return nil, err
		}
		o.cookieKey = k
	}
	return o, nil
}

// parseCookieKey reads 32 bytes written as 64 hex digits or in base64
// (standard or URL alphabet, padded or not). Its error never repeats the key.
func parseCookieKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 64 {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("-cookie-key: want 32 bytes as 64 hex digits or base64 (try: openssl rand -hex 32)")
}

// parsePublicURL accepts an http(s) origin, with or without a trailing
// slash. Paths are refused: the routes are mounted at the root.
func parsePublicURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return "", errors.New("-public-url: want an origin such as https://app.example.com (no path, query or credentials)")
	}
	return u.Scheme + "://" + u.Host, nil
}

// defaultPublicURL is http://<listening address>, with localhost standing in
// for an unspecified or IPv6 address (allow-lists match host names and IPv4
// addresses only).
func defaultPublicURL(addr net.Addr) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip, err := netip.ParseAddr(host); err == nil && (ip.IsUnspecified() || ip.Is6()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// run is the whole program: main only turns its error into an exit status.
// Every failure is reported on stderr before run returns.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return &configError{err}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	// Load the connection before listening, so that a bad file stops the
	// server at once with every problem listed.
	var conn *connection.Connection
	if opts.connectionFile != "" {
		if conn, err = loadConnectionFile(opts.connectionFile); err != nil {
			reportConnectionError(stderr, opts.connectionFile, err)
			return &configError{err}
		}
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", opts.addr)
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return err
	}
	defer ln.Close()
	publicURL := opts.publicURL
	if publicURL == "" {
		publicURL = defaultPublicURL(ln.Addr())
	}

	if conn == nil {
		// The demo provider must outlive our server's graceful shutdown
		// (a callback in flight still talks to it), so it gets its own
		// context and is closed after the server has stopped.
		op, demoConn, err := startDemo(context.WithoutCancel(ctx), publicURL, log)
		if err != nil {
			fmt.Fprintln(stderr, "server:", err)
			return err
		}
		defer op.Close()
		conn = demoConn
	}

	key := opts.cookieKey
	if key == nil {
		key = make([]byte, 32)
		_, _ = rand.Read(key)
		log.Warn("no -cookie-key: using a random key; logins in flight do not survive a restart and other instances cannot finish them")
	}

	handler, err := newServer(ctx, serverConfig{
		Connection: conn,
		PublicURL:  publicURL,
		CookieKeys: [][]byte{key},
		Logger:     log,
	})
	if err != nil {
		// A script that does not compile is a problem of the connection
		// file, reported like the validation errors.
		var ve *connection.ValidationError
		if errors.As(err, &ve) {
			name := opts.connectionFile
			if name == "" {
				name = "(demo)"
			}
			reportConnectionError(stderr, name, err)
			return &configError{err}
		}
		fmt.Fprintln(stderr, "server:", err)
		return err
	}

	srv := &http.Server{
		Handler: handler,
		// Timeouts bound slow clients. WriteTimeout leaves room for the
		// callback: token request (10s) plus fetchUserProfile (20s).
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	log.Info("listening", "addr", ln.Addr().String(), "public_url", publicURL, "connection", conn.Name)
	fmt.Fprintf(stdout, "Listening on %s\n", ln.Addr())
	if opts.connectionFile == "" {
		fmt.Fprintf(stdout, "Open %s/ and log in as demo / demo\n", publicURL)
	} else {
		fmt.Fprintf(stdout, "Open %s/ and log in with %s (the provider must allow the callback URL %s)\n",
			publicURL, conn.Name, publicURL+callbackPath)
	}

	select {
	case err := <-served:
		fmt.Fprintln(stderr, "server:", err)
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintln(stderr, "server: shutdown:", err)
		return err
	}
	<-served
	return nil
}

// loadConnectionFile reads and validates a connection file.
func loadConnectionFile(path string) (*connection.Connection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, connection.MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	// Load decodes (refusing documents over MaxDocumentSize) and validates,
	// reporting every problem at once.
	return connection.Load(data)
}

// reportConnectionError lists every problem of a connection file, one per
// line. The messages name fields, never their values, so secrets in the
// file are not printed.
func reportConnectionError(w io.Writer, path string, err error) {
	var ve *connection.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintf(w, "server: -connection %s: %d problem(s):\n", path, len(ve.Errors))
		for _, fe := range ve.Errors {
			fmt.Fprintf(w, "  %s\n", fe.Error())
		}
		return
	}
	fmt.Fprintf(w, "server: -connection %s: %v\n", path, err)
}

// serverConfig is what newServer needs; run fills it from the flags.
type serverConfig struct {
	Connection *connection.Connection
	PublicURL  string // origin, no trailing slash
	CookieKeys [][]byte
	Logger     *slog.Logger
}

type server struct {
	http.Handler // the routes
	flow         *connection.Flow
	logoutH      http.Handler
	store        *store
	policy       profile.Policy
	conn         string
	home         string // PublicURL + "/"
	secure       bool
	cookie       string
	log          *slog.Logger
	logoutURL    string // /logout?returnTo=home, for the page
}

// newServer wires a connection's login flow to the example's session store;
// the result is the application's handler. ctx bounds OpenID discovery.
func newServer(ctx context.Context, cfg serverConfig) (*server, error) {
	s := &server{
		store: newStore(sessionTTL, maxSessions, maxUsers),
		// The connection decides what a repeat login may overwrite and
		// what is never stored, as in Auth0.
		policy: profile.Policy{
			SetUserRootAttributes: cfg.Connection.Options.SetUserRootAttributes,
			NonPersistentAttrs:    cfg.Connection.Options.NonPersistentAttrs,
		},
		conn:   cfg.Connection.Name,
		home:   cfg.PublicURL + "/",
		secure: strings.HasPrefix(cfg.PublicURL, "https://"),
		log:    cfg.Logger,
	}
	s.logoutURL = "/logout?" + url.Values{"returnTo": {s.home}}.Encode()
	s.cookie = "sid"
	if s.secure {
		// __Host- cookies are Secure, host-only and Path=/: no subdomain
		// can plant or overwrite them.
		s.cookie = "__Host-sid"
	}
	// Allowed return URLs: this origin's home page only (the allow-list has
	// no path prefixes). Relative paths such as /profile are always fine
	// after login.
	allow, err := logout.NewAllowList(s.home)
	if err != nil {
		return nil, fmt.Errorf("-public-url: %w", err)
	}
	s.flow, err = connection.NewFlow(ctx, connection.FlowConfig{
		Connection: cfg.Connection,
		// Fixed from configuration, never from the Host header: the
		// provider compares it with the registered callback.
		RedirectURI:     cfg.PublicURL + callbackPath,
		CookieKeys:      cfg.CookieKeys,
		OnLogin:         s.onLogin,
		OnError:         s.onError,
		EndSession:      s.endSession,
		AllowedReturnTo: allow,
		// Log out of the provider too, so "log out" means the next login
		// asks for the password again.
		AlwaysFederated: true,
		Logger:          cfg.Logger,
	})
	if err != nil {
		return nil, err
	}
	s.logoutH = s.flow.Logout()

	mux := http.NewServeMux()
	mux.Handle("GET /login", s.flow.Login())
	mux.Handle("GET "+callbackPath, s.flow.Callback())
	mux.HandleFunc("GET /logout", s.logout)
	mux.HandleFunc("GET /profile", s.profile)
	mux.HandleFunc("GET /{$}", s.homePage)
	s.Handler = securityHeaders(mux)
	return s, nil
}

// onLogin stores the user and starts a session. The Flow has already checked
// state, PKCE, the ID token and the returnTo.
func (s *server) onLogin(w http.ResponseWriter, r *http.Request, res *connection.LoginResult) {
	if err := s.store.saveLogin(res.User, s.policy); err != nil {
		s.log.WarnContext(r.Context(), "login refused", "user_id", res.User.UserID, "error", err.Error())
		status := http.StatusInternalServerError
		if errors.Is(err, profile.ErrUserCreationDisabled) {
			status = http.StatusForbidden
		}
		s.renderError(w, status, "login_refused", "This account cannot log in here.")
		return
	}
	// A new session id at every login, so an id planted before the login
	// (session fixation) is worthless.
	s.endSession(w, r)
	id, expires := s.store.newSession(res.User.UserID, res.Tokens.IDToken)
	http.SetCookie(w, &http.Cookie{
		Name: s.cookie, Value: id, Path: "/", Expires: expires, MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, res.ReturnTo, http.StatusFound)
}

// endSession ends the local session and returns its ID token for the
// provider's logout (id_token_hint).
func (s *server) endSession(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(s.cookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return s.store.end(c.Value)
}

// currentUser returns the logged-in user, or nil.
func (s *server) currentUser(r *http.Request) *profile.User {
	c, err := r.Cookie(s.cookie)
	if err != nil {
		return nil
	}
	u, _ := s.store.user(c.Value)
	return u
}

// logout defaults returnTo to the home page, as Auth0 defaults it to the
// application's first allowed logout URL; the Flow validates it.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query(); !q.Has("returnTo") {
		q.Set("returnTo", s.home)
		r = r.Clone(r.Context())
		r.URL.RawQuery = q.Encode()
	}
	s.logoutH.ServeHTTP(w, r)
}

// publicView is the user as the browser may see it: the provider's tokens
// stay on the server.
func publicView(u *profile.User) *profile.User {
	v := u.Clone()
	for i := range v.Identities {
		v.Identities[i].AccessToken = ""
		v.Identities[i].RefreshToken = ""
	}
	return v
}

func (s *server) profile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	u := s.currentUser(r)
	if u == nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "error_description": "not logged in: open /login"})
		return
	}
	writeJSON(w, http.StatusOK, publicView(u))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, `{"error":"server_error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>socialconn example</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
pre{background:#f4f4f4;padding:1rem;overflow:auto}.button{display:inline-block;padding:.5rem 1.2rem;background:#222;color:#fff;text-decoration:none;border-radius:4px}</style>
</head><body><h1>socialconn example</h1>{{end}}
{{define "home"}}{{template "head"}}
{{if .User}}<p>Logged in as <strong>{{.User.Name}}</strong>{{with .User.Email}} ({{.}}){{end}} through <code>{{.Connection}}</code>.</p>
<pre>{{.JSON}}</pre>
<p><a class="button" href="{{.LogoutURL}}">Log out</a> &nbsp; <a href="/profile">/profile</a></p>
{{else}}<p>Not logged in.</p>
<p><a class="button" href="/login">Log in with {{.Connection}}</a></p>{{end}}
</body></html>{{end}}
{{define "error"}}{{template "head"}}
<p>Login failed: <code>{{.Code}}</code></p>{{with .Description}}<p>{{.}}</p>{{end}}
<p><a href="/">Back</a></p>
</body></html>{{end}}
`))

func (s *server) homePage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		Connection, LogoutURL, JSON string
		User                        *profile.User
	}{Connection: s.conn, LogoutURL: s.logoutURL}
	if u := s.currentUser(r); u != nil {
		data.User = publicView(u)
		b, _ := json.MarshalIndent(data.User, "", "  ")
		data.JSON = string(b)
	}
	w.Header().Set("Cache-Control", "no-store")
	render(w, http.StatusOK, "home", data)
}

// onError shows the flow's error code and description. The description may
// come from the provider: html/template escapes it.
func (s *server) onError(w http.ResponseWriter, r *http.Request, e *connection.FlowError) {
	s.renderError(w, e.Status, e.Code, e.Description)
}

func (s *server) renderError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	render(w, status, "error", struct{ Code, Description string }{code, desc})
}

func render(w http.ResponseWriter, status int, name string, data any) {
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, b.String())
}

// securityHeaders applies to every response. no-referrer keeps the callback
// URL (with its one-time code) out of Referer headers.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}
