package script

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocationCaps: a size a script asks for by number is checked before
// anything is allocated, so that data (a header, a length in a response)
// cannot make the process run out of memory. Without the checks the 2 ** 40
// cases end the test binary (the Go runtime's fatal "out of memory"); the
// others, one byte over the cap, would succeed.
func TestAllocationCaps(t *testing.T) {
	over := fmt.Sprint(maxAllocBytes + 1)
	bufferErr := func(name, received string) []any {
		return []any{"RangeError", "ERR_OUT_OF_RANGE", fmt.Sprintf("The value of \"%s\" is out of range. It must be >= 0 && <= %d. Received %s", name, maxAllocBytes, received)}
	}
	stringErr := []any{"RangeError", nil, "Invalid string length"}
	cases := []struct {
		expr string
		want []any
	}{
		{"Buffer.alloc(2 ** 40)", bufferErr("size", "1_099_511_627_776")},
		{"Buffer.alloc(" + over + ")", bufferErr("size", over)},
		{"Buffer.allocUnsafe(" + over + ")", bufferErr("size", over)},
		{"Buffer.allocUnsafeSlow(" + over + ")", bufferErr("size", over)},
		{"require('buffer').SlowBuffer(" + over + ")", bufferErr("size", over)},
		{"Buffer.concat([Buffer.from('a')], 2 ** 40)", bufferErr("length", "1_099_511_627_776")},
		{"'x'.repeat(2 ** 40)", stringErr},
		{"'ab'.repeat(" + fmt.Sprint(maxAllocBytes/2+1) + ")", stringErr},
		{"'x'.padStart(" + over + ")", stringErr},
		{"'x'.padEnd(2 ** 40, 'y')", stringErr},
		// Reached without naming the method, and through lodash.
		{"'x'['re' + 'peat'](2 ** 40)", stringErr},
		{"require('lodash').padStart('x', 2 ** 40)", stringErr},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			r, err := run(t, New(), `try { cb(null, {v: `+c.expr+`}); } catch (e) { cb(null, {v: [e.name, e.code, e.message]}); }`)
			require.NoError(t, err)
			assert.Equal(t, map[string]any{"v": c.want}, r.Value)
		})
	}
}

// TestAllocationsUnderTheCap: sizes within the cap, and the methods' other
// behaviour, are untouched by the checks (Node's results).
func TestAllocationsUnderTheCap(t *testing.T) {
	r, err := run(t, New(), `var b = require('buffer'); cb(null, {v: [
  Buffer.alloc(3, 1).toString('hex'), Buffer.allocUnsafe(2).length, Buffer.allocUnsafeSlow(1).length,
  Buffer.concat([Buffer.from('ab')], 4).toString('hex'), Buffer.concat([Buffer.from('ab')], 1).toString(),
  b.kMaxLength, b.constants.MAX_LENGTH, Buffer.alloc(`+fmt.Sprint(maxAllocBytes)+`).length,
  'ab'.repeat(3), 'ab'.repeat(2.9), ''.repeat(2 ** 40), '5'.padStart(3, '0'), '5'.padEnd(4, 'ab'), 'x'.padEnd(2 ** 40, ''),
  [String.prototype.repeat.name, String.prototype.repeat.length, String.prototype.padStart.length]]});`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"v": []any{
		"010101", 2.0, 1.0, "61620000", "a",
		float64(maxAllocBytes), float64(maxAllocBytes), float64(maxAllocBytes),
		"ababab", "abab", "", "005", "5aba", "x",
		[]any{"repeat", 1.0, 1.0},
	}}, r.Value)
}

// TestStringGuardReach: the string methods are wrapped when a script's text
// could reach them, and only then (the wrapping costs every invocation that
// gets it).
func TestStringGuardReach(t *testing.T) {
	for src, want := range map[string]bool{
		`s.repeat(n)`:                  true,
		`s.padStart(n)`:                true,
		`s[name](n)`:                   true,
		`s['re' + 'peat'](n)`:          true,
		`eval(x)`:                      true,
		`new Function('return 1')`:     true,
		`body.emails[0].value`:         false,
		`profile['email']`:             false,
		`var a = [1, 'x']`:             false,
		`cb(null, {user_id: body.id})`: false,
	} {
		assert.Equal(t, want, stringGuardRe.MatchString(src), src)
	}
}
