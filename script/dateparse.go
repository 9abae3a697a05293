package script

import (
	"math"
	"time"
	"unicode/utf16"
)

// V8's Date.parse, for the strings goja's parser reads differently
// ("1700000000" is NaN in V8, 2000-01-01 in goja; "12 2026" NaN, not
// December 2026; "-2026" the year 2026). The algorithm is V8's
// (src/date/dateparser): an ES5 ISO date-time string is read first; what
// is left goes to the legacy parser, which gathers numbers, month names,
// AM/PM, zone names and offsets into a day, a time and a zone, then
// checks each.

// dateNone marks a missing component.
const dateNone = math.MaxInt32

// dateMaxDigits is how many digits of a numeral count; the rest are read
// and ignored.
const dateMaxDigits = 9

type dateTokenKind int8

const (
	dtInvalid dateTokenKind = iota
	dtUnknown
	dtSpace
	dtNumber
	dtSymbol
	dtEnd
	dtMonth
	dtZone
	dtTimeSep
	dtAMPM
	dtWord // a word that is none of the keywords
)

// dateToken is one token of a date string: a number (value, and length in
// digits), a symbol (value is the character), or a keyword (value is the
// month, the hour offset of AM/PM, or the zone's offset in hours; length in
// characters).
type dateToken struct {
	kind   dateTokenKind
	length int
	value  int
}

func (t dateToken) isSymbol(c rune) bool { return t.kind == dtSymbol && t.value == int(c) }
func (t dateToken) isSign() bool         { return t.isSymbol('+') || t.isSymbol('-') }
func (t dateToken) isNumberOf(n int) bool {
	return t.kind == dtNumber && t.length == n
}
func (t dateToken) isZ() bool       { return t.kind == dtZone && t.length == 1 && t.value == 0 }
func (t dateToken) isKeyword() bool { return t.kind >= dtMonth }

// sign is 1 for "+" and -1 for "-".
func (t dateToken) sign() int {
	if t.value == '-' {
		return -1
	}
	return 1
}

// dateKeywords maps the three-letter prefixes V8 knows to their kind and
// value. A longer word matches only a month name.
var dateKeywords = map[string]dateToken{
	"jan": {dtMonth, 0, 1}, "feb": {dtMonth, 0, 2}, "mar": {dtMonth, 0, 3},
	"apr": {dtMonth, 0, 4}, "may": {dtMonth, 0, 5}, "jun": {dtMonth, 0, 6},
	"jul": {dtMonth, 0, 7}, "aug": {dtMonth, 0, 8}, "sep": {dtMonth, 0, 9},
	"oct": {dtMonth, 0, 10}, "nov": {dtMonth, 0, 11}, "dec": {dtMonth, 0, 12},
	"am": {dtAMPM, 0, 0}, "pm": {dtAMPM, 0, 12},
	"ut": {dtZone, 0, 0}, "utc": {dtZone, 0, 0}, "z": {dtZone, 0, 0}, "gmt": {dtZone, 0, 0},
	"cdt": {dtZone, 0, -5}, "cst": {dtZone, 0, -6}, "edt": {dtZone, 0, -4}, "est": {dtZone, 0, -5},
	"mdt": {dtZone, 0, -6}, "mst": {dtZone, 0, -7}, "pdt": {dtZone, 0, -7}, "pst": {dtZone, 0, -8},
	"t": {dtTimeSep, 0, 0},
}

// dateScanner splits a date string (UTF-16 code units, as V8 reads it)
// into tokens, one token ahead.
type dateScanner struct {
	s    []uint16
	i    int
	next dateToken
}

func newDateScanner(s string) *dateScanner {
	sc := &dateScanner{s: utf16.Encode([]rune(s))}
	// A NUL ends the string for V8's reader.
	for i, c := range sc.s {
		if c == 0 {
			sc.s = sc.s[:i]
			break
		}
	}
	sc.next = sc.scan()
	return sc
}

func (sc *dateScanner) peek() dateToken { return sc.next }

func (sc *dateScanner) take() dateToken {
	t := sc.next
	sc.next = sc.scan()
	return t
}

// skip takes the next token when it is the symbol c.
func (sc *dateScanner) skip(c rune) bool {
	if sc.next.isSymbol(c) {
		sc.next = sc.scan()
		return true
	}
	return false
}

func (sc *dateScanner) scan() dateToken {
	if sc.i >= len(sc.s) {
		return dateToken{kind: dtEnd, value: -1}
	}
	c := sc.s[sc.i]
	switch {
	case c >= '0' && c <= '9':
		start, n := sc.i, 0
		for ; sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9'; sc.i++ {
			if sc.i-start < dateMaxDigits {
				n = n*10 + int(sc.s[sc.i]-'0')
			}
		}
		return dateToken{kind: dtNumber, length: sc.i - start, value: n}
	case c == ':' || c == '-' || c == '+' || c == '.' || c == ')':
		sc.i++
		return dateToken{kind: dtSymbol, length: 1, value: int(c)}
	case c >= 'A':
		start := sc.i
		var prefix []byte
		for ; sc.i < len(sc.s) && sc.s[sc.i] >= 'A'; sc.i++ {
			if len(prefix) < 3 {
				// V8 lower-cases ASCII letters only; anything else cannot
				// match a keyword.
				ch := sc.s[sc.i]
				if ch >= 'A' && ch <= 'Z' {
					ch += 'a' - 'A'
				}
				if ch > 0x7f {
					ch = 0x7f
				}
				prefix = append(prefix, byte(ch))
			}
		}
		n := sc.i - start
		if k, ok := dateKeywords[string(prefix)]; ok && (n <= 3 || k.kind == dtMonth) {
			k.length = n
			return k
		}
		return dateToken{kind: dtWord, length: n}
	case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
		sc.i++
		return dateToken{kind: dtSpace, length: 1, value: -1}
	case c == '(':
		depth := 0
		for sc.i < len(sc.s) {
			switch sc.s[sc.i] {
			case ')':
				depth--
			case '(':
				depth++
			}
			sc.i++
			if depth <= 0 {
				break
			}
		}
		return dateToken{kind: dtUnknown, length: 1, value: -1}
	}
	sc.i++
	return dateToken{kind: dtUnknown, length: 1, value: -1}
}

func between(x, lo, hi int) bool { return x >= lo && x <= hi }

// dayParts gathers the day: up to three numbers and a named month.
type dayParts struct {
	comp  [3]int
	n     int
	month int
	iso   bool
}

func (d *dayParts) add(v int) bool {
	if d.n == len(d.comp) {
		return false
	}
	d.comp[d.n] = v
	d.n++
	return true
}

// resolve is the year, month (1-12) and day the parts name. Missing
// numbers count as 1 (so "07" is July 1st of 2001, "50" 1950), and the
// parts read in V8's orders: Y M D for ISO strings or when the first number
// is no day, else M D Y; with a named month, Y D when the first number is
// no day, else D Y.
func (d *dayParts) resolve() (year, month, day int, ok bool) {
	if d.n < 1 {
		return 0, 0, 0, false
	}
	for d.n < len(d.comp) {
		d.comp[d.n] = 1
		d.n++
	}
	c := d.comp
	switch {
	case d.month == dateNone && (d.iso || !between(c[0], 1, 31)):
		year, month, day = c[0], c[1], c[2]
	case d.month == dateNone:
		month, day, year = c[0], c[1], c[2]
	case !between(c[0], 1, 31):
		month, year, day = d.month, c[0], c[1]
	default:
		month, day, year = d.month, c[0], c[1]
	}
	if !d.iso {
		switch {
		case between(year, 0, 49):
			year += 2000
		case between(year, 50, 99):
			year += 1900
		}
	}
	if year < -(1<<30) || year >= 1<<30 || !between(month, 1, 12) || !between(day, 1, 31) {
		return 0, 0, 0, false
	}
	return year, month, day, true
}

// timeParts gathers hour, minute, second and millisecond, and the hour
// offset AM or PM gives.
type timeParts struct {
	comp   [4]int
	n      int
	offset int
}

func (t *timeParts) empty() bool { return t.n == 0 }

func (t *timeParts) add(v int) bool {
	if t.n == len(t.comp) {
		return false
	}
	t.comp[t.n] = v
	t.n++
	return true
}

func (t *timeParts) addFinal(v int) bool {
	if !t.add(v) {
		return false
	}
	for t.n < len(t.comp) {
		t.comp[t.n] = 0
		t.n++
	}
	return true
}

// expects reports whether v can be the next component.
func (t *timeParts) expects(v int) bool {
	return t.n == 1 && between(v, 0, 59) || t.n == 2 && between(v, 0, 59) || t.n == 3 && between(v, 0, 999)
}

func (t *timeParts) resolve() (h, m, s, ms int, ok bool) {
	for t.n < len(t.comp) {
		t.comp[t.n] = 0
		t.n++
	}
	h, m, s, ms = t.comp[0], t.comp[1], t.comp[2], t.comp[3]
	if t.offset != dateNone {
		if !between(h, 0, 12) {
			return 0, 0, 0, 0, false
		}
		h = h%12 + t.offset
	}
	if !between(h, 0, 23) || !between(m, 0, 59) || !between(s, 0, 59) || !between(ms, 0, 999) {
		if h != 24 || m != 0 || s != 0 || ms != 0 {
			return 0, 0, 0, 0, false
		}
	}
	return h, m, s, ms, true
}

// zoneParts gathers an offset from UTC.
type zoneParts struct {
	sign, hour, minute int
}

func (z *zoneParts) set(hours int) {
	z.sign = 1
	if hours < 0 {
		z.sign = -1
	}
	z.hour, z.minute = hours*z.sign, 0
}

func (z *zoneParts) expects(v int) bool {
	return z.hour != dateNone && z.minute == dateNone && between(v, 0, 59)
}

func (z *zoneParts) isUTC() bool { return z.hour == 0 && z.minute == 0 }

// offset is the zone's offset in seconds; local is true when the string
// names none.
func (z *zoneParts) offset() (secs int, local, ok bool) {
	if z.sign == dateNone {
		return 0, true, true
	}
	h, m := z.hour, z.minute
	if h == dateNone {
		h = 0
	}
	if m == dateNone {
		m = 0
	}
	// In 32-bit unsigned arithmetic, as V8 computes it (wrapping).
	total := uint32(h)*3600 + uint32(m)*60
	if total > 1<<30-1 {
		return 0, false, false
	}
	return int(total) * z.sign, false, true
}

// millisOf reads a fraction's digits as milliseconds: its first three
// significant digits.
func millisOf(t dateToken) int {
	n, l := t.value, t.length
	switch {
	case l == 1:
		return n * 100
	case l == 2:
		return n * 10
	case l > 3:
		l = min(l, dateMaxDigits)
		for ; l > 3; l-- {
			n /= 10
		}
	}
	return n
}

// parseISODate reads as much of an ES5 date-time string as there is. It
// returns the token the legacy parser continues with: dtEnd when the whole
// string was one, dtInvalid when it cannot be a date at all.
func parseISODate(sc *dateScanner, day *dayParts, tm *timeParts, z *zoneParts) dateToken {
	switch p := sc.peek(); {
	case p.isSign():
		sign := sc.take()
		if !sc.peek().isNumberOf(6) {
			return sign
		}
		year := sc.take().value
		if sign.sign() < 0 && year == 0 {
			return sign
		}
		day.add(sign.sign() * year)
	case p.isNumberOf(4):
		day.add(sc.take().value)
	default:
		return sc.take()
	}
	if sc.skip('-') {
		if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 1, 12) {
			return sc.take()
		}
		day.add(sc.take().value)
		if sc.skip('-') {
			if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 1, 31) {
				return sc.take()
			}
			day.add(sc.take().value)
		}
	}
	if sc.peek().kind != dtTimeSep {
		if sc.peek().kind != dtEnd {
			return sc.take()
		}
	} else {
		sc.take()
		invalid := dateToken{kind: dtInvalid}
		p := sc.peek()
		if !p.isNumberOf(2) || !between(p.value, 0, 24) {
			return invalid
		}
		h24 := p.value == 24
		tm.add(sc.take().value)
		if !sc.skip(':') {
			return invalid
		}
		if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 0, 59) || h24 && p.value > 0 {
			return invalid
		}
		tm.add(sc.take().value)
		if sc.skip(':') {
			if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 0, 59) || h24 && p.value > 0 {
				return invalid
			}
			tm.add(sc.take().value)
			if sc.skip('.') {
				if p := sc.peek(); p.kind != dtNumber || h24 && p.value > 0 {
					return invalid
				}
				tm.add(millisOf(sc.take()))
			}
		}
		switch p := sc.peek(); {
		case p.isZ():
			sc.take()
			z.set(0)
		case p.isSign():
			z.sign = sc.take().sign()
			if sc.peek().isNumberOf(4) {
				hm := sc.take().value
				if !between(hm/100, 0, 23) || !between(hm%100, 0, 59) {
					return invalid
				}
				z.hour, z.minute = hm/100, hm%100
			} else {
				if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 0, 23) {
					return invalid
				}
				z.hour = sc.take().value
				if !sc.skip(':') {
					return invalid
				}
				if p := sc.peek(); !p.isNumberOf(2) || !between(p.value, 0, 59) {
					return invalid
				}
				z.minute = sc.take().value
			}
		}
		if sc.peek().kind != dtEnd {
			return invalid
		}
	}
	// A date-only form is UTC; a date-time form without a zone is local.
	if z.hour == dateNone && tm.empty() {
		z.set(0)
	}
	day.iso = true
	return dateToken{kind: dtEnd, value: -1}
}

// parseDateV8 is Date.parse(s) as V8 computes it, in milliseconds since
// 1970, with loc the time zone of a string that names none; ok is false
// where V8 gives NaN.
func parseDateV8(s string, loc *time.Location) (ms float64, ok bool) {
	sc := newDateScanner(s)
	day := dayParts{month: dateNone}
	tm := timeParts{offset: dateNone}
	z := zoneParts{sign: dateNone, hour: dateNone, minute: dateNone}

	tok := parseISODate(sc, &day, &tm, &z)
	if tok.kind == dtInvalid {
		return 0, false
	}
	readNumber := day.n > 0
	for ; tok.kind != dtEnd; tok = sc.take() {
		switch {
		case tok.kind == dtNumber:
			readNumber = true
			n := tok.value
			switch {
			case sc.skip(':'):
				if sc.skip(':') {
					if !tm.empty() {
						return 0, false
					}
					tm.add(n)
					tm.add(0)
				} else {
					if !tm.add(n) {
						return 0, false
					}
					if sc.peek().isSymbol('.') {
						sc.take()
					}
				}
			case sc.skip('.') && tm.expects(n):
				// (A '.' after a number no time expects is dropped.)
				tm.add(n)
				if sc.peek().kind != dtNumber {
					return 0, false
				}
				tm.addFinal(millisOf(sc.take()))
			case z.expects(n):
				z.minute = n
			case tm.expects(n):
				tm.addFinal(n)
				if p := sc.peek(); p.kind != dtEnd && p.kind != dtSpace && !p.isZ() && !p.isSign() {
					return 0, false
				}
			default:
				if !day.add(n) {
					return 0, false
				}
				sc.skip('-')
			}
		case tok.isKeyword() || tok.kind == dtWord:
			switch {
			case tok.kind == dtAMPM && !tm.empty():
				tm.offset = tok.value
			case tok.kind == dtMonth:
				day.month = tok.value
				sc.skip('-')
			case tok.kind == dtZone && readNumber:
				z.set(tok.value)
			default:
				if readNumber || sc.peek().kind == dtNumber {
					return 0, false
				}
			}
		case tok.isSign() && (z.isUTC() || !tm.empty()):
			z.sign = tok.sign()
			n, length := 0, 0
			if sc.peek().kind == dtNumber {
				t := sc.take()
				n, length = t.value, t.length
			}
			readNumber = true
			switch {
			case sc.peek().isSymbol(':'):
				z.hour, z.minute = n, dateNone
			case length == 1 || length == 2:
				z.hour, z.minute = n, 0
			case length == 3 || length == 4:
				z.hour, z.minute = n/100, n%100
			default:
				return 0, false
			}
		case (tok.isSign() || tok.isSymbol(')')) && readNumber:
			return 0, false
		}
	}
	year, month, d, ok := day.resolve()
	if !ok {
		return 0, false
	}
	h, m, sec, msec, ok := tm.resolve()
	if !ok {
		return 0, false
	}
	offset, local, ok := z.offset()
	if !ok || year < -300000 || year > 300000 {
		return 0, false
	}
	var t float64
	if local {
		t = float64(time.Date(year, time.Month(month), d, h, m, sec, msec*int(time.Millisecond), loc).UnixMilli())
	} else {
		t = float64(time.Date(year, time.Month(month), d, h, m, sec, msec*int(time.Millisecond), time.UTC).UnixMilli()) - float64(offset)*1000
	}
	if math.Abs(t) > 8.64e15 {
		return 0, false
	}
	return t, true
}
