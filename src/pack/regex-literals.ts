/**
 * Literal text that every match of a regular expression must contain: `有效率 ?[0-9]{2,3}` needs
 * 有效率, `(瘦|减|掉)…(斤|公斤)` needs one of 瘦/减/掉. Regexes run only around candidates, so without
 * this a rule that needs a regex set could not be skipped early; with it, the literals join the
 * automaton and the rule is looked at only when one of them is in the listing.
 */

const SPECIAL = new Set([...'\\^$.|?*+()[]{}']);

interface Item {
  /** The literal alternatives this item stands for, or undefined when it is not a plain literal. */
  literals?: string[];
  mandatory: boolean;
  /** A single literal character (runs of these join into one literal). */
  char?: string;
}

/** Parses one alternation level from `i`; returns the branches' items and the index after it. */
function parseAlternation(src: string, i: number): { branches: Item[][]; end: number } {
  const branches: Item[][] = [[]];
  while (i < src.length) {
    const c = src[i]!;
    if (c === ')') break;
    if (c === '|') {
      branches.push([]);
      i++;
      continue;
    }
    const items = branches[branches.length - 1]!;
    let item: Item;
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      // \d \w \s \p{…} \b … are not literals; an escaped punctuation mark is.
      if (/[A-Za-z0-9]/.test(next)) {
        // Not a literal we read: skip the whole escape (\p{…}, \u{…}, \uHHHH, \xHH, \cX, \d …), so its
        // hex digits or letter are not taken for literal text.
        item = { mandatory: true };
        if ((next === 'p' || next === 'P' || next === 'u') && src[i + 2] === '{') i = src.indexOf('}', i) + 1;
        else i += next === 'u' ? 6 : next === 'x' ? 4 : next === 'c' ? 3 : 2;
      } else {
        item = { mandatory: true, char: next, literals: [next] };
        i += 2;
      }
    } else if (c === '[') {
      let j = i + 1;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      // A small class of plain characters is a set of one-character literals; ranges and negations are not.
      const plain = !body.startsWith('^') && !body.includes('-') && !body.includes('\\') && [...body].length <= 8;
      item = plain ? { mandatory: true, literals: [...new Set(body)] } : { mandatory: true };
      i = j + 1;
    } else if (c === '(') {
      let k = i + 1;
      const kind = /^\?(?::|=|!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(src.slice(k));
      const lookahead = kind !== null && (kind[0] === '?=' || kind[0] === '?!');
      if (kind) k += kind[0].length;
      const inner = parseAlternation(src, k);
      i = inner.end + 1;
      const alts = inner.branches.map(bestLiterals);
      item = !lookahead && alts.every((a) => a !== undefined) ? { mandatory: true, literals: [...new Set(alts.flat() as string[])] } : { mandatory: true };
    } else if (c === '^' || c === '$') {
      i++;
      continue;
    } else if (SPECIAL.has(c)) {
      // '.' and stray specials: not literal.
      item = { mandatory: true };
      i++;
    } else {
      item = { mandatory: true, char: c, literals: [c] };
      i++;
    }
    // A quantifier that allows zero repeats makes the item optional.
    const q = /^(\*|\+|\?|\{(\d+)(?:,\d*)?\})\??/.exec(src.slice(i));
    if (q) {
      i += q[0].length;
      const min = q[1] === '*' || q[1] === '?' ? 0 : q[1] === '+' ? 1 : Number(q[2]);
      if (min === 0) item.mandatory = false;
      delete item.char; // a repeated character does not join a literal run
    }
    items.push(item);
  }
  return { branches, end: i };
}

/**
 * The mandatory literal sets of a branch: each run of literal characters, and each item that stands
 * for a few literal alternatives. Every match of the branch contains one literal of every set.
 */
function literalSetsOf(items: Item[]): string[][] {
  const sets: string[][] = [];
  let run = '';
  const flush = () => {
    if (run) sets.push([run]);
    run = '';
  };
  for (const it of items) {
    if (it.mandatory && it.char !== undefined) {
      run += it.char;
      continue;
    }
    flush();
    if (it.mandatory && it.literals && it.literals.length) sets.push(it.literals);
  }
  flush();
  return sets;
}

/** Most selective first: the set whose shortest alternative is longest, then the one with fewest alternatives. */
const selectivity = (l: string[]) => Math.min(...l.map((s) => s.length)) * 100 - l.length;

/** The best mandatory literal set of a branch. */
function bestLiterals(items: Item[]): string[] | undefined {
  let best: string[] | undefined;
  for (const c of literalSetsOf(items)) if (!best || selectivity(c) > selectivity(best)) best = c;
  return best;
}

/**
 * The literal sets every match of `source` must contain one literal of, most selective first (at most
 * `max`), or undefined when none can be found (then the regex cannot be checked early):
 * `(瘦|减|掉)[0-9]+(斤|公斤)` needs one of 瘦/减/掉 *and* one of 斤/公斤, so a listing that only says 瘦
 * need not be looked at. With several top-level branches there is one set: the union of each branch's
 * best. The source must already be a valid, safe regex.
 */
export function requiredLiteralGroups(source: string, max = 3): string[][] | undefined {
  const { branches } = parseAlternation(source, 0);
  let groups: string[][];
  if (branches.length === 1) groups = literalSetsOf(branches[0]!).map((l) => [...new Set(l)]);
  else {
    const sets = branches.map(bestLiterals);
    if (sets.some((s) => s === undefined)) return undefined;
    groups = [[...new Set(sets.flat() as string[])]];
  }
  groups = groups.filter((g) => g.length > 0 && g.every((s) => s.length > 0));
  if (groups.length === 0) return undefined;
  return groups.sort((a, b) => selectivity(b) - selectivity(a)).slice(0, max);
}
