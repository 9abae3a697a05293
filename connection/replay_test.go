package connection

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryReplay(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	m := newMemoryReplay(3)
	m.now = func() time.Time { return now }
	ctx := context.Background()
	use := func(id string) bool {
		ok, err := m.Use(ctx, id, now.Add(time.Minute))
		require.NoError(t, err)
		return ok
	}

	assert.True(t, use("a"))
	assert.False(t, use("a"), "second use is refused")
	assert.True(t, use("b"))
	assert.True(t, use("c"))

	// Full: the oldest entry goes, memory stays at the bound.
	assert.True(t, use("d"))
	assert.Len(t, m.used, 3)
	assert.False(t, use("c"))
	assert.False(t, use("d"))

	// After expiry every entry leaves and an id may be used again.
	now = now.Add(2 * time.Minute)
	assert.True(t, use("c"))
	assert.Len(t, m.used, 1)
	assert.False(t, use("c"))
}

func TestMemoryReplayStaysBoundedAndFast(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	m := newMemoryReplay(1000)
	m.now = func() time.Time { return now }
	for i := 0; i < 100_000; i++ {
		ok, err := m.Use(context.Background(), fmt.Sprint(i), now.Add(time.Hour))
		require.NoError(t, err)
		require.True(t, ok)
		now = now.Add(time.Millisecond)
	}
	assert.Len(t, m.used, 1000)
	assert.LessOrEqual(t, len(m.queue)-m.head, 1000)
	assert.Less(t, len(m.queue), 4000, "the queue is compacted")
}
