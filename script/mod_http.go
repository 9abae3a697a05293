package script

import (
	"net/http"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// HTTP client modules over host.Fetch: http and https (Node's
// ClientRequest/IncomingMessage subset), node-fetch 2 and axios (0.x/1.x
// promise API). Every request goes through the invocation's Fetch, so the
// engine's limits and destination policy apply; bodies arrive whole, so a
// response emits a single 'data' event. Agents are accepted and keep their
// options, but connections are the engine client's. Streaming
// uploads/downloads, sockets, servers and interceptors with async request
// transforms are not provided.

func init() {
	registerModule("http", func(h host) (goja.Value, error) { return loadHTTP(h, "http:") })
	registerModule("https", func(h host) (goja.Value, error) { return loadHTTP(h, "https:") })
	registerModule("node-fetch", func(h host) (goja.Value, error) {
		return runJSModule(h, nodeFetchProgram, fetchNative(h))
	})
	registerModule("axios", func(h host) (goja.Value, error) {
		return runJSModule(h, axiosProgram, fetchNative(h))
	})
}

var (
	httpProgram      = builtinModule("http", httpJS)
	nodeFetchProgram = builtinModule("node-fetch", nodeFetchJS)
	axiosProgram     = builtinModule("axios", axiosJS)
)

func loadHTTP(h host, proto string) (goja.Value, error) {
	n := fetchNative(h)
	_ = n.Set("defaultProtocol", proto)
	return runJSModule(h, httpProgram, n)
}

// fetchNative builds the bridge object the JavaScript halves use:
//
//	native.fetch({method, url, headers, body, timeout, follow, decompress}, cb)
//	  cb(err) or cb(null, {status, statusText, headers: [[name, value]...], body: Buffer, url})
//	native.defer(fn)  runs fn on the loop after the current job.
//	native.after(ms, fn)  runs fn after ms; returns a function that cancels it.
func fetchNative(h host) *goja.Object {
	rt := h.Runtime()
	n := rt.NewObject()
	_ = n.Set("fetch", func(opts *goja.Object, cb goja.Callable) {
		req := &outboundRequest{Method: "GET", Header: http.Header{}, FollowRedirects: true}
		if v := opts.Get("method"); v != nil && !goja.IsUndefined(v) {
			req.Method = strings.ToUpper(v.String())
		}
		req.URL = opts.Get("url").String()
		if hv, ok := opts.Get("headers").(*goja.Object); ok {
			for _, k := range hv.Keys() {
				v := hv.Get(k)
				if !present(v) {
					continue
				}
				if arr, ok := v.Export().([]any); ok {
					for _, x := range arr {
						req.Header.Add(k, rt.ToValue(x).String())
					}
					continue
				}
				req.Header.Set(k, v.String())
			}
		}
		if b := opts.Get("body"); present(b) {
			if bs, ok := isBytesLike(rt, b); ok {
				req.Body = append([]byte(nil), bs...)
			} else {
				req.Body = []byte(b.String())
			}
		}
		if t := opts.Get("timeout"); t != nil && !goja.IsUndefined(t) {
			if ms := t.ToInteger(); ms > 0 {
				req.Timeout = time.Duration(ms) * time.Millisecond
			}
		}
		if f := opts.Get("follow"); f != nil && !goja.IsUndefined(f) {
			req.FollowRedirects = f.ToBoolean()
			req.FollowAllRedirects = f.ToBoolean()
		}
		if d := opts.Get("decompress"); present(d) {
			req.Gzip = d.ToBoolean()
		}
		h.Fetch(req, func(resp *inboundResponse, err error) {
			if err != nil {
				callJS(cb, newNodeError(rt, err))
				return
			}
			headers := make([]any, 0, len(resp.Header))
			for k, vs := range resp.Header {
				for _, v := range vs {
					headers = append(headers, []any{strings.ToLower(k), v})
				}
			}
			o := rt.NewObject()
			_ = o.Set("status", resp.StatusCode)
			_ = o.Set("statusText", resp.StatusMessage)
			_ = o.Set("headers", headers)
			_ = o.Set("body", encodeBytes(rt, resp.Body, ""))
			_ = o.Set("url", resp.URL)
			callJS(cb, goja.Null(), o)
		})
	})
	_ = n.Set("defer", func(fn goja.Callable) {
		h.SetTimer(0, false, func() { callJS(fn) })
	})
	// after(ms, fn) runs fn on the loop after ms and returns its cancel.
	_ = n.Set("after", func(ms int64, fn goja.Callable) func() {
		return h.SetTimer(time.Duration(max(ms, 1))*time.Millisecond, false, func() { callJS(fn) })
	})
	return n
}

const httpJS = `
var EventEmitter = require('events');
var util = require('util');

function headerObject(pairs) {
  var h = {};
  for (var i = 0; i < pairs.length; i++) {
    var k = pairs[i][0], v = pairs[i][1];
    if (k === 'set-cookie') (h[k] = h[k] || []).push(v);
    else if (h[k] === undefined) h[k] = v;
    else h[k] += ', ' + v;
  }
  return h;
}

function IncomingMessage(res) {
  EventEmitter.call(this);
  this.statusCode = res.status;
  this.statusMessage = res.statusText;
  this.headers = headerObject(res.headers);
  this.rawHeaders = [];
  for (var i = 0; i < res.headers.length; i++) this.rawHeaders.push(res.headers[i][0], res.headers[i][1]);
  this.httpVersion = '1.1';
  this.complete = false;
  this._body = res.body;
  this._encoding = null;
}
util.inherits(IncomingMessage, EventEmitter);
IncomingMessage.prototype.setEncoding = function (enc) { this._encoding = enc || 'utf8'; return this; };
IncomingMessage.prototype.resume = function () { return this; };
IncomingMessage.prototype.pipe = function (dest, opts) {
  this.on('data', function (c) { dest.write(c); });
  if (!opts || opts.end !== false) this.on('end', function () { dest.end(); });
  return dest;
};
IncomingMessage.prototype.pause = function () { return this; };
IncomingMessage.prototype.destroy = function () { return this; };

function ClientRequest(opts, cb) {
  EventEmitter.call(this);
  this._opts = opts;
  this._chunks = [];
  this._headers = {};
  var h = opts.headers || {};
  for (var k in h) this._headers[k.toLowerCase()] = h[k];
  this.method = (opts.method || 'GET').toUpperCase();
  this.path = opts.path || '/';
  this._timeout = opts.timeout;
  this._ended = false;
  this._aborted = false;
  if (typeof cb === 'function') this.once('response', cb);
}
util.inherits(ClientRequest, EventEmitter);
ClientRequest.prototype.setHeader = function (k, v) {
  validateHeaderName(k);
  validateHeaderValue(k, v);
  this._headers[String(k).toLowerCase()] = v;
  return this;
};
ClientRequest.prototype.getHeader = function (k) { return this._headers[String(k).toLowerCase()]; };
ClientRequest.prototype.removeHeader = function (k) { delete this._headers[String(k).toLowerCase()]; };
ClientRequest.prototype.write = function (chunk, enc, cb) {
  this._chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? enc : 'utf8') : Buffer.from(chunk));
  if (typeof enc === 'function') enc(); else if (typeof cb === 'function') cb();
  return true;
};
// A timeout, as on Node, only emits 'timeout' when nothing has come back
// for that long; ending the request is the script's choice.
ClientRequest.prototype.setTimeout = function (ms, cb) {
  this._timeout = ms;
  if (typeof cb === 'function') this.once('timeout', cb);
  if (this._started) this._armTimeout();
  return this;
};
ClientRequest.prototype._armTimeout = function () {
  if (this._cancelTimer) this._cancelTimer();
  this._cancelTimer = null;
  var self = this;
  if (this._timeout > 0 && !this._responded && !this._aborted) {
    this._cancelTimer = native.after(this._timeout, function () { self._cancelTimer = null; self.emit('timeout'); });
  }
};
// _close emits the request's 'close', once.
ClientRequest.prototype._close = function () {
  if (this._closed) return;
  this._closed = true;
  this.emit('close');
};
// Ending a request before its response, with or without an error, fails
// it as Node does: with the error given, or "socket hang up".
ClientRequest.prototype.abort = ClientRequest.prototype.destroy = function (err) {
  if (this._aborted) return this;
  this._aborted = true;
  this._armTimeout();
  var self = this;
  if (!err && !this._responded) {
    err = new Error('socket hang up');
    err.code = 'ECONNRESET';
  }
  if (err) native.defer(function () { self.emit('error', err); });
  native.defer(function () { self._close(); });
  return this;
};
ClientRequest.prototype.end = function (data, enc, cb) {
  if (typeof data === 'function') { cb = data; data = undefined; }
  if (typeof enc === 'function') { cb = enc; enc = undefined; }
  if (data !== undefined && data !== null) this.write(data, enc);
  if (this._ended) return this;
  this._ended = true;
  var self = this, o = this._opts;
  var auth = o.auth ? { authorization: 'Basic ' + Buffer.from(o.auth).toString('base64') } : {};
  var headers = Object.assign(auth, this._headers);
  var host = o.hostname || (o.host || 'localhost').replace(/:\d+$/, '');
  if (host.indexOf(':') !== -1 && host.charAt(0) !== '[') host = '[' + host + ']';
  var port = o.port ? ':' + o.port : '';
  var url = o.protocol + '//' + host + port + this.path;
  var body = this._chunks.length ? Buffer.concat(this._chunks) : undefined;
  native.defer(function () {
    if (self._aborted) return;
    self._started = true;
    self._armTimeout();
    native.fetch({ method: self.method, url: url, headers: headers, body: body, follow: false }, function (err, res) {
      self._responded = true;
      self._armTimeout();
      if (self._aborted) return;
      if (err) {
        self.emit('error', err);
        self._close();
        return;
      }
      var msg = new IncomingMessage(res);
      if (self.listenerCount('response') === 0) return;
      self.emit('response', msg);
      native.defer(function () {
        if (msg._body.length > 0) msg.emit('data', msg._encoding ? msg._body.toString(msg._encoding) : msg._body);
        msg.complete = true;
        msg.emit('end');
        self._close();
        msg.emit('close');
      });
    });
    // The whole request is written: 'finish', then end's callback.
    self.emit('finish');
    if (typeof cb === 'function') cb();
  });
  return this;
};

function invalidProtocol(p) {
  var e = new TypeError('Protocol "' + p + '" not supported. Expected "' + native.defaultProtocol + '"');
  e.code = 'ERR_INVALID_PROTOCOL';
  return e;
}

function normalize(input, options, cb) {
  var opts = {};
  if (typeof input === 'string' || (typeof URL === 'function' && input instanceof URL)) {
    var u = new URL(String(input));
    opts = { protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port, path: u.pathname + u.search,
      auth: u.username ? decodeURIComponent(u.username) + ':' + decodeURIComponent(u.password) : undefined };
  } else if (input && typeof input === 'object') {
    cb = options;
    options = input;
  }
  if (typeof options === 'function') {
    cb = options;
    options = undefined;
  }
  if (options) opts = Object.assign(opts, options);
  opts.protocol = opts.protocol || native.defaultProtocol;
  if (opts.protocol !== native.defaultProtocol) throw invalidProtocol(opts.protocol);
  return new ClientRequest(opts, cb);
}

function request(input, options, cb) { return normalize(input, options, cb); }
function get(input, options, cb) {
  var req = normalize(input, options, cb);
  req.end();
  return req;
}

var STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints', 200: 'OK',
  201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
  401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
  413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 418: 'I\'m a Teapot', 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required',
  428: 'Precondition Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required'
};
var METHODS = [
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE',
  'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH',
  'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK',
  'UNLOCK', 'UNSUBSCRIBE'
];

// Agent: scripts hand one to request, axios or http.get (keepAlive and the
// like). The engine's own client pools connections, so an agent's options
// are kept for the script to read and do not change how requests are made
// (rejectUnauthorized: false included: certificates are always checked).
function HTTPAgent(options) {
  if (!(this instanceof HTTPAgent)) return new HTTPAgent(options);
  EventEmitter.call(this);
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.options = Object.assign({ __proto__: null }, options);
  if (this.options.noDelay === undefined) this.options.noDelay = true;
  this.options.path = null;
  this.requests = {};
  this.sockets = {};
  this.freeSockets = {};
  this.keepAliveMsecs = (options && options.keepAliveMsecs) || 1000;
  this.keepAlive = (options && options.keepAlive) || false;
  this.maxSockets = (options && options.maxSockets) || HTTPAgent.defaultMaxSockets;
  this.maxFreeSockets = (options && options.maxFreeSockets) || 256;
  this.scheduling = (options && options.scheduling) || 'lifo';
  this.maxTotalSockets = (options && options.maxTotalSockets) || Infinity;
  this.totalSocketCount = 0;
}
util.inherits(HTTPAgent, EventEmitter);
HTTPAgent.defaultMaxSockets = Infinity;
HTTPAgent.prototype.getName = function getName(options) {
  options = options || {};
  var name = (options.host || 'localhost') + ':';
  if (options.port) name += options.port;
  name += ':';
  if (options.localAddress) name += options.localAddress;
  if (options.family === 4 || options.family === 6) name += ':' + options.family;
  if (options.socketPath) name += ':' + options.socketPath;
  return name;
};
HTTPAgent.prototype.destroy = function destroy() {};

var Agent = HTTPAgent;
if (native.defaultProtocol === 'https:') {
  Agent = function Agent(options) {
    if (!(this instanceof Agent)) return new Agent(options);
    HTTPAgent.call(this, options);
    this.defaultPort = 443;
    this.protocol = 'https:';
    this.maxCachedSessions = this.options.maxCachedSessions === undefined ? 100 : this.options.maxCachedSessions;
    this._sessionCache = { map: {}, list: [] };
  };
  HTTPAgent = require('http').Agent;
  util.inherits(Agent, HTTPAgent);
  // The TLS options that make a connection different, as Node names them.
  var tlsNameParts = ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', '*rejectUnauthorized', 'servername', 'minVersion', 'maxVersion',
    'secureProtocol', 'crl', '*honorCipherOrder', 'ecdhCurve', 'dhparam', '*secureOptions', 'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine'];
  Agent.prototype.getName = function getName(options) {
    options = options || {};
    var name = HTTPAgent.prototype.getName.call(this, options);
    tlsNameParts.forEach(function (k) {
      name += ':';
      var defined = k.charAt(0) === '*';
      if (defined) k = k.slice(1);
      var v = options[k];
      if (defined ? v !== undefined : v && !(k === 'servername' && v === options.host)) name += k === 'sigalgs' ? JSON.stringify(v) : v;
    });
    return name;
  };
} else {
  Object.defineProperty(HTTPAgent, 'name', { value: 'Agent' });
}

function httpError(Ctor, code, msg) {
  var e = new Ctor(msg);
  e.code = code;
  return e;
}
function validateHeaderName(name) {
  if (typeof name !== 'string' || !name || !/^[\^_` + "`" + `a-zA-Z\-0-9!#$%&'*+.|~]+$/.test(name)) {
    throw httpError(TypeError, 'ERR_INVALID_HTTP_TOKEN', 'Header name must be a valid HTTP token ["' + name + '"]');
  }
}
function validateHeaderValue(name, value) {
  if (value === undefined) throw httpError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "' + value + '" for header "' + name + '"');
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw httpError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in header content ["' + name + '"]');
}

var globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
module.exports = native.defaultProtocol === 'https:' ? { Agent: Agent, globalAgent: globalAgent, get: get, request: request } : {
  request: request, get: get, ClientRequest: ClientRequest, IncomingMessage: IncomingMessage,
  STATUS_CODES: STATUS_CODES, METHODS: METHODS, Agent: Agent, globalAgent: globalAgent,
  maxHeaderSize: 16384, validateHeaderName: validateHeaderName, validateHeaderValue: validateHeaderValue
};
`

const nodeFetchJS = `
// One implementation, two flavours: node-fetch 2 (require('node-fetch')) and,
// with native.flavor 'node', Node's own fetch (undici's behaviour: its
// request headers, errors and body rules), the global fetch.
var node = native.flavor === 'node';

function Headers(init) {
  this._map = {};
  if (init instanceof Headers) init = init.raw();
  if (Array.isArray(init)) {
    for (var i = 0; i < init.length; i++) this.append(init[i][0], init[i][1]);
  } else if (init && typeof init === 'object') {
    for (var k in init) {
      var v = init[k];
      // undici writes an array as its string (a,b); node-fetch adds each.
      if (Array.isArray(v) && !node) for (var j = 0; j < v.length; j++) this.append(k, v[j]);
      else this.append(k, v);
    }
  }
}
Headers.prototype.append = function (k, v) {
  k = String(k).toLowerCase();
  (this._map[k] = this._map[k] || []).push(String(v));
};
Headers.prototype.set = function (k, v) { this._map[String(k).toLowerCase()] = [String(v)]; };
Headers.prototype.get = function (k) {
  var v = this._map[String(k).toLowerCase()];
  return v === undefined ? null : v.join(', ');
};
Headers.prototype.has = function (k) { return String(k).toLowerCase() in this._map; };
Headers.prototype['delete'] = function (k) { delete this._map[String(k).toLowerCase()]; };
Headers.prototype.raw = function () { return Object.assign({}, this._map); };
Headers.prototype.getSetCookie = function () { return (this._map['set-cookie'] || []).slice(); };
Headers.prototype.forEach = function (cb, thisArg) {
  var keys = Object.keys(this._map).sort();
  for (var i = 0; i < keys.length; i++) cb.call(thisArg, this.get(keys[i]), keys[i], this);
};
Headers.prototype.keys = function () { return Object.keys(this._map).sort()[Symbol.iterator](); };
Headers.prototype.entries = function () {
  var self = this;
  return Object.keys(this._map).sort().map(function (k) { return [k, self.get(k)]; })[Symbol.iterator]();
};
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;

function FetchError(message, type, systemError) {
  this.message = message;
  this.type = type;
  if (systemError) this.code = this.errno = systemError.code;
}
FetchError.prototype = Object.create(Error.prototype);
FetchError.prototype.constructor = FetchError;
FetchError.prototype.name = 'FetchError';

function Response(body, init) {
  init = init || {};
  this._body = body === undefined || body === null ? Buffer.alloc(0) : (typeof body === 'string' ? Buffer.from(body) : body);
  this.status = init.status || 200;
  this.statusText = init.statusText || '';
  this.headers = new Headers(init.headers);
  this.url = init.url || '';
  this.ok = this.status >= 200 && this.status < 300;
  this.redirected = !!init.redirected;
  this.bodyUsed = false;
  if (node) this.type = init._fetched ? 'basic' : 'default';
}
function consume(r) {
  if (r.bodyUsed) return Promise.reject(new TypeError(node ? 'Body is unusable: Body has already been read' : 'body used already for: ' + r.url));
  r.bodyUsed = true;
  return Promise.resolve(r._body);
}
Response.prototype.text = function () { return consume(this).then(function (b) { return b.toString('utf8'); }); };
Response.prototype.json = function () {
  var url = this.url;
  return consume(this).then(function (b) {
    try { return JSON.parse(b.toString('utf8')); }
    catch (e) { throw node ? e : new FetchError('invalid json response body at ' + url + ' reason: ' + e.message, 'invalid-json'); }
  });
};
if (!node) Response.prototype.buffer = function () { return consume(this); };
Response.prototype.arrayBuffer = function () {
  return consume(this).then(function (b) { return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); });
};
Response.prototype.clone = function () {
  return new Response(this._body, { status: this.status, statusText: this.statusText, headers: this.headers, url: this.url });
};

// parseURL is undici's reading of a request URL.
function parseURL(url) {
  try {
    return new URL(url).href;
  } catch (e) {
    var pe = new TypeError('Failed to parse URL from ' + url);
    pe.cause = e;
    throw pe;
  }
}

// refuseBody is undici's rule: a GET or HEAD request has no body.
function refuseBody(method, body) {
  if (body !== undefined && body !== null && /^(get|head)$/i.test(method)) {
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  }
}

// Request holds what fetch would send: fetch(request, init) takes its
// fields, init's winning, and reads its body once.
var standardMethods = /^(delete|get|head|options|post|put)$/i;
function Request(input, init) {
  if (!(this instanceof Request)) throw new TypeError("Class constructor Request cannot be invoked without 'new'");
  init = init || {};
  var src = input instanceof Request ? input : null;
  var url = parseURL(src ? src.url : (typeof input === 'string' ? input : (input && input.href) || String(input)));
  var method = init.method !== undefined ? String(init.method) : (src ? src.method : 'GET');
  if (standardMethods.test(method)) method = method.toUpperCase();
  var body = init.body !== undefined ? init.body : (src ? src._body : undefined);
  refuseBody(method, body);
  if (src && src._body !== undefined && src._body !== null && src.bodyUsed) {
    throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
  }
  this.url = url;
  this.method = method;
  this.headers = new Headers(init.headers !== undefined ? init.headers : (src ? src.headers : undefined));
  this.redirect = init.redirect || (src ? src.redirect : 'follow');
  this.signal = init.signal || (src ? src.signal : undefined);
  this._body = body;
  this.bodyUsed = false;
}
['text', 'json', 'arrayBuffer'].forEach(function (m) {
  Request.prototype[m] = function () {
    var r = new Response(this._body === undefined || this._body === null ? '' : (typeof this._body === 'string' || this._body instanceof Buffer ? this._body : String(this._body)));
    if (this.bodyUsed) r.bodyUsed = true;
    this.bodyUsed = true;
    return r[m]();
  };
});
Request.prototype.clone = function () { return new Request(this); };

function fetch(input, init) {
  init = init || {};
  if (input instanceof Request) {
    var req = input;
    try {
      input = new Request(req, init);
    } catch (e) {
      return Promise.reject(e);
    }
    if (req._body !== undefined && req._body !== null) req.bodyUsed = true;
    init = { method: input.method, headers: input.headers, body: input._body, redirect: input.redirect, signal: input.signal };
    input = input.url;
  }
  return new Promise(function (resolve, reject) {
    // An aborted signal rejects with its reason, as Node's fetch does.
    var signal = init.signal;
    if (signal !== undefined && signal !== null) {
      if (signal.aborted) throw signal.reason;
      signal.addEventListener('abort', function () { reject(signal.reason); });
    }
    var url = typeof input === 'string' ? input : (input && input.href) || (input && input.url) || String(input);
    var method = init.method || 'GET';
    if (node) {
      url = parseURL(url);
      refuseBody(method, init.body);
      if (!/^https?:/i.test(url)) throw fetchFailed(new Error('unknown scheme'));
    } else if (!/^https?:\/\//i.test(url)) {
      throw new TypeError('Only absolute URLs are supported');
    }
    var headers = init.headers instanceof Headers ? new Headers(init.headers.raw()) : new Headers(init.headers);
    var flat = {};
    Object.keys(headers._map).forEach(function (k) { flat[k] = headers._map[k]; });
    var body = init.body;
    if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof Buffer)) {
      if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams) {
        if (!headers.has('content-type')) flat['content-type'] = ['application/x-www-form-urlencoded;charset=UTF-8'];
      }
      // undici sends what is no body type as its string, as text.
      if (node && !(typeof URLSearchParams === 'function' && body instanceof URLSearchParams) && !ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) {
        if (!headers.has('content-type')) flat['content-type'] = ['text/plain;charset=UTF-8'];
      }
      if (!ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) body = String(body);
    } else if (typeof body === 'string' && !headers.has('content-type')) {
      flat['content-type'] = ['text/plain;charset=UTF-8'];
    }
    if (!headers.has('accept')) flat['accept'] = ['*/*'];
    if (node && !headers.has('accept-language')) flat['accept-language'] = ['*'];
    if (node && !headers.has('sec-fetch-mode')) flat['sec-fetch-mode'] = ['cors'];
    if (!headers.has('user-agent')) flat['user-agent'] = [node ? 'node' : 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'];
    var decompress = node || init.compress !== false;
    if (decompress && !headers.has('accept-encoding')) flat['accept-encoding'] = [node ? 'gzip, deflate' : 'gzip,deflate'];
    var follow = init.redirect === undefined || init.redirect === 'follow';
    native.fetch({ method: method, url: url, headers: flat, body: body, timeout: node ? undefined : init.timeout, follow: follow, decompress: decompress }, function (err, res) {
      if (err) {
        return reject(node ? fetchFailed(err) : new FetchError('request to ' + url + ' failed, reason: ' + err.message, 'system', err));
      }
      resolve(new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers, url: res.url, redirected: res.url !== url, _fetched: true }));
    });
  });
}
// fetchFailed is undici's error for a request that got no response.
function fetchFailed(cause) {
  var e = new TypeError('fetch failed');
  e.cause = cause;
  return e;
}
fetch.default = fetch;
fetch.Headers = Headers;
fetch.Response = Response;
fetch.Request = Request;
fetch.FetchError = FetchError;
fetch.isRedirect = function (code) { return code === 301 || code === 302 || code === 303 || code === 307 || code === 308; };
module.exports = fetch;
`

const axiosJS = `
var querystring = require('querystring');

function isObj(v) { return v !== null && typeof v === 'object'; }
function mergeConfig(a, b) {
  var out = Object.assign({}, a, b);
  out.headers = Object.assign({}, a && a.headers, b && b.headers);
  return out;
}

function AxiosError(message, code, config, request, response) {
  var e = new Error(message);
  e.name = 'AxiosError';
  e.isAxiosError = true;
  e.code = code;
  e.config = config;
  if (request) e.request = request;
  if (response) { e.response = response; e.status = response.status; }
  e.toJSON = function () { return { message: e.message, name: e.name, code: e.code, status: e.status }; };
  return e;
}

function paramEncode(s) {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');
}

function buildURL(config) {
  var url = config.url || '';
  if (config.baseURL && !/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url)) {
    url = config.baseURL.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
  }
  if (config.params) {
    var parts = [];
    if (typeof URLSearchParams === 'function' && config.params instanceof URLSearchParams) {
      parts.push(config.params.toString());
    } else {
      Object.keys(config.params).forEach(function (k) {
        var v = config.params[k];
        if (v === null || v === undefined) return;
        var vals = Array.isArray(v) ? v : [v];
        var key = Array.isArray(v) ? k + '[]' : k;
        vals.forEach(function (x) {
          if (x instanceof Date) x = x.toISOString();
          else if (isObj(x)) x = JSON.stringify(x);
          // axios 1's encode: brackets escaped, ":", "$" and "," kept, space as "+".
          parts.push(paramEncode(key) + '=' + paramEncode(String(x)));
        });
      });
    }
    var qs = parts.join('&');
    if (qs) {
      var hash = url.indexOf('#');
      if (hash !== -1) url = url.slice(0, hash);
      url += (url.indexOf('?') === -1 ? '?' : '&') + qs;
    }
  }
  return url;
}

function request(config) {
  config = mergeConfig(this && this.defaults ? this.defaults : defaults, config);
  var method = (config.method || 'get').toLowerCase();
  config.method = method;
  var headers = {};
  Object.keys(config.headers || {}).forEach(function (k) {
    var v = config.headers[k];
    if (['common', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options'].indexOf(k) !== -1) return;
    if (v !== undefined && v !== null && v !== false) headers[k] = v;
  });
  function has(name) {
    return Object.keys(headers).some(function (k) { return k.toLowerCase() === name; });
  }
  var body = config.data;
  if (body !== undefined && body !== null) {
    if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams) {
      if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=utf-8';
      body = body.toString();
    } else if (isObj(body) && !(body instanceof Buffer)) {
      var ct = Object.keys(headers).filter(function (k) { return k.toLowerCase() === 'content-type'; }).map(function (k) { return headers[k]; })[0];
      if (ct && /application\/x-www-form-urlencoded/.test(ct)) {
        body = querystring.stringify(body);
      } else {
        if (!ct) headers['Content-Type'] = 'application/json';
        body = JSON.stringify(body);
      }
    } else if (typeof body === 'string' && !has('content-type')) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
  }
  if (!has('accept')) headers['Accept'] = 'application/json, text/plain, */*';
  // As axios 1.21.1, the version the compatibility tests run on Node. APIs
  // such as GitHub's refuse a request without a User-Agent.
  if (!has('user-agent')) headers['User-Agent'] = 'axios/1.21.1';
  // axios asks for compressed bodies and decodes them; brotli and
  // compress, which it also names, cannot be decoded here.
  var decompress = config.decompress !== false;
  if (decompress && !has('accept-encoding')) headers['Accept-Encoding'] = 'gzip, deflate';
  if (config.auth) {
    headers['Authorization'] = 'Basic ' + Buffer.from((config.auth.username || '') + ':' + (config.auth.password || '')).toString('base64');
  }
  var url = buildURL(config);
  var validateStatus = config.validateStatus === undefined ? function (s) { return s >= 200 && s < 300; } : config.validateStatus;
  return new Promise(function (resolve, reject) {
    // axios 1's http adapter reads the URL with the URL class: its
    // TypeError for what is no URL, then its own error for a protocol;
    // the request goes to the host and path the class read.
    var parsed = new URL(url), protocol = parsed.protocol;
    url = parsed.href;
    if (protocol !== 'http:' && protocol !== 'https:') {
      return reject(AxiosError('Unsupported protocol ' + protocol, 'ERR_BAD_REQUEST', config));
    }
    native.fetch({ method: method, url: url, headers: headers, body: body, timeout: config.timeout,
      follow: config.maxRedirects !== 0, decompress: decompress }, function (err, res) {
      if (err) {
        var timedOut = config.timeout && (/timeout|deadline/i.test(err.message) || err.code === 'ESOCKETTIMEDOUT' || err.code === 'ETIMEDOUT');
        var e = timedOut ? AxiosError('timeout of ' + config.timeout + 'ms exceeded', 'ECONNABORTED', config)
          : AxiosError(err.message, err.code, config);
        return reject(e);
      }
      var h = {};
      res.headers.forEach(function (p) {
        if (p[0] === 'set-cookie') (h[p[0]] = h[p[0]] || []).push(p[1]);
        else h[p[0]] = h[p[0]] === undefined ? p[1] : h[p[0]] + ', ' + p[1];
      });
      var data;
      var rt = config.responseType;
      if (rt === 'arraybuffer') {
        data = res.body;
      } else {
        data = res.body.toString('utf8');
        if (rt === undefined || rt === 'json') {
          if (data.length) {
            try { data = JSON.parse(data); } catch (e) {
              if (rt === 'json') return reject(AxiosError(e.message, 'ERR_BAD_RESPONSE', config, {}, undefined));
            }
          }
        }
      }
      var response = { data: data, status: res.status, statusText: res.statusText, headers: h, config: config, request: {} };
      if (!validateStatus || validateStatus(res.status)) return resolve(response);
      reject(AxiosError('Request failed with status code ' + res.status,
        res.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', config, {}, response));
    });
  });
}

var defaults = { headers: {}, timeout: 0 };

function createInstance(instanceDefaults) {
  var ctx = { defaults: instanceDefaults };
  var instance = function (configOrUrl, config) {
    if (typeof configOrUrl === 'string') {
      config = Object.assign({}, config, { url: configOrUrl });
    } else {
      config = configOrUrl || {};
    }
    return request.call(ctx, config);
  };
  instance.defaults = instanceDefaults;
  instance.request = function (config) { return instance(config); };
  ['get', 'delete', 'head', 'options'].forEach(function (m) {
    instance[m] = function (url, config) { return instance(Object.assign({}, config, { url: url, method: m })); };
  });
  ['post', 'put', 'patch'].forEach(function (m) {
    instance[m] = function (url, data, config) { return instance(Object.assign({}, config, { url: url, method: m, data: data })); };
  });
  instance.create = function (d) { return createInstance(mergeConfig(instanceDefaults, d || {})); };
  instance.interceptors = {
    request: { handlers: [], use: function () { return 0; }, eject: function () {} },
    response: { handlers: [], use: function () { return 0; }, eject: function () {} }
  };
  instance.isAxiosError = function (e) { return isObj(e) && e.isAxiosError === true; };
  instance.all = function (ps) { return Promise.all(ps); };
  instance.spread = function (cb) { return function (arr) { return cb.apply(null, arr); }; };
  instance.AxiosError = AxiosError;
  instance.default = instance;
  return instance;
}

module.exports = createInstance(defaults);
`
