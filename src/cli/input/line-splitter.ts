/**
 * A streaming line splitter over raw bytes.
 *
 * It works on bytes rather than text so that the main thread never has to decode what a worker will
 * decode anyway, and so that the length cap is a real memory bound. Splitting bytes at `\n` is safe
 * for UTF-8: 0x0A never occurs inside a multi-byte sequence, so a chunk boundary inside a character
 * only ever lands in the carried-over tail of a line.
 */

/** Default cap on one line (or one CSV record): 8 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** Default number of lines handed over at a time. */
export const DEFAULT_MAX_LINES_PER_SPAN = 512;

/** Receives what a {@link LineSplitter} finds, in input order. */
export interface LineSink {
  /**
   * `count` complete lines, `bytes[start, end)`, numbered from `firstLine` (1-based). Each ends with `\n`
   * except the input's last line when the input does not end with one; a `\r` before the `\n` is left
   * in place. The bytes are never reused by the splitter, so the sink may keep them.
   */
  lines(bytes: Buffer, start: number, end: number, firstLine: number, count: number): void;
  /** Line `line` was longer than the cap; it was skipped up to its newline and never held in memory. */
  tooLong(line: number, length: number): void;
}

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** Longest line kept, in bytes without its newline (default {@link DEFAULT_MAX_RECORD_BYTES}). */
  maxLineBytes?: number;
  /** Most lines per {@link LineSink.lines} call (default {@link DEFAULT_MAX_LINES_PER_SPAN}). */
  maxLinesPerSpan?: number;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines: feed it chunks with {@link LineSplitter.push}, then call
 * {@link LineSplitter.end}. A UTF-8 byte-order mark at the very start is dropped. It holds at most one
 * partial line (up to the cap) between chunks; a longer line is dropped as it streams past and reported
 * through {@link LineSink.tooLong}, so memory stays bounded whatever the input.
 */
export class LineSplitter {
  private readonly sink: LineSink;
  private readonly maxLineBytes: number;
  private readonly maxLinesPerSpan: number;
  /** The start of a line whose newline has not arrived yet, as received (concatenated only once complete). */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside an over-long line: dropping bytes until the next newline. */
  private skipping = false;
  private skippedBytes = 0;
  /** Number of the next line. */
  private line = 1;
  /** No line has been emitted yet, so a byte-order mark may still be ahead. */
  private atStart = true;

  constructor(sink: LineSink, options: LineSplitterOptions = {}) {
    this.sink = sink;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.maxLinesPerSpan = Math.max(1, options.maxLinesPerSpan ?? DEFAULT_MAX_LINES_PER_SPAN);
  }

  /** Feeds the next chunk of input. */
  push(chunk: Buffer): void {
    let from = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.skippedBytes += chunk.length;
        return;
      }
      this.skippedBytes += nl;
      this.finishSkip();
      from = nl + 1;
    }
    if (this.carryBytes > 0) {
      const nl = chunk.indexOf(NEWLINE, from);
      if (nl < 0) {
        this.addCarry(chunk.subarray(from));
        return;
      }
      if (this.carryBytes + (nl - from) > this.maxLineBytes) {
        this.skippedBytes = this.carryBytes + (nl - from);
        this.dropCarry();
        this.finishSkip();
        from = nl + 1;
      } else {
        // Joining the rest of the chunk too (not just the first line) keeps the lines that follow in the
        // same span; that costs one copy of a chunk, which is cheap next to scanning it.
        this.carry.push(chunk.subarray(from));
        const joined = Buffer.concat(this.carry, this.carryBytes + chunk.length - from);
        this.dropCarry();
        this.scan(joined, 0);
        return;
      }
    }
    this.scan(chunk, from);
  }

  /** Ends the input: a last line without a newline is emitted now. */
  end(): void {
    if (this.skipping) {
      this.finishSkip();
    } else if (this.carryBytes > 0) {
      const last = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
      this.dropCarry();
      const start = this.firstLineStart(last, 0);
      // An input that is nothing but a byte-order mark is empty, not one empty line.
      if (start === last.length) return;
      this.emit(last, start, last.length, this.line, 1);
      this.line++;
    }
  }

  /** Emits every complete line of `buf` from `from`, and keeps the unterminated tail. */
  private scan(buf: Buffer, from: number): void {
    const max = this.maxLineBytes;
    const maxCount = this.maxLinesPerSpan;
    let pos = from;
    let spanStart = this.firstLineStart(buf, pos);
    let spanFirst = this.line;
    let count = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      if (nl - pos > max) {
        if (count > 0) this.emit(buf, spanStart, pos, spanFirst, count);
        this.atStart = false;
        this.sink.tooLong(this.line++, nl - pos);
        pos = nl + 1;
        spanStart = pos;
        spanFirst = this.line;
        count = 0;
        continue;
      }
      this.line++;
      count++;
      pos = nl + 1;
      if (count === maxCount) {
        this.emit(buf, spanStart, pos, spanFirst, count);
        spanStart = pos;
        spanFirst = this.line;
        count = 0;
      }
    }
    if (count > 0) this.emit(buf, spanStart, pos, spanFirst, count);
    const rest = buf.length - pos;
    if (rest === 0) return;
    if (rest > max) {
      this.skipping = true;
      this.skippedBytes = rest;
    } else {
      this.addCarry(buf.subarray(pos));
    }
  }

  private emit(buf: Buffer, start: number, end: number, firstLine: number, count: number): void {
    this.atStart = false;
    this.sink.lines(buf, start, end, firstLine, count);
  }

  /** Where the line at `pos` starts once a byte-order mark at the very start of the input is dropped. */
  private firstLineStart(buf: Buffer, pos: number): number {
    if (this.atStart && buf.length - pos >= 3 && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) {
      return pos + 3;
    }
    return pos;
  }

  private addCarry(part: Buffer): void {
    if (part.length === 0) return;
    if (this.carryBytes + part.length > this.maxLineBytes) {
      this.skipping = true;
      this.skippedBytes = this.carryBytes + part.length;
      this.dropCarry();
      return;
    }
    this.carry.push(part);
    this.carryBytes += part.length;
  }

  private dropCarry(): void {
    this.carry = [];
    this.carryBytes = 0;
  }

  private finishSkip(): void {
    this.skipping = false;
    this.atStart = false;
    this.sink.tooLong(this.line++, this.skippedBytes);
    this.skippedBytes = 0;
  }
}
