/**
 * The table of commands, in the order `jinshou --help` lists them. Adding a command is one line here
 * plus its file `./<name>.ts` exporting `command: Command`.
 */
import type { CommandEntry } from '../command.js';

/** Every command by name. */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>([
  ['scan', { usage: 'scan [FILE…]', summary: 'scan listings (JSONL, CSV or plain lines); one JSONL result per record', example: 'jinshou scan listings.jsonl > results.jsonl', load: async () => (await import('./scan.js')).command }],
]);
