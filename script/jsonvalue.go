package script

import (
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// maxJSONDepth bounds the nesting parseJSONValue handles itself; deeper
// documents go to JSON.parse.
const maxJSONDepth = 200

// parseJSONValue parses text straight into JavaScript values, giving what
// JSON.parse(text) gives: the same objects with keys in document order
// (a repeated key keeps its first position and its last value), the same
// numbers and strings. It reports false, building nothing the caller sees,
// for anything it does not handle exactly (invalid JSON, lone surrogates,
// very deep nesting): the caller then uses JSON.parse.
func parseJSONValue(rt *goja.Runtime, text string) (goja.Value, bool) {
	p := jsonParser{rt: rt, s: text, ascii: isASCII(text)}
	p.ws()
	v, ok := p.value(0)
	if !ok {
		return nil, false
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, false
	}
	return v, true
}

type jsonParser struct {
	rt *goja.Runtime
	s  string
	i  int
	// ascii reports that s is all ASCII, so that byte offsets into it are
	// offsets into the JavaScript string too: a string without escapes is
	// then a Substring of text, the whole text as a JavaScript string,
	// made once. That costs one allocation per string instead of two
	// (rt.ToValue boxes the Go string, then the JavaScript one).
	ascii bool
	text  goja.String
	// objectProto is Object.prototype, which the parsed objects get.
	objectProto *goja.Object
}

func isASCII(s string) bool {
	for ; len(s) >= 8; s = s[8:] {
		// Eight bytes at a time, loaded as one word.
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// strValue makes the JavaScript string s, just parsed from s[start:p.i-1]
// (the text between the quotes).
func (p *jsonParser) strValue(s string, start int) goja.Value {
	if !p.ascii || len(s) != p.i-1-start {
		// An escape made s shorter than its text.
		return p.rt.ToValue(s)
	}
	if p.text == nil {
		t, ok := p.rt.ToValue(p.s).(goja.String)
		if !ok {
			return p.rt.ToValue(s)
		}
		p.text = t
	}
	return p.text.Substring(start, p.i-1)
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) lit(word string, v goja.Value) (goja.Value, bool) {
	if len(p.s)-p.i >= len(word) && p.s[p.i:p.i+len(word)] == word {
		p.i += len(word)
		return v, true
	}
	return nil, false
}

func (p *jsonParser) value(depth int) (goja.Value, bool) {
	if p.i >= len(p.s) || depth > maxJSONDepth {
		return nil, false
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		start := p.i + 1
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		return p.strValue(s, start), true
	case c == 't':
		return p.lit("true", p.rt.ToValue(true))
	case c == 'f':
		return p.lit("false", p.rt.ToValue(false))
	case c == 'n':
		return p.lit("null", goja.Null())
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, false
}

func (p *jsonParser) object(depth int) (goja.Value, bool) {
	p.i++ // {
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return p.rt.NewObject(), true
	}
	// JSON.parse defines own properties. The object is built without a
	// prototype, where assignment does just that, and given
	// Object.prototype once complete: assigning "__proto__" to an ordinary
	// object would set its prototype, and assigning any name would call a
	// setter a script defined on Object.prototype.
	if p.objectProto == nil {
		p.objectProto = p.rt.NewObject().Prototype()
	}
	o := p.rt.CreateObject(nil)
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.ws()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		if o.Set(k, v) != nil {
			return nil, false
		}
		if done, ok := p.afterMember('}'); !ok {
			return nil, false
		} else if done {
			return o, o.SetPrototype(p.objectProto) == nil
		}
	}
}

func (p *jsonParser) array(depth int) (goja.Value, bool) {
	p.i++ // [
	var items []any
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return p.rt.NewArray(), true
	}
	for {
		p.ws()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		items = append(items, v)
		if done, ok := p.afterMember(']'); !ok {
			return nil, false
		} else if done {
			return p.rt.NewArray(items...), true
		}
	}
}

// afterMember consumes what follows an object member or array element: a
// comma (done false) or the closing byte (done true). Anything else, or
// the end of the input, is not JSON (ok false).
func (p *jsonParser) afterMember(closing byte) (done, ok bool) {
	p.ws()
	if p.i >= len(p.s) {
		return false, false
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return false, true
	case closing:
		p.i++
		return true, true
	}
	return false, false
}

func (p *jsonParser) number() (goja.Value, bool) {
	start := p.i
	s := p.s
	if s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(s) && s[p.i] >= '0' && s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(s) && s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, false
	}
	if p.i < len(s) && s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if p.i < len(s) && (s[p.i] == 'e' || s[p.i] == 'E') {
		p.i++
		if p.i < len(s) && (s[p.i] == '+' || s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(s[start:p.i], 64)
	if err != nil && !math.IsInf(f, 0) {
		return nil, false
	}
	// A number beyond float64's range is ±Infinity, as in V8 (goja's
	// JSON.parse rejects it).
	return p.rt.ToValue(f), true
}

// str parses a JSON string at p.i (on the opening quote).
func (p *jsonParser) str() (string, bool) {
	s := p.s
	p.i++
	start := p.i
	// Fast path: no escapes.
	for p.i < len(s) {
		c := s[p.i]
		if c == '"' {
			out := s[start:p.i]
			p.i++
			return out, true
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", false
		}
		p.i++
	}
	buf := []byte(s[start:p.i])
	for p.i < len(s) {
		c := s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(s) {
			return "", false
		}
		e := s[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// Only a proper pair can be a Go string.
				if r >= 0xdc00 || p.i+1 >= len(s) || s[p.i] != '\\' || s[p.i+1] != 'u' {
					return "", false
				}
				p.i += 2
				r2, ok := p.hex4()
				if !ok || r2 < 0xdc00 || r2 > 0xdfff {
					return "", false
				}
				r = utf16.DecodeRune(r, r2)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		d, ok := hexDigit(p.s[p.i+k])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.i += 4
	return r, true
}
