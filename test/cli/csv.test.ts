import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CsvRecordReader, type CsvRecord, csvRecordToListing, mapCsvHeader } from '../../src/cli/input/csv.js';
import { createRecordSource } from '../../src/cli/input/source.js';
import type { Batch, RowsBatch } from '../../src/cli/scan/batch.js';

/** Reads CSV text through a source (splitter + reader), in chunks of `size` bytes. */
function readCsv(text: string | Buffer, size = 1 << 20, maxRecordBytes?: number): { batches: RowsBatch[]; records: CsvRecord[]; warnings: string[] } {
  const batches: Batch[] = [];
  const warnings: string[] = [];
  const source = createRecordSource('csv', { emit: (b) => batches.push(b), warn: (m) => warnings.push(m), maxRecordBytes });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += size) source.push(bytes.subarray(i, i + size));
  source.end();
  for (const b of batches) expect(b.kind).toBe('rows');
  const rows = batches as RowsBatch[];
  return { batches: rows, records: rows.flatMap((b) => b.records), warnings };
}

/** Feeds lines straight into a reader. */
function readLines(lines: string[], maxRecordBytes = 1000): CsvRecord[] {
  const out: CsvRecord[] = [];
  const reader = new CsvRecordReader((r) => out.push(r), { maxRecordBytes });
  lines.forEach((l, i) => reader.pushLine(l, i + 1, Buffer.byteLength(l)));
  reader.end();
  return out;
}

describe('CsvRecordReader', () => {
  it('splits plain and quoted fields, with commas and escaped quotes inside quotes', () => {
    expect(readLines(['a,b,c', '"x,y","say ""hi""",', '""'])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,y', 'say "hi"', ''] },
      { line: 3, fields: [''] },
    ]);
  });

  it('joins a quoted field across lines; the record keeps the number of its first line', () => {
    expect(readLines(['id,"two', 'lines",z', 'next'])).toEqual([
      { line: 1, fields: ['id', 'two\nlines', 'z'] },
      { line: 3, fields: ['next'] },
    ]);
  });

  it('skips blank lines between records but not inside a quoted field', () => {
    expect(readLines(['a', '', '  ', '"b', '', 'c"'])).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b\n\nc'] },
    ]);
  });

  it('keeps text after a closing quote and literal quotes inside unquoted fields', () => {
    expect(readLines(['"ab"cd,e"f'])).toEqual([{ line: 1, fields: ['abcd', 'e"f'] }]);
  });

  it('makes an unterminated quote at the end of input cost only its own record', () => {
    expect(readLines(['ok,1', 'bad,"oops', 'after,2', 'last,3'])).toEqual([
      { line: 1, fields: ['ok', '1'] },
      { line: 2, error: 'unterminated quoted field (it runs to the end of the input)' },
      { line: 3, fields: ['after', '2'] },
      { line: 4, fields: ['last', '3'] },
    ]);
  });

  it('gives up on a quoted field that grows past the cap and re-reads the lines after it', () => {
    const lines = ['bad,"never closed', ...Array.from({ length: 10 }, (_, i) => `row,${i}`)];
    const out = readLines(lines, 40);
    expect(out[0]).toEqual({ line: 1, error: 'unterminated quoted field (the record grows past 40 bytes)' });
    expect(out.slice(1)).toEqual(Array.from({ length: 10 }, (_, i) => ({ line: i + 2, fields: ['row', String(i)] })));
  });

  it('reports a physical line over the cap as its own error record', () => {
    const out: CsvRecord[] = [];
    const reader = new CsvRecordReader((r) => out.push(r), { maxRecordBytes: 100 });
    reader.pushLine('a,"open', 1, 7);
    reader.pushTooLong(2, 5000);
    reader.pushLine('b,2', 3, 3);
    reader.end();
    expect(out).toEqual([
      { line: 1, error: 'unterminated quoted field (the record grows past 100 bytes)' },
      { line: 2, error: 'record too long (5000 bytes; the limit is 100)' },
      { line: 3, fields: ['b', '2'] },
    ]);
  });

  it('accounts for every line when quotes open and close across lines', () => {
    // Line 2's quotes close line 1's field (an escaped quote, then the closing one); line 3 never closes.
    expect(readLines(['"a', '"""', '"b', 'c'])).toEqual([
      { line: 1, fields: ['a\n"'] },
      { line: 3, error: 'unterminated quoted field (it runs to the end of the input)' },
      { line: 4, fields: ['c'] },
    ]);
  });
});

describe('CSV header mapping', () => {
  it('maps known fields case-insensitively and attributes by prefix; ignores the rest; first column wins', () => {
    expect(mapCsvHeader([' Title ', 'PRICE', 'attr.包装层数', 'Attributes.颜色', 'seller', 'title', 'attr.'])).toEqual([
      { field: 'title' },
      { field: 'price' },
      { attribute: '包装层数' },
      { attribute: '颜色' },
      null,
      null,
      null,
    ]);
  });

  it('builds listings: numeric prices become numbers, empty cells are left out, title is always kept', () => {
    const columns = mapCsvHeader(['id', 'title', 'price', 'shop', 'attr.层数', 'attr.__proto__']);
    expect(csvRecordToListing(columns, ['sku-1', '月饼', ' 688 ', '', '4', 'x'])).toEqual({
      id: 'sku-1',
      title: '月饼',
      price: 688,
      attributes: { 层数: '4', ['__proto__']: 'x' },
    });
    const hostile = csvRecordToListing(columns, ['', '', '¥688', '店', '', 'y']);
    expect(hostile).toEqual({ title: '', price: '¥688', shop: '店', attributes: JSON.parse('{"__proto__":"y"}') });
    expect(Object.getPrototypeOf(hostile.attributes)).toBe(Object.prototype);
    expect(csvRecordToListing(columns, ['1'])).toEqual({ id: '1' });
  });
});

describe('CSV source', () => {
  it('drops a BOM before the header, maps the header, and keeps CRLF records in order', () => {
    const { records, batches } = readCsv('\uFEFFtitle,price\r\n"穿山甲片, 正品",12.5\r\n\r\n象牙白衬衫,99\r\n');
    expect(batches[0]!.columns).toEqual([{ field: 'title' }, { field: 'price' }]);
    expect(records).toEqual([
      { line: 2, fields: ['穿山甲片, 正品', '12.5'] },
      { line: 4, fields: ['象牙白衬衫', '99'] },
    ]);
  });

  it('turns CRLF inside a quoted field into LF and survives any chunking', () => {
    const text = 'title,description\r\n"a","line one\r\nline two"\r\nb,c\r\n';
    for (const size of [1, 2, 3, 5, 100]) {
      expect(readCsv(text, size).records).toEqual([
        { line: 2, fields: ['a', 'line one\nline two'] },
        { line: 4, fields: ['b', 'c'] },
      ]);
    }
  });

  it('warns once when the header has no title column', () => {
    expect(readCsv('name,price\nx,1\n').warnings).toEqual(["the CSV header has no 'title' column"]);
  });

  it('uses the next record as the header when the first is unreadable', () => {
    const { records, batches } = readCsv('"broken\n' + 'x'.repeat(50) + '\n', 1 << 20, 20);
    expect(records[0]).toEqual({ line: 1, error: 'unterminated quoted field (the record grows past 20 bytes)' });
    expect(records[1]).toEqual({ line: 2, error: 'record too long (50 bytes; the limit is 20)' });
    expect(batches.every((b) => b.columns.length === 0)).toBe(true);
  });

  const cell = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !/[\r\uFEFF]/.test(s));

  it('reads back exactly what an RFC 4180 writer wrote, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 15 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, size) => {
          const quote = (c: string): string => (/[",\n]/.test(c) || c.trim() === '' ? `"${c.replace(/"/g, '""')}"` : c);
          const text = ['title,description,shop', ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n';
          expect(readCsv(text, size).records.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
