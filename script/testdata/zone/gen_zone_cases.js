// Generates zone_cases.json: what Date's local-time methods give in UTC,
// the zone Auth0 runs scripts in: the getters and setters, getTimezoneOffset,
// toString and friends, dates built from their parts, Date() and date
// strings without an offset. Run with TZ=UTC:
//   TZ=UTC node gen_zone_cases.js > zone_cases.json
// (TestDatesInUTCMatchNodeLive runs this and compares; the sandbox gives
// the same in a process in any zone, see TestDatesInUTCWhateverTheZone.)
const exprs = [];
// 2021-03-28 01:30 and 2021-10-31 00:30 UTC fall in Europe's DST switches.
const times = ['Date.UTC(2023, 10, 14, 22, 13, 20, 123)', 'Date.UTC(2024, 1, 29)', 'Date.UTC(1969, 11, 31, 23, 59, 59, 999)',
  'Date.UTC(2021, 2, 28, 1, 30)', 'Date.UTC(2021, 9, 31, 0, 30)', '0', '-1e14', 'NaN'];
for (const d of times) {
  exprs.push(`(function (x) { return [x.getFullYear(), x.getMonth(), x.getDate(), x.getDay(), x.getHours(), x.getMinutes(), x.getSeconds(), x.getMilliseconds(), x.getTimezoneOffset(), x.toString(), x.toDateString(), x.toTimeString(), String(x), x + "", \`\${x}\`]; })(new Date(${d}))`);
  exprs.push(`(function (x) { return [x.setFullYear(2020), x.setMonth(5), x.setDate(31), x.setHours(25), x.setMinutes(-1), x.setSeconds(61), x.setMilliseconds(1001), x.getTime()]; })(new Date(${d}))`);
  exprs.push(`(function (x) { return [x.setHours(1, 2, 3, 4), x.setMinutes(5, 6, 7), x.setSeconds(8, 9), x.setMonth(1, 30), x.setFullYear(2019, 1, 29), x.toString()]; })(new Date(${d}))`);
  exprs.push(`(function (x) { return [x.toLocaleString(), x.toLocaleDateString(), x.toLocaleTimeString()]; })(new Date(${d}))`);
}
exprs.push(
  '[new Date(2020, 0).getTime(), new Date(2020, 0, 1, 10, 5, 6, 7).getTime(), new Date(99, 11).getTime(), new Date(2020, 13, 40, 25, 61, 61, 1001).getTime()]',
  '[new Date(2020, 0, 1, 0, 0, 0, 0.9).getTime(), String(new Date(2020, NaN).getTime()), new Date("2020", "1").getTime(), new Date(2021, 2, 28, 2, 30).getHours()]',
  '[new Date(2020, 0, 1).valueOf() === Date.UTC(2020, 0, 1), new Date(2020, 5, 15, 12).toString(), new Date(2020, 5, 15, 12).toISOString()]',
  '(function () { class D extends Date {} var d = new D(2020, 5, 1, 3); return [d.getTime(), d.getHours(), d instanceof D]; })()',
  'Reflect.construct(Date, [2020, 5, 1, 3]).getTime()',
  'new Date(new Date(2020, 0, 1).setHours(48)).toString()',
  'JSON.stringify({d: new Date(2020, 0, 1, 12)})',
  '[Date.parse("2020-01-01T10:00:00"), Date.parse("2020-01-01T10:00"), Date.parse("2020-01-01"), Date.parse("Jan 1 2020 10:00"), Date.parse("1/2/2020"), new Date("2020-06-15 12:00").getTime()]',
  '[new Date("2020-06-15T12:00:00").getHours(), new Date("Mon Jun 15 2020 12:00:00").getTimezoneOffset(), new Date("2020-06-15T12:00:00+05:30").getHours()]',
  '/^\\w{3} \\w{3} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\\+0000 \\(Coordinated Universal Time\\)$/.test(Date())',
  '[new Date().getTimezoneOffset(), new Date().getHours() === new Date().getUTCHours() || new Date().getUTCMinutes() === 0]',
  '["getFullYear", "getMonth", "getDate", "getDay", "getHours", "getMinutes", "getSeconds", "getMilliseconds", "getTimezoneOffset", "setFullYear", "setMonth", "setDate", "setHours", "setMinutes", "setSeconds", "setMilliseconds", "toString", "toDateString", "toTimeString"].map(function (n) { var f = Date.prototype[n]; return [f.name, f.length, Object.getOwnPropertyDescriptor(Date.prototype, n).enumerable]; })',
  "(function (d, utc) { var get = utc ? 'getUTC' : 'get'; return [d[get + 'Hours'](), d[get + 'Day'](), d[get + 'FullYear']()]; })(new Date(Date.UTC(2020, 0, 1, 23, 30)), false)",
  '(function () { var d = new Date(0), e = new Date(0); d.setUTCFullYear(0); e.setUTCFullYear(-5); return [d.toLocaleDateString(), e.toLocaleString(), d.toString(), e.toDateString()]; })()',
  '(function () { var d = new Date(Date.UTC(2020, 0, 1, 23)); d.setDate(d.getDate() + 1); return [d.getDate(), d.getHours(), d.toDateString()]; })()',
);
require('../record_exprs.js')(exprs);
