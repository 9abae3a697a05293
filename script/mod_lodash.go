package script

import "github.com/dop251/goja"

// Module lodash: the lodash 4 functions scripts call (see the list in
// lodashJS), written in JavaScript. Chaining (_.chain, _(value)) and the
// iteratee shorthands beyond property names/matches objects are not provided.
//
// A script uses a few of its hundred functions, so each is made on first
// read: the module object is a lazyExports.

func init() {
	registerModule("lodash", loadLodash)
}

var (
	lodashProgram = builtinModule("lodash", lodashJS)
	lodashKeys    = lazyKeysOf(lodashJS)
)

func loadLodash(h host) (goja.Value, error) {
	return runJSModule(h, lodashProgram, lazyExportsNative(h.Runtime(), lodashKeys))
}

const lodashJS = `
var hasOwn = Object.prototype.hasOwnProperty;
function isObjectLike(v) { return v !== null && typeof v === 'object'; }
function toPath(p) {
  if (Array.isArray(p)) return p;
  var out = [];
  String(p).replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g, function (m, num, q, str) {
    out.push(q ? str : (num !== undefined ? num : m));
  });
  return out;
}
function iteratee(f) {
  if (typeof f === 'function') return f;
  if (f == null) return function (x) { return x; };
  if (Array.isArray(f)) return function (o) { return _.get(o, f[0]) === f[1]; };
  if (typeof f === 'object') return function (o) { return Object.keys(f).every(function (k) { return _.isEqual(_.get(o, k), f[k]); }); };
  return function (o) { return _.get(o, f); };
}
function entries(c) {
  if (c == null) return [];
  if (_.isArrayLike(c)) return Array.prototype.map.call(c, function (v, i) { return [i, v]; });
  return Object.keys(c).map(function (k) { return [k, c[k]]; });
}
function words(s) {
  return _.toString(s).replace(/['\u2019]/g, '').match(/[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b)|[A-Z]?[a-z]+[0-9]*|[A-Z]+|[0-9]+/g) || [];
}

// original(name) is lodash's member name as the module made it, built on
// first use (the module object, a lazyExports, asks for each on first read);
// the names listed by make's cases, in order, are the module's keys.
var originals = Object.create(null);
function original(name) {
  return name in originals ? originals[name] : (originals[name] = make(name));
}
function make(name) {
  switch (name) {
  case 'isPlainObject': return function (v) {
    if (!isObjectLike(v) || Object.prototype.toString.call(v) !== '[object Object]') return false;
    var proto = Object.getPrototypeOf(v);
    if (proto === null) return true;
    var C = hasOwn.call(proto, 'constructor') && proto.constructor;
    return typeof C === 'function' && C instanceof C && Function.prototype.toString.call(C) === Function.prototype.toString.call(Object);
  };
  case 'isString': return function (v) { return typeof v === 'string' || (isObjectLike(v) && Object.prototype.toString.call(v) === '[object String]'); };
  case 'isNumber': return function (v) { return typeof v === 'number' || (isObjectLike(v) && Object.prototype.toString.call(v) === '[object Number]'); };
  case 'isBoolean': return function (v) { return v === true || v === false; };
  case 'isObject': return function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function'); };
  case 'isObjectLike': return isObjectLike;
  case 'isArray': return Array.isArray;
  case 'isFunction': return function (v) { return typeof v === 'function'; };
  case 'isUndefined': return function (v) { return v === undefined; };
  case 'isNull': return function (v) { return v === null; };
  case 'isNil': return function (v) { return v == null; };
  case 'isDate': return function (v) { return v instanceof Date; };
  case 'isFinite': return function (v) { return typeof v === 'number' && isFinite(v); };
  case 'isInteger': return function (v) { return Number.isInteger(v); };
  case 'isArrayLike': return function (v) { return v != null && typeof v !== 'function' && typeof v.length === 'number' && v.length >= 0; };
  case 'isEmpty': return function (v) {
    if (v == null) return true;
    if (_.isArrayLike(v)) return v.length === 0;
    if (v instanceof Map || v instanceof Set) return v.size === 0;
    for (var k in v) if (hasOwn.call(v, k)) return false;
    return true;
  };
  case 'isEqual': return function eq(a, b) {
    if (a === b || (a !== a && b !== b)) return true;
    if (!isObjectLike(a) || !isObjectLike(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) if (!hasOwn.call(b, ka[i]) || !eq(a[ka[i]], b[ka[i]])) return false;
    return true;
  };
  case 'toPath': return toPath;
  case 'get': return function (obj, path, def) {
    var p = toPath(path), v = obj;
    for (var i = 0; i < p.length && v != null; i++) v = v[p[i]];
    return (i === p.length && v !== undefined) ? v : def;
  };
  case 'has': return function (obj, path) {
    var p = toPath(path), v = obj;
    for (var i = 0; i < p.length; i++) {
      if (v == null || !hasOwn.call(Object(v), p[i])) return false;
      v = v[p[i]];
    }
    return p.length > 0;
  };
  case 'set': return function (obj, path, value) {
    if (!_.isObject(obj)) return obj;
    var p = toPath(path), v = obj;
    for (var i = 0; i < p.length - 1; i++) {
      if (!_.isObject(v[p[i]])) v[p[i]] = /^\d+$/.test(p[i + 1]) ? [] : {};
      v = v[p[i]];
    }
    v[p[p.length - 1]] = value;
    return obj;
  };
  case 'iteratee': return iteratee;
  case 'identity': return function (x) { return x; };
  case 'each': return function (c, f) {
    var e = entries(c);
    for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c) === false) break;
    return c;
  };
  case 'forEach': return original('each');
  case 'map': return function (c, f) { f = iteratee(f); return entries(c).map(function (e) { return f(e[1], e[0], c); }); };
  case 'filter': return function (c, f) { f = iteratee(f); return entries(c).filter(function (e) { return f(e[1], e[0], c); }).map(function (e) { return e[1]; }); };
  case 'reject': return function (c, f) { f = iteratee(f); return _.filter(c, function (v, k, c2) { return !f(v, k, c2); }); };
  case 'find': return function (c, f) { f = iteratee(f); var e = entries(c); for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c)) return e[i][1]; };
  case 'findIndex': return function (a, f) { f = iteratee(f); for (var i = 0; i < (a || []).length; i++) if (f(a[i], i, a)) return i; return -1; };
  case 'some': return function (c, f) { f = iteratee(f); return entries(c).some(function (e) { return f(e[1], e[0], c); }); };
  case 'every': return function (c, f) { f = iteratee(f); return entries(c).every(function (e) { return f(e[1], e[0], c); }); };
  case 'reduce': return function (c, f, acc) {
    var e = entries(c), i = 0;
    if (arguments.length < 3) { acc = e.length ? e[0][1] : undefined; i = 1; }
    for (; i < e.length; i++) acc = f(acc, e[i][1], e[i][0], c);
    return acc;
  };
  case 'includes': return function (c, v, from) {
    if (typeof c === 'string') return c.indexOf(v, from || 0) !== -1;
    return _.some(c, function (x) { return x === v || (x !== x && v !== v); });
  };
  case 'keys': return function (o) { return o == null ? [] : Object.keys(Object(o)); };
  case 'values': return function (o) { return _.keys(o).map(function (k) { return o[k]; }); };
  case 'entries': return function (o) { return _.keys(o).map(function (k) { return [k, o[k]]; }); };
  case 'toPairs': return original('entries');
  case 'fromPairs': return function (p) { var o = {}; (p || []).forEach(function (e) { o[e[0]] = e[1]; }); return o; };
  case 'pick': return function (o) {
    var paths = [].concat.apply([], Array.prototype.slice.call(arguments, 1));
    var out = {};
    if (o == null) return out;
    paths.forEach(function (p) { if (_.has(o, p) || (toPath(p).length === 1 && p in Object(o))) _.set(out, p, _.get(o, p)); });
    return out;
  };
  case 'pickBy': return function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { if (f(v, k)) out[k] = v; }); return out; };
  case 'omit': return function (o) {
    var paths = [].concat.apply([], Array.prototype.slice.call(arguments, 1)).map(String);
    var out = {};
    for (var k in Object(o)) if (paths.indexOf(k) === -1) out[k] = o[k];
    return out;
  };
  case 'omitBy': return function (o, f) { f = iteratee(f); return _.pickBy(o, function (v, k) { return !f(v, k); }); };
  case 'assign': return function (t) {
    t = Object(t);
    for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; if (s != null) Object.keys(s).forEach(function (k) { t[k] = s[k]; }); }
    return t;
  };
  case 'assignIn': return function (t) {
    t = Object(t);
    for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; for (var k in s) t[k] = s[k]; }
    return t;
  };
  case 'extend': return original('assignIn');
  case 'defaults': return function (t) {
    t = Object(t);
    for (var i = 1; i < arguments.length; i++) {
      var s = arguments[i];
      for (var k in s) if (t[k] === undefined || (t[k] === Object.prototype[k] && !hasOwn.call(t, k))) t[k] = s[k];
    }
    return t;
  };
  case 'merge': return function merge(t) {
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
  case 'clone': return function (v) {
    if (Array.isArray(v)) return v.slice();
    if (v instanceof Date) return new Date(v.getTime());
    if (isObjectLike(v)) return Object.assign({}, v);
    return v;
  };
  case 'cloneDeep': return function cd(v) {
    if (Array.isArray(v)) return v.map(cd);
    if (v instanceof Date) return new Date(v.getTime());
    if (v instanceof RegExp) return new RegExp(v.source, v.flags);
    if (isObjectLike(v)) { var o = {}; Object.keys(v).forEach(function (k) { o[k] = cd(v[k]); }); return o; }
    return v;
  };
  case 'mapKeys': return function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { out[f(v, k, o)] = v; }); return out; };
  case 'mapValues': return function (o, f) { f = iteratee(f); var out = {}; _.forEach(o, function (v, k) { out[k] = f(v, k, o); }); return out; };
  case 'head': return function (a) { return a && a.length ? a[0] : undefined; };
  case 'first': return original('head');
  case 'last': return function (a) { return a && a.length ? a[a.length - 1] : undefined; };
  case 'tail': return function (a) { return a ? Array.prototype.slice.call(a, 1) : []; };
  case 'initial': return function (a) { return a ? Array.prototype.slice.call(a, 0, -1) : []; };
  case 'take': return function (a, n) { return Array.prototype.slice.call(a || [], 0, n === undefined ? 1 : Math.max(n, 0)); };
  case 'uniq': return function (a) { var out = []; (a || []).forEach(function (v) { if (!_.includes(out, v)) out.push(v); }); return out; };
  case 'uniqBy': return function (a, f) { f = iteratee(f); var seen = [], out = []; (a || []).forEach(function (v) { var k = f(v); if (!_.includes(seen, k)) { seen.push(k); out.push(v); } }); return out; };
  case 'flatten': return function (a) { return [].concat.apply([], (a || []).map(function (v) { return v; })); };
  case 'flattenDeep': return function fd(a) { return (a || []).reduce(function (acc, v) { return acc.concat(Array.isArray(v) ? fd(v) : v); }, []); };
  case 'compact': return function (a) { return (a || []).filter(Boolean); };
  case 'concat': return function () { return [].concat.apply([], arguments); };
  case 'difference': return function (a, b) { return (a || []).filter(function (v) { return !_.includes(b || [], v); }); };
  case 'intersection': return function (a, b) { return _.uniq((a || []).filter(function (v) { return _.includes(b || [], v); })); };
  case 'union': return function () { return _.uniq([].concat.apply([], arguments)); };
  case 'without': return function (a) { var ex = Array.prototype.slice.call(arguments, 1); return (a || []).filter(function (v) { return !_.includes(ex, v); }); };
  case 'chunk': return function (a, n) { n = Math.max(n || 1, 1); var out = []; for (var i = 0; i < (a || []).length; i += n) out.push(a.slice(i, i + n)); return out; };
  case 'range': return function (s, e, st) {
    if (e === undefined) { e = s; s = 0; }
    st = st === undefined ? (s < e ? 1 : -1) : st;
    var out = [];
    for (var i = s; st > 0 ? i < e : i > e; i += st) { out.push(i); if (st === 0) break; }
    return out;
  };
  case 'groupBy': return function (c, f) { f = iteratee(f); var out = {}; _.forEach(c, function (v) { var k = f(v); (out[k] = out[k] || []).push(v); }); return out; };
  case 'keyBy': return function (c, f) { f = iteratee(f); var out = {}; _.forEach(c, function (v) { out[f(v)] = v; }); return out; };
  case 'sortBy': return function (c, f) {
    var fs = (Array.isArray(f) ? f : [f]).map(iteratee);
    return entries(c).map(function (e, i) { return { v: e[1], i: i }; }).sort(function (a, b) {
      for (var j = 0; j < fs.length; j++) { var x = fs[j](a.v), y = fs[j](b.v); if (x < y) return -1; if (x > y) return 1; }
      return a.i - b.i;
    }).map(function (o) { return o.v; });
  };
  case 'size': return function (c) { return c == null ? 0 : (_.isArrayLike(c) ? c.length : Object.keys(c).length); };
  case 'noop': return function () {};
  case 'once': return function (f) { var done = false, r; return function () { if (!done) { done = true; r = f.apply(this, arguments); } return r; }; };
  case 'toString': return function (v) { return v == null ? '' : (typeof v === 'string' ? v : (Array.isArray(v) ? v.map(_.toString).join(',') : ((v === 0 && 1 / v < 0) ? '-0' : String(v)))); };
  case 'words': return words;
  case 'capitalize': return function (s) { s = _.toString(s).toLowerCase(); return s.charAt(0).toUpperCase() + s.slice(1); };
  case 'upperFirst': return function (s) { s = _.toString(s); return s.charAt(0).toUpperCase() + s.slice(1); };
  case 'lowerFirst': return function (s) { s = _.toString(s); return s.charAt(0).toLowerCase() + s.slice(1); };
  case 'camelCase': return function (s) { return words(s).map(function (w, i) { w = w.toLowerCase(); return i ? w.charAt(0).toUpperCase() + w.slice(1) : w; }).join(''); };
  case 'snakeCase': return function (s) { return words(s).map(function (w) { return w.toLowerCase(); }).join('_'); };
  case 'kebabCase': return function (s) { return words(s).map(function (w) { return w.toLowerCase(); }).join('-'); };
  case 'startCase': return function (s) { return words(s).map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1); }).join(' '); };
  case 'trim': return function (s, chars) {
    s = _.toString(s);
    if (chars === undefined) return s.trim();
    var set = _.toString(chars);
    var a = 0, b = s.length;
    while (a < b && set.indexOf(s.charAt(a)) !== -1) a++;
    while (b > a && set.indexOf(s.charAt(b - 1)) !== -1) b--;
    return s.slice(a, b);
  };
  case 'toLower': return function (s) { return _.toString(s).toLowerCase(); };
  case 'toUpper': return function (s) { return _.toString(s).toUpperCase(); };
  case 'startsWith': return function (s, t, p) { return _.toString(s).startsWith(t, p); };
  case 'endsWith': return function (s, t, p) { return _.toString(s).endsWith(t, p); };
  case 'split': return function (s, sep, lim) { return _.toString(s).split(sep, lim); };
  case 'replace': return function (s, p, r) { return _.toString(s).replace(p, r); };
  case 'escape': return function (s) { return _.toString(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); };
  case 'pad': return function (s, n, c) { s = _.toString(s); c = c === undefined ? ' ' : c; while (s.length < n) { s = s.length % 2 ? s + c : c + s; } return s.slice(0, Math.max(n, s.length)); };
  case 'padStart': return function (s, n, c) { return _.toString(s).padStart(n, c === undefined ? ' ' : c); };
  case 'padEnd': return function (s, n, c) { return _.toString(s).padEnd(n, c === undefined ? ' ' : c); };
  case 'toNumber': return function (v) { return typeof v === 'number' ? v : Number(v); };
  case 'toInteger': return function (v) { var n = Number(v); return isFinite(n) ? Math.trunc(n) : (n ? (n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE) : 0); };
  case 'castArray': return function () { if (!arguments.length) return []; var v = arguments[0]; return Array.isArray(v) ? v : [v]; };
  case 'invert': return function (o) { var out = {}; Object.keys(o || {}).forEach(function (k) { out[o[k]] = k; }); return out; };
  case 'max': return function (a) { return (a && a.length) ? a.reduce(function (m, v) { return v > m ? v : m; }) : undefined; };
  case 'min': return function (a) { return (a && a.length) ? a.reduce(function (m, v) { return v < m ? v : m; }) : undefined; };
  case 'sum': return function (a) { return (a || []).reduce(function (s, v) { return s + v; }, 0); };
  case 'now': return function () { return Date.now(); };
  case 'VERSION': return '4.17.21';
  }
}
var _ = native.lazy(original);
module.exports = _;
`
