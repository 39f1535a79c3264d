// A crawler keeps only the listings that need attention: JSONL in on stdin, flagged results out on stdout.
// Run after `npm run build`:  node examples/crawler-filter.mjs < examples/listings.jsonl
// (For big files, `jinshou scan --flagged-only --workers 2 FILE` does the same across cores.)
import { createInterface } from 'node:readline';
import { createEngine } from '../dist/index.js';

const engine = createEngine();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

async function* listings() {
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line);
    } catch {
      // Never lose a record silently: report the unreadable line.
      process.stderr.write(`line ${n}: not JSON\n`);
    }
  }
}

let flagged = 0;
for await (const result of engine.scanMany(listings())) {
  if (result.verdict === 'pass') continue;
  flagged++;
  process.stdout.write(`${JSON.stringify({ id: result.id, verdict: result.verdict, categories: [...new Set(result.findings.map((f) => f.category))] })}\n`);
}
process.stderr.write(`${flagged} flagged\n`);
