// benchcmp's Node worker: compiles one fetchUserProfile script once in a vm
// context (with npm request as the global `request`, as Auth0 offered it)
// and, for each "run" line on stdin, calls it with INFLIGHT calls in flight
// for a warm-up then a measured period, answering one JSON line of results.
'use strict';

const path = require('path');
const vm = require('vm');
const readline = require('readline');
const Module = require('module');

const hostRequire = Module.createRequire(path.join(process.env.BENCHCMP_MODULES, 'package.json'));
const request = hostRequire('request');
const INFLIGHT = Number(process.env.BENCHCMP_INFLIGHT) || 1;
const SCRIPT = process.env.BENCHCMP_SCRIPT;

const sandbox = { request, require: (m) => hostRequire(String(m)), console, Buffer, setTimeout, clearTimeout };
vm.createContext(sandbox);
const fn = new vm.Script('(' + SCRIPT + '\n)', { filename: 'fetchUserProfile.js' }).runInContext(sandbox);

// call runs one invocation and resolves with its latency in ns, or rejects.
function call() {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    fn('at', {}, (err, profile) => {
      if (err) return reject(err);
      if (!profile || profile.user_id !== '248289761001' || profile.email !== 'janedoe@example.com') {
        return reject(new Error('unexpected profile ' + JSON.stringify(profile)));
      }
      resolve(Number(process.hrtime.bigint() - t0));
    });
  });
}

// phase keeps INFLIGHT loops of calls going until `until` (hrtime ns).
async function phase(until, lat) {
  let errors = 0;
  let firstError = '';
  const loop = async () => {
    while (process.hrtime.bigint() < until) {
      try {
        lat.push(await call());
      } catch (e) {
        errors++;
        if (!firstError) firstError = String(e && e.message ? e.message : e);
      }
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, loop));
  return { errors, firstError };
}

async function run(durationNs, warmupNs) {
  const now = process.hrtime.bigint();
  await phase(now + BigInt(warmupNs), []);
  const lat = [];
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { errors, firstError } = await phase(t0 + BigInt(durationNs), lat);
  const elapsed = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return { latenciesNs: lat, errors, firstError, elapsedNs: elapsed, cpuNs: (cpu.user + cpu.system) * 1000 };
}

let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, d, w] = line.trim().split(/\s+/);
  if (cmd !== 'run') return;
  queue = queue.then(async () => {
    let ans;
    try {
      ans = await run(Number(d), Number(w));
    } catch (e) {
      ans = { latenciesNs: [], errors: 1, firstError: String(e), elapsedNs: 0 };
    }
    process.stdout.write(JSON.stringify(ans) + '\n');
  });
});
process.stdout.write(JSON.stringify({ ready: true, node: process.version }) + '\n');
