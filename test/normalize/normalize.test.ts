import { describe, it, expect } from 'vitest';
import { EMOJI_WORD, KEEP_PAIR, NOT_A_PAIR, SEP, foldBmpSeparator, foldPairAt, normalize, normalizeText } from '../../src/normalize/normalize.js';
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

describe('emoji that can stand for a word', () => {
  const units = (text: string, emojiAsText: boolean) => {
    const nt = normalizeText(text, text.length, emojiAsText);
    return { text: String.fromCharCode(...nt.units.subarray(0, nt.length)), from: Array.from(nt.from.subarray(0, nt.length)), to: Array.from(nt.to.subarray(0, nt.length)), emojiWords: nt.emojiWords };
  };

  it('separate words by default, and are counted so the other reading can be scanned', () => {
    expect(foldPairAt('🐘', 0, 2, fold)).toBe(EMOJI_WORD);
    expect(units('长江🦐野生', false)).toMatchObject({ text: '长江 野生', emojiWords: 1 });
    expect(units('穿🔥山', false)).toMatchObject({ text: '穿 山', emojiWords: 0 });
  });

  it('read as their word when asked, mapping back to the whole emoji', () => {
    expect(units('🐘牙', true)).toEqual({ text: '象牙', from: [0, 2], to: [2, 3], emojiWords: 0 });
    expect(units('🥮券', true)).toEqual({ text: '月饼券', from: [0, 0, 2], to: [2, 2, 3], emojiWords: 0 });
    // A two-character word whose first unit is U+8000 or above (鹦 is U+9E66) keeps both units.
    expect(units('金刚🦜', true)).toEqual({ text: '金刚鹦鹉', from: [0, 1, 2, 2], to: [1, 2, 4, 4], emojiWords: 0 });
    expect(units('穿🔥山', true).text).toBe('穿 山');
    expect(units('🪖供', true).text).toBe('军供');
    expect(units('明前🔪鱼', true).text).toBe('明前刀鱼');
    expect(units('🐳牙 🐋齿', true).text).toBe('鲸牙 鲸齿');
    expect(units('海🐴 海🐎', true).text).toBe('海马 海马');
    expect(units('🩸压 虎🦴', true).text).toBe('血压 虎骨');
    expect(units('天山❄️莲', true).text).toBe('天山雪莲');
    expect(units('国🍽️专供', true).text).toBe('国宴专供');
    expect(units('小爪🦦 雕🦉', true).text).toBe('小爪水獭 雕鸮');
    expect(units('🐺牙 鹤🔝红', true).text).toBe('狼牙 鹤顶红');
  });

  it('include ⚡ in the BMP, which the fold table makes a separator', () => {
    expect(foldBmpSeparator(0x26a1, fold)).toBe(EMOJI_WORD);
    expect(foldBmpSeparator(0x26a1, fold, true)).toBe(0x7535); // 电
    expect(foldBmpSeparator(0x2605, fold, true)).toBe(SEP); // ★ is only a separator
    expect(units('⚡🐟机', false)).toMatchObject({ text: ' 机', emojiWords: 2 });
    expect(units('⚡🐟机', true)).toEqual({ text: '电鱼机', from: [0, 1, 3], to: [1, 3, 4], emojiWords: 0 });
  });
});
