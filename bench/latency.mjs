// Latency of one engine.scan, measured with process.hrtime.bigint around each call after a warm-up:
// titles from the corpus (one listing = {id, title}), and 2,000-character descriptions built by joining
// real shopping reviews (one listing = {id, description}; synthetic text when the shared data is absent).
//
// usage: node bench/latency.mjs CORPUS.jsonl [--titles N] [--descriptions N]
import { createEngine } from '../dist/index.js';
import { emit, flags, log, percentile, readListings, realReviews, rng } from './lib/common.mjs';
import { syntheticDescription } from './corpus.mjs';

const opt = flags();
const file = opt._[0];
if (!file) throw new Error('usage: node bench/latency.mjs CORPUS.jsonl [--titles N] [--descriptions N]');
const nTitles = Number(opt.titles ?? 20_000);
const nDesc = Number(opt.descriptions ?? 1_000);
const DESC_LEN = 2000;

const titles = readListings(file, nTitles).map((l, i) => ({ id: `t-${i}`, title: l.title }));

// Deterministic choice of reviews, joined with the full stop a seller would use, cut to 2,000 characters.
const reviews = realReviews();
const rnd = rng(4242);
const descriptions = [];
for (let i = 0; i < nDesc; i++) {
  let d = '';
  while (d.length < DESC_LEN) d += (reviews ? reviews[rnd(reviews.length)] : syntheticDescription(rnd)) + '。';
  descriptions.push({ id: `d-${i}`, description: d.slice(0, DESC_LEN) });
}

const engine = createEngine();

function measure(listings, warmPasses) {
  for (let w = 0; w < warmPasses; w++) for (const l of listings) engine.scan(l);
  const ns = new Float64Array(listings.length);
  let flagged = 0;
  for (let i = 0; i < listings.length; i++) {
    const t0 = process.hrtime.bigint();
    const r = engine.scan(listings[i]);
    ns[i] = Number(process.hrtime.bigint() - t0);
    if (r.verdict !== 'pass') flagged++;
  }
  const us = [...ns].map((x) => x / 1000).sort((a, b) => a - b);
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  return { samples: us.length, p50: percentile(us, 50), p90: percentile(us, 90), p99: percentile(us, 99), max: us[us.length - 1], mean, flagged };
}

// Several warm-up passes: a listing that leaves the clean-listing filter is rare (about 1 in 200 titles), so
// after one pass the full path may not be optimized yet, and its interpreted runs land right on the p99.
const t = measure(titles, 4);
log(`  titles: p50 ${t.p50.toFixed(1)} µs, p99 ${t.p99.toFixed(1)} µs`);
const d = measure(descriptions, 3);
log(`  2,000-char descriptions: p50 ${d.p50.toFixed(1)} µs, p99 ${d.p99.toFixed(1)} µs`);
emit({
  titles: { ...t, meanChars: titles.reduce((a, l) => a + l.title.length, 0) / titles.length },
  descriptions: { ...d, chars: DESC_LEN, source: reviews ? 'real reviews (../shared/data/benign-reviews)' : 'synthetic (bench/corpus.mjs)' },
});
