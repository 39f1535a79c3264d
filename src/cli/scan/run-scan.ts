/**
 * The scan loop: inputs are read in order, chunk by chunk, turned into batches, run by an executor
 * and written in order. Reading waits for the executor, which waits for the output, so a slow reader
 * of stdout slows the whole pipeline down instead of filling memory. When stdout goes away
 * (`| head -1`), reading stops and the scan ends successfully.
 */
import { createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Engine, EngineOptions } from '../../engine-api.js';
import type { CliContext } from '../command.js';
import type { Diagnostic } from '../../types.js';
import { CliError, describeDiagnostic, EXIT_OK, isPackLoadError, oneLine } from '../errors.js';
import { formatFromPath, type InputFormat } from '../input/format.js';
import { describeError } from '../input/records.js';
import { createRecordSource } from '../input/source.js';
import { OrderedWriter } from '../output/ordered-writer.js';
import { streamSink } from '../output/sink.js';
import type { Batch } from './batch.js';
import { type Executor, InlineExecutor } from './executor.js';
import { startProgress } from './progress.js';
import { Signal } from './signal.js';
import { WorkerPool } from './worker-pool.js';

/** An engine as the scan loop needs it. `createEngine` from the library fits. */
export type ScanEngine = Pick<Engine, 'scan'> & { readonly diagnostics?: readonly Diagnostic[] };

/** The outside world of a scan: a {@link CliContext} whose engine factory may return just a scanner. */
export type ScanContext = Omit<CliContext, 'createEngine'> & { createEngine(options: EngineOptions): ScanEngine };

/** What to scan and how. */
export interface ScanOptions {
  /** Files in order; `-` is stdin; none means stdin. */
  inputs: readonly string[];
  /** Forces a format; otherwise by extension, else sniffed. */
  format?: InputFormat;
  engineOptions: EngineOptions;
  flaggedOnly: boolean;
  /** Worker threads; 0 or 1 scans in the main thread. */
  workers: number;
  /** Longest record in bytes (default 8 MiB). */
  maxRecordBytes?: number;
  /** Records per batch (default 512). */
  batchRecords?: number;
  /** Bytes read from a file at a time (default 256 KiB). */
  readChunkBytes?: number;
}

const STDIN = '-';
const DEFAULT_READ_CHUNK = 256 * 1024;

/** Runs `jinshou scan`; resolves to the exit status, rejects with a {@link CliError} or a pack error. */
export async function runScan(options: ScanOptions, ctx: ScanContext): Promise<number> {
  const inputs = options.inputs.length > 0 ? options.inputs : [STDIN];
  // Everything that can be checked before the first output line is checked first.
  for (const input of inputs) if (input !== STDIN) await checkInput(input);
  for (const path of options.engineOptions.packs ?? []) if (typeof path === 'string') await checkPath('--packs', path);
  for (const path of options.engineOptions.trust ?? []) await checkPath('--trust', path);

  const signal = new Signal();
  const writer = new OrderedWriter(streamSink(ctx.stdout), signal);
  const executor = await startExecutor(options, ctx, writer, signal);
  if (inputs.includes(STDIN) && ctx.stdin.isTTY && ctx.stderr.isTTY) {
    ctx.stderr.write('jinshou: reading listings from stdin (end with Ctrl-D)\n');
  }
  // When results scroll past on the same terminal, a progress line would be written into them.
  const progress = ctx.stderr.isTTY && !ctx.stdout.isTTY ? startProgress(ctx.stderr, () => executor.records) : undefined;
  try {
    let stdinRead = false;
    for (const input of inputs) {
      if (writer.closed) break;
      // stdin can be read once; a second `-` is an empty input.
      if (input === STDIN && stdinRead) continue;
      stdinRead ||= input === STDIN;
      await scanInput(input, options, ctx, executor, writer);
    }
    await executor.finish();
  } finally {
    progress?.stop();
    await executor.close();
  }
  if (writer.error) throw new CliError(`cannot write the output: ${describeError(writer.error)}`);
  return EXIT_OK;
}

async function startExecutor(options: ScanOptions, ctx: ScanContext, writer: OrderedWriter, signal: Signal): Promise<Executor> {
  const processOptions = { flaggedOnly: options.flaggedOnly };
  const createEngine = (): ScanEngine => {
    try {
      return ctx.createEngine(options.engineOptions);
    } catch (err) {
      if (isPackLoadError(err)) throw err;
      throw new CliError(`cannot build the engine: ${describeError(err)}`);
    }
  };
  if (options.workers > 1) {
    // N threads scan: this one and N−1 workers (see worker-pool.ts).
    let engine: ScanEngine | undefined;
    const pool = await WorkerPool.start(
      {
        workerPath: ctx.workerPath,
        workers: options.workers - 1,
        config: { engineOptions: options.engineOptions, ...processOptions },
        writer,
        signal,
        stderr: ctx.stderr,
      },
      () => (engine = createEngine()),
    );
    printWarnings(engine?.diagnostics ?? pool.diagnostics, ctx.stderr);
    return pool;
  }
  const engine = createEngine();
  printWarnings(engine.diagnostics ?? [], ctx.stderr);
  return new InlineExecutor(engine, processOptions, writer, signal);
}

function printWarnings(diagnostics: readonly Diagnostic[], stderr: NodeJS.WritableStream): void {
  if (diagnostics.length > 0) stderr.write(diagnostics.map(describeDiagnostic).join('\n') + '\n');
}

/** Reads one input to its end (or until the output closes), submitting batches as they form. */
async function scanInput(input: string, options: ScanOptions, ctx: ScanContext, executor: Executor, writer: OrderedWriter): Promise<void> {
  const name = input === STDIN ? 'stdin' : input;
  const stream =
    input === STDIN ? ctx.stdin : createReadStream(input, { highWaterMark: options.readChunkBytes ?? DEFAULT_READ_CHUNK });
  const ready: Batch[] = [];
  const source = createRecordSource(options.format ?? (input === STDIN ? undefined : formatFromPath(input)), {
    emit: (batch) => ready.push(batch),
    warn: (message) => ctx.stderr.write(`jinshou: ${oneLine(name)}: ${message}\n`),
    maxRecordBytes: options.maxRecordBytes,
    maxBatchRecords: options.batchRecords,
  });
  const submitReady = async (): Promise<void> => {
    for (let i = 0; i < ready.length && !writer.closed; i++) await executor.submit(ready[i]!);
    ready.length = 0;
  };
  const chunks = stream[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let step: IteratorResult<string | Buffer>;
      try {
        step = await chunks.next();
      } catch (err) {
        finished = true;
        throw new CliError(`cannot read ${name}: ${describeError(err)}`);
      }
      if (step.done) break;
      source.push(typeof step.value === 'string' ? Buffer.from(step.value) : step.value);
      await submitReady();
      if (writer.closed) return;
    }
    finished = true;
    source.end();
    await submitReady();
  } finally {
    // Stops reading early (output closed, or a failure); this closes the file or stdin.
    if (!finished) await chunks.return?.();
  }
}

/** Fails with a message naming the file when an input cannot be read, before anything is written. */
async function checkInput(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
    await access(path, 4 /* R_OK */);
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${fsReason(err)}`);
  }
  if (info.isDirectory()) throw new CliError(`cannot read ${path}: it is a directory`);
}

async function checkPath(option: string, path: string): Promise<void> {
  try {
    await access(path, 4 /* R_OK */);
  } catch (err) {
    throw new CliError(`${option} ${path}: ${fsReason(err)}`);
  }
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return describeError(err);
}
