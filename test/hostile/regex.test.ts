/**
 * The regex check of packs (C004): catastrophic shapes are refused, including the polynomial ones the
 * shape rules alone let through (`.*.*x`, `(.*a){12}`, `(a?){30}`), while the patterns rule authors
 * actually write are accepted, and an accepted regex runs over a full window of hostile text.
 */
import { describe, expect, it } from 'vitest';
import { checkRegexSafety, pathsPerPosition } from '../../src/pack/regex-safety.js';
import { createEngine } from '../../src/index.js';

describe('checkRegexSafety', () => {
  it.each([
    '国食健注[gj]\\d{8}',
    '(?:国食|卫食)健字[gj]?\\d{8}',
    '\\d+元',
    '\\d{1,8}元\\d{1,8}',
    '[a-z]{2,20}\\d{4,8}',
    '\\p{Script=Han}{2,4}',
    '^.*$',
    '(?<kind>ab)+',
    '[\\]a]+x',
    '\\u{1F600}+',
  ])('accepts %s', (re) => {
    expect(checkRegexSafety(re)).toBeUndefined();
  });

  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(a|aa)*b', /repeated alternation/],
    ['(\\d*)*', /nested quantifiers/],
    ['.*.*x', /backtrack through about 6\.9e\+10 paths/],
    ['[a-z ]*[a-z ]*x', /paths/],
    ['(.*a){12}', /astronomically many/],
    ['(a?){30}a{30}', /paths/],
    ['(a|a){1,30}x', /paths/],
    ['a{1,30}a{1,30}a{1,30}x', /paths/],
    ['(?=.*a).*b', /paths/],
    ['(a)\\1', /backreferences/],
    ['(?<=a)b', /lookbehind/],
    ['a{2}{3}', /invalid/],
  ])('refuses %s', (re, why) => {
    expect(checkRegexSafety(re)).toMatch(why);
  });

  it('prices sequences by product, alternatives by sum, repeats by powers', () => {
    expect(pathsPerPosition('abc')).toBe(1);
    expect(pathsPerPosition('a|b|c')).toBe(3);
    expect(pathsPerPosition('a?b?')).toBe(4);
    expect(pathsPerPosition('(a|b){2}')).toBe(4);
    expect(pathsPerPosition('(a|b){1,2}')).toBe(6);
    expect(pathsPerPosition('a{2,5}')).toBe(4);
    expect(pathsPerPosition('a*')).toBe(4097);
    expect(pathsPerPosition('a*?')).toBe(4097);
    expect(pathsPerPosition('[*+?]\\*\\(')).toBe(1);
  });
});

describe('accepted regexes on hostile text', () => {
  it.each(['\\d+元', '.*x', '[a-z]{1,20}[a-z]{1,20}x', '(?:a|b){1,10}c'])('%s runs over a full window of text built to make it backtrack', (re) => {
    const engine = createEngine({
      packs: [
        {
          document: {
            jinshou: 1,
            pack: { id: 're.pack', version: '1.0.0', title: '正则', publisher: 'tests' },
            terms: { r: { re } },
            rules: [{ id: 're.rule', title: '正则', severity: 'low', message: '正则', when: 'r', tests: { hit: ['x'] } }],
          },
        },
      ],
    });
    for (const title of ['1'.repeat(70_000), 'a'.repeat(70_000), 'ab'.repeat(35_000)]) expect(engine.scan({ title }).verdict).toBe('pass');
  });
});
