package script

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// smallMap must behave as a map past its inline entries: later entries
// found, replacements kept, absent keys reported absent.
func TestSmallMap(t *testing.T) {
	var m smallMap[int]
	_, ok := m.get("a")
	assert.False(t, ok)
	for i := range 10 {
		m.set("k"+strconv.Itoa(i), i)
	}
	m.set("k2", 20)
	m.set("k7", 70)
	for i := range 10 {
		want := i
		if i == 2 || i == 7 {
			want = i * 10
		}
		v, ok := m.get("k" + strconv.Itoa(i))
		assert.True(t, ok, i)
		assert.Equal(t, want, v, i)
	}
	assert.False(t, m.has("k10"))
	assert.False(t, m.has(""))
	m.set("", -1)
	assert.True(t, m.has(""))
	assert.Len(t, m.more, 7)
}
