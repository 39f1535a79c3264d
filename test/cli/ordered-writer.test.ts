import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { OrderedWriter } from '../../src/cli/output/ordered-writer.js';
import { streamSink } from '../../src/cli/output/sink.js';
import { Signal } from '../../src/cli/scan/signal.js';

/** A sink that takes `delay` ms per write and asks for a drain after every write. */
class SlowSink extends Writable {
  readonly received: string[] = [];
  constructor(private readonly delay: number) {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    setTimeout(() => {
      this.received.push(chunk.toString());
      done();
    }, this.delay);
  }
}

/** A sink whose reader goes away after `okWrites` writes, like a pipe into `head`. */
class ClosingSink extends Writable {
  readonly received: string[] = [];
  constructor(
    private readonly okWrites: number,
    private readonly code = 'EPIPE',
  ) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.received.length >= this.okWrites) {
      done(Object.assign(new Error(`write ${this.code}`), { code: this.code }));
      return;
    }
    this.received.push(chunk.toString());
    done();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('OrderedWriter', () => {
  it('writes out-of-order outputs strictly in batch order, skipping empty ones', async () => {
    const sink = new SlowSink(0);
    const writer = new OrderedWriter(streamSink(sink), new Signal());
    writer.put(2, 'c\n');
    writer.put(1, '');
    expect(writer.written).toBe(0);
    writer.put(0, 'a\n');
    writer.put(3, Buffer.from('d\n'));
    await writer.idle();
    await tick();
    expect(writer.written).toBe(4);
    expect(sink.received.join('')).toBe('a\nc\nd\n');
  });

  it('reports backpressure from a slow sink and loses nothing', async () => {
    const sink = new SlowSink(2);
    const signal = new Signal();
    const writer = new OrderedWriter(streamSink(sink), signal);
    const order = Array.from({ length: 20 }, (_, i) => i).reverse();
    let sawBlocked = false;
    for (const seq of order) {
      writer.put(seq, `${seq}\n`);
      sawBlocked ||= writer.blocked;
    }
    // A producer that respects backpressure waits on the signal until the writer catches up.
    while (writer.blocked) await signal.wait();
    await writer.idle();
    await new Promise((r) => sink.end(r));
    expect(sawBlocked).toBe(true);
    expect(sink.received.join('')).toBe(Array.from({ length: 20 }, (_, i) => `${i}\n`).join(''));
  });

  it('closes quietly when the reader goes away (EPIPE), and ignores later output', async () => {
    const sink = new ClosingSink(1);
    const signal = new Signal();
    const writer = new OrderedWriter(streamSink(sink), signal);
    writer.put(0, 'first\n');
    writer.put(1, 'second\n');
    while (!writer.closed) await signal.wait();
    writer.put(2, 'third\n');
    await writer.idle();
    expect(sink.received).toEqual(['first\n']);
    expect(writer.error).toBeUndefined();
  });

  it('keeps any other write failure as its error', async () => {
    const sink = new ClosingSink(0, 'ENOSPC');
    const signal = new Signal();
    const writer = new OrderedWriter(streamSink(sink), signal);
    writer.put(0, 'x\n');
    while (!writer.closed) await signal.wait();
    expect((writer.error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });

  it('does not hang waiting for a drain when the sink is destroyed', async () => {
    const sink = new SlowSink(1000);
    const signal = new Signal();
    const writer = new OrderedWriter(streamSink(sink), signal);
    writer.put(0, 'x\n');
    writer.put(1, 'y\n');
    expect(writer.blocked).toBe(true);
    sink.destroy();
    await writer.idle();
    expect(writer.closed).toBe(true);
  });
});
