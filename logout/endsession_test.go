package logout

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/safehttp"
)

func TestNewEndSession(t *testing.T) {
	tests := []struct {
		name     string
		endpoint string
		wantErr  string
	}{
		{name: "https", endpoint: "https://idp.example.com/oidc/logout"},
		{name: "https with query", endpoint: "https://idp.example.com/logout?p=tenant"},
		{name: "http loopback ipv4", endpoint: "http://127.0.0.1:8080/logout"},
		{name: "http localhost", endpoint: "http://localhost:8080/logout"},
		{name: "http loopback ipv6", endpoint: "http://[::1]:8080/logout"},
		{name: "http elsewhere", endpoint: "http://idp.example.com/logout", wantErr: "must be https"},
		{name: "http private address", endpoint: "http://10.0.0.1/logout", wantErr: "must be https"},
		{name: "fragment", endpoint: "https://idp.example.com/logout#x", wantErr: "fragment"},
		{name: "javascript", endpoint: "javascript:alert(1)", wantErr: "scheme"},
		{name: "relative", endpoint: "/logout", wantErr: "scheme"},
		{name: "empty", endpoint: "", wantErr: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := NewEndSession(tt.endpoint)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.endpoint, es.Endpoint())
				assert.Empty(t, es.Issuer())
				return
			}
			require.ErrorIs(t, err, ErrInvalidEndSession)
			assert.Contains(t, err.Error(), "logout: end_session_endpoint: ")
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestEndSessionURL(t *testing.T) {
	es := mustEndSession(t, "https://idp.example.com/logout?p=B2C_1&state=old")
	got, err := es.URL(fakeIDToken, "https://app.example.com/bye?a=1&b=2", "client 1", "s/1")
	require.NoError(t, err)
	u, err := url.Parse(got)
	require.NoError(t, err)
	assert.Equal(t, "https", u.Scheme)
	assert.Equal(t, "idp.example.com", u.Host)
	assert.Equal(t, "/logout", u.Path)
	assert.Equal(t, url.Values{
		"p":                        {"B2C_1"},
		"id_token_hint":            {fakeIDToken},
		"post_logout_redirect_uri": {"https://app.example.com/bye?a=1&b=2"},
		"client_id":                {"client 1"},
		"state":                    {"s/1"},
	}, u.Query())

	got, err = es.URL("", "", "", "")
	require.NoError(t, err)
	assert.Equal(t, "https://idp.example.com/logout?p=B2C_1&state=old", got, "nothing added, endpoint query kept")

	_, err = es.URL(fakeIDToken, "javascript:alert(1)", "c", "")
	require.ErrorIs(t, err, ErrInvalidEndSession)
	assert.NotContains(t, err.Error(), fakeIDToken)

	var nilES *EndSession
	_, err = nilES.URL(fakeIDToken, "", "", "")
	require.ErrorIs(t, err, ErrInvalidEndSession)
}

// discoveryServer serves a discovery document built by doc(issuer).
func discoveryServer(t *testing.T, doc func(issuer string) map[string]any) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(doc(srv.URL))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func baseDoc(issuer string) map[string]any {
	return map[string]any{
		"issuer":                 issuer,
		"authorization_endpoint": issuer + "/authorize",
		"token_endpoint":         issuer + "/token",
		"jwks_uri":               issuer + "/keys",
	}
}

func TestDiscoverEndSession(t *testing.T) {
	ctx := context.Background()
	testClient := safehttp.NewClient(safehttp.Options{Policy: safehttp.AllowAll})

	t.Run("found", func(t *testing.T) {
		srv, hits := discoveryServer(t, func(iss string) map[string]any {
			d := baseDoc(iss)
			d["end_session_endpoint"] = iss + "/oidc/end?x=1"
			return d
		})
		es, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.NoError(t, err)
		assert.Equal(t, srv.URL+"/oidc/end?x=1", es.Endpoint())
		assert.Equal(t, srv.URL, es.Issuer())
		assert.EqualValues(t, 1, hits.Load())
	})
	t.Run("nil client uses the default policy client", func(t *testing.T) {
		srv, _ := discoveryServer(t, func(iss string) map[string]any {
			d := baseDoc(iss)
			d["end_session_endpoint"] = iss + "/end"
			return d
		})
		es, err := DiscoverEndSession(ctx, srv.URL, nil)
		require.NoError(t, err)
		assert.Equal(t, srv.URL+"/end", es.Endpoint())
	})
	t.Run("no end_session_endpoint", func(t *testing.T) {
		srv, _ := discoveryServer(t, baseDoc)
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.ErrorIs(t, err, ErrNoEndSession)
		assert.Equal(t, "logout: discovery: provider has no end_session_endpoint", err.Error())
	})
	t.Run("plain-http endpoint off loopback", func(t *testing.T) {
		srv, _ := discoveryServer(t, func(iss string) map[string]any {
			d := baseDoc(iss)
			d["end_session_endpoint"] = "http://idp.example.com/end"
			return d
		})
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.ErrorIs(t, err, ErrInvalidEndSession)
	})
	t.Run("javascript endpoint", func(t *testing.T) {
		srv, _ := discoveryServer(t, func(iss string) map[string]any {
			d := baseDoc(iss)
			d["end_session_endpoint"] = "javascript:alert(1)"
			return d
		})
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.ErrorIs(t, err, ErrInvalidEndSession)
	})
	t.Run("issuer mismatch", func(t *testing.T) {
		srv, _ := discoveryServer(t, func(iss string) map[string]any {
			d := baseDoc("https://other.example.com")
			d["end_session_endpoint"] = iss + "/end"
			return d
		})
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "logout: discovery: ")
		assert.Contains(t, err.Error(), "issuer")
	})
	t.Run("insecure issuer", func(t *testing.T) {
		_, err := DiscoverEndSession(ctx, "http://idp.example.com", testClient)
		require.ErrorIs(t, err, ErrInvalidEndSession)
		assert.Contains(t, err.Error(), "logout: discovery: issuer: ")
	})
	t.Run("error body is bounded in the message", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte("line1\nline2 " + strings.Repeat("z", 100_000)))
		}))
		defer srv.Close()
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.Error(t, err)
		assert.LessOrEqual(t, len(err.Error()), 400)
		assert.NotContains(t, err.Error(), "\n")
		assert.Contains(t, err.Error(), "500")
	})
	t.Run("oversized document", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"issuer":"` + strings.Repeat("a", 2<<20) + `"}`))
		}))
		defer srv.Close()
		_, err := DiscoverEndSession(ctx, srv.URL, testClient)
		require.Error(t, err)
		// go-oidc formats the read error with %v, so only the text survives.
		assert.Contains(t, err.Error(), safehttp.ErrBodyTooLarge.Error())
	})
	t.Run("honours the ctx deadline", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := DiscoverEndSession(tctx, srv.URL, testClient)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 2*time.Second)
	})
	t.Run("destination policy applies", func(t *testing.T) {
		srv, hits := discoveryServer(t, baseDoc)
		refuseAll := safehttp.NewClient(safehttp.Options{Policy: safehttp.Policy(func(string, netip.Addr) error { return safehttp.ErrDestinationRefused })})
		_, err := DiscoverEndSession(ctx, srv.URL, refuseAll)
		require.ErrorIs(t, err, safehttp.ErrDestinationRefused)
		assert.Zero(t, hits.Load())
	})
}
