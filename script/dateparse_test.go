package script

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dateCase is one date string and what Node's Date.parse gives for it in
// UTC (nil for NaN).
type dateCase struct {
	S string   `json:"s"`
	V *float64 `json:"v"`
}

var dateRecord = nodeRecord{dir: "dates", file: "date_cases.json", gen: "gen_date_cases.js"}

// TestDateParseMatchesNode: parseDateV8 gives what Node 20's Date.parse
// gives, NaN included, for 3,093 strings: ISO forms, the formats providers
// send, and V8's legacy corners ("1700000000" is NaN, "07" July 2001,
// "-2026" the year 2026), in UTC.
func TestDateParseMatchesNode(t *testing.T) {
	var cases []dateCase
	dateRecord.load(t, &cases)
	require.Greater(t, len(cases), 3000)
	for _, c := range cases {
		got, ok := parseDateV8(c.S, time.UTC)
		if c.V == nil {
			assert.False(t, ok, "%q: got %v, Node gives NaN", c.S, got)
			continue
		}
		if assert.True(t, ok, "%q: NaN, Node gives %v", c.S, *c.V) {
			assert.Equal(t, *c.V, got, "%q", c.S)
		}
	}
}

// TestDateParseMatchesNodeLive regenerates date_cases.json with Node.
func TestDateParseMatchesNodeLive(t *testing.T) {
	t.Setenv("TZ", "UTC")
	dateRecord.checkLive(t, func() any { return &[]dateCase{} })
}

// TestDateParseLocalTime: a string without a zone is read in the location
// given, with its daylight saving time; one with a zone is not.
func TestDateParseLocalTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	got, ok := parseDateV8("7/1/2026 10:00", ny)
	require.True(t, ok)
	assert.Equal(t, float64(time.Date(2026, 7, 1, 14, 0, 0, 0, time.UTC).UnixMilli()), got) // EDT, UTC-4
	got, ok = parseDateV8("1/1/2026 10:00", ny)
	require.True(t, ok)
	assert.Equal(t, float64(time.Date(2026, 1, 1, 15, 0, 0, 0, time.UTC).UnixMilli()), got) // EST, UTC-5
	got, ok = parseDateV8("2026-01-01", ny)
	require.True(t, ok)
	assert.Equal(t, float64(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()), got) // a date-only ISO form is UTC
}

// TestDateStandInOnlyWhereNeeded: the Date stand-in (a few microseconds per
// invocation) is installed for text that may parse a date string or call
// Date without new, not for the dates scripts make from numbers.
func TestDateStandInOnlyWhereNeeded(t *testing.T) {
	for src, want := range map[string]bool{
		`new Date()`:  false,
		`new Date(0)`: false,
		`new Date(Date.now() + body.expires_in * 1000)`: false,
		`new Date(exp * 1000)`:                          false,
		`new Date(new Date().getTime() + 5)`:            false,
		`new Date(2026, 11, 7)`:                         false,
		`new Date(parseInt(s, 10))`:                     false,
		`getDate() + toISODate(x)`:                      false,
		`new Date(body.created_at)`:                     true,
		`new Date("2026-12-07")`:                        true,
		`new Date(y, m, d)`:                             true,
		`Date.parse(s)`:                                 true,
		`var s = Date()`:                                true,
		`renew Date(x)`:                                 true,
		`eval(code)`:                                    true,
		`new Date(a * 1000 + ',')`:                      true,
		`Reflect.construct(Date, [y, m])`:               true,
		`Date.apply(null, parts)`:                       true,
	} {
		assert.Equal(t, want, needsDateStandIn(src, false), src)
	}
	// Where the process's zone is not UTC, dates built from parts too.
	for src, want := range map[string]bool{
		`new Date(2026, 11, 7)`:           true,
		`new Date(exp * 1000)`:            false,
		`new Date(Math.max(a, b) * 1000)`: true, // a comma: the stand-in, to be safe
	} {
		assert.Equal(t, want, needsDateStandIn(src, true), src)
	}
}

// FuzzDateParse: parseDateV8 never panics, stays within the time range
// dates have, and reads the ISO form of any time it gives back as that
// time.
func FuzzDateParse(f *testing.F) {
	for _, s := range []string{"2026-12-07T22:00:00Z", "Mon, 07 Dec 2026 22:00:00 GMT", "12/7/2026 10:00 PM", "1700000000", "-2026", "(a(b)c", "1/1/2000 UTC-12345", "+275760-09-13", "99999999999 1 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, ok := parseDateV8(s, time.UTC)
		if !ok {
			return
		}
		if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 || ms != math.Trunc(ms) {
			t.Fatalf("%q: %v", s, ms)
		}
		iso := time.UnixMilli(int64(ms)).UTC()
		var text string
		if y := iso.Year(); y >= 0 && y <= 9999 {
			text = iso.Format("2006-01-02T15:04:05.000Z")
		} else {
			sign := "+"
			if y < 0 {
				sign, y = "-", -y
			}
			text = fmt.Sprintf("%s%06d", sign, y) + iso.Format("-01-02T15:04:05.000Z")
		}
		again, ok := parseDateV8(text, time.UTC)
		if !ok || again != ms {
			t.Fatalf("%q: %v, whose ISO form %q reads as %v (%v)", s, ms, text, again, ok)
		}
	})
}
