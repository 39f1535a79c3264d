/**
 * Batches: the unit of work between reading input and scanning it. The same batch is processed in
 * the main thread (`--workers 0`) or posted to a worker, so it holds only plain, cloneable data.
 */
import type { CsvColumn, CsvRecord } from '../input/csv.js';

/**
 * Complete JSONL or plain-text lines as raw UTF-8 bytes, numbered from `firstLine`. Raw bytes keep
 * decoding and parsing off the main thread when workers run.
 */
export interface TextBatch {
  kind: 'text';
  format: 'jsonl' | 'lines';
  bytes: Uint8Array;
  firstLine: number;
}

/** CSV records already split into fields, with the column mapping of their file's header. */
export interface RowsBatch {
  kind: 'rows';
  columns: CsvColumn[];
  records: CsvRecord[];
}

/** Records the reader itself found unreadable (a line over the length cap). */
export interface ErrorsBatch {
  kind: 'errors';
  errors: Array<{ line: number; error: string }>;
}

/** A unit of work. */
export type Batch = TextBatch | RowsBatch | ErrorsBatch;

/** What scanning a batch produced: one output line per record, except `pass` results under `--flagged-only`. */
export interface BatchOutput {
  /** The output lines, each ending with `\n` (empty when nothing is written). */
  text: string;
  /** Input records in the batch. */
  records: number;
}
