package script

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	gojarequire "github.com/dop251/goja_nodejs/require"
	nodeurl "github.com/dop251/goja_nodejs/url"
	"github.com/stretchr/testify/require"
)

// fakeHost is a test-only host: one goja runtime, a trivial loop and an
// http.Client. It lets the modules be tested without the invocation core.
type fakeHost struct {
	t       testing.TB
	rt      *goja.Runtime
	ctx     context.Context
	client  *http.Client
	jobs    chan func()
	pending int
	mu      sync.Mutex
	loaded  map[string]goja.Value
	fetched []*outboundRequest
	logs    []string
}

var _ host = (*fakeHost)(nil)

func newFakeHost(t testing.TB) *fakeHost {
	t.Helper()
	reg := gojarequire.NewRegistry(gojarequire.WithLoader(func(string) ([]byte, error) {
		return nil, gojarequire.ModuleFileDoesNotExistError
	}))
	rt := goja.New()
	rt.SetFieldNameMapper(goja.TagFieldNameMapper("json", true))
	reg.Enable(rt)
	buffer.Enable(rt)
	nodeurl.Enable(rt)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	h := &fakeHost{t: t, rt: rt, ctx: ctx, client: &http.Client{Timeout: 5 * time.Second},
		jobs: make(chan func(), 64), loaded: map[string]goja.Value{}}
	_ = rt.Set("require", func(name string) goja.Value {
		v, err := h.Require(name)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return v
	})
	_ = rt.Set("__log", func(call goja.FunctionCall) goja.Value {
		h.logs = append(h.logs, call.Argument(0).String())
		return goja.Undefined()
	})
	return h
}

func (h *fakeHost) Runtime() *goja.Runtime   { return h.rt }
func (h *fakeHost) Context() context.Context { return h.ctx }
func (h *fakeHost) MaxBytes() int64          { return DefaultMaxResponseBytes }
func (h *fakeHost) CheckDeadline() {
	if err := h.ctx.Err(); err != nil {
		panic(h.rt.NewGoError(err))
	}
}

func (h *fakeHost) Require(name string) (goja.Value, error) {
	if v, ok := h.loaded[name]; ok {
		return v, nil
	}
	l, ok := builtinModules[name]
	if !ok {
		return nil, fmt.Errorf("Cannot find module '%s'", name)
	}
	v, err := l(h)
	if err != nil {
		return nil, err
	}
	h.loaded[name] = v
	return v, nil
}

func (h *fakeHost) Fetch(req *outboundRequest, done func(*inboundResponse, error)) {
	h.fetched = append(h.fetched, req)
	h.Go(func() (any, error) {
		ctx := h.ctx
		if req.Timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, req.Timeout)
			defer cancel()
		}
		hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, bytes.NewReader(req.Body))
		if err != nil {
			return nil, err
		}
		hr.Header = req.Header.Clone()
		if hr.Header == nil {
			hr.Header = http.Header{}
		}
		c := *h.client
		if !req.FollowRedirects {
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		}
		resp, err := c.Do(hr)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		msg := http.StatusText(resp.StatusCode)
		return &inboundResponse{StatusCode: resp.StatusCode, StatusMessage: msg, Header: resp.Header, Body: b, URL: resp.Request.URL.String()}, nil
	}, func(v any, err error) {
		if err != nil {
			done(nil, err)
			return
		}
		done(v.(*inboundResponse), nil)
	})
}

func (h *fakeHost) Go(work func() (any, error), done func(any, error)) {
	h.pending++
	go func() {
		v, err := work()
		h.jobs <- func() { done(v, err) }
	}()
}

func (h *fakeHost) SetTimer(d time.Duration, repeat bool, fn func()) func() {
	h.pending++
	var mu sync.Mutex
	cancelled := false
	var tick func()
	tick = func() {
		time.AfterFunc(d, func() {
			h.jobs <- func() {
				mu.Lock()
				c := cancelled
				mu.Unlock()
				if c {
					return
				}
				fn()
				if repeat {
					h.pending++
					tick()
				}
			}
		})
	}
	tick()
	return func() {
		mu.Lock()
		cancelled = true
		mu.Unlock()
	}
}

// run evaluates src, then drives the loop until nothing is pending, and
// returns the completion value of src (after awaiting it if it is a promise).
func (h *fakeHost) run(src string) (goja.Value, error) {
	h.t.Helper()
	v, err := h.rt.RunString(src)
	if err != nil {
		return nil, err
	}
	for h.pending > 0 {
		select {
		case job := <-h.jobs:
			h.pending--
			job()
		case <-h.ctx.Done():
			return nil, h.ctx.Err()
		}
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateRejected:
			return nil, fmt.Errorf("rejected: %v", p.Result())
		case goja.PromiseStateFulfilled:
			return p.Result(), nil
		default:
			return nil, fmt.Errorf("promise still pending")
		}
	}
	return v, nil
}

// runJSON runs src, which must evaluate to a value (or a promise of one), and
// returns it as JSON text.
func runJSON(t testing.TB, src string) string {
	t.Helper()
	h := newFakeHost(t)
	v, err := h.run(src)
	require.NoError(t, err)
	b, err := jsJSON(h.rt, v)
	require.NoError(t, err)
	return b
}

func jsJSON(rt *goja.Runtime, v goja.Value) (string, error) {
	stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	out, err := stringify(goja.Undefined(), v)
	if err != nil {
		return "", err
	}
	if goja.IsUndefined(out) {
		return "undefined", nil
	}
	return out.String(), nil
}
