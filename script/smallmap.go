package script

// smallMap is a map for the handful of names an invocation records (lazy
// globals built, request members built, modules loaded): the first four
// entries live in the value itself, so the common invocation allocates
// nothing for them; later ones go to a slice. Lookups are linear, which for
// a few short names is faster than hashing. The zero value is empty.
type smallMap[V any] struct {
	n      int
	inline [4]smallEntry[V]
	more   []smallEntry[V]
}

type smallEntry[V any] struct {
	key string
	val V
}

// get returns key's value and whether key is present.
func (m *smallMap[V]) get(key string) (V, bool) {
	for i := 0; i < m.n && i < len(m.inline); i++ {
		if m.inline[i].key == key {
			return m.inline[i].val, true
		}
	}
	for i := range m.more {
		if m.more[i].key == key {
			return m.more[i].val, true
		}
	}
	var zero V
	return zero, false
}

// has reports whether key is present.
func (m *smallMap[V]) has(key string) bool {
	_, ok := m.get(key)
	return ok
}

// set adds key or replaces its value.
func (m *smallMap[V]) set(key string, val V) {
	for i := 0; i < m.n && i < len(m.inline); i++ {
		if m.inline[i].key == key {
			m.inline[i].val = val
			return
		}
	}
	for i := range m.more {
		if m.more[i].key == key {
			m.more[i].val = val
			return
		}
	}
	if m.n < len(m.inline) {
		m.inline[m.n] = smallEntry[V]{key, val}
		m.n++
		return
	}
	m.more = append(m.more, smallEntry[V]{key, val})
}
