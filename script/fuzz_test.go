package script

import (
	"encoding/json"
	"testing"
)

// FuzzCompile checks that any source either compiles or yields a KindCompile
// error, never a panic.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`function (a, c, cb) { cb(null, {}) }`,
		`module.exports = async (a, c, cb) => cb()`,
		"function f(){}\nfunction g(){}",
		`(function(){ return function(){} })()`,
		`function (a,`, `/*`, `}); (function(){`, `'use strict'; var x = 1;`, ``,
	} {
		f.Add(s)
	}
	e := New()
	f.Fuzz(func(t *testing.T, src string) {
		_, err := e.Compile(src)
		if err != nil {
			se, ok := err.(*Error)
			if !ok || se.Kind != KindCompile {
				t.Fatalf("unexpected error %T %v", err, err)
			}
		}
	})
}

// FuzzV8JSONMessage checks the JSON.parse message mapping on arbitrary text:
// it never panics and is only asked about invalid JSON.
func FuzzV8JSONMessage(f *testing.F) {
	for _, s := range []string{"<html>", "", `{"a":`, "[1,]", "undefined", "héllo wörld and some more text to pass forty", "1 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if json.Valid([]byte(text)) {
			return
		}
		if msg := v8JSONMessage(text); msg == "" {
			t.Fatal("empty message")
		}
	})
}
