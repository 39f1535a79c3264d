import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LineSplitter, type LineSplitterOptions } from '../../src/cli/input/line-splitter.js';

type Out = { line: number; text: string } | { line: number; tooLong: number };

/** Runs the splitter over `chunks` and decodes what it emits, checking the line numbering on the way. */
function split(chunks: Buffer[], options: LineSplitterOptions = {}): Out[] {
  const out: Out[] = [];
  let expectedLine = 1;
  const splitter = new LineSplitter(
    {
      lines(bytes, start, end, firstLine, count) {
        expect(firstLine).toBe(expectedLine);
        const text = bytes.toString('utf8', start, end);
        const parts = text.split('\n');
        if (text.endsWith('\n')) parts.pop();
        expect(parts.length).toBe(count);
        for (const p of parts) out.push({ line: expectedLine++, text: p.endsWith('\r') ? p.slice(0, -1) : p });
      },
      tooLong(line, length) {
        expect(line).toBe(expectedLine++);
        out.push({ line, tooLong: length });
      },
    },
    options,
  );
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return out;
}

/** Splits bytes into pieces of `size` bytes. */
function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const texts = (out: Out[]): Array<string | number> => out.map((o) => ('text' in o ? o.text : -o.tooLong));

describe('LineSplitter', () => {
  it('splits LF and CRLF lines and keeps a last line without a newline', () => {
    expect(split([Buffer.from('a\r\nb\nc')])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });

  it('emits nothing for empty input, and one empty line per bare newline', () => {
    expect(split([])).toEqual([]);
    expect(split([Buffer.alloc(0)])).toEqual([]);
    expect(texts(split([Buffer.from('\n\n')]))).toEqual(['', '']);
    expect(texts(split([Buffer.from('a\n\nb\n')]))).toEqual(['a', '', 'b']);
  });

  it('drops a UTF-8 byte-order mark at the start only, even when it arrives byte by byte', () => {
    const bytes = Buffer.from('\uFEFF{"a":1}\n\uFEFFx\n');
    expect(texts(split([bytes]))).toEqual(['{"a":1}', '\uFEFFx']);
    expect(texts(split(pieces(bytes, 1)))).toEqual(['{"a":1}', '\uFEFFx']);
    expect(texts(split([Buffer.from('\uFEFF')]))).toEqual([]);
    expect(texts(split([Buffer.from('\uFEFF\n')]))).toEqual(['']);
  });

  it('decodes invalid UTF-8 with replacement characters and never loses the newline after it', () => {
    const bytes = Buffer.from([0x61, 0xe4, 0xb8, 0x0a, 0xff, 0x62, 0x0a, 0xc3]);
    expect(texts(split([bytes]))).toEqual(['a\uFFFD', '\uFFFDb', '\uFFFD']);
    expect(texts(split(pieces(bytes, 1)))).toEqual(['a\uFFFD', '\uFFFDb', '\uFFFD']);
  });

  it('keeps multi-byte characters whole when a chunk boundary falls inside them', () => {
    const text = '穿山甲片\n象牙🐘杯\n犀角';
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      expect(texts(split(pieces(bytes, size)))).toEqual(['穿山甲片', '象牙🐘杯', '犀角']);
    }
  });

  it('handles a chunk boundary between CR and LF', () => {
    expect(texts(split([Buffer.from('ab\r'), Buffer.from('\ncd\r'), Buffer.from('\n')]))).toEqual(['ab', 'cd']);
  });

  it('turns a line over the cap into one tooLong report and keeps the lines around it', () => {
    const long = 'x'.repeat(100);
    const bytes = Buffer.from(`first\n${long}\nsecond\n${long}`);
    const expected = [{ line: 1, text: 'first' }, { line: 2, tooLong: 100 }, { line: 3, text: 'second' }, { line: 4, tooLong: 100 }];
    expect(split([bytes], { maxLineBytes: 10 })).toEqual(expected);
    for (const size of [1, 3, 7, 11, 64]) expect(split(pieces(bytes, size), { maxLineBytes: 10 })).toEqual(expected);
  });

  it('accepts a line of exactly the cap', () => {
    expect(texts(split([Buffer.from('0123456789\n01234567890\n')], { maxLineBytes: 10 }))).toEqual(['0123456789', -11]);
  });

  it('holds memory bounded while a huge line streams past', () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const reports: number[] = [];
    let lines = 0;
    const splitter = new LineSplitter(
      { lines: (_b, _s, _e, _f, count) => (lines += count), tooLong: (_line, length) => reports.push(length) },
      { maxLineBytes: 1024 * 1024 },
    );
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let i = 0; i < 1024; i++) {
      splitter.push(chunk); // 64 MiB in total, one line
      if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    splitter.push(Buffer.from('\nok\n'));
    splitter.end();
    expect(reports).toEqual([64 * 1024 * 1024]);
    expect(lines).toBe(1);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  });

  it('cuts spans at maxLinesPerSpan', () => {
    const counts: number[] = [];
    const splitter = new LineSplitter({ lines: (_b, _s, _e, _f, count) => counts.push(count), tooLong: () => {} }, { maxLinesPerSpan: 3 });
    splitter.push(Buffer.from('1\n2\n3\n4\n5\n6\n7\n'));
    splitter.end();
    expect(counts).toEqual([3, 3, 1]);
  });

  // Any character but the line terminators; U+FEFF is left out because at the very start it is a BOM.
  const lineText = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !/[\r\n\uFEFF]/.test(s));

  it('returns exactly the records, whatever the separators and chunk boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineText, fc.boolean()), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (records, trailing, bom, sizes) => {
          let text = bom ? '\uFEFF' : '';
          records.forEach(([r, crlf], i) => {
            text += r;
            if (i < records.length - 1 || trailing) text += crlf ? '\r\n' : '\n';
          });
          const expected = records.map(([r]) => r);
          // Without a final newline, an empty last record is indistinguishable from no record.
          if (!trailing && expected.length > 0 && expected[expected.length - 1] === '') expected.pop();
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          expect(texts(split(chunks))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports exactly the records over the cap and keeps every other one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lineText, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (records, cap, size) => {
          const bytes = Buffer.from(records.map((r) => `${r}\n`).join(''));
          const expected = records.map((r) => (Buffer.byteLength(r) > cap ? -Buffer.byteLength(r) : r));
          expect(texts(split(pieces(bytes, size), { maxLineBytes: cap }))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
