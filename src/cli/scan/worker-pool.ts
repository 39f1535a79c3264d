/**
 * A pool of scan workers (`--workers N`: this thread and N−1 worker threads). The main thread splits
 * input into batches of raw bytes and writes the bytes that come back; decoding, parsing, scanning and
 * serializing happen in the workers. Batches go round-robin to workers with room; when every worker
 * is full, the main thread scans the batch itself, so with N threads on N cores none sits idle and no
 * thread is left over to compete for them. Each worker has a bounded number of batches in flight and
 * the writer a bounded number waiting, so memory stays bounded when the output is slow.
 * A worker that dies fails the whole run: its batches cannot be recovered, and silently losing
 * records is not an option.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { PackLoadError } from '../../engine-api.js';
import type { Diagnostic } from '../../types.js';
import { CliError } from '../errors.js';
import { describeError } from '../input/records.js';
import type { OrderedWriter } from '../output/ordered-writer.js';
import type { Batch } from './batch.js';
import type { Executor } from './executor.js';
import { processBatch, type Scanner } from './process-batch.js';
import type { BatchRequest, WorkerConfig, WorkerReply } from './protocol.js';
import type { Signal } from './signal.js';

/** Options of {@link WorkerPool.start}. */
export interface WorkerPoolOptions {
  /** The built worker script (dist/scan-worker.cjs). */
  workerPath: string;
  workers: number;
  config: WorkerConfig;
  writer: OrderedWriter;
  signal: Signal;
  /** Where anything a worker prints to stdout goes, so it cannot corrupt the JSONL output. */
  stderr: NodeJS.WritableStream;
  /** Batches queued per worker (default 4). */
  maxInFlightPerWorker?: number;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Its engine is built: batches may go to it. */
  ready: boolean;
}

/** Used for error batches, which are formatted in the main thread and never reach an engine. */
const NO_SCANNER: Scanner = {
  scan() {
    throw new Error('error batches are not scanned');
  },
};

/** Runs batches on worker threads, each with its own engine. */
export class WorkerPool implements Executor {
  private readonly slots: Slot[];
  private readonly writer: OrderedWriter;
  private readonly signal: Signal;
  private readonly flaggedOnly: boolean;
  private readonly maxInFlight: number;
  private local: Scanner | undefined;
  private seq = 0;
  private turn = 0;
  private failure: Error | undefined;
  private closing = false;
  records = 0;
  /** Load warnings reported by the first worker (the main thread's engine reports its own). */
  diagnostics: Diagnostic[] = [];

  private constructor(slots: Slot[], options: WorkerPoolOptions) {
    this.slots = slots;
    this.writer = options.writer;
    this.signal = options.signal;
    this.flaggedOnly = options.config.flaggedOnly;
    this.maxInFlight = Math.max(1, options.maxInFlightPerWorker ?? 4);
  }

  /**
   * Starts the workers and waits until each has built its engine. Rejects with a {@link PackLoadError}
   * when the packs cannot be loaded, or a {@link CliError} when a worker cannot start.
   * @param local builds the main thread's own engine (while the workers build theirs); with it, the
   *   main thread scans a batch whenever every worker is full
   */
  static async start(options: WorkerPoolOptions, local?: () => Scanner): Promise<WorkerPool> {
    if (!existsSync(options.workerPath)) {
      throw new CliError(`cannot start scan workers: ${options.workerPath} is missing (run 'npm run build')`);
    }
    const slots: Slot[] = [];
    const pool = new WorkerPool(slots, options);
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(options.workerPath, { workerData: options.config, stdout: true });
      worker.stdout.pipe(options.stderr, { end: false });
      slots.push({ worker, inFlight: 0, ready: false });
      ready.push(pool.watch(worker, slots[i]!, i + 1));
    }
    try {
      pool.local = local?.();
      // With an engine of its own, this thread starts at once and the workers join as they are ready
      // (a worker that cannot start fails the run then). Without one, wait for them all.
      if (pool.local) for (const r of ready) r.catch((err: Error) => pool.fail(err));
      else await Promise.all(ready);
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  async submit(batch: Batch): Promise<void> {
    this.throwIfFailed();
    const seq = this.seq++;
    let slot = batch.kind === 'errors' ? undefined : this.nextFreeSlot();
    if (batch.kind === 'errors' || (slot === undefined && this.local)) {
      const out = processBatch(batch, this.local ?? NO_SCANNER, { flaggedOnly: this.flaggedOnly });
      this.records += out.records;
      // Encoded now: this output may wait behind the workers' earlier batches, and a large string held
      // that long is copied by every young-generation GC (bytes live outside the JS heap).
      this.writer.put(seq, Buffer.from(out.text));
      // Let the workers' replies in before the next batch, so they get more work while this thread scans.
      if (batch.kind !== 'errors') await new Promise<void>((resolve) => setImmediate(resolve));
    } else {
      while (slot === undefined && this.canRun()) {
        await this.signal.wait();
        slot = this.nextFreeSlot();
      }
      this.throwIfFailed();
      if (slot === undefined || this.writer.closed) return;
      const [request, transfer] = toRequest(seq, batch);
      slot.inFlight++;
      slot.worker.postMessage(request, transfer);
    }
    // Do not run ahead of the output. Twice what the workers hold lets a fast worker keep going while
    // a slower one finishes the batch everything else waits behind; this thread, when it scans too,
    // counts as one more worker (else it would sit idle behind a worker's older batches).
    const limit = 2 * (this.slots.length + (this.local ? 1 : 0)) * this.maxInFlight;
    while (this.seq - this.writer.written > limit && this.canRun()) await this.signal.wait();
    this.throwIfFailed();
  }

  async finish(): Promise<void> {
    while (this.writer.written < this.seq && this.canRun()) await this.signal.wait();
    this.throwIfFailed();
    await this.writer.idle();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate().catch(() => undefined)));
  }

  /**
   * The next worker in turn that has room. Plain round-robin would make every worker wait for the
   * slowest (on a busy machine threads do not get equal shares); output order is kept by `seq` anyway.
   */
  private nextFreeSlot(): Slot | undefined {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[this.turn]!;
      this.turn = (this.turn + 1) % this.slots.length;
      if (slot.ready && slot.inFlight < this.maxInFlight) return slot;
    }
    return undefined;
  }

  private canRun(): boolean {
    return this.failure === undefined && !this.writer.closed;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.signal.notify();
  }

  /** Wires a worker's events; the promise settles when its engine is built (or cannot be). */
  private watch(worker: Worker, slot: Slot, number: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      const startFailed = (err: Error): void => {
        if (started) return;
        started = true;
        reject(err);
      };
      worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'ready':
            if (number === 1) this.diagnostics = reply.diagnostics;
            slot.ready = true;
            this.signal.notify();
            started = true;
            resolve();
            return;
          case 'init-failed': {
            const failure =
              reply.diagnostics && reply.diagnostics.length > 0 ? new PackLoadError(reply.diagnostics) : new CliError(`cannot build the engine: ${reply.message}`);
            // Recorded at once: the worker's exit, which follows, must not hide why it stopped.
            this.fail(failure);
            startFailed(failure);
            return;
          }
          case 'done':
            slot.inFlight--;
            this.records += reply.records;
            this.writer.put(reply.seq, Buffer.from(reply.output.buffer, reply.output.byteOffset, reply.output.byteLength));
            this.signal.notify();
            return;
          case 'failed':
            this.fail(new CliError(`scan worker ${number} failed: ${reply.message}`));
            return;
        }
      });
      worker.on('error', (err) => {
        const failure = new CliError(`scan worker ${number} crashed: ${describeError(err)}`);
        startFailed(failure);
        this.fail(failure);
      });
      worker.on('messageerror', (err) => this.fail(new CliError(`scan worker ${number} sent an unreadable message: ${describeError(err)}`)));
      worker.on('exit', (code) => {
        if (this.closing) return;
        const failure = new CliError(`scan worker ${number} stopped unexpectedly (exit code ${code}); output is incomplete`);
        startFailed(failure);
        this.fail(failure);
      });
    });
  }
}

/** A batch as a message; raw bytes are copied once into their own buffer so they can be transferred. */
function toRequest(seq: number, batch: Batch): [BatchRequest, ArrayBuffer[]] {
  if (batch.kind !== 'text') return [{ seq, batch }, []];
  const bytes = new Uint8Array(batch.bytes.byteLength);
  bytes.set(batch.bytes);
  return [{ seq, batch: { ...batch, bytes } }, [bytes.buffer]];
}
