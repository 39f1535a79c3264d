// Peak memory of the engine with the built-in packs, in-process: streams the corpus (so the corpus itself
// is never held in memory), scans every listing, then reports process.memoryUsage() and the peak resident
// set (process.resourceUsage().maxRSS). The baselines show what Node itself and the compiled packs take.
//
// usage: node bench/memory.mjs CORPUS.jsonl
import { createEngine } from '../dist/index.js';
import { emit, flags, streamListings } from './lib/common.mjs';

const MB = 2 ** 20;
const snap = () => {
  const m = process.memoryUsage();
  return { rssMB: m.rss / MB, heapUsedMB: m.heapUsed / MB, externalMB: (m.external + m.arrayBuffers) / MB, maxRssMB: process.resourceUsage().maxRSS / 1024 };
};

const file = flags()._[0];
if (!file) throw new Error('usage: node bench/memory.mjs CORPUS.jsonl');
const atStart = snap();
const engine = createEngine();
const afterCreate = snap();
let n = 0;
let flagged = 0;
for await (const l of streamListings(file)) {
  if (engine.scan(l).verdict !== 'pass') flagged++;
  n++;
}
const afterScan = snap();
emit({ listings: n, flagged, atStart, afterCreate, afterScan });
