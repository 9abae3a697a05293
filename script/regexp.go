package script

import (
	"time"

	"github.com/dlclark/regexp2"
)

// MaxRegexpMatchTime bounds one regular-expression match in a script.
//
// goja runs the regular expressions JavaScript needs beyond RE2 (lookahead,
// backreferences) with github.com/dlclark/regexp2, whose matches the
// invocation deadline cannot interrupt: a catastrophically backtracking
// pattern such as /^(?=a)(a+)+$/ on a few dozen characters would run for
// hours. Importing this package therefore lowers regexp2's process-wide
// DefaultMatchTimeout to MaxRegexpMatchTime (never raises it). A match that
// runs out of time counts as no match (goja's handling of regexp2 errors),
// and the deadline then stops the script. A program that uses regexp2
// directly and needs longer matches sets MatchTimeout on its own Regexp
// values, which this does not touch.
const MaxRegexpMatchTime = time.Second

func init() {
	if regexp2.DefaultMatchTimeout > MaxRegexpMatchTime {
		regexp2.DefaultMatchTimeout = MaxRegexpMatchTime
	}
}
