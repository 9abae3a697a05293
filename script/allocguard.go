package script

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/dlclark/regexp2"
	"github.com/dop251/goja"
)

// goja allocates what a built-in is asked for in one step and cannot bound
// its heap: Buffer.alloc(2 ** 40) or 'x'.repeat(2 ** 40) would make the Go
// runtime fail for want of memory, which ends the whole process, not the
// invocation. The sandbox therefore checks the sizes a script asks for by
// number before goja allocates, against maxAllocBytes: a Buffer's size
// (buffer_extra.js: alloc, allocUnsafe, allocUnsafeSlow, SlowBuffer,
// Buffer(size), concat's total length, an array-like's length) with Node's
// errors; the length of a string made by repeat, padStart or padEnd
// (guardStrings) with V8's "Invalid string length"; the size of an
// ArrayBuffer, a typed array or Array(n) (guardConstructors) with V8's
// errors; the argument list apply and Reflect make (guardApply) with
// Node's; the string Array#join makes (guardJoin), the string replace and
// replaceAll make from a string pattern (guardReplace) and the array
// concat makes (guardConcat), with V8's.

// maxAllocBytes caps one allocation a script asks for by number: Node's
// limits are 4 GiB for a Buffer and 2^29-24 characters for a string.
const maxAllocBytes = 64 << 20

// maxNesting is the deepest nesting given to goja's recursive built-ins
// (JSON.parse, JSON.stringify, Array#join and toString, toLocaleString,
// flat) and to its parser (see codeNestsPast): each level is a Go call,
// and a few million levels, cheap to build in a loop or to send in a
// response, exhaust the Go stack, a fatal error that ends the process. Past it they throw V8's RangeError "Maximum call stack size
// exceeded", as V8 does past about 3,200 levels for join, 4,200 for
// JSON.stringify and 6,300 for flat (V8's JSON.parse has no such limit).
const maxNesting = 10000

// stackOverflow is V8's error for recursion past its stack.
func stackOverflow(rt *goja.Runtime) *goja.Object {
	return jsRangeError(rt, "", "Maximum call stack size exceeded")
}

// checkAllocSize is the Buffer size check: v must be a number in
// [0, maxAllocBytes], or Node's ERR_INVALID_ARG_TYPE or ERR_OUT_OF_RANGE
// naming name.
func checkAllocSize(rt *goja.Runtime, v goja.Value, name string) {
	f := numberArg(rt, v, name)
	if !(f >= 0 && f <= maxAllocBytes) {
		panic(outOfRange(rt, name, fmt.Sprintf(">= 0 && <= %d", maxAllocBytes), v))
	}
}

// buildsCodeRe matches script text that builds code at run time, which
// could reach any built-in without naming it.
const buildsCodeRe = `\beval\b|Function\s*\(`

// stringGuardRe matches script text that could reach String.prototype's
// repeat, padStart or padEnd: naming one, or building code at run time.
// (Computed access with a name made from data is not looked for: the
// checks are for sizes taken from data, not for a script out to evade
// them.) Modules that call them with a script's numbers (lodash) install
// the guard when loaded.
var stringGuardRe = regexp.MustCompile(`repeat|pad(?:Start|End)|` + buildsCodeRe)

// guardStrings replaces repeat, padStart and padEnd on String.prototype,
// once per invocation, by functions that convert this and their arguments
// once, as the built-ins do, refuse a result longer than maxAllocBytes
// with V8's RangeError, and hand the built-in the converted values. They
// also word the built-ins' own errors as V8 does.
func (inv *invocation) guardStrings() {
	r := inv.rareFields()
	if r.stringsGuarded {
		return
	}
	r.stringsGuarded = true
	rt := inv.rt
	receiver := func(this goja.Value, name string) goja.String {
		if goja.IsUndefined(this) || goja.IsNull(this) {
			panic(rt.NewTypeError("String.prototype." + name + " called on null or undefined"))
		}
		return stringOf(rt, this)
	}
	tooLong := func() *goja.Object { return jsRangeError(rt, "", "Invalid string length") }
	wrapMethod(rt, "String", "repeat", 1, func(repeat goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			s := receiver(call.This, "repeat")
			n := integerOf(rt, call.Argument(0))
			if n < 0 || math.IsInf(n, 1) {
				panic(jsRangeError(rt, "", "Invalid count value: "+rt.ToValue(n).String()))
			}
			if float64(s.Length())*n > maxAllocBytes {
				panic(tooLong())
			}
			return mustCall(repeat, s, rt.ToValue(n))
		}
	})
	for _, name := range []string{"padStart", "padEnd"} {
		wrapMethod(rt, "String", name, 1, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				s := receiver(call.This, name)
				n := integerOf(rt, call.Argument(0))
				fill := call.Argument(1)
				empty := false
				if !goja.IsUndefined(fill) {
					f := stringOf(rt, fill)
					fill, empty = f, f.Length() == 0
				}
				if n > maxAllocBytes && n > float64(s.Length()) && !empty {
					panic(tooLong())
				}
				return mustCall(native, s, rt.ToValue(n), fill)
			}
		})
	}
}

// applyGuardRe matches script text that could call apply, Reflect.apply or
// Reflect.construct with an argument list.
var applyGuardRe = regexp.MustCompile(`\bapply\b|Reflect|` + buildsCodeRe)

// maxApplyArgs caps the argument list apply, Reflect.apply and
// Reflect.construct make of an array-like: goja makes it its whole length
// long at once. Node fails past about 125,000 arguments ("Maximum call
// stack size exceeded"), and past 2^27-3 with "Invalid array length".
const maxApplyArgs = 1 << 17

// guardApply replaces Function.prototype.apply, Reflect.apply and
// Reflect.construct by functions that check the length of the argument
// list first, with Node's errors, and then call the built-ins.
func (inv *invocation) guardApply() {
	rt := inv.rt
	check := func(list goja.Value) {
		o, ok := list.(*goja.Object)
		if !ok {
			return
		}
		switch n := arrayLikeLength(o); {
		case n > 1<<27-3: // V8's longest argument list
			panic(jsRangeError(rt, "", "Invalid array length"))
		case n > maxApplyArgs:
			panic(stackOverflow(rt))
		}
	}
	wrap := func(o *goja.Object, name string, length, listAt int) {
		native, ok := goja.AssertFunction(o.Get(name))
		if !ok {
			return
		}
		defineMethod(rt, o, name, length, func(call goja.FunctionCall) goja.Value {
			check(call.Argument(listAt))
			return mustCall(native, call.This, call.Arguments...)
		})
	}
	wrap(rt.Get("Function").ToObject(rt).Get("prototype").ToObject(rt), "apply", 2, 1)
	reflectObj := rt.Get("Reflect").ToObject(rt)
	wrap(reflectObj, "apply", 3, 2)
	wrap(reflectObj, "construct", 2, 1)
}

var (
	// sizedConstructorRe finds the constructors of sizedConstructors a
	// script's text names (Array only when called); buildsCode, text that
	// builds code at run time.
	sizedConstructorRe = regexp.MustCompile(`\b(?:ArrayBuffer|(?:Big)?(?:Int|Uint|Float)(?:8|16|32|64)(?:Clamped)?Array)\b|\bArray\s*\(`)
	buildsCode         = regexp.MustCompile(buildsCodeRe)
	// sizedConstructors are the global constructors that take a size:
	// Array (which makes a sparse array of any length, but several of
	// goja's array methods then allocate that length in one step),
	// ArrayBuffer and the typed arrays.
	sizedConstructors = []string{"Array", "ArrayBuffer", "BigInt64Array", "BigUint64Array", "Float32Array", "Float64Array",
		"Int16Array", "Int32Array", "Int8Array", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray"}
)

// maxArrayLength caps the length of the arrays Array(n) and concat make,
// and of those the lengthGuardedMethods take (V8 allows 2^32-1): goja works
// through a sparse array element by element in one native operation the
// deadline cannot interrupt, at up to about 0.7 µs an element (fill,
// Array.from and spread make the array dense as they go), so that an array
// this long keeps a script at most about 0.75 s past its deadline.
const maxArrayLength = 1 << 20

// constructorsToGuard lists the sizedConstructors that src names (all of
// them when it builds code at run time), sorted; nil for none. Each
// wrapped constructor costs an invocation that gets it some microseconds.
func constructorsToGuard(src string) []string {
	if buildsCode.MatchString(src) {
		return sizedConstructors
	}
	var names []string
	for _, n := range sizedConstructorRe.FindAllString(src, -1) {
		n = strings.TrimRight(n, " \t\r\n(")
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// guardConstructors puts, in place of the named global constructors
// (Array, ArrayBuffer, typed arrays), functions that check the size first
// and then construct the built-in: the same prototype (which names them as
// its constructor), statics, name and length, so that instanceof,
// subclasses, from, of and the species constructor work as before. A
// typed array past the cap (or of a negative length) is V8's "Invalid
// typed array length: n", an ArrayBuffer past it V8's "Array buffer
// allocation failed", an Array longer than maxArrayLength V8's "Invalid
// array length".
func (inv *invocation) guardConstructors(names []string) {
	rt := inv.rt
	g := rt.GlobalObject()
	wrapper, _ := goja.AssertFunction(inv.runPatch(constructorWrapper))
	species := rt.ToValue(func(call goja.FunctionCall) goja.Value { return call.This })
	setFunctionName(rt, species.ToObject(rt), "get [Symbol.species]")
	for _, name := range names {
		native := g.Get(name).ToObject(rt)
		var tooLarge func(int, goja.Value)
		switch name {
		case "Array":
			tooLarge = func(argc int, a goja.Value) {
				if argc == 1 && isNumber(a) && a.ToFloat() > maxArrayLength {
					panic(jsRangeError(rt, "", "Invalid array length"))
				}
			}
		case "ArrayBuffer":
			tooLarge = func(_ int, a goja.Value) {
				switch n := integerOf(rt, a); {
				case n < 0 || n > 1<<53-1: // not an index
					panic(jsRangeError(rt, "", "Invalid array buffer length"))
				case n > maxAllocBytes:
					panic(jsRangeError(rt, "", "Array buffer allocation failed"))
				}
			}
		default:
			size := float64(native.Get("BYTES_PER_ELEMENT").ToInteger())
			tooLarge = func(_ int, a goja.Value) {
				var n float64
				if o, ok := a.(*goja.Object); ok {
					// An ArrayBuffer or a view is copied or shared as it is;
					// an array-like is copied, its length long.
					if t := o.ExportType(); t != nil && (t.Kind() == reflect.Slice || t == arrayBufferType) {
						return
					}
					n = arrayLikeLength(o)
				} else {
					n = integerOf(rt, a)
				}
				if n < 0 || n*size > maxAllocBytes {
					panic(jsRangeError(rt, "", "Invalid typed array length: "+rt.ToValue(n).String()))
				}
			}
		}
		w := mustCall(wrapper, goja.Undefined(), native, rt.ToValue(tooLarge)).ToObject(rt)
		replaceConstructor(rt, name, w, native)
		// Symbol.species (own on Array and ArrayBuffer, inherited by the
		// typed arrays) as an own getter of each, for the species
		// constructors of subclasses.
		_ = w.DefineAccessorPropertySymbol(goja.SymSpecies, species, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
}

// arrayLikeLength is the length an array-like o is read with (ToLength of
// its length: none, NaN and below zero are 0).
func arrayLikeLength(o *goja.Object) float64 {
	l := o.Get("length")
	if l == nil || goja.IsUndefined(l) {
		return 0
	}
	if n := l.ToFloat(); n > 0 {
		return n
	}
	return 0
}

// integerOf is ToIntegerOrInfinity(v): NaN is 0, a Symbol V8's TypeError.
func integerOf(rt *goja.Runtime, v goja.Value) float64 {
	if isSymbol(v) {
		panic(rt.NewTypeError("Cannot convert a Symbol value to a number"))
	}
	f := math.Trunc(v.ToFloat())
	if math.IsNaN(f) {
		return 0
	}
	return f
}

// constructorWrapper makes the function guardConstructors puts in place of
// a constructor: JavaScript, for its new.target.
var constructorWrapper = builtin("constructorwrapper.js", `(function () {
  'use strict';
  var NativeArray = Array, construct = Reflect.construct;
  return function (Native, tooLarge) {
    var W = function () {
      // Array alone may be called without new, to the same effect.
      if (new.target === undefined && Native !== NativeArray) throw new TypeError("Constructor " + Native.name + " requires 'new'");
      tooLarge(arguments.length, arguments[0]);
      return construct(Native, arguments, new.target === W || new.target === undefined ? Native : new.target);
    };
    return W;
  };
})`)

// joinGuardRe matches script text that could call Array#join: naming it,
// or building code at run time (new Array(n + 1).join(s) is the repeat of
// scripts older than String#repeat); or that could make a long or deeply
// nested array and turn it into a string unnamed (a + "" calls
// Array#toString, which calls join, recursively for nested arrays): naming
// toString, a length or Array, writing an array literal (a "[" after
// anything but an operand: not a computed member), spreading, or naming a
// method that puts a value in an array. Each install costs an invocation
// about 80 allocations (goja makes Array.prototype's methods on first use).
var joinGuardRe = regexp.MustCompile(`\bjoin\b|\btoString\b|\blength\b|\bArray\b|\.\.\.|` +
	`(?:^|[^\w$)\]\s]|\b(?:return|yield|await|case|in|of|typeof|void|delete|throw|else|do))\s*\[|` +
	`\b(?:push|unshift|splice|fill|copyWithin|concat|assign|Reflect|defineProperty|defineProperties)\b|` + buildsCodeRe)

// guardJoin replaces Array.prototype.join, once per invocation, by the
// same algorithm in Go that refuses a result longer than maxAllocBytes
// characters with V8's RangeError before building it (goja's join grew its
// result without bound: new Array(1e7).join('x'.repeat(1e6)) ended the
// process), checks the deadline as it goes (a join of millions of
// elements could not be interrupted) and stops at maxNesting nested joins
// (goja's recursion through a million nested arrays ended the process). A join of the array being joined
// gives "", as in V8; this null or undefined is goja's TypeError.
func (inv *invocation) guardJoin() {
	rt := inv.rt
	var joining []*goja.Object
	comma := jsString(rt, rt.ToValue(","))
	wrapMethod(rt, "Array", "join", 1, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if !present(call.This) {
				return mustCall(native, call.This, call.Arguments...)
			}
			o := call.This.ToObject(rt)
			if slices.Contains(joining, o) {
				return rt.ToValue("")
			}
			if len(joining) >= maxNesting {
				panic(stackOverflow(rt))
			}
			joining = append(joining, o)
			defer func() { joining = joining[:len(joining)-1] }()
			n := lengthOf(o)
			sep := comma
			if s := call.Argument(0); !goja.IsUndefined(s) {
				sep = stringOf(rt, s)
			}
			// The separators alone may pass the cap: refuse before walking.
			if n > 1 && float64(n-1)*float64(sep.Length()) > maxAllocBytes {
				panic(jsRangeError(rt, "", "Invalid string length"))
			}
			var b goja.StringBuilder
			total := 0
			grow := func(s goja.String) {
				if total += s.Length(); total > maxAllocBytes {
					panic(jsRangeError(rt, "", "Invalid string length"))
				}
				b.WriteString(s)
			}
			for i := int64(0); i < n; i++ {
				if i > 0 {
					grow(sep)
				}
				if i&4095 == 4095 {
					inv.checkDeadline()
				}
				if el := o.Get(strconv.FormatInt(i, 10)); present(el) {
					grow(stringOf(rt, el))
				}
			}
			return b.String()
		}
	})
}

// lengthOf is ToLength(o.length): arrayLikeLength as an integer, at most
// 2^53-1.
func lengthOf(o *goja.Object) int64 {
	return int64(min(math.Trunc(arrayLikeLength(o)), 1<<53-1))
}

// replaceGuardRe matches script text that could call String#replace or
// replaceAll: naming one, or building code at run time.
var replaceGuardRe = regexp.MustCompile(`\breplace(?:All)?\b|` + buildsCodeRe)

// guardReplace replaces String.prototype.replace and replaceAll, once per
// invocation, by functions that, for a string replacement and a string or
// RegExp pattern, work out the length of the result first and refuse one
// past maxAllocBytes with V8's RangeError ('ab'.repeat(3e7).replaceAll('a',
// a 10,000-character string) ended the process), then hand goja's built-in
// the converted values (and word a null or undefined this as V8 does). A
// replacement function, or a pattern with its own Symbol.replace, is
// goja's alone (README, Known limitations).
func (inv *invocation) guardReplace() {
	rt := inv.rt
	for _, name := range []string{"replace", "replaceAll"} {
		all := name == "replaceAll"
		wrapMethod(rt, "String", name, 2, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				if !present(call.This) {
					panic(rt.NewTypeError("String.prototype." + name + " called on null or undefined"))
				}
				pat, rep := call.Argument(0), call.Argument(1)
				if _, callable := goja.AssertFunction(rep); callable || isSymbol(pat) || isSymbol(rep) {
					return mustCall(native, call.This, call.Arguments...)
				}
				if re, isObject := pat.(*goja.Object); isObject {
					if re.ClassName() == "RegExp" {
						s, r := jsString(rt, call.This), jsString(rt, rep)
						if n, ok := regexpReplacedLength(s, re.Get("source").String(), re.Get("flags").String(), r, maxAllocBytes, inv.checkDeadline); ok && n > maxAllocBytes {
							panic(jsRangeError(rt, "", "Invalid string length"))
						}
						return mustCall(native, s, re, r)
					}
					return mustCall(native, call.This, call.Arguments...)
				}
				s, p, r := jsString(rt, call.This), jsString(rt, pat), jsString(rt, rep)
				if replacedLength(s, p, r, all, maxAllocBytes) > maxAllocBytes {
					panic(jsRangeError(rt, "", "Invalid string length"))
				}
				return mustCall(native, s, p, r)
			}
		})
	}
}

// replacedLength is the length, in UTF-16 units, of s with p replaced by r
// (every occurrence when all, else the first), or a number past limit once
// it is past it. It looks at the strings (exactReplacedLength) only when a
// bound computed from their lengths passes limit.
func replacedLength(s, p, r goja.String, all bool, limit int) int {
	if replaceBoundFits(s, r, all, limit) {
		return s.Length()
	}
	return exactReplacedLength(s, p, r, all, limit)
}

// replaceBoundFits reports whether replacing in s by r (at every position
// when all) cannot make more than limit units: each replacement is at most
// r with every "$" standing for all of s.
func replaceBoundFits(s, r goja.String, all bool, limit int) bool {
	ls, lr := s.Length(), r.Length()
	dollars := 0
	for i := range lr {
		if r.CharAt(i) == '$' {
			dollars++
		}
	}
	most := 1
	if all {
		most = ls + 1
	}
	return ls+most*(lr+dollars*ls) <= limit
}

// exactReplacedLength is replacedLength from the strings themselves: r's
// $$, $&, $` and $' expanded as GetSubstitution does for each match.
func exactReplacedLength(s, p, r goja.String, all bool, limit int) int {
	ls, lp := s.Length(), p.Length()
	su, pu, ru := unitBytes(s), unitBytes(p), stringUnits(r)
	total := ls
	for pos := indexUnits(su, pu, 0); pos >= 0; {
		total += substitutionLength(ru, pos, lp, ls, 0, nil) - lp
		if total > limit || !all {
			break
		}
		next := pos + max(lp, 1)
		if next > ls {
			break
		}
		pos = indexUnits(su, pu, next)
	}
	return total
}

// regexpReplacedLength is replacedLength for a regular expression pattern
// (its source and flags): the matches found by regexp2 in ECMAScript mode,
// each replaced by r with $$, $&, $`, $' and $n expanded. ok is false when
// regexp2 cannot read the pattern (the length is then not known). It looks
// at the string only when a bound from the lengths passes limit, and
// calls check every 1,024 matches.
func regexpReplacedLength(s goja.String, source, flags string, r goja.String, limit int, check func()) (n int, ok bool) {
	if replaceBoundFits(s, r, strings.Contains(flags, "g"), limit) {
		return s.Length(), true
	}
	return exactRegexpReplacedLength(s, source, flags, r, limit, check)
}

// exactRegexpReplacedLength is regexpReplacedLength from the matches
// themselves.
func exactRegexpReplacedLength(s goja.String, source, flags string, r goja.String, limit int, check func()) (n int, ok bool) {
	global := strings.Contains(flags, "g")
	ru := stringUnits(r)
	total := s.Length()
	ok = eachRegexpMatch(s, source, flags, check, func(m *regexp2.Match, unit func(int) int) bool {
		pos, mlen := unit(m.Index), unit(m.Index+m.Length)-unit(m.Index)
		total += substitutionLength(ru, pos, mlen, s.Length(), m.GroupCount(), func(g int) int {
			if grp := m.GroupByNumber(g); grp != nil && len(grp.Captures) > 0 {
				return unit(grp.Index+grp.Length) - unit(grp.Index)
			}
			return 0
		}) - mlen
		return total <= limit && global
	})
	return total, ok
}

// regexpMatchCount is the number of matches of a regular expression (its
// source and flags, read by regexp2 in ECMAScript mode) in s, or a number
// past limit once it is past it; ok is false when regexp2 cannot read the
// pattern. It calls check every 1,024 matches.
func regexpMatchCount(s goja.String, source, flags string, limit int, check func()) (n int, ok bool) {
	ok = eachRegexpMatch(s, source, flags, check, func(*regexp2.Match, func(int) int) bool {
		n++
		return n <= limit
	})
	return n, ok
}

// eachRegexpMatch hands visit each match of a regular expression (its
// source and flags, read by regexp2 in ECMAScript mode) in s in turn, with
// unit, the UTF-16 offset in s of a rune index of the match, until visit
// returns false; it calls check every 1,024 matches. It reports false when
// regexp2 cannot read the pattern or fails to match.
func eachRegexpMatch(s goja.String, source, flags string, check func(), visit func(m *regexp2.Match, unit func(int) int) bool) bool {
	opts := regexp2.RegexOptions(regexp2.ECMAScript)
	for _, f := range flags {
		switch f {
		case 'i':
			opts |= regexp2.IgnoreCase
		case 'm':
			opts |= regexp2.Multiline
		}
	}
	re, err := regexp2.Compile(source, opts)
	if err != nil {
		return false
	}
	runes := []rune(s.String())
	// units[i] is the UTF-16 length of runes[:i], made only for a string
	// with a rune past U+FFFF (before it, i).
	var units []int
	for i, c := range runes {
		if c > 0xffff {
			units = make([]int, len(runes)+1)
			for k := range i + 1 {
				units[k] = k
			}
			for k := i; k < len(runes); k++ {
				units[k+1] = units[k] + utf16.RuneLen(runes[k])
			}
			break
		}
	}
	unit := func(i int) int {
		if units == nil {
			return i
		}
		return units[i]
	}
	m, err := re.FindRunesMatch(runes)
	for k := 1; m != nil && err == nil; k++ {
		if !visit(m, unit) {
			break
		}
		if k%1024 == 0 {
			check()
		}
		m, err = re.FindNextMatch(m)
	}
	return err == nil
}

// unitBytes is s's UTF-16 units, two bytes each (big-endian), for
// searching with bytes.Index.
func unitBytes(s goja.String) []byte {
	b := make([]byte, 2*s.Length())
	for i := range s.Length() {
		c := s.CharAt(i)
		b[2*i], b[2*i+1] = byte(c>>8), byte(c)
	}
	return b
}

// indexUnits is the index, in units, of the first p in s at or after the
// unit from, or -1; s and p as unitBytes gives them.
func indexUnits(s, p []byte, from int) int {
	for at := 2 * from; at <= len(s); {
		i := bytes.Index(s[at:], p)
		if i < 0 {
			return -1
		}
		if (at+i)%2 == 0 {
			return (at + i) / 2
		}
		at += i + 1 // a match across two units
	}
	return -1
}

// substitutionLength is the length of the replacement template r for a
// match of length mlen at pos in a string of length ls, as GetSubstitution
// expands it: $$, $&, $`, $', and $n or $nn for the groups 1 to groups-1,
// of length group(n) (with no groups, as for a string pattern, "$1" stays
// as written).
func substitutionLength(r []uint16, pos, mlen, ls, groups int, group func(int) int) int {
	n := 0
	for i := 0; i < len(r); i++ {
		if r[i] != '$' || i+1 == len(r) {
			n++
			continue
		}
		switch c := r[i+1]; {
		case c == '$':
			n++
		case c == '&':
			n += mlen
		case c == '`':
			n += pos
		case c == '\'':
			n += ls - pos - mlen
		case c >= '0' && c <= '9':
			g, width := int(c-'0'), 1
			if i+2 < len(r) && r[i+2] >= '0' && r[i+2] <= '9' && g*10+int(r[i+2]-'0') < groups {
				g, width = g*10+int(r[i+2]-'0'), 2
			}
			if g == 0 || g >= groups {
				n++
				continue
			}
			n += group(g)
			i += width
			continue
		default:
			n++
			continue
		}
		i++
	}
	return n
}

// concatGuardRe matches script text that could call Array#concat.
var concatGuardRe = regexp.MustCompile(`\bconcat\b|` + buildsCodeRe)

// guardConcat replaces Array.prototype.concat, once per invocation, by a
// function that refuses a result longer than maxArrayLength with V8's
// RangeError before goja builds it ([].concat.apply([], Array(1e5).fill(
// Array(1e4).fill(1))) ended the process), then calls goja's.
func (inv *invocation) guardConcat() {
	rt := inv.rt
	wrapMethod(rt, "Array", "concat", 1, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if !present(call.This) {
				panic(rt.NewTypeError("Array.prototype.concat called on null or undefined"))
			}
			total := int64(0)
			for _, v := range append([]goja.Value{call.This}, call.Arguments...) {
				if o, ok := v.(*goja.Object); ok && o.ClassName() == "Array" {
					total += lengthOf(o)
				} else {
					total++
				}
				if total > maxArrayLength {
					panic(jsRangeError(rt, "", "Invalid array length"))
				}
			}
			return mustCall(native, call.This, call.Arguments...)
		}
	})
}

// lengthGuardedMethods are the methods of Array.prototype whose work, or
// the array they make, grows with the length of the array they are called
// on: goja allocates that length in one step for some (map on an array
// whose length was set to 1e9 ended the process) and none can be
// interrupted. A length costs nothing to set (a.length = 1e9, a[1e9] = 1,
// {length: 1e9} as this), so guardArrayLengths checks it first.
var lengthGuardedMethods = []string{"copyWithin", "entries", "every", "fill", "filter", "find", "findIndex",
	"findLast", "findLastIndex", "flat", "flatMap", "forEach", "includes", "indexOf", "keys", "lastIndexOf",
	"map", "reduce", "reduceRight", "reverse", "shift", "slice", "some", "sort", "splice", "toLocaleString",
	"toReversed", "toSorted", "toSpliced", "toString", "unshift", "values", "with"}

// arrayGuardNames are the names guardArrayLengths takes: the
// lengthGuardedMethods and "from" (Array.from); arrayMethodRe finds them
// in a script's text.
var (
	arrayGuardNames = append(slices.Clone(lengthGuardedMethods), "from")
	arrayMethodRe   = regexp.MustCompile(`\b(?:` + strings.Join(arrayGuardNames, "|") + `)\b`)
)

// iteratesArraysRe matches script text naming what goes through an
// iterable in one native operation, besides spread and Array.from: the Set
// and Map constructors, and Promise's combinators.
var iteratesArraysRe = regexp.MustCompile(`\b(?:Set|Map|WeakSet|WeakMap|all|allSettled|any|race)\b`)

// arrayMethodsToGuard lists the lengthGuardedMethods (and "from") src
// names, and "values" where it spreads ("...") or names iteratesArraysRe
// (the arrays' iterator is values); all of them when it builds code at run
// time; sorted, nil for none.
func arrayMethodsToGuard(src string) []string {
	if buildsCode.MatchString(src) {
		return arrayGuardNames
	}
	var names []string
	for _, n := range arrayMethodRe.FindAllString(src, -1) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if (strings.Contains(src, "...") || iteratesArraysRe.MatchString(src)) && !slices.Contains(names, "values") {
		names = append(names, "values")
	}
	slices.Sort(names)
	return names
}

// guardArrayLengths puts, in place of the named lengthGuardedMethods and
// of Array.from, functions that refuse an array (or array-like) longer than
// maxArrayLength with V8's "Invalid array length" before calling goja's;
// values is also the arrays' Symbol.iterator, which spread ([...a],
// f(...a)), for-of and Promise.all call, and it checks the typed arrays'
// too. V8 would work through such a
// sparse array; no login script has one.
func (inv *invocation) guardArrayLengths(names []string) {
	rt := inv.rt
	tooLong := func(v goja.Value) {
		o, ok := v.(*goja.Object)
		if ok && lengthOf(o) > maxArrayLength || !ok && jsLength(v) > maxArrayLength {
			panic(jsRangeError(rt, "", "Invalid array length"))
		}
	}
	ctor := rt.Get("Array").ToObject(rt)
	proto := ctor.Get("prototype").ToObject(rt)
	// nested counts the toLocaleString calls under way: goja's recurses
	// through nested arrays as join does.
	nested := 0
	for _, name := range names {
		if name == "from" {
			native, ok := goja.AssertFunction(ctor.Get("from"))
			if !ok {
				continue
			}
			defineMethod(rt, ctor, "from", 1, func(call goja.FunctionCall) goja.Value {
				// An array, typed array or array-like by its length; a
				// string, Set or Map already holds its items.
				tooLong(call.Argument(0))
				return mustCall(native, call.This, call.Arguments...)
			})
			continue
		}
		wrapMethod(rt, "Array", name, nativeLength, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				if present(call.This) {
					tooLong(call.This)
					// flat recurses as deep as it is asked to go.
					if name == "flat" && present(call.Argument(0)) && integerOf(rt, call.Argument(0)) > maxNesting &&
						inv.nestedPast(call.This.ToObject(rt), maxNesting) {
						panic(stackOverflow(rt))
					}
					if name == "toLocaleString" {
						if nested >= maxNesting {
							panic(stackOverflow(rt))
						}
						nested++
						defer func() { nested-- }()
					}
				}
				return mustCall(native, call.This, call.Arguments...)
			}
		})
		if name == "values" {
			_ = proto.DefineDataPropertySymbol(goja.SymIterator, proto.Get("values"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			// The typed arrays' too (up to 64 Mi elements under the
			// allocation cap: a spread of 16 Mi ran 15 s past the deadline).
			typed := rt.Get("Uint8Array").ToObject(rt).Get("prototype").ToObject(rt).Prototype()
			if native, ok := goja.AssertFunction(typed.Get("values")); ok {
				defineMethod(rt, typed, "values", 0, func(call goja.FunctionCall) goja.Value {
					tooLong(call.This)
					return mustCall(native, call.This)
				})
				_ = typed.DefineDataPropertySymbol(goja.SymIterator, typed.Get("values"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
			// And the strings' (a string holds up to 64 Mi characters).
			str := rt.Get("String").ToObject(rt).Get("prototype").ToObject(rt)
			if native, ok := goja.AssertFunction(str.GetSymbol(goja.SymIterator)); ok {
				f := rt.ToValue(func(call goja.FunctionCall) goja.Value {
					tooLong(call.This)
					return mustCall(native, call.This)
				}).ToObject(rt)
				setFunctionName(rt, f, "[Symbol.iterator]")
				_ = str.DefineDataPropertySymbol(goja.SymIterator, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
		}
	}
}

// stringArrayMethods are the methods of String.prototype that make an
// array of up to one element per character of a string that may hold 64 Mi
// of them (a split by the empty string of 64 Mi characters made 3 GB):
// guardStringArrays checks the count first.
var stringArrayMethods = []string{"match", "split"}

// guardStringArrays puts, in place of the named stringArrayMethods,
// functions that refuse a result of more than maxArrayLength elements with
// V8's "Invalid array length" before calling goja's: split by a string or
// a RegExp (its limit honoured), and match with a global RegExp. They
// count only for a string longer than the cap; a separator or pattern with
// its own Symbol.split or Symbol.match, or one regexp2 cannot read, is
// goja's alone.
func (inv *invocation) guardStringArrays(names []string) {
	rt := inv.rt
	tooMany := func(n int) {
		if n > maxArrayLength {
			panic(jsRangeError(rt, "", "Invalid array length"))
		}
	}
	for _, name := range names {
		wrapMethod(rt, "String", name, nativeLength, func(native goja.Callable) func(goja.FunctionCall) goja.Value {
			return func(call goja.FunctionCall) goja.Value {
				if !present(call.This) || jsLength(call.This) <= maxArrayLength {
					return mustCall(native, call.This, call.Arguments...)
				}
				s, pat := jsString(rt, call.This), call.Argument(0)
				re, _ := pat.(*goja.Object)
				switch {
				case re != nil && re.ClassName() == "RegExp":
					flags := re.Get("flags").String()
					if name == "match" && !strings.Contains(flags, "g") {
						break
					}
					limit := maxArrayLength
					if name == "split" && present(call.Argument(1)) {
						limit = min(limit, int(call.Argument(1).ToInteger()&0xffffffff))
					}
					if n, ok := regexpMatchCount(s, re.Get("source").String(), flags, limit, inv.checkDeadline); ok {
						tooMany(n + 1)
					}
				case re == nil && name == "split" && present(pat) && !isSymbol(pat):
					n := splitCount(s, jsString(rt, pat))
					if present(call.Argument(1)) {
						n = min(n, int(call.Argument(1).ToInteger()&0xffffffff))
					}
					tooMany(n)
				}
				return mustCall(native, call.This, call.Arguments...)
			}
		})
	}
}

// jsLength is the UTF-16 length of v if v is a string or String object,
// else 0 (other values convert as goja's method converts them).
func jsLength(v goja.Value) int {
	switch s := v.(type) {
	case goja.String:
		return s.Length()
	case *goja.Object:
		if s.ClassName() == "String" {
			return int(s.Get("length").ToInteger())
		}
	}
	return 0
}

// splitCount is the number of pieces s.split(sep) makes, or a number past
// maxArrayLength once it is past it: one per unit for an empty separator.
func splitCount(s, sep goja.String) int {
	if sep.Length() == 0 {
		return s.Length()
	}
	su, pu := unitBytes(s), unitBytes(sep)
	n := 1
	for pos := indexUnits(su, pu, 0); pos >= 0 && n <= maxArrayLength; pos = indexUnits(su, pu, pos+sep.Length()) {
		n++
	}
	return n
}

// nestedPast reports whether o holds arrays nested more than limit deep (an
// array holding itself does), checking the deadline as it walks.
func (inv *invocation) nestedPast(o *goja.Object, limit int) bool {
	type frame struct {
		o    *goja.Object
		i, n int64
	}
	stack := []frame{{o, 0, lengthOf(o)}}
	for visits := 1; len(stack) > 0; visits++ {
		if visits&4095 == 0 {
			inv.checkDeadline()
		}
		f := &stack[len(stack)-1]
		if f.i >= f.n {
			stack = stack[:len(stack)-1]
			continue
		}
		el := f.o.Get(strconv.FormatInt(f.i, 10))
		f.i++
		if c, ok := el.(*goja.Object); ok && isJSArray(c) {
			if len(stack) >= limit {
				return true
			}
			stack = append(stack, frame{c, 0, lengthOf(c)})
		}
	}
	return false
}
