package script

import "github.com/dop251/goja"

// The async module (async 3): control flow and collections over callbacks,
// as older Auth0 scripts use them (waterfall, series, parallel, each, map
// and their Series/Limit forms, and a few helpers). Async functions are
// accepted as tasks and iteratees, and a call without its final callback
// returns a promise, as in async 3.

func init() {
	registerModule("async", func(h host) (goja.Value, error) { return runJSModule(h, asyncProgram, nil) })
}

var asyncProgram = builtinModule("async", asyncJS)

const asyncJS = `
var breakLoop = {};

function isAsync(fn) { return typeof fn === 'function' && fn[Symbol.toStringTag] === 'AsyncFunction'; }
function invokeCallback(callback, error, value) {
  try {
    callback(error, value);
  } catch (err) {
    setImmediate(function (e) { throw e; }, err);
  }
}
// asyncify makes a callback taker of a function that returns a value or a
// promise.
function asyncify(func) {
  return function () {
    var args = Array.prototype.slice.call(arguments), callback = args.pop(), result;
    try {
      result = func.apply(this, args);
    } catch (e) {
      return callback(e);
    }
    if (result && typeof result.then === 'function') {
      result.then(function (value) { invokeCallback(callback, null, value); },
        function (err) { invokeCallback(callback, err && (err instanceof Error || err.message) ? err : new Error(err)); });
    } else {
      callback(null, result);
    }
  };
}
function wrapAsync(fn) {
  if (typeof fn !== 'function') throw new Error('expected a function');
  return isAsync(fn) ? asyncify(fn) : fn;
}
// awaitify returns a promise when the callback (argument arity) is left out.
function awaitify(fn, arity) {
  if (!arity) arity = fn.length;
  return function () {
    var args = Array.prototype.slice.call(arguments), self = this;
    if (typeof args[arity - 1] === 'function') return fn.apply(this, args);
    return new Promise(function (resolve, reject) {
      args[arity - 1] = function (err) {
        var cbArgs = Array.prototype.slice.call(arguments, 1);
        if (err) return reject(err);
        resolve(cbArgs.length > 1 ? cbArgs : cbArgs[0]);
      };
      fn.apply(self, args);
    });
  };
}
function once(fn) {
  function wrapper() {
    if (fn === null) return;
    var callFn = fn;
    fn = null;
    callFn.apply(this, arguments);
  }
  Object.assign(wrapper, fn);
  return wrapper;
}
function onlyOnce(fn) {
  return function () {
    if (fn === null) throw new Error('Callback was already called.');
    var callFn = fn;
    fn = null;
    callFn.apply(this, arguments);
  };
}
function isArrayLike(v) { return v && typeof v.length === 'number' && v.length >= 0 && v.length % 1 === 0; }
// iterator walks arrays by index, iterables by their iterator, objects by key.
function iterator(coll) {
  var i = -1;
  if (isArrayLike(coll)) {
    var len = coll.length;
    return function () { return ++i < len ? { value: coll[i], key: i } : null; };
  }
  if (coll && typeof coll[Symbol.iterator] === 'function') {
    var it = coll[Symbol.iterator]();
    return function () {
      var item = it.next();
      if (item.done) return null;
      i++;
      return { value: item.value, key: i };
    };
  }
  var keys = (coll ? Object.keys(coll) : []).filter(function (k) { return k !== '__proto__'; }), n = keys.length;
  return function () {
    var key = keys[++i];
    return i < n ? { value: coll[key], key: key } : null;
  };
}

function eachOfLimitImpl(limit) {
  return function (obj, iteratee, callback) {
    callback = once(callback);
    if (limit <= 0) throw new RangeError('concurrency limit cannot be less than 1');
    if (!obj) return callback(null);
    var nextElem = iterator(obj), done = false, canceled = false, running = 0, looping = false;
    function iterateeCallback(err, value) {
      if (canceled) return;
      running -= 1;
      if (err) {
        done = true;
        callback(err);
      } else if (err === false) {
        done = true;
        canceled = true;
      } else if (value === breakLoop || (done && running <= 0)) {
        done = true;
        return callback(null);
      } else if (!looping) {
        replenish();
      }
    }
    function replenish() {
      looping = true;
      while (running < limit && !done) {
        var elem = nextElem();
        if (elem === null) {
          done = true;
          if (running <= 0) callback(null);
          return;
        }
        running += 1;
        iteratee(elem.value, elem.key, onlyOnce(iterateeCallback));
      }
      looping = false;
    }
    replenish();
  };
}
function eachOfArrayLike(coll, iteratee, callback) {
  callback = once(callback);
  var index = 0, completed = 0, length = coll.length, canceled = false;
  if (length === 0) callback(null);
  function iteratorCallback(err, value) {
    if (err === false) canceled = true;
    if (canceled === true) return;
    if (err) callback(err);
    else if ((++completed === length) || value === breakLoop) callback(null);
  }
  for (; index < length; index++) iteratee(coll[index], index, onlyOnce(iteratorCallback));
}
var eachOf = awaitify(function eachOf(coll, iteratee, callback) {
  return (isArrayLike(coll) ? eachOfArrayLike : eachOfLimitImpl(Infinity))(coll, wrapAsync(iteratee), callback);
}, 3);
var eachOfLimit = awaitify(function eachOfLimit(coll, limit, iteratee, callback) {
  return eachOfLimitImpl(limit)(coll, wrapAsync(iteratee), callback);
}, 4);
var eachOfSeries = awaitify(function eachOfSeries(coll, iteratee, callback) {
  return eachOfLimitImpl(1)(coll, wrapAsync(iteratee), callback);
}, 3);
function withoutIndex(iteratee) { return function (value, index, callback) { return iteratee(value, callback); }; }
var each = awaitify(function eachLimit(coll, iteratee, callback) {
  return eachOf(coll, withoutIndex(wrapAsync(iteratee)), callback);
}, 3);
var eachLimit = awaitify(function eachLimit(coll, limit, iteratee, callback) {
  return eachOfLimitImpl(limit)(coll, withoutIndex(wrapAsync(iteratee)), callback);
}, 4);
var eachSeries = awaitify(function eachSeries(coll, iteratee, callback) {
  return eachLimit(coll, 1, iteratee, callback);
}, 3);

function asyncMap(eachfn, arr, iteratee, callback) {
  arr = arr || [];
  var results = [], counter = 0, _iteratee = wrapAsync(iteratee);
  return eachfn(arr, function (value, _, iterCb) {
    var index = counter++;
    _iteratee(value, function (err, v) {
      results[index] = v;
      iterCb(err);
    });
  }, function (err) { callback(err, results); });
}
var map = awaitify(function map(coll, iteratee, callback) { return asyncMap(eachOf, coll, iteratee, callback); }, 3);
var mapLimit = awaitify(function mapLimit(coll, limit, iteratee, callback) { return asyncMap(eachOfLimitImpl(limit), coll, iteratee, callback); }, 4);
var mapSeries = awaitify(function mapSeries(coll, iteratee, callback) { return asyncMap(eachOfLimitImpl(1), coll, iteratee, callback); }, 3);
var mapValues = awaitify(function mapValues(obj, iteratee, callback) {
  var newObj = {}, _iteratee = wrapAsync(iteratee);
  return eachOf(obj, function (val, key, next) {
    _iteratee(val, key, function (err, result) {
      if (err) return next(err);
      newObj[key] = result;
      next(err);
    });
  }, function (err) { callback(err, newObj); });
}, 3);

function parallelImpl(eachfn, tasks, callback) {
  var results = isArrayLike(tasks) ? [] : {};
  eachfn(tasks, function (task, key, taskCb) {
    wrapAsync(task)(function (err) {
      var result = Array.prototype.slice.call(arguments, 1);
      if (result.length < 2) result = result[0];
      results[key] = result;
      taskCb(err);
    });
  }, function (err) { callback(err, results); });
}
var parallelA = awaitify(parallelImpl, 3);
function parallel(tasks, callback) { return parallelA(eachOf, tasks, callback); }
function parallelLimit(tasks, limit, callback) { return parallelA(eachOfLimitImpl(limit), tasks, callback); }
function series(tasks, callback) { return parallelA(eachOfSeries, tasks, callback); }

var waterfall = awaitify(function waterfall(tasks, callback) {
  callback = once(callback);
  if (!Array.isArray(tasks)) return callback(new Error('First argument to waterfall must be an array of functions'));
  if (!tasks.length) return callback();
  var taskIndex = 0;
  function nextTask(args) {
    var task = wrapAsync(tasks[taskIndex++]);
    task.apply(null, args.concat([onlyOnce(next)]));
  }
  function next(err) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (err === false) return;
    if (err || taskIndex === tasks.length) return callback.apply(null, [err].concat(args));
    nextTask(args);
  }
  nextTask([]);
}, 2);

function filterImpl(eachfn, coll, iteratee, callback) {
  var truthValues = new Array(coll.length);
  eachfn(coll, function (x, index, iterCb) {
    iteratee(x, function (err, v) {
      truthValues[index] = !!v;
      iterCb(err);
    });
  }, function (err) {
    if (err) return callback(err);
    var results = [];
    for (var i = 0; i < coll.length; i++) if (truthValues[i]) results.push(coll[i]);
    callback(null, results);
  });
}
function filterGeneric(eachfn, coll, iteratee, callback) {
  var results = [];
  eachfn(coll, function (x, index, iterCb) {
    iteratee(x, function (err, v) {
      if (err) return iterCb(err);
      if (v) results.push({ index: index, value: x });
      iterCb(err);
    });
  }, function (err) {
    if (err) return callback(err);
    callback(null, results.sort(function (a, b) { return a.index - b.index; }).map(function (v) { return v.value; }));
  });
}
function doFilter(eachfn, coll, iteratee, callback) {
  return (isArrayLike(coll) ? filterImpl : filterGeneric)(eachfn, coll, wrapAsync(iteratee), callback);
}
var filter = awaitify(function filter(coll, iteratee, callback) { return doFilter(eachOf, coll, iteratee, callback); }, 3);
var filterSeries = awaitify(function filterSeries(coll, iteratee, callback) { return doFilter(eachOfSeries, coll, iteratee, callback); }, 3);
var reject = awaitify(function reject(coll, iteratee, callback) {
  var _iteratee = wrapAsync(iteratee);
  return doFilter(eachOf, coll, function (value, cb) { _iteratee(value, function (err, v) { cb(err, !v); }); }, callback);
}, 3);

function createTester(check, getResult) {
  return function (eachfn, arr, _iteratee, cb) {
    var testPassed = false, testResult;
    var iteratee = wrapAsync(_iteratee);
    eachfn(arr, function (value, _, callback) {
      iteratee(value, function (err, result) {
        if (err || err === false) return callback(err);
        if (check(result) && !testResult) {
          testPassed = true;
          testResult = getResult(true, value);
          return callback(null, breakLoop);
        }
        callback();
      });
    }, function (err) {
      if (err) return cb(err);
      cb(null, testPassed ? testResult : getResult(false));
    });
  };
}
var detectT = createTester(function (bool) { return bool; }, function (res, item) { return item; });
var someT = createTester(Boolean, function (res) { return res; });
var everyT = createTester(function (bool) { return !bool; }, function (res) { return !res; });
var detect = awaitify(function detect(coll, iteratee, callback) { return detectT(eachOf, coll, iteratee, callback); }, 3);
var detectSeries = awaitify(function detectSeries(coll, iteratee, callback) { return detectT(eachOfLimitImpl(1), coll, iteratee, callback); }, 3);
var some = awaitify(function some(coll, iteratee, callback) { return someT(eachOf, coll, iteratee, callback); }, 3);
var every = awaitify(function every(coll, iteratee, callback) { return everyT(eachOf, coll, iteratee, callback); }, 3);

var concat = awaitify(function concat(coll, iteratee, callback) {
  var _iteratee = wrapAsync(iteratee);
  return mapLimit(coll, Infinity, function (val, iterCb) {
    _iteratee(val, function (err) {
      var args = Array.prototype.slice.call(arguments, 1);
      if (err) return iterCb(err);
      return iterCb(err, args);
    });
  }, function (err, mapResults) {
    var result = [];
    for (var i = 0; i < mapResults.length; i++) {
      if (mapResults[i]) result = result.concat.apply(result, mapResults[i]);
    }
    return callback(err, result);
  });
}, 3);

var reduce = awaitify(function reduce(coll, memo, iteratee, callback) {
  callback = once(callback);
  var _iteratee = wrapAsync(iteratee);
  return eachOfSeries(coll, function (x, i, iterCb) {
    _iteratee(memo, x, function (err, v) {
      memo = v;
      iterCb(err);
    });
  }, function (err) { callback(err, memo); });
}, 4);

function range(size) { var r = []; for (var i = 0; i < size; i++) r.push(i); return r; }
var timesLimit = awaitify(function timesLimit(count, limit, iteratee, callback) {
  var _iteratee = wrapAsync(iteratee);
  return mapLimit(range(count), limit, _iteratee, callback);
}, 4);
function times(n, iteratee, callback) { return timesLimit(n, Infinity, iteratee, callback); }
function timesSeries(n, iteratee, callback) { return timesLimit(n, 1, iteratee, callback); }

var whilst = awaitify(function whilst(test, iteratee, callback) {
  callback = onlyOnce(callback);
  var _fn = wrapAsync(iteratee), _test = wrapAsync(test), results = [];
  function next(err) {
    var rest = Array.prototype.slice.call(arguments, 1);
    if (err) return callback(err);
    results = rest;
    if (err === false) return;
    _test(check);
  }
  function check(err, truth) {
    if (err) return callback(err);
    if (err === false) return;
    if (!truth) return callback.apply(null, [null].concat(results));
    _fn(next);
  }
  return _test(check);
}, 3);
var until = awaitify(function until(test, iteratee, callback) {
  var _test = wrapAsync(test);
  return whilst(function (cb) { _test(function (err, truth) { cb(err, !truth); }); }, iteratee, callback);
}, 3);

var retry = awaitify(function retry(opts, task, callback) {
  var options = { times: 5, intervalFunc: function () { return 0; } };
  if (typeof opts === 'function') {
    callback = task;
    task = opts;
  } else if (typeof opts === 'number') {
    options.times = opts;
  } else if (opts) {
    options.times = +opts.times || 5;
    if (opts.interval !== undefined) {
      options.intervalFunc = typeof opts.interval === 'function' ? opts.interval : function () { return +opts.interval; };
    }
    options.errorFilter = opts.errorFilter;
  }
  if (typeof task !== 'function') throw new Error('Invalid arguments for async.retry');
  var _task = wrapAsync(task), attempt = 1;
  function retryAttempt() {
    _task(function (err) {
      var args = Array.prototype.slice.call(arguments, 1);
      if (err === false) return;
      if (err && attempt++ < options.times && (typeof options.errorFilter !== 'function' || options.errorFilter(err))) {
        setTimeout(retryAttempt, options.intervalFunc(attempt - 1));
      } else {
        callback.apply(null, [err].concat(args));
      }
    });
  }
  retryAttempt();
}, 3);

function apply(fn) {
  var args = Array.prototype.slice.call(arguments, 1);
  return function () { return fn.apply(null, args.concat(Array.prototype.slice.call(arguments))); };
}
function constant() {
  var args = Array.prototype.slice.call(arguments);
  return function () {
    var callback = arguments[arguments.length - 1];
    return callback.apply(null, [null].concat(args));
  };
}
function nextTick(fn) {
  var args = Array.prototype.slice.call(arguments, 1);
  setImmediate(function () { fn.apply(null, args); });
}

module.exports = {
  apply: apply, asyncify: asyncify, concat: concat, constant: constant, detect: detect, detectSeries: detectSeries,
  each: each, eachLimit: eachLimit, eachOf: eachOf, eachOfLimit: eachOfLimit, eachOfSeries: eachOfSeries, eachSeries: eachSeries,
  every: every, filter: filter, filterSeries: filterSeries, map: map, mapLimit: mapLimit, mapSeries: mapSeries, mapValues: mapValues,
  nextTick: nextTick, parallel: parallel, parallelLimit: parallelLimit, reduce: reduce, reject: reject, retry: retry, series: series,
  setImmediate: nextTick, some: some, times: times, timesLimit: timesLimit, timesSeries: timesSeries, until: until, waterfall: waterfall,
  whilst: whilst,
  // async's aliases.
  all: every, allSeries: undefined, any: some, find: detect, findSeries: detectSeries, foldl: reduce, forEach: each,
  forEachLimit: eachLimit, forEachOf: eachOf, forEachOfLimit: eachOfLimit, forEachOfSeries: eachOfSeries, forEachSeries: eachSeries,
  inject: reduce, select: filter, selectSeries: filterSeries, wrapSync: asyncify
};
delete module.exports.allSeries;
`
