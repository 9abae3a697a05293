package connection

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const (
	authRedirect = "https://tenant.example/login/callback"
	authState    = "state-123"
)

func mustDecode(t testing.TB, doc string) *Connection {
	t.Helper()
	c, err := Decode([]byte(doc))
	require.NoError(t, err)
	return c
}

// authorizeQuery builds the URL and returns its parsed query.
func authorizeQuery(t *testing.T, c *Connection, r AuthRequest) url.Values {
	t.Helper()
	if r.RedirectURI == "" {
		r.RedirectURI = authRedirect
	}
	if r.State == "" {
		r.State = authState
	}
	s, err := c.AuthorizeURL(r)
	require.NoError(t, err)
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u.Query()
}

func TestAuthorizeURL_Basic(t *testing.T) {
	c := mustDecode(t, `{"name":"x","strategy":"oauth2","options":{
	  "authorizationURL":"https://idp.example/oauth/authorize?tenant=acme&access_type=offline",
	  "tokenURL":"https://idp.example/token","client_id":"cid","scope":"openid email"}}`)
	s, err := c.AuthorizeURL(AuthRequest{RedirectURI: authRedirect, State: authState})
	require.NoError(t, err)
	u, err := url.Parse(s)
	require.NoError(t, err)
	assert.Equal(t, "https", u.Scheme)
	assert.Equal(t, "idp.example", u.Host)
	assert.Equal(t, "/oauth/authorize", u.Path)
	assert.Equal(t, url.Values{
		"tenant":        {"acme"},
		"access_type":   {"offline"},
		"response_type": {"code"},
		"client_id":     {"cid"},
		"redirect_uri":  {authRedirect},
		"state":         {authState},
		"scope":         {"openid email"},
	}, u.Query())
	assert.False(t, strings.Contains(s, "nonce"), "no nonce unless asked")
}

func TestAuthorizeURL_PKCEAndNonce(t *testing.T) {
	c := mustDecode(t, `{"options":{"authorizationURL":"https://idp.example/a","client_id":"cid","pkce_enabled":true}}`)
	_, err := c.AuthorizeURL(AuthRequest{RedirectURI: authRedirect, State: authState})
	require.ErrorContains(t, err, "PKCE code verifier is required")

	v := NewCodeVerifier()
	q := authorizeQuery(t, c, AuthRequest{CodeVerifier: v, Nonce: "n-1"})
	assert.Equal(t, oauth2.S256ChallengeFromVerifier(v), q.Get("code_challenge"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, "n-1", q.Get("nonce"))

	// A flow may force PKCE on a connection without pkce_enabled.
	c.Options.PKCEEnabled = false
	q = authorizeQuery(t, c, AuthRequest{CodeVerifier: v})
	assert.Equal(t, oauth2.S256ChallengeFromVerifier(v), q.Get("code_challenge"))
	q = authorizeQuery(t, c, AuthRequest{})
	assert.NotContains(t, q, "code_challenge")
	assert.NotContains(t, q, "code_challenge_method")

	_, err = c.AuthorizeURL(AuthRequest{RedirectURI: authRedirect, State: authState, CodeVerifier: "short"})
	require.ErrorContains(t, err, "43 to 128")
}

func TestAuthorizeURL_Errors(t *testing.T) {
	ok := `{"options":{"authorizationURL":"https://idp.example/a","client_id":"cid","authParamsMap":{"lh":"login_hint"}}}`
	tests := []struct {
		name    string
		doc     string
		req     AuthRequest
		wantErr string
	}{
		{"missing state", ok, AuthRequest{RedirectURI: authRedirect}, "connection: authorize: state is required"},
		{"missing redirect", ok, AuthRequest{State: authState}, "connection: authorize: redirect URI is required"},
		{"relative redirect", ok, AuthRequest{State: authState, RedirectURI: "/login/callback"}, "redirect URI must be an absolute URL"},
		{"redirect fragment", ok, AuthRequest{State: authState, RedirectURI: authRedirect + "#x"}, "must not have a fragment"},
		{"redirect scheme", ok, AuthRequest{State: authState, RedirectURI: "javascript://x/y"}, "must be an http or https URL"},
		{"no client id", `{"options":{"authorizationURL":"https://idp.example/a"}}`, AuthRequest{State: authState, RedirectURI: authRedirect}, "options.client_id: required"},
		{"missing url", `{"options":{"client_id":"c"}}`, AuthRequest{State: authState, RedirectURI: authRedirect}, "options.authorizationURL: must be an absolute https URL"},
		{"unparsable url", `{"options":{"client_id":"c","authorizationURL":"https://idp.example:port/a"}}`, AuthRequest{State: authState, RedirectURI: authRedirect}, "options.authorizationURL: must be an absolute https URL"},
		{"plain http", `{"options":{"client_id":"c","authorizationURL":"http://idp.example/a"}}`, AuthRequest{State: authState, RedirectURI: authRedirect}, "options.authorizationURL: must use https"},
		{"bad query", `{"options":{"client_id":"c","authorizationURL":"https://idp.example/a?x=%zz"}}`, AuthRequest{State: authState, RedirectURI: authRedirect}, "query is not valid URL encoding"},
		{"long login param", ok, AuthRequest{State: authState, RedirectURI: authRedirect, LoginParams: url.Values{"login_hint": {strings.Repeat("a", MaxLoginParamLength+1)}}}, "login parameter login_hint is longer than 8192 bytes"},
		{"long connection_scope", ok, AuthRequest{State: authState, RedirectURI: authRedirect, LoginParams: url.Values{"connection_scope": {strings.Repeat("a", MaxLoginParamLength+1)}}}, "connection_scope is longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := mustDecode(t, tt.doc).AuthorizeURL(tt.req)
			require.Error(t, err)
			assert.Empty(t, s)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

// TestAuthorizeURL_Precedence checks: existing query < authParams <
// authParamsMap < upstream_params < protocol parameters.
func TestAuthorizeURL_Precedence(t *testing.T) {
	login := url.Values{"login_hint": {"from-map"}, "prompt": {"from-alias"}}
	tests := []struct {
		name string
		opts string
		want string
	}{
		{"query only", `"authorizationURL":"https://idp.example/a?p=query"`, "query"},
		{"authParams over query", `"authorizationURL":"https://idp.example/a?p=query","authParams":{"p":"params"}`, "params"},
		{"authParamsMap over authParams", `"authorizationURL":"https://idp.example/a?p=query","authParams":{"p":"params"},"authParamsMap":{"p":"login_hint"}`, "from-map"},
		{"authParamsMap skipped when login lacks it", `"authorizationURL":"https://idp.example/a","authParams":{"p":"params"},"authParamsMap":{"p":"display"}`, "params"},
		{"upstream value over authParamsMap", `"authorizationURL":"https://idp.example/a","authParams":{"p":"params"},"authParamsMap":{"p":"login_hint"},"upstream_params":{"p":{"value":"upstream"}}`, "upstream"},
		{"upstream alias over authParamsMap", `"authorizationURL":"https://idp.example/a","authParamsMap":{"p":"login_hint"},"upstream_params":{"p":{"alias":"prompt"}}`, "from-alias"},
		{"upstream alias absent keeps lower", `"authorizationURL":"https://idp.example/a","authParamsMap":{"p":"login_hint"},"upstream_params":{"p":{"alias":"ui_locales"}}`, "from-map"},
		{"upstream alias outside enum skipped", `"authorizationURL":"https://idp.example/a","authParams":{"p":"params"},"upstream_params":{"p":{"alias":"login_hintx"}}`, "params"},
		{"upstream with both skipped", `"authorizationURL":"https://idp.example/a","authParams":{"p":"params"},"upstream_params":{"p":{"alias":"prompt","value":"v"}}`, "params"},
		{"reserved authParamsMap source never copied", `"authorizationURL":"https://idp.example/a","authParams":{"p":"params"},"authParamsMap":{"p":"connection_scope"}`, "params"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustDecode(t, `{"options":{"client_id":"cid",`+tt.opts+`}}`)
			lp := url.Values{}
			for k, v := range login {
				lp[k] = v
			}
			lp.Set("connection_scope", "x")
			q := authorizeQuery(t, c, AuthRequest{LoginParams: lp})
			assert.Equal(t, []string{tt.want}, q["p"])
		})
	}
}

// TestAuthorizeURL_ProtocolParamsCannotBeOverridden tries every protocol
// parameter through every configurable source, and through the login
// request, and checks that the URL carries exactly our values.
func TestAuthorizeURL_ProtocolParamsCannotBeOverridden(t *testing.T) {
	type source struct {
		name string
		opts func(p string) string
	}
	sources := []source{
		{"authorizationURL query", func(p string) string {
			return `"authorizationURL":"https://idp.example/a?` + p + `=evil&keep=1"`
		}},
		{"authParams", func(p string) string {
			return `"authorizationURL":"https://idp.example/a","authParams":{"` + p + `":"evil"}`
		}},
		{"authParamsMap", func(p string) string {
			return `"authorizationURL":"https://idp.example/a","authParamsMap":{"` + p + `":"login_hint"}`
		}},
		{"upstream_params value", func(p string) string {
			return `"authorizationURL":"https://idp.example/a","upstream_params":{"` + p + `":{"value":"evil"}}`
		}},
		{"upstream_params alias", func(p string) string {
			return `"authorizationURL":"https://idp.example/a","upstream_params":{"` + p + `":{"alias":"login_hint"}}`
		}},
	}
	verifier := NewCodeVerifier()
	for _, withExtras := range []bool{false, true} {
		req := AuthRequest{LoginParams: url.Values{"login_hint": {"evil"}}}
		if withExtras {
			req.CodeVerifier, req.Nonce = verifier, "our-nonce"
		}
		want := url.Values{
			"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {authRedirect},
			"state": {authState},
		}
		if withExtras {
			want["code_challenge"] = []string{oauth2.S256ChallengeFromVerifier(verifier)}
			want["code_challenge_method"] = []string{"S256"}
			want["nonce"] = []string{"our-nonce"}
		}
		for _, p := range protocolParams {
			for _, name := range []string{p, strings.ToUpper(p)} {
				for _, src := range sources {
					t.Run(src.name+"/"+name, func(t *testing.T) {
						c := mustDecode(t, `{"options":{"client_id":"cid",`+src.opts(name)+`}}`)
						r := req
						r.LoginParams = url.Values{"login_hint": {"evil"}}
						for _, q := range protocolParams { // the login request itself also tries
							r.LoginParams.Set(q, "evil")
						}
						q := authorizeQuery(t, c, r)
						for _, pp := range protocolParams {
							assert.Equal(t, want[pp], q[pp], "parameter %s", pp)
						}
						for k, v := range q {
							assert.NotContains(t, v, "evil", "parameter %s", k)
						}
						if src.name == "authorizationURL query" {
							assert.Equal(t, "1", q.Get("keep"), "other query parameters are kept")
						}
					})
				}
			}
		}
	}
}

func TestProviderScope(t *testing.T) {
	tests := []struct {
		name   string
		scope  string
		spec   bool
		cscope []string // nil: absent
		want   string
	}{
		{"string verbatim", `"identity.basic, identity.email"`, false, nil, "identity.basic, identity.email"},
		{"array joined by space", `["openid","email"]`, false, nil, "openid email"},
		{"empty connection_scope keeps verbatim", `"a  b"`, false, []string{" , "}, "a  b"},
		{"comma merge", `"openid email"`, false, []string{"calendar, email,drive"}, "openid,email,calendar,drive"},
		{"space merge", `"openid email"`, true, []string{"calendar,drive"}, "openid email calendar drive"},
		{"slack style", `"identity.basic, identity.email"`, false, []string{"identity.team"}, "identity.basic,identity.email,identity.team"},
		{"no configured scope", `""`, false, []string{"a,b"}, "a,b"},
		{"nothing", `""`, false, nil, ""},
		{"first value only", `"a"`, false, []string{"b", "c"}, "a,b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"options":{"client_id":"c","authorizationURL":"https://idp.example/a","scope":` + tt.scope
			if tt.spec {
				doc += `,"useOauthSpecScope":true`
			}
			c := mustDecode(t, doc+`}}`)
			login := url.Values{}
			if tt.cscope != nil {
				login["connection_scope"] = tt.cscope
			}
			assert.Equal(t, tt.want, c.ProviderScope(login))
			q := authorizeQuery(t, c, AuthRequest{LoginParams: login})
			if tt.want == "" {
				assert.NotContains(t, q, "scope", "empty scope ⇒ no scope parameter")
			} else {
				assert.Equal(t, []string{tt.want}, q["scope"])
			}
		})
	}
}

func TestAuthorizeURL_ScopeFromLowerLayersWhenNoneConfigured(t *testing.T) {
	c := mustDecode(t, `{"options":{"client_id":"c","authorizationURL":"https://discord.example/api/oauth2/authorize?response_type=token&client_id=other&scope=identify"}}`)
	q := authorizeQuery(t, c, AuthRequest{})
	assert.Equal(t, "identify", q.Get("scope"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "c", q.Get("client_id"))

	c.Options.Scope = Scope{Values: []string{"identify email"}}
	q = authorizeQuery(t, c, AuthRequest{})
	assert.Equal(t, []string{"identify email"}, q["scope"])
}

func TestRequestsOpenID(t *testing.T) {
	for scope, want := range map[string]bool{
		`"openid email"`: true, `["email","openid"]`: true, `"openid,email"`: true,
		`"openidx"`: false, `""`: false, `"OpenID"`: false,
	} {
		c := mustDecode(t, `{"options":{"scope":`+scope+`}}`)
		assert.Equal(t, want, c.RequestsOpenID(), scope)
	}
}

func TestRandomValues(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		for _, v := range []string{NewState(), NewNonce(), NewCodeVerifier()} {
			assert.Len(t, v, 43)
			assert.Regexp(t, `^[A-Za-z0-9_-]+$`, v)
			assert.False(t, seen[v], "values repeat")
			seen[v] = true
		}
	}
	assert.True(t, validVerifier(NewCodeVerifier()))
}

func FuzzAuthorizeURL(f *testing.F) {
	f.Add(`{"options":{"client_id":"cid","authorizationURL":"https://idp.example/a?state=x","scope":"openid"}}`, "connection_scope=a,b&login_hint=x", true, true)
	f.Add(`{"options":{"client_id":"cid","authorizationURL":"https://idp.example/a","authParams":{"nonce":"n","Response_Type":"token"},"authParamsMap":{"redirect_uri":"login_hint"},"upstream_params":{"state":{"alias":"prompt"},"code_challenge":{"value":"x"}}}}`, "login_hint=https://evil&prompt=none", false, true)
	f.Add(`{"options":{"client_id":"c","authorizationURL":"http://127.0.0.1:9/a?response_mode=form_post#frag","pkce_enabled":true}}`, "", true, false)
	f.Add(full, "login_hint=a%00b&connection_scope=%0d%0a", true, true)
	f.Fuzz(func(t *testing.T, doc, login string, pkce, nonce bool) {
		c, err := Decode([]byte(doc))
		if err != nil {
			return
		}
		lp, _ := url.ParseQuery(login)
		r := AuthRequest{RedirectURI: authRedirect, State: authState, LoginParams: lp}
		if pkce {
			r.CodeVerifier = strings.Repeat("v", 43)
		}
		if nonce {
			r.Nonce = "our-nonce"
		}
		s, err := c.AuthorizeURL(r)
		if err != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("unparsable result %q: %v", s, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatalf("unparsable query %q: %v", u.RawQuery, err)
		}
		want := map[string]string{
			"response_type": "code", "client_id": c.Options.ClientID, "redirect_uri": authRedirect,
			"state": authState, "response_mode": "",
			"code_challenge": "", "code_challenge_method": "", "nonce": "",
		}
		if pkce {
			want["code_challenge"] = oauth2.S256ChallengeFromVerifier(r.CodeVerifier)
			want["code_challenge_method"] = "S256"
		}
		if nonce {
			want["nonce"] = "our-nonce"
		}
		for k, v := range q {
			lk := strings.ToLower(k)
			w, isProto := want[lk]
			if !isProto {
				continue
			}
			if k != lk || w == "" || len(v) != 1 || v[0] != w {
				t.Fatalf("protocol parameter %q = %q in %s", k, v, s)
			}
		}
		for k, w := range want {
			if w != "" && len(q[k]) != 1 {
				t.Fatalf("protocol parameter %s missing in %s", k, s)
			}
		}
		if u.Fragment != "" {
			t.Fatalf("fragment in %s", s)
		}
	})
}
