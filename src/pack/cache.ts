/**
 * A cache of validated packs keyed by the sha256 of their file bytes, written at build time for the
 * built-in packs (dist/packs.cache.json). Parsing and validating the YAML of the built-in packs takes a
 * few hundred milliseconds, which would blow the cold-start budget; with the cache a pack whose bytes
 * are unchanged is taken as it was validated, and any edited pack is read from its YAML as usual.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { PackDoc, TermSetDoc } from './document.js';
import type { Compiled } from './compile.js';
import type { Prefilter } from '../match/prefilter.js';
import { ENGINE_VERSION } from '../version.js';

/** Validated packs by the sha256 of their bytes. */
export type PackCache = ReadonlyMap<string, PackDoc>;

/** What the build-time cache holds: validated packs, and the compiled form of all of them together. */
export interface BuildCache {
  packs: PackCache;
  compiled?: CompiledCacheEntry;
}

interface CacheFile {
  engine: string;
  packs: { bytes: string; doc: Omit<PackDoc, 'terms'> & { terms: [string, TermSetDoc][] } }[];
  compiled?: CompiledCacheEntry;
}

/** sha256 hex of file bytes. */
export const bytesHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Serializes validated packs with the hashes of the bytes they were read from, and their compiled form. */
export function serializeCache(entries: { bytes: Uint8Array; doc: PackDoc }[], compiled?: Compiled): string {
  const file: CacheFile = {
    engine: ENGINE_VERSION,
    packs: entries.map(({ bytes, doc }) => ({ bytes: bytesHash(bytes), doc: { ...doc, terms: [...doc.terms] } })),
    ...(compiled ? { compiled: { key: compiledKey(entries.map((e) => e.doc)), compiled: serializeCompiled(compiled) } } : {}),
  };
  return JSON.stringify(file);
}

/** The key of a compiled form: the content hashes of its packs, in order. */
export const compiledKey = (docs: readonly PackDoc[]) => docs.map((d) => d.hash).join(',');

/** Reads a cache file; a missing, unreadable or other-version cache is simply no cache. */
export function readCache(path: string): BuildCache | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (file.engine !== ENGINE_VERSION || !Array.isArray(file.packs)) return undefined;
    const packs = new Map(file.packs.map((p) => [p.bytes, { ...p.doc, terms: new Map(p.doc.terms) } as PackDoc]));
    return { packs, ...(file.compiled ? { compiled: file.compiled } : {}) };
  } catch {
    return undefined;
  }
}

/** The compiled form of a set of packs, as stored in the build-time cache. */
export interface CompiledCacheEntry {
  /** Content hashes of the packs it was compiled from, in order. */
  key: string;
  compiled: unknown;
}

const TYPED = '\u0000typed';

/** Replaces typed arrays, maps (overlay conditions, the filter's probe terms) and regexes by JSON-able stand-ins. */
export function serializeCompiled(c: Compiled): unknown {
  const plain = {
    ...c,
    overlayConditions: [...c.overlayConditions],
    sets: c.sets.map(({ regex: _r, ...s }) => s),
    ...(c.prefilter ? { prefilter: { ...c.prefilter, probeFull: [...c.prefilter.probeFull] } } : {}),
  };
  return JSON.parse(
    JSON.stringify(plain, (_k, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        const t = v as Int32Array | Uint16Array | Uint8Array;
        return { [TYPED]: t.constructor.name, b64: Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64') };
      }
      return v;
    }),
  );
}

/** The inverse of {@link serializeCompiled}; revives in place (the data comes fresh from JSON.parse). */
export function deserializeCompiled(data: unknown): Compiled {
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] && typeof v[i] === 'object') v[i] = revive(v[i]);
      return v;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (TYPED in o) {
        const buf = Buffer.from(o.b64 as string, 'base64');
        const bytes = new Uint8Array(buf.byteLength);
        bytes.set(buf);
        if (o[TYPED] === 'Int32Array') return new Int32Array(bytes.buffer);
        if (o[TYPED] === 'Uint16Array') return new Uint16Array(bytes.buffer);
        return bytes;
      }
      for (const k of Object.keys(o)) if (o[k] && typeof o[k] === 'object') o[k] = revive(o[k]);
    }
    return v;
  };
  const revived = revive(data) as Compiled & {
    overlayConditions: [string, Compiled['overlayConditions'] extends Map<string, infer V> ? V : never][];
    prefilter?: Omit<Prefilter, 'probeFull'> & { probeFull: [string, Uint16Array][] };
  };
  return {
    ...revived,
    overlayConditions: new Map(revived.overlayConditions),
    ...(revived.prefilter ? { prefilter: { ...revived.prefilter, probeFull: new Map(revived.prefilter.probeFull) } } : {}),
    sets: revived.sets.map((s) => (s.doc.re !== undefined ? { ...s, regex: new RegExp(s.doc.re, 'gu') } : s)),
  };
}
