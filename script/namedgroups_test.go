package script

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
)

// namedGroupCase is a generated pattern and an input to match.
type namedGroupCase struct {
	Pattern, Input string
}

// genNamedGroupPattern builds a random pattern with named, unnamed and
// non-capturing groups, optional groups, alternation and named
// backreferences. It keeps to what goja's engine and V8 agree on apart from
// numbering: no group repeated by * or + (how earlier iterations' captures
// reset), an optional group always consumes a character (V8 never lets ?
// match empty), and a backreference names a group already closed.
func genNamedGroupPattern(r *rand.Rand) (string, []string) {
	var names, closed []string
	atoms := []string{"a", "b", "1", ".", `\d`, "[ab]", "a+", "b*", "x?"}
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			switch k := r.IntN(10); {
			case depth < 3 && k < 2:
				name := "g" + strconv.Itoa(len(names))
				names = append(names, name)
				b.WriteString("(?<" + name + ">" + gen(depth+1) + ")")
				closed = append(closed, name)
			case depth < 3 && k < 4:
				b.WriteString("(" + gen(depth+1) + ")")
			case depth < 3 && k < 5:
				b.WriteString("(?:" + gen(depth+1) + "|" + gen(depth+1) + ")")
			case depth < 3 && k < 6:
				name := "o" + strconv.Itoa(len(names))
				names = append(names, name)
				b.WriteString("(?<" + name + ">" + gen(depth+1) + "[ab1])?")
				closed = append(closed, name)
			case k < 7 && len(closed) > 0:
				b.WriteString(`\k<` + closed[r.IntN(len(closed))] + ">")
			default:
				b.WriteString(atoms[r.IntN(len(atoms))])
			}
		}
		return b.String()
	}
	p := gen(0)
	if len(names) == 0 {
		p = "(?<g0>" + p + ")"
		names = append(names, "g0")
	}
	return p, names
}

// TestNamedGroupsMatchNode runs generated regular-expression literals with
// named groups through exec, replace (with $<name>, $1 and $&, and with a
// function), matchAll and source, and the same patterns built at run time
// (new RegExp of the source), in the sandbox and in Node 20, and compares
// the results.
func TestNamedGroupsMatchNode(t *testing.T) {
	node := nodecompat.RequireNode(t)
	r := rand.New(rand.NewPCG(7, 11))
	var cases []namedGroupCase
	var lits strings.Builder
	lits.WriteString("var cases = [\n")
	for range 300 {
		p, names := genNamedGroupPattern(r)
		in := make([]byte, r.IntN(9))
		for i := range in {
			in[i] = "ab1x"[r.IntN(4)]
		}
		cases = append(cases, namedGroupCase{p, string(in)})
		namesJSON, err := json.Marshal(names)
		require.NoError(t, err)
		fmt.Fprintf(&lits, "  [/%s/, %q, %s],\n", p, in, namesJSON)
	}
	lits.WriteString("];\n")
	body := lits.String() + `var out = cases.map(function (c) {
  try {
    var re = c[0], s = c[1];
    var m = re.exec(s);
    var one = m === null ? null : [Array.from(m), m.index, m.groups];
    var tpl = c[2].map(function (n) { return '$<' + n + '>'; }).join('|') + '|$1|$&';
    var two = s.replace(new RegExp(re, 'g'), tpl);
    var three = s.replace(new RegExp(re, 'g'), function () { return JSON.stringify(Array.from(arguments)); });
    var four = Array.from(s.matchAll(new RegExp(re, 'g')), function (m) { return [Array.from(m), m.index, m.groups]; });
    var built = new RegExp(re.source), m5 = built.exec(s);
    var five = [m5 === null ? null : [Array.from(m5), m5.index, m5.groups], s.replace(new RegExp(re.source, 'g'), tpl), built.source];
    return JSON.stringify([one, two, three, four, re.source, String(new RegExp(re, 'g')), five]);
  } catch (e) { return 'threw ' + e.name; }
});
`
	nodeOut, err := exec.Command(node, "-e", body+`process.stdout.write(JSON.stringify(out));`).Output()
	require.NoError(t, err)
	var want []string
	require.NoError(t, json.Unmarshal(nodeOut, &want))

	s := compileT(t, New(), `function (token, ctx, cb) {`+body+`cb(null, {out: out}); }`)
	res, err := s.FetchUserProfile(context.Background(), "t", nil)
	require.NoError(t, err)
	got := res.Value.(map[string]any)["out"].([]any)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i], got[i], "case %d: /%s/ on %q", i, cases[i].Pattern, cases[i].Input)
	}
}
