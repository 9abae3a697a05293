package demoprovider

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

const sessionCookie = "demoprovider_session"

// authParams are the authorization request parameters the provider reads and
// carries through the login form.
var authParams = []string{
	"client_id", "redirect_uri", "response_type", "response_mode", "scope", "state",
	"nonce", "code_challenge", "code_challenge_method", "prompt", "login_hint", "max_age",
}

// supportedScopes are granted when requested; other scopes are ignored.
var supportedScopes = []string{"openid", "profile", "email", "offline_access"}

var challengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

type authRequest struct {
	client      *Client
	redirectURI string
	state       string
	nonce       string
	scopes      []string
	challenge   string
	prompt      []string
	loginHint   string
	maxAge      int // -1 when absent
	params      url.Values
}

// oauthError is an RFC 6749 error.
type oauthError struct {
	code        string
	description string
	status      int
}

// parseAuthorize validates an authorization request. A non-empty page means
// the request cannot be answered by redirect (unknown client or redirect
// URI) and must end on an error page; otherwise oerr, if set, is sent to the
// client's redirect_uri.
func (p *Provider) parseAuthorize(v url.Values) (req *authRequest, page string, oerr *oauthError) {
	for _, name := range []string{"client_id", "redirect_uri"} {
		if len(v[name]) > 1 {
			return nil, "The " + name + " parameter was sent more than once.", nil
		}
	}
	client := p.clients[v.Get("client_id")]
	if client == nil {
		return nil, "Unknown client: the client_id is missing or not registered with this provider.", nil
	}
	redirectURI := v.Get("redirect_uri")
	if redirectURI == "" || !slices.Contains(client.RedirectURIs, redirectURI) {
		return nil, "The redirect_uri is missing or is not registered for this client.", nil
	}
	req = &authRequest{client: client, redirectURI: redirectURI, state: v.Get("state"), maxAge: -1, params: url.Values{}}
	invalid := func(desc string) (*authRequest, string, *oauthError) {
		return req, "", &oauthError{code: "invalid_request", description: desc}
	}
	for _, name := range authParams {
		if len(v[name]) > 1 {
			return invalid(name + " sent more than once")
		}
		if len(v.Get(name)) > maxParamLen {
			req.state = "" // do not echo an oversized value
			return invalid(name + " is too long")
		}
		if val := v.Get(name); val != "" {
			req.params.Set(name, val)
		}
	}
	if v.Get("request") != "" || v.Get("request_uri") != "" {
		return req, "", &oauthError{code: "request_not_supported", description: "request objects are not supported"}
	}
	if rt := v.Get("response_type"); rt != "code" {
		if rt == "" {
			return invalid("response_type is required")
		}
		return req, "", &oauthError{code: "unsupported_response_type", description: "only response_type=code is supported"}
	}
	if rm := v.Get("response_mode"); rm != "" && rm != "query" {
		return invalid("only response_mode=query is supported")
	}
	for _, s := range strings.Fields(v.Get("scope")) {
		if slices.Contains(supportedScopes, s) && !slices.Contains(req.scopes, s) {
			req.scopes = append(req.scopes, s)
		}
	}
	req.nonce = v.Get("nonce")
	req.challenge = v.Get("code_challenge")
	method := v.Get("code_challenge_method")
	switch {
	case req.challenge == "" && method != "":
		return invalid("code_challenge_method without code_challenge")
	case req.challenge == "" && client.Secret == "":
		return invalid("public clients must use PKCE (code_challenge with S256)")
	case req.challenge != "" && method != "S256":
		return invalid("code_challenge_method must be S256")
	case req.challenge != "" && !challengeRE.MatchString(req.challenge):
		return invalid("code_challenge must be the base64url SHA-256 of the verifier")
	}
	req.prompt = strings.Fields(v.Get("prompt"))
	if slices.Contains(req.prompt, "none") && len(req.prompt) > 1 {
		return invalid("prompt=none cannot be combined with other values")
	}
	if ma := v.Get("max_age"); ma != "" {
		n, err := strconv.Atoi(ma)
		if err != nil || n < 0 {
			return invalid("max_age must be a non-negative integer")
		}
		req.maxAge = n
	}
	req.loginHint = v.Get("login_hint")
	return req, "", nil
}

// parsePageForm reads the query and a body of at most maxBody bytes of a
// GET or POST request to a browser-facing endpoint (authorize, logout) into
// r.Form. Any other method, or a body that does not parse, ends on an error
// page and parsePageForm reports false. It does not check any parameter.
func (p *Provider) parsePageForm(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		p.errorPage(w, http.StatusMethodNotAllowed, "Method not allowed.")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, http.StatusBadRequest, "The request could not be parsed.")
		return false
	}
	return true
}

func (p *Provider) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if !p.parsePageForm(w, r) {
		return
	}
	req, page, oerr := p.parseAuthorize(r.Form)
	if page != "" {
		p.log.Warn("demoprovider: authorize refused", "client_id", truncate(r.Form.Get("client_id")), "reason", page)
		p.errorPage(w, http.StatusBadRequest, page)
		return
	}
	if oerr != nil {
		p.redirectError(w, r, req, oerr.code, oerr.description)
		return
	}

	if r.Method == http.MethodPost && r.PostForm.Get("action") != "" {
		p.handleLoginForm(w, r, req)
		return
	}

	now := p.now()
	sess := p.currentSession(r, now)
	if sess != nil && req.maxAge >= 0 && now.Sub(sess.authTime) > time.Duration(req.maxAge)*time.Second {
		sess = nil // too old for this request
	}
	switch {
	case slices.Contains(req.prompt, "none"):
		if sess == nil {
			p.redirectError(w, r, req, "login_required", "the user is not logged in")
			return
		}
		p.redirectCode(w, r, req, sess)
	case sess != nil && !slices.Contains(req.prompt, "login"):
		p.redirectCode(w, r, req, sess)
	default:
		p.loginPage(w, http.StatusOK, req, "")
	}
}

// handleLoginForm handles the login form's submission, which carries the
// authorization request in hidden fields (re-validated by the caller).
func (p *Provider) handleLoginForm(w http.ResponseWriter, r *http.Request, req *authRequest) {
	if origin := r.Header.Get("Origin"); origin != "" && origin != p.origin() {
		p.errorPage(w, http.StatusForbidden, "The login form was submitted from another site.")
		return
	}
	switch r.PostForm.Get("action") {
	case "cancel":
		p.log.Info("demoprovider: login cancelled", "client_id", req.client.ID)
		p.redirectError(w, r, req, "access_denied", "the user cancelled the login")
	case "login":
		username := r.PostForm.Get("username")
		user := p.checkPassword(username, r.PostForm.Get("password"))
		if user == nil {
			p.log.Info("demoprovider: login failed", "client_id", req.client.ID, "username", truncate(username))
			req.loginHint = username
			p.loginPage(w, http.StatusUnauthorized, req, "Invalid username or password.")
			return
		}
		now := p.now()
		sess := &session{user: user, authTime: now, expires: now.Add(SessionLifetime)}
		id := randomToken()
		p.mu.Lock()
		insertLocked(p, p.sessions, id, sess)
		p.mu.Unlock()
		http.SetCookie(w, &http.Cookie{
			Name: sessionCookie, Value: id, Path: p.cookiePath(),
			MaxAge: int(SessionLifetime / time.Second), HttpOnly: true,
			Secure: p.secureCookie, SameSite: http.SameSiteLaxMode,
		})
		p.log.Info("demoprovider: login succeeded", "client_id", req.client.ID, "sub", user.Subject)
		p.redirectCode(w, r, req, sess)
	default:
		p.errorPage(w, http.StatusBadRequest, "Unknown form action.")
	}
}

// checkPassword compares in constant time per candidate; it does not hide
// whether a username exists through timing of the map lookup.
func (p *Provider) checkPassword(username, password string) *User {
	u := p.users[username]
	if u == nil {
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) != 1 {
		return nil
	}
	return u
}

func (p *Provider) cookiePath() string {
	if p.base == "" {
		return "/"
	}
	return p.base + "/"
}

func (p *Provider) origin() string {
	u, _ := url.Parse(p.issuer)
	return u.Scheme + "://" + u.Host
}

func (p *Provider) currentSession(r *http.Request, now time.Time) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := lookupLocked(p.sessions, c.Value, now)
	if !ok {
		return nil
	}
	return s
}

// redirectCode issues a one-time code for sess and sends the browser to the
// client with code, state and iss.
func (p *Provider) redirectCode(w http.ResponseWriter, r *http.Request, req *authRequest, sess *session) {
	now := p.now()
	code := randomToken()
	ac := &authCode{
		grant: grant{
			clientID: req.client.ID,
			user:     sess.user,
			scopes:   req.scopes,
			nonce:    req.nonce,
			authTime: sess.authTime,
			expires:  now.Add(CodeLifetime),
			fromCode: code,
		},
		redirectURI: req.redirectURI,
		challenge:   req.challenge,
	}
	p.mu.Lock()
	insertLocked(p, p.codes, code, ac)
	p.mu.Unlock()
	p.log.Info("demoprovider: code issued", "client_id", req.client.ID, "sub", sess.user.Subject, "pkce", req.challenge != "")
	p.redirect(w, r, req, url.Values{"code": {code}})
}

// redirectError sends an RFC 6749 §4.1.2.1 error to the client's redirect_uri.
func (p *Provider) redirectError(w http.ResponseWriter, r *http.Request, req *authRequest, code, desc string) {
	p.log.Info("demoprovider: authorize error", "client_id", req.client.ID, "error", code, "description", desc)
	p.redirect(w, r, req, url.Values{"error": {code}, "error_description": {desc}})
}

func (p *Provider) redirect(w http.ResponseWriter, r *http.Request, req *authRequest, params url.Values) {
	u, err := url.Parse(req.redirectURI)
	if err != nil { // validated at New; unreachable
		p.errorPage(w, http.StatusInternalServerError, "Invalid redirect URI.")
		return
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	q.Set("iss", p.issuer)
	u.RawQuery = q.Encode()
	status := http.StatusFound
	if r.Method == http.MethodPost {
		status = http.StatusSeeOther
	}
	noStore(w)
	http.Redirect(w, r, u.String(), status)
}

func (p *Provider) loginPage(w http.ResponseWriter, status int, req *authRequest, errMsg string) {
	data := loginData{
		Title:    "Sign in",
		ClientID: req.client.ID,
		Action:   p.endpoint("/authorize"),
		Error:    errMsg,
		Username: req.loginHint,
	}
	if p.demoHint {
		data.Hint = DemoUser.Username + " / " + DemoUser.Password
		if data.Username == "" {
			data.Username = DemoUser.Username
		}
	}
	for _, name := range authParams {
		if val := req.params.Get(name); val != "" && name != "login_hint" {
			data.Hidden = append(data.Hidden, hidden{Name: name, Value: val})
		}
	}
	p.render(w, status, "login", data)
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
