package script

import (
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// The WHATWG URL Standard's host parser for the special schemes, which the
// URL class (constructor, href, host and hostname setters) and
// url.domainToASCII/domainToUnicode use as Node's does: IPv6 in brackets,
// then percent-decoding, domain to ASCII (domainToASCII, UTS #46), the
// forbidden domain code points, and a domain ending in a number read as
// IPv4 in any of its spellings (0x7f.1, 2130706433, 0300.0250.0.1).

// whatwgHostParse is the serialized host input names, ok false when the
// parser fails.
func whatwgHostParse(input string) (string, bool) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") {
			return "", false
		}
		a, ok := parseIPv6(input[1 : len(input)-1])
		if !ok {
			return "", false
		}
		return "[" + serializeIPv6(a) + "]", true
	}
	if isPlainHost(input) {
		return input, true
	}
	domain := strings.ToValidUTF8(percentDecode(input), "\uFFFD")
	ascii, ok := domainToASCII(domain)
	if !ok || strings.IndexFunc(ascii, isForbiddenDomainCodePoint) >= 0 {
		return "", false
	}
	if endsInANumber(ascii) {
		v4, ok := parseIPv4(ascii)
		if !ok {
			return "", false
		}
		return serializeIPv4(v4), true
	}
	return ascii, true
}

// isPlainHost reports a host the parser gives back unchanged: lower-case
// letters, digits, "-" and single dots between labels, not a punycode
// label, not ending in a number.
func isPlainHost(h string) bool {
	if h == "" || h[0] == '.' || h[len(h)-1] == '.' {
		return false
	}
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c >= 'a' && c <= 'z', c == '-':
		case c >= '0' && c <= '9':
		case c == '.' && h[i-1] != '.':
		default:
			return false
		}
	}
	return !needsDomainToASCII(h) && !endsInANumber(h)
}

// endsInANumber reports whether the last label of host (ignoring one
// trailing dot) is digits or a 0x number: the host is then IPv4.
func endsInANumber(host string) bool {
	parts := strings.Split(host, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// parseIPv4Number reads one part of an IPv4 address: decimal, octal with a
// leading 0, hexadecimal after 0x. A value beyond 2**32 reads as 2**32
// (too large for any part).
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, base = s[2:], 16
	case len(s) >= 2 && s[0] == '0':
		s, base = s[1:], 8
	}
	if s == "" {
		return 0, true
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d, ok := hexDigit(s[i])
		if !ok || int(d) >= base {
			return 0, false
		}
		if n <= 1<<32 {
			n = n*uint64(base) + uint64(d)
		}
	}
	return min(n, 1<<32), true
}

// parseIPv4 is the IPv4 parser: up to four parts, all but the last at most
// 255, the last filling the bytes that remain.
func parseIPv4(host string) (uint32, bool) {
	parts := strings.Split(host, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, false
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return 0, false
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return 0, false
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - i))
	}
	return uint32(v), true
}

func serializeIPv4(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." + strconv.Itoa(int(v>>8&0xff)) + "." + strconv.Itoa(int(v&0xff))
}

// parseIPv6 is the IPv6 parser (the text between the brackets): eight
// pieces of up to four hex digits, one "::" for a run of zeros, and an
// IPv4 address in place of the last two pieces.
func parseIPv6(s string) ([8]uint16, bool) {
	var a [8]uint16
	piece, compress := 0, -1
	i := 0
	if strings.HasPrefix(s, ":") {
		if !strings.HasPrefix(s, "::") {
			return a, false
		}
		i += 2
		piece++
		compress = piece
	}
	for i < len(s) {
		if piece == 8 {
			return a, false
		}
		if s[i] == ':' {
			if compress >= 0 {
				return a, false
			}
			i++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 && i < len(s) {
			d, ok := hexDigit(s[i])
			if !ok {
				break
			}
			value = value*16 + int(d)
			i++
			length++
		}
		if i < len(s) && s[i] == '.' {
			if length == 0 || piece > 6 {
				return a, false
			}
			i -= length
			v4, ok := parseIPv6Tail(s[i:])
			if !ok {
				return a, false
			}
			a[piece] = uint16(v4 >> 16)
			a[piece+1] = uint16(v4)
			piece += 2
			i = len(s)
			break
		}
		if i < len(s) {
			if s[i] != ':' {
				return a, false
			}
			i++
			if i == len(s) {
				return a, false
			}
		}
		a[piece] = uint16(value)
		piece++
	}
	if compress >= 0 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			a[piece], a[compress+swaps-1] = a[compress+swaps-1], a[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return a, false
	}
	return a, true
}

// parseIPv6Tail reads the dotted IPv4 address ending an IPv6 address:
// exactly four decimal parts of at most 255, no leading zeros.
func parseIPv6Tail(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return 0, false
	}
	var v uint32
	for _, p := range parts {
		if p == "" || len(p) > 1 && p[0] == '0' || strings.Trim(p, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 {
			return 0, false
		}
		v = v<<8 | uint32(n)
	}
	return v, true
}

// serializeIPv6 is the IPv6 serializer: lower-case hex pieces, the first
// longest run of two or more zero pieces written "::".
func serializeIPv6(a [8]uint16) string {
	compress, best := -1, 1
	for i := 0; i < 8; {
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > best {
			compress, best = i, j-i
		}
		i = max(j, i+1)
	}
	var b strings.Builder
	ignore0 := false
	for i := 0; i < 8; i++ {
		if ignore0 && a[i] == 0 {
			continue
		}
		ignore0 = false
		if i == compress {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteString(":")
			}
			ignore0 = true
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(a[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

// whatwgHostSetter applies the host (withPort) or hostname setter's input
// to a URL with a host (opaque when the scheme is not special): the new
// host, and the port when the input gives a valid one ("" for the scheme's
// default port). ok is false when the host
// is not changed; portOK when the port is not.
func whatwgHostSetter(input, scheme string, withPort bool) (host, port string, ok, portOK bool) {
	input = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, input)
	end, inBrackets := len(input), false
	colon := -1
	for i := 0; i < len(input); i++ {
		c := input[i]
		if c == '/' || c == '?' || c == '#' || c == '\\' && specialSchemes[scheme] {
			end = i
			break
		}
		switch {
		case c == '[':
			inBrackets = true
		case c == ']':
			inBrackets = false
		case c == ':' && !inBrackets && colon < 0:
			if !withPort {
				return "", "", false, false
			}
			colon = i
		}
	}
	hostText := input[:end]
	if colon >= 0 && colon < end {
		hostText = input[:colon]
	}
	if hostText == "" {
		return "", "", false, false
	}
	if specialSchemes[scheme] {
		host, ok = whatwgHostParse(hostText)
	} else {
		host, ok = opaqueHostParse(hostText)
	}
	if !ok || colon < 0 || colon >= end {
		return host, "", ok, false
	}
	port, portOK = parsePort(input[colon+1:end], scheme)
	return host, port, true, portOK
}

// parsePort reads the digits of a port: ok is false unless they are one to
// five digits (leading zeros aside) of a number at most 65535; port is ""
// for the scheme's default port.
func parsePort(digits, scheme string) (port string, ok bool) {
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	n := 0
	if trimmed := strings.TrimLeft(digits, "0"); trimmed != "" {
		if len(trimmed) > 5 {
			return "", false
		}
		n, _ = strconv.Atoi(trimmed)
	}
	if n > 65535 {
		return "", false
	}
	if d, special := defaultPorts[scheme]; special && d == n {
		return "", true
	}
	return strconv.Itoa(n), true
}

// defaultPorts are the special schemes' default ports.
var defaultPorts = map[string]int{"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}

// domainToUnicode is url.domainToUnicode of an ASCII host: its punycode
// labels decoded.
func domainToUnicode(ascii string) string {
	u, err := idna.Punycode.ToUnicode(ascii)
	if err != nil {
		return ascii
	}
	return u
}
