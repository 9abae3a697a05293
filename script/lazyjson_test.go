package script

import (
	"context"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scripts that never name JSON or assign Error get them set up lazily; these
// cases check that what they observe is unchanged.
func TestLazyJSONAndErrorSetup(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		eagerJSON  bool
		eagerError bool
		want       any
		wantKind   ErrorKind
		wantMsg    string
	}{
		{
			name:      "computed access to JSON still gets V8's parse message",
			src:       `function f(a, c, cb) { var k = 'JS' + 'ON'; try { globalThis[k].parse('<html>'); } catch (e) { return cb(null, {m: e.message}); } cb(null, {}); }`,
			eagerJSON: true, eagerError: true,
			want: map[string]any{"m": `Unexpected token '<', "<html>" is not valid JSON`},
		},
		{
			name: "a Proxy result without JSON in the text",
			src:  `function f(a, c, cb) { cb(null, {p: new Proxy({x: 1}, {})}); }`,
			want: map[string]any{"p": map[string]any{"x": float64(1)}},
		},
		{
			name:       "a replaced global Error does not change request errors",
			src:        `function f(a, c, cb) { Error = function () { this.message = 'forged'; }; request.get('http://127.0.0.1:1/x', function (err) { cb(null, {m: err.message, isErr: err instanceof Object && Object.prototype.toString.call(err)}); }); }`,
			eagerError: true,
			want:       map[string]any{"m": "connect ECONNREFUSED 127.0.0.1:1", "isErr": "[object Error]"},
		},
		{
			name:       "destructuring assignment to Error is seen",
			src:        `function f(a, c, cb) { ({Error} = {Error: function () {}}); cb(new TypeError('t')); }`,
			eagerError: true,
			wantKind:   KindCallback,
			wantMsg:    "t",
		},
		{
			name:     "an Error subclass passed back without JSON or Error assignment",
			src:      `function f(a, c, cb) { class E extends Error {}; cb(new E('sub')); }`,
			wantKind: KindCallback,
			wantMsg:  "sub",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New().Compile(tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.eagerJSON, s.eagerJSON, "eagerJSON")
			assert.Equal(t, tt.eagerError, s.eagerError, "eagerError")
			res, err := s.FetchUserProfile(context.Background(), "at", nil)
			if tt.wantKind != 0 {
				var se *Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tt.wantKind, se.Kind)
				assert.Equal(t, tt.wantMsg, se.Message)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Value)
		})
	}
}

// A module loaded by a script that never names JSON still sees the V8-style
// JSON.parse. (lodash, which never uses JSON, does not set it up.)
func TestLazyJSONSetUpBeforeModules(t *testing.T) {
	require.NotContains(t, lodashJS, "JSON", "lodash uses JSON: require must set it up for lodash too")
	for _, mod := range []string{"querystring", "jwt-decode", "jsonwebtoken", "url"} {
		t.Run(mod, func(t *testing.T) {
			s, err := New().Compile(`function f(a, c, cb) { cb(null, 1); }`)
			require.NoError(t, err)
			require.False(t, s.eagerJSON)
			inv := newExportInvocation(t)
			inv.s = s
			inv.jsonReady, inv.stringify = false, nil
			inv.rt = nil
			inv.modules = smallMap[goja.Value]{}
			inv.rt = goja.New()
			inv.setupGlobals()
			require.False(t, inv.jsonReady)
			_, err = inv.require(mod)
			require.NoError(t, err)
			require.True(t, inv.jsonReady)
			_, err = inv.rt.RunString("JSON.parse('<html>')")
			require.Error(t, err)
			assert.Contains(t, err.Error(), `Unexpected token '<', "<html>" is not valid JSON`)
		})
	}
}
