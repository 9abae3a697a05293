package script

import "github.com/dop251/goja"

// The assert module: Node's assertions (legacy and strict) and
// AssertionError, with the messages Node writes: the operator's wording,
// values as util.inspect writes them for a diff (compact: false, sorted),
// and the line diff of "+ actual - expected" for strict equality. A falsy
// assert(value) without a message is reported as "undefined == true", as
// Node reports it for code compiled from a string (it quotes the call
// only when it can read the script's file). Strict deep equality is
// util.isDeepStrictEqual; loose deep equality compares with == and
// ignores prototypes.

func init() {
	registerModule("assert", func(h host) (goja.Value, error) {
		native := h.Runtime().NewObject()
		_ = native.Set("received", receivedFunc(h.Runtime()))
		return runJSModule(h, assertProgram, native)
	})
	registerModule("assert/strict", func(h host) (goja.Value, error) {
		a, err := h.Require("assert")
		if err != nil {
			return nil, err
		}
		return a.ToObject(h.Runtime()).Get("strict"), nil
	})
}

var assertProgram = builtinModule("assert", assertJS)

const assertJS = `
var util = require('util');

var kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:'
};
var kMaxShortLength = 12;

function inspectValue(v) {
  return util.inspect(v, { compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity, showHidden: false, sorted: true });
}
function readable(operator, message) { return message || kReadableOperator[operator]; }

// createErrDiff is the "+ actual - expected" line diff of the two values'
// inspections.
function createErrDiff(actual, expected, operator, message) {
  message = message || '';
  var other = '', res = '', end = '', skipped = false;
  var actualInspected = inspectValue(actual);
  var actualLines = actualInspected.split('\n'), expectedLines = inspectValue(expected).split('\n');
  var i = 0, indicator = '';
  if (operator === 'strictEqual' && ((typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) ||
      (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }
  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    var inputLength = actualLines[0].length + expectedLines[0].length;
    if (inputLength <= kMaxShortLength) {
      if ((typeof actual !== 'object' || actual === null) && (typeof expected !== 'object' || expected === null) && (actual !== 0 || expected !== 0)) {
        return readable(operator, message) + '\n\n' + actualLines[0] + ' !== ' + expectedLines[0] + '\n';
      }
    } else if (operator !== 'strictEqualObject' && inputLength < 80) {
      while (actualLines[0][i] === expectedLines[0][i]) i++;
      if (i > 2) {
        indicator = '\n  ' + ' '.repeat(i) + '^';
        i = 0;
      }
    }
  }
  var a = actualLines[actualLines.length - 1], b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) end = '\n  ' + a + end;
    else other = a;
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }
  var maxLines = Math.max(actualLines.length, expectedLines.length);
  if (maxLines === 0) {
    var all = actualInspected.split('\n');
    if (all.length > 50) {
      all[46] = '...';
      while (all.length > 47) all.pop();
    }
    return kReadableOperator.notIdentical + '\n\n' + all.join('\n') + '\n';
  }
  if (i >= 5) {
    end = '\n...' + end;
    skipped = true;
  }
  if (other !== '') {
    end = '\n  ' + other + end;
    other = '';
  }
  var printedLines = 0, identical = 0;
  var msg = readable(operator, message) + '\n+ actual - expected';
  var skippedMsg = ' ... Lines skipped';
  var lines = actualLines, plusMinus = '+', maxLength = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    plusMinus = '-';
    maxLength = actualLines.length;
  }
  function flushIdentical(from, at) {
    if (identical > 2) {
      if (identical > 3) {
        if (identical > 4) {
          if (identical === 5) {
            res += '\n  ' + from[at - 3];
            printedLines++;
          } else {
            res += '\n...';
            skipped = true;
          }
        }
        res += '\n  ' + from[at - 2];
        printedLines++;
      }
      res += '\n  ' + from[at - 1];
      printedLines++;
    }
    identical = 0;
  }
  for (i = 0; i < maxLines; i++) {
    if (maxLength < i + 1) {
      flushIdentical(lines, i);
      if (lines === actualLines) res += '\n' + plusMinus + ' ' + lines[i];
      else other += '\n' + plusMinus + ' ' + lines[i];
      printedLines++;
    } else {
      var expectedLine = expectedLines[i], actualLine = actualLines[i];
      var diverging = actualLine !== expectedLine && (actualLine.slice(-1) !== ',' || actualLine.slice(0, -1) !== expectedLine);
      if (diverging && expectedLine.slice(-1) === ',' && expectedLine.slice(0, -1) === actualLine) {
        diverging = false;
        actualLine += ',';
      }
      if (diverging) {
        flushIdentical(actualLines, i);
        res += '\n+ ' + actualLine;
        other += '\n- ' + expectedLine;
        printedLines += 2;
      } else {
        res += other;
        other = '';
        identical++;
        if (identical <= 2) {
          res += '\n  ' + actualLine;
          printedLines++;
        }
      }
    }
    if (printedLines > 50 && i < maxLines - 2) {
      return msg + skippedMsg + '\n' + res + '\n...' + other + '\n...';
    }
  }
  return msg + (skipped ? skippedMsg : '') + '\n' + res + other + end + indicator;
}

function messageOf(actual, expected, operator, message) {
  if (message != null) {
    if (operator === 'deepStrictEqual' || operator === 'strictEqual') return createErrDiff(actual, expected, operator, message);
    return String(message);
  }
  if (operator === 'deepStrictEqual' || operator === 'strictEqual') return createErrDiff(actual, expected, operator);
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    var base = kReadableOperator[operator];
    var res = inspectValue(actual).split('\n');
    if (operator === 'notStrictEqual' && ((typeof actual === 'object' && actual !== null) || typeof actual === 'function')) {
      base = kReadableOperator.notStrictEqualObject;
    }
    if (res.length > 50) {
      res[46] = '...';
      while (res.length > 47) res.pop();
    }
    if (res.length === 1) return base + (res[0].length > 5 ? '\n\n' : ' ') + res[0];
    return base + '\n\n' + res.join('\n') + '\n';
  }
  var r = inspectValue(actual), o = inspectValue(expected), known = kReadableOperator[operator];
  if (operator === 'notDeepEqual' && r === o) {
    r = known + '\n\n' + r;
    return r.length > 1024 ? r.slice(0, 1021) + '...' : r;
  }
  if (r.length > 512) r = r.slice(0, 509) + '...';
  if (o.length > 512) o = o.slice(0, 509) + '...';
  if (operator === 'deepEqual') {
    r = known + '\n\n' + r + '\n\nshould loosely deep-equal\n\n';
  } else {
    var unequal = kReadableOperator[operator + 'Unequal'];
    if (unequal) r = unequal + '\n\n' + r + '\n\nshould not loosely deep-equal\n\n';
    else o = ' ' + operator + ' ' + o;
  }
  return r + o;
}

function AssertionError(options) {
  if (options === null || typeof options !== 'object') {
    var e = new TypeError('The "options" argument must be of type object.' + native.received(options));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var err = new Error(messageOf(options.actual, options.expected, options.operator, options.message));
  Object.setPrototypeOf(err, AssertionError.prototype);
  err.generatedMessage = !options.message;
  err.code = 'ERR_ASSERTION';
  err.actual = options.actual;
  err.expected = options.expected;
  err.operator = options.operator;
  if (Error.captureStackTrace) Error.captureStackTrace(err, options.stackStartFn || AssertionError);
  return err;
}
AssertionError.prototype = Object.create(Error.prototype, {
  constructor: { value: AssertionError, writable: true, configurable: true },
  name: { value: 'AssertionError', writable: true, configurable: true }
});
AssertionError.prototype.toString = function () { return this.name + ' [' + this.code + ']: ' + this.message; };

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}
function missingArgs(names) {
  var e = new TypeError('The "' + names[0] + '" and "' + names[1] + '" arguments must be specified');
  e.code = 'ERR_MISSING_ARGS';
  return e;
}

function innerOk(fn, argLen, value, message) {
  if (value) return;
  var generated = false;
  if (argLen === 0) {
    generated = true;
    message = 'No value argument passed to ` + "`assert.ok()`" + `';
  } else if (message == null) {
    generated = true;
    message = util.inspect(value) + ' == true';
  } else if (message instanceof Error) {
    throw message;
  }
  var err = new AssertionError({ actual: value, expected: true, message: message, operator: '==', stackStartFn: fn });
  err.generatedMessage = generated;
  throw err;
}

function ok() { innerOk(ok, arguments.length, arguments[0], arguments[1]); }

// looseEqual is == between primitives, and for objects the same keys with
// loosely equal values, whatever their prototypes.
function looseEqual(a, b, memo) {
  if (a == b || (a !== a && b !== b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  for (var m = 0; m < memo.length; m++) if (memo[m][0] === a && memo[m][1] === b) return true;
  memo.push([a, b]);
  try {
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(b, ka[i]) || !looseEqual(a[ka[i]], b[ka[i]], memo)) return false;
    }
    return true;
  } finally {
    memo.pop();
  }
}

var NO_EXCEPTION = {};
function getActual(fn) {
  if (typeof fn !== 'function') {
    var e = new TypeError('The "fn" argument must be of type function.' + native.received(fn));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  try { fn(); } catch (e) { return e; }
  return NO_EXCEPTION;
}
function isError(v) { return util.types.isNativeError(v) || v instanceof Error; }

function expectedException(actual, expected, message, fn) {
  var generated = false, throwError = false;
  if (typeof expected !== 'function') {
    if (util.types.isRegExp(expected)) {
      var str = String(actual);
      if (expected.exec(str) !== null) return;
      if (!message) {
        generated = true;
        message = 'The input did not match the regular expression ' + util.inspect(expected) + '. Input:\n\n' + util.inspect(str) + '\n';
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      var err0 = new AssertionError({ actual: actual, expected: expected, message: message, operator: 'deepStrictEqual', stackStartFn: fn });
      err0.operator = fn.name;
      throw err0;
    } else {
      var keys = Object.keys(expected);
      if (expected instanceof Error) keys.push('name', 'message');
      for (var i = 0; i < keys.length; i++) {
        var key = keys[i];
        if (typeof actual[key] === 'string' && util.types.isRegExp(expected[key]) && expected[key].exec(actual[key]) !== null) continue;
        if (!(key in actual) || !util.isDeepStrictEqual(actual[key], expected[key])) {
          innerFail({ actual: actual, expected: expected, message: message || 'Expected values to be strictly deep-equal:\n' + key, operator: fn.name, stackStartFn: fn });
        }
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Error.isPrototypeOf(expected)) {
    if (!message) {
      generated = true;
      message = 'The error is expected to be an instance of "' + expected.name + '". Received ';
      if (isError(actual)) {
        var name = (actual.constructor && actual.constructor.name) || actual.name;
        message += expected.name === name ? 'an error with identical name but a different prototype.' : '"' + name + '"';
        if (actual.message) message += '\n\nError message:\n\n' + actual.message;
      } else {
        message += '"' + util.inspect(actual, { depth: -1 }) + '"';
      }
    }
    throwError = true;
  } else {
    var res = expected.call({}, actual);
    if (res !== true) {
      if (!message) {
        generated = true;
        message = 'The ' + (expected.name ? '"' + expected.name + '" ' : '') + 'validation function is expected to return "true". Received ' + util.inspect(res);
        if (isError(actual)) message += '\n\nCaught error:\n\n' + actual;
      }
      throwError = true;
    }
  }
  if (throwError) {
    var err = new AssertionError({ actual: actual, expected: expected, message: message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generated;
    throw err;
  }
}

function expectsError(fn, actual, error, message) {
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (actual === NO_EXCEPTION) {
    var details = '';
    if (error && error.name) details += ' (' + error.name + ')';
    details += message ? ': ' + message : '.';
    var fnType = fn === rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: fn.name, message: 'Missing expected ' + fnType + details, stackStartFn: fn });
  }
  if (error) expectedException(actual, error, message, fn);
}
function expectsNoError(fn, actual, error, message) {
  if (actual === NO_EXCEPTION) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || (util.types.isRegExp(error) ? error.test(String(actual)) : (error.prototype !== undefined && actual instanceof error) || (!error.prototype && typeof error === 'function' && error(actual) === true))) {
    var details = message ? ': ' + message : '.';
    var fnType = fn === doesNotReject ? 'rejection' : 'exception';
    innerFail({ actual: actual, expected: error, operator: fn.name,
      message: 'Got unwanted ' + fnType + details + '\nActual message: "' + (actual && actual.message) + '"', stackStartFn: fn });
  }
  throw actual;
}

function throws(promiseFn) { expectsError(throws, getActual(promiseFn), arguments[1], arguments[2]); }
function doesNotThrow(fn) { expectsNoError(doesNotThrow, getActual(fn), arguments[1], arguments[2]); }
function waitActual(promiseFn) {
  var p = typeof promiseFn === 'function' ? Promise.resolve().then(promiseFn) : promiseFn;
  return Promise.resolve(p).then(function () { return NO_EXCEPTION; }, function (e) { return e; });
}
function rejects(promiseFn) {
  var error = arguments[1], message = arguments[2];
  return waitActual(promiseFn).then(function (actual) { expectsError(rejects, actual, error, message); });
}
function doesNotReject(fn) {
  var error = arguments[1], message = arguments[2];
  return waitActual(fn).then(function (actual) { expectsNoError(doesNotReject, actual, error, message); });
}

// comparison makes the assertion name: it fails, with operator, when
// fails(actual, expected) holds.
function comparison(name, operator, fails) {
  var fn = ({ [name]: function (actual, expected, message) {
    if (arguments.length < 2) throw missingArgs(['actual', 'expected']);
    if (fails(actual, expected)) innerFail({ actual: actual, expected: expected, message: message, operator: operator, stackStartFn: fn });
  } })[name];
  return fn;
}
function looselyEqual(a, e) { return a == e || (a !== a && e !== e); }
var equal = comparison('equal', '==', function (a, e) { return !looselyEqual(a, e); });
var notEqual = comparison('notEqual', '!=', looselyEqual);
var strictEqual = comparison('strictEqual', 'strictEqual', function (a, e) { return !Object.is(a, e); });
var notStrictEqual = comparison('notStrictEqual', 'notStrictEqual', Object.is);
var deepEqual = comparison('deepEqual', 'deepEqual', function (a, e) { return !looseEqual(a, e, []); });
var notDeepEqual = comparison('notDeepEqual', 'notDeepEqual', function (a, e) { return looseEqual(a, e, []); });
var deepStrictEqual = comparison('deepStrictEqual', 'deepStrictEqual', function (a, e) { return !util.isDeepStrictEqual(a, e); });
var notDeepStrictEqual = comparison('notDeepStrictEqual', 'notDeepStrictEqual', util.isDeepStrictEqual);
function fail(actual, expected, message, operator, stackStartFn) {
  var argsLen = arguments.length, internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else if (argsLen === 2) {
    operator = '!=';
  }
  if (message instanceof Error) throw message;
  var err = new AssertionError({ actual: actual, expected: expected, operator: operator === undefined ? 'fail' : operator, stackStartFn: stackStartFn || fail, message: message });
  if (internalMessage) err.generatedMessage = true;
  throw err;
}
function ifError(err) {
  if (err !== null && err !== undefined) {
    var message = 'ifError got unwanted exception: ';
    if (typeof err === 'object' && typeof err.message === 'string') {
      message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
    } else {
      message += util.inspect(err);
    }
    var e = new AssertionError({ actual: err, expected: null, operator: 'ifError', message: message, stackStartFn: ifError });
    e.generatedMessage = false;
    throw e;
  }
}
function matchFn(string, regexp, message, fn) {
  if (!util.types.isRegExp(regexp)) {
    var t = new TypeError('The "regexp" argument must be an instance of RegExp.' + native.received(regexp));
    t.code = 'ERR_INVALID_ARG_TYPE';
    throw t;
  }
  var match = fn === assert.match;
  if (typeof string !== 'string' || (regexp.exec(string) !== null) !== match) {
    if (message instanceof Error) throw message;
    var generated = !message;
    message = message || (typeof string !== 'string'
      ? 'The "string" argument must be of type string. Received type ' + typeof string + ' (' + util.inspect(string) + ')'
      : (match ? 'The input did not match the regular expression ' : 'The input was expected to not match the regular expression ') + util.inspect(regexp) + '. Input:\n\n' + util.inspect(string) + '\n');
    var err = new AssertionError({ actual: string, expected: regexp, message: message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generated;
    throw err;
  }
}
function match(string, regexp, message) { matchFn(string, regexp, message, match); }
function doesNotMatch(string, regexp, message) { matchFn(string, regexp, message, doesNotMatch); }

var assert = ok;
assert.ok = ok;
assert.fail = fail;
assert.equal = equal;
assert.notEqual = notEqual;
assert.deepEqual = deepEqual;
assert.notDeepEqual = notDeepEqual;
assert.deepStrictEqual = deepStrictEqual;
assert.notDeepStrictEqual = notDeepStrictEqual;
assert.strictEqual = strictEqual;
assert.notStrictEqual = notStrictEqual;
assert.throws = throws;
assert.rejects = rejects;
assert.doesNotThrow = doesNotThrow;
assert.doesNotReject = doesNotReject;
assert.ifError = ifError;
assert.match = match;
assert.doesNotMatch = doesNotMatch;
assert.AssertionError = AssertionError;

function strict() { innerOk(strict, arguments.length, arguments[0], arguments[1]); }
Object.keys(assert).forEach(function (k) { strict[k] = assert[k]; });
strict.equal = strictEqual;
strict.deepEqual = deepStrictEqual;
strict.notEqual = notStrictEqual;
strict.notDeepEqual = notDeepStrictEqual;
strict.strict = strict;
assert.strict = strict;

module.exports = assert;
`
