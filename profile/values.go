package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on the value a script hands back. They guard against hostile or
// accidental shapes (deep nesting, self-referencing Go maps) and keep the work
// Normalize does proportional to a sane profile.
const (
	// MaxDepth is the deepest nesting of objects and arrays accepted in a
	// profile, counting the profile object itself as depth 1.
	MaxDepth = 64
	// MaxValues is the largest number of values (objects, arrays, scalars)
	// accepted in one profile.
	MaxValues = 100_000
	// maxIDLen bounds the provider user id, in bytes.
	maxIDLen = 1024
	// maxExponent bounds the decimal exponent of a number converted to a
	// digit string, so that 1e1000000 cannot allocate a million digits.
	maxExponent = 400
)

// errTooLarge and errTooDeep are wrapped with the connection name by Normalize.
var (
	errTooDeep  = fmt.Errorf("the profile nests deeper than %d levels", MaxDepth)
	errTooLarge = fmt.Errorf("the profile holds more than %d values", MaxValues)
)

// canonicalizer turns an arbitrary Go value (as produced by encoding/json, by a
// JavaScript engine's export, or built by hand) into the canonical JSON value
// model this package stores: nil, bool, string (valid UTF-8), json.Number,
// map[string]any and []any. Values that have no JSON form (functions,
// channels, NaN, ±Inf) are dropped from objects and become null in arrays, as
// JSON.stringify does.
type canonicalizer struct {
	values  int
	dropped int
}

// value canonicalises v found at the given depth. ok is false when v has no
// JSON form and should be dropped.
func (c *canonicalizer) value(v any, depth int) (out any, ok bool, err error) {
	c.values++
	if c.values > MaxValues {
		return nil, false, errTooLarge
	}
	if depth > MaxDepth {
		return nil, false, errTooDeep
	}
	// A value that is already canonical is returned as the interface value it
	// came in: boxing it again would allocate.
	switch x := v.(type) {
	case nil, bool:
		return v, true, nil
	case string:
		if utf8.ValidString(x) {
			return v, true, nil
		}
		return validString(x), true, nil
	case json.Number:
		if isJSONNumber(string(x)) {
			return v, true, nil
		}
		// Not a number literal: keep the text as a string rather than fail
		// when marshalling later.
		return validString(string(x)), true, nil
	case float64:
		return floatNumber(x, 64)
	case float32:
		return floatNumber(float64(x), 32)
	case int, int8, int16, int32, int64:
		return json.Number(strconv.FormatInt(reflect.ValueOf(x).Int(), 10)), true, nil
	case uint, uint8, uint16, uint32, uint64:
		return json.Number(strconv.FormatUint(reflect.ValueOf(x).Uint(), 10)), true, nil
	case map[string]any:
		return c.object(x, depth)
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			ce, ok, err := c.value(e, depth+1)
			if err != nil {
				return nil, false, err
			}
			if !ok {
				c.dropped++
				ce = nil
			}
			out = append(out, ce)
		}
		return out, true, nil
	}
	return c.foreign(v, depth)
}

// object canonicalises a map. Keys are visited in sorted order so that two
// keys which become equal after UTF-8 repair resolve the same way every time.
func (c *canonicalizer) object(m map[string]any, depth int) (any, bool, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make(map[string]any, len(m))
	for _, k := range keys {
		cv, ok, err := c.value(m[k], depth+1)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			c.dropped++
			continue
		}
		out[validString(k)] = cv
	}
	return out, true, nil
}

// foreign handles any other Go type by asking encoding/json for its JSON form
// (time.Time, typed maps and slices, structs) and canonicalising the result.
// Types encoding/json refuses are dropped.
func (c *canonicalizer) foreign(v any, depth int) (any, bool, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return nil, false, nil
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		if rv.IsNil() {
			return nil, true, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var decoded any
	if err := dec.Decode(&decoded); err != nil {
		return nil, false, nil
	}
	c.values-- // the decoded value is counted again below
	return c.value(decoded, depth)
}

// floatNumber converts a float to the json.Number encoding/json would print
// for it. NaN and infinities have no JSON form.
func floatNumber(f float64, bits int) (any, bool, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false, nil
	}
	var b []byte
	var err error
	if bits == 32 {
		b, err = json.Marshal(float32(f))
	} else {
		b, err = json.Marshal(f)
	}
	if err != nil {
		return nil, false, nil
	}
	return json.Number(b), true, nil
}

// validString repairs invalid UTF-8 the way encoding/json would when
// marshalling, so that a value survives a JSON round trip unchanged.
func validString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// isJSONNumber reports whether s is a number literal in JSON's grammar
// (RFC 8259 §6).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

var errNumberRange = errors.New("number out of range")

// decimalString writes a JSON number literal as plain decimal digits without
// an exponent: "1e21" becomes "1000000000000000000000", "12345678901234567890"
// stays exact, "1.50" becomes "1.5". It fails for exponents beyond
// ±maxExponent.
func decimalString(n json.Number) (string, error) {
	s := string(n)
	if !isJSONNumber(s) {
		return "", errors.New("not a number")
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	if !hasExp && !strings.Contains(mant, ".") {
		if s == "-0" {
			return "0", nil
		}
		return s, nil
	}
	e := 0
	if hasExp {
		// The exponent has at most a few digits for any sane value; a long
		// one is out of range whatever its value.
		var err error
		e, err = strconv.Atoi(strings.TrimPrefix(exp, "+"))
		if err != nil || e > maxExponent || e < -maxExponent {
			return "", errNumberRange
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", errors.New("not a number")
	}
	if r.IsInt() {
		return r.Num().String(), nil
	}
	// A finite decimal literal needs at most (fraction digits - exponent)
	// fractional digits; print that many and trim the zeros.
	_, frac, _ := strings.Cut(mant, ".")
	prec := max(len(frac)-e, 1)
	out := strings.TrimRight(r.FloatString(prec), "0")
	return strings.TrimSuffix(out, "."), nil
}

// kindOf names the JSON type of a canonical value, for messages that must not
// echo the value itself.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// deepCopy copies the canonical JSON value model. Other types are shared.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return copyMap(x)
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// copyMap deep-copies a map; nil stays nil.
func copyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}
