#!/usr/bin/env node
// Lists every real product title the built CLI flags (verdict other than pass), from
// ../shared/data/benign-titles (5,531 real titles, no licence: read in place, never copied).
// usage: npm run build && node scripts/check-benign.mjs [--packs PATH]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const file = new URL('../../shared/data/benign-titles/taobao-titles-jie2019.unique.txt', import.meta.url).pathname;
if (!existsSync(file)) {
  console.error(`check-benign: ${file} not found (it lives beside the project, in ../shared)`);
  process.exit(2);
}
const out = execFileSync('node', ['dist/cli.cjs', 'scan', '--format', 'lines', ...process.argv.slice(2), file], { maxBuffer: 1 << 28 }).toString();
const titles = execFileSync('cat', [file]).toString().split('\n');
let flagged = 0;
for (const line of out.split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line);
  if (r.verdict === 'pass') continue;
  flagged++;
  const f = r.findings[0];
  console.log(`${r.id}\t${f.ruleId}\t${f.score}\t${titles[r.id - 1]}\t[${f.evidence.map((e) => e.text).join(', ')}]`);
}
console.log(`${flagged} of ${titles.filter(Boolean).length} titles flagged`);
