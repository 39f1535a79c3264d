/**
 * Signature checks for `jinshou verify`, with a verdict a person can act on: unsigned, altered, signed by
 * an unknown key, or a signature that does not verify. The cryptography is pack/signature.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { checkSignature, keyIdOf, signaturePathOf, type PackSignature } from '../../pack/signature.js';
import { contentHash } from '../../pack/validate.js';
import { DiagnosticSink } from '../../pack/diagnostics.js';
import { readPackFile } from '../../pack/read.js';
import type { Diagnostic } from '../../types.js';

/** The verdict on one pack file. */
export type VerifyStatus = 'valid' | 'unsigned' | 'altered' | 'unknown-key' | 'bad-signature' | 'malformed' | 'unreadable';

/** What verifying one pack file found. */
export interface VerifyResult {
  file: string;
  status: VerifyStatus;
  message: string;
  packId?: string;
  version?: string;
  keyId?: string;
  /** sha256 of the pack's canonical content now. */
  hash?: string;
  /** Why the pack could not be read (for `unreadable`). */
  diagnostics?: Diagnostic[];
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** Verifies the `.sig` beside a pack file against trusted public keys. */
export function verifyPackFile(file: string, keys: readonly KeyObject[]): VerifyResult {
  const sink = new DiagnosticSink(file);
  const raw = readPackFile(file, sink);
  if (!raw) return { file, status: 'unreadable', message: 'the pack cannot be read, so its content cannot be checked', diagnostics: sink.items };
  const hash = contentHash(raw.data);
  const head = (raw.data as { pack?: unknown; overlay?: unknown } | null) ?? {};
  const meta = (typeof head === 'object' ? (head.pack ?? head.overlay) : undefined) as Record<string, unknown> | undefined;
  const base = { file, hash, ...(str(meta?.id) ? { packId: str(meta?.id)! } : {}), ...(str(meta?.version) ? { version: str(meta?.version)! } : {}) };
  const sigPath = signaturePathOf(file);
  if (!existsSync(sigPath)) return { ...base, status: 'unsigned', message: `unsigned: there is no ${sigPath} beside it (sign it with 'jinshou sign --key PRIVATE.pem ${file}')` };
  const sigText = readFileSync(sigPath, 'utf8');
  let sig: Partial<PackSignature> | undefined;
  try {
    sig = JSON.parse(sigText) as Partial<PackSignature>;
  } catch {
    sig = undefined;
  }
  const problem = checkSignature(sigText, hash, keys);
  if (!problem) return { ...base, status: 'valid', keyId: String(sig?.keyId), message: `valid signature by key ${String(sig?.keyId)}` };
  if (!sig || typeof sig !== 'object' || sig.alg !== 'ed25519' || typeof sig.signature !== 'string' || typeof sig.hash !== 'string')
    return { ...base, status: 'malformed', message: `malformed signature file ${sigPath}: ${problem.message}` };
  const keyId = String(sig.keyId);
  if (!keys.some((k) => keyIdOf(k) === sig!.keyId))
    return { ...base, keyId, status: 'unknown-key', message: `signed by an unknown key: ${keyId} is not among the trusted keys (${keys.map(keyIdOf).join(', ')})` };
  if (sig.hash !== hash)
    return { ...base, keyId, status: 'altered', message: `altered: the content changed after it was signed (signed sha256 ${sig.hash.slice(0, 12)}…, now ${hash.slice(0, 12)}…)` };
  return { ...base, keyId, status: 'bad-signature', message: `the signature does not verify with key ${keyId}: ${sigPath} was tampered with or made with another key` };
}
