/**
 * `jinshou test PATH…`: runs the examples embedded in every rule (`tests.hit` / `tests.miss`) on an engine
 * built from exactly those packs, and reports per rule and per pack (a confusion matrix); with `--corpus`,
 * also precision and recall on a labelled JSONL corpus.
 */
import type { Command, CliContext } from '../command.js';
import { CliError } from '../errors.js';
import { runEmbeddedTests, testListing, type EmbeddedCase } from '../../pack/embedded-tests.js';
import { DEFAULT_THRESHOLDS } from '../../score/evaluate.js';
import type { PackDoc, RuleDoc } from '../../pack/document.js';
import type { Engine } from '../../engine-api.js';
import { dateOption, parseCommandArgs, positionals } from '../author/args.js';
import { loadPacksOrThrow } from '../author/packs.js';
import { inactiveReason, today } from '../author/effect.js';
import { readCorpus, scoreCorpus, type Counts, type CorpusMetrics } from '../author/corpus.js';
import { displayPath, listingLabel, ratio, renderTable, stylesFor, type Styles } from '../author/text.js';

const REVIEW = DEFAULT_THRESHOLDS.review;

const HELP = `Usage: jinshou test [options] PATH…

Runs every rule's embedded examples on an engine built from exactly the given packs (and overlays):
each tests.hit listing must be flagged by its rule (score ≥ 0.5), each tests.miss listing must not.
Known gaps (tests.todo.hit, tests.todo.miss) run too but never fail: the report counts them and names
each one that now behaves as its label says, so it can move to tests.hit or tests.miss.
A hit listing with expect must also meet it: verdict: block (score ≥ 0.8), via: homophone (or exact,
normalized, pinyin, fuzzy, field: some evidence found that way).
Prints a pass/fail line per rule, every failing case with what fired instead, and per pack a confusion
matrix: hit cases flagged are true positives (TP) and unflagged ones false negatives (FN); miss cases
flagged are false positives (FP), unflagged ones true negatives (TN). Deprecated rules, rules not in
effect on the date, and rules an overlay disables are listed as skipped.

Options:
  --corpus FILE        also score a labelled JSONL corpus (repeatable); prints precision and recall per
                       rule and per category, and the listings where the packs disagree with the labels
  --as-of YYYY-MM-DD   test as on this date (default: today)
  --all                with --corpus, list every disagreement (default: the first 20)
  --json               print the report as JSON
  -h, --help           show this help

Corpus format (JSONL, one listing per line, plus "expect"):
  {"id": "c1", "title": "野生穿山甲片 正品", "expect": ["wildlife.pangolin"]}
  {"id": "c2", "title": "部队特供 酱香酒", "price": 1200, "expect": ["military"]}
  {"id": "c3", "title": "象牙白 真丝衬衫", "expect": []}
"expect" lists rule ids and/or category ids. A rule id means that rule should flag the listing; a
category id means some rule of that category should (so it counts for the category and as a true
positive for whichever of its rules fires, but as a false negative for no particular rule); [] means
nothing should. Blank lines and lines starting with // are skipped.

Exit status: 0 when every embedded test passes, 1 when any fails, 2 for unusable arguments, packs or
corpus lines.

Examples:
  jinshou test rules/
  jinshou test my-pack.yaml --corpus labelled.jsonl
  jinshou test rules/ platform-overlay.yaml --as-of 2026-09-01
`;

/** One rule's line of the report. */
interface RuleReport {
  ruleId: string;
  title: string;
  skipped?: string;
  hit: { passed: number; total: number };
  miss: { passed: number; total: number };
  failures: { expect: 'hit' | 'miss'; listing: Record<string, unknown>; score: number; note: string }[];
  /** Known gaps (tests.todo): how many, and those that now behave as their label says. */
  todo: { total: number; closed: { expect: 'hit' | 'miss'; listing: Record<string, unknown>; score: number }[] };
}

/** One pack's part of the report. */
interface PackReport {
  id: string;
  version: string;
  file: string;
  rules: RuleReport[];
  matrix: Counts;
}

/** The `test` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('test', args, {
      corpus: { type: 'string', multiple: true },
      'as-of': { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const paths = positionals('test', pos, 'a pack file or folder (PATH…)', 1);
    const asOf = values['as-of'] !== undefined ? dateOption('test', '--as-of', values['as-of']) : today();
    const docs = loadPacksOrThrow(paths);
    // allFindings: a failing hit test can then say how far below the threshold the rule scored.
    const engine = ctx.createEngine({ packs: paths, allFindings: true, asOf });
    const packs = testPacks(engine, docs, asOf);
    const corpora = (values.corpus ?? []).map((file) => scoreCorpusFile(engine, docs, file, asOf));
    const failed = packs.reduce((n, p) => n + p.rules.reduce((k, r) => k + r.failures.length, 0), 0);
    if (values.json) {
      ctx.stdout.write(JSON.stringify({ asOf, passed: failed === 0, packs, corpora: corpora.map(corpusJson) }, null, 2) + '\n');
    } else {
      const s = stylesFor(ctx.stdout);
      for (const p of packs) writePack(ctx, s, p);
      for (const c of corpora) writeCorpus(ctx, s, c, values.all ?? false);
      const cases = packs.reduce((n, p) => n + p.matrix.tp + p.matrix.fn + p.matrix.tn + p.matrix.fp, 0);
      const rules = packs.reduce((n, p) => n + p.rules.length, 0);
      const skipped = packs.reduce((n, p) => n + p.rules.filter((r) => r.skipped).length, 0);
      const todos = packs.reduce((n, p) => n + p.rules.reduce((k, r) => k + r.todo.total, 0), 0);
      const closed = packs.reduce((n, p) => n + p.rules.reduce((k, r) => k + r.todo.closed.length, 0), 0);
      ctx.stdout.write(
        `${failed ? s.red('FAILED') : s.green('PASSED')}: ${packs.length} pack${packs.length === 1 ? '' : 's'}, ${rules} rules (${skipped} skipped), ` +
          `${cases} cases: ${cases - failed} passed, ${failed} failed` +
          `${todos ? `; ${todos} known gap${todos === 1 ? '' : 's'} (${closed} closed)` : ''} (as of ${asOf})\n`,
      );
    }
    return failed ? 1 : 0;
  },
};

/** Runs the embedded tests of `docs` on `engine` and groups the outcomes by pack and rule. */
export function testPacks(engine: Engine, docs: readonly PackDoc[], asOf: string): PackReport[] {
  const cases = runEmbeddedTests(engine, docs);
  const byRule = new Map<string, EmbeddedCase[]>();
  for (const c of cases) {
    const list = byRule.get(c.ruleId);
    if (list) list.push(c);
    else byRule.set(c.ruleId, [c]);
  }
  const overlays = docs.filter((d) => d.kind === 'overlay');
  return docs
    .filter((d) => d.kind === 'pack')
    .map((doc) => {
      const matrix: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
      const rules = doc.rules.map((rule): RuleReport => {
        const skipped = inactiveReason(rule, doc, overlays, asOf);
        const report: RuleReport = {
          ruleId: rule.id,
          title: rule.title,
          ...(skipped ? { skipped } : {}),
          hit: { passed: 0, total: 0 },
          miss: { passed: 0, total: 0 },
          failures: [],
          todo: { total: 0, closed: [] },
        };
        if (skipped) return report;
        for (const c of byRule.get(rule.id) ?? []) {
          if (c.todo) {
            report.todo.total++;
            if (c.passed) report.todo.closed.push({ expect: c.expect, listing: c.listing, score: c.score });
            continue;
          }
          report[c.expect].total++;
          if (c.passed) report[c.expect].passed++;
          if (c.expect === 'hit') c.passed ? matrix.tp++ : matrix.fn++;
          else c.passed ? matrix.tn++ : matrix.fp++;
          if (!c.passed) report.failures.push({ expect: c.expect, listing: c.listing, score: c.score, note: failureNote(engine, rule, c) });
        }
        return report;
      });
      return { id: doc.meta.id, version: doc.meta.version, file: doc.file, rules, matrix };
    });
}

/** Why a case failed, in one line: the rule's score and evidence, or what fired instead. */
function failureNote(engine: Engine, rule: RuleDoc, c: EmbeddedCase): string {
  const result = engine.scan(testListing(rule.id, c.expect, c.listing));
  const mine = result.findings.find((f) => f.ruleId === rule.id);
  const evidence = mine?.evidence.map((e) => `${e.text}${e.via !== 'exact' ? ` (${e.via})` : ''}`).join(', ');
  const overlays = mine?.overlays?.length ? ` (score set by overlay ${mine.overlays.join(', ')})` : '';
  if (c.unmet) return `flagged, but ${c.unmet}${overlays}${evidence ? `; evidence: ${evidence}` : ''}`;
  if (c.expect === 'miss') return `flagged with score ${mine?.score ?? c.score} ≥ ${REVIEW}${overlays}${evidence ? `; evidence: ${evidence}` : ''}`;
  const others = result.findings.filter((f) => f.ruleId !== rule.id && f.score >= REVIEW).map((f) => `${f.ruleId} ${f.score}`);
  const own = mine ? `scored ${mine.score} < ${REVIEW}${overlays}${evidence ? ` (evidence: ${evidence})` : ''}` : 'the rule did not fire';
  return own + (others.length ? `; fired instead: ${others.join(', ')}` : '');
}

function writePack(ctx: CliContext, s: Styles, p: PackReport): void {
  ctx.stdout.write(`${s.bold(`${p.id} ${p.version}`)}  ${s.dim(displayPath(p.file))}\n`);
  const frac = (x: { passed: number; total: number }) => (x.total ? `${x.passed}/${x.total}` : '–');
  const withTodo = p.rules.some((r) => r.todo.total > 0);
  const todoCell = (r: RuleReport) => (r.todo.total ? `${r.todo.total - r.todo.closed.length} open${r.todo.closed.length ? `, ${r.todo.closed.length} closed` : ''}` : '–');
  const rows: string[][] = [['rule', 'hit', 'miss', ...(withTodo ? ['todo'] : []), 'result']];
  for (const r of p.rules) {
    const result = r.skipped ? `skipped: ${r.skipped}` : r.failures.length ? 'FAIL' : r.hit.total + r.miss.total === 0 ? 'no tests' : 'pass';
    rows.push([r.ruleId, frac(r.hit), frac(r.miss), ...(withTodo ? [todoCell(r)] : []), result]);
  }
  // Colour after layout: renderTable measures widths without escape codes either way.
  const table = renderTable(rows, '  ')
    .replace(/ FAIL$/gm, ` ${s.red('FAIL')}`)
    .replace(/ pass$/gm, ` ${s.green('pass')}`)
    .replace(/ (skipped: .*|no tests)$/gm, (_m, t: string) => ` ${s.dim(t)}`);
  ctx.stdout.write(table);
  for (const r of p.rules)
    for (const f of r.failures)
      ctx.stdout.write(`  ${s.red('✗')} ${r.ruleId} ${f.expect} ${listingLabel(f.listing)}: ${f.note}\n`);
  for (const r of p.rules)
    for (const t of r.todo.closed)
      ctx.stdout.write(
        `  ${s.green('↑')} ${r.ruleId} todo ${t.expect} ${listingLabel(t.listing)}: now ${t.expect === 'hit' ? 'flagged' : 'not flagged'} (score ${t.score}); move it to tests.${t.expect}\n`,
      );
  const m = p.matrix;
  ctx.stdout.write('\n');
  ctx.stdout.write(
    renderTable(
      [
        ['', 'flagged', 'not flagged'],
        [`hit cases (${m.tp + m.fn})`, `TP ${m.tp}`, `FN ${m.fn}`],
        [`miss cases (${m.fp + m.tn})`, `FP ${m.fp}`, `TN ${m.tn}`],
      ],
      '  ',
    ),
  );
  ctx.stdout.write(`  precision ${ratio(m.tp, m.tp + m.fp)}  recall ${ratio(m.tp, m.tp + m.fn)}\n\n`);
}

interface ScoredCorpus {
  file: string;
  listings: number;
  metrics: CorpusMetrics;
}

function scoreCorpusFile(engine: Engine, docs: readonly PackDoc[], file: string, asOf: string): ScoredCorpus {
  const corpus = readCorpus(file, true);
  if (corpus.problems.length)
    throw new CliError(`${corpus.problems.length} unusable corpus line${corpus.problems.length === 1 ? '' : 's'}:\n${corpus.problems.slice(0, 20).join('\n')}`, "run 'jinshou test --help' for the corpus format");
  const overlays = docs.filter((d) => d.kind === 'overlay');
  const rules = docs.flatMap((d) => d.rules.filter((r) => !inactiveReason(r, d, overlays, asOf)).map((r) => ({ id: r.id, category: r.category })));
  const results = corpus.records.map((r) => engine.scan(r.listing));
  return { file, listings: corpus.records.length, metrics: scoreCorpus(corpus.records, results, rules, REVIEW) };
}

function writeCorpus(ctx: CliContext, s: Styles, c: ScoredCorpus, all: boolean): void {
  const m = c.metrics;
  ctx.stdout.write(`${s.bold(`corpus ${displayPath(c.file)}`)}: ${c.listings} listings\n`);
  for (const [label, n] of m.unknownLabels)
    ctx.stdout.write(`  ${s.yellow('warning')}: label '${label}' (${n}×) names no loaded rule or category; it is ignored\n`);
  const row = (name: string, k: Counts) => [name, String(k.tp), String(k.fp), String(k.fn), ratio(k.tp, k.tp + k.fp), ratio(k.tp, k.tp + k.fn)];
  const rows = [['', 'TP', 'FP', 'FN', 'precision', 'recall']];
  for (const [id, k] of m.rules) rows.push(row(id, k));
  for (const [cat, k] of m.categories) rows.push(row(`category ${cat}`, k));
  rows.push(row('listings (any finding)', m.listings));
  ctx.stdout.write(renderTable(rows, '  '));
  const shown = all ? m.disagreements : m.disagreements.slice(0, 20);
  for (const d of shown) {
    const id = d.record.listing.id !== undefined ? ` (id ${String(d.record.listing.id)})` : '';
    const parts = [d.missing.length ? `missed ${d.missing.join(', ')}` : '', d.unexpected.length ? `unexpected ${d.unexpected.join(', ')}` : ''].filter(Boolean);
    ctx.stdout.write(`  ${s.yellow('≠')} line ${d.record.line}${id} ${listingLabel(d.record.listing)}: ${parts.join('; ')}\n`);
  }
  if (shown.length < m.disagreements.length) ctx.stdout.write(`  … ${m.disagreements.length - shown.length} more (--all lists them)\n`);
  ctx.stdout.write('\n');
}

function corpusJson(c: ScoredCorpus) {
  const obj = (m: Map<string, Counts>) => Object.fromEntries([...m].map(([k, v]) => [k, { ...v, precision: v.tp + v.fp ? v.tp / (v.tp + v.fp) : null, recall: v.tp + v.fn ? v.tp / (v.tp + v.fn) : null }]));
  return {
    file: c.file,
    listings: c.listings,
    rules: obj(c.metrics.rules),
    categories: obj(c.metrics.categories),
    overall: c.metrics.listings,
    unknownLabels: Object.fromEntries(c.metrics.unknownLabels),
    disagreements: c.metrics.disagreements.map((d) => ({ line: d.record.line, id: d.record.listing.id, missing: d.missing, unexpected: d.unexpected })),
  };
}
