/**
 * Executors run batches and hand their output to the ordered writer. The in-process one scans in the
 * main thread; the worker pool (worker-pool.ts) spreads batches over threads. The scan loop sees only
 * {@link Executor}.
 */
import type { OrderedWriter } from '../output/ordered-writer.js';
import type { Batch } from './batch.js';
import { type ProcessOptions, processBatch, type Scanner } from './process-batch.js';
import type { Signal } from './signal.js';

/** Runs batches; output goes to an {@link OrderedWriter} in submission order. */
export interface Executor {
  /** Takes the next batch; resolves when the next one may be submitted (this is the backpressure). */
  submit(batch: Batch): Promise<void>;
  /** Resolves when every submitted batch has been written; rejects if one cannot be. */
  finish(): Promise<void>;
  /** Releases threads; safe to call more than once. */
  close(): Promise<void>;
  /** Input records processed so far (for progress). */
  readonly records: number;
}

/** Scans in the calling thread: no start-up cost, one core. */
export class InlineExecutor implements Executor {
  private readonly scanner: Scanner;
  private readonly options: ProcessOptions;
  private readonly writer: OrderedWriter;
  private readonly signal: Signal;
  private seq = 0;
  records = 0;

  constructor(scanner: Scanner, options: ProcessOptions, writer: OrderedWriter, signal: Signal) {
    this.scanner = scanner;
    this.options = options;
    this.writer = writer;
    this.signal = signal;
  }

  async submit(batch: Batch): Promise<void> {
    const out = processBatch(batch, this.scanner, this.options);
    this.records += out.records;
    this.writer.put(this.seq++, out.text);
    while (this.writer.blocked && !this.writer.closed) await this.signal.wait();
  }

  finish(): Promise<void> {
    return this.writer.idle();
  }

  async close(): Promise<void> {}
}
