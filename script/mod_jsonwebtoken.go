package script

import (
	"encoding/base64"

	"github.com/dop251/goja"
)

// Module jsonwebtoken: decode, verify and sign with the API and error
// messages of jsonwebtoken 9 (which 8.x scripts also rely on). The control
// flow is the package's own, in JavaScript; signatures are computed and
// checked in Go (see jwsVerify / jwsSign). Not supported: encrypted private
// keys, the `jwtid`/`nonce` sign options beyond copying them into the payload,
// and key sizes below 2048 bits are refused for RS/PS signing as in 9.x.
//
// Module jwt-decode: one callable export that behaves as jwt-decode 3
// (`require('jwt-decode')(token)`) and also carries `.default`,
// `.InvalidTokenError` and a 4.x-compatible `.jwtDecode`. Like the real
// package it has no `.decode`.

func init() {
	registerModule("jsonwebtoken", loadJSONWebToken)
	registerModule("jwt-decode", loadJWTDecode)
}

var (
	jsonwebtokenProgram     = builtinModule("jsonwebtoken", jsonwebtokenJS)
	jsonwebtokenKeysProgram = builtinModule("jsonwebtoken/keys", jsonwebtokenKeysJS)
	jsonwebtokenKeys        = lazyKeysOf(jsonwebtokenJS)
	jwtDecodeProgram        = builtinModule("jwt-decode", jwtDecodeJS)
)

func loadJSONWebToken(h host) (goja.Value, error) {
	rt := h.Runtime()
	n := lazyExportsNative(rt, jsonwebtokenKeys)
	// jws(token) is jws 3.x's decode of a string, without making the
	// runtime build RegExp.prototype for one JWS_REGEX test and
	// String.prototype for three splits: null when the token is not a JWS,
	// else [the header as latin1 text, the payload as UTF-8 text, the
	// signature].
	_ = n.Set("jws", func(call goja.FunctionCall) goja.Value {
		parts, ok := splitJWS(call.Argument(0).String())
		if !ok {
			return goja.Null()
		}
		return rt.NewArray(
			encodeBytes(rt, lenientBase64(parts[0]), "latin1"),
			encodeBytes(rt, lenientBase64(parts[1]), "utf8"),
			parts[2])
	})
	_ = n.Set("loadKeys", func(shared *goja.Object) goja.Value {
		v, err := loadJSONWebTokenKeys(h, shared)
		if err != nil {
			panic(err)
		}
		return v
	})
	return runJSModule(h, jsonwebtokenProgram, n)
}

// loadJSONWebTokenKeys builds verify and sign (jsonwebtokenKeysJS) on
// shared, the first part's functions, given the Go signing natives.
func loadJSONWebTokenKeys(h host, n *goja.Object) (goja.Value, error) {
	rt := h.Runtime()
	_ = n.Set("b64url", func(v goja.Value, enc goja.Value) string {
		return base64.RawURLEncoding.EncodeToString(dataArg(rt, v, enc, "data"))
	})
	_ = n.Set("verify", func(alg, input, sig string, key goja.Value) bool {
		ok, err := jwsVerify(alg, input, sig, keyHandle(key))
		if err != nil {
			panic(rt.NewTypeError(err.Error()))
		}
		return ok
	})
	_ = n.Set("sign", func(alg, input string, key goja.Value) string {
		s, err := jwsSign(alg, input, keyHandle(key))
		if err != nil {
			panic(jsError(rt, "", err.Error()))
		}
		return s
	})
	// signAsync signs off the JavaScript goroutine and then calls cb(err, sig).
	_ = n.Set("signAsync", func(alg, input string, key goja.Value, cb goja.Callable) {
		km := keyHandle(key)
		h.Go(func() (any, error) { return jwsSign(alg, input, km) }, func(v any, err error) {
			if err != nil {
				callJS(cb, jsError(rt, "", err.Error()))
				return
			}
			callJS(cb, goja.Null(), rt.ToValue(v))
		})
	})
	return runJSModule(h, jsonwebtokenKeysProgram, n)
}

// splitJWS returns the three dot-separated parts of s when s matches
// /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/ (jws 3.x's
// JWS_REGEX): base64url parts, the first two not empty.
func splitJWS(s string) (parts [3]string, ok bool) {
	part, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			if part == 2 || i == start {
				return [3]string{}, false
			}
			parts[part] = s[start:i]
			part++
			start = i + 1
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return [3]string{}, false
		}
	}
	if part != 2 {
		return [3]string{}, false
	}
	parts[2] = s[start:]
	return parts, true
}

func loadJWTDecode(h host) (goja.Value, error) {
	return runJSModule(h, jwtDecodeProgram, nil)
}

const jsonwebtokenJS = `
// The error classes are made together, when first needed.
var errorClasses;
function errors() {
  if (errorClasses) return errorClasses;
  function JsonWebTokenError(message, error) {
    Error.call(this, message);
    this.name = 'JsonWebTokenError';
    this.message = message;
    if (error) this.inner = error;
  }
  JsonWebTokenError.prototype = Object.create(Error.prototype);
  JsonWebTokenError.prototype.constructor = JsonWebTokenError;

  // A JsonWebTokenError with one more property, named as its class.
  function subclass(name, field) {
    var E = {[name]: function (message, value) {
      JsonWebTokenError.call(this, message);
      this.name = name;
      this[field] = value;
    }}[name];
    E.prototype = Object.create(JsonWebTokenError.prototype);
    E.prototype.constructor = E;
    return E;
  }
  return (errorClasses = {
    JsonWebTokenError: JsonWebTokenError,
    NotBeforeError: subclass('NotBeforeError', 'date'),
    TokenExpiredError: subclass('TokenExpiredError', 'expiredAt')
  });
}

function jwsToString(obj) {
  if (typeof obj === 'string') return obj;
  if (typeof obj === 'number' || (obj instanceof Buffer)) return obj.toString();
  return JSON.stringify(obj);
}

function safeJsonParse(thing) {
  if (Object.prototype.toString.call(thing) === '[object Object]') return thing;
  try { return JSON.parse(thing); } catch (e) { return undefined; }
}

function jwsDecode(jwsSig, opts) {
  opts = opts || {};
  // [header text, payload text, signature], or null for what is not a JWS.
  var parts = native.jws(String(jwsToString(jwsSig)));
  if (!parts) return null;
  var header = safeJsonParse(parts[0]);
  if (!header) return null;
  var payload = parts[1];
  if (header.typ === 'JWT' || opts.json) payload = JSON.parse(payload, opts.encoding);
  return { header: header, payload: payload, signature: parts[2] };
}

// decode, verify and sign are anonymous functions, as in jsonwebtoken 9.
var decode = (0, function (jwt, options) {
  options = options || {};
  var decoded = jwsDecode(jwt, options);
  if (!decoded) return null;
  var payload = decoded.payload;
  if (typeof payload === 'string') {
    try {
      var obj = JSON.parse(payload);
      if (obj !== null && typeof obj === 'object') payload = obj;
    } catch (e) { }
  }
  if (options.complete === true) {
    return { header: decoded.header, payload: payload, signature: decoded.signature };
  }
  return payload;
});

// verify and sign, with their tables and the crypto module, are built on
// first use: most scripts only decode.
var keyFunctions;
function keys() {
  if (!keyFunctions) {
    var e = errors();
    keyFunctions = native.loadKeys({
      jwsToString: jwsToString, decode: decode, JsonWebTokenError: e.JsonWebTokenError,
      NotBeforeError: e.NotBeforeError, TokenExpiredError: e.TokenExpiredError
    });
  }
  return keyFunctions;
}

// The exports, each made on first read (see lazyExports).
function make(name) {
  switch (name) {
  case 'decode': return decode;
  case 'verify': return function (jwtString, secretOrPublicKey, options, callback) {
    return keys().verify(jwtString, secretOrPublicKey, options, callback);
  };
  case 'sign': return function (payload, secretOrPrivateKey, options, callback) {
    return keys().sign(payload, secretOrPrivateKey, options, callback);
  };
  case 'JsonWebTokenError': return errors().JsonWebTokenError;
  case 'NotBeforeError': return errors().NotBeforeError;
  case 'TokenExpiredError': return errors().TokenExpiredError;
  }
}
module.exports = native.lazy(make);
`

// jsonwebtokenKeysJS is the part of jsonwebtoken that handles keys, loaded
// by the first verify or sign; native carries the first part's shared
// functions and the Go signing natives.
const jsonwebtokenKeysJS = `
var jwsToString = native.jwsToString, decode = native.decode;
var JsonWebTokenError = native.JsonWebTokenError, NotBeforeError = native.NotBeforeError, TokenExpiredError = native.TokenExpiredError;
var cryptoModule;
function crypto() { return cryptoModule || (cryptoModule = require('crypto')); }

function ms(str) {
  str = String(str);
  if (str.length > 100) return;
  var m = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(str);
  if (!m) return;
  var n = parseFloat(m[1]);
  var s = 1000, mi = s * 60, h = mi * 60, d = h * 24;
  switch ((m[2] || 'ms').toLowerCase()) {
  case 'years': case 'year': case 'yrs': case 'yr': case 'y': return n * d * 365.25;
  case 'weeks': case 'week': case 'w': return n * d * 7;
  case 'days': case 'day': case 'd': return n * d;
  case 'hours': case 'hour': case 'hrs': case 'hr': case 'h': return n * h;
  case 'minutes': case 'minute': case 'mins': case 'min': case 'm': return n * mi;
  case 'seconds': case 'second': case 'secs': case 'sec': case 's': return n * s;
  default: return n;
  }
}

function timespan(time, iat) {
  var timestamp = iat || Math.floor(Date.now() / 1000);
  if (typeof time === 'string') {
    if (time.length === 0) throw new Error('val is not a non-empty string or a valid number. val=""');
    var milliseconds = ms(time);
    if (typeof milliseconds === 'undefined') return;
    return Math.floor(timestamp + milliseconds / 1000);
  } else if (typeof time === 'number') {
    return timestamp + time;
  }
}

var HS_ALGS = ['HS256', 'HS384', 'HS512'];
var RSA_KEY_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
var EC_KEY_ALGS = ['ES256', 'ES384', 'ES512'];
var PUB_KEY_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

var allowedAlgorithmsForKeys = {
  'ec': ['ES256', 'ES384', 'ES512'],
  'rsa': ['RS256', 'PS256', 'RS384', 'PS384', 'RS512', 'PS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512']
};
var allowedCurves = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

function validateAsymmetricKey(algorithm, key) {
  if (!algorithm || !key) return;
  var keyType = key.asymmetricKeyType;
  if (!keyType) return;
  var allowed = allowedAlgorithmsForKeys[keyType];
  if (!allowed) throw new Error('Unknown key type "' + keyType + '".');
  if (allowed.indexOf(algorithm) === -1) {
    throw new Error('"alg" parameter for "' + keyType + '" key type must be one of: ' + allowed.join(', ') + '.');
  }
  if (keyType === 'ec') {
    var keyCurve = key.asymmetricKeyDetails.namedCurve;
    if (keyCurve !== allowedCurves[algorithm]) {
      throw new Error('"alg" parameter "' + algorithm + '" requires curve "' + allowedCurves[algorithm] + '".');
    }
  }
}

function verify(jwtString, secretOrPublicKey, options, callback) {
  if ((typeof options === 'function') && !callback) {
    callback = options;
    options = {};
  }
  if (!options) options = {};
  options = Object.assign({}, options);
  var done;
  if (callback) {
    done = callback;
  } else {
    done = function (err, data) {
      if (err) throw err;
      return data;
    };
  }
  if (options.clockTimestamp && typeof options.clockTimestamp !== 'number') {
    return done(new JsonWebTokenError('clockTimestamp must be a number'));
  }
  if (options.nonce !== undefined && (typeof options.nonce !== 'string' || options.nonce.trim() === '')) {
    return done(new JsonWebTokenError('nonce must be a non-empty string'));
  }
  if (options.allowInvalidAsymmetricKeyTypes !== undefined && typeof options.allowInvalidAsymmetricKeyTypes !== 'boolean') {
    return done(new JsonWebTokenError('allowInvalidAsymmetricKeyTypes must be a boolean'));
  }
  var clockTimestamp = options.clockTimestamp || Math.floor(Date.now() / 1000);
  if (!jwtString) return done(new JsonWebTokenError('jwt must be provided'));
  if (typeof jwtString !== 'string') return done(new JsonWebTokenError('jwt must be a string'));
  var parts = jwtString.split('.');
  if (parts.length !== 3) return done(new JsonWebTokenError('jwt malformed'));
  var decodedToken;
  try {
    decodedToken = decode(jwtString, { complete: true });
  } catch (err) {
    return done(err);
  }
  if (!decodedToken) return done(new JsonWebTokenError('invalid token'));
  var header = decodedToken.header;
  var getSecret;
  if (typeof secretOrPublicKey === 'function') {
    if (!callback) {
      return done(new JsonWebTokenError('verify must be called asynchronous if secret or public key is provided as a callback'));
    }
    getSecret = secretOrPublicKey;
  } else {
    getSecret = function (header, secretCallback) {
      return secretCallback(null, secretOrPublicKey);
    };
  }
  return getSecret(header, function (err, secretOrPublicKey) {
    if (err) {
      return done(new JsonWebTokenError('error in secret or public key callback: ' + err.message));
    }
    var hasSignature = parts[2].trim() !== '';
    if (!hasSignature && secretOrPublicKey) return done(new JsonWebTokenError('jwt signature is required'));
    if (hasSignature && !secretOrPublicKey) return done(new JsonWebTokenError('secret or public key must be provided'));
    if (!hasSignature && !options.algorithms) {
      return done(new JsonWebTokenError('please specify "none" in "algorithms" to verify unsigned tokens'));
    }
    if (secretOrPublicKey != null && !(secretOrPublicKey instanceof crypto().KeyObject)) {
      try {
        secretOrPublicKey = crypto().createPublicKey(secretOrPublicKey);
      } catch (_) {
        try {
          secretOrPublicKey = crypto().createSecretKey(typeof secretOrPublicKey === 'string' ? Buffer.from(secretOrPublicKey) : secretOrPublicKey);
        } catch (_) {
          return done(new JsonWebTokenError('secretOrPublicKey is not valid key material'));
        }
      }
    }
    if (!options.algorithms) {
      if (secretOrPublicKey.type === 'secret') {
        options.algorithms = HS_ALGS;
      } else if (['rsa', 'rsa-pss'].indexOf(secretOrPublicKey.asymmetricKeyType) !== -1) {
        options.algorithms = RSA_KEY_ALGS;
      } else if (secretOrPublicKey.asymmetricKeyType === 'ec') {
        options.algorithms = EC_KEY_ALGS;
      } else {
        options.algorithms = PUB_KEY_ALGS;
      }
    }
    if (options.algorithms.indexOf(decodedToken.header.alg) === -1) {
      return done(new JsonWebTokenError('invalid algorithm'));
    }
    if (header.alg.startsWith('HS') && secretOrPublicKey.type !== 'secret') {
      return done(new JsonWebTokenError('secretOrPublicKey must be a symmetric key when using ' + header.alg));
    } else if (/^(?:RS|PS|ES)/.test(header.alg) && secretOrPublicKey.type !== 'public') {
      return done(new JsonWebTokenError('secretOrPublicKey must be an asymmetric key when using ' + header.alg));
    }
    if (!options.allowInvalidAsymmetricKeyTypes) {
      try {
        validateAsymmetricKey(header.alg, secretOrPublicKey);
      } catch (e) {
        return done(e);
      }
    }
    var valid;
    try {
      if (!decodedToken.header.alg) {
        var e = new Error('Missing algorithm parameter for jws.verify');
        e.code = 'MISSING_ALGORITHM';
        throw e;
      }
      valid = native.verify(String(header.alg), parts[0] + '.' + parts[1], parts[2], secretOrPublicKey);
    } catch (e) {
      return done(e);
    }
    if (!valid) return done(new JsonWebTokenError('invalid signature'));
    var payload = decodedToken.payload;
    if (typeof payload.nbf !== 'undefined' && !options.ignoreNotBefore) {
      if (typeof payload.nbf !== 'number') return done(new JsonWebTokenError('invalid nbf value'));
      if (payload.nbf > clockTimestamp + (options.clockTolerance || 0)) {
        return done(new NotBeforeError('jwt not active', new Date(payload.nbf * 1000)));
      }
    }
    if (typeof payload.exp !== 'undefined' && !options.ignoreExpiration) {
      if (typeof payload.exp !== 'number') return done(new JsonWebTokenError('invalid exp value'));
      if (clockTimestamp >= payload.exp + (options.clockTolerance || 0)) {
        return done(new TokenExpiredError('jwt expired', new Date(payload.exp * 1000)));
      }
    }
    if (options.audience) {
      var audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
      var target = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      var match = target.some(function (targetAudience) {
        return audiences.some(function (audience) {
          return audience instanceof RegExp ? audience.test(targetAudience) : audience === targetAudience;
        });
      });
      if (!match) return done(new JsonWebTokenError('jwt audience invalid. expected: ' + audiences.join(' or ')));
    }
    if (options.issuer) {
      var invalid_issuer =
        (typeof options.issuer === 'string' && payload.iss !== options.issuer) ||
        (Array.isArray(options.issuer) && options.issuer.indexOf(payload.iss) === -1);
      if (invalid_issuer) return done(new JsonWebTokenError('jwt issuer invalid. expected: ' + options.issuer));
    }
    if (options.subject) {
      if (payload.sub !== options.subject) return done(new JsonWebTokenError('jwt subject invalid. expected: ' + options.subject));
    }
    if (options.jwtid) {
      if (payload.jti !== options.jwtid) return done(new JsonWebTokenError('jwt jwtid invalid. expected: ' + options.jwtid));
    }
    if (options.nonce) {
      if (payload.nonce !== options.nonce) return done(new JsonWebTokenError('jwt nonce invalid. expected: ' + options.nonce));
    }
    if (options.maxAge) {
      if (typeof payload.iat !== 'number') return done(new JsonWebTokenError('iat required when maxAge is specified'));
      var maxAgeTimestamp = timespan(options.maxAge, payload.iat);
      if (typeof maxAgeTimestamp === 'undefined') {
        return done(new JsonWebTokenError('"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
      }
      if (clockTimestamp >= maxAgeTimestamp + (options.clockTolerance || 0)) {
        return done(new TokenExpiredError('maxAge exceeded', new Date(maxAgeTimestamp * 1000)));
      }
    }
    if (options.complete === true) {
      return done(null, { header: header, payload: payload, signature: decodedToken.signature });
    }
    return done(null, payload);
  });
}

var SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'none'];

function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Object.prototype.toString.call(v) !== '[object Object]') return false;
  var proto = Object.getPrototypeOf(v);
  if (proto === null) return true;
  var Ctor = Object.prototype.hasOwnProperty.call(proto, 'constructor') && proto.constructor;
  return typeof Ctor === 'function' && Ctor instanceof Ctor && Function.prototype.toString.call(Ctor) === Function.prototype.toString.call(Object);
}
function isString(v) { return typeof v === 'string' || v instanceof String; }
function isNumber(v) { return typeof v === 'number' || v instanceof Number; }
function isInteger(v) { return typeof v === 'number' && Number.isInteger(v); }
function isBoolean(v) { return v === true || v === false || v instanceof Boolean; }

var sign_options_schema = {
  expiresIn: { isValid: function (v) { return isInteger(v) || (isString(v) && v); }, message: '"expiresIn" should be a number of seconds or string representing a timespan' },
  notBefore: { isValid: function (v) { return isInteger(v) || (isString(v) && v); }, message: '"notBefore" should be a number of seconds or string representing a timespan' },
  audience: { isValid: function (v) { return isString(v) || Array.isArray(v); }, message: '"audience" must be a string or array' },
  algorithm: { isValid: function (v) { return SUPPORTED_ALGS.indexOf(v) !== -1; }, message: '"algorithm" must be a valid string enum value' },
  header: { isValid: isPlainObject, message: '"header" must be an object' },
  encoding: { isValid: isString, message: '"encoding" must be a string' },
  issuer: { isValid: isString, message: '"issuer" must be a string' },
  subject: { isValid: isString, message: '"subject" must be a string' },
  jwtid: { isValid: isString, message: '"jwtid" must be a string' },
  noTimestamp: { isValid: isBoolean, message: '"noTimestamp" must be a boolean' },
  keyid: { isValid: isString, message: '"keyid" must be a string' },
  mutatePayload: { isValid: isBoolean, message: '"mutatePayload" must be a boolean' },
  allowInsecureKeySizes: { isValid: isBoolean, message: '"allowInsecureKeySizes" must be a boolean' },
  allowInvalidAsymmetricKeyTypes: { isValid: isBoolean, message: '"allowInvalidAsymmetricKeyTypes" must be a boolean' }
};
var registered_claims_schema = {
  iat: { isValid: isNumber, message: '"iat" should be a number of seconds' },
  exp: { isValid: isNumber, message: '"exp" should be a number of seconds' },
  nbf: { isValid: isNumber, message: '"nbf" should be a number of seconds' }
};
function validate(schema, allowUnknown, object, parameterName) {
  if (!isPlainObject(object)) throw new Error('Expected "' + parameterName + '" to be a plain object.');
  Object.keys(object).forEach(function (key) {
    var validator = schema[key];
    if (!validator) {
      if (!allowUnknown) throw new Error('"' + key + '" is not allowed in "' + parameterName + '"');
      return;
    }
    if (!validator.isValid(object[key])) throw new Error(validator.message);
  });
}
var options_to_payload = { 'audience': 'aud', 'issuer': 'iss', 'subject': 'sub', 'jwtid': 'jti' };
var options_for_objects = ['expiresIn', 'notBefore', 'noTimestamp', 'audience', 'issuer', 'subject', 'jwtid'];

function sign(payload, secretOrPrivateKey, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else {
    options = options || {};
  }
  var isObjectPayload = typeof payload === 'object' && !(payload instanceof Buffer);
  var header = Object.assign({
    alg: options.algorithm || 'HS256',
    typ: isObjectPayload ? 'JWT' : undefined,
    kid: options.keyid
  }, options.header);
  function failure(err) {
    if (callback) return callback(err);
    throw err;
  }
  if (!secretOrPrivateKey && options.algorithm !== 'none') {
    return failure(new Error('secretOrPrivateKey must have a value'));
  }
  if (secretOrPrivateKey != null && !(secretOrPrivateKey instanceof crypto().KeyObject)) {
    try {
      secretOrPrivateKey = crypto().createPrivateKey(secretOrPrivateKey);
    } catch (_) {
      try {
        secretOrPrivateKey = crypto().createSecretKey(typeof secretOrPrivateKey === 'string' ? Buffer.from(secretOrPrivateKey) : secretOrPrivateKey);
      } catch (_) {
        return failure(new Error('secretOrPrivateKey is not valid key material'));
      }
    }
  }
  if (header.alg.startsWith('HS') && secretOrPrivateKey.type !== 'secret') {
    return failure(new Error('secretOrPrivateKey must be a symmetric key when using ' + header.alg));
  } else if (/^(?:RS|PS|ES)/.test(header.alg)) {
    if (secretOrPrivateKey.type !== 'private') {
      return failure(new Error('secretOrPrivateKey must be an asymmetric key when using ' + header.alg));
    }
    if (!options.allowInsecureKeySizes && !header.alg.startsWith('ES') &&
        secretOrPrivateKey.asymmetricKeyDetails !== undefined &&
        secretOrPrivateKey.asymmetricKeyDetails.modulusLength < 2048) {
      return failure(new Error('secretOrPrivateKey has a minimum key size of 2048 bits for ' + header.alg));
    }
  }
  if (typeof payload === 'undefined') {
    return failure(new Error('payload is required'));
  } else if (isObjectPayload) {
    try {
      validate(registered_claims_schema, true, payload, 'payload');
    } catch (error) {
      return failure(error);
    }
    if (!options.mutatePayload) payload = Object.assign({}, payload);
  } else {
    var invalid_options = options_for_objects.filter(function (opt) { return typeof options[opt] !== 'undefined'; });
    if (invalid_options.length > 0) {
      return failure(new Error('invalid ' + invalid_options.join(',') + ' option for ' + (typeof payload) + ' payload'));
    }
  }
  if (typeof payload.exp !== 'undefined' && typeof options.expiresIn !== 'undefined') {
    return failure(new Error('Bad "options.expiresIn" option the payload already has an "exp" property.'));
  }
  if (typeof payload.nbf !== 'undefined' && typeof options.notBefore !== 'undefined') {
    return failure(new Error('Bad "options.notBefore" option the payload already has an "nbf" property.'));
  }
  try {
    validate(sign_options_schema, false, options, 'options');
  } catch (error) {
    return failure(error);
  }
  if (!options.allowInvalidAsymmetricKeyTypes) {
    try {
      validateAsymmetricKey(header.alg, secretOrPrivateKey);
    } catch (error) {
      return failure(error);
    }
  }
  var timestamp = payload.iat || Math.floor(Date.now() / 1000);
  if (options.noTimestamp) {
    delete payload.iat;
  } else if (isObjectPayload) {
    payload.iat = timestamp;
  }
  if (typeof options.notBefore !== 'undefined') {
    try {
      payload.nbf = timespan(options.notBefore, timestamp);
    } catch (err) {
      return failure(err);
    }
    if (typeof payload.nbf === 'undefined') {
      return failure(new Error('"notBefore" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
    }
  }
  if (typeof options.expiresIn !== 'undefined' && typeof payload === 'object') {
    try {
      payload.exp = timespan(options.expiresIn, timestamp);
    } catch (err) {
      return failure(err);
    }
    if (typeof payload.exp === 'undefined') {
      return failure(new Error('"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'));
    }
  }
  var claimErr;
  Object.keys(options_to_payload).forEach(function (key) {
    var claim = options_to_payload[key];
    if (typeof options[key] !== 'undefined') {
      if (typeof payload[claim] !== 'undefined') {
        claimErr = claimErr || new Error('Bad "options.' + key + '" option. The payload already has an "' + claim + '" property.');
        return;
      }
      payload[claim] = options[key];
    }
  });
  if (claimErr) return failure(claimErr);
  var encoding = options.encoding || 'utf8';
  var input = native.b64url(jwsToString(header), 'binary') + '.' + native.b64url(jwsToString(payload), encoding);
  var alg = String(header.alg);
  if (typeof callback === 'function') {
    var called = false;
    native.signAsync(alg, input, secretOrPrivateKey, function (err, sig) {
      if (called) return;
      called = true;
      if (err) return callback(err);
      var token = input + '.' + sig;
      if (!options.allowInsecureKeySizes && /^(?:RS|PS)/.test(header.alg) && token.length < 256) {
        return callback(new Error('secretOrPrivateKey has a minimum key size of 2048 bits for ' + header.alg));
      }
      callback(null, token);
    });
    return;
  }
  var signature = input + '.' + native.sign(alg, input, secretOrPrivateKey);
  if (!options.allowInsecureKeySizes && /^(?:RS|PS)/.test(header.alg) && signature.length < 256) {
    throw new Error('secretOrPrivateKey has a minimum key size of 2048 bits for ' + header.alg);
  }
  return signature;
}

module.exports = { verify: verify, sign: sign };
`

const jwtDecodeJS = `
function InvalidTokenError(message) { this.message = message; }
InvalidTokenError.prototype = new Error();
InvalidTokenError.prototype.name = 'InvalidTokenError';

function InvalidCharacterError(message) { this.message = message; }
InvalidCharacterError.prototype = new Error();
InvalidCharacterError.prototype.name = 'InvalidCharacterError';

var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

// The atob polyfill jwt-decode 3 uses outside browsers: it skips characters
// outside the alphabet.
function polyAtob(input) {
  var str = String(input).replace(/=+$/, '');
  if (str.length % 4 == 1) {
    throw new InvalidCharacterError("'atob' failed: The string to be decoded is not correctly encoded.");
  }
  var output = '';
  for (var bc = 0, bs, buffer, idx = 0; (buffer = str.charAt(idx++)); ) {
    buffer = chars.indexOf(buffer);
    if (~buffer) {
      bs = bc % 4 ? bs * 64 + buffer : buffer;
      if (bc++ % 4) output += String.fromCharCode(255 & (bs >> ((-2 * bc) & 6)));
    }
  }
  return output;
}

// A strict atob with the behaviour of the WHATWG forgiving-base64 decode, as
// the global atob jwt-decode 4 relies on.
function strictAtob(input) {
  var s = String(input).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
    var e = new Error('Invalid character');
    e.name = 'InvalidCharacterError';
    throw e;
  }
  return polyAtob(s);
}

function b64DecodeUnicode(str, atob) {
  return decodeURIComponent(atob(str).replace(/(.)/g, function (m, p) {
    var code = p.charCodeAt(0).toString(16).toUpperCase();
    if (code.length < 2) code = '0' + code;
    return '%' + code;
  }));
}

function base64UrlDecode(str, atob, lengthError) {
  var output = str.replace(/-/g, '+').replace(/_/g, '/');
  switch (output.length % 4) {
  case 0: break;
  case 2: output += '=='; break;
  case 3: output += '='; break;
  default: throw lengthError();
  }
  try {
    return b64DecodeUnicode(output, atob);
  } catch (err) {
    return atob(output);
  }
}

// jwt-decode 3.x
function jwtDecode3(token, options) {
  if (typeof token !== 'string') throw new InvalidTokenError('Invalid token specified');
  options = options || {};
  var pos = options.header === true ? 0 : 1;
  try {
    var part = token.split('.')[pos];
    // jwt-decode 3 calls part.replace: V8's words for a missing part.
    if (part === undefined) throw new TypeError("Cannot read properties of undefined (reading 'replace')");
    return JSON.parse(base64UrlDecode(part, polyAtob, function () { return 'Illegal base64url string!'; }));
  } catch (e) {
    throw new InvalidTokenError('Invalid token specified: ' + e.message);
  }
}

// jwt-decode 4.x
function jwtDecode4(token, options) {
  if (typeof token !== 'string') throw new InvalidTokenError('Invalid token specified: must be a string');
  options || (options = {});
  var pos = options.header === true ? 0 : 1;
  var part = token.split('.')[pos];
  if (typeof part !== 'string') throw new InvalidTokenError('Invalid token specified: missing part #' + (pos + 1));
  var decoded;
  try {
    decoded = base64UrlDecode(part, strictAtob, function () { return new Error('base64 string is not of the correct length'); });
  } catch (e) {
    throw new InvalidTokenError('Invalid token specified: invalid base64 for part #' + (pos + 1) + ' (' + e.message + ')');
  }
  try {
    return JSON.parse(decoded);
  } catch (e) {
    throw new InvalidTokenError('Invalid token specified: invalid json for part #' + (pos + 1) + ' (' + e.message + ')');
  }
}

var a = jwtDecode3;
a.default = jwtDecode3;
a.InvalidTokenError = InvalidTokenError;
a.jwtDecode = jwtDecode4;
module.exports = a;
`
