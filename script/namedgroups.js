(function (info) {
  'use strict';
  // Named capture groups for the regular expressions of one runtime (see
  // namedgroups.go). goja's engine numbers named groups after the unnamed
  // ones, loses some of their captures and gives the match no groups object,
  // so patterns are matched without their names. info(source) returns null
  // for a pattern without named groups, else {names: [, name of group 1 or
  // '', ...]} and either the source as written (a literal whose names
  // Compile removed) or the pattern without its names (a pattern built at
  // run time, matched through a twin made from that).
  var BuiltinRegExp = RegExp;
  var proto = RegExp.prototype;
  var builtinExec = proto.exec;
  var builtinReplace = proto[Symbol.replace];
  var builtinSource = Object.getOwnPropertyDescriptor(proto, 'source').get;
  var builtinFlags = Object.getOwnPropertyDescriptor(proto, 'flags').get;
  var twins = new Map();
  function infoOf(rx) { return info(builtinSource.call(rx)); }
  function toString(v) { return `${v}`; } // ECMAScript's ToString: a Symbol throws

  function twin(rx, stripped) {
    var flags = builtinFlags.call(rx), key = flags + '/' + stripped, t = twins.get(key);
    if (t === undefined) {
      t = new BuiltinRegExp(stripped, flags);
      if (twins.size < 256) twins.set(key, t);
    }
    return t;
  }

  function exec(string) {
    var i = infoOf(this);
    if (i === null) return builtinExec.call(this, string);
    var s = toString(string); // before lastIndex is read: a toString may run a regexp
    var rx = this;
    if (i.stripped !== undefined) {
      rx = twin(this, i.stripped);
      rx.lastIndex = this.lastIndex;
    }
    var m = builtinExec.call(rx, s);
    if (rx !== this && (rx.global || rx.sticky)) this.lastIndex = rx.lastIndex;
    if (m !== null) {
      var groups = Object.create(null);
      for (var j = 1; j < i.names.length; j++) {
        if (i.names[j]) groups[i.names[j]] = m[j];
      }
      m.groups = groups;
    }
    return m;
  }

  function advance(s, index, unicode) {
    if (!unicode || index + 1 >= s.length) return index + 1;
    var c = s.charCodeAt(index);
    if (c < 0xd800 || c > 0xdbff) return index + 1;
    var d = s.charCodeAt(index + 1);
    return d < 0xdc00 || d > 0xdfff ? index + 1 : index + 2;
  }

  // substitution is GetSubstitution (ECMA-262 22.1.3.19.1).
  function substitution(matched, str, position, captures, groups, template) {
    var out = '';
    var tail = position + matched.length;
    var m = captures.length;
    for (var k = 0; k < template.length; k++) {
      var c = template.charAt(k);
      if (c !== '$' || k + 1 >= template.length) { out += c; continue; }
      var n = template.charAt(k + 1);
      if (n === '$') { out += '$'; k++; }
      else if (n === '&') { out += matched; k++; }
      else if (n === '`') { out += str.slice(0, position); k++; }
      else if (n === "'") { out += tail >= str.length ? '' : str.slice(tail); k++; }
      else if (n >= '0' && n <= '9') {
        var one = +n, two = k + 2 < template.length && template.charAt(k + 2) >= '0' && template.charAt(k + 2) <= '9' ? one * 10 + +template.charAt(k + 2) : -1;
        if (two >= 1 && two <= m) { var v2 = captures[two - 1]; out += v2 === undefined ? '' : v2; k += 2; }
        else if (one >= 1 && one <= m) { var v1 = captures[one - 1]; out += v1 === undefined ? '' : v1; k++; }
        else out += '$';
      } else if (n === '<' && groups !== undefined) {
        var close = template.indexOf('>', k + 2);
        if (close < 0) { out += '$<'; k++; continue; }
        var v = groups[template.slice(k + 2, close)];
        out += v === undefined ? '' : toString(v);
        k = close;
      } else out += '$';
    }
    return out;
  }

  // replace is RegExp.prototype[Symbol.replace] (ECMA-262 22.2.6.11) for a
  // pattern with named groups; others keep goja's.
  function replace(string, replaceValue) {
    var rx = this;
    if (infoOf(rx) === null) return builtinReplace.call(rx, string, replaceValue);
    var s = toString(string);
    var functional = typeof replaceValue === 'function';
    if (!functional) replaceValue = toString(replaceValue);
    var flags = toString(rx.flags);
    var global = flags.indexOf('g') >= 0;
    var results = [];
    if (global) rx.lastIndex = 0;
    for (;;) {
      var result = rx.exec(s);
      if (result === null) break;
      results.push(result);
      if (!global) break;
      if (toString(result[0]) === '') rx.lastIndex = advance(s, Math.max(0, Math.floor(Number(rx.lastIndex)) || 0), flags.indexOf('u') >= 0);
    }
    var acc = '', next = 0;
    for (var r = 0; r < results.length; r++) {
      var res = results[r];
      var matched = toString(res[0]);
      var position = Math.max(Math.min(Math.floor(Number(res.index)) || 0, s.length), 0);
      var captures = [];
      for (var j = 1; j < res.length; j++) captures.push(res[j] === undefined ? undefined : toString(res[j]));
      var groups = res.groups, replacement;
      if (functional) {
        var args = [matched].concat(captures, [position, s]);
        if (groups !== undefined) args.push(groups);
        replacement = toString(replaceValue.apply(undefined, args));
      } else {
        replacement = substitution(matched, s, position, captures, groups === undefined ? undefined : Object(groups), replaceValue);
      }
      if (position >= next) {
        acc += s.slice(next, position) + replacement;
        next = position + matched.length;
      }
    }
    return next >= s.length ? acc : acc + s.slice(next);
  }

  Object.defineProperty(proto, 'exec', { value: exec, writable: true, configurable: true, enumerable: false });
  // source as written, for a literal whose names Compile removed.
  var source = Object.getOwnPropertyDescriptor({
    get source() {
      var s = builtinSource.call(this), i = info(s);
      return i !== null && i.source !== undefined ? i.source : s;
    },
  }, 'source').get;
  Object.defineProperty(proto, 'source', { get: source, configurable: true, enumerable: false });
  Object.defineProperty(proto, Symbol.replace, { value: replace, writable: true, configurable: true, enumerable: false });
})
