package script

import (
	"math"
	"strconv"
	"strings"
)

// goja's Number#toLocaleString reads its first argument as a radix (so
// (1234.5).toLocaleString('en-US') throws a RangeError) and neither groups
// digits nor takes options, and its Date#toLocale*String write 24-hour,
// zero-padded dates. A script whose text names toLocaleString,
// toLocaleDateString or toLocaleTimeString gets, in its own runtime,
// versions that write Node's default (en-US) forms whatever the locale:
// numbers grouped by thousands with at most three fraction digits (or the
// minimumFractionDigits, maximumFractionDigits, useGrouping and percent
// style asked for), dates as 11/14/2023, times as 10:13:20 PM, in UTC,
// the zone scripts run in (options.timeZone is not read).

var localeProgram = builtin("locale.js", `(function (formatNumber) {
  'use strict';
  function digits(options, name, fallback) {
    var v = options[name];
    if (v === undefined) return fallback;
    v = Number(v);
    if (!(v >= 0 && v <= 100) || v !== Math.floor(v)) throw new RangeError(name + ' value is out of range.');
    return v;
  }
  function define(proto, name, fn) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  define(Number.prototype, 'toLocaleString', function toLocaleString(locales, options) {
    var x = Number.prototype.valueOf.call(this);
    options = options === undefined ? {} : Object(options);
    var percent = options.style === 'percent';
    var min = digits(options, 'minimumFractionDigits', 0);
    var max = digits(options, 'maximumFractionDigits', Math.max(min, percent ? 0 : 3));
    if (max < min) throw new RangeError('maximumFractionDigits value is out of range.');
    var grouping = options.useGrouping === undefined ? true : !!options.useGrouping && options.useGrouping !== 'false';
    return formatNumber(x, min, max, grouping, percent);
  });
  // Scripts run in UTC (see datezone.go), whatever timeZone asks for.
  function parts(d) {
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  }
  function two(n) { return n < 10 ? '0' + n : String(n); }
  // en-US writes the years before 1 as their era's (1 BC for the year 0), unmarked.
  function dateText(p) { return p[1] + '/' + p[2] + '/' + (p[0] > 0 ? p[0] : 1 - p[0]); }
  function timeText(p, options) {
    if (options && options.hour12 === false) return two(p[3] === 0 ? 24 : p[3]) + ':' + two(p[4]) + ':' + two(p[5]);
    var h = p[3] % 12 === 0 ? 12 : p[3] % 12;
    return h + ':' + two(p[4]) + ':' + two(p[5]) + (p[3] < 12 ? ' AM' : ' PM');
  }
  function checked(d) {
    if (isNaN(Date.prototype.getTime.call(d))) return null;
    return d;
  }
  define(Date.prototype, 'toLocaleDateString', function toLocaleDateString(locales, options) {
    return checked(this) ? dateText(parts(this)) : 'Invalid Date';
  });
  define(Date.prototype, 'toLocaleTimeString', function toLocaleTimeString(locales, options) {
    return checked(this) ? timeText(parts(this), options) : 'Invalid Date';
  });
  define(Date.prototype, 'toLocaleString', function toLocaleString(locales, options) {
    if (!checked(this)) return 'Invalid Date';
    var p = parts(this);
    return dateText(p) + ', ' + timeText(p, options);
  });
})`)

// installLocale applies localeProgram to the invocation's runtime.
func (inv *invocation) installLocale() {
	inv.runPatch(localeProgram, inv.rt.ToValue(formatLocaleNumber))
}

// formatLocaleNumber writes x as en-US's NumberFormat does: the shortest
// decimal of x (times 100 for percent), rounded half away from zero to at
// most maxFrac fraction digits and padded to minFrac, the integer digits
// grouped by thousands when grouping.
func formatLocaleNumber(x float64, minFrac, maxFrac int, grouping, percent bool) string {
	suffix := ""
	if percent {
		suffix = "%"
	}
	switch {
	case math.IsNaN(x):
		return "NaN" + suffix
	case math.IsInf(x, 1):
		return "∞" + suffix
	case math.IsInf(x, -1):
		return "-∞" + suffix
	}
	sign := ""
	if math.Signbit(x) {
		sign = "-"
		x = -x
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if percent {
		frac += "00"
		intPart, frac = strings.TrimLeft(intPart+frac[:2], "0"), frac[2:]
		if intPart == "" {
			intPart = "0"
		}
	}
	if len(frac) > maxFrac {
		roundUp := frac[maxFrac] >= '5'
		frac = frac[:maxFrac]
		if roundUp {
			digits := []byte(intPart + frac)
			i := len(digits) - 1
			for ; i >= 0 && digits[i] == '9'; i-- {
				digits[i] = '0'
			}
			if i >= 0 {
				digits[i]++
			} else {
				digits = append([]byte{'1'}, digits...)
			}
			intPart, frac = string(digits[:len(digits)-len(frac)]), string(digits[len(digits)-len(frac):])
		}
	}
	frac = strings.TrimRight(frac, "0")
	for len(frac) < minFrac {
		frac += "0"
	}
	if grouping {
		var b strings.Builder
		for i, c := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		intPart = b.String()
	}
	if frac != "" {
		return sign + intPart + "." + frac + suffix
	}
	return sign + intPart + suffix
}
