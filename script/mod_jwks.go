package script

import "github.com/dop251/goja"

// jwks-rsa 3: a client for a provider's JSON Web Key Set, which scripts use
// with jsonwebtoken to verify an ID token (getSigningKey(kid) and the key's
// PEM). The keys are fetched with the sandbox's https module, so the
// engine's destination policy, limits and deadline apply; the signing keys
// are the set's public RSA, EC and OKP keys meant for signatures, each as
// crypto.createPublicKey reads it, exported as an SPKI PEM. As in jwks-rsa,
// getSigningKey is cached per client (five keys, ten minutes) and may be
// rate limited; a client lives as long as the invocation that made it.
// The express, koa, hapi and passport integrations are not provided.

func init() {
	registerModule("jwks-rsa", func(h host) (goja.Value, error) {
		return runJSModule(h, jwksProgram, nil)
	})
}

var jwksProgram = builtinModule("jwks-rsa", jwksJS)

const jwksJS = `
var http = require('http'), https = require('https'), crypto = require('crypto'), util = require('util');

function define(name) {
  function E(message) {
    Error.call(this, message);
    if (Error.captureStackTrace) Error.captureStackTrace(this, this.constructor);
    this.name = name;
    this.message = message;
  }
  E.prototype = Object.create(Error.prototype);
  E.prototype.constructor = E;
  Object.defineProperty(E, 'name', { value: name });
  return E;
}
var ArgumentError = define('ArgumentError');
var JwksError = define('JwksError');
var JwksRateLimitError = define('JwksRateLimitError');
var SigningKeyNotFoundError = define('SigningKeyNotFoundError');

// request is jwks-rsa's wrappers/request.js: a GET with http(s).request,
// the body parsed as JSON, a status other than 2xx rejected with its text.
function request(options) {
  if (options.fetcher) return options.fetcher(options.uri);
  return new Promise(function (resolve, reject) {
    var url;
    try {
      url = new URL(options.uri);
    } catch (err) {
      throw new ArgumentError('Invalid JWKS URI: The provided URI is not a valid URL.');
    }
    var requestOptions = { hostname: url.hostname, path: url.pathname + url.search, port: url.port, method: 'GET' };
    if (options.headers) requestOptions.headers = Object.assign({}, options.headers);
    if (options.timeout) requestOptions.timeout = options.timeout;
    if (options.agent) requestOptions.agent = options.agent;
    var lib = url.protocol === 'https:' ? https : http;
    var req = lib.request(requestOptions, function (res) {
      var raw = '';
      res.setEncoding('utf8');
      res.on('data', function (chunk) { raw += chunk; });
      res.on('end', function () {
        if (res.statusCode < 200 || res.statusCode >= 300) {
          reject({ errorMsg: (res.body && (res.body.message || res.body)) || res.statusMessage || 'Http Error ' + res.statusCode });
        } else {
          try {
            resolve(raw && JSON.parse(raw));
          } catch (error) {
            reject(error);
          }
        }
      });
    });
    req.on('timeout', function () { req.destroy(); }).on('error', function (e) { reject(e); }).end();
  });
}

function resolveAlg(jwk) {
  if (jwk.alg) return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') {
    switch (jwk.crv) {
      case 'P-256': return 'ES256';
      case 'secp256k1': return 'ES256K';
      case 'P-384': return 'ES384';
      case 'P-521': return 'ES512';
    }
  }
  if (jwk.kty === 'OKP' && (jwk.crv === 'Ed25519' || jwk.crv === 'Ed448')) return 'EdDSA';
  throw new JwksError('Unsupported JWK');
}

// retrieveSigningKeys keeps the public keys meant for signatures that
// import, in order, as jwks-rsa's utils.js does.
function retrieveSigningKeys(jwks) {
  var results = [];
  jwks.filter(function (k) { return k.use === 'sig' || k.use === undefined; })
    .filter(function (k) { return k.kty === 'RSA' || k.kty === 'EC' || k.kty === 'OKP'; })
    .forEach(function (jwk) {
      var key;
      try {
        resolveAlg(jwk);
        if (jwk.kty === 'RSA' && jwk.oth !== undefined) return;
        if (jwk.d !== undefined) return; // a private key
        key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
      } catch (err) {
        return;
      }
      var spki = function () { return key.export({ format: 'pem', type: 'spki' }); };
      var out = {
        get publicKey() { return spki(); },
        get rsaPublicKey() { return spki(); },
        getPublicKey: function () { return spki(); }
      };
      if (typeof jwk.kid === 'string' && jwk.kid) out.kid = jwk.kid;
      if (typeof jwk.alg === 'string' && jwk.alg) out.alg = jwk.alg;
      results.push(out);
    });
  return results;
}

function JwksClient(options) {
  if (!(this instanceof JwksClient)) throw new TypeError("Class constructor JwksClient cannot be invoked without 'new'");
  this.options = Object.assign({ rateLimit: false, cache: true, timeout: 30000 }, options);
  var self = this;
  var load = function (kid) { return JwksClient.prototype.getSigningKey.call(self, kid); };
  if (this.options.getKeysInterceptor) load = interceptor(this, this.options, load);
  if (this.options.rateLimit) load = rateLimited(this.options, load);
  if (this.options.cache) load = cached(this.options, load);
  this.getSigningKey = function (kid, cb) {
    if (cb) return util.callbackify(load)(kid, cb);
    return load(kid);
  };
}

JwksClient.prototype.getKeys = function () {
  var o = this.options;
  return Promise.resolve().then(function () {
    return request({ uri: o.jwksUri, headers: o.requestHeaders, agent: o.requestAgent, timeout: o.timeout, fetcher: o.fetcher });
  }).then(function (res) { return res.keys; }, function (err) {
    throw (err && err.errorMsg ? new JwksError(err.errorMsg) : err);
  });
};

JwksClient.prototype.getSigningKeys = function () {
  return this.getKeys().then(function (keys) {
    if (!keys || !keys.length) throw new JwksError('The JWKS endpoint did not contain any keys');
    var signingKeys = retrieveSigningKeys(keys);
    if (!signingKeys.length) throw new JwksError('The JWKS endpoint did not contain any signing keys');
    return signingKeys;
  });
};

JwksClient.prototype.getSigningKey = function (kid) {
  return this.getSigningKeys().then(function (keys) {
    var kidDefined = kid !== undefined && kid !== null;
    if (!kidDefined && keys.length > 1) throw new SigningKeyNotFoundError('No KID specified and JWKS endpoint returned more than 1 key');
    var key = keys.find(function (k) { return !kidDefined || k.kid === kid; });
    if (key) return key;
    throw new SigningKeyNotFoundError("Unable to find a signing key that matches '" + kid + "'");
  });
};

// cached is jwks-rsa's lru-memoizer wrapper: a key per kid for maxAge,
// at most max of them, the least recently used dropped first; calls for a
// kid being loaded share the load; failures are not kept.
function cached(options, load) {
  var max = options.cacheMaxEntries === undefined ? 5 : options.cacheMaxEntries;
  var maxAge = options.cacheMaxAge === undefined ? 600000 : options.cacheMaxAge;
  var entries = new Map(), pending = new Map();
  return function (kid) {
    var hit = entries.get(kid);
    if (hit && Date.now() - hit.at < maxAge) {
      entries.delete(kid);
      entries.set(kid, hit);
      return Promise.resolve(hit.key);
    }
    entries.delete(kid);
    if (pending.has(kid)) return pending.get(kid);
    var p = load(kid).then(function (key) {
      pending.delete(kid);
      entries.set(kid, { key: key, at: Date.now() });
      while (entries.size > max) entries.delete(entries.keys().next().value);
      return key;
    }, function (err) {
      pending.delete(kid);
      throw err;
    });
    pending.set(kid, p);
    return p;
  };
}

// rateLimited allows jwksRequestsPerMinute (10) loads a minute.
function rateLimited(options, load) {
  var perMinute = options.jwksRequestsPerMinute || 10;
  var times = [];
  return function (kid) {
    var now = Date.now();
    while (times.length && now - times[0] >= 60000) times.shift();
    if (times.length >= perMinute) return Promise.reject(new JwksRateLimitError('Too many requests to the JWKS endpoint'));
    times.push(now);
    return load(kid);
  };
}

// interceptor is jwks-rsa's getKeysInterceptor: keys the script supplies,
// before the endpoint is asked.
function interceptor(client, options, load) {
  return function (kid) {
    return Promise.resolve(options.getKeysInterceptor()).then(function (keys) {
      var found = retrieveSigningKeys(keys || []).filter(function (k) { return !kid || k.kid === kid; });
      if (found.length) return found[0];
      return load(kid);
    });
  };
}

module.exports = function (options) { return new JwksClient(options); };
module.exports.JwksClient = JwksClient;
module.exports.ArgumentError = ArgumentError;
module.exports.JwksError = JwksError;
module.exports.JwksRateLimitError = JwksRateLimitError;
module.exports.SigningKeyNotFoundError = SigningKeyNotFoundError;
`
