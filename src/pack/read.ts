/**
 * Reading pack files safely: size and encoding checks, YAML parsing with positions, alias-bomb and
 * duplicate-key protection. Produces plain data plus a {@link SourceMap}; structure is checked later.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';

/**
 * The yaml package, loaded on first use: start-up with the build-time cache never parses YAML, and the
 * module costs tens of milliseconds to load.
 */
const Y = (() => {
  let mod: typeof import('yaml') | undefined;
  return (): typeof import('yaml') => (mod ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
})();
import type { SourceMap } from './document.js';
import { DiagnosticSink } from './diagnostics.js';
import { MAX_TERMS_PER_PACK } from './validate.js';

/** Largest pack file read (bytes). The built-in packs are far below it. */
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
/** Most YAML aliases a pack may use; aliases are rarely needed and expand exponentially when nested. */
const MAX_ALIASES = 50;
/**
 * Most list entries and lines (commas plus line breaks) a pack's YAML text may have. Checked before
 * parsing: the YAML parser keeps a node object per entry, so a 4 MB flow list of two million one-letter
 * terms would otherwise take tens of seconds and gigabytes before the term limit (C005) could refuse it.
 * Far above what a pack within MAX_TERMS_PER_PACK (200,000) needs.
 */
export const MAX_PACK_ITEMS = 500_000;
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
    // A device or FIFO (a pack path or *.yaml symlink to /dev/zero, /dev/stdin) reports size 0 and
    // would be read forever: only regular files are packs.
    if (!st.isFile()) {
      sink.push('P001', 'cannot read the file: not a regular file');
      return undefined;
    }
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
  // Measured in UTF-8 bytes, as for files, so the cap is the same whether a pack comes from disk or memory.
  const bytes = text.length > MAX_PACK_BYTES / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > MAX_PACK_BYTES) {
    sink.push('P002', `${bytes} bytes; a pack may have at most ${MAX_PACK_BYTES}`);
    return undefined;
  }
  const tooMany = itemLimitCrossedAt(text);
  if (tooMany) {
    const lines0 = text.split(/\r?\n/);
    const at = new DiagnosticSink(file, { file, locate: () => ({ line: 0, col: 0 }), lineText: (l) => lines0[l - 1] ?? '' });
    at.push('C005', `more than ${MAX_PACK_ITEMS} list entries and lines; a pack may hold at most ${MAX_TERMS_PER_PACK} terms`, tooMany.line, tooMany.col);
    sink.items.push(...at.items);
    return undefined;
  }
  const lineCounter = new (Y().LineCounter)();
  const lines = text.split(/\r?\n/);
  const doc = Y().parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false, strict: true });
  const source = makeSourceMap(file, doc.contents as YamlNode | null, lineCounter, lines);
  const fileSink = new DiagnosticSink(file, source);
  for (const err of doc.errors) {
    // Without prettyErrors the parser leaves linePos unset; derive the position from the offset instead.
    // An unclosed quote or bracket is detected where the text ends; point at where it opens.
    const unclosed = err.pos && (err.code === 'MISSING_CHAR' || err.code === 'BAD_INDENT') ? unclosedAt(doc.contents as YamlNode | null, err.pos[0]) : undefined;
    const offset = unclosed ?? err.pos?.[0];
    const pos = offset !== undefined ? lineCounter.linePos(offset) : (err.linePos?.[0] ?? { line: 0, col: 0 });
    const code = err.code === 'DUPLICATE_KEY' ? 'P007' : 'P005';
    fileSink.push(code, err.message.split('\n')[0]!, pos.line, pos.col);
  }
  if (fileSink.failed) {
    sink.items.push(...fileSink.items);
    return undefined;
  }
  let aliases = 0;
  let forbidden = false;
  const posOf = (n: unknown) => {
    const r = (n as YamlNode | null | undefined)?.range;
    return r ? lineCounter.linePos(r[0]) : { line: 0, col: 0 };
  };
  // Every node, however deep: a forbidden key nested below any depth must still be seen.
  walk(doc.contents as YamlNode | null, (node) => {
    if (Y().isAlias(node) && ++aliases === MAX_ALIASES + 1) {
      const lp = posOf(node);
      fileSink.push('P006', `more than ${MAX_ALIASES} aliases; a pack may use at most ${MAX_ALIASES}`, lp.line, lp.col);
    }
    if (!Y().isMap(node)) return;
    const seen = new Set<string>();
    for (const item of node.items) {
      // An alias used as a key stands for its anchored scalar, which is what toJS will use as the key.
      const key = Y().isAlias(item.key) ? item.key.resolve(doc as Document) : item.key;
      const k = Y().isScalar(key) ? String(key.value) : undefined;
      if (k === undefined) continue;
      const lp = posOf(item.key);
      if (FORBIDDEN_KEYS.has(k)) {
        fileSink.push('P008', `the key '${k}' is not allowed in a pack`, lp.line, lp.col);
        forbidden = true;
      } else if (seen.has(k)) {
        // The parser's own check compares typed values, so `1:` and `"1":` pass it, but both become the
        // key "1" in plain data and one would silently replace the other.
        fileSink.push('P007', `the key '${k}' appears twice in this mapping`, lp.line, lp.col);
      }
      seen.add(k);
    }
  });
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

/** Deepest nesting accepted in a pack given as a document (YAML packs are bounded by the parser). */
const MAX_DOCUMENT_DEPTH = 256;

/**
 * Accepts an already-parsed pack document (a {@link PackSource} `document`) under the rules YAML text
 * gets: no forbidden keys at any depth, and plain data only — a cycle or absurd nesting is refused here
 * rather than overflowing the stack when the content hash is computed. Positions are unknown (line 0).
 */
export function readPackDocument(data: unknown, file: string, sink: DiagnosticSink): RawPack | undefined {
  const fileSink = new DiagnosticSink(file);
  const onPath = new Set<object>();
  const stack: { v: unknown; depth: number; exit?: boolean }[] = [{ v: data, depth: 0 }];
  while (stack.length) {
    const { v, depth, exit } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (exit) {
      onPath.delete(v);
      continue;
    }
    if (onPath.has(v)) {
      fileSink.push('S002', 'the pack document refers to itself (a cycle); a pack is plain data');
      break;
    }
    if (depth > MAX_DOCUMENT_DEPTH) {
      fileSink.push('S002', `the pack document nests deeper than ${MAX_DOCUMENT_DEPTH} levels`);
      break;
    }
    onPath.add(v);
    stack.push({ v, depth, exit: true });
    // Only objects are pushed: a list of two million terms must not cost two million stack entries.
    const push = (child: unknown) => {
      if (typeof child === 'object' && child !== null) stack.push({ v: child, depth: depth + 1 });
    };
    if (Array.isArray(v)) {
      // A hole means a sparse array, which no YAML or JSON text can produce; one of length 2³² - 1 would
      // otherwise take billions of steps here and in validation. Going from the end, a hole shows up
      // within as many steps as the array has elements.
      let i = v.length - 1;
      for (; i >= 0 && i in v; i--) push(v[i]);
      if (i >= 0) {
        fileSink.push('S002', 'the pack document has a list with holes (a sparse array); a pack is plain data');
        break;
      }
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) if (FORBIDDEN_KEYS.has(k)) fileSink.push('P008', `the key '${k}' is not allowed in a pack`);
    for (let i = keys.length - 1; i >= 0; i--) push((v as Record<string, unknown>)[keys[i]!]);
  }
  if (fileSink.failed) {
    sink.items.push(...fileSink.items);
    return undefined;
  }
  return { file, data, source: { file, locate: () => ({ line: 0, col: 0 }), lineText: () => '' } };
}

/**
 * The start of the quoted scalar or flow collection that runs up to `end` without being closed (the
 * parser reports those where it gives up), or undefined when no such node ends there.
 */
function unclosedAt(root: YamlNode | null, end: number): number | undefined {
  let start: number | undefined;
  walk(root, (n) => {
    const node = n as YamlNode;
    const open = (Y().isScalar(node) && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE')) || ((Y().isMap(node) || Y().isSeq(node)) && node.flow);
    if (open && node.range && node.range[1] === end && node.range[0] < end && (start === undefined || node.range[0] > start)) start = node.range[0];
  });
  return start;
}

/** Visits every node below `root` (keys, values and items), iteratively so deep documents cannot overflow the stack. */
function walk(root: YamlNode | null | undefined, visit: (n: unknown) => void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    visit(node);
    // Children pushed last-first, so nodes are visited in document order.
    if (Y().isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value, node.items[i]!.key);
    } else if (Y().isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/**
 * Where the count of list entries and lines (commas and line breaks) first exceeds
 * {@link MAX_PACK_ITEMS}, or undefined when it never does. A linear scan without allocation.
 */
function itemLimitCrossedAt(text: string): { line: number; col: number } | undefined {
  if (text.length <= MAX_PACK_ITEMS) return undefined;
  let items = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c !== 0x2c) continue;
    if (++items > MAX_PACK_ITEMS) return { line, col: Math.max(1, i - lineStart + 1) };
  }
  return undefined;
}

function makeSourceMap(file: string, root: YamlNode | null, lc: LineCounter, lines: string[]): SourceMap {
  return {
    file,
    locate(path) {
      let node: unknown = root;
      let best: [number, number] | undefined = (root as YamlNode | null)?.range ? [(root as YamlNode).range![0], 0] : undefined;
      for (const key of path) {
        if (Y().isMap(node)) {
          const item = node.items.find((it) => Y().isScalar(it.key) && String(it.key.value) === String(key));
          if (!item) break;
          const kr = (item.key as YamlNode).range;
          node = item.value;
          const vr = (node as YamlNode | null)?.range;
          if (vr) best = [vr[0], 0];
          else if (kr) best = [kr[0], 0];
        } else if (Y().isSeq(node) && typeof key === 'number') {
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
