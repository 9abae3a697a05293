package logout

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// MaxURLLength bounds every URL this package accepts or produces from input:
// a returnTo, an allow-list entry, a logoutUrl, a getLogoutUrl result. It is
// the de-facto limit of the URL length browsers and proxies reliably handle.
const MaxURLLength = 2048

// ValidateLogoutURL reports whether raw is acceptable as a provider logout URL
// (a fixed options.logoutUrl or a getLogoutUrl result). The rules are:
//
//   - not empty and at most MaxURLLength bytes;
//   - printable ASCII only: no whitespace, control characters, backslashes or
//     raw non-ASCII bytes (percent-encode them), because browsers silently drop
//     or reinterpret those and would then read a different URL than Go does;
//   - scheme http or https (any case), followed by "//" and a host: relative,
//     protocol-relative ("//evil.example"), opaque ("https:evil") and
//     scheme-less URLs are refused, and so are javascript:, data: and others;
//   - no userinfo ("https://trusted@evil.example");
//   - a host that is a DNS name of letters, digits, '-' and '_' whose last
//     label is not numeric, or an IPv4 address, or a bracketed IPv6 address
//     without zone; a port, if present, is 1-65535.
//
// The error wraps ErrInvalidLogoutURL and never repeats the URL, which may
// carry a token (some providers take an access token on their logout URL).
//
// ValidateLogoutURL does NOT check that the URL belongs to the provider,
// that it is reachable, or that it uses https: plain http is accepted, as
// Auth0 accepts it.
func ValidateLogoutURL(raw string) error {
	if err := validateLogoutURL(raw); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// validateLogoutURL is ValidateLogoutURL without the package prefix, for
// callers that add their own step and field.
func validateLogoutURL(raw string) error {
	if _, err := parseHTTPURL(raw, false); err != nil {
		return fmt.Errorf("%w: %s", ErrInvalidLogoutURL, err.Error())
	}
	return nil
}

// parseHTTPURL parses raw as an absolute http(s) URL with a host, refusing
// anything a browser could read differently from net/url. wildcard allows one
// '*' in the host's first label (allow-list entries). Errors are plain
// messages without the URL.
func parseHTTPURL(raw string, wildcard bool) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("is empty")
	}
	if len(raw) > MaxURLLength {
		return nil, errors.New("is longer than " + strconv.Itoa(MaxURLLength) + " bytes")
	}
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c <= ' ' || c == 0x7f:
			return nil, errors.New("contains whitespace or a control character")
		case c == '\\':
			return nil, errors.New("contains a backslash")
		case c >= 0x80:
			return nil, errors.New("contains a non-ASCII byte (percent-encode it)")
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse errors quote the input: do not wrap them.
		return nil, errors.New("is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("scheme must be http or https")
	}
	if u.Opaque != "" || !strings.HasPrefix(raw[len(u.Scheme)+1:], "//") {
		return nil, errors.New("must be absolute (scheme://host/...)")
	}
	if u.User != nil {
		return nil, errors.New("must not contain userinfo")
	}
	if err := checkHost(u, wildcard); err != nil {
		return nil, err
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, errors.New("has an invalid port")
		}
	}
	return u, nil
}

// checkHost validates u's host; see ValidateLogoutURL.
func checkHost(u *url.URL, wildcard bool) error {
	host := u.Hostname()
	if host == "" {
		return errors.New("has no host")
	}
	if strings.HasPrefix(u.Host, "[") {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return errors.New("has an invalid IPv6 host")
		}
		return nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if !a.Is4() {
			return errors.New("has an invalid host")
		}
		return nil
	}
	if len(host) > 253 {
		return errors.New("has a host name longer than 253 bytes")
	}
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if i == 0 && wildcard && strings.Count(l, "*") == 1 {
			l = strings.Replace(l, "*", "x", 1)
		}
		if l == "" || len(l) > 63 {
			return errors.New("has an empty or over-long host label")
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				if c == '*' {
					return errors.New("has a '*' outside the first label of the host, or more than one")
				}
				return errors.New("has an invalid character in the host")
			}
		}
	}
	// Browsers parse a host whose last label is numeric ("0x7f.1", "1.2.3")
	// as an IPv4 address; refuse such hosts rather than guess.
	last := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(last, "0x") || strings.Trim(last, "0123456789") == "" {
		return errors.New("has a numeric top-level label that is not a valid IPv4 address")
	}
	return nil
}

// isLoopbackHost reports whether host (from url.URL.Hostname) is "localhost"
// or a loopback IP address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}
