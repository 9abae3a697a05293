package script

import (
	encjson "encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jwtCases is testdata/modules/jwt_cases.json: tokens signed by the real
// jsonwebtoken 9 and what real Node 20 returned for each expression, produced
// by testdata/modules/gen_jwt_cases.js (see its header for the command).
type jwtCases struct {
	Tok   map[string]string `json:"tok"`
	Cases []struct {
		Src  string         `json:"src"`
		Want map[string]any `json:"want"`
	} `json:"cases"`
}

// caseHarness is the same runner gen_jwt_cases.js uses under Node.
const caseHarness = `
function __run(src) {
  try {
    var v = new Function('jwt', 'keys', 'tok', 'crypto', 'return ' + src)(require('jsonwebtoken'), __keys, __tok, require('crypto'));
    return { value: v === undefined ? '<undefined>' : JSON.parse(JSON.stringify(v)) };
  } catch (e) {
    var r = { error: e.name + ': ' + e.message };
    if (e.expiredAt) r.expiredAt = e.expiredAt.toISOString();
    if (e.date) r.date = e.date.toISOString();
    return r;
  }
}
`

func loadPEMKeys(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/modules/*.pem")
	require.NoError(t, err)
	keys := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		keys[strings.TrimSuffix(filepath.Base(f), ".pem")] = string(b)
	}
	require.NotEmpty(t, keys)
	return keys
}

func TestJSONWebTokenMatchesNode(t *testing.T) {
	raw, err := os.ReadFile("testdata/modules/jwt_cases.json")
	require.NoError(t, err)
	var cases jwtCases
	require.NoError(t, encjson.Unmarshal(raw, &cases))
	keys := loadPEMKeys(t)
	for _, c := range cases.Cases {
		t.Run(c.Src, func(t *testing.T) {
			h := newFakeHost(t)
			require.NoError(t, h.rt.Set("__keys", keys))
			require.NoError(t, h.rt.Set("__tok", cases.Tok))
			_, err := h.rt.RunString(caseHarness)
			require.NoError(t, err)
			srcJSON, _ := encjson.Marshal(c.Src)
			v, err := h.run("__run(" + string(srcJSON) + ")")
			require.NoError(t, err)
			got, err := jsJSON(h.rt, v)
			require.NoError(t, err)
			want, _ := encjson.Marshal(c.Want)
			if strings.Contains(c.Src, "{json: true}") {
				// SyntaxError texts differ between V8 and goja; the class must match.
				assert.Contains(t, got, `"error":"SyntaxError: `)
				return
			}
			assert.JSONEq(t, string(want), got)
		})
	}
}

func TestJSONWebTokenSignCallbackIsAsync(t *testing.T) {
	// node -e "const jwt=require('jsonwebtoken');const o=[];jwt.sign({sub:'x',iat:1700000000},'shh',(e,t)=>o.push(t));o.push('sync');setTimeout(()=>console.log(JSON.stringify(o)),10)"
	// prints ["sync","eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiaWF0IjoxNzAwMDAwMDAwfQ.8pjHihShOG5e90rj6GT3S581Kdae6L7OhktEph4j_gU"]
	got := runJSON(t, `
		var jwt = require('jsonwebtoken'), out = [];
		jwt.sign({sub: 'x', iat: 1700000000}, 'shh', function (e, t) { out.push(e || t); });
		out.push('sync');
		out`)
	assert.JSONEq(t, `["sync","eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiaWF0IjoxNzAwMDAwMDAwfQ.8pjHihShOG5e90rj6GT3S581Kdae6L7OhktEph4j_gU"]`, got)
}

// jwsRegexp is jws 3.x's JWS_REGEX, which splitJWS replaces.
var jwsRegexp = regexp.MustCompile(`^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$`)

var jwsSeeds = []string{"a.b.c", "a.b.", "a..c", ".b.c", "a.b", "a.b.c.d", "", "..", "a-_9.B_-0.zZ", "a.b.c=", "a.b.c ", " a.b.c", "a.é.c", "a.b.c\n", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig"}

func TestIsJWSMatchesTheRegexp(t *testing.T) {
	for _, s := range jwsSeeds {
		parts, ok := splitJWS(s)
		assert.Equal(t, jwsRegexp.MatchString(s), ok, "%q", s)
		if ok {
			assert.Equal(t, s, strings.Join(parts[:], "."), "%q", s)
		}
	}
}

func FuzzIsJWS(f *testing.F) {
	for _, s := range jwsSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, ok := splitJWS(s)
		if want := jwsRegexp.MatchString(s); ok != want {
			t.Fatalf("splitJWS(%q) ok = %v, the regexp says %v", s, ok, want)
		}
		if ok && strings.Join(parts[:], ".") != s {
			t.Fatalf("splitJWS(%q) = %q", s, parts)
		}
	})
}

// The module object lists jsonwebtoken 9's exports in its order, with its
// functions' names and lengths, before and after they are made. (The
// expected value is what Node 20 gives for require('jsonwebtoken') 9.0.3.)
func TestJSONWebTokenExportsShape(t *testing.T) {
	got := runJSON(t, `
const jwt = require('jsonwebtoken');
const keys = Object.keys(jwt);
[keys, [jwt.verify.name, jwt.verify.length, jwt.sign.name, jwt.sign.length, jwt.decode.name, jwt.decode.length,
  jwt.JsonWebTokenError.name, jwt.TokenExpiredError.length, Object.getPrototypeOf(jwt.TokenExpiredError.prototype) === jwt.JsonWebTokenError.prototype],
  Object.keys(jwt).join() === keys.join(), jwt.verify === jwt.verify,
  (function () { const e = new jwt.NotBeforeError('m', 5); return [jwt.NotBeforeError.name, jwt.NotBeforeError.length, jwt.TokenExpiredError.name, e.name, e.date, e.message, Object.keys(e), e instanceof jwt.JsonWebTokenError, e.constructor === jwt.NotBeforeError]; })()]`)
	assert.JSONEq(t, `[["decode","verify","sign","JsonWebTokenError","NotBeforeError","TokenExpiredError"],["",4,"",4,"",2,"JsonWebTokenError",2,true],true,true,
["NotBeforeError",2,"TokenExpiredError","NotBeforeError",5,"m",["name","message","date"],true,true]]`, got)
}
