// Writes, as JSON on standard output, what Node gives for each expression:
// [{src, want: {value} or {error}}]. The gen_*_cases.js scripts beside this
// file use it; the sandbox's tests evaluate the same expressions (checkExprs).
module.exports = function recordExprs(exprs) {
  // Scripts reach require as a global, as in the sandbox.
  global.require = require;
  const out = exprs.map((src) => {
    try {
      return { src, want: { value: JSON.parse(JSON.stringify(new Function('return ' + src)())) } };
    } catch (e) {
      return { src, want: { error: `${e.name}: ${e.message}` } };
    }
  });
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
};
