// How much parallelism the machine gives right now: the same CPU-bound loop on one thread, then on two
// threads at once (twice the work). On two idle cores the speed-up is ~2×; on a machine other processes
// keep busy it is lower, and so is the best that `jinshou scan --workers 2` can show.
//
// usage: node bench/parallel-probe.mjs [--threads 2] [--iterations 200000000]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { emit, flags } from './lib/common.mjs';

function spin(iterations) {
  const t0 = performance.now();
  let acc = 0;
  for (let i = 0; i < iterations; i++) acc = (acc * 31 + i) | 0;
  return { ms: performance.now() - t0, acc };
}

if (!isMainThread) {
  parentPort.postMessage(spin(workerData));
} else {
  const opt = flags();
  const threads = Number(opt.threads ?? 2);
  const iterations = Number(opt.iterations ?? 2e8);
  const run = (n) => {
    const t0 = performance.now();
    return Promise.all(
      Array.from({ length: n }, () => new Promise((resolve, reject) => new Worker(new URL(import.meta.url), { workerData: iterations }).on('message', resolve).on('error', reject))),
    ).then(() => performance.now() - t0);
  };
  await run(1); // warm-up (thread start, JIT)
  const one = await run(1);
  const many = await run(threads);
  emit({ threads, iterations, oneThreadMs: one, manyThreadsMs: many, speedup: (threads * one) / many });
}
