// Generates web_cases.json: what Node 20 gives for TextEncoder,
// TextDecoder, structuredClone and queueMicrotask expressions. Regenerate
// with: node gen_web_cases.js > web_cases.json (TestWebGlobalsMatchNodeLive
// runs this and compares.)
require('../record_exprs.js')([
  '[typeof TextEncoder, typeof TextDecoder, typeof structuredClone, typeof queueMicrotask]',
  'new TextEncoder().encoding', 'Array.from(new TextEncoder().encode("héllo€😀"))', 'new TextEncoder().encode().length',
  'Array.from(new TextEncoder().encode("a\\ud800b"))', 'Object.prototype.toString.call(new TextEncoder().encode("x"))',
  '(function () { var d = new Uint8Array(4); var r = new TextEncoder().encodeInto("hé€", d); return [r, Array.from(d)]; })()',
  'new TextDecoder().decode(new Uint8Array([0xc3, 0xa9, 0x20, 0xe2, 0x82, 0xac]))', 'new TextDecoder().decode()',
  'new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))', 'new TextDecoder("utf-8", {ignoreBOM: true}).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).length',
  'new TextDecoder().decode(new Uint8Array([0x61, 0x62]).buffer)', 'new TextDecoder().decode(new DataView(new Uint8Array([0x61, 0x62, 0x63]).buffer, 1))',
  'new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62]))', '(function () { try { new TextDecoder("utf-8", {fatal: true}).decode(new Uint8Array([0xff])); } catch (e) { return [e.name, e.code, e.message]; } })()',
  'new TextDecoder("UTF8").encoding', 'new TextDecoder("utf-16").encoding', 'new TextDecoder("utf-16le").decode(new Uint8Array([0x68, 0, 0xe9, 0]))',
  '(function () { try { new TextDecoder("bogus"); } catch (e) { return [e.name, e.code, e.message]; } })()',
  '[new TextDecoder().fatal, new TextDecoder("utf8", {fatal: true}).fatal, new TextDecoder().ignoreBOM]',
  '(function () { var o = {d: new Date(0), m: new Map([[1, {a: 1}]]), s: new Set([1, 2]), r: /x/gi, n: [1, {b: 2}], u: undefined}; o.self = o; var c = structuredClone(o); return [c !== o, c.self === c, c.d instanceof Date, c.d.getTime(), c.m.get(1).a, c.m.get(1) !== o.m.get(1), Array.from(c.s), String(c.r), c.n[1].b, "u" in c]; })()',
  '(function () { try { structuredClone(function f() {}); } catch (e) { return [e.name, e.message]; } })()',
  '(function () { try { structuredClone({s: Symbol("x")}); } catch (e) { return [e.name, e.message]; } })()',
  '(function () { class A { constructor() { this.x = 1; } get y() { return 2; } } var c = structuredClone(new A()); return [c instanceof A, c.x, c.y, Object.getPrototypeOf(c) === Object.prototype]; })()',
  '(function () { var e = structuredClone(new TypeError("m")); return [e instanceof TypeError, e.name, e.message]; })()',
  '(function () { var c = structuredClone(Buffer.from("ab")); return [Object.prototype.toString.call(c), Array.from(c)]; })()',
  '(function () { var a = [1, 2]; var c = structuredClone({p: a, q: a}); return [c.p === c.q, c.p !== a]; })()',
  'structuredClone("s") + structuredClone(1) + structuredClone(null)', 'Array.from(structuredClone(new Uint16Array([1, 65535])))',
  '(function () { try { queueMicrotask(1); } catch (e) { return [e.name, e.code, e.message]; } })()',
  '(function () { try { structuredClone(); } catch (e) { return [e.name, e.message]; } })()',
  // AbortController and AbortSignal.
  '(function () { var c = new AbortController(), got = []; c.signal.addEventListener("abort", function (e) { got.push(e.type); }); c.signal.onabort = function () { got.push("on"); }; c.signal.addEventListener("abort", function () { got.push("once"); }, {once: true}); c.abort(); c.abort(); return [c.signal.aborted, c.signal.reason.name, c.signal.reason.message, c.signal.reason.code, c.signal.reason instanceof Error, String(c.signal.reason), got]; })()',
  '(function () { var c = new AbortController(); c.abort("why"); return [c.signal.aborted, c.signal.reason]; })()',
  '[new AbortController().signal.aborted, new AbortController().signal.reason, AbortSignal.abort().aborted, AbortSignal.abort().reason.name, typeof AbortSignal.timeout]',
  '(function () { try { new AbortSignal(); } catch (e) { return [e.name, e.message]; } })()',
  '(function () { try { AbortSignal.abort(new Error("x")).throwIfAborted(); } catch (e) { return e.message; } })()',
  '(function () { var c = new AbortController(), n = 0; function f() { n++; } c.signal.addEventListener("abort", f); c.signal.removeEventListener("abort", f); c.abort(); return n; })()',
  // TextDecoder.decode takes bytes or nothing; require takes a primitive
  // string; the timers take a function.
  ...['5', '"abc"', '{}', 'null', 'undefined'].map((a) => '(function () { try { return new TextDecoder().decode(' + a + '); } catch (e) { return [e.name, e.code, e.message]; } })()'),
  ...['5', 'Symbol("url")', 'new String("url")'].map((a) => '(function () { try { return typeof require(' + a + '); } catch (e) { return [e.name, e.code, e.message]; } })()'),
  ...['setTimeout(5)', 'setInterval({})', 'setImmediate("x")', 'process.nextTick(5)'].map((c) => '(function () { try { return typeof ' + c + '; } catch (e) { return [e.name, e.code, e.message]; } })()'),
  // Typed arrays and ArrayBuffer behave as built-ins (the harness's text
  // gets them wrapped by the sandbox's size checks).
  ...['new Int32Array(-1)', 'new ArrayBuffer(-1)', 'Uint8Array(2)', 'ArrayBuffer(2)', 'new Uint8Array(-0.5).length',
    '(function () { var a = new Uint8Array([1, 2, 3]); return [a.length, a instanceof Uint8Array, a.constructor === Uint8Array, Uint8Array.name, Uint8Array.length, Uint8Array.BYTES_PER_ELEMENT, Object.prototype.toString.call(a), a.map(function (x) { return x * 2; }).join(","), a.slice(1) instanceof Uint8Array, a.subarray(1).length]; })()',
    '(function () { class X extends Uint8Array { sum() { return this.reduce(function (s, x) { return s + x; }, 0); } } var x = new X([1, 2, 3]); return [x.sum(), x instanceof X, x instanceof Uint8Array, x.constructor.name, x.map(function (v) { return v; }) instanceof X]; })()',
    '(function () { var b = new ArrayBuffer(8); return [b.byteLength, b instanceof ArrayBuffer, ArrayBuffer.isView(new DataView(b)), new Uint16Array(b).length, new Float64Array(b, 0, 1).length, ArrayBuffer.name, ArrayBuffer.length, b.slice(2).byteLength, b.constructor === ArrayBuffer]; })()',
    '[Uint8Array.from([1, 2]).length, Uint8Array.of(1, 2, 3).length, new Uint8Array("3").length, new Uint8Array().length, Object.getPrototypeOf(Uint8Array).name, typeof Uint8Array, new Uint8ClampedArray([300])[0], new BigInt64Array(2).length]',
    '(function () { var b = Buffer.from("hi"); return [b instanceof Uint8Array, Buffer.isBuffer(b), new TextEncoder().encode("\u00e9").length, new TextDecoder().decode(new Uint8Array([104, 105])), require("util").inspect(new Uint8Array(2)), require("util").types.isUint8Array(b)]; })()',
    // The sizes the sandbox checks, with values that are no size: its
    // checks leave Node's answers to them as they are.
    ...['Buffer.alloc(X).length', 'Buffer.allocUnsafe(X).length', '"ab".repeat(X)', '"ab".padStart(X).length', '"ab".padEnd(X, "").length',
      'new Uint8Array(X).length', 'new Float64Array(X).length', 'new ArrayBuffer(X).byteLength', 'Array(X).length', 'new Array(X).length']
      .flatMap((t) => ['NaN', 'Infinity', '-Infinity', '-1', '-0', '0.5', '"3"', 'null', 'undefined', 'true', '{}', '[]', '[2]', 'Symbol()']
        // (A Buffer's out-of-range message names the cap, Node's or the sandbox's.)
        .filter((v) => !(t.startsWith('Buffer') && /Infinity|NaN|-1/.test(v)))
        .map((v) => t.replace('X', v))),
    // Array-likes' lengths as each reads them.
    ...['{length: -1}', '{length: NaN}', '{length: "3"}', '{length: 2.7}', '{length: 2}', '{length: Symbol()}']
      .flatMap((v) => ['new Uint8Array(' + v + ').length', 'Uint8Array.from(' + v + ').length', 'Buffer.from(' + v + ').length']),
    // apply and Reflect's argument lists (the sandbox caps their length
    // where Node runs out of stack).
    'Math.max.apply(null, [1, 3, 2])', 'Array.apply(null, {length: 3}).length', '(function () { return arguments.length; }).apply(null, {length: 5})',
    'Math.max.apply(null, {length: 2 ** 31})', 'Math.max.apply(null, {length: 2 ** 20})', 'Reflect.apply(Math.max, null, {length: 2 ** 33})',
    'Reflect.construct(Array, {length: 2 ** 20})', 'Reflect.apply(Math.max, null, [1, 2])', 'Reflect.construct(Date, [0]).getTime()',
    '[Function.prototype.apply.length, Function.prototype.apply.name, Reflect.apply.length, Reflect.construct.length, Reflect.construct.name]',
    '(function () { return this.x; }).apply({x: 7})', 'Math.max.apply(null, undefined)',
    // Array too (the sandbox caps the length Array(n) makes).
    '[Array(3).length, new Array(1, 2), Array("5"), Array(2.5)]', 'new Array(-1)', 'Array(2 ** 32)',
    '[[] instanceof Array, Array.isArray(new Array(2)), Array.of(7).length, Array.from({length: 2}, function (_, i) { return i; }), Array.name, Array.length, Array.prototype.constructor === Array, [1, 2].map(function (x) { return x; }).constructor === Array]',
    '(function () { class A extends Array { last() { return this[this.length - 1]; } } var a = new A(3); a.push(9); return [a.length, a instanceof A, a instanceof Array, a.last(), Array.isArray(a), a.map(function (x) { return x; }) instanceof A]; })()',
  ].map((c) => '(function () { try { return ' + c + '; } catch (e) { return [e.name, e.code, e.message]; } })()'),
]);
