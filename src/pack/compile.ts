/**
 * Compiles validated packs into what a scan needs: one automaton over normalized characters for every
 * term, code, exclusion and number marker of every pack; one automaton over syllables for pinyin and
 * homophones (syllables computed here, once, never per listing); rules with their conditions resolved to
 * term-set ids and their anchors (the sets one of which must hit before the rule is even looked at).
 */
import { normalize } from '../normalize/normalize.js';
import { createRequire } from 'node:module';
import { initialsOf, readingTables } from '../normalize/tables.js';
import { buildAutomaton, type Automaton } from '../match/automaton.js';
import { buildPrefilter, type Prefilter } from '../match/prefilter.js';
import { parseCondition, requirementsOf, setsOf, type Cond } from './condition.js';
import { requiredLiteralGroups } from './regex-literals.js';
import type { PackDoc, RuleDoc, TermSetDoc, TextField } from './document.js';
import { TEXT_FIELDS } from './document.js';

/** Bit of each text field in field masks. */
export const FIELD_BIT: Record<TextField, number> = { title: 1, description: 2, shop: 4, category: 8, attributes: 16 };
/** Mask of every text field. */
export const ALL_FIELDS = 31;

/** What a character-automaton pattern stands for. */
export const enum PatternKind {
  Term = 0,
  Except = 1,
  Code = 2,
  NumberBefore = 3,
  NumberAfter = 4,
  FuzzyProbePrefix = 5,
  FuzzyProbeSuffix = 6,
}

/** One meaning of a pattern (a normalized string may be a term of several sets). */
export interface PatternEntry {
  set: number;
  kind: PatternKind;
  /** The term as the pack wrote it (for evidence `term`). */
  term: string;
  /** For fuzzy probes: the full normalized term and where the probe sits in it. */
  full?: string;
  /** True for Latin patterns: they must start and end at Latin-word boundaries. */
  latin: boolean;
}

/** One meaning of a syllable pattern. */
export interface PhoneticEntry {
  set: number;
  term: string;
  /** The normalized term, to tell a homophone from the term itself. */
  norm: string;
}

/** A `fuzzy: true` term by its pinyin spelling. */
export interface FuzzyDoc {
  pinyin: string;
  set: number;
  term: string;
}

/** A term set, compiled. */
export interface CompiledSet {
  id: number;
  name: string;
  pack: string;
  doc: TermSetDoc;
  fieldMask: number;
  regex?: RegExp;
  /** Rules for which a hit of this set is an anchor. */
  anchorOf: number[];
  /** Its pack's negation cues, normalized, unless the set opts out (match/negation.ts). */
  negation?: string[];
  /**
   * Used by rules only to lower a score: its two-character terms must be written whole. Sellers split
   * the words that give them away (象 牙), not the ones that clear them, and two characters read across
   * a space are often two words (证书 包邮 is not 书包).
   */
  clearsOnly: boolean;
}

/** A condition with term-set names resolved to ids. */
export type CCond =
  | { op: 'set'; set: number; mask: number }
  | { op: 'near'; a: number; b: number; window: number }
  | { op: 'of'; need: number; sets: number[] }
  | { op: 'cmp'; value: { kind: 'price' } | { kind: 'attr'; name: string } | { kind: 'count' | 'number-set'; set: number }; cmp: string; number: number }
  | { op: 'not'; arg: CCond }
  | { op: 'and' | 'or'; args: CCond[] };

/** A rule, compiled. */
export interface CompiledRule {
  index: number;
  id: string;
  pack: string;
  packVersion: string;
  doc: RuleDoc;
  cond: CCond;
  fieldMask: number;
  base: number;
  support: number[];
  raise: [number, number][];
  lower: [number, number][];
  unless: number[];
  /** Alternatives of groups of sets: for one alternative, every group must have a hit (see requirementsOf). */
  requires: number[][][];
}

/** Everything a scan needs, built once per engine. */
export interface Compiled {
  sets: CompiledSet[];
  rules: CompiledRule[];
  /** Rules evaluated for every listing (conditions that can hold without a term hit). */
  alwaysRules: number[];
  chars: Automaton;
  charEntries: PatternEntry[][];
  phonetic: Automaton;
  phoneticEntries: PhoneticEntry[][];
  /** The pinyin of `fuzzy: true` terms, for near spellings of Latin words (indexed lazily, see find-hits). */
  fuzzyLatin: FuzzyDoc[];
  /** Overlay exception conditions, by `overlayId \0 ruleId \0 condition`. */
  overlayConditions: Map<string, CCond>;
  /** Character patterns (normalized text), by pattern id of `chars`. */
  charPatterns: string[];
  /** Syllable patterns (syllable ids), by pattern id of `phonetic`. */
  phoneticPatterns: number[][];
  /** Per character pattern: the sets it can satisfy a rule requirement for (near-spelling probes aside). */
  charRequired: number[][];
  /** Per character pattern: its near-spelling probes of required sets, verified on the fast path too. */
  charProbes: PatternEntry[][];
  /** Per syllable pattern: the sets it can satisfy a rule requirement for. */
  phoneticRequired: number[][];
  /**
   * The clean-listing filter (match/prefilter.ts); none when some rule needs no term hit (then every
   * listing takes the full path) or the patterns do not fit its layout. Built here so the build-time
   * cache holds it too.
   */
  prefilter?: Prefilter;
}

const BASE_BY_CONFIDENCE = { high: 0.9, medium: 0.7, low: 0.55 } as const;
const LATIN_RE = /^[a-z0-9]+$/;

/** Compiles packs (kind `pack`) into a scan plan. Overlays are applied by the engine, not here. */
export function compilePacks(packs: readonly PackDoc[]): Compiled {
  const sets: CompiledSet[] = [];
  const setIds = new Map<string, number>();
  for (const pack of packs) {
    const cues = pack.negation?.length ? pack.negation.map(normalize) : undefined;
    for (const [name, doc] of pack.terms) {
      const id = sets.length;
      setIds.set(`${pack.meta.id}\u0000${name}`, id);
      let regex: RegExp | undefined;
      if (doc.re !== undefined) regex = new RegExp(doc.re, 'gu');
      const negation = cues && doc.negation !== false ? { negation: cues } : {};
      sets.push({ id, name, pack: pack.meta.id, doc, fieldMask: doc.fields ? maskOf(doc.fields) : ALL_FIELDS, ...(regex ? { regex } : {}), anchorOf: [], ...negation, clearsOnly: false });
    }
  }
  // Every regex set whose matches must contain some literals gets hidden sets of those literals (one per
  // literal group a match needs), which the automaton finds; rules needing the regex are then skipped
  // unless the literals are present.
  const literalSetsOf = new Map<number, number[]>();
  for (const set of [...sets]) {
    if (set.doc.re === undefined) continue;
    const groups = requiredLiteralGroups(set.doc.re);
    if (!groups) continue;
    const ids = groups.map((literals, k) => {
      const id = sets.length;
      const doc: TermSetDoc = { ...set.doc, name: `${set.name}#literals${k ? k + 1 : ''}`, any: literals, except: [], codes: [], pinyin: false, homophone: false, initials: false, fuzzy: false, token: false };
      delete doc.re;
      delete doc.number;
      sets.push({ id, name: doc.name, pack: set.pack, doc, fieldMask: set.fieldMask, anchorOf: [], clearsOnly: false });
      return id;
    });
    literalSetsOf.set(set.id, ids);
  }

  // Character patterns, deduplicated by normalized text.
  const charIndex = new Map<string, number>();
  const charPatterns: string[] = [];
  const charEntries: PatternEntry[][] = [];
  const addChar = (text: string, entry: Omit<PatternEntry, 'latin'>) => {
    const norm = stripSeparators(normalize(text));
    if (norm.length === 0) return;
    let id = charIndex.get(norm);
    if (id === undefined) {
      id = charPatterns.length;
      charIndex.set(norm, id);
      charPatterns.push(norm);
      charEntries.push([]);
    }
    charEntries[id]!.push({ ...entry, latin: LATIN_RE.test(norm) && /[a-z]/.test(norm) });
  };
  const phonIndex = new Map<string, number>();
  const phonPatterns: number[][] = [];
  const phonEntries: PhoneticEntry[][] = [];
  const fuzzyDocs: FuzzyDoc[] = [];
  const { syllables } = readingTables();

  for (const set of sets) {
    const d = set.doc;
    for (const t of d.any) {
      addChar(t, { set: set.id, kind: PatternKind.Term, term: t });
      const norm = stripSeparators(normalize(t));
      const variants = d.pinyin || d.homophone || d.initials || d.fuzzy ? readingsOf(norm) : [];
      if (d.pinyin || d.homophone)
        for (const v of variants) {
          if (v.length < 2) continue;
          const key = v.join(',');
          let id = phonIndex.get(key);
          if (id === undefined) {
            id = phonPatterns.length;
            phonIndex.set(key, id);
            phonPatterns.push(v);
            phonEntries.push([]);
          }
          if (!phonEntries[id]!.some((e) => e.set === set.id && e.norm === norm)) phonEntries[id]!.push({ set: set.id, term: t, norm });
        }
      if (d.initials && norm.length >= 3 && variants[0]) addChar(variants[0].map((s) => initialsOf(s)).join(''), { set: set.id, kind: PatternKind.Code, term: t });
      if (d.fuzzy) {
        if (variants[0] && variants[0].length >= 2) fuzzyDocs.push({ pinyin: variants[0].map((s) => syllables[s]).join(''), set: set.id, term: t });
        if (norm.length >= 4 && !LATIN_RE.test(norm)) {
          const h = Math.floor(norm.length / 2);
          addChar(norm.slice(0, h), { set: set.id, kind: PatternKind.FuzzyProbePrefix, term: t, full: norm });
          addChar(norm.slice(norm.length - h), { set: set.id, kind: PatternKind.FuzzyProbeSuffix, term: t, full: norm });
        }
      }
      if (d.fuzzy && LATIN_RE.test(norm) && norm.length >= 5) fuzzyDocs.push({ pinyin: norm, set: set.id, term: t });
    }
    for (const t of d.except) addChar(t, { set: set.id, kind: PatternKind.Except, term: t });
    for (const c of d.codes) addChar(c, { set: set.id, kind: PatternKind.Code, term: c });
    if (d.number) {
      for (const w of d.number.before) addChar(w, { set: set.id, kind: PatternKind.NumberBefore, term: w });
      for (const w of d.number.after) addChar(w, { set: set.id, kind: PatternKind.NumberAfter, term: w });
    }
  }

  const rules: CompiledRule[] = [];
  // Every set a condition names, under `not` too (see markClearsOnly).
  const inConditions = new Set<number>();
  const alwaysRules: number[] = [];
  for (const pack of packs) {
    const resolve = (name: string) => setIds.get(`${pack.meta.id}\u0000${name}`)!;
    if (pack.kind !== 'pack') continue;
    for (const doc of pack.rules) {
      const ast = parseCondition(doc.when) as Cond;
      for (const ref of setsOf(ast)) inConditions.add(resolve(ref.set));
      const index = rules.length;
      // A regex runs only around candidates, so in requirements it stands for its hidden literal sets
      // (see literalClauses); a group holding a regex without required literals cannot be checked early
      // and is dropped.
      const requires = requirementsOf(ast).map((alt) => alt.flatMap((g) => literalClauses(g.map(resolve), sets, literalSetsOf)));
      const always = requires.some((alt) => alt.length === 0);
      // Index the rule under each alternative's most selective group (fewest terms overall).
      const weight = (g: number[]) => g.reduce((n, s) => n + sets[s]!.doc.any.length + sets[s]!.doc.codes.length + 1, 0);
      const anchors = always ? null : [...new Set(requires.flatMap((alt) => alt.reduce((a, b) => (weight(b) < weight(a) ? b : a))))];
      if (anchors) for (const s of anchors) sets[s]!.anchorOf.push(index);
      else alwaysRules.push(index);
      const cond = resolveCond(ast, resolve);
      rules.push({
        index,
        id: doc.id,
        pack: pack.meta.id,
        packVersion: pack.meta.version,
        doc,
        cond,
        fieldMask: maskOf(doc.fields),
        base: doc.score ?? BASE_BY_CONFIDENCE[doc.confidence],
        support: doc.support.map(resolve),
        raise: Object.entries(doc.raise).map(([k, v]) => [resolve(k), v]),
        lower: Object.entries(doc.lower).map(([k, v]) => [resolve(k), v]),
        unless: doc.unless.map(resolve),
        requires,
      });
    }
  }

  const overlayConditions = new Map<string, CCond>();
  for (const ov of packs) {
    if (ov.kind !== 'overlay') continue;
    const resolve = (name: string) => setIds.get(`${ov.meta.id}\u0000${name}`)!;
    for (const ch of ov.changes) {
      if (!ch.except) continue;
      const ast = parseCondition(ch.except) as Cond;
      for (const ref of setsOf(ast)) inConditions.add(resolve(ref.set));
      overlayConditions.set(`${ov.meta.id}\u0000${ch.rule}\u0000${ch.except}`, resolveCond(ast, resolve));
    }
  }

  markClearsOnly(sets, rules, inConditions);

  const chars = buildAutomaton(
    charPatterns.map(unitsOf),
    65536,
  );
  const phonetic = buildAutomaton(phonPatterns, syllables.length);
  // Which patterns can satisfy a rule requirement: the clean-listing filter looks for these alone.
  const required = new Set(rules.flatMap((r) => r.requires.flat(2)));
  const anchoring = (set: number) => required.has(set);
  const isProbe = (e: PatternEntry) => e.kind === PatternKind.FuzzyProbePrefix || e.kind === PatternKind.FuzzyProbeSuffix;
  const charRequired = charEntries.map((es) => [...new Set(es.filter((e) => e.kind !== PatternKind.Except && !isProbe(e) && anchoring(e.set)).map((e) => e.set))]);
  const charProbes = charEntries.map((es) => es.filter((e) => isProbe(e) && anchoring(e.set)));
  const phoneticRequired = phonEntries.map((es) => [...new Set(es.filter((e) => anchoring(e.set)).map((e) => e.set))]);
  const compiled: Compiled = {
    sets,
    rules,
    alwaysRules,
    chars,
    charEntries,
    phonetic,
    phoneticEntries: phonEntries,
    fuzzyLatin: fuzzyDocs,
    overlayConditions,
    charPatterns,
    phoneticPatterns: phonPatterns,
    charRequired,
    charProbes,
    phoneticRequired,
  };
  // With rules that need no term hit (e.g. a bare price comparison) every listing takes the full path.
  if (alwaysRules.length === 0) {
    const prefilter = buildPrefilter(compiled);
    if (prefilter) compiled.prefilter = prefilter;
  }
  return compiled;
}

/**
 * The UTF-16 units of a string. (Not `Array.from(s)`, which iterates code points: a kept astral
 * ideograph is two units in normalized text, and must be two symbols in a pattern too.)
 */
export function unitsOf(s: string): number[] {
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Field mask of a list of fields. */
export function maskOf(fields: readonly TextField[]): number {
  let m = 0;
  for (const f of fields) m |= FIELD_BIT[f];
  return m;
}

/** Index of a text field in {@link TEXT_FIELDS}. */
export const fieldIndex = (f: TextField) => TEXT_FIELDS.indexOf(f);

function stripSeparators(s: string): string {
  return s.replace(/[ .]/g, '');
}

/**
 * Syllable sequences a normalized term can be read as: the primary reading of each character (what
 * the text side produces for the term's own characters) and the term's reading in context from
 * pinyin-pro (长江 chang jiang, 降压 jiang ya — not xiang ya), which is what people type.
 * Returns [] when a character has no reading (Latin, symbols): such terms have no phonetic form.
 */
export function readingsOf(norm: string): number[][] {
  const { primary, syllables } = readingTables();
  const first: number[] = [];
  for (const ch of norm) {
    const r = primary[ch.charCodeAt(0)]!;
    if (!r || ch.length !== 1) return [];
    first.push(r);
  }
  const out = [first];
  const index = syllableIndex(syllables);
  const words = pinyinPro().pinyin(norm, { toneType: 'none', type: 'array' }) as string[];
  if (words.length === first.length) {
    const contextual = words.map((w) => index.get(w.replace(/ü/g, 'v')) ?? 0);
    if (contextual.every((x) => x > 0) && contextual.some((x, i) => x !== first[i])) out.push(contextual);
  }
  return out;
}

/** pinyin-pro, loaded when a pack is compiled (never on the scan path; cached packs never load it). */
const pinyinPro = (() => {
  let mod: typeof import('pinyin-pro') | undefined;
  return () => (mod ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro'));
})();

const syllableIndex = (() => {
  let index: Map<string, number> | undefined;
  return (syllables: readonly string[]) => (index ??= new Map(syllables.map((s, i) => [s, i])));
})();

function resolveCond(c: Cond, resolve: (n: string) => number): CCond {
  switch (c.op) {
    case 'set':
      return { op: 'set', set: resolve(c.set), mask: c.fields ? maskOf(c.fields) : ALL_FIELDS };
    case 'near':
      return { op: 'near', a: resolve(c.a), b: resolve(c.b), window: c.window };
    case 'of':
      return { op: 'of', need: c.need === 'all' ? c.sets.length : c.need, sets: c.sets.map(resolve) };
    case 'cmp': {
      const v = c.value;
      const value = v.kind === 'price' || v.kind === 'attr' ? v : { kind: v.kind, set: resolve(v.set) };
      return { op: 'cmp', value, cmp: c.cmp, number: c.number };
    }
    case 'not':
      return { op: 'not', arg: resolveCond(c.arg, resolve) };
    default:
      return { op: c.op, args: c.args.map((a) => resolveCond(a, resolve)) };
  }
}

/**
 * Sets {@link CompiledSet.clearsOnly}: the sets that rules use only to lower a score. A set that a
 * condition names, even under `not` or in `unless`, is often another category's evidence (部 队 特 供
 * is military, so special-supply's `not mil` must still read it split), and keeps its split spellings.
 */
function markClearsOnly(sets: CompiledSet[], rules: readonly CompiledRule[], inConditions: ReadonlySet<number>): void {
  const other = new Set(inConditions);
  const lowers = new Set<number>();
  for (const r of rules) {
    for (const s of [...r.support, ...r.unless, ...r.raise.map(([x]) => x)]) other.add(s);
    for (const [s] of r.lower) lowers.add(s);
  }
  for (const set of sets) set.clearsOnly = lowers.has(set.id) && !other.has(set.id);
}

/** Most clauses one requirement group may become (see {@link literalClauses}). */
const MAX_LITERAL_CLAUSES = 8;

/**
 * A requirement group (one hit of any of `ids`) with each regex replaced by the literal groups all its
 * matches contain. `X or regex` holds only if `X or L` holds for every literal group L of the regex,
 * so the group becomes one clause per combination of literal groups: a listing that has only the
 * commonest literal of a regex (不用 of `药膏.{0,6}不用(抹|擦)`) is then still skipped. A regex that
 * would take the clauses past {@link MAX_LITERAL_CLAUSES} contributes its most selective literal group
 * only, which weakens the check but never makes it wrong. Returns no clause when a regex has no
 * required literals (the group cannot be checked early).
 */
function literalClauses(ids: number[], sets: readonly CompiledSet[], literalSetsOf: ReadonlyMap<number, number[]>): number[][] {
  let clauses: number[][] = [[]];
  for (const id of ids) {
    if (!sets[id]!.regex) {
      for (const c of clauses) c.push(id);
      continue;
    }
    const literals = literalSetsOf.get(id);
    if (!literals) return [];
    const use = clauses.length * literals.length <= MAX_LITERAL_CLAUSES ? literals : literals.slice(0, 1);
    clauses = clauses.flatMap((c) => use.map((l) => [...c, l]));
  }
  return clauses.map((c) => [...new Set(c)]);
}

