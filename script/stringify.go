package script

import (
	"strconv"
	"time"

	"github.com/dop251/goja"
)

// JSON.stringify under the deadline.
//
// goja's JSON.stringify is one native call: the deadline cannot interrupt
// it, and its cycle check makes it quadratic in nesting depth (a value nested
// 40,000 levels deep takes seconds, where V8 throws a RangeError after about
// 4,000). The script's JSON.stringify is therefore the original called with
// a replacer function the sandbox supplies: it is called for every value
// serialised, checks the deadline (and the caller's cancellation) and the
// nesting (past maxNesting, V8's RangeError: goja's recursion would end the
// process a few million levels down), and then does what the script asked
// for:
//
//   - no replacer: returns the value, which JSON.stringify then treats exactly
//     as it would without a replacer (toJSON is called before a replacer, and
//     an identity replacer changes nothing);
//   - a replacer function: calls it with the same this and arguments;
//   - a replacer array (a property list): replaces each object to serialise,
//     other than arrays and primitive wrappers, with an object holding the
//     listed properties in the list's order (pickedProperties), read with
//     [[Get]] as JSON.stringify reads them. The one difference: an object's listed
//     properties are all read before its children are serialised, where
//     JSON.stringify interleaves the two (visible only to getters with side
//     effects).
//
// A primitive without a replacer has nothing to recurse into and goes to the
// original directly. The sandbox's own uses of JSON.stringify (inv.stringify)
// stay the original.

// overrideJSONStringify installs the deadline-aware JSON.stringify on j.
func (inv *invocation) overrideJSONStringify(j *goja.Object) {
	rt := inv.rt
	orig := inv.stringify
	if orig == nil {
		return
	}
	stringify := func(call goja.FunctionCall) goja.Value {
		value, replacer := call.Argument(0), call.Argument(1)
		var through func(goja.FunctionCall) goja.Value
		if f, ok := goja.AssertFunction(replacer); ok {
			through = func(c goja.FunctionCall) goja.Value {
				return mustCall(f, c.This, c.Arguments...)
			}
		} else if list := inv.propertyList(replacer); list != nil {
			through = func(c goja.FunctionCall) goja.Value {
				return inv.pickProperties(c.Argument(1), list)
			}
		} else {
			if _, ok := value.(*goja.Object); !ok && !isBigInt(value) {
				return mustCall(orig, call.This, call.Arguments...)
			}
			through = func(c goja.FunctionCall) goja.Value {
				return c.Argument(1)
			}
		}
		// open holds the objects being serialised, outermost first:
		// stringify goes depth first, and calls the replacer for each value
		// with its holder as this, so the holder is on top once the
		// objects finished since are dropped.
		var open []*goja.Object
		checked := func(c goja.FunctionCall) goja.Value {
			inv.checkDeadline()
			holder, _ := c.This.(*goja.Object)
			for len(open) > 0 && open[len(open)-1] != holder {
				open = open[:len(open)-1]
			}
			v := through(c)
			if o, ok := v.(*goja.Object); ok {
				if len(open) >= maxNesting {
					panic(stackOverflow(rt))
				}
				open = append(open, o)
			}
			return v
		}
		return mustCall(orig, call.This, value, rt.ToValue(checked), call.Argument(2))
	}
	defineMethod(rt, j, "stringify", 3, stringify)
}

// isBigInt reports whether v is a BigInt primitive (which may have a toJSON
// on its prototype returning anything).
func isBigInt(v goja.Value) bool {
	if !present(v) {
		return false
	}
	if _, ok := v.(*goja.Symbol); ok {
		return false
	}
	return !isJSONPrimitive(v.ExportType())
}

// propertyList is JSON.stringify's PropertyList for an array replacer (its
// strings, numbers and String/Number objects as strings, first occurrence
// kept), or nil when replacer is not an array.
func (inv *invocation) propertyList(replacer goja.Value) []string {
	o, ok := replacer.(*goja.Object)
	if !ok || !isJSArray(o) {
		return nil
	}
	n := o.Get("length").ToInteger()
	list := make([]string, 0, min(n, 64))
	seen := map[string]bool{}
	for i := int64(0); i < n; i++ {
		v := o.Get(strconv.FormatInt(i, 10))
		var item string
		switch x := v.(type) {
		case *goja.Object:
			if c := x.ClassName(); c != "String" && c != "Number" {
				continue
			}
			item = x.String()
		default:
			if v == nil {
				continue
			}
			switch v.ExportType() {
			case jsonStrType, jsonIntType, jsonFloatType:
				item = v.String()
			default:
				continue
			}
		}
		if !seen[item] {
			seen[item] = true
			list = append(list, item)
		}
	}
	// An empty list still filters every object down to {}; a non-nil
	// slice says a list was given.
	return list
}

// isJSArray is Array.isArray: an array, or a proxy whose target is one.
func isJSArray(o *goja.Object) bool {
	for range 1000 { // proxies of proxies, bounded
		if o == nil {
			return false
		}
		if o.ClassName() == "Array" {
			return true
		}
		if o.ExportType() != jsonProxyType { // checked first: Export reads properties
			return false
		}
		p, ok := o.Export().(goja.Proxy)
		if !ok {
			return false
		}
		o = p.Target()
	}
	return false
}

// pickProperties is the array replacer's work for one value: an object to
// be serialised as an object becomes a null-prototype copy of its listed
// properties, in order; anything else is returned as it is.
func (inv *invocation) pickProperties(v goja.Value, list []string) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	if _, callable := goja.AssertFunction(o); callable {
		return v
	}
	switch o.ClassName() {
	case "Number", "String", "Boolean", "BigInt", "RawJSON":
		return v
	}
	if isJSArray(o) {
		return v
	}
	picked := &pickedProperties{keys: list, values: make(map[string]goja.Value, len(list))}
	for _, k := range list {
		picked.values[k] = o.Get(k)
	}
	return inv.rt.NewDynamicObject(picked)
}

// pickedProperties is an object holding the listed properties in the
// list's order (an ordinary object would put integer-like keys first).
type pickedProperties struct {
	keys   []string
	values map[string]goja.Value
}

func (p *pickedProperties) Get(key string) goja.Value   { return p.values[key] }
func (p *pickedProperties) Set(string, goja.Value) bool { return false }
func (p *pickedProperties) Has(key string) bool         { _, ok := p.values[key]; return ok }
func (p *pickedProperties) Delete(string) bool          { return false }
func (p *pickedProperties) Keys() []string              { return p.keys }

// checkDeadline stops the script when its deadline has passed or its caller
// cancelled it, even in the middle of a native call: it interrupts the
// runtime and unwinds with the uncatchable interrupt.
func (inv *invocation) checkDeadline() {
	select {
	case <-inv.ctx.Done():
	default:
		if d, ok := inv.ctx.Deadline(); !ok || time.Now().Before(d) {
			return
		}
	}
	inv.rt.Interrupt(ErrTimeout)
	// Running any code now yields the *goja.InterruptedError the runtime
	// would raise itself; panicking with it unwinds the native callers.
	if _, err := inv.rt.RunProgram(noopProgram.program()); err != nil {
		panic(err)
	}
}

var noopProgram = builtin("noop.js", "void 0")

// setFunctionName gives the function f the name a built-in function has:
// read-only, configurable, not enumerable.
func setFunctionName(rt *goja.Runtime, f *goja.Object, name string) {
	_ = f.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// defineMethod defines a native method as built-in methods are defined:
// writable, configurable, not enumerable, with its name and length.
func defineMethod(rt *goja.Runtime, o *goja.Object, name string, length int, fn func(goja.FunctionCall) goja.Value) {
	defineFunction(rt, o, name, length, rt.ToValue(fn).(*goja.Object))
}

// wrapMethod puts in place of the method name of the global ctor's
// prototype the function wrap makes of goja's (named and sized as name and
// length, or as goja's when length is nativeLength); nothing when there is
// no such method.
func wrapMethod(rt *goja.Runtime, ctor, name string, length int, wrap func(native goja.Callable) func(goja.FunctionCall) goja.Value) {
	proto := rt.Get(ctor).ToObject(rt).Get("prototype").ToObject(rt)
	m := proto.Get(name)
	if native, ok := goja.AssertFunction(m); ok {
		if length == nativeLength {
			length = int(m.ToObject(rt).Get("length").ToInteger())
		}
		defineMethod(rt, proto, name, length, wrap(native))
	}
}

// nativeLength asks wrapMethod for the built-in method's own length.
const nativeLength = -1

// defineFunction is defineMethod for a function object already made.
func defineFunction(rt *goja.Runtime, o *goja.Object, name string, length int, f *goja.Object) {
	setFunctionName(rt, f, name)
	_ = f.DefineDataProperty("length", rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = o.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
