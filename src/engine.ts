/**
 * The engine: compiles packs once into a frozen object whose `scan` follows a listing through the
 * pipeline — read the listing defensively (listing/), find hits in every field (match/), evaluate the
 * rules those hits anchor (score/), and build the result of the contract.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Finding, ScanResult, Thresholds, Tokenizer, Verdict } from './types.js';
import { PackLoadError, type Engine, type EngineOptions, type Explanation, type PackInfo } from './engine-api.js';
import { loadPacks } from './pack/load.js';
import { compiledKey, deserializeCompiled, readCache, type BuildCache } from './pack/cache.js';
import { compilePacks, type CCond, type Compiled, type CompiledRule } from './pack/compile.js';
import type { PackDoc } from './pack/document.js';
import { readListing } from './listing/read.js';
import { createMatchMemo, findHits, type Hit, type MatchMemo, type ScannedField } from './match/find-hits.js';
import { mayHit, prefilterScratch } from './match/prefilter.js';
import type { ReadListing } from './listing/read.js';
import { candidateRules, DEFAULT_THRESHOLDS, evaluateRule, evidenceOf, findingOf, originalSpanKey, roundScore, type EvalContext, type RuleOutcome } from './score/evaluate.js';
import { normSlice, SEP } from './normalize/normalize.js';

export { DEFAULT_THRESHOLDS };

/** Default per-field cap (UTF-16 units scanned per text field). */
export const DEFAULT_FIELD_CAP = 65_536;

/** The folder of the built-in packs (rules/ beside src/ and dist/). */
export function builtinPacksDir(): string {
  return fileURLToPath(new URL('../rules/', import.meta.url));
}

/** What overlays do to one rule. */
interface RuleOverlay {
  disabled?: string;
  score?: { value: number; by: string };
  excepts: { cond: CCond; by: string }[];
}

/** Creates an engine. Throws {@link PackLoadError} when a pack cannot be loaded; nothing is half-loaded. */
export function createEngine(options: EngineOptions = {}): Engine {
  checkOptions(options);
  // The build validates and compiles the built-in packs once and caches them by file hash (see
  // pack/cache.ts). The cache file is read only when a pack file is loaded: packs given as text or
  // documents never need it.
  let cache: BuildCache | undefined;
  let cacheRead = false;
  const buildCache = () => {
    if (!cacheRead) cache = readCache(fileURLToPath(new URL('../dist/packs.cache.json', import.meta.url)));
    cacheRead = true;
    return cache;
  };
  const { docs, diagnostics } = loadPacks(options.packs ?? [builtinPacksDir()], options.trust, () => buildCache()?.packs);
  if (diagnostics.some((d) => d.level === 'error')) throw new PackLoadError(diagnostics);
  // The same packs as the build compiled: take its compiled form too (start-up in milliseconds).
  const compiledEntry = cacheRead ? cache?.compiled : undefined;
  const precompiled = compiledEntry && compiledEntry.key === compiledKey(docs) ? deserializeCompiled(compiledEntry.compiled) : undefined;
  try {
    return buildEngine(docs, diagnostics, options, precompiled);
  } catch (e) {
    // Compilation of validated packs should not fail; if it does, it is still a pack problem, as data.
    if (e instanceof PackLoadError) throw e;
    throw new PackLoadError([{ code: 'P001', level: 'error', message: `the packs could not be compiled: ${(e as Error)?.message ?? String(e)}`, file: docs[0]?.file ?? '<packs>', line: 0, col: 0 }]);
  }
}

function isoDate(d: string | Date | undefined): string {
  if (d === undefined) return new Date().toISOString().slice(0, 10);
  if (d instanceof Date && !Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d))) return d;
  throw new RangeError(`asOf must be a valid date (YYYY-MM-DD or a Date), not ${String(d)}`);
}

/** Options are checked before any pack is read: a bad option is the host's bug, said plainly. */
function checkOptions(o: EngineOptions): void {
  const t = o.thresholds;
  for (const k of ['review', 'block'] as const)
    if (t?.[k] !== undefined && !(typeof t[k] === 'number' && t[k]! >= 0 && t[k]! <= 1)) throw new RangeError(`thresholds.${k} must be a number from 0 to 1`);
  if (o.fieldCap !== undefined && !(Number.isFinite(o.fieldCap) && o.fieldCap >= 1)) throw new RangeError('fieldCap must be a finite number ≥ 1');
  isoDate(o.asOf);
}

function inEffect(e: { from?: string; until?: string } | undefined, asOf: string): boolean {
  return !e || ((!e.from || e.from <= asOf) && (!e.until || asOf <= e.until));
}

function buildEngine(docs: PackDoc[], diagnostics: Diagnostic[], options: EngineOptions, precompiled?: Compiled): Engine {
  const packs = docs.filter((d) => d.kind === 'pack');
  const overlays = docs.filter((d) => d.kind === 'overlay');
  const compiled = precompiled ?? compilePacks([...packs, ...overlays]);
  const asOf = isoDate(options.asOf);
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const fieldCap = options.fieldCap === undefined ? DEFAULT_FIELD_CAP : Math.floor(options.fieldCap);
  const packById = new Map(packs.map((p) => [p.meta.id, p]));
  const ruleOverlays = applyOverlays(compiled, overlays);
  const active = compiled.rules.map(
    (r) =>
      r.doc.status !== 'deprecated' &&
      inEffect(r.doc.effective, asOf) &&
      inEffect(packById.get(r.pack)?.meta.effective, asOf) &&
      !ruleOverlays.get(r.id)?.disabled,
  );
  const memo: MatchMemo = createMatchMemo();
  const prefilter = compiled.prefilter;
  const scratch = prefilter && prefilterScratch(compiled, prefilter);
  const tokenizer = lazyTokenizer(options.tokenizer);

  const info: PackInfo[] = docs.map((d) => ({
    id: d.meta.id,
    version: d.meta.version,
    title: d.meta.title,
    file: d.file,
    rules: d.rules.length,
    hash: d.hash,
    kind: d.kind,
  }));

  const ruleReason = (r: CompiledRule): string | undefined => {
    if (r.doc.status === 'deprecated') return `deprecated${r.doc.deprecated?.replacedBy.length ? `; replaced by ${r.doc.deprecated.replacedBy.join(', ')}` : ''}`;
    if (!inEffect(r.doc.effective, asOf)) return `not in effect on ${asOf}`;
    if (!inEffect(packById.get(r.pack)?.meta.effective, asOf)) return `pack not in effect on ${asOf}`;
    const by = ruleOverlays.get(r.id)?.disabled;
    return by ? `disabled by overlay ${by}` : undefined;
  };

  /** The whole pipeline for one listing; with a trace, records every step for explain(). */
  const analyze = (input: unknown, trace?: Explanation): ScanResult => {
    const listing = readListing(input, fieldCap);
    if (!trace && prefilter && !mayHit(compiled, prefilter, scratch!, listing.fields, memo)) return resultOf(listing, 'pass', 0, []);
    const negated: Hit[] | undefined = trace ? [] : undefined;
    const { scanned, hits } = findHits(compiled, listing.fields, memo, negated);
    const bySet = new Map<number, Hit[]>();
    for (const h of hits) {
      const list = bySet.get(h.set);
      if (list) list.push(h);
      else bySet.set(h.set, [h]);
    }
    if (trace) traceHits(trace, compiled, scanned, hits, negated!);
    const findings: Finding[] = [];
    const candidates = candidateRules(compiled, bySet);
    if (trace) traceUnmet(trace, compiled, bySet, candidates);
    if (candidates.length) {
      const tokenOk = tokenCheck(scanned, tokenizer);
      const ctx: EvalContext = { compiled, listing, scanned, bySet, tokenOk };
      for (const ri of candidates) {
        const rule = compiled.rules[ri]!;
        if (!active[ri]) {
          trace?.rules.push({ ruleId: rule.id, pack: rule.pack, outcome: 'inactive', reason: ruleReason(rule) ?? 'inactive' });
          continue;
        }
        const ov = ruleOverlays.get(rule.id);
        const o = evaluateRule(ctx, rule, ov?.score?.value);
        if (!o) {
          trace?.rules.push({ ruleId: rule.id, pack: rule.pack, outcome: 'condition-false', reason: `the condition \`${rule.doc.when}\` does not hold` });
          continue;
        }
        const by = overlayEffects(ctx, o, ov);
        const detail = { base: ov?.score?.value ?? rule.base, strength: roundScore(o.strength), supported: o.supported, raised: o.raised, lowered: o.lowered, score: roundScore(o.score) };
        if (by === null) {
          trace?.rules.push({ ruleId: rule.id, pack: rule.pack, outcome: 'excepted', reason: 'an overlay exception holds', ...detail });
          continue;
        }
        const reportable = o.score >= thresholds.review;
        trace?.rules.push({
          ruleId: rule.id,
          pack: rule.pack,
          outcome: reportable ? 'reported' : 'below-threshold',
          reason: reportable ? `score ${roundScore(o.score)} ≥ review threshold ${thresholds.review}` : `score ${roundScore(o.score)} < review threshold ${thresholds.review}`,
          ...detail,
          ...(by.length ? { overlays: by } : {}),
        });
        if (!reportable && !options.allFindings) continue;
        findings.push(findingOf(o, scanned, by));
      }
    }
    findings.sort((a, b) => b.score - a.score || (a.ruleId < b.ruleId ? -1 : 1));
    const score = findings.length ? findings[0]!.score : 0;
    const verdict: Verdict = score >= thresholds.block ? 'block' : score >= thresholds.review ? 'review' : 'pass';
    const result = resultOf(listing, verdict, roundScore(score), findings);
    if (trace) {
      trace.fields = scanned.filter((sf) => !sf.emojiReading).map((sf) => ({ name: sf.field.name, original: sf.field.value, normalized: normSlice(sf.nt, 0, sf.nt.length), capped: sf.field.limit < sf.field.value.length }));
      trace.result = result;
    }
    return result;
  };
  const scanOne = (input: unknown): ScanResult => analyze(input);

  const explain = (input: unknown): Explanation => {
    const trace: Explanation = { result: { verdict: 'pass', score: 0, findings: [] }, fields: [], hits: [], negated: [], rules: [], thresholds, asOf };
    analyze(input, trace);
    return trace;
  };

  const scan = (input: unknown): ScanResult => {
    try {
      return scanOne(input);
    } catch (e) {
      // A listing must never bring down the host; report it as data instead.
      let id: string | number | undefined;
      try {
        const raw = (input as { id?: unknown } | null)?.id;
        if (typeof raw === 'string' || typeof raw === 'number') id = raw;
      } catch {
        id = undefined;
      }
      return {
        ...(id !== undefined ? { id } : {}),
        verdict: 'pass',
        score: 0,
        findings: [],
        warnings: [{ field: '', code: 'scan-failed', message: `the listing could not be scanned: ${(e as Error)?.message ?? String(e)}` }],
      };
    }
  };

  function scanMany(listings: Iterable<unknown>): Iterable<ScanResult>;
  function scanMany(listings: AsyncIterable<unknown>): AsyncIterable<ScanResult>;
  function scanMany(listings: Iterable<unknown> | AsyncIterable<unknown>): Iterable<ScanResult> | AsyncIterable<ScanResult> {
    if (Symbol.asyncIterator in Object(listings)) {
      return (async function* () {
        for await (const l of listings as AsyncIterable<unknown>) yield scan(l);
      })();
    }
    return (function* () {
      for (const l of listings as Iterable<unknown>) yield scan(l);
    })();
  }

  const engine: Engine = {
    scan,
    scanMany,
    explain,
    packs: Object.freeze(info.map((p) => Object.freeze(p))),
    diagnostics: Object.freeze([...diagnostics]),
    reload: (next?: EngineOptions) => createEngine({ ...options, ...next }),
  };
  return Object.freeze(engine);
}

function traceHits(trace: Explanation, c: Compiled, scanned: ScannedField[], hits: Hit[], negated: Hit[]): void {
  // A field read a second time for its emoji finds most hits again: show each set's hit at a place once.
  const shown = new Set<string>();
  const place = (h: Hit, list: string) => {
    const key = `${list}:${h.set}:${originalSpanKey(scanned, h)}`;
    if (shown.has(key)) return undefined;
    shown.add(key);
    const [e] = evidenceOf(scanned, [h], []);
    const set = c.sets[h.set]!;
    return e && { set: `${set.pack}/${set.name}`, field: e.field, start: e.start!, end: e.end!, text: e.text };
  };
  for (const h of hits) {
    const at = place(h, 'hit');
    if (at) trace.hits.push({ ...at, via: h.via, term: h.term, weak: h.weak, ...(h.value !== undefined ? { value: h.value } : {}) });
  }
  for (const h of negated) {
    const at = place(h, 'negated');
    if (at) trace.negated.push({ ...at, cue: h.negatedBy! });
  }
}

function traceUnmet(trace: Explanation, c: Compiled, bySet: Map<number, Hit[]>, candidates: number[]): void {
  const seen = new Set(candidates);
  for (const set of bySet.keys())
    for (const ri of c.sets[set]!.anchorOf) {
      if (seen.has(ri)) continue;
      seen.add(ri);
      const r = c.rules[ri]!;
      const missing = r.requires.map((alt) =>
        alt
          .filter((g) => !g.some((x) => bySet.has(x)))
          .map((g) => g.map((x) => c.sets[x]!.name).join(' | '))
          .join(' and of '),
      );
      trace.rules.push({ ruleId: r.id, pack: r.pack, outcome: 'requirements-not-met', reason: `needs a hit of ${missing.join('; or of ')}` });
    }
}

/** The contract's result for a listing: its id, verdict and findings, and what could not be read. */
function resultOf(listing: ReadListing, verdict: Verdict, score: number, findings: Finding[]): ScanResult {
  const r: ScanResult = listing.id !== undefined ? { id: listing.id, verdict, score, findings } : { verdict, score, findings };
  if (listing.capped.length) r.capped = listing.capped;
  if (listing.warnings.length) r.warnings = listing.warnings;
  return r;
}

/** Lazily created tokenizer: nodejieba's dictionary takes ~1.7 s to load, so only the first need pays. */
function lazyTokenizer(given?: Tokenizer): () => Tokenizer {
  let t: Tokenizer | undefined = given;
  return () => {
    if (!t) {
      const require = createRequire(import.meta.url);
      const jieba = require('nodejieba') as { cut(text: string): string[] };
      t = { cut: (text) => jieba.cut(text) };
    }
    return t;
  };
}

/** Whole-token check of a hit: both its ends must fall on token boundaries of the text around it. */
function tokenCheck(scanned: ScannedField[], tokenizer: () => Tokenizer): (h: Hit) => boolean {
  const memo = new Map<Hit, boolean>();
  return (h) => {
    const known = memo.get(h);
    if (known !== undefined) return known;
    const { nt } = scanned[h.field]!;
    const w0 = Math.max(0, h.ns - 16);
    const w1 = Math.min(nt.length, h.ne + 16);
    const text = normSlice(nt, w0, w1);
    const bounds = new Set<number>([0, text.length]);
    let p = 0;
    for (const tok of tokenizer().cut(text)) {
      p += tok.length;
      bounds.add(p);
    }
    // Separators are boundaries whatever the tokenizer says.
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === SEP) bounds.add(i).add(i + 1);
    const ok = bounds.has(h.ns - w0) && bounds.has(h.ne - w0);
    memo.set(h, ok);
    return ok;
  };
}

/** Resolves overlays into per-rule effects: disable, re-weight, or except-conditions. */
function applyOverlays(compiled: Compiled, overlays: PackDoc[]): Map<string, RuleOverlay> {
  const out = new Map<string, RuleOverlay>();
  for (const ov of overlays)
    for (const ch of ov.changes) {
      const entry = out.get(ch.rule) ?? { excepts: [] };
      if (ch.disable) entry.disabled = ov.meta.id;
      if (ch.score !== undefined) entry.score = { value: ch.score, by: ov.meta.id };
      if (ch.except) {
        const cond = compiled.overlayConditions.get(`${ov.meta.id}\u0000${ch.rule}\u0000${ch.except}`);
        if (cond) entry.excepts.push({ cond, by: ov.meta.id });
      }
      out.set(ch.rule, entry);
    }
  return out;
}

/**
 * What a rule's overlays do to its outcome: null when an overlay exception holds (the finding is
 * dropped), else the ids of the overlays that changed it (a re-weighting replaced its base score).
 */
function overlayEffects(ctx: EvalContext, o: RuleOutcome, ov: RuleOverlay | undefined): string[] | null {
  if (!ov) return [];
  for (const ex of ov.excepts) {
    const probe: CompiledRule = { ...o.rule, cond: ex.cond, fieldMask: 31, support: [], raise: [], lower: [], unless: [], base: 1 };
    if (evaluateRule(ctx, probe)) return null;
  }
  return ov.score ? [ov.score.by] : [];
}
