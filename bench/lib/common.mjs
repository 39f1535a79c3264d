// Shared helpers of the benchmarks: paths, corpus, the peers' term list, statistics, machine facts.
import { existsSync, readFileSync, readdirSync, createReadStream, mkdirSync } from 'node:fs';
import { cpus, availableParallelism, totalmem, loadavg, tmpdir, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { execFileSync } from 'node:child_process';
import YAML from 'yaml';

/** The project root (bench/..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The shared tool that writes the real-title corpus, when the shared folder is there. */
export const SHARED_CORPUS_TOOL = join(ROOT, '../shared/tools/make-perf-corpus.mjs');
export const SHARED_REVIEWS_ZIP = join(ROOT, '../shared/data/benign-reviews/online_shopping_10_cats.zip');
/** Where corpora and outputs go (kept after the run so each printed command can be re-run; the 1 GB file is deleted). */
export const WORK = join(tmpdir(), 'jinshou-bench');
export const RULES = join(ROOT, 'rules');
export const CLI = join(ROOT, 'dist/cli.cjs');

export function ensureWork() {
  mkdirSync(WORK, { recursive: true });
  return WORK;
}

/** A path as the printed commands show it: relative to the project root when inside it. */
export function shown(p) {
  const r = relative(ROOT, p);
  return r.startsWith('../..') || isAbsolute(r) ? p : r || '.';
}

/**
 * Every exact keyword of the built-in packs, as the naive peers get them: the `any:` and `codes:` terms
 * of every term set of every rules/*.yaml (no `except:`, no numbers, no regexes, no pinyin or homophones).
 */
export function packTerms(dir = RULES) {
  const terms = new Set();
  let files = 0;
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const doc = YAML.parse(readFileSync(join(dir, f), 'utf8'));
    files++;
    for (const set of Object.values(doc?.terms ?? {})) {
      for (const key of ['any', 'codes']) for (const t of set?.[key] ?? []) if (typeof t === 'string' && t.trim()) terms.add(String(t));
    }
  }
  return { terms: [...terms], files };
}

/** Reads a JSONL file into listing objects (at most `limit`). */
export function readListings(file, limit = Infinity) {
  const out = [];
  const text = readFileSync(file, 'utf8');
  let p = 0;
  while (p < text.length && out.length < limit) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    if (e > p) out.push(JSON.parse(text.slice(p, e)));
    p = e + 1;
  }
  return out;
}

/** Streams a JSONL file, one parsed listing at a time. */
export async function* streamListings(file) {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line);
}

/** UTF-16 units of the text fields the peers search (title and description). */
export function textChars(l) {
  return (typeof l.title === 'string' ? l.title.length : 0) + (typeof l.description === 'string' ? l.description.length : 0);
}

/**
 * Real shopping reviews (for long descriptions), read the way the shared corpus tool reads them; null when
 * the shared data is not there. Read at run time only: nothing of it is stored in the project.
 */
export function realReviews() {
  if (!existsSync(SHARED_REVIEWS_ZIP)) return null;
  try {
    const csv = execFileSync('unzip', ['-p', SHARED_REVIEWS_ZIP], { maxBuffer: 64 << 20 }).toString('utf8');
    return csv.split('\n').slice(1).map((l) => l.split(',').slice(2).join(',').trim()).filter((r) => r.length > 10);
  } catch {
    return null;
  }
}

/** A small deterministic generator (mulberry32): rng(seed)(k) → an integer in [0, k). */
export function rng(seed) {
  let a = seed | 0;
  return (k) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Nearest-rank percentile of sorted numbers. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Linux CPU pressure (share of time some task waited for a CPU, last 10 s / 60 s), or null. */
export function cpuPressure() {
  try {
    const m = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? { avg10: Number(m[1]), avg60: Number(m[2]) } : null;
  } catch {
    return null;
  }
}

export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    parallelism: availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()}`,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    cpuPressure: cpuPressure(),
  };
}

/** Prints a result object as the last line of stdout (what run.mjs reads). */
export function emit(result) {
  process.stdout.write(`\n@@RESULT ${JSON.stringify(result)}\n`);
}

/** Reads command-line flags `--name value` / `--name` into an object; positionals under `_`. */
export function flags(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const k = a.slice(2);
      if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
      else out[k] = true;
    } else out._.push(a);
  }
  return out;
}

export const log = (...a) => process.stderr.write(a.join(' ') + '\n');
