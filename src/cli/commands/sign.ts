/**
 * `jinshou sign --key PRIVATE.pem PACK…`: writes `PACK.sig` beside each pack, an Ed25519 signature over
 * the pack's canonical content hash (pack/signature.ts). Only packs that load are signed.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { checkSignature, readKey, signHash, signaturePathOf } from '../../pack/signature.js';
import { parseCommandArgs, positionals } from '../author/args.js';
import { loadFilesStandalone } from '../author/packs.js';
import { displayPath } from '../author/text.js';

const HELP = `Usage: jinshou sign --key PRIVATE.pem PACK…

Signs pack files (or every *.yaml of a folder) with an Ed25519 private key: writes PACK.yaml.sig beside
each, holding the key id, the sha256 of the pack's canonical content and the signature. The hash is over
the parsed content with keys sorted, so comments and re-indentation keep a signature valid, while any
changed value breaks it. Packs with errors are not signed (run 'jinshou validate' first).

Hosts then load only signed packs:  jinshou scan --trust PUBLIC.pem …  or
createEngine({ trust: [publicKeyPem] }); 'jinshou verify' checks a signature by itself.

Options:
  --key PRIVATE.pem    the private key (PKCS#8 PEM, as written by 'jinshou keygen')
  -h, --help           show this help

Exit status: 0 when every pack was signed, 2 for unusable arguments, keys or packs.

Examples:
  jinshou keygen --out keys/
  jinshou sign --key keys/jinshou-pack.private.pem rules/military.yaml
`;

/** The `sign` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('sign', args, { key: { type: 'string' } });
    if (!values.key) throw new UsageError('--key PRIVATE.pem is required', 'sign');
    const paths = positionals('sign', pos, 'a pack file or folder to sign (PACK…)', 1);
    let key: KeyObject;
    try {
      key = readKey(values.key, 'private');
    } catch (e) {
      // OpenSSL's decoder message is opaque; the usual mistake is passing the public half.
      const publicGiven = /PUBLIC KEY-----/.test(safeRead(values.key));
      throw new CliError(
        `cannot use the private key ${values.key}: ${publicGiven ? 'this is a public key; sign with the private one (NAME.private.pem)' : (e as Error).message}`,
      );
    }
    // Load every pack first: nothing is signed unless all of them load. Each file stands alone: packs
    // signed together need not form a loadable set (an overlay is signed without its targets).
    const docs = loadFilesStandalone(paths);
    const pub = createPublicKey(key);
    for (const doc of docs) {
      const sig = signHash(doc.hash, key);
      const text = JSON.stringify(sig, null, 2) + '\n';
      // Never leave a signature that does not verify (a wrong key type would be caught here).
      const problem = checkSignature(text, doc.hash, [pub]);
      if (problem) throw new CliError(`signing ${doc.file} failed: ${problem.message}`);
      const target = signaturePathOf(doc.file);
      // Write then rename, so a reader never sees half a signature file.
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, text);
        renameSync(tmp, target);
      } catch (e) {
        throw new CliError(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      ctx.stdout.write(`signed ${displayPath(doc.file)} (${doc.meta.id} ${doc.meta.version}) → ${displayPath(target)}  key ${sig.keyId}  sha256 ${doc.hash.slice(0, 16)}…\n`);
    }
    return 0;
  },
};

function safeRead(path: string): string {
  try {
    return path.includes('-----BEGIN') ? path : readFileSync(path, 'utf8').slice(0, 4096);
  } catch {
    return '';
  }
}
