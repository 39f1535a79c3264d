/**
 * A cache of validated packs keyed by the sha256 of their file bytes, written at build time for the
 * built-in packs (dist/packs.cache.json). Parsing and validating the YAML of the built-in packs takes a
 * few hundred milliseconds, which would blow the cold-start budget; with the cache a pack whose bytes
 * are unchanged is taken as it was validated, and any edited pack is read from its YAML as usual.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { PackDoc, TermSetDoc } from './document.js';
import { ENGINE_VERSION } from '../version.js';

/** Validated packs by the sha256 of their bytes. */
export type PackCache = ReadonlyMap<string, PackDoc>;

interface CacheFile {
  engine: string;
  packs: { bytes: string; doc: Omit<PackDoc, 'terms'> & { terms: [string, TermSetDoc][] } }[];
}

/** sha256 hex of file bytes. */
export const bytesHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Serializes validated packs with the hashes of the bytes they were read from. */
export function serializeCache(entries: { bytes: Uint8Array; doc: PackDoc }[]): string {
  const file: CacheFile = {
    engine: ENGINE_VERSION,
    packs: entries.map(({ bytes, doc }) => ({ bytes: bytesHash(bytes), doc: { ...doc, terms: [...doc.terms] } })),
  };
  return JSON.stringify(file);
}

/** Reads a cache file; a missing, unreadable or other-version cache is simply no cache. */
export function readCache(path: string): PackCache | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (file.engine !== ENGINE_VERSION || !Array.isArray(file.packs)) return undefined;
    return new Map(file.packs.map((p) => [p.bytes, { ...p.doc, terms: new Map(p.doc.terms) } as PackDoc]));
  } catch {
    return undefined;
  }
}
