package script

import (
	"math"
	"net/http/httptrace"
	"sync"
	"time"
)

// fetchTiming is what request's time option reports of one request, as
// request 2.88 measures it: the wall-clock start of the last hop
// (timingStart), its phases in milliseconds from that start (timings), the
// first byte of its body (responseStartTime), and the rounded durations of
// all hops, redirects included (elapsedTime). Phases that did not happen (no
// lookup or connect on a reused connection) are filled in from the one
// before, as request does.
type fetchTiming struct {
	mu sync.Mutex // the trace hooks run on the transport's goroutines
	// Start is the wall-clock start of the last hop; hopStart the same
	// instant on the monotonic clock.
	Start, hopStart time.Time
	// Phases of the last hop, in ms since hopStart; 0 when not reached.
	Socket, Lookup, Connect, Response, End float64
	// ResponseStart is when the last hop's first response byte came.
	ResponseStart time.Time
	// Elapsed is the sum of the hops' durations, each rounded to the ms.
	Elapsed int64
	// Order is the order request adds the phases to its timings object:
	// those that happened as they happened, then end, then those filled in.
	Order []string
}

func newFetchTiming() *fetchTiming {
	now := time.Now()
	return &fetchTiming{Start: now, hopStart: now}
}

// since is the time since the hop's start, in ms.
func (ft *fetchTiming) since() float64 {
	return float64(time.Since(ft.hopStart)) / float64(time.Millisecond)
}

// mark records the phase p once: its first occurrence in the hop.
func (ft *fetchTiming) mark(p *float64) {
	ft.mu.Lock()
	if *p == 0 {
		*p = ft.since()
	}
	ft.mu.Unlock()
}

// trace is the httptrace hooks that record the phases: the connection
// asked for (request's socket event), the DNS answer, the TCP connection
// and the response's first byte.
func (ft *fetchTiming) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { ft.mark(&ft.Socket) },
		DNSDone: func(httptrace.DNSDoneInfo) { ft.mark(&ft.Lookup) },
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				ft.mark(&ft.Connect)
			}
		},
		GotFirstResponseByte: func() {
			ft.mark(&ft.Response)
			ft.mu.Lock()
			ft.ResponseStart = time.Now()
			ft.mu.Unlock()
		},
	}
}

// redirected ends a hop that is followed by a redirect and starts the next.
func (ft *fetchTiming) redirected() {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.Elapsed += int64(math.Round(ft.since()))
	now := time.Now()
	ft.Start, ft.hopStart, ft.ResponseStart = now, now, time.Time{}
	ft.Socket, ft.Lookup, ft.Connect, ft.Response, ft.End = 0, 0, 0, 0, 0
}

// done ends the last hop, its body read, and fills in the phases that did
// not happen.
func (ft *fetchTiming) done() {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.End = ft.since()
	ft.Elapsed += int64(math.Round(ft.End))
	phases := []struct {
		name string
		v    float64
	}{{"socket", ft.Socket}, {"lookup", ft.Lookup}, {"connect", ft.Connect}, {"response", ft.Response}}
	for _, p := range phases {
		if p.v != 0 {
			ft.Order = append(ft.Order, p.name)
		}
	}
	ft.Order = append(ft.Order, "end")
	for _, p := range phases {
		if p.v == 0 {
			ft.Order = append(ft.Order, p.name)
		}
	}
	if ft.Lookup == 0 {
		ft.Lookup = ft.Socket
	}
	if ft.Connect == 0 {
		ft.Connect = ft.Lookup
	}
	if ft.Response == 0 {
		ft.Response = ft.Connect
	}
}
