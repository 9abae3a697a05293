package connection

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/safehttp"
)

const (
	testClientID     = "client-id-123"
	testClientSecret = "s3cr3t-CLIENT-secret-value"
	testCode         = "AUTHCODE-9f8e7d6c"
	testVerifier     = "verifier-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	testRedirect     = "https://app.example.com/login/callback"
)

// seenRequest is what the fake provider received.
type seenRequest struct {
	Method string
	Path   string
	Header http.Header
	Form   url.Values
	Body   string
}

// provider is an httptest token endpoint that records every request and
// answers with respond.
type provider struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

func newProvider(t *testing.T, respond http.HandlerFunc) *provider {
	t.Helper()
	p := &provider{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		p.mu.Lock()
		p.seen = append(p.seen, seenRequest{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Form: form, Body: string(b)})
		p.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		respond(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *provider) requests() []seenRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]seenRequest(nil), p.seen...)
}

func (p *provider) only(t *testing.T) seenRequest {
	t.Helper()
	r := p.requests()
	require.Len(t, r, 1, "the provider must receive exactly one request")
	return r[0]
}

func jsonReply(status int, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
}

func rawReply(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

var okTokens = map[string]any{"access_token": "AT-1", "token_type": "Bearer", "expires_in": 3600}

func testConn(tokenURL string, customHeaders map[string]string) *Connection {
	return &Connection{
		Name:     "my-provider",
		Strategy: "oauth2",
		Options: Options{
			ClientID:      testClientID,
			ClientSecret:  testClientSecret,
			TokenURL:      tokenURL,
			CustomHeaders: customHeaders,
		},
	}
}

func TestExchangeRequest(t *testing.T) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+testClientSecret))
	tests := []struct {
		name         string
		secret       string
		headers      map[string]string
		verifier     string
		redirect     string
		wantForm     url.Values
		wantHeaders  map[string]string
		wantNoHeader []string
	}{
		{
			name:     "client_secret_post without PKCE",
			secret:   testClientSecret,
			redirect: testRedirect,
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID}, "client_secret": {testClientSecret},
			},
			wantHeaders:  map[string]string{"User-Agent": "socialconn"},
			wantNoHeader: []string{"Authorization"},
		},
		{
			name:     "PKCE verifier sent",
			secret:   testClientSecret,
			verifier: testVerifier,
			redirect: testRedirect,
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID}, "client_secret": {testClientSecret}, "code_verifier": {testVerifier},
			},
		},
		{
			name:     "empty client secret is omitted, not sent empty",
			secret:   "",
			verifier: testVerifier,
			redirect: testRedirect,
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID}, "code_verifier": {testVerifier},
			},
		},
		{
			name:     "custom headers set, Content-Type not overridable, User-Agent overridable",
			secret:   testClientSecret,
			redirect: testRedirect,
			headers:  map[string]string{"X-Tenant": "acme", "content-type": "text/plain", "User-Agent": "my-app/2", "Accept": "application/json"},
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID}, "client_secret": {testClientSecret},
			},
			wantHeaders: map[string]string{"X-Tenant": "acme", "User-Agent": "my-app/2", "Accept": "application/json"},
		},
		{
			name:     "Basic via customHeaders keeps the secret out of the body",
			secret:   testClientSecret,
			redirect: testRedirect,
			headers:  map[string]string{"Authorization": basic},
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID},
			},
			wantHeaders: map[string]string{"Authorization": basic},
		},
		{
			name:     "authorization header name is case-insensitive",
			secret:   testClientSecret,
			redirect: testRedirect,
			headers:  map[string]string{"authorization": "Bearer provider-api-key"},
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {testRedirect},
				"client_id": {testClientID},
			},
			wantHeaders: map[string]string{"Authorization": "Bearer provider-api-key"},
		},
		{
			name:   "empty redirect_uri is omitted",
			secret: testClientSecret,
			wantForm: url.Values{
				"grant_type": {"authorization_code"}, "code": {testCode},
				"client_id": {testClientID}, "client_secret": {testClientSecret},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, jsonReply(200, okTokens))
			c := testConn(p.URL+"/oauth/token", tt.headers)
			c.Options.ClientSecret = tt.secret

			tok, err := c.Exchange(context.Background(), testCode, tt.redirect, tt.verifier)
			require.NoError(t, err)
			assert.Equal(t, "AT-1", tok.AccessToken)

			got := p.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, "/oauth/token", got.Path)
			assert.Equal(t, "application/x-www-form-urlencoded", got.Header.Get("Content-Type"))
			assert.Equal(t, tt.wantForm, got.Form)
			for k, v := range tt.wantHeaders {
				assert.Equal(t, v, got.Header.Get(k), "header %s", k)
			}
			for _, k := range tt.wantNoHeader {
				assert.Empty(t, got.Header.Values(k), "header %s", k)
			}
			if tt.secret == "" || tt.headers["Authorization"] != "" || tt.headers["authorization"] != "" {
				assert.NotContains(t, got.Body, "client_secret")
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name        string
		reply       map[string]any
		wantRefresh string
	}{
		{name: "not rotated", reply: map[string]any{"access_token": "AT-2", "token_type": "Bearer", "expires_in": 60}, wantRefresh: ""},
		{name: "rotated", reply: map[string]any{"access_token": "AT-2", "refresh_token": "RT-new"}, wantRefresh: "RT-new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, jsonReply(200, tt.reply))
			c := testConn(p.URL+"/token", map[string]string{"X-Tenant": "acme"})

			tok, err := c.Refresh(context.Background(), "RT-old")
			require.NoError(t, err)
			assert.Equal(t, "AT-2", tok.AccessToken)
			assert.Equal(t, tt.wantRefresh, tok.RefreshToken)
			assert.NotContains(t, tok.ScriptContext(), "refresh_token")

			got := p.only(t)
			assert.Equal(t, http.MethodPost, got.Method)
			assert.Equal(t, "application/x-www-form-urlencoded", got.Header.Get("Content-Type"))
			assert.Equal(t, "acme", got.Header.Get("X-Tenant"))
			assert.Equal(t, url.Values{
				"grant_type": {"refresh_token"}, "refresh_token": {"RT-old"},
				"client_id": {testClientID}, "client_secret": {testClientSecret},
			}, got.Form)
		})
	}
}

func TestRefreshBasicViaCustomHeaders(t *testing.T) {
	p := newProvider(t, jsonReply(200, okTokens))
	c := testConn(p.URL, map[string]string{"Authorization": "Basic abc"})
	_, err := c.Refresh(context.Background(), "RT-old")
	require.NoError(t, err)
	got := p.only(t)
	assert.Equal(t, "Basic abc", got.Header.Get("Authorization"))
	assert.NotContains(t, got.Form, "client_secret")
}

func TestExchangeResponses(t *testing.T) {
	tests := []struct {
		name      string
		reply     http.HandlerFunc
		want      TokenResponse // Raw compared separately
		wantRaw   map[string]any
		wantCtx   map[string]any
		wantNoCtx []string
	}{
		{
			name: "JSON with provider extras keeps JSON types",
			reply: rawReply(200, "application/json; charset=utf-8", `{
				"access_token":"AT","token_type":"Bearer","expires_in":3600,"refresh_token":"RT","id_token":"a.b.c",
				"scope":"openid email","stripe_user_id":"acct_1","user_id":12345678901,"ratio":0.5,"admin":true,"nothing":null,
				"team":{"id":"T1","name":"Acme","members":[1,"two",{"three":3}]},"roles":["a","b"]}`),
			want: TokenResponse{AccessToken: "AT", TokenType: "Bearer", RefreshToken: "RT", IDToken: "a.b.c", ExpiresIn: 3600},
			wantRaw: map[string]any{
				"access_token": "AT", "token_type": "Bearer", "expires_in": float64(3600), "refresh_token": "RT", "id_token": "a.b.c",
				"scope": "openid email", "stripe_user_id": "acct_1", "user_id": float64(12345678901), "ratio": 0.5, "admin": true, "nothing": nil,
				"team":  map[string]any{"id": "T1", "name": "Acme", "members": []any{float64(1), "two", map[string]any{"three": float64(3)}}},
				"roles": []any{"a", "b"},
			},
			wantCtx:   map[string]any{"id_token": "a.b.c", "stripe_user_id": "acct_1", "access_token": "AT", "expires_in": float64(3600)},
			wantNoCtx: []string{"refresh_token"},
		},
		{
			name:    "GitHub legacy form response, lowercase bearer",
			reply:   rawReply(200, "application/x-www-form-urlencoded; charset=utf-8", "access_token=gho_abc&scope=repo%2Cgist&token_type=bearer"),
			want:    TokenResponse{AccessToken: "gho_abc", TokenType: "bearer"},
			wantRaw: map[string]any{"access_token": "gho_abc", "scope": "repo,gist", "token_type": "bearer"},
			wantCtx: map[string]any{"scope": "repo,gist"},
		},
		{
			name:      "Facebook v1 style form body sent as text/plain, values stay strings",
			reply:     rawReply(200, "text/plain", "access_token=EAAB+x%2By&expires=5183999&refresh_token=R1&a=1&a=2"),
			want:      TokenResponse{AccessToken: "EAAB x+y", RefreshToken: "R1"},
			wantRaw:   map[string]any{"access_token": "EAAB x+y", "expires": "5183999", "refresh_token": "R1", "a": []any{"1", "2"}},
			wantCtx:   map[string]any{"expires": "5183999", "a": []any{"1", "2"}},
			wantNoCtx: []string{"refresh_token"},
		},
		{
			name:    "JSON body sent as text/plain is still JSON",
			reply:   rawReply(200, "text/plain", `{"access_token":"AT","expires_in":"7200"}`),
			want:    TokenResponse{AccessToken: "AT", ExpiresIn: 7200},
			wantRaw: map[string]any{"access_token": "AT", "expires_in": "7200"},
		},
		{
			name:    "no Content-Type at all",
			reply:   rawReply(201, "", `{"access_token":"AT","token_type":"mac","expires_in":-5}`),
			want:    TokenResponse{AccessToken: "AT", TokenType: "mac"},
			wantRaw: map[string]any{"access_token": "AT", "token_type": "mac", "expires_in": float64(-5)},
		},
		{
			name:    "error false is not an error",
			reply:   rawReply(200, "application/json", `{"access_token":"AT","error":false}`),
			want:    TokenResponse{AccessToken: "AT"},
			wantRaw: map[string]any{"access_token": "AT", "error": false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, tt.reply)
			tok, err := testConn(p.URL, nil).Exchange(context.Background(), testCode, testRedirect, "")
			require.NoError(t, err)
			assert.Equal(t, tt.wantRaw, tok.Raw)
			raw := tok.Raw
			tok.Raw = nil
			assert.Equal(t, tt.want, *tok)
			tok.Raw = raw

			ctx := tok.ScriptContext()
			for k, v := range tt.wantCtx {
				assert.Equal(t, v, ctx[k], "ctx.%s", k)
			}
			for _, k := range tt.wantNoCtx {
				assert.NotContains(t, ctx, k)
				assert.Contains(t, tok.Raw, k, "Raw keeps %s", k)
			}
			assert.Len(t, ctx, len(tok.Raw)-len(tt.wantNoCtx), "ctx is Raw minus refresh_token")
		})
	}
}

func TestScriptContextIsAFreshDeepCopy(t *testing.T) {
	tok := &TokenResponse{Raw: map[string]any{
		"access_token": "AT", "refresh_token": "RT",
		"team": map[string]any{"id": "T1"}, "roles": []any{"a"},
	}}
	ctx := tok.ScriptContext()
	ctx["access_token"] = "changed"
	ctx["team"].(map[string]any)["id"] = "changed"
	ctx["roles"].([]any)[0] = "changed"
	ctx["new"] = 1

	assert.Equal(t, map[string]any{
		"access_token": "AT", "refresh_token": "RT",
		"team": map[string]any{"id": "T1"}, "roles": []any{"a"},
	}, tok.Raw)
	assert.NotContains(t, tok.ScriptContext(), "new")

	var nilTok *TokenResponse
	assert.Equal(t, map[string]any{}, nilTok.ScriptContext())
}

func TestExchangeErrors(t *testing.T) {
	other := newProvider(t, jsonReply(200, okTokens)) // a redirect target that would "succeed"
	tests := []struct {
		name       string
		reply      http.HandlerFunc
		opts       []TokenOption
		wantStatus int
		wantCode   string
		wantDesc   string
		wantURI    string
		wantIs     error
		wantMsg    string
	}{
		{
			name:       "RFC 6749 JSON error on 400",
			reply:      jsonReply(400, map[string]any{"error": "invalid_grant", "error_description": "Code expired", "error_uri": "https://idp.example/doc"}),
			wantStatus: 400, wantCode: "invalid_grant", wantDesc: "Code expired", wantURI: "https://idp.example/doc",
			wantMsg: "connection: token exchange: provider answered 400: invalid_grant: Code expired",
		},
		{
			name:       "200 with a JSON error",
			reply:      jsonReply(200, map[string]any{"error": "invalid_client"}),
			wantStatus: 200, wantCode: "invalid_client",
			wantMsg: "connection: token exchange: provider answered 200: invalid_client",
		},
		{
			name:       "200 with a form-encoded error (GitHub legacy)",
			reply:      rawReply(200, "application/x-www-form-urlencoded", "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com"),
			wantStatus: 200, wantCode: "bad_verification_code", wantDesc: "The code passed is incorrect or expired.", wantURI: "https://docs.github.com",
			wantMsg: "connection: token exchange: provider answered 200: bad_verification_code: The code passed is incorrect or expired.",
		},
		{
			name:       "200 with an error object",
			reply:      jsonReply(200, map[string]any{"access_token": "AT", "error": map[string]any{"message": "bad", "code": 190}}),
			wantStatus: 200,
			wantMsg:    "connection: token exchange: provider answered 200 with an error parameter",
		},
		{
			name:       "400 with a non-standard JSON error object",
			reply:      jsonReply(400, map[string]any{"error": map[string]any{"message": "Invalid verification code format.", "type": "OAuthException", "code": 100}}),
			wantStatus: 400,
			wantMsg:    "connection: token exchange: provider answered 400 without an OAuth error response",
		},
		{
			name:       "HTML error page",
			reply:      rawReply(502, "text/html", "<html><body><h1>Bad Gateway</h1><a href='?error=x'>retry</a></body></html>"),
			wantStatus: 502,
			wantMsg:    "connection: token exchange: provider answered 502 without an OAuth error response",
		},
		{
			name:       "form-encoded error on a non-2xx status is not read",
			reply:      rawReply(400, "application/x-www-form-urlencoded", "error=invalid_grant"),
			wantStatus: 400,
			wantMsg:    "connection: token exchange: provider answered 400 without an OAuth error response",
		},
		{
			name:       "2xx without access_token",
			reply:      jsonReply(200, map[string]any{"token_type": "Bearer"}),
			wantStatus: 200, wantIs: ErrNoAccessToken,
			wantMsg: "connection: token exchange: provider answered 200: no access_token in the token response",
		},
		{
			name:       "2xx with an empty body",
			reply:      rawReply(200, "application/json", ""),
			wantStatus: 200, wantIs: ErrNoAccessToken,
		},
		{
			name:       "access_token that is not a string",
			reply:      rawReply(200, "application/json", `{"access_token":12345}`),
			wantStatus: 200, wantIs: ErrNoAccessToken,
		},
		{
			name: "302 is not success and is not followed",
			reply: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Location", other.URL+"/token")
				w.WriteHeader(http.StatusFound)
				_, _ = io.WriteString(w, `{"access_token":"AT-from-302"}`)
			},
			wantStatus: 302,
			wantMsg:    "connection: token exchange: provider answered 302 (a redirect; token requests do not follow redirects)",
		},
		{
			name: "307 to a link-local address is not followed",
			reply: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusTemporaryRedirect)
			},
			wantStatus: 307,
		},
		{
			name:       "oversized body",
			reply:      rawReply(200, "application/json", `{"access_token":"AT","pad":"`+strings.Repeat("x", 2048)+`"}`),
			opts:       []TokenOption{WithMaxTokenResponseBytes(1024)},
			wantStatus: 200, wantIs: safehttp.ErrBodyTooLarge,
			wantMsg: "connection: token exchange: provider answered 200: response body too large (limit 1024 bytes)",
		},
		{
			name:       "oversized body over the 1 MiB default",
			reply:      rawReply(200, "application/json", `{"access_token":"AT","pad":"`+strings.Repeat("x", 1<<20)+`"}`),
			wantStatus: 200, wantIs: safehttp.ErrBodyTooLarge,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, tt.reply)
			tok, err := testConn(p.URL+"/token", nil).Exchange(context.Background(), testCode, testRedirect, "", tt.opts...)
			require.Error(t, err)
			assert.Nil(t, tok)
			var te *TokenError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "exchange", te.Step)
			assert.Equal(t, tt.wantStatus, te.StatusCode)
			assert.Equal(t, tt.wantCode, te.ErrorCode)
			assert.Equal(t, tt.wantDesc, te.ErrorDescription)
			assert.Equal(t, tt.wantURI, te.ErrorURI)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			if tt.wantMsg != "" {
				assert.Equal(t, tt.wantMsg, err.Error())
			}
			assert.Len(t, p.requests(), 1)
		})
	}
	assert.Empty(t, other.requests(), "a redirect must never be followed")
}

func TestExchangeAcceptsBodyAtTheLimit(t *testing.T) {
	body := `{"access_token":"AT"}`
	p := newProvider(t, rawReply(200, "application/json", body))
	tok, err := testConn(p.URL, nil).Exchange(context.Background(), testCode, testRedirect, "", WithMaxTokenResponseBytes(int64(len(body))))
	require.NoError(t, err)
	assert.Equal(t, "AT", tok.AccessToken)
}

func TestRefreshError(t *testing.T) {
	p := newProvider(t, jsonReply(400, map[string]any{"error": "invalid_grant", "error_description": "Token revoked"}))
	_, err := testConn(p.URL, nil).Refresh(context.Background(), "RT-old")
	var te *TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "refresh", te.Step)
	assert.Equal(t, "connection: token refresh: provider answered 400: invalid_grant: Token revoked", err.Error())
}

func TestTokenCallBoundedInTime(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	trickle := TrickleJSON(release, 20*time.Millisecond)
	tests := []struct {
		name        string
		handler     http.HandlerFunc
		ctxDeadline time.Duration
		opts        []TokenOption
		refresh     bool
	}{
		{name: "hanging server, ctx deadline", handler: hang, ctxDeadline: 200 * time.Millisecond},
		{name: "hanging server, token timeout", handler: hang, opts: []TokenOption{WithTokenTimeout(200 * time.Millisecond)}},
		{name: "trickling body, ctx deadline", handler: trickle, ctxDeadline: 200 * time.Millisecond},
		{name: "trickling body, token timeout", handler: trickle, opts: []TokenOption{WithTokenTimeout(200 * time.Millisecond)}},
		{name: "refresh against a hanging server", handler: hang, ctxDeadline: 200 * time.Millisecond, refresh: true},
		{name: "shorter ctx wins over a longer token timeout", handler: hang, ctxDeadline: 200 * time.Millisecond, opts: []TokenOption{WithTokenTimeout(time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, tt.handler)
			ctx := context.Background()
			if tt.ctxDeadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxDeadline)
				defer cancel()
			}
			c := testConn(p.URL, nil)
			start := time.Now()
			var err error
			if tt.refresh {
				_, err = c.Refresh(ctx, "RT-old", tt.opts...)
			} else {
				_, err = c.Exchange(ctx, testCode, testRedirect, "", tt.opts...)
			}
			elapsed := time.Since(start)
			require.Error(t, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, elapsed, 2*time.Second, "must return promptly after the deadline")
			var te *TokenError
			require.ErrorAs(t, err, &te)
		})
	}
}

func TestDefaultClientRefusesLinkLocal(t *testing.T) {
	for _, u := range []string{"http://169.254.169.254/token", "http://[fe80::1]:8080/token"} {
		t.Run(u, func(t *testing.T) {
			_, err := testConn(u, nil).Exchange(context.Background(), testCode, testRedirect, "", WithTokenTimeout(5*time.Second))
			require.Error(t, err)
			assert.ErrorIs(t, err, safehttp.ErrDestinationRefused)
			var te *TokenError
			require.ErrorAs(t, err, &te)
			assert.Zero(t, te.StatusCode)
		})
	}
}

func TestWithHTTPClient(t *testing.T) {
	srv := httptest.NewTLSServer(jsonReply(200, okTokens))
	defer srv.Close()
	c := testConn(srv.URL, nil)

	// The default client does not trust the test CA.
	_, err := c.Exchange(context.Background(), testCode, testRedirect, "")
	require.Error(t, err)

	tok, err := c.Exchange(context.Background(), testCode, testRedirect, "", WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	assert.Equal(t, "AT-1", tok.AccessToken)

	// nil restores the default.
	_, err = c.Exchange(context.Background(), testCode, testRedirect, "", WithHTTPClient(srv.Client()), WithHTTPClient(nil))
	require.Error(t, err)
}

func TestWithHTTPClientRedirectsStillNotFollowed(t *testing.T) {
	other := newProvider(t, jsonReply(200, okTokens))
	p := newProvider(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL, http.StatusPermanentRedirect)
	})
	_, err := testConn(p.URL, nil).Exchange(context.Background(), testCode, testRedirect, "", WithHTTPClient(&http.Client{}))
	var te *TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 308, te.StatusCode)
	assert.Empty(t, other.requests())
}

func TestTokenCallConfigErrors(t *testing.T) {
	p := newProvider(t, jsonReply(200, okTokens))
	tests := []struct {
		name    string
		conn    *Connection
		code    string
		wantMsg string
	}{
		{name: "empty code", conn: testConn(p.URL, nil), code: "", wantMsg: "connection: token exchange: the authorization code is empty"},
		{name: "empty tokenURL", conn: testConn("", nil), code: testCode, wantMsg: "connection: token exchange: options.tokenURL: is empty"},
		{name: "nil connection", conn: nil, code: testCode, wantMsg: "connection: token exchange: nil connection"},
		{name: "Host header", conn: testConn(p.URL, map[string]string{"host": "evil.example"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: "host" may not be set`},
		{name: "Content-Length header", conn: testConn(p.URL, map[string]string{"Content-Length": "1"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: "Content-Length" may not be set`},
		{name: "Transfer-Encoding header", conn: testConn(p.URL, map[string]string{"Transfer-Encoding": "chunked"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: "Transfer-Encoding" may not be set`},
		{name: "CRLF in a value, value not quoted", conn: testConn(p.URL, map[string]string{"Authorization": "Basic " + testClientSecret + "\r\nX-Injected: 1"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: the value of "Authorization" contains control characters`},
		{name: "invalid header name", conn: testConn(p.URL, map[string]string{"X Bad": "1"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: "X Bad" is not a valid header name`},
		{name: "empty header name", conn: testConn(p.URL, map[string]string{"": "1"}), code: testCode, wantMsg: `connection: token exchange: options.customHeaders: "" is not a valid header name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.conn.Exchange(context.Background(), tt.code, testRedirect, "")
			require.Error(t, err)
			assert.Equal(t, tt.wantMsg, err.Error())
			var te *TokenError
			require.ErrorAs(t, err, &te)
			assert.Zero(t, te.StatusCode)
		})
	}
	_, err := testConn(p.URL, nil).Refresh(context.Background(), "")
	assert.EqualError(t, err, "connection: token refresh: the refresh token is empty")
	assert.Empty(t, p.requests(), "nothing may be sent when the call is misconfigured")
}

// TestTokenErrorsNeverLeakSecrets drives every failure path with a provider
// that echoes everything it received, and response tokens, into its answer.
func TestTokenErrorsNeverLeakSecrets(t *testing.T) {
	const (
		respAT  = "RESP-ACCESS-TOKEN-aaaa"
		respRT  = "RESP-REFRESH-TOKEN-bbbb"
		respID  = "RESP-ID-TOKEN-cccc"
		oldRT   = "OLD-REFRESH-TOKEN-dddd"
		apiKey  = "X-API-KEY-VALUE-eeee"
		basicAu = "Basic Y2xpZW50OnNlY3JldA=="
	)
	secrets := []string{testClientSecret, testCode, testVerifier, respAT, respRT, respID, oldRT, apiKey, basicAu, "Y2xpZW50OnNlY3JldA=="}

	// echo returns everything the provider saw, in several encodings.
	echo := func(r *http.Request, body string) string {
		return fmt.Sprintf("got %s; headers %v; %s %s", body, r.Header, r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"))
	}
	tokens := map[string]any{"access_token": respAT, "refresh_token": respRT, "id_token": respID}
	withTokens := func(m map[string]any) map[string]any {
		for k, v := range tokens {
			m[k] = v
		}
		return m
	}
	var release = make(chan struct{})
	defer close(release)

	handlers := map[string]func(w http.ResponseWriter, r *http.Request, body string){
		"400 JSON error echoing the request": func(w http.ResponseWriter, r *http.Request, body string) {
			jsonReply(400, withTokens(map[string]any{"error": echo(r, body), "error_description": echo(r, body), "error_uri": echo(r, body)}))(w, r)
		},
		"200 JSON error with tokens": func(w http.ResponseWriter, r *http.Request, body string) {
			jsonReply(200, withTokens(map[string]any{"error": "invalid_grant", "error_description": "tokens " + respAT + " " + respRT + " " + respID + " " + echo(r, body)}))(w, r)
		},
		"200 form error echoing with control characters": func(w http.ResponseWriter, r *http.Request, body string) {
			half := len(testClientSecret) / 2
			desc := testClientSecret[:half] + "\x00\u202e" + testClientSecret[half:] + " " + echo(r, body)
			rawReply(200, "application/x-www-form-urlencoded", "error=bad&error_description="+url.QueryEscape(desc)+"&access_token="+respAT)(w, r)
		},
		"500 HTML page echoing the request": func(w http.ResponseWriter, r *http.Request, body string) {
			rawReply(500, "text/html", "<html>"+echo(r, body)+"</html>")(w, r)
		},
		"200 without access_token": func(w http.ResponseWriter, r *http.Request, body string) {
			jsonReply(200, map[string]any{"refresh_token": respRT, "id_token": respID, "note": echo(r, body)})(w, r)
		},
		"oversized body": func(w http.ResponseWriter, r *http.Request, body string) {
			rawReply(200, "application/json", `{"access_token":"`+respAT+`","x":"`+strings.Repeat(echo(r, body), 200)+`"}`)(w, r)
		},
		"302 with tokens in the body": func(w http.ResponseWriter, r *http.Request, body string) {
			w.Header().Set("Location", "/elsewhere?"+body)
			jsonReply(302, withTokens(map[string]any{"note": echo(r, body)}))(w, r)
		},
		"hanging": func(w http.ResponseWriter, r *http.Request, body string) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		},
	}
	for name, h := range handlers {
		for _, step := range []string{"exchange", "refresh"} {
			for _, hdrs := range []map[string]string{
				{"X-Api-Key": apiKey},
				{"Authorization": basicAu},
			} {
				t.Run(name+"/"+step+"/"+strings.Join(keys(hdrs), ","), func(t *testing.T) {
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						b, _ := io.ReadAll(r.Body)
						h(w, r, string(b))
					}))
					defer srv.Close()
					c := testConn(srv.URL+"/token", hdrs)
					var err error
					opts := []TokenOption{WithTokenTimeout(300 * time.Millisecond), WithMaxTokenResponseBytes(4096)}
					if step == "exchange" {
						_, err = c.Exchange(context.Background(), testCode, testRedirect, testVerifier, opts...)
					} else {
						_, err = c.Refresh(context.Background(), oldRT, opts...)
					}
					require.Error(t, err)
					var te *TokenError
					require.ErrorAs(t, err, &te)
					for _, s := range secrets {
						for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), te.ErrorCode, te.ErrorDescription, te.ErrorURI} {
							assert.NotContains(t, text, s)
						}
					}
					for _, f := range []string{te.ErrorCode, te.ErrorDescription, te.ErrorURI} {
						assert.LessOrEqual(t, len(f), maxErrorFieldLen+3)
						assert.True(t, utf8.ValidString(f))
						assert.NotContains(t, f, "\x00")
						assert.NotContains(t, f, "\u202e")
					}
				})
			}
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExchangeConcurrent(t *testing.T) {
	p := newProvider(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		jsonReply(200, map[string]any{"access_token": "AT-for-" + r.PostForm.Get("code")})(w, r)
	})
	c := testConn(p.URL, map[string]string{"X-Tenant": "acme"})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			code := fmt.Sprintf("code-%d", i)
			tok, err := c.Exchange(context.Background(), code, testRedirect, "")
			if assert.NoError(t, err) {
				assert.Equal(t, "AT-for-"+code, tok.AccessToken)
			}
		})
	}
	wg.Wait()
	assert.Len(t, p.requests(), 20)
}

func TestParseTokenResponse(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantRaw  map[string]any
		wantJSON bool
	}{
		{name: "JSON object", body: ` {"a":1} `, wantRaw: map[string]any{"a": float64(1)}, wantJSON: true},
		{name: "number beyond float64 becomes Inf as in JavaScript", body: `{"n":1e400,"m":-1e400}`, wantRaw: map[string]any{"n": math.Inf(1), "m": math.Inf(-1)}, wantJSON: true},
		{name: "large integer rounds as in JavaScript", body: `{"id":9007199254740993}`, wantRaw: map[string]any{"id": float64(9007199254740992)}, wantJSON: true},
		{name: "trailing data is not JSON", body: `{"a":1}x`, wantRaw: map[string]any{`{"a":1}x`: ""}},
		{name: "JSON array falls back to form", body: `[1,2]`, wantRaw: map[string]any{"[1,2]": ""}},
		{name: "empty body", body: ``, wantRaw: map[string]any{}},
		{name: "form with lenient escapes", body: `a=%zz&b=%41%&c=x+y&&=v&d`, wantRaw: map[string]any{"a": "%zz", "b": "A%", "c": "x y", "": "v", "d": ""}},
		{name: "form repeated names", body: `a=1&a=2&a=3`, wantRaw: map[string]any{"a": []any{"1", "2", "3"}}},
		{name: "form invalid UTF-8 replaced", body: `a=%ff`, wantRaw: map[string]any{"a": "\uFFFD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, isJSON := parseTokenResponse([]byte(tt.body))
			assert.Equal(t, tt.wantJSON, isJSON)
			assert.Equal(t, tt.wantRaw, raw)
		})
	}

	t.Run("form stops after 1000 parameters", func(t *testing.T) {
		var b strings.Builder
		for i := range 1500 {
			fmt.Fprintf(&b, "k%d=v&", i)
		}
		raw, _ := parseTokenResponse([]byte(b.String()))
		assert.Len(t, raw, 1000)
	})
}

func TestExpiresIn(t *testing.T) {
	tests := []struct {
		in   any
		want int64
	}{
		{float64(3600), 3600}, {"3600", 3600}, {" 60 ", 60}, {float64(1.9), 1}, {float64(-1), 0}, {"-1", 0},
		{"abc", 0}, {nil, 0}, {true, 0}, {math.NaN(), 0}, {math.Inf(1), math.MaxInt32}, {float64(1e12), math.MaxInt32},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, expiresIn(tt.in), "%#v", tt.in)
	}
}

func TestTokenConfigDefaults(t *testing.T) {
	def := newTokenConfig(nil)
	assert.Equal(t, 10*time.Second, def.timeout)
	assert.Equal(t, int64(1<<20), def.maxBytes)
	assert.Same(t, defaultTokenClient(), def.client, "one shared default client")

	restored := newTokenConfig([]TokenOption{WithTokenTimeout(-1), WithMaxTokenResponseBytes(0), WithHTTPClient(nil), nil})
	assert.Equal(t, def, restored)

	hc := &http.Client{}
	set := newTokenConfig([]TokenOption{WithTokenTimeout(time.Second), WithMaxTokenResponseBytes(10), WithHTTPClient(hc)})
	assert.Equal(t, tokenConfig{client: hc, timeout: time.Second, maxBytes: 10}, set)
}

func TestTokenErrorMessageWithoutStep(t *testing.T) {
	assert.Equal(t, "connection: token request: provider answered 503 without an OAuth error response", (&TokenError{StatusCode: 503}).Error())
	cause := errors.New("boom")
	e := &TokenError{Step: "exchange", Err: cause}
	assert.Equal(t, "connection: token exchange: boom", e.Error())
	assert.ErrorIs(t, e, cause)
}

func FuzzParseTokenResponse(f *testing.F) {
	for _, s := range []string{
		`{"access_token":"AT","token_type":"Bearer","expires_in":3600,"refresh_token":"RT","id_token":"a.b.c"}`,
		`{"access_token":"AT","expires_in":"3600","team":{"id":1,"x":[1,"2",{"3":null}]}}`,
		`{"error":"invalid_grant","error_description":"Code expired"}`,
		`{"error":{"message":"bad","code":190}}`,
		`access_token=gho_abc&scope=repo%2Cgist&token_type=bearer`,
		`error=bad_verification_code&error_description=The+code`,
		`a=%zz&b=%41%&c=x+y&&=v&d&a=2`,
		`{"n":1e400}`, `[1,2]`, `null`, `"str"`, ``, `<html>error</html>`, "\xff\xfe",
	} {
		f.Add([]byte(s), 200)
		f.Add([]byte(s), 400)
	}
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		raw, isJSON := parseTokenResponse(body)
		if raw == nil {
			t.Fatal("nil map")
		}
		if !isJSON {
			for k, v := range raw {
				if !utf8.ValidString(k) {
					t.Fatalf("invalid UTF-8 key %q", k)
				}
				switch v := v.(type) {
				case string:
					if !utf8.ValidString(v) {
						t.Fatalf("invalid UTF-8 value %q", v)
					}
				case []any:
					for _, e := range v {
						if _, ok := e.(string); !ok {
							t.Fatalf("non-string form value %T", e)
						}
					}
				default:
					t.Fatalf("form value of type %T", v)
				}
			}
		}
		tok, terr := interpretTokenResponse(status, body)
		if (tok == nil) == (terr == nil) {
			t.Fatal("exactly one of token and error must be set")
		}
		if tok != nil {
			if tok.AccessToken == "" || status < 200 || status > 299 || tok.ExpiresIn < 0 {
				t.Fatalf("bad success: %+v status %d", tok, status)
			}
			if _, ok := tok.ScriptContext()["refresh_token"]; ok {
				t.Fatal("refresh_token in ctx")
			}
		}
		if terr != nil {
			terr.Step = "exchange"
			terr.redact(tokenValues(body))
			for _, f := range []string{terr.ErrorCode, terr.ErrorDescription, terr.ErrorURI} {
				if len(f) > maxErrorFieldLen+3 || !utf8.ValidString(f) {
					t.Fatalf("unsanitised field %q", f)
				}
			}
			_ = terr.Error()
		}
	})
}
