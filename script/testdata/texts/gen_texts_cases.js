// Generates texts_cases.json: the texts V8 writes where goja's built-ins
// word them differently: the URI functions' URIError, Date#toString's
// name for UTC, localeCompare with locales and options, and Date strings. Run with TZ=UTC (the sandbox's tests run their dates in UTC
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
// localeCompare with locales and options (caseFirst is checked, not applied).
exprs.push(
  "'r\u00e9sum\u00e9'.localeCompare('resume', 'en', {sensitivity: 'base'})",
  "'r\u00e9sum\u00e9'.localeCompare('Resume', 'en', {sensitivity: 'accent'})",
  "'resume'.localeCompare('Resume', 'en', {sensitivity: 'accent'})",
  "'resume'.localeCompare('Resume', 'en', {sensitivity: 'case'})",
  "'r\u00e9sum\u00e9'.localeCompare('resume', 'en', {sensitivity: 'case'})",
  "'a'.localeCompare('A', undefined, {sensitivity: 'variant'})",
  "'a'.localeCompare('B', undefined, {sensitivity: 'base'})",
  "'10'.localeCompare('2', undefined, {numeric: true})",
  "'item10'.localeCompare('item9', 'en', {numeric: true})",
  "'a-b'.localeCompare('ab', 'en', {ignorePunctuation: true})",
  "'a'.localeCompare('A', 'en', {caseFirst: 'lower'})",
  "'\u00e4'.localeCompare('z', 'de')",
  "'\u00e4'.localeCompare('z', 'sv')",
  "'\u00e4'.localeCompare('z', ['sv', 'en'])",
  "'a'.localeCompare('b', 'xx-invalid-tag-')",
  "'a'.localeCompare('b', 'en', {sensitivity: 'nope'})",
  "'A@b.com'.localeCompare('a@B.com', undefined, {sensitivity: 'base'}) === 0",
  "['b','a','C','\u00e1','A'].sort(function(x,y){return x.localeCompare(y, 'en', {sensitivity: 'base'})}).join()",
  "['z10','z2','z1'].sort(function(x,y){return x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'})}).join()",
  "'a'.localeCompare('a', 'en', {})",
  "'a'.localeCompare('b', 'en')",
  "'b'.localeCompare('a', 'en-US')",
  "'a'.localeCompare('b', undefined, undefined)",
  "'\u00df'.localeCompare('ss', 'de', {sensitivity: 'base'})",
  "'\u2168'.localeCompare('IX', 'en', {sensitivity: 'base'})",
  "'\uff76'.localeCompare('\u30ab', 'ja', {sensitivity: 'base'})",
  "String.prototype.localeCompare.length",
  "String.prototype.localeCompare.name",
  "'a'.localeCompare('b', 'en', {usage: 'search'})",
  "'a'.localeCompare('b', 'en', {numeric: 'yes'})",
  "'x'.localeCompare('X', 'tr', {sensitivity: 'base'})",
  "'i'.localeCompare('I', 'tr', {sensitivity: 'accent'})",
  "'a'.localeCompare('A', 'en', {caseFirst: 'lower'})",
  "'a'.localeCompare('A', 'en', {caseFirst: 'sideways'})",
  "'Stra\u00dfe'.localeCompare('STRASSE', 'de', {sensitivity: 'base'})",
  "'e'.localeCompare('\u00e9', 'fr', {sensitivity: 'accent'})",
  "'a'.localeCompare('b', 42)",
  "'a'.localeCompare('b', [], {numeric: true})",
  "(function () { try { return String.prototype.localeCompare.call(null, 'a', 'en'); } catch (e) { return [e.name, e.message]; } })()",
  "['\u00c9mile', 'eve', 'Zo\u00eb', 'adam', '\u00c5dne'].sort(function (x, y) { return x.localeCompare(y, 'en', {sensitivity: 'base'}); }).join()",
  "['file10.txt', 'File2.txt', 'file1.txt'].sort(function (x, y) { return x.localeCompare(y, undefined, {numeric: true, sensitivity: 'accent'}); }).join()",
  "(function () { try { return 'a'.localeCompare('b', 'en', null); } catch (e) { return [e.name, e.message]; } })()",
  "(function () { try { return 'a'.localeCompare('b', null); } catch (e) { return [e.name, e.message]; } })()",
  "(function () { try { return 'a'.localeCompare('b', Symbol('x')); } catch (e) { return [e.name, e.message]; } })()",
  "(function () { try { return 'a'.localeCompare('b', {length: 1, 0: 'sv'}); } catch (e) { return [e.name, e.message]; } })()",
);
// Date strings read as V8 reads them (see also testdata/dates), the Date
// stand-in's own shape, and Date() naming UTC.
exprs.push(
  "String(new Date(\"1700000000\").getTime())",
  "String(Date.parse(\"1700000000\"))",
  "String(Date.parse(\"12 2026\"))",
  "new Date(\"-2026\").toISOString()",
  "new Date(\"07\").toISOString()",
  "new Date(\"June 2022\").toISOString()",
  "new Date(\"Wed Oct 10 20:19:24 +0000 2018\").toISOString()",
  "new Date(\"2026-12-07T22:00:00.123+02:00\").getTime()",
  "/ \\(Coordinated Universal Time\\)$/.test(Date())",
  "typeof Date()",
  "typeof Date(\"2020-01-01\")",
  "[Date.length, Date.name, Date.parse.name, Date.parse.length, typeof Date.now(), Date.UTC(2020, 1)]",
  "Object.getOwnPropertyNames(Date).sort().join()",
  "Date.prototype.constructor === Date",
  "new Date(0) instanceof Date && Object.getPrototypeOf(new Date(0)) === Date.prototype",
  "(function () { class D extends Date { y() { return this.getUTCFullYear(); } } var d = new D(\"1/1/2000 GMT\"); return [d.y(), d instanceof D, d instanceof Date]; })()",
  "[new Date(2020, 0, 1, 10).getHours(), new Date(2020, 0, 1, 10, 5, 6, 7).getMilliseconds(), new Date(2020, 0).getMonth()]",
  "[new Date(new Date(5)).getTime(), String(new Date(undefined).getTime()), new Date(null).getTime(), new Date(true).getTime()]",
  "[String(new Date(NaN)), Object.prototype.toString.call(new Date(0))]",
  "Reflect.construct(Date, [\"1/1/2000 GMT\"]).getTime()",
  "(function () { try { return new Date(\"2020-01-01\").toISOString(); } catch (e) { return e.name; } })()",
  "(function () { try { return new Date(\"1700000000\").toISOString(); } catch (e) { return [e.name, e.message]; } })()",
);
require('../record_exprs.js')(exprs);
