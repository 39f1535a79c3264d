/**
 * Loading a set of packs: resolve paths, read and validate each file, then check what only the whole set
 * can show (duplicate pack or rule ids, overlays naming unknown rules, signatures against trusted keys).
 * All-or-nothing: the caller gets every diagnostic, and builds an engine only when there is no error.
 */
import type { KeyObject } from 'node:crypto';
import type { Diagnostic } from '../types.js';
import type { PackSource } from '../engine-api.js';
import type { PackDoc, SourceMap } from './document.js';
import { DiagnosticSink, type Code } from './diagnostics.js';
import { readFileSync, statSync } from 'node:fs';
import { MAX_PACK_BYTES, packFilesAt, parsePackText, readPackDocument, readPackFile, type RawPack } from './read.js';
import { bytesHash, type PackCache } from './cache.js';
import { validatePack } from './validate.js';
import { checkSignature, readKey, readSignatureFile } from './signature.js';

/** Result of {@link loadPacks}. */
export interface Loaded {
  docs: PackDoc[];
  diagnostics: Diagnostic[];
}

/** Loads packs from paths (files or folders) and sources; checks signatures when `trust` is given. */
export function loadPacks(specs: ReadonlyArray<string | PackSource>, trust?: ReadonlyArray<string>, cache?: PackCache | (() => PackCache | undefined)): Loaded {
  const diagnostics: Diagnostic[] = [];
  const docs: PackDoc[] = [];
  // Where each pack came from, so problems found across packs can point at the offending node too.
  const sources = new WeakMap<PackDoc, SourceMap>();
  let keys: KeyObject[] | undefined;
  if (trust && trust.length) {
    keys = [];
    for (const k of trust) {
      try {
        keys.push(readKey(k, 'public'));
      } catch (e) {
        // String(k): a key that is not text must still be reported, not make the report itself throw.
        const sink = new DiagnosticSink(String(k).includes('-----BEGIN') ? '<public key>' : String(k));
        sink.push('K001', `cannot use the trusted key: ${(e as Error).message}`);
        diagnostics.push(...sink.items);
      }
    }
  }
  const one = (raw: RawPack | PackDoc | undefined, sink: DiagnosticSink, sigText: string | undefined) => {
    if (!raw) return;
    const fileSink = new DiagnosticSink(raw.file, 'source' in raw ? raw.source : undefined);
    const doc = 'source' in raw ? validatePack(raw, fileSink) : raw;
    sink.items.push(...fileSink.items);
    if (!doc) return;
    if ('source' in raw) sources.set(doc, raw.source);
    if (keys) {
      const problem = checkSignature(sigText, doc.hash, keys);
      if (problem) {
        fileSink.items.length = 0;
        fileSink.push(problem.code, problem.message, 1, 1);
        sink.items.push(...fileSink.items);
        return;
      }
    }
    docs.push(doc);
  };
  if (!Array.isArray(specs)) {
    const sink = new DiagnosticSink('<packs>');
    sink.push('P001', 'packs must be a list of paths and pack sources');
    return { docs, diagnostics: [...diagnostics, ...sink.items] };
  }
  specs.forEach((spec, i) => {
    // Whatever a pack holds, loading reports it as a diagnostic: an unexpected exception here (a document
    // with a cycle or a throwing getter, a yaml value whose toString throws …) must not escape as anything
    // but a PackLoadError, so it becomes a P001 of this source.
    const before = diagnostics.length;
    try {
      loadOne(spec, i);
    } catch (e) {
      diagnostics.length = before;
      const name = typeof spec === 'string' ? spec : (spec as PackSource | null)?.file;
      const sink = new DiagnosticSink(typeof name === 'string' ? name : `<pack ${i + 1}>`);
      sink.push('P001', `the pack could not be read: ${errorText(e)}`);
      diagnostics.push(...sink.items);
    }
  });
  crossCheck(docs, diagnostics, sources);
  return { docs, diagnostics };

  function loadOne(spec: string | PackSource, i: number): void {
    if (typeof spec === 'string') {
      const sink = new DiagnosticSink(spec);
      for (const file of packFilesAt(spec, sink)) {
        const fsink = new DiagnosticSink(file);
        one(cached(file, cache) ?? readPackFile(file, fsink), fsink, keys ? readSignatureFile(file) : undefined);
        sink.items.push(...fsink.items);
      }
      diagnostics.push(...sink.items);
    } else {
      // A source that is not an object (null, a number) has neither yaml nor document: P004 below.
      const src: PackSource = typeof spec === 'object' && spec !== null ? spec : {};
      const file = typeof src.file === 'string' ? src.file : `<pack ${i + 1}>`;
      const sink = new DiagnosticSink(file);
      let raw: RawPack | undefined;
      if (src.yaml !== undefined) raw = parsePackText(String(src.yaml), file, sink);
      else if (src.document !== undefined) raw = readPackDocument(src.document, file, sink);
      else sink.push('P004', 'a pack source needs yaml or document');
      one(raw, sink, src.signature);
      diagnostics.push(...sink.items);
    }
  }
}

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}

/** The validated pack for a file whose bytes are in the cache (same bytes, same pack). */
function cached(file: string, source: PackCache | (() => PackCache | undefined) | undefined): PackDoc | undefined {
  // A function: the cache is read only when a pack file is actually loaded.
  const cache = typeof source === 'function' ? source() : source;
  if (!cache) return undefined;
  try {
    // Not a regular file (a symlink to /dev/zero): leave it to readPackFile, which refuses it.
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_PACK_BYTES) return undefined;
    const doc = cache.get(bytesHash(readFileSync(file)));
    return doc ? { ...doc, file } : undefined;
  } catch {
    return undefined;
  }
}

/** Checks across packs: unique pack ids and rule ids; overlays that name rules that exist. */
function crossCheck(docs: PackDoc[], diagnostics: Diagnostic[], sources: WeakMap<PackDoc, SourceMap>): void {
  const packIds = new Map<string, string>();
  const ruleIds = new Map<string, string>();
  // At the offending node when the pack's source is known (a validated pack keeps its rules, targets and
  // changes in document order), else at the top of the file (a pack taken from the build cache).
  const sinkOf = (d: PackDoc) => {
    const source = sources.get(d);
    const sink = new DiagnosticSink(d.file, source);
    const at = (code: Code, path: (string | number)[], message: string) => (source ? sink.at(code, path, message) : sink.push(code, message, 1, 1));
    return { sink, at };
  };
  for (const d of docs) {
    const { sink, at } = sinkOf(d);
    const prev = packIds.get(d.meta.id);
    if (prev) at('R006', [d.kind, 'id'], `pack id '${d.meta.id}' is also loaded from ${prev}`);
    else packIds.set(d.meta.id, d.file);
    d.rules.forEach((r, i) => {
      const other = ruleIds.get(r.id);
      if (other) at('R001', ['rules', i, 'id'], `rule id '${r.id}' is also defined in ${other}`);
      else ruleIds.set(r.id, d.file);
    });
    diagnostics.push(...sink.items);
  }
  for (const d of docs) {
    if (d.kind !== 'overlay') continue;
    const { sink, at } = sinkOf(d);
    d.targets.forEach((t, i) => {
      if (!packIds.has(t)) at('O002', ['overlay', 'targets', i], `overlay targets pack '${t}', which is not loaded`);
    });
    d.changes.forEach((ch, i) => {
      if (!ruleIds.has(ch.rule)) at('O001', ['changes', i, 'rule'], `overlay changes rule '${ch.rule}', which no loaded pack defines`);
    });
    diagnostics.push(...sink.items);
  }
}
