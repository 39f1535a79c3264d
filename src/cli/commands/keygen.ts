/**
 * `jinshou keygen [--out DIR]`: a new Ed25519 key pair for signing packs, written as PEM files (the
 * private one readable by its owner only) or printed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { generateKeys, keyIdOf } from '../../pack/signature.js';
import { parseCommandArgs, positionals } from '../author/args.js';
import { displayPath } from '../author/text.js';

const HELP = `Usage: jinshou keygen [--out DIR] [--name NAME]

Creates an Ed25519 key pair for signing packs. With --out, writes DIR/NAME.private.pem (mode 600: keep
it secret, out of the pack repository) and DIR/NAME.public.pem (publish it; hosts pass it to
'scan --trust' or createEngine({ trust })). Without --out, prints both PEM blocks to stdout.

Options:
  --out DIR      write the key files into DIR (created when missing)
  --name NAME    file name stem (default: jinshou-pack)
  --force        overwrite existing key files
  -h, --help     show this help

Exit status: 0 when the keys were created, 2 for unusable arguments or when a key file exists.

Examples:
  jinshou keygen --out keys/
  jinshou keygen --out ~/.config/jinshou --name cn-samr-2026
`;

/** The `keygen` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('keygen', args, {
      out: { type: 'string' },
      name: { type: 'string' },
      force: { type: 'boolean' },
    });
    positionals('keygen', pos, 'no arguments besides options', 0, 0);
    const name = values.name ?? 'jinshou-pack';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name.startsWith('.')) throw new UsageError(`--name must be 1–64 letters, digits, '.', '_' or '-' (got '${name}')`, 'keygen');
    const { privateKey, publicKey } = generateKeys();
    const keyId = keyIdOf(createPublicKey(publicKey));
    if (values.out === undefined) {
      ctx.stdout.write(publicKey + privateKey);
      ctx.stderr.write(`key id ${keyId}; store the PRIVATE KEY block secretly and publish the PUBLIC KEY block\n`);
      return 0;
    }
    const priv = join(values.out, `${name}.private.pem`);
    const pub = join(values.out, `${name}.public.pem`);
    if (!values.force) for (const f of [priv, pub]) if (existsSync(f)) throw new CliError(`${f} exists; choose another --name or pass --force to replace it`);
    try {
      mkdirSync(values.out, { recursive: true });
      // The private key is created owner-only from the start, never world-readable even briefly.
      writeFileSync(priv, privateKey, { mode: 0o600 });
      writeFileSync(pub, publicKey, { mode: 0o644 });
    } catch (e) {
      throw new CliError(`cannot write the keys into ${values.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    ctx.stdout.write(
      `key id ${keyId}\n` +
        `private key: ${displayPath(priv)}  (keep it secret; sign with: jinshou sign --key ${displayPath(priv)} PACK)\n` +
        `public key:  ${displayPath(pub)}  (publish it; verify with: jinshou verify --pubkey ${displayPath(pub)} PACK)\n`,
    );
    return 0;
  },
};
