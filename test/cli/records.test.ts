import { describe, it, expect } from 'vitest';
import { isBlank, parseJsonLine, recordId, RecordError } from '../../src/cli/input/records.js';
import { processBatch, stringifyResult, type Scanner } from '../../src/cli/scan/process-batch.js';
import type { Batch } from '../../src/cli/scan/batch.js';
import { fakeEngine } from './helpers.js';

const engine = fakeEngine();
const text = (s: string, format: 'jsonl' | 'lines' = 'jsonl', firstLine = 1): Batch => ({ kind: 'text', format, bytes: Buffer.from(s), firstLine });
const run = (batch: Batch, scanner: Scanner = engine, flaggedOnly = false): Array<Record<string, unknown>> =>
  processBatch(batch, scanner, { flaggedOnly })
    .text.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parseJsonLine', () => {
  it('returns objects and reports everything else as a record error', () => {
    expect(parseJsonLine('{"title":"x"}')).toEqual({ title: 'x' });
    for (const [line, message] of [
      ['[1,2]', 'not a JSON object: an array'],
      ['42', 'not a JSON object: a number'],
      ['"穿山甲"', 'not a JSON object: a string'],
      ['null', 'not a JSON object: null'],
      ['true', 'not a JSON object: a boolean'],
    ] as const) {
      expect(parseJsonLine(line)).toEqual(new RecordError(message));
    }
  });

  it('reports invalid and truncated JSON without throwing, with a short message', () => {
    const truncated = parseJsonLine('{"title": "穿山甲');
    expect(truncated).toBeInstanceOf(RecordError);
    expect((truncated as RecordError).message).toMatch(/^invalid JSON: /);
    const huge = parseJsonLine('x'.repeat(1_000_000));
    expect((huge as RecordError).message.length).toBeLessThan(260);
  });

  it('survives deep nesting', () => {
    expect(parseJsonLine('['.repeat(100_000))).toBeInstanceOf(RecordError);
    expect(parseJsonLine('{"a":'.repeat(100_000))).toBeInstanceOf(RecordError);
    expect(parseJsonLine('['.repeat(100_000) + ']'.repeat(100_000))).toEqual(new RecordError('not a JSON object: an array'));
  });
});

describe('recordId and isBlank', () => {
  it('uses string and finite number ids, else the line number', () => {
    expect(recordId({ id: 'a' }, 3)).toBe('a');
    expect(recordId({ id: 0 }, 3)).toBe(0);
    expect(recordId({ id: { x: 1 } as never }, 3)).toBe(3);
    expect(recordId({ id: null as unknown as string }, 3)).toBe(3);
    expect(recordId({}, 7)).toBe(7);
  });

  it('treats whitespace-only lines as blank, including ideographic spaces', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\u3000')).toBe(true);
    expect(isBlank(' x')).toBe(false);
    expect(isBlank('{}')).toBe(false);
  });
});

describe('processBatch', () => {
  it('gives every JSONL record exactly one output line, in order, with error records', () => {
    const out = run(text('{"id":"a","title":"穿山甲片"}\n[1]\n\n{"title":"茶杯"}\n{"title": "trunc\nnot json\n{"id":{"o":1},"title":"x"}\r\n'));
    expect(out.map((o) => [o.id, o.line ?? null, o.verdict ?? o.error])).toEqual([
      ['a', null, 'block'],
      [null, 2, 'not a JSON object: an array'],
      [4, null, 'pass'],
      [null, 5, expect.stringMatching(/^invalid JSON/)],
      [null, 6, expect.stringMatching(/^invalid JSON/)],
      [7, null, 'pass'],
    ]);
  });

  it('counts blank lines for line numbers but gives them no output', () => {
    expect(run(text('\n\n  \n{"title":"x"}', 'jsonl', 10)).map((o) => o.id)).toEqual([13]);
    expect(processBatch(text('\n\n'), engine, { flaggedOnly: false })).toEqual({ text: '', records: 0 });
  });

  it('reads plain lines as titles, keeping the text as it was', () => {
    expect(run(text(' 穿山甲 \r\n\n茶杯', 'lines')).map((o) => [o.id, o.verdict])).toEqual([
      [1, 'block'],
      [3, 'pass'],
    ]);
  });

  it('with flaggedOnly leaves out pass results but never error records', () => {
    const out = run(text('{"title":"茶杯"}\n{"title":"军供茅台"}\noops\n'), engine, true);
    expect(out.map((o) => o.verdict ?? o.error)).toEqual(['review', expect.stringMatching(/^invalid JSON/)]);
  });

  it('turns an engine that throws or returns nothing into error records', () => {
    const throwing: Scanner = { scan: () => { throw new Error('boom\nsecond line'); } };
    expect(run(text('{"id":"z","title":"x"}'), throwing)).toEqual([{ id: 'z', line: 1, error: 'engine failed: boom second line' }]);
    const empty: Scanner = { scan: () => undefined as never };
    expect(run(text('{"title":"x"}'), empty)).toEqual([{ id: 1, line: 1, error: 'engine returned no result' }]);
    const cyclic: Scanner = { scan: () => { const r: Record<string, unknown> = { verdict: 'block', score: 1, findings: [] }; r.self = r; return r as never; } };
    expect(run(text('{"title":"x"}'), cyclic)[0]!.error).toMatch(/^result could not be written/);
  });

  it('handles CSV rows and reader errors', () => {
    const out = run({
      kind: 'rows',
      columns: [{ field: 'title' }, { field: 'id' }],
      records: [{ line: 2, fields: ['穿山甲', 'k'] }, { line: 3, error: 'unterminated quoted field' }, { line: 5, fields: ['茶'] }],
    });
    expect(out).toEqual([
      expect.objectContaining({ id: 'k', verdict: 'block' }),
      { id: null, line: 3, error: 'unterminated quoted field' },
      expect.objectContaining({ id: 5, verdict: 'pass' }),
    ]);
    expect(run({ kind: 'errors', errors: [{ line: 9, error: 'record too long' }] })).toEqual([{ id: null, line: 9, error: 'record too long' }]);
  });

  it('decodes invalid UTF-8 as replacement characters', () => {
    const bytes = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]);
    expect(run({ kind: 'text', format: 'jsonl', bytes, firstLine: 1 })[0]).toMatchObject({ id: 1, verdict: 'pass' });
  });
});

describe('stringifyResult', () => {
  it('keeps the engine id, splices a missing one in front, and replaces a different one', () => {
    expect(stringifyResult({ id: 'a', verdict: 'pass', score: 0, findings: [] }, 'a')).toBe('{"id":"a","verdict":"pass","score":0,"findings":[]}');
    expect(stringifyResult({ verdict: 'pass', score: 0, findings: [] }, 4)).toBe('{"id":4,"verdict":"pass","score":0,"findings":[]}');
    expect(stringifyResult({} as never, 'x"y')).toBe('{"id":"x\\"y"}');
    expect(JSON.parse(stringifyResult({ id: { bad: 1 } as never, verdict: 'pass', score: 0, findings: [] }, 2))).toEqual({ id: 2, verdict: 'pass', score: 0, findings: [] });
  });

  it('writes exactly what JSON.stringify writes, for clean results and for everything that is not quite one', () => {
    const ids: Array<string | number> = ['a', 'x"y\\z', '穿山甲\u2028', 0, -3, 1.5e300, 12];
    const shapes: Array<(id: string | number) => Record<string, unknown>> = [
      (id) => ({ id, verdict: 'pass', score: 0, findings: [] }),
      (id) => ({ id, verdict: 'pass', score: -0, findings: [] }),
      (id) => ({ id, verdict: 'pass', score: 0.1, findings: [] }),
      (id) => ({ id, verdict: 'review', score: 0, findings: [] }),
      (id) => ({ id, verdict: 'pass', score: 0, findings: [], capped: ['title'] }),
      (id) => ({ id, verdict: 'pass', score: 0, findings: [], warnings: undefined }),
      (id) => ({ verdict: 'pass', id, score: 0, findings: [] }),
      (id) => ({ id, verdict: 'pass', score: 0, findings: {} }),
      (id) => ({ id, verdict: 'pass', score: 0, findings: [{ ruleId: 'r' }] }),
    ];
    for (const id of ids) {
      for (const shape of shapes) {
        const result = shape(id);
        expect(stringifyResult(result as never, id)).toBe(JSON.stringify(result));
      }
      // No id from the engine: the record's id goes first, then the rest as stringify writes it.
      expect(stringifyResult({ verdict: 'pass', score: 0, findings: [] }, id)).toBe(JSON.stringify({ id, verdict: 'pass', score: 0, findings: [] }));
    }
  });
});
