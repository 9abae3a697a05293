package script

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// FuzzInspect: whatever JSON a provider answers, inspecting its value (as
// a script's console.log of a parsed body does) never falls back to
// "[object]" (a recovered panic), and with breakLength Infinity and
// depth null the text holds every string and key of the value.
func FuzzInspect(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Add(`{"a":[1,2,3,4,5,6,7,8,9,10,11,12],"b":{"c":"it's \"q\""},"d":[null,true,-0.5,1e21]}`)
	f.Fuzz(func(t *testing.T, text string) {
		if !json.Valid([]byte(text)) || len(text) > 1<<12 {
			return
		}
		rt := goja.New()
		parse, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
		v, err := parse(goja.Undefined(), rt.ToValue(text))
		if err != nil {
			return
		}
		out := inspect(rt, v)
		require.NotEqual(t, "[object]", out, "inspect of %s", text)
		o := defaultInspectOptions()
		o.depth, o.breakLength, o.maxArrayLength, o.maxStringLen = 1e9, 1e9, 1e9, 1e9
		full := inspectValue(rt, v, o)
		require.NotEqual(t, "[object]", full)
		var walk func(any)
		walk = func(x any) {
			switch y := x.(type) {
			case map[string]any:
				for k, e := range y {
					if keyStrRe.MatchString(k) {
						require.Contains(t, full, k)
					}
					walk(e)
				}
			case []any:
				for _, e := range y {
					walk(e)
				}
			case string:
				if !strings.ContainsAny(y, "\\'\"`\n\r\t\b\f") && isPrintable(y) && len(y) < 100 {
					require.Contains(t, full, y)
				}
			}
		}
		var g any
		if json.Unmarshal([]byte(text), &g) == nil && strings.Count(text, "[")+strings.Count(text, "{") < 200 {
			walk(g)
		}
	})
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffd {
			return false
		}
	}
	return true
}

// Logging a provider's profile is common in real scripts, and goja makes
// a built-in constructor, with all its methods, the first time it is read.
// console.log of an ordinary object must not bring WeakMap, WeakSet,
// Promise, ArrayBuffer, Error or Symbol into being (it cost about 920
// allocations when it did), nor make console methods the script does not
// use; the output stays Node's (TestConsoleMatchesNode).
func TestConsoleLogOfAPlainObjectIsCheap(t *testing.T) {
	e := New()
	quiet, err := e.Compile(`function (a, c, cb) { var p = {sub: 'x', name: 'n', email: 'e', n: 1, ok: true, addr: {c: 'x'}}; cb(null, {user_id: p.sub}); }`)
	require.NoError(t, err)
	logs, err := e.Compile(`function (a, c, cb) { var p = {sub: 'x', name: 'n', email: 'e', n: 1, ok: true, addr: {c: 'x'}}; console.log(p); cb(null, {user_id: p.sub}); }`)
	require.NoError(t, err)
	run := func(s *Script) func() {
		return func() {
			if _, err := s.FetchUserProfile(context.Background(), "at", nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, err := logs.FetchUserProfile(context.Background(), "at", nil)
	require.NoError(t, err)
	require.Len(t, r.Logs, 1)
	require.Equal(t, "{ sub: 'x', name: 'n', email: 'e', n: 1, ok: true, addr: { c: 'x' } }", r.Logs[0].Message) // Node 20's line
	extra := testing.AllocsPerRun(50, run(logs)) - testing.AllocsPerRun(50, run(quiet))
	require.Less(t, extra, 400.0, "allocations console.log adds")
}
