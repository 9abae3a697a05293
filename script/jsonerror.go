package script

import "strconv"

// V8's JSON.parse error messages, as Node 20 (V8 11.3, src/json/json-parser.cc
// and the kJsonParse* templates of src/common/message-template.h) words
// them. A text is checked the way V8 parses it, and the first error V8
// would report is reported, at V8's position: an index in UTF-16 code units
// of the JavaScript string.

const (
	// v8JSONContext is kMaxContextCharacters: the code units shown on each
	// side of an unexpected token.
	v8JSONContext = 10
	// v8JSONMinContextLen is kMinOriginalSourceLengthForContext: texts at
	// least this long are shown as a window around the token, shorter ones
	// whole.
	v8JSONMinContextLen = 2*v8JSONContext + 1
)

// The message templates; % is the position.
const (
	msgJSONEnd                = "Unexpected end of JSON input"
	msgJSONNumber             = "Unexpected number in JSON at position %"
	msgJSONString             = "Unexpected string in JSON at position %"
	msgJSONAfterValue         = "Unexpected non-whitespace character after JSON at position %"
	msgJSONPropNameOrRBrace   = "Expected property name or '}' in JSON at position %"
	msgJSONDoubleQuotedName   = "Expected double-quoted property name in JSON at position %"
	msgJSONColon              = "Expected ':' after property name in JSON at position %"
	msgJSONCommaOrRBrace      = "Expected ',' or '}' after property value in JSON at position %"
	msgJSONCommaOrRBrack      = "Expected ',' or ']' after array element in JSON at position %"
	msgJSONUnterminatedString = "Unterminated string in JSON at position %"
	msgJSONBadEscape          = "Bad escaped character in JSON at position %"
	msgJSONBadUnicode         = "Bad Unicode escape in JSON at position %"
	msgJSONBadControl         = "Bad control character in string literal in JSON at position %"
	msgJSONNoNumberAfterMinus = "No number after minus sign in JSON at position %"
	msgJSONUnterminatedFrac   = "Unterminated fractional number in JSON at position %"
	msgJSONExponent           = "Exponent part is missing a number in JSON at position %"
)

// v8JSONError returns the message V8's JSON.parse throws for text, given as
// UTF-16 code units, or nil when V8 accepts the text. The message is in
// UTF-16 too: the unexpected token is one code unit and the context window
// is cut by code units, so either can hold half of a surrogate pair, as in
// V8. Its length is bounded (the text shows in it only when shorter than
// v8JSONMinContextLen, otherwise as a window of 2*v8JSONContext units).
func v8JSONError(text []uint16) []uint16 {
	p := jsonChecker{s: text}
	if p.check() {
		return nil
	}
	return p.message()
}

// jsonChecker walks a text as V8's JsonParser does, without building
// values, and records the first error.
type jsonChecker struct {
	s   []uint16
	pos int
	// msg is the error's template, or "" for an unexpected token that V8
	// names with its context (or, for the special texts, the whole text).
	msg string
}

const jsonEnd = -1 // cur at the end of the text (V8's kEndOfString)

func (p *jsonChecker) cur() int {
	if p.pos < len(p.s) {
		return int(p.s[p.pos])
	}
	return jsonEnd
}

func (p *jsonChecker) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

// fail records msg at the current position and returns false.
func (p *jsonChecker) fail(msg string) bool {
	p.msg = msg
	return false
}

// unexpected reports the current code unit as an unexpected token
// (ReportUnexpectedCharacter): the end, a number, a string, or anything
// else, which is named.
func (p *jsonChecker) unexpected() bool {
	switch c := p.cur(); {
	case c == jsonEnd:
		return p.fail(msgJSONEnd)
	case c == '"':
		return p.fail(msgJSONString)
	case c == '-' || isDigitUnit(c):
		return p.fail(msgJSONNumber)
	}
	return p.fail("")
}

func isDigitUnit(c int) bool { return c >= '0' && c <= '9' }

// check reports whether the text is valid JSON; if not, p.pos and p.msg
// say where and what. Nesting is kept on a slice, not the Go stack, so any
// depth is checked (V8's ParseJsonValue is iterative too).
func (p *jsonChecker) check() bool {
	var open []bool // the enclosing containers, true for an object
	for {
		// Produce a value; an object or array that is not empty continues
		// with its first member.
		p.skipSpace()
		switch c := p.cur(); {
		case c == '"':
			p.pos++
			if !p.str() {
				return false
			}
		case c == '-' || isDigitUnit(c):
			if !p.number() {
				return false
			}
		case c == 't':
			if !p.literal("true") {
				return false
			}
		case c == 'f':
			if !p.literal("false") {
				return false
			}
		case c == 'n':
			if !p.literal("null") {
				return false
			}
		case c == '{':
			p.pos++
			p.skipSpace()
			if p.cur() == '}' {
				p.pos++
				break
			}
			open = append(open, true)
			if p.cur() != '"' {
				return p.fail(msgJSONPropNameOrRBrace)
			}
			if !p.key(msgJSONColon) {
				return false
			}
			continue
		case c == '[':
			p.pos++
			p.skipSpace()
			if p.cur() == ']' {
				p.pos++
				break
			}
			open = append(open, false)
			continue
		default:
			return p.unexpected()
		}
		// Consume the value: close what it ends, until a comma asks for
		// the next member.
		for {
			p.skipSpace()
			if len(open) == 0 {
				if p.pos < len(p.s) {
					return p.fail(msgJSONAfterValue)
				}
				return true
			}
			object := open[len(open)-1]
			if p.cur() == ',' {
				p.pos++
				if object {
					p.skipSpace()
					if p.cur() != '"' {
						return p.fail(msgJSONDoubleQuotedName)
					}
					// V8 11.3 has no message of its own for a missing colon
					// after a key other than an object's first.
					if !p.key("") {
						return false
					}
				}
				break
			}
			switch {
			case object && p.cur() != '}':
				return p.fail(msgJSONCommaOrRBrace)
			case !object && p.cur() != ']':
				return p.fail(msgJSONCommaOrRBrack)
			}
			p.pos++
			open = open[:len(open)-1]
		}
	}
}

// key checks a property name at its opening quote and the colon after it;
// noColon is the message for a missing colon ("": an unexpected token).
func (p *jsonChecker) key(noColon string) bool {
	p.pos++
	if !p.str() {
		return false
	}
	p.skipSpace()
	if p.cur() != ':' {
		if noColon == "" {
			return p.unexpected()
		}
		return p.fail(noColon)
	}
	p.pos++
	return true
}

// str checks a string from just after its opening quote (ScanJsonString).
func (p *jsonChecker) str() bool {
	for {
		for p.pos < len(p.s) {
			if c := p.s[p.pos]; c < 0x20 || c == '"' || c == '\\' {
				break
			}
			p.pos++
		}
		switch p.cur() {
		case jsonEnd:
			return p.fail(msgJSONUnterminatedString)
		case '"':
			p.pos++
			return true
		case '\\':
			p.pos++
			c := p.cur()
			if c == jsonEnd || c > 0xff {
				return p.unexpected()
			}
			switch c {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for i := 0; i < 4; i++ {
					p.pos++
					if !isHexUnit(p.cur()) {
						return p.fail(msgJSONBadUnicode)
					}
				}
			default:
				return p.fail(msgJSONBadEscape)
			}
			p.pos++
		default:
			return p.fail(msgJSONBadControl)
		}
	}
}

func isHexUnit(c int) bool {
	return isDigitUnit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// isNumberPart is V8's NumberPartField: a code unit that may continue a
// number.
func isNumberPart(c int) bool {
	return isDigitUnit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'
}

// number checks a number at its first code unit (ParseJsonNumber).
func (p *jsonChecker) number() bool {
	negative := p.cur() == '-'
	if negative {
		p.pos++
	}
	if p.cur() == '0' {
		// A leading zero is the whole integer part.
		p.pos++
		c := p.cur()
		if isNumberPart(c) {
			if isDigitUnit(c) {
				return p.fail(msgJSONNumber)
			}
		} else if !negative {
			return true
		}
	} else {
		start := p.pos
		for isDigitUnit(p.cur()) {
			p.pos++
		}
		if p.pos == start {
			return p.fail(msgJSONNoNumberAfterMinus)
		}
	}
	if p.cur() == '.' {
		p.pos++
		if !isDigitUnit(p.cur()) {
			return p.fail(msgJSONUnterminatedFrac)
		}
		for isDigitUnit(p.cur()) {
			p.pos++
		}
	}
	if c := p.cur(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.cur(); c == '-' || c == '+' {
			p.pos++
		}
		if !isDigitUnit(p.cur()) {
			return p.fail(msgJSONExponent)
		}
		for isDigitUnit(p.cur()) {
			p.pos++
		}
	}
	return true
}

// literal checks true, false or null at its first letter (ScanLiteral):
// the first code unit that differs is unexpected, or the end if the text
// stops inside the word.
func (p *jsonChecker) literal(word string) bool {
	for i := 1; i < len(word); i++ {
		p.pos++
		if p.cur() != int(word[i]) {
			return p.unexpected()
		}
	}
	p.pos++
	return true
}

// v8JSONSpecialTexts are the texts V8 names whole rather than by their
// unexpected token (IsSpecialString): what JSON.parse of an object,
// undefined or a non-finite number gets.
var v8JSONSpecialTexts = []string{"[object Object]", "undefined", "NaN", "Infinity"}

// message formats the recorded error.
func (p *jsonChecker) message() []uint16 {
	if p.msg != "" {
		var b []uint16
		for i := 0; i < len(p.msg); i++ {
			if p.msg[i] == '%' {
				b = appendASCIIUnits(b, strconv.Itoa(p.pos))
				continue
			}
			b = append(b, uint16(p.msg[i]))
		}
		return b
	}
	s := p.s
	for _, special := range v8JSONSpecialTexts {
		if unitsEqualASCII(s, special) {
			b := appendASCIIUnits(nil, `"`)
			b = append(b, s...)
			return appendASCIIUnits(b, `" is not valid JSON`)
		}
	}
	pos := min(p.pos, len(s)-1) // always inside: the end is reported as such
	b := appendASCIIUnits(nil, "Unexpected token '")
	b = append(b, s[pos])
	b = appendASCIIUnits(b, "', ")
	switch n := len(s); {
	case n < v8JSONMinContextLen:
		b = appendASCIIUnits(b, `"`)
		b = append(b, s...)
		b = appendASCIIUnits(b, `"`)
	case pos < v8JSONContext:
		b = appendASCIIUnits(b, `"`)
		b = append(b, s[:pos+v8JSONContext]...)
		b = appendASCIIUnits(b, `"...`)
	case pos < n-v8JSONContext:
		b = appendASCIIUnits(b, `..."`)
		b = append(b, s[pos-v8JSONContext:pos+v8JSONContext]...)
		b = appendASCIIUnits(b, `"...`)
	default:
		b = appendASCIIUnits(b, `..."`)
		b = append(b, s[pos-v8JSONContext:]...)
		b = appendASCIIUnits(b, `"`)
	}
	return appendASCIIUnits(b, " is not valid JSON")
}

func appendASCIIUnits(b []uint16, s string) []uint16 {
	for i := 0; i < len(s); i++ {
		b = append(b, uint16(s[i]))
	}
	return b
}

func unitsEqualASCII(u []uint16, s string) bool {
	if len(u) != len(s) {
		return false
	}
	for i := range u {
		if u[i] != uint16(s[i]) {
			return false
		}
	}
	return true
}
