/**
 * Semantic checks beyond what loading needs ("lint"): things a pack may legally say but that are almost
 * certainly mistakes — a term its own exclusion swallows, a set the rule can never see, a test listing with
 * a misspelt field. `jinshou validate` runs them after loading; the engine does not, because none of them
 * makes a pack unusable. Pure functions over validated documents.
 */
import type { Diagnostic, DiagnosticLevel } from '../types.js';
import type { PackDoc, RuleDoc, SourceMap, TermSetDoc, TextField } from './document.js';
import { TEXT_FIELDS } from './document.js';
import { isConditionError, parseCondition, requirementsOf, setsOf } from './condition.js';
import { requiredLiteralGroups } from './regex-literals.js';
import { normalize } from '../normalize/normalize.js';

/**
 * Lint codes with their level and meaning. `L` codes are stable like the loader's codes (see
 * diagnostics.ts); they only ever come from `jinshou validate`.
 */
export const LINT_CODES = {
  L001: ['error', 'the same listing is both a hit and a miss test of a rule'],
  L002: ['warning', "a term is swallowed by one of its set's exclusions and can never hit"],
  L003: ['warning', 'a term is listed twice in a set (the same after normalization)'],
  L004: ['warning', 'the condition can hold without a term hit: the rule is evaluated for every listing'],
  L005: ['warning', 'two rules of a pack share a title'],
  L006: ['warning', 'deprecated.replacedBy names a rule that no loaded pack defines'],
  L007: ['warning', 'the changelog has no entry for the pack version'],
  L008: ['warning', "a term set can never hit in the rule's fields"],
  L009: ['warning', 'a regular expression matches the empty string'],
  L010: ['warning', 'a test listing has a field that listings do not have'],
  L011: ['warning', 'a regular expression has upper-case letters, which normalized text never has'],
} as const satisfies Record<string, readonly [DiagnosticLevel, string]>;

/** A lint code. */
export type LintCode = keyof typeof LINT_CODES;

/** Fields a listing has (docs/contract.md); anything else in a test listing is probably a typo. */
const LISTING_FIELDS: ReadonlySet<string> = new Set(['id', 'title', 'description', 'price', 'category', 'shop', 'attributes']);

type Path = (string | number)[];

/** Builds diagnostics for one file, positioned through its source map when there is one. */
function emitter(file: string, source: SourceMap | undefined, out: Diagnostic[]) {
  return (code: LintCode, path: Path, message: string) => {
    const pos = source ? source.locate(path) : { line: 0, col: 0 };
    const excerpt = source && pos.line > 0 ? source.lineText(pos.line) : undefined;
    out.push({ code, level: LINT_CODES[code][0], message, file, line: pos.line, col: pos.col, ...(excerpt !== undefined ? { excerpt } : {}) });
  };
}

/** Normalized form used to compare terms the way the matcher does (separators dropped). */
const norm = (t: string) => normalize(t).replace(/[ .]/g, '');

/**
 * Lints one loaded pack. `raw` (the parsed file) gives positions; without it diagnostics sit at line 0.
 * Rules are located by id in the raw data, so positions stay right whatever the loader kept.
 */
export function lintPack(doc: PackDoc, raw?: { source: SourceMap; data: unknown }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const emit = emitter(doc.file, raw?.source, out);
  const rawTerms = (raw?.data as { terms?: Record<string, unknown> } | undefined)?.terms;
  // The list shorthand (`net: [a, b]`) has no `any` key: its terms sit right under the set's name.
  lintTerms(doc, emit, (name) => (Array.isArray(rawTerms?.[name]) ? ['terms', name] : ['terms', name, 'any']));
  if (doc.kind === 'pack') {
    const titles = new Map<string, string>();
    const rawRules = (raw?.data as { rules?: unknown } | undefined)?.rules;
    const indexOf = (id: string, fallback: number) => {
      const i = Array.isArray(rawRules) ? rawRules.findIndex((r) => (r as { id?: unknown } | null)?.id === id) : -1;
      return i >= 0 ? i : fallback;
    };
    doc.rules.forEach((rule, k) => {
      const i = indexOf(rule.id, k);
      const prev = titles.get(rule.title);
      if (prev) emit('L005', ['rules', i, 'title'], `rule '${rule.id}' has the same title as '${prev}' ('${rule.title}'); titles name rules in reports`);
      else titles.set(rule.title, rule.id);
      lintRule(doc, rule, i, emit);
    });
  }
  const last = doc.meta.changelog.find((c) => c.version === doc.meta.version);
  if (!last)
    emit('L007', [doc.kind, doc.meta.changelog.length ? 'changelog' : 'version'], `no changelog entry for version ${doc.meta.version}: add { version: ${doc.meta.version}, date: …, notes: … } (jinshou docs publishes it)`);
  return out;
}

/** Lints what only the whole set of loaded packs shows (replacement rules that exist). */
export function lintPackSet(docs: readonly PackDoc[], sourceOf: (file: string) => SourceMap | undefined = () => undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Set(docs.flatMap((d) => d.rules.map((r) => r.id)));
  for (const doc of docs) {
    const emit = emitter(doc.file, sourceOf(doc.file), out);
    doc.rules.forEach((rule, i) =>
      rule.deprecated?.replacedBy.forEach((r, k) => {
        if (!ids.has(r)) emit('L006', ['rules', i, 'deprecated', 'replacedBy', k], `'${rule.id}' is replaced by '${r}', which no loaded pack defines`);
      }),
    );
  }
  return out;
}

function lintTerms(doc: PackDoc, emit: ReturnType<typeof emitter>, anyAt: (name: string) => Path): void {
  for (const [name, set] of doc.terms) {
    const seen = new Map<string, string>();
    const anyPath = (i: number): Path => [...anyAt(name), i];
    set.any.forEach((t, i) => {
      const n = norm(t);
      const prev = seen.get(n);
      if (prev !== undefined) emit('L003', anyPath(i), prev === t ? `'${t}' is listed twice in '${name}'` : `'${t}' is the same as '${prev}' after normalization (traditional/simplified, width, case are matched anyway)`);
      else seen.set(n, t);
      // A hit overlapping an exclusion is dropped; an exclusion inside the term overlaps every exact hit.
      const swallow = set.except.find((e) => n.includes(norm(e)));
      if (swallow !== undefined) emit('L002', anyPath(i), `'${t}' contains the exclusion '${swallow}', so every hit of it is dropped`);
    });
    if (set.re !== undefined) {
      let empty = false;
      try {
        empty = new RegExp(`^(?:${set.re})$`, 'u').test('');
      } catch {
        empty = false;
      }
      if (empty) emit('L009', ['terms', name, 're'], `the regular expression of '${name}' matches the empty string; empty matches are ignored, so it probably does not mean what it says`);
      // Escapes (\D, \p{Lu}) are syntax, not letters to match; what is left is matched against folded text.
      const upper = /[A-Z]/.exec(set.re.replace(/\\[pP]\{[^}]*\}|\\./g, ''));
      if (upper) emit('L011', ['terms', name, 're'], `the regular expression of '${name}' has '${upper[0]}', but it runs on normalized text, which is lower case: write '${upper[0].toLowerCase()}'`);
    }
  }
}

function lintRule(doc: PackDoc, rule: RuleDoc, i: number, emit: ReturnType<typeof emitter>): void {
  const p: Path = ['rules', i];
  const ast = parseCondition(rule.when);
  if (!isConditionError(ast)) {
    // Mirrors compile.ts: regexes run only after a hit, so a group holding a regex set anchors a rule only
    // through the literals every match of the regex contains (国食健注 in 国食健注[gj]\d{8}).
    const raw = requirementsOf(ast);
    const unanchored = (s: string) => {
      const re = doc.terms.get(s)?.re;
      return re !== undefined && requiredLiteralGroups(re) === undefined;
    };
    const requires = raw.map((alt) => alt.filter((g) => !g.some(unanchored)));
    if (requires.some((alt) => alt.length === 0)) {
      const regexSets = [...new Set(raw.flat(2).filter(unanchored))];
      const cause = regexSets.length
        ? `its only anchors include regex set${regexSets.length > 1 ? 's' : ''} ${regexSets.map((s) => `'${s}'`).join(', ')} with no fixed text every match contains, and regexes run only after a term hit`
        : 'it can hold through comparisons or negations alone';
      emit('L004', [...p, 'when'], `${cause}: the rule is evaluated for every listing, which turns off the engine's fast path for clean listings (for every pack loaded with it); make every branch also need a plain term set`);
    }
    for (const ref of setsOf(ast)) {
      const set = doc.terms.get(ref.set);
      if (!set) continue;
      const visible = visibleFields(set, rule.fields, ref.fields);
      if (visible.length === 0)
        emit('L008', [...p, 'when'], `'${ref.set}' is looked for only in ${describeFields(set, ref.fields)}, but the rule reads ${rule.fields.join(', ')}: it can never hit here`);
    }
  }
  const context: [string, string[]][] = [
    ['support', rule.support],
    ['unless', rule.unless],
    ['raise', Object.keys(rule.raise)],
    ['lower', Object.keys(rule.lower)],
  ];
  for (const [key, names] of context)
    for (const s of names) {
      const set = doc.terms.get(s);
      if (set && visibleFields(set, rule.fields, undefined).length === 0)
        emit('L008', [...p, key], `'${s}' (${key}) is looked for only in ${describeFields(set, undefined)}, but the rule reads ${rule.fields.join(', ')}: it can never count`);
    }
  // The listing, not what a hit test expects of it, decides whether a hit and a miss test contradict.
  const key = (l: Record<string, unknown>) => JSON.stringify(Object.keys(l).filter((k) => k !== 'expect').sort().map((k) => [k, l[k]]));
  const hits = new Set(rule.tests.hit.map(key));
  rule.tests.miss.forEach((l, k) => {
    if (hits.has(key(l))) emit('L001', [...p, 'tests', 'miss', k], `"${l.title}" is both a hit and a miss test of '${rule.id}'`);
  });
  const lists = [
    ['hit', rule.tests.hit, ['tests', 'hit']],
    ['miss', rule.tests.miss, ['tests', 'miss']],
    ['todo.hit', rule.tests.todo.hit, ['tests', 'todo', 'hit']],
    ['todo.miss', rule.tests.todo.miss, ['tests', 'todo', 'miss']],
  ] as const;
  for (const [, list, at] of lists)
    list.forEach((l, k) => {
      const odd = Object.keys(l).filter((f) => !LISTING_FIELDS.has(f) && f !== 'expect');
      if (odd.length) emit('L010', [...p, ...at, k], `test listing field${odd.length > 1 ? 's' : ''} ${odd.map((f) => `'${f}'`).join(', ')} ${odd.length > 1 ? 'are' : 'is'} not a listing field (${[...LISTING_FIELDS].join(', ')}) and will be ignored`);
    });
}

function visibleFields(set: TermSetDoc, ruleFields: readonly TextField[], atFields: readonly TextField[] | undefined): TextField[] {
  return TEXT_FIELDS.filter((f) => ruleFields.includes(f) && (!set.fields || set.fields.includes(f)) && (!atFields || atFields.includes(f)));
}

function describeFields(set: TermSetDoc, atFields: readonly TextField[] | undefined): string {
  const own = (set.fields ?? TEXT_FIELDS).join(', ');
  return atFields ? `${own} (its fields) and ${atFields.join(', ')} (after @ in the condition)` : own;
}
