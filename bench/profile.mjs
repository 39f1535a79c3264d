// CPU profile of engine.scan alone (loading and warm-up excluded): scans the corpus under the V8 sampling
// profiler, writes the .cpuprofile (open it in Chrome DevTools) and prints the functions by self time
// and the hottest source lines of the top engine functions.
//
// usage: node bench/profile.mjs CORPUS.jsonl [--listings N] [--passes P] [--out bench/out/scan.cpuprofile]
import { Session } from 'node:inspector/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createEngine } from '../dist/index.js';
import { ROOT, flags, readListings } from './lib/common.mjs';

const opt = flags();
const file = opt._[0];
if (!file) throw new Error('usage: node bench/profile.mjs CORPUS.jsonl [--listings N] [--passes P] [--out FILE]');
const listings = readListings(file, Number(opt.listings ?? 50_000));
const passes = Number(opt.passes ?? 4);
const out = opt.out ? String(opt.out) : join(ROOT, 'bench/out/scan.cpuprofile');

const engine = createEngine();
for (const l of listings) engine.scan(l); // warm-up

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let p = 0; p < passes; p++) for (const l of listings) engine.scan(l);
const ms = performance.now() - t0;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(profile));

// Self time per function, and per line within functions (positionTicks).
const total = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
const byFn = new Map();
for (const n of profile.nodes) {
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^.*\//, '') : ''}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  const e = byFn.get(key) ?? { ticks: 0, url: f.url, lines: new Map() };
  e.ticks += n.hitCount ?? 0;
  for (const t of n.positionTicks ?? []) e.lines.set(t.line, (e.lines.get(t.line) ?? 0) + t.ticks);
  byFn.set(key, e);
}
const pct = (x) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
console.log(`engine.scan: ${listings.length} listings × ${passes} passes in ${ms.toFixed(0)} ms (${((listings.length * passes) / ms * 1000).toFixed(0)} listings/s under the profiler); ${total} samples`);
console.log('\nself time by function:');
const top = [...byFn].sort((a, b) => b[1].ticks - a[1].ticks).slice(0, 20);
for (const [k, e] of top) console.log(`  ${pct(e.ticks)}  ${k}`);
const sources = new Map();
const srcLine = (url, line) => {
  if (!url.startsWith('file://')) return '';
  if (!sources.has(url)) sources.set(url, readFileSync(new URL(url), 'utf8').split('\n'));
  return (sources.get(url)[line - 1] ?? '').trim().slice(0, 100);
};
for (const [k, e] of top.filter(([, e]) => e.url.includes('/dist/')).slice(0, 3)) {
  console.log(`\nhottest lines of ${k}:`);
  for (const [line, t] of [...e.lines].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${pct(t)}  L${line}  ${srcLine(e.url, line)}`);
}
console.log(`\nprofile written to ${out}`);
