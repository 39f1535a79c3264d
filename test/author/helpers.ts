/**
 * Helpers for the authoring-command tests: a CLI context over in-memory streams with the real engine,
 * temporary copies of packs (deliberately broken by text edits), and the built CLI for end-to-end runs.
 */
import { Readable, Writable } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine.js';
import { runCli } from '../../src/cli/run.js';
import type { CliContext } from '../../src/cli/command.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The fixture pack every broken copy starts from. */
export const MINI = join(ROOT, 'test/fixtures/mini.yaml');
/** The built CLI; end-to-end tests are skipped when it has not been built. */
export const CLI = join(ROOT, 'dist/cli.cjs');
export const HAVE_CLI = existsSync(CLI);
/** The built-in packs present in the repository (rules/ is being written; any subset may exist). */
export const BUILTIN = existsSync(join(ROOT, 'rules'))
  ? readdirSync(join(ROOT, 'rules'))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(ROOT, 'rules', f))
  : [];

/** A writable that keeps what it receives. */
export class Sink extends Writable {
  private readonly chunks: Buffer[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs `jinshou ARGS` in-process with the real engine; returns exit status and output. */
export async function jinshou(args: string[], opts: { stdin?: string; tty?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Sink(opts.tty ?? false);
  const stderr = new Sink();
  const stdin = Readable.from(opts.stdin !== undefined ? [Buffer.from(opts.stdin)] : []) as Readable & { isTTY?: boolean };
  if (opts.stdin === undefined) stdin.isTTY = true;
  const ctx: CliContext = { stdin, stdout, stderr, createEngine, workerPath: join(ROOT, 'dist/scan-worker.cjs') };
  const code = await runCli(args, ctx);
  return { code, out: stdout.text(), err: stderr.text() };
}

/** Runs the built CLI as a process. */
export function spawnCli(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jinshou-author-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The fixture pack's text, with replacements applied; each replacement must change something. */
export function miniWith(...edits: [string | RegExp, string][]): string {
  let text = readFileSync(MINI, 'utf8');
  for (const [from, to] of edits) {
    // A function replacement: `$'` and friends in `to` stay literal.
    const next = text.replace(from, () => to);
    if (next === text) throw new Error(`edit did not apply: ${String(from)}`);
    text = next;
  }
  return text;
}

/** Writes a file into `dir` and returns its path. */
export function put(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
