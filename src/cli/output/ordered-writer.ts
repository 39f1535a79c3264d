/**
 * Writes batch outputs strictly in batch order, whatever order they finish in, and exposes how far
 * it got so producers can hold back (bounded memory) while the sink is slow.
 */
import type { Signal } from '../scan/signal.js';
import type { OutputSink } from './sink.js';

/** A batch's output: text, or bytes already encoded by a worker. */
export type OutputChunk = string | Uint8Array;

/**
 * Puts batch outputs in order: batch `seq` is written only after batches `0 … seq-1`. Every change
 * (a write, a drain, the sink closing) notifies the signal, so waiting loops can re-check.
 */
export class OrderedWriter {
  private readonly sink: OutputSink;
  private readonly signal: Signal;
  private readonly pending = new Map<number, OutputChunk>();
  private next = 0;
  private waitingForDrain = false;

  constructor(sink: OutputSink, signal: Signal) {
    this.sink = sink;
    this.signal = signal;
    sink.onClose(() => {
      this.pending.clear();
      signal.notify();
    });
  }

  /** How many batches have been handed to the sink (the next batch to write is this one). */
  get written(): number {
    return this.next;
  }

  /** Whether the sink asked to wait; producers should not run ahead while it is. */
  get blocked(): boolean {
    return this.waitingForDrain;
  }

  /** The sink is gone (its reader left, or it failed): stop producing. */
  get closed(): boolean {
    return this.sink.closed;
  }

  /** The sink's failure, unless its reader simply went away. */
  get error(): Error | undefined {
    return this.sink.error;
  }

  /** Hands over the output of batch `seq`; it is written as soon as every earlier batch has been. */
  put(seq: number, chunk: OutputChunk): void {
    if (this.sink.closed) return;
    this.pending.set(seq, chunk);
    this.flush();
  }

  /** Resolves when everything handed over has been written and the sink is not asking to wait. */
  async idle(): Promise<void> {
    while (!this.sink.closed && (this.pending.size > 0 || this.waitingForDrain)) await this.signal.wait();
  }

  private flush(): void {
    let progressed = false;
    while (!this.waitingForDrain && !this.sink.closed) {
      const chunk = this.pending.get(this.next);
      if (chunk === undefined) break;
      this.pending.delete(this.next);
      this.next++;
      progressed = true;
      if (chunk.length > 0 && !this.sink.write(chunk)) {
        this.waitingForDrain = true;
        void this.sink.drained().then(() => {
          this.waitingForDrain = false;
          this.flush();
          this.signal.notify();
        });
      }
    }
    if (progressed) this.signal.notify();
  }
}
