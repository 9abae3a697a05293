// Package safehttp holds the outbound-HTTP plumbing shared by the token
// exchange (package connection) and the script sandbox (package script): a
// destination policy enforced at dial time, so it also covers redirects and
// DNS answers, and bounded body reading.
//
// It knows nothing about OAuth or JavaScript.
package safehttp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Policy decides whether an outbound connection to ip may be made. It returns
// nil to allow the connection, or an error that explains the refusal. host is
// the name that was resolved (it may be the IP literal itself).
type Policy func(host string, ip netip.Addr) error

// ErrDestinationRefused is wrapped by every refusal of DefaultPolicy and by
// dial errors produced by a Policy.
var ErrDestinationRefused = errors.New("destination refused by policy")

// metadataAddrs are cloud instance-metadata endpoints that are not covered by
// the link-local ranges.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack (also link-local)
	netip.MustParseAddr("fd00:ec2::254"),   // AWS IPv6 IMDS
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("192.0.0.192"),     // Oracle Cloud (legacy)
}

// DefaultPolicy refuses link-local (169.254.0.0/16, fe80::/10), cloud-metadata,
// unspecified (0.0.0.0, ::) and multicast addresses. Loopback and private
// addresses are allowed so that development set-ups and internal providers work;
// a service that wants a stricter rule supplies its own Policy.
func DefaultPolicy(host string, ip netip.Addr) error {
	ip = ip.Unmap()
	switch {
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return fmt.Errorf("%w: %s is a link-local address", ErrDestinationRefused, ip)
	case ip.IsUnspecified():
		return fmt.Errorf("%w: %s is an unspecified address", ErrDestinationRefused, ip)
	case ip.IsMulticast():
		return fmt.Errorf("%w: %s is a multicast address", ErrDestinationRefused, ip)
	}
	for _, m := range metadataAddrs {
		if ip == m {
			return fmt.Errorf("%w: %s is a cloud metadata address", ErrDestinationRefused, ip)
		}
	}
	return nil
}

// AllowAll is a Policy that allows every destination. Use it only in tests or
// behind a network that enforces its own egress rules.
func AllowAll(string, netip.Addr) error { return nil }

// Options configure NewClient.
type Options struct {
	// Policy is checked for every connection attempt; nil means DefaultPolicy.
	Policy Policy
	// TLS is the TLS client configuration (for extra root CAs); nil means defaults.
	TLS *tls.Config
	// DialTimeout bounds connection establishment; zero means 10s.
	DialTimeout time.Duration
	// MaxRedirects bounds followed redirects; zero means 10, negative means none.
	MaxRedirects int
	// DisableCompression sends no Accept-Encoding unless the caller sets
	// one, as Node's clients (request, http) do, so that bodies arrive as
	// the server sent them; otherwise the transport asks for gzip and
	// decodes it.
	DisableCompression bool
}

// NewClient returns an *http.Client whose every connection (including those
// made while following redirects) is checked against the policy after DNS
// resolution, and which follows at most MaxRedirects redirects. Proxies from the
// environment are not used: a library must not change behaviour with the
// process environment.
func NewClient(o Options) *http.Client {
	return &http.Client{
		Transport:     NewTransport(o),
		CheckRedirect: RedirectLimit(o.MaxRedirects),
	}
}

// NewTransport returns the transport NewClient uses.
func NewTransport(o Options) *http.Transport {
	policy := o.Policy
	if policy == nil {
		policy = DefaultPolicy
	}
	dt := o.DialTimeout
	if dt <= 0 {
		dt = 10 * time.Second
	}
	d := &net.Dialer{Timeout: dt, KeepAlive: 30 * time.Second}
	d.ControlContext = func(ctx context.Context, network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: unparsable address %q", ErrDestinationRefused, address)
		}
		host, _ := ctx.Value(hostKey{}).(string)
		if err := policy(host, ap.Addr()); err != nil {
			if !errors.Is(err, ErrDestinationRefused) {
				err = fmt.Errorf("%w: %v", ErrDestinationRefused, err)
			}
			return err
		}
		return nil
	}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		if h, _, err := net.SplitHostPort(addr); err == nil {
			ctx = context.WithValue(ctx, hostKey{}, h)
		}
		return d.DialContext(ctx, network, addr)
	}
	var tlsConf *tls.Config
	if o.TLS != nil {
		tlsConf = o.TLS.Clone()
	}
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            dial,
		TLSClientConfig:        tlsConf,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    64,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		ResponseHeaderTimeout:  30 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     o.DisableCompression,
	}
}

type hostKey struct{}

// ErrTooManyRedirects is returned (wrapped in a *url.Error) when a response
// chain exceeds the redirect limit.
var ErrTooManyRedirects = errors.New("too many redirects")

// RedirectLimit returns a CheckRedirect function following at most n redirects
// (zero means 10, negative means none: the redirect response itself is returned).
func RedirectLimit(n int) func(*http.Request, []*http.Request) error {
	if n == 0 {
		n = 10
	}
	return func(_ *http.Request, via []*http.Request) error {
		if n < 0 {
			return http.ErrUseLastResponse
		}
		if len(via) > n {
			return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, n)
		}
		return nil
	}
}

// ErrBodyTooLarge is returned by ReadLimited when the body exceeds the limit.
var ErrBodyTooLarge = errors.New("response body too large")

// TooLarge is ErrBodyTooLarge naming the limit of max bytes.
func TooLarge(max int64) error { return fmt.Errorf("%w (limit %d bytes)", ErrBodyTooLarge, max) }

// ReadLimited reads at most max bytes from r. A body longer than max is an
// error wrapping ErrBodyTooLarge; what was read is discarded.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, TooLarge(max)
	}
	return b, nil
}
