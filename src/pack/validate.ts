/**
 * Checks a parsed pack against format v1 and turns it into a {@link PackDoc}. Collects every problem of
 * the file (never stops at the first), each with a stable code and the position of the offending node.
 */
import { createHash } from 'node:crypto';
import { ENGINE_VERSION } from '../version.js';
import { isConditionError, parseCondition, setsOf, type Cond } from './condition.js';
import type {
  Confidence,
  Effective,
  NumberSpec,
  OverlayChange,
  PackDoc,
  PackMeta,
  RuleDoc,
  RuleStatus,
  RuleTests,
  TermSetDoc,
  TestExpect,
  TestListing,
  TextField,
} from './document.js';
import { HOMOPHONE_FROM_RANGE, SEVERITIES, TEST_VERDICTS, TEXT_FIELDS, VIAS } from './document.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { RawPack } from './read.js';
import { checkRegexSafety } from './regex-safety.js';
import { satisfiesRange, isSemver, isRange } from './semver.js';
import type { Severity } from '../types.js';

/** Most terms one pack may hold (a pack with millions of terms is refused, not compiled). */
export const MAX_TERMS_PER_PACK = 200_000;
/** Longest single term. */
const MAX_TERM_LENGTH = 64;

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const ID_RE = /^[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\.[a-z0-9-]+)+$/;
const PACK_ID_RE = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const SET_NAME_RE = /^[a-z0-9][a-z0-9-]*$/;
const CATEGORY_RE = /^[a-z][a-z0-9-]*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value for a message: JSON where possible (JSON.stringify throws on BigInt and cycles, and skips undefined). */
function shown(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'nothing';
  } catch {
    return String(typeof v);
  }
}

/** Checks one raw pack. Returns the document, or undefined when it has errors. */
export function validatePack(raw: RawPack, sink: DiagnosticSink): PackDoc | undefined {
  const before = sink.items.length;
  const v = new Checker(sink);
  const data = raw.data;
  if (!isObj(data)) {
    sink.at('S002', [], 'a pack is a YAML mapping with jinshou, pack, terms and rules');
    return undefined;
  }
  if (data.jinshou !== 1) sink.at('S008', ['jinshou'], `'jinshou: 1' is required (format version 1); found ${shown(data.jinshou)}`);
  const kind: 'pack' | 'overlay' = 'overlay' in data && !('pack' in data) ? 'overlay' : 'pack';
  v.known(data, [], ['jinshou', kind, 'defaults', 'terms', 'rules', ...(kind === 'overlay' ? ['changes'] : [])]);

  const meta = v.meta(data[kind], [kind], kind);
  const defaults = isObj(data.defaults) ? data.defaults : {};
  if (data.defaults !== undefined) {
    if (!isObj(data.defaults)) sink.at('S002', ['defaults'], 'defaults must be a mapping');
    else v.known(defaults, ['defaults'], ['category', 'fields', 'support', 'negation']);
  }
  const defCategory = v.optString(defaults.category, ['defaults', 'category'], CATEGORY_RE) ?? 'other';
  const defFields = v.fields(defaults.fields, ['defaults', 'fields']) ?? (['title', 'description'] as TextField[]);
  const defSupport = v.stringList(defaults.support, ['defaults', 'support']) ?? [];
  const negation = v.negationCues(defaults.negation, ['defaults', 'negation']);

  const terms = v.terms(data.terms, ['terms']);
  const rules: RuleDoc[] = [];
  const used = new Set<string>(defSupport);
  const ids = new Set<string>();
  if (kind === 'pack') {
    if (!Array.isArray(data.rules) || data.rules.length === 0) sink.at(data.rules === undefined ? 'S001' : 'S002', ['rules'], 'a pack needs a list of rules');
    else
      data.rules.forEach((r, i) => {
        const rule = v.rule(r, ['rules', i], { defCategory, defFields, defSupport }, terms, used);
        if (!rule) return;
        if (ids.has(rule.id)) sink.at('R001', ['rules', i, 'id'], `rule id '${rule.id}' is used twice in this pack`);
        ids.add(rule.id);
        rules.push(rule);
      });
  } else if (data.rules !== undefined) sink.at('S003', ['rules'], 'an overlay changes rules of other packs; it has no rules of its own');
  for (const s of defSupport) if (!terms.has(s)) sink.at('C002', ['defaults', 'support'], `unknown term set '${s}'`);

  const changes: OverlayChange[] = kind === 'overlay' ? v.changes(data.changes, ['changes'], terms, used) : [];
  const targets = kind === 'overlay' ? (v.stringList((data.overlay as Obj | undefined)?.targets, ['overlay', 'targets']) ?? []) : [];
  if (kind === 'overlay' && targets.length === 0) sink.at('S001', ['overlay', 'targets'], 'an overlay names the pack ids it changes in overlay.targets');

  for (const [name] of terms) if (!used.has(name)) sink.at('C003', ['terms', name], `term set '${name}' is not used by any rule`);
  if (meta?.engine && isRange(meta.engine) && !satisfiesRange(ENGINE_VERSION, meta.engine))
    sink.at('R004', [kind, 'engine'], `the pack needs engine ${meta.engine}; this is jinshou ${ENGINE_VERSION}`);

  const hasErrors = sink.items.slice(before).some((d) => d.level === 'error');
  if (hasErrors || !meta) return undefined;
  return { kind, file: raw.file, meta, targets, terms, ...(negation.length ? { negation } : {}), rules, changes, hash: contentHash(data) };
}

/** sha256 over the canonical JSON of the pack's data: keys sorted, so formatting and comments do not count. */
export function contentHash(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString().slice(0, 10));
  if (isObj(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

class Checker {
  private termCount = 0;
  constructor(private readonly sink: DiagnosticSink) {}

  known(o: Obj, path: Path, keys: string[]): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.sink.at('S003', [...path, k], `unknown field '${k}' (allowed: ${keys.join(', ')})`);
  }

  str(v: unknown, path: Path, required = true): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.sink.at('S001', path, `'${path[path.length - 1]}' is required`);
      return undefined;
    }
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') {
      this.sink.at('S002', path, `'${path[path.length - 1]}' must be text`);
      return undefined;
    }
    // A blank required field would otherwise drop its rule or pack without a word.
    if (required && v.trim() === '') {
      this.sink.at('S001', path, `'${path[path.length - 1]}' is required and must not be blank`);
      return undefined;
    }
    return v;
  }

  optString(v: unknown, path: Path, re?: RegExp): string | undefined {
    const s = this.str(v, path, false);
    if (s !== undefined && re && !re.test(s)) {
      this.sink.at('S004', path, `'${s}' is not allowed here (must match ${re.source})`);
      return undefined;
    }
    return s;
  }

  stringList(v: unknown, path: Path): string[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.sink.at('S002', path, `'${path[path.length - 1]}' must be a list`);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x === 'string' || typeof x === 'number') out.push(String(x));
      else this.sink.at('S002', [...path, i], 'list items must be text');
    });
    return out;
  }

  date(v: unknown, path: Path): string | undefined {
    if (v === undefined || v === null) return undefined;
    // An invalid Date (from a document source) would make toISOString throw.
    const s = v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10)) : typeof v === 'string' ? v : undefined;
    // Date.parse rolls impossible days over (2026-02-30 → March 2) instead of failing; require a round trip.
    if (!s || !DATE_RE.test(s) || Number.isNaN(Date.parse(s)) || new Date(s).toISOString().slice(0, 10) !== s) {
      this.sink.at('S006', path, `${shown(v)} is not a date (YYYY-MM-DD)`);
      return undefined;
    }
    return s;
  }

  effective(v: unknown, path: Path): Effective | undefined {
    if (v === undefined) return undefined;
    if (!isObj(v)) {
      this.sink.at('S002', path, 'effective is a mapping with from and until');
      return undefined;
    }
    this.known(v, path, ['from', 'until']);
    const from = this.date(v.from, [...path, 'from']);
    const until = this.date(v.until, [...path, 'until']);
    if (from && until && until < from) this.sink.at('R003', [...path, 'until'], `ends (${until}) before it starts (${from})`);
    return { ...(from ? { from } : {}), ...(until ? { until } : {}) };
  }

  bool(v: unknown, path: Path, dflt: boolean): boolean {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') {
      this.sink.at('S002', path, `'${path[path.length - 1]}' must be true or false`);
      return dflt;
    }
    return v;
  }

  num(v: unknown, path: Path, min: number, max: number): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.sink.at('S004', path, `'${path[path.length - 1]}' must be a number from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: Path, allowed: readonly T[], dflt?: T): T | undefined {
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.sink.at(v === undefined ? 'S001' : 'S004', path, `'${path[path.length - 1]}' must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  fields(v: unknown, path: Path): TextField[] | undefined {
    const list = this.stringList(v, path);
    if (!list) return undefined;
    const out: TextField[] = [];
    list.forEach((f, i) => {
      if ((TEXT_FIELDS as readonly string[]).includes(f)) out.push(f as TextField);
      else this.sink.at('S004', [...path, i], `unknown field '${f}' (fields: ${TEXT_FIELDS.join(', ')})`);
    });
    return out;
  }

  meta(v: unknown, path: Path, kind: 'pack' | 'overlay'): PackMeta | undefined {
    if (!isObj(v)) {
      this.sink.at(v === undefined ? 'S001' : 'S002', path, `'${kind}' (the ${kind}'s metadata) is required`);
      return undefined;
    }
    this.known(v, path, ['id', 'version', 'title', 'publisher', 'jurisdiction', 'license', 'engine', 'effective', 'description', 'changelog', ...(kind === 'overlay' ? ['targets'] : [])]);
    const id = this.str(v.id, [...path, 'id']);
    if (id !== undefined && !PACK_ID_RE.test(id)) this.sink.at('S004', [...path, 'id'], `pack id '${id}' must be lower-case words joined by dots or dashes`);
    const version = this.str(v.version, [...path, 'version']);
    if (version !== undefined && !isSemver(version)) this.sink.at('S005', [...path, 'version'], `'${version}' is not a semantic version (MAJOR.MINOR.PATCH)`);
    const engine = this.str(v.engine, [...path, 'engine'], false);
    if (engine !== undefined && !isRange(engine)) this.sink.at('S007', [...path, 'engine'], `'${engine}' is not a version range (e.g. ">=1.0.0 <2.0.0")`);
    const changelog: PackMeta['changelog'] = [];
    if (v.changelog !== undefined) {
      if (!Array.isArray(v.changelog)) this.sink.at('S002', [...path, 'changelog'], 'changelog is a list of {version, date, notes}');
      else
        v.changelog.forEach((c, i) => {
          const p = [...path, 'changelog', i];
          if (!isObj(c)) return this.sink.at('S002', p, 'a changelog entry is a mapping with version, date and notes');
          this.known(c, p, ['version', 'date', 'notes']);
          const cv = this.str(c.version, [...p, 'version']);
          if (cv !== undefined && !isSemver(cv)) this.sink.at('S005', [...p, 'version'], `'${cv}' is not a semantic version`);
          const date = this.date(c.date, [...p, 'date']);
          changelog.push({ version: cv ?? '', ...(date ? { date } : {}), notes: this.str(c.notes, [...p, 'notes']) ?? '' });
        });
    }
    const title = this.str(v.title, [...path, 'title']);
    const publisher = this.str(v.publisher, [...path, 'publisher']);
    const effective = this.effective(v.effective, [...path, 'effective']);
    if (!id || !version || !isSemver(version) || !title || !publisher) return undefined;
    const opt = (k: string) => this.str(v[k], [...path, k], false);
    const jurisdiction = opt('jurisdiction');
    const license = opt('license');
    const description = opt('description');
    return {
      id,
      version,
      title,
      publisher,
      ...(jurisdiction ? { jurisdiction } : {}),
      ...(license ? { license } : {}),
      ...(engine ? { engine } : {}),
      ...(effective ? { effective } : {}),
      ...(description ? { description } : {}),
      changelog,
    };
  }

  terms(v: unknown, path: Path): Map<string, TermSetDoc> {
    const out = new Map<string, TermSetDoc>();
    if (v === undefined) return out;
    if (!isObj(v)) {
      this.sink.at('S002', path, 'terms is a mapping from set names to term sets');
      return out;
    }
    for (const [name, raw] of Object.entries(v)) {
      const p = [...path, name];
      if (!SET_NAME_RE.test(name)) this.sink.at('S004', p, `term-set name '${name}' must be lower-case letters, digits and dashes`);
      if (Array.isArray(raw)) {
        // Shorthand: a bare list is `any:`.
        const set = this.termSet({ any: raw }, p, name);
        if (set) out.set(name, set);
        continue;
      }
      if (!isObj(raw)) {
        this.sink.at('S002', p, `term set '${name}' must be a mapping (any, except, codes …) or a list of terms`);
        continue;
      }
      const set = this.termSet(raw, p, name);
      if (set) out.set(name, set);
    }
    return out;
  }

  termSet(o: Obj, p: Path, name: string): TermSetDoc | undefined {
    this.known(o, p, ['any', 'except', 'codes', 're', 'number', 'pinyin', 'homophone', 'initials', 'fuzzy', 'token', 'weak', 'weight', 'fields', 'negation']);
    const any = this.terms_(o.any, [...p, 'any']);
    const except = this.terms_(o.except, [...p, 'except']);
    const codes = this.stringList(o.codes, [...p, 'codes']) ?? [];
    codes.forEach((c, i) => {
      if (!/^[A-Za-z0-9]{2,16}$/.test(c)) this.sink.at('S004', [...p, 'codes', i], `code '${c}' must be 2–16 Latin letters or digits`);
    });
    let re: string | undefined;
    if (o.re !== undefined) {
      re = this.str(o.re, [...p, 're']);
      if (re !== undefined) {
        const problem = checkRegexSafety(re);
        if (problem) {
          this.sink.at('C004', [...p, 're'], problem);
          re = undefined;
        }
      }
    }
    let number: NumberSpec | undefined;
    if (o.number !== undefined) {
      if (!isObj(o.number)) this.sink.at('S002', [...p, 'number'], 'number is a mapping with before and/or after');
      else {
        this.known(o.number, [...p, 'number'], ['before', 'after']);
        number = { before: this.terms_(o.number.before, [...p, 'number', 'before']), after: this.terms_(o.number.after, [...p, 'number', 'after']) };
        if (number.before.length + number.after.length === 0) this.sink.at('C006', [...p, 'number'], 'a number set needs marker words in before or after');
      }
    }
    // Past the term limit every list reads as empty; C005 already says why, so "no terms" would mislead.
    if (any.length + codes.length === 0 && re === undefined && number === undefined && o.re === undefined && this.termCount <= MAX_TERMS_PER_PACK)
      this.sink.at('C006', p, `term set '${name}' has no terms (any, codes, re or number)`);
    const weight = this.num(o.weight, [...p, 'weight'], 0, 1) ?? 1;
    const fields = this.fields(o.fields, [...p, 'fields']);
    const homophoneFrom = typeof o.homophone === 'number' ? this.homophoneFrom(o.homophone, [...p, 'homophone']) : undefined;
    return {
      name,
      any,
      except,
      codes,
      ...(re !== undefined ? { re } : {}),
      ...(number ? { number } : {}),
      pinyin: this.bool(o.pinyin, [...p, 'pinyin'], true),
      homophone: typeof o.homophone === 'number' ? homophoneFrom !== undefined : this.bool(o.homophone, [...p, 'homophone'], true),
      ...(homophoneFrom !== undefined ? { homophoneFrom } : {}),
      initials: this.bool(o.initials, [...p, 'initials'], false),
      fuzzy: this.bool(o.fuzzy, [...p, 'fuzzy'], false),
      token: this.bool(o.token, [...p, 'token'], false),
      weak: this.bool(o.weak, [...p, 'weak'], false),
      weight,
      ...(fields ? { fields } : {}),
      ...(this.bool(o.negation, [...p, 'negation'], true) ? {} : { negation: false }),
    };
  }

  /** `defaults.negation`: short cue words (2–8 characters each; one character such as 无 or 不 would negate too much). */
  negationCues(v: unknown, path: Path): string[] {
    return (this.stringList(v, path) ?? []).filter((cue, i) => {
      const n = [...cue.trim()].length;
      if (n >= 2 && n <= 8) return true;
      this.sink.at('S004', [...path, i], `negation cue '${cue}' must be 2–8 characters (a single 无 or 不 would negate too much)`);
      return false;
    });
  }

  /** `homophone: N`: a whole number of characters in {@link HOMOPHONE_FROM_RANGE}. */
  homophoneFrom(n: number, path: Path): number | undefined {
    const [min, max] = HOMOPHONE_FROM_RANGE;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.sink.at('S004', path, `homophone is true, false, or a whole number of characters from ${min} to ${max} (same-sound spellings only of terms that long)`);
    return undefined;
  }

  terms_(v: unknown, path: Path): string[] {
    const list = this.stringList(v, path) ?? [];
    this.termCount += list.length;
    if (this.termCount > MAX_TERMS_PER_PACK && this.termCount - list.length <= MAX_TERMS_PER_PACK)
      this.sink.at('C005', path, `more than ${MAX_TERMS_PER_PACK} terms in one pack`);
    if (this.termCount > MAX_TERMS_PER_PACK) return [];
    const out: string[] = [];
    list.forEach((t, i) => {
      const s = t.trim();
      if (s === '' || s.length > MAX_TERM_LENGTH) this.sink.at('S004', [...path, i], `a term must have 1–${MAX_TERM_LENGTH} characters`);
      else out.push(s);
    });
    return out;
  }

  condition(src: unknown, path: Path, terms: Map<string, TermSetDoc>, used: Set<string>): Cond | undefined {
    const s = this.str(src, path);
    if (s === undefined) return undefined;
    const c = parseCondition(s);
    // Column of the condition text: after the key's "when: " on the same line (best effort).
    if (isConditionError(c)) {
      this.sink.at('C001', path, `${c.message} (at character ${c.at + 1} of the condition)`);
      return undefined;
    }
    let ok = true;
    for (const ref of setsOf(c)) {
      used.add(ref.set);
      if (!terms.has(ref.set)) {
        this.sink.at('C002', path, `the condition names '${ref.set}', which is not a term set of this pack (at character ${ref.at + 1})`);
        ok = false;
      }
    }
    checkNumberUse(c, terms, (set) => {
      this.sink.at('C007', path, `'${set}' is compared as a number but is not a number set (give it number: {before/after})`);
      ok = false;
    });
    return ok ? c : undefined;
  }

  rule(
    r: unknown,
    p: Path,
    d: { defCategory: string; defFields: TextField[]; defSupport: string[] },
    terms: Map<string, TermSetDoc>,
    used: Set<string>,
  ): RuleDoc | undefined {
    if (!isObj(r)) {
      this.sink.at('S002', p, 'a rule is a mapping');
      return undefined;
    }
    this.known(r, p, [
      'id', 'title', 'category', 'severity', 'confidence', 'score', 'status', 'deprecated', 'message', 'basis', 'tags',
      'effective', 'fields', 'when', 'support', 'raise', 'lower', 'unless', 'tests',
    ]);
    const id = this.str(r.id, [...p, 'id']);
    if (id !== undefined && !ID_RE.test(id)) this.sink.at('S004', [...p, 'id'], `rule id '${id}' must be dotted lower-case words like 'wildlife.pangolin'`);
    const title = this.str(r.title, [...p, 'title']);
    const message = this.str(r.message, [...p, 'message']);
    const category = this.optString(r.category, [...p, 'category'], CATEGORY_RE) ?? d.defCategory;
    const severity = this.oneOf<Severity>(r.severity, [...p, 'severity'], SEVERITIES);
    const confidence = this.oneOf<Confidence>(r.confidence, [...p, 'confidence'], ['low', 'medium', 'high'], 'medium');
    const status = this.oneOf<RuleStatus>(r.status, [...p, 'status'], ['experimental', 'stable', 'deprecated'], 'stable');
    const score = this.num(r.score, [...p, 'score'], 0, 1);
    const basis = this.basis(r.basis, [...p, 'basis']);
    if ((severity === 'high' || severity === 'critical') && basis.length === 0)
      this.sink.at('R002', [...p, r.basis === undefined ? 'id' : 'basis'], `a ${severity} rule must cite its legal basis`);
    let deprecated: RuleDoc['deprecated'];
    if (r.deprecated !== undefined) {
      if (!isObj(r.deprecated)) this.sink.at('S002', [...p, 'deprecated'], 'deprecated is a mapping with reason and replacedBy');
      else {
        this.known(r.deprecated, [...p, 'deprecated'], ['reason', 'replacedBy']);
        deprecated = { reason: this.str(r.deprecated.reason, [...p, 'deprecated', 'reason']) ?? '', replacedBy: this.stringList(r.deprecated.replacedBy, [...p, 'deprecated', 'replacedBy']) ?? [] };
      }
    }
    if (status === 'deprecated' && !deprecated?.replacedBy.length) this.sink.at('R005', [...p, 'status'], 'a deprecated rule should name its replacement in deprecated.replacedBy');
    const fields = this.fields(r.fields, [...p, 'fields']) ?? d.defFields;
    const when = this.condition(r.when, [...p, 'when'], terms, used);
    const support = this.stringList(r.support, [...p, 'support']) ?? d.defSupport;
    const unless = this.stringList(r.unless, [...p, 'unless']) ?? [];
    const ctx = (key: 'raise' | 'lower'): Record<string, number> => {
      const o = r[key];
      const out: Record<string, number> = {};
      if (o === undefined) return out;
      if (!isObj(o)) {
        this.sink.at('S002', [...p, key], `${key} maps term-set names to amounts from 0 to 1`);
        return out;
      }
      for (const [k, val] of Object.entries(o)) {
        const n = this.num(val, [...p, key, k], 0, 1);
        if (!terms.has(k)) this.sink.at('C002', [...p, key, k], `unknown term set '${k}'`);
        used.add(k);
        if (n !== undefined) out[k] = n;
      }
      return out;
    };
    const raise = ctx('raise');
    const lower = ctx('lower');
    for (const [key, list] of [['support', support], ['unless', unless]] as const)
      list.forEach((s, i) => {
        used.add(s);
        if (!terms.has(s)) this.sink.at('C002', [...p, key, i], `unknown term set '${s}'`);
      });
    const tests = this.tests(r.tests, [...p, 'tests']);
    if (tests.hit.length === 0 && status !== 'deprecated') this.sink.at('R007', [...p, 'id'], `rule '${id}' has no embedded hit tests`);
    const effective = this.effective(r.effective, [...p, 'effective']);
    const tags = this.stringList(r.tags, [...p, 'tags']) ?? [];
    if (!id || !title || !message || !severity || !confidence || !status || !when) return undefined;
    return {
      id, title, category, severity, confidence, status, message, basis, tags, fields, when: String(r.when), support, raise, lower, unless, tests,
      ...(score !== undefined ? { score } : {}),
      ...(deprecated ? { deprecated } : {}),
      ...(effective ? { effective } : {}),
    };
  }

  basis(v: unknown, path: Path): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      if (typeof v === 'string') return [v];
      this.sink.at('S002', path, 'basis is a list of citations');
      return [];
    }
    const out: string[] = [];
    v.forEach((b, i) => {
      if (typeof b === 'string') out.push(b);
      else if (isObj(b)) {
        this.known(b, [...path, i], ['instrument', 'article', 'url']);
        const inst = this.str(b.instrument, [...path, i, 'instrument']);
        const article = this.str(b.article, [...path, i, 'article'], false);
        const url = this.str(b.url, [...path, i, 'url'], false);
        if (inst) out.push([inst, article, url ? `(${url})` : undefined].filter((x) => x).join(' '));
      } else this.sink.at('S002', [...path, i], 'a citation is text or {instrument, article, url}');
    });
    return out;
  }

  tests(v: unknown, path: Path): RuleTests {
    const out: RuleTests = { hit: [], miss: [], todo: { hit: [], miss: [] } };
    if (v === undefined) return out;
    if (!isObj(v)) {
      this.sink.at('S002', path, 'tests is a mapping with hit and miss lists (and todo, the known gaps)');
      return out;
    }
    this.known(v, path, ['hit', 'miss', 'todo']);
    this.testLists(v, path, 'tests', out, true);
    if (v.todo !== undefined) {
      if (!isObj(v.todo)) this.sink.at('S002', [...path, 'todo'], 'tests.todo is a mapping with hit and miss lists');
      else {
        this.known(v.todo, [...path, 'todo'], ['hit', 'miss']);
        this.testLists(v.todo, [...path, 'todo'], 'tests.todo', out.todo, false);
      }
    }
    return out;
  }

  /** Reads the hit and miss lists of `v` into `out`; `expect` is allowed on hit listings when `withExpect`. */
  private testLists(v: Obj, path: Path, label: string, out: { hit: TestListing[]; miss: TestListing[] }, withExpect: boolean): void {
    for (const k of ['hit', 'miss'] as const) {
      const list = v[k];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        this.sink.at('S002', [...path, k], `${label}.${k} is a list of listings`);
        continue;
      }
      list.forEach((t, i) => {
        if (typeof t === 'string') out[k].push({ title: t });
        else if (isObj(t) && typeof t.title === 'string') {
          if (t.expect === undefined) out[k].push(t as TestListing);
          else if (k === 'miss' || !withExpect) this.sink.at('S002', [...path, k, i, 'expect'], 'expect belongs to hit tests (a miss or todo test only asserts whether the rule flags)');
          else {
            const expect = this.testExpect(t.expect, [...path, k, i, 'expect']);
            if (expect) out[k].push({ ...t, expect } as TestListing);
          }
        } else this.sink.at('S002', [...path, k, i], 'a test listing is a title or a mapping with a title');
      });
    }
  }

  /** What a hit test asserts beyond "flagged": the level of the rule's finding and how its evidence was found. */
  testExpect(v: unknown, path: Path): TestExpect | undefined {
    if (!isObj(v) || Object.keys(v).length === 0) {
      this.sink.at('S002', path, 'expect is a mapping with verdict (review | block) and/or via (how the evidence was found)');
      return undefined;
    }
    this.known(v, path, ['verdict', 'via']);
    const verdict = v.verdict === undefined ? undefined : this.oneOf(v.verdict, [...path, 'verdict'], TEST_VERDICTS);
    const via = v.via === undefined ? undefined : this.oneOf(v.via, [...path, 'via'], VIAS);
    if ((v.verdict !== undefined && !verdict) || (v.via !== undefined && !via)) return undefined;
    return { ...(verdict ? { verdict } : {}), ...(via ? { via } : {}) };
  }

  changes(v: unknown, path: Path, terms: Map<string, TermSetDoc>, used: Set<string>): OverlayChange[] {
    const out: OverlayChange[] = [];
    if (!Array.isArray(v)) {
      this.sink.at(v === undefined ? 'S001' : 'S002', path, 'an overlay lists its changes: [{rule, disable | score | except, reason}]');
      return out;
    }
    v.forEach((c, i) => {
      const p = [...path, i];
      if (!isObj(c)) return this.sink.at('S002', p, 'a change is a mapping');
      this.known(c, p, ['rule', 'disable', 'score', 'except', 'reason']);
      const rule = this.str(c.rule, [...p, 'rule']);
      const reason = this.str(c.reason, [...p, 'reason']);
      const disable = c.disable === undefined ? undefined : this.bool(c.disable, [...p, 'disable'], false);
      const score = this.num(c.score, [...p, 'score'], 0, 1);
      let except: string | undefined;
      if (c.except !== undefined && this.condition(c.except, [...p, 'except'], terms, used)) except = String(c.except);
      if (disable === undefined && score === undefined && c.except === undefined) this.sink.at('S001', p, 'a change needs disable, score or except');
      if (rule && reason) out.push({ rule, reason, ...(disable !== undefined ? { disable } : {}), ...(score !== undefined ? { score } : {}), ...(except ? { except } : {}) });
    });
    return out;
  }
}

function checkNumberUse(c: Cond, terms: Map<string, TermSetDoc>, bad: (set: string) => void): void {
  switch (c.op) {
    case 'cmp':
      if (c.value.kind === 'number-set' && terms.has(c.value.set) && !terms.get(c.value.set)!.number) bad(c.value.set);
      return;
    case 'not':
      return checkNumberUse(c.arg, terms, bad);
    case 'and':
    case 'or':
      for (const a of c.args) checkNumberUse(a, terms, bad);
      return;
    default:
      return;
  }
}

