/**
 * `jinshou verify --pubkey PUBLIC.pem PACK…`: checks each pack's `.sig` against trusted public keys and
 * says plainly what is wrong: unsigned, altered, signed by an unknown key, or a forged signature.
 */
import type { KeyObject } from 'node:crypto';
import type { Command } from '../command.js';
import { CliError, describeDiagnostic, UsageError } from '../errors.js';
import { keyIdOf, readKey } from '../../pack/signature.js';
import { DiagnosticSink } from '../../pack/diagnostics.js';
import { packFilesAt } from '../../pack/read.js';
import { parseCommandArgs, positionals } from '../author/args.js';
import { verifyPackFile, type VerifyResult } from '../author/signing.js';
import { displayPath, stylesFor } from '../author/text.js';

const HELP = `Usage: jinshou verify --pubkey PUBLIC.pem PACK…

Checks the signature (PACK.yaml.sig) of pack files, or of every *.yaml of a folder, against one or more
trusted Ed25519 public keys, and prints one line per pack:

  OK    rules/military.yaml  cn.military 1.0.0  valid signature by key 8c0e5a51d7f3b2a4
  FAIL  my-pack.yaml  altered: the content changed after it was signed (…)

Verdicts: valid; unsigned (no .sig file); altered (the pack changed after signing); unknown key (signed,
but not by a trusted key); bad signature (the .sig file was tampered with); malformed .sig; unreadable
pack. The engine applies the same check when given trusted keys (scan --trust, createEngine({ trust })).

Options:
  --pubkey PUBLIC.pem  a trusted public key (SPKI PEM, as written by 'jinshou keygen'); repeatable
  --json               print the results as JSON
  -h, --help           show this help

Exit status: 0 when every pack has a valid signature by a trusted key, 1 when any has not, 2 for
unusable arguments or keys.

Examples:
  jinshou verify --pubkey keys/jinshou-pack.public.pem rules/military.yaml
  jinshou verify --pubkey publisher-a.pem --pubkey publisher-b.pem rules/
`;

/** The `verify` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('verify', args, {
      pubkey: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    if (!values.pubkey?.length) throw new UsageError('--pubkey PUBLIC.pem is required', 'verify');
    const paths = positionals('verify', pos, 'a pack file or folder to verify (PACK…)', 1);
    const keys: KeyObject[] = values.pubkey.map((k) => {
      try {
        return readKey(k, 'public');
      } catch (e) {
        throw new CliError(`cannot use the public key ${k}: ${(e as Error).message}`);
      }
    });
    const results: VerifyResult[] = [];
    for (const p of paths) {
      const sink = new DiagnosticSink(p);
      const files = packFilesAt(p, sink);
      if (sink.items.length) results.push({ file: p, status: 'unreadable', message: sink.items.map((d) => d.message).join('; ') });
      for (const f of files) results.push(verifyPackFile(f, keys));
    }
    const ok = results.every((r) => r.status === 'valid');
    if (values.json) {
      ctx.stdout.write(JSON.stringify({ ok, trusted: keys.map(keyIdOf), results }, null, 2) + '\n');
    } else {
      const s = stylesFor(ctx.stdout);
      for (const r of results) {
        const what = r.packId ? `  ${r.packId} ${r.version ?? ''}`.trimEnd() : '';
        ctx.stdout.write(`${r.status === 'valid' ? s.green('OK  ') : s.red('FAIL')}  ${displayPath(r.file)}${what}  ${r.message}\n`);
        for (const d of r.diagnostics ?? []) ctx.stdout.write(describeDiagnostic({ ...d, file: displayPath(d.file) }) + '\n');
      }
    }
    return ok ? 0 : 1;
  },
};
