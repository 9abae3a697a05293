package demoprovider

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestDiscovery(t *testing.T) {
	h := newHarness(t)
	r := h.get("/.well-known/openid-configuration", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	d := r.json(t)
	iss := h.p.Issuer()
	assert.Equal(t, iss, d["issuer"])
	assert.Equal(t, iss+"/authorize", d["authorization_endpoint"])
	assert.Equal(t, iss+"/token", d["token_endpoint"])
	assert.Equal(t, iss+"/userinfo", d["userinfo_endpoint"])
	assert.Equal(t, iss+"/jwks", d["jwks_uri"])
	assert.Equal(t, iss+"/logout", d["end_session_endpoint"])
	assert.Equal(t, true, d["authorization_response_iss_parameter_supported"])
	assert.Equal(t, []any{"S256"}, d["code_challenge_methods_supported"])
	assert.Equal(t, []any{"code"}, d["response_types_supported"])
	assert.Equal(t, []any{"RS256"}, d["id_token_signing_alg_values_supported"])
	assert.ElementsMatch(t, []any{"client_secret_post", "client_secret_basic"}, d["token_endpoint_auth_methods_supported"])

	// A real relying-party library accepts it.
	op, err := oidc.NewProvider(context.Background(), iss)
	require.NoError(t, err)
	assert.Equal(t, iss+"/authorize", op.Endpoint().AuthURL)

	jwks := h.get("/jwks", nil).json(t)
	keys := jwks["keys"].([]any)
	require.Len(t, keys, 1)
	k := keys[0].(map[string]any)
	assert.Equal(t, "RSA", k["kty"])
	assert.Equal(t, "RS256", k["alg"])
	assert.Equal(t, "sig", k["use"])
	assert.NotEmpty(t, k["kid"])
	assert.NotContains(t, k, "d", "private exponent must not be published")
}

func TestFullCodeFlow(t *testing.T) {
	h := newHarness(t)
	ctx := oidc.ClientContext(context.Background(), h.srv.Client())
	op, err := oidc.NewProvider(ctx, h.p.Issuer())
	require.NoError(t, err)

	verifier := strings.Repeat("v", 43) + "-._~x"
	nonce := "n-0S6_WzA2Mj"
	q := authParamsFor(appID, appCallback, "st&te=1", nonce, s256(verifier), "openid profile email")

	// The form, with the demo hint, carrying the request.
	page := h.get("/authorize", q)
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, page.body, "demo / demo")
	assert.Contains(t, page.body, `name="username" value="demo"`)
	assert.Contains(t, page.body, `name="state" value="st&amp;te=1"`)
	assert.Contains(t, page.header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Equal(t, "no-store", page.header.Get("Cache-Control"))

	r := h.submitLogin(page, "demo", "demo", "login")
	require.Equal(t, http.StatusSeeOther, r.status)
	code := h.codeFrom(r, appCallback, "st&te=1")

	tr := h.token(withPost(codeGrant(code, appCallback, verifier), appID, appSecret), "", "")
	require.Equal(t, http.StatusOK, tr.status, tr.body)
	assert.Equal(t, "no-store", tr.header.Get("Cache-Control"))
	tok := tr.json(t)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.EqualValues(t, 3600, tok["expires_in"])
	assert.Equal(t, "openid profile email", tok["scope"])
	assert.NotContains(t, tok, "refresh_token", "no offline_access requested")
	at := tok["access_token"].(string)
	rawID := tok["id_token"].(string)

	idt, err := op.Verifier(&oidc.Config{ClientID: appID, Now: h.clock.Now}).Verify(ctx, rawID)
	require.NoError(t, err)
	assert.Equal(t, nonce, idt.Nonce, "nonce check is the caller's job")
	assert.Equal(t, DemoUser.Subject, idt.Subject)
	require.NoError(t, idt.VerifyAccessToken(at))
	var claims map[string]any
	require.NoError(t, idt.Claims(&claims))
	assert.Equal(t, "demo@example.com", claims["email"])
	assert.Equal(t, true, claims["email_verified"])
	assert.Equal(t, "Demo User", claims["name"])
	assert.NotEmpty(t, claims["auth_time"])

	// Another client's verifier refuses it.
	_, err = op.Verifier(&oidc.Config{ClientID: otherID, Now: h.clock.Now}).Verify(ctx, rawID)
	require.Error(t, err)

	ui := h.userinfo(at)
	require.Equal(t, http.StatusOK, ui.status, ui.body)
	info := ui.json(t)
	assert.Equal(t, idt.Subject, info["sub"])
	for k, want := range map[string]any{
		"email": "demo@example.com", "email_verified": true, "name": "Demo User", "given_name": "Demo",
		"family_name": "User", "picture": DemoUser.Picture, "locale": "en", "preferred_username": "demo",
	} {
		assert.Equal(t, want, info[k], k)
	}
	// go-oidc's UserInfo call agrees.
	uinfo, err := op.UserInfo(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: at}))
	require.NoError(t, err)
	assert.Equal(t, idt.Subject, uinfo.Subject)

	// The provider session skips the form next time.
	r = h.get("/authorize", authParamsFor(appID, appCallback, "second", "", "", "openid"))
	h.codeFrom(r, appCallback, "second")
}

func TestTokenClientAuthentication(t *testing.T) {
	tests := []struct {
		name       string
		basicID    string
		basicPass  string
		postID     string
		postSecret string
		wantStatus int
		wantErr    string
	}{
		{name: "client_secret_post", postID: appID, postSecret: appSecret, wantStatus: 200},
		{name: "client_secret_basic", basicID: appID, basicPass: appSecret, wantStatus: 200},
		{name: "basic with matching client_id in body", basicID: appID, basicPass: appSecret, postID: appID, wantStatus: 200},
		{name: "wrong secret post", postID: appID, postSecret: "nope", wantStatus: 401, wantErr: "invalid_client"},
		{name: "wrong secret basic", basicID: appID, basicPass: "nope", wantStatus: 401, wantErr: "invalid_client"},
		{name: "missing secret", postID: appID, wantStatus: 401, wantErr: "invalid_client"},
		{name: "unknown client", postID: "nobody", postSecret: "x", wantStatus: 401, wantErr: "invalid_client"},
		{name: "no client at all", wantStatus: 401, wantErr: "invalid_client"},
		{name: "basic and post secret", basicID: appID, basicPass: appSecret, postID: appID, postSecret: appSecret, wantStatus: 400, wantErr: "invalid_request"},
		{name: "basic and other client_id", basicID: appID, basicPass: appSecret, postID: otherID, wantStatus: 400, wantErr: "invalid_request"},
		{name: "another client's secret", postID: otherID, postSecret: otherSecret, wantStatus: 400, wantErr: "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
			form := codeGrant(code, appCallback, "")
			if tt.postID != "" {
				form.Set("client_id", tt.postID)
			}
			if tt.postSecret != "" {
				form.Set("client_secret", tt.postSecret)
			}
			r := h.token(form, tt.basicID, tt.basicPass)
			require.Equal(t, tt.wantStatus, r.status, r.body)
			body := r.json(t)
			if tt.wantErr == "" {
				assert.NotEmpty(t, body["access_token"])
				assert.NotEmpty(t, body["id_token"])
				return
			}
			assert.Equal(t, tt.wantErr, body["error"])
			assert.NotContains(t, r.body, code)
			assert.NotContains(t, r.body, appSecret)
			if tt.wantStatus == 401 && tt.basicID != "" {
				assert.Contains(t, r.header.Get("WWW-Authenticate"), "Basic")
			}
		})
	}
}

func TestBasicAuthIsFormDecoded(t *testing.T) {
	const id, secret = "client:with space", "p@ss:w%rd+"
	h := newHarness(t, func(c *Config) {
		c.Clients = append(c.Clients, Client{ID: id, Secret: secret, RedirectURIs: []string{appCallback}})
	})
	code := h.loginCode(authParamsFor(id, appCallback, "s", "", "", "openid"))
	r := h.token(codeGrant(code, appCallback, ""), id, secret)
	require.Equal(t, http.StatusOK, r.status, r.body)
}

func TestPKCE(t *testing.T) {
	verifier := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	tests := []struct {
		name     string
		client   string
		secret   string
		redirect string
		sendChal bool
		verifier string
		wantErr  string
	}{
		{name: "confidential with PKCE", client: appID, secret: appSecret, redirect: appCallback, sendChal: true, verifier: verifier},
		{name: "public client with PKCE", client: publicID, redirect: spaCallback, sendChal: true, verifier: verifier},
		{name: "wrong verifier", client: appID, secret: appSecret, redirect: appCallback, sendChal: true, verifier: strings.Repeat("a", 43), wantErr: "invalid_grant"},
		{name: "missing verifier", client: appID, secret: appSecret, redirect: appCallback, sendChal: true, wantErr: "invalid_grant"},
		{name: "malformed verifier", client: appID, secret: appSecret, redirect: appCallback, sendChal: true, verifier: "short", wantErr: "invalid_grant"},
		{name: "verifier without challenge (downgrade)", client: appID, secret: appSecret, redirect: appCallback, verifier: verifier, wantErr: "invalid_grant"},
		{name: "no PKCE at all, confidential", client: appID, secret: appSecret, redirect: appCallback},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			chal := ""
			if tt.sendChal {
				chal = s256(verifier)
			}
			code := h.loginCode(authParamsFor(tt.client, tt.redirect, "s", "", chal, "openid"))
			r := h.token(withPost(codeGrant(code, tt.redirect, tt.verifier), tt.client, tt.secret), "", "")
			if tt.wantErr == "" {
				require.Equal(t, http.StatusOK, r.status, r.body)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			assert.Equal(t, tt.wantErr, r.json(t)["error"])
			if tt.verifier != "" {
				assert.NotContains(t, r.body, tt.verifier)
			}
		})
	}
}

func TestAuthorizeErrorsRedirectWithIss(t *testing.T) {
	tests := []struct {
		name    string
		mod     func(url.Values)
		wantErr string
	}{
		{name: "response_type token", mod: func(q url.Values) { q.Set("response_type", "token") }, wantErr: "unsupported_response_type"},
		{name: "missing response_type", mod: func(q url.Values) { q.Del("response_type") }, wantErr: "invalid_request"},
		{name: "plain PKCE", mod: func(q url.Values) { q.Set("code_challenge", s256("x")); q.Set("code_challenge_method", "plain") }, wantErr: "invalid_request"},
		{name: "challenge without method", mod: func(q url.Values) { q.Set("code_challenge", s256("x")) }, wantErr: "invalid_request"},
		{name: "bad challenge", mod: func(q url.Values) { q.Set("code_challenge", "abc"); q.Set("code_challenge_method", "S256") }, wantErr: "invalid_request"},
		{name: "form_post mode", mod: func(q url.Values) { q.Set("response_mode", "form_post") }, wantErr: "invalid_request"},
		{name: "prompt none with login", mod: func(q url.Values) { q.Set("prompt", "none login") }, wantErr: "invalid_request"},
		{name: "request object", mod: func(q url.Values) { q.Set("request", "eyJ.x.y") }, wantErr: "request_not_supported"},
		{name: "duplicate state", mod: func(q url.Values) { q.Add("state", "again") }, wantErr: "invalid_request"},
		{name: "bad max_age", mod: func(q url.Values) { q.Set("max_age", "-1") }, wantErr: "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			q := authParamsFor(appID, appCallback, "xyz", "", "", "openid")
			tt.mod(q)
			r := h.get("/authorize", q)
			require.Equal(t, http.StatusFound, r.status, r.body)
			got := r.location.Query()
			assert.Equal(t, tt.wantErr, got.Get("error"))
			assert.NotEmpty(t, got.Get("error_description"))
			assert.Equal(t, h.p.Issuer(), got.Get("iss"))
			assert.Empty(t, got.Get("code"))
			assert.True(t, strings.HasPrefix(r.location.String(), appCallback+"?"), r.location.String())
		})
	}
}

func TestPublicClientRequiresPKCE(t *testing.T) {
	h := newHarness(t)
	r := h.get("/authorize", authParamsFor(publicID, spaCallback, "s", "", "", "openid"))
	require.Equal(t, http.StatusFound, r.status)
	assert.Equal(t, "invalid_request", r.location.Query().Get("error"))
}

func TestUnknownClientOrRedirectIsAnErrorPage(t *testing.T) {
	tests := []struct {
		name string
		q    url.Values
	}{
		{name: "unknown client", q: authParamsFor("nobody", appCallback, "s", "", "", "openid")},
		{name: "missing client", q: authParamsFor("", appCallback, "s", "", "", "openid")},
		{name: "unregistered redirect", q: authParamsFor(appID, "https://evil.example/cb", "s", "", "", "openid")},
		{name: "missing redirect", q: authParamsFor(appID, "", "s", "", "", "openid")},
		{name: "redirect with extra query", q: authParamsFor(appID, appCallback+"?x=1", "s", "", "", "openid")},
		{name: "redirect with trailing slash", q: authParamsFor(appID, appCallback+"/", "s", "", "", "openid")},
		{name: "redirect of another client", q: authParamsFor(appID, "https://other.example.com/cb", "s", "", "", "openid")},
		{name: "redirect differing in case", q: authParamsFor(appID, strings.ToUpper(appCallback), "s", "", "", "openid")},
		{name: "unregistered redirect with bad response_type", q: func() url.Values {
			q := authParamsFor(appID, "https://evil.example/cb", "s", "", "", "openid")
			q.Set("response_type", "token")
			return q
		}()},
		{name: "duplicate redirect_uri", q: func() url.Values {
			q := authParamsFor(appID, appCallback, "s", "", "", "openid")
			q.Add("redirect_uri", "https://evil.example/cb")
			return q
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.get("/authorize", tt.q)
			assert.Equal(t, http.StatusBadRequest, r.status)
			assert.Nil(t, r.location, "must never redirect")
			assert.Contains(t, r.header.Get("Content-Type"), "text/html")
			assert.NotContains(t, r.body, "evil.example")
			// Even with a session, or after a form post, no redirect.
			r = h.postForm("/authorize", func() url.Values {
				f := url.Values{}
				for k, v := range tt.q {
					f[k] = v
				}
				f.Set("username", "demo")
				f.Set("password", "demo")
				f.Set("action", "login")
				return f
			}())
			assert.Equal(t, http.StatusBadRequest, r.status)
			assert.Nil(t, r.location)
		})
	}
}

func TestCodeReuseRefusedAndRevokes(t *testing.T) {
	h := newHarness(t)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid offline_access"))
	form := withPost(codeGrant(code, appCallback, ""), appID, appSecret)
	first := h.token(form, "", "")
	require.Equal(t, http.StatusOK, first.status, first.body)
	tok := first.json(t)
	at := tok["access_token"].(string)
	require.Equal(t, http.StatusOK, h.userinfo(at).status)

	second := h.token(form, "", "")
	require.Equal(t, http.StatusBadRequest, second.status)
	assert.Equal(t, "invalid_grant", second.json(t)["error"])
	assert.NotContains(t, second.body, code)

	// The tokens of the first redemption are revoked.
	assert.Equal(t, http.StatusUnauthorized, h.userinfo(at).status)
	r := h.token(withPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}, appID, appSecret), "", "")
	assert.Equal(t, "invalid_grant", r.json(t)["error"])
}

func TestCodeBinding(t *testing.T) {
	tests := []struct {
		name     string
		redirect string
		client   string
		secret   string
		advance  time.Duration
		noCode   bool
	}{
		{name: "wrong redirect_uri", redirect: "https://app.example.com/cb?tenant=a", client: appID, secret: appSecret},
		{name: "missing redirect_uri", redirect: "", client: appID, secret: appSecret},
		{name: "other client", redirect: appCallback, client: otherID, secret: otherSecret},
		{name: "expired after 60s", redirect: appCallback, client: appID, secret: appSecret, advance: CodeLifetime},
		{name: "unknown code", redirect: appCallback, client: appID, secret: appSecret, noCode: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
			if tt.noCode {
				code = "not-a-code"
			}
			h.clock.Advance(tt.advance)
			r := h.token(withPost(codeGrant(code, tt.redirect, ""), tt.client, tt.secret), "", "")
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			assert.Equal(t, "invalid_grant", r.json(t)["error"])
		})
	}
	t.Run("valid just before expiry", func(t *testing.T) {
		h := newHarness(t)
		code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
		h.clock.Advance(CodeLifetime - time.Second)
		r := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "")
		require.Equal(t, http.StatusOK, r.status, r.body)
	})
}

func TestRedirectURIWithQueryKeepsIt(t *testing.T) {
	h := newHarness(t)
	const cb = "https://app.example.com/cb?tenant=a"
	code := h.loginCode(authParamsFor(appID, cb, "s", "", "", "openid"))
	r := h.token(withPost(codeGrant(code, cb, ""), appID, appSecret), "", "")
	require.Equal(t, http.StatusOK, r.status, r.body)
}

func TestTokenEndpointRequestErrors(t *testing.T) {
	h := newHarness(t)
	auth := func(f url.Values) url.Values { return withPost(f, appID, appSecret) }
	tests := []struct {
		name       string
		form       url.Values
		ctype      string
		method     string
		wantStatus int
		wantErr    string
	}{
		{name: "GET", method: http.MethodGet, wantStatus: 405, wantErr: "invalid_request"},
		{name: "JSON body", form: auth(url.Values{"grant_type": {"authorization_code"}}), ctype: "application/json", wantStatus: 400, wantErr: "invalid_request"},
		{name: "no grant_type", form: auth(url.Values{}), wantStatus: 400, wantErr: "invalid_request"},
		{name: "password grant", form: auth(url.Values{"grant_type": {"password"}, "username": {"demo"}, "password": {"demo"}}), wantStatus: 400, wantErr: "unsupported_grant_type"},
		{name: "client_credentials", form: auth(url.Values{"grant_type": {"client_credentials"}}), wantStatus: 400, wantErr: "unsupported_grant_type"},
		{name: "missing code", form: auth(url.Values{"grant_type": {"authorization_code"}}), wantStatus: 400, wantErr: "invalid_request"},
		{name: "duplicate parameter", form: auth(url.Values{"grant_type": {"authorization_code", "authorization_code"}}), wantStatus: 400, wantErr: "invalid_request"},
		{name: "oversized parameter", form: auth(url.Values{"grant_type": {"authorization_code"}, "code": {strings.Repeat("c", 5000)}}), wantStatus: 400, wantErr: "invalid_request"},
		{name: "missing refresh_token", form: auth(url.Values{"grant_type": {"refresh_token"}}), wantStatus: 400, wantErr: "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			req, err := http.NewRequest(method, h.p.Issuer()+"/token", strings.NewReader(tt.form.Encode()))
			require.NoError(t, err)
			ct := tt.ctype
			if ct == "" {
				ct = "application/x-www-form-urlencoded"
			}
			req.Header.Set("Content-Type", ct)
			r := h.do(req)
			require.Equal(t, tt.wantStatus, r.status, r.body)
			assert.Equal(t, tt.wantErr, r.json(t)["error"])
			assert.NotContains(t, r.body, appSecret)
		})
	}
	t.Run("huge body", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, h.p.Issuer()+"/token", strings.NewReader("code="+strings.Repeat("a", 200<<10)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := h.do(req)
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
}

func TestRefreshToken(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	op, err := oidc.NewProvider(ctx, h.p.Issuer())
	require.NoError(t, err)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "nonce-1", "", "openid email offline_access"))
	first := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)
	rt := first["refresh_token"].(string)
	require.NotEmpty(t, rt)
	assert.Equal(t, "openid email offline_access", first["scope"])

	refresh := func(token, id, secret, scope string) response {
		f := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}}
		if scope != "" {
			f.Set("scope", scope)
		}
		return h.token(f, id, secret)
	}

	r := refresh(rt, otherID, otherSecret, "")
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "invalid_grant", r.json(t)["error"], "bound to the client")

	r = refresh(rt, appID, appSecret, "openid profile")
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "invalid_scope", r.json(t)["error"], "cannot widen the grant")

	h.clock.Advance(30 * time.Minute)
	r = refresh(rt, appID, appSecret, "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	second := r.json(t)
	assert.NotEqual(t, first["access_token"], second["access_token"])
	assert.NotEqual(t, rt, second["refresh_token"], "rotated")
	idt, err := op.Verifier(&oidc.Config{ClientID: appID, Now: h.clock.Now}).Verify(ctx, second["id_token"].(string))
	require.NoError(t, err)
	assert.Empty(t, idt.Nonce, "no nonce on refresh")
	assert.Equal(t, http.StatusOK, h.userinfo(second["access_token"].(string)).status)

	r = refresh(rt, appID, appSecret, "")
	assert.Equal(t, "invalid_grant", r.json(t)["error"], "old refresh token is spent")

	r = refresh(second["refresh_token"].(string), appID, appSecret, "openid offline_access")
	require.Equal(t, http.StatusOK, r.status, r.body)
	third := r.json(t)
	assert.Equal(t, "openid offline_access", third["scope"])
	info := h.userinfo(third["access_token"].(string)).json(t)
	assert.NotContains(t, info, "email", "narrowed scope releases fewer claims")

	h.clock.Advance(RefreshTokenLifetime)
	r = refresh(third["refresh_token"].(string), appID, appSecret, "")
	assert.Equal(t, "invalid_grant", r.json(t)["error"], "expired")
}

func TestNoOfflineAccessNoRefreshToken(t *testing.T) {
	h := newHarness(t)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid unknown_scope"))
	tok := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)
	assert.NotContains(t, tok, "refresh_token")
	assert.Equal(t, "openid", tok["scope"], "unknown scopes are not granted")
}

func TestPlainOAuth2WithoutOpenID(t *testing.T) {
	h := newHarness(t)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", ""))
	tok := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)
	assert.NotContains(t, tok, "id_token")
	info := h.userinfo(tok["access_token"].(string)).json(t)
	assert.Equal(t, DemoUser.Subject, info["sub"])
	assert.Equal(t, DemoUser.Email, info["email"])
	assert.Equal(t, DemoUser.Name, info["name"])
}

func TestUserinfoScopesAndErrors(t *testing.T) {
	h := newHarness(t)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
	at := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)["access_token"].(string)

	info := h.userinfo(at).json(t)
	assert.Equal(t, map[string]any{"sub": DemoUser.Subject}, info, "openid alone releases sub only")

	r := h.userinfo("")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")

	r = h.userinfo("bogus")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Contains(t, r.header.Get("WWW-Authenticate"), `error="invalid_token"`)

	r = h.get("/userinfo", url.Values{"access_token": {at}})
	assert.Equal(t, http.StatusUnauthorized, r.status, "token in the query string is not accepted")

	r = h.postForm("/userinfo", url.Values{"access_token": {at}})
	assert.Equal(t, http.StatusOK, r.status, "form body is accepted (RFC 6750 §2.2)")

	h.clock.Advance(AccessTokenLifetime)
	assert.Equal(t, http.StatusUnauthorized, h.userinfo(at).status, "expired")
}

func TestPromptNone(t *testing.T) {
	h := newHarness(t)
	q := authParamsFor(appID, appCallback, "silent", "", "", "openid")
	q.Set("prompt", "none")
	r := h.get("/authorize", q)
	require.Equal(t, http.StatusFound, r.status)
	got := r.location.Query()
	assert.Equal(t, "login_required", got.Get("error"))
	assert.Equal(t, "silent", got.Get("state"))
	assert.Equal(t, h.p.Issuer(), got.Get("iss"))

	h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
	r = h.get("/authorize", q)
	h.codeFrom(r, appCallback, "silent")

	// max_age: a session older than allowed counts as none.
	h.clock.Advance(2 * time.Minute)
	q.Set("max_age", "60")
	r = h.get("/authorize", q)
	assert.Equal(t, "login_required", r.location.Query().Get("error"))
	q.Set("max_age", "600")
	h.codeFrom(h.get("/authorize", q), appCallback, "silent")

	// The session expires.
	q.Del("max_age")
	h.clock.Advance(SessionLifetime)
	r = h.get("/authorize", q)
	assert.Equal(t, "login_required", r.location.Query().Get("error"))
}

func TestPromptLoginForcesForm(t *testing.T) {
	h := newHarness(t)
	h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
	q := authParamsFor(appID, appCallback, "again", "", "", "openid")
	q.Set("prompt", "login")
	page := h.get("/authorize", q)
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, page.body, "Sign in")
	r := h.submitLogin(page, "demo", "demo", "login")
	h.codeFrom(r, appCallback, "again")
}

func TestCancelIsAccessDenied(t *testing.T) {
	h := newHarness(t)
	page := h.get("/authorize", authParamsFor(appID, appCallback, "c", "", "", "openid"))
	r := h.submitLogin(page, "", "", "cancel")
	require.Equal(t, http.StatusSeeOther, r.status)
	got := r.location.Query()
	assert.Equal(t, "access_denied", got.Get("error"))
	assert.NotEmpty(t, got.Get("error_description"))
	assert.Equal(t, "c", got.Get("state"))
	assert.Equal(t, h.p.Issuer(), got.Get("iss"))
	assert.Empty(t, got.Get("code"))
}

func TestBadPassword(t *testing.T) {
	h := newHarness(t)
	q := authParamsFor(appID, appCallback, "s", "", "", "openid")
	page := h.get("/authorize", q)
	r := h.submitLogin(page, "demo", "wrong", "login")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Nil(t, r.location)
	assert.Contains(t, r.body, "Invalid username or password")
	assert.NotContains(t, r.body, "wrong")
	assert.Empty(t, r.header.Values("Set-Cookie"))

	r = h.submitLogin(page, "nobody", "demo", "login")
	assert.Equal(t, http.StatusUnauthorized, r.status)

	// Still not logged in.
	q.Set("prompt", "none")
	assert.Equal(t, "login_required", h.get("/authorize", q).location.Query().Get("error"))

	// The re-shown form still works.
	r = h.submitLogin(r, "demo", "demo", "login")
	h.codeFrom(r, appCallback, "s")
}

func TestLoginFormFromAnotherOriginRefused(t *testing.T) {
	h := newHarness(t)
	f := authParamsFor(appID, appCallback, "s", "", "", "openid")
	f.Set("username", "demo")
	f.Set("password", "demo")
	f.Set("action", "login")
	r := h.postForm("/authorize", f, func(req *http.Request) { req.Header.Set("Origin", "https://evil.example") })
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Nil(t, r.location)
	r = h.postForm("/authorize", f, func(req *http.Request) { req.Header.Set("Origin", h.p.Issuer()) })
	h.codeFrom(r, appCallback, "s")
}

func TestMarkupIsEscaped(t *testing.T) {
	h := newHarness(t)
	q := authParamsFor(appID, appCallback, `"><script>alert(1)</script>`, "", "", "openid")
	q.Set("login_hint", `x"><img src=x onerror=alert(1)>`)
	page := h.get("/authorize", q)
	require.Equal(t, http.StatusOK, page.status)
	assert.NotContains(t, page.body, "<script>alert")
	assert.NotContains(t, page.body, "<img src=x")
	assert.Contains(t, page.body, "&lt;script&gt;")
	r := h.submitLogin(page, "demo", "demo", "login")
	h.codeFrom(r, appCallback, `"><script>alert(1)</script>`)
}
