package script

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A script whose text cannot reach the wrapper's module, exports, require,
// this or arguments is run without them (Script.moduleScope); every shape
// must still find its function, and a script that can reach them must see
// what Node's module wrapper gives. An expression that needs neither them nor
// loop checks is run as a program of its own, without the wrapper
// (Script.direct).
func TestModuleScopeChoice(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		wantScope  bool
		wantDirect bool
		want       any
	}{
		{"anonymous function", `function (t, c, cb) { cb(null, 'anon') }`, false, true, "anon"},
		{"arrow", `(t, c, cb) => cb(null, 'arrow')`, false, true, "arrow"},
		{"named statement", `function fetchUserProfile(t, c, cb) { cb(null, 'named') }`, false, true, "named"},
		{"object with the entry point", `({fetchUserProfile: function (t, c, cb) { cb(null, 'member') }})`, false, true, "member"},
		{"last declared", `function helper() { return 'h' }
function other(t, c, cb) { cb(null, helper()) }`, false, false, "h"},
		{"iife returning the function", `(function () { var x = 'iife'; return function (t, c, cb) { cb(null, x) } })()`, false, true, "iife"},
		{"loops keep the wrapper", `function (t, c, cb) { for (var i = 0; i < 2; i++); cb(null, i) }`, false, false, 2.0},
		{"module.exports", `module.exports = function (t, c, cb) { cb(null, 'me') }`, true, false, "me"},
		{"exports member", `exports.fetchUserProfile = function (t, c, cb) { cb(null, 'ex') }`, true, false, "ex"},
		{"escaped module", `mod\u0075le.exports = function (t, c, cb) { cb(null, 'esc') }`, true, false, "esc"},
		{"this is exports", `this.fetchUserProfile = function (t, c, cb) { cb(null, 'this') }`, true, false, "this"},
		{"arrow sees exports as this", `(t, c, cb) => cb(null, this === module.exports)`, true, false, true},
		{"wrapper arguments", `function fetchUserProfile(t, c, cb) { cb(null, typeof outer) }
var outer = arguments[2];`, true, false, "function"},
		{"require parameter", `function (t, c, cb) { cb(null, typeof require('url').parse) }`, true, false, "function"},
		{"run-time code", `function (t, c, cb) { cb(null, eval('typeof exports')) }`, true, false, "object"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := e.Compile(tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.wantScope, s.moduleScope)
			assert.Equal(t, tt.wantDirect, s.direct != nil)
			r, err := s.FetchUserProfile(context.Background(), "at", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// Without the module scope, a script that defines no function still gets
// the compile-kind error naming what was expected, whether it runs inside
// the wrapper or not.
func TestModuleScopeNoFunction(t *testing.T) {
	for _, src := range []string{`var x = 1;`, `42`, `({other: function () {}})`} {
		s, err := New().Compile(src)
		require.NoError(t, err)
		require.False(t, s.moduleScope)
		_, err = s.FetchUserProfile(context.Background(), "at", nil)
		var se *Error
		require.ErrorAs(t, err, &se, src)
		assert.Equal(t, KindCompile, se.Kind, src)
		assert.Contains(t, se.Message, "does not define a function", src)
	}
}
