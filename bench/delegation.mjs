// Seal + open time per delegated call (request and response, both sides),
// in Node and in workerd. workerd's clock only advances on I/O, so its batch
// is timed from outside: (time for N calls - time for 0 calls) / N.
//   node bench/delegation.mjs [--quick]
import { fileURLToPath } from "node:url";
import * as ea from "edgeauth";
import { startWorker } from "../tests/js/harness/workerd.mjs";
import { makeCycle } from "./delegation-cycle.mjs";

const N = process.argv.includes("--quick") ? 200 : 2000;

async function node() {
  const cycle = makeCycle(ea);
  for (let i = 0; i < 100; i++) await cycle();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < N; i++) await cycle();
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) * 1000) / N, cpu: (used.user + used.system) / N };
}

async function workerd() {
  const worker = await startWorker(fileURLToPath(new URL("./delegation-worker.mjs", import.meta.url)));
  try {
    const time = async (n) => {
      const start = performance.now();
      await (await worker.dispatch(`/?n=${n}`)).text();
      return performance.now() - start;
    };
    await time(100);
    const empty = Math.min(await time(0), await time(0), await time(0));
    const full = await time(N);
    return ((full - empty) * 1000) / N;
  } finally {
    await worker.mf.dispose();
  }
}

console.log(`delegation: seal + open per call (request and response), ${N} calls`);
const n = await node();
console.log(`  node    ${n.wall.toFixed(1)} µs/call (CPU ${n.cpu.toFixed(1)} µs/call: less disturbed by other load)`);
console.log(`  workerd ${(await workerd()).toFixed(1)} µs/call`);
