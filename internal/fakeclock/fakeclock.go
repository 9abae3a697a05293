// Package fakeclock provides Clock, a time source that tests move by hand,
// for code that takes a `func() time.Time` (a store's expiry, a token's
// lifetime, an ID-token verifier's Now).
package fakeclock

import (
	"sync"
	"time"
)

// Clock is a time that stands still until Advance moves it. It is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a Clock showing t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
