// Generates arrays_cases.json: Array's methods, Array.from, spread (of
// arrays, typed arrays and strings), split and match as Node 20 gives
// them, for arrays within the sandbox's length cap (the sandbox checks the
// length before these run, see guardArrayLengths and guardStringArrays):
//   node gen_arrays_cases.js > arrays_cases.json
// (TestArrayMethodsUnderTheCapLive runs this and compares.)
const exprs = [
  "JSON.stringify([1, 2, 3].map(function (x) { return x * 2; }))",
  "JSON.stringify([3, 1, 2].sort())",
  "JSON.stringify([...[1, 2, 3]])",
  "JSON.stringify([...new Set([1, 1, 2])])",
  "JSON.stringify(Array.from('h\u00e9llo'))",
  "JSON.stringify(Array.from({length: 3}, function (_, i) { return i * i; }))",
  "JSON.stringify(Array.from(new Map([[1, 2]])))",
  "JSON.stringify(Array.from([1, , 3]))",
  "Array.prototype[Symbol.iterator] === Array.prototype.values",
  "JSON.stringify(['map', 'filter', 'values', 'slice', 'flat', 'splice', 'with', 'toString', 'copyWithin', 'reduce'].map(function (n) { return [Array.prototype[n].name, Array.prototype[n].length, Object.getOwnPropertyDescriptor(Array.prototype, n).enumerable]; }))",
  "JSON.stringify([Array.from.name, Array.from.length, Object.getOwnPropertyDescriptor(Array, 'from').enumerable])",
  "JSON.stringify(Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator))",
  "Math.max(...[1, 5, 3])",
  "JSON.stringify([1, 2, 3].filter(function (x) { return x > 1; }).reduce(function (a, b) { return a + b; }, 0))",
  "JSON.stringify(Array.prototype.slice.call({length: 2, 0: 'a', 1: 'b'}))",
  "JSON.stringify([1, [2, [3]]].flat(Infinity))",
  "String([1, 2, [3, 4]])",
  "JSON.stringify([1, 2, 3].with(1, 9))",
  "JSON.stringify([1, 2, 3].toSorted(function (a, b) { return b - a; }))",
  "JSON.stringify([].concat([1], [2]))",
  "(function () { class A extends Array {} var a = A.from([1, 2]); return [a instanceof A, a.map(String) instanceof A].join(); })()",
  "(function () { var a = []; a.length = 1048576; return a.indexOf(1); })()",
  "(function () { try { [].values.call(undefined); } catch (e) { return e.name; } })()",
  "(function () { var it = [1, 2][Symbol.iterator](); return JSON.stringify([it.next(), it.next(), it.next()]); })()",
  "JSON.stringify([...new Uint8Array([1, 2, 3])])",
  "JSON.stringify(Array.from(new Uint16Array([7, 8])))",
  "JSON.stringify([...new Set(Buffer.from('aab'))])",
  "Object.getPrototypeOf(Uint8Array.prototype)[Symbol.iterator] === Object.getPrototypeOf(Uint8Array.prototype).values",
  "JSON.stringify([Object.getPrototypeOf(Uint8Array.prototype).values.name, Object.getPrototypeOf(Uint8Array.prototype).values.length, Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.iterator)])",
  "(function () { try { Object.getPrototypeOf(Uint8Array.prototype).values.call([]); } catch (e) { return e.name; } })()",
  "JSON.stringify(Array.from('ab', function (c) { return c + c; }))",
  "JSON.stringify([String.prototype[Symbol.iterator].name, String.prototype[Symbol.iterator].length, Object.getOwnPropertyDescriptor(String.prototype, Symbol.iterator)])",
  "[...'a\ud83d\ude00b'].length",
  "JSON.stringify([String.prototype.split.name, String.prototype.split.length, String.prototype.match.name, String.prototype.match.length])",
  "JSON.stringify(['a,b,,c'.split(',', 2), 'abc'.split(/(b)/), 'aXbXc'.match(/X/g), 'abc'.match(/z/g), 'abc'.split(), 'abc'.split(undefined, 0)])",
  "(function () { try { String.prototype.split.call(null, ','); } catch (e) { return e.name; } })()",
  "JSON.stringify(new String('a,b').split(','))",
];
require('../record_exprs.js')(exprs);
