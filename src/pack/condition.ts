/**
 * The condition language of rules (`when:` and overlay `except:`): a small recursive-descent parser
 * producing an AST with character offsets, so diagnostics can point inside the YAML string.
 */
import type { TextField } from './document.js';
import { TEXT_FIELDS } from './document.js';

/** Comparison operators of numeric atoms. */
export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A numeric value a condition can compare. */
export type NumericValue =
  | { kind: 'price' }
  | { kind: 'attr'; name: string }
  | { kind: 'count'; set: string }
  | { kind: 'number-set'; set: string };

/** Condition AST. `at` is the offset of the node in the condition string. */
export type Cond =
  | { op: 'set'; set: string; fields?: TextField[]; at: number }
  | { op: 'near'; a: string; b: string; window: number; at: number }
  | { op: 'of'; need: number | 'all'; sets: string[]; at: number }
  | { op: 'cmp'; value: NumericValue; cmp: Comparator; number: number; at: number }
  | { op: 'not'; arg: Cond; at: number }
  | { op: 'and' | 'or'; args: Cond[]; at: number };

/** A parse error with its offset in the condition string. */
export interface ConditionError {
  message: string;
  at: number;
}

type Token = { t: 'name' | 'num' | 'str' | 'op' | 'end'; v: string; at: number };

const NAME_RE = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUM_RE = /\d+(?:\.\d+)?/y;
const OP_RE = />=|<=|==|!=|[()<>,@|]/y;
const MAX_CONDITION_LENGTH = 4000;
const MAX_DEPTH = 64;

function tokenize(src: string): Token[] | ConditionError {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = src.indexOf(c, i + 1);
      if (close < 0) return { message: 'unterminated string', at: i };
      out.push({ t: 'str', v: src.slice(i + 1, close), at: i });
      i = close + 1;
      continue;
    }
    for (const [re, t] of [
      [NUM_RE, 'num'],
      [NAME_RE, 'name'],
      [OP_RE, 'op'],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m) {
        out.push({ t, v: m[0], at: i });
        i += m[0].length;
        break;
      }
      if (re === OP_RE) {
        // A non-ASCII attribute name may be written bare inside attr( … ).
        const m2 = /[^\s()<>=!,@|"']+/y;
        m2.lastIndex = i;
        const w = m2.exec(src);
        if (!w) return { message: `unexpected character '${c}'`, at: i };
        out.push({ t: 'str', v: w[0], at: i });
        i += w[0].length;
      }
    }
  }
  out.push({ t: 'end', v: '', at: src.length });
  return out;
}

/**
 * Parses a condition. Returns the AST or the first error (with its offset).
 * Term-set names are not resolved here; see {@link setsOf}.
 */
export function parseCondition(src: string): Cond | ConditionError {
  if (src.length > MAX_CONDITION_LENGTH) return { message: `condition longer than ${MAX_CONDITION_LENGTH} characters`, at: 0 };
  const toks = tokenize(src);
  if (!Array.isArray(toks)) return toks;
  let p = 0;
  let depth = 0;
  const peek = (): Token => toks[p]!;
  const fail = (message: string, at = peek().at): never => {
    throw { message, at } satisfies ConditionError;
  };
  const expect = (v: string): Token => {
    const t = peek();
    if (t.v !== v || t.t === 'str') fail(`expected '${v}'${t.t === 'end' ? ' before the end' : ` but found '${t.v}'`}`);
    p++;
    return t;
  };
  const isWord = (t: Token, w: string) => t.t === 'name' && t.v === w;

  const parseOr = (): Cond => {
    const at = peek().at;
    const args = [parseAnd()];
    while (isWord(peek(), 'or')) {
      p++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args, at };
  };
  const parseAnd = (): Cond => {
    const at = peek().at;
    const args = [parseUnary()];
    while (isWord(peek(), 'and')) {
      p++;
      args.push(parseUnary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args, at };
  };
  const parseUnary = (): Cond => {
    const t = peek();
    if (isWord(t, 'not')) {
      p++;
      if (++depth > MAX_DEPTH) fail('condition nested too deeply');
      const arg = parseUnary();
      depth--;
      return { op: 'not', arg, at: t.at };
    }
    return parseAtom();
  };
  const parseSetList = (): string[] => {
    expect('(');
    const sets = [parseName()];
    while (peek().v === ',') {
      p++;
      sets.push(parseName());
    }
    expect(')');
    return sets;
  };
  const parseName = (): string => {
    const t = peek();
    if (t.t !== 'name' || ['and', 'or', 'not', 'of'].includes(t.v)) fail(`expected a term-set name but found '${t.v || 'the end'}'`);
    p++;
    return t.v;
  };
  const parseNumber = (): number => {
    const t = peek();
    if (t.t !== 'num') fail(`expected a number but found '${t.v || 'the end'}'`);
    p++;
    return Number(t.v);
  };
  const maybeCmp = (value: NumericValue, at: number): Cond | undefined => {
    const t = peek();
    if (t.t === 'op' && ['>', '>=', '<', '<=', '==', '!='].includes(t.v)) {
      p++;
      return { op: 'cmp', value, cmp: t.v as Comparator, number: parseNumber(), at };
    }
    return undefined;
  };
  const parseAtom = (): Cond => {
    const t = peek();
    if (t.v === '(' && t.t === 'op') {
      p++;
      if (++depth > MAX_DEPTH) fail('condition nested too deeply');
      const e = parseOr();
      depth--;
      expect(')');
      return e;
    }
    if (t.t === 'num' || isWord(t, 'any') || isWord(t, 'all')) {
      p++;
      const need = t.t === 'num' ? Number(t.v) : t.v === 'all' ? 'all' : 1;
      if (!isWord(peek(), 'of')) fail(`expected 'of' after '${t.v}'`);
      p++;
      const sets = parseSetList();
      if (typeof need === 'number' && (need < 1 || need > sets.length || !Number.isInteger(need)))
        fail(`'${need} of' needs a whole number from 1 to ${sets.length}`, t.at);
      return { op: 'of', need, sets, at: t.at };
    }
    if (t.t !== 'name') fail(`expected a condition but found '${t.v || 'the end'}'`);
    if (t.v === 'near') {
      p++;
      expect('(');
      const a = parseName();
      expect(',');
      const b = parseName();
      expect(',');
      const window = parseNumber();
      expect(')');
      return { op: 'near', a, b, window, at: t.at };
    }
    if (t.v === 'price' && toks[p + 1]?.t === 'op' && toks[p + 1]!.v !== '@') {
      p++;
      return maybeCmp({ kind: 'price' }, t.at) ?? fail("expected a comparison after 'price'");
    }
    if ((t.v === 'attr' || t.v === 'count') && toks[p + 1]?.v === '(') {
      p += 2;
      const arg = peek();
      if (arg.t === 'end' || arg.v === ')') fail(`expected a name inside ${t.v}( )`);
      p++;
      expect(')');
      const value: NumericValue = t.v === 'attr' ? { kind: 'attr', name: arg.v } : { kind: 'count', set: arg.v };
      if (t.v === 'count' && arg.t !== 'name') fail('count( ) takes a term-set name', arg.at);
      return maybeCmp(value, t.at) ?? fail(`expected a comparison after ${t.v}( )`);
    }
    const set = parseName();
    const cmp = maybeCmp({ kind: 'number-set', set }, t.at);
    if (cmp) return cmp;
    if (peek().v === '@') {
      p++;
      const fields: TextField[] = [];
      for (;;) {
        const f = peek();
        if (!(TEXT_FIELDS as readonly string[]).includes(f.v)) fail(`unknown field '${f.v}' (fields: ${TEXT_FIELDS.join(', ')})`);
        p++;
        fields.push(f.v as TextField);
        if (peek().v !== '|') break;
        p++;
      }
      return { op: 'set', set, fields, at: t.at };
    }
    return { op: 'set', set, at: t.at };
  };

  try {
    const ast = parseOr();
    if (peek().t !== 'end') fail(`unexpected '${peek().v}'`);
    return ast;
  } catch (e) {
    if (e && typeof e === 'object' && 'at' in e) return e as ConditionError;
    throw e;
  }
}

/** True when the parse result is an error. */
export function isConditionError(c: Cond | ConditionError): c is ConditionError {
  return 'message' in c;
}

/** A reference to a term set in a condition: its offset, and the fields after `@` if any. */
export interface SetRef {
  set: string;
  at: number;
  fields?: TextField[];
}

/** Every term-set name a condition refers to, with the offset of each reference. */
export function setsOf(c: Cond, out: SetRef[] = []): SetRef[] {
  switch (c.op) {
    case 'set':
      out.push({ set: c.set, at: c.at, ...(c.fields ? { fields: c.fields } : {}) });
      break;
    case 'near':
      out.push({ set: c.a, at: c.at }, { set: c.b, at: c.at });
      break;
    case 'of':
      for (const s of c.sets) out.push({ set: s, at: c.at });
      break;
    case 'cmp':
      if (c.value.kind === 'count' || c.value.kind === 'number-set') out.push({ set: c.value.set, at: c.at });
      break;
    case 'not':
      setsOf(c.arg, out);
      break;
    default:
      for (const a of c.args) setsOf(a, out);
  }
  return out;
}

/** Most alternatives {@link requirementsOf} keeps before merging them (bounds compile work). */
const MAX_ALTERNATIVES = 32;

/**
 * What must hit for the condition to hold, as alternatives: the condition can hold only if, for one
 * alternative, every group has a hit of one of its term sets. (A necessary condition, not a sufficient
 * one.) An alternative with no groups means the condition can hold without any term hit; then the rule
 * is looked at for every listing. The engine uses this to skip rules, and clean listings, cheaply.
 */
export function requirementsOf(c: Cond): string[][][] {
  switch (c.op) {
    case 'set':
      return [[[c.set]]];
    case 'near':
      return [[[c.a], [c.b]]];
    case 'of':
      return [[c.sets]];
    case 'cmp':
      if (c.value.kind === 'number-set') return [[[c.value.set]]];
      if (c.value.kind === 'count' && ((c.cmp === '>' && c.number >= 0) || (c.cmp === '>=' && c.number >= 1) || (c.cmp === '==' && c.number >= 1)))
        return [[[c.value.set]]];
      return [[]];
    case 'not':
      return [[]];
    case 'and': {
      let alts: string[][][] = [[]];
      for (const a of c.args) {
        const next: string[][][] = [];
        for (const left of alts) for (const right of requirementsOf(a)) next.push([...left, ...right]);
        alts = next.length > MAX_ALTERNATIVES ? [mergeAlternatives(next)] : next;
      }
      return alts;
    }
    case 'or': {
      const alts = c.args.flatMap(requirementsOf);
      return alts.length > MAX_ALTERNATIVES ? [mergeAlternatives(alts)] : alts;
    }
  }
}

/** One alternative implied by all of them: the union of each one's first group (any alternative needs it). */
function mergeAlternatives(alts: string[][][]): string[][] {
  if (alts.some((a) => a.length === 0)) return [];
  return [[...new Set(alts.flatMap((a) => a[0]!))]];
}
