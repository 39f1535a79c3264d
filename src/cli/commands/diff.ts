/**
 * `jinshou diff OLD NEW`: what changed between two versions of a pack, whether the version bump is large
 * enough for it (policy in pack/diff.ts), and with `--corpus`, which listings change verdict or findings.
 */
import type { Command, CliContext } from '../command.js';
import { diffPacks, type Change, type PackDiff } from '../../pack/diff.js';
import type { ScanResult } from '../../types.js';
import { dateOption, parseCommandArgs, positionals } from '../author/args.js';
import { loadOnePack } from '../author/packs.js';
import { readCorpus } from '../author/corpus.js';
import { CliError } from '../errors.js';
import { displayPath, listingLabel, stylesFor, type Styles } from '../author/text.js';

const HELP = `Usage: jinshou diff [options] OLD NEW

Compares two versions of a pack file: rules added, removed and changed (condition, severity, score and
confidence, basis, status, fields, context sets, and the term sets each rule uses), term sets, overlay
changes and pack metadata. Then checks the version bump against the change:

  major  needed when the pack stops being a drop-in replacement: its id changed, it needs a newer
         engine (engine range narrowed), or a rule id was removed (overlays naming it stop loading, and
         hosts lose findings they route on; deprecate the rule first, remove it in a major release)
  minor  needed when detection narrows or findings change meaning: new rules; rules deprecated or
         their status or effective dates changed; stricter or rewritten conditions; terms, codes or
         number markers removed; exclusions or 'unless' sets added; pinyin/homophone/initials/fuzzy
         turned off or token turned on; fields narrowed; regexes changed; category or severity changed;
         the pack's effective dates changed; an overlay's targets changed or changes added or removed
  patch  needed for any other rule or term change: terms added, exclusions removed, scores, weights,
         confidence, context sets, titles, messages, basis, tags, pack metadata, an overlay change's value
  none   the version, changelog, comments and formatting alone need no bump
In 0.x versions a minor bump is enough where a major one is needed.

Options:
  --corpus FILE        scan these JSONL listings with an engine built from OLD and one from NEW, and list
                       those whose verdict or findings change (repeatable)
  --as-of YYYY-MM-DD   with --corpus, scan as on this date (default: today)
  --strict             exit 1 when the version bump is smaller than the change needs
  --all                with --corpus, list every changed listing (default: the first 50)
  --json               print the diff as JSON
  -h, --help           show this help

Exit status: 0 (also when the bump is too small, which is reported as a warning), 1 with --strict when
the bump is too small, 2 for unusable arguments or packs.

Examples:
  jinshou diff released/cn.wildlife-1.0.0.yaml rules/wildlife.yaml
  jinshou diff --strict --corpus examples/listings.jsonl old.yaml new.yaml
`;

/** A listing whose outcome differs between the two engines. */
interface Flip {
  line: number;
  id?: unknown;
  listing: Record<string, unknown>;
  before: ScanResult;
  after: ScanResult;
}

/** The `diff` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('diff', args, {
      corpus: { type: 'string', multiple: true },
      'as-of': { type: 'string' },
      strict: { type: 'boolean' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [oldPath, newPath] = positionals('diff', pos, 'OLD and NEW pack files', 2, 2) as [string, string];
    const asOf = values['as-of'] !== undefined ? dateOption('diff', '--as-of', values['as-of']) : undefined;
    const oldDoc = loadOnePack(oldPath);
    const newDoc = loadOnePack(newPath);
    const diff = diffPacks(oldDoc, newDoc);
    const corpora = (values.corpus ?? []).map((file) => {
      const corpus = readCorpus(file, false);
      if (corpus.problems.length) throw new CliError(`${corpus.problems.length} unusable corpus line(s):\n${corpus.problems.slice(0, 20).join('\n')}`);
      // Each version is loaded alone: both carry the same pack id, so they could not share an engine.
      const before = ctx.createEngine({ packs: [oldPath], ...(asOf ? { asOf } : {}) });
      const after = ctx.createEngine({ packs: [newPath], ...(asOf ? { asOf } : {}) });
      const flips: Flip[] = [];
      for (const r of corpus.records) {
        const a = before.scan(r.listing);
        const b = after.scan(r.listing);
        if (outcomeKey(a) !== outcomeKey(b)) flips.push({ line: r.line, id: r.listing.id, listing: r.listing, before: a, after: b });
      }
      return { file, listings: corpus.records.length, flips };
    });
    if (values.json) {
      ctx.stdout.write(
        JSON.stringify(
          {
            ...diff,
            corpora: corpora.map((c) => ({
              file: c.file,
              listings: c.listings,
              changed: c.flips.map((f) => ({ line: f.line, id: f.id, before: summary(f.before), after: summary(f.after) })),
            })),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const s = stylesFor(ctx.stdout);
      writeDiff(ctx, s, diff, displayPath(oldDoc.file), displayPath(newDoc.file));
      for (const c of corpora) writeFlips(ctx, s, c, values.all ?? false);
    }
    return values.strict && diff.tooSmall ? 1 : 0;
  },
};

/** Verdict plus the rules that fired: what a host sees change. Scores alone moving is not a change. */
function outcomeKey(r: ScanResult): string {
  return `${r.verdict}|${r.findings.map((f) => f.ruleId).sort().join(',')}`;
}

function summary(r: ScanResult) {
  return { verdict: r.verdict, score: r.score, findings: r.findings.map((f) => ({ ruleId: f.ruleId, score: f.score })) };
}

const BUMP_WORD = { none: 'no bump', patch: 'a patch bump', minor: 'a minor bump', major: 'a major bump' } as const;

function writeDiff(ctx: CliContext, s: Styles, d: PackDiff, oldFile: string, newFile: string): void {
  const out = (t = '') => ctx.stdout.write(t + '\n');
  out(`${s.bold(`${d.old.id} ${d.old.version} → ${d.new.id} ${d.new.version}`)}  ${s.dim(`${oldFile} → ${newFile}`)}`);
  if (d.old.hash === d.new.hash) out(s.dim('  same content (only comments or formatting differ)'));
  const change = (c: Change, indent: string) => out(`${indent}${c.what}: ${c.detail}${c.bump !== 'none' ? s.dim(`  [${c.bump}]`) : ''}`);
  if (d.meta.length) {
    out('\npack metadata');
    for (const c of d.meta) change(c, '  ');
  }
  if (d.added.length) {
    out(`\nrules added (${d.added.length})`);
    for (const r of d.added) out(`  ${s.green('+')} ${r.id}  ${r.title}`);
  }
  if (d.removed.length) {
    out(`\nrules removed (${d.removed.length})`);
    for (const r of d.removed) out(`  ${s.red('−')} ${r.id}  ${r.title}`);
  }
  if (d.changed.length) {
    out(`\nrules changed (${d.changed.length})`);
    for (const r of d.changed) {
      out(`  ${s.yellow('~')} ${r.id}  ${r.title}`);
      for (const c of r.changes) change(c, '      ');
    }
  }
  const unusedTerms = d.terms.filter((t) => !d.changed.some((r) => r.changes.includes(t)));
  if (unusedTerms.length) {
    out('\nterm sets (not used by a changed rule)');
    for (const c of unusedTerms) change(c, '  ');
  }
  if (d.overlay.length) {
    out('\noverlay changes');
    for (const c of d.overlay) change(c, '  ');
  }
  if (!d.meta.length && !d.added.length && !d.removed.length && !d.changed.length && !d.terms.length && !d.overlay.length) out('\nno rule, term or metadata changes');
  out();
  const need = `the changes need ${BUMP_WORD[d.required]}`;
  const have = d.actual === 'downgrade' ? 'the version goes backwards' : `the version has ${BUMP_WORD[d.actual]} (${d.old.version} → ${d.new.version})`;
  if (d.tooSmall) {
    out(`${s.yellow(s.bold('warning'))}: ${need}, but ${have}`);
    for (const b of d.because.slice(0, 8)) out(`  because ${b}`);
    if (d.because.length > 8) out(`  … and ${d.because.length - 8} more`);
  } else out(`${s.green('ok')}: ${need}; ${have}`);
}

function writeFlips(ctx: CliContext, s: Styles, c: { file: string; listings: number; flips: Flip[] }, all: boolean): void {
  const out = (t = '') => ctx.stdout.write(t + '\n');
  out(`\n${s.bold(`corpus ${displayPath(c.file)}`)}: ${c.flips.length} of ${c.listings} listings change`);
  const shown = all ? c.flips : c.flips.slice(0, 50);
  for (const f of shown) {
    const before = new Set(f.before.findings.map((x) => x.ruleId));
    const after = new Set(f.after.findings.map((x) => x.ruleId));
    const plus = [...after].filter((x) => !before.has(x)).map((x) => s.green(`+${x}`));
    const minus = [...before].filter((x) => !after.has(x)).map((x) => s.red(`−${x}`));
    const verdict = f.before.verdict === f.after.verdict ? f.after.verdict : `${f.before.verdict} → ${s.bold(f.after.verdict)}`;
    const id = f.id !== undefined ? ` (id ${String(f.id)})` : '';
    out(`  line ${f.line}${id} ${listingLabel(f.listing, 36)}: ${verdict}  ${[...plus, ...minus].join(' ')}`);
  }
  if (shown.length < c.flips.length) out(`  … ${c.flips.length - shown.length} more (--all lists them)`);
}
