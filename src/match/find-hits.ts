/**
 * Finding candidate hits in one listing: one pass of the character automaton and one of the syllable
 * automaton per field, then cheap local checks around what they found (Latin word boundaries, exclusions,
 * numbers next to markers, near spellings). Nothing here looks at rules; see score/evaluate.ts.
 */
import type { Via } from '../types.js';
import { DOT, SEP, isDigit, isLetter, normalizeText, type NormText } from '../normalize/normalize.js';
import { readingTables, segmentPinyin } from '../normalize/tables.js';
import { createRequire } from 'node:module';
import type Fuse from 'fuse.js';
import { FIELD_BIT, PatternKind, type Compiled, type FuzzyDoc } from '../pack/compile.js';
import { allowsHomophone } from '../pack/document.js';
import type { ListingField } from '../listing/read.js';
import { step } from './automaton.js';
import { negatingCue } from './negation.js';
import { numberAfter, numberBefore } from './numbers.js';

/** A hit of a term set in one field. Offsets are in normalized units until evidence is built. */
export interface Hit {
  set: number;
  field: number;
  /** Normalized span [ns, ne). */
  ns: number;
  ne: number;
  via: Via;
  weak: boolean;
  /** The term the text was read as. */
  term: string;
  /** For number sets: the number read. */
  value?: number;
  /** Set on a hit dropped because its clause denies it: the negation cue (for explain). */
  negatedBy?: string;
}

/** A field after matching. */
export interface ScannedField {
  field: ListingField;
  bit: number;
  nt: NormText;
  /**
   * Set on the second reading of a field whose emoji can stand for words (🐘牙 as 象牙; the field as
   * read first has them as separators). Its hits stand beside the first reading's, so a near() can pair
   * a word through an emoji with one outside it; hits counted by count() are counted once per span.
   */
  emojiReading?: true;
  /** The normalized text as a string, built only when a regex or a tokenizer needs it. */
  text?: string;
}

/** Per-engine memo for things that repeat across listings (Latin words). Bounded. */
export interface MatchMemo {
  segments: Map<string, number[] | null>;
  fuzzy: Map<string, { set: number; term: string }[]>;
  /** The fuse.js index of fuzzy terms, built on the first Latin word that needs it. */
  fuse?: Fuse<FuzzyDoc>;
}

/** A fresh memo for one engine. */
export function createMatchMemo(): MatchMemo {
  return { segments: new Map(), fuzzy: new Map() };
}

const MEMO_LIMIT = 20_000;
const VIA_RANK: Record<Via, number> = { exact: 5, normalized: 4, field: 4, pinyin: 3, homophone: 2, fuzzy: 1 };

/** Fuse.js finds candidates among fuzzy terms' pinyin; editDistanceAtMost then decides. */
function fuzzyIndex(docs: FuzzyDoc[]): Fuse<FuzzyDoc> {
  // Loaded on first need: most listings have no Latin word to compare.
  const FuseClass = createRequire(import.meta.url)('fuse.js') as typeof Fuse;
  return new FuseClass(docs, { keys: ['pinyin'], includeScore: true, threshold: 0.4, ignoreLocation: true, minMatchCharLength: 4, isCaseSensitive: true });
}

/** The pinyin syllables of a Latin word (memoized), or null when it is not pinyin. */
export function segmentsOf(word: string, memo: MatchMemo): number[] | null {
  let seg = memo.segments.get(word);
  if (seg === undefined) {
    seg = word.length > 64 ? null : segmentPinyin(word);
    if (memo.segments.size > MEMO_LIMIT) memo.segments.clear();
    memo.segments.set(word, seg);
  }
  return seg;
}

/** Edits allowed for a near spelling: one, or two from six letters (moutai for maotai). */
const fuzzyBound = (word: string) => (word.length >= 6 ? 2 : 1);

/** The fuzzy terms a Latin word is a near spelling of (memoized). */
export function fuzzyOf(c: Compiled, word: string, memo: MatchMemo): { set: number; term: string }[] {
  let found = memo.fuzzy.get(word);
  if (found === undefined) {
    found = [];
    const bound = fuzzyBound(word);
    // A fuse.js search costs 0.1–0.3 ms whatever the index size; most Latin words (brands, models) cannot
    // be one edit away from any fuzzy term, and near spellings keep the first letter (moutai, maotai).
    if (c.fuzzyLatin.some((d) => d.pinyin[0] === word[0] && Math.abs(d.pinyin.length - word.length) <= bound)) {
      memo.fuse ??= fuzzyIndex(c.fuzzyLatin);
      for (const r of memo.fuse.search(word, { limit: 3 }))
        if (editDistanceAtMost(word, r.item.pinyin, bound)) found.push({ set: r.item.set, term: r.item.term });
    }
    if (memo.fuzzy.size > MEMO_LIMIT) memo.fuzzy.clear();
    memo.fuzzy.set(word, found);
  }
  return found;
}

/**
 * Scans every field of a listing; returns the hits, grouped later by the caller.
 * @param negated collects the hits dropped by negation cues, with their cue (explain passes it)
 */
export function findHits(c: Compiled, fields: readonly ListingField[], memo: MatchMemo, negated?: Hit[]): { scanned: ScannedField[]; hits: Hit[] } {
  const scanned: ScannedField[] = [];
  const hits: Hit[] = [];
  for (const field of fields) {
    const nt = normalizeText(field.value, field.limit);
    scanField(c, { field, bit: FIELD_BIT[field.kind], nt }, scanned, hits, memo, negated);
    if (nt.emojiWords > 0) scanField(c, { field, bit: FIELD_BIT[field.kind], nt: normalizeText(field.value, field.limit, true), emojiReading: true }, scanned, hits, memo, negated);
  }
  return { scanned, hits: dedupe(hits) };
}

/** Adds a field to `scanned` and its hits to `hits`. */
function scanField(c: Compiled, sf: ScannedField, scanned: ScannedField[], hits: Hit[], memo: MatchMemo, negated: Hit[] | undefined): void {
  const f = scanned.length;
  scanned.push(sf);
  if (sf.nt.length === 0) return;
  const before = hits.length;
  const excepts: { set: number; ns: number; ne: number }[] = [];
  scanChars(c, sf, f, hits, excepts);
  scanPhonetic(c, sf, f, hits, memo);
  if (c.fuzzyLatin.length) scanFuzzyLatin(c, sf, f, hits, before, memo);
  if (excepts.length) dropExcepted(hits, before, excepts);
  dropNegated(c, sf, hits, before, negated);
}

function scanChars(c: Compiled, sf: ScannedField, f: number, hits: Hit[], excepts: { set: number; ns: number; ne: number }[]): void {
  const a = c.chars;
  const { units, length } = sf.nt;
  const ring = new Int32Array(64);
  let k = 0;
  let s = 0;
  for (let i = 0; i < length; i++) {
    const u = units[i]!;
    if (u === SEP || u === DOT) continue;
    ring[k & 63] = i;
    k++;
    const cls = a.classOf[u]!;
    if (cls === 0) {
      s = 0;
      continue;
    }
    s = step(a, s, cls);
    const o0 = a.outStart[s]!;
    const o1 = a.outStart[s + 1]!;
    for (let o = o0; o < o1; o++) {
      const pid = a.outPattern[o]!;
      const len = a.patternLength[pid]!;
      const ns = ring[(k - len) & 63]!;
      onCharMatch(c, sf, f, pid, ns, i + 1, hits, excepts);
    }
  }
}

function onCharMatch(
  c: Compiled,
  sf: ScannedField,
  f: number,
  pid: number,
  ns: number,
  ne: number,
  hits: Hit[],
  excepts: { set: number; ns: number; ne: number }[],
): void {
  const { units, length } = sf.nt;
  for (const e of c.charEntries[pid]!) {
    const set = c.sets[e.set]!;
    if ((set.fieldMask & sf.bit) === 0) continue;
    if (e.latin && ((ns > 0 && isLetter(units[ns - 1]!)) || (ne < length && isLetter(units[ne]!)))) continue;
    switch (e.kind) {
      case PatternKind.Term: {
        // A two-character term read across a separator: not across the end of a sentence (回味悠长。高端 is
        // not 长高), and not at all for a set that only clears a listing (证书 包邮 is not 书包).
        if (ne - ns > 2 && e.term.length === 2 && (set.clearsOnly || endsSentenceBetween(sf, ns, ne))) continue;
        const orig = sf.field.value.slice(sf.nt.from[ns]!, sf.nt.to[ne - 1]!);
        hits.push({ set: e.set, field: f, ns, ne, via: orig === e.term ? 'exact' : 'normalized', weak: set.doc.weak, term: e.term });
        break;
      }
      case PatternKind.Code:
        hits.push({ set: e.set, field: f, ns, ne, via: 'pinyin', weak: true, term: e.term });
        break;
      case PatternKind.Except:
        // Exclusions clear a hit too: a two-character one must be written whole (江刀 头水 is not 刀头).
        if (ne - ns > 2 && e.term.length === 2) break;
        excepts.push({ set: e.set, ns, ne });
        break;
      case PatternKind.NumberBefore: {
        const num = numberAfter(units, length, ne);
        if (num) hits.push({ set: e.set, field: f, ns, ne: num.end, via: 'normalized', weak: set.doc.weak, term: e.term, value: num.value });
        break;
      }
      case PatternKind.NumberAfter: {
        const num = numberBefore(units, ns);
        if (num) hits.push({ set: e.set, field: f, ns: num.start, ne, via: 'normalized', weak: set.doc.weak, term: e.term, value: num.value });
        break;
      }
      default:
        fuzzyProbe(sf, f, e.set, e.term, e.full!, e.kind === PatternKind.FuzzyProbePrefix, ns, ne, hits);
    }
  }
}

/** Punctuation that ends a sentence or clause. An ASCII dot is not here: sellers split words with it (象.牙). */
const SENTENCE_END = /[。！？；!?;]/;

/**
 * Whether a separator inside [ns, ne) was written as the end of a sentence. A two-character term does
 * not run across one: 回味悠长。高端礼盒 is not 长高, while 穿。山。甲 (three characters, split on purpose)
 * still is 穿山甲.
 */
function endsSentenceBetween(sf: ScannedField, ns: number, ne: number): boolean {
  const { units, from, to } = sf.nt;
  for (let j = ns + 1; j < ne - 1; j++) if (units[j] === SEP && SENTENCE_END.test(sf.field.value.slice(from[j]!, to[j]!))) return true;
  return false;
}

/** A probe (half of a long term) hit: is the whole term there with exactly one character changed? */
function fuzzyProbe(sf: ScannedField, f: number, set: number, term: string, full: string, isPrefix: boolean, ns: number, ne: number, hits: Hit[]): void {
  const { units, length } = sf.nt;
  const want = full.length;
  const pos: number[] = [];
  if (isPrefix) {
    for (let i = ns; i < length && pos.length < want; i++) if (units[i] !== SEP && units[i] !== DOT) pos.push(i);
  } else {
    for (let i = ne - 1; i >= 0 && pos.length < want; i--) if (units[i] !== SEP && units[i] !== DOT) pos.unshift(i);
  }
  if (pos.length < want) return;
  let diff = 0;
  for (let j = 0; j < want && diff < 2; j++) if (units[pos[j]!] !== full.charCodeAt(j)) diff++;
  if (diff !== 1) return;
  hits.push({ set, field: f, ns: pos[0]!, ne: pos[want - 1]! + 1, via: 'fuzzy', weak: true, term });
}

function scanPhonetic(c: Compiled, sf: ScannedField, f: number, hits: Hit[], memo: MatchMemo): void {
  const a = c.phonetic;
  if (a.maxLength === 0) return;
  const { primary, syllables } = readingTables();
  const { units, length } = sf.nt;
  const ring = new Int32Array(64);
  let k = 0;
  let s = 0;
  // Symbols come from CJK characters and digits (one syllable each) and from Latin runs split into pinyin.
  const feed = (sym: number, start: number) => {
    ring[k & 63] = start;
    k++;
    const cls = sym < a.classOf.length ? a.classOf[sym]! : 0;
    if (cls === 0) {
      s = 0;
      return false;
    }
    s = step(a, s, cls);
    return a.outStart[s] !== a.outStart[s + 1];
  };
  const report = (end: number) => {
    for (let o = a.outStart[s]!; o < a.outStart[s + 1]!; o++) {
      const pid = a.outPattern[o]!;
      const ns = ring[(k - a.patternLength[pid]!) & 63]!;
      onPhoneticMatch(c, sf, f, pid, ns, end, hits);
    }
  };
  for (let i = 0; i < length; i++) {
    const u = units[i]!;
    if (u === SEP || u === DOT) continue;
    if (isLetter(u)) {
      let j = i;
      while (j < length && isLetter(units[j]!)) j++;
      const seg = j - i > 64 ? null : segmentsOf(String.fromCharCode(...units.subarray(i, j)), memo);
      if (!seg) {
        s = 0;
        i = j - 1;
        continue;
      }
      let p = i;
      for (const syl of seg) {
        const len = syllables[syl]!.length;
        if (feed(syl, p)) report(p + len);
        p += len;
      }
      i = j - 1;
      continue;
    }
    const syl = primary[u]!;
    if (syl === 0) {
      s = 0;
      continue;
    }
    if (feed(syl, i)) report(i + 1);
  }
}

function onPhoneticMatch(c: Compiled, sf: ScannedField, f: number, pid: number, ns: number, ne: number, hits: Hit[]): void {
  const { units } = sf.nt;
  let latin = false;
  let separated = false;
  let text = '';
  for (let i = ns; i < ne; i++) {
    const u = units[i]!;
    if (u === SEP || u === DOT) {
      separated = true;
      continue;
    }
    if (isLetter(u)) latin = true;
    text += String.fromCharCode(u);
  }
  // Same-sound characters across punctuation (冷峻，功能 is not 军供) are a coincidence; written
  // pinyin may be spaced (xiang ya).
  if (separated && !latin) return;
  for (const e of c.phoneticEntries[pid]!) {
    const set = c.sets[e.set]!;
    if ((set.fieldMask & sf.bit) === 0) continue;
    if (text === e.norm) continue; // the character pass reports it, with a better via
    const homophoneOk = allowsHomophone(set.doc, e.norm);
    if (latin ? !set.doc.pinyin : !homophoneOk) continue;
    // Sellers swap one character and keep the rest so buyers still read the word (犀交, 熊旦, 川山甲);
    // a same-sound string sharing no character with the term (包家 for 炮甲) is a coincidence.
    // Characters written beside pinyin count the same way: in ye生刀 the 刀 stands for 稻, so 野生稻
    // is read only where same-sound characters are allowed (and 野生刀鱼 is not wild rice).
    const swapped = latin ? foreignChars(text, e.norm) : differingChars(text, e.norm);
    if (swapped > 0 && (!homophoneOk || swapped > maxHomophoneDiff(e.norm.length))) continue;
    hits.push({ set: e.set, field: f, ns, ne, via: latin ? 'pinyin' : 'homophone', weak: !latin || swapped > 0 || set.doc.weak, term: e.term });
  }
}

/** The characters of a pinyin-and-character spelling (ye生刀) that are not characters of the term (野生稻). */
function foreignChars(text: string, term: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (!isLetter(u) && !term.includes(String.fromCharCode(readAs(u)))) n++;
  }
  return n;
}

const NUMERAL_OF_DIGIT = '零一二三四五六七八九';

/** A unit as it is read aloud: a digit as its numeral (81 = 八一), anything else as itself. */
export const readAs = (u: number) => (isDigit(u) ? NUMERAL_OF_DIGIT.charCodeAt(u - 0x30) : u);

/**
 * How many characters of a term a same-sound spelling may change: sellers swap one character and keep
 * the rest so buyers still read the word (犀交, 熊旦, 川山甲); one for short terms, half for long ones.
 * Both the fast path and the full path use it, so they agree.
 */
export const maxHomophoneDiff = (length: number) => Math.max(1, Math.floor(length / 2));

/** Characters that differ between two same-length strings, reading a digit as its numeral (81 = 八一). */
function differingChars(a: string, b: string): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (readAs(a.charCodeAt(i)) !== b.charCodeAt(i)) d++;
  return d;
}

/** Latin words the passes above left unexplained, compared with the pinyin of `fuzzy` terms (moutai → maotai). */
function scanFuzzyLatin(c: Compiled, sf: ScannedField, f: number, hits: Hit[], firstHit: number, memo: MatchMemo): void {
  const { units, length } = sf.nt;
  for (let i = 0; i < length; i++) {
    if (!isLetter(units[i]!)) continue;
    let j = i;
    while (j < length && isLetter(units[j]!)) j++;
    if (j - i >= 5 && j - i <= 24 && !covered(hits, firstHit, i, j)) {
      const found = fuzzyOf(c, String.fromCharCode(...units.subarray(i, j)), memo);
      for (const m of found) if (c.sets[m.set]!.fieldMask & sf.bit) hits.push({ set: m.set, field: f, ns: i, ne: j, via: 'fuzzy', weak: true, term: m.term });
    }
    i = j;
  }
}

function covered(hits: Hit[], from: number, ns: number, ne: number): boolean {
  for (let h = from; h < hits.length; h++) if (hits[h]!.ns < ne && hits[h]!.ne > ns) return true;
  return false;
}

/** True when the Levenshtein distance of a and b is ≤ max (and they differ). */
export function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (a === b || Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

function dropExcepted(hits: Hit[], from: number, excepts: { set: number; ns: number; ne: number }[]): void {
  let w = from;
  for (let r = from; r < hits.length; r++) {
    const h = hits[r]!;
    if (!excepts.some((x) => x.set === h.set && x.ns < h.ne && x.ne > h.ns)) hits[w++] = h;
  }
  hits.length = w;
}

/** Drops the hits (from index `from` on) whose clause denies them (see negation.ts), into `negated` if given. */
function dropNegated(c: Compiled, sf: ScannedField, hits: Hit[], from: number, negated: Hit[] | undefined): void {
  let w = from;
  for (let r = from; r < hits.length; r++) {
    const h = hits[r]!;
    const cues = c.sets[h.set]!.negation;
    const cue = cues && negatingCue(sf, h.ns, h.ne, cues);
    if (!cue) hits[w++] = h;
    else negated?.push({ ...h, negatedBy: cue });
  }
  hits.length = w;
}

/** One hit per set and span: the one found the most directly. */
function dedupe(hits: Hit[]): Hit[] {
  if (hits.length < 2) return hits;
  const best = new Map<string, Hit>();
  for (const h of hits) {
    const key = `${h.set}:${h.field}:${h.ns}:${h.ne}`;
    const old = best.get(key);
    if (!old || VIA_RANK[h.via] > VIA_RANK[old.via] || (VIA_RANK[h.via] === VIA_RANK[old.via] && old.weak && !h.weak)) best.set(key, h);
  }
  return [...best.values()];
}
