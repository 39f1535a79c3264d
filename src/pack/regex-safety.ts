/**
 * A static check that keeps pack regular expressions linear enough to run on hostile text.
 * JavaScript regexes backtrack; the dangerous shapes are a quantifier over something that itself
 * repeats (`(a+)+`), a quantified alternation (`(a|ab)*`), and long chains of unbounded quantifiers.
 * We refuse those shapes, and the engine also bounds the text a regex sees (a window per field).
 */

/** Longest regex source accepted. */
const MAX_SOURCE = 300;
/** Most unbounded quantifiers (`*`, `+`, `{n,}`) in one regex. */
const MAX_UNBOUNDED = 3;
/**
 * Characters of normalized text a pack regex runs over per field; score/evaluate.ts cuts the text to it.
 * An unbounded quantifier is priced as if it could take all of them.
 */
export const REGEX_WINDOW = 4096;
const WINDOW = REGEX_WINDOW;
/**
 * Most match paths a regex may have over the whole window (paths from one position × positions).
 * Admits one unbounded repeat (`\d+元`, 4097 × 4096 paths, ~30 ms on 4096 hostile characters) and keeps the
 * worst accepted case of one regex on one field near a tenth of a second (measured at ~8 ns a path).
 */
const MAX_PATHS = 2e7;

/**
 * Returns a description of why `source` is unsafe or invalid, or undefined when it is accepted.
 * Accepted regexes are compiled with the `u` flag, without backreferences or lookbehind.
 */
export function checkRegexSafety(source: string): string | undefined {
  if (source.length > MAX_SOURCE) return `regular expression longer than ${MAX_SOURCE} characters`;
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed (they defeat the backtracking bounds)';
  if (/\(\?<[=!]/.test(source)) return 'lookbehind is not allowed';
  // Walk groups: track, per open group, whether it contains a quantifier or an alternation.
  const stack: { quantified: boolean; alternation: boolean }[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      // Skip the group-kind marker (?: (?= (?! (?<name>) so its '?' is not read as a quantifier.
      const kind = /^\?(?::|=|!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(source.slice(i + 1));
      if (kind) i += kind[0].length;
    }
    else if (c === '|') stack[stack.length - 1]!.alternation = true;
    else if (c === ')') {
      const g = stack.pop()!;
      const next = source.slice(i + 1);
      const q = /^(\*|\+|\?|\{\d+(,\d*)?\})/.exec(next);
      if (q) {
        const isUnbounded = q[1] === '*' || q[1] === '+' || /,\}$/.test(q[1]!);
        if (g.quantified && (isUnbounded || /\{\d+,\d+\}/.test(q[1]!))) return 'nested quantifiers (a repeated group that itself repeats) can backtrack catastrophically';
        if (g.alternation && isUnbounded) return 'a repeated alternation can backtrack catastrophically; list the alternatives as separate terms';
        stack[stack.length - 1]!.quantified = true;
      }
      if (g.quantified) stack[stack.length - 1]!.quantified = true;
      if (stack.length === 0) return 'unbalanced parentheses';
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(source.slice(i)))) {
      unbounded++;
      stack[stack.length - 1]!.quantified = true;
    } else if (c === '?' || c === '{') {
      stack[stack.length - 1]!.quantified = true;
    }
  }
  if (unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded quantifiers`;
  // The shape checks above miss polynomial blow-ups: `.*.*x` has no nested quantifier, yet backtracks
  // through window³ paths on text without an x (minutes on 4096 characters), and `(.*a){12}` or `(a?){30}`
  // repeat a group a fixed number of times. Bound the number of ways the regex can split the window.
  const paths = pathsPerPosition(source) * WINDOW;
  if (!(paths <= MAX_PATHS))
    return `the regular expression can backtrack through ${paths > 1e15 ? 'astronomically many' : `about ${paths.toExponential(1)}`} paths on a ${WINDOW}-character field (at most ${MAX_PATHS.toExponential(0)}); use bounded repeats like {1,8} instead of * and +, and do not repeat a group that can match in several ways`;
  return undefined;
}

/**
 * An upper bound on the ways a regex (already known to be a valid `u`-flag regex without backreferences
 * or lookbehind) can match from one position: a sequence multiplies, an alternation adds, a repeat of
 * something with c ways taken m to n times adds c^k for k from m to n (an unbounded repeat goes up to the
 * window). Characters, classes, escapes and assertions count 1. Lookaheads count like groups (an
 * over-estimate: they do not backtrack).
 */
export function pathsPerPosition(source: string): number {
  let i = 0;
  const quantifier = (): [number, number] | undefined => {
    const c = source[i];
    let range: [number, number] | undefined;
    if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '?') range = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (!m) return undefined;
      const lo = Number(m[1]);
      range = [lo, m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3])];
      i += m[0].length - 1;
    } else return undefined;
    i++;
    if (source[i] === '?') i++; // lazy: the same paths, tried in another order
    return range;
  };
  const repeat = (ways: number, [lo, hi]: [number, number]): number => {
    const a = Math.min(lo, WINDOW);
    const b = Math.min(hi, WINDOW);
    if (ways <= 1) return Math.max(1, b - a + 1);
    let total = 0;
    for (let k = a; k <= b && total < Infinity; k++) total += ways ** k;
    return total;
  };
  const atom = (): number => {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') i = Math.max(i + 3, source.indexOf('}', i) + 1);
      else if (next === 'u') i += 6;
      else if (next === 'x') i += 4;
      else if (next === 'c') i += 3;
      else i += 2;
      return 1;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      i++;
      return 1;
    }
    if (c === '(') {
      const kind = /^\((?:\?:|\?=|\?!|\?<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(source.slice(i, i + 40))!;
      i += kind[0].length;
      const ways = alternation();
      i++; // ')'
      return ways;
    }
    i += 1;
    return 1;
  };
  const sequence = (): number => {
    let ways = 1;
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      let w = atom();
      const q = quantifier();
      if (q) w = repeat(w, q);
      ways *= w;
    }
    return ways;
  };
  const alternation = (): number => {
    let ways = sequence();
    while (source[i] === '|') {
      i++;
      ways += sequence();
    }
    return ways;
  };
  return alternation();
}
