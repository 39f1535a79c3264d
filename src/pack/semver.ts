/**
 * The small part of semantic versioning packs need: parse, compare, and ranges made of
 * comparators (`>=1.0.0 <2.0.0`), carets (`^1.2.0`), tildes (`~1.2.0`) and `||` alternatives.
 */

const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const COMPARATOR_RE = /^(>=|<=|>|<|=|\^|~)?\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** A parsed version: major, minor, patch and an optional pre-release tag. */
export type Version = [number, number, number, string | undefined];

/** True when `v` is a semantic version such as `1.2.3` or `2.0.0-rc.1`. */
export function isSemver(v: string): boolean {
  return SEMVER_RE.test(v);
}

/** Parses a semantic version, or returns undefined. */
export function parseSemver(v: string): Version | undefined {
  const m = SEMVER_RE.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4]] : undefined;
}

/** Compares two versions: negative, zero or positive. A pre-release sorts before its release. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return 0;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  if (x[3] === y[3]) return 0;
  if (x[3] === undefined) return 1;
  if (y[3] === undefined) return -1;
  return x[3] < y[3] ? -1 : 1;
}

function comparators(range: string): string[][] | undefined {
  const alternatives = range.split('||').map((s) => s.trim());
  const out: string[][] = [];
  for (const alt of alternatives) {
    if (alt === '' || alt === '*') {
      out.push([]);
      continue;
    }
    const parts = alt.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/);
    if (!parts.every((p) => COMPARATOR_RE.test(p))) return undefined;
    out.push(parts);
  }
  return out;
}

/** True when `range` is a version range this module understands. */
export function isRange(range: string): boolean {
  return range.length <= 200 && comparators(range) !== undefined;
}

/** True when `version` satisfies `range`. */
export function satisfiesRange(version: string, range: string): boolean {
  const alts = comparators(range);
  const v = parseSemver(version);
  if (!alts || !v) return false;
  return alts.some((parts) =>
    parts.every((p) => {
      const [, op = '=', target] = COMPARATOR_RE.exec(p)!;
      const t = parseSemver(target!)!;
      const c = compareSemver(version, target!);
      switch (op) {
        case '>=': return c >= 0;
        case '<=': return c <= 0;
        case '>': return c > 0;
        case '<': return c < 0;
        case '^': return c >= 0 && (t[0] > 0 ? v[0] === t[0] : t[1] > 0 ? v[0] === 0 && v[1] === t[1] : v[0] === 0 && v[1] === 0 && v[2] === t[2]);
        case '~': return c >= 0 && v[0] === t[0] && v[1] === t[1];
        default: return c === 0;
      }
    }),
  );
}

/** How big a change between two versions is: 'major', 'minor', 'patch', 'none', or 'downgrade'. */
export function bumpOf(from: string, to: string): 'major' | 'minor' | 'patch' | 'none' | 'downgrade' {
  const a = parseSemver(from);
  const b = parseSemver(to);
  if (!a || !b) return 'none';
  const c = compareSemver(from, to);
  if (c > 0) return 'downgrade';
  if (c === 0) return 'none';
  if (b[0] !== a[0]) return 'major';
  if (b[1] !== a[1]) return 'minor';
  return 'patch';
}
