package script

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// Node's util.inspect and util.format, for console output and the util
// module alike: the same walk as Node's lib/internal/util/inspect.js
// (formatValue, formatRaw, formatProperty, reduceToSingleString,
// groupArrayElements) for the values scripts log, without colours.

// inspectOptions are util.inspect's options that change the text.
type inspectOptions struct {
	depth          float64 // +Inf for null
	breakLength    float64
	compact        int // 0 for false; compactTrue for true
	maxArrayLength float64
	maxStringLen   float64
	showHidden     bool
	sorted         bool
	noCustom       bool // customInspect: false
}

const compactTrue = -1

func defaultInspectOptions() inspectOptions {
	return inspectOptions{depth: 2, breakLength: 80, compact: 3, maxArrayLength: 100, maxStringLen: 10000}
}

// inspectOptionsOf reads util.inspect's options object (or the legacy
// showHidden, depth arguments).
func inspectOptionsOf(args []goja.Value) inspectOptions {
	o := defaultInspectOptions()
	if len(args) == 0 {
		return o
	}
	opts, ok := args[0].(*goja.Object)
	if !ok {
		if present(args[0]) {
			o.showHidden = args[0].ToBoolean()
		}
		if len(args) > 1 && args[1] != nil && !goja.IsUndefined(args[1]) {
			o.depth = numberOption(args[1], o.depth)
		}
		return o
	}
	o.depth = numberOption(opts.Get("depth"), o.depth)
	o.breakLength = numberOption(opts.Get("breakLength"), o.breakLength)
	o.maxArrayLength = numberOption(opts.Get("maxArrayLength"), o.maxArrayLength)
	o.maxStringLen = numberOption(opts.Get("maxStringLength"), o.maxStringLen)
	if v := opts.Get("showHidden"); present(v) {
		o.showHidden = v.ToBoolean()
	}
	if v := opts.Get("sorted"); present(v) {
		o.sorted = v.ToBoolean()
	}
	if v := opts.Get("customInspect"); v != nil && !goja.IsUndefined(v) {
		o.noCustom = !v.ToBoolean()
	}
	if v := opts.Get("compact"); v != nil && !goja.IsUndefined(v) {
		if t := v.ExportType(); t != nil && t.Kind() == reflect.Bool {
			if v.ToBoolean() {
				o.compact = compactTrue
			} else {
				o.compact = 0
			}
		} else if n := v.ToFloat(); n >= 0 && !math.IsNaN(n) {
			o.compact = int(math.Min(n, 1<<20))
		}
	}
	return o
}

// numberOption is v as a number option: null is +Inf, undefined def.
func numberOption(v goja.Value, def float64) float64 {
	switch {
	case v == nil || goja.IsUndefined(v):
		return def
	case goja.IsNull(v):
		return math.Inf(1)
	}
	n := v.ToFloat()
	if math.IsNaN(n) {
		return def
	}
	return n
}

// inspectValue is util.inspect(v, opts).
func inspectValue(rt *goja.Runtime, v goja.Value, o inspectOptions) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "[object]"
		}
	}()
	in := &inspector{rt: rt, o: o}
	return in.formatValue(v, 0)
}

// inspect renders v as console.log does.
func inspect(rt *goja.Runtime, v goja.Value) string {
	return inspectValue(rt, v, defaultInspectOptions())
}

type inspector struct {
	rt             *goja.Runtime
	o              inspectOptions
	seen           []*goja.Object
	circular       map[*goja.Object]int
	indentationLvl int
	currentDepth   int
	nodes          int
	customSym      *goja.Symbol // Symbol.for('nodejs.util.inspect.custom')
	objectProto    *goja.Object // Object.prototype, once asked for (see plain)
	// protoCustom tells, by prototype, whether mayHaveCustom found the
	// symbol on it.
	protoCustom map[*goja.Object]bool
	// symbols are symbolsOf's own symbols (see ownSymbols).
	symbolsOf, symbols *goja.Object
}

// plain reports an object whose prototype is Object.prototype: no
// WeakMap, WeakSet, Promise, typed array, DataView or Error, whose
// prototypes would be on its chain. Asking that first spares the
// inspection of an ordinary object the built-in constructors the other
// checks would otherwise bring into being (goja makes each, with all its
// methods, on first use: hundreds of allocations per console.log).
func (in *inspector) plain(o *goja.Object) bool {
	if in.objectProto == nil {
		in.objectProto = in.rt.NewObject().Prototype()
	}
	return o.Prototype() == in.objectProto
}

// maxInspectNodes bounds the values one inspection visits.
const maxInspectNodes = 5000

// maxInspectDepth is the nesting at which an inspection stops as Node's
// does when it runs out of stack.
const maxInspectDepth = 800

var keyStrRe = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z_0-9]*$`)

// jsLen is s's length in UTF-16 units, as JavaScript counts.
func jsLen(s string) int { return utf16Len(s) }

// strEscape quotes s as Node does: single quotes unless s has one and no
// double quote (then double) or has both and no backtick (then backtick).
func strEscape(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") {
		if !strings.Contains(s, `"`) {
			q = '"'
		} else if !strings.Contains(s, "`") && !strings.Contains(s, "${") {
			q = '`'
		}
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) && q == '\'':
			b.WriteString(`\'`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			b.WriteString(`\x` + strings.ToUpper(strconv.FormatUint(uint64(r)|0x100, 16)[1:]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func (in *inspector) formatValue(v goja.Value, recurseTimes int) string {
	in.nodes++
	if in.nodes > maxInspectNodes {
		return "..." // a bound of ours: Node has none
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return in.formatPrimitive(v)
	}
	if !in.o.noCustom {
		if out, ok := in.custom(o, recurseTimes); ok {
			return out
		}
	}
	for _, s := range in.seen {
		if s == o {
			if in.circular == nil {
				in.circular = map[*goja.Object]int{}
			}
			idx, ok := in.circular[o]
			if !ok {
				idx = len(in.circular) + 1
				in.circular[o] = idx
			}
			return "[Circular *" + strconv.Itoa(idx) + "]"
		}
	}
	return in.formatRaw(o, recurseTimes)
}

// mayHaveCustom reports whether o's prototype chain has a property keyed
// by a symbol described as util.inspect.custom is (the symbol itself is
// Symbol.for's, which asking for would make the Symbol constructor).
func (in *inspector) mayHaveCustom(o *goja.Object) bool {
	for i := 0; o != nil && i < 1000; i++ {
		if i > 0 {
			if has, ok := in.protoCustom[o]; ok {
				if has {
					return true
				}
				o = o.Prototype()
				continue
			}
		}
		has := in.hasCustomKey(o)
		if i > 0 {
			if in.protoCustom == nil {
				in.protoCustom = map[*goja.Object]bool{}
			}
			in.protoCustom[o] = has
		}
		if has {
			return true
		}
		o = o.Prototype()
	}
	return false
}

// hasCustomKey reports whether o has an own property keyed by a symbol
// described as util.inspect.custom is (or cannot tell).
func (in *inspector) hasCustomKey(o *goja.Object) bool {
	syms, ok := in.ownSymbols(o)
	if !ok {
		return true
	}
	n := syms.Get("length").ToInteger()
	for i := int64(0); i < n; i++ {
		if s, ok := syms.Get(strconv.FormatInt(i, 10)).(*goja.Symbol); ok && strings.Contains(s.String(), inspectCustom) {
			return true
		}
	}
	return false
}

// ownSymbols is Object.getOwnPropertySymbols(o). The last answer is kept:
// custom asks it of a value that keys then lists.
func (in *inspector) ownSymbols(o *goja.Object) (*goja.Object, bool) {
	if o != in.symbolsOf || in.symbols == nil {
		in.symbols, _ = in.call("Object", "getOwnPropertySymbols", o).(*goja.Object)
		in.symbolsOf = o
	}
	return in.symbols, in.symbols != nil
}

// inspectCustom is the symbol util.inspect.custom.
const inspectCustom = "nodejs.util.inspect.custom"

// custom is o's own rendering, when it has an [util.inspect.custom]
// method that gives something else than o: a string as it is (indented
// as the surrounding output), another value inspected in its place.
func (in *inspector) custom(o *goja.Object, recurseTimes int) (string, bool) {
	if in.customSym == nil && !in.mayHaveCustom(o) {
		// No such symbol on its chain: no custom rendering, and no need to
		// make the Symbol constructor to find the symbol.
		return "", false
	}
	if in.customSym == nil {
		sym, ok := in.call("Symbol", "for", in.rt.ToValue(inspectCustom)).(*goja.Symbol)
		if !ok {
			return "", false
		}
		in.customSym = sym
	}
	f, ok := goja.AssertFunction(o.GetSymbol(in.customSym))
	if !ok {
		return "", false
	}
	if c, ok := o.Get("constructor").(*goja.Object); ok && c.Get("prototype") == goja.Value(o) {
		return "", false // a prototype object
	}
	var depth goja.Value = goja.Null()
	if !math.IsInf(in.o.depth, 1) {
		depth = in.rt.ToValue(in.o.depth - float64(recurseTimes))
	}
	opts := in.rt.NewObject()
	if math.IsInf(in.o.depth, 1) {
		_ = opts.Set("depth", goja.Null())
	} else {
		_ = opts.Set("depth", in.o.depth)
	}
	_ = opts.Set("breakLength", in.o.breakLength)
	_ = opts.Set("maxArrayLength", in.o.maxArrayLength)
	_ = opts.Set("maxStringLength", in.o.maxStringLen)
	_ = opts.Set("showHidden", in.o.showHidden)
	_ = opts.Set("sorted", in.o.sorted)
	_ = opts.Set("customInspect", true)
	_ = opts.Set("colors", false)
	_ = opts.Set("stylize", func(s goja.Value) goja.Value { return s })
	inspectFn := func(call goja.FunctionCall) goja.Value {
		return in.rt.ToValue(inspectValue(in.rt, call.Argument(0), inspectOptionsOf(call.Arguments[min(1, len(call.Arguments)):])))
	}
	ret, err := f(o, depth, opts, in.rt.ToValue(inspectFn))
	if err != nil {
		panic(err)
	}
	if r, same := ret.(*goja.Object); same && r == o {
		return "", false
	}
	if s, ok := primitiveString(ret); ok {
		return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", in.indentationLvl)), true
	}
	return in.formatValue(ret, recurseTimes), true
}

func (in *inspector) formatPrimitive(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	if sym, ok := v.(*goja.Symbol); ok {
		return "Symbol(" + sym.String() + ")"
	}
	switch x := v.Export().(type) {
	case string:
		trailer := ""
		if n := float64(jsLen(x)); n > in.o.maxStringLen {
			keep := int(math.Max(in.o.maxStringLen, 0))
			rem := int(n) - keep
			x = string(utf16Prefix(x, keep))
			trailer = "... " + strconv.Itoa(rem) + " more character" + plural(rem)
		}
		if in.o.compact != compactTrue && jsLen(x) > 16 && float64(jsLen(x)) > in.o.breakLength-float64(in.indentationLvl)-4 {
			lines := splitAfterNewlines(x)
			for i, l := range lines {
				lines[i] = strEscape(l)
			}
			return strings.Join(lines, " +\n"+strings.Repeat(" ", in.indentationLvl+2)) + trailer
		}
		return strEscape(x) + trailer
	case float64:
		return numberString(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	s := v.String()
	if t := v.ExportType(); t != nil && t.String() == "*big.Int" {
		return s + "n"
	}
	return s
}

// utf16Prefix is s cut to its first n UTF-16 units.
func utf16Prefix(s string, n int) string {
	k := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if k+w > n {
			return s[:i]
		}
		k += w
	}
	return s
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// splitAfterNewlines splits s after each "\n", keeping it.
func splitAfterNewlines(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || i == len(s)-1 {
			return append(out, s)
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
}

// call calls the method of the global named global (Object.keys, say):
// the script's current one, nil when it is no function or throws.
func (in *inspector) call(global, method string, args ...goja.Value) goja.Value {
	g, ok := in.rt.Get(global).(*goja.Object)
	if !ok {
		return nil
	}
	f, ok := goja.AssertFunction(g.Get(method))
	if !ok {
		return nil
	}
	v, err := f(g, args...)
	if err != nil {
		return nil
	}
	return v
}

// constructorName is Node's getConstructorName: the name of the first
// constructor along the prototype chain; ok false for a null prototype.
func (in *inspector) constructorName(o *goja.Object) (string, bool) {
	obj := o
	for i := 0; obj != nil && i < 1000; i++ {
		d, _ := in.call("Object", "getOwnPropertyDescriptor", obj, in.rt.ToValue("constructor")).(*goja.Object)
		if d != nil {
			if c, ok := d.Get("value").(*goja.Object); ok {
				if _, fn := goja.AssertFunction(c); fn {
					if name := safeString(c.Get("name")); name != "" {
						return name, true
					}
				}
			}
		}
		obj = obj.Prototype()
		if i == 0 && obj == nil {
			return "", false
		}
	}
	return "", true
}

// getPrefix is Node's: "Name(size) [tag] ", or the null-prototype form.
func getPrefix(ctor string, hasCtor bool, tag, fallback, size string) string {
	if !hasCtor {
		if tag != "" && fallback != tag {
			return "[" + fallback + size + ": null prototype] [" + tag + "] "
		}
		return "[" + fallback + size + ": null prototype] "
	}
	if tag != "" && ctor != tag {
		return ctor + size + " [" + tag + "] "
	}
	return ctor + size + " "
}

// ctxStyle is Node's getCtxStyle: the prefix of an object of no special
// kind, naming its internal class (Array, Function...) when its prototype
// is null.
func ctxStyle(cls, ctor string, hasCtor bool, tag string) string {
	fallback := ""
	if !hasCtor {
		if fallback = cls; fallback == tag {
			fallback = "Object"
		}
	}
	return getPrefix(ctor, hasCtor, tag, fallback, "")
}

var (
	mapExportType    = reflect.TypeFor[[][2]any]()
	stringExportType = reflect.TypeFor[string]()
	setExportType    = reflect.TypeFor[[]any]()
)

type extrasType int

const (
	kObjectType      extrasType = iota
	kArrayType                  // an element: its value alone
	kArrayExtrasType            // a key of an array besides its elements
)

func (in *inspector) formatRaw(o *goja.Object, recurseTimes int) string {
	rt := in.rt
	ctor, hasCtor := in.constructorName(o)
	tag := ""
	if tv := o.GetSymbol(goja.SymToStringTag); tv != nil {
		if t, ok := primitiveString(tv); ok && t != ctor {
			tag = t
		}
	}
	var keys []goja.Value
	base := ""
	braces := [2]string{"{", "}"}
	extras := kObjectType
	var formatter func(recurseTimes int) []string
	cls := o.ClassName()
	if cls == "Object" {
		// Maps and Sets by what they are, whatever their prototype (goja
		// gives both the class name Object).
		switch o.ExportType() {
		case mapExportType:
			cls = "Map"
		case setExportType:
			cls = "Set"
		case stringExportType:
			// A boxed Symbol (Object(Symbol())): class Object, exported as
			// its description.
			if _, sym := in.callMethod(o, "valueOf").(*goja.Symbol); sym {
				cls = "Symbol"
			}
		}
	}
	plain := in.plain(o)
	for _, c := range []string{"WeakMap", "WeakSet", "Promise"} {
		if cls == "Object" && !plain && in.instanceOf(o, c) {
			cls = c
		}
	}
	_, isFn := goja.AssertFunction(o)
	isView := false
	if !isFn && cls != "Array" && !plain {
		if r := in.call("ArrayBuffer", "isView", o); r != nil && r.ToBoolean() && cls != "DataView" {
			isView = ctor != "DataView"
		}
	}
	switch {
	case cls == "Array" || isView:
		n := int(o.Get("length").ToInteger())
		if isView && ctor == "Buffer" {
			if b, ok := o.Export().([]byte); ok {
				return bufferInspect(b)
			}
		}
		prefix := ""
		if isView || ctor != "Array" || tag != "" {
			fallback := "Array"
			if isView {
				fallback = ctor
			}
			prefix = getPrefix(ctor, hasCtor, tag, fallback, "("+strconv.Itoa(n)+")")
		}
		keys = in.keys(o, true)
		braces = [2]string{prefix + "[", "]"}
		if n == 0 && len(keys) == 0 {
			return braces[0] + "]"
		}
		extras = kArrayExtrasType
		formatter = func(rt int) []string { return in.formatArray(o, n, rt) }
	case cls == "Set" || cls == "Map":
		size := in.collectionSize(o, cls)
		prefix := getPrefix(ctor, hasCtor, tag, cls, "("+strconv.Itoa(size)+")")
		keys = in.keys(o, false)
		if size == 0 && len(keys) == 0 {
			return prefix + "{}"
		}
		braces = [2]string{prefix + "{", "}"}
		formatter = func(rt int) []string { return in.formatCollection(o, cls == "Map", rt) }
	default:
		keys = in.keys(o, false)
		switch {
		case isFn:
			base = in.functionBase(o, ctor, hasCtor, tag)
			if len(keys) == 0 {
				return base
			}
		case cls == "Error" || !plain && isError(rt, o):
			base = in.errorBase(o)
			keys = in.without(keys, "stack", "message")
			if len(keys) == 0 {
				return base
			}
		case cls == "RegExp":
			base = safeString(o)
			if p := getPrefix(ctor, hasCtor, tag, "RegExp", ""); p != "RegExp " {
				base = p + base
			}
			if len(keys) == 0 || float64(recurseTimes) > in.o.depth {
				return base
			}
		case cls == "Date":
			base = "Invalid Date"
			if r := in.callMethod(o, "toISOString"); r != nil && !math.IsNaN(o.ToFloat()) {
				base = r.String()
			}
			if p := getPrefix(ctor, hasCtor, tag, "Date", ""); p != "Date " {
				base = p + base
			}
			if len(keys) == 0 {
				return base
			}
		case cls == "String" || cls == "Number" || cls == "Boolean" || cls == "Symbol":
			prim := in.callMethod(o, "valueOf")
			base = "[" + cls
			if ctor != cls {
				base += " (" + ctor + ")"
			}
			base += ": " + in.formatPrimitiveFlat(prim) + "]"
			if cls == "String" {
				keys = in.without(keys, indexKeys(int(o.Get("length").ToInteger()))...)
			}
			if len(keys) == 0 {
				return base
			}
		case cls == "Promise":
			braces[0] = getPrefix(ctor, hasCtor, tag, "Promise", "") + "{"
			formatter = func(rt int) []string { return in.formatPromise(o, rt) }
		case cls == "WeakMap" || cls == "WeakSet":
			braces[0] = getPrefix(ctor, hasCtor, tag, cls, "") + "{"
			formatter = func(int) []string { return []string{"<items unknown>"} }
		case ctor == "Object" && hasCtor:
			if tag != "" {
				braces[0] = getPrefix(ctor, hasCtor, tag, "Object", "") + "{"
			}
			if len(keys) == 0 {
				return braces[0] + "}"
			}
		default:
			name := ctxStyle(cls, ctor, hasCtor, tag)
			if len(keys) == 0 {
				return name + "{}"
			}
			braces[0] = name + "{"
		}
	}
	if float64(recurseTimes) > in.o.depth {
		name := strings.TrimSuffix(ctxStyle(cls, ctor, hasCtor, tag), " ")
		if hasCtor {
			name = "[" + name + "]"
		}
		return name
	}
	if recurseTimes >= maxInspectDepth {
		// Where Node's formatter runs out of stack (about 800 levels; the
		// Go recursion would run on to the end of the process's stack).
		return "[" + strings.TrimSuffix(ctxStyle(cls, ctor, hasCtor, tag), " ") + ": Inspection interrupted prematurely. Maximum call stack size exceeded.]"
	}
	recurseTimes++
	in.seen = append(in.seen, o)
	in.currentDepth = recurseTimes
	var output []string
	if formatter != nil {
		output = formatter(recurseTimes)
	}
	for _, k := range keys {
		output = append(output, in.formatProperty(o, recurseTimes, k, extras))
	}
	if idx, ok := in.circular[o]; ok {
		ref := "<ref *" + strconv.Itoa(idx) + ">"
		if in.o.compact != compactTrue {
			if base == "" {
				base = ref
			} else {
				base = ref + " " + base
			}
		} else {
			braces[0] = ref + " " + braces[0]
		}
	}
	in.seen = in.seen[:len(in.seen)-1]
	if in.o.sorted {
		if extras == kObjectType {
			sort.Strings(output)
		} else if len(keys) > 1 {
			sort.Strings(output[len(output)-len(keys):])
		}
	}
	return in.reduceToSingleString(output, base, braces, extras, recurseTimes, o)
}

// formatPrimitiveFlat is a primitive as Node writes it inside a boxed
// primitive: strings quoted, never split over lines.
func (in *inspector) formatPrimitiveFlat(v goja.Value) string {
	if s, ok := primitiveString(v); ok {
		return strEscape(s)
	}
	return in.formatPrimitive(v)
}

// instanceOf reports whether o is an instance of the global constructor
// named ctor.
func (in *inspector) instanceOf(o *goja.Object, ctor string) bool {
	c, ok := in.rt.Get(ctor).(*goja.Object)
	if !ok {
		return false
	}
	defer func() { _ = recover() }()
	return in.rt.InstanceOf(o, c)
}

func (in *inspector) callMethod(o *goja.Object, name string) goja.Value {
	f, ok := goja.AssertFunction(o.Get(name))
	if !ok {
		return nil
	}
	v, err := f(o)
	if err != nil {
		return nil
	}
	return v
}

// maxKeyedLength is the array length above which inspect does not look
// for keys besides the elements: listing a vast array's keys would cost
// what the array holds.
const maxKeyedLength = 1 << 16

// keys are o's own keys that inspect shows: enumerable string keys (all
// with showHidden), without array indices when nonIndex, then symbols.
func (in *inspector) keys(o *goja.Object, nonIndex bool) []goja.Value {
	if nonIndex && o.Get("length").ToInteger() > maxKeyedLength {
		return nil
	}
	var names []string
	if in.o.showHidden {
		names = o.GetOwnPropertyNames()
	} else {
		names = o.Keys()
	}
	out := make([]goja.Value, 0, len(names))
	for _, k := range names {
		if nonIndex && isArrayIndex(k) {
			continue
		}
		out = append(out, in.rt.ToValue(k))
	}
	if syms, ok := in.ownSymbols(o); ok {
		for _, k := range syms.Keys() {
			s := syms.Get(k)
			if in.o.showHidden || in.enumerable(o, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func isArrayIndex(k string) bool {
	if k == "" || (len(k) > 1 && k[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < math.MaxUint32
}

func indexKeys(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

func (in *inspector) without(keys []goja.Value, drop ...string) []goja.Value {
	out := keys[:0:0]
	for _, k := range keys {
		if _, sym := k.(*goja.Symbol); !sym && slices.Contains(drop, k.String()) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func (in *inspector) descriptor(o *goja.Object, key goja.Value) *goja.Object {
	d, _ := in.call("Object", "getOwnPropertyDescriptor", o, key).(*goja.Object)
	return d
}

func (in *inspector) enumerable(o *goja.Object, key goja.Value) bool {
	d := in.descriptor(o, key)
	return d != nil && d.Get("enumerable").ToBoolean()
}

// formatProperty is Node's: "key: value", or the value alone for an array
// element; accessors are [Getter], [Setter] or [Getter/Setter] and never
// called.
func (in *inspector) formatProperty(o *goja.Object, recurseTimes int, key goja.Value, extras extrasType) string {
	d := in.descriptor(o, key)
	var str string
	enumerable := true
	switch {
	case d == nil:
		in.indentationLvl += 2
		str = in.formatValue(o.Get(key.String()), recurseTimes)
		in.indentationLvl -= 2
	case present(d.Get("get")) || present(d.Get("set")):
		switch {
		case present(d.Get("get")) && present(d.Get("set")):
			str = "[Getter/Setter]"
		case present(d.Get("get")):
			str = "[Getter]"
		default:
			str = "[Setter]"
		}
		enumerable = d.Get("enumerable").ToBoolean()
	default:
		in.indentationLvl += 2
		str = in.formatValue(d.Get("value"), recurseTimes)
		in.indentationLvl -= 2
		enumerable = d.Get("enumerable").ToBoolean()
	}
	if extras == kArrayType {
		return str
	}
	var name string
	if sym, ok := key.(*goja.Symbol); ok {
		name = "[Symbol(" + sym.String() + ")]"
	} else {
		k := key.String()
		switch {
		case k == "__proto__":
			name = "['__proto__']"
		case !enumerable:
			name = "[" + k + "]"
		case keyStrRe.MatchString(k):
			name = k
		default:
			name = strEscape(k)
		}
	}
	return name + ": " + str
}

// formatArray lists an array's (or typed array's) elements up to
// maxArrayLength, as Node's formatArray and formatSpecialArray: runs of
// holes as "<n empty items>", found from the keys the array has, so that
// a vast sparse array costs what it holds.
func (in *inspector) formatArray(o *goja.Object, n, recurseTimes int) []string {
	maxLength := int(math.Min(math.Max(0, in.o.maxArrayLength), float64(n)))
	out := make([]string, 0, maxLength+1)
	for i := 0; i < maxLength; i++ {
		k := in.rt.ToValue(strconv.Itoa(i))
		if in.descriptor(o, k) == nil {
			return in.formatSpecialArray(o, n, recurseTimes, maxLength, out, i)
		}
		out = append(out, in.formatProperty(o, recurseTimes, k, kArrayType))
	}
	if rem := n - maxLength; rem > 0 {
		out = append(out, "... "+strconv.Itoa(rem)+" more item"+plural(rem))
	}
	return out
}

func (in *inspector) formatSpecialArray(o *goja.Object, n, recurseTimes, maxLength int, out []string, i int) []string {
	keys := o.Keys()
	index := i
	for ; i < len(keys) && len(out) < maxLength; i++ {
		key := keys[i]
		tmp, err := strconv.ParseFloat(key, 64)
		if err == nil && tmp > 1<<32-2 {
			break
		}
		if strconv.Itoa(index) != key {
			if err != nil || !isArrayIndex(key) {
				break
			}
			empty := int(tmp) - index
			out = append(out, "<"+strconv.Itoa(empty)+" empty item"+plural(empty)+">")
			index = int(tmp)
			if len(out) == maxLength {
				break
			}
		}
		out = append(out, in.formatProperty(o, recurseTimes, in.rt.ToValue(key), kArrayType))
		index++
	}
	remaining := n - index
	switch {
	case len(out) != maxLength && remaining > 0:
		out = append(out, "<"+strconv.Itoa(remaining)+" empty item"+plural(remaining)+">")
	case len(out) == maxLength && remaining > 0:
		out = append(out, "... "+strconv.Itoa(remaining)+" more item"+plural(remaining))
	}
	return out
}

// formatCollection lists a Map's "key => value" entries or a Set's values.
func (in *inspector) formatCollection(o *goja.Object, isMap bool, recurseTimes int) []string {
	var out []string
	limit := int(math.Max(0, in.o.maxArrayLength))
	cls := "Set"
	if isMap {
		cls = "Map"
	}
	size := in.collectionSize(o, cls)
	in.indentationLvl += 2
	if forEach, ok := goja.AssertFunction(in.builtIn(cls, "forEach", false)); ok {
		_, _ = forEach(o, in.rt.ToValue(func(call goja.FunctionCall) goja.Value {
			if len(out) >= limit {
				panic(in.rt.ToValue("enough")) // ends forEach early
			}
			if isMap {
				out = append(out, in.formatValue(call.Argument(1), recurseTimes)+" => "+in.formatValue(call.Argument(0), recurseTimes))
			} else {
				out = append(out, in.formatValue(call.Argument(0), recurseTimes))
			}
			return goja.Undefined()
		}))
	}
	in.indentationLvl -= 2
	if rem := size - limit; rem > 0 {
		out = append(out, "... "+strconv.Itoa(rem)+" more item"+plural(rem))
	}
	return out
}

// builtIn is the method name of the global cls's prototype, or its getter
// when getter is set: what Node calls through primordials, so that neither
// an instance's own properties nor a missing prototype changes the output.
func (in *inspector) builtIn(cls, name string, getter bool) goja.Value {
	c, ok := in.rt.Get(cls).(*goja.Object)
	if !ok {
		return nil
	}
	p, ok := c.Get("prototype").(*goja.Object)
	if !ok {
		return nil
	}
	if !getter {
		return p.Get(name)
	}
	if d := in.descriptor(p, in.rt.ToValue(name)); d != nil {
		return d.Get("get")
	}
	return nil
}

// collectionSize is the size of the Map or Set o.
func (in *inspector) collectionSize(o *goja.Object, cls string) int {
	if size, ok := goja.AssertFunction(in.builtIn(cls, "size", true)); ok {
		if n, err := size(o); err == nil {
			return int(n.ToInteger())
		}
	}
	return 0
}

func (in *inspector) formatPromise(o *goja.Object, recurseTimes int) []string {
	p, ok := o.Export().(*goja.Promise)
	if !ok || p.State() == goja.PromiseStatePending {
		return []string{"<pending>"}
	}
	in.indentationLvl += 2
	s := in.formatValue(p.Result(), recurseTimes)
	in.indentationLvl -= 2
	if p.State() == goja.PromiseStateRejected {
		s = "<rejected> " + s
	}
	return []string{s}
}

// functionBase is Node's getFunctionBase: [Function: f], [AsyncFunction:
// f], [class A extends B] and the like.
func (in *inspector) functionBase(o *goja.Object, ctor string, hasCtor bool, tag string) string {
	src := ""
	if fp, ok := in.rt.Get("Function").(*goja.Object); ok {
		if proto, ok := fp.Get("prototype").(*goja.Object); ok {
			if ts, ok := goja.AssertFunction(proto.Get("toString")); ok {
				if v, err := ts(o); err == nil {
					src = v.String()
				}
			}
		}
	}
	name := safeString(o.Get("name"))
	if strings.HasPrefix(src, "class") && strings.HasSuffix(src, "}") {
		n := name
		if d := in.descriptor(o, in.rt.ToValue("name")); d == nil || n == "" {
			n = "(anonymous)"
		}
		base := "class " + n
		if ctor != "Function" && hasCtor {
			base += " [" + ctor + "]"
		}
		if tag != "" && ctor != tag {
			base += " [" + tag + "]"
		}
		if !hasCtor {
			base += " extends [null prototype]"
		} else if p := o.Prototype(); p != nil {
			if sup := safeString(p.Get("name")); sup != "" {
				base += " extends " + sup
			}
		}
		return "[" + base + "]"
	}
	typ := "Function"
	switch ctor {
	case "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction":
		typ = ctor
	}
	base := "[" + typ
	if !hasCtor {
		base += " (null prototype)"
	}
	if name == "" {
		base += " (anonymous)"
	} else {
		base += ": " + name
	}
	base += "]"
	if ctor != typ && hasCtor {
		base += " " + ctor
	}
	if tag != "" && ctor != tag {
		base += " [" + tag + "]"
	}
	return base
}

// errorBase is an Error's stack (goja's frames written as V8 writes them),
// or "[Name: message]" without one; indented to the current level.
func (in *inspector) errorBase(o *goja.Object) string {
	stack := safeString(o.Get("stack"))
	if stack == "" {
		name, msg := safeString(o.Get("name")), safeString(o.Get("message"))
		if msg == "" {
			return "[" + name + "]"
		}
		return "[" + name + ": " + msg + "]"
	}
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "\tat ") {
			l = "    at " + strings.TrimPrefix(l, "\tat ")
			if j := strings.LastIndexByte(l, '('); j > 0 && strings.HasSuffix(l, ")") && isDigits(l[j+1:len(l)-1]) {
				l = l[:j]
			}
			lines[i] = l
		}
	}
	stack = strings.Join(lines, "\n")
	if in.indentationLvl > 0 {
		stack = strings.ReplaceAll(stack, "\n", "\n"+strings.Repeat(" ", in.indentationLvl))
	}
	return stack
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bufferInspect is Buffer's own inspect: <Buffer 68 69>, 50 bytes at most.
func bufferInspect(b []byte) string {
	var sb strings.Builder
	sb.WriteString("<Buffer")
	for i, c := range b {
		if i == 50 {
			sb.WriteString(" ... " + strconv.Itoa(len(b)-50) + " more byte" + plural(len(b)-50))
			break
		}
		sb.WriteString(" " + strconv.FormatUint(uint64(c)|0x100, 16)[1:])
	}
	return sb.String() + ">"
}

// reduceToSingleString is Node's: entries on one line when they fit
// (breakLength, compact), numbers and short entries of long arrays grouped
// into columns, otherwise one entry a line.
func (in *inspector) reduceToSingleString(output []string, base string, braces [2]string, extras extrasType, recurseTimes int, value *goja.Object) string {
	if in.o.compact != compactTrue {
		if in.o.compact >= 1 {
			entries := len(output)
			if extras == kArrayExtrasType && entries > 6 {
				output = in.groupArrayElements(output, value)
			}
			if in.currentDepth-recurseTimes < in.o.compact && entries == len(output) {
				start := len(output) + in.indentationLvl + jsLen(braces[0]) + jsLen(base) + 10
				if in.isBelowBreakLength(output, start, base) {
					joined := strings.Join(output, ", ")
					if !strings.Contains(joined, "\n") {
						b := ""
						if base != "" {
							b = base + " "
						}
						return b + braces[0] + " " + joined + " " + braces[1]
					}
				}
			}
		}
		ind := "\n" + strings.Repeat(" ", in.indentationLvl)
		b := ""
		if base != "" {
			b = base + " "
		}
		return b + braces[0] + ind + "  " + strings.Join(output, ","+ind+"  ") + ind + braces[1]
	}
	if in.isBelowBreakLength(output, 0, base) {
		b := ""
		if base != "" {
			b = " " + base
		}
		return braces[0] + b + " " + strings.Join(output, ", ") + " " + braces[1]
	}
	ind := strings.Repeat(" ", in.indentationLvl)
	ln := ""
	if base == "" && jsLen(braces[0]) == 1 {
		ln = " "
	} else {
		if base != "" {
			ln = " " + base
		}
		ln += "\n" + ind + "  "
	}
	return braces[0] + ln + strings.Join(output, ",\n"+ind+"  ") + " " + braces[1]
}

func (in *inspector) isBelowBreakLength(output []string, start int, base string) bool {
	total := len(output) + start
	if float64(total+len(output)) > in.o.breakLength {
		return false
	}
	for _, s := range output {
		total += jsLen(s)
		if float64(total) > in.o.breakLength {
			return false
		}
	}
	return base == "" || !strings.Contains(base, "\n")
}

// groupArrayElements is Node's: short entries of an array of more than
// six go into aligned columns (numbers padded on the left).
func (in *inspector) groupArrayElements(output []string, value *goja.Object) []string {
	totalLength, maxLength := 0, 0
	outputLength := len(output)
	if in.o.maxArrayLength < float64(len(output)) {
		outputLength-- // the "... more items" entry takes no column
	}
	const separatorSpace = 2
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := jsLen(output[i])
		dataLen[i] = l
		totalLength += l + separatorSpace
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + separatorSpace
	if float64(actualMax*3+in.indentationLvl) < in.o.breakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		const approxCharHeights, biasedMin = 2.5, 1.0
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, biasedMin)
		columns := int(math.Min(math.Min(
			math.Round(math.Sqrt(approxCharHeights*biasedMax*float64(outputLength))/biasedMax),
			math.Floor((in.o.breakLength-float64(in.indentationLvl))/float64(actualMax))),
			math.Min(float64(in.o.compact*4), 15)))
		if columns <= 1 {
			return output
		}
		var maxLineLength []int
		for i := 0; i < columns; i++ {
			lineLength := 0
			for j := i; j < outputLength; j += columns {
				if dataLen[j] > lineLength {
					lineLength = dataLen[j]
				}
			}
			maxLineLength = append(maxLineLength, lineLength+separatorSpace)
		}
		padStart := true
		if value != nil {
			for i := 0; i < len(output); i++ {
				// Only numbers and bigints are padded on the left (ExportType
				// does not copy an object the way Export would).
				if t := value.Get(strconv.Itoa(i)).ExportType(); t == nil || (t.Kind() != reflect.Int64 && t.Kind() != reflect.Float64 && t.String() != "*big.Int") {
					padStart = false
				}
				if !padStart {
					break
				}
			}
		}
		var tmp []string
		for i := 0; i < outputLength; i += columns {
			maxI := min(i+columns, outputLength)
			var str strings.Builder
			j := i
			for ; j < maxI-1; j++ {
				cell := output[j] + ", "
				pad := maxLineLength[j-i] - jsLen(cell)
				if padStart {
					str.WriteString(strings.Repeat(" ", max(pad, 0)) + cell)
				} else {
					str.WriteString(cell + strings.Repeat(" ", max(pad, 0)))
				}
			}
			if padStart {
				pad := maxLineLength[j-i] - separatorSpace - dataLen[j]
				str.WriteString(strings.Repeat(" ", max(pad, 0)) + output[j])
			} else {
				str.WriteString(output[j])
			}
			tmp = append(tmp, str.String())
		}
		if outputLength < len(output) {
			tmp = append(tmp, output[outputLength:]...)
		}
		return tmp
	}
	return output
}

// formatWithOptions is Node's util.format (console's too): placeholders of
// a first string argument filled, the rest inspected and joined by spaces.
func formatWithOptions(rt *goja.Runtime, o inspectOptions, args []goja.Value) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "[object]"
		}
	}()
	in := &inspector{rt: rt, o: o}
	if len(args) == 0 {
		return ""
	}
	var b strings.Builder
	a := 0
	join := ""
	if first, ok := primitiveString(args[0]); ok {
		if len(args) == 1 {
			return first
		}
		lastPos := 0
		for i := 0; i < len(first)-1; i++ {
			if first[i] != '%' {
				continue
			}
			i++
			next := first[i]
			if a+1 == len(args) {
				if next == '%' {
					b.WriteString(first[lastPos:i])
					lastPos = i + 1
				}
				continue
			}
			var tmp string
			switch next {
			case 's':
				a++
				tmp = in.formatS(args[a])
			case 'j':
				a++
				tmp = jsonStringify(rt, args[a])
			case 'd':
				a++
				tmp = in.formatNumberArg(args[a], func(v goja.Value) float64 { return v.ToNumber().ToFloat() })
			case 'O':
				a++
				tmp = inspectValue(rt, args[a], o)
			case 'o':
				a++
				oo := o
				oo.showHidden, oo.depth = true, 4
				tmp = inspectValue(rt, args[a], oo)
			case 'i':
				a++
				tmp = in.formatNumberArg(args[a], func(v goja.Value) float64 { return in.globalNumber("parseInt", v) })
			case 'f':
				a++
				tmp = in.formatNumberArg(args[a], func(v goja.Value) float64 { return in.globalNumber("parseFloat", v) })
			case 'c':
				a++
			case '%':
				b.WriteString(first[lastPos:i])
				lastPos = i + 1
				continue
			default:
				continue
			}
			if lastPos != i-1 {
				b.WriteString(first[lastPos : i-1])
			}
			b.WriteString(tmp)
			lastPos = i + 1
		}
		if lastPos != 0 {
			a++
			join = " "
			if lastPos < len(first) {
				b.WriteString(first[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		b.WriteString(join)
		if s, ok := primitiveString(args[a]); ok {
			b.WriteString(s)
		} else {
			b.WriteString(inspectValue(rt, args[a], o))
		}
		join = " "
	}
	return b.String()
}

// primitiveString is v when it is a string primitive (a Symbol exports
// as its description).
func primitiveString(v goja.Value) (string, bool) {
	if _, sym := v.(*goja.Symbol); sym || isObject(v) {
		return "", false
	}
	s, ok := v.Export().(string)
	return s, ok
}

// formatS is %s: numbers and bigints as inspect writes them, objects with
// a built-in toString inspected one level deep, anything else String(v).
func (in *inspector) formatS(v goja.Value) string {
	if obj, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(obj); !fn && in.hasBuiltInToString(obj) {
			o := in.o
			o.depth, o.compact = 0, 3
			return inspectValue(in.rt, v, o)
		}
		return safeString(v)
	}
	if sym, ok := v.(*goja.Symbol); ok {
		return "Symbol(" + sym.String() + ")"
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return in.formatPrimitive(v)
	}
	switch v.Export().(type) {
	case int64, float64:
		return in.formatPrimitive(v)
	}
	if t := v.ExportType(); t != nil && t.String() == "*big.Int" {
		return v.String() + "n"
	}
	return safeString(v)
}

func (in *inspector) formatNumberArg(v goja.Value, conv func(goja.Value) float64) string {
	if _, ok := v.(*goja.Symbol); ok {
		return "NaN"
	}
	if t := v.ExportType(); t != nil && t.String() == "*big.Int" {
		return v.String() + "n"
	}
	return numberString(conv(v))
}

// globalNumber calls the global parseInt or parseFloat on v.
func (in *inspector) globalNumber(name string, v goja.Value) float64 {
	f, ok := goja.AssertFunction(in.rt.Get(name))
	if !ok {
		return math.NaN()
	}
	r, err := f(goja.Undefined(), v)
	if err != nil {
		return math.NaN()
	}
	return r.ToFloat()
}

// builtInCtors are the built-in constructors whose toString %s leaves to
// inspect, as Node's builtInObjects.
var builtInCtors = map[string]bool{
	"Object": true, "Function": true, "Array": true, "Number": true, "Boolean": true, "String": true,
	"Symbol": true, "Date": true, "Promise": true, "RegExp": true, "Error": true, "AggregateError": true,
	"EvalError": true, "RangeError": true, "ReferenceError": true, "SyntaxError": true, "TypeError": true,
	"URIError": true, "ArrayBuffer": true, "Uint8Array": true, "Int8Array": true, "Uint16Array": true,
	"Int16Array": true, "Uint32Array": true, "Int32Array": true, "Float32Array": true, "Float64Array": true,
	"Uint8ClampedArray": true, "BigUint64Array": true, "BigInt64Array": true, "DataView": true, "Map": true,
	"BigInt": true, "Set": true, "WeakMap": true, "WeakSet": true, "Proxy": true, "Reflect": true,
}

// hasBuiltInToString is Node's: o has no toString of its own or of a
// prototype made by a constructor of its own.
func (in *inspector) hasBuiltInToString(o *goja.Object) bool {
	if _, ok := goja.AssertFunction(o.Get("toString")); !ok {
		return true
	}
	key := in.rt.ToValue("toString")
	if in.descriptor(o, key) != nil {
		return false
	}
	p := o
	for i := 0; i < 1000; i++ {
		p = p.Prototype()
		if p == nil {
			return true
		}
		if in.descriptor(p, key) != nil {
			break
		}
	}
	d := in.descriptor(p, in.rt.ToValue("constructor"))
	if d == nil {
		return false
	}
	c, ok := d.Get("value").(*goja.Object)
	if !ok {
		return false
	}
	return builtInCtors[safeString(c.Get("name"))]
}
