package script

import (
	"fmt"
	"regexp"

	"github.com/dop251/goja"
)

// goja allocates what a built-in is asked for in one step and cannot bound
// its heap: Buffer.alloc(2 ** 40) or 'x'.repeat(2 ** 40) would make the Go
// runtime fail for want of memory, which ends the whole process, not the
// invocation. The sandbox therefore checks the sizes a script asks for by
// number before goja allocates: a Buffer's size (alloc, allocUnsafe,
// allocUnsafeSlow, SlowBuffer, concat's total length) against
// maxAllocBytes with Node's ERR_OUT_OF_RANGE, and the length of a string
// made by repeat, padStart or padEnd against maxAllocBytes with V8's
// RangeError for a string too long ("Invalid string length").

// maxAllocBytes caps one allocation a script asks for by number: Node's
// limits are 4 GiB for a Buffer and 2^29-24 characters for a string.
const maxAllocBytes = 64 << 20

// checkAllocSize is the Buffer size check: v must be a number in
// [0, maxAllocBytes], or Node's ERR_INVALID_ARG_TYPE or ERR_OUT_OF_RANGE
// naming name.
func checkAllocSize(rt *goja.Runtime, v goja.Value, name string) {
	f := numberArg(rt, v, name)
	if !(f >= 0 && f <= maxAllocBytes) {
		panic(outOfRange(rt, name, fmt.Sprintf(">= 0 && <= %d", maxAllocBytes), v))
	}
}

// stringGuardRe matches script text that could reach String.prototype's
// repeat, padStart or padEnd: naming one, computed member access by
// anything but a number or a lone string literal, or code made at run
// time. Modules that call them with a script's numbers (lodash) install
// the guard when loaded.
var stringGuardRe = regexp.MustCompile(`repeat|pad(?:Start|End)|\beval\b|Function\s*\(|\[\s*(?:[^\]\s\d'"]|'[^']*'\s*[^\s\]]|"[^"]*"\s*[^\s\]])`)

var stringGuardProgram = goja.MustCompile("stringguard.js", `(function (max) {
  'use strict';
  var proto = String.prototype, repeat = proto.repeat, padStart = proto.padStart, padEnd = proto.padEnd;
  function tooLong() { return new RangeError('Invalid string length'); }
  function define(name, fn) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  // Each converts this and its arguments once, as the built-in does, and
  // hands the built-in the converted values.
  function coercible(v, name) {
    if (v == null) throw new TypeError('String.prototype.' + name + ' called on null or undefined');
  }
  define('repeat', function repeat_(count) {
    coercible(this, 'repeat');
    var s = `+"`${this}`"+`, n = Math.trunc(Number(count)) || 0;
    if (n < 0 || n === Infinity) throw new RangeError('Invalid count value: ' + n);
    if (s.length * n > max) throw tooLong();
    return repeat.call(s, n);
  });
  function pad(native, name) {
    return function (maxLength, fillString) {
      coercible(this, name);
      var s = `+"`${this}`"+`, n = Number(maxLength);
      var fill = fillString === undefined ? undefined : `+"`${fillString}`"+`;
      if (Math.trunc(n) > max && Math.trunc(n) > s.length && fill !== '') throw tooLong();
      return native.call(s, n, fill);
    };
  }
  define('padStart', pad(padStart, 'padStart'));
  define('padEnd', pad(padEnd, 'padEnd'));
  Object.defineProperty(proto.repeat, 'name', { value: 'repeat' });
  Object.defineProperty(proto.padStart, 'name', { value: 'padStart' });
  Object.defineProperty(proto.padEnd, 'name', { value: 'padEnd' });
  Object.defineProperty(proto.padStart, 'length', { value: 1 });
  Object.defineProperty(proto.padEnd, 'length', { value: 1 });
})`, false)

// guardStrings installs stringGuardProgram in the invocation's runtime,
// once.
func (inv *invocation) guardStrings() {
	r := inv.rareFields()
	if r.stringsGuarded {
		return
	}
	r.stringsGuarded = true
	inv.runPatch(stringGuardProgram, inv.rt.ToValue(maxAllocBytes))
}
