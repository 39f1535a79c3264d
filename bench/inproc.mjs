// In-process throughput, one process for all three so the ratio is fair: jinshou's engine.scan beside
// fastscan and mint-filter searching the same texts (title and description) for every exact keyword of
// the built-in packs. Each is warmed up with a full pass, then timed over `--runs` passes (interleaved, so
// a noisy neighbour hurts all three alike); the median pass counts.
//
// usage: node bench/inproc.mjs CORPUS.jsonl [--listings N] [--runs R]
import { createRequire } from 'node:module';
import { createEngine } from '../dist/index.js';
import FastScanner from 'fastscan';
import { emit, flags, log, median, packTerms, readListings, textChars } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { Mint } = require('mint-filter');

const opt = flags();
const file = opt._[0];
if (!file) throw new Error('usage: node bench/inproc.mjs CORPUS.jsonl [--listings N] [--runs R]');
const limit = Number(opt.listings ?? 50_000);
const runs = Number(opt.runs ?? 5);

const listings = readListings(file, limit);
let chars = 0;
for (const l of listings) chars += textChars(l);
const { terms } = packTerms();

let t = performance.now();
const engine = createEngine();
const engineMs = performance.now() - t;
t = performance.now();
const fastscan = new FastScanner(terms);
const fastscanMs = performance.now() - t;
t = performance.now();
const mint = new Mint(terms);
const mintMs = performance.now() - t;

// Each pass returns a count that depends on every result, so no work can be skipped.
const contenders = {
  jinshou: () => {
    let flagged = 0;
    for (let i = 0; i < listings.length; i++) if (engine.scan(listings[i]).verdict !== 'pass') flagged++;
    return flagged;
  },
  fastscan: () => {
    let hits = 0;
    for (let i = 0; i < listings.length; i++) {
      const l = listings[i];
      if (typeof l.title === 'string') hits += fastscan.search(l.title).length;
      if (typeof l.description === 'string') hits += fastscan.search(l.description).length;
    }
    return hits;
  },
  'mint-filter': () => {
    let hits = 0;
    for (let i = 0; i < listings.length; i++) {
      const l = listings[i];
      if (typeof l.title === 'string') hits += mint.filter(l.title, { replace: false }).words.length;
      if (typeof l.description === 'string') hits += mint.filter(l.description, { replace: false }).words.length;
    }
    return hits;
  },
};

const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
// CPU time of the same passes: less disturbed than wall time when other processes share the cores.
const cpuTimes = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const counts = {};
for (const [name, fn] of Object.entries(contenders)) {
  t = performance.now();
  counts[name] = fn();
  log(`  warm-up ${name}: ${(performance.now() - t).toFixed(0)} ms`);
}
for (let r = 0; r < runs; r++) {
  for (const [name, fn] of Object.entries(contenders)) {
    const c = cpuMs();
    t = performance.now();
    fn();
    times[name].push(performance.now() - t);
    cpuTimes[name].push(cpuMs() - c);
  }
  log(`  run ${r + 1}/${runs}: ${Object.entries(times).map(([k, v]) => `${k} ${v[r].toFixed(0)} ms`).join(', ')}`);
}

const rows = Object.entries(times).map(([name, ms]) => {
  const m = median(ms);
  return {
    name,
    medianMs: m,
    runsMs: ms.map((x) => Math.round(x)),
    cpuMedianMs: median(cpuTimes[name]),
    listingsPerSec: (listings.length / m) * 1000,
    mCharsPerSec: chars / m / 1000,
    result: name === 'jinshou' ? { flagged: counts[name] } : { hits: counts[name] },
  };
});
emit({
  listings: listings.length,
  chars,
  charsPerListing: chars / listings.length,
  terms: terms.length,
  runs,
  buildMs: { jinshou: engineMs, fastscan: fastscanMs, 'mint-filter': mintMs },
  rows,
  ratioVsFastscan: rows[1].medianMs / rows[0].medianMs,
  ratioVsMint: rows[2].medianMs / rows[0].medianMs,
  cpuRatioVsFastscan: rows[1].cpuMedianMs / rows[0].cpuMedianMs,
});
