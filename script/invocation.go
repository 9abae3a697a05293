package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Result is a successful invocation's outcome.
type Result struct {
	// Value is the value the script passed to its callback, converted as
	// JSON.stringify then encoding/json would (undefined dropped, Dates as
	// ISO strings, functions dropped, numbers as float64); nil for
	// callback(null) or callback(null, undefined). For GetLogoutURL it is a
	// string.
	Value any
	// Logs is the console output of the invocation, in order.
	Logs []LogEntry
}

// LogEntry is one console call (or one engine warning about the script).
type LogEntry struct {
	// Level is "log", "info", "warn" or "error" (console.debug logs as "log",
	// as in Node).
	Level string
	// Message is the formatted line, as Node's util.format would produce it.
	Message string
}

const (
	entryFetchUserProfile = "fetchUserProfile"
	entryGetLogoutURL     = "getLogoutUrl"
)

// FetchUserProfile runs the script as fetchUserProfile(accessToken, ctx,
// callback), where ctx is tokenCtx (the token endpoint's response), and
// returns the value passed to the callback. It does not check the value's
// shape (that is the profile package's job); it only converts it to JSON
// types. The invocation is bounded by the Engine's timeout and by ctx.
func (s *Script) FetchUserProfile(ctx context.Context, accessToken string, tokenCtx map[string]any) (*Result, error) {
	return s.run(ctx, entryFetchUserProfile, func(inv *invocation) []goja.Value {
		if inv.cfg.logger != nil { // only the logger's copy is scrubbed
			inv.secrets = tokenSecrets(accessToken, tokenCtx)
		}
		// A nil tokenCtx is an empty object too. The room for a third
		// argument is for the callback, which run appends.
		args := make([]goja.Value, 2, 3)
		args[0], args[1] = inv.rt.ToValue(accessToken), inv.jsonValue(tokenCtx)
		return args
	})
}

// GetLogoutURL runs the script as getLogoutUrl(query, callback) and returns
// the string passed to the callback as Result.Value. query is the logout
// request's query: the script receives an object holding each key at top
// level (a single value as a string, repeated values as an array) and a
// query property holding the same map, so both styles seen in real scripts
// work. A non-string result is a KindInvalidResult error. It does not
// validate the URL: the caller must.
func (s *Script) GetLogoutURL(ctx context.Context, query map[string][]string) (*Result, error) {
	return s.run(ctx, entryGetLogoutURL, func(inv *invocation) []goja.Value {
		q := map[string]any{}
		for k, vs := range query {
			switch len(vs) {
			case 0:
				q[k] = ""
			case 1:
				q[k] = vs[0]
			default:
				q[k] = append([]string(nil), vs...)
			}
		}
		top := inv.jsonValue(q).(*goja.Object)
		_ = top.Set("query", inv.jsonValue(q))
		return []goja.Value{top}
	})
}

// invocation is one run of a script: its runtime, event loop and outcome.
// Everything except the completions channel, wg and ctx is touched only by the
// goroutine running the invocation (the "JavaScript goroutine").
type invocation struct {
	s     *Script
	cfg   *config
	entry string
	rt    *goja.Runtime

	ctx    context.Context
	cancel context.CancelFunc
	parent context.Context

	// origin is when the invocation began: the zero of process.hrtime,
	// process.uptime and performance.now.
	origin time.Time

	completions chan asyncWork
	stopped     chan struct{}
	wg          sync.WaitGroup
	// inflight counts the async work running on goroutines; queued is the
	// work asked for since the loop last looked, not started yet
	// (startQueued), in queuedBuf while it fits.
	inflight  int
	queued    []asyncWork
	queuedBuf [2]asyncWork
	// cpuRunning counts the module work (host.Go) running on goroutines,
	// at most maxCPUWork; rare.cpuWaiting holds the rest.
	cpuRunning int

	timers   []*timer
	timerSeq int
	// rare holds what few invocations use, made on first use (the struct
	// is allocated for every call, and kept within its size class).
	rare *invocationRare

	requests int
	modules  smallMap[goja.Value]
	// lazy serves the globals built on first read (setupGlobals).
	lazy lazyGlobals

	logs         []LogEntry
	logBytes     int
	logTruncated bool
	// secrets are the invocation's tokens, scrubbed from what goes to the
	// Engine's logger (Result.Logs keep the script's own words).
	secrets []string

	finished bool
	value    any
	err      *Error

	rejections []*goja.Promise

	// requireFn is the require function, built once.
	requireFn goja.Value

	// stringify is the runtime's original JSON.stringify, captured before
	// the script runs so that a script replacing it cannot forge results.
	stringify goja.Callable
	// jsonReady reports that stringify is captured and JSON.parse replaced
	// (ensureJSON).
	jsonReady bool
}

// invocationRare is the part of an invocation that few scripts need.
type invocationRare struct {
	// cpuWaiting holds module work beyond maxCPUWork, started in order as
	// running work ends, never once the invocation has ended.
	cpuWaiting []asyncWork
	// timeoutProto and immediateProto hold the timer objects' methods
	// (timerProto); unrefTimers the ids whose unref() was called.
	timeoutProto, immediateProto *goja.Object
	unrefTimers                  map[int]bool
	// consoleTimers, consoleCounts and groupIndent are console.time's,
	// console.count's and console.group's state.
	consoleTimers map[string]time.Time
	consoleCounts map[string]int
	groupIndent   string
	// stringsGuarded: guardStrings has run.
	stringsGuarded bool
}

// rareFields returns inv.rare, making it on first use.
func (inv *invocation) rareFields() *invocationRare {
	if inv.rare == nil {
		inv.rare = &invocationRare{}
	}
	return inv.rare
}

type timer struct {
	id       int
	due      time.Time
	interval time.Duration
	repeat   bool
	// immediate marks setImmediate's: they run before any timer, as Node
	// runs its check phase before the next timers phase.
	immediate bool
	fn        func()
}

const maxTimers = 1000

func (s *Script) run(ctx context.Context, entry string, args func(*invocation) []goja.Value) (res *Result, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg := &s.e.cfg
	inv := &invocation{
		s:       s,
		cfg:     cfg,
		entry:   entry,
		parent:  ctx,
		stopped: make(chan struct{}),
		origin:  time.Now(),
	}
	inv.ctx, inv.cancel = context.WithTimeout(ctx, cfg.timeout)
	defer func() {
		close(inv.stopped)
		inv.cancel()
		inv.wg.Wait()
	}()
	if err := inv.ctx.Err(); err != nil {
		inv.failDone()
		return nil, inv.outcomeError()
	}

	inv.rt = goja.New()
	inv.rt.SetParserOptions(noSourceMaps...)
	inv.rt.SetFieldNameMapper(goja.UncapFieldNameMapper())
	inv.rt.SetMaxCallStackSize(maxCallStack)
	inv.rt.SetPromiseRejectionTracker(inv.trackRejection)
	stopInterrupt := context.AfterFunc(inv.ctx, func() { inv.rt.Interrupt(ErrTimeout) })
	defer stopInterrupt()

	inv.protect(func() {
		inv.setupGlobals()
		fn, this := inv.resolveEntry()
		if inv.finished {
			return
		}
		a := append(args(inv), inv.rt.ToValue(inv.callback))
		_, err := fn(this, a...)
		inv.handleJSError(err)
		inv.checkRejections()
	})
	inv.loop()
	return inv.outcome()
}

// protect runs f, turning a Go panic (a bug, or an uncatchable goja panic)
// into a KindThrown outcome instead of crashing the host.
func (inv *invocation) protect(f func()) {
	defer func() {
		if r := recover(); r != nil {
			// A module rethrows a script's exception (or the deadline's
			// interrupt) from a callback it called: an uncaught throw.
			if err, ok := r.(error); ok {
				var ex *goja.Exception
				var intr *goja.InterruptedError
				if errors.As(err, &ex) || errors.As(err, &intr) {
					inv.handleJSError(err)
					return
				}
			}
			if inv.cfg.logger != nil {
				inv.cfg.logger.Error("script: internal panic", "entry", inv.entry, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
			inv.fail(&Error{Kind: KindThrown, Name: "Error", Message: fmt.Sprintf("internal error: %v", r)})
		}
	}()
	f()
}

// resolveEntry runs the compiled script and finds the function to call.
func (inv *invocation) resolveEntry() (goja.Callable, goja.Value) {
	rt := inv.rt
	member := func(o goja.Value, name string) goja.Value {
		if obj, ok := o.(*goja.Object); ok {
			return obj.Get(name)
		}
		return nil
	}
	var cands [4]goja.Value
	if !inv.s.moduleScope {
		// The text never names module, exports, require, this or
		// arguments: nothing in it can reach the wrapper's parameters, so
		// they are not built and only the script's own definitions count.
		out, ok := inv.runWithoutScope()
		if !ok {
			return nil, nil
		}
		if inv.s.expr {
			cands[0], cands[1] = out, member(out, inv.entry)
		} else {
			o := out.ToObject(rt)
			cands[0], cands[1] = o.Get(inv.entry), o.Get("last")
		}
	} else {
		wrapper, ok := inv.wrapper()
		if !ok {
			return nil, nil
		}
		module := rt.NewObject()
		exports := rt.NewObject()
		_ = module.Set("exports", exports)
		req := inv.requireFunc()
		out, err := wrapper(exports, module, exports, req, inv.loopCheck())
		if err != nil {
			inv.handleJSError(err)
			return nil, nil
		}
		if inv.s.expr {
			cands = [4]goja.Value{out, module.Get("exports"), member(module.Get("exports"), inv.entry), member(out, inv.entry)}
		} else {
			o := out.ToObject(rt)
			cands = [4]goja.Value{module.Get("exports"), member(module.Get("exports"), inv.entry), o.Get(inv.entry), o.Get("last")}
		}
	}
	return inv.firstFunction(cands)
}

// runWithoutScope returns what the script gives without the wrapper's
// module, exports, require and this: the value of the wrapper-less program
// when there is one (Script.direct), else the wrapper's result when called
// with none of them (the loop check aside). False means the invocation has
// failed.
func (inv *invocation) runWithoutScope() (goja.Value, bool) {
	var out goja.Value
	var err error
	if inv.s.direct != nil {
		out, err = inv.rt.RunProgram(inv.s.direct)
	} else {
		wrapper, ok := inv.wrapper()
		if !ok {
			return nil, false
		}
		if u := goja.Undefined(); inv.s.loops {
			out, err = wrapper(u, u, u, u, inv.loopCheck())
		} else {
			out, err = wrapper(u)
		}
	}
	if err != nil {
		inv.handleJSError(err)
		return nil, false
	}
	return out, true
}

// wrapper runs the compiled module wrapper and returns it. False means the
// invocation has failed.
func (inv *invocation) wrapper() (goja.Callable, bool) {
	v, err := inv.rt.RunProgram(inv.s.prog)
	if err != nil {
		inv.handleJSError(err)
		return nil, false
	}
	wrapper, ok := goja.AssertFunction(v)
	if !ok {
		inv.fail(&Error{Kind: KindCompile, Message: "internal: wrapper is not a function"})
		return nil, false
	}
	return wrapper, true
}

// firstFunction returns the first function among the candidates for the
// entry point, or fails the invocation.
func (inv *invocation) firstFunction(cands [4]goja.Value) (goja.Callable, goja.Value) {
	for _, c := range cands {
		if c == nil {
			continue
		}
		if f, ok := goja.AssertFunction(c); ok {
			return f, goja.Undefined()
		}
	}
	inv.fail(&Error{Kind: KindCompile, Message: "the script does not define a function to call (expected a function expression, module.exports, or a function named " + inv.entry + ")"})
	return nil, nil
}

// callback is the function passed to the script.
func (inv *invocation) callback(call goja.FunctionCall) goja.Value {
	if inv.finished {
		inv.addLog("warn", slog.LevelWarn, "script: "+inv.entry+": callback called more than once; later call ignored")
		return goja.Undefined()
	}
	errV := call.Argument(0)
	if errV.ToBoolean() {
		inv.fail(inv.scriptError(KindCallback, errV))
		return goja.Undefined()
	}
	v, e := inv.exportJSON(call.Argument(1))
	if e != nil {
		inv.fail(e)
		return goja.Undefined()
	}
	if inv.entry == entryGetLogoutURL {
		if _, ok := v.(string); !ok {
			inv.fail(&Error{Kind: KindInvalidResult, Message: fmt.Sprintf("getLogoutUrl must call back with a string, got %s", jsTypeName(call.Argument(1)))})
			return goja.Undefined()
		}
	}
	inv.value = v
	inv.finished = true
	return goja.Undefined()
}

func jsTypeName(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	if _, ok := v.(*goja.Object); ok {
		if _, ok := goja.AssertFunction(v); ok {
			return "function"
		}
		return "object"
	}
	switch v.ExportType().Kind().String() {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	}
	return "number"
}

// jsonValue converts a Go JSON-like value into a plain JavaScript value (real
// objects and arrays, not Go wrappers, so scripts can mutate and enumerate
// them like in Node).
func (inv *invocation) jsonValue(v any) goja.Value {
	rt := inv.rt
	switch x := v.(type) {
	case nil:
		return goja.Null()
	case map[string]any:
		// Keys in encoding/json's (sorted) order, not Go's random map
		// order, so that the script sees the same object every time.
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := rt.NewObject()
		for _, k := range keys {
			_ = o.Set(k, inv.jsonValue(x[k]))
		}
		return o
	case []any:
		vals := make([]any, len(x))
		for i, e := range x {
			vals[i] = inv.jsonValue(e)
		}
		return rt.NewArray(vals...)
	case []string:
		vals := make([]any, len(x))
		for i, e := range x {
			vals[i] = e
		}
		return rt.NewArray(vals...)
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return rt.ToValue(f)
		}
		return rt.ToValue(string(x))
	case string, bool, float64, int, int64, float32, int32, uint, uint32, uint64:
		return rt.ToValue(x)
	default:
		// Round-trip anything else through JSON.
		b, err := json.Marshal(x)
		if err != nil {
			return goja.Undefined()
		}
		var g any
		if json.Unmarshal(b, &g) != nil {
			return goja.Undefined()
		}
		return inv.jsonValue(g)
	}
}

// fail records the first terminal outcome.
func (inv *invocation) fail(e *Error) {
	if inv.finished {
		return
	}
	inv.finished = true
	inv.err = e
}

// handleJSError records a terminal outcome for an error returned by goja.
func (inv *invocation) handleJSError(err error) {
	if err == nil {
		return
	}
	inv.fail(inv.goErrorToError(err))
}

func (inv *invocation) goErrorToError(err error) *Error {
	var intr *goja.InterruptedError
	if errors.As(err, &intr) {
		return inv.deadlineError()
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return &Error{Kind: KindThrown, Name: "RangeError", Message: "Maximum call stack size exceeded"}
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return inv.scriptError(KindThrown, ex.Value())
	}
	return &Error{Kind: KindThrown, Name: "Error", Message: err.Error()}
}

// scriptError is the outcome of kind for v, a value the script threw,
// rejected with or called back with: its name, message and cause chain.
func (inv *invocation) scriptError(kind ErrorKind, v goja.Value) *Error {
	name, msg := inv.describeError(v)
	return &Error{Kind: kind, Name: name, Message: msg, Cause: inv.describeCause(v)}
}

// deadlineError describes why inv.ctx ended.
func (inv *invocation) deadlineError() *Error {
	if errors.Is(inv.parent.Err(), context.Canceled) {
		return &Error{Kind: KindCanceled, Message: "execution cancelled by the caller", cause: context.Canceled}
	}
	return &Error{Kind: KindTimeout, Message: "Script execution did not complete within the time limit", cause: ErrTimeout}
}

func (inv *invocation) failDone() { inv.fail(inv.deadlineError()) }

func (inv *invocation) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		inv.rejections = append(inv.rejections, p)
	case goja.PromiseRejectionHandle:
		for i, q := range inv.rejections {
			if q == p {
				inv.rejections = append(inv.rejections[:i], inv.rejections[i+1:]...)
				break
			}
		}
	}
}

// checkRejections fails the invocation on a promise rejected with no handler
// once the microtask queue is drained, as Node (15+) does.
func (inv *invocation) checkRejections() {
	if len(inv.rejections) == 0 {
		return
	}
	p := inv.rejections[0]
	inv.rejections = nil
	inv.fail(inv.scriptError(KindThrown, p.Result()))
}

// loop runs timers and completions until the script calls back, fails, runs
// out of work or time.
func (inv *invocation) loop() {
	var tm *time.Timer
	defer func() {
		if tm != nil {
			tm.Stop()
		}
	}()
	for !inv.finished {
		if inv.ctx.Err() != nil {
			inv.failDone()
			return
		}
		if len(inv.queued) > 0 {
			inv.startQueued()
			continue
		}
		now := time.Now()
		next := inv.nextTimer()
		if next != nil && !next.due.After(now) {
			inv.runTimer(next)
			continue
		}
		if next == nil && inv.inflight == 0 {
			// Nothing can ever call back: Auth0 would wait for its time limit;
			// report the same outcome without the wait.
			inv.fail(&Error{Kind: KindTimeout, Message: "Script finished without calling back (callback was never called)", cause: ErrTimeout})
			return
		}
		var timerC <-chan time.Time
		if next != nil {
			d := next.due.Sub(now)
			if tm == nil {
				tm = time.NewTimer(d)
			} else {
				tm.Reset(d)
			}
			timerC = tm.C
		}
		select {
		case w := <-inv.completions:
			inv.inflight--
			if _, cpu := w.(*goWork); cpu {
				inv.cpuRunning--
				if r := inv.rare; r != nil && len(r.cpuWaiting) > 0 {
					next := r.cpuWaiting[0]
					r.cpuWaiting[0] = nil
					r.cpuWaiting = r.cpuWaiting[1:]
					inv.launch(next)
				}
			}
			inv.protect(w.deliver)
			inv.checkRejections()
		case <-timerC:
		case <-inv.ctx.Done():
			inv.failDone()
			return
		}
		if tm != nil {
			tm.Stop()
		}
	}
}

func (inv *invocation) nextTimer() *timer {
	var best *timer
	for _, t := range inv.timers {
		switch {
		case best == nil:
			best = t
		case t.immediate != best.immediate:
			if t.immediate {
				best = t
			}
		case t.immediate && t.id < best.id,
			!t.immediate && (t.due.Before(best.due) || (t.due.Equal(best.due) && t.id < best.id)):
			best = t
		}
	}
	return best
}

func (inv *invocation) runTimer(t *timer) {
	if t.repeat {
		t.due = time.Now().Add(t.interval)
	} else {
		inv.removeTimer(t.id)
	}
	inv.protect(t.fn)
	inv.checkRejections()
}

func (inv *invocation) removeTimer(id int) {
	for i, t := range inv.timers {
		if t.id == id {
			inv.timers = append(inv.timers[:i], inv.timers[i+1:]...)
			return
		}
	}
}

// addTimer schedules fn on the JavaScript goroutine; it returns the timer id,
// or 0 when too many timers are pending.
func (inv *invocation) addTimer(d time.Duration, repeat bool, fn func()) int {
	if d < time.Millisecond {
		d = time.Millisecond
	}
	return inv.addTimerEntry(&timer{due: time.Now().Add(d), interval: d, repeat: repeat, fn: fn})
}

// addImmediate schedules fn as setImmediate does (see timer.immediate).
func (inv *invocation) addImmediate(fn func()) int {
	return inv.addTimerEntry(&timer{due: time.Now(), immediate: true, fn: fn})
}

func (inv *invocation) addTimerEntry(t *timer) int {
	if len(inv.timers) >= maxTimers {
		return 0
	}
	inv.timerSeq++
	t.id = inv.timerSeq
	inv.timers = append(inv.timers, t)
	return t.id
}

// refreshTimer starts a pending timer's delay again from now.
func (inv *invocation) refreshTimer(id int) {
	for _, t := range inv.timers {
		if t.id == id && !t.immediate {
			t.due = time.Now().Add(t.interval)
		}
	}
}

// asyncWork is one piece of work done off the JavaScript that asked for it.
type asyncWork interface {
	// run does the work; it may run on another goroutine and must touch no
	// JavaScript value.
	run()
	// deliver hands the outcome to the script, on the JavaScript goroutine.
	deliver()
}

// goAsync queues w. The loop starts it once the JavaScript that asked for
// it has returned (startQueued).
func (inv *invocation) goAsync(w asyncWork) {
	if inv.queued == nil {
		inv.queued = inv.queuedBuf[:0]
	}
	inv.queued = append(inv.queued, w)
}

// startQueued starts the queued work. A single item with nothing else in
// flight and no timer pending runs right here, on the JavaScript goroutine:
// the loop could only wait for it, and a goroutine would add its start, its
// stack growth and the hand-over through the completions channel. The work
// honours inv.ctx either way; if the context ended meanwhile, its outcome is
// dropped and the loop reports the deadline, as it does when the context ends
// while it waits. Anything else starts on goroutines, so that requests still
// run in parallel.
func (inv *invocation) startQueued() {
	q := inv.queued
	inv.queued = q[:0]
	if len(q) == 1 && inv.inflight == 0 && len(inv.timers) == 0 {
		w := q[0]
		q[0] = nil
		w.run()
		if inv.ctx.Err() != nil {
			return
		}
		inv.protect(w.deliver)
		inv.checkRejections()
		return
	}
	for i, w := range q {
		q[i] = nil
		inv.launch(w)
	}
}

// maxCPUWork bounds the module work (host.Go: signatures, key derivation)
// of one invocation running at once, as Node's thread pool has four
// threads: a script that starts a thousand cannot take every core, and
// what has not started when the invocation ends never runs.
const maxCPUWork = 4

// launch runs w on another goroutine and hands it to the loop when done;
// module work beyond maxCPUWork waits for a turn.
func (inv *invocation) launch(w asyncWork) {
	if _, cpu := w.(*goWork); cpu {
		if inv.cpuRunning >= maxCPUWork {
			r := inv.rareFields()
			r.cpuWaiting = append(r.cpuWaiting, w)
			return
		}
		inv.cpuRunning++
	}
	if inv.completions == nil {
		inv.completions = make(chan asyncWork)
	}
	inv.inflight++
	inv.wg.Add(1)
	go func() {
		defer inv.wg.Done()
		w.run()
		select {
		case inv.completions <- w:
		case <-inv.stopped:
		}
	}()
}

func (inv *invocation) outcome() (*Result, error) {
	if inv.err != nil {
		inv.err.Logs = inv.logs
		inv.err.entry = inv.entry
		return nil, inv.err
	}
	return &Result{Value: inv.value, Logs: inv.logs}, nil
}

func (inv *invocation) outcomeError() error {
	_, err := inv.outcome()
	return err
}
