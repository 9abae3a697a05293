// Generates locale_cases.json: Node 20's en-US forms of numbers and dates.
// Run with TZ=UTC (the sandbox's tests run their dates in UTC too):
//   TZ=UTC node gen_locale_cases.js > locale_cases.json
// (TestLocaleMatchesNodeLive runs this and compares.)
const nums = [0, 1234.5, -1234567.891, 0.0004, 1e21, NaN, Infinity, -Infinity, 12.3456, 999.9995, 1.005, -0, 0.5, 123456789.125, 2.5, 0.045];
const opts = ['undefined', '{minimumFractionDigits: 2}', '{maximumFractionDigits: 0}', '{style: "percent"}', '{useGrouping: false}', '{minimumFractionDigits: 1, maximumFractionDigits: 2}', '{maximumFractionDigits: 1}'];
const exprs = [];
for (const n of nums) {
  const lit = Object.is(n, -0) ? '-0' : String(n);
  exprs.push(`[${opts.map((o) => `(${lit}).toLocaleString("en-US", ${o})`).join(', ')}, (${lit}).toLocaleString()]`);
}
const dates = ['Date.UTC(2023, 10, 14, 22, 13, 20)', '0', 'Date.UTC(2023, 0, 5, 12, 5, 9)', 'Date.UTC(1999, 11, 31, 23, 59, 59)', 'NaN'];
for (const d of dates) {
  exprs.push(`(function (x) { return [x.toLocaleDateString(), x.toLocaleTimeString(), x.toLocaleString(), x.toLocaleString("en-US"), x.toLocaleString("en-US", {timeZone: "UTC"}), x.toLocaleTimeString("en-US", {hour12: false}), x.toLocaleString("en-US", {hour12: false})]; })(new Date(${d}))`);
}
exprs.push(
  '[1234, 5.5].toLocaleString()', '(function () { try { (1).toLocaleString("en-US", {maximumFractionDigits: 101}); } catch (e) { return e.name; } })()',
  '(function () { try { (1).toLocaleString("en-US", {minimumFractionDigits: 3, maximumFractionDigits: 1}); } catch (e) { return e.name; } })()',
  '(12).toLocaleString("de-DE") === (12).toLocaleString("en-US")',
);
require('../record_exprs.js')(exprs);
