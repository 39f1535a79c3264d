/**
 * Build step (`npm run build` runs it as dist/precompile.cjs): validates the built-in packs and writes
 * dist/packs.cache.json, so that loading them at start-up skips YAML parsing (see cache.ts).
 * Fails the build when a built-in pack has an error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPacksDir } from '../engine.js';
import { formatDiagnostic } from './diagnostics.js';
import { loadPacks } from './load.js';
import { serializeCache } from './cache.js';
import { compilePacks } from './compile.js';

const { docs, diagnostics } = loadPacks([builtinPacksDir()]);
for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
if (diagnostics.some((d) => d.level === 'error')) process.exit(1);
const out = join(__dirname, 'packs.cache.json');
// Compiled in load order (packs first, overlays after), exactly as the engine compiles them.
const ordered = [...docs.filter((d) => d.kind === 'pack'), ...docs.filter((d) => d.kind === 'overlay')];
writeFileSync(out, serializeCache(docs.map((doc) => ({ bytes: readFileSync(doc.file), doc })), compilePacks(ordered)));
process.stderr.write(`precompiled ${docs.length} built-in packs into ${out}\n`);
