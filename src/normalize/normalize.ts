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
}

/** Whether a normalized unit is a digit (0–9). */
export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Whether a normalized unit is a Latin letter (folding has made every letter a–z). */
export const isLetter = (c: number) => c >= 0x61 && c <= 0x7a;

/** {@link foldAstral} result: keep the surrogate pair as it is (an ideograph outside the BMP). */
export const KEEP_PAIR = -1;
const IDEOGRAPH_OR_LETTER = /^[\p{L}\p{Nd}]$/u;

/**
 * Folds an astral code point: mathematical alphanumerics fold to ASCII (𝐱 → x), ideographs and other
 * letters outside the BMP (𫛭, the rare characters of some species names) are kept as they are, and
 * everything else (emoji, symbols) separates words.
 */
export function foldAstral(cp: number, fold: Uint16Array): number {
  if (cp >= 0x1d400 && cp <= 0x1d7ff) {
    const s = String.fromCodePoint(cp).normalize('NFKC');
    // Through the BMP table too, so 𝛂 folds the way α does and normalization stays idempotent.
    if (s.length === 1) return fold[s.charCodeAt(0)]!;
  }
  if ((cp >= 0x20000 && cp <= 0x3ffff) || IDEOGRAPH_OR_LETTER.test(String.fromCodePoint(cp))) return KEEP_PAIR;
  return SEP;
}

/** {@link foldPairAt} result: no surrogate pair starts there. */
export const NOT_A_PAIR = -2;

/**
 * Folds the surrogate pair that starts at `text[i]` as one code point (see {@link foldAstral}), or returns
 * {@link NOT_A_PAIR} when none starts there within `limit`; a lone half is then folded as a unit (to a
 * separator). The one place where both the full path and the clean-listing filter decode astral units.
 */
export function foldPairAt(text: string, i: number, limit: number, fold: Uint16Array): number {
  const hi = text.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff || i + 1 >= limit) return NOT_A_PAIR;
  const lo = text.charCodeAt(i + 1);
  if (lo < 0xdc00 || lo > 0xdfff) return NOT_A_PAIR;
  return foldAstral(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000, fold);
}

/**
 * Normalizes `text[0, limit)` into typed arrays. Allocates exactly once per call.
 * @param text the original field value
 * @param limit how many UTF-16 units to read (the per-field cap)
 */
export function normalizeText(text: string, limit = text.length): NormText {
  const fold = foldTable();
  const n = Math.min(limit, text.length);
  const units = new Uint16Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let f: number;
    let end = i + 1;
    const astral = code >= 0xd800 && code <= 0xdbff ? foldPairAt(text, i, n, fold) : NOT_A_PAIR;
    if (astral !== NOT_A_PAIR) {
      f = astral;
      end = i + 2;
    } else f = fold[code]!;
    if (f === 0) continue;
    if (f === KEEP_PAIR) {
      // Both halves map back to the whole character, so evidence never splits it.
      units[len] = code;
      units[len + 1] = text.charCodeAt(i + 1);
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
  return { units, from, to, length: len };
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
