package script

import "github.com/dop251/goja"

// Module xml2js: parseString, parseStringPromise, Parser and processors of
// xml2js 0.6, on the tokenizer of the xmldom module (the same limits and
// hardening: no entity from a DTD expanded, nothing fetched). The objects
// built are xml2js's for its options explicitArray, explicitRoot,
// explicitCharkey, mergeAttrs, ignoreAttrs, attrkey, charkey, trim,
// normalize, normalizeTags, emptyTag and the four processor lists. A
// malformed document is an error, as in xml2js (its messages are sax's,
// these the tokenizer's). Not provided: Builder, async, validator,
// explicitChildren and xmlns.

func init() {
	registerModule("xml2js", func(h host) (goja.Value, error) {
		return runJSModule(h, xml2jsProgram, xmlNative(h.Runtime()))
	})
}

var xml2jsProgram = builtinModule("xml2js", xml2jsJS)

const xml2jsJS = `
var defaults = {
  explicitCharkey: false, trim: false, normalize: false, normalizeTags: false, attrkey: '$', charkey: '_',
  explicitArray: true, ignoreAttrs: false, mergeAttrs: false, explicitRoot: true, emptyTag: '',
  attrNameProcessors: null, attrValueProcessors: null, tagNameProcessors: null, valueProcessors: null,
};

var prefixMatch = /(?!xmlns)^.*:/;
var processors = {
  normalize: function (str) { return str.toLowerCase(); },
  firstCharLowerCase: function (str) { return str.charAt(0).toLowerCase() + str.slice(1); },
  stripPrefix: function (str) { return str.replace(prefixMatch, ''); },
  parseNumbers: function (str) {
    if (!isNaN(str)) str = str % 1 === 0 ? parseInt(str, 10) : parseFloat(str);
    return str;
  },
  parseBooleans: function (str) {
    if (/^(?:true|false)$/i.test(str)) str = str.toLowerCase() === 'true';
    return str;
  },
};

function processItem(list, item, key) {
  for (var i = 0; i < list.length; i++) item = list[i](item, key);
  return item;
}

function isEmpty(o) {
  return typeof o === 'object' && o !== null && Object.keys(o).length === 0;
}

function assignOrPush(o, obj, key, value) {
  if (!(key in obj)) {
    obj[key] = o.explicitArray ? [value] : value;
  } else {
    if (!(obj[key] instanceof Array)) obj[key] = [obj[key]];
    obj[key].push(value);
  }
}

function xmlError(e) {
  var err = new Error(e[1] + '\nLine: ' + (e[2] - 1) + '\nColumn: ' + e[3]);
  return err;
}

// build turns the tokenizer's list into xml2js's object (onopentag,
// ontext, oncdata and onclosetag of xml2js's parser).
function build(str, o) {
  var res = native.tokenize(str, false), t = res.t;
  for (var i = 0; i < res.e.length; i++) throw xmlError(res.e[i]);
  var attrkey = o.attrkey, charkey = o.charkey, stack = [], result, seenRoot = false;
  for (var k = 0; k < t.length;) {
    var kind = t[k];
    if (kind === 1) {
      if (seenRoot && stack.length === 0) throw new Error('Text data outside of root node.');
      var obj = {};
      obj[charkey] = '';
      var attrs = t[k + 2];
      if (!o.ignoreAttrs) {
        for (var a = 0; a < attrs.length; a += 2) {
          var name = o.attrNameProcessors ? processItem(o.attrNameProcessors, attrs[a]) : attrs[a];
          var value = o.attrValueProcessors ? processItem(o.attrValueProcessors, attrs[a + 1], attrs[a]) : attrs[a + 1];
          if (o.mergeAttrs) {
            assignOrPush(o, obj, name, value);
          } else {
            if (!(attrkey in obj)) obj[attrkey] = {};
            obj[attrkey][name] = value;
          }
        }
      }
      var tag = o.normalizeTags ? t[k + 1].toLowerCase() : t[k + 1];
      obj['#name'] = o.tagNameProcessors ? processItem(o.tagNameProcessors, tag) : tag;
      stack.push(obj);
      seenRoot = true;
      k += 3;
    } else if (kind === 3 || kind === 4) {
      var s = stack[stack.length - 1];
      if (s) {
        s[charkey] += t[k + 1];
        if (kind === 4) s.cdata = true;
      } else if (/\S/.test(t[k + 1])) {
        throw new Error(seenRoot ? 'Text data outside of root node.' : 'Non-whitespace before first tag.');
      }
      k += 2;
    } else if (kind === -1) {
      var node = stack.pop(), nodeName = node['#name'], cdata = false, emptyStr;
      delete node['#name'];
      if (node.cdata === true) {
        cdata = true;
        delete node.cdata;
      }
      var out = node;
      if (/^\s*$/.test(node[charkey]) && !cdata) {
        emptyStr = node[charkey];
        delete node[charkey];
      } else {
        if (o.trim) node[charkey] = node[charkey].trim();
        if (o.normalize) node[charkey] = node[charkey].replace(/\s{2,}/g, ' ').trim();
        if (o.valueProcessors) node[charkey] = processItem(o.valueProcessors, node[charkey], nodeName);
        if (Object.keys(node).length === 1 && charkey in node && !o.explicitCharkey) out = node[charkey];
      }
      if (isEmpty(out)) out = o.emptyTag !== '' ? o.emptyTag : emptyStr;
      if (stack.length > 0) {
        assignOrPush(o, stack[stack.length - 1], nodeName, out);
      } else {
        if (o.explicitRoot) {
          var wrapped = {};
          wrapped[nodeName] = out;
          out = wrapped;
        }
        result = out;
      }
      k += 1;
    } else {
      k += kind === 7 ? 3 : kind === 10 ? 4 : 2;
    }
  }
  if (!seenRoot) throw new Error('Non-whitespace before first tag.');
  return result;
}

function Parser(opts) {
  if (!(this instanceof Parser)) return new Parser(opts);
  this.options = {};
  var k;
  for (k in defaults) this.options[k] = defaults[k];
  for (k in opts || {}) this.options[k] = opts[k];
}

Parser.prototype.parseString = function (str, cb) {
  var result, err = null;
  str = String(str);
  if (str.trim() === '') {
    cb(null, null);
    return;
  }
  try {
    result = build(str, this.options);
  } catch (e) {
    err = e;
  }
  if (err) cb(err);
  else cb(null, result);
};

Parser.prototype.parseStringPromise = function (str) {
  var self = this;
  return new Promise(function (resolve, reject) {
    self.parseString(str, function (err, result) { if (err) reject(err); else resolve(result); });
  });
};

exports.defaults = { '0.2': defaults, '0.1': defaults };
exports.processors = processors;
exports.Parser = Parser;
exports.parseString = function (str, a, b) {
  var cb, options = {};
  if (b != null) {
    if (typeof b === 'function') cb = b;
    if (typeof a === 'object') options = a;
  } else if (typeof a === 'function') {
    cb = a;
  }
  return new Parser(options).parseString(str, cb);
};
exports.parseStringPromise = function (str, options) {
  return new Parser(options).parseStringPromise(str);
};
`
