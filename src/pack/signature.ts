/**
 * Pack signatures: Ed25519 (node:crypto) over the pack's canonical content hash, kept in a detached
 * `PACK.yaml.sig` file beside the pack. Because the hash is over canonical content (keys sorted, comments
 * and formatting ignored), re-indenting a pack keeps its signature; changing any value breaks it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';

/** The content of a `.sig` file. */
export interface PackSignature {
  alg: 'ed25519';
  /** Identifies the signing key: the first 16 hex digits of sha256 over its public key (DER). */
  keyId: string;
  /** sha256 hex of the pack's canonical content. */
  hash: string;
  /** Base64 Ed25519 signature over the UTF-8 bytes of `jinshou-pack-v1:<hash>`. */
  signature: string;
}

const PREFIX = 'jinshou-pack-v1:';

/** The signature file of a pack file. */
export const signaturePathOf = (packFile: string) => `${packFile}.sig`;

/** Key id of a public key: sha256 of its DER, 16 hex digits. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Reads a PEM key given as text or as a path to a PEM file. */
export function readKey(textOrPath: string, kind: 'public' | 'private'): KeyObject {
  const pem = textOrPath.includes('-----BEGIN') ? textOrPath : readFileSync(textOrPath, 'utf8');
  const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 ${kind} key (found ${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

/** Creates a new Ed25519 key pair as PEM texts. */
export function generateKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Signs a content hash. */
export function signHash(hash: string, privateKey: KeyObject): PackSignature {
  const pub = createPublicKey(privateKey);
  return { alg: 'ed25519', keyId: keyIdOf(pub), hash, signature: sign(null, Buffer.from(PREFIX + hash), privateKey).toString('base64') };
}

/**
 * Checks a signature text against a content hash and trusted keys. Returns undefined when valid, else
 * the reason (missing, malformed, unknown key, altered content, bad signature).
 */
export function checkSignature(sigText: string | undefined, hash: string, trusted: readonly KeyObject[]): { code: 'K001' | 'K002'; message: string } | undefined {
  if (sigText === undefined) return { code: 'K001', message: 'the pack is not signed (no .sig file beside it)' };
  let sig: Partial<PackSignature>;
  try {
    sig = JSON.parse(sigText) as Partial<PackSignature>;
  } catch {
    return { code: 'K001', message: 'the signature file is not valid JSON' };
  }
  if (sig.alg !== 'ed25519' || typeof sig.signature !== 'string' || typeof sig.hash !== 'string') return { code: 'K001', message: 'the signature file is malformed' };
  const key = trusted.find((k) => keyIdOf(k) === sig.keyId);
  if (!key) return { code: 'K001', message: `signed by key ${sig.keyId ?? '?'}, which is not among the trusted keys` };
  if (sig.hash !== hash) return { code: 'K002', message: 'the pack was changed after it was signed (its content hash differs from the signed one)' };
  let ok = false;
  try {
    ok = verify(null, Buffer.from(PREFIX + hash), key, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? undefined : { code: 'K002', message: 'the signature does not verify with the trusted key' };
}

/** Largest signature file read; a real one is about 250 bytes. */
const MAX_SIGNATURE_BYTES = 64 * 1024;

/**
 * Reads the `.sig` file beside a pack file, if any. Something that is not a small regular file (a FIFO,
 * a symlink to /dev/zero, a huge file) is read as an unusable signature, so the pack is refused (K001)
 * instead of the read hanging or exhausting memory.
 */
export function readSignatureFile(packFile: string): string | undefined {
  const p = signaturePathOf(packFile);
  if (!existsSync(p)) return undefined;
  try {
    const st = statSync(p);
    if (!st.isFile() || st.size > MAX_SIGNATURE_BYTES) return '';
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
