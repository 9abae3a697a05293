package script

import (
	"regexp"

	"github.com/dop251/goja"
)

// A JavaScript module whose exports are many functions, of which a script
// uses a few, makes each on first read. Its body defines
//
//	function make(name) {
//	  switch (name) {
//	  case 'first': return function (...) { ... };
//	  case 'second': ...
//	  }
//	}
//	module.exports = native.lazy(make);
//
// (make returns the same value for the same name: aliases return another
// case's value, made once) and native.lazy gives a lazyExports: a host
// object whose own properties are the case names, in order, from the
// start, each value made on first read. Assignment, delete, new keys,
// Object.keys and for-in behave as on an ordinary object; defining an
// accessor or non-enumerable property on it, or freezing it, throws.

// lazyKeys are a lazy module's keys in order, and their positions.
type lazyKeys struct {
	names []string
	index map[string]int
}

var caseLabel = regexp.MustCompile(`(?m)^  case '(\w+)':`)

// newLazyKeys lists names in order.
func newLazyKeys(names ...string) lazyKeys {
	k := lazyKeys{names: names, index: make(map[string]int, len(names))}
	for i, n := range names {
		k.index[n] = i
	}
	return k
}

// lazyKeysOf lists the case labels of src's make function (two-space
// indented, one per line).
func lazyKeysOf(src string) lazyKeys {
	var names []string
	for _, m := range caseLabel.FindAllStringSubmatch(src, -1) {
		names = append(names, m[1])
	}
	return newLazyKeys(names...)
}

// lazyExportsNative is the native object of a lazy module: its lazy(make)
// builds the module object for keys.
func lazyExportsNative(rt *goja.Runtime, keys lazyKeys) *goja.Object {
	n := rt.NewObject()
	_ = n.Set("lazy", func(call goja.FunctionCall) goja.Value {
		mk, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(rt.NewTypeError("lazy module: make is not a function"))
		}
		return newLazyExports(rt, keys, func(key string) goja.Value { return mustCall(mk, goja.Undefined(), rt.ToValue(key)) })
	})
	return n
}

// newLazyExports is a host object whose own properties are keys, in order,
// each made by mk on first read.
func newLazyExports(rt *goja.Runtime, keys lazyKeys, mk func(key string) goja.Value) *goja.Object {
	return rt.NewDynamicObject(&lazyExports{rt: rt, keys: keys, make: mk, vals: make([]goja.Value, len(keys.names))})
}

// lazyExports is a lazy module's object in one invocation. Until a script
// adds or deletes a key, its keys are keys.names and vals holds what each
// is (nil: not made yet); from then on own holds them (with nil for those
// not made yet).
type lazyExports struct {
	rt   *goja.Runtime
	keys lazyKeys
	make func(key string) goja.Value
	vals []goja.Value
	own  *ownProps
}

func (o *lazyExports) made(key string) goja.Value {
	return o.make(key)
}

func (o *lazyExports) Get(key string) goja.Value {
	if o.own != nil {
		v, ok := o.own.get(key)
		if ok && v == nil {
			v = o.made(key)
			o.own.set(key, v)
		}
		return v
	}
	i, ok := o.keys.index[key]
	if !ok {
		return nil
	}
	if o.vals[i] == nil {
		o.vals[i] = o.made(key)
	}
	return o.vals[i]
}

func (o *lazyExports) Has(key string) bool {
	if o.own != nil {
		return o.own.has(key)
	}
	_, ok := o.keys.index[key]
	return ok
}

func (o *lazyExports) Set(key string, v goja.Value) bool {
	if v == nil {
		v = goja.Undefined()
	}
	if i, ok := o.keys.index[key]; ok && o.own == nil {
		o.vals[i] = v
		return true
	}
	o.ownProps().set(key, v)
	return true
}

func (o *lazyExports) Delete(key string) bool {
	o.ownProps().delete(key)
	return true
}

func (o *lazyExports) Keys() []string {
	if o.own != nil {
		return o.own.list()
	}
	return append([]string(nil), o.keys.names...)
}

// ownProps moves the keys to own, in order, for a change of the key set.
func (o *lazyExports) ownProps() *ownProps {
	if o.own == nil {
		o.own = &ownProps{}
		for i, n := range o.keys.names {
			o.own.set(n, o.vals[i])
		}
		o.vals = nil
	}
	return o.own
}
