/**
 * What a CLI command is, and what it gets from the outside world. Commands live in
 * `src/cli/commands/<name>.ts` and are listed in `src/cli/commands/index.ts`.
 */
import type { Engine, EngineOptions } from '../engine-api.js';

/** The process around a command: streams, the engine factory, the built worker script. */
export interface CliContext {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** `createEngine` from the library; tests pass a fake. */
  createEngine(options: EngineOptions): Engine;
  /** Absolute path of dist/scan-worker.cjs. */
  workerPath: string;
}

/** A command: its full help, and how to run it. */
export interface Command {
  /** Shown by `jinshou <name> --help` and `jinshou help <name>`: usage, options, examples. */
  help: string;
  /**
   * Runs with the arguments after the command name; resolves to the exit status. Throw a
   * `CliError`/`UsageError` (or let a `PackLoadError` through) to fail with exit status 2.
   */
  run(args: readonly string[], ctx: CliContext): Promise<number>;
}

/** A command's line in the table of commands; the module is loaded only when the command runs. */
export interface CommandEntry {
  /** Usage line, e.g. `scan [FILE…]`. */
  usage: string;
  /** One line: what it does. */
  summary: string;
  /** One example command line. */
  example: string;
  load(): Promise<Command>;
}
