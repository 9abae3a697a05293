package script

import "github.com/dop251/goja"

// Module lodash: the lodash 4 functions scripts call (see the list in
// lodashJS), written in JavaScript. Chaining (_.chain, _(value)) and the
// iteratee shorthands beyond property names/matches objects are not provided.

func init() {
	registerModule("lodash", func(h host) (goja.Value, error) { return runJSModule(h, lodashProgram, nil) })
}

var lodashProgram = mustCompileModule("lodash", lodashJS)

const lodashJS = `
var _ = {};
var hasOwn = Object.prototype.hasOwnProperty;
function isObjectLike(v) { return v !== null && typeof v === 'object'; }
_.isPlainObject = function (v) {
  if (!isObjectLike(v) || Object.prototype.toString.call(v) !== '[object Object]') return false;
  var proto = Object.getPrototypeOf(v);
  if (proto === null) return true;
  var C = hasOwn.call(proto, 'constructor') && proto.constructor;
  return typeof C === 'function' && C instanceof C && Function.prototype.toString.call(C) === Function.prototype.toString.call(Object);
};
_.isString = function (v) { return typeof v === 'string' || (isObjectLike(v) && Object.prototype.toString.call(v) === '[object String]'); };
_.isNumber = function (v) { return typeof v === 'number' || (isObjectLike(v) && Object.prototype.toString.call(v) === '[object Number]'); };
_.isBoolean = function (v) { return v === true || v === false; };
_.isObject = function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function'); };
_.isObjectLike = isObjectLike;
_.isArray = Array.isArray;
_.isFunction = function (v) { return typeof v === 'function'; };
_.isUndefined = function (v) { return v === undefined; };
_.isNull = function (v) { return v === null; };
_.isNil = function (v) { return v == null; };
_.isDate = function (v) { return v instanceof Date; };
_.isFinite = function (v) { return typeof v === 'number' && isFinite(v); };
_.isInteger = function (v) { return Number.isInteger(v); };
_.isArrayLike = function (v) { return v != null && typeof v !== 'function' && typeof v.length === 'number' && v.length >= 0; };
_.isEmpty = function (v) {
  if (v == null) return true;
  if (_.isArrayLike(v)) return v.length === 0;
  if (v instanceof Map || v instanceof Set) return v.size === 0;
  for (var k in v) if (hasOwn.call(v, k)) return false;
  return true;
};
_.isEqual = function eq(a, b) {
  if (a === b || (a !== a && b !== b)) return true;
  if (!isObjectLike(a) || !isObjectLike(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  var ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (var i = 0; i < ka.length; i++) if (!hasOwn.call(b, ka[i]) || !eq(a[ka[i]], b[ka[i]])) return false;
  return true;
};
function toPath(p) {
  if (Array.isArray(p)) return p;
  var out = [];
  String(p).replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g, function (m, num, q, str) {
    out.push(q ? str : (num !== undefined ? num : m));
  });
  return out;
}
_.toPath = toPath;
_.get = function (obj, path, def) {
  var p = toPath(path), v = obj;
  for (var i = 0; i < p.length && v != null; i++) v = v[p[i]];
  return (i === p.length && v !== undefined) ? v : def;
};
_.has = function (obj, path) {
  var p = toPath(path), v = obj;
  for (var i = 0; i < p.length; i++) {
    if (v == null || !hasOwn.call(Object(v), p[i])) return false;
    v = v[p[i]];
  }
  return p.length > 0;
};
_.set = function (obj, path, value) {
  if (!_.isObject(obj)) return obj;
  var p = toPath(path), v = obj;
  for (var i = 0; i < p.length - 1; i++) {
    if (!_.isObject(v[p[i]])) v[p[i]] = /^\d+$/.test(p[i + 1]) ? [] : {};
    v = v[p[i]];
  }
  v[p[p.length - 1]] = value;
  return obj;
};
function iteratee(f) {
  if (typeof f === 'function') return f;
  if (f == null) return function (x) { return x; };
  if (Array.isArray(f)) return function (o) { return _.get(o, f[0]) === f[1]; };
  if (typeof f === 'object') return function (o) { return Object.keys(f).every(function (k) { return _.isEqual(_.get(o, k), f[k]); }); };
  return function (o) { return _.get(o, f); };
}
_.iteratee = iteratee;
_.identity = function (x) { return x; };
function entries(c) {
  if (c == null) return [];
  if (_.isArrayLike(c)) return Array.prototype.map.call(c, function (v, i) { return [i, v]; });
  return Object.keys(c).map(function (k) { return [k, c[k]]; });
}
_.forEach = _.each = function (c, f) {
  var e = entries(c);
  for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c) === false) break;
  return c;
};
_.map = function (c, f) { f = iteratee(f); return entries(c).map(function (e) { return f(e[1], e[0], c); }); };
_.filter = function (c, f) { f = iteratee(f); return entries(c).filter(function (e) { return f(e[1], e[0], c); }).map(function (e) { return e[1]; }); };
_.reject = function (c, f) { f = iteratee(f); return _.filter(c, function (v, k, c2) { return !f(v, k, c2); }); };
_.find = function (c, f) { f = iteratee(f); var e = entries(c); for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c)) return e[i][1]; };
_.findIndex = function (a, f) { f = iteratee(f); for (var i = 0; i < (a || []).length; i++) if (f(a[i], i, a)) return i; return -1; };
_.some = function (c, f) { f = iteratee(f); return entries(c).some(function (e) { return f(e[1], e[0], c); }); };
_.every = function (c, f) { f = iteratee(f); return entries(c).every(function (e) { return f(e[1], e[0], c); }); };
_.reduce = function (c, f, acc) {
  var e = entries(c), i = 0;
  if (arguments.length < 3) { acc = e.length ? e[0][1] : undefined; i = 1; }
  for (; i < e.length; i++) acc = f(acc, e[i][1], e[i][0], c);
  return acc;
};
_.includes = function (c, v, from) {
  if (typeof c === 'string') return c.indexOf(v, from || 0) !== -1;
  return _.some(c, function (x) { return x === v || (x !== x && v !== v); });
};
_.keys = function (o) { return o == null ? [] : Object.keys(Object(o)); };
_.values = function (o) { return _.keys(o).map(function (k) { return o[k]; }); };
_.toPairs = _.entries = function (o) { return _.keys(o).map(function (k) { return [k, o[k]]; }); };
_.fromPairs = function (p) { var o = {}; (p || []).forEach(function (e) { o[e[0]] = e[1]; }); return o; };
_.pick = function (o) {
  var paths = [].concat.apply([], Array.prototype.slice.call(arguments, 1));
  var out = {};
  if (o == null) return out;
  paths.forEach(function (p) { if (_.has(o, p) || (toPath(p).length === 1 && p in Object(o))) _.set(out, p, _.get(o, p)); });
  return out;
};
_.pickBy = function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { if (f(v, k)) out[k] = v; }); return out; };
_.omit = function (o) {
  var paths = [].concat.apply([], Array.prototype.slice.call(arguments, 1)).map(String);
  var out = {};
  for (var k in Object(o)) if (paths.indexOf(k) === -1) out[k] = o[k];
  return out;
};
_.omitBy = function (o, f) { f = iteratee(f); return _.pickBy(o, function (v, k) { return !f(v, k); }); };
_.assign = function (t) {
  t = Object(t);
  for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; if (s != null) Object.keys(s).forEach(function (k) { t[k] = s[k]; }); }
  return t;
};
_.extend = _.assignIn = function (t) {
  t = Object(t);
  for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; for (var k in s) t[k] = s[k]; }
  return t;
};
_.defaults = function (t) {
  t = Object(t);
  for (var i = 1; i < arguments.length; i++) {
    var s = arguments[i];
    for (var k in s) if (t[k] === undefined || (t[k] === Object.prototype[k] && !hasOwn.call(t, k))) t[k] = s[k];
  }
  return t;
};
_.merge = function merge(t) {
  for (var i = 1; i < arguments.length; i++) {
    var s = arguments[i];
    if (s == null) continue;
    Object.keys(s).forEach(function (k) {
      var sv = s[k], tv = t[k];
      if ((Array.isArray(sv) || _.isPlainObject(sv))) {
        var base = (Array.isArray(sv) ? Array.isArray(tv) : _.isPlainObject(tv)) ? tv : (Array.isArray(sv) ? [] : {});
        t[k] = merge(base, sv);
      } else if (sv !== undefined || !(k in t)) {
        t[k] = sv;
      }
    });
  }
  return t;
};
_.clone = function (v) {
  if (Array.isArray(v)) return v.slice();
  if (v instanceof Date) return new Date(v.getTime());
  if (isObjectLike(v)) return Object.assign({}, v);
  return v;
};
_.cloneDeep = function cd(v) {
  if (Array.isArray(v)) return v.map(cd);
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof RegExp) return new RegExp(v.source, v.flags);
  if (isObjectLike(v)) { var o = {}; Object.keys(v).forEach(function (k) { o[k] = cd(v[k]); }); return o; }
  return v;
};
_.mapKeys = function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { out[f(v, k, o)] = v; }); return out; };
_.mapValues = function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { out[k] = f(v, k, o); }); return out; };
_.first = _.head = function (a) { return a && a.length ? a[0] : undefined; };
_.last = function (a) { return a && a.length ? a[a.length - 1] : undefined; };
_.tail = function (a) { return a ? Array.prototype.slice.call(a, 1) : []; };
_.initial = function (a) { return a ? Array.prototype.slice.call(a, 0, -1) : []; };
_.take = function (a, n) { return Array.prototype.slice.call(a || [], 0, n === undefined ? 1 : Math.max(n, 0)); };
_.uniq = function (a) { var out = []; (a || []).forEach(function (v) { if (!_.includes(out, v)) out.push(v); }); return out; };
_.uniqBy = function (a, f) { f = iteratee(f); var seen = [], out = []; (a || []).forEach(function (v) { var k = f(v); if (!_.includes(seen, k)) { seen.push(k); out.push(v); } }); return out; };
_.flatten = function (a) { return [].concat.apply([], (a || []).map(function (v) { return v; })); };
_.flattenDeep = function fd(a) { return (a || []).reduce(function (acc, v) { return acc.concat(Array.isArray(v) ? fd(v) : v); }, []); };
_.compact = function (a) { return (a || []).filter(Boolean); };
_.concat = function () { return [].concat.apply([], arguments); };
_.difference = function (a, b) { return (a || []).filter(function (v) { return !_.includes(b || [], v); }); };
_.intersection = function (a, b) { return _.uniq((a || []).filter(function (v) { return _.includes(b || [], v); })); };
_.union = function () { return _.uniq([].concat.apply([], arguments)); };
_.without = function (a) { var ex = Array.prototype.slice.call(arguments, 1); return (a || []).filter(function (v) { return !_.includes(ex, v); }); };
_.chunk = function (a, n) { n = Math.max(n || 1, 1); var out = []; for (var i = 0; i < (a || []).length; i += n) out.push(a.slice(i, i + n)); return out; };
_.range = function (s, e, st) {
  if (e === undefined) { e = s; s = 0; }
  st = st === undefined ? (s < e ? 1 : -1) : st;
  var out = [];
  for (var i = s; st > 0 ? i < e : i > e; i += st) { out.push(i); if (st === 0) break; }
  return out;
};
_.groupBy = function (c, f) { f = iteratee(f); var out = {}; _.forEach(c, function (v) { var k = f(v); (out[k] = out[k] || []).push(v); }); return out; };
_.keyBy = function (c, f) { f = iteratee(f); var out = {}; _.forEach(c, function (v) { out[f(v)] = v; }); return out; };
_.sortBy = function (c, f) {
  var fs = (Array.isArray(f) ? f : [f]).map(iteratee);
  return entries(c).map(function (e, i) { return { v: e[1], i: i }; }).sort(function (a, b) {
    for (var j = 0; j < fs.length; j++) { var x = fs[j](a.v), y = fs[j](b.v); if (x < y) return -1; if (x > y) return 1; }
    return a.i - b.i;
  }).map(function (o) { return o.v; });
};
_.size = function (c) { return c == null ? 0 : (_.isArrayLike(c) ? c.length : Object.keys(c).length); };
_.noop = function () {};
_.once = function (f) { var done = false, r; return function () { if (!done) { done = true; r = f.apply(this, arguments); } return r; }; };
_.toString = function (v) { return v == null ? '' : (typeof v === 'string' ? v : (Array.isArray(v) ? v.map(_.toString).join(',') : ((v === 0 && 1 / v < 0) ? '-0' : String(v)))); };
function words(s) {
  return _.toString(s).replace(/['\u2019]/g, '').match(/[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b)|[A-Z]?[a-z]+[0-9]*|[A-Z]+|[0-9]+/g) || [];
}
_.words = words;
_.capitalize = function (s) { s = _.toString(s).toLowerCase(); return s.charAt(0).toUpperCase() + s.slice(1); };
_.upperFirst = function (s) { s = _.toString(s); return s.charAt(0).toUpperCase() + s.slice(1); };
_.lowerFirst = function (s) { s = _.toString(s); return s.charAt(0).toLowerCase() + s.slice(1); };
_.camelCase = function (s) { return words(s).map(function (w, i) { w = w.toLowerCase(); return i ? w.charAt(0).toUpperCase() + w.slice(1) : w; }).join(''); };
_.snakeCase = function (s) { return words(s).map(function (w) { return w.toLowerCase(); }).join('_'); };
_.kebabCase = function (s) { return words(s).map(function (w) { return w.toLowerCase(); }).join('-'); };
_.startCase = function (s) { return words(s).map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1); }).join(' '); };
_.trim = function (s, chars) {
  s = _.toString(s);
  if (chars === undefined) return s.trim();
  var set = _.toString(chars);
  var a = 0, b = s.length;
  while (a < b && set.indexOf(s.charAt(a)) !== -1) a++;
  while (b > a && set.indexOf(s.charAt(b - 1)) !== -1) b--;
  return s.slice(a, b);
};
_.toLower = function (s) { return _.toString(s).toLowerCase(); };
_.toUpper = function (s) { return _.toString(s).toUpperCase(); };
_.startsWith = function (s, t, p) { return _.toString(s).startsWith(t, p); };
_.endsWith = function (s, t, p) { return _.toString(s).endsWith(t, p); };
_.split = function (s, sep, lim) { return _.toString(s).split(sep, lim); };
_.replace = function (s, p, r) { return _.toString(s).replace(p, r); };
_.escape = function (s) { return _.toString(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); };
_.pad = function (s, n, c) { s = _.toString(s); c = c === undefined ? ' ' : c; while (s.length < n) { s = s.length % 2 ? s + c : c + s; } return s.slice(0, Math.max(n, s.length)); };
_.padStart = function (s, n, c) { return _.toString(s).padStart(n, c === undefined ? ' ' : c); };
_.padEnd = function (s, n, c) { return _.toString(s).padEnd(n, c === undefined ? ' ' : c); };
_.toNumber = function (v) { return typeof v === 'number' ? v : Number(v); };
_.toInteger = function (v) { var n = Number(v); return isFinite(n) ? Math.trunc(n) : (n ? (n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE) : 0); };
_.castArray = function () { if (!arguments.length) return []; var v = arguments[0]; return Array.isArray(v) ? v : [v]; };
_.invert = function (o) { var out = {}; Object.keys(o || {}).forEach(function (k) { out[o[k]] = k; }); return out; };
_.max = function (a) { return (a && a.length) ? a.reduce(function (m, v) { return v > m ? v : m; }) : undefined; };
_.min = function (a) { return (a && a.length) ? a.reduce(function (m, v) { return v < m ? v : m; }) : undefined; };
_.sum = function (a) { return (a || []).reduce(function (s, v) { return s + v; }, 0); };
_.now = function () { return Date.now(); };
_.VERSION = '4.17.21';
module.exports = _;
`
