package script

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// goja_nodejs's URL class keeps a URL's path as net/url decodes it and then
// cleans it (path.Clean): "/a%2Fb//c/" reads back as "/a/b/c", without its
// trailing slash, so that a relative URL resolves against the wrong folder;
// and it refuses a backslash, a tab or a "%" that is not an escape, which
// the WHATWG URL parser Node uses accepts. For the special schemes (http,
// https, ws, wss, ftp, file) and for URLs of other schemes with a host
// ("com.example.app://tenant.example/callback/", which native apps use as
// redirect URIs), the sandbox's URL class (see urlFix) therefore takes its
// path, host and user info from whatwgURL, which follows the WHATWG URL
// Standard, and hands goja_nodejs's class the same URL with the path left
// out. (Other URLs, "urn:…" or "myapp:/cb", goja_nodejs's class reads as
// Node does.)

// specialSchemes are the WHATWG URL Standard's special schemes this covers.
var specialSchemes = map[string]bool{"http": true, "https": true, "ws": true, "wss": true, "ftp": true, "file": true}

// whatwgParts is an absolute URL, in pieces: scheme
// (lower case, without ":"), authority as written, path as the WHATWG
// parser serialises it, and query and fragment with their "?" and "#".
type whatwgParts struct {
	scheme, authority, path, query, fragment string
	// special: the scheme is special; otherwise the host is opaque (kept
	// as written but for escapes), and only "/" separates path segments.
	special bool
	// hostname is the host as the WHATWG parser serialises it, which the
	// URL class reports (goja_nodejs's would decode a punycode label);
	// username and password percent-encoded as the parser leaves them
	// (goja_nodejs's class would decode them, and refuse non-ASCII).
	hostname, username, password string
	// invalid: the host is a domain the WHATWG parser refuses (see
	// whatwgHost); the URL class throws ERR_INVALID_URL.
	invalid bool
}

// forClass is the URL text for goja_nodejs's class: the same URL with the
// path "/" (urlFix answers pathname from p.path, and hostname, username and
// password from p). An opaque host that net/url would refuse or decode
// ("h%C3%A9", "a%zz"), or an empty one, is handed to it as "h".
func (p whatwgParts) forClass() string {
	authority := p.authority
	if !p.special && (p.hostname == "" || strings.IndexByte(p.hostname, '%') >= 0) {
		hostStart := strings.LastIndexByte(authority, '@') + 1
		authority = authority[:hostStart] + "h" + authority[hostStart+len(p.hostname):]
	}
	return p.scheme + "://" + authority + "/" + p.query + p.fragment
}

// whatwgURL resolves input against base (nil: none) as the WHATWG URL parser
// does, for URLs of the special schemes and URLs of other schemes with a
// host. ok is false for anything else (an opaque path, no host, a base that
// is not such a URL, no scheme and no base), which is left to goja_nodejs's
// class.
func whatwgURL(input string, base *string) (whatwgParts, bool) {
	input = whatwgClean(input)
	if scheme, rest, ok := splitScheme(input); ok {
		if !specialSchemes[scheme] {
			if !strings.HasPrefix(rest, "//") {
				return whatwgParts{}, false
			}
			return nonSpecialParts(scheme, rest[2:]), true
		}
		return absoluteParts(scheme, rest), true
	}
	if base == nil {
		return whatwgParts{}, false
	}
	b, ok := whatwgURL(*base, nil)
	if !ok {
		return whatwgParts{}, false
	}
	pathEnd := queryStart(input)
	query, fragment := splitQuery(input[pathEnd:])
	slash := func(i int) bool { return i < len(input) && (input[i] == '/' || b.special && input[i] == '\\') }
	switch {
	case slash(0) && slash(1) && !b.special:
		return nonSpecialParts(b.scheme, input[2:]), true
	case slash(0) && slash(1):
		return absoluteParts(b.scheme, input), true
	case slash(0):
		b.path = whatwgPath("", input[:pathEnd], b.special)
		b.query, b.fragment = query, fragment
	case input == "":
		b.fragment = ""
	case input[0] == '?':
		b.query, b.fragment = query, fragment
	case input[0] == '#':
		b.fragment = fragment
	default:
		b.path = whatwgPath(b.path[:strings.LastIndexByte(b.path, '/')+1], input[:pathEnd], b.special)
		b.query, b.fragment = query, fragment
	}
	return b, true
}

// whatwgClean drops leading and trailing C0 controls and spaces, and every
// tab and line break, as the WHATWG parser does before it reads.
func whatwgClean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = tabsAndBreaks.Replace(s)
	}
	return s
}

// splitScheme reads "scheme:" at the start of s: an ASCII letter, then
// letters, digits, "+", "-" or ".".
func splitScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i]), s[i+1:], true
		default:
			return "", "", false
		}
	}
	return "", "", false
}

// isSlash reports "/" or "\" at s[i]: the same to a special URL.
func isSlash(s string, i int) bool { return i < len(s) && (s[i] == '/' || s[i] == '\\') }

// absoluteParts reads rest, what follows "scheme:" of a special URL:
// slashes (any number, either kind; exactly two before a file URL's host),
// the authority, the path, the query and the fragment.
func absoluteParts(scheme, rest string) whatwgParts {
	p := whatwgParts{scheme: scheme, special: true}
	if scheme == "file" {
		// A file URL has a host only after two slashes ("localhost" is
		// none); "file:/a" is a path.
		if !isSlash(rest, 0) || !isSlash(rest, 1) {
			pathEnd := queryStart(rest)
			p.path = whatwgPath("", rest[:pathEnd], true)
			p.query, p.fragment = splitQuery(rest[pathEnd:])
			return p
		}
		rest = rest[2:]
	} else {
		i := 0
		for isSlash(rest, i) {
			i++
		}
		rest = rest[i:]
	}
	end := strings.IndexAny(rest, "/\\?#")
	if end < 0 {
		end = len(rest)
	}
	p.authority, p.hostname, p.username, p.password, p.invalid = whatwgHost(rest[:end])
	if scheme == "file" && p.hostname == "localhost" {
		p.authority, p.hostname = "", ""
	}
	rest = rest[end:]
	pathEnd := queryStart(rest)
	p.path = whatwgPath("", rest[:pathEnd], true)
	p.query, p.fragment = splitQuery(rest[pathEnd:])
	return p
}

// nonSpecialParts reads rest, what follows "scheme://" of a URL whose scheme
// is not special: the authority with its opaque host (may be empty), the
// path (none when nothing is written), the query and the fragment.
func nonSpecialParts(scheme, rest string) whatwgParts {
	p := whatwgParts{scheme: scheme}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	p.authority, p.hostname, p.username, p.password, p.invalid = opaqueAuthority(scheme, rest[:end])
	rest = rest[end:]
	pathEnd := queryStart(rest)
	p.path = whatwgPath("", rest[:pathEnd], false)
	p.query, p.fragment = splitQuery(rest[pathEnd:])
	return p
}

// opaqueAuthority is what the WHATWG parser makes of the authority of a URL
// whose scheme is not special: user info escaped as for a special URL, the
// host kept as written but for C0 controls and non-ASCII, which are
// percent-encoded (an IPv6 address in brackets is read as one), the port
// without leading zeros, none when empty. invalid: a forbidden host code
// point, a bad port, or user info or a port without a host.
func opaqueAuthority(scheme, authority string) (_, hostname, username, password string, invalid bool) {
	userinfo, username, password, hostport := splitUserinfo(authority)
	hostEnd := hostLength(hostport)
	host, ok := opaqueHostParse(hostport[:hostEnd])
	if !ok {
		return "", "", "", "", true
	}
	port := ""
	if rest := hostport[hostEnd:]; rest != "" {
		if rest[0] != ':' {
			return "", "", "", "", true
		}
		var portOK bool
		if port, portOK = parsePort(rest[1:], scheme); rest != ":" && !portOK {
			return "", "", "", "", true
		}
	}
	if host == "" && (userinfo != "" || port != "") {
		return "", "", "", "", true
	}
	if port != "" {
		port = ":" + port
	}
	return userinfo + host + port, host, username, password, false
}

// opaqueHostParse is the WHATWG opaque-host parser (an IPv6 address in
// brackets is read as one): ok is false for a forbidden host code point.
func opaqueHostParse(input string) (string, bool) {
	if strings.HasPrefix(input, "[") {
		return whatwgHostParse(input)
	}
	for i := 0; i < len(input); i++ {
		if isForbiddenHostCodePoint(input[i]) {
			return "", false
		}
	}
	return percentEncode(input, func(c byte) bool { return c >= 0x20 && c < 0x7f }), true
}

// isForbiddenHostCodePoint reports the WHATWG URL Standard's forbidden host
// code points: NUL, tab, line breaks, space and "#/:<>?@[\\]^|".
func isForbiddenHostCodePoint(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\r' || strings.IndexByte(" #/:<>?@[\\]^|", c) >= 0
}

// whatwgHost is authority with its host read by the WHATWG host parser
// (whatwgHostParse): a domain mapped to ASCII ("ＡＢＣ.com" is "abc.com",
// "ẞ.com" "ss.com"), an IPv4 address in any spelling written in dotted
// decimal, IPv6 compressed. goja_nodejs's class would only lower-case and
// punycode it. invalid is true for a host the parser refuses.
func whatwgHost(authority string) (_, hostname, username, password string, invalid bool) {
	userinfo, username, password, hostport := splitUserinfo(authority)
	hostEnd := hostLength(hostport)
	host := hostport[:hostEnd]
	if host == "" {
		return userinfo + hostport, "", username, password, false // goja_nodejs's class refuses it
	}
	h, ok := whatwgHostParse(host)
	if !ok {
		return userinfo + hostport, "", "", "", true
	}
	return userinfo + h + hostport[hostEnd:], h, username, password, false
}

// splitUserinfo splits authority after its last "@": the user info with
// its name and password percent-encoded as the WHATWG parser leaves them
// ("name:password@"; "" for none), those two, and the host and port.
func splitUserinfo(authority string) (userinfo, username, password, hostport string) {
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return "", "", "", authority
	}
	user, pass, hasPass := strings.Cut(authority[:at], ":")
	username, password = encodeUserinfo(user), encodeUserinfo(pass)
	userinfo = username
	if hasPass {
		userinfo += ":" + password
	}
	return userinfo + "@", username, password, authority[at+1:]
}

// hostLength is the length of the host hostport starts with: up to its
// first ":", or past the "]" of an IPv6 address.
func hostLength(hostport string) int {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.IndexByte(hostport, ']'); i >= 0 {
			return i + 1
		}
		return len(hostport)
	}
	if i := strings.IndexByte(hostport, ':'); i >= 0 {
		return i
	}
	return len(hostport)
}

// encodeUserinfo percent-encodes s with the WHATWG userinfo percent-encode
// set ("%" itself stays).
func encodeUserinfo(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"#<>?`{}/:;=@[\\]^|", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// needsDomainToASCII reports whether host has a non-ASCII character, an
// escape or a punycode label: the domains goja_nodejs's class reads
// otherwise than the WHATWG parser.
func needsDomainToASCII(host string) bool {
	for i := 0; i < len(host); i++ {
		switch c := host[i]; {
		case c >= utf8.RuneSelf, c == '%':
			return true
		case (i == 0 || host[i-1] == '.') && len(host)-i >= 4 && strings.EqualFold(host[i:i+4], "xn--"):
			return true
		}
	}
	return false
}

// percentDecode decodes the %XX escapes of s; a "%" not followed by two hex
// digits stays as it is.
func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				b.WriteByte(hi<<4 | lo)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isForbiddenDomainCodePoint reports the WHATWG URL Standard's forbidden
// domain code points: the forbidden host code points, C0 controls, "%" and
// DEL.
func isForbiddenDomainCodePoint(r rune) bool {
	return r < ' ' || r == '%' || r == 0x7f || r < utf8.RuneSelf && isForbiddenHostCodePoint(byte(r))
}

// splitQuery splits "?query#fragment" (either part may be missing).
func splitQuery(s string) (query, fragment string) {
	if h := strings.IndexByte(s, '#'); h >= 0 {
		s, fragment = s[:h], s[h:]
	}
	return s, fragment
}

// whatwgPath is the WHATWG path of a URL with a host: the segments of dir
// (a path already parsed, ending in "/"; "" for none) followed by those of
// raw (a path as written), "." and ".." segments (also written %2e)
// resolved, characters of the path percent-encode set escaped, "%" kept as
// it is. A backslash separates segments in a special URL only, and a URL
// whose scheme is not special has no path at all ("") when none is written.
func whatwgPath(dir, raw string, special bool) string {
	if !special && dir == "" && raw == "" {
		return ""
	}
	seps := "/"
	if special {
		seps = "/\\"
	}
	var segs []string
	if dir != "" {
		segs = strings.Split(strings.TrimPrefix(dir, "/"), "/")
		segs = segs[:len(segs)-1] // dir ends in "/"
	}
	if raw != "" && strings.IndexByte(seps, raw[0]) >= 0 {
		raw = raw[1:]
	}
	for {
		end := strings.IndexAny(raw, seps)
		last := end < 0
		if last {
			end = len(raw)
		}
		seg := raw[:end]
		switch {
		case isDoubleDot(seg):
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			if last {
				segs = append(segs, "")
			}
		case isSingleDot(seg):
			if last {
				segs = append(segs, "")
			}
		default:
			segs = append(segs, escapePathSegment(seg))
		}
		if last {
			break
		}
		raw = raw[end+1:]
	}
	return "/" + strings.Join(segs, "/")
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// pathEscapes is the WHATWG path percent-encode set beyond C0 controls and
// non-ASCII.
const pathEscapes = " \"#<>?`{}"

func escapePathSegment(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || strings.IndexByte(pathEscapes, c) >= 0 {
			return percentEncode(s, func(c byte) bool { return c >= 0x20 && c < 0x7f && strings.IndexByte(pathEscapes, c) < 0 })
		}
	}
	return s
}

// whatwgNative is urlFix's bridge to whatwgURL (see urlHrefFix).
func (inv *invocation) whatwgNative() *goja.Object {
	rt := inv.rt
	o := rt.NewObject()
	_ = o.Set("resolve", func(call goja.FunctionCall) goja.Value {
		var base *string
		if b := call.Argument(1); !goja.IsUndefined(b) {
			s := b.String()
			base = &s
		}
		p, ok := whatwgURL(call.Argument(0).String(), base)
		if !ok {
			return goja.Null()
		}
		if p.invalid {
			panic(urlClassError(rt, call.Argument(0), call.Argument(1)))
		}
		return rt.NewArray(p.forClass(), p.path, p.hostname, p.username, p.password)
	})
	_ = o.Set("form", func(call goja.FunctionCall) goja.Value {
		var pairs [][]string
		if err := rt.ExportTo(call.Argument(0), &pairs); err != nil {
			panic(rt.NewTypeError("URLSearchParams: " + err.Error()))
		}
		var b strings.Builder
		for i, kv := range pairs {
			if len(kv) != 2 {
				continue
			}
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString(formEncode(kv[0]))
			b.WriteByte('=')
			b.WriteString(formEncode(kv[1]))
		}
		return rt.ToValue(b.String())
	})
	_ = o.Set("invalidURL", func(call goja.FunctionCall) goja.Value {
		return urlClassError(rt, call.Argument(0), call.Argument(1))
	})
	// path(v, scheme) is what the pathname setter makes of v.
	_ = o.Set("path", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(whatwgPath("", call.Argument(0).String(), specialSchemes[call.Argument(1).String()]))
	})
	_ = o.Set("userinfo", func(v string) string { return encodeUserinfo(v) })
	// host(v, scheme, withPort) is what the host (withPort) or hostname
	// setter makes of v: null when the host stays, else [host, port], port
	// null when it stays ("" for the scheme's default).
	_ = o.Set("host", func(call goja.FunctionCall) goja.Value {
		host, port, ok, portOK := whatwgHostSetter(call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).ToBoolean())
		if !ok {
			return goja.Null()
		}
		var p goja.Value = goja.Null()
		if portOK {
			p = rt.ToValue(port)
		}
		return rt.NewArray(host, p)
	})
	return o
}

// formEncode is the WHATWG application/x-www-form-urlencoded byte
// serializer: letters, digits and *-._ as they are, a space as "+", every
// other byte of the UTF-8 text as %XX.
func formEncode(s string) string {
	isPlain := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("*-._", c) >= 0
	}
	enc := percentEncode(s, func(c byte) bool { return isPlain(c) || c == ' ' })
	return strings.ReplaceAll(enc, " ", "+")
}

// urlClassError is the TypeError (ERR_INVALID_URL) the URL class throws for
// input it cannot read, with the input and, when given, the base on it.
func urlClassError(rt *goja.Runtime, input, base goja.Value) *goja.Object {
	e := invalidURLError(rt, input.String())
	if !goja.IsUndefined(base) {
		_ = e.Set("base", base.String())
	}
	return e
}
