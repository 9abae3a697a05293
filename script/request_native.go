package script

import (
	"encoding/base64"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// The request module is implemented in Go for the calls real scripts make
// (a URL, headers, json: true, auth, a callback): options are read straight
// from the script's objects, the response is built in Go and JSON bodies are
// parsed into JavaScript values without JSON.parse. Calls using anything else
// (no callback, qs, form, baseUrl, a JSON request body, other encodings...)
// and request.defaults/jar/Request go to the JavaScript shim
// (request_shim.js), which is built only then.

// nativeRequest is the per-invocation request module.
type nativeRequest struct {
	inv     *invocation
	fn      *goja.Object
	shim    *goja.Object
	members requestMembers
	// respProto is the prototype of the responses (see responseProto).
	respProto        *goja.Object
	respProtoMembers responseProtoMembers
}

var requestVerbs = map[string]string{
	"get": "GET", "head": "HEAD", "options": "OPTIONS", "post": "POST", "put": "PUT",
	"patch": "PATCH", "del": "DELETE", "delete": "DELETE",
}

// requestModule builds the request function for this invocation. Its
// members are served by a dynamic object on its prototype chain and defined
// on the function when first read (like the lazy globals).
func (inv *invocation) requestModule() goja.Value {
	rt := inv.rt
	nr := &nativeRequest{inv: inv}
	nr.members.nr = nr
	nr.fn = rt.ToValue(nr.entry("")).(*goja.Object)
	dyn := rt.NewDynamicObject(&nr.members)
	_ = dyn.SetPrototype(nr.fn.Prototype())
	_ = nr.fn.SetPrototype(dyn)
	return nr.fn
}

// shimModule builds the JavaScript request shim (once per invocation).
func (nr *nativeRequest) shimModule() *goja.Object {
	if nr.shim != nil {
		return nr.shim
	}
	nr.inv.ensureJSON()
	rt := nr.inv.rt
	v, err := rt.RunProgram(requestShim.program())
	if err != nil {
		panic(err)
	}
	factory, _ := goja.AssertFunction(v)
	h := rt.NewDynamicObject(&requestHost{inv: nr.inv})
	nr.shim = mustCall(factory, goja.Undefined(), h).(*goja.Object)
	return nr.shim
}

type requestMembers struct {
	nr   *nativeRequest
	done smallMap[struct{}]
}

func (m *requestMembers) build(key string) goja.Value {
	nr := m.nr
	if method, ok := requestVerbs[key]; ok {
		return nr.inv.rt.ToValue(nr.entry(method))
	}
	switch key {
	case "defaults", "jar", "cookie", "Request", "initParams":
		return nr.shimModule().Get(key)
	}
	return nil
}

func (m *requestMembers) known(key string) bool {
	if m.done.has(key) {
		return false
	}
	if _, ok := requestVerbs[key]; ok {
		return true
	}
	switch key {
	case "defaults", "jar", "cookie", "Request", "initParams":
		return true
	}
	return false
}

func (m *requestMembers) Get(key string) goja.Value {
	if !m.known(key) {
		return nil
	}
	m.done.set(key, struct{}{})
	v := m.build(key)
	if v == nil {
		return nil
	}
	_ = m.nr.fn.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	return v
}
func (m *requestMembers) Has(key string) bool         { return m.known(key) }
func (m *requestMembers) Set(string, goja.Value) bool { return false }
func (m *requestMembers) Delete(key string) bool {
	if m.known(key) {
		m.done.set(key, struct{}{})
	}
	return true
}
func (m *requestMembers) Keys() []string { return nil }

// entry returns request (method "") or one of its verb functions.
func (nr *nativeRequest) entry(method string) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		uri := call.Argument(0)
		if method == "" && goja.IsUndefined(uri) {
			panic(newJSError(nr.inv.rt, "undefined is not a valid uri or options object."))
		}
		c := &nativeCall{nr: nr}
		if nr.params(&c.params, uri, call.Argument(1), call.Argument(2), method) {
			return c.start()
		}
		// Fall back to the shim.
		shim := nr.shimModule()
		var target goja.Value = shim
		if method != "" {
			for k, m := range requestVerbs {
				if m == method {
					target = shim.Get(k)
					break
				}
			}
		}
		f, _ := goja.AssertFunction(target)
		return mustCall(f, goja.Undefined(), call.Arguments...)
	}
}

type reqHeader struct {
	name  string
	value goja.Value
}

// nativeParams are the options of a call the Go path handles.
type nativeParams struct {
	cb              goja.Callable
	cbValue         goja.Value
	uri             goja.Value
	method          string
	headers         []reqHeader
	json            bool
	body            goja.Value
	rawBytes        bool // encoding: null
	explicit        bool // encoding: 'utf8' given
	timeout         float64
	follow          bool
	followAll, gzip bool
	auth            *goja.Object
}

// params reads request's (uri, options, callback) arguments into p as
// initParams does; false means the call needs the shim.
func (nr *nativeRequest) params(p *nativeParams, uri, options, callback goja.Value, method string) bool {
	*p = nativeParams{follow: true}
	// optFn is options as a function: the callback, asserted once.
	optFn, _ := goja.AssertFunction(options)
	if optFn != nil {
		callback = options
	}
	var src *goja.Object
	if o, ok := options.(*goja.Object); ok && optFn == nil {
		src = o
		if !goja.IsUndefined(uri) {
			p.uri = uri
		}
	} else if o, ok := uri.(*goja.Object); ok {
		src = o
	} else if _, ok := uri.Export().(string); ok {
		p.uri = uri
	} else {
		return false
	}
	var cbFromOpts, optURI, optURL goja.Value
	if src != nil {
		for _, k := range src.Keys() {
			v := src.Get(k)
			if v == nil || goja.IsUndefined(v) {
				continue
			}
			switch k {
			case "uri":
				optURI = v
			case "url":
				optURL = v
			case "method":
				if v.ToBoolean() {
					p.method = strings.ToUpper(v.String())
				}
			case "headers":
				if !v.ToBoolean() {
					continue
				}
				ho, ok := v.(*goja.Object)
				if !ok {
					return false
				}
				hks := ho.Keys()
				// Room for the accept and authorization headers init may add.
				p.headers = make([]reqHeader, 0, len(hks)+2)
				for _, hk := range hks {
					hv := ho.Get(hk)
					if hv == nil || goja.IsUndefined(hv) {
						continue
					}
					p.headers = append(p.headers, reqHeader{hk, hv})
				}
			case "json":
				if v.ToBoolean() {
					if _, isBool := v.Export().(bool); !isBool {
						return false
					}
					p.json = true
				}
			case "body":
				if goja.IsNull(v) {
					continue
				}
				if _, ok := v.Export().(string); !ok || isObject(v) {
					return false
				}
				p.body = v
			case "encoding":
				if goja.IsNull(v) {
					p.rawBytes = true
					continue
				}
				if s, ok := v.Export().(string); ok && (s == "utf8" || s == "utf-8") && !isObject(v) {
					p.explicit = true
					continue
				}
				return false
			case "timeout":
				if f, ok := v.Export().(float64); ok && !isObject(v) {
					p.timeout = f
				} else if i, ok := v.Export().(int64); ok && !isObject(v) {
					p.timeout = float64(i)
				}
			case "followRedirect":
				p.follow = v.ToBoolean()
			case "followAllRedirects":
				p.followAll = v.ToBoolean()
			case "gzip":
				p.gzip = v.ToBoolean()
			case "auth":
				if !v.ToBoolean() {
					continue
				}
				o, ok := v.(*goja.Object)
				if !ok {
					continue
				}
				p.auth = o
			case "callback":
				cbFromOpts = v
			case "qs", "form":
				if !goja.IsNull(v) && v.ToBoolean() || isObject(v) {
					return false
				}
			case "baseUrl", "jsonReviver", "useQuerystring", "time":
				if v.ToBoolean() {
					return false
				}
			}
		}
	}
	if p.uri == nil {
		p.uri = optURI
	}
	if p.uri == nil {
		p.uri = optURL
	}
	if method != "" {
		p.method = method
	}
	if p.method == "" {
		p.method = "GET"
	}
	if p.json && p.body != nil {
		return false
	}
	if p.json && p.rawBytes {
		return false
	}
	cbv, cb := callback, optFn
	if cbv == nil || !cbv.ToBoolean() {
		cbv, cb = cbFromOpts, nil
	}
	if cb == nil {
		var ok bool
		if cb, ok = goja.AssertFunction(cbv); !ok {
			return false
		}
	}
	p.cb, p.cbValue = cb, cbv
	if p.auth != nil {
		if b := p.auth.Get("bearer"); b != nil && !goja.IsUndefined(b) {
			if isCallable(b) {
				return false
			}
		}
	}
	return true
}

func isCallable(v goja.Value) bool { _, ok := goja.AssertFunction(v); return ok }

// nativeCall is the object request returns: the Request, with its events.
// It holds the call's options, its outbound request and the Fetch of it.
type nativeCall struct {
	nr        *nativeRequest
	obj       *goja.Object
	params    nativeParams
	req       outboundRequest
	fetch     fetchWork
	resp      nativeResponse
	uri       legacyURI
	hasURI    bool
	uriObj    goja.Value
	headersJS *goja.Object
	listeners map[string][]goja.Value
	aborted   bool
	response  goja.Value
	own       ownProps
}

func headerIndex(hs []reqHeader, name string) int {
	for i, h := range hs {
		if strings.EqualFold(h.name, name) {
			return i
		}
	}
	return -1
}

func setHeaderList(hs []reqHeader, name string, v goja.Value) []reqHeader {
	if i := headerIndex(hs, name); i >= 0 {
		hs = append(hs[:i], hs[i+1:]...)
	}
	return append(hs, reqHeader{name, v})
}

// start validates the call as Request's _init does and sends it.
func (c *nativeCall) start() goja.Value {
	inv, rt := c.nr.inv, c.nr.inv.rt
	p := &c.params
	c.obj = rt.NewDynamicObject(c)
	if errMsg := c.init(); errMsg != "" {
		err := newJSError(rt, errMsg)
		inv.addTimer(0, false, func() { c.fail(err) })
		return c.obj
	}
	req := &c.req
	*req = outboundRequest{
		Method:             p.method,
		URL:                c.uri.href,
		Header:             make(http.Header, len(p.headers)),
		FollowRedirects:    p.follow,
		FollowAllRedirects: p.followAll,
		Gzip:               p.gzip,
	}
	if p.timeout > 0 {
		req.Timeout = time.Duration(p.timeout * float64(time.Millisecond))
	}
	// One backing array for the headers' values, as Header.Clone makes,
	// instead of one per header.
	vals := make([]string, 0, len(p.headers))
	for _, h := range p.headers {
		v := h.value
		if goja.IsNull(v) {
			continue
		}
		key := headerKey(h.name)
		if arr, ok := v.(*goja.Object); ok && arr.ClassName() == "Array" {
			n := int(arr.Get("length").ToInteger())
			for i := 0; i < n; i++ {
				req.Header[key] = append(req.Header[key], arr.Get(strconv.Itoa(i)).String())
			}
			continue
		}
		if old, ok := req.Header[key]; ok {
			req.Header[key] = append(old, v.String())
			continue
		}
		vals = append(vals, v.String())
		req.Header[key] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	if p.body != nil {
		req.Body = []byte(p.body.String())
	}
	c.fetch = fetchWork{req: req, done: c.fetched}
	inv.fetch(&c.fetch)
	return c.obj
}

// headerKey is http.Header.Add's canonical form of name, without its
// allocation for the lower-case names request sets itself.
func headerKey(name string) string {
	switch name {
	case "accept":
		return "Accept"
	case "authorization":
		return "Authorization"
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// fetched is the outcome of the call's Fetch.
func (c *nativeCall) fetched(resp *inboundResponse, err error) {
	if c.aborted {
		return
	}
	if err != nil {
		c.fail(newNodeError(c.nr.inv.rt, err))
		return
	}
	c.complete(resp)
}

// init is Request.prototype._init for the options the Go path accepts; it
// returns the message of the Error request reports, if any.
func (c *nativeCall) init() string {
	p := &c.params
	uri := p.uri
	if uri == nil || !uri.ToBoolean() {
		return "options.uri is a required argument"
	}
	if isObject(uri) {
		uo := uri.(*goja.Object)
		if h := uo.Get("href"); h != nil && !goja.IsUndefined(h) {
			uri = h
		}
	}
	raw := uri.String()
	u, msg, thrown := c.nr.inv.requestURI(raw)
	if thrown != nil {
		panic(thrown)
	}
	if msg != "" {
		return msg
	}
	c.uri, c.hasURI = u, true
	rt := c.nr.inv.rt
	if p.json && headerIndex(p.headers, "accept") < 0 {
		p.headers = setHeaderList(p.headers, "accept", rt.ToValue("application/json"))
	}
	if p.method == "HEAD" && p.body != nil && p.body.String() != "" {
		return "HTTP HEAD requests MUST NOT include a request body."
	}
	if a := p.auth; a != nil {
		if b := a.Get("bearer"); b != nil && !goja.IsUndefined(b) {
			tok := ""
			if b.ToBoolean() {
				tok = b.String()
			}
			p.headers = setHeaderList(p.headers, "authorization", rt.ToValue("Bearer "+tok))
		} else {
			user := a.Get("user")
			if user == nil || goja.IsUndefined(user) {
				user = a.Get("username")
			}
			pass := a.Get("pass")
			if pass == nil || goja.IsUndefined(pass) {
				pass = a.Get("password")
			}
			us, uok := user.Export().(string)
			ps, pok := "", true
			if pass != nil && !goja.IsUndefined(pass) {
				ps, pok = pass.Export().(string)
			}
			if !uok || !pok || isObject(user) || isObject(pass) {
				return "auth() received invalid user or password"
			}
			p.headers = setHeaderList(p.headers, "authorization", rt.ToValue("Basic "+base64.StdEncoding.EncodeToString([]byte(us+":"+ps))))
		}
	}
	return ""
}

func (c *nativeCall) emit(name string, args ...goja.Value) {
	ls := c.listeners[name]
	if len(ls) == 0 {
		return
	}
	ls = append([]goja.Value(nil), ls...)
	for _, l := range ls {
		f, _ := goja.AssertFunction(l)
		if _, err := f(c.obj, args...); err != nil {
			panic(err)
		}
	}
}

// fail is Request.prototype._fail.
func (c *nativeCall) fail(err goja.Value) {
	c.nr.inv.protect(func() {
		c.emit("error", err)
		_, cerr := c.params.cb(goja.Undefined(), err)
		c.nr.inv.handleJSError(cerr)
	})
}

// complete builds the response and calls back, as _complete does.
func (c *nativeCall) complete(resp *inboundResponse) {
	inv, rt := c.nr.inv, c.nr.inv.rt
	if resp.Redirected {
		if u, err := inv.parseURI(resp.URL); err == nil {
			c.uri, c.uriObj = u, nil
		}
	}
	var body goja.Value
	var buf goja.Value
	bytes := func() goja.Value {
		if buf == nil {
			buf = inv.wrapBytes(resp.Body)
		}
		return buf
	}
	var text string
	textOK := false
	decode := func() string {
		if !textOK {
			if utf8.Valid(resp.Body) {
				text = string(resp.Body)
			} else {
				text = bufferToString(rt, bytes())
			}
			text = strings.TrimPrefix(text, "\ufeff")
			textOK = true
		}
		return text
	}
	n := len(resp.Body)
	if n > 0 {
		if c.params.rawBytes {
			body = bytes()
		} else {
			decode()
			if c.params.json {
				if v, ok := parseJSONValue(rt, text); ok {
					body = v
				} else if v, ok := inv.jsonParse(text); ok {
					body = v
				}
			}
			if body == nil {
				body = rt.ToValue(text)
			}
		}
	}
	if body == nil {
		switch {
		case c.params.json:
			body = goja.Undefined()
		case c.params.rawBytes:
			body = bytes()
		default:
			body = rt.ToValue("")
		}
	}
	nresp := &c.resp
	*nresp = nativeResponse{rt: rt, c: c, header: resp.Header, statusMessage: resp.StatusMessage}
	nresp.entries = append(nresp.entriesBuf[:0],
		responseEntry{key: "statusCode", val: rt.ToValue(resp.StatusCode)},
		responseEntry{key: "statusMessage"},
		responseEntry{key: "headers"},
		responseEntry{key: "rawHeaders"},
		responseEntry{key: "httpVersion"},
		responseEntry{key: "url", val: rt.ToValue("")},
		responseEntry{key: "request", val: c.obj},
		responseEntry{key: "body", val: body},
	)
	r := rt.NewDynamicObject(nresp)
	nresp.obj = r
	_ = r.SetPrototype(c.nr.responseProto())
	c.response = r
	inv.protect(func() {
		if len(c.listeners) > 0 {
			c.emit("response", r)
			if n > 0 {
				if c.params.explicit {
					c.emit("data", rt.ToValue(decode()))
				} else {
					c.emit("data", bytes())
				}
			}
			c.emit("end")
			c.emit("complete", r, body)
		}
		_, err := c.params.cb(goja.Undefined(), goja.Null(), r, body)
		inv.handleJSError(err)
	})
}

// jsonParse runs the runtime's original JSON.parse on text; text nested
// past maxNesting is not parsed (request leaves a body JSON.parse throws
// for as text).
func (inv *invocation) jsonParse(text string) (goja.Value, bool) {
	if codeNestsPast(text, maxNesting) {
		return nil, false
	}
	rt := inv.rt
	j, ok := rt.Get("JSON").(*goja.Object)
	if !ok {
		return nil, false
	}
	f, ok := goja.AssertFunction(j.Get("parse"))
	if !ok {
		return nil, false
	}
	v, err := f(j, rt.ToValue(text))
	if err != nil {
		return nil, false
	}
	return v, true
}

func bufferToString(rt *goja.Runtime, b goja.Value) string {
	o := b.ToObject(rt)
	f, ok := goja.AssertFunction(o.Get("toString"))
	if !ok {
		return ""
	}
	v, err := f(o, rt.ToValue("utf8"))
	if err != nil {
		return ""
	}
	return v.String()
}

// responseProto is the prototype of the invocation's responses: toJSON,
// built on first read.
func (nr *nativeRequest) responseProto() *goja.Object {
	if nr.respProto == nil {
		nr.respProtoMembers.rt = nr.inv.rt
		// A dynamic object's prototype is Object.prototype.
		nr.respProto = nr.inv.rt.NewDynamicObject(&nr.respProtoMembers)
	}
	return nr.respProto
}

// responseProtoMembers serves the response prototype's toJSON, which gives
// what request's Response.toJSON gives.
type responseProtoMembers struct {
	rt     *goja.Runtime
	toJSON goja.Value
	gone   bool
	own    ownProps
}

func (m *responseProtoMembers) Get(key string) goja.Value {
	if v, ok := m.own.get(key); ok {
		return v
	}
	if key != "toJSON" || m.gone {
		return nil
	}
	if m.toJSON == nil {
		rt := m.rt
		m.toJSON = rt.ToValue(func(call goja.FunctionCall) goja.Value {
			this := call.This.ToObject(rt)
			out := rt.NewObject()
			_ = out.Set("statusCode", this.Get("statusCode"))
			_ = out.Set("body", this.Get("body"))
			_ = out.Set("headers", this.Get("headers"))
			if req, ok := this.Get("request").(*goja.Object); ok {
				ro := rt.NewObject()
				_ = ro.Set("uri", req.Get("uri"))
				_ = ro.Set("method", req.Get("method"))
				_ = ro.Set("headers", req.Get("headers"))
				_ = out.Set("request", ro)
			}
			return out
		})
	}
	return m.toJSON
}

func (m *responseProtoMembers) Has(key string) bool {
	return m.own.has(key) || (key == "toJSON" && !m.gone)
}

func (m *responseProtoMembers) Set(key string, v goja.Value) bool {
	m.own.set(key, v)
	return true
}

func (m *responseProtoMembers) Delete(key string) bool {
	if key == "toJSON" {
		m.gone = true
	}
	m.own.delete(key)
	return true
}

func (m *responseProtoMembers) Keys() []string { return m.own.list() }

// nativeResponse is the response object (an IncomingMessage as request
// hands it over) as a dynamic object: its own properties, in Node's order,
// with statusMessage, headers, rawHeaders and httpVersion built on first
// read, and caseless (request's header lookup) served but not listed, as on
// the prototype before.
type nativeResponse struct {
	rt            *goja.Runtime
	c             *nativeCall
	obj           *goja.Object
	header        http.Header
	statusMessage string
	entries       []responseEntry
	entriesBuf    [8]responseEntry
}

type responseEntry struct {
	key string
	val goja.Value
}

func (r *nativeResponse) find(key string) int {
	for i := range r.entries {
		if r.entries[i].key == key {
			return i
		}
	}
	return -1
}

func (r *nativeResponse) Get(key string) goja.Value {
	i := r.find(key)
	if i < 0 {
		if key == "caseless" {
			return r.caseless()
		}
		return nil
	}
	e := &r.entries[i]
	if e.val == nil {
		switch key {
		case "headers":
			e.val = r.rt.NewDynamicObject(&lazyHeaders{rt: r.rt, h: r.header})
		case "rawHeaders":
			e.val = nodeRawHeaders(r.rt, r.header)
		case "statusMessage":
			e.val = r.rt.ToValue(r.statusMessage)
		case "httpVersion":
			e.val = r.rt.ToValue("1.1")
		default:
			e.val = goja.Undefined()
		}
	}
	return e.val
}

func (r *nativeResponse) Has(key string) bool { return r.find(key) >= 0 || key == "caseless" }

func (r *nativeResponse) Set(key string, v goja.Value) bool {
	if i := r.find(key); i >= 0 {
		r.entries[i].val = v
		return true
	}
	r.entries = append(r.entries, responseEntry{key: key, val: v})
	return true
}

func (r *nativeResponse) Delete(key string) bool {
	if i := r.find(key); i >= 0 {
		r.entries = append(r.entries[:i], r.entries[i+1:]...)
	}
	return true
}

func (r *nativeResponse) Keys() []string {
	keys := make([]string, len(r.entries))
	for i, e := range r.entries {
		keys[i] = e.key
	}
	return keys
}

// caseless is request's response.caseless: get and has, ignoring case, over
// the response's headers as they are at the time of the call.
func (r *nativeResponse) caseless() goja.Value {
	rt := r.rt
	this := r.obj
	hdrs := func() *goja.Object {
		h, _ := this.Get("headers").(*goja.Object)
		if h == nil {
			return rt.NewObject()
		}
		return h
	}
	cl := rt.NewObject()
	_ = cl.Set("get", func(c goja.FunctionCall) goja.Value {
		h := hdrs()
		name := strings.ToLower(c.Argument(0).String())
		for _, k := range h.Keys() {
			if strings.ToLower(k) == name {
				return h.Get(k)
			}
		}
		return goja.Undefined()
	})
	_ = cl.Set("has", func(c goja.FunctionCall) goja.Value {
		h := hdrs()
		name := strings.ToLower(c.Argument(0).String())
		for _, k := range h.Keys() {
			if strings.ToLower(k) == name {
				return rt.ToValue(true)
			}
		}
		return rt.ToValue(false)
	})
	return cl
}

// --- the Request object (DynamicObject) ---

func (c *nativeCall) uriValue() goja.Value {
	if !c.hasURI {
		return goja.Null()
	}
	if c.uriObj == nil {
		c.uriObj = c.uri.toObject(c.nr.inv.rt)
	}
	return c.uriObj
}

func (c *nativeCall) headersValue() goja.Value {
	if c.headersJS == nil {
		rt := c.nr.inv.rt
		c.headersJS = rt.NewObject()
		for _, h := range c.params.headers {
			_ = c.headersJS.Set(h.name, h.value)
		}
	}
	return c.headersJS
}

func (c *nativeCall) method(name string) goja.Value {
	rt := c.nr.inv.rt
	var f func(goja.FunctionCall) goja.Value
	switch name {
	case "on", "addListener":
		f = func(call goja.FunctionCall) goja.Value {
			if isCallable(call.Argument(1)) {
				ev := call.Argument(0).String()
				if c.listeners == nil {
					c.listeners = map[string][]goja.Value{}
				}
				c.listeners[ev] = append(c.listeners[ev], call.Argument(1))
			}
			return c.obj
		}
	case "once":
		f = func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(1))
			if !ok {
				return c.obj
			}
			ev := call.Argument(0).String()
			var w goja.Value
			w = rt.ToValue(func(inner goja.FunctionCall) goja.Value {
				c.removeListener(ev, w)
				v, err := fn(inner.This, inner.Arguments...)
				if err != nil {
					panic(err)
				}
				return v
			})
			if c.listeners == nil {
				c.listeners = map[string][]goja.Value{}
			}
			c.listeners[ev] = append(c.listeners[ev], w)
			return c.obj
		}
	case "removeListener":
		f = func(call goja.FunctionCall) goja.Value {
			c.removeListener(call.Argument(0).String(), call.Argument(1))
			return c.obj
		}
	case "abort":
		f = func(goja.FunctionCall) goja.Value { c.aborted = true; return goja.Undefined() }
	case "setHeader":
		f = func(call goja.FunctionCall) goja.Value {
			c.params.headers = setHeaderList(c.params.headers, call.Argument(0).String(), call.Argument(1))
			c.headersJS = nil
			return c.obj
		}
	case "getHeader":
		f = func(call goja.FunctionCall) goja.Value {
			if i := headerIndex(c.params.headers, call.Argument(0).String()); i >= 0 {
				return c.params.headers[i].value
			}
			return goja.Undefined()
		}
	case "hasHeader":
		f = func(call goja.FunctionCall) goja.Value {
			return rt.ToValue(headerIndex(c.params.headers, call.Argument(0).String()) >= 0)
		}
	case "toJSON":
		f = func(goja.FunctionCall) goja.Value {
			o := rt.NewObject()
			_ = o.Set("uri", c.uriValue())
			_ = o.Set("method", c.params.method)
			_ = o.Set("headers", c.headersValue())
			return o
		}
	default:
		return nil
	}
	return rt.ToValue(f)
}

func (c *nativeCall) removeListener(ev string, fn goja.Value) {
	ls := c.listeners[ev]
	for i, l := range ls {
		if l.SameAs(fn) {
			c.listeners[ev] = append(ls[:i:i], ls[i+1:]...)
			return
		}
	}
}

var nativeCallKeys = []string{"callback", "method", "headers", "uri", "href"}

func (c *nativeCall) Get(key string) goja.Value {
	if v, ok := c.own.get(key); ok {
		return v
	}
	rt := c.nr.inv.rt
	switch key {
	case "callback":
		return c.params.cbValue
	case "method":
		return rt.ToValue(c.params.method)
	case "headers":
		return c.headersValue()
	case "uri":
		return c.uriValue()
	case "href":
		if !c.hasURI {
			return goja.Undefined()
		}
		return rt.ToValue(c.uri.href)
	case "response":
		if c.response == nil {
			return nil
		}
		return c.response
	}
	m := c.method(key)
	if m != nil {
		c.own.set(key, m)
	}
	return m
}

func (c *nativeCall) Has(key string) bool {
	if c.own.has(key) {
		return true
	}
	switch key {
	case "callback", "method", "headers", "uri", "href":
		return true
	case "response":
		return c.response != nil
	}
	switch key {
	case "on", "addListener", "once", "removeListener", "abort", "setHeader", "getHeader", "hasHeader", "toJSON":
		return true
	}
	return false
}

func (c *nativeCall) Set(key string, v goja.Value) bool {
	c.own.set(key, v)
	return true
}

func (c *nativeCall) Delete(key string) bool {
	c.own.delete(key)
	return true
}

func (c *nativeCall) Keys() []string {
	keys := append([]string(nil), nativeCallKeys...)
	if c.response != nil {
		keys = append(keys, "response")
	}
	for _, k := range c.own.keys {
		switch k {
		case "callback", "method", "headers", "uri", "href", "response":
			continue
		}
		if _, fn := goja.AssertFunction(c.own.vals[k]); fn {
			continue
		}
		keys = append(keys, k)
	}
	return keys
}
