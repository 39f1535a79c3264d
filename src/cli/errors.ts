/**
 * How the CLI fails: errors that carry an exit status and a message for stderr, and the one place
 * that turns any thrown value into stderr lines and an exit status (never a stack trace).
 */
import type { PackLoadError } from '../engine-api.js';
import { formatDiagnostic } from '../pack/diagnostics.js';
import type { Diagnostic } from '../types.js';
import { oneLine } from '../terminal-text.js';

export { oneLine };

/** Exit status for success (whatever was found in the listings). */
export const EXIT_OK = 0;
/** Exit status for unusable arguments, packs or inputs, and for internal failures. */
export const EXIT_FAILURE = 2;

/** An error meant for the user: printed as `jinshou: message` (plus a hint), never with a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in the command line; the hint points at the help. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(message, `run 'jinshou ${command ? `${command} ` : ''}--help' for usage`);
    this.name = 'UsageError';
  }
}

/** Whether a thrown value is a {@link PackLoadError}, also when it was rebuilt from a worker's report. */
export function isPackLoadError(err: unknown): err is PackLoadError {
  return err instanceof Error && err.name === 'PackLoadError' && Array.isArray((err as PackLoadError).diagnostics);
}

/**
 * One diagnostic as `file:line:col: error[CODE]: message` (`warning[…]` for warnings), followed by
 * the source line and a caret when the diagnostic has them: the project's one diagnostic format.
 */
export function describeDiagnostic(d: Diagnostic): string {
  return formatDiagnostic(d).split('\n').map(oneLine).join('\n');
}

/**
 * Prints what went wrong to stderr and returns the exit status. Pack errors list every diagnostic;
 * {@link CliError}s print their message; anything else is an internal error, on one line.
 */
export function reportError(err: unknown, stderr: NodeJS.WritableStream): number {
  if (isPackLoadError(err)) {
    const lines = err.diagnostics.map(describeDiagnostic);
    if (lines.length === 0) lines.push(`jinshou: ${oneLine(err.message)}`);
    stderr.write(lines.join('\n') + '\n');
    return EXIT_FAILURE;
  }
  if (err instanceof CliError) {
    stderr.write(`jinshou: ${oneLine(err.message)}\n` + (err.hint ? `${err.hint}\n` : ''));
    return err.exitCode;
  }
  let message: string;
  try {
    message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    message = 'unknown error';
  }
  stderr.write(`jinshou: internal error: ${oneLine(message)}\n`);
  return EXIT_FAILURE;
}

