package connection

import (
	"context"
	"sync"
	"time"
)

// memoryReplay is the default ReplayCache: a bounded in-memory set of used
// transaction ids with expiry.
type memoryReplay struct {
	mu   sync.Mutex
	max  int
	used map[string]time.Time
}

func newMemoryReplay(max int) *memoryReplay {
	return &memoryReplay{max: max, used: make(map[string]time.Time)}
}

// Use implements ReplayCache. When the cache is full it first drops expired
// entries, then the entries closest to expiry, so memory stays bounded; an
// entry dropped early can be replayed only until its cookie expires, and the
// provider's one-time code still stops the exchange.
func (m *memoryReplay) Use(_ context.Context, id string, expiry time.Time) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if exp, ok := m.used[id]; ok && exp.After(now) {
		return false, nil
	}
	if len(m.used) >= m.max {
		for k, exp := range m.used {
			if !exp.After(now) {
				delete(m.used, k)
			}
		}
		for k := range m.used {
			if len(m.used) < m.max {
				break
			}
			delete(m.used, k)
		}
	}
	m.used[id] = expiry
	return true, nil
}
