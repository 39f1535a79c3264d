import { describe, expect, it } from 'vitest';
import { requiredLiteralGroups } from '../../src/pack/regex-literals.js';

/** The most selective literal set (what a rule needing the regex is indexed under first). */
const requiredLiterals = (re: string) => requiredLiteralGroups(re)?.[0];

describe('requiredLiteralGroups: the most selective set', () => {
  it.each([
    ['有效率 ?(达到|高达)? ?[0-9]{2,3}', ['有效率']],
    ['(瘦|减|掉)(了|掉|下)?([1-9][0-9]|[5-9])(斤|公斤|kg|磅)', ['瘦', '减', '掉']],
    ['(内含|含有)月饼|月饼 ?[0-9]{1,3}|[0-9]{1,3} ?[枚个]装? ?月饼', ['月饼']],
    ['国食健注[gj]20[0-9]{6}|食健备[gj]20[0-9]{10}', ['国食健注', '食健备']],
    ['[0-9]{5}部队', ['部队']],
    ['a\\.b', ['a.b']],
  ])('%s needs one of %j', (re, want) => {
    expect(requiredLiterals(re)?.sort()).toEqual([...want].sort());
  });

  it.each([
    ['\\x41\\x42', 'hex escapes'],
    ['\\u732b\\u718a', 'unicode escapes'],
    ['\\u{732b}', 'braced unicode escapes'],
    ['\\cJ', 'control escapes'],
  ])('%s: needs no literal from %s (their digits are not text)', (re) => {
    expect(requiredLiterals(re)).toBeUndefined();
  });

  it.each(['[0-9]+', '(a|\\d)x?', 'x?y*', '.+', '(?=abc)\\d'])('%s needs no literal', (re) => {
    expect(requiredLiterals(re)).toBeUndefined();
  });
});

describe('requiredLiteralGroups', () => {
  it.each([
    ['(瘦|减|掉)(了|掉|下)?([1-9][0-9]|[5-9])(斤|公斤|kg|磅)', [['瘦', '减', '掉'], ['斤', '公斤', 'kg', '磅']]],
    ['有效率 ?(达到|高达)? ?[0-9]{2,3}', [['有效率']]],
    ['月饼 ?[0-9]{1,3}|[0-9]{1,3} ?[枚个]装? ?月饼', [['月饼']]],
    ['[0-9]+(层|重)包装', [['包装'], ['层', '重']]],
  ])('%s needs one of each of %j', (re, want) => {
    expect(requiredLiteralGroups(re)).toEqual(want);
  });

  it('needs no literal where there is none', () => {
    expect(requiredLiteralGroups('[0-9]+')).toBeUndefined();
  });
});
