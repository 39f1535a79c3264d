/**
 * Reading numbers written next to marker words in normalized text: ASCII digits (full width is already
 * folded, and a letter O among digits already reads 0) and Chinese numerals (七层, 三百八十八元, 两千).
 */
import { DOT, SEP } from '../normalize/normalize.js';

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
const UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 10000 };
const MAX_NUMBER_UNITS = 24;

const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isCnNumeral = (c: number) => String.fromCharCode(c) in DIGIT || String.fromCharCode(c) in UNIT;

/** Parses Chinese numerals such as 三百八十八, 十五, 两千, 二十万. Returns NaN for nonsense. */
export function parseChineseNumber(s: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in DIGIT) {
      if (digit >= 0) {
        // Digit sequences like 二零二四 read positionally.
        section = section * 10 + digit;
      }
      digit = DIGIT[ch]!;
    } else if (ch in UNIT) {
      const u = UNIT[ch]!;
      if (u === 10000) {
        total = (total + section + Math.max(digit, 0)) * 10000;
        section = 0;
      } else section += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return Number.NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** A number found in normalized text: its value and its span [start, end) in units. */
export interface FoundNumber {
  value: number;
  start: number;
  end: number;
}

function readSpan(units: Uint16Array, start: number, end: number): FoundNumber | undefined {
  if (end <= start) return undefined;
  const s = String.fromCharCode(...units.subarray(start, end));
  const value = isAsciiDigit(units[start]!) ? Number(s) : parseChineseNumber(s);
  return Number.isFinite(value) ? { value, start, end } : undefined;
}

/**
 * Counting words and weight or volume units: a number written right before one of them is a quantity.
 * 层 and 重 are not here: they are what layer counts are made of (包装共4层).
 */
const QUANTITY_UNITS = new Set([...'枚个只粒颗片袋包瓶支条罐斤克件套盒gkml'].map((c) => c.charCodeAt(0)));

/**
 * Reads the number that starts at or after `i` (skipping separators and currency signs): the amount a
 * word such as 每盒 or 运费 introduces. A number followed by a counting word or a unit is how many or how
 * much of something there is, not that amount (一盒八枚, 每盒480g), so it is not read.
 */
export function numberAfter(units: Uint16Array, length: number, i: number): FoundNumber | undefined {
  let k = i;
  while (k < length && k < i + 3 && (units[k] === SEP || units[k] === 0xa5 || units[k] === 0x3a)) k++;
  if (k >= length) return undefined;
  const start = k;
  if (isAsciiDigit(units[k]!)) {
    while (k < length && k - start < MAX_NUMBER_UNITS && (isAsciiDigit(units[k]!) || (units[k] === DOT && isAsciiDigit(units[k + 1] ?? 0)))) k++;
  } else while (k < length && k - start < MAX_NUMBER_UNITS && isCnNumeral(units[k]!)) k++;
  const next = k < length && units[k] === SEP ? k + 1 : k;
  if (next < length && QUANTITY_UNITS.has(units[next]!)) return undefined;
  return readSpan(units, start, k);
}

/** Reads the number that ends just before `i` (skipping one separator). */
export function numberBefore(units: Uint16Array, i: number): FoundNumber | undefined {
  let k = i;
  if (k > 0 && units[k - 1] === SEP) k--;
  const end = k;
  if (k > 0 && isAsciiDigit(units[k - 1]!)) {
    while (k > 0 && end - k < MAX_NUMBER_UNITS && (isAsciiDigit(units[k - 1]!) || (units[k - 1] === DOT && k >= 2 && isAsciiDigit(units[k - 2]!)))) k--;
  } else while (k > 0 && end - k < MAX_NUMBER_UNITS && isCnNumeral(units[k - 1]!)) k--;
  return readSpan(units, k, end);
}

/** Reads a whole value as a number: `688`, `¥688.00`, `4`, `四层`, `3 层`. Undefined when there is none. */
export function parseLooseNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const s = v.normalize('NFKC').trim();
  const m = /^[¥$]?\s*(\d+(?:\.\d+)?)/.exec(s);
  if (m) return Number(m[1]);
  const cn = /^[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+/.exec(s);
  if (cn) {
    const n = parseChineseNumber(cn[0]);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
