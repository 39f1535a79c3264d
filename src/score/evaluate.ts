/**
 * Turning hits into findings: which rules to look at (those whose anchors hit), whether each rule's
 * condition holds, how strong its evidence is, and its score. The model is deterministic and documented in
 * docs/pack-format.md ("Scoring"):
 *
 *   score = clamp(base × strength + min(0.15, Σ raise) − Σ lower, 0, 1)
 *
 * where strength is the condition's evidence strength from per-via factors, weak evidence counting half
 * unless the rule's support context is present.
 */
import type { Evidence, Finding, Thresholds, Via } from '../types.js';
import type { CCond, Compiled, CompiledRule } from '../pack/compile.js';
import type { ReadListing } from '../listing/read.js';
import type { Hit, ScannedField } from '../match/find-hits.js';
import { parseLooseNumber } from '../match/numbers.js';
import { negatingCue } from '../match/negation.js';
import { SEP, DOT, normSlice } from '../normalize/normalize.js';
import { REGEX_WINDOW } from '../pack/regex-safety.js';

/** Default thresholds of the contract: a finding is reported from `review` up and blocks from `block` up. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({ review: 0.5, block: 0.8 });
/** Evidence factor per via (documented in the README and docs/pack-format.md). */
export const VIA_FACTOR: Record<Via, number> = { exact: 1, normalized: 1, field: 1, pinyin: 0.85, homophone: 0.75, fuzzy: 0.65 };
/** Weak evidence without support context counts this much. */
export const UNSUPPORTED_WEAK = 0.5;
/** Most the context can raise a score. */
export const MAX_RAISE = 0.15;
/** Most evidence items per finding. */
const MAX_EVIDENCE = 8;

/** What the evaluation needs besides the compiled packs. */
export interface EvalContext {
  compiled: Compiled;
  listing: ReadListing;
  scanned: ScannedField[];
  /** Hits by set id. */
  bySet: Map<number, Hit[]>;
  /** Checks a `token: true` hit against word boundaries (lazy; may load a tokenizer). */
  tokenOk: (hit: Hit) => boolean;
}

interface Outcome {
  ok: boolean;
  strength: number;
  hits: Hit[];
  fieldEvidence: Evidence[];
}

const FALSE: Outcome = { ok: false, strength: 0, hits: [], fieldEvidence: [] };

/** A rule that held, with its score and evidence (before thresholds). */
export interface RuleOutcome {
  rule: CompiledRule;
  score: number;
  strength: number;
  hits: Hit[];
  fieldEvidence: Evidence[];
  raised: string[];
  lowered: string[];
  /** Whether support context was present (weak evidence then counts fully). */
  supported: boolean;
}

/** True when, for one alternative, every group has a set that `has` accepts. */
function requirementsMet(alternatives: number[][][], has: (set: number) => boolean): boolean {
  return alternatives.some((alt) => alt.every((g) => g.some(has)));
}

/** The rules to evaluate for these hits: anchored ones plus those evaluated always. */
export function candidateRules(c: Compiled, bySet: Map<number, Hit[]>): number[] {
  const out = new Set<number>(c.alwaysRules);
  for (const set of bySet.keys())
    for (const r of c.sets[set]!.anchorOf) if (requirementsMet(c.rules[r]!.requires, (x) => bySet.has(x))) out.add(r);
  return [...out].sort((a, b) => a - b);
}

/**
 * Evaluates one rule. Returns undefined when its condition does not hold.
 * @param base the base score to use instead of the rule's (an overlay's re-weighting)
 */
export function evaluateRule(ctx: EvalContext, rule: CompiledRule, base = rule.base): RuleOutcome | undefined {
  const supported = rule.support.some((s) => present(ctx, rule, s));
  const unless = rule.unless.flatMap((s) => hitsIn(ctx, rule, s, 31, undefined));
  const out = evalCond(ctx, rule, rule.cond, supported, unless);
  if (!out.ok) return undefined;
  const raised: string[] = [];
  const lowered: string[] = [];
  let raise = 0;
  let lower = 0;
  // Context is what stands beside the evidence, not inside it: 牛角 within 犀牛角 (or within 犀牛jiao)
  // is part of the term found, not a sign of buffalo horn.
  const beside = (s: number) =>
    hitsIn(ctx, rule, s, 31, undefined).some((h) => !out.hits.some((e) => e.set !== h.set && e.field === h.field && e.ns <= h.ns && h.ne <= e.ne));
  for (const [s, amount] of rule.raise)
    if (beside(s)) {
      raise += amount;
      raised.push(ctx.compiled.sets[s]!.name);
    }
  for (const [s, amount] of rule.lower)
    if (beside(s)) {
      lower += amount;
      lowered.push(ctx.compiled.sets[s]!.name);
    }
  const score = clamp(base * out.strength + Math.min(MAX_RAISE, raise) - lower);
  return { rule, score, strength: out.strength, hits: out.hits, fieldEvidence: out.fieldEvidence, raised, lowered, supported };
}

const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function present(ctx: EvalContext, rule: CompiledRule, set: number): boolean {
  return hitsIn(ctx, rule, set, 31, undefined).length > 0;
}

/** The hits of a set that count for this rule: in its fields, not neutralized, whole tokens where required. */
function hitsIn(ctx: EvalContext, rule: CompiledRule, set: number, mask: number, unless: Hit[] | undefined): Hit[] {
  const all = ctx.bySet.get(set) ?? regexHits(ctx, set);
  if (!all || all.length === 0) return [];
  const token = ctx.compiled.sets[set]!.doc.token;
  const out: Hit[] = [];
  for (const h of all) {
    const bit = ctx.scanned[h.field]!.bit;
    if ((bit & rule.fieldMask & mask) === 0) continue;
    if (unless && unless.some((u) => u.field === h.field && u.ns < h.ne && u.ne > h.ns)) continue;
    if (token && !ctx.tokenOk(h)) continue;
    out.push(h);
  }
  return out;
}

/** Regex sets are run lazily, only for rules that are already candidates, on a bounded window. */
function regexHits(ctx: EvalContext, set: number): Hit[] | undefined {
  const cs = ctx.compiled.sets[set]!;
  if (!cs.regex) return undefined;
  const hits: Hit[] = [];
  ctx.scanned.forEach((sf, f) => {
    // A regex reads each field once (its second, emoji reading would only repeat the hits).
    if ((cs.fieldMask & sf.bit) === 0 || sf.nt.length === 0 || sf.emojiReading) return;
    const n = Math.min(sf.nt.length, REGEX_WINDOW);
    const text = sf.text ?? (sf.text = normSlice(sf.nt, 0, sf.nt.length));
    const re = new RegExp(cs.regex!.source, cs.regex!.flags);
    const window = text.slice(0, n);
    let m: RegExpExecArray | null;
    let guard = 0;
    while ((m = re.exec(window)) !== null && guard++ < 100) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (cs.negation && negatingCue(sf, m.index, m.index + m[0].length, cs.negation)) continue;
      hits.push({ set, field: f, ns: m.index, ne: m.index + m[0].length, via: 'normalized', weak: cs.doc.weak, term: m[0] });
    }
  });
  // Cache on the listing's map so each regex runs once per listing.
  ctx.bySet.set(set, hits);
  return hits;
}

function hitFactor(ctx: EvalContext, h: Hit, supported: boolean): number {
  const weight = ctx.compiled.sets[h.set]!.doc.weight;
  return VIA_FACTOR[h.via] * weight * (h.weak && !supported ? UNSUPPORTED_WEAK : 1);
}

function evalCond(ctx: EvalContext, rule: CompiledRule, c: CCond, supported: boolean, unless: Hit[]): Outcome {
  switch (c.op) {
    case 'set': {
      const hs = hitsIn(ctx, rule, c.set, c.mask, unless);
      if (hs.length === 0) return FALSE;
      let best = 0;
      for (const h of hs) best = Math.max(best, hitFactor(ctx, h, supported));
      return { ok: true, strength: best, hits: hs, fieldEvidence: [] };
    }
    case 'near': {
      const as = hitsIn(ctx, rule, c.a, 31, unless);
      if (as.length === 0) return FALSE;
      const bs = hitsIn(ctx, rule, c.b, 31, unless);
      let best = -1;
      let pair: Hit[] = [];
      for (const a of as)
        for (const b of bs) {
          if (a.field !== b.field) continue;
          const gap = Math.max(0, b.ns - a.ne, a.ns - b.ne);
          if (gap > c.window) continue;
          const s = Math.min(hitFactor(ctx, a, supported), hitFactor(ctx, b, supported));
          if (s > best) {
            best = s;
            pair = [a, b];
          }
        }
      return best < 0 ? FALSE : { ok: true, strength: best, hits: pair, fieldEvidence: [] };
    }
    case 'of': {
      const parts = c.sets.map((s) => evalCond(ctx, rule, { op: 'set', set: s, mask: 31 }, supported, unless)).filter((o) => o.ok);
      if (parts.length < c.need) return FALSE;
      parts.sort((x, y) => y.strength - x.strength);
      return { ok: true, strength: parts[c.need - 1]!.strength, hits: parts.flatMap((p) => p.hits), fieldEvidence: [] };
    }
    case 'cmp':
      return evalCmp(ctx, rule, c, unless);
    case 'not':
      return evalCond(ctx, rule, c.arg, supported, unless).ok ? FALSE : { ok: true, strength: 1, hits: [], fieldEvidence: [] };
    case 'and': {
      let strength = 1;
      const hits: Hit[] = [];
      const fe: Evidence[] = [];
      for (const a of c.args) {
        const o = evalCond(ctx, rule, a, supported, unless);
        if (!o.ok) return FALSE;
        strength = Math.min(strength, o.strength);
        hits.push(...o.hits);
        fe.push(...o.fieldEvidence);
      }
      return { ok: true, strength, hits, fieldEvidence: fe };
    }
    case 'or': {
      let ok = false;
      let strength = 0;
      const hits: Hit[] = [];
      const fe: Evidence[] = [];
      for (const a of c.args) {
        const o = evalCond(ctx, rule, a, supported, unless);
        if (!o.ok) continue;
        ok = true;
        strength = Math.max(strength, o.strength);
        hits.push(...o.hits);
        fe.push(...o.fieldEvidence);
      }
      return ok ? { ok, strength, hits, fieldEvidence: fe } : FALSE;
    }
  }
}

function compare(x: number, cmp: string, y: number): boolean {
  switch (cmp) {
    case '>': return x > y;
    case '>=': return x >= y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '==': return x === y;
    default: return x !== y;
  }
}

function evalCmp(ctx: EvalContext, rule: CompiledRule, c: Extract<CCond, { op: 'cmp' }>, unless: Hit[]): Outcome {
  const v = c.value;
  if (v.kind === 'price') {
    const p = ctx.listing.price;
    if (p === undefined || !compare(p, c.cmp, c.number)) return FALSE;
    return { ok: true, strength: 1, hits: [], fieldEvidence: [{ field: 'price', text: String(p), via: 'field' }] };
  }
  if (v.kind === 'attr') {
    const raw = ctx.listing.attributes.get(v.name);
    const n = raw === undefined ? undefined : parseLooseNumber(raw);
    if (n === undefined || !compare(n, c.cmp, c.number)) return FALSE;
    return { ok: true, strength: 1, hits: [], fieldEvidence: [{ field: `attributes.${v.name}`, text: raw!, via: 'field' }] };
  }
  const hs = hitsIn(ctx, rule, v.set, 31, unless);
  if (v.kind === 'count') {
    return compare(distinctSpans(ctx.scanned, hs), c.cmp, c.number) ? { ok: true, strength: 1, hits: hs, fieldEvidence: [] } : FALSE;
  }
  let best: Hit | undefined;
  for (const h of hs) if (h.value !== undefined && (!best || h.value > best.value!)) best = h;
  if (!best || !compare(best.value!, c.cmp, c.number)) return FALSE;
  return { ok: true, strength: 1, hits: [best], fieldEvidence: [] };
}

/** How many places of the original text the hits cover (a field read twice, for its emoji, finds most places twice). */
function distinctSpans(scanned: ScannedField[], hits: Hit[]): number {
  if (!hits.some((h) => scanned[h.field]!.emojiReading)) return hits.length;
  return new Set(hits.map((h) => originalSpanKey(scanned, h))).size;
}

/** A hit's place in the original listing: field name and original offsets. */
export function originalSpanKey(scanned: ScannedField[], h: Hit): string {
  const sf = scanned[h.field]!;
  return `${sf.field.name}:${sf.nt.from[h.ns]}:${sf.nt.to[h.ne - 1]}`;
}

/** Builds the contract's evidence from hits: original offsets, original text, how it was found. */
export function evidenceOf(scanned: ScannedField[], hits: Hit[], fieldEvidence: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    const sf = scanned[h.field]!;
    const { nt } = sf;
    // Trim separators at the edges so the span starts and ends on real characters.
    let a = h.ns;
    let b = h.ne;
    while (a < b && (nt.units[a] === SEP || nt.units[a] === DOT)) a++;
    while (b > a && (nt.units[b - 1] === SEP || nt.units[b - 1] === DOT)) b--;
    if (a >= b) continue;
    const start = nt.from[a]!;
    const end = nt.to[b - 1]!;
    const key = `${sf.field.name}:${start}:${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = sf.field.value.slice(start, end);
    out.push({ field: sf.field.name, start, end, text, via: h.via, ...(text !== h.term ? { term: h.term } : {}) });
    if (out.length >= MAX_EVIDENCE) break;
  }
  for (const e of fieldEvidence) if (out.length < MAX_EVIDENCE && !out.some((o) => o.field === e.field && o.text === e.text)) out.push(e);
  // A span inside another span of the same field (穿山甲 inside 穿山甲片) says nothing more: keep the outer.
  return out.filter(
    (e, i) =>
      e.start === undefined ||
      !out.some((o, j) => j !== i && o.field === e.field && o.start !== undefined && o.start <= e.start! && e.end! <= o.end! && (o.end! - o.start > e.end! - e.start! || j < i)),
  );
}

/** Rounds a score for output (three decimals keeps results stable across platforms). */
export const roundScore = (x: number) => Math.round(x * 1000) / 1000;

/** Builds a finding. */
export function findingOf(o: RuleOutcome, scanned: ScannedField[], overlays?: string[]): Finding {
  const d = o.rule.doc;
  return {
    ruleId: o.rule.id,
    pack: o.rule.pack,
    packVersion: o.rule.packVersion,
    category: d.category,
    severity: d.severity,
    score: roundScore(o.score),
    message: d.message,
    basis: d.basis,
    evidence: evidenceOf(scanned, o.hits, o.fieldEvidence),
    ...(overlays && overlays.length ? { overlays } : {}),
  };
}
