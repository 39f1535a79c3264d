// In-process throughput: jinshou's engine.scan beside fastscan and mint-filter searching the same texts
// (title and description) for every exact keyword of the built-in packs. Each contender runs in a process
// of its own (this script again, with --contender), which warms it up with two full passes and then times
// one; the parent runs the three in turn, `--runs` rounds (interleaved, so a noisy neighbour hurts all
// three alike), and the median pass counts.
//
// One process per contender, because a library's speed depended on what else lived in its heap: with the
// peers' tries built beside it, the same engine.scan measured anywhere from 1× to 2.5× slower from one
// build to the next (the heap layout shifted with the term count), while alone it stayed put.
//
// usage: node bench/inproc.mjs CORPUS.jsonl [--listings N] [--runs R]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { emit, flags, log, median, packTerms, readListings, textChars } from './lib/common.mjs';

const require = createRequire(import.meta.url);

const opt = flags();
const file = opt._[0];
if (!file) throw new Error('usage: node bench/inproc.mjs CORPUS.jsonl [--listings N] [--runs R]');
const limit = Number(opt.listings ?? 50_000);
const runs = Number(opt.runs ?? 5);
const NAMES = ['jinshou', 'fastscan', 'mint-filter'];

/** Builds one contender: a pass over the listings that returns a count depending on every result. */
async function contender(name, listings, terms) {
  if (name === 'jinshou') {
    const { createEngine } = await import('../dist/index.js');
    const engine = createEngine();
    return () => {
      let flagged = 0;
      for (let i = 0; i < listings.length; i++) if (engine.scan(listings[i]).verdict !== 'pass') flagged++;
      return flagged;
    };
  }
  if (name === 'fastscan') {
    const { default: FastScanner } = await import('fastscan');
    const fastscan = new FastScanner(terms);
    return () => {
      let hits = 0;
      for (let i = 0; i < listings.length; i++) {
        const l = listings[i];
        if (typeof l.title === 'string') hits += fastscan.search(l.title).length;
        if (typeof l.description === 'string') hits += fastscan.search(l.description).length;
      }
      return hits;
    };
  }
  const { Mint } = require('mint-filter');
  const mint = new Mint(terms);
  return () => {
    let hits = 0;
    for (let i = 0; i < listings.length; i++) {
      const l = listings[i];
      if (typeof l.title === 'string') hits += mint.filter(l.title, { replace: false }).words.length;
      if (typeof l.description === 'string') hits += mint.filter(l.description, { replace: false }).words.length;
    }
    return hits;
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

if (opt.contender) {
  // A child: build, warm up, time one pass, and report it on stdout as one JSON line. Only the peers
  // need the term list: parsing the packs' YAML would leave its garbage in jinshou's heap for nothing.
  const listings = readListings(file, limit);
  const terms = opt.contender === 'jinshou' ? [] : packTerms().terms;
  let t = performance.now();
  const fn = await contender(String(opt.contender), listings, terms);
  const buildMs = performance.now() - t;
  fn();
  fn();
  const c = cpuMs();
  t = performance.now();
  const count = fn();
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ buildMs, ms, cpuMs: cpuMs() - c, count })}\n`);
  process.exit(0);
}

const listings = readListings(file, limit);
let chars = 0;
for (const l of listings) chars += textChars(l);
const { terms } = packTerms();

/** Runs one contender's process and returns its report. */
function pass(name) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file, '--listings', String(limit), '--contender', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const times = Object.fromEntries(NAMES.map((k) => [k, []]));
// CPU time of the same passes: less disturbed than wall time when other processes share the cores.
const cpuTimes = Object.fromEntries(NAMES.map((k) => [k, []]));
const counts = {};
const buildMs = {};
for (let r = 0; r < runs; r++) {
  for (const name of NAMES) {
    const x = pass(name);
    times[name].push(x.ms);
    cpuTimes[name].push(x.cpuMs);
    counts[name] = x.count;
    buildMs[name] = x.buildMs;
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
  buildMs,
  rows,
  ratioVsFastscan: rows[1].medianMs / rows[0].medianMs,
  ratioVsMint: rows[2].medianMs / rows[0].medianMs,
  cpuRatioVsFastscan: rows[1].cpuMedianMs / rows[0].cpuMedianMs,
});
