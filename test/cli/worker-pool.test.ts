/**
 * The worker pool against small stand-in worker scripts that speak the worker protocol, so ordering,
 * backpressure and failures can be tested without a build or an engine.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../../src/cli/scan/run-scan.js';
import { reportError } from '../../src/cli/errors.js';
import { Collector, fakeEngine, stdinOf } from './helpers.js';
import { PackLoadError } from '../../src/engine-api.js';

/** A worker that echoes every non-blank line as {"line":N,"worker":W}, after a random delay. */
const ECHO = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
if (workerData.engineOptions.asOf === 'fail' || workerData.engineOptions.asOf === 'worker-fails') {
  parentPort.postMessage({ type: 'init-failed', message: 'bad pack', diagnostics: [{ code: 'P005', level: 'error', message: 'YAML syntax error', file: 'x.yaml', line: 2, col: 3 }] });
} else {
  parentPort.postMessage({ type: 'ready', diagnostics: [] });
  let batches = 0;
  parentPort.on('message', ({ seq, batch }) => {
    batches++;
    const crash = workerData.engineOptions.asOf;
    if (crash === 'exit' && batches === 2) process.exit(3);
    if (crash === 'throw' && batches === 2) throw new Error('worker bug');
    const text = Buffer.from(batch.bytes).toString('utf8');
    let out = '';
    let records = 0;
    text.split('\\n').forEach((l, i) => {
      if (l.trim() === '') return;
      records++;
      out += JSON.stringify({ line: batch.firstLine + i, worker: threadId }) + '\\n';
    });
    const output = new TextEncoder().encode(out);
    setTimeout(() => parentPort.postMessage({ type: 'done', seq, output, records }, [output.buffer]), Math.random() * 5);
  });
}
`;

let dir: string;
let echo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jinshou-pool-'));
  echo = join(dir, 'echo-worker.cjs');
  writeFileSync(echo, ECHO);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PACK_ERROR = { code: 'P005', level: 'error', message: 'YAML syntax error', file: 'x.yaml', line: 2, col: 3 } as const;
/** Sleeps about `ms` milliseconds without yielding (a slow scan, so that the workers get batches too). */
const busy = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// The main thread scans too (with the fake engine, slowed down so the echo workers get most batches);
// its results are {"id": line, …}, the workers' {"line": N, "worker": W}.
function context(input: string) {
  return {
    stdin: stdinOf(input, 4096),
    stdout: new Collector(),
    stderr: new Collector(),
    createEngine: (o: { asOf?: unknown }) => {
      if (o.asOf === 'fail') throw new PackLoadError([PACK_ERROR]);
      return fakeEngine({}, () => busy(1));
    },
    workerPath: echo,
  };
}
const lineOf = (o: { line?: number; id?: number }) => o.line ?? o.id;

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `{"title":"t${i}"}\n`).join('');

describe('WorkerPool', () => {
  it('writes results strictly in input order across this thread and the workers, using every worker', async () => {
    const ctx = context(lines(5000));
    const code = await runScan({ inputs: [], format: 'jsonl', engineOptions: {}, flaggedOnly: false, workers: 3, batchRecords: 64 }, ctx);
    expect(code).toBe(0);
    const out = ctx.stdout.json() as Array<{ line?: number; id?: number; worker?: number }>;
    expect(out.map(lineOf)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    // --workers 3: this thread and two workers.
    expect(new Set(out.filter((o) => o.worker !== undefined).map((o) => o.worker)).size).toBe(2);
  });

  it('keeps reader error records in their place between worker results', async () => {
    const ctx = context(`{"a":1}\n${'x'.repeat(100)}\n{"b":2}\n`);
    await runScan({ inputs: [], format: 'jsonl', engineOptions: {}, flaggedOnly: false, workers: 2, maxRecordBytes: 50 }, ctx);
    expect(ctx.stdout.json().map(lineOf)).toEqual([1, 2, 3]);
    expect(ctx.stdout.json()[1]).toEqual({ id: null, line: 2, error: 'record too long (100 bytes; the limit is 50)' });
  });

  it('fails with a clear message when a worker exits mid-run', async () => {
    const ctx = context(lines(3000));
    const run = runScan({ inputs: [], format: 'jsonl', engineOptions: { asOf: 'exit' }, flaggedOnly: false, workers: 2, batchRecords: 50 }, ctx);
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(reportError(err, ctx.stderr)).toBe(2);
    expect(ctx.stderr.text()).toMatch(/^jinshou: scan worker \d stopped unexpectedly \(exit code 3\); output is incomplete\n$/);
  });

  it('fails with a clear message when a worker throws', async () => {
    const ctx = context(lines(3000));
    const err = await runScan({ inputs: [], format: 'jsonl', engineOptions: { asOf: 'throw' }, flaggedOnly: false, workers: 2, batchRecords: 50 }, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(reportError(err, ctx.stderr)).toBe(2);
    expect(ctx.stderr.text()).toMatch(/^jinshou: scan worker \d crashed: worker bug\n$/);
  });

  it('reports pack errors before any output', async () => {
    const ctx = context(lines(10));
    const err = await runScan({ inputs: [], format: 'jsonl', engineOptions: { asOf: 'fail' }, flaggedOnly: false, workers: 2 }, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(reportError(err, ctx.stderr)).toBe(2);
    expect(ctx.stderr.text()).toBe('x.yaml:2:3: error[P005]: YAML syntax error\n');
    expect(ctx.stdout.text()).toBe('');
  });

  it('fails the run when a worker cannot build its engine, even after this thread has started', async () => {
    const ctx = context(lines(3000));
    const err = await runScan({ inputs: [], format: 'jsonl', engineOptions: { asOf: 'worker-fails' }, flaggedOnly: false, workers: 2, batchRecords: 50 }, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(reportError(err, ctx.stderr)).toBe(2);
    expect(ctx.stderr.text()).toBe('x.yaml:2:3: error[P005]: YAML syntax error\n');
  });
});
