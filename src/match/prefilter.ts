/**
 * The clean-listing filter (the "fast path"): decides, allocating only a few small objects per listing,
 * whether any rule could hold for it. Most listings are clean; for them this is all the work there is, so it is built for
 * one thing, a pass over the original text that touches as little memory as possible.
 *
 * It looks only for the patterns that can satisfy a rule requirement (context-only terms such as 正品 or
 * 野生 matter once an anchor has hit, not before), and it finds them without walking an automaton:
 *
 * - one table read per UTF-16 unit gives everything about it (through the fold, the reading tables and
 *   the class maps below): its character class, its syllable class, and whether it needs the slow branch
 *   (letters, separators, dropped and astral units);
 * - a pattern is looked for only where its last two symbols occur: each pair of consecutive classes is
 *   hashed into a bit set sized to the number of such pairs (32 KB for the built-in packs: it stays in
 *   cache, and 2–3% of its bits are set), and only on a set bit is the pair looked up and the
 *   pattern's earlier symbols compared with a ring of the symbols seen;
 * - the same on the syllable side, over the primary reading of each character and the pinyin of Latin
 *   runs, with the checks onPhoneticMatch makes (homophones stay within separators and change few
 *   characters).
 *
 * It may let a listing through that the full path then finds clean (it ignores field masks, exclusions
 * and Latin word boundaries), never the reverse; test/engine/fast-path.test.ts holds it to that.
 */
import { DOT, EMOJI_WORD, KEEP_PAIR, NOT_A_PAIR, SEP, foldBmpSeparator, foldPairAt, isDigit, isLetter } from '../normalize/normalize.js';
import { foldTable, readingTables } from '../normalize/tables.js';
import { PatternKind, unitsOf, type Compiled, type PatternEntry } from '../pack/compile.js';
import { allowsHomophone } from '../pack/document.js';
import type { ListingField } from '../listing/read.js';
import { fuzzyOf, maxHomophoneDiff, readAs, segmentsOf, type MatchMemo } from './find-hits.js';

/** Pairs of consecutive symbols that end some pattern, for a quick "no" and an exact lookup. */
interface PairIndex {
  /** Bit set over a hash of the pair (see pairHash), sized to the number of pairs so few bits are set. */
  bits: Int32Array;
  /** 32 − log2(bits in the set): the hash is taken to that many bits. */
  bitShift: number;
  /** Open-addressing table of the exact pairs (a << 16 | b; 0 = empty), 32 − log2(its size). */
  slots: Int32Array;
  slotShift: number;
  /** For the pair in slot i: its pattern ids are ids[start[i]..end[i]). */
  start: Int32Array;
  end: Int32Array;
  ids: Int32Array;
}

/** Symbol sequences of patterns, CSR style: pattern p is syms[start[p]..start[p+1]). */
interface Sequences {
  start: Int32Array;
  syms: Uint16Array;
}

/** What the filter needs, built once per engine from its compiled packs. */
export interface Prefilter {
  /** Per raw UTF-16 unit: see the INFO_ layout below. */
  info: Int32Array;
  /** Character class of a folded unit (for units the slow branch folds itself). */
  charClass: Uint16Array;
  /** Syllable class of a syllable id (for the pinyin of Latin runs). */
  syllableClass: Uint16Array;
  charPairs: PairIndex;
  /** Character patterns of one character, by class: ids[start[c]..start[c+1]). */
  singleStart: Int32Array;
  singleIds: Int32Array;
  charSeqs: Sequences;
  /** Syllable patterns by their last two syllables: all of them, and those with homophones to check. */
  syllablePairs: PairIndex;
  homophonePairs: PairIndex;
  syllableSeqs: Sequences;
  /** Per syllable pattern: the required sets its written pinyin satisfies (sets with `pinyin`). */
  pinyinSets: number[][];
  /** Per syllable pattern: the terms of required sets with `homophone` it is read from. */
  homophones: { set: number; norm: string }[][];
  /** Longest syllable pattern. */
  syllableLongest: number;
  /** The characters (as classes) of each near-spelling probe's whole term. */
  probeFull: Map<string, Uint16Array>;
  /** Ring sizes − 1 (powers of two, at least the longest pattern). */
  charMask: number;
  syllableMask: number;
}

/** Scratch of one engine's filter, reused for every listing. */
export interface PrefilterScratch {
  /** Set → the epoch (listing) in which it was last seen; `epoch` counts listings. */
  seen: Int32Array;
  epoch: number;
  /** Character classes of the last units (separators aside). */
  charRing: Uint16Array;
  /** Syllable classes of the last syllables, and the unit each came from (0 for Latin pinyin). */
  syllableRing: Uint16Array;
  unitRing: Int32Array;
  /** The letters of the current Latin run (up to 65). */
  letters: Uint16Array;
  /** What Latin words read as, by their letters as a number (see latinWord). Bounded. */
  words: Map<number, LatinWord>;
  /**
   * Near-spelling probes waiting for the rest of their window, reused for every field. One array for
   * the engine's life, made to hold objects from the start (see prefilterScratch).
   */
  pending: Pending[];
}

// Layout of Prefilter.info: bits 0–14 the character class, bit 15 set when a one-character pattern has
// that class, bits 16–27 the syllable class of the unit's primary reading, bit 28 set for digits, and
// the sign bit for units the slow branch must handle (letters, separators, dropped and surrogate units).
const CHAR_CLASS = 0x7fff;
const SINGLE = 0x8000;
const SYLLABLE_SHIFT = 16;
const SYLLABLE_CLASS = 0xfff;
const DIGIT = 1 << 28;
const SLOW = 1 << 31;
/** The bit set has 32 bits per pair (2–3% of them set), from 2^15 bits up to 2^22 (512 KB). */
const MIN_BITS_LOG2 = 15;
const MAX_BITS_LOG2 = 22;

/** Hash of a pair of classes (both < 2^15), to `32 − shift` bits. */
const pairHash = (a: number, b: number, shift: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> shift;
const log2Ceil = (n: number) => Math.max(0, Math.ceil(Math.log2(Math.max(1, n))));

function pairIndex(seqs: Sequences, include: (p: number) => boolean): PairIndex {
  const byKey = new Map<number, number[]>();
  for (let p = 0; p + 1 < seqs.start.length; p++) {
    const end = seqs.start[p + 1]!;
    if (end - seqs.start[p]! < 2 || !include(p)) continue;
    const key = (seqs.syms[end - 2]! << 16) | seqs.syms[end - 1]!;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  // More terms, a larger bit set: its "maybe" rate, not its size, is what a scan pays for.
  const bitsLog2 = Math.min(MAX_BITS_LOG2, Math.max(MIN_BITS_LOG2, log2Ceil(byKey.size * 32)));
  const bitShift = 32 - bitsLog2;
  const bits = new Int32Array(1 << (bitsLog2 - 5));
  const slotsLog2 = Math.max(1, log2Ceil(byKey.size * 2));
  const slotShift = 32 - slotsLog2;
  const slots = new Int32Array(1 << slotsLog2);
  const start = new Int32Array(slots.length);
  const end = new Int32Array(slots.length);
  const ids: number[] = [];
  for (const [key, list] of byKey) {
    const h = pairHash(key >>> 16, key & 0xffff, bitShift);
    bits[h >>> 5]! |= 1 << (h & 31);
    let i = pairHash(key >>> 16, key & 0xffff, slotShift);
    while (slots[i] !== 0) i = (i + 1) & (slots.length - 1);
    slots[i] = key;
    start[i] = ids.length;
    for (const id of list) ids.push(id);
    end[i] = ids.length;
  }
  return { bits, bitShift, slots, slotShift, start, end, ids: Int32Array.from(ids) };
}

function sequences(list: ArrayLike<number>[]): Sequences {
  const start = new Int32Array(list.length + 1);
  let n = 0;
  list.forEach((s, i) => {
    start[i] = n;
    n += s.length;
  });
  start[list.length] = n;
  const syms = new Uint16Array(n);
  list.forEach((s, i) => syms.set(s, start[i]!));
  return { start, syms };
}

/** The length of the longest (no spread: packs may hold hundreds of thousands of terms). */
function longest(list: readonly { length: number }[]): number {
  let n = 0;
  for (const x of list) if (x.length > n) n = x.length;
  return n;
}

const ringMask = (longest: number) => {
  let size = 64;
  while (size < longest) size *= 2;
  return size - 1;
};

/**
 * Builds the filter of a compiled pack set, or returns undefined when its symbols do not fit the
 * one-word layout (more than 32,767 characters or 4,095 syllables in patterns): then every listing
 * takes the full path, which is slower but just as right.
 */
export function buildPrefilter(c: Compiled): Prefilter | undefined {
  const fold = foldTable();
  const { primary, syllables } = readingTables();
  const charUsed = (p: number) => c.charRequired[p]!.length > 0 || c.charProbes[p]!.length > 0;
  // As onPhoneticMatch: written pinyin counts for sets with `pinyin`, same-sound characters for sets
  // with `homophone` (for terms long enough under `homophone: N`; only spellings as long as the term).
  const pinyinSets = c.phoneticRequired.map((sets) => sets.filter((set) => c.sets[set]!.doc.pinyin));
  const homophones = c.phoneticEntries.map((entries, p) =>
    entries.filter((e) => allowsHomophone(c.sets[e.set]!.doc, e.norm) && e.norm.length === c.phoneticPatterns[p]!.length && c.phoneticRequired[p]!.includes(e.set)).map((e) => ({ set: e.set, norm: e.norm })),
  );
  const syllableUsed = (p: number) => pinyinSets[p]!.length > 0 || homophones[p]!.length > 0;

  // Classes: only the characters and syllables of the patterns the filter looks for (and of the whole
  // terms of its near-spelling probes), so most units of ordinary text have class 0.
  const charClass = new Uint16Array(0x10000);
  let charClasses = 1;
  const classOfChar = (u: number) => charClass[u] || (charClass[u] = charClasses++);
  const charSeqList = c.charPatterns.map((p, i) => (charUsed(i) ? unitsOf(p).map(classOfChar) : []));
  const probeFull = new Map<string, Uint16Array>();
  for (const probes of c.charProbes) for (const e of probes) if (!probeFull.has(e.full!)) probeFull.set(e.full!, Uint16Array.from(unitsOf(e.full!), classOfChar));
  const syllableClass = new Uint16Array(syllables.length);
  let syllableClasses = 1;
  const syllableSeqList = c.phoneticPatterns.map((p, i) => (syllableUsed(i) ? p.map((s) => syllableClass[s] || (syllableClass[s] = syllableClasses++)) : []));
  if (charClasses > CHAR_CLASS + 1 || syllableClasses > SYLLABLE_CLASS + 1) return undefined;

  const charSeqs = sequences(charSeqList);
  const syllableSeqs = sequences(syllableSeqList);
  const singles: number[][] = Array.from({ length: charClasses }, () => []);
  charSeqList.forEach((s, p) => {
    if (s.length === 1) singles[s[0]!]!.push(p);
  });
  const singleStart = new Int32Array(charClasses + 1);
  const singleIds: number[] = [];
  singles.forEach((ids, cls) => {
    singleStart[cls] = singleIds.length;
    for (const id of ids) singleIds.push(id);
  });
  singleStart[charClasses] = singleIds.length;

  const syllableLongest = longest(c.phoneticPatterns);
  const info = new Int32Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const u = fold[code]!;
    const cc = charClass[u]!;
    let x = cc | (singles[cc]!.length ? SINGLE : 0);
    if (u === 0 || u === SEP || u === DOT || isLetter(u) || (code >= 0xd800 && code <= 0xdbff)) x |= SLOW;
    else {
      const syl = primary[u]!;
      if (syl) x |= syllableClass[syl]! << SYLLABLE_SHIFT;
      if (isDigit(u)) x |= DIGIT;
    }
    info[code] = x;
  }
  return {
    info,
    charClass,
    syllableClass,
    charPairs: pairIndex(charSeqs, charUsed),
    singleStart,
    singleIds: Int32Array.from(singleIds),
    charSeqs,
    syllablePairs: pairIndex(syllableSeqs, syllableUsed),
    homophonePairs: pairIndex(syllableSeqs, (p) => homophones[p]!.length > 0),
    syllableSeqs,
    pinyinSets,
    homophones,
    syllableLongest,
    probeFull,
    charMask: ringMask(Math.max(longest(c.charPatterns), longest([...probeFull.keys()]))),
    syllableMask: ringMask(syllableLongest),
  };
}

/**
 * An empty array whose elements kind is already "objects". An empty `[]` starts as "small integers"
 * and changes kind on its first object; optimized code that saw the array before that change is then
 * thrown away and compiled again, once per worker thread. Pushing one object and removing it makes
 * the change happen here, before any code is optimized.
 */
function objectArray<T extends object>(): T[] {
  const a: object[] = [{}];
  a.length = 0;
  return a as T[];
}

/**
 * Small integers in a packed array. `Array.prototype.map` makes holey arrays, `[]` packed ones; a
 * field that holds both kinds (LatinWord's) makes V8 throw optimized code away when the second shows up.
 */
function packedOf<T>(list: readonly T[], read: (x: T) => number): number[] {
  const out: number[] = [];
  for (const x of list) out.push(read(x));
  return out;
}

/** Fresh scratch for a filter. */
export function prefilterScratch(c: Compiled, pf: Prefilter): PrefilterScratch {
  return {
    seen: new Int32Array(c.sets.length),
    epoch: 0,
    charRing: new Uint16Array(pf.charMask + 1),
    syllableRing: new Uint16Array(pf.syllableMask + 1),
    unitRing: new Int32Array(pf.syllableMask + 1),
    letters: new Uint16Array(65),
    words: new Map(),
    pending: objectArray<Pending>(),
  };
}

/**
 * What a Latin word reads as: its pinyin (syllable classes; empty when it is not pinyin) and the fuzzy
 * terms it is a near spelling of. Empty rather than null, so the field always holds an array: a field
 * that starts as null and later holds arrays changes the objects' hidden class under optimized code.
 */
interface LatinWord {
  syllables: number[];
  nearSets: number[];
}

/** Words up to this long are memoized by a number (27^11 < 2^53), so no string is built for them. */
const NUMBER_KEYED = 11;
const WORDS_LIMIT = 20_000;

/** Reads the Latin run of `n` letters (memoized: titles repeat brands and models). */
function latinWord(pass: Pass, memo: MatchMemo, letters: Uint16Array, n: number, key: number): LatinWord {
  const words = pass.s.words;
  const numbered = n <= NUMBER_KEYED;
  const known = numbered ? words.get(key) : undefined;
  if (known) return known;
  const text = n > 64 ? '' : String.fromCharCode.apply(null, letters.subarray(0, n) as unknown as number[]);
  const seg = text ? segmentsOf(text, memo) : null;
  const word: LatinWord = {
    syllables: seg ? packedOf(seg, (syl) => pass.pf.syllableClass[syl]!) : [],
    nearSets: pass.c.fuzzyLatin.length && text.length >= 5 && text.length <= 24 ? packedOf(fuzzyOf(pass.c, text, memo), (m) => m.set) : [],
  };
  if (numbered) {
    if (words.size >= WORDS_LIMIT) words.clear();
    words.set(key, word);
  }
  return word;
}

/** A near-spelling probe waiting for the rest of its window (a prefix probe: the window ends later). */
interface Pending {
  entry: PatternEntry;
  /** Character count at which the window is complete. */
  due: number;
}

/** The listing's state while it is filtered: what has been seen, in the scratch's arrays. */
interface Pass {
  c: Compiled;
  pf: Prefilter;
  s: PrefilterScratch;
  memo: MatchMemo;
  epoch: number;
  /** Sets seen that some rule requires (each once). */
  seenList: number[];
  pending: Pending[];
  /** Where the scan of the current field is, for the slow branch (the loop keeps it in locals). */
  at: Cursor;
  /** An emoji that can read as a word was seen: the listing takes the full path. */
  emojiWord: boolean;
}

/** The loop's state within one field. */
interface Cursor {
  value: string;
  limit: number;
  i: number;
  /** Characters / syllables seen so far (separators aside), and the class of the last one. */
  ck: number;
  k: number;
  prevChar: number;
  prevSyllable: number;
  /** The current Latin run: its length, and its letters as a number (exact up to 11 letters). */
  nl: number;
  wordKey: number;
  prevDigit: boolean;
  /** Where the last separator fell (in syllables): a homophone does not run across one. */
  lastSep: number;
  /** Where the last Latin syllable fell: windows without one need only the homophone patterns. */
  lastLatin: number;
  /** The unit the slow branch read (folded), for the syllable ring. */
  unit: number;
}

/** What slowUnit returns when it has dealt with the unit entirely. */
const HANDLED = -1;

/**
 * True when some rule could hold for the listing, so it must take the full path; false when no rule
 * can (the listing is clean). `s` is the engine's scratch for `pf`; `memo` its memo of Latin words.
 */
export function mayHit(c: Compiled, pf: Prefilter, s: PrefilterScratch, fields: readonly ListingField[], memo: MatchMemo): boolean {
  // Everything the loop reads, in locals: this is the hot loop of the whole library.
  const info = pf.info;
  const charBits = pf.charPairs.bits;
  const charShift = pf.charPairs.bitShift;
  const homophonePairs = pf.homophonePairs;
  const syllableLongest = pf.syllableLongest;
  const charRing = s.charRing;
  const charMask = pf.charMask;
  const syllableRing = s.syllableRing;
  const unitRing = s.unitRing;
  const syllableMask = pf.syllableMask;
  const epoch = (s.epoch = (s.epoch + 1) | 0) || (s.seen.fill(0), (s.epoch = 1));
  const at: Cursor = { value: '', limit: 0, i: 0, ck: 0, k: 0, prevChar: 0, prevSyllable: 0, nl: 0, wordKey: 0, prevDigit: false, lastSep: -1, lastLatin: -1, unit: 0 };
  const pass: Pass = { c, pf, s, memo, epoch, seenList: [], pending: s.pending, at, emojiWord: false };
  const pending = pass.pending;
  for (let f = 0; f < fields.length; f++) {
    const { value, limit } = fields[f]!;
    let ck = 0;
    let k = 0;
    let prevChar = 0;
    let prevSyllable = 0;
    let nl = 0;
    let prevDigit = false;
    let lastSep = -1;
    let lastLatin = -1;
    at.value = value;
    at.limit = limit;
    at.wordKey = 0;
    pending.length = 0;
    for (let i = 0; i <= limit; i++) {
      const code = i < limit ? value.charCodeAt(i) : 0x20;
      let x = info[code]!;
      // The unit the syllable ring records: the raw unit (folded on verification) or a folded one.
      let unit = code;
      if (x < 0 || nl > 0) {
        at.i = i;
        at.ck = ck;
        at.k = k;
        at.prevChar = prevChar;
        at.prevSyllable = prevSyllable;
        at.nl = nl;
        at.prevDigit = prevDigit;
        at.lastSep = lastSep;
        at.lastLatin = lastLatin;
        x = slowUnit(pass, code);
        i = at.i;
        ck = at.ck;
        k = at.k;
        prevChar = at.prevChar;
        prevSyllable = at.prevSyllable;
        nl = at.nl;
        prevDigit = at.prevDigit;
        lastSep = at.lastSep;
        lastLatin = at.lastLatin;
        if (x === HANDLED) continue;
        unit = at.unit;
      }
      // The character side.
      prevDigit = (x & DIGIT) !== 0;
      const cc = x & CHAR_CLASS;
      charRing[ck & charMask] = cc;
      ck++;
      if (cc !== 0) {
        if (prevChar !== 0) {
          const h = pairHash(prevChar, cc, charShift);
          if ((charBits[h >>> 5]! & (1 << (h & 31))) !== 0) onCharPair(pass, prevChar, cc, ck);
        }
        if ((x & SINGLE) !== 0) onSingle(pass, cc, ck);
      }
      prevChar = cc;
      if (pending.length) checkPending(pass, ck);
      // The syllable side.
      const sc = (x >>> SYLLABLE_SHIFT) & SYLLABLE_CLASS;
      syllableRing[k & syllableMask] = sc;
      unitRing[k & syllableMask] = unit;
      k++;
      if (sc !== 0 && prevSyllable !== 0) {
        const pairs = lastLatin + syllableLongest >= k ? pf.syllablePairs : homophonePairs;
        const h = pairHash(prevSyllable, sc, pairs.bitShift);
        if ((pairs.bits[h >>> 5]! & (1 << (h & 31))) !== 0) onSyllablePair(pass, pairs, prevSyllable, sc, k, lastSep, lastLatin);
      }
      prevSyllable = sc;
    }
  }
  if (pass.emojiWord) return true;
  // Could any rule hold? For one of its alternatives, every requirement group must have a set seen.
  for (const set of pass.seenList) for (const r of c.sets[set]!.anchorOf) if (requirementsSeen(c.rules[r]!.requires, s.seen, epoch)) return true;
  return false;
}

/**
 * The slow branch, apart from the loop so the loop stays small: letters and Latin runs, separators,
 * dropped units, surrogates, O read as 0, and the first unit after a Latin run. Returns the info of an
 * ordinary unit for the loop to go on with (its folded form in `at.unit`), or HANDLED.
 */
function slowUnit(pass: Pass, code: number): number {
  const { pf, s, at } = pass;
  const fold = foldTable();
  let u = code >= 0xd800 && code <= 0xdbff ? foldPairAt(at.value, at.i, at.limit, fold) : NOT_A_PAIR;
  if (u !== NOT_A_PAIR) at.i++;
  else {
    u = fold[code]!;
    if (u === SEP) u = foldBmpSeparator(code, fold);
  }
  if (u === EMOJI_WORD) {
    // An emoji that can stand for a word (🐘牙): the full path reads it both ways, so it decides.
    pass.emojiWord = true;
    u = SEP;
  }
  if (u === 0) return HANDLED;
  if (u === 0x6f && at.prevDigit) u = 0x30; // as normalizeText: 5OO元 is 500元
  const letter = isLetter(u);
  if (at.nl > 0 && !letter) endLatinRun(pass);
  if (u === SEP || u === DOT) {
    at.prevDigit = false;
    at.lastSep = at.k;
    return HANDLED;
  }
  if (u === KEEP_PAIR) {
    // A kept pair (a rare ideograph) is two characters, as on the full path; it has no reading.
    pushChar(pass, pf.charClass[at.value.charCodeAt(at.i - 1)]!);
    pushChar(pass, pf.charClass[at.value.charCodeAt(at.i)]!);
    s.syllableRing[at.k & pf.syllableMask] = 0;
    at.k++;
    at.prevSyllable = 0;
    at.prevDigit = false;
    return HANDLED;
  }
  if (letter) {
    pushChar(pass, pf.charClass[u]!);
    if (at.nl < 65) s.letters[at.nl] = u;
    at.nl++;
    at.wordKey = at.wordKey * 27 + (u - 0x60);
    at.prevDigit = false;
    return HANDLED;
  }
  at.unit = u;
  return pf.info[u]!;
}

/** The character side for a unit of the slow branch (the loop inlines the same for ordinary units). */
function pushChar(pass: Pass, cc: number): void {
  const { pf, s, at } = pass;
  s.charRing[at.ck & pf.charMask] = cc;
  at.ck++;
  if (cc !== 0) {
    if (at.prevChar !== 0) {
      const h = pairHash(at.prevChar, cc, pf.charPairs.bitShift);
      if ((pf.charPairs.bits[h >>> 5]! & (1 << (h & 31))) !== 0) onCharPair(pass, at.prevChar, cc, at.ck);
    }
    if (pf.singleStart[cc + 1]! > pf.singleStart[cc]!) onSingle(pass, cc, at.ck);
  }
  at.prevChar = cc;
  if (pass.pending.length) checkPending(pass, at.ck);
}

/** The syllable side for a unit of the slow branch (the loop inlines the same for ordinary units). */
function pushSyllable(pass: Pass, sc: number, unit: number): void {
  const { pf, s, at } = pass;
  s.syllableRing[at.k & pf.syllableMask] = sc;
  s.unitRing[at.k & pf.syllableMask] = unit;
  at.k++;
  if (sc !== 0 && at.prevSyllable !== 0) {
    const pairs = at.lastLatin + pf.syllableLongest >= at.k ? pf.syllablePairs : pf.homophonePairs;
    onSyllablePair(pass, pairs, at.prevSyllable, sc, at.k, at.lastSep, at.lastLatin);
  }
  at.prevSyllable = sc;
}

/** A Latin run ended: read it as pinyin, and as a possible near spelling (both memoized). */
function endLatinRun(pass: Pass): void {
  const { pf, s, at } = pass;
  const word = latinWord(pass, pass.memo, s.letters, at.nl, at.wordKey);
  at.nl = 0;
  at.wordKey = 0;
  if (word.syllables.length > 0) {
    for (const sc of word.syllables) {
      at.lastLatin = at.k;
      pushSyllable(pass, sc, 0);
    }
  } else {
    // Not pinyin: nothing read by sound runs across it.
    s.syllableRing[at.k & pf.syllableMask] = 0;
    at.k++;
    at.prevSyllable = 0;
  }
  for (const set of word.nearSets) markSet(pass, set);
}

/** Whether some alternative of a rule's requirements has a set seen in every group (as evaluate.ts checks hits). */
function requirementsSeen(alternatives: number[][][], seen: Int32Array, epoch: number): boolean {
  for (const alt of alternatives) {
    let all = true;
    for (const group of alt) {
      let any = false;
      for (const set of group)
        if (seen[set] === epoch) {
          any = true;
          break;
        }
      if (!any) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

function markSet(pass: Pass, set: number): void {
  if (pass.s.seen[set] !== pass.epoch) {
    pass.s.seen[set] = pass.epoch;
    pass.seenList.push(set);
  }
}

/** The slot of the exact pair in a PairIndex, or -1 (the bit set said maybe). */
function findPair(index: PairIndex, a: number, b: number): number {
  const key = (a << 16) | b;
  const { slots } = index;
  for (let i = pairHash(a, b, index.slotShift); ; i = (i + 1) & (slots.length - 1)) {
    const v = slots[i]!;
    if (v === key) return i;
    if (v === 0) return -1;
  }
}

/** True when pattern `p`'s symbols end at count `end` of the ring (its last two already matched). */
function endsHere(seqs: Sequences, p: number, ring: Uint16Array, mask: number, end: number): boolean {
  const from = seqs.start[p]!;
  const len = seqs.start[p + 1]! - from;
  if (len > end) return false;
  for (let j = 0; j < len - 2; j++) if (ring[(end - len + j) & mask] !== seqs.syms[from + j]) return false;
  return true;
}

function onCharPair(pass: Pass, a: number, b: number, ck: number): void {
  const { pf } = pass;
  const at = findPair(pf.charPairs, a, b);
  if (at < 0) return;
  for (let q = pf.charPairs.start[at]!; q < pf.charPairs.end[at]!; q++) {
    const p = pf.charPairs.ids[q]!;
    if (endsHere(pf.charSeqs, p, pass.s.charRing, pf.charMask, ck)) onCharPattern(pass, p, ck);
  }
}

function onSingle(pass: Pass, cls: number, ck: number): void {
  const { pf } = pass;
  for (let q = pf.singleStart[cls]!; q < pf.singleStart[cls + 1]!; q++) onCharPattern(pass, pf.singleIds[q]!, ck);
}

/** A character pattern ends at count `ck`: mark its sets; verify its probes as fuzzyProbe does. */
function onCharPattern(pass: Pass, p: number, ck: number): void {
  const { c } = pass;
  for (const set of c.charRequired[p]!) markSet(pass, set);
  for (const e of c.charProbes[p]!) {
    if (e.kind === PatternKind.FuzzyProbeSuffix) {
      if (oneOff(pass, ck, e.full!)) markSet(pass, e.set);
    } else pass.pending.push({ entry: e, due: ck - c.charPatterns[p]!.length + e.full!.length });
  }
}

/** Whether the characters ending at count `end` differ from the whole term `full` in exactly one place. */
function oneOff(pass: Pass, end: number, full: string): boolean {
  const want = pass.pf.probeFull.get(full)!;
  const n = want.length;
  if (end < n) return false;
  const ring = pass.s.charRing;
  const mask = pass.pf.charMask;
  let diff = 0;
  for (let j = 0; j < n && diff < 2; j++) if (ring[(end - n + j) & mask] !== want[j]) diff++;
  return diff === 1;
}

function checkPending(pass: Pass, ck: number): void {
  const { pending } = pass;
  for (let p = pending.length - 1; p >= 0; p--) {
    const item = pending[p]!;
    if (item.due !== ck) continue;
    if (oneOff(pass, ck, item.entry.full!)) markSet(pass, item.entry.set);
    pending.splice(p, 1);
  }
}

/** A pair of syllables that ends some pattern of `pairs`: verify those patterns as onPhoneticMatch would. */
function onSyllablePair(pass: Pass, pairs: PairIndex, a: number, b: number, k: number, lastSep: number, lastLatin: number): void {
  const { pf, s } = pass;
  const at = findPair(pairs, a, b);
  if (at < 0) return;
  const fold = foldTable();
  for (let q = pairs.start[at]!; q < pairs.end[at]!; q++) {
    const p = pairs.ids[q]!;
    if (!endsHere(pf.syllableSeqs, p, s.syllableRing, pf.syllableMask, k)) continue;
    const len = pf.syllableSeqs.start[p + 1]! - pf.syllableSeqs.start[p]!;
    if (lastLatin >= k - len) {
      for (const set of pf.pinyinSets[p]!) markSet(pass, set);
      continue;
    }
    if (lastSep > k - len) continue; // a homophone does not run across a separator
    for (const e of pf.homophones[p]!) {
      let diff = 0;
      let same = true;
      for (let j = 0; j < len; j++) {
        // As differingChars on the full path: a digit counts as its numeral.
        const x = fold[s.unitRing[(k - len + j) & pf.syllableMask]!]!;
        const want = e.norm.charCodeAt(j);
        if (x !== want) same = false;
        if (readAs(x) !== want) diff++;
      }
      // Identical text is the character side's hit; too different is a coincidence.
      if (!same && diff <= maxHomophoneDiff(len)) markSet(pass, e.set);
    }
  }
}
