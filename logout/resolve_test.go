package logout

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// fakeIDToken looks like a JWT; tests check it never leaks into errors.
const fakeIDToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLXNlY3JldA"

func mustAllowList(t *testing.T, urls ...string) *AllowList {
	t.Helper()
	a, err := NewAllowList(urls...)
	require.NoError(t, err)
	return a
}

func mustEndSession(t *testing.T, endpoint string) *EndSession {
	t.Helper()
	e, err := NewEndSession(endpoint)
	require.NoError(t, err)
	return e
}

// scriptReturning returns a ScriptFunc that records its calls and returns u.
func scriptReturning(u string, calls *atomic.Int32) ScriptFunc {
	return func(ctx context.Context, q map[string][]string) (string, error) {
		calls.Add(1)
		return u, nil
	}
}

func TestResolveOrder(t *testing.T) {
	allow := mustAllowList(t, "https://app.example.com/bye")
	es := mustEndSession(t, "https://idp.example.com/end")
	fed := url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye"}}

	tests := []struct {
		name        string
		cfg         func(calls *atomic.Int32) Config
		query       url.Values
		wantKind    Kind
		wantURL     string // exact, or prefix when wantPrefix
		wantPrefix  bool
		wantScripts int32
	}{
		{
			name: "logoutUrl wins over script and end-session, verbatim",
			cfg: func(c *atomic.Int32) Config {
				return Config{
					LogoutURL:  "https://idp.example.com/logout?client_id=abc&x=%20y",
					Script:     scriptReturning("https://script.example.com/", c),
					EndSession: es, AllowList: allow,
				}
			},
			query:    fed,
			wantKind: KindFixed,
			wantURL:  "https://idp.example.com/logout?client_id=abc&x=%20y",
		},
		{
			name: "script when no logoutUrl, even with end-session",
			cfg: func(c *atomic.Int32) Config {
				return Config{Script: scriptReturning("https://script.example.com/out?r=1", c), EndSession: es, AllowList: allow}
			},
			query:       fed,
			wantKind:    KindScript,
			wantURL:     "https://script.example.com/out?r=1",
			wantScripts: 1,
		},
		{
			name:       "end-session when neither is set",
			cfg:        func(*atomic.Int32) Config { return Config{EndSession: es, AllowList: allow, ClientID: "conn-client"} },
			query:      fed,
			wantKind:   KindEndSession,
			wantURL:    "https://idp.example.com/end?",
			wantPrefix: true,
		},
		{
			name:     "none when nothing is configured",
			cfg:      func(*atomic.Int32) Config { return Config{AllowList: allow} },
			query:    fed,
			wantKind: KindNone,
		},
		{
			name: "none when not federated: the script does not run",
			cfg: func(c *atomic.Int32) Config {
				return Config{LogoutURL: "https://idp.example.com/logout", Script: scriptReturning("https://x.example.com/", c), AllowList: allow}
			},
			query:    url.Values{"returnTo": {"https://app.example.com/bye"}},
			wantKind: KindNone,
		},
		{
			name: "federated=false still counts as federated (presence flag)",
			cfg: func(c *atomic.Int32) Config {
				return Config{LogoutURL: "https://idp.example.com/logout", AllowList: allow}
			},
			query:    url.Values{"federated": {"false"}},
			wantKind: KindFixed,
			wantURL:  "https://idp.example.com/logout",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			res, err := Resolve(context.Background(), tt.cfg(&calls), Request{Query: tt.query, IDTokenHint: fakeIDToken})
			require.NoError(t, err)
			assert.Equal(t, tt.wantKind, res.Kind)
			if tt.wantPrefix {
				assert.True(t, strings.HasPrefix(res.URL, tt.wantURL), res.URL)
			} else {
				assert.Equal(t, tt.wantURL, res.URL)
			}
			if tt.query.Has("returnTo") {
				assert.Equal(t, "https://app.example.com/bye", res.ReturnTo)
			}
			assert.Equal(t, tt.wantScripts, calls.Load())
		})
	}
}

func TestResolveEndSessionParameters(t *testing.T) {
	es := mustEndSession(t, "https://idp.example.com/end?tenant=t1&client_id=overridden")
	cfg := Config{EndSession: es, AllowList: mustAllowList(t, "https://app.example.com/bye"), ClientID: "conn-client"}
	res, err := Resolve(context.Background(), cfg, Request{
		Query:       url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye?x=1"}, "client_id": {"auth0-app"}},
		IDTokenHint: fakeIDToken,
		State:       "st&ate",
	})
	require.NoError(t, err)
	assert.Equal(t, KindEndSession, res.Kind)
	u, err := url.Parse(res.URL)
	require.NoError(t, err)
	assert.Equal(t, "idp.example.com", u.Host)
	assert.Equal(t, "/end", u.Path)
	assert.Equal(t, url.Values{
		"tenant":                   {"t1"},
		"client_id":                {"conn-client"}, // the connection's, not the app's
		"id_token_hint":            {fakeIDToken},
		"post_logout_redirect_uri": {"https://app.example.com/bye?x=1"},
		"state":                    {"st&ate"},
	}, u.Query())

	// A fixed landing URL replaces returnTo; absent values are omitted.
	cfg.PostLogoutRedirectURI = "https://rp.example.com/logout/done"
	res, err = Resolve(context.Background(), cfg, Request{Query: url.Values{"federated": {""}}})
	require.NoError(t, err)
	u, err = url.Parse(res.URL)
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"tenant":                   {"t1"},
		"client_id":                {"conn-client"},
		"post_logout_redirect_uri": {"https://rp.example.com/logout/done"},
	}, u.Query())
	assert.Empty(t, res.ReturnTo)
}

func TestResolveReturnTo(t *testing.T) {
	allow := mustAllowList(t, "https://app.example.com/bye", "https://*.example.org")
	tests := []struct {
		name         string
		allow        *AllowList
		query        url.Values
		wantReturnTo string
		wantErr      bool
	}{
		{name: "absent", allow: allow, query: url.Values{"federated": {""}}},
		{name: "absent with nil allow-list", allow: nil, query: url.Values{"federated": {""}}},
		{name: "empty value", allow: allow, query: url.Values{"federated": {""}, "returnTo": {""}}},
		{name: "allowed", allow: allow, query: url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye"}}, wantReturnTo: "https://app.example.com/bye"},
		{name: "allowed wildcard keeps query", allow: allow, query: url.Values{"federated": {""}, "returnTo": {"https://x.example.org/?a=b"}}, wantReturnTo: "https://x.example.org/?a=b"},
		{name: "post_logout_redirect_uri is checked too", allow: allow, query: url.Values{"federated": {""}, "post_logout_redirect_uri": {"https://evil.example/"}}, wantErr: true},
		{name: "post_logout_redirect_uri allowed", allow: allow, query: url.Values{"federated": {""}, "post_logout_redirect_uri": {"https://app.example.com/bye"}}, wantReturnTo: "https://app.example.com/bye"},
		{name: "not allowed", allow: allow, query: url.Values{"federated": {""}, "returnTo": {"https://evil.example/"}}, wantErr: true},
		{name: "not allowed on the non-federated path too", allow: allow, query: url.Values{"returnTo": {"https://evil.example/"}}, wantErr: true},
		{name: "nil allow-list refuses any returnTo", allow: nil, query: url.Values{"returnTo": {"https://app.example.com/bye"}}, wantErr: true},
		{name: "second value not allowed", allow: allow, query: url.Values{"returnTo": {"https://app.example.com/bye", "https://evil.example/"}}, wantErr: true},
		{name: "two different allowed values", allow: allow, query: url.Values{"returnTo": {"https://app.example.com/bye", "https://a.example.org/"}}, wantErr: true},
		{name: "returnTo and post_logout_redirect_uri differ", allow: allow, query: url.Values{"returnTo": {"https://app.example.com/bye"}, "post_logout_redirect_uri": {"https://a.example.org/"}}, wantErr: true},
		{name: "same value twice", allow: allow, query: url.Values{"returnTo": {"https://app.example.com/bye", "https://app.example.com/bye"}}, wantReturnTo: "https://app.example.com/bye"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			cfg := Config{Script: scriptReturning("https://idp.example.com/logout", &calls), AllowList: tt.allow}
			res, err := Resolve(context.Background(), cfg, Request{Query: tt.query})
			if tt.wantErr {
				require.ErrorIs(t, err, ErrReturnToNotAllowed)
				assert.True(t, strings.HasPrefix(err.Error(), "logout: "), err.Error())
				assert.NotContains(t, err.Error(), "evil.example", "the rejected URL is not echoed")
				assert.Equal(t, Result{}, res)
				assert.Zero(t, calls.Load(), "the script must not see an unchecked returnTo")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantReturnTo, res.ReturnTo)
		})
	}
}

func TestResolveScriptSeesOnlyCheckedQuery(t *testing.T) {
	var got map[string][]string
	script := func(ctx context.Context, q map[string][]string) (string, error) {
		got = q
		q["returnTo"] = []string{"mutated"} // the func owns its copy
		return "https://idp.example.com/logout", nil
	}
	query := url.Values{
		"federated":     {""},
		"returnTo":      {"HTTPS://App.Example.com/bye?next=1"},
		"client_id":     {"auth0-app"},
		"id_token_hint": {fakeIDToken},
		"custom":        {"a", "b"},
	}
	orig := url.Values{}
	for k, v := range query {
		orig[k] = append([]string(nil), v...)
	}
	res, err := Resolve(context.Background(), Config{Script: script, AllowList: mustAllowList(t, "https://app.example.com/bye")}, Request{Query: query})
	require.NoError(t, err)
	assert.Equal(t, "https://App.Example.com/bye?next=1", res.ReturnTo)
	assert.Equal(t, map[string][]string{
		"federated": {""},
		"returnTo":  {"mutated"},
		"client_id": {"auth0-app"},
		"custom":    {"a", "b"},
	}, got, "id_token_hint removed, everything else passed")
	assert.Equal(t, orig, query, "Resolve must not modify the request's query")
}

func TestResolveScriptFailures(t *testing.T) {
	defer goleak.VerifyNone(t)
	allow := mustAllowList(t, "https://app.example.com/bye")
	query := url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye"}}

	ret := func(s string) ScriptFunc {
		return func(context.Context, map[string][]string) (string, error) { return s, nil }
	}
	tests := []struct {
		name       string
		script     ScriptFunc
		timeout    time.Duration
		wantURL    string
		wantIs     error
		wantScript bool // a *ScriptError
		wantMsg    string
	}{
		{name: "good URL", script: ret("https://idp.example.com/v2/logout?returnTo=https%3A%2F%2Fapp.example.com"), wantURL: "https://idp.example.com/v2/logout?returnTo=https%3A%2F%2Fapp.example.com"},
		{name: "javascript", script: ret("javascript:alert(1)"), wantIs: ErrInvalidLogoutURL, wantMsg: "logout: getLogoutUrl result: invalid logout URL: scheme must be http or https"},
		{name: "data", script: ret("data:text/html,hi"), wantIs: ErrInvalidLogoutURL},
		{name: "relative", script: ret("/logout"), wantIs: ErrInvalidLogoutURL},
		{name: "protocol-relative", script: ret("//evil.example/"), wantIs: ErrInvalidLogoutURL},
		{name: "empty", script: ret(""), wantIs: ErrInvalidLogoutURL},
		{name: "whitespace", script: ret(" https://idp.example.com/ "), wantIs: ErrInvalidLogoutURL},
		{name: "control char", script: ret("https://idp.example.com/\r\nSet-Cookie: x=1"), wantIs: ErrInvalidLogoutURL},
		{name: "userinfo", script: ret("https://idp.example.com@evil.example/"), wantIs: ErrInvalidLogoutURL},
		{name: "too long", script: ret("https://idp.example.com/?" + strings.Repeat("a", MaxURLLength)), wantIs: ErrInvalidLogoutURL},
		{
			name: "non-string callback value (ScriptFunc contract: an error)",
			script: func(context.Context, map[string][]string) (string, error) {
				return "", errors.New("getLogoutUrl: callback value is not a string (got object)")
			},
			wantScript: true, wantMsg: "logout: getLogoutUrl: getLogoutUrl: callback value is not a string (got object)",
		},
		{
			name: "script error, message sanitised",
			script: func(context.Context, map[string][]string) (string, error) {
				return "", errors.New("provider said:\n<html>" + strings.Repeat("x", 2000))
			},
			wantScript: true, wantMsg: "logout: getLogoutUrl: provider said: <html>xxx",
		},
		{
			name: "panic",
			script: func(context.Context, map[string][]string) (string, error) {
				panic("boom")
			},
			wantScript: true, wantMsg: "logout: getLogoutUrl: panic: boom",
		},
		{
			name: "timeout honouring ctx",
			script: func(ctx context.Context, _ map[string][]string) (string, error) {
				<-ctx.Done()
				return "", ctx.Err()
			},
			timeout: 20 * time.Millisecond, wantIs: context.DeadlineExceeded, wantScript: true,
		},
		{
			name: "timeout reported in the engine's own words",
			script: func(ctx context.Context, _ map[string][]string) (string, error) {
				<-ctx.Done()
				return "", errors.New("interrupted: execution time exceeded")
			},
			timeout: 20 * time.Millisecond, wantIs: context.DeadlineExceeded, wantScript: true,
			wantMsg: "logout: getLogoutUrl: context deadline exceeded: interrupted: execution time exceeded",
		},
		{
			name: "timeout ignoring ctx: Resolve still returns",
			script: func(ctx context.Context, _ map[string][]string) (string, error) {
				time.Sleep(200 * time.Millisecond)
				return "https://late.example.com/", nil
			},
			timeout: 20 * time.Millisecond, wantIs: context.DeadlineExceeded, wantScript: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			res, err := Resolve(context.Background(), Config{Script: tt.script, AllowList: allow, ScriptTimeout: tt.timeout}, Request{Query: query, IDTokenHint: fakeIDToken})
			if tt.timeout > 0 {
				assert.Less(t, time.Since(start), time.Second, "bounded by ScriptTimeout plus grace")
			}
			assert.Equal(t, KindScript, res.Kind)
			assert.Equal(t, "https://app.example.com/bye", res.ReturnTo, "fail-open: the local logout can finish")
			if tt.wantIs == nil && !tt.wantScript {
				require.NoError(t, err)
				assert.Equal(t, tt.wantURL, res.URL)
				return
			}
			require.Error(t, err)
			assert.Empty(t, res.URL)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			var se *ScriptError
			assert.Equal(t, tt.wantScript, errors.As(err, &se))
			if tt.wantMsg != "" {
				assert.True(t, strings.HasPrefix(err.Error(), tt.wantMsg), err.Error())
			}
			assert.LessOrEqual(t, len(err.Error()), 600)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
	time.Sleep(250 * time.Millisecond) // let the ctx-ignoring script finish before goleak
}

func TestResolveParentContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	script := func(ctx context.Context, _ map[string][]string) (string, error) {
		<-ctx.Done()
		return "", ctx.Err()
	}
	res, err := Resolve(ctx, Config{Script: script}, Request{Query: url.Values{"federated": {""}}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, KindScript, res.Kind)
}

func TestResolveInvalidFixedLogoutURL(t *testing.T) {
	allow := mustAllowList(t, "https://app.example.com/bye")
	res, err := Resolve(context.Background(), Config{LogoutURL: "javascript:alert(1)", AllowList: allow},
		Request{Query: url.Values{"federated": {""}, "returnTo": {"https://app.example.com/bye"}}})
	require.ErrorIs(t, err, ErrInvalidLogoutURL)
	assert.Contains(t, err.Error(), "logout: options.logoutUrl: invalid logout URL")
	assert.Equal(t, Result{Kind: KindFixed, ReturnTo: "https://app.example.com/bye"}, res)
}

func TestResolveNeverLeaksIDTokenHint(t *testing.T) {
	// A script echoing the token it should never have seen.
	script := func(context.Context, map[string][]string) (string, error) {
		return "", errors.New("bad token " + fakeIDToken)
	}
	_, err := Resolve(context.Background(), Config{Script: script}, Request{Query: url.Values{"federated": {""}}, IDTokenHint: fakeIDToken})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), fakeIDToken)
	assert.Contains(t, err.Error(), "[redacted]")
	var se *ScriptError
	assert.True(t, errors.As(err, &se), "redaction keeps the chain")

	// End-session failure (unusable redirect) with a token in the request.
	es := mustEndSession(t, "https://idp.example.com/end")
	_, err = Resolve(context.Background(), Config{EndSession: es, PostLogoutRedirectURI: "not a url"},
		Request{Query: url.Values{"federated": {""}}, IDTokenHint: fakeIDToken})
	require.ErrorIs(t, err, ErrInvalidEndSession)
	assert.NotContains(t, err.Error(), fakeIDToken)
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "none", KindNone.String())
	assert.Equal(t, "fixed", KindFixed.String())
	assert.Equal(t, "script", KindScript.String())
	assert.Equal(t, "end_session", KindEndSession.String())
	assert.Equal(t, "Kind(9)", Kind(9).String())
}

func TestScriptErrorMessage(t *testing.T) {
	// Control characters (C0, C1, line separators) become spaces; the cut
	// never splits a rune.
	msg := "a\x00b\u0085c\u2028d" + strings.Repeat("é", 400)
	got := (&ScriptError{Err: errors.New(msg)}).Error()
	assert.True(t, strings.HasPrefix(got, "logout: getLogoutUrl: a b c d"), got)
	assert.True(t, strings.HasSuffix(got, "é..."), got)
	assert.LessOrEqual(t, len(got), len("logout: getLogoutUrl: ")+maxScriptMessage+len("..."))
	assert.Equal(t, "logout: getLogoutUrl: <nil>", (&ScriptError{}).Error())
}
