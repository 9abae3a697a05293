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
// what Node's module wrapper gives.
func TestModuleScopeChoice(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantScope bool
		want      any
	}{
		{"anonymous function", `function (t, c, cb) { cb(null, 'anon') }`, false, "anon"},
		{"arrow", `(t, c, cb) => cb(null, 'arrow')`, false, "arrow"},
		{"named statement", `function fetchUserProfile(t, c, cb) { cb(null, 'named') }`, false, "named"},
		{"last declared", `function helper() { return 'h' }
function other(t, c, cb) { cb(null, helper()) }`, false, "h"},
		{"iife returning the function", `(function () { var x = 'iife'; return function (t, c, cb) { cb(null, x) } })()`, false, "iife"},
		{"module.exports", `module.exports = function (t, c, cb) { cb(null, 'me') }`, true, "me"},
		{"exports member", `exports.fetchUserProfile = function (t, c, cb) { cb(null, 'ex') }`, true, "ex"},
		{"escaped module", `mod\u0075le.exports = function (t, c, cb) { cb(null, 'esc') }`, true, "esc"},
		{"this is exports", `this.fetchUserProfile = function (t, c, cb) { cb(null, 'this') }`, true, "this"},
		{"arrow sees exports as this", `(t, c, cb) => cb(null, this === module.exports)`, true, true},
		{"wrapper arguments", `function fetchUserProfile(t, c, cb) { cb(null, typeof outer) }
var outer = arguments[2];`, true, "function"},
		{"require parameter", `function (t, c, cb) { cb(null, typeof require('url').parse) }`, true, "function"},
		{"run-time code", `function (t, c, cb) { cb(null, eval('typeof exports')) }`, true, "object"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := e.Compile(tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.wantScope, s.moduleScope)
			r, err := s.FetchUserProfile(context.Background(), "at", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

// Without the module scope, a script that defines no function still gets
// the compile-kind error naming what was expected.
func TestModuleScopeNoFunction(t *testing.T) {
	s, err := New().Compile(`var x = 1;`)
	require.NoError(t, err)
	require.False(t, s.moduleScope)
	_, err = s.FetchUserProfile(context.Background(), "at", nil)
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, KindCompile, se.Kind)
	assert.Contains(t, se.Message, "does not define a function")
}
