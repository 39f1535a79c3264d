/**
 * The table of commands, in the order `jinshou --help` lists them. Adding a command is one line here
 * plus its file `./<name>.ts` exporting `command: Command`.
 */
import type { CommandEntry } from '../command.js';

/** Every command by name. */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>([
  ['scan', { usage: 'scan [FILE…]', summary: 'scan listings (JSONL, CSV or plain lines); one JSONL result per record', example: 'jinshou scan listings.jsonl > results.jsonl', load: async () => (await import('./scan.js')).command }],
  ['explain', { usage: 'explain [TITLE…]', summary: 'explain one listing: normalized text, hits, each rule and its score', example: 'jinshou explain 野生 川山甲片 正品', load: async () => (await import('./explain.js')).command }],
  ['validate', { usage: 'validate PATH…', summary: 'check packs: structure, conditions, basis, dates, ids, regex safety, lints', example: 'jinshou validate rules/', load: async () => (await import('./validate.js')).command }],
  ['test', { usage: 'test PATH…', summary: "run the rules' embedded examples; --corpus for precision and recall", example: 'jinshou test rules/ --corpus labelled.jsonl', load: async () => (await import('./test.js')).command }],
  ['diff', { usage: 'diff OLD NEW', summary: 'changes between two versions of a pack, and the version bump they need', example: 'jinshou diff released/military.yaml rules/military.yaml', load: async () => (await import('./diff.js')).command }],
  ['docs', { usage: 'docs PACK', summary: "a Markdown page of a pack's rules, metadata and changelog", example: 'jinshou docs rules/military.yaml > cn.military.md', load: async () => (await import('./docs.js')).command }],
  ['keygen', { usage: 'keygen [--out DIR]', summary: 'create an Ed25519 key pair for signing packs', example: 'jinshou keygen --out keys/', load: async () => (await import('./keygen.js')).command }],
  ['sign', { usage: 'sign --key PRIVATE.pem PACK…', summary: 'sign packs: writes PACK.yaml.sig beside each', example: 'jinshou sign --key keys/jinshou-pack.private.pem rules/military.yaml', load: async () => (await import('./sign.js')).command }],
  ['verify', { usage: 'verify --pubkey PUBLIC.pem PACK…', summary: 'check pack signatures: valid, unsigned, altered, unknown key', example: 'jinshou verify --pubkey keys/jinshou-pack.public.pem rules/military.yaml', load: async () => (await import('./verify.js')).command }],
]);
