/**
 * `jinshou explain`: one listing in, a human-readable account of the scan out — the text as normalized,
 * every candidate hit, every rule considered with why it scored what it did, and the evidence marked in
 * the original text. Built on `engine.explain()`; `--json` prints that structure as is.
 */
import type { Command, CliContext } from '../command.js';
import { UsageError } from '../errors.js';
import type { Explanation, ExplainedRule } from '../../engine-api.js';
import type { Finding } from '../../types.js';
import { builtinPacksDir } from '../../engine.js';
import { loadPacks } from '../../pack/load.js';
import type { RuleDoc } from '../../pack/document.js';
import { VIA_FACTOR, MAX_RAISE } from '../../score/evaluate.js';
import { dateOption, parseCommandArgs } from '../author/args.js';
import { highlight } from '../author/highlight.js';
import { renderTable, stylesFor, type Styles } from '../author/text.js';
import { oneLine } from '../errors.js';

const HELP = `Usage: jinshou explain [options] [TITLE…]
       jinshou explain [options] --json '{"title": …, "price": …}'
       echo '{"title": …}' | jinshou explain [options]

Scans one listing and explains the result: each field as the matcher reads it (normalized: width, case,
traditional → simplified, separators), every hit of every term set (how it was found: exact, normalized,
pinyin, homophone, fuzzy; weak or not), every rule looked at and what happened to it — its condition did
not hold, a needed set had no hit, it was inactive (deprecated, not in effect, disabled by an overlay),
or it held and scored base × strength + raise − lower — and the evidence of each finding marked in the
original text ([brackets], or colour on a terminal).

The listing is the TITLE words (joined by spaces), or a JSON object given with --listing (or --json
followed by an argument starting with '{'), or, with neither, a JSON object or a title read from stdin.

Options:
  --listing JSON       the listing as a JSON object (also accepted: --json '{…}')
  --packs PATH         explain with packs from this file or folder instead of the built-in packs (repeatable)
  --as-of YYYY-MM-DD   apply the rules and packs in effect on this date (default: today)
  --json               print engine.explain()'s structure as JSON (when not followed by '{…}'); its
                       result also lists findings below the review threshold, as scan --all-findings does
  -h, --help           show this help

Exit status: 0 when the listing was explained, 2 for unusable arguments, packs or input.

Examples:
  jinshou explain 野生 川山甲片 正品
  jinshou explain --packs my-pack.yaml --json '{"title": "月饼礼盒", "price": 688}'
  head -1 listings.jsonl | jinshou explain --json
`;

/** The `explain` command. */
export const command: Command = {
  help: HELP,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs('explain', rewriteJsonInput(argv), {
      listing: { type: 'string' },
      packs: { type: 'string', multiple: true },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.listing !== undefined && positionals.length) throw new UsageError('give the listing either as TITLE words or as JSON, not both', 'explain');
    const listing =
      values.listing !== undefined ? parseListing(values.listing, '--listing') : positionals.length ? { title: positionals.join(' ') } : await listingFromStdin(ctx);
    const asOf = values['as-of'] !== undefined ? dateOption('explain', '--as-of', values['as-of']) : undefined;
    const packs = values.packs ?? [builtinPacksDir()];
    // allFindings: rules that hold below the threshold come back with their evidence too.
    const engine = ctx.createEngine({ packs, allFindings: true, ...(asOf ? { asOf } : {}) });
    const ex = engine.explain(listing);
    if (values.json) {
      ctx.stdout.write(JSON.stringify(ex, null, 2) + '\n');
      return 0;
    }
    writeExplanation(ctx, stylesFor(ctx.stdout), ex, rulesOf(packs));
    return 0;
  },
};

/** `--json '{…}'` and `--json={…}` give the listing; a bare `--json` asks for JSON output. */
function rewriteJsonInput(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '--json' && argv[i + 1]?.trimStart().startsWith('{')) {
      out.push('--listing', argv[++i]!);
    } else if (a.startsWith('--json=')) out.push(`--listing=${a.slice(7)}`);
    else out.push(a);
  }
  return out;
}

function parseListing(text: string, where: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: not JSON (${(e as Error).message.split('\n')[0]})`, 'explain');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`${where}: a listing is a JSON object such as {"title": "…"}`, 'explain');
  return v as Record<string, unknown>;
}

/** Most stdin read for one listing. */
const MAX_STDIN = 8 * 1024 * 1024;

async function listingFromStdin(ctx: CliContext): Promise<Record<string, unknown>> {
  // Waiting on a terminal would look like a hang: without input, that is a usage mistake.
  if (ctx.stdin.isTTY) throw new UsageError('no listing: give a TITLE, --listing JSON, or JSON on stdin', 'explain');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_STDIN) throw new UsageError(`stdin holds more than ${MAX_STDIN} bytes; explain takes one listing`, 'explain');
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new UsageError('no listing: stdin was empty', 'explain');
  if (text.startsWith('{')) {
    // One JSON object; from a JSONL file, the first line.
    const first = text.includes('\n') && !isJson(text) ? text.slice(0, text.indexOf('\n')) : text;
    return parseListing(first, 'stdin');
  }
  return { title: text.split(/\r?\n/)[0]! };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Rule documents by id, for the titles, conditions and context amounts explain() does not carry. */
function rulesOf(packs: readonly string[]): Map<string, RuleDoc> {
  const { docs } = loadPacks(packs);
  return new Map(docs.flatMap((d) => d.rules.map((r) => [r.id, r] as const)));
}

const OUTCOME: Record<ExplainedRule['outcome'], string> = {
  reported: 'reported',
  'below-threshold': 'below threshold',
  'condition-false': 'condition false',
  'requirements-not-met': 'not evaluated',
  inactive: 'inactive',
  excepted: 'excepted by overlay',
};

/** Writes the human-readable account. */
export function writeExplanation(ctx: CliContext, s: Styles, ex: Explanation, rules: ReadonlyMap<string, RuleDoc>): void {
  const out = (t = '') => ctx.stdout.write(t + '\n');
  const mark = (t: string) => (s.enabled ? s.mark(t) : undefined);
  const r = ex.result;
  const verdictColor = r.verdict === 'block' ? s.red : r.verdict === 'review' ? s.yellow : s.green;
  // The engine was asked for all findings; the listing's score as scan reports it counts reportable ones only.
  const reported = r.findings.filter((f) => f.score >= ex.thresholds.review);
  const below = r.findings.length - reported.length;
  out(
    `${s.bold('verdict')} ${verdictColor(s.bold(r.verdict))}  score ${reported[0]?.score ?? 0}` +
      `${below ? s.dim(`  (${below} finding${below > 1 ? 's' : ''} below the review threshold, highest ${Math.max(...r.findings.filter((f) => f.score < ex.thresholds.review).map((f) => f.score))})`) : ''}` +
      `   ${s.dim(`review ≥ ${ex.thresholds.review}, block ≥ ${ex.thresholds.block}; rules as of ${ex.asOf}`)}`,
  );
  for (const w of r.warnings ?? []) out(`${s.yellow('warning')}: ${w.field ? `${w.field}: ` : ''}${oneLine(w.message)}`);

  // Fields with every hit marked, and their normalized form where it differs.
  out(`\n${s.bold('listing')}`);
  const width = Math.max(12, ...ex.fields.map((f) => f.name.length + 2));
  for (const f of ex.fields) {
    const spans = ex.hits.filter((h) => h.field === f.name).map((h) => [h.start, h.end] as const);
    out(`  ${f.name.padEnd(width)}${highlight(f.original, spans, mark)}${f.capped ? s.dim('  (cut at the field cap)') : ''}`);
    if (f.normalized !== f.original) out(`  ${''.padEnd(width)}${s.dim(`normalized: ${oneLine(f.normalized)}`)}`);
  }

  if (ex.hits.length === 0)
    out(`\n${s.bold('hits')}\n${s.dim(ex.negated.length ? '  none that count: every term found is negated (below)' : '  no term of any loaded pack occurs in the listing')}`);
  else {
    // One row per piece of text and way it was read; the sets it belongs to side by side.
    const groups = bySetsAlike(ex.hits, (h) => [h.field, h.start, h.end, h.term, h.via, h.weak, h.value]);
    out(`\n${s.bold(`hits (${groups.size} place${groups.size === 1 ? '' : 's'}, ${ex.hits.length} set hit${ex.hits.length === 1 ? '' : 's'})`)}`);
    const rows = [['field', 'text', 'read as', 'via', 'sets']];
    for (const { h, sets } of groups.values())
      rows.push([h.field, h.text, h.term === h.text ? '' : h.term, `${h.via} ×${VIA_FACTOR[h.via]}${h.weak ? ' weak' : ''}${h.value !== undefined ? ` = ${h.value}` : ''}`, sets.join(', ')]);
    ctx.stdout.write(renderTable(rows, '  '));
  }
  if (ex.negated.length) {
    // Denied in their own clause (本店不售…): not evidence, listed so a reader sees why nothing fired.
    const groups = bySetsAlike(ex.negated, (h) => [h.field, h.start, h.end, h.cue]);
    out(`\n${s.bold(`negated (${groups.size}), not evidence`)}`);
    const rows = [['field', 'text', 'denied by', 'sets']];
    for (const { h, sets } of groups.values()) rows.push([h.field, h.text, h.cue, sets.join(', ')]);
    ctx.stdout.write(renderTable(rows, '  '));
  }

  const findings = new Map(r.findings.map((f) => [f.ruleId, f]));
  out(`\n${s.bold(`rules considered (${ex.rules.length})`)}`);
  if (ex.rules.length === 0) out(s.dim('  none: no hit anchors any rule'));
  const order: ExplainedRule['outcome'][] = ['reported', 'below-threshold', 'excepted', 'condition-false', 'requirements-not-met', 'inactive'];
  const sorted = [...ex.rules].sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome) || (b.score ?? 0) - (a.score ?? 0));
  for (const er of sorted) writeRule(out, s, er, rules.get(er.ruleId), findings.get(er.ruleId), ex, mark);
}

function writeRule(
  out: (t?: string) => void,
  s: Styles,
  er: ExplainedRule,
  doc: RuleDoc | undefined,
  finding: Finding | undefined,
  ex: Explanation,
  mark: (t: string) => string | undefined,
): void {
  const head = er.outcome === 'reported' ? s.red('●') : er.outcome === 'below-threshold' || er.outcome === 'excepted' ? s.yellow('◐') : s.dim('○');
  const title = doc ? ` ${oneLine(doc.title)}` : '';
  out(`  ${head} ${s.bold(er.ruleId)}${title}  ${s.dim('—')} ${OUTCOME[er.outcome]}: ${oneLine(er.reason)}`);
  const pad = '      ';
  if (doc && er.outcome !== 'inactive' && er.outcome !== 'condition-false') out(`${pad}${s.dim('when')}      ${oneLine(doc.when.replace(/\s+/g, ' ').trim())}`);
  if (er.strength === undefined || er.base === undefined) return;
  // Evidence of the finding, marked in its field's original text.
  for (const field of new Set(finding?.evidence.map((e) => e.field) ?? [])) {
    const ev = finding!.evidence.filter((e) => e.field === field);
    const original = ex.fields.find((f) => f.name === field)?.original;
    const spans = ev.filter((e) => e.start !== undefined).map((e) => [e.start!, e.end!] as const);
    if (original === undefined || spans.length === 0) {
      // Structured evidence (price, attributes): the value itself, nothing to mark.
      out(`${pad}${s.dim('evidence')}  ${field} = ${ev.map((e) => oneLine(e.text)).join(', ')}`);
      continue;
    }
    const how = ev.map((e) => `${oneLine(e.text)}${e.term ? `→${oneLine(e.term)}` : ''} ${e.via}`).join(', ');
    out(`${pad}${s.dim('evidence')}  ${field}: ${highlight(original, spans, mark)}  ${s.dim(`(${how})`)}`);
  }
  const weakHits = ex.hits.filter((h) => h.weak && finding?.evidence.some((e) => e.field === h.field && e.start === h.start && e.end === h.end));
  const strengthNote = weakHits.length
    ? er.supported
      ? `weak evidence (${weakHits.map((h) => h.text).join(', ')}) counts fully: support context ${doc?.support.length ? doc.support.join('/') : ''} is present`
      : `weak evidence (${weakHits.map((h) => h.text).join(', ')}) counts half: no support context${doc?.support.length ? ` (${doc.support.join(', ')})` : ''} in the listing`
    : 'via factor × set weight of the hits the condition rests on';
  out(`${pad}${s.dim('strength')}  ${er.strength}  ${s.dim(`(${strengthNote})`)}`);
  out(`${pad}${s.dim('score')}     ${scoreFormula(er, doc)}`);
  if (er.overlays?.length) out(`${pad}${s.dim('overlays')}  re-weighted by ${er.overlays.join(', ')}`);
}

/** `0.9 base × 0.75 strength + 0.05 raise (wild) − 0.6 lower (toy) = 0.125`, from the rule's amounts. */
function scoreFormula(er: ExplainedRule, doc: RuleDoc | undefined): string {
  const base = er.base!;
  const strength = er.strength!;
  if (er.overlays?.length) return `${er.score}  (an overlay set the base score; × strength ${strength})`;
  const parts = [`${base} base × ${strength} strength`];
  const raised = er.raised ?? [];
  const lowered = er.lowered ?? [];
  if (raised.length) {
    const sum = raised.reduce((n, k) => n + (doc?.raise[k] ?? 0), 0);
    const amounts = raised.map((k) => `${k} ${doc?.raise[k] ?? '?'}`).join(', ');
    parts.push(`+ ${round(Math.min(MAX_RAISE, sum))} raise (${amounts}${sum > MAX_RAISE ? `; capped at ${MAX_RAISE}` : ''})`);
  }
  if (lowered.length) {
    const sum = lowered.reduce((n, k) => n + (doc?.lower[k] ?? 0), 0);
    parts.push(`− ${round(sum)} lower (${lowered.map((k) => `${k} ${doc?.lower[k] ?? '?'}`).join(', ')})`);
  }
  const raw = base * strength + Math.min(MAX_RAISE, raised.reduce((n, k) => n + (doc?.raise[k] ?? 0), 0)) - lowered.reduce((n, k) => n + (doc?.lower[k] ?? 0), 0);
  const clamped = raw < 0 || raw > 1 ? `, clamped to [0, 1]` : '';
  return `${parts.join(' ')} = ${er.score}${clamped}`;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Hits that differ only in their set, merged: one entry per `sameAs` key, with every set it belongs to. */
function bySetsAlike<H extends { set: string }>(hits: readonly H[], sameAs: (h: H) => unknown[]): Map<string, { h: H; sets: string[] }> {
  const groups = new Map<string, { h: H; sets: string[] }>();
  for (const h of hits) {
    const key = JSON.stringify(sameAs(h));
    const g = groups.get(key);
    if (g) g.sets.push(h.set);
    else groups.set(key, { h, sets: [h.set] });
  }
  return groups;
}
