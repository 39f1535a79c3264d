/**
 * Loading packs for the authoring commands: the library's loader, plus the source maps of the files so
 * diagnostics found across packs (duplicate ids, overlays) can point at the offending line, not 1:1.
 */
import { existsSync } from 'node:fs';
import { PackLoadError } from '../../engine-api.js';
import { loadPacks, type Loaded } from '../../pack/load.js';
import { DiagnosticSink } from '../../pack/diagnostics.js';
import { readPackFile, type RawPack } from '../../pack/read.js';
import type { PackDoc, SourceMap } from '../../pack/document.js';
import type { Diagnostic } from '../../types.js';

/** Loads packs; throws {@link PackLoadError} (exit status 2 in the CLI) when any has an error. */
export function loadPacksOrThrow(paths: readonly string[], trust?: readonly string[]): PackDoc[] {
  const { docs, diagnostics } = loadPacks(paths, trust);
  if (diagnostics.some((d) => d.level === 'error')) throw new PackLoadError(diagnostics);
  return docs;
}

/** Diagnostics about how an overlay relates to the other loaded packs, meaningless for a file alone. */
const SET_LEVEL: ReadonlySet<string> = new Set(['O001', 'O002']);

/**
 * Loads pack files each on its own, as signing, documenting and diffing see them: an overlay is checked
 * as a file, not against packs that happen to be loaded beside it (its targets are the host's business).
 * Throws {@link PackLoadError} when any file has an error.
 */
export function loadFilesStandalone(paths: readonly string[]): PackDoc[] {
  const { docs, diagnostics } = loadPacks(paths);
  const own = diagnostics.filter((d) => !SET_LEVEL.has(d.code));
  if (own.some((d) => d.level === 'error')) throw new PackLoadError(own);
  return docs;
}

/** Loads exactly one pack from a file, standalone; a folder or a file with several packs is a usage mistake. */
export function loadOnePack(path: string): PackDoc {
  const docs = loadFilesStandalone([path]);
  if (docs.length !== 1) throw new PackLoadError([{ code: 'P009', level: 'error', message: `expected one pack file, found ${docs.length} packs`, file: path, line: 0, col: 0 }]);
  return docs[0]!;
}

/** A pack file on disk parsed again, for positions (undefined when it cannot be read or parsed). */
export function rawOf(file: string): RawPack | undefined {
  if (!existsSync(file)) return undefined;
  return readPackFile(file, new DiagnosticSink(file));
}

/**
 * Moves set-level diagnostics that the loader reports at 1:1 (it checks across packs after parsing) to
 * the node they are about: the duplicate rule id, the pack id, the overlay change or target.
 */
export function relocate(d: Diagnostic, docs: readonly PackDoc[], source: (file: string) => SourceMap | undefined): Diagnostic {
  const inCondition = pointIntoCondition(d);
  if (inCondition) return inCondition;
  if (!(d.line === 1 && d.col === 1) || !['R001', 'R006', 'O001', 'O002'].includes(d.code)) return d;
  const doc = docs.find((x) => x.file === d.file);
  const src = source(d.file);
  if (!doc || !src) return d;
  const quoted = /'([^']*)'/.exec(d.message)?.[1];
  let path: (string | number)[] | undefined;
  if (d.code === 'R006') path = [doc.kind, 'id'];
  else if (d.code === 'R001') {
    const i = doc.rules.findIndex((r) => r.id === quoted);
    if (i >= 0) path = ['rules', i, 'id'];
  } else if (d.code === 'O001') {
    const i = doc.changes.findIndex((c) => c.rule === quoted);
    if (i >= 0) path = ['changes', i, 'rule'];
  } else {
    const i = doc.targets.indexOf(quoted ?? '');
    if (i >= 0) path = ['overlay', 'targets', i];
  }
  if (!path) return d;
  const pos = src.locate(path);
  return { ...d, line: pos.line, col: pos.col, excerpt: src.lineText(pos.line) };
}

export type { Loaded };

/**
 * Condition diagnostics (C001, C002) sit at the start of the condition and say "at character N"; when the
 * condition is written on that line (plain or quoted, not a `>`/`|` block), move the caret onto the
 * character itself.
 */
function pointIntoCondition(d: Diagnostic): Diagnostic | undefined {
  if ((d.code !== 'C001' && d.code !== 'C002') || d.excerpt === undefined || d.col < 1) return undefined;
  const m = /\(at character (\d+)(?: of the condition)?\)/.exec(d.message);
  if (!m) return undefined;
  const rest = d.excerpt.slice(d.col - 1);
  if (rest === '' || rest.startsWith('>') || rest.startsWith('|')) return undefined;
  const quote = rest.startsWith('"') || rest.startsWith("'") ? 1 : 0;
  const col = d.col + quote + Number(m[1]) - 1;
  return col <= d.excerpt.length ? { ...d, col } : undefined;
}
