/**
 * Reading pack files safely: size and encoding checks, YAML parsing with positions, alias-bomb and
 * duplicate-key protection. Produces plain data plus a {@link SourceMap}; structure is checked later.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { SourceMap } from './document.js';
import { DiagnosticSink } from './diagnostics.js';

/** Largest pack file read (bytes). The built-in packs are far below it. */
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
/** Most YAML aliases a pack may use; aliases are rarely needed and expand exponentially when nested. */
const MAX_ALIASES = 50;
/** Keys that could reach Object.prototype in naive consumers; never meaningful in a pack. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A pack file parsed to plain data. */
export interface RawPack {
  file: string;
  data: unknown;
  source: SourceMap;
}

/** Lists pack files at a path: the file itself, or the `*.yaml`/`*.yml` files of a folder, sorted. */
export function packFilesAt(path: string, sink: DiagnosticSink): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    sink.push('P001', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return [];
  }
  if (!st.isDirectory()) return [resolve(path)];
  const files = readdirSync(path)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => resolve(join(path, f)));
  if (files.length === 0) sink.push('P009', `no *.yaml pack files in ${path}`);
  return files;
}

/** Reads a pack file from disk; problems go to the sink and yield `undefined`. */
export function readPackFile(file: string, sink: DiagnosticSink): RawPack | undefined {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (st.size > MAX_PACK_BYTES) {
      sink.push('P002', `${st.size} bytes; a pack may have at most ${MAX_PACK_BYTES}`);
      return undefined;
    }
    bytes = readFileSync(file);
  } catch (e) {
    sink.push('P001', `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return undefined;
  }
  return parsePackBytes(bytes, file, sink);
}

/** Decodes and parses pack bytes (from a file or memory). */
export function parsePackBytes(bytes: Uint8Array, file: string, sink: DiagnosticSink): RawPack | undefined {
  if (bytes.length > MAX_PACK_BYTES) {
    sink.push('P002', `${bytes.length} bytes; a pack may have at most ${MAX_PACK_BYTES}`);
    return undefined;
  }
  if (bytes.includes(0)) {
    sink.push('P003', 'the file contains NUL bytes: it is binary, not a YAML pack');
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    sink.push('P003', 'the file is not valid UTF-8');
    return undefined;
  }
  return parsePackText(text, file, sink);
}

/** Parses pack YAML text. */
export function parsePackText(text: string, file: string, sink: DiagnosticSink): RawPack | undefined {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    sink.push('P004', 'the pack is empty');
    return undefined;
  }
  if (text.length > MAX_PACK_BYTES) {
    sink.push('P002', `${text.length} characters; a pack may have at most ${MAX_PACK_BYTES}`);
    return undefined;
  }
  const lineCounter = new LineCounter();
  const lines = text.split(/\r?\n/);
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false, strict: true });
  const source = makeSourceMap(file, doc.contents as YamlNode | null, lineCounter, lines);
  const fileSink = new DiagnosticSink(file, source);
  for (const err of doc.errors) {
    const pos = err.linePos?.[0] ?? { line: 0, col: 0 };
    const code = err.code === 'DUPLICATE_KEY' ? 'P007' : 'P005';
    fileSink.push(code, err.message.split('\n')[0]!, pos.line, pos.col);
  }
  if (fileSink.failed) {
    sink.items.push(...fileSink.items);
    return undefined;
  }
  let aliases = 0;
  let forbidden = false;
  walk(doc.contents as YamlNode | null, [], (node, path) => {
    if (isAlias(node)) aliases++;
    if (isMap(node)) {
      for (const item of node.items) {
        const k = isScalar(item.key) ? String(item.key.value) : '';
        if (FORBIDDEN_KEYS.has(k)) {
          const r = (item.key as YamlNode).range;
          const lp = r ? lineCounter.linePos(r[0]) : { line: 0, col: 0 };
          fileSink.push('P008', `the key '${k}' is not allowed in a pack`, lp.line, lp.col);
          forbidden = true;
        }
      }
    }
    return path.length < 64;
  });
  if (aliases > MAX_ALIASES) {
    fileSink.push('P006', `${aliases} aliases; a pack may use at most ${MAX_ALIASES}`, 1, 1);
  }
  if (forbidden || fileSink.failed) {
    sink.items.push(...fileSink.items);
    return undefined;
  }
  let data: unknown;
  try {
    // maxAliasCount bounds the expansion of nested aliases (a "billion laughs" document).
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    fileSink.push('P006', `the document expands too far: ${(e as Error).message}`, 1, 1);
    sink.items.push(...fileSink.items);
    return undefined;
  }
  return { file, data, source };
}

function walk(node: YamlNode | null | undefined, path: (string | number)[], visit: (n: unknown, path: (string | number)[]) => boolean): void {
  if (!node) return;
  if (!visit(node, path)) return;
  if (isMap(node)) {
    for (const item of node.items) {
      const k = isScalar(item.key) ? String(item.key.value) : '?';
      if (item.value) walk(item.value as YamlNode, [...path, k], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => walk(it as YamlNode, [...path, i], visit));
  }
}

function makeSourceMap(file: string, root: YamlNode | null, lc: LineCounter, lines: string[]): SourceMap {
  return {
    file,
    locate(path) {
      let node: unknown = root;
      let best: [number, number] | undefined = (root as YamlNode | null)?.range ? [(root as YamlNode).range![0], 0] : undefined;
      for (const key of path) {
        if (isMap(node)) {
          const item = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(key));
          if (!item) break;
          const kr = (item.key as YamlNode).range;
          node = item.value;
          const vr = (node as YamlNode | null)?.range;
          if (vr) best = [vr[0], 0];
          else if (kr) best = [kr[0], 0];
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          const r = (node as YamlNode | undefined)?.range;
          if (!r) break;
          best = [r[0], 0];
        } else break;
      }
      if (!best) return { line: 1, col: 1 };
      const p = lc.linePos(best[0]);
      return { line: p.line, col: p.col };
    },
    lineText(line) {
      return lines[line - 1] ?? '';
    },
  };
}
