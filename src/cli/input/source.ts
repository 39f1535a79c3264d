/**
 * Record sources: one input's bytes in, batches out. One source per input file (line numbers and
 * the CSV header belong to a file); the scan loop only sees {@link RecordSource}.
 */
import type { Batch } from '../scan/batch.js';
import { type CsvColumn, type CsvRecord, CsvRecordReader, hasTitleColumn, mapCsvHeader } from './csv.js';
import { FormatSniffer, type InputFormat } from './format.js';
import { DEFAULT_MAX_LINES_PER_SPAN, DEFAULT_MAX_RECORD_BYTES, LineSplitter } from './line-splitter.js';
import { tooLongMessage } from './records.js';

/** Turns the chunks of one input into batches. */
export interface RecordSource {
  /** Feeds the next chunk; batches come out through the `emit` callback before it returns. */
  push(chunk: Buffer): void;
  /** Ends the input; the last batches come out before it returns. */
  end(): void;
}

/** Options of {@link createRecordSource}. */
export interface RecordSourceOptions {
  /** Receives each batch, in input order. */
  emit(batch: Batch): void;
  /** Receives a notice about the input (e.g. a CSV header without a title column). */
  warn?(message: string): void;
  /** Longest record in bytes (default 8 MiB). */
  maxRecordBytes?: number;
  /** Most records per batch (default 512). */
  maxBatchRecords?: number;
}

/**
 * A source for one input. With no format, the first non-blank line decides between JSONL and plain
 * lines (see {@link FormatSniffer}).
 */
export function createRecordSource(format: InputFormat | undefined, options: RecordSourceOptions): RecordSource {
  if (format === undefined) return new SniffingSource(options);
  return format === 'csv' ? new CsvSource(options) : new TextSource(format, options);
}

/** JSONL and plain lines: spans of raw lines go out as they are, decoding happens where they are scanned. */
class TextSource implements RecordSource {
  private readonly splitter: LineSplitter;

  constructor(format: 'jsonl' | 'lines', options: RecordSourceOptions) {
    const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.splitter = new LineSplitter(
      {
        lines(bytes, start, end, firstLine) {
          options.emit({ kind: 'text', format, bytes: bytes.subarray(start, end), firstLine });
        },
        tooLong(line, length) {
          options.emit({ kind: 'errors', errors: [{ line, error: tooLongMessage(length, maxRecordBytes) }] });
        },
      },
      { maxLineBytes: maxRecordBytes, maxLinesPerSpan: options.maxBatchRecords ?? DEFAULT_MAX_LINES_PER_SPAN },
    );
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
  }
}

/**
 * CSV: records are assembled here, in order, because a quoted field can carry a record across lines;
 * the first record is the header. Records go out in batches at most once per chunk, so a slow producer
 * on stdin still sees its results promptly.
 */
class CsvSource implements RecordSource {
  private readonly splitter: LineSplitter;
  private readonly reader: CsvRecordReader;
  private readonly options: RecordSourceOptions;
  private readonly maxBatch: number;
  private columns: CsvColumn[] | undefined;
  private records: CsvRecord[] = [];

  constructor(options: RecordSourceOptions) {
    this.options = options;
    this.maxBatch = options.maxBatchRecords ?? DEFAULT_MAX_LINES_PER_SPAN;
    const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    const reader = new CsvRecordReader((record) => this.take(record), { maxRecordBytes });
    this.reader = reader;
    this.splitter = new LineSplitter(
      {
        lines(bytes, start, end, firstLine) {
          let line = firstLine;
          for (let pos = start; pos < end; line++) {
            let nl = bytes.indexOf(0x0a, pos);
            if (nl < 0 || nl >= end) nl = end;
            const stop = nl > pos && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
            reader.pushLine(bytes.toString('utf8', pos, stop), line, stop - pos);
            pos = nl + 1;
          }
        },
        tooLong(line, length) {
          reader.pushTooLong(line, length);
        },
      },
      { maxLineBytes: maxRecordBytes },
    );
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
    this.flush();
  }

  end(): void {
    this.splitter.end();
    this.reader.end();
    this.flush();
  }

  private take(record: CsvRecord): void {
    if (this.columns === undefined && record.fields !== undefined) {
      this.columns = mapCsvHeader(record.fields);
      if (!hasTitleColumn(this.columns)) this.options.warn?.("the CSV header has no 'title' column");
      return;
    }
    this.records.push(record);
    if (this.records.length >= this.maxBatch) this.flush();
  }

  private flush(): void {
    if (this.records.length === 0) return;
    this.options.emit({ kind: 'rows', columns: this.columns ?? [], records: this.records });
    this.records = [];
  }
}

/** Holds the first chunks until the format is known, then replays them into the right source. */
class SniffingSource implements RecordSource {
  private readonly options: RecordSourceOptions;
  private readonly sniffer = new FormatSniffer();
  private held: Buffer[] = [];
  private heldBytes = 0;
  private inner: RecordSource | undefined;

  constructor(options: RecordSourceOptions) {
    this.options = options;
  }

  push(chunk: Buffer): void {
    if (this.inner) {
      this.inner.push(chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    const format = this.sniffer.feed(chunk);
    // Whitespace beyond the record cap cannot be held forever; such an input is not JSONL anyway.
    if (format !== undefined) this.start(format);
    else if (this.heldBytes > (this.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES)) this.start('lines');
  }

  end(): void {
    if (!this.inner) this.start(this.sniffer.end());
    this.inner!.end();
  }

  private start(format: InputFormat): void {
    const inner = createRecordSource(format, this.options);
    this.inner = inner;
    const held = this.held;
    this.held = [];
    for (const chunk of held) inner.push(chunk);
  }
}
