package script

import "github.com/dop251/goja"

// request-promise 4 and request-promise-native 1: the request module with
// its calls also promises (request-promise-core's plumbing), over the
// sandbox's own request. rp(options) returns request's Request object with
// then/catch (and, for request-promise, finally and cancel) and promise();
// it resolves with the body, or the whole response with
// resolveWithFullResponse, rejects with StatusCodeError for a status other
// than 2xx unless simple is false, with RequestError when the request
// failed, and runs transform (HEAD's default gives the headers).
// request-promise's promises are Bluebird's; here they are the runtime's
// own Promise, so Bluebird's extra methods (tap, spread, ...) are absent.
// A rejection nobody handles fails the invocation with both, as on Node
// when the process listens for unhandled rejections (Bluebird then emits
// the event instead of printing a warning): a script passing only a
// callback fails on any status but 2xx.

func init() {
	for _, name := range []string{"request-promise", "request-promise-native"} {
		bluebird := name == "request-promise"
		registerModule(name, func(h host) (goja.Value, error) {
			errs, err := h.Require(name + "/errors")
			if err != nil {
				return nil, err
			}
			native := h.Runtime().NewObject()
			_ = native.Set("errors", errs)
			_ = native.Set("bluebird", bluebird)
			_ = native.Set("lazy", lazyNative(h.Runtime()))
			return runJSModule(h, requestPromiseProgram, native)
		})
		registerModule(name+"/errors", func(h host) (goja.Value, error) {
			return runJSModule(h, requestPromiseErrorsProgram, nil)
		})
	}
}

var (
	requestPromiseProgram       = builtinModule("request-promise", requestPromiseJS)
	requestPromiseErrorsProgram = builtinModule("request-promise/errors", requestPromiseErrorsJS)
)

// requestPromiseErrorsJS is request-promise-core's lib/errors.js: its error
// classes, as that file defines them.
const requestPromiseErrorsJS = `
function define(name, fill) {
  function E(a, b, c, d) {
    this.name = name;
    fill(this, a, b, c, d);
    if (Error.captureStackTrace) Error.captureStackTrace(this);
  }
  E.prototype = Object.create(Error.prototype);
  E.prototype.constructor = E;
  Object.defineProperty(E, 'name', { value: name });
  return E;
}
function withCause(self, cause, options, response) {
  self.message = String(cause);
  self.cause = cause;
  self.error = cause; // legacy attribute
  self.options = options;
  self.response = response;
}
exports.RequestError = define('RequestError', withCause);
exports.StatusCodeError = define('StatusCodeError', function (self, statusCode, body, options, response) {
  self.statusCode = statusCode;
  self.message = statusCode + ' - ' + (JSON && JSON.stringify ? JSON.stringify(body) : body);
  self.error = body; // legacy attribute
  self.options = options;
  self.response = response;
});
exports.TransformError = define('TransformError', withCause);
`

// requestPromiseJS is request-promise-core's plumbing over the sandbox's
// request: the same options, callback order and errors.
const requestPromiseJS = `
var request = require('request');
var errors = native.errors;
var expose = native.bluebird ? ['then', 'catch', 'finally'] : ['then', 'catch'];
var defaultTransformations = {
  HEAD: function (body, response, resolveWithFullResponse) { return resolveWithFullResponse ? response : response.headers; }
};

function launch(req, params) {
  var resolve, reject, cancelled = false;
  var promise = new Promise(function (res, rej) { resolve = res; reject = rej; });
  var orig = params.callback;
  var self;
  if (typeof params.method === 'string') params.method = params.method.toUpperCase();
  params.transform = params.transform || defaultTransformations[params.method];
  params.simple = params.simple !== false;
  params.resolveWithFullResponse = params.resolveWithFullResponse === true;
  params.transform2xxOnly = params.transform2xxOnly === true;
  var options = params;
  function transformed(body, response, done) {
    new Promise(function (res) { res(options.transform(body, response, options.resolveWithFullResponse)); })
      .then(done, function (e) { settle(reject, new errors.TransformError(e, options, response)); });
  }
  function settle(f, v) { if (!cancelled) f(v); }
  params.callback = function (err, response, body) {
    var threw = false, thrown;
    if (typeof orig === 'function') {
      try { orig.apply(self, arguments); } catch (e) { threw = true; thrown = e; }
    }
    var is2xx = !err && /^2/.test('' + response.statusCode);
    if (err) {
      settle(reject, new errors.RequestError(err, options, response));
    } else if (options.simple && !is2xx) {
      if (typeof options.transform === 'function' && options.transform2xxOnly === false) {
        transformed(body, response, function (t) { settle(reject, new errors.StatusCodeError(response.statusCode, body, options, t)); });
      } else {
        settle(reject, new errors.StatusCodeError(response.statusCode, body, options, response));
      }
    } else if (typeof options.transform === 'function' && (is2xx || options.transform2xxOnly === false)) {
      transformed(body, response, function (t) { settle(resolve, t); });
    } else {
      settle(resolve, options.resolveWithFullResponse ? response : body);
    }
    if (threw) throw thrown;
  };
  self = req(params, params.callback);
  expose.forEach(function (m) {
    self[m] = function () { return promise[m].apply(promise, arguments); };
  });
  self.promise = function () { return promise; };
  if (native.bluebird) {
    self.cancel = function () {
      cancelled = true;
      if (typeof self.abort === 'function') self.abort();
    };
  }
  return self;
}

function wrap(req) {
  function rp(uri, options, callback) {
    if (typeof uri === 'undefined') throw new Error('undefined is not a valid uri or options object.');
    return launch(req, request.initParams(uri, options, callback));
  }
  ['get', 'head', 'options', 'post', 'put', 'patch', 'del', 'delete'].forEach(function (verb) {
    rp[verb] = function (uri, options, callback) {
      var params = request.initParams(uri, options, callback);
      params.method = verb === 'del' ? 'DELETE' : verb.toUpperCase();
      return launch(req, params);
    };
  });
  rp.defaults = function (options) { return wrap(req.defaults(options)); };
  // request's shim is built on first use of these, not when the module
  // loads.
  ['jar', 'cookie', 'initParams', 'Request'].forEach(function (name) {
    native.lazy(rp, name, function () { return (name === 'initParams' ? request : req)[name]; });
  });
  return rp;
}

module.exports = wrap(request);
`
