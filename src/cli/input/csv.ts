/**
 * CSV with a header row (RFC 4180): records from lines, and listings from records.
 *
 * A quoted field may hold newlines, so a record may span lines. Broken quoting must cost only the
 * record it breaks: when a quoted field is still open at the end of the input, or its record grows past
 * the cap, the record's first line becomes an error record and the lines after it are read again as
 * fresh records. Those lines are held until the record closes, so memory is bounded by the cap.
 */
import type { Listing } from '../../types.js';
import { isBlank, tooLongMessage } from './records.js';

/** One record of a CSV input: its fields, or why it could not be read. `line` is where it starts. */
export interface CsvRecord {
  line: number;
  fields?: string[];
  error?: string;
}

/** Options of {@link CsvRecordReader}. */
export interface CsvReaderOptions {
  /** Longest record, in bytes (its lines plus the newlines between them). */
  maxRecordBytes: number;
}

/** A physical line handed to the reader; `text` is absent for a line the splitter found too long. */
interface PendingLine {
  text: string | undefined;
  line: number;
  bytes: number;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just after a quote inside a quoted field: an escaped quote, the field's end, or sloppy text. */
  AfterQuote,
}

const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Assembles CSV records from lines (without their line terminators). Blank lines between records are
 * skipped. Feed lines in order with {@link CsvRecordReader.pushLine} / {@link CsvRecordReader.pushTooLong},
 * then call {@link CsvRecordReader.end}. Records come out through the callback, in order.
 */
export class CsvRecordReader {
  private readonly emit: (record: CsvRecord) => void;
  private readonly maxRecordBytes: number;
  /** Lines waiting to be parsed: normally one, more while broken records are being re-read. */
  private queue: PendingLine[] = [];
  private queueAt = 0;
  /** The lines of the record being read; kept so they can be re-read if its quoting turns out broken. */
  private pending: PendingLine[] = [];
  private pendingBytes = 0;
  private open = false;
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';

  constructor(emit: (record: CsvRecord) => void, options: CsvReaderOptions) {
    this.emit = emit;
    this.maxRecordBytes = options.maxRecordBytes;
  }

  /** Feeds the next line: its text, its number, and its length in bytes. */
  pushLine(text: string, line: number, bytes: number): void {
    this.queue.push({ text, line, bytes });
    this.drain();
  }

  /** Feeds a line that was too long to keep. */
  pushTooLong(line: number, bytes: number): void {
    this.queue.push({ text: undefined, line, bytes });
    this.drain();
  }

  /** Ends the input: a record whose quoted field is still open becomes an error record. */
  end(): void {
    this.drain();
    while (this.open) {
      this.fail('unterminated quoted field (it runs to the end of the input)');
      this.drain();
    }
  }

  private drain(): void {
    while (this.queueAt < this.queue.length) {
      const next = this.queue[this.queueAt++]!;
      this.step(next);
    }
    this.queue.length = 0;
    this.queueAt = 0;
  }

  private step(l: PendingLine): void {
    if (!this.open) {
      if (l.text === undefined) {
        this.emit({ line: l.line, error: tooLongMessage(l.bytes, this.maxRecordBytes) });
        return;
      }
      if (isBlank(l.text)) return;
      this.open = true;
      this.pending.push(l);
      this.pendingBytes = l.bytes;
      this.state = State.FieldStart;
    } else {
      this.pending.push(l);
      this.pendingBytes += l.bytes + 1;
      if (l.text === undefined || this.pendingBytes > this.maxRecordBytes) {
        this.fail(`unterminated quoted field (the record grows past ${this.maxRecordBytes} bytes)`);
        return;
      }
      // The newline between the lines belongs to the quoted field.
      this.field += '\n';
    }
    if (this.parseLine(l.text)) {
      const line = this.pending[0]!.line;
      const fields = this.fields;
      this.reset();
      this.emit({ line, fields });
    }
  }

  /** Reports the open record's first line as broken and queues the lines after it to be read again. */
  private fail(message: string): void {
    const [first, ...rest] = this.pending;
    this.reset();
    this.emit({ line: first!.line, error: message });
    this.queue = rest.concat(this.queue.slice(this.queueAt));
    this.queueAt = 0;
  }

  private reset(): void {
    this.open = false;
    this.pending = [];
    this.pendingBytes = 0;
    this.state = State.FieldStart;
    this.fields = [];
    this.field = '';
  }

  /** Parses one line in the current state; true when the record ends with it. */
  private parseLine(text: string): boolean {
    const n = text.length;
    let i = 0;
    let state = this.state;
    let field = this.field;
    for (;;) {
      if (state === State.FieldStart) {
        if (i < n && text.charCodeAt(i) === QUOTE) {
          state = State.Quoted;
          i++;
        } else {
          state = State.Unquoted;
        }
      } else if (state === State.Unquoted) {
        // A quote inside an unquoted field is taken literally, as most writers expect.
        const comma = text.indexOf(',', i);
        if (comma < 0) {
          this.fields.push(field + text.slice(i));
          return true;
        }
        this.fields.push(field + text.slice(i, comma));
        field = '';
        state = State.FieldStart;
        i = comma + 1;
      } else if (state === State.Quoted) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          this.field = field + text.slice(i);
          this.state = State.Quoted;
          return false;
        }
        field += text.slice(i, quote);
        i = quote + 1;
        state = State.AfterQuote;
      } else {
        if (i >= n) {
          this.fields.push(field);
          return true;
        }
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          field += '"';
          i++;
          state = State.Quoted;
        } else if (c === COMMA) {
          this.fields.push(field);
          field = '';
          i++;
          state = State.FieldStart;
        } else {
          // `"abc"def`: keep the text after the closing quote rather than lose the record.
          state = State.Unquoted;
        }
      }
    }
  }
}

/** The listing fields a CSV column can fill. */
export type CsvListingField = 'id' | 'title' | 'description' | 'price' | 'category' | 'shop';

/** What a CSV column maps to: a listing field, an attribute, or nothing (`null`: ignored). */
export type CsvColumn = { field: CsvListingField } | { attribute: string } | null;

const LISTING_FIELDS: ReadonlySet<string> = new Set<CsvListingField>(['id', 'title', 'description', 'price', 'category', 'shop']);

/**
 * Maps header names to listing fields: `title`, `description`, `price`, `category`, `shop`, `id`
 * (case and surrounding spaces ignored), `attributes.X` or `attr.X` to attribute `X`; other columns are
 * ignored. When a name repeats, the first column wins.
 */
export function mapCsvHeader(names: readonly string[]): CsvColumn[] {
  const seen = new Set<string>();
  return names.map((raw): CsvColumn => {
    const name = raw.trim();
    const lower = name.toLowerCase();
    let column: CsvColumn = null;
    let key = '';
    if (LISTING_FIELDS.has(lower)) {
      column = { field: lower as CsvListingField };
      key = lower;
    } else {
      const prefix = /^(?:attributes|attr)\./i.exec(name);
      const attribute = prefix ? name.slice(prefix[0].length).trim() : '';
      if (attribute !== '') {
        column = { attribute };
        key = `attributes.${attribute}`;
      }
    }
    if (column === null || seen.has(key)) return null;
    seen.add(key);
    return column;
  });
}

/** Whether a mapped header has a title column (without one every listing lacks its title). */
export function hasTitleColumn(columns: readonly CsvColumn[]): boolean {
  return columns.some((c) => c !== null && 'field' in c && c.field === 'title');
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Builds a listing from a CSV record. `title` is kept even when empty (so the engine can say it is
 * missing); other empty cells are left out. `price` becomes a number when it is one (`688`, `12.50`),
 * else stays text for the engine to judge.
 */
export function csvRecordToListing(columns: readonly CsvColumn[], fields: readonly string[]): Listing {
  const listing: Listing = {};
  let attributes: Array<[string, string]> | undefined;
  const n = Math.min(columns.length, fields.length);
  for (let i = 0; i < n; i++) {
    const column = columns[i];
    if (!column) continue;
    const value = fields[i]!;
    if ('attribute' in column) {
      if (value !== '') (attributes ??= []).push([column.attribute, value]);
      continue;
    }
    if (column.field === 'title') {
      listing.title = value;
    } else if (value.trim() === '') {
      continue;
    } else if (column.field === 'price') {
      const trimmed = value.trim();
      listing.price = PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : value;
    } else {
      listing[column.field] = value;
    }
  }
  // fromEntries defines own properties, so an attribute named `__proto__` stays data.
  if (attributes) listing.attributes = Object.fromEntries(attributes);
  return listing;
}
