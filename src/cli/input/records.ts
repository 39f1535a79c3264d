/**
 * Turning one input record into a listing, and the shapes of what cannot be turned into one.
 */
import type { Listing } from '../../types.js';

/** Why a record could not be read as a listing; becomes `{"id": …, "line": N, "error": …}` in the output. */
export class RecordError {
  constructor(readonly message: string) {}
}

/** Longest error message taken over from a parser: they may quote the hostile input. */
const MAX_MESSAGE = 200;

/**
 * Reads one JSONL line as a listing. Never throws: invalid JSON and JSON that is not an object
 * (array, number, string, `null`) come back as a {@link RecordError}.
 */
export function parseJsonLine(text: string): Listing | RecordError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return new RecordError(`invalid JSON: ${describeError(err)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return new RecordError(`not a JSON object: ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`);
  }
  return value as Listing;
}

/** The id a result carries: the listing's own when it is a string or a finite number, else the line number. */
export function recordId(listing: Listing, line: number): string | number {
  const id = listing.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : line;
}

/** Whether a line holds nothing but whitespace (such lines are skipped but still counted). */
export function isBlank(text: string): boolean {
  // Most lines start with `{` or a letter: decide those without a regular expression.
  const c = text.length === 0 ? -1 : text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return /^\s*$/.test(text);
}

/** The error of a record longer than the cap. */
export function tooLongMessage(length: number, limit: number): string {
  return `record too long (${length} bytes; the limit is ${limit})`;
}

/** The message of anything thrown, on one short line. */
export function describeError(err: unknown): string {
  let message: string;
  try {
    message = err instanceof Error ? err.message : String(err);
  } catch {
    message = 'unknown error';
  }
  message = message.replace(/\s+/g, ' ').trim();
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message || 'unknown error';
}
