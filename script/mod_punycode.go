package script

import "github.com/dop251/goja"

// The punycode module Node 20 still ships (punycode.js 2.1.0): RFC 3492's
// Bootstring for labels, toASCII/toUnicode for domains and e-mail
// addresses (without the IDNA mapping the URL parser applies), and
// ucs2.decode/encode between strings and code points.

func init() {
	registerModule("punycode", func(h host) (goja.Value, error) { return runJSModule(h, punycodeProgram, nil) })
}

var punycodeProgram = builtinModule("punycode", punycodeJS)

const punycodeJS = `
var maxInt = 2147483647, base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128;
var errors = {
  overflow: 'Overflow: input needs wider integers to process',
  'not-basic': 'Illegal input >= 0x80 (not a basic code point)',
  'invalid-input': 'Invalid input'
};
function error(type) { throw new RangeError(errors[type]); }

// mapDomain applies fn to each label of a domain, or of the domain part of
// an e-mail address, after the full stop's look-alikes become full stops.
function mapDomain(string, fn) {
  var parts = string.split('@'), result = '';
  if (parts.length > 1) {
    result = parts[0] + '@';
    string = parts[1];
  }
  return result + string.replace(/[\x2E\u3002\uFF0E\uFF61]/g, '.').split('.').map(fn).join('.');
}

function ucs2decode(string) {
  var output = [], counter = 0, length = string.length;
  while (counter < length) {
    var value = string.charCodeAt(counter++);
    if (value >= 0xD800 && value <= 0xDBFF && counter < length) {
      var extra = string.charCodeAt(counter++);
      if ((extra & 0xFC00) === 0xDC00) {
        output.push(((value & 0x3FF) << 10) + (extra & 0x3FF) + 0x10000);
      } else {
        output.push(value);
        counter--;
      }
    } else {
      output.push(value);
    }
  }
  return output;
}
function ucs2encode(array) { return String.fromCodePoint.apply(String, array); }

function basicToDigit(c) {
  if (c >= 0x30 && c < 0x3A) return 26 + (c - 0x30);
  if (c >= 0x41 && c < 0x5B) return c - 0x41;
  if (c >= 0x61 && c < 0x7B) return c - 0x61;
  return base;
}
function digitToBasic(digit, flag) { return digit + 22 + 75 * (digit < 26) - ((flag !== 0) << 5); }
function adapt(delta, numPoints, firstTime) {
  var k = 0;
  delta = firstTime ? Math.floor(delta / damp) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  for (; delta > (base - tMin) * tMax >> 1; k += base) delta = Math.floor(delta / (base - tMin));
  return Math.floor(k + (base - tMin + 1) * delta / (delta + skew));
}

function decode(input) {
  var output = [], inputLength = input.length, i = 0, n = initialN, bias = initialBias;
  var basic = input.lastIndexOf('-');
  if (basic < 0) basic = 0;
  for (var j = 0; j < basic; ++j) {
    if (input.charCodeAt(j) >= 0x80) error('not-basic');
    output.push(input.charCodeAt(j));
  }
  for (var index = basic > 0 ? basic + 1 : 0; index < inputLength;) {
    var oldi = i;
    for (var w = 1, k = base; ; k += base) {
      if (index >= inputLength) error('invalid-input');
      var digit = basicToDigit(input.charCodeAt(index++));
      if (digit >= base) error('invalid-input');
      if (digit > Math.floor((maxInt - i) / w)) error('overflow');
      i += digit * w;
      var t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
      if (digit < t) break;
      if (w > Math.floor(maxInt / (base - t))) error('overflow');
      w *= base - t;
    }
    var out = output.length + 1;
    bias = adapt(i - oldi, out, oldi === 0);
    if (Math.floor(i / out) > maxInt - n) error('overflow');
    n += Math.floor(i / out);
    i %= out;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint.apply(String, output);
}

function encode(input) {
  var output = [];
  input = ucs2decode(input);
  var inputLength = input.length, n = initialN, delta = 0, bias = initialBias, c, q;
  for (c = 0; c < inputLength; c++) if (input[c] < 0x80) output.push(String.fromCharCode(input[c]));
  var basicLength = output.length, handled = basicLength;
  if (basicLength) output.push('-');
  while (handled < inputLength) {
    var m = maxInt;
    for (c = 0; c < inputLength; c++) if (input[c] >= n && input[c] < m) m = input[c];
    if (m - n > Math.floor((maxInt - delta) / (handled + 1))) error('overflow');
    delta += (m - n) * (handled + 1);
    n = m;
    for (c = 0; c < inputLength; c++) {
      var current = input[c];
      if (current < n && ++delta > maxInt) error('overflow');
      if (current === n) {
        q = delta;
        for (var k = base; ; k += base) {
          var t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
          if (q < t) break;
          var qMinusT = q - t, baseMinusT = base - t;
          output.push(String.fromCharCode(digitToBasic(t + qMinusT % baseMinusT, 0)));
          q = Math.floor(qMinusT / baseMinusT);
        }
        output.push(String.fromCharCode(digitToBasic(q, 0)));
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        ++handled;
      }
    }
    ++delta;
    ++n;
  }
  return output.join('');
}

function toUnicode(input) {
  return mapDomain(input, function (s) { return /^xn--/.test(s) ? decode(s.slice(4).toLowerCase()) : s; });
}
function toASCII(input) {
  return mapDomain(input, function (s) { return /[^\0-\x7F]/.test(s) ? 'xn--' + encode(s) : s; });
}

module.exports = { version: '2.1.0', ucs2: { decode: ucs2decode, encode: ucs2encode }, decode: decode, encode: encode, toASCII: toASCII, toUnicode: toUnicode };
`
