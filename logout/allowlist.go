package logout

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// AllowList is a set of Allowed Logout URLs, matched the way Auth0 matches its
// "Allowed Logout URLs" setting, with a few deliberate refusals of ambiguous
// input (marked hardening below).
//
// An entry is an absolute http(s) URL; its first host label may contain one
// '*' wildcard (https://*.example.com, https://pr-*-preview.example.com). A
// returnTo is allowed when it matches at least one entry:
//
//   - Scheme: equal (http and https are different entries). Case-insensitive.
//   - Host: equal, case-insensitive. A wildcard entry matches hosts with the
//     same number of labels whose first label fills the '*' with one or more
//     letters, digits or '-': https://*.example.com matches
//     https://a.example.com but not https://example.com,
//     https://a.b.example.com, https://evil-example.com or
//     https://example.com.evil.com. Hosts are compared as written: a trailing
//     dot, IDN in Unicode form or a numeric host other than a dotted-quad IPv4
//     address is refused (hardening; use the xn-- form).
//   - Port: equal after defaulting (https://example.com and
//     https://example.com:443 are the same; :8443 needs its own entry). There
//     is no port wildcard.
//   - Path: equal, case-sensitive, compared in its escaped form (percent
//     encodings are compared literally, so /%7E is not /~: over-strict, never
//     over-permissive). An empty path is "/", so https://example.com and
//     https://example.com/ are the same entry; elsewhere a trailing slash
//     matters (/logout is not /logout/). There is no path prefix matching.
//   - Query and fragment of the returnTo: ignored, as Auth0 documents ("the
//     query string and hash information provided as part of the URL are not
//     taken into account"), so https://app.example.com/bye?lang=fr is allowed
//     by the entry https://app.example.com/bye.
//
// Hardening beyond Auth0: a returnTo with userinfo (https://example.com@evil),
// a backslash, whitespace, control characters, raw non-ASCII bytes or more
// than MaxURLLength bytes is refused outright, because browsers read such
// URLs differently from net/url. Entries with a query or fragment (which
// would suggest a constraint that is not applied), userinfo, a '*' anywhere
// but the first host label, more than one '*', or a wildcard directly over a
// top-level domain (https://*.com) are refused by NewAllowList.
//
// An AllowList is immutable and safe for concurrent use. The zero value and a
// nil *AllowList allow nothing.
type AllowList struct {
	entries []entry
}

type entry struct {
	scheme string
	// host is the lower-case host; for a wildcard entry it is the part after
	// the first label and its dot ("example.com" for *.example.com).
	host string
	// wildcard entries: the first label is prefix + 1..n chars + suffix.
	wildcard       bool
	prefix, suffix string
	port           string // explicit or default port
	path           string // escaped path, "/" when empty
}

// NewAllowList builds an AllowList from entries, each one URL (use
// ParseAllowList for Auth0's comma-separated form). It fails, wrapping
// ErrInvalidAllowListEntry and naming the entry's position, on the first entry
// it cannot match safely; see AllowList. Zero entries give a list that allows
// nothing.
func NewAllowList(urls ...string) (*AllowList, error) {
	a := &AllowList{entries: make([]entry, 0, len(urls))}
	for i, raw := range urls {
		e, err := parseEntry(raw)
		if err != nil {
			return nil, fmt.Errorf("logout: allowed logout URL #%d: %w: %s", i+1, ErrInvalidAllowListEntry, err.Error())
		}
		a.entries = append(a.entries, e)
	}
	return a, nil
}

// ParseAllowList builds an AllowList from a comma-separated list, the way
// Auth0's dashboard and Management API hold Allowed Logout URLs. Blanks around
// entries are trimmed and empty entries skipped. A URL that itself contains a
// comma cannot be expressed this way; use NewAllowList.
func ParseAllowList(list string) (*AllowList, error) {
	var urls []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			urls = append(urls, s)
		}
	}
	return NewAllowList(urls...)
}

func parseEntry(raw string) (entry, error) {
	u, err := parseHTTPURL(raw, true)
	if err != nil {
		return entry{}, err
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return entry{}, fmt.Errorf("must not contain a query or fragment (they are not compared)")
	}
	if strings.Contains(u.EscapedPath(), "*") || strings.Contains(u.Port(), "*") {
		return entry{}, fmt.Errorf("'*' is only allowed in the first label of the host")
	}
	e := entry{scheme: u.Scheme, port: effectivePort(u), path: escapedPath(u)}
	host := strings.ToLower(u.Hostname())
	first, rest, _ := strings.Cut(host, ".")
	if !strings.Contains(host, "*") {
		e.host = host
		return e, nil
	}
	// checkHost has already ensured exactly one '*', in the first label.
	if strings.HasPrefix(u.Host, "[") || !strings.Contains(rest, ".") {
		return entry{}, fmt.Errorf("the '*' wildcard must stand for a subdomain of a domain with at least two labels")
	}
	e.wildcard = true
	e.prefix, e.suffix, _ = strings.Cut(first, "*")
	e.host = rest
	return e, nil
}

// Allowed reports whether returnTo is an acceptable post-logout redirect; see
// AllowList for the rules. A nil or empty list allows nothing.
func (a *AllowList) Allowed(returnTo string) bool {
	_, ok := a.match(returnTo)
	return ok
}

// match returns the parsed returnTo, re-serialised, when it is allowed.
func (a *AllowList) match(returnTo string) (string, bool) {
	if a == nil || len(a.entries) == 0 {
		return "", false
	}
	u, err := parseHTTPURL(returnTo, false)
	if err != nil {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	port := effectivePort(u)
	path := escapedPath(u)
	ip := strings.HasPrefix(u.Host, "[") || isIPv4(host)
	for _, e := range a.entries {
		if e.scheme != u.Scheme || e.port != port || e.path != path {
			continue
		}
		if !e.wildcard {
			if e.host == host {
				return u.String(), true
			}
			continue
		}
		if ip {
			continue
		}
		first, rest, ok := strings.Cut(host, ".")
		if !ok || rest != e.host {
			continue
		}
		if len(first) <= len(e.prefix)+len(e.suffix) ||
			!strings.HasPrefix(first, e.prefix) || !strings.HasSuffix(first, e.suffix) {
			continue
		}
		if !isLDH(first[len(e.prefix) : len(first)-len(e.suffix)]) {
			continue
		}
		return u.String(), true
	}
	return "", false
}

// isLDH reports whether s is letters, digits and hyphens only (lower case:
// the host has been lower-cased).
func isLDH(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isIPv4(host string) bool {
	return strings.Trim(host, "0123456789.") == "" && strings.Count(host, ".") == 3
}

// effectivePort returns u's port, or the scheme's default.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		n, _ := strconv.Atoi(p) // normalises leading zeros; validated before
		return strconv.Itoa(n)
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

// escapedPath returns u's escaped path, "/" when empty.
func escapedPath(u *url.URL) string {
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}
