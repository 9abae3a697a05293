// Generates smallmods_cases.json: what uuid 9.0.1 and xtend 4.0.2 on Node 20
// give for each expression. Regenerate with the packages where Node finds them:
//   NODE_PATH=<folder holding them> node gen_smallmods_cases.js > smallmods_cases.json
// (TestSmallModulesMatchNodeLive runs this against the installed packages.)
global.require = require;
require('../record_exprs.js')([
  'require("uuid").v5("user-42", require("uuid").v5.DNS)', 'require("uuid").v5("https://example.com/u/1", require("uuid").v5.URL)',
  'require("uuid").v5("héllo", "1b671a64-40d5-491e-99b0-da01ff1f3341")', 'require("uuid").v3("user-42", require("uuid").v3.DNS)',
  'require("uuid").v5([1, 2, 3], require("uuid").v5.DNS)', 'Array.from(require("uuid").v5("a", require("uuid").v5.URL, new Array(20), 2)).slice(0, 6)',
  'require("uuid").validate(require("uuid").v4())', 'require("uuid").version(require("uuid").v4())', 'require("uuid").v4().length', 'require("uuid").v4() !== require("uuid").v4()',
  'require("uuid").v4({random: [16, 145, 86, 190, 196, 251, 193, 228, 142, 186, 141, 139, 201, 45, 213, 116]})',
  'require("uuid").v1({node: [1, 35, 69, 103, 137, 171], clockseq: 0x1234, msecs: new Date("2011-11-01").getTime(), nsecs: 5678})',
  'require("uuid").validate(require("uuid").v1())', 'require("uuid").version(require("uuid").v1())',
  'require("uuid").NIL', 'require("uuid").validate("not-a-uuid")', 'require("uuid").validate("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")',
  'Array.from(require("uuid").parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))', 'require("uuid").stringify(require("uuid").parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))',
  '(function () { try { require("uuid").parse("x"); } catch (e) { return [e.name, e.message]; } })()',
  '(function () { try { require("uuid").v5("a", "bad"); } catch (e) { return [e.name, e.message]; } })()',
  'require("xtend")({a: 1, b: {c: 2}}, {b: 3}, null, {d: 4})', 'require("xtend")()', '(function () { var a = {x: 1}; var r = require("xtend")(a); return [r !== a, r.x]; })()',
  '(function () { var p = Object.create({inherited: 1}); p.own = 2; return require("xtend")(p); })()',
]);
