/**
 * `jinshou docs PACK`: the pack's publication page in Markdown (pack/docs.ts), to stdout or a file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { renderPackDocs } from '../../pack/docs.js';
import { signaturePathOf } from '../../pack/signature.js';
import type { PackDoc } from '../../pack/document.js';
import { parseCommandArgs, positionals } from '../author/args.js';
import { loadOnePack } from '../author/packs.js';
import { displayPath } from '../author/text.js';

const HELP = `Usage: jinshou docs [options] PACK

Writes a Markdown page for publishing a pack: its metadata (publisher, license, engine range, content
hash, signing key), a table of its rules (id, title, category, severity, legal basis, an example hit and
an example miss taken from the embedded tests), and its changelog. Overlays get a table of their changes.

Options:
  --out FILE     write the page to FILE instead of stdout
  --details      add a section per rule with its message, tags, dates and every example
  -h, --help     show this help

Exit status: 0 when the page was written, 2 for unusable arguments or packs.

Examples:
  jinshou docs rules/military.yaml > docs/packs/cn.military.md
  jinshou docs --details --out site/cn.military.md rules/military.yaml
`;

/** The `docs` command. */
export const command: Command = {
  help: HELP,
  async run(args, ctx) {
    const { values, positionals: pos } = parseCommandArgs('docs', args, { out: { type: 'string' }, details: { type: 'boolean' } });
    const [path] = positionals('docs', pos, 'a pack file (PACK)', 1, 1) as [string];
    const doc = loadOnePack(path);
    const signedBy = matchingSignature(doc);
    const page = renderPackDocs(doc, { file: displayPath(doc.file), ...(signedBy ? { signedBy } : {}), details: values.details ?? false });
    if (values.out === undefined) ctx.stdout.write(page);
    else {
      try {
        writeFileSync(values.out, page);
      } catch (e) {
        throw new CliError(`cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      ctx.stderr.write(`wrote ${values.out} (${doc.rules.length} rules)\n`);
    }
    return 0;
  },
};

/**
 * The key id of the pack's `.sig` when it was made for this exact content. The page states it; whether the
 * key is trusted is for readers to check with `jinshou verify`.
 */
function matchingSignature(doc: PackDoc): string | undefined {
  const p = signaturePathOf(doc.file);
  if (!existsSync(p)) return undefined;
  try {
    const sig = JSON.parse(readFileSync(p, 'utf8')) as { keyId?: unknown; hash?: unknown };
    return sig.hash === doc.hash && typeof sig.keyId === 'string' && /^[0-9a-f]{16}$/.test(sig.keyId) ? sig.keyId : undefined;
  } catch {
    return undefined;
  }
}
