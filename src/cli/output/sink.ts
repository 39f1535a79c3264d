/**
 * Where output goes: a thin layer over a writable stream that turns its events into state the scan
 * loop can poll. A reader that goes away (EPIPE, as in `jinshou scan … | head -1`) closes the sink
 * quietly; any other failure is kept as `error` so it can be reported.
 */

/** A destination for output chunks, with backpressure. */
export interface OutputSink {
  /** Writes a chunk; `false` means wait for {@link OutputSink.drained} before writing more. */
  write(chunk: string | Uint8Array): boolean;
  /** Resolves when the sink wants more, or when it closed. */
  drained(): Promise<void>;
  /** The sink is gone: stop producing output. */
  readonly closed: boolean;
  /** Why the sink closed, unless its reader simply went away. */
  readonly error: Error | undefined;
  /** Called once when the sink closes. */
  onClose(listener: () => void): void;
}

/** A writable stream as used here: `process.stdout` or a test double. */
export type WritableLike = NodeJS.WritableStream;

/** Codes that mean the reader went away, which is not a failure of ours. */
const READER_GONE: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/** Wraps a writable stream; keeps an `error` listener on it for good, so a late EPIPE cannot crash the process. */
export function streamSink(stream: WritableLike): OutputSink {
  let closed = false;
  let error: Error | undefined;
  const listeners: Array<() => void> = [];
  const close = (err?: Error): void => {
    if (err && error === undefined && !READER_GONE.has((err as NodeJS.ErrnoException).code ?? '')) error = err;
    if (closed) return;
    closed = true;
    for (const listener of listeners.splice(0)) listener();
  };
  stream.on('error', (err: Error) => close(err));
  stream.on('close', () => close());
  return {
    write(chunk) {
      if (closed) return true;
      try {
        return stream.write(chunk);
      } catch (err) {
        close(err as Error);
        return true;
      }
    },
    drained() {
      if (closed) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          stream.removeListener('drain', done);
          const at = listeners.indexOf(done);
          if (at >= 0) listeners.splice(at, 1);
          resolve();
        };
        stream.on('drain', done);
        listeners.push(done);
      });
    },
    get closed() {
      return closed;
    },
    get error() {
      return error;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
