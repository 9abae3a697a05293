package script

import (
	"github.com/dop251/goja"
	"reflect"
)

// Node core modules written in JavaScript: querystring, url (the legacy
// url.parse/format/resolve API plus the URL and URLSearchParams globals),
// util and events. They follow Node 20's documented behaviour for what
// scripts call; util.inspect is an approximation of Node's output.

func init() {
	registerModule("querystring", func(h host) (goja.Value, error) { return runJSModule(h, querystringProgram, nil) })
	registerModule("url", func(h host) (goja.Value, error) { return runJSModule(h, urlProgram, urlNative(h.Runtime())) })
	registerModule("util", func(h host) (goja.Value, error) { return runJSModule(h, utilProgram, utilNative(h.Runtime())) })
	registerModule("events", func(h host) (goja.Value, error) {
		rt := h.Runtime()
		native := rt.NewObject()
		_ = native.Set("received", receivedFunc(rt))
		return runJSModule(h, eventsProgram, native)
	})
}

// urlNative is the url module's bridge to Go: authority(rest) reads the
// authority at the start of rest as url.parse does (parseLegacyAuthority),
// and invalidURL(input) makes the TypeError url.parse throws.
func urlNative(rt *goja.Runtime) *goja.Object {
	o := rt.NewObject()
	str := func(s string, ok bool) goja.Value {
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(s)
	}
	_ = o.Set("authority", func(call goja.FunctionCall) goja.Value {
		a := parseLegacyAuthority(call.Argument(0).String())
		r := rt.NewObject()
		_ = r.Set("auth", str(a.auth, a.hasAuth))
		_ = r.Set("hostname", a.hostname)
		_ = r.Set("port", str(a.port, a.port != ""))
		_ = r.Set("rest", a.rest)
		_ = r.Set("ipv6", a.ipv6)
		_ = r.Set("invalid", a.invalid)
		return r
	})
	_ = o.Set("invalidURL", func(call goja.FunctionCall) goja.Value {
		return invalidURLError(rt, call.Argument(0).String())
	})
	_ = o.Set("lazy", lazyNative(rt))
	_ = o.Set("received", receivedFunc(rt))
	// domainToASCII and domainToUnicode: the hostname setter's host of a
	// ws: URL, as Node's (ada's) are; "" when it refuses the domain.
	_ = o.Set("domainToASCII", func(domain string) string {
		host, _, _, _ := whatwgHostSetter(domain, "ws", false)
		return host
	})
	_ = o.Set("domainToUnicode", func(domain string) string {
		host, _, ok, _ := whatwgHostSetter(domain, "ws", false)
		if !ok {
			return ""
		}
		return domainToUnicode(host)
	})
	return o
}

var (
	querystringProgram = builtinModule("querystring", querystringJS)
	urlProgram         = builtinModule("url", urlJS)
	utilProgram        = builtinModule("util", utilJS)
	eventsProgram      = builtinModule("events", eventsJS)
)

const querystringJS = `
function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  return encodeURIComponent(str);
}

// unescapeBuffer-like lenient decoding: valid %XX sequences become bytes,
// anything else stays as is; the bytes are then read as UTF-8.
function lenientUnescape(s, decodeSpaces) {
  var bytes = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charAt(i);
    if (c === '+' && decodeSpaces) { bytes.push(32); continue; }
    if (c === '%' && i + 2 < s.length + 0 && /^[0-9a-fA-F]{2}$/.test(s.substr(i + 1, 2))) {
      bytes.push(parseInt(s.substr(i + 1, 2), 16));
      i += 2;
      continue;
    }
    var enc = Buffer.from(c, 'utf8');
    for (var j = 0; j < enc.length; j++) bytes.push(enc[j]);
  }
  return Buffer.from(bytes).toString('utf8');
}

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return lenientUnescape(s, decodeSpaces);
  }
}

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isFinite(v)) return '' + v;
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function encodeStringified(v, encode) {
  if (typeof v === 'string') return (v.length ? encode(v) : '');
  if (typeof v === 'number' && isFinite(v)) return (Math.abs(v) < 1e21 ? '' + v : encode('' + v));
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  var encode = qsEscape;
  if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent;
  if (obj !== null && typeof obj === 'object') {
    var keys = Object.keys(obj);
    var len = keys.length;
    var fields = '';
    for (var i = 0; i < len; ++i) {
      var k = keys[i];
      var v = obj[k];
      var ks = encode(stringifyPrimitive(k));
      ks += eq;
      if (Array.isArray(v)) {
        var vlen = v.length;
        if (vlen === 0) continue;
        if (fields) fields += sep;
        for (var j = 0; j < vlen; ++j) {
          if (j) fields += sep;
          fields += ks;
          fields += encodeStringified(v[j], encode);
        }
      } else {
        if (fields) fields += sep;
        fields += ks;
        fields += encodeStringified(v, encode);
      }
    }
    return fields;
  }
  return '';
}

function parse(qs, sep, eq, options) {
  var obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  sep = sep ? String(sep) : '&';
  eq = eq ? String(eq) : '=';
  var maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  var pairs = maxKeys > 0 ? maxKeys : Infinity;
  var decode = function (s) { return qsUnescape(s.replace(/\+/g, ' '), true); };
  if (options && typeof options.decodeURIComponent === 'function' && options.decodeURIComponent !== qsUnescape) {
    var custom = options.decodeURIComponent;
    decode = function (s) {
      s = s.replace(/\+/g, ' ');
      try { return custom(s); } catch (e) { return qsUnescape(s, true); }
    };
  }
  var parts = qs.split(sep);
  var count = 0;
  for (var i = 0; i < parts.length && count < pairs; i++) {
    var x = parts[i];
    if (x.length === 0 && i !== parts.length - 1 && false) continue;
    var idx = x.indexOf(eq);
    var k, v;
    if (idx >= 0) {
      k = x.slice(0, idx);
      v = x.slice(idx + eq.length);
    } else {
      k = x;
      v = '';
    }
    if (k.length === 0 && v.length === 0 && idx < 0) continue;
    k = decode(k);
    v = decode(v);
    count++;
    if (!(k in obj)) {
      obj[k] = v;
    } else if (Array.isArray(obj[k])) {
      obj[k].push(v);
    } else {
      obj[k] = [obj[k], v];
    }
  }
  return obj;
}

module.exports = {
  unescapeBuffer: function (s, decodeSpaces) { return Buffer.from(lenientUnescape(String(s), decodeSpaces), 'utf8'); },
  unescape: function (s, decodeSpaces) { return qsUnescape(s, decodeSpaces); },
  escape: qsEscape,
  stringify: stringify,
  encode: stringify,
  parse: parse,
  decode: parse
};
`

const urlJS = `
var querystring = require('querystring');

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

var protocolPattern = /^[a-z0-9.+-]+:/i;
var portPattern = /:[0-9]*$/;
var hostPattern = /^\/\/[^@/]+@[^@/]+/;
var simplePathPattern = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
var hostlessProtocol = { 'javascript': true, 'javascript:': true };
var unsafeProtocol = { 'javascript': true, 'javascript:': true };
var slashedProtocol = { 'http': true, 'http:': true, 'https': true, 'https:': true, 'ftp': true, 'ftp:': true,
  'gopher': true, 'gopher:': true, 'file': true, 'file:': true, 'ws': true, 'ws:': true, 'wss': true, 'wss:': true };
var autoEscapeChars = { '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27', '<': '%3C', '>': '%3E',
  '\\': '%5C', '^': '%5E', '\x60': '%60', '{': '%7B', '|': '%7C', '}': '%7D' };

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  var u = new Url();
  u.parse(url, parseQueryString, slashesDenoteHost);
  return u;
}

Url.prototype.parse = function (url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') {
    var e = new TypeError('The "url" argument must be of type string.' + native.received(url));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  // Trim C0 controls and spaces; turn backslashes before the query into slashes.
  var rest = url.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  var qIdx = rest.search(/[?#]/);
  if (qIdx === -1) rest = rest.replace(/\\/g, '/');
  else rest = rest.slice(0, qIdx).replace(/\\/g, '/') + rest.slice(qIdx);

  if (!slashesDenoteHost && url.split('#').length === 1) {
    var simplePath = simplePathPattern.exec(rest);
    if (simplePath) {
      this.path = rest;
      this.href = rest;
      this.pathname = simplePath[1];
      if (simplePath[2]) {
        this.search = simplePath[2];
        this.query = parseQueryString ? querystring.parse(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = Object.create(null);
      }
      return this;
    }
  }

  var proto = protocolPattern.exec(rest);
  var lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  var slashes;
  if (slashesDenoteHost || proto || hostPattern.test(rest)) {
    slashes = rest.slice(0, 2) === '//';
    if (slashes && !(proto && hostlessProtocol[lowerProto])) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!hostlessProtocol[lowerProto] && (slashes || (proto && !slashedProtocol[proto]))) {
    // The authority, read in Go as Node 20 reads it (parseLegacyAuthority).
    var a = native.authority(rest);
    if (a.auth !== null) this.auth = decodeURIComponent(a.auth);
    rest = a.rest;
    if (a.port !== null) this.port = a.port;
    this.hostname = a.hostname;
    if (a.invalid) throw native.invalidURL(url);
    this.host = this.hostname + (this.port ? ':' + this.port : '');
    if (a.ipv6) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest.charAt(0) !== '/') rest = '/' + rest;
    }
  }

  if (!unsafeProtocol[lowerProto]) {
    rest = rest.replace(/[\t\n\r "'<>\\^\x60{|}]/g, function (c) { return autoEscapeChars[c]; });
  }

  var questionIdx = -1, hashIdx = -1;
  for (var j = 0; j < rest.length; ++j) {
    var c2 = rest.charAt(j);
    if (c2 === '#') {
      this.hash = rest.slice(j);
      hashIdx = j;
      break;
    } else if (c2 === '?' && questionIdx === -1) {
      questionIdx = j;
    }
  }
  if (questionIdx !== -1) {
    if (hashIdx === -1) {
      this.search = rest.slice(questionIdx);
      this.query = rest.slice(questionIdx + 1);
    } else {
      this.search = rest.slice(questionIdx, hashIdx);
      this.query = rest.slice(questionIdx + 1, hashIdx);
    }
    if (parseQueryString) this.query = querystring.parse(this.query);
  } else if (parseQueryString) {
    this.search = null;
    this.query = Object.create(null);
  }
  var useQuestionIdx = questionIdx !== -1 && (hashIdx === -1 || questionIdx < hashIdx);
  var firstIdx = useQuestionIdx ? questionIdx : hashIdx;
  if (firstIdx === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (firstIdx > 0) {
    this.pathname = rest.slice(0, firstIdx);
  }
  if (slashedProtocol[lowerProto] && this.hostname && !this.pathname) this.pathname = '/';
  if (this.pathname || this.search) {
    this.path = (this.pathname || '') + (this.search || '');
  }
  this.href = this.format();
  return this;
};

Url.prototype.parseHost = function () {
  var host = this.host;
  var port = portPattern.exec(host);
  if (port) {
    port = port[0];
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

Url.prototype.format = function () {
  var auth = this.auth || '';
  if (auth) {
    auth = encodeURIComponent(auth).replace(/%3A/i, ':');
    auth += '@';
  }
  var protocol = this.protocol || '';
  var pathname = this.pathname || '';
  var hash = this.hash || '';
  var host = '';
  var query = '';
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    host = auth + (this.hostname.indexOf(':') !== -1 && !(this.hostname.charAt(0) === '[') ? '[' + this.hostname + ']' : this.hostname);
    if (this.port) host += ':' + this.port;
  }
  if (this.query !== null && typeof this.query === 'object') query = querystring.stringify(this.query);
  var search = this.search || (query && ('?' + query)) || '';
  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58) protocol += ':';
  pathname = pathname.replace(/[#?]/g, function (c) { return c === '#' ? '%23' : '%3F'; });
  if (this.slashes || slashedProtocol[protocol]) {
    if (this.slashes || host) {
      if (pathname && pathname.charAt(0) !== '/') pathname = '/' + pathname;
      host = '//' + host;
    } else if (protocol.length >= 4 && protocol.slice(0, 4) === 'file') {
      host = '//';
    }
  }
  search = search.replace(/#/g, '%23');
  if (hash && hash.charAt(0) !== '#') hash = '#' + hash;
  if (search && search.charAt(0) !== '?') search = '?' + search;
  return protocol + host + pathname + search + hash;
};

function urlFormat(obj, options) {
  if (typeof obj === 'string') {
    obj = urlParse(obj);
  } else if (typeof obj !== 'object' || obj === null) {
    var e = new TypeError('The "urlObject" argument must be one of type object or string.' + native.received(obj));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  } else if (typeof URL === 'function' && obj instanceof URL) {
    return formatURL(obj, options);
  }
  return Url.prototype.format.call(obj);
}

function argTypeError(name, what, v) {
  var e = new TypeError('The "' + name + '" argument must be ' + what + '.' + native.received(v));
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

// formatURL is url.format of a URL object: its href, less what the
// options turn off (auth, search, fragment), the host in Unicode if asked.
function formatURL(u, options) {
  var fragment = true, unicode = false, search = true, auth = true;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw argTypeError('options', 'of type object', options);
    if (options.fragment != null) fragment = Boolean(options.fragment);
    if (options.unicode != null) unicode = Boolean(options.unicode);
    if (options.search != null) search = Boolean(options.search);
    if (options.auth != null) auth = Boolean(options.auth);
  }
  var href = u.href;
  if (href.slice(u.protocol.length, u.protocol.length + 2) !== '//') {
    // No authority (mailto:, urn:): the rest of href is the opaque path.
    var end = href.length - u.hash.length - u.search.length;
    return href.slice(0, end) + (search ? u.search : '') + (fragment ? u.hash : '');
  }
  var out = u.protocol + '//';
  if (auth && (u.username || u.password)) out += u.username + (u.password ? ':' + u.password : '') + '@';
  out += unicode ? domainToUnicode(u.hostname) : u.hostname;
  if (u.port) out += ':' + u.port;
  return out + u.pathname + (search ? u.search : '') + (fragment ? u.hash : '');
}

function urlTypeError(code, message) {
  var e = new TypeError(message);
  e.code = code;
  return e;
}

// fileURLToPath and pathToFileURL are Node's on POSIX; the sandbox's
// working directory is "/".
function fileURLToPath(path) {
  if (typeof path === 'string') path = new URL(path);
  else if (!(typeof URL === 'function' && path instanceof URL)) throw argTypeError('path', 'of type string or an instance of URL', path);
  if (path.protocol !== 'file:') throw urlTypeError('ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (path.hostname !== '' && path.hostname !== 'localhost') throw urlTypeError('ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
  var pathname = path.pathname;
  if (/%2f/i.test(pathname)) throw urlTypeError('ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  return decodeURIComponent(pathname);
}
function pathToFileURL(filepath) {
  var resolved = require('path').resolve(filepath);
  if (filepath.charAt(filepath.length - 1) === '/' && resolved.charAt(resolved.length - 1) !== '/') resolved += '/';
  var encoded = resolved.replace(/[%\\\n\r\t#? ]/g, function (c) { return '%' + (c.charCodeAt(0) < 16 ? '0' : '') + c.charCodeAt(0).toString(16).toUpperCase(); });
  return new URL('file://' + encoded);
}

// urlToHttpOptions is the http.request options a URL stands for.
function urlToHttpOptions(url) {
  var options = {
    protocol: url.protocol,
    hostname: typeof url.hostname === 'string' && url.hostname.charAt(0) === '[' ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: (url.pathname || '') + (url.search || ''),
    href: url.href
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) options.auth = decodeURIComponent(url.username) + ':' + decodeURIComponent(url.password);
  return options;
}

// url.resolve: RFC 3986 reference resolution over the legacy parser. Node's
// own resolveObject has more corner cases (e.g. for hostless protocols); the
// common absolute/relative cases match.
function removeDotSegments(path) {
  var out = [];
  var segs = path.split('/');
  for (var i = 0; i < segs.length; i++) {
    var s = segs[i];
    if (s === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) out.pop();
      if (i === segs.length - 1) out.push('');
    } else if (s === '.') {
      if (i === segs.length - 1) out.push('');
    } else {
      out.push(s);
    }
  }
  return out.join('/');
}

function urlResolve(source, relative) {
  relative = String(relative);
  var rel = urlParse(relative, false, true);
  if (rel.protocol) return rel.href;
  var base = urlParse(String(source), false, true);
  var prefix = (base.protocol || '') + (base.slashes || base.host ? '//' : '') + (base.auth ? encodeURIComponent(base.auth).replace(/%3A/i, ':') + '@' : '') + (base.host || '');
  if (relative.slice(0, 2) === '//') return urlParse((base.protocol || '') + relative, false, true).href;
  if (relative === '') return base.href.replace(/#.*$/, '');
  if (relative.charAt(0) === '#') return base.href.replace(/#.*$/, '') + relative;
  var basePath = base.pathname || (base.host ? '/' : '');
  if (relative.charAt(0) === '?') return prefix + basePath + relative;
  var path;
  if (rel.pathname && rel.pathname.charAt(0) === '/') {
    path = removeDotSegments(rel.pathname);
  } else {
    var dir = basePath.slice(0, basePath.lastIndexOf('/') + 1);
    path = removeDotSegments(dir + (rel.pathname || ''));
  }
  return prefix + path + (rel.search || '') + (rel.hash || '');
}

function missingDomain() {
  var e = new TypeError('The "domain" argument must be specified');
  e.code = 'ERR_MISSING_ARGS';
  return e;
}
function domainToASCII(domain) {
  if (arguments.length < 1) throw missingDomain();
  return native.domainToASCII(` + "`${domain}`" + `);
}
function domainToUnicode(domain) {
  if (arguments.length < 1) throw missingDomain();
  return native.domainToUnicode(` + "`${domain}`" + `);
}

module.exports = {
  Url: Url,
  parse: urlParse,
  domainToASCII: domainToASCII,
  domainToUnicode: domainToUnicode,
  fileURLToPath: fileURLToPath,
  pathToFileURL: pathToFileURL,
  urlToHttpOptions: urlToHttpOptions,
  format: urlFormat,
  resolve: urlResolve,
};
// URL and URLSearchParams are the globals, built on first read.
native.lazy(module.exports, 'URL', function () { return URL; });
native.lazy(module.exports, 'URLSearchParams', function () { return URLSearchParams; });
`

const utilJS = `
// inspect and format are the console's own (inspect.go).
function inspect(value, opts) { return native.inspect.apply(null, arguments); }
inspect.custom = Symbol.for('nodejs.util.inspect.custom');
inspect.defaultOptions = { showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false, maxArrayLength: 100,
  maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false, getters: false, numericSeparator: false };
function format() { return native.format.apply(null, arguments); }
function formatWithOptions(opts) {
  if (opts === null || typeof opts !== 'object') {
    var e = new TypeError('The "inspectOptions" argument must be of type object.' + native.received(opts));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  return native.formatWithOptions.apply(null, arguments);
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) {
    var e = new TypeError('The "ctor" argument must be of type function.' + native.received(ctor));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (superCtor === undefined || superCtor === null) {
    var e1 = new TypeError('The "superCtor" argument must be of type function.' + native.received(superCtor));
    e1.code = 'ERR_INVALID_ARG_TYPE';
    throw e1;
  }
  if (superCtor.prototype === undefined) {
    var e2 = new TypeError('The "superCtor.prototype" property must be of type object. Received undefined');
    e2.code = 'ERR_INVALID_ARG_TYPE';
    throw e2;
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

var kCustomPromisified = Symbol.for('nodejs.util.promisify.custom');
function promisify(original) {
  if (typeof original !== 'function') {
    var e = new TypeError('The "original" argument must be of type function.' + native.received(original));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var custom = original[kCustomPromisified];
  if (custom === undefined && typeof setTimeout === 'function' && (original === setTimeout || original === setImmediate)) {
    custom = require('timers/promises')[original === setTimeout ? 'setTimeout' : 'setImmediate'];
  }
  if (custom !== undefined) {
    if (typeof custom !== 'function') {
      var c = new TypeError('The "util.promisify.custom" property must be of type function.' + native.received(custom));
      c.code = 'ERR_INVALID_ARG_TYPE';
      throw c;
    }
    return custom;
  }
  return function () {
    var self = this;
    var args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      args.push(function (err, value) {
        if (err) return reject(err);
        resolve(value);
      });
      original.apply(self, args);
    });
  };
}

// callbackify is Node's: the callback runs on process.nextTick after the
// promise settles, so what it throws is an uncaught exception, not a
// rejection; a falsy rejection becomes ERR_FALSY_VALUE_REJECTION.
function callbackify(original) {
  if (typeof original !== 'function') {
    var e = new TypeError('The "original" argument must be of type function.' + native.received(original));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  function callbackified() {
    var args = Array.prototype.slice.call(arguments);
    var maybeCb = args.pop();
    if (typeof maybeCb !== 'function') {
      var e = new TypeError('The last argument must be of type function.' + native.received(maybeCb));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    var cb = maybeCb.bind(this);
    original.apply(this, args).then(function (ret) {
      process.nextTick(cb, null, ret);
    }, function (rej) {
      process.nextTick(function () {
        if (!rej) {
          var reason = rej;
          rej = new Error('Promise was rejected with falsy value');
          rej.code = 'ERR_FALSY_VALUE_REJECTION';
          rej.reason = reason;
        }
        cb(rej);
      });
    });
  }
  var descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  Object.defineProperties(callbackified, { length: descriptors.length, name: descriptors.name });
  return callbackified;
}

function deprecate(fn, msg) {
  var warned = false;
  return function () {
    if (!warned) {
      warned = true;
      if (typeof console === 'object' && console.warn) console.warn('(node) DeprecationWarning: ' + msg);
    }
    return fn.apply(this, arguments);
  };
}

// types are brand checks, as Node's: what a value is, not what its
// prototype says (a built-in's own accessor or method refuses anything
// else; the rest native.brand reads from the runtime).
function brandCheck(get) {
  return function (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    try { get.call(v); return true; } catch (e) { return false; }
  };
}
// makeTypes builds util.types on first use: reading the built-ins it
// checks against makes goja set up typed arrays, DataView, the weak
// collections and more, which a script that never asks should not pay for.
function makeTypes() {
  function getter(proto, name) { return Object.getOwnPropertyDescriptor(proto, name).get; }
  var typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
  function typedArrayName(v) {
    if (v === null || typeof v !== 'object') return undefined;
    return typedArrayTag.call(v);
  }
  function typedArray(name) { return function (v) { return typedArrayName(v) === name; }; }
  var asyncFunctionProto = Object.getPrototypeOf(async function () {});
  var generatorFunctionProto = Object.getPrototypeOf(function* () {});
  var generatorProto = generatorFunctionProto.prototype;
  var mapIteratorProto = Object.getPrototypeOf(new Map().entries());
  var setIteratorProto = Object.getPrototypeOf(new Set().values());
  var isMap = brandCheck(getter(Map.prototype, 'size'));
  var isSet = brandCheck(getter(Set.prototype, 'size'));
  var isDataView = brandCheck(getter(DataView.prototype, 'byteLength'));
  var isArrayBuffer = brandCheck(getter(ArrayBuffer.prototype, 'byteLength'));
  var isRegExpSource = brandCheck(getter(RegExp.prototype, 'source'));
  var isDate = brandCheck(Date.prototype.getTime);
  function boxed(proto) {
    var check = brandCheck(proto.valueOf);
    return function (v) { return typeof v === 'object' && check(v); };
  }
  var isNumberObject = boxed(Number.prototype), isStringObject = boxed(String.prototype), isBooleanObject = boxed(Boolean.prototype),
    isSymbolObject = boxed(Symbol.prototype), isBigIntObject = boxed(BigInt.prototype);
  function weak(proto) {
    var has = proto.has;
    return function (v) {
      if (v === null || typeof v !== 'object') return false;
      try { has.call(v, {}); return true; } catch (e) { return false; }
    };
  }
  return {
    isExternal: function () { return false; },
    isDate: isDate,
    isArgumentsObject: function (v) { return native.brand(v) === 'arguments'; },
    isBigIntObject: isBigIntObject,
    isBooleanObject: isBooleanObject,
    isNumberObject: isNumberObject,
    isStringObject: isStringObject,
    isSymbolObject: isSymbolObject,
    isNativeError: function (v) { return native.brand(v) === 'error'; },
    isRegExp: function (v) { return v !== RegExp.prototype && isRegExpSource(v); },
    isAsyncFunction: function (v) { return typeof v === 'function' && Object.getPrototypeOf(v) === asyncFunctionProto; },
    isGeneratorFunction: function (v) { return typeof v === 'function' && Object.getPrototypeOf(v) === generatorFunctionProto; },
    isGeneratorObject: function (v) { return v !== null && typeof v === 'object' && generatorProto.isPrototypeOf(v); },
    isPromise: function (v) { return native.brand(v) === 'promise'; },
    isMap: isMap,
    isSet: isSet,
    isMapIterator: function (v) { return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === mapIteratorProto; },
    isSetIterator: function (v) { return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === setIteratorProto; },
    isWeakMap: weak(WeakMap.prototype),
    isWeakSet: weak(WeakSet.prototype),
    isArrayBuffer: isArrayBuffer,
    isDataView: isDataView,
    isSharedArrayBuffer: function () { return false; },
    isProxy: function (v) { return native.brand(v) === 'proxy'; },
    isModuleNamespaceObject: function () { return false; },
    isAnyArrayBuffer: isArrayBuffer,
    isBoxedPrimitive: function (v) { return isNumberObject(v) || isStringObject(v) || isBooleanObject(v) || isSymbolObject(v) || isBigIntObject(v); },
    isArrayBufferView: function (v) { return typedArrayName(v) !== undefined || isDataView(v); },
    isTypedArray: function (v) { return typedArrayName(v) !== undefined; },
    isUint8Array: typedArray('Uint8Array'),
    isUint8ClampedArray: typedArray('Uint8ClampedArray'),
    isUint16Array: typedArray('Uint16Array'),
    isUint32Array: typedArray('Uint32Array'),
    isInt8Array: typedArray('Int8Array'),
    isInt16Array: typedArray('Int16Array'),
    isInt32Array: typedArray('Int32Array'),
    isFloat32Array: typedArray('Float32Array'),
    isFloat64Array: typedArray('Float64Array'),
    isBigInt64Array: typedArray('BigInt64Array'),
    isBigUint64Array: typedArray('BigUint64Array'),
    isKeyObject: function (v) { return v instanceof require('crypto').KeyObject; },
    isCryptoKey: function () { return false; }
  };
}
var typesCache;
function types() { return typesCache || (typesCache = makeTypes()); }


// debuglog is Node's: NODE_DEBUG is never set in the sandbox, so the
// logger logs nothing.
function debuglog(section, cb) {
  function logger() {}
  Object.defineProperty(logger, 'enabled', { get: function () { return false; }, configurable: true, enumerable: true });
  return logger;
}

var ansi;
function stripVTControlCharacters(str) {
  if (typeof str !== 'string') {
    var e = new TypeError('The "str" argument must be of type string.' + native.received(str));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (!ansi) ansi = new RegExp('[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?(?:\\u0007|\\u001B\\u005C|\\u009C))|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))', 'g');
  return str.replace(ansi, '');
}

// toUSVString replaces each lone surrogate with U+FFFD.
function toUSVString(s) {
  s = String(s);
  var out = '', last = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { i++; continue; }
    if ((c & 0xf800) === 0xd800) { out += s.slice(last, i) + '\ufffd'; last = i + 1; }
  }
  return out + s.slice(last);
}

// systemErrors are the libuv error names Node's getSystemErrorName knows,
// by their negated errno on Linux (util.getSystemErrorMap of Node 20).
var systemErrors;
function systemErrorNames() {
  return systemErrors || (systemErrors = { 1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 9: 'EBADF', 11: 'EAGAIN', 12: 'ENOMEM',
  13: 'EACCES', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV', 19: 'ENODEV', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 23: 'ENFILE',
  24: 'EMFILE', 25: 'ENOTTY', 26: 'ETXTBSY', 27: 'EFBIG', 28: 'ENOSPC', 29: 'ESPIPE', 30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 34: 'ERANGE',
  36: 'ENAMETOOLONG', 38: 'ENOSYS', 39: 'ENOTEMPTY', 40: 'ELOOP', 49: 'EUNATCH', 61: 'ENODATA', 64: 'ENONET', 71: 'EPROTO', 75: 'EOVERFLOW',
  84: 'EILSEQ', 88: 'ENOTSOCK', 89: 'EDESTADDRREQ', 90: 'EMSGSIZE', 91: 'EPROTOTYPE', 92: 'ENOPROTOOPT', 93: 'EPROTONOSUPPORT',
  94: 'ESOCKTNOSUPPORT', 95: 'ENOTSUP', 97: 'EAFNOSUPPORT', 98: 'EADDRINUSE', 99: 'EADDRNOTAVAIL', 100: 'ENETDOWN', 101: 'ENETUNREACH',
  103: 'ECONNABORTED', 104: 'ECONNRESET', 105: 'ENOBUFS', 106: 'EISCONN', 107: 'ENOTCONN', 108: 'ESHUTDOWN', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED',
  112: 'EHOSTDOWN', 113: 'EHOSTUNREACH', 114: 'EALREADY', 121: 'EREMOTEIO', 125: 'ECANCELED', 3000: 'EAI_ADDRFAMILY', 3001: 'EAI_AGAIN',
  3002: 'EAI_BADFLAGS', 3003: 'EAI_CANCELED', 3004: 'EAI_FAIL', 3005: 'EAI_FAMILY', 3006: 'EAI_MEMORY', 3007: 'EAI_NODATA', 3008: 'EAI_NONAME',
  3009: 'EAI_OVERFLOW', 3010: 'EAI_SERVICE', 3011: 'EAI_SOCKTYPE', 3013: 'EAI_BADHINTS', 3014: 'EAI_PROTOCOL', 4028: 'EFTYPE', 4080: 'ECHARSET',
  4094: 'UNKNOWN', 4095: 'EOF' });
}
function getSystemErrorName(err) {
  if (typeof err !== 'number') {
    var e = new TypeError('The "err" argument must be of type number.' + native.received(err));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (err >= 0 || !Number.isSafeInteger(err)) {
    var r = new RangeError('The value of "err" is out of range. It must be a negative integer. Received ' + err);
    r.code = 'ERR_OUT_OF_RANGE';
    throw r;
  }
  return systemErrorNames()[-err] || 'Unknown system error ' + err;
}

function extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  var keys = Object.keys(source);
  for (var i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
  return target;
}

// isDeepStrictEqual is Node's strict deep equality (comparisons.js): the
// same prototype and tag, Dates by time, RegExps by source, flags and
// lastIndex, boxed primitives and Errors by value, typed arrays by bytes,
// arrays with their holes, Maps and Sets whatever their order, and own
// enumerable keys, Symbols included.
function isDeepStrictEqual(a, b) { return deepEqual(a, b, []); }
function deepEqual(a, b, memo) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  for (var m = 0; m < memo.length; m++) if (memo[m][0] === a && memo[m][1] === b) return true;
  var t = types();
  if (t.isDate(a)) {
    if (!t.isDate(b) || a.getTime() !== b.getTime()) return false;
  } else if (t.isRegExp(a)) {
    if (!t.isRegExp(b) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
  } else if (t.isNativeError(a) || a instanceof Error) {
    if (a.message !== b.message || a.name !== b.name) return false;
  } else if (t.isBoxedPrimitive(a)) {
    if (!t.isBoxedPrimitive(b) || !Object.is(a.valueOf(), b.valueOf())) return false;
  } else if (t.isArrayBufferView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    var ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (var i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  }
  memo.push([a, b]);
  try {
    if (t.isMap(a) && !sameEntries(a, b, memo, true)) return false;
    if (t.isSet(a) && !sameEntries(a, b, memo, false)) return false;
    var ka = ownEnumerableKeys(a), kb = ownEnumerableKeys(b);
    if (ka.length !== kb.length) return false;
    for (var n = 0; n < ka.length; n++) {
      if (!Object.prototype.propertyIsEnumerable.call(b, ka[n]) || !deepEqual(a[ka[n]], b[ka[n]], memo)) return false;
    }
    return true;
  } finally {
    memo.pop();
  }
}
// sameEntries compares two Maps (isMap) or Sets: a primitive key must be
// in both, an object key deep-equal to one of the other's not yet paired.
function sameEntries(a, b, memo, isMap) {
  if (a.size !== b.size) return false;
  var spare = [];
  b.forEach(function (v, k) { if (k !== null && typeof k === 'object') spare.push([k, v]); });
  var ok = true;
  a.forEach(function (v, k) {
    if (!ok) return;
    if (b.has(k)) {
      if (isMap && !deepEqual(v, b.get(k), memo)) ok = false;
      return;
    }
    if (k === null || typeof k !== 'object') { ok = false; return; }
    var hit = spare.findIndex(function (e) { return e !== undefined && deepEqual(k, e[0], memo) && (!isMap || deepEqual(v, e[1], memo)); });
    if (hit < 0) ok = false;
    else spare[hit] = undefined;
  });
  return ok;
}
function ownEnumerableKeys(o) {
  var keys = Object.keys(o), syms = Object.getOwnPropertySymbols(o);
  for (var i = 0; i < syms.length; i++) if (Object.prototype.propertyIsEnumerable.call(o, syms[i])) keys.push(syms[i]);
  return keys;
}

module.exports = {
  format: format,
  inspect: inspect,
  inherits: inherits,
  promisify: Object.assign(promisify, { custom: kCustomPromisified }),
  callbackify: callbackify,
  deprecate: deprecate,
  isDeepStrictEqual: isDeepStrictEqual,
  isArray: Array.isArray,
  isBoolean: function (v) { return typeof v === 'boolean'; },
  isNull: function (v) { return v === null; },
  isNullOrUndefined: function (v) { return v === null || v === undefined; },
  isNumber: function (v) { return typeof v === 'number'; },
  isString: function (v) { return typeof v === 'string'; },
  isUndefined: function (v) { return v === undefined; },
  isObject: function (v) { return v !== null && typeof v === 'object'; },
  isFunction: function (v) { return typeof v === 'function'; },
  isPrimitive: function (v) { return v === null || (typeof v !== 'object' && typeof v !== 'function'); },
  isDate: function isDate(v) { return types().isDate(v); },
  isRegExp: function isRegExp(v) { return types().isRegExp(v); },
  isError: function isError(v) { return types().isNativeError(v); },
  isBuffer: function (v) { return typeof Buffer === 'function' && v instanceof Buffer; },
  isSymbol: function (v) { return typeof v === 'symbol'; },
  debuglog: debuglog,
  debug: debuglog,
  stripVTControlCharacters: stripVTControlCharacters,
  toUSVString: toUSVString,
  getSystemErrorName: getSystemErrorName,
  _extend: extend,
  formatWithOptions: formatWithOptions
};
// types, TextEncoder and TextDecoder are made on first read (the web
// globals are built all at once, with Buffer).
native.lazy(module.exports, 'types', types);
native.lazy(module.exports, 'TextEncoder', function () { return TextEncoder; });
native.lazy(module.exports, 'TextDecoder', function () { return TextDecoder; });
`

var (
	proxyType   = reflect.TypeFor[goja.Proxy]()
	promiseType = reflect.TypeFor[*goja.Promise]()
)

// utilNative is the util module's bridge to inspect.go.
func utilNative(rt *goja.Runtime) *goja.Object {
	n := rt.NewObject()
	_ = n.Set("inspect", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(inspectValue(rt, call.Argument(0), inspectOptionsOf(call.Arguments[min(1, len(call.Arguments)):])))
	})
	_ = n.Set("format", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(formatWithOptions(rt, defaultInspectOptions(), call.Arguments))
	})
	_ = n.Set("formatWithOptions", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(formatWithOptions(rt, inspectOptionsOf(call.Arguments[:1]), call.Arguments[1:]))
	})
	_ = n.Set("received", receivedFunc(rt))
	_ = n.Set("lazy", lazyNative(rt))
	// brand(v) is what util.types reads from the runtime itself: "proxy",
	// "promise", "arguments", "error" or "".
	_ = n.Set("brand", func(v goja.Value) string {
		o, ok := v.(*goja.Object)
		if !ok {
			return ""
		}
		switch o.ClassName() {
		case "Arguments":
			return "arguments"
		case "Error":
			return "error"
		}
		switch o.ExportType() {
		case proxyType:
			return "proxy"
		case promiseType:
			return "promise"
		}
		return ""
	})
	return n
}

const eventsJS = `
function EventEmitter() {
  EventEmitter.init.call(this);
}
EventEmitter.init = function () {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
};
var defaultMaxListeners = 10;
Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get: function () { return defaultMaxListeners; },
  set: function (n) {
    validateCount(n, 'defaultMaxListeners');
    defaultMaxListeners = n;
  }
});
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

function validateCount(n, name) {
  var e;
  if (typeof n !== 'number') {
    e = new TypeError('The "' + name + '" argument must be of type number.' + native.received(n));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (!(n >= 0)) {
    e = new RangeError('The value of "' + name + '" is out of range. It must be >= 0. Received ' + require('util').inspect(n));
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
}
EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateCount(n, 'setMaxListeners');
  this._maxListeners = n;
  return this;
};
EventEmitter.prototype.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};

function events(self) {
  if (!self._events) {
    self._events = Object.create(null);
    self._eventsCount = 0;
  }
  return self._events;
}

EventEmitter.prototype.emit = function (type) {
  var args = Array.prototype.slice.call(arguments, 1);
  var ev = events(this);
  if (type === 'error' && ev[errorMonitor] !== undefined) this.emit.apply(this, [errorMonitor].concat(args));
  var handler = ev[type];
  if (handler === undefined) {
    if (type === 'error') {
      var er = args[0];
      if (er instanceof Error) throw er;
      var err = new Error('Unhandled error.' + (er === undefined ? '' : ' (' + require('util').inspect(er) + ')'));
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
    return false;
  }
  var list = Array.isArray(handler) ? handler.slice() : [handler];
  for (var i = 0; i < list.length; i++) list[i].apply(this, args);
  return true;
};

function addListener(target, type, listener, prepend) {
  if (typeof listener !== 'function') {
    var e = new TypeError('The "listener" argument must be of type function.' + native.received(listener));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var ev = events(target);
  if (ev.newListener !== undefined) target.emit('newListener', type, listener.listener ? listener.listener : listener);
  var existing = ev[type];
  if (existing === undefined) {
    ev[type] = listener;
    target._eventsCount++;
  } else if (typeof existing === 'function') {
    ev[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  return target;
}

EventEmitter.prototype.addListener = function (type, listener) { return addListener(this, type, listener, false); };
EventEmitter.prototype.on = EventEmitter.prototype.addListener;
EventEmitter.prototype.prependListener = function (type, listener) { return addListener(this, type, listener, true); };

function onceWrapper(target, type, listener) {
  var state = { fired: false };
  var wrapped = function () {
    if (state.fired) return;
    state.fired = true;
    target.removeListener(type, wrapped);
    return listener.apply(target, arguments);
  };
  wrapped.listener = listener;
  return wrapped;
}
EventEmitter.prototype.once = function (type, listener) {
  if (typeof listener !== 'function') return addListener(this, type, listener);
  return this.on(type, onceWrapper(this, type, listener));
};
EventEmitter.prototype.prependOnceListener = function (type, listener) {
  return this.prependListener(type, onceWrapper(this, type, listener));
};

EventEmitter.prototype.removeListener = function (type, listener) {
  var ev = events(this);
  var list = ev[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete ev[type];
    if (ev.removeListener) this.emit('removeListener', type, list.listener || listener);
  } else if (typeof list !== 'function') {
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        if (list.length === 1) ev[type] = list[0];
        if (ev.removeListener !== undefined) this.emit('removeListener', type, listener);
        break;
      }
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function (type) {
  var ev = events(this);
  if (type === undefined) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (ev[type] !== undefined) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete ev[type];
  }
  return this;
};

EventEmitter.prototype.listeners = function (type) {
  var l = events(this)[type];
  if (l === undefined) return [];
  if (typeof l === 'function') return [l.listener || l];
  return l.map(function (f) { return f.listener || f; });
};
EventEmitter.prototype.rawListeners = function (type) {
  var l = events(this)[type];
  if (l === undefined) return [];
  return typeof l === 'function' ? [l] : l.slice();
};
EventEmitter.prototype.listenerCount = function (type) {
  var l = events(this)[type];
  if (l === undefined) return 0;
  return typeof l === 'function' ? 1 : l.length;
};
EventEmitter.listenerCount = function (emitter, type) { return emitter.listenerCount(type); };
EventEmitter.prototype.eventNames = function () { return Reflect.ownKeys(events(this)); };

EventEmitter.once = function (emitter, name) {
  return new Promise(function (resolve, reject) {
    var onError = function (err) { emitter.removeListener(name, onValue); reject(err); };
    var onValue = function () {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(Array.prototype.slice.call(arguments));
    };
    emitter.once(name, onValue);
    if (name !== 'error') emitter.once('error', onError);
  });
};

var errorMonitor = Symbol('events.errorMonitor');
EventEmitter.errorMonitor = errorMonitor;
EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
EventEmitter.captureRejections = false;
EventEmitter.usingDomains = false;
EventEmitter.getEventListeners = function getEventListeners(emitter, type) { return emitter.listeners(type); };
EventEmitter.getMaxListeners = function getMaxListeners(emitter) { return emitter.getMaxListeners(); };
EventEmitter.setMaxListeners = function setMaxListeners(n) {
  if (n === undefined) n = EventEmitter.defaultMaxListeners;
  validateCount(n, 'setMaxListeners');
  if (arguments.length < 2) {
    EventEmitter.defaultMaxListeners = n;
    return;
  }
  for (var i = 1; i < arguments.length; i++) {
    var target = arguments[i];
    if (target && typeof target.setMaxListeners === 'function') {
      target.setMaxListeners(n);
    } else {
      var e = new TypeError('The "eventTargets" argument must be an instance of EventEmitter or EventTarget.' + native.received(target));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }
};

EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
`
