/**
 * Dispatch: the first argument names a command from the table; help in all its spellings; every
 * failure becomes stderr lines and exit status 2, never a stack trace.
 */
import type { CliContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, reportError, UsageError } from './errors.js';

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    const [name, ...args] = argv;
    if (name === undefined) {
      ctx.stderr.write(topHelp());
      return EXIT_FAILURE;
    }
    if (name === '--help' || name === '-h') {
      ctx.stdout.write(topHelp());
      return EXIT_OK;
    }
    if (name === 'help') {
      if (args[0] === undefined) {
        ctx.stdout.write(topHelp());
      } else {
        ctx.stdout.write((await loadCommand(args[0])).help);
      }
      return EXIT_OK;
    }
    const command = await loadCommand(name);
    if (wantsHelp(args)) {
      ctx.stdout.write(command.help);
      return EXIT_OK;
    }
    return await command.run(args, ctx);
  } catch (err) {
    return reportError(err, ctx.stderr);
  }
}

/** The overview printed by `jinshou --help`: every command with an example. */
export function topHelp(): string {
  const width = Math.max(...[...COMMANDS.values()].map((c) => c.usage.length));
  const commands = [...COMMANDS.values()]
    .map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  e.g. ${c.example}`)
    .join('\n');
  return `jinshou — find prohibited goods in Chinese listings (禁售)

Usage: jinshou <command> [options]

Commands:
${commands}

Run 'jinshou <command> --help' (or 'jinshou help <command>') for a command's options.
Exit status: 0 on success; 1 when a check fails (validate, test, verify, diff --strict);
2 for unusable arguments, packs or inputs.
`;
}

async function loadCommand(name: string) {
  const entry = COMMANDS.get(name);
  if (!entry) {
    throw new UsageError(name.startsWith('-') ? `unknown option '${name}' (a command comes first)` : `unknown command '${name}'`);
  }
  return entry.load();
}

/** `-h`/`--help` anywhere before a `--` that ends the options. */
function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
