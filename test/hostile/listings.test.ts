/**
 * Hostile listings: wrong types in every field, megabytes of text, lone surrogates, control and bidi
 * characters, BOMs, CRLF, deep nesting, throwing getters and Proxies. `scan` never throws, says what it
 * could not read (`warnings`), reads at most `fieldCap` UTF-16 units of each text field and lists the
 * fields it cut (`capped`), and every evidence span is the exact text of the original field.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_CAP, type Engine, type ScanResult } from '../../src/index.js';
import { MINI, engineOf } from './helpers.js';

const engine = engineOf([MINI]);
const all = engineOf([MINI], { allFindings: true });

/** Scans without throwing and checks the result's shape and every evidence span against the listing. */
function scanChecked(listing: unknown, e: Engine = engine): ScanResult {
  let r: ScanResult | undefined;
  expect(() => (r = e.scan(listing))).not.toThrow();
  checkResult(listing, r!);
  return r!;
}

/** The contract's invariants of one result. */
export function checkResult(listing: unknown, r: ScanResult): void {
  expect(['pass', 'review', 'block']).toContain(r.verdict);
  expect(r.score).toBeGreaterThanOrEqual(0);
  expect(r.score).toBeLessThanOrEqual(1);
  for (const w of r.warnings ?? []) expect(['wrong-type', 'missing-title', 'not-an-object', 'capped']).toContain(w.code);
  for (const f of r.findings)
    for (const ev of f.evidence) {
      if (ev.start === undefined) continue;
      const value = fieldValue(listing, ev.field);
      expect(typeof value, `field ${ev.field}`).toBe('string');
      expect(value!.slice(ev.start, ev.end)).toBe(ev.text);
    }
}

function fieldValue(listing: unknown, field: string): string | undefined {
  const l = listing as Record<string, unknown>;
  const raw = field.startsWith('attributes.') ? (l.attributes as Record<string, unknown>)[field.slice(11)] : l[field];
  return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
}

const warningOf = (r: ScanResult, field: string) => r.warnings?.find((w) => w.field === field);

describe('wrong types in every field', () => {
  const wrong: [string, unknown][] = [
    ['an object', { a: 1 }],
    ['an array', ['穿山甲']],
    ['a boolean', true],
    ['a symbol', Symbol('穿山甲')],
    ['a function', () => '穿山甲'],
    ['a String object', new String('穿山甲')],
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', '穿山甲']])],
    ['a Uint8Array', new Uint8Array([1, 2])],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ];

  it.each(wrong)('title, description, shop and category holding %s give a wrong-type warning each', (_n, v) => {
    const r = scanChecked({ title: v, description: v, shop: v, category: v });
    expect(r.findings).toEqual([]);
    for (const f of ['title', 'description', 'shop', 'category']) expect(warningOf(r, f)?.code, f).toBe('wrong-type');
  });

  it('reads numbers and BigInts in text fields as their digits', () => {
    expect(scanChecked({ title: 688 }).warnings).toBeUndefined();
    expect(scanChecked({ title: 10n }).warnings).toBeUndefined();
  });

  it('keeps reading the other fields when one is wrong', () => {
    const r = scanChecked({ title: { a: 1 }, description: '野生穿山甲 出售' });
    expect(warningOf(r, 'title')?.code).toBe('wrong-type');
    expect(r.verdict).toBe('block');
    expect(r.findings[0]!.evidence[0]!.field).toBe('description');
  });

  it.each([
    ['text without digits', 'abc'],
    ['an object', { value: 688 }],
    ['an array', [688]],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['a long text', '6'.repeat(100_000)],
  ])('a price that is %s is a warning, and price rules do not fire', (_n, price) => {
    const r = scanChecked({ title: '月饼礼盒', price });
    expect(warningOf(r, 'price')?.code).toBe('wrong-type');
    expect(r.findings.find((f) => f.ruleId === 'mooncake.price')).toBeUndefined();
  });

  it('reads a price written as text', () => {
    expect(scanChecked({ title: '月饼礼盒', price: '¥688.00' }).findings.map((f) => f.ruleId)).toContain('mooncake.price');
    expect(scanChecked({ title: '月饼礼盒', price: '６８８元' }).findings.map((f) => f.ruleId)).toContain('mooncake.price');
  });

  it('accepts string and finite number ids only', () => {
    expect(scanChecked({ id: 'a', title: 't' }).id).toBe('a');
    expect(scanChecked({ id: 7, title: 't' }).id).toBe(7);
    for (const id of [{ a: 1 }, ['x'], null, Number.NaN, Number.POSITIVE_INFINITY, true]) expect(scanChecked({ id, title: 't' })).not.toHaveProperty('id');
  });

  it('says so when the title is missing or empty', () => {
    expect(warningOf(scanChecked({ description: '穿山甲' }), 'title')?.code).toBe('missing-title');
    expect(warningOf(scanChecked({ title: null }), 'title')?.code).toBe('missing-title');
    expect(scanChecked({ title: '' }).verdict).toBe('pass');
  });

  it.each([null, undefined, 42, 'a title', true, [], [{ title: '穿山甲' }], Symbol('x'), () => 1])('a listing that is %s is not-an-object', (l) => {
    const r = scanChecked(l);
    expect(r).toMatchObject({ verdict: 'pass', score: 0, findings: [] });
    expect(r.warnings?.[0]?.code).toBe('not-an-object');
  });

  it('ignores unknown fields of any type', () => {
    const r = scanChecked({ title: '穿山甲', extra: { deep: [1, { x: null }] }, 穿山甲: '穿山甲', [Symbol('s')]: 1 });
    expect(r.warnings).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId)).toEqual(['wildlife.pangolin']);
  });
});

describe('attributes', () => {
  it('warns about a non-object attributes field and non-text values', () => {
    expect(warningOf(scanChecked({ title: 't', attributes: ['4'] }), 'attributes')?.code).toBe('wrong-type');
    expect(warningOf(scanChecked({ title: 't', attributes: '包装层数: 4' }), 'attributes')?.code).toBe('wrong-type');
    const r = scanChecked({ title: '月饼礼盒', attributes: { 包装层数: { n: 4 }, 产地: ['x'], 空: null, 层: 5 } });
    expect(warningOf(r, 'attributes.包装层数')?.code).toBe('wrong-type');
    expect(warningOf(r, 'attributes.产地')?.code).toBe('wrong-type');
    expect(warningOf(r, 'attributes.空')).toBeUndefined();
  });

  it('reads at most 64 attributes and says attributes were capped', () => {
    const attributes = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i === 99_999 ? '穿山甲' : 'x']));
    const r = scanChecked({ title: 't', attributes });
    expect(r.capped).toEqual(['attributes']);
    expect(r.findings).toEqual([]);
  });

  it('treats __proto__ and constructor attribute keys as plain keys', () => {
    const listing = JSON.parse('{"title":"月饼礼盒","attributes":{"__proto__":{"polluted":1},"constructor":"x","包装层数":"5"}}');
    const r = scanChecked(listing, all);
    expect(warningOf(r, 'attributes.__proto__')?.code).toBe('wrong-type');
    expect(r.findings.map((f) => f.ruleId)).toContain('mooncake.layers');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('megabytes of text', () => {
  it('caps a 5 MB description at the default field cap and reports it', () => {
    expect(DEFAULT_FIELD_CAP).toBe(65_536);
    const description = '好'.repeat(5 * 1024 * 1024 - 3) + '穿山甲';
    const r = scanChecked({ title: '礼品', description });
    expect(r.capped).toEqual(['description']);
    // The term at the end lies beyond the cap: it is not read at all.
    expect(r.findings).toEqual([]);
    // A term inside the cap is found, with offsets inside the cap.
    const early = '好'.repeat(1000) + '穿山甲' + '好'.repeat(5 * 1024 * 1024);
    const hit = scanChecked({ title: '礼品', description: early });
    expect(hit.capped).toEqual(['description']);
    expect(hit.findings[0]!.evidence[0]).toMatchObject({ field: 'description', start: 1000, end: 1003, text: '穿山甲' });
  });

  it('reads a term that straddles nothing: the cap is a hard edge in UTF-16 units', () => {
    const cap = 100;
    const capped = engineOf([MINI], { fieldCap: cap });
    const ending = (pad: number) => ({ title: 'x'.repeat(pad) + '穿山甲' });
    expect(capped.scan(ending(cap - 3)).findings).toHaveLength(1);
    expect(capped.scan(ending(cap - 3)).capped).toBeUndefined();
    expect(capped.scan(ending(cap - 2)).findings).toEqual([]);
    expect(capped.scan(ending(cap - 2)).capped).toEqual(['title']);
  });

  it('caps every text field independently and lists each one', () => {
    const big = 'x'.repeat(DEFAULT_FIELD_CAP + 1);
    const r = scanChecked({ title: big, description: big, shop: big, category: big, attributes: { a: big, b: 'short' } });
    expect(r.capped).toEqual(['title', 'description', 'shop', 'category', 'attributes.a']);
  });

  it('does not split a surrogate pair into a match at the cap', () => {
    const capped = engineOf([MINI], { fieldCap: 4 });
    const r = capped.scan({ title: '穿山甲\ud83d\udd25' });
    expect(r.capped).toEqual(['title']);
    checkResult({ title: '穿山甲\ud83d\udd25' }, r);
  });

  it('refuses a fieldCap that would not bound the work, and caps with any valid one', () => {
    for (const fieldCap of [0, -5, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => engineOf([MINI], { fieldCap }), String(fieldCap)).toThrow(RangeError);
    for (const fieldCap of [1, 1000.7, 100_000]) {
      const e = engineOf([MINI], { fieldCap });
      const r = e.scan({ title: '穿山甲', description: 'x'.repeat(200_000) });
      expect(r.capped, String(fieldCap)).toContain('description');
    }
  });

  it('handles a megabyte title of one repeated term without slowing to a crawl of evidence', () => {
    const title = '穿山甲'.repeat(350_000);
    const r = scanChecked({ title });
    expect(r.capped).toEqual(['title']);
    expect(r.findings[0]!.evidence.length).toBeLessThanOrEqual(8);
  });
});

describe('invisible, control and broken characters', () => {
  const cases: [string, string, string][] = [
    ['a BOM before the term', '\ufeff穿山甲', '穿山甲'],
    ['a lone high surrogate before', '\ud800穿山甲', '穿山甲'],
    ['a lone low surrogate after', '穿山甲\udc00 出售', '穿山甲'],
    ['lone surrogates inside', '穿\ud800山\udfff甲', '穿\ud800山\udfff甲'],
    ['a right-to-left override inside', '穿\u202e山\u202c甲', '穿\u202e山\u202c甲'],
    ['bidi isolates around', '\u2066穿山甲\u2069', '穿山甲'],
    ['NUL and BEL inside', '穿\u0000山\u0007甲', '穿\u0000山\u0007甲'],
    ['zero-width joiners', '穿\u200d山\u200c甲', '穿\u200d山\u200c甲'],
    ['CRLF between', '穿\r\n山\r\n甲', '穿\r\n山\r\n甲'],
    ['variation selectors', '穿\ufe0f山甲', '穿\ufe0f山甲'],
    ['full-width letters', 'ＣＳＪ炮片', 'ＣＳＪ'],
    ['traditional characters', '穿山甲 正品 象牙', '穿山甲'],
  ];
  it.each(cases)('%s', (_n, title, text) => {
    const r = scanChecked({ title });
    const ev = r.findings.find((f) => f.ruleId === 'wildlife.pangolin')?.evidence[0];
    expect(ev, title).toBeDefined();
    expect(ev!.text).toBe(text);
  });

  it('survives a title made only of invisible and broken characters', () => {
    for (const title of ['\ud800', '\udc00\ud800', '\u200b'.repeat(1000), '\u202e'.repeat(1000), '\ufeff', '\r\n'.repeat(1000), '\u0000'.repeat(1000), '🔥'.repeat(1000)])
      expect(scanChecked({ title }).verdict).toBe('pass');
  });
});

describe('nesting and hostile objects', () => {
  let deep: unknown = '穿山甲';
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  let deepArray: unknown = '穿山甲';
  for (let i = 0; i < 100_000; i++) deepArray = [deepArray];

  it('reads a deeply nested value as a wrong type, without recursing into it', () => {
    const r = scanChecked({ title: deep, description: deepArray, attributes: { a: deep }, extra: deep });
    expect(r.warnings?.map((w) => w.field)).toEqual(['title', 'description', 'attributes.a']);
    expect(scanChecked({ title: '穿山甲', extra: deep, extra2: deepArray }).verdict).toBe('block');
  });

  it('survives cycles', () => {
    const l: Record<string, unknown> = { title: '穿山甲' };
    l.self = l;
    l.attributes = { me: l };
    expect(scanChecked(l).verdict).toBe('block');
  });

  it('reads what it can when getters and Proxy traps throw', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const titleThrows = { get title() { return boom(); }, description: '穿山甲' };
    const r1 = scanChecked(titleThrows);
    expect(warningOf(r1, 'title')).toMatchObject({ code: 'wrong-type', message: 'title could not be read' });
    expect(r1.verdict).toBe('block');

    // The other attributes are still read (包装层数 feeds the mooncake.layers rule).
    const attrThrows = { title: '月饼礼盒', attributes: { get a() { return boom(); }, 包装层数: '5' } };
    const r2 = scanChecked(attrThrows);
    expect(warningOf(r2, 'attributes.a')?.code).toBe('wrong-type');
    expect(r2.findings.map((f) => f.ruleId)).toContain('mooncake.layers');

    const attrsProxy = { title: '穿山甲', attributes: new Proxy({}, { ownKeys: boom }) };
    const r3 = scanChecked(attrsProxy);
    expect(warningOf(r3, 'attributes')?.code).toBe('wrong-type');
    expect(r3.verdict).toBe('block');

    const everything = new Proxy({}, { get: boom, ownKeys: boom, has: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
    expect(scanChecked(everything).verdict).toBe('pass');

    const { proxy, revoke } = Proxy.revocable({ title: '穿山甲' }, {});
    revoke();
    expect(scanChecked(proxy).warnings?.[0]?.code).toBe('not-an-object');
  });

  it('accepts objects without a prototype and frozen objects', () => {
    const bare = Object.assign(Object.create(null) as object, { title: '穿山甲' });
    expect(scanChecked(bare).verdict).toBe('block');
    expect(scanChecked(Object.freeze({ title: Object.freeze('穿山甲') })).verdict).toBe('block');
  });
});

describe('scanMany never loses a record', () => {
  const hostile: unknown[] = [
    { id: 'a', title: '穿山甲' },
    null,
    { title: { a: 1 } },
    42,
    new Proxy({}, { get: () => { throw new Error('x'); } }),
    { id: 'z', title: '\ud800'.repeat(10) },
    [],
    { id: 'last', title: '象牙' },
  ];

  it('yields one result per input, in order, for iterables and async iterables', async () => {
    const sync = [...engine.scanMany(hostile)];
    expect(sync).toHaveLength(hostile.length);
    expect(sync.map((r) => r.id)).toEqual(['a', undefined, undefined, undefined, undefined, 'z', undefined, 'last']);
    // A hand-written async iterator: an async generator would await each value, and awaiting the
    // throwing Proxy (its `then`) fails in the test before the engine ever sees it.
    let i = 0;
    const source: AsyncIterable<unknown> = {
      [Symbol.asyncIterator]: () => ({ next: async () => (i < hostile.length ? { value: hostile[i++], done: false } : { value: undefined, done: true }) }),
    };
    const out: ScanResult[] = [];
    for await (const r of engine.scanMany(source)) out.push(r);
    expect(out).toEqual(sync);
  });
});
