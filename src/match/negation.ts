/**
 * Negation: a hit whose clause denies it (本店不售长江野生江鲜, 不买卖穿山甲、象牙, 没有任何“特供”字样) is
 * not evidence. A pack lists its cue words in `defaults.negation`; a hit of one of its sets is dropped
 * when a cue comes before it in the same clause, within {@link NEGATION_SCOPE} characters.
 *
 * A clause runs on across enumeration commas and quotation marks (穿山甲、象牙、犀角; “特供”“专供”) and
 * ends at any other separator: punctuation, spaces (which split the phrases of a title) and emoji, so a
 * cue far back in a long sentence negates nothing. A cue followed by 假 or 仿 denies fakes (不售假货正宗
 * 野生穿山甲), not what follows.
 */
import { SEP } from '../normalize/normalize.js';
import type { ScannedField } from './find-hits.js';

/** How far before a hit, in normalized characters, a cue may start its clause. */
export const NEGATION_SCOPE = 16;

/** Separators that continue a clause: enumeration commas and quotation marks. */
const CONTINUES = new Set([...'、“”"\'‘’「」『』《》〈〉']);

/**
 * The cue of `cues` (normalized) that comes before normalized position `ns` of the field in the same
 * clause (from the start of the clause, or at most {@link NEGATION_SCOPE} characters back), if any.
 */
export function negatingCue(sf: ScannedField, ns: number, cues: readonly string[]): string | undefined {
  const { units, from, to } = sf.nt;
  const value = sf.field.value;
  let k = ns;
  while (k > 0 && ns - k < NEGATION_SCOPE) {
    if (units[k - 1] === SEP && !continuesClause(value, from[k - 1]!, to[k - 1]!)) break;
    k--;
  }
  if (k === ns) return undefined;
  const window = String.fromCharCode(...units.subarray(k, ns));
  return cues.find((cue) => deniesIn(window, cue));
}

/** 假 or 仿 within two characters after a cue: 不售假货 and 不卖高仿 deny fakes, not the goods that follow. */
const FAKE = new Set([...'假仿']);

/** Whether `cue` occurs in `window` other than as a denial of fakes. */
function deniesIn(window: string, cue: string): boolean {
  for (let i = window.indexOf(cue); i >= 0; i = window.indexOf(cue, i + 1)) {
    const next = window.slice(i + cue.length, i + cue.length + 2);
    if (![...next].some((ch) => FAKE.has(ch))) return true;
  }
  return false;
}

/** Whether the original characters [a, b) a separator stands for are all clause-continuing marks. */
function continuesClause(value: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!CONTINUES.has(value[i]!)) return false;
  return true;
}
