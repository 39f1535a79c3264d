/**
 * What changed between two versions of a pack, and how large a version bump that change needs.
 * Pure: compares two validated documents. The policy (documented in `jinshou diff --help` and
 * docs/writing-a-pack.md):
 *
 *   major  the pack stops being a drop-in replacement: its id or kind changed, it needs a newer engine
 *          than before, or a rule id disappeared (overlays naming it stop loading with O001, and hosts
 *          lose findings they route on; deprecate first, remove in the next major)
 *   minor  detection narrows, or what findings say changes: a new rule; a rule deprecated or its
 *          status/effective dates changed; a stricter or rewritten condition; a term, code or number
 *          marker removed; an exclusion, a negation cue or an `unless` set added; pinyin/homophone/initials/fuzzy turned off
 *          or `token` turned on; fields narrowed; a regex changed; category or severity changed; the
 *          pack's effective dates or overlay targets changed; overlay changes added or removed
 *   patch  any other rule or term change: terms added, exclusions removed, scores, confidence, weights,
 *          context (support, raise, lower), messages, titles, basis, tags, pack metadata, the value of
 *          an overlay change
 *   none   nothing but the version, the changelog, comments or formatting
 *
 * In 0.x versions a required major is met by a minor bump (the caret convention: ^0.3 admits 0.3.x only).
 */
import { bumpOf, parseSemver, satisfiesRange } from './semver.js';
import { isConditionError, parseCondition, type Cond } from './condition.js';
import type { Effective, OverlayChange, PackDoc, RuleDoc, TermSetDoc } from './document.js';

/** How large a version change is. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** One observed change with the bump it needs. */
export interface Change {
  /** What changed: `severity`, `terms.pangolin.any`, `when`, `pack.title` … */
  what: string;
  /** Human-readable: `high → critical`, `+鲮鲤 −穿山甲片`. */
  detail: string;
  bump: Bump;
}

/** A rule present in both versions that changed. */
export interface RuleDiff {
  id: string;
  title: string;
  changes: Change[];
}

/** Everything {@link diffPacks} found. */
export interface PackDiff {
  old: { id: string; version: string; hash: string };
  new: { id: string; version: string; hash: string };
  meta: Change[];
  added: { id: string; title: string }[];
  removed: { id: string; title: string }[];
  changed: RuleDiff[];
  /** Term sets changed, added or removed, whichever rules use them. */
  terms: Change[];
  /** Overlay changes (kind overlay). */
  overlay: Change[];
  /** The smallest bump the changes allow. */
  required: Bump;
  /** The changes that set `required` (the largest ones). */
  because: string[];
  /** The bump between the two versions as written. */
  actual: ReturnType<typeof bumpOf>;
  /** True when the version moved less than the changes need (or backwards). */
  tooSmall: boolean;
}

const max = (a: Bump, b: Bump): Bump => (RANK[a] >= RANK[b] ? a : b);

/** Compares two versions of a pack. */
export function diffPacks(oldDoc: PackDoc, newDoc: PackDoc): PackDiff {
  const meta = diffMeta(oldDoc, newDoc);
  const terms = diffTermMaps(oldDoc.terms, newDoc.terms);
  const termChangesBySet = new Map<string, Change[]>();
  for (const c of terms) {
    const set = c.what.split('.')[1]!;
    termChangesBySet.set(set, [...(termChangesBySet.get(set) ?? []), c]);
  }
  const oldRules = new Map(oldDoc.rules.map((r) => [r.id, r]));
  const newRules = new Map(newDoc.rules.map((r) => [r.id, r]));
  const added = newDoc.rules.filter((r) => !oldRules.has(r.id)).map((r) => ({ id: r.id, title: r.title }));
  const removed = oldDoc.rules.filter((r) => !newRules.has(r.id)).map((r) => ({ id: r.id, title: r.title }));
  const changed: RuleDiff[] = [];
  for (const nr of newDoc.rules) {
    const or = oldRules.get(nr.id);
    if (!or) continue;
    const changes = diffRule(or, nr);
    // A rule also changes when a term set it uses changes (the issue: "terms — by the sets the rule uses").
    const used = new Set([...setsUsedBy(or), ...setsUsedBy(nr)]);
    for (const s of used) for (const c of termChangesBySet.get(s) ?? []) changes.push(c);
    if (changes.length) changed.push({ id: nr.id, title: nr.title, changes });
  }
  const overlay = diffChanges(oldDoc.changes, newDoc.changes);

  const all: Change[] = [
    ...meta,
    ...terms,
    ...overlay,
    // Term-set changes are listed under every rule using the set, but count (and are named) once.
    ...changed.flatMap((r) => r.changes.filter((c) => !terms.includes(c)).map((c) => ({ ...c, what: `${r.id}: ${c.what}` }))),
    ...added.map((r) => ({ what: `rule ${r.id}`, detail: 'added', bump: 'minor' as Bump })),
    ...removed.map((r) => ({ what: `rule ${r.id}`, detail: 'removed (deprecate it first; remove in a major release)', bump: 'major' as Bump })),
  ];
  let required: Bump = all.reduce<Bump>((b, c) => max(b, c.bump), 'none');
  if (required === 'none' && oldDoc.hash !== newDoc.hash && !onlyBookkeeping(oldDoc, newDoc)) required = 'patch';
  const because = all.filter((c) => c.bump === required && required !== 'none').map((c) => `${c.what} ${c.detail}`);
  const actual = bumpOf(oldDoc.meta.version, newDoc.meta.version);
  return {
    old: { id: oldDoc.meta.id, version: oldDoc.meta.version, hash: oldDoc.hash },
    new: { id: newDoc.meta.id, version: newDoc.meta.version, hash: newDoc.hash },
    meta,
    added,
    removed,
    changed,
    terms,
    overlay,
    required,
    because,
    actual,
    tooSmall: isTooSmall(oldDoc.meta.version, actual, required),
  };
}

/** Whether a version change `actual` (from `from`) is smaller than `required`. */
export function isTooSmall(from: string, actual: ReturnType<typeof bumpOf>, required: Bump): boolean {
  if (actual === 'downgrade') return true;
  const zeroMajor = parseSemver(from)?.[0] === 0;
  // 0.x: a minor bump is the breaking one.
  const need = zeroMajor && required === 'major' ? 'minor' : required;
  return RANK[actual] < RANK[need];
}

/** True when two docs differ only in version and changelog. */
function onlyBookkeeping(a: PackDoc, b: PackDoc): boolean {
  const strip = (d: PackDoc) => JSON.stringify({ ...d, file: '', hash: '', meta: { ...d.meta, version: '', changelog: [] }, terms: [...d.terms] });
  return strip(a) === strip(b);
}

const list = (xs: readonly string[]) => xs.join(', ');

function setDiff(a: readonly string[], b: readonly string[]): { plus: string[]; minus: string[] } {
  const A = new Set(a);
  const B = new Set(b);
  return { plus: b.filter((x) => !A.has(x)), minus: a.filter((x) => !B.has(x)) };
}

function plusMinus(d: { plus: string[]; minus: string[] }): string {
  return [...d.plus.map((x) => `+${x}`), ...d.minus.map((x) => `−${x}`)].join(' ');
}

const fmtEffective = (e: Effective | undefined) => (e ? `${e.from ?? '…'}..${e.until ?? '…'}` : 'always');

function diffMeta(a: PackDoc, b: PackDoc): Change[] {
  const out: Change[] = [];
  const k = b.kind;
  if (a.kind !== b.kind) out.push({ what: 'kind', detail: `${a.kind} → ${b.kind}`, bump: 'major' });
  if (a.meta.id !== b.meta.id) out.push({ what: `${k}.id`, detail: `${a.meta.id} → ${b.meta.id} (a different pack)`, bump: 'major' });
  if ((a.meta.engine ?? '') !== (b.meta.engine ?? '')) {
    const narrowed = engineNarrowed(a.meta.engine, b.meta.engine);
    out.push({ what: `${k}.engine`, detail: `${a.meta.engine ?? '(any)'} → ${b.meta.engine ?? '(any)'}${narrowed ? ' (needs a newer or narrower engine range)' : ''}`, bump: narrowed ? 'major' : 'patch' });
  }
  if (fmtEffective(a.meta.effective) !== fmtEffective(b.meta.effective))
    out.push({ what: `${k}.effective`, detail: `${fmtEffective(a.meta.effective)} → ${fmtEffective(b.meta.effective)}`, bump: 'minor' });
  const targets = setDiff(a.targets, b.targets);
  if (targets.plus.length || targets.minus.length) out.push({ what: 'overlay.targets', detail: plusMinus(targets), bump: 'minor' });
  for (const f of ['title', 'publisher', 'jurisdiction', 'license', 'description'] as const)
    if ((a.meta[f] ?? '') !== (b.meta[f] ?? '')) out.push({ what: `${k}.${f}`, detail: `${short(a.meta[f])} → ${short(b.meta[f])}`, bump: 'patch' });
  // A negation cue drops hits, like an exclusion: adding one narrows.
  const cues = setDiff(a.negation ?? [], b.negation ?? []);
  if (cues.plus.length || cues.minus.length) out.push({ what: 'defaults.negation', detail: plusMinus(cues), bump: cues.plus.length ? 'minor' : 'patch' });
  return out;
}

const short = (s: string | undefined) => (s === undefined ? '(none)' : s.length > 40 ? `${s.slice(0, 39)}…` : s);

/**
 * True when some engine version the old range admitted is refused by the new one. Probed at the versions
 * both ranges name, and just around them: ranges are unions of intervals whose ends are those versions.
 */
export function engineNarrowed(oldRange: string | undefined, newRange: string | undefined): boolean {
  if (!newRange) return false;
  const probes = new Set<string>(['0.0.0', '999.999.999']);
  for (const r of [oldRange ?? '', newRange])
    for (const m of r.matchAll(/(\d+)\.(\d+)\.(\d+)/g)) {
      const [x, y, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
      probes.add(`${x}.${y}.${z}`).add(`${x}.${y}.${z + 1}`).add(`${x}.${y + 1}.0`).add(`${x + 1}.0.0`);
      if (z > 0) probes.add(`${x}.${y}.${z - 1}`);
      if (y > 0) probes.add(`${x}.${y - 1}.999`);
      if (x > 0) probes.add(`${x - 1}.999.999`);
    }
  const admits = (range: string | undefined, v: string) => !range || satisfiesRange(v, range);
  return [...probes].some((v) => admits(oldRange, v) && !admits(newRange, v));
}

function diffTermMaps(a: ReadonlyMap<string, TermSetDoc>, b: ReadonlyMap<string, TermSetDoc>): Change[] {
  const out: Change[] = [];
  for (const [name] of a) if (!b.has(name)) out.push({ what: `terms.${name}`, detail: 'removed', bump: 'minor' });
  for (const [name, set] of b) {
    const old = a.get(name);
    if (!old) out.push({ what: `terms.${name}`, detail: `added (${set.any.length + set.codes.length} terms)`, bump: 'patch' });
    else out.push(...diffTermSet(name, old, set));
  }
  return out;
}

/** Changes of one term set: widening is a patch, narrowing a minor. */
export function diffTermSet(name: string, a: TermSetDoc, b: TermSetDoc): Change[] {
  const out: Change[] = [];
  const at = (k: string) => `terms.${name}.${k}`;
  const lists: [string, string[], string[], 'widen' | 'narrow'][] = [
    ['any', a.any, b.any, 'widen'],
    ['codes', a.codes, b.codes, 'widen'],
    ['except', a.except, b.except, 'narrow'],
    ['number.before', a.number?.before ?? [], b.number?.before ?? [], 'widen'],
    ['number.after', a.number?.after ?? [], b.number?.after ?? [], 'widen'],
  ];
  for (const [k, x, y, addIs] of lists) {
    const d = setDiff(x, y);
    if (!d.plus.length && !d.minus.length) continue;
    // Adding to a widening list (terms) widens; removing narrows. Exclusions the other way round.
    const narrows = addIs === 'widen' ? d.minus.length > 0 : d.plus.length > 0;
    out.push({ what: at(k), detail: plusMinus(d), bump: narrows ? 'minor' : 'patch' });
  }
  if ((a.re ?? '') !== (b.re ?? '')) out.push({ what: at('re'), detail: `${a.re ?? '(none)'} → ${b.re ?? '(none)'}`, bump: 'minor' });
  // Disguise handling: turning a matcher off narrows; `token` is the other way round (on = stricter).
  for (const k of ['pinyin', 'homophone', 'initials', 'fuzzy'] as const)
    if (a[k] !== b[k]) out.push({ what: at(k), detail: `${a[k]} → ${b[k]}`, bump: b[k] ? 'patch' : 'minor' });
  // homophone: N leaves shorter terms out; a larger N (or any N after true) narrows.
  if (a.homophone && b.homophone && a.homophoneFrom !== b.homophoneFrom)
    out.push({ what: at('homophone'), detail: `${a.homophoneFrom ?? true} → ${b.homophoneFrom ?? true}`, bump: (b.homophoneFrom ?? 0) > (a.homophoneFrom ?? 0) ? 'minor' : 'patch' });
  if (a.token !== b.token) out.push({ what: at('token'), detail: `${a.token} → ${b.token}`, bump: b.token ? 'minor' : 'patch' });
  if (a.weak !== b.weak) out.push({ what: at('weak'), detail: `${a.weak} → ${b.weak}`, bump: 'patch' });
  if ((a.negation ?? true) !== (b.negation ?? true))
    out.push({ what: at('negation'), detail: `${a.negation ?? true} → ${b.negation ?? true}`, bump: b.negation === false ? 'patch' : 'minor' });
  if (a.weight !== b.weight) out.push({ what: at('weight'), detail: `${a.weight} → ${b.weight}`, bump: 'patch' });
  const fa = a.fields ?? [];
  const fb = b.fields ?? [];
  if (list(fa) !== list(fb)) out.push({ what: at('fields'), detail: `${list(fa) || '(all)'} → ${list(fb) || '(all)'}`, bump: fieldsNarrowed(a.fields, b.fields) ? 'minor' : 'patch' });
  return out;
}

/** True when `b` reads fewer fields than `a` (undefined = every field). */
function fieldsNarrowed(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!b) return false;
  if (!a) return true;
  return a.some((f) => !b.includes(f));
}

/** Term-set names a rule refers to: its condition and its context sets. */
export function setsUsedBy(rule: RuleDoc): string[] {
  const c = parseCondition(rule.when);
  const names = new Set<string>([...rule.support, ...rule.unless, ...Object.keys(rule.raise), ...Object.keys(rule.lower)]);
  if (!isConditionError(c)) collect(c, names);
  return [...names];
}

function collect(c: Cond, out: Set<string>): void {
  switch (c.op) {
    case 'set':
      out.add(c.set);
      return;
    case 'near':
      out.add(c.a).add(c.b);
      return;
    case 'of':
      for (const s of c.sets) out.add(s);
      return;
    case 'cmp':
      if (c.value.kind === 'count' || c.value.kind === 'number-set') out.add(c.value.set);
      return;
    case 'not':
      return collect(c.arg, out);
    default:
      for (const a of c.args) collect(a, out);
  }
}

/** A condition in canonical text (offsets dropped, spacing fixed) so formatting changes do not count. */
export function canonicalCondition(src: string): string {
  const c = parseCondition(src);
  return isConditionError(c) ? src.replace(/\s+/g, ' ').trim() : show(c);
}

function show(c: Cond): string {
  switch (c.op) {
    case 'set':
      return c.fields ? `${c.set}@${c.fields.join('|')}` : c.set;
    case 'near':
      return `near(${c.a}, ${c.b}, ${c.window})`;
    case 'of':
      return `${c.need} of (${c.sets.join(', ')})`;
    case 'cmp': {
      const v = c.value;
      const left = v.kind === 'price' ? 'price' : v.kind === 'attr' ? `attr(${JSON.stringify(v.name)})` : v.kind === 'count' ? `count(${v.set})` : v.set;
      return `${left} ${c.cmp} ${c.number}`;
    }
    case 'not':
      return `not ${wrap(c.arg)}`;
    default:
      return c.args.map(wrap).join(` ${c.op} `);
  }
}

const wrap = (c: Cond) => (c.op === 'and' || c.op === 'or' ? `(${show(c)})` : show(c));

/**
 * How a condition changed: `wider` when the new one keeps every alternative of the old one and adds some
 * (`a` → `a or b`) or drops requirements (`a and b` → `a`); `narrower` for the reverse; `rewritten`
 * otherwise, which the policy treats like narrowing (a rewrite cannot be shown not to drop findings).
 */
export function conditionChange(oldSrc: string, newSrc: string): 'same' | 'wider' | 'narrower' | 'rewritten' {
  if (canonicalCondition(oldSrc) === canonicalCondition(newSrc)) return 'same';
  const o = parseCondition(oldSrc);
  const n = parseCondition(newSrc);
  if (isConditionError(o) || isConditionError(n)) return 'rewritten';
  const parts = (c: Cond, op: 'and' | 'or') => (c.op === op ? c.args.map(show) : [show(c)]);
  const within = (xs: string[], ys: string[]) => xs.every((x) => ys.includes(x));
  // More alternatives, or fewer requirements: wider. Fewer alternatives, or more requirements: narrower.
  if (within(parts(o, 'or'), parts(n, 'or'))) return 'wider';
  if (within(parts(n, 'and'), parts(o, 'and'))) return 'wider';
  if (within(parts(o, 'and'), parts(n, 'and'))) return 'narrower';
  if (within(parts(n, 'or'), parts(o, 'or'))) return 'narrower';
  return 'rewritten';
}

function diffRule(a: RuleDoc, b: RuleDoc): Change[] {
  const out: Change[] = [];
  const push = (what: string, detail: string, bump: Bump) => out.push({ what, detail, bump });
  const cc = conditionChange(a.when, b.when);
  if (cc !== 'same') push('when', `${canonicalCondition(a.when)}  →  ${canonicalCondition(b.when)} (${cc})`, cc === 'wider' ? 'patch' : 'minor');
  if (a.category !== b.category) push('category', `${a.category} → ${b.category}`, 'minor');
  if (a.severity !== b.severity) push('severity', `${a.severity} → ${b.severity}`, 'minor');
  if (a.status !== b.status) push('status', `${a.status} → ${b.status}`, b.status === 'stable' && a.status === 'experimental' ? 'patch' : 'minor');
  if (fmtEffective(a.effective) !== fmtEffective(b.effective)) push('effective', `${fmtEffective(a.effective)} → ${fmtEffective(b.effective)}`, 'minor');
  if (list(a.fields) !== list(b.fields)) push('fields', `${list(a.fields)} → ${list(b.fields)}`, fieldsNarrowed(a.fields, b.fields) ? 'minor' : 'patch');
  if (a.confidence !== b.confidence) push('confidence', `${a.confidence} → ${b.confidence}`, 'patch');
  if (a.score !== b.score) push('score', `${a.score ?? '(by confidence)'} → ${b.score ?? '(by confidence)'}`, 'patch');
  const unless = setDiff(a.unless, b.unless);
  if (unless.plus.length || unless.minus.length) push('unless', plusMinus(unless), unless.plus.length ? 'minor' : 'patch');
  const support = setDiff(a.support, b.support);
  if (support.plus.length || support.minus.length) push('support', plusMinus(support), 'patch');
  for (const k of ['raise', 'lower'] as const) {
    const x = a[k];
    const y = b[k];
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((s) => x[s] !== y[s]);
    if (keys.length) push(k, keys.map((s) => `${s}: ${x[s] ?? '—'} → ${y[s] ?? '—'}`).join(', '), 'patch');
  }
  const basis = setDiff(a.basis, b.basis);
  if (basis.plus.length || basis.minus.length) push('basis', plusMinus(basis), 'patch');
  if (a.title !== b.title) push('title', `${a.title} → ${b.title}`, 'patch');
  if (a.message !== b.message) push('message', `${short(a.message)} → ${short(b.message)}`, 'patch');
  const tags = setDiff(a.tags, b.tags);
  if (tags.plus.length || tags.minus.length) push('tags', plusMinus(tags), 'patch');
  if (JSON.stringify(a.deprecated ?? null) !== JSON.stringify(b.deprecated ?? null)) push('deprecated', b.deprecated ? `replacedBy ${list(b.deprecated.replacedBy) || '(none)'}` : 'removed', 'patch');
  // Embedded tests are not behaviour; they do not need a bump, but a reader wants to see them move.
  const tk = (l: unknown) => JSON.stringify(l);
  for (const k of ['hit', 'miss'] as const) {
    const d = setDiff(a.tests[k].map(tk), b.tests[k].map(tk));
    if (d.plus.length || d.minus.length) push(`tests.${k}`, `+${d.plus.length} −${d.minus.length}`, 'none');
    const t = setDiff(a.tests.todo[k].map(tk), b.tests.todo[k].map(tk));
    if (t.plus.length || t.minus.length) push(`tests.todo.${k}`, `+${t.plus.length} −${t.minus.length}`, 'none');
  }
  return out;
}

function diffChanges(a: readonly OverlayChange[], b: readonly OverlayChange[]): Change[] {
  const key = (c: OverlayChange) => `${c.rule}|${c.disable ? 'disable' : c.score !== undefined ? 'score' : 'except'}`;
  const A = new Map(a.map((c) => [key(c), c]));
  const B = new Map(b.map((c) => [key(c), c]));
  const out: Change[] = [];
  const describe = (c: OverlayChange) => (c.disable ? 'disable' : c.score !== undefined ? `score ${c.score}` : `except ${c.except}`);
  for (const [k, c] of A) if (!B.has(k)) out.push({ what: `change ${c.rule}`, detail: `removed (${describe(c)})`, bump: 'minor' });
  for (const [k, c] of B) {
    const o = A.get(k);
    if (!o) out.push({ what: `change ${c.rule}`, detail: `added (${describe(c)}: ${c.reason})`, bump: 'minor' });
    else if (JSON.stringify(o) !== JSON.stringify(c)) out.push({ what: `change ${c.rule}`, detail: `${describe(o)} → ${describe(c)}`, bump: 'patch' });
  }
  return out;
}
