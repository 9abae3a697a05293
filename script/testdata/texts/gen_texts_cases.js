// Generates texts_cases.json: the texts V8 writes where goja's built-ins
// word them differently: the URI functions' URIError, and Date#toString's
// name for UTC. Run with TZ=UTC (the sandbox's tests run their dates in UTC
// too):
//   TZ=UTC node gen_texts_cases.js > texts_cases.json
// (TestV8TextsMatchNodeLive runs this and compares.)
const caught = (expr) => `(function () { try { return ${expr}; } catch (e) { return [e.name, e.message, e instanceof URIError, String(e), e.stack.split("\\n")[0]]; } })()`;
const exprs = [];
for (const [fn, arg] of [
  ['decodeURIComponent', "'%'"], ['decodeURIComponent', "'%zz'"], ['decodeURIComponent', "'%C3'"],
  ['decodeURIComponent', "'%ED%A0%80'"], ['decodeURIComponent', "'%F0%9F%98%80'"], ['decodeURIComponent', "'a%20b'"],
  ['decodeURI', "'%'"], ['decodeURI', "'%E0%A4%A'"], ['decodeURI', "'%23%2F'"],
  ['encodeURIComponent', "'\\ud800'"], ['encodeURIComponent', "'\\ud800\\udc00 &'"], ['encodeURI', "'\\udc00x'"], ['encodeURI', "'a b#c'"],
]) {
  exprs.push(caught(`${fn}(${arg})`));
}
exprs.push(
  '[decodeURI.name, decodeURI.length, encodeURIComponent.name, encodeURIComponent.length, Object.getOwnPropertyDescriptor(globalThis, "decodeURIComponent").enumerable]',
  '(function () { try { decodeURIComponent("%"); } catch (e) { return e.constructor === URIError && Object.getPrototypeOf(e) === URIError.prototype; } })()',
  'decodeURIComponent.call(null, "%41")',
);
for (const d of ['0', 'Date.UTC(2023, 10, 14, 22, 13, 20)', 'Date.UTC(1999, 11, 31, 23, 59, 59, 999)', 'NaN']) {
  exprs.push(`(function (x) { return [x.toString(), x.toTimeString(), String(x), "" + x, \`\${x}\`, x.toDateString(), x.toUTCString()]; })(new Date(${d}))`);
}
exprs.push(
  '[Date.prototype.toString.name, Date.prototype.toString.length, Date.prototype.toTimeString.name, Object.getOwnPropertyDescriptor(Date.prototype, "toString").enumerable]',
  '(function () { class D extends Date {} return String(new D(0)); })()',
);
require('../record_exprs.js')(exprs);
