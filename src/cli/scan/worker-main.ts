/**
 * The body of a scan worker, apart from its entry file so it can be driven through a MessageChannel
 * in tests: build the engine, say so, then answer batch requests until the port closes.
 */
import type { EngineOptions } from '../../engine-api.js';
import type { Diagnostic } from '../../types.js';
import { isPackLoadError } from '../errors.js';
import { describeError } from '../input/records.js';
import { processBatch, type Scanner } from './process-batch.js';
import type { BatchRequest, WorkerConfig, WorkerReply } from './protocol.js';

/** The side of a message port a worker talks through (`parentPort`, or a MessagePort in tests). */
export interface WorkerPort {
  postMessage(message: WorkerReply, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (request: BatchRequest) => void): unknown;
}

/** An engine as a worker needs it: something that scans, with its load warnings. */
export type WorkerEngine = Scanner & { readonly diagnostics?: readonly Diagnostic[] };

/** Builds the engine from `config` and serves batch requests on `port`. */
export function serveScanWorker(
  port: WorkerPort,
  config: WorkerConfig,
  createEngine: (options: EngineOptions) => WorkerEngine,
): void {
  let engine: WorkerEngine;
  try {
    engine = createEngine(config.engineOptions);
  } catch (err) {
    port.postMessage({
      type: 'init-failed',
      message: describeError(err),
      diagnostics: isPackLoadError(err) ? plainDiagnostics(err.diagnostics) : undefined,
    });
    // No message listener is attached, so the worker's event loop empties and it exits.
    return;
  }
  port.postMessage({ type: 'ready', diagnostics: plainDiagnostics(engine.diagnostics ?? []) });
  const options = { flaggedOnly: config.flaggedOnly };
  const encoder = new TextEncoder();
  port.on('message', (request) => {
    let reply: WorkerReply;
    try {
      const out = processBatch(request.batch, engine, options);
      // Encoding here keeps the main thread's share of the work small; the bytes are transferred.
      const output = encoder.encode(out.text);
      port.postMessage({ type: 'done', seq: request.seq, output, records: out.records }, [output.buffer as ArrayBuffer]);
      return;
    } catch (err) {
      reply = { type: 'failed', seq: request.seq, message: describeError(err) };
    }
    port.postMessage(reply);
  });
}

/** Diagnostics as plain objects, so they survive structured cloning whatever class made them. */
function plainDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({
    code: String(d.code),
    level: d.level === 'warning' ? 'warning' : 'error',
    message: String(d.message),
    file: String(d.file),
    line: Number(d.line) || 0,
    col: Number(d.col) || 0,
    ...(d.excerpt === undefined ? {} : { excerpt: String(d.excerpt) }),
  }));
}
