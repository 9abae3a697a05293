package demoprovider

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

var verifierRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

func (p *Provider) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                 p.issuer,
		"authorization_endpoint": p.endpoint("/authorize"),
		"token_endpoint":         p.endpoint("/token"),
		"userinfo_endpoint":      p.endpoint("/userinfo"),
		"jwks_uri":               p.endpoint("/jwks"),
		"end_session_endpoint":   p.endpoint("/logout"),
		"authorization_response_iss_parameter_supported": true,
		"code_challenge_methods_supported":               []string{"S256"},
		"response_types_supported":                       []string{"code"},
		"response_modes_supported":                       []string{"query"},
		"grant_types_supported":                          []string{"authorization_code", "refresh_token"},
		"subject_types_supported":                        []string{"public"},
		"id_token_signing_alg_values_supported":          []string{string(jose.RS256)},
		"token_endpoint_auth_methods_supported":          []string{"client_secret_post", "client_secret_basic"},
		"scopes_supported":                               supportedScopes,
		"prompt_values_supported":                        []string{"none", "login"},
		"claims_supported": []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
			"email", "email_verified", "name", "given_name", "family_name",
			"picture", "locale", "preferred_username",
		},
		"request_parameter_supported":     false,
		"request_uri_parameter_supported": false,
	})
}

func (p *Provider) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, p.jwks)
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeOAuthError(w, &oauthError{code: "invalid_request", description: "method not allowed", status: http.StatusMethodNotAllowed})
}

// handleToken serves the token endpoint (RFC 6749 §3.2).
func (p *Provider) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, "POST")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		writeOAuthError(w, &oauthError{code: "invalid_request", description: "content type must be application/x-www-form-urlencoded"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, &oauthError{code: "invalid_request", description: "malformed request body"})
		return
	}
	form := r.PostForm
	for k, v := range form {
		if len(v) > 1 {
			writeOAuthError(w, &oauthError{code: "invalid_request", description: k + " sent more than once"})
			return
		}
		if len(v[0]) > maxParamLen {
			writeOAuthError(w, &oauthError{code: "invalid_request", description: k + " is too long"})
			return
		}
	}
	client, oerr := p.authenticateClient(r, form)
	if oerr != nil {
		if _, _, basic := r.BasicAuth(); basic && oerr.code == "invalid_client" {
			w.Header().Set("WWW-Authenticate", `Basic realm="demoprovider"`)
		}
		p.log.Info("demoprovider: token refused", "client_id", truncate(form.Get("client_id")), "error", oerr.code, "description", oerr.description)
		writeOAuthError(w, oerr)
		return
	}
	var g *grant
	switch gt := form.Get("grant_type"); gt {
	case "authorization_code":
		g, oerr = p.redeemCode(client, form)
	case "refresh_token":
		g, oerr = p.redeemRefresh(client, form)
	case "":
		oerr = &oauthError{code: "invalid_request", description: "grant_type is required"}
	default:
		oerr = &oauthError{code: "unsupported_grant_type", description: "grant_type must be authorization_code or refresh_token"}
	}
	if oerr != nil {
		p.log.Info("demoprovider: token refused", "client_id", client.ID, "error", oerr.code, "description", oerr.description)
		writeOAuthError(w, oerr)
		return
	}
	resp, err := p.issueTokens(g, form.Get("grant_type") == "authorization_code")
	if err != nil {
		p.log.Error("demoprovider: issue tokens", "client_id", client.ID, "err", err)
		writeOAuthError(w, &oauthError{code: "server_error", description: "could not issue tokens", status: http.StatusInternalServerError})
		return
	}
	p.log.Info("demoprovider: tokens issued", "client_id", client.ID, "sub", g.user.Subject, "grant_type", form.Get("grant_type"))
	noStore(w)
	writeJSON(w, http.StatusOK, resp)
}

// authenticateClient applies client_secret_basic or client_secret_post; a
// public client (no secret) identifies itself with client_id alone.
func (p *Provider) authenticateClient(r *http.Request, form url.Values) (*Client, *oauthError) {
	invalidClient := &oauthError{code: "invalid_client", description: "client authentication failed", status: http.StatusUnauthorized}
	var id, secret string
	if user, pass, ok := r.BasicAuth(); ok {
		if form.Has("client_secret") {
			return nil, &oauthError{code: "invalid_request", description: "more than one client authentication method"}
		}
		// RFC 6749 §2.3.1: both are form-urlencoded before Basic encoding.
		var err1, err2 error
		id, err1 = url.QueryUnescape(user)
		secret, err2 = url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return nil, invalidClient
		}
		if form.Has("client_id") && form.Get("client_id") != id {
			return nil, &oauthError{code: "invalid_request", description: "client_id does not match the authenticated client"}
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	client := p.clients[id]
	if client == nil {
		return nil, invalidClient
	}
	if client.Secret == "" {
		if secret != "" {
			return nil, invalidClient
		}
		return client, nil
	}
	if subtle.ConstantTimeCompare([]byte(client.Secret), []byte(secret)) != 1 {
		return nil, invalidClient
	}
	return client, nil
}

func (p *Provider) redeemCode(client *Client, form url.Values) (*grant, *oauthError) {
	invalidGrant := func(desc string) (*grant, *oauthError) {
		return nil, &oauthError{code: "invalid_grant", description: desc}
	}
	code := form.Get("code")
	if code == "" {
		return nil, &oauthError{code: "invalid_request", description: "code is required"}
	}
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	ac, ok := lookupLocked(p.codes, code, now)
	if !ok {
		return invalidGrant("the authorization code is invalid or expired")
	}
	if ac.used {
		// RFC 6749 §4.1.2: revoke what the first redemption issued.
		p.revokeFromCodeLocked(code)
		return invalidGrant("the authorization code was already used")
	}
	if ac.clientID != client.ID {
		return invalidGrant("the authorization code was issued to another client")
	}
	if form.Get("redirect_uri") != ac.redirectURI {
		return invalidGrant("redirect_uri does not match the authorization request")
	}
	verifier := form.Get("code_verifier")
	switch {
	case ac.challenge == "" && verifier != "":
		return invalidGrant("code_verifier sent but no code_challenge was in the authorization request")
	case ac.challenge != "" && verifier == "":
		return invalidGrant("code_verifier is required")
	case ac.challenge != "":
		if !verifierRE.MatchString(verifier) {
			return invalidGrant("code_verifier is malformed")
		}
		sum := sha256.Sum256([]byte(verifier))
		if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(ac.challenge)) != 1 {
			return invalidGrant("code_verifier does not match the code_challenge")
		}
	}
	ac.used = true
	g := ac.grant
	return &g, nil
}

func (p *Provider) revokeFromCodeLocked(code string) {
	for k, g := range p.access {
		if g.fromCode == code {
			delete(p.access, k)
		}
	}
	for k, g := range p.refresh {
		if g.fromCode == code {
			delete(p.refresh, k)
		}
	}
}

func (p *Provider) redeemRefresh(client *Client, form url.Values) (*grant, *oauthError) {
	rt := form.Get("refresh_token")
	if rt == "" {
		return nil, &oauthError{code: "invalid_request", description: "refresh_token is required"}
	}
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := lookupLocked(p.refresh, rt, now)
	if !ok || old.clientID != client.ID {
		return nil, &oauthError{code: "invalid_grant", description: "the refresh token is invalid or expired"}
	}
	g := *old
	if s := form.Get("scope"); s != "" {
		var narrowed []string
		for _, sc := range strings.Fields(s) {
			if !slices.Contains(old.scopes, sc) {
				return nil, &oauthError{code: "invalid_scope", description: "scope exceeds the original grant"}
			}
			if !slices.Contains(narrowed, sc) {
				narrowed = append(narrowed, sc)
			}
		}
		g.scopes = narrowed
	}
	// Rotation: the old refresh token is spent.
	delete(p.refresh, rt)
	return &g, nil
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// issueTokens mints an access token, an ID token when openid was granted
// (with the nonce only on the code grant) and a refresh token when
// offline_access was granted.
func (p *Provider) issueTokens(g *grant, fromCode bool) (*tokenResponse, error) {
	now := p.now()
	resp := &tokenResponse{
		AccessToken: randomToken(),
		TokenType:   "Bearer",
		ExpiresIn:   int64(AccessTokenLifetime / time.Second),
		Scope:       strings.Join(g.scopes, " "),
	}
	if slices.Contains(g.scopes, "openid") {
		idt, err := p.idToken(g, resp.AccessToken, fromCode, now)
		if err != nil {
			return nil, err
		}
		resp.IDToken = idt
	}
	at := *g
	at.expires = now.Add(AccessTokenLifetime)
	p.mu.Lock()
	defer p.mu.Unlock()
	insertLocked(p, p.access, resp.AccessToken, &at)
	if slices.Contains(g.scopes, "offline_access") {
		resp.RefreshToken = randomToken()
		rt := *g
		rt.expires = now.Add(RefreshTokenLifetime)
		insertLocked(p, p.refresh, resp.RefreshToken, &rt)
	}
	return resp, nil
}

func (p *Provider) idToken(g *grant, accessToken string, withNonce bool, now time.Time) (string, error) {
	sum := sha256.Sum256([]byte(accessToken))
	claims := map[string]any{
		"iss":       p.issuer,
		"sub":       g.user.Subject,
		"aud":       g.clientID,
		"azp":       g.clientID,
		"exp":       now.Add(IDTokenLifetime).Unix(),
		"iat":       now.Unix(),
		"auth_time": g.authTime.Unix(),
		"at_hash":   base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]),
	}
	if withNonce && g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	for k, v := range userClaims(g.user, g.scopes) {
		claims[k] = v
	}
	return jwt.Signed(p.signer).Claims(claims).Serialize()
}

// userClaims returns the claims the scopes release: sub always; the profile
// claims with "profile", the email claims with "email". A grant without
// "openid" (plain OAuth 2.0) releases all of them, as a social API would.
func userClaims(u *User, scopes []string) map[string]any {
	plain := !slices.Contains(scopes, "openid")
	c := map[string]any{"sub": u.Subject}
	set := func(k, v string) {
		if v != "" {
			c[k] = v
		}
	}
	if plain || slices.Contains(scopes, "profile") {
		set("name", u.Name)
		set("given_name", u.GivenName)
		set("family_name", u.FamilyName)
		set("picture", u.Picture)
		set("locale", u.Locale)
		set("preferred_username", u.Username)
	}
	if (plain || slices.Contains(scopes, "email")) && u.Email != "" {
		c["email"] = u.Email
		c["email_verified"] = u.EmailVerified
	}
	return c
}

// handleUserinfo serves the UserInfo endpoint. The access token is read from
// the Authorization header, or from a form body on POST (RFC 6750 §2.2);
// never from the query string.
func (p *Provider) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		methodNotAllowed(w, "GET, POST")
		return
	}
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="demoprovider"`)
		writeOAuthError(w, &oauthError{code: "invalid_request", description: "a bearer token is required", status: http.StatusUnauthorized})
		return
	}
	p.mu.Lock()
	g, found := lookupLocked(p.access, token, p.now())
	p.mu.Unlock()
	if !found {
		w.Header().Set("WWW-Authenticate", `Bearer realm="demoprovider", error="invalid_token"`)
		writeOAuthError(w, &oauthError{code: "invalid_token", description: "the access token is invalid or expired", status: http.StatusUnauthorized})
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, userClaims(g.user, g.scopes))
}

func bearerToken(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || len(tok) > maxParamLen {
			return "", false
		}
		return strings.TrimSpace(tok), true
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseForm(); err == nil {
			if tok := r.PostForm.Get("access_token"); tok != "" && len(tok) <= maxParamLen {
				return tok, true
			}
		}
	}
	return "", false
}
