package script

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the child processes' zones, on machines without a zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var zoneRecord = nodeRecord{dir: "zone", file: "zone_cases.json", gen: "gen_zone_cases.js"}

// TestDatesInUTCMatchNode: Date's local-time methods, dates built from
// their parts, Date() and date strings without an offset give what Node
// gives in UTC, the zone Auth0 runs scripts in: hours and offsets, setters
// across the days Europe changes its clocks, the texts, the methods' names
// and lengths (values recorded from Node with TZ=UTC; the process may be in
// any zone, see TestDatesInUTCWhateverTheZone).
func TestDatesInUTCMatchNode(t *testing.T) { checkInlineExprs(t, zoneRecord) }

// TestDatesInUTCMatchNodeLive regenerates zone_cases.json with Node.
func TestDatesInUTCMatchNodeLive(t *testing.T) {
	t.Setenv("TZ", "UTC")
	zoneRecord.checkLive(t, func() any { return &[]exprCase{} })
}

// zoneChildEnv names the zone a child process of
// TestDatesInUTCWhateverTheZone runs in.
const zoneChildEnv = "SOCIALCONN_SCRIPT_ZONE_CHILD"

// zoneChildTests are the tests the child processes run: every comparison
// with Node's dates in UTC, and the check that the child's zone is not UTC.
var zoneChildTests = []string{"TestDatesInUTCMatchNode", "TestV8TextsMatchNode", "TestLocaleMatchesNode", "TestDateTextsInUTC", "TestChildZoneIsNotUTC"}

// TestDatesInUTCWhateverTheZone: a service running in another zone (here
// a half-hour one with daylight saving time, a quarter-hour one, UTC+14 and
// Europe/Berlin) gives its scripts the same dates as Auth0: the comparisons
// with Node in UTC pass in child processes run with those zones.
func TestDatesInUTCWhateverTheZone(t *testing.T) {
	if os.Getenv(zoneChildEnv) != "" {
		t.Skip("runs in the parent process only")
	}
	exe, err := os.Executable()
	require.NoError(t, err)
	for _, zone := range []string{"America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati", "Europe/Berlin"} {
		cmd := exec.Command(exe, "-test.run", "^("+strings.Join(zoneChildTests, "|")+")$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+zone, zoneChildEnv+"="+zone)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "in %s:\n%s", zone, out)
		for _, name := range zoneChildTests {
			assert.Contains(t, string(out), "--- PASS: "+name+" ", "in %s:\n%s", zone, out)
		}
	}
}

// TestChildZoneIsNotUTC: in TestDatesInUTCWhateverTheZone's child
// processes, the process's zone is the one asked for, not UTC, so the
// comparisons there ran outside UTC.
func TestChildZoneIsNotUTC(t *testing.T) {
	zone := os.Getenv(zoneChildEnv)
	if zone == "" {
		t.Skip("runs in TestDatesInUTCWhateverTheZone's child processes")
	}
	assert.False(t, localZoneIsUTC())
	_, winter := time.Date(2026, time.January, 15, 0, 0, 0, 0, time.UTC).In(time.Local).Zone()
	_, summer := time.Date(2026, time.July, 15, 0, 0, 0, 0, time.UTC).In(time.Local).Zone()
	assert.NotZero(t, winter, zone)
	assert.NotZero(t, summer, zone)
}

// TestDateMethodsToWrap: where the process's zone is not UTC, the
// local-time methods are replaced only where the script could call them
// (each replacement costs the invocation), toString always.
func TestDateMethodsToWrap(t *testing.T) {
	for src, want := range map[string][]string{
		`function (a, c, cb) { cb(null, {t: Date.now()}); }`:                                             {"toString"},
		`function (a, c, cb) { var d = new Date(); cb(null, {h: d.getHours(), s: d.toString()}); }`:      {"getHours", "toString"},
		`function (a, c, cb) { cb(null, new Date().toDateString() + new Date().getDate()); }`:            {"getDate", "toDateString", "toString"},
		`function (a, c, cb) { cb(null, new Date()['get' + 'Hours']()); }`:                               localDateMethods,
		`function (a, c, cb) { var u = c.utc ? "getUTC" : "get"; cb(null, new Date()[u + 'Hours']()); }`: localDateMethods,
		`function (a, c, cb) { cb(null, eval(c.code)); }`:                                                localDateMethods,
	} {
		assert.ElementsMatch(t, want, dateMethodsToWrap(src), src)
	}
	assert.Len(t, localDateMethods, 19)
}

// TestDateTextsInUTC: a script naming only the method it calls (or only
// Date) gets UTC's dates and texts; the child processes of
// TestDatesInUTCWhateverTheZone run it in other zones.
func TestDateTextsInUTC(t *testing.T) {
	for src, want := range map[string]any{
		`function (a, c, cb) { cb(null, new Date(Date.UTC(2023, 10, 14, 22, 13, 20)).toLocaleString()); }`:     "11/14/2023, 10:13:20 PM",
		`function (a, c, cb) { cb(null, new Date(Date.UTC(2023, 10, 14, 22, 13, 20)).toLocaleTimeString()); }`: "10:13:20 PM",
		`function (a, c, cb) { cb(null, '' + new Date(1700000000000)); }`:                                      "Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)",
		`function (a, c, cb) { cb(null, String(new Date(2023, 10, 14, 22, 13, 20).getTime())); }`:              "1700000000000",
		`function (a, c, cb) { cb(null, new Date(2020, 0, 1).toISOString()); }`:                                "2020-01-01T00:00:00.000Z",
		`function (a, c, cb) { cb(null, String(new Date(Date.UTC(2020, 0, 1, 5)).getHours())); }`:              "5",
		`function (a, c, cb) { cb(null, String(Date.parse('2020-01-01T10:00:00'))); }`:                         "1577872800000",
		`function (a, c, cb) { cb(null, String(new Date('2020-01-01 10:00').getTime())); }`:                    "1577872800000",
		`function (a, c, cb) { cb(null, String(new Date(0).getTimezoneOffset())); }`:                           "0",
		`function (a, c, cb) { cb(null, Reflect.construct(Date, [2020, 0, 1]).toISOString()); }`:               "2020-01-01T00:00:00.000Z",
		`function (a, c, cb) { cb(null, / \(Coordinated Universal Time\)$/.test(Date.call(null))); }`:          true,
	} {
		s, err := New().Compile(src)
		require.NoError(t, err)
		r, err := s.FetchUserProfile(context.Background(), "", nil)
		require.NoError(t, err)
		assert.Equal(t, want, r.Value, src)
	}
}
