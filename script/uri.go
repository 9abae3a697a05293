package script

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// legacyURI is the url.parse()-shaped object request exposes as
// request.uri. Empty pointers are null.
type legacyURI struct {
	protocol, host, hostname, pathname, href string
	port, search, auth, hash                 string // "" is null
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
	if u.port != "" {
		_ = o.Set("port", u.port)
	} else if u.protocol == "https:" {
		_ = o.Set("port", 443) // request fills in the protocol's port, as a number
	} else {
		_ = o.Set("port", 80)
	}
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
	scheme, rest, ok := splitScheme(uri)
	if !ok || !strings.HasPrefix(rest, "//") || len(rest) == 2 || strings.IndexByte("/?#", rest[2]) >= 0 {
		return "", false
	}
	return scheme, true
}

// queryStart is the index of s's query or fragment ("?" or "#"), len(s)
// when it has neither.
func queryStart(s string) int {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return i
	}
	return len(s)
}

// slashesBeforeQuery is s with the backslashes before its query turned into
// slashes, as url.parse reads them.
func slashesBeforeQuery(s string) string {
	end := queryStart(s)
	if strings.IndexByte(s[:end], '\\') < 0 {
		return s
	}
	return strings.ReplaceAll(s[:end], "\\", "/") + s[end:]
}

// tabsAndBreaks drops tabs and line breaks, which both URL parsers skip.
var tabsAndBreaks = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// requestURI is what request 2.88 makes of a URI string: url.parse (Node
// 20's, see legacyParse) reads it, and request refuses a protocol other than
// http(s) and a URL without a host. errMsg is the message of the Error request
// reports then; thrown is what url.parse throws instead (a TypeError,
// ERR_INVALID_URL, for a host it refuses; a URIError for credentials
// decodeURIComponent refuses).
//
// Hardening: a URL whose port is above 65535 is an Invalid URI rather than
// a connection attempt.
func (inv *invocation) requestURI(uri string) (u legacyURI, errMsg string, thrown *goja.Object) {
	t := strings.TrimFunc(uri, isJSSpace)
	if !isHTTPURI(t) {
		if scheme, ok := otherSchemeURI(t); ok {
			return u, "Invalid protocol: " + scheme + ":", nil
		}
		return u, `Invalid URI "` + relativeURIText(t) + `"`, nil
	}
	u, a := legacyParse(t)
	switch {
	case a.badAuth:
		return u, "", jsErrorOf(inv.rt, "URIError", "", "URI malformed") // decodeURIComponent's
	case a.invalid:
		return u, "", invalidURLError(inv.rt, uri)
	case u.hostname == "" || (a.port != "" && !validPort(a.port)):
		return u, `Invalid URI "` + u.href + `"`, nil
	}
	return u, "", nil
}

// relativeURIText is how request quotes a URI without a protocol in its
// Invalid URI error: url.format of url.parse's reading of it, escapes
// added (but for a path url.parse takes as it is) and an empty path "/".
func relativeURIText(t string) string {
	if hasProtocol(t) || simplePath(t) {
		return t
	}
	t = autoEscape(slashesBeforeQuery(t))
	if t == "" || t[0] == '?' || t[0] == '#' {
		t = "/" + t
	}
	return t
}

// hasProtocol reports url.parse's protocol pattern, /^[a-z0-9.+-]+:/i.
func hasProtocol(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9' || strings.IndexByte(".+-", s[i]) >= 0) {
		i++
	}
	return i > 0 && i < len(s) && s[i] == ':'
}

// simplePath reports url.parse's simplePathPattern,
// /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/: a path (one or two leading slashes)
// and query without white space, which url.parse keeps as written.
func simplePath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "///") {
		return false
	}
	for _, r := range s {
		if isJSSpace(r) {
			return false
		}
	}
	return true
}

// parseURI is requestURI for an href known to be absolute (a redirect's
// target, or request.uri rebuilt with a query), failing where request would.
func (inv *invocation) parseURI(href string) (legacyURI, error) {
	u, msg, thrown := inv.requestURI(href)
	if msg != "" || thrown != nil {
		return legacyURI{}, errInvalidURI
	}
	return u, nil
}

// nodeIDNA is Node 20's IDNA processing (its toASCII, for url.parse and the
// URL class alike): UTS #46 mapping, nontransitional (ß stays ß), without
// the hyphen, STD3 and DNS-length checks, with the bidi and joiner rules.
var nodeIDNA = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.CheckHyphens(false),
	idna.StrictDomainName(false), idna.VerifyDNSLength(false), idna.BidiRule(), idna.CheckJoiners(true))

// maxPunycodeLabel is the longest punycode label domainToASCII gives: one
// that decodes to at most 1024 code points, x/net/idna's limit ("xn--"
// and at least one byte for each code point).
const maxPunycodeLabel = 4 + 1024

// lowerJS is String.prototype.toLowerCase (goja's, as V8's: full Unicode
// case mapping).
var lowerJS = cases.Lower(language.Und)

// domainToASCII is domain as Node's toASCII makes it: mapped and punycoded
// by nodeIDNA, but with a punycode label that decodes kept as written (in
// lower case), as Node keeps it. ok is false when the mapping fails, a
// label is "xn--" and nothing more or holds a non-ASCII character (Node
// fails such a label too), or nothing is left, and for text that
// is not UTF-8 (which no JavaScript string gives).
//
// Hardening: a punycode label longer than maxPunycodeLabel bytes is refused
// too (Node accepts it). The decoder refuses labels of more than 1024 code
// points, so such a label could not be read again; a DNS label is at most
// 63 bytes.
func domainToASCII(domain string) (string, bool) {
	if !utf8.ValidString(domain) {
		return "", false
	}
	h, err := nodeIDNA.ToASCII(domain)
	if err != nil || h == "" {
		return "", false
	}
	in, out := splitLabels(domain), strings.Split(h, ".")
	if len(in) == len(out) {
		for i, l := range in {
			if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") {
				if len(l) == 4 || !isASCII(l) {
					return "", false
				}
				out[i] = strings.ToLower(l)
			}
		}
	}
	for _, l := range out {
		if len(l) > maxPunycodeLabel && strings.HasPrefix(l, "xn--") {
			return "", false
		}
	}
	return strings.Join(out, "."), true
}

// splitLabels splits a domain at its label separators before IDNA mapping:
// the full stop and the ideographic and fullwidth ones UTS #46 maps to it.
func splitLabels(domain string) []string {
	labels := []string{}
	start := 0
	for i, r := range domain {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			labels = append(labels, domain[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(labels, domain[start:])
}

// toASCIIHost is url.parse's last step for a hostname with a non-ASCII
// character or a punycode label (legacyAuthority.idna): lower-cased as
// JavaScript does, then toASCII (domainToASCII). A failure or a result
// holding a character url.parse forbids in a hostname make a.invalid
// (url.parse throws ERR_INVALID_URL).
func toASCIIHost(a *legacyAuthority) {
	h, ok := domainToASCII(lowerJS.String(a.hostname))
	a.hostname = h
	a.invalid = !ok || strings.ContainsAny(h, legacyForbidden)
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n <= 65535
}

// legacyParse reads href, "http://" or "https://" (any case) and more, as
// Node 20's url.parse does, the parser request 2.88 uses: backslashes before
// the query are slashes; the authority is read by parseLegacyAuthority; the
// rest is kept as written (no dot segments removed, no escapes decoded or
// added) but for the characters url.parse escapes (autoEscape); an empty
// path is "/".
func legacyParse(href string) (u legacyURI, a legacyAuthority) {
	i := strings.Index(href, "://")
	u.protocol = strings.ToLower(href[:i+1])
	a = parseLegacyAuthority(slashesBeforeQuery(href[i+3:]))
	rest := autoEscape(a.rest)
	if a.ipv6 && !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	end := queryStart(rest)
	u.pathname = rest[:end]
	u.search, u.hash = splitQuery(rest[end:])
	if a.hasAuth {
		u.auth, a.badAuth = decodeURIComponent(a.auth)
	}
	u.port = a.port
	u.setHost(a.hostname, a, href)
	return u, a
}

// joinedEquals reports whether s is the concatenation of parts.
func joinedEquals(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.HasPrefix(s, p) {
			return false
		}
		s = s[len(p):]
	}
	return s == ""
}

// setHost sets u's hostname (brackets of an IPv6 literal removed), host and
// href from hostname, as url.parse and then url.format do. href is src when
// url.format gives back that text.
func (u *legacyURI) setHost(hostname string, a legacyAuthority, src string) {
	u.host = hostname
	if u.port != "" {
		u.host += ":" + u.port
	}
	u.hostname = hostname
	if a.ipv6 {
		u.hostname = hostname[1 : len(hostname)-1]
	}
	if u.hostname != "" && u.pathname == "" {
		u.pathname = "/"
	}
	if !a.hasAuth && u.host != "" && strings.HasPrefix(u.pathname, "/") && joinedEquals(src, u.protocol, "//", u.host, u.pathname, u.search, u.hash) {
		u.href = src
		return
	}
	var b strings.Builder
	b.WriteString(u.protocol)
	b.WriteString("//")
	if u.host != "" {
		if a.hasAuth {
			b.WriteString(escapeAuth(u.auth))
			b.WriteByte('@')
		}
		b.WriteString(u.host)
	}
	if !strings.HasPrefix(u.pathname, "/") {
		b.WriteByte('/')
	}
	b.WriteString(u.pathname)
	b.WriteString(u.search)
	b.WriteString(u.hash)
	u.href = b.String()
}

// autoEscapeSet holds the characters url.parse percent-encodes after the
// host (its autoEscapeStr).
const autoEscapeSet = "\t\n\r \"'<>\\^`{|}"

// autoEscape is url.parse's autoEscapeStr.
func autoEscape(s string) string {
	if strings.IndexAny(s, autoEscapeSet) < 0 {
		return s
	}
	return percentEncode(s, func(c byte) bool { return strings.IndexByte(autoEscapeSet, c) < 0 })
}

// escapeAuth is url.format's encoding of credentials: UTF-8 percent-encoded
// but for letters, digits and !'()*-.:_~.
func escapeAuth(s string) string {
	return percentEncode(s, func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!'()*-.:_~", c) >= 0
	})
}

// hexDigit is the value of the hexadecimal digit c.
func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentEncode is s with every byte keep refuses written %XX.
func percentEncode(s string, keep func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		if c := s[i]; keep(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// invalidURLError is the TypeError Node's url.parse throws for input.
func invalidURLError(rt *goja.Runtime, input string) *goja.Object {
	e := jsTypeError(rt, "ERR_INVALID_URL", "Invalid URL")
	_ = e.Set("input", input)
	return e
}

// legacyAuthority is a URL's authority as Node 20's url.parse reads it.
type legacyAuthority struct {
	auth     string // before the authority's last "@", as written (hasAuth)
	hasAuth  bool
	hostname string // ASCII letters lower-cased; "" when empty
	port     string // digits; "" when none
	// rest is what follows the host: path, query and fragment, including
	// anything url.parse moved there from the authority.
	rest string
	// ipv6: hostname is a bracketed literal, brackets kept.
	ipv6 bool
	// idna: the hostname had a non-ASCII character or a punycode label,
	// and hostname is what url.parse's toASCII made of it (toASCIIHost).
	idna bool
	// invalid: url.parse throws ERR_INVALID_URL for this hostname.
	invalid bool
	// badAuth: decodeURIComponent throws for the credentials (legacyParse).
	badAuth bool
}

// Node 20's url.parse: characters that end the host (moving the rest of it
// into the path), and those that make it throw.
const (
	legacyNonHost       = " \"%';<>^`{|}"
	legacyForbidden     = "\x00\t\n\r #%/:<>?@[\\]^|"
	legacyForbiddenIPv6 = "\x00\t\n\r #%/<>?@\\^|"
)

// parseLegacyAuthority reads the authority at the start of rest (a URL
// after its "//") as url.parse does in Node 20, the parser request 2.88
// uses: the host ends at "/", "?", "#" or "\\", or earlier at the first
// character of legacyNonHost (unless an "@" follows: credentials); tabs and
// line breaks in it are dropped; a trailing ":digits" is the port; a
// hostname that is not a bracketed IPv6 literal ends at a ":" too; a
// hostname longer than 255 characters is empty; and one with a non-ASCII
// character or a punycode label goes through toASCII (toASCIIHost).
func parseLegacyAuthority(rest string) legacyAuthority {
	var a legacyAuthority
	end := strings.IndexAny(rest, "#/?\\")
	if end < 0 {
		end = len(rest)
	}
	if strings.ContainsAny(rest[:end], "\t\n\r") {
		rest = tabsAndBreaks.Replace(rest[:end]) + rest[end:]
		end = strings.IndexAny(rest, "#/?\\")
		if end < 0 {
			end = len(rest)
		}
	}
	nonHost, start := -1, 0
	for i := 0; i < end; i++ {
		switch c := rest[i]; {
		case c == '@':
			a.auth, a.hasAuth, start, nonHost = rest[:i], true, i+1, -1
		case nonHost < 0 && strings.IndexByte(legacyNonHost, c) >= 0:
			nonHost = i
		}
	}
	if nonHost < 0 {
		nonHost = end
	}
	host := rest[start:nonHost]
	a.rest = rest[nonHost:]
	j := len(host)
	for j > 0 && host[j-1] >= '0' && host[j-1] <= '9' {
		j--
	}
	if j > 0 && host[j-1] == ':' {
		a.port, host = host[j:], host[:j-1]
	}
	a.ipv6 = len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']'
	if i := strings.IndexByte(host, ':'); i >= 0 && !a.ipv6 {
		a.rest = "/" + host[i:] + a.rest
		host = host[:i]
	}
	if utf16Len(host) > 255 {
		host = ""
	}
	nonASCII := false
	for i := 0; i < len(host); i++ {
		if host[i] >= utf8.RuneSelf {
			nonASCII = true
			break
		}
	}
	switch {
	case nonASCII && a.ipv6:
		// Lower-cased as JavaScript does; not passed through toASCII.
		host = lowerJS.String(host)
	case nonASCII:
		a.idna = true
	default:
		host = strings.ToLower(host)
		a.idna = !a.ipv6 && (strings.HasPrefix(host, "xn--") || strings.Contains(host, ".xn--"))
	}
	a.hostname = host
	forbidden := legacyForbidden
	if a.ipv6 {
		forbidden = legacyForbiddenIPv6
	}
	a.invalid = host != "" && strings.ContainsAny(host, forbidden)
	if a.idna && !a.invalid {
		toASCIIHost(&a)
	}
	return a
}

// utf16Len is the length of s in UTF-16 code units, JavaScript's length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

var errInvalidURI = sandboxError("invalid URI")

// decodeURIComponent is JavaScript's; bad is true where it throws.
func decodeURIComponent(s string) (decoded string, bad bool) {
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return "", true
	}
	return d, false
}
