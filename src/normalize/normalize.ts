/**
 * One normalization of listing text that keeps a map back to the original: every normalized UTF-16
 * unit records the original span [from, to) it came from, so evidence found in normalized, de-spaced or
 * converted form still points at the exact characters the seller typed.
 *
 * Steps, in one pass: fold each unit through {@link foldTable} (width, case, traditional → simplified,
 * homoglyphs), drop invisible units (zero-width, bidi, controls, variation selectors), turn spaces,
 * punctuation, symbols and emoji into one separator per run, and read the letter O inside a number as 0.
 */
import { foldTable } from './tables.js';

/** Separator unit in normalized text (every run of spaces, punctuation, symbols and emoji). */
export const SEP = 0x20;
/** The decimal point is kept (numbers need it) but matching treats it as a separator too. */
export const DOT = 0x2e;

/** Normalized text with its map back to the original string. */
export interface NormText {
  /** Normalized UTF-16 units. */
  units: Uint16Array;
  /** For each unit, the start of its original span. */
  from: Int32Array;
  /** For each unit, the end (exclusive) of its original span. */
  to: Int32Array;
  /** Number of units used. */
  length: number;
  /** Emoji that can read as a word, read here as separators (the other reading is worth a scan). */
  emojiWords: number;
}

/** Whether a normalized unit is a digit (0–9). */
export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Whether a normalized unit is a Latin letter (folding has made every letter a–z). */
export const isLetter = (c: number) => c >= 0x61 && c <= 0x7a;

/** {@link foldAstral} result: keep the surrogate pair as it is (an ideograph outside the BMP). */
export const KEEP_PAIR = -1;
const IDEOGRAPH_OR_LETTER = /^[\p{L}\p{Nd}]$/u;

/**
 * Emoji that sellers put in place of the word they depict (🐘牙 for 象牙, 电🐟机 for 电鱼机, 🥮券 for
 * 月饼券). The same emoji also serve as separators (长江🦐野生), so a text with one has two readings:
 * by default they separate, as every other emoji does, and normalizeText counts them so the caller can
 * scan the other reading too. Only pictures of what the built-in categories are about are here:
 * protected animals and their parts (🐳 鲸, 🐴 马 as in 海🐴, 🦴 骨), fish, mooncakes, liquor, tea, tobacco,
 * medicine, sugar, blood (🩸压), a hall, the military helmet 🪖 for 军 as in 🪖供, the knife 🔪 for 刀 as
 * in 🔪鱼, and the plate 🍽️ for 宴 as in 国🍽️.
 */
const EMOJI_AS_TEXT: ReadonlyMap<number, string> = new Map([
  [0x1f418, '象'], [0x1f98f, '犀'], [0x1f405, '虎'], [0x1f42f, '虎'], [0x1f406, '豹'], [0x1f43b, '熊'],
  [0x1f43c, '熊猫'], [0x1f422, '龟'], [0x1f40d, '蛇'], [0x1f412, '猴'], [0x1f435, '猴'], [0x1f98c, '鹿'],
  [0x1f985, '鹰'], [0x1f426, '鸟'], [0x1f99c, '鹦鹉'], [0x1f40a, '鳄'], [0x1fab8, '珊瑚'], [0x1f988, '鲨'],
  [0x1f40b, '鲸'], [0x1f433, '鲸'], [0x1f434, '马'], [0x1f40e, '马'], [0x1f9b4, '骨'], [0x1fa78, '血'],
  [0x1f41f, '鱼'], [0x1f420, '鱼'], [0x1f421, '鲀'], [0x1f980, '蟹'], [0x1f990, '虾'], [0x1f41a, '螺'],
  [0x1f96e, '月饼'], [0x1f376, '酒'], [0x1f377, '酒'], [0x1f6ac, '烟'], [0x1f48a, '药'], [0x1f36c, '糖'],
  [0x1f3db, '堂'], [0x1f375, '茶'], [0x1f9b7, '牙'], [0x1fa96, '军'], [0x1f52a, '刀'], [0x1f37d, '宴'],
  [0x1f9a6, '水獭'], [0x1f989, '鸮'], [0x1f43a, '狼'], [0x1f51d, '顶'],
  // In the BMP (the fold table makes them separators; see foldBmpSeparator), one character each: ⚡ for 电 (⚡🐟机),
  // ❄ for 雪 (天山❄莲).
  [0x26a1, '电'], [0x2744, '雪'],
]);

/** Where the BMP entries of {@link EMOJI_AS_TEXT} are: the fold table reads all of them as separators. */
const BMP_EMOJI_FIRST = 0x2600;
const BMP_EMOJI_LAST = 0x27bf;

/** Whether a {@link foldAstral} result is two units (an emoji read as a two-character word): `hi << 16 | lo`. */
const isUnitPair = (f: number) => f > 0xffff;
/** {@link foldAstral} result: an emoji that can read as a word, read as a separator. */
export const EMOJI_WORD = -3;

/**
 * Folds an astral code point: mathematical alphanumerics fold to ASCII (𝐱 → x), ideographs and other
 * letters outside the BMP (𫛭, the rare characters of some species names) are kept as they are, emoji of
 * {@link EMOJI_AS_TEXT} are {@link EMOJI_WORD} or, with `emojiAsText`, their word (one unit, or two packed
 * as `hi << 16 | lo`), and everything else (other emoji, symbols) separates words.
 */
function foldAstral(cp: number, fold: Uint16Array, emojiAsText = false): number {
  const word = foldEmojiWord(cp, fold, emojiAsText);
  if (word !== undefined) return word;
  if (cp >= 0x1d400 && cp <= 0x1d7ff) {
    const s = String.fromCodePoint(cp).normalize('NFKC');
    // Through the BMP table too, so 𝛂 folds the way α does and normalization stays idempotent.
    if (s.length === 1) return fold[s.charCodeAt(0)]!;
  }
  if ((cp >= 0x20000 && cp <= 0x3ffff) || IDEOGRAPH_OR_LETTER.test(String.fromCodePoint(cp))) return KEEP_PAIR;
  return SEP;
}

/** An emoji of {@link EMOJI_AS_TEXT} as {@link foldAstral} returns it; undefined for anything else. */
function foldEmojiWord(cp: number, fold: Uint16Array, emojiAsText: boolean): number | undefined {
  const word = EMOJI_AS_TEXT.get(cp);
  if (word === undefined) return undefined;
  if (!emojiAsText) return EMOJI_WORD;
  // `>>> 0`: a first unit from U+8000 up (鹦 of 🦜 鹦鹉) would set the sign bit, and a negative result
  // is not a pair (isUnitPair) but a truncated single unit.
  return word.length === 1 ? fold[word.charCodeAt(0)]! : ((fold[word.charCodeAt(0)]! << 16) | fold[word.charCodeAt(1)]!) >>> 0;
}

/**
 * What a BMP unit the fold table made a separator is, when it is an emoji that can read as a word (⚡):
 * {@link EMOJI_WORD}, or its word with `emojiAsText`; `SEP` for any other separator.
 */
export function foldBmpSeparator(code: number, fold: Uint16Array, emojiAsText = false): number {
  if (code < BMP_EMOJI_FIRST || code > BMP_EMOJI_LAST) return SEP;
  return foldEmojiWord(code, fold, emojiAsText) ?? SEP;
}

/** {@link foldPairAt} result: no surrogate pair starts there. */
export const NOT_A_PAIR = -2;

/**
 * Folds the surrogate pair that starts at `text[i]` as one code point (see {@link foldAstral}), or returns
 * {@link NOT_A_PAIR} when none starts there within `limit`; a lone half is then folded as a unit (to a
 * separator). The one place where both the full path and the clean-listing filter decode astral units.
 */
export function foldPairAt(text: string, i: number, limit: number, fold: Uint16Array, emojiAsText = false): number {
  const hi = text.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff || i + 1 >= limit) return NOT_A_PAIR;
  const lo = text.charCodeAt(i + 1);
  if (lo < 0xdc00 || lo > 0xdfff) return NOT_A_PAIR;
  return foldAstral(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000, fold, emojiAsText);
}

/**
 * Normalizes `text[0, limit)` into typed arrays. Allocates exactly once per call.
 * @param text the original field value
 * @param limit how many UTF-16 units to read (the per-field cap)
 * @param emojiAsText read emoji that can stand for a word as that word instead of as separators
 */
export function normalizeText(text: string, limit = text.length, emojiAsText = false): NormText {
  const fold = foldTable();
  const n = Math.min(limit, text.length);
  const units = new Uint16Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  let len = 0;
  let emojiWords = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let f: number;
    let end = i + 1;
    const astral = code >= 0xd800 && code <= 0xdbff ? foldPairAt(text, i, n, fold, emojiAsText) : NOT_A_PAIR;
    if (astral !== NOT_A_PAIR) {
      f = astral;
      end = i + 2;
    } else {
      f = fold[code]!;
      if (f === SEP) f = foldBmpSeparator(code, fold, emojiAsText);
    }
    if (f === EMOJI_WORD) {
      emojiWords++;
      f = SEP;
    }
    if (f === 0) continue;
    if (f === KEEP_PAIR || isUnitPair(f)) {
      // Two units for the two halves of a kept character (or an emoji read as a two-character word),
      // both mapping back to the whole of it, so evidence never splits it.
      units[len] = f === KEEP_PAIR ? code : f >>> 16;
      units[len + 1] = f === KEEP_PAIR ? text.charCodeAt(i + 1) : f & 0xffff;
      from[len] = from[len + 1] = i;
      to[len] = to[len + 1] = i + 2;
      len += 2;
      i++;
      continue;
    }
    if (f === SEP) {
      if (len > 0 && units[len - 1] === SEP) {
        to[len - 1] = end;
      } else {
        units[len] = SEP;
        from[len] = i;
        to[len] = end;
        len++;
      }
      i = end - 1;
      continue;
    }
    // The letter O inside a number is a zero: 5OO元 → 500元.
    if (f === 0x6f && len > 0 && isDigit(units[len - 1]!)) f = 0x30;
    units[len] = f;
    from[len] = i;
    to[len] = end;
    len++;
    i = end - 1;
  }
  return { units, from, to, length: len, emojiWords };
}

/** The normalized form of a string (what terms and text are matched as). Idempotent. */
export function normalize(text: string): string {
  const nt = normalizeText(text);
  let out = '';
  for (let i = 0; i < nt.length; i += 4096) out += String.fromCharCode(...nt.units.subarray(i, Math.min(nt.length, i + 4096)));
  return out;
}

/** The normalized units [a, b) as a string. */
export function normSlice(nt: NormText, a: number, b: number): string {
  let out = '';
  for (let i = a; i < b; i += 4096) out += String.fromCharCode(...nt.units.subarray(i, Math.min(b, i + 4096)));
  return out;
}
