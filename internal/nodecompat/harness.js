// Runs Auth0-style fetchUserProfile / getLogoutUrl scripts under real Node,
// one JSON request per stdin line, one JSON answer per stdout line. Every
// HTTP(S) connection goes to the addresses in NODECOMPAT_HTTP / NODECOMPAT_HTTPS
// whatever the URL's host; TLS is verified for the URL's host name against
// the CAs in NODE_EXTRA_CA_CERTS. Script console output is captured, never
// printed to stdout (which carries the protocol).
'use strict';

const path = require('path');
const vm = require('vm');
const util = require('util');
const net = require('net');
const http = require('http');
const https = require('https');
const readline = require('readline');
const Module = require('module');
const { AsyncLocalStorage } = require('async_hooks');

const MODULES_DIR = process.env.NODECOMPAT_DIR;
const TIMEOUT_MS = Number(process.env.NODECOMPAT_TIMEOUT_MS) || 20000;
// Names scripts may require (without @version); null means any installed
// package or Node core module.
const ALLOWED = JSON.parse(process.env.NODECOMPAT_MODULES || 'null');
// Pre-injected globals: {globalName: moduleName}.
const MAGIC = JSON.parse(process.env.NODECOMPAT_GLOBALS || '{}');

const hostRequire = Module.createRequire(path.join(MODULES_DIR, 'package.json'));

// Keep stdout for the protocol: anything printed by modules goes to stderr.
const writeOut = process.stdout.write.bind(process.stdout);
const toStderr = (...a) => process.stderr.write(util.format(...a) + '\n');
console.log = console.info = console.debug = console.warn = console.error = console.trace = toStderr;

function splitAddr(a) {
  const i = a.lastIndexOf(':');
  return [a.slice(0, i).replace(/^\[|\]$/g, ''), Number(a.slice(i + 1))];
}

if (process.env.NODECOMPAT_HTTP) {
  const [host, port] = splitAddr(process.env.NODECOMPAT_HTTP);
  http.Agent.prototype.createConnection = function (options, cb) {
    return net.createConnection(Object.assign({}, options, { host, port, path: undefined }), cb);
  };
}
if (process.env.NODECOMPAT_HTTPS) {
  const [host, port] = splitAddr(process.env.NODECOMPAT_HTTPS);
  const orig = https.Agent.prototype.createConnection;
  https.Agent.prototype.createConnection = function (options, cb) {
    const o = Object.assign({}, options);
    const want = o.host || o.hostname || 'localhost';
    if (o.servername === undefined) o.servername = net.isIP(want) ? '' : want;
    // With a name, the certificate is checked against it (Node uses
    // servername first); for an IP-literal URL, against the mock's 127.0.0.1.
    o.host = host;
    o.port = port;
    o.path = undefined;
    return orig.call(this, o, cb);
  };
}

// Node's own fetch (undici) ignores http.Agent: a global dispatcher from
// the npm undici of the bundled version sends its connections to the same
// addresses, TLS checked for the URL's host name. Without it, node-fetch
// stands in for fetch.
let nodeFetch = null;
try {
  const undici = hostRequire('undici');
  const targets = { 'http:': process.env.NODECOMPAT_HTTP, 'https:': process.env.NODECOMPAT_HTTPS };
  const connect = undici.buildConnector({});
  undici.setGlobalDispatcher(new undici.Agent({
    connect(opts, cb) {
      const t = targets[opts.protocol];
      if (!t) return connect(opts, cb);
      const [host, port] = splitAddr(t);
      const servername = opts.servername || (net.isIP(opts.hostname) ? '' : opts.hostname);
      return connect(Object.assign({}, opts, { hostname: host, host: host + ':' + port, port, servername }), cb);
    },
  }));
  nodeFetch = globalThis.fetch;
} catch (e) {
  toStderr('nodecompat: Node\'s fetch unavailable, node-fetch stands in:', e.message);
}

// Modules are loaded once per process, like Node's require cache.
function loadModule(spec) {
  let name = spec;
  let version = '';
  const at = spec.lastIndexOf('@');
  if (at > 0) {
    name = spec.slice(0, at);
    version = spec.slice(at + 1);
  }
  if (ALLOWED && !ALLOWED.includes(name)) {
    const e = new Error(`Cannot find module '${spec}'`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  if (version) {
    try {
      return hostRequire(`${name}-${version}`);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  if (name === 'fetch') return hostRequire('node-fetch');
  return hostRequire(name);
}

const als = new AsyncLocalStorage();
let current = null; // the run whose callback is awaited

// errorFields describes a failure the way package script reports it: an
// Error's name and message (the name alone when the message is empty), an
// error-like object's message, a string as is, anything else inspected.
function errorFields(e) {
  if (e === undefined) return { error: 'undefined', errorName: '' };
  if (e === null) return { error: 'null', errorName: '' };
  if (typeof e !== 'object' && typeof e !== 'function') return { error: String(e), errorName: '' };
  if (util.types.isNativeError(e) || e instanceof Error) {
    const name = typeof e.name === 'string' ? e.name : '';
    const msg = e.message === undefined ? '' : String(e.message);
    if (msg === '') return { error: name || 'Error', errorName: '' };
    return { error: msg, errorName: name };
  }
  if (typeof e.message === 'string' && e.message !== '') {
    return { error: e.message, errorName: typeof e.name === 'string' ? e.name : '' };
  }
  return { error: util.inspect(e), errorName: '' };
}

function toJSON(v) {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v));
}

function newContext(run) {
  const levels = { log: 'log', info: 'info', debug: 'log', trace: 'log', dir: 'log', warn: 'warn', error: 'error' };
  const cons = {};
  for (const [fn, level] of Object.entries(levels)) {
    cons[fn] = (...a) => run.logs.push({ level, message: util.format(...a) });
  }
  const track = (set, clear) => (...a) => {
    const h = set(...a);
    run.timers.push(() => clear(h));
    return h;
  };
  const req = (spec) => loadModule(String(spec));
  const moduleObj = { exports: {} };
  const sandbox = {
    console: cons,
    require: req,
    request: loadModule('request'),
    module: moduleObj,
    exports: moduleObj.exports,
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    structuredClone,
    atob,
    btoa,
    queueMicrotask,
    performance,
    setTimeout: track(setTimeout, clearTimeout),
    setInterval: track(setInterval, clearInterval),
    setImmediate: track(setImmediate, clearImmediate),
    clearTimeout,
    clearInterval,
    clearImmediate,
    fetch: nodeFetch || ((...a) => hostRequire('node-fetch')(...a)),
    Headers: globalThis.Headers,
    Request: globalThis.Request,
    Response: globalThis.Response,
    // The real process object would let a script end the harness; this is
    // the subset package script offers.
    process: {
      env: {},
      version: process.version,
      versions: { node: process.versions.node },
      platform: process.platform,
      arch: process.arch,
      argv: [],
      nextTick: process.nextTick,
      hrtime: process.hrtime,
      uptime: process.uptime,
    },
    configuration: {},
  };
  for (const [g, m] of Object.entries(MAGIC)) sandbox[g] = loadModule(m);
  vm.createContext(sandbox, { name: 'script' });
  vm.runInContext('globalThis.global = globalThis;', sandbox);
  return sandbox;
}

function isSyntaxError(e) {
  return e !== null && typeof e === 'object' && e.name === 'SyntaxError';
}

// compile mirrors the shapes package script accepts: a function expression
// (anonymous, named, async, arrow), module.exports = ..., exports.name = ...,
// an IIFE returning the function, or statements declaring the function.
function compile(src, ctx, fname) {
  try {
    const fn = new vm.Script('(' + src + '\n)', { filename: fname + '.js' }).runInContext(ctx);
    if (typeof fn === 'function') return fn;
  } catch (e) {
    if (!isSyntaxError(e)) throw Object.assign(e, { nodecompatKind: 'thrown' });
  }
  let script;
  try {
    script = new vm.Script(src, { filename: fname + '.js' });
  } catch (e) {
    throw Object.assign(e, { nodecompatKind: 'compile' });
  }
  let v;
  try {
    v = script.runInContext(ctx);
  } catch (e) {
    throw Object.assign(e, { nodecompatKind: 'thrown' });
  }
  const ex = ctx.module.exports;
  if (typeof ex === 'function') return ex;
  if (ex && typeof ex[fname] === 'function') return ex[fname];
  if (typeof ctx[fname] === 'function') return ctx[fname];
  if (typeof v === 'function') return v;
  throw { message: `script does not define ${fname}`, name: 'Error', nodecompatKind: 'compile' };
}

// invoke calls fn once and resolves with the protocol answer.
function invoke(run, fn, args) {
  return new Promise((resolve) => {
    run.finish = (ans) => {
      if (run.done) return;
      run.done = true;
      clearTimeout(run.deadline);
      resolve(ans);
    };
    run.deadline = setTimeout(() => run.finish({ error: 'Script execution timed out', errorName: '', kind: 'timeout' }), TIMEOUT_MS);
    const cb = function (err, value) {
      if (run.done) {
        run.logs.push({ level: 'warn', message: 'callback called more than once' });
        return;
      }
      if (err) {
        run.finish(Object.assign(errorFields(err), { kind: 'callback' }));
        return;
      }
      try {
        run.finish({ value: toJSON(value) });
      } catch (e) {
        run.finish(Object.assign(errorFields(e), { kind: 'invalid result' }));
      }
    };
    als.run(run, () => {
      try {
        const r = fn.apply(undefined, [...args, cb]);
        if (r && typeof r.then === 'function') {
          r.then(undefined, (e) => run.finish(Object.assign(errorFields(e), { kind: 'thrown' })));
        }
      } catch (e) {
        run.finish(Object.assign(errorFields(e), { kind: 'thrown' }));
      }
    });
  });
}

function asyncFailure(e) {
  const run = als.getStore() || current;
  if (run && !run.done) {
    run.finish(Object.assign(errorFields(e), { kind: 'thrown' }));
  } else {
    toStderr('nodecompat: late failure from a finished script:', e && e.stack ? e.stack : e);
  }
}
process.on('uncaughtException', asyncFailure);
process.on('unhandledRejection', asyncFailure);

function inContext(ctx, value) {
  ctx.__nodecompat_json = JSON.stringify(value === undefined ? null : value);
  const v = vm.runInContext('JSON.parse(globalThis.__nodecompat_json)', ctx);
  delete ctx.__nodecompat_json;
  return v;
}

async function handle(msg) {
  const fname = msg.function || 'fetchUserProfile';
  const run = { logs: [], timers: [], done: false };
  const started = process.hrtime.bigint();
  const ctx = newContext(run);
  let fn;
  try {
    fn = compile(String(msg.script), ctx, fname);
  } catch (e) {
    return Object.assign(errorFields(e), { kind: e.nodecompatKind || 'compile', logs: run.logs });
  }
  const n = msg.repeat > 0 ? msg.repeat : 1;
  let ans;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = i === 0 ? run : Object.assign({}, run, { done: false });
    current = r;
    const args = (msg.args || []).map((a) => inContext(ctx, a));
    ans = await invoke(r, fn, args);
    if (ans.error !== undefined) errors++;
  }
  const t1 = process.hrtime.bigint();
  current = null;
  for (const c of run.timers) c();
  ans.logs = run.logs;
  ans.callNs = Number(t1 - t0);
  ans.totalNs = Number(t1 - started);
  ans.calls = n;
  ans.errors = errors;
  return ans;
}

// Requests are handled one at a time, in order.
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      writeOut(JSON.stringify({ id: null, error: 'nodecompat: bad request line: ' + e.message, kind: 'protocol' }) + '\n');
      return;
    }
    let ans;
    try {
      ans = await handle(msg);
    } catch (e) {
      ans = Object.assign(errorFields(e), { kind: 'protocol' });
    }
    ans.id = msg.id;
    writeOut(JSON.stringify(ans) + '\n');
  });
});
rl.on('close', () => {
  queue.then(() => process.exit(0));
});
writeOut(JSON.stringify({ ready: true, node: process.version }) + '\n');
