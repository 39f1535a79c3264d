import { describe, it, expect } from 'vitest';
import { KEEP_PAIR, NOT_A_PAIR, SEP, foldPairAt, normalize, normalizeText } from '../../src/normalize/normalize.js';
import { foldTable } from '../../src/normalize/tables.js';

const fold = foldTable();

describe('foldPairAt', () => {
  it('folds a surrogate pair as one code point', () => {
    expect(foldPairAt('a𝐱b', 1, 4, fold)).toBe(0x78); // mathematical bold x → x
    expect(foldPairAt('𫛭', 0, 2, fold)).toBe(KEEP_PAIR); // an ideograph outside the BMP is kept
    expect(foldPairAt('😀', 0, 2, fold)).toBe(SEP); // an emoji separates
  });

  it('is not a pair for a lone half, a BMP unit, or a pair cut by the limit', () => {
    expect(foldPairAt('\ud83dx', 0, 2, fold)).toBe(NOT_A_PAIR);
    expect(foldPairAt('\ude00', 0, 1, fold)).toBe(NOT_A_PAIR);
    expect(foldPairAt('穿', 0, 1, fold)).toBe(NOT_A_PAIR);
    expect(foldPairAt('😀', 0, 1, fold)).toBe(NOT_A_PAIR);
  });
});

describe('normalizeText', () => {
  it('maps every normalized unit back to the original units it came from', () => {
    const nt = normalizeText('𝐱😀𫛭\ud83d穿');
    expect(Array.from(nt.units.subarray(0, nt.length))).toEqual([0x78, SEP, 0xd86d, 0xdeed, SEP, 0x7a7f]);
    expect(Array.from(nt.from.subarray(0, nt.length))).toEqual([0, 2, 4, 4, 6, 7]);
    expect(Array.from(nt.to.subarray(0, nt.length))).toEqual([2, 4, 6, 6, 7, 8]);
  });

  it('stops at the limit even inside a pair', () => {
    const nt = normalizeText('穿😀', 2);
    expect(Array.from(nt.units.subarray(0, nt.length))).toEqual([0x7a7f, SEP]);
  });

  it('is idempotent on astral text', () => {
    const once = normalize('𝐀𝐁 𫛭鱼 \ud83d 😀熊膽');
    expect(normalize(once)).toBe(once);
  });
});
