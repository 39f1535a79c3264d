#!/usr/bin/env node
// `npm run bench`: builds (via the npm script), then measures jinshou against its targets and its naive
// peers, prints one table and writes it as JSON to bench/out/results.json. Every row carries the command
// that reproduces it (run from the project root, after the corpus command printed at the top).
//
// usage: node bench/run.mjs [--quick | --full] [--only 1,2,…] [--listings N] [--inproc-listings N] [--runs N]
//   --quick              (default) everything except streaming a 1 GB file through `jinshou scan`
//   --full               also the 1 GB streaming-memory measurement (section 5; adds several minutes)
//   --only 1,3           run only these sections (1 in-process throughput, 2 whole process, 3 latency,
//                        4 cold start, 5 memory, 6 workers, 7 growth)
//   --listings N         listings in the whole-process corpus (default 200000)
//   --inproc-listings N  listings of the corpus used in-process by sections 1 and 7 (default 50000 / 20000)
//   --runs N             timed passes of section 1 (default 5)
//   --workers-listings N listings of the second, crawl-sized corpus of section 6 (default 1000000)
//   --big-bytes N        size of the streamed file of --full (default 1e9)
//   --out FILE           where the JSON goes (default bench/out/results.json)
//   --synthetic          use bench/corpus.mjs even when ../shared (real titles) is there
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CLI, ROOT, RULES, SHARED_CORPUS_TOOL, WORK, cpuPressure, ensureWork, flags, machine, median, shown } from './lib/common.mjs';

const opt = flags();
const FULL = Boolean(opt.full) && !opt.quick;
const ONLY = opt.only ? new Set(String(opt.only).split(',').map(Number)) : null;
const N = Number(opt.listings ?? 200_000);
const INPROC_N = Number(opt['inproc-listings'] ?? 50_000);
const GROWTH_N = Math.min(INPROC_N, 20_000);
const RUNS = Number(opt.runs ?? 5);
const WORKERS_N = Number(opt['workers-listings'] ?? 1_000_000);
const BIG_BYTES = Number(opt['big-bytes'] ?? 1e9);
const PROC_RUNS = 3;
/** Runs of the target row of section 6: its ratio is read from one bench, on a machine whose speed drifts. */
const WORKERS_RUNS = 5;
const COLD_RUNS = 5;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const NODE = process.execPath;
const want = (s) => !ONLY || ONLY.has(s);
const say = (...a) => process.stderr.write(a.join(' ') + '\n');

if (!existsSync(CLI)) {
  say('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`.');
  process.exit(2);
}
ensureWork();
const started = new Date();
const mach = machine();
say(`jinshou bench — ${FULL ? 'full' : 'quick'} mode`);
const pressureText = (p) => (p ? `; CPU pressure ${p.avg10}% (10 s) ${p.avg60}% (60 s)` : '');
say(`machine: ${mach.cpu}, ${mach.cores} cores, Node ${mach.node}, ${mach.os}, ${mach.memoryGB} GB; load average ${mach.loadavg.join(' ')}${pressureText(mach.cpuPressure)}`);
const busy = () => {
  const p = cpuPressure();
  return p ? p.avg10 > 20 : loadavg()[0] > mach.cores;
};
if (busy()) say('warning: the machine is busy (other processes want the CPUs): wall-clock figures will be inflated; compare the CPU-time figures.');

// ---------------------------------------------------------------------------------------------- helpers

let procCount = 0;

/** Runs a command; wall time measured here, peak RSS and CPU time by /usr/bin/time when available. */
function runProc(args, { stdin, stdout, env, sampleRss } = {}) {
  return new Promise((resolve, reject) => {
    // One file per run: section 6 runs two commands at once.
    const timeFile = join(WORK, `.time-${process.pid}-${++procCount}`);
    const argv = TIME ? [TIME, '-f', '%M %U %S', '-o', timeFile, ...args] : args;
    const inFd = stdin ? openSync(stdin, 'r') : 'ignore';
    const outFd = stdout ? openSync(stdout, 'w') : 'ignore';
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: [inFd, outFd, 'pipe'], env: { ...process.env, ...env } });
    // Optionally samples the resident set of the measured process (Linux /proc) once a second.
    const samples = [];
    const sampler = sampleRss
      ? setInterval(() => {
          const pid = TIME ? readChildPid(child.pid) : child.pid;
          const kb = pid ? rssOf(pid) : undefined;
          if (kb !== undefined) samples.push({ s: Number(process.hrtime.bigint() - t0) / 1e9, rssMB: kb / 1024 });
        }, 1000)
      : undefined;
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (sampler) clearInterval(sampler);
      if (typeof inFd === 'number') closeSync(inFd);
      if (typeof outFd === 'number') closeSync(outFd);
      let maxRssMB, cpuS;
      if (TIME && existsSync(timeFile)) {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        maxRssMB = last[0] / 1024;
        cpuS = last[1] + last[2];
        rmSync(timeFile, { force: true });
      }
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-2000)}`));
      resolve({ wallMs, maxRssMB, cpuS, ...(sampleRss ? { rssSamples: samples } : {}) });
    });
  });
}

function readChildPid(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || undefined;
  } catch {
    return undefined;
  }
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs one of the bench/*.mjs measurement scripts and returns the result object it emits. */
function runScript(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => {
      const m = /@@RESULT (.*)\n?$/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`${script} failed (exit ${code}): ${err.slice(-3000)}`));
      resolve(JSON.parse(m[1]));
    });
  });
}

/** Time from spawning the CLI to the first result line on stdout, with one listing on stdin. */
function timeToFirstLine(args, input) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(NODE, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let first;
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (first === undefined && out.includes('\n')) first = Number(process.hrtime.bigint() - t0) / 1e6;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && first !== undefined ? resolve({ firstMs: first, line: out.split('\n')[0] }) : reject(new Error(`no result line (exit ${code})`))));
    child.stdin.end(input);
  });
}

/** Which built-in packs the build-time cache (dist/packs.cache.json) still matches, by file hash. */
function packCacheState() {
  let cached = new Set();
  try {
    cached = new Set(JSON.parse(readFileSync(join(ROOT, 'dist/packs.cache.json'), 'utf8')).packs.map((p) => p.bytes));
  } catch {
    /* no cache: every pack is stale */
  }
  const files = readdirSync(RULES).filter((f) => /\.ya?ml$/.test(f));
  const stale = files.filter((f) => !cached.has(createHash('sha256').update(readFileSync(join(RULES, f))).digest('hex')));
  return { files: files.length, stale };
}

const countLines = (file) =>
  new Promise((resolve, reject) => {
    let n = 0;
    createReadStream(file)
      .on('data', (b) => {
        for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
      })
      .on('end', () => resolve(n))
      .on('error', reject);
  });

const q = (s) => (/^[\w./=,:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const cmd = (...parts) => parts.map(q).join(' ');
const timeCmd = (...parts) => (TIME ? `/usr/bin/time -f %M ${cmd(...parts)}` : cmd(...parts));
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const loadNow = () => loadavg().map((x) => Math.round(x * 100) / 100);

// ------------------------------------------------------------------------------------------------ corpus

const useShared = existsSync(SHARED_CORPUS_TOOL) && !opt.synthetic;
/** The corpus file of `n` listings, the command that writes it, and writing it. */
const corpusFile = (n) => join(WORK, `corpus-${opt.synthetic ? 'synthetic-' : ''}${n}.jsonl`);
const corpusCommand = (n) => `${useShared ? 'node ../shared/tools/make-perf-corpus.mjs' : 'node bench/corpus.mjs'} ${n} > ${corpusFile(n)}`;
/** Writes the first and the second half of a JSONL file's lines to files of their own. */
function splitInHalves(file) {
  const bytes = readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  const firstLines = Math.ceil(lines / 2);
  let cut = -1;
  for (let n = 0; n < firstLines; n++) cut = bytes.indexOf(10, cut + 1);
  const paths = [file.replace(/\.jsonl$/, '-half1.jsonl'), file.replace(/\.jsonl$/, '-half2.jsonl')];
  writeFileSync(paths[0], bytes.subarray(0, cut + 1));
  writeFileSync(paths[1], bytes.subarray(cut + 1));
  return { paths, firstLines };
}
const makeCorpus = (n) => runProc([NODE, useShared ? SHARED_CORPUS_TOOL : join(ROOT, 'bench/corpus.mjs'), String(n)], { stdout: corpusFile(n) });
const corpus = corpusFile(N);
const corpusCmd = corpusCommand(N);
say(`\ncorpus: ${corpusCmd}`);
await makeCorpus(N);
const corpusBytes = statSync(corpus).size;
const small = join(WORK, 'corpus-1000.jsonl');
writeFileSync(small, readFileSync(corpus, 'utf8').split('\n').slice(0, 1000).join('\n') + '\n');
const oneListing = readFileSync(corpus, 'utf8').slice(0, 4096).split('\n')[0] + '\n';

const rows = [];
const sections = {};
const errors = [];
/** One table row. value: the main figure as text; target/ok optional. */
function row(section, what, value, extra = {}) {
  rows.push({ section, what, value, ...extra });
}

async function section(n, title, fn) {
  if (!want(n)) return;
  say(`\n[${n}] ${title}`);
  const loadBefore = loadNow();
  const pressureBefore = cpuPressure();
  const t0 = Date.now();
  try {
    sections[n] = { title, ...(await fn()) };
  } catch (e) {
    say(`  FAILED: ${e.message}`);
    errors.push({ section: n, error: e.message });
    row(n, title, 'FAILED', { note: e.message.split('\n')[0].slice(0, 300) });
    sections[n] = { title, error: e.message };
  }
  sections[n].seconds = (Date.now() - t0) / 1000;
  sections[n].loadavg = { before: loadBefore, after: loadNow() };
  sections[n].cpuPressure = { before: pressureBefore, after: cpuPressure() };
}

// -------------------------------------------------------------------------------------------- sections

await section(1, 'In-process throughput: engine.scan vs fastscan vs mint-filter', async () => {
  const args = [corpus, '--listings', String(INPROC_N), '--runs', String(RUNS)];
  const r = await runScript('bench/inproc.mjs', args);
  const c = cmd('node', 'bench/inproc.mjs', ...args);
  for (const x of r.rows) {
    row(1, `${x.name}${x.name === 'jinshou' ? ' engine.scan' : ` (${r.terms} exact terms)`}, ${fmt(r.listings)} listings`, `${fmt(x.listingsPerSec)} listings/s, ${fmt(x.mCharsPerSec, 2)} M chars/s (per CPU-second: ${fmt((r.listings / x.cpuMedianMs) * 1000)} listings/s)`, { command: c, data: x });
  }
  row(1, 'ratio jinshou / fastscan (throughput)', `${fmt(r.ratioVsFastscan, 2)}× (CPU-time ratio ${fmt(r.cpuRatioVsFastscan, 2)}×)`, { target: '≥ 2×', ok: r.ratioVsFastscan >= 2, command: c });
  return r;
});

const wallByWorkers = {};
await section(2, `Whole process: jinshou scan vs fastscan script, ${fmt(N)} listings JSONL in and out`, async () => {
  const outJ = join(WORK, 'out-jinshou.jsonl');
  const outF = join(WORK, 'out-fastscan.jsonl');
  const jArgs = [NODE, CLI, 'scan', corpus];
  const fArgs = [NODE, join(ROOT, 'bench/peers/fastscan-scan.mjs'), corpus];
  const j = [];
  const f = [];
  for (let r = 0; r < PROC_RUNS; r++) {
    j.push(await runProc(jArgs, { stdout: outJ }));
    f.push(await runProc(fArgs, { stdout: outF }));
    say(`  run ${r + 1}/${PROC_RUNS}: jinshou ${(j[r].wallMs / 1000).toFixed(2)} s, fastscan script ${(f[r].wallMs / 1000).toFixed(2)} s`);
  }
  const [lj, lf] = [await countLines(outJ), await countLines(outF)];
  if (lj !== N || lf !== N) throw new Error(`expected ${N} output lines, got jinshou ${lj}, fastscan ${lf}`);
  const summary = (xs) => ({ wallMs: median(xs.map((x) => x.wallMs)), runsMs: xs.map((x) => Math.round(x.wallMs)), cpuS: median(xs.map((x) => x.cpuS ?? NaN)), maxRssMB: Math.max(...xs.map((x) => x.maxRssMB ?? NaN)) });
  const js = summary(j);
  const fs = summary(f);
  wallByWorkers[0] = js;
  const jc = `${timeCmd('node', 'dist/cli.cjs', 'scan', corpus)} > ${outJ}`;
  const fc = `${timeCmd('node', 'bench/peers/fastscan-scan.mjs', corpus)} > ${outF}`;
  row(2, 'jinshou scan (workers 0, the default)', `${fmt(js.wallMs / 1000, 2)} s wall, ${fmt((N / js.wallMs) * 1000)} listings/s, CPU ${fmt(js.cpuS, 1)} s, max RSS ${fmt(js.maxRssMB)} MB`, { command: jc, data: js });
  row(2, 'fastscan script (bench/peers/fastscan-scan.mjs)', `${fmt(fs.wallMs / 1000, 2)} s wall, ${fmt((N / fs.wallMs) * 1000)} listings/s, CPU ${fmt(fs.cpuS, 1)} s, max RSS ${fmt(fs.maxRssMB)} MB`, { command: fc, data: fs });
  const ratio = js.wallMs / fs.wallMs;
  row(2, 'wall-time ratio jinshou / fastscan script', `${fmt(ratio, 2)}× (CPU-time ratio ${fmt(js.cpuS / fs.cpuS, 2)}×)`, { target: '≤ 1.0×', ok: ratio <= 1, command: `${jc}; ${fc}` });
  return { jinshou: js, fastscan: fs, ratio, outputLines: lj };
});

await section(3, 'Latency per listing (engine.scan, after warm-up)', async () => {
  const args = [corpus, '--titles', '20000', '--descriptions', '1000'];
  const r = await runScript('bench/latency.mjs', args);
  const c = cmd('node', 'bench/latency.mjs', ...args);
  row(3, `title (mean ${fmt(r.titles.meanChars)} chars), ${fmt(r.titles.samples)} samples`, `p50 ${fmt(r.titles.p50, 1)} µs, p99 ${fmt(r.titles.p99, 1)} µs (max ${fmt(r.titles.max)} µs)`, { command: c, data: r.titles });
  row(3, `2,000-char description (${r.descriptions.source.split(' (')[0]}), ${fmt(r.descriptions.samples)} samples`, `p50 ${fmt(r.descriptions.p50, 1)} µs, p99 ${fmt(r.descriptions.p99, 1)} µs (max ${fmt(r.descriptions.max)} µs)`, { command: c, data: r.descriptions });
  return r;
});

await section(4, 'Cold start: process start to first result, built-in packs', async () => {
  const bare = [];
  const cli = [];
  const lib = [];
  const libCode = 'require("./dist/index.cjs").createEngine().scan({title:"x"})';
  // One unmeasured round first, so every measured round finds the files in the page cache.
  await runProc([NODE, '-e', '']);
  await timeToFirstLine([CLI, 'scan'], oneListing);
  for (let r = 0; r < COLD_RUNS; r++) {
    bare.push((await runProc([NODE, '-e', ''])).wallMs);
    cli.push((await timeToFirstLine([CLI, 'scan'], oneListing)).firstMs);
    lib.push((await runProc([NODE, '-e', libCode])).wallMs);
  }
  const cache = packCacheState();
  const res = { bareMs: median(bare), cliFirstLineMs: median(cli), libMs: median(lib), runs: { bare, cli, lib }, packCache: cache };
  if (cache.stale.length) say(`  note: dist/packs.cache.json is stale for ${cache.stale.join(', ')} (edited since the build): their YAML was parsed at every start.`);
  row(4, "bare `node -e ''` (context)", `${fmt(res.bareMs)} ms`, { command: `time node -e ''`, data: { runsMs: bare } });
  const cacheNote = cache.stale.length ? ` (pack cache stale for ${cache.stale.length} of ${cache.files} packs: YAML parsed)` : '';
  row(4, `\`jinshou scan\`, one listing on stdin → first output line${cacheNote}`, `${fmt(res.cliFirstLineMs)} ms (${fmt(res.cliFirstLineMs - res.bareMs)} ms over bare node)`, { target: '< 300 ms', ok: res.cliFirstLineMs < 300, command: `head -1 ${corpus} | node dist/cli.cjs scan   # timed to the first line by bench/run.mjs`, data: { runsMs: cli } });
  row(4, `require + createEngine() + scan (CJS)${cacheNote}`, `${fmt(res.libMs)} ms (${fmt(res.libMs - res.bareMs)} ms over bare node)`, { target: '< 300 ms', ok: res.libMs < 300, command: `time node -e ${q(libCode)}`, data: { runsMs: lib } });
  return res;
});

await section(5, 'Peak memory with the built-in packs', async () => {
  const r = await runScript('bench/memory.mjs', [corpus]);
  const peak = Math.max(r.afterScan.rssMB, r.afterScan.maxRssMB);
  row(5, `in-process, after scanning ${fmt(r.listings)} listings`, `rss ${fmt(r.afterScan.rssMB)} MB, maxRSS ${fmt(r.afterScan.maxRssMB)} MB (after createEngine ${fmt(r.afterCreate.rssMB)} MB; modules only ${fmt(r.atStart.rssMB)} MB)`, { target: '< 150 MB', ok: peak < 150, command: cmd('node', 'bench/memory.mjs', corpus), data: r });
  const smallRun = await runProc([NODE, CLI, 'scan', small], { stdout: '/dev/null' });
  row(5, '`jinshou scan`, 1,000 listings (small file)', `max RSS ${fmt(smallRun.maxRssMB)} MB`, { command: `${timeCmd('node', 'dist/cli.cjs', 'scan', small)} > /dev/null`, data: smallRun });
  const res = { inProcess: r, smallFile: smallRun };
  let mediumRss = wallByWorkers[0]?.maxRssMB;
  if (mediumRss === undefined) mediumRss = (await runProc([NODE, CLI, 'scan', corpus], { stdout: '/dev/null' })).maxRssMB;
  row(5, `\`jinshou scan\`, ${fmt(N)} listings (${fmt(corpusBytes / 2 ** 20)} MB)`, `max RSS ${fmt(mediumRss)} MB`, { command: `${timeCmd('node', 'dist/cli.cjs', 'scan', corpus)} > ${join(WORK, 'out-jinshou.jsonl')}` });
  if (!FULL) {
    row(5, '`jinshou scan`, 1 GB JSONL streamed', 'skipped (quick mode; `node bench/run.mjs --full`)');
    return res;
  }
  const big = join(WORK, 'big-1g.jsonl');
  try {
    say('  writing a 1 GB JSONL file by repeating the corpus …');
    await new Promise((resolve, reject) => {
      const w = createWriteStream(big);
      const chunk = readFileSync(corpus);
      let written = 0;
      const more = () => {
        while (written < BIG_BYTES) {
          written += chunk.length;
          if (!w.write(chunk)) return w.once('drain', more);
        }
        w.end(resolve);
      };
      w.on('error', reject);
      more();
    });
    const bytes = statSync(big).size;
    const listings = Math.round((bytes / corpusBytes) * N);
    say(`  scanning ${fmt(bytes / 1e9, 2)} GB (${fmt(listings)} listings) …`);
    const b = await runProc([NODE, CLI, 'scan', big], { stdout: '/dev/null', sampleRss: true });
    // Resident set at a quarter, half, three quarters of the run and at its end: flat means bounded.
    const at = (q) => b.rssSamples?.length ? b.rssSamples[Math.min(b.rssSamples.length - 1, Math.floor(q * b.rssSamples.length))].rssMB : undefined;
    const curve = b.rssSamples?.length ? `; RSS at 25/50/75/100% of the run ${[0.25, 0.5, 0.75, 1].map((q) => fmt(at(q))).join('/')} MB` : '';
    const medium = mediumRss;
    const versus = `${fmt(b.maxRssMB / smallRun.maxRssMB, 2)}× the 1,000-listing file${medium ? `, ${fmt(b.maxRssMB / medium, 2)}× the ${fmt(corpusBytes / 2 ** 20)} MB file` : ''}`;
    row(5, `\`jinshou scan\`, ${fmt(bytes / 1e9, 2)} GB JSONL streamed (${fmt(listings)} listings)`, `max RSS ${fmt(b.maxRssMB)} MB (${versus})${curve}; ${fmt(b.wallMs / 1000)} s wall, ${fmt((listings / b.wallMs) * 1000)} listings/s`, { target: 'bounded: ≈ a small file', ok: b.maxRssMB < (medium ?? smallRun.maxRssMB) * 1.25, command: `for i in $(seq ${Math.ceil(BIG_BYTES / corpusBytes)}); do cat ${corpus}; done > ${big}; ${timeCmd('node', 'dist/cli.cjs', 'scan', big)} > /dev/null; rm ${big}`, data: { ...b, bytes, listings } });
    res.bigFile = { ...b, bytes, listings };
  } finally {
    rmSync(big, { force: true });
  }
  return res;
});

await section(6, `Worker threads: jinshou scan --workers 1 / 2, ${fmt(N)} and ${fmt(WORKERS_N)} listings`, async () => {
  const out = join(WORK, 'out-workers.jsonl');
  // The speed-up is measured on a crawl-sized run too: every thread builds its engine and compiles its
  // hot code once, a fixed cost that weighs on a 200,000-listing run (~2 s) and fades on longer ones.
  const big = corpusFile(WORKERS_N);
  const bigCmd = corpusCommand(WORKERS_N);
  if (big !== corpus) await makeCorpus(WORKERS_N);
  // What the machine gives right now: the same CPU-bound loop on 1 and on 2 threads (before and after).
  const probeBefore = await runScript('bench/parallel-probe.mjs', []);
  const summary = (ys) => ({ wallMs: median(ys.map((x) => x.wallMs)), runsMs: ys.map((x) => Math.round(x.wallMs)), cpuS: median(ys.map((x) => x.cpuS ?? NaN)), maxRssMB: Math.max(...ys.map((x) => x.maxRssMB ?? NaN)) });
  // The control of the target row: the same listings as two halves, scanned by two separate
  // `--workers 1` processes at once. Nothing is shared between them (perfect sharding), so what they
  // reach is what two cores of this machine give this workload, whatever the thread pool does.
  const halves = big !== corpus ? splitInHalves(big) : undefined;
  const measure = async (file, listings, runs, control) => {
    const xs = { 1: [], 2: [], apart: [] };
    // Interleaved, so a change in the machine's load hits every arm alike.
    for (let r = 0; r < runs; r++) {
      for (const w of [1, 2]) {
        xs[w].push(await runProc([NODE, CLI, 'scan', '--workers', String(w), file], { stdout: out }));
        say(`  ${fmt(listings)} listings, --workers ${w}, run ${r + 1}/${runs}: ${(xs[w][r].wallMs / 1000).toFixed(2)} s`);
        const lines = await countLines(out);
        if (lines !== listings) throw new Error(`--workers ${w}: expected ${listings} output lines, got ${lines}`);
      }
      if (control) {
        const t0 = performance.now();
        const both = await Promise.all(control.map((half) => runProc([NODE, CLI, 'scan', half], { stdout: '/dev/null' })));
        xs.apart.push({ wallMs: performance.now() - t0, cpuS: both[0].cpuS + both[1].cpuS, maxRssMB: Math.max(both[0].maxRssMB, both[1].maxRssMB) });
        say(`  ${fmt(listings)} listings as two halves, two processes at once, run ${r + 1}/${runs}: ${(xs.apart[r].wallMs / 1000).toFixed(2)} s`);
      }
    }
    return { 1: summary(xs[1]), 2: summary(xs[2]), ...(control ? { apart: summary(xs.apart) } : {}) };
  };
  const bySize = { [N]: await measure(corpus, N, PROC_RUNS), ...(big !== corpus ? { [WORKERS_N]: await measure(big, WORKERS_N, WORKERS_RUNS, halves?.paths) } : {}) };
  const probeAfter = await runScript('bench/parallel-probe.mjs', []);
  wallByWorkers[1] = bySize[N][1];
  wallByWorkers[2] = bySize[N][2];
  if (!wallByWorkers[0]) {
    const ys = [];
    for (let r = 0; r < PROC_RUNS; r++) ys.push(await runProc([NODE, CLI, 'scan', corpus], { stdout: out }));
    wallByWorkers[0] = summary(ys);
  }
  const label = { 1: ' (this thread only)', 2: ' (this thread and one worker thread)' };
  const speedups = {};
  let controlSpeedup;
  for (const [size, file] of [[N, corpus], [WORKERS_N, big]]) {
    const byW = bySize[size];
    if (!byW) continue;
    for (const w of [1, 2]) {
      const x = byW[w];
      row(6, `${fmt(size)} listings, --workers ${w}${label[w]}`, `${fmt(x.wallMs / 1000, 2)} s wall, ${fmt((size / x.wallMs) * 1000)} listings/s, CPU ${fmt(x.cpuS, 1)} s, max RSS ${fmt(x.maxRssMB)} MB`, { command: `${file === big && big !== corpus ? `${bigCmd}; ` : ''}${timeCmd('node', 'dist/cli.cjs', 'scan', '--workers', String(w), file)} > ${out}`, data: x });
    }
    const speedup = byW[1].wallMs / byW[2].wallMs;
    speedups[size] = speedup;
    // The target is read on the longest run: a crawl, not a start-up.
    const isTarget = size === WORKERS_N;
    const runs = byW[1].runsMs.length;
    row(6, `${fmt(size)} listings, speed-up --workers 2 over --workers 1`, `${fmt(speedup, 2)}× (median of ${runs} interleaved runs each: ${byW[1].runsMs.map((m) => fmt(m / 1000, 2)).join(' / ')} s vs ${byW[2].runsMs.map((m) => fmt(m / 1000, 2)).join(' / ')} s)`, isTarget ? { target: '≥ 1.8× on 2 cores', ok: speedup >= 1.8 } : {});
    if (byW.apart) {
      const apart = byW[1].wallMs / byW.apart.wallMs;
      controlSpeedup = apart;
      row(6, `${fmt(size)} listings, control: two separate --workers 1 processes at once, each on half the listings`, `${fmt(apart, 2)}× over --workers 1 on all (median of ${runs}: ${byW.apart.runsMs.map((m) => fmt(m / 1000, 2)).join(' / ')} s). Nothing is shared: this is perfect sharding on two cores of this machine, and --workers 2 reaches ${fmt((100 * speedup) / apart)}% of it`, { command: `${bigCmd}; head -n ${halves.firstLines} ${big} > ${halves.paths[0]}; tail -n +${halves.firstLines + 1} ${big} > ${halves.paths[1]}; time (node dist/cli.cjs scan ${halves.paths[0]} > /dev/null & node dist/cli.cjs scan ${halves.paths[1]} > /dev/null; wait)`, data: byW.apart });
    }
    // CPU time is much less disturbed by other processes than wall time: if the two threads overlapped
    // perfectly, wall time would be their CPU time / 2, so this bounds the speed-up from above.
    const bound = byW[1].cpuS && byW[2].cpuS ? (2 * byW[1].cpuS) / byW[2].cpuS : undefined;
    if (bound) row(6, `${fmt(size)} listings, best speed-up the CPU time allows: 2 × CPU(--workers 1) / CPU(--workers 2)`, `${fmt(bound, 2)}× (two threads spend ${fmt(byW[2].cpuS / byW[1].cpuS, 2)}× the CPU time of one)`);
  }
  row(6, 'machine check: a CPU-bound loop on 2 threads vs 1 (before / after)', `${fmt(probeBefore.speedup, 2)}× / ${fmt(probeAfter.speedup, 2)}× (what this machine allowed during the run)`, { command: 'node bench/parallel-probe.mjs' });
  if (big !== corpus) rmSync(big, { force: true });
  for (const half of halves?.paths ?? []) rmSync(half, { force: true });
  return { bySize, speedups, controlSpeedup, machineSpeedup: { before: probeBefore, after: probeAfter } };
});

await section(7, 'Growth: built-in packs plus generated terms (10×, 100× the built-in term count)', async () => {
  const out = {};
  // The pack-defaults variant compiles slowly at 100× (about a minute); quick mode stops it at 10×.
  for (const [variant, factors] of [['plain', '1,10,100'], ['defaults', FULL ? '1,10,100' : '1,10']]) {
    const args = [corpus, '--variant', variant, '--listings', String(GROWTH_N), '--runs', '3', '--factors', factors];
    const r = await runScript('bench/growth.mjs', args);
    const c = cmd('node', 'bench/growth.mjs', ...args);
    const label = variant === 'plain' ? 'exact spelling only' : 'pack defaults: + pinyin, homophones';
    for (const x of r.rows) {
      row(7, `${x.factor}×, ${label} (${fmt(x.terms)} terms; built in ${fmt(x.buildMs / 1000, 1)} s)`, `${fmt(x.listingsPerSec)} listings/s, ${fmt(x.mCharsPerSec, 2)} M chars/s, ${fmt(x.relative, 2)}× of 1× (CPU ${fmt(x.relativeCpu, 2)}×)`, { ...(x.factor > 1 ? { target: 'near flat (≥ 0.8×)', ok: x.relative >= 0.8 } : {}), command: c, data: x });
    }
    out[variant] = r;
  }
  return out;
});

// What the whole-process figures mean for a full marketplace crawl of 210 million listings.
const TOTAL = 210e6;
const dur = (h) => (h >= 1 ? `${fmt(h, 1)} h` : `${fmt(h * 60)} min`);
if (wallByWorkers[0]) {
  const est = {};
  const hours = (x) => TOTAL / ((N / x) * 3600);
  const w0 = wallByWorkers[0];
  est.oneCoreWallHours = hours(w0.wallMs / 1000);
  est.oneCoreCpuHours = w0.cpuS ? hours(w0.cpuS) : undefined;
  row(8, '210 M listings, `jinshou scan` on one core (this run, wall)', dur(est.oneCoreWallHours));
  if (est.oneCoreCpuHours) row(8, '210 M listings, CPU time of the same (≈ one idle core)', `${fmt(est.oneCoreCpuHours, 1)} CPU-hours → ${dur(est.oneCoreCpuHours / 8)} on 8 cores, ${dur(est.oneCoreCpuHours / 32)} on 32 cores if workers scaled linearly`);
  if (wallByWorkers[2]) {
    est.twoWorkersWallHours = hours(wallByWorkers[2].wallMs / 1000);
    row(8, '210 M listings, `jinshou scan --workers 2` on this 2-core machine (wall)', dur(est.twoWorkersWallHours));
  }
  sections[8] = { title: 'What it means for 210 million listings', ...est };
}

// ------------------------------------------------------------------------------------------------ report

function commandList() {
  const seen = new Map();
  for (const r of rows) if (r.command && !seen.has(r.command)) seen.set(r.command, r.section);
  return [...seen].map(([c, s]) => `  [${s}] ${c}`);
}

const finished = new Date();
const status = (r) => (r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED');
const table = [['#', 'measurement', 'result', 'target', '']].concat(rows.map((r) => [String(r.section), r.what, r.value, r.target ?? '', status(r)]));
const width = (s) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) && !/[—×≥≤≈µ→…]/.test(ch) ? 2 : 1), 0);
const widths = table[0].map((_, i) => Math.max(...table.map((r) => width(r[i]))));
const line = (r) => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ').trimEnd();
const text = [
  '',
  `jinshou bench (${FULL ? 'full' : 'quick'}) — ${finished.toISOString()}`,
  `machine: ${mach.cpu}, ${mach.cores} cores, Node ${mach.node}, ${mach.os}; load average at start ${mach.loadavg.join(' ')}, at end ${loadNow().join(' ')}${pressureText(cpuPressure())}`,
  `corpus: ${fmt(N)} listings, ${fmt(corpusBytes / 2 ** 20, 1)} MB (${useShared ? 'real titles, ../shared' : 'synthetic, bench/corpus.mjs'}): ${corpusCmd}`,
  '',
  line(table[0]),
  widths.map((w) => '-'.repeat(w)).join('-|-'),
  ...table.slice(1).map(line),
  '',
  'commands (run from the project root after `npm run build` and the corpus command above):',
  ...commandList(),
  ...(errors.length ? ['', 'errors:', ...errors.map((e) => `  [${e.section}] ${e.error.split('\n')[0]}`)] : []),
  '',
].join('\n');
process.stdout.write(text);

const outFile = opt.out ? resolve(String(opt.out)) : join(ROOT, 'bench/out/results.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(
  outFile,
  JSON.stringify(
    {
      mode: FULL ? 'full' : 'quick',
      started: started.toISOString(),
      finished: finished.toISOString(),
      seconds: (finished - started) / 1000,
      machine: { ...mach, loadavgAtEnd: loadNow() },
      corpus: { file: corpus, listings: N, bytes: corpusBytes, source: useShared ? 'shared real titles' : 'synthetic', command: corpusCmd },
      rows: rows.map(({ data, ...r }) => ({ ...r, ...(data ? { data } : {}) })),
      sections,
      errors,
      table: text,
    },
    null,
    2,
  ) + '\n',
);
say(`written ${shown(outFile)} in ${((finished - started) / 1000).toFixed(0)} s`);
process.exitCode = errors.length ? 1 : 0;
