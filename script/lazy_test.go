package script

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sandbox's globals are built on first read (see setupGlobals); to the
// script they must behave like ordinary globals.
func TestLazyGlobals(t *testing.T) {
	tests := []struct {
		name string
		body string
		want any
	}{
		{"in operator before first read", `cb(null, ['request' in global, 'console' in globalThis, 'nosuch' in global])`, []any{true, true, false}},
		{"own property when looked at", `cb(null, [Object.prototype.hasOwnProperty.call(global, 'console'), Object.getOwnPropertyNames(global).indexOf('request') >= 0])`, []any{true, true}},
		{"assignment before read shadows", `request = 7; cb(null, [request, global.request])`, []any{7.0, 7.0}},
		{"property assignment before read shadows", `global.setTimeout = 'x'; cb(null, typeof setTimeout)`, "string"},
		{"delete after read", `typeof process; delete global.process; cb(null, typeof process)`, "undefined"},
		{"delete before read", `delete global.Buffer; cb(null, typeof Buffer)`, "undefined"},
		{"strict mode assignment is allowed", `(function () { 'use strict'; console = {log: function () {}}; })(); cb(null, typeof console.error)`, "undefined"},
		{"strict mode undeclared still throws", `try { (function () { 'use strict'; notAGlobal = 1; })(); cb(null, 'no') } catch (e) { cb(null, e.name) }`, "ReferenceError"},
		{"same value each read", `cb(null, [request === request, require === global.require, global.global === global])`, []any{true, true, true}},
		{"timers", `setTimeout(function (x) { cb(null, x) }, 1, 'ran')`, "ran"},
		{"undefined names throw", `try { nope; } catch (e) { cb(null, e.name) }`, "ReferenceError"},
	}
	e := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := run(t, e, tt.body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}

func TestCompatGlobalsChoice(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"plain request script", `function (t, c, cb) { request.get({url: 'https://x'}, function (e, r, b) { delete b.x; cb(null, b) }) }`, false},
		{"strict", `function (t, c, cb) { 'use strict'; cb(null, 1) }`, true},
		{"own-property reflection", `function (t, c, cb) { cb(null, global.hasOwnProperty('Buffer')) }`, true},
		{"delete a global", `function (t, c, cb) { delete Buffer; cb(null, typeof Buffer) }`, true},
		{"delete through global", `function (t, c, cb) { delete global.console; cb() }`, true},
		{"run-time code", `function (t, c, cb) { cb(null, Function('return 1')()) }`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, needsCompatGlobals(tt.src))
		})
	}
}

// The lazy-global table is shared by all invocations; what it builds must
// not be. Invocations that mutate the built objects (console, process,
// request, Buffer) must not see each other's changes.
func TestLazyGlobalsNotShared(t *testing.T) {
	e := New()
	s, err := e.Compile(`function (a, ctx, cb) {
		var seen = [typeof console.marker, typeof process.marker, typeof request.marker, typeof Buffer.marker, typeof setTimeout.marker];
		console.marker = process.marker = request.marker = Buffer.marker = setTimeout.marker = a;
		setTimeout(function () { cb(null, seen) }, 1);
	}`)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.FetchUserProfile(context.Background(), "t", nil)
			if assert.NoError(t, err) {
				assert.Equal(t, []any{"undefined", "undefined", "undefined", "undefined", "undefined"}, r.Value)
			}
		}()
	}
	wg.Wait()
}

// Response bodies reach the script as a string decoded in Go when that is
// what Buffer#toString would give, and as a Buffer built on demand
// otherwise; both routes must agree.
func TestResponseBodyDecoding(t *testing.T) {
	srv, _ := reqEchoServer(t)
	e := New()
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"invalid UTF-8 decodes like Buffer", `request.get('$URL/bytes', function (e, r, b) { request.get({url: '$URL/bytes', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), b === buf.toString(), b.length]) }) })`,
			[]any{true, true, 3.0}},
		{"valid UTF-8 equals Buffer decoding", `request.get('$URL/json', function (e, r, b) { request.get({url: '$URL/json', encoding: null}, function (e2, r2, buf) { cb(e || e2, [b === buf.toString('utf8'), Buffer.isBuffer(buf)]) }) })`,
			[]any{true, true}},
		{"other encodings go through Buffer", `request.get({url: '$URL/json', encoding: 'hex'}, function (e, r, b) { cb(e, b === Buffer.from('{"sub":"42","name":"Ada"}').toString('hex')) })`, true},
		{"data event gets the decoded string", `var out = []; request.get('$URL/json').on('data', function (d) { out.push(typeof d, d.length) }).on('complete', function () { cb(null, out) })`, []any{"string", 25.0}},
		{"data event gets a Buffer with encoding null", `var out = []; request.get({url: '$URL/bytes', encoding: null}).on('data', function (d) { out.push(Buffer.isBuffer(d), d.length) }).on('complete', function () { cb(null, out) })`, []any{true, 3.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := runWith(t, e, `function (a, ctx, cb) { `+tt.src+` }`, srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Value)
		})
	}
}
