import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/pack/load.js';
import { compilePacks } from '../../src/pack/compile.js';
import { createMatchMemo } from '../../src/match/find-hits.js';
import { mayHit, prefilterScratch } from '../../src/match/prefilter.js';
import { readListing } from '../../src/listing/read.js';

// The filter may let a clean listing through to the full path (it is only a filter), but every listing
// it lets through costs the full path's price. These check that it finds what it must, across every
// kind of unit its loop handles, and applies the cheap tests the full path applies, so that ordinary
// listings stay on the fast path.
const yaml = `
jinshou: 1
pack: { id: test.fast, version: 1.0.0, title: t, publisher: p }
terms:
  names-pinyin-only: { any: [穿山甲], homophone: false }
  names-homophone: { any: [熊胆, 八一特供], homophone: true }
  single: { any: [犀] }
  latin: { any: [xiangya], pinyin: false, homophone: false }
  slim-number: { re: '(瘦|减)([1-9][0-9]?)(斤|公斤)' }
  rare: { any: ['𫛭鸟'] }
  long-name: { any: [中华人民共和国野生动物保护法重点保护动物], fuzzy: true }
  context-only: [正品]
  tea: { any: [刮油茶王] }
rules:
  - { id: t.pinyin, title: t, category: wildlife, severity: low, confidence: high, message: m, when: names-pinyin-only }
  - { id: t.homophone, title: t, category: wildlife, severity: low, confidence: high, message: m, when: names-homophone and not context-only }
  - { id: t.single, title: t, category: wildlife, severity: low, confidence: high, message: m, when: single }
  - { id: t.latin, title: t, category: wildlife, severity: low, confidence: high, message: m, when: latin }
  - { id: t.slim, title: t, category: health-claim, severity: low, confidence: high, message: m, when: slim-number }
  - { id: t.rare, title: t, category: wildlife, severity: low, confidence: high, message: m, when: rare }
  - { id: t.long, title: t, category: wildlife, severity: low, confidence: high, message: m, when: long-name }
  - { id: t.either, title: t, category: health-claim, severity: low, confidence: high, message: m, when: '1 of (tea, slim-number)' }
`;
const { docs, diagnostics } = loadPacks([{ yaml, file: 'fast.yaml' }]);
const compiled = compilePacks(docs);
const memo = createMatchMemo();
const prefilter = compiled.prefilter!;
const scratch = prefilterScratch(compiled, prefilter);
const mayHitTitle = (title: string) => mayHit(compiled, prefilter, scratch, readListing({ title }, 65_536).fields, memo);

describe('fast path filter', () => {
  it('loads the test pack', () => {
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(prefilter).toBeDefined();
  });

  it.each([
    ['穿山甲', 'a term'],
    ['穿 山·甲', 'a term across separators'],
    ['穿\u200b山甲', 'a term across a dropped unit'],
    ['犀', 'a one-character term'],
    ['牛犀角', 'a one-character term inside others'],
    ['XiangYa', 'a Latin term, any case'],
    ['ｘｉａｎｇｙａ', 'a full-width Latin term'],
    ['chuanshanjia', 'pinyin of a pinyin-only set'],
    ['chuan shan jia', 'spaced pinyin'],
    ['熊旦', 'a homophone'],
    ['81特供', 'digits read as numerals'],
    ['月瘦20斤', 'a regex with both literal groups'],
    ['大码 200斤 显瘦', 'both literal groups apart'],
    ['刮油茶王', 'the plain set of a group that also holds a regex'],
    ['稀有𫛭鸟标本', 'an astral ideograph'],
    ['中华人民共和国野生动物保护法重点保扩动物', 'a near spelling of a long term (suffix probe)'],
    ['中华人民共和国野生动物保讠法重点保护动物', 'a near spelling of a long term (prefix probe)'],
  ])('lets %s through (%s)', (title) => {
    expect(mayHitTitle(title)).toBe(true);
  });

  it.each([
    ['川山甲', 'same-sound characters of a set with homophones off'],
    ['熊 旦', 'a homophone across a separator'],
    ['满200减20 连衣裙', 'one literal group of a regex, alone or in a group with other sets'],
    ['正品 保证', 'context alone'],
    ['纯棉短袖T恤 男 夏季', 'a clean title'],
    ['穿山abc甲', 'a term broken by a Latin word'],
    ['八一xyz特贡', 'sound read across a Latin word that is not pinyin'],
  ])('keeps %s on the fast path (%s)', (title) => {
    expect(mayHitTitle(title)).toBe(false);
  });

  it('treats many listings in a row independently', () => {
    for (let i = 0; i < 3; i++) {
      expect(mayHitTitle('熊旦')).toBe(true);
      expect(mayHitTitle('纯棉短袖')).toBe(false);
    }
  });
});

describe('terms with astral ideographs', () => {
  it('are found whole by the full path too (a kept pair is two units in a pattern)', async () => {
    const { createEngine } = await import('../../src/index.js');
    const engine = createEngine({ packs: [{ yaml, file: 'fast.yaml' }] });
    const r = engine.scan({ title: '稀有𫛭鸟标本' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['t.rare']);
    expect(r.findings[0]!.evidence[0]!.text).toBe('𫛭鸟');
  });
});
