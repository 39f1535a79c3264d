/**
 * Scanning a batch: records to listings, listings to results, results to JSONL. This is the hot loop
 * of `jinshou scan`; it runs in the main thread or in a worker, and never throws for a record.
 */
import type { Engine } from '../../engine-api.js';
import type { Listing, ScanResult } from '../../types.js';
import { csvRecordToListing } from '../input/csv.js';
import { describeError, isBlank, parseJsonLine, recordId, RecordError } from '../input/records.js';
import type { Batch, BatchOutput } from './batch.js';

/** The part of an {@link Engine} that scanning needs; lets tests and benchmarks pass a fake. */
export type Scanner = Pick<Engine, 'scan'>;

/** Options of {@link processBatch}. */
export interface ProcessOptions {
  /** Leave out results whose verdict is `pass` (error records are always written). */
  flaggedOnly: boolean;
}

/** Scans every record of a batch and returns their output lines, in input order. */
export function processBatch(batch: Batch, scanner: Scanner, options: ProcessOptions): BatchOutput {
  switch (batch.kind) {
    case 'text':
      return processText(batch.format, batch.bytes, batch.firstLine, scanner, options.flaggedOnly);
    case 'rows': {
      let text = '';
      for (const record of batch.records) {
        if (record.fields === undefined) {
          text += errorRecord(null, record.line, record.error ?? 'unreadable record') + '\n';
          continue;
        }
        const listing = csvRecordToListing(batch.columns, record.fields);
        const out = scanListing(scanner, listing, recordId(listing, record.line), record.line, options.flaggedOnly);
        if (out !== undefined) text += out + '\n';
      }
      return { text, records: batch.records.length };
    }
    case 'errors': {
      let text = '';
      for (const e of batch.errors) text += errorRecord(null, e.line, e.error) + '\n';
      return { text, records: batch.errors.length };
    }
  }
}

function processText(
  format: 'jsonl' | 'lines',
  bytes: Uint8Array,
  firstLine: number,
  scanner: Scanner,
  flaggedOnly: boolean,
): BatchOutput {
  // Decoding the whole batch at once is much cheaper than line by line; invalid UTF-8 becomes U+FFFD
  // and can never swallow a newline, so line numbers stay right.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const all = buf.toString('utf8');
  const n = all.length;
  let out = '';
  let records = 0;
  let line = firstLine;
  for (let pos = 0; pos < n; line++) {
    let nl = all.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const end = nl > pos && all.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    const text = all.slice(pos, end);
    pos = nl + 1;
    if (isBlank(text)) continue;
    records++;
    let result: string | undefined;
    if (format === 'lines') {
      result = scanListing(scanner, { title: text }, line, line, flaggedOnly);
    } else {
      const listing = parseJsonLine(text);
      result =
        listing instanceof RecordError
          ? errorRecord(null, line, listing.message)
          : scanListing(scanner, listing, recordId(listing, line), line, flaggedOnly);
    }
    if (result !== undefined) out += result + '\n';
  }
  return { text: out, records };
}

/** Scans one listing; returns its output line, or `undefined` when `--flagged-only` leaves it out. */
function scanListing(
  scanner: Scanner,
  listing: Listing,
  id: string | number,
  line: number,
  flaggedOnly: boolean,
): string | undefined {
  let result: ScanResult;
  try {
    result = scanner.scan(listing);
  } catch (err) {
    // The engine promises not to throw; if it does anyway, the record still gets its line.
    return errorRecord(id, line, `engine failed: ${describeError(err)}`);
  }
  if (result === null || typeof result !== 'object') return errorRecord(id, line, 'engine returned no result');
  if (flaggedOnly && result.verdict === 'pass') return undefined;
  try {
    return stringifyResult(result, id);
  } catch (err) {
    return errorRecord(id, line, `result could not be written: ${describeError(err)}`);
  }
}

/**
 * A result as one JSON line with `id` set. The engine usually fills `id` itself; when it did not, the
 * id is spliced in front of the serialized result, which avoids copying the result object.
 */
export function stringifyResult(result: ScanResult, id: string | number): string {
  if (isPlainPass(result, id)) return `{"id":${idJson(id)},"verdict":"pass","score":0,"findings":[]}`;
  if (result.id === id) return JSON.stringify(result);
  if (result.id === undefined) {
    const json = JSON.stringify(result);
    const head = `{"id":${idJson(id)}`;
    if (json === '{}') return `${head}}`;
    if (json.charCodeAt(0) === 0x7b) return `${head},${json.slice(1)}`;
  }
  return JSON.stringify({ ...result, id });
}

/**
 * Whether a result is a clean listing's and nothing more (the case of almost every listing of a crawl):
 * its line is then written from a template, which costs a quarter of `JSON.stringify`. Only the
 * contract's four keys in its order qualify, so the line is byte for byte what stringify would write.
 */
function isPlainPass(result: ScanResult, id: string | number): boolean {
  if (result.verdict !== 'pass' || result.score !== 0 || !Array.isArray(result.findings) || result.findings.length !== 0) return false;
  const keys = Object.keys(result);
  if (result.id === id) return keys.length === 4 && keys[0] === 'id' && keys[1] === 'verdict' && keys[2] === 'score' && keys[3] === 'findings';
  return result.id === undefined && keys.length === 3 && keys[0] === 'verdict' && keys[1] === 'score' && keys[2] === 'findings';
}

/** An id as JSON (ids are strings or finite numbers, so String() is exact for numbers). */
const idJson = (id: string | number): string => (typeof id === 'number' ? String(id) : JSON.stringify(id));

/** The output line of a record that could not be scanned: `{"id": …, "line": N, "error": "…"}`. */
export function errorRecord(id: string | number | null, line: number, error: string): string {
  return JSON.stringify({ id, line, error });
}
