import { describe, it, expect } from 'vitest';
import {
  DROP,
  SEPARATOR,
  foldTable,
  initialsOf,
  pinyinSyllables,
  readingTables,
  segmentPinyin,
} from '../../src/normalize/tables.js';

const code = (ch: string) => ch.charCodeAt(0);
const fold = (ch: string) => String.fromCharCode(foldTable()[code(ch)]!);
const readingsOf = (ch: string): string[] => {
  const { syllables, primary, alternates } = readingTables();
  const c = code(ch);
  return (alternates.get(c) ?? [primary[c]!]).map((i) => syllables[i]!);
};
const segment = (s: string) => segmentPinyin(s)?.map((i) => readingTables().syllables[i]).join(' ') ?? null;

describe('foldTable', () => {
  it('is idempotent over all 65536 code units', () => {
    const t = foldTable();
    expect(t.length).toBe(65536);
    const broken: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const f = t[c]!;
      if (f === DROP || f === SEPARATOR) continue;
      if (t[f] !== f) broken.push(`U+${c.toString(16)}→U+${f.toString(16)}→U+${t[f]!.toString(16)}`);
    }
    expect(broken).toEqual([]);
    expect(t[0x20]).toBe(SEPARATOR);
    expect(t[code('.')]).toBe(code('.'));
  });

  it('is cached', () => {
    expect(foldTable()).toBe(foldTable());
  });

  it.each([
    ['Ｘ', 'x'],
    ['X', 'x'],
    ['膽', '胆'],
    ['軍', '军'],
    ['專', '专'],
    ['國', '国'],
    ['禮', '礼'],
    ['餅', '饼'],
    ['鉀', '钾'],
    ['長', '长'],
    ['裡', '里'],
    ['綫', '线'], // Hong Kong variant, via the hk fallback
    ['著', '著'], // an ordinary simplified character too: not rewritten to 着
    ['а', 'a'], // Cyrillic
    ['Р', 'p'], // Cyrillic upper
    ['Η', 'h'], // Greek upper eta looks like H
    ['ο', 'o'], // Greek
    ['ᴍ', 'm'], // small capital
    ['①', '1'],
    ['５', '5'],
    ['ǎ', 'a'],
    ['ǚ', 'v'],
    ['ü', 'v'],
    ['￥', '¥'],
    ['¥', '¥'],
    ['．', '.'],
    ['％', '%'],
    ['%', '%'],
    ['〇', '〇'],
    ['穿', '穿'],
  ])('%s folds to %s', (from, to) => {
    expect(fold(from)).toBe(to);
  });

  it.each(['\u200b', '\u200d', '\u202e', '\ufeff', '\u00ad', '\ufe0f', '\u20e3', '\u0336', '\u0000', '\u3164'])(
    'drops U+%s',
    (ch) => {
      expect(foldTable()[code(ch)]).toBe(DROP);
    },
  );

  it.each(['*', '-', '+', '、', '。', '，', '!', '★', '⭐', '✨', '❤', '\u3000', '\u00a0', '\t', '\n', '\r', '$', '＋'])(
    'reads %j as a separator',
    (ch) => {
      expect(foldTable()[code(ch)]).toBe(SEPARATOR);
    },
  );

  it('reads both halves of an astral emoji as separators', () => {
    const fire = '🔥';
    expect(fire.length).toBe(2);
    expect(foldTable()[fire.charCodeAt(0)]).toBe(SEPARATOR);
    expect(foldTable()[fire.charCodeAt(1)]).toBe(SEPARATOR);
  });

  it('never makes a digit a separator', () => {
    for (let d = 0x30; d <= 0x39; d++) expect(foldTable()[d]).toBe(d);
  });
});

describe('readingTables', () => {
  it('starts with the empty syllable', () => {
    expect(readingTables().syllables[0]).toBe('');
    expect(readingTables()).toBe(readingTables());
  });

  it.each([
    ['穿', 'chuan'],
    ['川', 'chuan'],
    ['甲', 'jia'],
    ['钾', 'jia'],
    ['鉀', 'jia'],
    ['犀', 'xi'],
    ['交', 'jiao'],
    ['长', 'chang'],
    ['绿', 'lv'],
    ['略', 'lve'],
    ['8', 'ba'],
    ['1', 'yi'],
    ['0', 'ling'],
    ['2', 'er'],
  ])('%s reads %s first', (ch, reading) => {
    expect(readingsOf(ch)[0]).toBe(reading);
  });

  it('lists every reading of polyphones, primary first', () => {
    expect(readingsOf('角')).toContain('jiao');
    expect(readingsOf('长')).toEqual(expect.arrayContaining(['chang', 'zhang']));
    expect(readingsOf('降')).toEqual(expect.arrayContaining(['jiang', 'xiang']));
    expect(readingsOf('2')).toEqual(['er', 'liang']);
  });

  it('has a reading for every folded ideograph', () => {
    const t = foldTable();
    const { primary } = readingTables();
    const missing: string[] = [];
    for (let c = 0x4e00; c <= 0x9fff; c++) {
      const f = t[c]!;
      if (primary[c] !== 0 && primary[f] === 0) missing.push(String.fromCharCode(c, f));
    }
    expect(missing).toEqual([]);
  });

  it('uses only syllables users can type', () => {
    const typed = pinyinSyllables();
    for (const s of readingTables().syllables.slice(1)) {
      expect(s).toMatch(/^[a-z]+$/);
      expect(typed.has(s)).toBe(true);
    }
    expect(typed.has('lue')).toBe(true);
    expect(typed.has('xu')).toBe(true);
    expect(typed.has('b')).toBe(false);
  });
});

describe('segmentPinyin', () => {
  it.each([
    ['xian', 'xian'],
    ['xiangya', 'xiang ya'],
    ['changjiang', 'chang jiang'],
    ['chuanshanjia', 'chuan shan jia'],
    ['maotai', 'mao tai'],
    ['yuebingquan', 'yue bing quan'],
    ['jianfei', 'jian fei'],
    ['hugu', 'hu gu'],
    ['zhongnanhai', 'zhong nan hai'],
    ['zhengfujiedai', 'zheng fu jie dai'],
    ['fangan', 'fang an'],
    ['a', 'a'],
    ['er', 'er'],
    ['lvcha', 'lv cha'],
    ['lue', 'lve'],
  ])('%s → %s', (letters, expected) => {
    expect(segment(letters)).toBe(expected);
  });

  it.each(['tiplus', 'iphone', 'b', 'n', 'Xian', 'xi an', 'a'.repeat(65)])('%j has no split', (letters) => {
    expect(segmentPinyin(letters)).toBeNull();
  });

  it('splits the empty run into nothing', () => {
    expect(segmentPinyin('')).toEqual([]);
  });

  it('handles the longest accepted input quickly', () => {
    expect(segmentPinyin('a'.repeat(64))).toHaveLength(64);
    expect(segment('zhuangzhuangzhuangzhuangzhuangzhuangzhuangzhuangzhuangzhuang')).toBe(Array(10).fill('zhuang').join(' '));
  });
});

describe('initialsOf', () => {
  it('gives the first letter', () => {
    const { syllables } = readingTables();
    expect(initialsOf(syllables.indexOf('zhong'))).toBe('z');
    expect(initialsOf(syllables.indexOf('chuan'))).toBe('c');
    expect(initialsOf(syllables.indexOf('shan'))).toBe('s');
    expect(initialsOf(syllables.indexOf('jia'))).toBe('j');
    expect(initialsOf(0)).toBe('');
    expect(initialsOf(99999)).toBe('');
  });
});
