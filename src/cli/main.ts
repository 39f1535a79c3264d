/**
 * Entry of the `jinshou` executable (built to dist/cli.cjs). Wires the real process into the CLI and
 * makes sure it ends: with a flushed stdout, and with exit status 2 and one line on stderr for
 * anything unexpected.
 */
import { join } from 'node:path';
import { createEngine } from '../engine.js';
import { oneLine } from './errors.js';
import { runCli } from './run.js';

function fatal(err: unknown): never {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`jinshou: internal error: ${oneLine(message)}\n`);
  process.exit(2);
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

void runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  createEngine,
  // The CLI is built as CommonJS, so __dirname is the folder of dist/cli.cjs, next to the worker.
  workerPath: join(__dirname, 'scan-worker.cjs'),
}).then((code) => {
  // Exiting explicitly ends a run even if stdin is still open (output closed early); waiting for the
  // last write first keeps a piped stdout complete.
  const stdout = process.stdout;
  if (stdout.destroyed || !stdout.writable) process.exit(code);
  stdout.write('', () => process.exit(code));
}, fatal);
