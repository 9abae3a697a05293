package safehttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultPolicy(t *testing.T) {
	tests := []struct {
		ip      string
		refused bool
	}{
		{"127.0.0.1", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"192.168.1.1", false},
		{"93.184.216.34", false},
		{"2606:4700::1111", false},
		{"169.254.169.254", true},
		{"169.254.1.1", true},
		{"::ffff:169.254.169.254", true},
		{"fe80::1", true},
		{"fd00:ec2::254", true},
		{"100.100.100.200", true},
		{"192.0.0.192", true},
		{"0.0.0.0", true},
		{"::", true},
		{"224.0.0.1", true},
		{"ff02::1", true},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			err := DefaultPolicy("host", netip.MustParseAddr(tt.ip))
			if tt.refused {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrDestinationRefused)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestClientAppliesPolicyAtDialTime(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()

	var seenHost string
	refuseAll := func(host string, ip netip.Addr) error {
		seenHost = host
		return fmt.Errorf("no %s", ip)
	}
	c := NewClient(Options{Policy: refuseAll})
	_, err := c.Get(srv.URL)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrDestinationRefused, "a policy's own error is wrapped")
	assert.Equal(t, "127.0.0.1", seenHost)

	// The default policy allows loopback.
	resp, err := NewClient(Options{}).Get(srv.URL)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "ok", string(b))
}

func TestClientRefusesRedirectToMetadata(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := NewClient(Options{}).Do(req)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrDestinationRefused)
}

func TestRedirectLimit(t *testing.T) {
	hops := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hops++
		http.Redirect(w, r, "/again", http.StatusFound)
	}))
	defer srv.Close()

	_, err := NewClient(Options{MaxRedirects: 3}).Get(srv.URL)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTooManyRedirects)
	assert.Equal(t, 4, hops, "the first request and three redirects")

	resp, err := NewClient(Options{MaxRedirects: -1}).Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode, "negative: the redirect itself is returned")
}

func TestReadLimited(t *testing.T) {
	b, err := ReadLimited(strings.NewReader("12345"), 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))

	_, err = ReadLimited(strings.NewReader("123456"), 5)
	assert.ErrorIs(t, err, ErrBodyTooLarge)

	// An endless body stops at the limit instead of being buffered.
	_, err = ReadLimited(endless{}, 1<<10)
	assert.ErrorIs(t, err, ErrBodyTooLarge)

	_, err = ReadLimited(failing{}, 10)
	assert.EqualError(t, err, "boom")
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("boom") }

func TestNewTransportDoesNotUseEnvironmentProxy(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	// 127.0.0.1 is never proxied by net/http anyway; use a name that
	// resolves to loopback so a proxy from the environment would apply.
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	resp, err := NewClient(Options{}).Get("http://localhost:" + port)
	require.NoError(t, err, "the environment's proxy is ignored")
	resp.Body.Close()
}
