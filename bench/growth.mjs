// Growth: in-process throughput of engine.scan with the built-in packs alone (1×) and with extra packs of
// generated terms bringing the term count to 10× and 100× the built-in count. The generated terms are
// random 2–5-character CJK strings drawn uniformly from the characters the corpus itself uses (so they
// look like words and do hit now and then), split over two term sets of one rule (`when: a and b`; one
// such pack per 150,000 terms, a pack holding at most 200,000).
//   --variant plain     pinyin and homophones off: what grows is the character automaton; terms rarely hit
//   --variant defaults  the pack defaults, pinyin and homophones on: random two-character terms then also
//                       hit by sound, often, so more listings leave the clean-listing fast path
// All engines live in one process and their passes are interleaved; the median pass counts. A scan
// should cost about the same whatever the number of terms.
//
// usage: node bench/growth.mjs CORPUS.jsonl [--variant plain|defaults] [--listings N] [--runs R] [--factors 1,10,100]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPacksDir, createEngine } from '../dist/index.js';
import { emit, flags, log, median, packTerms, readListings, rng, textChars } from './lib/common.mjs';

const opt = flags();
const file = opt._[0];
if (!file) throw new Error('usage: node bench/growth.mjs CORPUS.jsonl [--variant plain|defaults] [--listings N] [--runs R] [--factors 1,10,100]');
const limit = Number(opt.listings ?? 20_000);
const runs = Number(opt.runs ?? 3);
const factors = String(opt.factors ?? '1,10,100').split(',').map(Number);
const variant = opt.variant === 'defaults' ? 'defaults' : 'plain';
const setOptions = variant === 'plain' ? '    pinyin: false\n    homophone: false\n' : '';

const listings = readListings(file, limit);
let chars = 0;
for (const l of listings) chars += textChars(l);
const builtinTerms = packTerms().terms.length;

// The CJK characters of the corpus, each once (uniform draw: common and rare characters alike).
const alphabet = [...new Set([...listings.map((l) => `${l.title ?? ''}${l.description ?? ''}`).join('')].filter((c) => /\p{Script=Han}/u.test(c)))];
const rnd = rng(987654321);
function generatedTerms(count) {
  const out = new Set();
  const known = new Set(packTerms().terms);
  while (out.size < count) {
    const len = 2 + rnd(4);
    let w = '';
    for (let i = 0; i < len; i++) w += alphabet[rnd(alphabet.length)];
    if (!known.has(w)) out.add(w);
  }
  return [...out];
}

/** A pack of generated terms; one pack holds at most 200,000 terms (C005), so large counts take several. */
const PER_PACK = 150_000;
function growthPack(terms, part) {
  const half = terms.length >> 1;
  const list = (xs) => xs.map((t) => `      - ${t}`).join('\n');
  return `jinshou: 1
pack:
  id: bench.growth${part}
  version: 1.0.0
  title: 基准测试用的生成词表
  publisher: jinshou bench
  jurisdiction: CN
  license: MIT
  engine: ">=1.0.0 <2.0.0"
  description: 随机生成的词，仅用于测量词表增长对扫描速度的影响。
  changelog:
    - { version: 1.0.0, date: 2026-11-28, notes: 生成 }
defaults:
  category: other
  fields: [title, description]
terms:
  gen-a:
${setOptions}    any:
${list(terms.slice(0, half))}
  gen-b:
${setOptions}    any:
${list(terms.slice(half))}
rules:
  - id: bench.growth${part}.pair
    title: 生成词对
    severity: low
    confidence: low
    status: experimental
    message: 生成词对（基准测试）
    when: gen-a and gen-b
`;
}

const dir = mkdtempSync(join(tmpdir(), 'jinshou-growth-'));
const engines = [];
try {
  for (const k of factors) {
    const extra = Math.max(0, Math.round((k - 1) * builtinTerms));
    const packs = [builtinPacksDir()];
    const terms = generatedTerms(extra);
    for (let p = 0; p * PER_PACK < terms.length; p++) {
      const f = join(dir, `growth-${k}x-${p}.yaml`);
      writeFileSync(f, growthPack(terms.slice(p * PER_PACK, (p + 1) * PER_PACK), p));
      packs.push(f);
    }
    const t0 = performance.now();
    const engine = createEngine({ packs });
    const buildMs = performance.now() - t0;
    log(`  ${variant} ${k}×: ${builtinTerms + extra} terms, engine built in ${buildMs.toFixed(0)} ms`);
    engines.push({ factor: k, terms: builtinTerms + extra, extra, buildMs, engine, times: [], flagged: 0 });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pass = (e) => {
  let flagged = 0;
  for (let i = 0; i < listings.length; i++) if (e.engine.scan(listings[i]).verdict !== 'pass') flagged++;
  return flagged;
};
for (const e of engines) e.flagged = pass(e); // warm-up
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let r = 0; r < runs; r++) {
  for (const e of engines) {
    const c0 = cpuMs();
    const t0 = performance.now();
    pass(e);
    e.times.push(performance.now() - t0);
    (e.cpu ??= []).push(cpuMs() - c0);
  }
  log(`  run ${r + 1}/${runs}: ${engines.map((e) => `${e.factor}× ${e.times[r].toFixed(0)} ms`).join(', ')}`);
}
const base = median(engines[0].times);
const baseCpu = median(engines[0].cpu);
emit({
  variant,
  listings: listings.length,
  chars,
  builtinTerms,
  alphabet: alphabet.length,
  runs,
  rows: engines.map((e) => {
    const m = median(e.times);
    return { factor: e.factor, terms: e.terms, buildMs: e.buildMs, medianMs: m, runsMs: e.times.map(Math.round), listingsPerSec: (listings.length / m) * 1000, mCharsPerSec: chars / m / 1000, relative: base / m, cpuMedianMs: median(e.cpu), relativeCpu: baseCpu / median(e.cpu), flagged: e.flagged };
  }),
});
