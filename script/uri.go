package script

import (
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// legacyURI is the url.parse()-shaped object request exposes as
// request.uri. Empty pointers are null.
type legacyURI struct {
	protocol, host, hostname, pathname, href string
	port, search                             string // "" is null
}

// parseURIFast parses href without the WHATWG URL class when href is
// simple enough that the URL parser would return it unchanged: a lower-case
// http(s) scheme, a lower-case DNS name or canonical dotted-quad host, an
// optional port, and a path and query of unreserved, sub-delim, ':', '@',
// '/' and %XX characters, with no dot segments, no fragment and no
// credentials, and no empty path segment or escape in the path (the URL
// class used here collapses "//", re-encodes path escapes and, unlike
// Node, drops a trailing slash: such URLs keep that behaviour). It reports false for anything else, which then goes through
// the URL class (see parseURI). FuzzParseURIFast checks that both routes
// agree.
func parseURIFast(href string) (legacyURI, bool) {
	var u legacyURI
	var rest string
	var defPort string
	switch {
	case strings.HasPrefix(href, "https://"):
		u.protocol, rest, defPort = "https:", href[len("https://"):], "443"
	case strings.HasPrefix(href, "http://"):
		u.protocol, rest, defPort = "http:", href[len("http://"):], "80"
	default:
		return u, false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	hostname, port := authority, ""
	if i := strings.IndexByte(authority, ':'); i >= 0 {
		hostname, port = authority[:i], authority[i+1:]
		if !simplePort(port) {
			return u, false
		}
		if port == defPort {
			port = ""
		}
	}
	if !simpleHostname(hostname) {
		return u, false
	}
	path, query := tail, ""
	hasQuery := false
	if i := strings.IndexByte(tail, '?'); i >= 0 {
		path, query, hasQuery = tail[:i], tail[i+1:], true
	}
	if strings.IndexByte(tail, '#') >= 0 || (hasQuery && query == "") {
		return u, false
	}
	if path == "" {
		path = "/"
	}
	if !simpleURIPart(path, false) || !simpleURIPart(query, true) || hasDotSegment(path) || strings.Contains(path, "//") || strings.IndexByte(path, '%') >= 0 ||
		(len(path) > 1 && path[len(path)-1] == '/') {
		return u, false
	}
	u.hostname = hostname
	u.port = port
	u.host = hostname
	if port != "" {
		u.host += ":" + port
	}
	u.pathname = path
	if hasQuery {
		u.search = "?" + query
	}
	u.href = u.protocol + "//" + u.host + u.pathname + u.search
	return u, true
}

func simplePort(p string) bool {
	if p == "" || len(p) > 5 || p[0] == '0' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	n, err := strconv.Atoi(p)
	return err == nil && n <= 65535
}

// simpleHostname accepts lower-case DNS names whose last label starts with a
// letter (so the URL parser's IPv4 rules do not apply) and no label is
// punycode, and canonical dotted-quad IPv4 addresses.
func simpleHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if isDottedQuad(labels) {
		return true
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "xn--") || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return last[0] >= 'a' && last[0] <= 'z'
}

func isDottedQuad(labels []string) bool {
	if len(labels) != 4 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 3 || (len(l) > 1 && l[0] == '0') {
			return false
		}
		n := 0
		for i := 0; i < len(l); i++ {
			if l[i] < '0' || l[i] > '9' {
				return false
			}
			n = n*10 + int(l[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// simpleURIPart accepts unreserved and sub-delim characters (but not the
// apostrophe, which the URL parser encodes in queries), ':', '@', '/',
// '?' in queries, and %XX escapes with upper-case hex digits.
func simpleURIPart(s string, query bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~!$&()*+,;=:@/", c) >= 0:
		case c == '?' && query:
		case c == '%':
			if i+2 >= len(s) || !isUpperHex(s[i+1]) || !isUpperHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

func isUpperHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

// hasDotSegment reports a "." or ".." path segment, or an encoded dot (the
// URL parser removes dot segments, %2e included).
func hasDotSegment(path string) bool {
	if strings.Contains(path, "%2E") {
		return true
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// toObject builds the script-visible object.
func (u legacyURI) toObject(rt *goja.Runtime) *goja.Object {
	o := rt.NewObject()
	null := goja.Null()
	orNull := func(s string) goja.Value {
		if s == "" {
			return null
		}
		return rt.ToValue(s)
	}
	_ = o.Set("protocol", u.protocol)
	_ = o.Set("slashes", true)
	_ = o.Set("auth", null)
	_ = o.Set("host", u.host)
	_ = o.Set("port", orNull(u.port))
	_ = o.Set("hostname", u.hostname)
	_ = o.Set("hash", null)
	_ = o.Set("search", orNull(u.search))
	if u.search != "" {
		_ = o.Set("query", u.search[1:])
	} else {
		_ = o.Set("query", null)
	}
	_ = o.Set("pathname", u.pathname)
	_ = o.Set("path", u.pathname+u.search)
	_ = o.Set("href", u.href)
	return o
}
