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
  return undefined;
}
