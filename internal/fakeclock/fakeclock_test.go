package fakeclock

import (
	"sync"
	"testing"
	"time"
)

func TestClockStandsStillUntilAdvanced(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	c := New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Advance(time.Second); _ = c.Now() }()
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(start.Add(10 * time.Second)) {
		t.Fatalf("after 10 advances of 1s: %v", got)
	}
}
