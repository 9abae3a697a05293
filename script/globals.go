package script

import (
	_ "embed"
	"encoding/base64"
	"log/slog"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	nodeurl "github.com/dop251/goja_nodejs/url"
)

// setupGlobals installs the sandbox's globals. Only what must exist before
// the script runs is built eagerly (the original Error and JSON.stringify,
// the V8-style JSON.parse), and even those only for a script whose text
// could reach them (Script.eagerJSON, Script.eagerError): a script that
// never names JSON cannot replace it or call JSON.parse, so JSON is set up
// when a module is loaded or the callback's value needs JSON.stringify; a
// script that never assigns Error keeps the global one, which is then read
// when first needed. Everything else (console, timers, process,
// require, Buffer, URL, request, the legacy magic globals...) is provided by
// a dynamic object on the global object's prototype chain and built on first
// read: a script that never touches Buffer never pays for it.
//
// That layout differs from Node in ways only a script looking at the global
// object's own properties, deleting a global, or assigning one in strict
// mode could notice: the lazy names are not own properties of the global
// object, and goja's strict-mode assignment only sees own properties.
// Scripts whose text could do any of that (Script.compatGlobals, decided at
// compile time) get the sandbox's globals as own properties instead, the
// costly ones as accessors that build their value on first read.
func (inv *invocation) setupGlobals() {
	rt := inv.rt
	g := rt.GlobalObject()
	if inv.s == nil || inv.s.eagerError {
		_ = g.DefineDataPropertySymbol(errorCtorSym, rt.Get("Error"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	if inv.s == nil || inv.s.eagerJSON {
		inv.ensureJSON()
	}
	if inv.s == nil || inv.s.stringGuard {
		inv.guardStrings()
	}
	if inv.s != nil && len(inv.s.sizedConstructors) > 0 {
		inv.guardConstructors(inv.s.sizedConstructors)
	}
	if inv.s == nil || inv.s.applyGuard {
		inv.guardApply()
	}
	if inv.s == nil || inv.s.joinGuard {
		inv.guardJoin()
	}
	if inv.s == nil || inv.s.replaceGuard {
		inv.guardReplace()
	}
	if inv.s == nil || inv.s.concatGuard {
		inv.guardConcat()
	}
	if inv.s == nil {
		inv.guardArrayLengths(arrayGuardNames)
		inv.guardStringArrays(stringArrayMethods)
	} else {
		if len(inv.s.arrayMethods) > 0 {
			inv.guardArrayLengths(inv.s.arrayMethods)
		}
		if len(inv.s.stringArrays) > 0 {
			inv.guardStringArrays(inv.s.stringArrays)
		}
	}
	if inv.s != nil && inv.s.namedGroups {
		inv.installNamedGroups(inv.s.namedPatterns)
	}
	if inv.s != nil && inv.s.regExpEscapes {
		inv.installRegExpEscapes()
	}
	if inv.s != nil && inv.s.captureStack {
		inv.installCaptureStackTrace()
	}
	if inv.s != nil && inv.s.locale {
		inv.installLocale()
	}
	if inv.s != nil && inv.s.wellFormed {
		inv.runPatch(wellFormedProgram)
	}
	if inv.s == nil {
		inv.installURIErrors(uriFunctions)
	} else if len(inv.s.uriFunctions) > 0 {
		inv.installURIErrors(inv.s.uriFunctions)
	}
	if inv.s == nil || inv.s.dateZoneNames {
		switch {
		case localZoneIsUTC():
			inv.installDateZoneNames()
		case inv.s == nil:
			inv.installUTCDates(localDateMethods)
		default:
			inv.installUTCDates(inv.s.dateMethods)
		}
	}
	if inv.s == nil || inv.s.dateParse {
		inv.installDateParse(!localZoneIsUTC())
	}
	if inv.s == nil || inv.s.localeCompare {
		inv.installLocaleCompare()
	}
	lazy := &inv.lazy
	lazy.inv = inv
	if inv.s != nil && inv.s.compatGlobals {
		for _, name := range lazyGlobalNames {
			b, ok := lazy.pending(name)
			if !ok {
				continue
			}
			if costlyGlobals[name] {
				inv.accessorGlobal(name, b)
				continue
			}
			if v := b(inv); v != nil {
				_ = g.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
		}
		return
	}
	dyn := rt.NewDynamicObject(lazy)
	_ = dyn.SetPrototype(g.Prototype())
	_ = g.SetPrototype(dyn)
}

// costlyGlobals are the globals that stay lazy (accessor properties) even
// when a script gets its globals as own properties.
var costlyGlobals = map[string]bool{
	"Buffer": true, "URL": true, "URLSearchParams": true, "request": true,
	"crypto": true, "jwt": true, "_": true, "fetch": true, "Headers": true, "Response": true, "Request": true,
	// web_globals.js runs on the first read of any of these.
	"TextEncoder": true, "TextDecoder": true, "structuredClone": true,
	"queueMicrotask": true, "AbortController": true, "AbortSignal": true,
}

// lazyGlobalNames lists lazyGlobalBuilders' keys in a fixed order.
var lazyGlobalNames = []string{
	"global", "require", "configuration", "console", "process", "performance", "atob", "btoa",
	"setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate",
	"Buffer", "URL", "URLSearchParams", "request", "crypto", "jwt", "_", "fetch", "Headers", "Response", "Request",
	"TextEncoder", "TextDecoder", "structuredClone", "queueMicrotask", "AbortController", "AbortSignal",
	caughtHook, codeHook,
}

// compatGlobalsRe matches script text that could observe where the lazy
// globals live: reflection on own properties, deleting a global (also as a
// property of an alias of the global object), or code built at run time.
// The names deleted are the aliases of the global object and
// lazyGlobalNames (plain identifiers, so they go into the pattern as they
// are).
var compatGlobalsRe = regexp.MustCompile(`getOwnProperty|hasOwn|ownKeys|Reflect|propertyIsEnumerable|\beval\b|Function\s*\(|\bdelete\s*\(?\s*(?:[\w$]+\s*(?:\??\.|\[\s*['"\x60]?)\s*)*(globalThis|this|self|window|` +
	strings.Join(lazyGlobalNames, "|") + `)\b`)

// eagerJSONRe matches script text that could reach the global JSON:
// naming it, or computed access on an object that may be the global one.
var eagerJSONRe = regexp.MustCompile(`JSON|(global|globalThis|this|self|window)\s*\[|\[\s*['"\x60]`)

// eagerErrorRe matches script text that could replace the global Error:
// an assignment (plain, compound, destructuring) to something called Error,
// Error as an object key or in a string, or
// computed access on an object that may be the global one.
var eagerErrorRe = regexp.MustCompile(`\bError\b[^(.;\n]{0,4}=|\bError\s*:|['"\x60]Error|(global|globalThis|this|self|window)\s*\[`)

// moduleScopeRe matches script text that could reach the compiled
// wrapper's parameters (module, exports, require), its this (exports) or its
// arguments: they are reachable only by name, or through eval (which makes
// the script compatGlobals). An identifier spelled with a \u escape also
// matches, since the escape could spell one of them.
var moduleScopeRe = regexp.MustCompile(`module|exports|require|this|arguments|\\u`)

// ensureJSON captures the runtime's original JSON.stringify and installs
// the V8-style JSON.parse and the deadline-aware JSON.stringify, once per
// invocation.
func (inv *invocation) ensureJSON() {
	if inv.jsonReady {
		return
	}
	inv.jsonReady = true
	j, ok := inv.rt.Get("JSON").(*goja.Object)
	if !ok {
		return
	}
	inv.stringify, _ = goja.AssertFunction(j.Get("stringify"))
	inv.overrideJSONParse()
	inv.overrideJSONStringify(j)
}

// strictRe matches script text that may have strict code: a "use strict"
// directive or a class, whose body is strict.
var strictRe = regexp.MustCompile(`use strict|\bclass\b`)

// runtimeCodeRe matches script text that may build a function from a string
// (the Function constructor, by name or as some function's constructor),
// whose assignments the script's own syntax tree does not show.
var runtimeCodeRe = regexp.MustCompile(`\bFunction\b|\bconstructor\b`)

// needsCompatGlobals reports whether src gets its globals as own properties
// (see setupGlobals). writesGlobal is compiled.writesGlobal: strict code
// assigning to a lazy global is the one use of a global that goja only
// resolves against own properties (a ReferenceError otherwise); reading one
// works either way.
func needsCompatGlobals(src string, writesGlobal bool) bool {
	return compatGlobalsRe.MatchString(src) ||
		strictRe.MatchString(src) && (writesGlobal || runtimeCodeRe.MatchString(src))
}

// isLazyGlobal reports whether name is one of the globals built on first
// read.
func isLazyGlobal(name string) bool {
	_, ok := lazyGlobalBuilders[name]
	return ok
}

// accessorGlobal defines a configurable global whose value is computed on
// first read; an assignment replaces it like an ordinary property.
func (inv *invocation) accessorGlobal(name string, get func(*invocation) goja.Value) {
	lazyProperty(inv.rt, inv.rt.GlobalObject(), name, false, func() goja.Value { return get(inv) })
}

// lazyProperty defines name on o as a property made by build on first
// read and then kept as a data property (writable, configurable,
// enumerable as asked); an assignment before that replaces it the same
// way. Values that are costly to make and seldom read are exported so.
func lazyProperty(rt *goja.Runtime, o *goja.Object, name string, enumerable bool, build func() goja.Value) {
	flag := goja.FLAG_FALSE
	if enumerable {
		flag = goja.FLAG_TRUE
	}
	define := func(v goja.Value) {
		_ = o.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, flag)
	}
	getter := rt.ToValue(func(goja.FunctionCall) goja.Value {
		v := build()
		if v == nil {
			v = goja.Undefined()
		}
		define(v)
		return v
	})
	setter := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		define(call.Argument(0))
		return goja.Undefined()
	})
	_ = o.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, flag)
}

// lazyNative is lazyProperty for modules written in JavaScript:
// native.lazy(object, name, build) with build a function.
func lazyNative(rt *goja.Runtime) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		o := call.Argument(0).ToObject(rt)
		build, ok := goja.AssertFunction(call.Argument(2))
		if !ok {
			panic(rt.NewTypeError("lazy: not a function"))
		}
		lazyProperty(rt, o, call.Argument(1).String(), true, func() goja.Value { return mustCall(build, goja.Undefined()) })
		return goja.Undefined()
	}
}

// lazyGlobalBuilders build the lazily provided globals. A builder returning
// nil means the global does not exist (a magic global for a module that is
// not registered).
var lazyGlobalBuilders = map[string]func(inv *invocation) goja.Value{
	"global":        func(inv *invocation) goja.Value { return inv.rt.GlobalObject() },
	"require":       func(inv *invocation) goja.Value { return inv.requireFunc() },
	"configuration": func(inv *invocation) goja.Value { return inv.rt.NewObject() },
	"console":       (*invocation).newConsole,
	"process":       (*invocation).newProcess,
	"performance":   (*invocation).newPerformance,
	"atob":          func(inv *invocation) goja.Value { return inv.rt.ToValue(inv.atob) },
	"btoa":          func(inv *invocation) goja.Value { return inv.rt.ToValue(inv.btoa) },
	"setTimeout":    func(inv *invocation) goja.Value { return inv.timerFunc("setTimeout") },
	"setInterval":   func(inv *invocation) goja.Value { return inv.timerFunc("setInterval") },
	"setImmediate":  func(inv *invocation) goja.Value { return inv.timerFunc("setImmediate") },
	"clearTimeout":  func(inv *invocation) goja.Value { return inv.timerFunc("clearTimeout") },
	"clearInterval": func(inv *invocation) goja.Value { return inv.timerFunc("clearInterval") },
	"clearImmediate": func(inv *invocation) goja.Value {
		return inv.timerFunc("clearImmediate")
	},
	"Buffer": func(inv *invocation) goja.Value {
		return inv.mustRequire("buffer").ToObject(inv.rt).Get("Buffer")
	},
	"URL":             func(inv *invocation) goja.Value { return inv.urlModule().Get("URL") },
	"URLSearchParams": func(inv *invocation) goja.Value { return inv.urlModule().Get("URLSearchParams") },
	"request":         func(inv *invocation) goja.Value { return inv.mustRequire("request") },
	"crypto":          magicModule("crypto"),
	"jwt":             magicModule("jsonwebtoken"),
	"_":               magicModule("lodash"),
	"TextEncoder":     webGlobal("TextEncoder"),
	"TextDecoder":     webGlobal("TextDecoder"),
	"structuredClone": webGlobal("structuredClone"),
	"queueMicrotask":  webGlobal("queueMicrotask"),
	"AbortController": webGlobal("AbortController"),
	"AbortSignal":     webGlobal("AbortSignal"),
	"fetch":           nodeFetchGlobal(""),
	"Headers":         nodeFetchGlobal("Headers"),
	"Response":        nodeFetchGlobal("Response"),
	"Request":         nodeFetchGlobal("Request"),
	caughtHook:        (*invocation).caught,
	codeHook:          (*invocation).checkCode,
}

// magicGlobalModules maps the legacy globals that hold a module to the
// module; they exist only when the module is registered.
var magicGlobalModules = map[string]string{"crypto": "crypto", "jwt": "jsonwebtoken", "_": "lodash", "fetch": "node-fetch"}

// magicModule is the builder of a legacy global that holds a module (jwt,
// _, crypto), present only when the module is registered.
func magicModule(mod string) func(inv *invocation) goja.Value {
	return func(inv *invocation) goja.Value {
		if _, ok := builtinModules[mod]; !ok {
			return nil
		}
		return inv.mustRequire(mod)
	}
}

// lazyGlobals is the dynamic object behind the global object (its
// prototype). A name is built at most once per invocation, on first read,
// and then answered from here: it is not defined on the global object,
// because defining a new own property there makes goja copy the global
// object's whole property list (about 1 KB per invocation). An assignment
// still creates an own global property that shadows it, as for any
// inherited writable property; only a script that could tell the
// difference (reflection on the global object's own properties, deleting a
// global, strict-mode assignment) gets its globals as own properties
// (Script.compatGlobals).
type lazyGlobals struct {
	inv *invocation
	// built holds the names already built, or forgotten: their value, nil
	// when there is none.
	built smallMap[goja.Value]
}

func (l *lazyGlobals) pending(key string) (func(inv *invocation) goja.Value, bool) {
	b, ok := lazyGlobalBuilders[key]
	if !ok || l.built.has(key) {
		return nil, false
	}
	if mod, magic := magicGlobalModules[key]; magic {
		if _, reg := builtinModules[mod]; !reg {
			return nil, false
		}
	}
	return b, true
}

func (l *lazyGlobals) markDone(key string) {
	l.built.set(key, nil)
}

// Get returns key's value, building it on first read.
func (l *lazyGlobals) Get(key string) goja.Value {
	if v, ok := l.built.get(key); ok {
		return v
	}
	b, ok := l.pending(key)
	if !ok {
		return nil
	}
	l.markDone(key)
	v := b(l.inv)
	if v != nil {
		l.built.set(key, v)
	}
	return v
}

// Has reports the names with a value, built or not yet built, so that
// typeof, `in` and assignment see them.
func (l *lazyGlobals) Has(key string) bool {
	if v, ok := l.built.get(key); ok {
		return v != nil
	}
	_, ok := l.pending(key)
	return ok
}

// Set is reached only by writing to the global object's prototype directly;
// it is refused (a TypeError in strict mode).
func (l *lazyGlobals) Set(string, goja.Value) bool { return false }

// Delete forgets a name (reached only through the prototype itself).
func (l *lazyGlobals) Delete(key string) bool {
	if isLazyGlobal(key) {
		l.markDone(key)
	}
	return true
}

// Keys lists nothing: the lazy names are not enumerable, as most of Node's
// globals are not.
func (l *lazyGlobals) Keys() []string { return nil }

func (inv *invocation) urlModule() *goja.Object {
	if v, ok := inv.modules.get("\x00whatwg-url"); ok {
		return v.(*goja.Object)
	}
	m := inv.rt.NewObject()
	ex := inv.rt.NewObject()
	_ = m.Set("exports", ex)
	nodeurl.Require(inv.rt, m)
	_ = ex.Set("URL", inv.runPatch(urlHrefFixProgram, ex.Get("URL"), inv.whatwgNative(), ex.Get("URLSearchParams")))
	inv.modules.set("\x00whatwg-url", ex)
	return ex
}

// moduleName strips a "node:" prefix and an "@version" suffix.
func moduleName(spec string) string {
	spec = strings.TrimPrefix(spec, "node:")
	start := 0
	if strings.HasPrefix(spec, "@") {
		start = 1
	}
	if i := strings.IndexByte(spec[start:], '@'); i >= 0 {
		spec = spec[:start+i]
	}
	return spec
}

// require resolves a module by name. It never touches the filesystem: names
// are looked up in the built-in table only.
func (inv *invocation) require(spec string) (goja.Value, error) {
	name := moduleName(spec)
	if v, ok := inv.modules.get(name); ok {
		return v, nil
	}
	if name == "lodash" {
		// lodash's padStart and padEnd hand the built-ins a script's numbers.
		inv.guardStrings()
	}
	if name != "request" && name != "lodash" {
		// Modules use JSON.parse; its errors must read like V8's. (The
		// request module sets JSON up when it needs it; lodash never uses
		// JSON.)
		inv.ensureJSON()
	}
	var v goja.Value
	if l, ok := builtinModules[name]; ok {
		var err error
		v, err = l(inv)
		if err != nil {
			return nil, err
		}
	} else {
		switch name {
		case "request":
			v = inv.requestModule()
		case "buffer":
			m := inv.rt.NewObject()
			ex := inv.rt.NewObject()
			_ = m.Set("exports", ex)
			buffer.Require(inv.rt, m)
			v = m.Get("exports")
			mod := v.ToObject(inv.rt)
			_ = mod.Set("Buffer", inv.runPatch(bufferExtra, mod.Get("Buffer"), bufferNative(inv.rt)))
			// The module's own constants, as Node 20's on 64-bit but for
			// the largest Buffer, which is the sandbox's cap (maxAllocBytes).
			consts := inv.rt.NewObject()
			_ = consts.Set("MAX_LENGTH", maxAllocBytes)
			_ = consts.Set("MAX_STRING_LENGTH", 536870888)
			_ = mod.Set("constants", consts)
			_ = mod.Set("kMaxLength", maxAllocBytes)
			_ = mod.Set("kStringMaxLength", 536870888)
			inv.addBufferFunctions(mod)
		default:
			return nil, &moduleNotFound{spec: spec}
		}
	}
	inv.modules.set(name, v)
	return v, nil
}

type moduleNotFound struct{ spec string }

func (e *moduleNotFound) Error() string { return "Cannot find module '" + e.spec + "'" }

func (inv *invocation) mustRequire(name string) goja.Value {
	v, err := inv.require(name)
	if err != nil {
		panic(inv.toJSError(err))
	}
	return v
}

func (inv *invocation) toJSError(err error) goja.Value {
	if ex, ok := err.(*goja.Exception); ok {
		return ex.Value()
	}
	if mnf, ok := err.(*moduleNotFound); ok {
		o := newJSError(inv.rt, mnf.Error())
		_ = o.Set("code", "MODULE_NOT_FOUND")
		return o
	}
	return newNodeError(inv.rt, err)
}

// requireFunc returns the invocation's require function (the wrapper's
// parameter and the global are the same function).
func (inv *invocation) requireFunc() goja.Value {
	if inv.requireFn == nil {
		inv.requireFn = inv.rt.ToValue(inv.jsRequire)
	}
	return inv.requireFn
}

func (inv *invocation) jsRequire(call goja.FunctionCall) goja.Value {
	arg := call.Argument(0)
	id := stringArg(inv.rt, arg, "id")
	if id == "" {
		e := inv.rt.NewTypeError(`The argument 'id' must be a non-empty string. Received ''`)
		_ = e.Set("code", "ERR_INVALID_ARG_VALUE")
		panic(e)
	}
	return inv.mustRequire(id)
}

// --- console ---

// consoleKeys are the console's methods, in the order its keys list them.
var consoleKeys = newLazyKeys("log", "info", "debug", "trace", "warn", "error", "table", "dir", "time", "timeEnd", "timeLog", "count", "countReset", "assert", "group", "groupCollapsed", "groupEnd")

// consoleLevels are the console methods that format their arguments as
// one log entry: its level, and the slog level it is also logged at.
var consoleLevels = map[string]struct {
	level string
	sl    slog.Level
}{
	"log": {"log", slog.LevelInfo}, "info": {"info", slog.LevelInfo}, "debug": {"log", slog.LevelDebug},
	"trace": {"log", slog.LevelDebug}, "warn": {"warn", slog.LevelWarn}, "error": {"error", slog.LevelError},
	"table": {"log", slog.LevelInfo},
}

// newConsole makes the console: a lazyExports host object whose methods
// are made on first read (a script that logs uses one or two of them; all
// of them cost about 170 allocations).
func (inv *invocation) newConsole() goja.Value {
	rt := inv.rt
	logf := func(level string, sl slog.Level, msg string) {
		if r := inv.rare; r != nil && r.groupIndent != "" {
			msg = r.groupIndent + strings.ReplaceAll(msg, "\n", "\n"+r.groupIndent)
		}
		inv.addLog(level, sl, msg)
	}
	mk := func(level string, sl slog.Level) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			logf(level, sl, formatWithOptions(rt, defaultInspectOptions(), call.Arguments))
			return goja.Undefined()
		}
	}
	// label is a console method's label argument, "default" when absent.
	label := func(call goja.FunctionCall) string {
		if a := call.Argument(0); !goja.IsUndefined(a) {
			return a.String()
		}
		return "default"
	}
	timeLog := func(end bool, name string) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			r, l := inv.rareFields(), label(call)
			start, ok := r.consoleTimers[l]
			if !ok {
				logf("warn", slog.LevelWarn, "Warning: No such label '"+l+"' for console."+name+"()")
				return goja.Undefined()
			}
			msg := l + ": " + formatConsoleTime(float64(time.Since(start))/1e6)
			if end {
				delete(r.consoleTimers, l)
			} else if len(call.Arguments) > 1 {
				msg += " " + formatWithOptions(rt, defaultInspectOptions(), call.Arguments[1:])
			}
			logf("log", slog.LevelInfo, msg)
			return goja.Undefined()
		}
	}
	group := func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 0 {
			logf("log", slog.LevelInfo, formatWithOptions(rt, defaultInspectOptions(), call.Arguments))
		}
		r := inv.rareFields()
		if len(r.groupIndent) < 64 {
			r.groupIndent += "  "
		}
		return goja.Undefined()
	}
	consoleMethod := func(name string) goja.Value {
		if lv, ok := consoleLevels[name]; ok {
			return rt.ToValue(mk(lv.level, lv.sl))
		}
		switch name {
		case "dir":
			return rt.ToValue(func(call goja.FunctionCall) goja.Value {
				logf("log", slog.LevelInfo, inspectValue(rt, call.Argument(0), inspectOptionsOf(call.Arguments[min(1, len(call.Arguments)):])))
				return goja.Undefined()
			})
		case "time":
			return rt.ToValue(func(call goja.FunctionCall) goja.Value {
				r, l := inv.rareFields(), label(call)
				if _, ok := r.consoleTimers[l]; ok {
					logf("warn", slog.LevelWarn, "Warning: Label '"+l+"' already exists for console.time()")
					return goja.Undefined()
				}
				if r.consoleTimers == nil {
					r.consoleTimers = map[string]time.Time{}
				}
				r.consoleTimers[l] = time.Now()
				return goja.Undefined()
			})
		case "timeEnd":
			return rt.ToValue(timeLog(true, "timeEnd"))
		case "timeLog":
			return rt.ToValue(timeLog(false, "timeLog"))
		case "count":
			return rt.ToValue(func(call goja.FunctionCall) goja.Value {
				r, l := inv.rareFields(), label(call)
				if r.consoleCounts == nil {
					r.consoleCounts = map[string]int{}
				}
				r.consoleCounts[l]++
				logf("log", slog.LevelInfo, l+": "+strconv.Itoa(r.consoleCounts[l]))
				return goja.Undefined()
			})
		case "countReset":
			return rt.ToValue(func(call goja.FunctionCall) goja.Value {
				r, l := inv.rareFields(), label(call)
				if _, ok := r.consoleCounts[l]; !ok {
					logf("warn", slog.LevelWarn, "Warning: Count for '"+l+"' does not exist")
					return goja.Undefined()
				}
				r.consoleCounts[l] = 0
				return goja.Undefined()
			})
		case "assert":
			return rt.ToValue(func(call goja.FunctionCall) goja.Value {
				if call.Argument(0).ToBoolean() {
					return goja.Undefined()
				}
				args := append([]goja.Value(nil), call.Arguments[min(1, len(call.Arguments)):]...)
				if len(args) == 0 {
					args = []goja.Value{rt.ToValue("Assertion failed")}
				} else {
					args[0] = rt.ToValue("Assertion failed: " + safeString(args[0])) // a template literal's String()
				}
				logf("warn", slog.LevelWarn, formatWithOptions(rt, defaultInspectOptions(), args))
				return goja.Undefined()
			})
		case "group":
			return rt.ToValue(group)
		case "groupCollapsed":
			return rt.ToValue(group)
		case "groupEnd":
			return rt.ToValue(func(goja.FunctionCall) goja.Value {
				if r := inv.rare; r != nil && len(r.groupIndent) >= 2 {
					r.groupIndent = r.groupIndent[2:]
				}
				return goja.Undefined()
			})
		}
		return goja.Undefined()
	}
	return newLazyExports(rt, consoleKeys, func(name string) goja.Value {
		// Named as in Node ("log"), not after the Go function.
		v := consoleMethod(name)
		if f, ok := v.(*goja.Object); ok {
			setFunctionName(rt, f, name)
		}
		return v
	})
}

// formatConsoleTime writes ms as console.timeEnd does: "1.234ms",
// "2.500s", or minutes and hours as "1:02.345 (m:ss.mmm)".
func formatConsoleTime(ms float64) string {
	hours, minutes, seconds := 0.0, 0.0, 0.0
	if ms >= 1000 {
		if ms >= 60000 {
			if ms >= 3600000 {
				hours = math.Floor(ms / 3600000)
				ms = math.Mod(ms, 3600000)
			}
			minutes = math.Floor(ms / 60000)
			ms = math.Mod(ms, 60000)
		}
		seconds = ms / 1000
	}
	if hours != 0 || minutes != 0 {
		parts := strings.SplitN(strconv.FormatFloat(seconds, 'f', 3, 64), ".", 2)
		sec := parts[0]
		if len(sec) < 2 {
			sec = "0" + sec
		}
		res := strconv.Itoa(int(minutes))
		unit := "m:ss.mmm"
		if hours != 0 {
			m := res
			if len(m) < 2 {
				m = "0" + m
			}
			res = strconv.Itoa(int(hours)) + ":" + m
			unit = "h:mm:ss.mmm"
		}
		return res + ":" + sec + "." + parts[1] + " (" + unit + ")"
	}
	if seconds != 0 {
		return strconv.FormatFloat(seconds, 'f', 3, 64) + "s"
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(ms, 'f', 3, 64), 64)
	return numberString(v) + "ms"
}

// addLog keeps one console line (within the per-invocation cap) and mirrors
// it to the Engine's logger.
func (inv *invocation) addLog(level string, sl slog.Level, msg string) {
	if inv.logTruncated {
		return
	}
	if inv.logBytes+len(msg) > maxLogBytes {
		inv.logTruncated = true
		msg = "[console output truncated: more than 64 KiB]"
		level, sl = "warn", slog.LevelWarn
	}
	inv.logBytes += len(msg)
	inv.logs = append(inv.logs, LogEntry{Level: level, Message: msg})
	if l := inv.cfg.logger; l != nil {
		for _, v := range inv.secrets {
			msg = strings.ReplaceAll(msg, v, "[redacted]")
		}
		l.Log(inv.ctx, sl, msg, "source", "script", "entry", inv.entry)
	}
}

// tokenSecrets lists the token values of an invocation: the access token and
// the token response's token parameters. Short values are skipped so that
// redaction cannot garble ordinary text.
func tokenSecrets(accessToken string, tokenCtx map[string]any) []string {
	var out []string
	add := func(v string) {
		if len(v) >= 8 {
			out = append(out, v)
		}
	}
	add(accessToken)
	for _, k := range []string{"access_token", "refresh_token", "id_token"} {
		if v, ok := tokenCtx[k].(string); ok && v != accessToken {
			add(v)
		}
	}
	return out
}

// --- timers ---

// timerFunc builds one of the timer globals.
func (inv *invocation) timerFunc(name string) goja.Value {
	rt := inv.rt
	schedule := func(repeat, immediate bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			fn := callbackArg(rt, call.Argument(0))
			first := 2 // the callback's own arguments follow the delay
			if immediate {
				first = 1
			}
			var extra []goja.Value
			if len(call.Arguments) > first {
				extra = append(extra, call.Arguments[first:]...)
			}
			run := func() {
				_, err := fn(goja.Undefined(), extra...)
				inv.handleJSError(err)
			}
			var id int
			if immediate {
				id = inv.addImmediate(run)
			} else {
				ms := call.Argument(1).ToFloat()
				if ms != ms || ms < 1 || ms > float64(1<<31-1) {
					ms = 1
				}
				id = inv.addTimer(time.Duration(ms*float64(time.Millisecond)), repeat, run)
			}
			if id == 0 {
				panic(newJSError(rt, errTooManyTimers.Error()))
			}
			return inv.timerHandle(id, immediate)
		}
	}
	var f func(goja.FunctionCall) goja.Value
	switch name {
	case "setTimeout":
		f = schedule(false, false)
	case "setInterval":
		f = schedule(true, false)
	case "setImmediate":
		f = schedule(false, true)
	default:
		f = func(call goja.FunctionCall) goja.Value {
			if id := timerID(call.Argument(0)); id > 0 {
				inv.removeTimer(id)
			}
			return goja.Undefined()
		}
	}
	return rt.ToValue(f)
}

type sandboxError string

func (e sandboxError) Error() string { return string(e) }

const errTooManyTimers = sandboxError("script: too many pending timers")

// timerHandle is the Timeout (or Immediate) object the timer functions
// return, as Node does: scripts call .unref(), .refresh() and the like on
// it, or coerce a Timeout to its number. Its methods live on one prototype
// per invocation.
func (inv *invocation) timerHandle(id int, immediate bool) goja.Value {
	o := inv.rt.NewObject()
	_ = o.SetPrototype(inv.timerProto(immediate))
	_ = o.Set("_id", id)
	return o
}

// timerProto is the prototype of the Timeout objects, or of the Immediate
// objects, of this invocation, made on first use.
func (inv *invocation) timerProto(immediate bool) *goja.Object {
	r := inv.rareFields()
	p := &r.timeoutProto
	if immediate {
		p = &r.immediateProto
	}
	if *p != nil {
		return *p
	}
	rt := inv.rt
	o := rt.NewObject()
	setRef := func(ref bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if id := timerID(call.This); ref {
				delete(r.unrefTimers, id)
			} else {
				if r.unrefTimers == nil {
					r.unrefTimers = map[int]bool{}
				}
				r.unrefTimers[id] = true
			}
			return call.This
		}
	}
	_ = o.Set("ref", setRef(true))
	_ = o.Set("unref", setRef(false))
	_ = o.Set("hasRef", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(!r.unrefTimers[timerID(call.This)])
	})
	if !immediate {
		_ = o.Set("refresh", func(call goja.FunctionCall) goja.Value {
			inv.refreshTimer(timerID(call.This))
			return call.This
		})
		_ = o.Set("close", func(call goja.FunctionCall) goja.Value {
			inv.removeTimer(timerID(call.This))
			return call.This
		})
		num := func(call goja.FunctionCall) goja.Value { return rt.ToValue(timerID(call.This)) }
		_ = o.Set("valueOf", num)
		_ = o.SetSymbol(goja.SymToPrimitive, num)
	}
	*p = o
	return o
}

func timerID(v goja.Value) int {
	if !present(v) {
		return 0
	}
	if o, ok := v.(*goja.Object); ok {
		if id := o.Get("_id"); id != nil {
			return int(id.ToInteger())
		}
		return 0
	}
	return int(v.ToInteger())
}

// --- process ---

// newPerformance is Node's performance object as scripts time things with
// it: now(), in milliseconds since timeOrigin, the invocation's start.
func (inv *invocation) newPerformance() goja.Value {
	rt := inv.rt
	p := rt.NewObject()
	_ = p.Set("timeOrigin", float64(inv.origin.UnixNano())/1e6)
	_ = p.Set("now", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(time.Since(inv.origin)) / 1e6)
	})
	return p
}

// newProcess builds a harmless process stub: no environment, no exit, no
// kill, no binding.
func (inv *invocation) newProcess() goja.Value {
	rt := inv.rt
	p := rt.NewObject()
	_ = p.Set("env", rt.NewObject())
	_ = p.Set("version", "v20.0.0")
	versions := rt.NewObject()
	_ = versions.Set("node", "20.0.0")
	_ = p.Set("versions", versions)
	_ = p.Set("platform", "linux")
	_ = p.Set("arch", "x64")
	_ = p.Set("argv", rt.NewArray())
	_ = p.Set("pid", 1)
	_ = p.Set("title", "node")
	_ = p.Set("nextTick", func(call goja.FunctionCall) goja.Value {
		fn := callbackArg(rt, call.Argument(0))
		var extra []goja.Value
		if len(call.Arguments) > 1 {
			extra = append(extra, call.Arguments[1:]...)
		}
		// Run as a microtask, which is what nextTick amounts to here.
		pr, resolve, _ := rt.NewPromise()
		_ = resolve(nil)
		then, _ := goja.AssertFunction(rt.ToValue(pr).ToObject(rt).Get("then"))
		_, _ = then(rt.ToValue(pr), rt.ToValue(func(goja.FunctionCall) goja.Value {
			callJS(fn, extra...)
			return goja.Undefined()
		}))
		return goja.Undefined()
	})
	// hrtime counts from the invocation's start ("an arbitrary time in the
	// past"); given an earlier reading it answers the difference.
	hrtime := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		n := int64(time.Since(inv.origin))
		if prev, ok := call.Argument(0).Export().([]any); ok && len(prev) == 2 {
			s, _ := prev[0].(int64)
			ns, _ := prev[1].(int64)
			n -= s*1e9 + ns
		}
		return rt.NewArray(n/1e9, n%1e9)
	}).(*goja.Object)
	_ = hrtime.Set("bigint", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(big.NewInt(int64(time.Since(inv.origin))))
	})
	_ = p.Set("hrtime", hrtime)
	_ = p.Set("uptime", func(goja.FunctionCall) goja.Value { return rt.ToValue(time.Since(inv.origin).Seconds()) })
	_ = p.Set("cwd", func(goja.FunctionCall) goja.Value { return rt.ToValue("/") })
	_ = p.Set("emitWarning", func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	// process is an EventEmitter in Node; none of its events ('exit',
	// 'unhandledRejection', signals...) reaches a script here, so adding
	// and removing listeners is accepted and does nothing.
	chain := rt.ToValue(func(call goja.FunctionCall) goja.Value { return call.This })
	for _, name := range []string{"on", "once", "off", "addListener", "removeListener", "removeAllListeners", "prependListener", "prependOnceListener", "setMaxListeners"} {
		_ = p.Set(name, chain)
	}
	_ = p.Set("emit", func(goja.FunctionCall) goja.Value { return rt.ToValue(false) })
	_ = p.Set("listenerCount", func(goja.FunctionCall) goja.Value { return rt.ToValue(0) })
	_ = p.Set("listeners", func(goja.FunctionCall) goja.Value { return rt.NewArray() })
	return p
}

// --- atob / btoa ---

func (inv *invocation) btoa(call goja.FunctionCall) goja.Value {
	s := call.Argument(0).String()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(inv.domException("Invalid character", "InvalidCharacterError"))
		}
		b = append(b, byte(r))
	}
	return inv.rt.ToValue(base64.StdEncoding.EncodeToString(b))
}

var b64ws = regexp.MustCompile(`[\t\n\f\r ]+`)

func (inv *invocation) atob(call goja.FunctionCall) goja.Value {
	s := b64ws.ReplaceAllString(call.Argument(0).String(), "")
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "="), "=")
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(s)%4 == 1 {
		panic(inv.domException("The string to be decoded is not correctly encoded.", "InvalidCharacterError"))
	}
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return inv.rt.ToValue(sb.String())
}

func (inv *invocation) domException(msg, name string) *goja.Object {
	e := newJSError(inv.rt, msg)
	_ = e.Set("name", name)
	return e
}

// captureStackTraceProgram defines V8's Error.captureStackTrace(target),
// which goja lacks and custom error classes call: it gives target a
// non-enumerable stack, the target's own "Name: message" line and the
// frames of the call (the sandbox's own, as every stack here).
var captureStackTraceProgram = builtin("capture.js", `(function (E) {
  Object.defineProperty(E, 'captureStackTrace', {
    value: function captureStackTrace(target) {
      if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
        throw new TypeError('invalid_argument');
      }
      var frames = String(new E().stack).split('\n').slice(2);
      var head = E.prototype.toString.call(target);
      Object.defineProperty(target, 'stack', { value: [head].concat(frames).join('\n'), writable: true, configurable: true, enumerable: false });
    },
    writable: true, configurable: true, enumerable: false,
  });
})`)

// installCaptureStackTrace gives the runtime's Error captureStackTrace.
func (inv *invocation) installCaptureStackTrace() {
	inv.runPatch(captureStackTraceProgram, inv.rt.Get("Error"))
}

// runPatch runs prog, one of the sandbox's own programs whose value is a
// function, and calls that function with args in the invocation's runtime.
// Those programs do not fail; a failure is a bug, reported as a panic (an
// internal error of the invocation, see protect).
func (inv *invocation) runPatch(prog *builtinProgram, args ...goja.Value) goja.Value {
	f, err := inv.rt.RunProgram(prog.program())
	if err != nil {
		panic(err)
	}
	fn, ok := goja.AssertFunction(f)
	if !ok {
		panic("script: a built-in patch is not a function")
	}
	v, err := fn(goja.Undefined(), args...)
	if err != nil {
		panic(err)
	}
	return v
}

// webGlobalsSource makes TextEncoder, TextDecoder, structuredClone,
// queueMicrotask, AbortController and AbortSignal, given Buffer and a describeReceived for its errors.
//
//go:embed web_globals.js
var webGlobalsSource string

var webGlobalsProgram = builtin("web.js", webGlobalsSource)

// webGlobal is the builder of one of web_globals.js's globals; the first
// read of any of them runs the file once for the invocation.
func webGlobal(name string) func(inv *invocation) goja.Value {
	return func(inv *invocation) goja.Value {
		v, ok := inv.modules.get("\x00web")
		if !ok {
			v = inv.runPatch(webGlobalsProgram, inv.mustRequire("buffer").ToObject(inv.rt).Get("Buffer"), inv.rt.ToValue(receivedFunc(inv.rt)))
			inv.modules.set("\x00web", v)
		}
		return v.(*goja.Object).Get(name)
	}
}

// nodeFetchGlobal builds the global fetch (name "") or one of its classes:
// Node's own fetch, the node-fetch program in its 'node' flavour, made once
// per invocation on the first read of any of them.
func nodeFetchGlobal(name string) func(inv *invocation) goja.Value {
	return func(inv *invocation) goja.Value {
		if _, ok := builtinModules["node-fetch"]; !ok {
			return nil
		}
		v, ok := inv.modules.get("\x00fetch")
		if !ok {
			n := fetchNative(inv)
			_ = n.Set("flavor", "node")
			var err error
			if v, err = runJSModule(inv, nodeFetchProgram, n); err != nil {
				panic(inv.toJSError(err))
			}
			inv.modules.set("\x00fetch", v)
		}
		if name == "" {
			return v
		}
		return v.(*goja.Object).Get(name)
	}
}

// wellFormedProgram adds ES2024's String.prototype.isWellFormed and
// toWellFormed, which Node 20 has and goja lacks, for scripts that name
// them.
var wellFormedProgram = builtin("wellformed.js", `(function () {
  'use strict';
  function loneAt(s, from) {
    for (var i = from; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        var d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
        return i;
      }
      if (c >= 0xdc00 && c <= 0xdfff) return i;
    }
    return -1;
  }
  function str(v, name) {
    if (v === null || v === undefined) throw new TypeError('String.prototype.' + name + ' called on null or undefined');
    return String(v);
  }
  Object.defineProperty(String.prototype, 'isWellFormed', { writable: true, configurable: true, enumerable: false,
    value: function isWellFormed() { return loneAt(str(this, 'isWellFormed'), 0) === -1; } });
  Object.defineProperty(String.prototype, 'toWellFormed', { writable: true, configurable: true, enumerable: false,
    value: function toWellFormed() {
      var s = str(this, 'toWellFormed'), out = '', last = 0, i;
      while ((i = loneAt(s, last)) !== -1) { out += s.slice(last, i) + '\ufffd'; last = i + 1; }
      return out + s.slice(last);
    } });
})`)

// urlHrefFixProgram is urlHrefFix compiled once for all invocations (a
// Program is immutable; each run makes new objects in its own runtime).
var urlHrefFixProgram = builtin("url.js", urlHrefFix)

// urlHrefFix makes href reflect searchParams changes, as toString already
// does (goja_nodejs' href getter skips the sync; its property cannot be
// redefined, so a subclass shadows it). For the special schemes it takes
// the host and the path from the WHATWG parser (see whatwgURL): goja_nodejs
// cut an IPv6 hostname at its first colon ("[" for [::1], which sent
// http.get to the wrong host), decoded punycode and left IPv4 spellings as
// names. native.resolve(input, base) is null or [the URL for goja_nodejs'
// class, the path, the hostname], native.path(v) the path the pathname
// setter makes of v, native.host(v, scheme, withPort) what the host and
// hostname setters make of v. And
// URLSearchParams serialises "+" as "%2B" (native.form), as WHATWG's
// application/x-www-form-urlencoded serializer does: goja_nodejs left it
// bare, so that the server read a space ("a+b" in a client secret became
// "a b"); a URL whose query goja_nodejs wrote from its searchParams gets the
// same serialisation.
const urlHrefFix = `(function (Base, native, Params) {
  var paths = new WeakMap();
  var paramsToString = Params.prototype.toString;
  function form(params) { return native.form(Array.from(params)); }
  Object.defineProperty(Params.prototype, 'toString', {
    value: function toString() { return form(this); }, writable: true, configurable: true, enumerable: false,
  });
  var hostnames = new WeakMap(), userinfos = new WeakMap();
  var tupleOrigins = { 'http:': true, 'https:': true, 'ws:': true, 'wss:': true, 'ftp:': true };
  function remember(u, w) {
    paths.set(u, w[1]);
    hostnames.set(u, w[2]);
    userinfos.set(u, [w[3], w[4]]);
  }
  // rebuild sets the href of a URL with a host from its parts, with some
  // replaced.
  function rebuild(u, parts) {
    var ui = userinfos.get(u), user = 'user' in parts ? parts.user : ui[0], pass = 'pass' in parts ? parts.pass : ui[1];
    var host = 'host' in parts ? parts.host : hostnames.get(u), port = 'port' in parts ? parts.port : u.port;
    var auth = user || pass ? user + (pass ? ':' + pass : '') + '@' : '';
    u.href = u.protocol + '//' + auth + host + (port ? ':' + port : '') + paths.get(u) + u.search + u.hash;
  }
  function setHost(u, v, withPort, fallback) {
    if (!paths.has(u)) return fallback();
    var scheme = u.protocol.slice(0, -1);
    var r = native.host(String(v), scheme, withPort);
    if (r === null) return;
    rebuild(u, r[1] === null ? { host: r[0] } : { host: r[0], port: r[1] });
  }
  return class URL extends Base {
    constructor(input, base) {
      var w = native.resolve(input, base);
      try {
        if (w !== null) super(w[0]);
        else if (arguments.length > 1) super(input, base);
        else super(input);
      } catch (e) {
        // Node's one message for every URL it cannot read, with the input
        // (and base) on the error.
        if (e && e.code === 'ERR_INVALID_URL') throw native.invalidURL(input, base);
        throw e;
      }
      if (w !== null) remember(this, w);
    }
    get pathname() {
      var p = paths.get(this);
      if (p !== undefined) return p;
      var h = super.toString(), proto = super.protocol;
      if (h.slice(proto.length, proto.length + 2) !== '//') {
        // An opaque path (mailto:, urn:, data:): what follows the scheme.
        return h.slice(proto.length, h.length - super.hash.length - super.search.length);
      }
      return super.pathname;
    }
    set pathname(v) {
      if (paths.has(this)) paths.set(this, native.path(v, this.protocol.slice(0, -1)));
      else super.pathname = v;
    }
    // Only http(s), ws(s) and ftp URLs have an origin to tell; a blob URL
    // has its inner http(s) URL's.
    get origin() {
      var scheme = this.protocol;
      if (scheme === 'blob:') {
        try {
          var inner = new URL(this.pathname);
          return inner.protocol === 'http:' || inner.protocol === 'https:' ? inner.origin : 'null';
        } catch (e) {
          return 'null';
        }
      }
      return tupleOrigins[scheme] ? scheme + '//' + this.host : 'null';
    }
    toString() {
      var s = super.toString(), p = paths.get(this);
      if (p === undefined) return s;
      var ui = userinfos.get(this), auth = ui[0] || ui[1] ? ui[0] + (ui[1] ? ':' + ui[1] : '') + '@' : '';
      return this.protocol + '//' + auth + this.host + p + this.search + this.hash;
    }
    toJSON() { return this.toString(); }
    get href() { return this.toString(); }
    set href(v) {
      var w = native.resolve(v, undefined);
      if (w === null) {
        super.href = v;
        paths.delete(this);
        hostnames.delete(this);
        userinfos.delete(this);
      } else {
        super.href = w[0];
        remember(this, w);
      }
    }
    // goja_nodejs keeps a leading "?" the WHATWG setter drops.
    get search() {
      var s = super.search;
      if (s.length > 1 && s === '?' + paramsToString.call(this.searchParams)) {
        var f = form(this.searchParams);
        return f === '' ? '' : '?' + f;
      }
      return s;
    }
    set search(v) {
      v = String(v);
      super.search = v.charAt(0) === '?' ? v.slice(1) : v;
    }
    // A host is the WHATWG parser's (native.resolve).
    get hostname() {
      var h = hostnames.get(this);
      if (h !== undefined) return h;
      h = super.host;
      if (h.charAt(0) === '[') return h.slice(0, h.indexOf(']') + 1);
      return super.hostname;
    }
    // The host and hostname setters of a URL with a host read the host as
    // the WHATWG parser does (native.host); the URL is then rebuilt.
    set hostname(v) { setHost(this, v, false, () => { super.hostname = v; }); }
    get username() {
      var ui = userinfos.get(this);
      return ui === undefined ? super.username : ui[0];
    }
    set username(v) { if (paths.has(this)) rebuild(this, { user: native.userinfo(String(v)) }); else super.username = v; }
    get password() {
      var ui = userinfos.get(this);
      return ui === undefined ? super.password : ui[1];
    }
    set password(v) { if (paths.has(this)) rebuild(this, { pass: native.userinfo(String(v)) }); else super.password = v; }
    get host() {
      var h = hostnames.get(this);
      if (h === undefined) return super.host;
      var port = this.port;
      return port ? h + ':' + port : h;
    }
    set host(v) { setHost(this, v, true, () => { super.host = v; }); }
    static canParse(input, base) {
      try {
        if (arguments.length > 1) new URL(input, base);
        else new URL(input);
        return true;
      } catch (e) {
        return false;
      }
    }
  };
})`
