package script

import "github.com/dop251/goja"

// ownProps is a dynamic object's own properties in the order they were
// first set, the order in which a JavaScript object lists its string keys.
// The zero value is empty.
type ownProps struct {
	vals map[string]goja.Value
	keys []string
}

// get returns key's value and whether key is present.
func (p *ownProps) get(key string) (goja.Value, bool) {
	v, ok := p.vals[key]
	return v, ok
}

// has reports whether key is present.
func (p *ownProps) has(key string) bool {
	_, ok := p.vals[key]
	return ok
}

// set adds key at the end of the order, or replaces its value in place.
func (p *ownProps) set(key string, v goja.Value) {
	if p.vals == nil {
		p.vals = map[string]goja.Value{}
	}
	if _, ok := p.vals[key]; !ok {
		p.keys = append(p.keys, key)
	}
	p.vals[key] = v
}

// delete removes key, keeping the order of the others.
func (p *ownProps) delete(key string) {
	if _, ok := p.vals[key]; !ok {
		return
	}
	delete(p.vals, key)
	for i, k := range p.keys {
		if k == key {
			p.keys = append(p.keys[:i], p.keys[i+1:]...)
			return
		}
	}
}

// list returns a copy of the keys in order.
func (p *ownProps) list() []string {
	return append([]string(nil), p.keys...)
}
