package script

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
)

// v8JSONMessage is v8JSONError for a Go string, converted to UTF-16 as the
// runtime converts one (each invalid UTF-8 byte becomes U+FFFD); "" when
// V8 accepts the text.
func v8JSONMessage(text string) string {
	return string(utf16.Decode(v8JSONError(utf16.Encode([]rune(text)))))
}

type jsonCase struct {
	text, message []uint16
}

// loadJSONCases reads testdata/modules/json_cases.json, written by
// gen_json_cases.js under Node 20. It is read as JavaScript so that lone
// surrogates (\ud800 escapes) keep their code units.
func loadJSONCases(t *testing.T) (string, []jsonCase) {
	t.Helper()
	raw, err := os.ReadFile("testdata/modules/json_cases.json")
	require.NoError(t, err)
	rt := goja.New()
	v, err := rt.RunString("(" + string(raw) + ")")
	require.NoError(t, err)
	var cases []jsonCase
	arr := v.ToObject(rt)
	n := int(arr.Get("length").ToInteger())
	for i := 0; i < n; i++ {
		o := arr.Get(strconv.Itoa(i)).ToObject(rt)
		text, ok1 := o.Get("text").(goja.String)
		msg, ok2 := o.Get("message").(goja.String)
		require.True(t, ok1 && ok2, "case %d", i)
		cases = append(cases, jsonCase{stringUnits(text), stringUnits(msg)})
	}
	require.Greater(t, len(cases), 200)
	return string(raw), cases
}

// unitsString shows UTF-16 code units in a failure message, a lone
// surrogate as \uXXXX.
func unitsString(u []uint16) string {
	var b strings.Builder
	b.WriteByte('`')
	for i := 0; i < len(u); i++ {
		c := rune(u[i])
		if utf16.IsSurrogate(c) {
			if i+1 < len(u) {
				if r := utf16.DecodeRune(c, rune(u[i+1])); r != unicode.ReplacementChar {
					b.WriteRune(r)
					i++
					continue
				}
			}
			fmt.Fprintf(&b, `\u%04x`, c)
			continue
		}
		b.WriteRune(c)
	}
	b.WriteByte('`')
	return b.String()
}

// TestV8JSONErrorMatchesNode: every invalid text of json_cases.json gets
// exactly the message Node 20 gave.
func TestV8JSONErrorMatchesNode(t *testing.T) {
	_, cases := loadJSONCases(t)
	for i, c := range cases {
		got := v8JSONError(c.text)
		assert.Equal(t, c.message, got, "case %d: text %s\nwant %s\ngot  %s", i, unitsString(c.text), unitsString(c.message), unitsString(got))
	}
}

// TestJSONParseMessagesInSandbox: a script's JSON.parse throws a
// SyntaxError with Node's message for every case, including arguments
// that are not strings (Node's messages for those checked by hand).
func TestJSONParseMessagesInSandbox(t *testing.T) {
	raw, cases := loadJSONCases(t)
	s := compileT(t, New(), `function (a, ctx, cb) {
  var cases = `+raw+`;
  cases.push(
    {arg: undefined, message: '"undefined" is not valid JSON'},
    {arg: {}, message: '"[object Object]" is not valid JSON'},
    {arg: NaN, message: '"NaN" is not valid JSON'},
    {arg: -Infinity, message: 'No number after minus sign in JSON at position 1'},
    {arg: [1, 2], message: 'Unexpected non-whitespace character after JSON at position 1'},
    {arg: {toString: function () { return '{"a":'; }}, message: 'Unexpected end of JSON input'},
    {arg: new String('<x>'), message: 'Unexpected token \'<\', "<x>" is not valid JSON'},
    {arg: '[1,]', reviver: function (k, v) { return v; }, message: 'Unexpected token \']\', "[1,]" is not valid JSON'}
  );
  var bad = [];
  cases.forEach(function (c, i) {
    try {
      JSON.parse('text' in c ? c.text : c.arg, c.reviver);
      bad.push(i + ': accepted');
    } catch (e) {
      if (!(e instanceof SyntaxError)) bad.push(i + ': ' + e.name);
      else if (e.message !== c.message) bad.push(i + ': ' + JSON.stringify(e.message) + ' want ' + JSON.stringify(c.message));
    }
  });
  cb(null, {user_id: 'u', n: cases.length, bad: bad});
}`)
	res, err := s.FetchUserProfile(context.Background(), "t", nil)
	require.NoError(t, err)
	out := res.Value.(map[string]any)
	assert.EqualValues(t, len(cases)+8, out["n"])
	assert.Empty(t, out["bad"])
}

// TestV8JSONErrorHugeText: the message of a huge text is bounded by the
// context window, and any nesting depth is checked without recursion.
func TestV8JSONErrorHugeText(t *testing.T) {
	text := "[" + strings.Repeat(`"abcdefgh",`, 200_000) + "x]"
	msg := v8JSONMessage(text)
	assert.Equal(t, `Unexpected token 'x', ..."abcdefgh",x]" is not valid JSON`, msg)
	deep := strings.Repeat("[", 1_000_000) + "1}"
	assert.Equal(t, "Expected ',' or ']' after array element in JSON at position 1000001", v8JSONMessage(deep))
	valid := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	assert.Equal(t, "", v8JSONMessage(valid), "valid at any depth, as for V8")
}

// randomJSONTexts returns n texts, mostly invalid: valid JSON texts with
// one code unit deleted, inserted or replaced, cut short, or short runs of
// JSON punctuation, including lone surrogates and non-JSON whitespace.
func randomJSONTexts(r *rand.Rand, n int) [][]uint16 {
	seeds := []string{
		`{"sub":"42","name":"Ada","n":-1.5e+3,"ok":true,"no":false,"nil":null,"arr":[1,"x",{}],"o":{"z":[]}}`,
		`[0,-0,10.25,1E9,"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"]`, `{"email":"zoë@example.com","emoji":"😀","k":"v"}`,
		` { "a" : [ 1 , 2 ] , "b" : { } } `, `"plain"`, `12345`, `true`, `null`, `-0.5e-7`,
		`{"id":"1","profile":{"given_name":"A","family_name":"B","langs":["en","fr"]}}`,
	}
	alphabet := []uint16{'{', '}', '[', ']', ',', ':', '"', '\\', '-', '+', '.', 'e', 'E', '0', '1', '9', 't', 'r', 'u', 'n', 'l', 'f', 'a', 's',
		' ', '\t', '\n', '\r', 'x', 0xe9, 0x01, 0x1f, 0xa0, 0xfeff, 0x2028, 0xd83d, 0xde00, 0x4e2d}
	out := make([][]uint16, 0, n)
	for len(out) < n {
		var t []uint16
		if r.Intn(5) == 0 {
			for k := r.Intn(8); k >= 0; k-- {
				t = append(t, alphabet[r.Intn(len(alphabet))])
			}
		} else {
			s := utf16.Encode([]rune(seeds[r.Intn(len(seeds))]))
			at := r.Intn(len(s) + 1)
			c := alphabet[r.Intn(len(alphabet))]
			for k := r.Intn(2); k >= 0; k-- { // one or two edits
				switch r.Intn(4) {
				case 0:
					if at < len(s) {
						s = append(s[:at:at], s[at+1:]...)
					}
				case 1:
					s = append(s[:at:at], append([]uint16{c}, s[at:]...)...)
				case 2:
					if at < len(s) {
						s = append(s[:at:at], append([]uint16{c}, s[at+1:]...)...)
					}
				default:
					s = s[:at]
				}
				at = r.Intn(len(s) + 1)
			}
			t = s
		}
		out = append(out, t)
	}
	return out
}

// TestV8JSONErrorMatchesNodeLive compares random texts with a live Node,
// when there is one (CI has one).
func TestV8JSONErrorMatchesNodeLive(t *testing.T) {
	node := nodecompat.RequireNode(t)
	texts := randomJSONTexts(rand.New(rand.NewSource(1)), 4000)
	in, err := json.Marshal(texts)
	require.NoError(t, err)
	cmd := exec.Command(node, "-e", `
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((units) => {
    try { JSON.parse(String.fromCharCode(...units)); return null; } catch (e) {
      return Array.from({length: e.message.length}, (_, i) => e.message.charCodeAt(i));
    }
  });
  process.stdout.write(JSON.stringify(out));
});`)
	cmd.Stdin = strings.NewReader(string(in))
	nodeOut, err := cmd.Output()
	require.NoError(t, err)
	var want [][]uint16
	require.NoError(t, json.Unmarshal(nodeOut, &want))
	require.Len(t, want, len(texts))
	invalid := 0
	for i, text := range texts {
		got := v8JSONError(text)
		if want[i] != nil {
			invalid++
		}
		assert.Equal(t, want[i], got, "text %s\nwant %s\ngot  %s", unitsString(text), unitsString(want[i]), unitsString(got))
	}
	assert.Greater(t, invalid, len(texts)/2, "mostly invalid texts")
}
