// Diagnoses one wire snapshot through the wasm build under Node, the way the
// service worker calls it: node wasm_node.js WASM_EXEC.js AUTHDOCTOR.wasm SNAPSHOT.json RUNS
// Prints JSON: boot phases and, per run, wall and CPU milliseconds.
'use strict';
const fs = require('fs');
const { performance } = require('perf_hooks');

async function main() {
  const [wasmExec, wasmPath, snapshotPath, runsArg] = process.argv.slice(2);
  require(wasmExec); // defines globalThis.Go
  const snapshot = fs.readFileSync(snapshotPath, 'utf8');
  const bytes = fs.readFileSync(wasmPath);
  const go = new globalThis.Go();
  const t0 = performance.now();
  const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
  const t1 = performance.now();
  go.run(instance);
  const t2 = performance.now();
  const api = globalThis.authdoctor;
  if (!api) throw new Error('the engine did not publish globalThis.authdoctor');
  const out = { instantiateMs: t1 - t0, startMs: t2 - t1, wallMs: [], cpuMs: [], failures: 0 };
  api.diagnose(snapshot); // warm-up: first-call compilation tiers
  for (let i = 0; i < Number(runsArg || 5); i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const report = api.diagnose(snapshot);
    out.wallMs.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    out.cpuMs.push((c.user + c.system) / 1000);
    const parsed = JSON.parse(report);
    if (parsed.error) throw new Error('engine error: ' + parsed.error);
    out.failures = (parsed.failures || []).length;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
