/**
 * `jinshou scan [FILE…]`: the command line of the scan (the loop itself is in ../scan/run-scan.ts).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { EngineOptions } from '../../engine-api.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { INPUT_FORMATS, type InputFormat } from '../input/format.js';
import { runScan, type ScanOptions } from '../scan/run-scan.js';

const HELP = `Usage: jinshou scan [options] [FILE…]

Scans listings and writes one JSON result per input record to stdout, in input order. Records that
cannot be read (invalid JSON, broken CSV quoting, over 8 MiB) yield {"id": …, "line": N, "error": "…"}
instead: nothing is dropped silently. With no FILE, or FILE '-', reads stdin.

Input formats: JSONL (one listing object per line), CSV with a header row (columns title, description,
price, category, shop, id, and attributes.NAME or attr.NAME; others are ignored), or plain lines (each
line a title). By default the format follows the extension (.jsonl/.ndjson/.json, .csv, .txt); stdin
and other files are JSONL when their first non-blank line starts with '{', else plain lines.

Options:
  --packs PATH         load packs from this file or folder instead of the built-in packs (repeatable)
  --flagged-only       write only results whose verdict is not 'pass' (error records are still written)
  --all-findings       also report findings below the review threshold
  --format FORMAT      input format for every FILE: jsonl, csv or lines
  --as-of YYYY-MM-DD   apply the rules and packs in effect on this date (default: today)
  --trust PUBLIC.pem   accept only packs signed by this key (repeatable)
  --workers N          scan on N threads: this one and N−1 worker threads (default 0: this one only);
                       auto: one thread per available core
  --field-cap N        scan at most N characters (UTF-16 units) of each text field (default 65536)
  -h, --help           show this help

Exit status: 0 when the input was processed (whatever was found), 2 for unusable arguments, packs or
input files. Progress goes to stderr, and only when stderr is a terminal.

Examples:
  jinshou scan listings.jsonl > results.jsonl
  crawler | jinshou scan --flagged-only --workers 4 > flagged.jsonl
  jinshou scan --format csv --packs ./my-packs export.dat
  jinshou scan titles.txt | head -1
`;

/** The `scan` command. */
export const command: Command = {
  help: HELP,
  run: (args, ctx) => runScan(parseScanArgs(args), ctx),
};

/** Most worker threads accepted; more would only cost memory. */
const MAX_WORKERS = 64;

/** Reads `scan`'s command line into options; throws {@link UsageError} for anything unusable. */
export function parseScanArgs(args: readonly string[]): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        packs: { type: 'string', multiple: true },
        'flagged-only': { type: 'boolean' },
        'all-findings': { type: 'boolean' },
        format: { type: 'string' },
        'as-of': { type: 'string' },
        trust: { type: 'string', multiple: true },
        workers: { type: 'string' },
        'field-cap': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message.split(/\.\s|\n/)[0]! : String(err);
    throw new UsageError(message, 'scan');
  }
  const v = parsed.values;
  const engineOptions: EngineOptions = {};
  if (v.packs) engineOptions.packs = v.packs;
  if (v.trust) engineOptions.trust = v.trust;
  if (v['all-findings']) engineOptions.allFindings = true;
  if (v['as-of'] !== undefined) engineOptions.asOf = parseDate(v['as-of']);
  if (v['field-cap'] !== undefined) engineOptions.fieldCap = parseCount('--field-cap', v['field-cap'], 1, 2 ** 30);
  let format: InputFormat | undefined;
  if (v.format !== undefined) {
    if (!(INPUT_FORMATS as readonly string[]).includes(v.format)) {
      throw new UsageError(`--format must be one of ${INPUT_FORMATS.join(', ')} (got '${v.format}')`, 'scan');
    }
    format = v.format as InputFormat;
  }
  return {
    inputs: parsed.positionals,
    format,
    engineOptions,
    flaggedOnly: v['flagged-only'] ?? false,
    // `auto`: one thread per CPU this process may run on (os.availableParallelism follows its affinity mask).
    workers: v.workers === undefined ? 0 : v.workers === 'auto' ? Math.min(MAX_WORKERS, availableParallelism()) : parseCount('--workers', v.workers, 0, MAX_WORKERS),
  };
}

function parseCount(option: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${option} must be a whole number from ${min} to ${max}${option === '--workers' ? ' or auto' : ''} (got '${text}')`, 'scan');
  return n;
}

function parseDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  // Round-tripping rejects dates that do not exist, such as 2025-02-30.
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--as-of must be a date as YYYY-MM-DD (got '${text}')`, 'scan');
  }
  return text;
}
