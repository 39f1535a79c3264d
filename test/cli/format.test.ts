import { describe, it, expect } from 'vitest';
import { FormatSniffer, formatFromPath } from '../../src/cli/input/format.js';
import { createRecordSource } from '../../src/cli/input/source.js';
import type { Batch } from '../../src/cli/scan/batch.js';

describe('formatFromPath', () => {
  it('maps extensions, case-insensitively, and leaves the rest to sniffing', () => {
    expect(formatFromPath('a.jsonl')).toBe('jsonl');
    expect(formatFromPath('dir.v2/A.NDJSON')).toBe('jsonl');
    expect(formatFromPath('x.json')).toBe('jsonl');
    expect(formatFromPath('export.CSV')).toBe('csv');
    expect(formatFromPath('titles.txt')).toBe('lines');
    expect(formatFromPath('data.tsv')).toBeUndefined();
    expect(formatFromPath('dir.csv/listings')).toBeUndefined();
    expect(formatFromPath('.csv')).toBeUndefined();
  });
});

describe('FormatSniffer', () => {
  const sniff = (...chunks: string[]): string => {
    const s = new FormatSniffer();
    for (const c of chunks) {
      const f = s.feed(Buffer.from(c));
      if (f) return f;
    }
    return `end:${s.end()}`;
  };

  it('decides by the first non-blank character', () => {
    expect(sniff('{"title":"x"}')).toBe('jsonl');
    expect(sniff('\n\r\n  \t', '  {')).toBe('jsonl');
    expect(sniff('穿山甲')).toBe('lines');
    expect(sniff('title,price')).toBe('lines');
    expect(sniff('[1]')).toBe('lines');
  });

  it('looks past a byte-order mark, also one split across chunks', () => {
    expect(sniff('\uFEFF{')).toBe('jsonl');
    const bom = Buffer.from('\uFEFF{');
    const s = new FormatSniffer();
    expect(s.feed(bom.subarray(0, 1))).toBeUndefined();
    expect(s.feed(bom.subarray(1, 2))).toBeUndefined();
    expect(s.feed(bom.subarray(2))).toBe('jsonl');
  });

  it('treats a partial mark as content', () => {
    const s = new FormatSniffer();
    expect(s.feed(Buffer.from([0xef, 0x7b]))).toBe('lines');
    const t = new FormatSniffer();
    t.feed(Buffer.from([0xef]));
    expect(t.end()).toBe('lines');
  });

  it('decides something for empty and blank inputs', () => {
    expect(sniff()).toBe('end:jsonl');
    expect(sniff('  \n\n')).toBe('end:jsonl');
  });
});

describe('sniffing source', () => {
  const read = (chunks: string[], maxRecordBytes?: number): Batch[] => {
    const out: Batch[] = [];
    const source = createRecordSource(undefined, { emit: (b) => out.push(b), maxRecordBytes });
    for (const c of chunks) source.push(Buffer.from(c));
    source.end();
    return out;
  };

  it('replays the chunks it held once the format is known', () => {
    const batches = read(['\n', ' ', ' {"title":"a"}\n{"ti', 'tle":"b"}\n']);
    expect(batches.every((b) => b.kind === 'text' && b.format === 'jsonl')).toBe(true);
    const all = batches.map((b) => (b.kind === 'text' ? Buffer.from(b.bytes).toString() : '')).join('');
    expect(all).toBe('\n  {"title":"a"}\n{"title":"b"}\n');
    expect(batches[0]!.kind === 'text' && batches[0]!.firstLine).toBe(1);
  });

  it('reads plain lines when the first line is not an object', () => {
    const batches = read(['穿山甲片\n{"title":"x"}\n']);
    expect(batches.map((b) => b.kind === 'text' && b.format)).toEqual(['lines']);
  });

  it('does not hold more than the cap while only whitespace arrives', () => {
    const batches = read([' '.repeat(30), ' '.repeat(30), '\n{"a":1}\n'], 40);
    expect(batches.map((b) => b.kind)).toEqual(['errors', 'text']);
  });
});
