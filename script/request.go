package script

import (
	_ "embed"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
)

// requestShimSource is the JavaScript half of the request module: option
// handling and the response object, over the Go fetch primitive.
//
//go:embed request_shim.js
var requestShimSource string

var requestShim = builtin("request.js", requestShimSource)

//go:embed buffer_extra.js
var bufferExtraSource string

// bufferExtra adds the Buffer members goja_nodejs lacks (isBuffer,
// byteLength, slice returning a Buffer, toJSON...) and returns the
// module's Buffer: a function standing in for goja_nodejs's constructor
// that also takes a size.
var bufferExtra = builtin("buffer.js", bufferExtraSource)

// requestHost is the shim's host object. Its functions are built on first
// use: most invocations need only fetch and parseUri.
type requestHost struct {
	inv   *invocation
	built map[string]goja.Value
}

func (h *requestHost) Get(key string) goja.Value {
	if v, ok := h.built[key]; ok {
		return v
	}
	f := h.fn(key)
	if f == nil {
		return nil
	}
	v := h.inv.rt.ToValue(f)
	if h.built == nil {
		h.built = make(map[string]goja.Value, 4)
	}
	h.built[key] = v
	return v
}

func (h *requestHost) fn(key string) func(goja.FunctionCall) goja.Value {
	inv, rt := h.inv, h.inv.rt
	switch key {
	case "fetch":
		return inv.jsFetch
	case "urlClass":
		return func(goja.FunctionCall) goja.Value { return inv.urlModule().Get("URL") }
	case "parseUri":
		return func(call goja.FunctionCall) goja.Value {
			u, err := inv.parseURI(call.Argument(0).String())
			if err != nil {
				panic(newJSError(rt, "Invalid URI"))
			}
			return u.toObject(rt)
		}
	case "prepareUri":
		return func(call goja.FunctionCall) goja.Value {
			raw := call.Argument(0).String()
			u, msg, thrown := inv.requestURI(raw)
			if thrown != nil {
				panic(thrown)
			}
			if msg != "" {
				return rt.NewArray(msg, goja.Null())
			}
			return rt.NewArray(goja.Null(), u.toObject(rt))
		}
	case "isBuffer":
		return func(call goja.FunctionCall) goja.Value {
			return rt.ToValue(inv.isBuffer(call.Argument(0)))
		}
	case "emptyBuffer":
		return func(goja.FunctionCall) goja.Value { return inv.wrapBytes(nil) }
	case "base64":
		return func(call goja.FunctionCall) goja.Value {
			return rt.ToValue(base64.StdEncoding.EncodeToString([]byte(call.Argument(0).String())))
		}
	case "defer":
		return func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if ok {
				inv.addTimer(0, false, func() {
					_, err := fn(goja.Undefined())
					inv.handleJSError(err)
				})
			}
			return goja.Undefined()
		}
	}
	return nil
}

func (h *requestHost) Has(key string) bool         { return h.fn(key) != nil }
func (h *requestHost) Set(string, goja.Value) bool { return false }
func (h *requestHost) Delete(string) bool          { return false }
func (h *requestHost) Keys() []string              { return nil }

// wrapBytes returns a Buffer holding b.
func (inv *invocation) wrapBytes(b []byte) goja.Value {
	if b == nil {
		b = []byte{}
	}
	bm, err := inv.require("buffer")
	if err != nil {
		panic(err)
	}
	from, _ := goja.AssertFunction(bm.ToObject(inv.rt).Get("Buffer").ToObject(inv.rt).Get("from"))
	return mustCall(from, goja.Undefined(), inv.rt.ToValue(inv.rt.NewArrayBuffer(b)))
}

func (inv *invocation) isBuffer(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	_, isBytes := o.Export().([]byte)
	return isBytes
}

// jsFetch is host.fetch(spec, cb) for the request shim.
func (inv *invocation) jsFetch(call goja.FunctionCall) goja.Value {
	rt := inv.rt
	spec := call.Argument(0).ToObject(rt)
	cb, _ := goja.AssertFunction(call.Argument(1))
	req := &outboundRequest{
		Method:             spec.Get("method").String(),
		URL:                spec.Get("url").String(),
		Header:             http.Header{},
		FollowRedirects:    spec.Get("followRedirect").ToBoolean(),
		FollowAllRedirects: spec.Get("followAllRedirects").ToBoolean(),
		Gzip:               spec.Get("gzip").ToBoolean(),
		Time:               spec.Get("time").ToBoolean(),
	}
	if t := spec.Get("timeout"); t != nil && !goja.IsUndefined(t) {
		if ms := t.ToFloat(); ms > 0 {
			req.Timeout = time.Duration(ms * float64(time.Millisecond))
		}
	}
	if ho, ok := spec.Get("headers").(*goja.Object); ok {
		for _, k := range ho.Keys() {
			v := ho.Get(k)
			if !present(v) {
				continue
			}
			if arr, ok := v.(*goja.Object); ok && arr.ClassName() == "Array" {
				n := int(arr.Get("length").ToInteger())
				for i := 0; i < n; i++ {
					req.Header.Add(k, arr.Get(strconv.Itoa(i)).String())
				}
				continue
			}
			req.Header.Add(k, v.String())
		}
	}
	if b := spec.Get("body"); present(b) {
		if s, ok := b.Export().(string); ok {
			req.Body = []byte(s)
		} else {
			req.Body = append([]byte(nil), buffer.DecodeBytes(rt, b, goja.Undefined())...)
		}
	}
	inv.Fetch(req, func(resp *inboundResponse, err error) {
		if cb == nil {
			return
		}
		if err != nil {
			_, cerr := cb(goja.Undefined(), newNodeError(rt, err))
			inv.handleJSError(cerr)
			return
		}
		headers, raw := nodeHeaders(rt, resp.Header)
		o := rt.NewObject()
		_ = o.Set("statusCode", resp.StatusCode)
		_ = o.Set("statusMessage", resp.StatusMessage)
		_ = o.Set("headers", headers)
		_ = o.Set("rawHeaders", raw)
		_ = o.Set("bodyLength", len(resp.Body))
		if utf8.Valid(resp.Body) {
			_ = o.Set("text", string(resp.Body))
		}
		_ = o.Set("bytes", func(goja.FunctionCall) goja.Value { return inv.wrapBytes(resp.Body) })
		if resp.Redirected {
			_ = o.Set("url", resp.URL)
		}
		if t := resp.Timing; t != nil {
			_ = o.Set("timing", map[string]any{
				"start": t.Start.UnixMilli(), "responseStart": t.ResponseStart.UnixMilli(), "elapsed": t.Elapsed,
				"socket": t.Socket, "lookup": t.Lookup, "connect": t.Connect, "response": t.Response, "end": t.End,
				"order": t.Order,
			})
		}
		_, cerr := cb(goja.Undefined(), goja.Null(), o)
		inv.handleJSError(cerr)
	})
	return goja.Undefined()
}
