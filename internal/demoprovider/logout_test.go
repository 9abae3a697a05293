package demoprovider

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loggedIn returns a harness whose browser has a provider session, and an
// ID token issued to appID.
func loggedIn(t *testing.T) (*harness, string) {
	h := newHarness(t)
	code := h.loginCode(authParamsFor(appID, appCallback, "s", "", "", "openid"))
	tok := h.token(withPost(codeGrant(code, appCallback, ""), appID, appSecret), "", "").json(t)
	return h, tok["id_token"].(string)
}

func (h *harness) hasSession() bool {
	q := authParamsFor(appID, appCallback, "probe", "", "", "openid")
	q.Set("prompt", "none")
	r := h.get("/authorize", q)
	require.NotNil(h.t, r.location)
	return r.location.Query().Get("code") != ""
}

func TestLogout(t *testing.T) {
	tests := []struct {
		name         string
		params       func(idToken string) url.Values
		wantRedirect string // full expected Location, or "" for a page
		wantStatus   int
		wantBody     string
		wantLoggedIn bool
	}{
		{
			name:       "no parameters: logged-out page",
			params:     func(string) url.Values { return nil },
			wantStatus: http.StatusOK, wantBody: "You are logged out",
		},
		{
			name: "client_id and registered URI",
			params: func(string) url.Values {
				return url.Values{"client_id": {appID}, "post_logout_redirect_uri": {appLogout}, "state": {"bye"}}
			},
			wantRedirect: appLogout + "?state=bye",
		},
		{
			name: "id_token_hint and registered URI",
			params: func(idt string) url.Values {
				return url.Values{"id_token_hint": {idt}, "post_logout_redirect_uri": {appLogout}}
			},
			wantRedirect: appLogout,
		},
		{
			name: "client_id without URI: page",
			params: func(string) url.Values {
				return url.Values{"client_id": {appID}}
			},
			wantStatus: http.StatusOK, wantBody: "You are logged out",
		},
		{
			name: "unregistered URI",
			params: func(string) url.Values {
				return url.Values{"client_id": {appID}, "post_logout_redirect_uri": {"https://evil.example/"}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "not registered", wantLoggedIn: true,
		},
		{
			name: "login callback is not a logout URI",
			params: func(string) url.Values {
				return url.Values{"client_id": {appID}, "post_logout_redirect_uri": {appCallback}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "not registered", wantLoggedIn: true,
		},
		{
			name: "URI without client",
			params: func(string) url.Values {
				return url.Values{"post_logout_redirect_uri": {appLogout}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "needs client_id", wantLoggedIn: true,
		},
		{
			name: "URI registered for another client",
			params: func(string) url.Values {
				return url.Values{"client_id": {otherID}, "post_logout_redirect_uri": {appLogout}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "not registered", wantLoggedIn: true,
		},
		{
			name: "hint and client_id disagree",
			params: func(idt string) url.Values {
				return url.Values{"id_token_hint": {idt}, "client_id": {otherID}, "post_logout_redirect_uri": {appLogout}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "does not match", wantLoggedIn: true,
		},
		{
			name: "forged hint",
			params: func(idt string) url.Values {
				parts := strings.Split(idt, ".")
				parts[2] = strings.Repeat("A", len(parts[2]))
				return url.Values{"id_token_hint": {strings.Join(parts, ".")}, "post_logout_redirect_uri": {appLogout}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "not issued by this provider", wantLoggedIn: true,
		},
		{
			name: "garbage hint",
			params: func(string) url.Values {
				return url.Values{"id_token_hint": {"not-a-jwt"}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "not issued by this provider", wantLoggedIn: true,
		},
		{
			name: "unknown client",
			params: func(string) url.Values {
				return url.Values{"client_id": {"nobody"}, "post_logout_redirect_uri": {appLogout}}
			},
			wantStatus: http.StatusBadRequest, wantBody: "Unknown client", wantLoggedIn: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, idt := loggedIn(t)
			require.True(t, h.hasSession())
			r := h.get("/logout", tt.params(idt))
			if tt.wantRedirect != "" {
				require.Equal(t, http.StatusFound, r.status, r.body)
				assert.Equal(t, tt.wantRedirect, r.location.String())
			} else {
				assert.Equal(t, tt.wantStatus, r.status)
				assert.Nil(t, r.location, "never a redirect")
				assert.Contains(t, r.body, tt.wantBody)
				assert.NotContains(t, r.body, "evil.example")
			}
			assert.Equal(t, tt.wantLoggedIn, h.hasSession())
		})
	}
}

func TestLogoutEndsServerSideSession(t *testing.T) {
	h, _ := loggedIn(t)
	u, err := url.Parse(h.p.Issuer())
	require.NoError(t, err)
	cookies := h.client.Jar.Cookies(u)
	require.Len(t, cookies, 1)
	stolen := cookies[0]

	r := h.postForm("/logout", url.Values{"client_id": {appID}, "post_logout_redirect_uri": {appLogout}})
	require.Equal(t, http.StatusFound, r.status)
	assert.Empty(t, h.client.Jar.Cookies(u), "cookie cleared")

	// A copy of the old cookie no longer works either.
	q := authParamsFor(appID, appCallback, "s", "", "", "openid")
	q.Set("prompt", "none")
	req, err := http.NewRequest(http.MethodGet, h.p.Issuer()+"/authorize?"+q.Encode(), nil)
	require.NoError(t, err)
	req.AddCookie(&http.Cookie{Name: stolen.Name, Value: stolen.Value})
	resp := h.do(req)
	assert.Equal(t, "login_required", resp.location.Query().Get("error"))
}
