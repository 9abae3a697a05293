package script

import (
	"math"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Auth0 runs scripts in UTC. goja's Date reads the process's local zone
// (time.Local) wherever ECMAScript says "local time": the getters and
// setters without UTC in their names, getTimezoneOffset, toString,
// toDateString, toTimeString, new Date(year, month, ...), Date() and date
// strings without an offset. In a process whose zone is not UTC, a script
// that names Date gets those in UTC (installUTCDates and the Date stand-in),
// so that it sees the hours, offsets and texts it sees on Auth0 whatever
// the zone of the service that runs it.

// localZoneIsUTC reports whether time.Local is UTC: named "UTC" with offset
// 0 at the start and middle of every year from 1850 to 2150. Read once per
// process (a program that changes time.Local after its first script keeps
// the first answer).
var localZoneIsUTC = sync.OnceValue(func() bool {
	if time.Local == time.UTC {
		return true
	}
	for y := 1850; y <= 2150; y++ {
		for _, m := range []time.Month{time.January, time.July} {
			if name, off := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).In(time.Local).Zone(); name != "UTC" || off != 0 {
				return false
			}
		}
	}
	return true
})

// utcDateMethods pairs each local-time getter and setter of Date.prototype
// with its UTC counterpart, and gives the method's length.
var utcDateMethods = map[string]struct {
	utc    string
	length int
}{
	"getFullYear":     {"getUTCFullYear", 0},
	"getMonth":        {"getUTCMonth", 0},
	"getDate":         {"getUTCDate", 0},
	"getDay":          {"getUTCDay", 0},
	"getHours":        {"getUTCHours", 0},
	"getMinutes":      {"getUTCMinutes", 0},
	"getSeconds":      {"getUTCSeconds", 0},
	"getMilliseconds": {"getUTCMilliseconds", 0},
	"setFullYear":     {"setUTCFullYear", 3},
	"setMonth":        {"setUTCMonth", 2},
	"setDate":         {"setUTCDate", 1},
	"setHours":        {"setUTCHours", 4},
	"setMinutes":      {"setUTCMinutes", 3},
	"setSeconds":      {"setUTCSeconds", 2},
	"setMilliseconds": {"setUTCMilliseconds", 1},
}

// dateTexts are the local-time texts of Date.prototype, by their layouts
// in Go; written in UTC they are V8's but for the zone's name (see
// v8ZoneName).
var dateTexts = map[string]string{
	"toString":     dateTextLayout,
	"toDateString": "Mon Jan 02 2006",
	"toTimeString": "15:04:05 GMT-0700 (MST)",
}

const dateTextLayout = "Mon Jan 02 2006 15:04:05 GMT-0700 (MST)"

// localDateMethods are all the methods installUTCDates can replace.
var localDateMethods = func() []string {
	names := []string{"getTimezoneOffset"}
	for name := range utcDateMethods {
		names = append(names, name)
	}
	for name := range dateTexts {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}()

// dateComputedRe matches script text that could name a local-time method
// by a computed name, as date formatting code does (date[get + 'Hours']()
// with get 'get' or 'getUTC').
var dateComputedRe = regexp.MustCompile("[\x60'\"](?:get|set)(?:UTC)?[\x60'\"]")

// dateMethodsToWrap lists the local-time methods src could call: toString
// always (String(date) and "" + date call it unnamed), the others where
// namesReached finds them, all of them when src could compute their names.
func dateMethodsToWrap(src string) []string {
	if dateComputedRe.MatchString(src) {
		return localDateMethods
	}
	names := namesReached(src, localDateMethods)
	if !slices.Contains(names, "toString") {
		names = append(names, "toString")
	}
	return names
}

// utcDateText is a date's toString in UTC as V8 writes it.
func utcDateText(rt *goja.Runtime, t time.Time) goja.Value {
	return v8ZoneName(rt, rt.ToValue(t.UTC().Format(dateTextLayout)))
}

// installUTCDates makes the local-time methods of Date.prototype named
// (see localDateMethods) work in UTC (see the comment at the top of this
// file). Each keeps its name and length, and a receiver that is not a Date
// gets the built-in method's own TypeError.
func (inv *invocation) installUTCDates(names []string) {
	rt := inv.rt
	proto := rt.Get("Date").ToObject(rt).Get("prototype").ToObject(rt)
	getTime, _ := goja.AssertFunction(proto.Get("getTime"))
	// timeOf is this's time value, and whether this is a Date.
	timeOf := func(this goja.Value) (float64, bool) {
		o, ok := this.(*goja.Object)
		if !ok || o.ClassName() != "Date" {
			return 0, false
		}
		return mustCall(getTime, o).ToFloat(), true
	}
	for _, name := range names {
		if m, ok := utcDateMethods[name]; ok {
			utc, ok := goja.AssertFunction(proto.Get(m.utc))
			if !ok {
				continue
			}
			wrapMethod(rt, "Date", name, m.length, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
				return func(call goja.FunctionCall) goja.Value {
					if _, ok := timeOf(call.This); !ok {
						return mustCall(native, call.This, call.Arguments...)
					}
					return mustCall(utc, call.This, call.Arguments...)
				}
			})
			continue
		}
		layout, text := dateTexts[name]
		if !text && name != "getTimezoneOffset" {
			continue
		}
		wrapMethod(rt, "Date", name, 0, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				ms, ok := timeOf(call.This)
				switch {
				case !ok:
					return mustCall(native, call.This)
				case math.IsNaN(ms) && text:
					return rt.ToValue("Invalid Date")
				case math.IsNaN(ms):
					return rt.ToValue(math.NaN())
				case text:
					return v8ZoneName(rt, rt.ToValue(time.UnixMilli(int64(ms)).UTC().Format(layout)))
				}
				return rt.ToValue(0) // getTimezoneOffset
			}
		})
	}
}
