/**
 * Command-line parsing shared by the authoring commands: node:util parseArgs in strict mode, with every
 * mistake turned into a {@link UsageError} (exit status 2) that names the command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns: typed option values and the positional arguments. */
export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/** Parses `args` for `command`; `-h/--help` is always accepted (the dispatcher handles it). */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O): ParsedArgs<O> {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    }) as unknown as ParsedArgs<O>;
  } catch (err) {
    // node's messages end with a long hint sentence; the first sentence is the useful part.
    const message = err instanceof Error ? err.message.split(/\.\s|\n/)[0]! : String(err);
    throw new UsageError(message, command);
  }
}

/** A `YYYY-MM-DD` option value that names a real date. */
export function dateOption(command: string, option: string, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== text) throw new UsageError(`${option} must be a date as YYYY-MM-DD (got '${text}')`, command);
  return text;
}

/** Requires at least `min` positional arguments (and at most `max`). */
export function positionals(command: string, values: readonly string[], what: string, min: number, max = Infinity): string[] {
  if (values.length < min) throw new UsageError(`missing ${what}`, command);
  if (values.length > max) throw new UsageError(`too many arguments: expected ${what}, got ${values.length}`, command);
  return [...values];
}
