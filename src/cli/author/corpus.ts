/**
 * Corpora for `jinshou test --corpus` and `jinshou diff --corpus`: JSONL files, one listing per line.
 *
 * A labelled corpus line is a listing plus `expect`, the rule ids and/or category ids that should flag it:
 *
 *   {"id": "c1", "title": "野生穿山甲片", "expect": ["wildlife.pangolin"]}
 *   {"id": "c2", "title": "军供茅台 整箱", "expect": ["military"]}
 *   {"id": "c3", "title": "象牙白衬衫", "expect": []}
 *
 * A rule id claims that rule; a category id claims "some rule of this category" (no particular one).
 * `expect: []` marks a clean listing that nothing should flag. Blank lines and lines starting with `//`
 * are skipped, so a corpus can carry comments.
 */
import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';
import type { ScanResult } from '../../types.js';

/** One listing of a corpus with its line number and, in labelled corpora, its expected labels. */
export interface CorpusRecord {
  line: number;
  listing: Record<string, unknown>;
  expect?: string[];
}

/** A read corpus: its records, and the lines that could not be used (as `file:line: problem`). */
export interface Corpus {
  file: string;
  records: CorpusRecord[];
  problems: string[];
}

/** Most corpus bytes read; a larger labelled corpus should be split. */
const MAX_CORPUS_BYTES = 256 * 1024 * 1024;

/** Reads a JSONL corpus. With `labelled`, every record needs an `expect` list. */
export function readCorpus(file: string, labelled: boolean): Corpus {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_CORPUS_BYTES) throw new CliError(`${file}: the corpus is larger than ${MAX_CORPUS_BYTES} bytes; split it`);
    text = bytes.toString('utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read the corpus ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const records: CorpusRecord[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('//')) return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      problems.push(`${file}:${line}: not JSON (${(e as Error).message.split('\n')[0]})`);
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${file}:${line}: a corpus line is a JSON object (a listing)`);
      return;
    }
    const { expect, ...listing } = v as Record<string, unknown>;
    if (!labelled) {
      records.push({ line, listing });
      return;
    }
    const labels = typeof expect === 'string' ? [expect] : expect;
    if (!Array.isArray(labels) || !labels.every((x) => typeof x === 'string')) {
      problems.push(`${file}:${line}: "expect" must be a list of rule ids or category ids ([] for a clean listing)`);
      return;
    }
    records.push({ line, listing, expect: labels as string[] });
  });
  return { file, records, problems };
}

/** True positives, false positives, false negatives (and true negatives where they are defined). */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Precision/recall counts of a labelled corpus: per rule, per category, and for whole listings. */
export interface CorpusMetrics {
  rules: Map<string, Counts>;
  categories: Map<string, Counts>;
  listings: Counts;
  /** Labels that name neither a loaded rule nor a category, with how often they occur. */
  unknownLabels: Map<string, number>;
  /** Records where what fired differs from what was expected. */
  disagreements: { record: CorpusRecord; fired: string[]; missing: string[]; unexpected: string[] }[];
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/**
 * Scores a labelled corpus. A rule fires when its finding reaches `review`. For a rule, a firing is a true
 * positive when the listing names the rule or its category, else a false positive; a miss is a false
 * negative only when the listing names the rule itself (a category label does not say which rule should
 * fire). For a category, "fires" means any of its rules fires, and "expected" means the category or one of
 * its rules is named. For whole listings, "expected" means any label, "flagged" any firing rule.
 */
export function scoreCorpus(
  records: readonly CorpusRecord[],
  results: readonly ScanResult[],
  rules: readonly { id: string; category: string }[],
  review: number,
): CorpusMetrics {
  const category = new Map(rules.map((r) => [r.id, r.category]));
  const categories = new Set(rules.map((r) => r.category));
  const m: CorpusMetrics = {
    rules: new Map(rules.map((r) => [r.id, zero()])),
    categories: new Map([...categories].map((c) => [c, zero()])),
    listings: zero(),
    unknownLabels: new Map(),
    disagreements: [],
  };
  records.forEach((rec, i) => {
    const labels = new Set(rec.expect ?? []);
    for (const l of labels) if (!category.has(l) && !categories.has(l)) m.unknownLabels.set(l, (m.unknownLabels.get(l) ?? 0) + 1);
    const fired = new Set(results[i]!.findings.filter((f) => f.score >= review && category.has(f.ruleId)).map((f) => f.ruleId));
    const missing: string[] = [];
    const unexpected: string[] = [];
    for (const r of rules) {
      const c = m.rules.get(r.id)!;
      const expected = labels.has(r.id) || labels.has(r.category);
      if (fired.has(r.id)) {
        if (expected) c.tp++;
        else {
          c.fp++;
          unexpected.push(r.id);
        }
      } else if (labels.has(r.id)) {
        c.fn++;
        missing.push(r.id);
      } else c.tn++;
    }
    for (const cat of categories) {
      const c = m.categories.get(cat)!;
      const expected = labels.has(cat) || [...labels].some((l) => category.get(l) === cat);
      const hit = [...fired].some((id) => category.get(id) === cat);
      if (hit && expected) c.tp++;
      else if (hit) c.fp++;
      else if (expected) {
        c.fn++;
        if (labels.has(cat)) missing.push(cat);
      } else c.tn++;
    }
    const expectedAny = [...labels].some((l) => category.has(l) || categories.has(l));
    if (fired.size && expectedAny) m.listings.tp++;
    else if (fired.size) m.listings.fp++;
    else if (expectedAny) m.listings.fn++;
    else m.listings.tn++;
    if (missing.length || unexpected.length) m.disagreements.push({ record: rec, fired: [...fired], missing, unexpected });
  });
  return m;
}
