package script

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// legacyURI is the url.parse()-shaped object request exposes as
// request.uri. Empty pointers are null.
type legacyURI struct {
	protocol, host, hostname, pathname, href string
	port, search, auth, hash                 string // "" is null
}

// parseURIFast parses href without the WHATWG URL class when href is
// simple enough that the URL parser would return it unchanged: a lower-case
// http(s) scheme, a lower-case DNS name or canonical dotted-quad host, an
// optional port, and a path and query of unreserved, sub-delim, ':', '@',
// '/' and %XX characters, with no dot segments, no fragment and no
// credentials, and no empty path segment or escape in the path (the URL
// class used here collapses "//" and re-encodes path escapes: such URLs keep
// that behaviour; the trailing slash it drops is put back, see parseURI). It reports false for anything else, which then goes through
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
	rawPath := path
	if path == "" {
		path = "/"
	}
	if !simpleURIPart(path, false) || !simpleURIPart(query, true) || hasDotSegment(path) || strings.Contains(path, "//") || strings.IndexByte(path, '%') >= 0 {
		return u, false
	}
	u.hostname = hostname
	u.port = port
	u.host = hostname
	if port != "" {
		u.host = authority // hostname:port, as written
	}
	u.pathname = path
	if hasQuery {
		u.search = tail[len(rawPath):] // "?" + query
	}
	if u.host == authority && rawPath != "" {
		// Neither a default port dropped nor a path added: href is the
		// text itself.
		u.href = href
	} else {
		u.href = u.protocol + "//" + u.host + u.pathname + u.search
	}
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
	_ = o.Set("auth", orNull(u.auth))
	_ = o.Set("host", u.host)
	_ = o.Set("port", orNull(u.port))
	_ = o.Set("hostname", u.hostname)
	_ = o.Set("hash", orNull(u.hash))
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

// isJSSpace reports the characters String.prototype.trim removes.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isHTTPURI is /^https?:\/\/[^\/?#]/i.test(uri), request's check, without a
// regular expression.
func isHTTPURI(uri string) bool {
	i := 0
	switch {
	case len(uri) >= 8 && strings.EqualFold(uri[:8], "https://"):
		i = 8
	case len(uri) >= 7 && strings.EqualFold(uri[:7], "http://"):
		i = 7
	default:
		return false
	}
	if len(uri) <= i {
		return false
	}
	c := uri[i]
	return c != '/' && c != '?' && c != '#'
}

// otherSchemeURI reports a "scheme://host..." URI and its lower-cased scheme,
// which url.parse parses and request then refuses by protocol.
func otherSchemeURI(uri string) (string, bool) {
	i := strings.Index(uri, "://")
	if i <= 0 || len(uri) <= i+3 || strings.IndexByte("/?#", uri[i+3]) >= 0 {
		return "", false
	}
	for k := 0; k < i; k++ {
		c := uri[k]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !(alpha || k > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	return strings.ToLower(uri[:i]), true
}

// legacyEscapes are the characters Node's url.parse percent-encodes after the
// host (its autoEscapeChars, less the whitespace and backslash it handles
// otherwise, which are left to the URL parser).
const legacyEscapes = "{}|^`'<>\" "

// prepareURI does what request 2.88 does to a URI string before sending it:
// url.parse trims surrounding white space and escapes unsafe characters after
// the host; request refuses non-http(s) protocols. It returns the href to
// parse, or the message of the Error request reports.
func prepareURI(uri string) (href string, errMsg string) {
	t := strings.TrimFunc(uri, isJSSpace)
	if !isHTTPURI(t) {
		if scheme, ok := otherSchemeURI(t); ok {
			return "", "Invalid protocol: " + scheme + ":"
		}
		return "", `Invalid URI "` + t + `"`
	}
	start := strings.Index(t, "://") + 3
	end := strings.IndexAny(t[start:], "/?#")
	if end < 0 || strings.IndexAny(t[start+end:], legacyEscapes) < 0 {
		return t, ""
	}
	end += start
	var b strings.Builder
	b.Grow(len(t) + 16)
	b.WriteString(t[:end])
	for i := end; i < len(t); i++ {
		c := t[i]
		if strings.IndexByte(legacyEscapes, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), ""
}

// hasTrailingSlash reports a path (before any query or fragment) longer than
// "/" ending in a slash.
func hasTrailingSlash(href string) bool {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	start := strings.Index(href, "://")
	if start < 0 {
		return false
	}
	rest := href[start+3:]
	slash := strings.IndexByte(rest, '/')
	return slash >= 0 && len(rest) > slash+1 && strings.HasSuffix(rest, "/")
}

// parseURI parses href into request's legacy uri: in Go when parseURIFast
// can, else with the WHATWG URL class (restoring the trailing slash that
// class drops, as url.parse keeps it).
func (inv *invocation) parseURI(href string) (legacyURI, error) {
	if !inv.cfg.noFastURI {
		if u, ok := parseURIFast(href); ok {
			return u, nil
		}
	}
	rt := inv.rt
	ctor, ok := goja.AssertConstructor(inv.urlModule().Get("URL"))
	if !ok {
		return legacyURI{}, errInvalidURI
	}
	o, err := ctor(nil, rt.ToValue(href))
	if err != nil {
		return legacyURI{}, err
	}
	str := func(k string) string { return safeString(o.Get(k)) }
	u := legacyURI{
		protocol: str("protocol"), host: str("host"), hostname: str("hostname"), pathname: str("pathname"),
		port: str("port"), search: str("search"), hash: str("hash"), href: str("href"),
	}
	if user, pass := str("username"), str("password"); user != "" || pass != "" {
		u.auth = jsDecode(user)
		if pass != "" {
			u.auth += ":" + jsDecode(pass)
		}
	}
	if hasTrailingSlash(href) && !strings.HasSuffix(u.pathname, "/") {
		tail := u.pathname + u.search + u.hash
		if strings.HasSuffix(u.href, tail) {
			u.href = u.href[:len(u.href)-len(tail)] + u.pathname + "/" + u.search + u.hash
			u.pathname += "/"
		}
	}
	return u, nil
}

var errInvalidURI = sandboxError("invalid URI")

// jsDecode is decodeURIComponent, returning s unchanged where that throws.
func jsDecode(s string) string {
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return s
	}
	return d
}
