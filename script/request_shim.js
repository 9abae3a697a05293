(function (host) {
  'use strict';
  // A port of the request 2.88 API surface real scripts use, over the
  // sandbox's fetch primitive. Behaviour follows request's index.js and
  // request.js; comments name the deliberate differences.
  var hasOwn = Object.prototype.hasOwnProperty;

  function isPlainObject(o) {
    if (o === null || typeof o !== 'object') return false;
    var p = Object.getPrototypeOf(o);
    return p === null || p === Object.prototype;
  }

  // extend copies own enumerable properties of a and then b into target
  // (jQuery-style, as request's extend). Object.keys rather than for-in:
  // for-in walks Object.prototype, which makes goja build all its methods.
  function extend(deep, target, a, b) {
    if (a !== null && a !== undefined) extendOne(deep, target, a);
    if (b !== null && b !== undefined) extendOne(deep, target, b);
    return target;
  }
  function extendOne(deep, target, src) {
    var keys = Object.keys(src);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var v = src[k];
      if (v === target) continue;
      if (deep && isPlainObject(v)) {
        var base = isPlainObject(target[k]) ? target[k] : {};
        target[k] = extend(true, base, v);
      } else if (deep && Array.isArray(v)) {
        target[k] = extend(true, Array.isArray(target[k]) ? target[k] : [], v);
      } else if (v !== undefined) {
        target[k] = v;
      }
    }
  }

  function initParams(uri, options, callback) {
    if (typeof options === 'function') callback = options;
    var params = {};
    if (options !== null && typeof options === 'object') {
      extend(false, params, options, { uri: uri });
    } else if (typeof uri === 'string') {
      extend(false, params, { uri: uri });
    } else {
      extend(false, params, uri);
    }
    params.callback = callback || params.callback;
    return params;
  }

  // --- qs.stringify (the qs package's defaults: RFC 3986 encoding, indices
  // for arrays, brackets for nested objects, undefined skipped, null as "k=").
  function encode(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function qsPrimitive(v) {
    if (v instanceof Date) return v.toISOString();
    if (host.isBuffer(v)) return v.toString();
    return String(v);
  }
  // useQuerystring (node's querystring) repeats the key for array items and
  // does not nest objects. Otherwise arrays follow qs's arrayFormat from
  // qsStringifyOptions: indices (a[0]=1, the default), brackets (a[]=1) or
  // repeat (a=1, also indices: false).
  function qsStringify(obj, useQuerystring, options) {
    var out = [];
    var format = options && typeof options === 'object'
      ? (options.arrayFormat || (options.indices === false ? 'repeat' : 'indices')) : 'indices';
    function walk(prefix, v) {
      if (v === undefined) return;
      if (v === null) { out.push(encode(prefix) + '='); return; }
      if (typeof v === 'function') return;
      if (useQuerystring && Array.isArray(v)) {
        for (var j = 0; j < v.length; j++) out.push(encode(prefix) + '=' + encode(qsPrimitive(v[j])));
        return;
      }
      if (Array.isArray(v) && (format === 'brackets' || format === 'repeat')) {
        for (var a = 0; a < v.length; a++) walk(format === 'brackets' ? prefix + '[]' : prefix, v[a]);
        return;
      }
      if (typeof v === 'object' && !(v instanceof Date) && !host.isBuffer(v)) {
        var keys = Object.keys(v);
        for (var i = 0; i < keys.length; i++) {
          walk(prefix + '[' + keys[i] + ']', v[keys[i]]);
        }
        return;
      }
      out.push(encode(prefix) + '=' + encode(qsPrimitive(v)));
    }
    if (obj === null || typeof obj !== 'object') return '';
    var keys = Object.keys(obj);
    for (var i = 0; i < keys.length; i++) walk(keys[i], obj[keys[i]]);
    return out.join('&');
  }
  function rfc3986(str) {
    return String(str).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function qsParse(q) {
    var res = {};
    if (!q) return res;
    var parts = q.split('&');
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      var j = parts[i].indexOf('=');
      var k = j < 0 ? parts[i] : parts[i].slice(0, j);
      var v = j < 0 ? '' : parts[i].slice(j + 1);
      k = safeDecode(k.replace(/\+/g, ' '));
      v = safeDecode(v.replace(/\+/g, ' '));
      if (hasOwn.call(res, k)) {
        res[k] = [].concat(res[k], v);
      } else {
        res[k] = v;
      }
    }
    return res;
  }
  function safeDecode(s) {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }

  // parseUri builds the legacy url.parse()-shaped object request exposes as
  // request.uri (in Go: see invocation.parseURI).
  function parseUri(href) {
    return host.parseUri(href);
  }

  function headerKey(headers, name) {
    var lname = name.toLowerCase();
    var keys = Object.keys(headers);
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].toLowerCase() === lname) return keys[i];
    }
    return undefined;
  }
  function hasHeader(headers, name) { return headerKey(headers, name) !== undefined; }
  function getHeader(headers, name) {
    var k = headerKey(headers, name);
    return k === undefined ? undefined : headers[k];
  }
  function setHeader(headers, name, value) {
    var k = headerKey(headers, name);
    if (k !== undefined) delete headers[k];
    headers[name] = value;
  }

  function Request(params) {
    var self = this;
    self._events = {};
    self.callback = typeof params.callback === 'function' ? params.callback : null;
    self.method = params.method ? String(params.method).toUpperCase() : 'GET';
    self.headers = params.headers ? extend(false, {}, params.headers) : {};
    self.uri = null;
    self.href = undefined;
    var err;
    try {
      err = self._init(params);
    } catch (e) {
      err = e;
    }
    if (err) {
      host.defer(function () { self._fail(err); });
      return;
    }
    self._send();
  }

  Request.prototype._init = function (params) {
    var self = this;
    var uri = params.uri !== undefined ? params.uri : params.url;
    if (params.baseUrl) {
      if (typeof params.baseUrl !== 'string') return new Error('options.baseUrl must be a string');
      if (typeof uri !== 'string') return new Error('options.uri must be a string when using options.baseUrl');
      if (uri.indexOf('//') === 0 || uri.indexOf('://') !== -1) {
        return new Error('options.uri must be a path when using options.baseUrl');
      }
      var b = params.baseUrl;
      var bs = b.lastIndexOf('/') === b.length - 1;
      var us = uri.indexOf('/') === 0;
      if (bs && us) uri = b + uri.slice(1);
      else if (bs || us) uri = b + uri;
      else if (uri === '') uri = b;
      else uri = b + '/' + uri;
    }
    if (!uri) return new Error('options.uri is a required argument');
    if (typeof uri === 'object' && uri !== null) {
      uri = uri.href !== undefined ? uri.href : String(uri);
    }
    // Read as url.parse does and checked as request does (in Go): the
    // Error request reports, or request.uri.
    var prep = host.prepareUri(String(uri));
    if (prep[0] !== null) return new Error(prep[0]);
    self.uri = prep[1];
    if (params.qs !== undefined && params.qs !== null && typeof params.qs === 'object') {
      var base = qsParse(self.uri.query);
      var qk = Object.keys(params.qs);
      for (var j = 0; j < qk.length; j++) base[qk[j]] = params.qs[qk[j]];
      var q = qsStringify(base, params.useQuerystring, params.qsStringifyOptions);
      if (q !== '') {
        self.uri = parseUri(self.uri.href.split('?')[0] + '?' + q);
      }
    }
    self.href = self.uri.href;

    self.body = params.body;
    if (params.form !== undefined && params.form !== null && params.form !== false) {
      var ct = getHeader(self.headers, 'content-type');
      if (!/^application\/x-www-form-urlencoded\b/.test(ct || '')) {
        setHeader(self.headers, 'content-type', 'application/x-www-form-urlencoded');
      }
      self.body = typeof params.form === 'string' ? rfc3986(params.form) : qsStringify(params.form, false, params.qsStringifyOptions);
    }
    self._json = false;
    if (params.json) {
      self._json = true;
      if (!hasHeader(self.headers, 'accept')) setHeader(self.headers, 'accept', 'application/json');
      if (typeof params.json === 'boolean') {
        if (self.body !== undefined) {
          if (!/^application\/x-www-form-urlencoded\b/.test(getHeader(self.headers, 'content-type') || '')) {
            self.body = JSON.stringify(self.body);
          } else {
            self.body = rfc3986(self.body);
          }
          if (!hasHeader(self.headers, 'content-type')) setHeader(self.headers, 'content-type', 'application/json');
        }
      } else {
        self.body = JSON.stringify(params.json);
        if (!hasHeader(self.headers, 'content-type')) setHeader(self.headers, 'content-type', 'application/json');
      }
      self._reviver = typeof params.jsonReviver === 'function' ? params.jsonReviver : undefined;
    }
    if (self.body !== undefined && self.body !== null && typeof self.body !== 'string' && !host.isBuffer(self.body)) {
      if (self.body instanceof ArrayBuffer || ArrayBuffer.isView(self.body)) {
        // fine: bytes
      } else {
        return new Error('Argument error, options.body.');
      }
    }
    if (self.method === 'HEAD' && self.body !== undefined && self.body !== null && self.body !== '') {
      throw new Error('HTTP HEAD requests MUST NOT include a request body.');
    }
    var auth = params.auth;
    if (auth && typeof auth === 'object') {
      if (auth.bearer !== undefined) {
        var bearer = typeof auth.bearer === 'function' ? auth.bearer() : auth.bearer;
        setHeader(self.headers, 'authorization', 'Bearer ' + (bearer || ''));
      } else {
        var user = auth.user !== undefined ? auth.user : auth.username;
        var pass = auth.pass !== undefined ? auth.pass : auth.password;
        if (typeof user !== 'string' || (pass !== undefined && typeof pass !== 'string')) {
          return new Error('auth() received invalid user or password');
        }
        // sendImmediately:false (digest-style challenge first) is not
        // supported: credentials are always sent with the first request.
        setHeader(self.headers, 'authorization', 'Basic ' + host.base64(user + ':' + (pass || '')));
      }
    }
    self.encoding = params.encoding;
    self.timeout = typeof params.timeout === 'number' && params.timeout > 0 ? params.timeout : 0;
    self.followRedirect = params.followRedirect !== undefined ? !!params.followRedirect : true;
    self.followAllRedirects = !!params.followAllRedirects;
    self.gzip = !!params.gzip;
    if (params.time) {
      self.timing = true;
      self.elapsedTime = self.elapsedTime || 0;
    }
    // strictSSL / rejectUnauthorized are ignored: TLS is always verified.
    return null;
  };

  Request.prototype._send = function () {
    var self = this;
    if (self.timing) {
      self.startTime = Date.now();
      self.timings = {};
    }
    host.fetch({
      method: self.method,
      url: self.uri.href,
      headers: self.headers,
      body: self.body,
      timeout: self.timeout,
      followRedirect: self.followRedirect,
      followAllRedirects: self.followAllRedirects,
      gzip: self.gzip,
      time: !!self.timing
    }, function (err, raw) {
      if (self._aborted) return;
      if (err) { self._fail(err); return; }
      self._complete(raw);
    });
  };

  Request.prototype._complete = function (raw) {
    var self = this;
    var response = {
      statusCode: raw.statusCode,
      statusMessage: raw.statusMessage,
      headers: raw.headers,
      rawHeaders: raw.rawHeaders,
      httpVersion: '1.1',
      url: '',
      request: self,
      caseless: { get: function (n) { return getHeader(raw.headers, n); }, has: function (n) { return hasHeader(raw.headers, n); } },
      toJSON: function () {
        return {
          statusCode: this.statusCode,
          body: this.body,
          headers: this.headers,
          request: { uri: self.uri, method: self.method, headers: self.headers }
        };
      }
    };
    if (raw.timing) {
      // request's time option, measured in Go (see fetchTiming).
      var t = raw.timing;
      self.startTime = t.start;
      self.timings = {};
      for (var ti = 0; ti < t.order.length; ti++) self.timings[t.order[ti]] = t[t.order[ti]];
      self.elapsedTime = t.elapsed;
      response.timingStart = t.start;
      if (raw.bodyLength > 0) response.responseStartTime = self.responseStartTime = t.responseStart;
      response.elapsedTime = t.elapsed;
      response.timings = self.timings;
      response.timingPhases = {
        wait: t.socket, dns: t.lookup - t.socket, tcp: t.connect - t.lookup,
        firstByte: t.response - t.connect, download: t.end - t.response, total: t.end
      };
    }
    if (raw.url) { // a redirect's target
      self.uri = parseUri(raw.url);
      self.href = self.uri.href;
    }
    // raw.text is the body decoded as UTF-8 when it is valid UTF-8 (what
    // Buffer#toString('utf8') returns then); the Buffer is built only when
    // something needs the bytes.
    var body;
    var n = raw.bodyLength;
    var buf;
    function bytes() { return buf || (buf = raw.bytes()); }
    function decode(enc) {
      if ((enc === 'utf8' || enc === 'utf-8') && typeof raw.text === 'string') return raw.text;
      return bytes().toString(enc);
    }
    if (n > 0) {
      if (self.encoding === null) {
        body = bytes();
      } else {
        var enc = self.encoding || 'utf8';
        body = decode(enc);
        if ((enc === 'utf8' || enc === 'utf-8') && body.charCodeAt(0) === 0xFEFF) body = body.slice(1);
      }
    }
    if (self._json) {
      try {
        body = JSON.parse(body, self._reviver);
      } catch (e) { /* request keeps the raw body */ }
    }
    if (body === undefined && !self._json) {
      body = self.encoding === null ? host.emptyBuffer() : '';
    }
    // Without a callback request streams the response instead of reading
    // it: response.body stays unset and 'complete' gets no body.
    if (self.callback) response.body = body;
    self.response = response;
    // _emit is only called when someone listens: it builds an arguments
    // object and copies the listener list, which most scripts never need.
    if (self._listens('response')) self._emit('response', response);
    // Without an encoding, request emits the raw Buffer chunks.
    if (n > 0 && self._listens('data')) self._emit('data', self.encoding ? decode(self.encoding) : bytes());
    if (self._listens('end')) self._emit('end');
    if (self._listens('complete')) {
      if (self.callback) self._emit('complete', response, body);
      else self._emit('complete', response);
    }
    if (self.callback) self.callback(null, response, body);
  };

  Request.prototype._fail = function (err) {
    var self = this;
    var listeners = self._events.error || [];
    if (self.callback) {
      self._emit('error', err);
      self.callback(err);
    } else if (listeners.length) {
      self._emit('error', err);
    } else {
      // An 'error' event without a listener throws, as in Node.
      throw err;
    }
  };

  Request.prototype._listens = function (name) {
    var ls = this._events[name];
    return !!ls && ls.length > 0;
  };
  Request.prototype._emit = function (name) {
    var ls = (this._events[name] || []).slice();
    var args = Array.prototype.slice.call(arguments, 1);
    for (var i = 0; i < ls.length; i++) ls[i].apply(this, args);
    return ls.length > 0;
  };
  Request.prototype.on = function (name, fn) {
    if (typeof fn === 'function') (this._events[name] = this._events[name] || []).push(fn);
    return this;
  };
  Request.prototype.once = function (name, fn) {
    var self = this;
    function w() { self.removeListener(name, w); return fn.apply(this, arguments); }
    return self.on(name, w);
  };
  Request.prototype.addListener = Request.prototype.on;
  Request.prototype.removeListener = function (name, fn) {
    var ls = this._events[name] || [];
    var i = ls.indexOf(fn);
    if (i >= 0) ls.splice(i, 1);
    return this;
  };
  Request.prototype.abort = function () { this._aborted = true; };
  Request.prototype.setHeader = function (n, v) { setHeader(this.headers, n, v); return this; };
  Request.prototype.getHeader = function (n) { return getHeader(this.headers, n); };
  Request.prototype.hasHeader = function (n) { return hasHeader(this.headers, n); };
  Request.prototype.toJSON = function () {
    return { uri: this.uri, method: this.method, headers: this.headers };
  };

  function request(uri, options, callback) {
    if (typeof uri === 'undefined') {
      throw new Error('undefined is not a valid uri or options object.');
    }
    var params = initParams(uri, options, callback);
    return new Request(params);
  }
  function verbFunc(verb) {
    var method = verb.toUpperCase();
    return function (uri, options, callback) {
      var params = initParams(uri, options, callback);
      params.method = method;
      return request(params, params.callback);
    };
  }
  var verbs = ['get', 'head', 'options', 'post', 'put', 'patch', 'del', 'delete'];
  function attachVerbs(target, make) {
    for (var i = 0; i < verbs.length; i++) {
      var v = verbs[i];
      target[v] = make(v === 'del' ? 'delete' : v);
    }
  }
  attachVerbs(request, verbFunc);

  function jar() {
    return {
      setCookie: function () {},
      getCookieString: function () { return ''; },
      getCookies: function () { return []; }
    };
  }
  request.jar = jar;
  request.cookie = function (str) { return str; };

  function wrapRequestMethod(method, options, verb) {
    return function (uri, opts, callback) {
      var params = initParams(uri, opts, callback);
      var target = {};
      extend(true, target, options, params);
      if (verb) target.method = verb.toUpperCase();
      if (typeof method === 'function') method = request;
      return request(target, target.callback);
    };
  }
  function makeDefaults(parentOptions) {
    return function (options) {
      var merged = extend(true, {}, parentOptions || {}, options || {});
      var d = wrapRequestMethod(request, merged);
      attachVerbs(d, function (v) { return wrapRequestMethod(request, merged, v); });
      d.jar = jar;
      d.cookie = request.cookie;
      d.defaults = makeDefaults(merged);
      d.Request = Request;
      return d;
    };
  }
  request.defaults = makeDefaults(null);
  request.Request = Request;
  request.initParams = initParams;
  return request;
})
