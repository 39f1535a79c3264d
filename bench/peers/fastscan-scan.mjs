#!/usr/bin/env node
// The naive peer of `jinshou scan`, doing the same I/O: stream JSONL files (or stdin), split lines,
// JSON.parse, search title + description with fastscan (Aho–Corasick) for every `any:`/`codes:` term of the
// built-in packs, and write one JSONL line per record: {"id": …, "hits": [term, …]}.
//
// usage: node bench/peers/fastscan-scan.mjs [FILE…] > out.jsonl
import { createReadStream } from 'node:fs';
import FastScanner from 'fastscan';
import { packTerms } from '../lib/common.mjs';

const scanner = new FastScanner(packTerms().terms);
const out = process.stdout;
let pending = [];
let pendingBytes = 0;

function flush() {
  if (!pending.length) return true;
  const ok = out.write(pending.join(''));
  pending = [];
  pendingBytes = 0;
  return ok;
}

function onLine(line, lineNo) {
  if (!line.trim()) return;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch (e) {
    pending.push(JSON.stringify({ line: lineNo, error: String(e.message) }) + '\n');
    return;
  }
  const hits = [];
  if (typeof rec?.title === 'string') for (const [, w] of scanner.search(rec.title)) hits.push(w);
  if (typeof rec?.description === 'string') for (const [, w] of scanner.search(rec.description)) hits.push(w);
  const s = JSON.stringify({ id: rec?.id ?? null, hits }) + '\n';
  pending.push(s);
  pendingBytes += s.length;
}

async function scanStream(stream) {
  let rest = '';
  let lineNo = 0;
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    const text = rest + chunk;
    let p = 0;
    for (let e = text.indexOf('\n', p); e >= 0; e = text.indexOf('\n', p)) {
      onLine(text.slice(p, e), ++lineNo);
      p = e + 1;
    }
    rest = text.slice(p);
    // Back-pressure: wait for the output to drain before reading more.
    if (pendingBytes > 1 << 16 && !flush()) await new Promise((r) => out.once('drain', r));
  }
  if (rest) onLine(rest, ++lineNo);
  if (!flush()) await new Promise((r) => out.once('drain', r));
}

const files = process.argv.slice(2);
if (!files.length || (files.length === 1 && files[0] === '-')) await scanStream(process.stdin);
else for (const f of files) await scanStream(createReadStream(f, { highWaterMark: 1 << 16 }));
