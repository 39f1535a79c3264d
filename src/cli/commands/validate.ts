/**
 * `jinshou validate PATH…`: every problem of every pack at once — structure, conditions, terms, legal
 * basis, dates, engine range, regex safety, ids across packs — plus the authoring lints of pack/lint.ts.
 */
import type { Command } from '../command.js';
import { describeDiagnostic } from '../errors.js';
import { loadPacks } from '../../pack/load.js';
import { lintPack, lintPackSet } from '../../pack/lint.js';
import type { SourceMap } from '../../pack/document.js';
import type { Diagnostic } from '../../types.js';
import { parseCommandArgs, positionals } from '../author/args.js';
import { rawOf, relocate } from '../author/packs.js';
import { packFilesAt, type RawPack } from '../../pack/read.js';
import { DiagnosticSink } from '../../pack/diagnostics.js';
import { displayPath, stylesFor } from '../author/text.js';

const HELP = `Usage: jinshou validate [options] PATH…

Checks rule packs (files, or folders of *.yaml) without scanning anything, and prints every problem of
every file at once as

  file:line:col: error[CODE]: message
     |
  12 |     when: pangolin and not toyy
     |     ^

Checks: YAML syntax and safety (P…), structure against format v1 (S…; the JSON Schema
schema/pack-v1.json says the same), conditions and term sets (C…: unknown or unused sets, unsafe regular
expressions), rule semantics (R…: duplicate ids across all given packs, high/critical rules without a
legal basis, effective dates that end before they start, the engine version range), overlays (O…), and
authoring lints (L…: terms swallowed by their own exclusions, duplicate terms, sets a rule can never see,
rules evaluated for every listing, contradictory or misspelt tests, missing changelog entries).
Packs given together are checked together, as an engine would load them.

Options:
  --json               print the diagnostics as one JSON array (for editors and CI)
  --no-lint            only the checks the engine makes when loading (no L… lints)
  --strict             treat warnings as errors (exit 1 when there is any)
  --trust PUBLIC.pem   also require a valid signature by this key (repeatable), as 'scan --trust' does
  -h, --help           show this help

Exit status: 0 when no pack has an error (warnings are printed but allowed), 1 when any has,
2 for unusable arguments.

Examples:
  jinshou validate rules/
  jinshou validate my-pack.yaml platform-overlay.yaml
  jinshou validate --json rules/ | jq '.[] | select(.level == "error")'
`;

/** The `validate` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('validate', args, {
      json: { type: 'boolean' },
      'no-lint': { type: 'boolean' },
      strict: { type: 'boolean' },
      trust: { type: 'string', multiple: true },
    });
    const paths = positionals('validate', pos, 'a pack file or folder (PATH…)', 1);
    const { diagnostics, docs, packs, rules, checked } = validatePaths(paths, { lint: !values['no-lint'], trust: values.trust });
    const errors = diagnostics.filter((d) => d.level === 'error').length;
    const warnings = diagnostics.length - errors;
    if (values.json) {
      ctx.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
    } else {
      const s = stylesFor(ctx.stdout);
      for (const d of diagnostics) {
        const text = describeDiagnostic({ ...d, file: displayPath(d.file) });
        const [head, ...rest] = text.split('\n');
        const colored = head!.replace(/ (error|warning)\[/, (_m, lvl: string) => ` ${lvl === 'error' ? s.red(s.bold(lvl)) : s.yellow(s.bold(lvl))}[`);
        ctx.stdout.write([colored, ...rest.map((l) => s.dim(l))].join('\n') + '\n');
      }
      const loaded = new Set(docs.map((d) => d.file)).size;
      const verdict = errors ? s.red('FAILED') : s.green('OK');
      const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
      ctx.stdout.write(
        `${verdict}: ${n(checked, 'file')} checked, ${loaded} loaded (${n(packs, 'pack')}, ${n(rules, 'rule')}); ` +
          `${n(errors, 'error')}, ${n(warnings, 'warning')}\n`,
      );
    }
    return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
  },
};

/** What validating some paths found. */
export interface ValidateReport {
  diagnostics: Diagnostic[];
  docs: ReturnType<typeof loadPacks>['docs'];
  packs: number;
  rules: number;
  /** Pack files found at the paths. */
  checked: number;
}

/**
 * Loads the packs at `paths` together, then lints those that loaded. Diagnostics come sorted by file and
 * position, with cross-pack ones moved from 1:1 to the line they are about.
 */
export function validatePaths(paths: readonly string[], options: { lint?: boolean; trust?: readonly string[] } = {}): ValidateReport {
  const { docs, diagnostics } = loadPacks(paths, options.trust);
  const raws = new Map<string, RawPack | undefined>();
  const raw = (file: string) => {
    if (!raws.has(file)) raws.set(file, rawOf(file));
    return raws.get(file);
  };
  const source = (file: string): SourceMap | undefined => raw(file)?.source;
  const all = diagnostics.map((d) => relocate(d, docs, source));
  if (options.lint !== false) {
    for (const doc of docs) all.push(...lintPack(doc, raw(doc.file)));
    all.push(...lintPackSet(docs, source));
  }
  const order = new Map<string, number>();
  all.forEach((d) => order.has(d.file) || order.set(d.file, order.size));
  all.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.col - b.col);
  return {
    diagnostics: all,
    docs,
    packs: docs.filter((d) => d.kind === 'pack').length,
    rules: docs.reduce((n, d) => n + d.rules.length, 0),
    checked: new Set(paths.flatMap((p) => packFilesAt(p, new DiagnosticSink(p)))).size,
  };
}
