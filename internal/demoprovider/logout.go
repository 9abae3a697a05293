package demoprovider

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
)

// handleLogout serves RP-initiated logout (OpenID Connect RP-Initiated
// Logout 1.0). The client is identified by id_token_hint (an ID token this
// provider signed; expired ones are accepted) and/or client_id. A
// post_logout_redirect_uri is followed only when it is registered, exactly,
// for that client; otherwise the request ends on a page, never a redirect.
// The user is not asked to confirm.
func (p *Provider) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !p.parsePageForm(w, r) {
		return
	}
	v := r.Form
	for _, name := range []string{"id_token_hint", "client_id", "post_logout_redirect_uri", "state"} {
		if len(v[name]) > 1 || len(v.Get(name)) > 4*maxParamLen {
			p.errorPage(w, http.StatusBadRequest, "The "+name+" parameter is invalid.")
			return
		}
	}
	clientID := v.Get("client_id")
	if hint := v.Get("id_token_hint"); hint != "" {
		aud, ok := p.hintAudience(hint)
		if !ok {
			p.errorPage(w, http.StatusBadRequest, "The id_token_hint was not issued by this provider.")
			return
		}
		if clientID != "" && clientID != aud {
			p.errorPage(w, http.StatusBadRequest, "The client_id does not match the id_token_hint.")
			return
		}
		clientID = aud
	}
	var client *Client
	if clientID != "" {
		if client = p.clients[clientID]; client == nil {
			p.errorPage(w, http.StatusBadRequest, "Unknown client.")
			return
		}
	}
	target := v.Get("post_logout_redirect_uri")
	if target != "" {
		if client == nil {
			p.errorPage(w, http.StatusBadRequest, "A post_logout_redirect_uri needs client_id or id_token_hint.")
			return
		}
		if !slices.Contains(client.PostLogoutRedirectURIs, target) {
			p.errorPage(w, http.StatusBadRequest, "The post_logout_redirect_uri is not registered for this client.")
			return
		}
	}

	p.endSession(w, r)
	if target == "" {
		p.render(w, http.StatusOK, "message", messageData{Title: "Logged out", Message: "You are logged out."})
		return
	}
	u, err := url.Parse(target)
	if err != nil { // validated at New; unreachable
		p.errorPage(w, http.StatusInternalServerError, "Invalid redirect URI.")
		return
	}
	if state := v.Get("state"); state != "" {
		q := u.Query()
		q.Set("state", state)
		u.RawQuery = q.Encode()
	}
	noStore(w)
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// endSession forgets the browser's session and clears its cookie.
func (p *Provider) endSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		p.mu.Lock()
		s := p.sessions[c.Value]
		delete(p.sessions, c.Value)
		p.mu.Unlock()
		if s != nil {
			p.log.Info("demoprovider: logged out", "sub", s.user.Subject)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: p.cookiePath(), MaxAge: -1,
		HttpOnly: true, Secure: p.secureCookie, SameSite: http.SameSiteLaxMode,
	})
}

// hintAudience verifies an ID token signed by this provider, ignoring its
// expiry, and returns its single audience.
func (p *Provider) hintAudience(hint string) (string, bool) {
	jws, err := jose.ParseSigned(hint, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return "", false
	}
	payload, err := jws.Verify(&p.key.PublicKey)
	if err != nil {
		return "", false
	}
	var claims struct {
		Issuer   string `json:"iss"`
		Audience string `json:"aud"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil || claims.Issuer != p.issuer || claims.Audience == "" {
		return "", false
	}
	return claims.Audience, true
}
