package mockidp_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/mockidp"
)

func get(t *testing.T, c *http.Client, method, url string, body io.Reader, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	require.NoError(t, err)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func TestServerAnswersAnyHostAndRecords(t *testing.T) {
	s := mockidp.New(t)
	c := s.Client()

	resp, body := get(t, c, http.MethodGet, "https://slack.com/api/users.identity?token=abc", nil, map[string]string{"Authorization": "Bearer xyz"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "application/json")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Equal(t, true, doc["ok"])
	assert.Equal(t, mockidp.UserEmail, doc["email"])
	assert.Equal(t, mockidp.UserID, doc["user"].(map[string]any)["id"])
	// The certificate was verified for the requested host name.
	require.NotNil(t, resp.TLS)
	assert.Equal(t, []string{"slack.com"}, resp.TLS.PeerCertificates[0].DNSNames)

	_, _ = get(t, c, http.MethodPost, "http://usecredo.com:8000/user", strings.NewReader("a=1"), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "https", reqs[0].Scheme)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "slack.com", reqs[0].Host)
	assert.Equal(t, "/api/users.identity", reqs[0].Path)
	assert.Equal(t, "abc", reqs[0].Query.Get("token"))
	assert.Equal(t, "Bearer xyz", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "https://slack.com/api/users.identity?token=abc", reqs[0].URL())

	assert.Equal(t, "http", reqs[1].Scheme)
	assert.Equal(t, "usecredo.com:8000", reqs[1].Host)
	assert.Equal(t, "a=1", string(reqs[1].Body))

	s.Reset()
	assert.Empty(t, s.Requests())
}

func TestCertificateIsNotTrustedWithoutCA(t *testing.T) {
	s := mockidp.New(t)
	// A client that does not trust the mock CA must fail verification: the
	// mock never weakens TLS.
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}}
	_, err := c.Get("https://" + s.HTTPSAddr() + "/")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")

	// The same request with the CA trusted succeeds, using the no-SNI
	// certificate for 127.0.0.1.
	c = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.CA.Pool()}}}
	resp, err := c.Get("https://" + s.HTTPSAddr() + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestRoutesPrecedence(t *testing.T) {
	s := mockidp.New(t)
	s.Handle("", "/status", mockidp.Response{Status: 404, Body: []byte("any host")})
	s.Handle("api.example.com", "", mockidp.Response{Status: 500, Body: []byte("host only")})
	s.Handle("API.example.com", "/status", mockidp.Response{Status: 401, Body: []byte("host and path"), Header: http.Header{"X-Test": {"1"}}})
	c := s.Client()

	tests := []struct {
		name       string
		url        string
		wantStatus int
		wantBody   string
	}{
		{name: "host and path", url: "https://api.example.com/status", wantStatus: 401, wantBody: "host and path"},
		{name: "path any host", url: "https://other.example.com/status", wantStatus: 404, wantBody: "any host"},
		{name: "host any path", url: "https://api.example.com/elsewhere", wantStatus: 500, wantBody: "host only"},
		{name: "default", url: "http://other.example.com:81/x", wantStatus: 200, wantBody: `"email":"jane.doe@example.com"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, c, http.MethodGet, tt.url, nil, nil)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.Contains(t, string(body), tt.wantBody)
		})
	}

	s.SetDefault(mockidp.Response{Status: 418, Body: []byte("teapot")})
	resp, body := get(t, c, http.MethodGet, "https://x.example/", nil, nil)
	assert.Equal(t, 418, resp.StatusCode)
	assert.Equal(t, "teapot", string(body))
}

func TestDelayHonoursClientCancellation(t *testing.T) {
	s := mockidp.New(t)
	s.Handle("slow.example", "", mockidp.Response{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://slow.example/", nil)
	require.NoError(t, err)
	start := time.Now()
	_, err = s.Client().Do(req)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestProviderRoutes(t *testing.T) {
	s := mockidp.New(t)
	s.HandleRoutes(mockidp.ProviderRoutes())
	c := s.Client()

	_, body := get(t, c, http.MethodGet, "https://graph.facebook.com/me?fields=id,picture", nil, nil)
	var fb map[string]any
	require.NoError(t, json.Unmarshal(body, &fb))
	assert.Equal(t, mockidp.Picture, fb["picture"].(map[string]any)["data"].(map[string]any)["url"])

	_, body = get(t, c, http.MethodGet, "https://api.vk.com/method/users.get", nil, nil)
	var vk map[string]any
	require.NoError(t, json.Unmarshal(body, &vk))
	require.Len(t, vk["response"], 1)

	_, body = get(t, c, http.MethodGet, "https://api.bufferapp.com/1/profiles.json", nil, nil)
	var profiles []map[string]any
	require.NoError(t, json.Unmarshal(body, &profiles))
	require.Len(t, profiles, 1)
	assert.Equal(t, "twitter", profiles[0]["service"])

	resp, body := get(t, c, http.MethodGet, "https://pub.orcid.org/v2.1/0000-0002-1825-0097/email", nil, nil)
	assert.Contains(t, resp.Header.Get("Content-Type"), "xml")
	assert.Contains(t, string(body), "<email:email>other@example.com</email:email>")
}

func TestTokenContextIDTokens(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tests := []struct {
		name    string
		opts    mockidp.TokenOptions
		alg     jose.SignatureAlgorithm
		key     any
		wantErr bool
	}{
		{name: "HS256 default", opts: mockidp.TokenOptions{}, alg: jose.HS256, key: []byte(mockidp.HS256Secret)},
		{name: "RS256", opts: mockidp.TokenOptions{Alg: "RS256", RSAKey: key, Claims: map[string]any{"email": "x@example.com"}}, alg: jose.RS256, key: &key.PublicKey},
		{name: "unknown alg", opts: mockidp.TokenOptions{Alg: "none"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, err := mockidp.TokenContext(tt.opts)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "mock-access-token", ctx["access_token"])
			assert.NotContains(t, ctx, "refresh_token")
			for _, k := range []string{"token_type", "expires_in", "scope", "user_id", "stripe_user_id", "team", "authed_user"} {
				assert.Contains(t, ctx, k)
			}
			jws, err := jose.ParseSigned(ctx["id_token"].(string), []jose.SignatureAlgorithm{tt.alg})
			require.NoError(t, err)
			payload, err := jws.Verify(tt.key)
			require.NoError(t, err)
			var claims map[string]any
			require.NoError(t, json.Unmarshal(payload, &claims))
			assert.Equal(t, mockidp.UserSub, claims["sub"])
			for k, v := range tt.opts.Claims {
				assert.Equal(t, v, claims[k])
			}
			assert.Greater(t, claims["exp"].(float64), float64(time.Now().Unix()))
		})
	}
}
