package connection

import (
	"context"
	"sync"
	"time"
)

// memoryReplay is the default ReplayCache: a bounded in-memory set of used
// transaction ids. Entries are queued in the order they were used; since
// every entry lives for the same TTL, that is also expiry order, so expired
// entries leave from the head in constant time per entry.
type memoryReplay struct {
	mu    sync.Mutex
	max   int
	used  map[string]time.Time
	queue []replayEntry // oldest first; queue[head:] is live
	head  int
	now   func() time.Time
}

type replayEntry struct {
	id     string
	expiry time.Time
}

func newMemoryReplay(max int) *memoryReplay {
	return &memoryReplay{max: max, used: make(map[string]time.Time), now: time.Now}
}

// Use implements ReplayCache. When the cache is full the oldest entry is
// dropped, so memory stays bounded; a transaction dropped early could be
// replayed until its cookie expires, but the provider's one-time code still
// stops the exchange.
func (m *memoryReplay) Use(_ context.Context, id string, expiry time.Time) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for m.head < len(m.queue) {
		e := m.queue[m.head]
		if e.expiry.After(now) && len(m.used) < m.max {
			break
		}
		if exp, ok := m.used[e.id]; ok && exp.Equal(e.expiry) {
			delete(m.used, e.id)
		}
		m.queue[m.head] = replayEntry{}
		m.head++
	}
	// Compact the queue once its dead prefix dominates.
	if m.head > 1024 && m.head*2 > len(m.queue) {
		m.queue = append([]replayEntry(nil), m.queue[m.head:]...)
		m.head = 0
	}
	if exp, ok := m.used[id]; ok && exp.After(now) {
		return false, nil
	}
	m.used[id] = expiry
	m.queue = append(m.queue, replayEntry{id: id, expiry: expiry})
	return true, nil
}
