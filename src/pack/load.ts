/**
 * Loading a set of packs: resolve paths, read and validate each file, then check what only the whole set
 * can show (duplicate pack or rule ids, overlays naming unknown rules, signatures against trusted keys).
 * All-or-nothing: the caller gets every diagnostic, and builds an engine only when there is no error.
 */
import type { KeyObject } from 'node:crypto';
import type { Diagnostic } from '../types.js';
import type { PackSource } from '../engine-api.js';
import type { PackDoc } from './document.js';
import { DiagnosticSink } from './diagnostics.js';
import { packFilesAt, parsePackText, readPackFile, type RawPack } from './read.js';
import { validatePack } from './validate.js';
import { checkSignature, readKey, readSignatureFile } from './signature.js';

/** Result of {@link loadPacks}. */
export interface Loaded {
  docs: PackDoc[];
  diagnostics: Diagnostic[];
}

/** Loads packs from paths (files or folders) and sources; checks signatures when `trust` is given. */
export function loadPacks(specs: ReadonlyArray<string | PackSource>, trust?: ReadonlyArray<string>): Loaded {
  const diagnostics: Diagnostic[] = [];
  const docs: PackDoc[] = [];
  let keys: KeyObject[] | undefined;
  if (trust && trust.length) {
    keys = [];
    for (const k of trust) {
      try {
        keys.push(readKey(k, 'public'));
      } catch (e) {
        const sink = new DiagnosticSink(k.includes('-----BEGIN') ? '<public key>' : k);
        sink.push('K001', `cannot use the trusted key: ${(e as Error).message}`);
        diagnostics.push(...sink.items);
      }
    }
  }
  const one = (raw: RawPack | undefined, sink: DiagnosticSink, sigText: string | undefined) => {
    if (!raw) return;
    const fileSink = new DiagnosticSink(raw.file, raw.source);
    const doc = validatePack(raw, fileSink);
    sink.items.push(...fileSink.items);
    if (!doc) return;
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
  specs.forEach((spec, i) => {
    if (typeof spec === 'string') {
      const sink = new DiagnosticSink(spec);
      for (const file of packFilesAt(spec, sink)) {
        const fsink = new DiagnosticSink(file);
        one(readPackFile(file, fsink), fsink, keys ? readSignatureFile(file) : undefined);
        sink.items.push(...fsink.items);
      }
      diagnostics.push(...sink.items);
    } else {
      const file = spec.file ?? `<pack ${i + 1}>`;
      const sink = new DiagnosticSink(file);
      let raw: RawPack | undefined;
      if (spec.yaml !== undefined) raw = parsePackText(String(spec.yaml), file, sink);
      else if (spec.document !== undefined) raw = { file, data: spec.document, source: { file, locate: () => ({ line: 0, col: 0 }), lineText: () => '' } };
      else sink.push('P004', 'a pack source needs yaml or document');
      one(raw, sink, spec.signature);
      diagnostics.push(...sink.items);
    }
  });
  crossCheck(docs, diagnostics);
  return { docs, diagnostics };
}

/** Checks across packs: unique pack ids and rule ids; overlays that name rules that exist. */
function crossCheck(docs: PackDoc[], diagnostics: Diagnostic[]): void {
  const packIds = new Map<string, string>();
  const ruleIds = new Map<string, string>();
  for (const d of docs) {
    const sink = new DiagnosticSink(d.file);
    const prev = packIds.get(d.meta.id);
    if (prev) sink.push('R006', `pack id '${d.meta.id}' is also loaded from ${prev}`, 1, 1);
    else packIds.set(d.meta.id, d.file);
    for (const r of d.rules) {
      const other = ruleIds.get(r.id);
      if (other) sink.push('R001', `rule id '${r.id}' is also defined in ${other}`, 1, 1);
      else ruleIds.set(r.id, d.file);
    }
    diagnostics.push(...sink.items);
  }
  for (const d of docs) {
    if (d.kind !== 'overlay') continue;
    const sink = new DiagnosticSink(d.file);
    for (const t of d.targets) if (!packIds.has(t)) sink.push('O002', `overlay targets pack '${t}', which is not loaded`, 1, 1);
    for (const ch of d.changes) if (!ruleIds.has(ch.rule)) sink.push('O001', `overlay changes rule '${ch.rule}', which no loaded pack defines`, 1, 1);
    diagnostics.push(...sink.items);
  }
}
