// Generates regexp_cases.json: what Node 20 gives for regular expressions
// with Unicode property escapes ("\p{L}" under the u flag), which the
// sandbox writes out as classes when it compiles a script (literals) or
// when its RegExp constructor is given one, and for that constructor's
// other behaviour. The sandbox's test puts each expression in the script's
// own text.
// Regenerate with: node gen_regexp_cases.js > regexp_cases.json
// (TestRegExpPropertyEscapesMatchNodeLive runs this and compares.)
const exprs = [
  '/\\p{Lu}/u.test("É")', '/[\\p{L}\\d]+/u.exec("ab12-")[0]', '/\\p{Script=Greek}/u.test("α")', '/\\p{sc=Grek}+/u.exec("xαβγ")[0]',
  '/\\p{scx=Cyrl}+/u.exec("x привет")[0]', '/\\p{Alphabetic}/u.test("ª")', '"Ab1 ç-ñ_😀".replace(/\\P{L}/gu, "")',
  '"José Müller-Łukasz 42!".replace(/[^\\p{L}\\p{N}\\s-]/gu, "")', '"日本語 text".match(/\\p{Script=Han}/gu).join("")',
  '/^\\p{Lu}\\p{Ll}+$/u.test("Émile")', '/\\p{L}/.test("p{L}")', '"a😀b".replace(/\\p{So}/gu, "?")', '/\\p{N}+/u.exec("x٣٤5y")[0]',
  '/[\\P{L}]+/u.exec("ab--cd")[0]', '/\\p{White_Space}+/u.exec("a \\u00a0\\u2003b")[0].length', '/\\p{Any}/u.test("\\n")',
  '/\\p{ASCII}+/u.exec("abcé")[0]', '/\\p{gc=Nd}+/u.exec("x123")[0]', '/\\p{General_Category=Letter}+/u.exec("1ab2")[0]',
  '/\\p{Letter}+/u.exec("1ab2")[0]', '/(?<=\\p{Lu})\\p{Ll}/u.exec("aBc")[0]', '/(?<first>\\p{Lu})\\p{Ll}*/u.exec("xAbc").groups.first',
  '/\\p{Lu}/giu.test("a")', '/\\p{Cn}/u.test("\\u0378")', '/\\p{Assigned}/u.test("a")', '/[\\p{Lu}-]+/u.exec("AB-C")[0]',
  '/\\p{LC}+/u.exec("1aBǅ2")[0]', '/\\p{Uppercase}+/u.exec("aⒶB")[0]', '/\\p{Lowercase}+/u.exec("Aªb")[0]', '/\\p{Math}+/u.exec("a+∑b")[0]',
  '/\\p{ID_Start}\\p{ID_Continue}*/u.exec("1_x9é")[0]', '/\\p{Cased}+/u.exec("1aB2")[0]', '/\\p{Pd}/u.test("—")', '/\\p{Sc}/u.test("€")',
  '/\\p{Zs}/u.test("\\u3000")', '/\\p{Cc}/u.test("\\u0007")', '/\\p{Co}/u.test("\\ue000")', '/\\p{Mn}/u.test("\\u0301")',
  '"e\\u0301".replace(/\\p{M}/gu, "")', '"naïve café".normalize("NFD").replace(/\\p{Diacritic}/gu, "")',
  '"x😀y".match(/\\P{ASCII}/gu).length', '/\\p{L}/u.source.length > 0', '/[^\\p{L}]/u.test("é")', '/\\\\p/u.test("\\\\p")',
  '/[\\\\p]/u.test("p")',
  // Patterns given to the RegExp constructor.
  "new RegExp(\"\\\\p{L}+\", \"u\").exec(\"1ab\")[0]",
  "\"Ab1 \u00e7\".replace(new RegExp(\"[^\\\\p{L}]\", \"gu\"), \"\")",
  "RegExp(\"\\\\p{Lu}\", \"u\").test(\"\u00c9\")",
  "new RegExp(/\\p{L}/u).test(\"\u00e9\")",
  "new RegExp(/x/u, \"u\").test(\"x\")",
  "new RegExp(/a/g).flags",
  "new RegExp(/a/g, \"i\").flags",
  "(function(){ try { new RegExp(\"\\\\p{Nope}\", \"u\") } catch (e) { return [e.name, e.message] } })()",
  "(function(){ try { new RegExp(\"(\", \"u\") } catch (e) { return [e.name] } })()",
  "new RegExp(\"\\\\p{L}\").test(\"p{L}\")",
  "(function(){ var r = /a/; return RegExp(r) === r })()",
  "(function(){ var r = /a/; return new RegExp(r) === r })()",
  "RegExp(/a/, \"g\").global",
  "new RegExp(\"a\") instanceof RegExp",
  "/a/ instanceof RegExp",
  "RegExp.prototype.constructor === RegExp",
  "/a/.constructor === RegExp",
  "RegExp.name",
  "RegExp.length",
  "typeof RegExp.prototype.exec",
  "(function(){ class R extends RegExp {} var r = new R(\"\\\\p{L}\", \"u\"); return [r instanceof R, r instanceof RegExp, r.test(\"\u00e9\"), r.constructor === R] })()",
  "\"a-b-c\".split(/-/)",
  "\"a-b-c\".split(new RegExp(\"-\"))",
  "\"aXbxc\".split(/x/i)",
  "\"aaa\".replace(new RegExp(\"a\", \"g\"), \"b\")",
  "[...\"a1b2\".matchAll(new RegExp(\"\\\\d\", \"g\"))].length",
  "RegExp(\"a|b\").source",
  "new RegExp().source",
  "new RegExp(undefined, \"g\").flags",
  "Object.prototype.toString.call(new RegExp(\"x\"))",
  "new RegExp(\"\\\\P{L}+\", \"gu\")[Symbol.replace](\"ab12cd\", \"-\")",
];
require('../record_exprs.js')(exprs);
