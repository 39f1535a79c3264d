import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';
import { parseScanArgs } from '../../src/cli/commands/scan.js';
import { PackLoadError } from '../../src/engine-api.js';
import { serveScanWorker, type WorkerPort } from '../../src/cli/scan/worker-main.js';
import type { WorkerReply } from '../../src/cli/scan/protocol.js';
import { fakeEngine, stdinOf, testContext } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jinshou-cli-'));
  writeFileSync(join(dir, 'a.jsonl'), '{"id":"a1","title":"穿山甲片"}\n{"title":"茶杯"}\n');
  writeFileSync(join(dir, 'b.csv'), 'id,title,price\nb1,"军供, 茅台",688\nb2,"unterminated\n');
  writeFileSync(join(dir, 'c.txt'), '穿山甲\n\n茶杯\n');
  writeFileSync(join(dir, 'd.data'), '  {"title":"穿山甲"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jinshou help and dispatch', () => {
  it('prints the overview for --help, -h and help, with an example per command', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const ctx = testContext();
      expect(await runCli(argv, ctx)).toBe(0);
      expect(ctx.stdout.text()).toContain('scan [FILE…]');
      expect(ctx.stdout.text()).toContain('e.g. jinshou scan listings.jsonl');
    }
  });

  it('prints the scan help for scan --help and help scan', async () => {
    for (const argv of [['scan', '--help'], ['help', 'scan'], ['scan', 'x.jsonl', '-h']]) {
      const ctx = testContext();
      expect(await runCli(argv, ctx)).toBe(0);
      expect(ctx.stdout.text()).toContain('--flagged-only');
      expect(ctx.stdout.text()).toContain('Examples:');
    }
  });

  it('fails with exit 2 and a message, no stack trace, for unknown commands and no command', async () => {
    const ctx = testContext();
    expect(await runCli(['frobnicate'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe("jinshou: unknown command 'frobnicate'\nrun 'jinshou --help' for usage\n");
    const empty = testContext();
    expect(await runCli([], empty)).toBe(2);
    expect(empty.stderr.text()).toContain('Usage: jinshou <command>');
    expect(empty.stdout.text()).toBe('');
    const proto = testContext();
    expect(await runCli(['constructor'], proto)).toBe(2);
  });
});

describe('scan arguments', () => {
  it('maps options to engine options', () => {
    const o = parseScanArgs(['--packs', 'p1', '--packs=p2', '--all-findings', '--as-of', '2024-09-17', '--trust', 'k.pem', '--field-cap', '100', '--workers', '2', '--flagged-only', '--format', 'csv', 'f', '-']);
    expect(o).toEqual({
      inputs: ['f', '-'],
      format: 'csv',
      flaggedOnly: true,
      workers: 2,
      engineOptions: { packs: ['p1', 'p2'], trust: ['k.pem'], allFindings: true, asOf: '2024-09-17', fieldCap: 100 },
    });
  });

  it('takes --workers auto as one thread per available core', () => {
    expect(parseScanArgs(['--workers', 'auto']).workers).toBe(Math.min(64, availableParallelism()));
  });

  it.each([
    [['--workers', 'two'], "--workers must be a whole number from 0 to 64 or auto (got 'two')"],
    [['--workers', '65'], '--workers must be a whole number'],
    [['--field-cap', '0'], '--field-cap must be a whole number from 1'],
    [['--format', 'xml'], "--format must be one of jsonl, csv, lines (got 'xml')"],
    [['--as-of', '2025-02-30'], "--as-of must be a date as YYYY-MM-DD (got '2025-02-30')"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--packs'], "Option '--packs <value>' argument missing"],
  ])('rejects %j with exit 2', async (args, message) => {
    const ctx = testContext();
    expect(await runCli(['scan', ...args], ctx)).toBe(2);
    expect(ctx.stderr.text()).toContain(`jinshou: ${message}`);
    expect(ctx.stderr.text()).toContain("run 'jinshou scan --help' for usage");
    expect(ctx.stdout.text()).toBe('');
  });
});

describe('jinshou scan (in process, fake engine)', () => {
  it('scans stdin JSONL: one line per record, in order, error records included', async () => {
    const ctx = testContext(stdinOf('{"id":"x","title":"穿山甲"}\n\nnot json\n[1]\n{"title":"茶杯"}'));
    expect(await runCli(['scan'], ctx)).toBe(0);
    expect(ctx.stdout.json().map((r) => [r.id, r.verdict ?? r.error])).toEqual([
      ['x', 'block'],
      [null, expect.stringMatching(/^invalid JSON/)],
      [null, 'not a JSON object: an array'],
      [5, 'pass'],
    ]);
    expect(ctx.stderr.text()).toBe('');
  });

  it('reads files in order, each in its own format, with line numbers per file', async () => {
    const ctx = testContext();
    const files = ['a.jsonl', 'b.csv', 'c.txt', 'd.data'].map((f) => join(dir, f));
    expect(await runCli(['scan', ...files], ctx)).toBe(0);
    expect(ctx.stdout.json().map((r) => [r.id, r.verdict ?? r.error])).toEqual([
      ['a1', 'block'],
      [2, 'pass'],
      ['b1', 'review'],
      [null, 'unterminated quoted field (it runs to the end of the input)'],
      [1, 'block'],
      [3, 'pass'],
      [1, 'block'],
    ]);
  });

  it('with --flagged-only writes flagged results and error records only', async () => {
    const ctx = testContext(stdinOf('{"title":"茶杯"}\n{"title":"军供"}\n{oops\n'));
    expect(await runCli(['scan', '--flagged-only', '-'], ctx)).toBe(0);
    expect(ctx.stdout.json().map((r) => r.verdict ?? r.error)).toEqual(['review', expect.stringMatching(/^invalid JSON/)]);
  });

  it('forces a format with --format', async () => {
    const ctx = testContext(stdinOf('{"title":"穿山甲"}\n'));
    expect(await runCli(['scan', '--format', 'lines'], ctx)).toBe(0);
    // The whole line is the title, so the evidence points into the raw JSON text.
    const [result] = ctx.stdout.json() as Array<{ id: number; findings: Array<{ evidence: Array<{ start: number }> }> }>;
    expect(result!.id).toBe(1);
    expect(result!.findings[0]!.evidence[0]!.start).toBe(10);
  });

  it('passes engine options through to the engine factory', async () => {
    let seen: unknown;
    const ctx = testContext(stdinOf(''), { createEngine: (o) => ((seen = o), fakeEngine(o)) });
    expect(await runCli(['scan', '--as-of', '2024-01-02', '--all-findings', '--field-cap', '9'], ctx)).toBe(0);
    expect(seen).toEqual({ asOf: '2024-01-02', allFindings: true, fieldCap: 9 });
  });

  it('names a missing input file and exits 2 before any output', async () => {
    const ctx = testContext();
    const missing = join(dir, 'nope.jsonl');
    expect(await runCli(['scan', join(dir, 'a.jsonl'), missing], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe(`jinshou: cannot read ${missing}: no such file or directory\n`);
    expect(ctx.stdout.text()).toBe('');
    const dirCtx = testContext();
    expect(await runCli(['scan', dir], dirCtx)).toBe(2);
    expect(dirCtx.stderr.text()).toContain('is a directory');
  });

  it('checks --packs and --trust paths', async () => {
    const ctx = testContext();
    expect(await runCli(['scan', '--packs', join(dir, 'none')], ctx)).toBe(2);
    expect(ctx.stderr.text()).toContain(`--packs ${join(dir, 'none')}: no such file or directory`);
  });

  it('prints every pack diagnostic as file:line:col: error[CODE]: message and exits 2', async () => {
    const diagnostics = [
      { code: 'S001', level: 'error' as const, message: 'missing id', file: 'p.yaml', line: 3, col: 5 },
      { code: 'C003', level: 'warning' as const, message: 'unused', file: 'p.yaml', line: 9, col: 1 },
    ];
    const ctx = testContext(stdinOf('{"title":"x"}\n'), { createEngine: () => { throw new PackLoadError(diagnostics); } });
    expect(await runCli(['scan'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe('p.yaml:3:5: error[S001]: missing id\np.yaml:9:1: warning[C003]: unused\n');
    expect(ctx.stdout.text()).toBe('');
  });

  it('turns any other engine failure into one line and exit 2', async () => {
    const ctx = testContext(stdinOf(''), { createEngine: () => { throw new TypeError('bad\nthing'); } });
    expect(await runCli(['scan'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe('jinshou: cannot build the engine: bad thing\n');
  });

  it('stops reading and exits 0 quietly when stdout goes away', async () => {
    let produced = 0;
    // An endless producer: the scan can only end because the output closed.
    const stdin = new Readable({
      read() {
        produced++;
        this.push(Buffer.from('{"title":"茶杯"}\n'.repeat(100)));
      },
    });
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _enc, done) {
        writes++;
        done(writes > 2 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
      },
    });
    const ctx = testContext(stdin, { stdout: stdout as never });
    expect(await runCli(['scan'], ctx)).toBe(0);
    expect(ctx.stderr.text()).toBe('');
    expect(produced).toBeLessThan(1000);
    expect(stdin.destroyed).toBe(true);
  });

  it('reports other output failures with exit 2', async () => {
    const stdout = new Writable({ write: (_c, _e, done) => done(Object.assign(new Error('no space left'), { code: 'ENOSPC' })) });
    const ctx = testContext(stdinOf('{"title":"x"}\n'), { stdout: stdout as never });
    expect(await runCli(['scan'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe('jinshou: cannot write the output: no space left\n');
  });

  it('fails clearly when workers are asked for but the worker script is missing', async () => {
    const ctx = testContext(stdinOf('{"title":"x"}\n'));
    expect(await runCli(['scan', '--workers', '2'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toContain('cannot start scan workers');
  });

  it('writes progress only to a terminal', async () => {
    const ctx = testContext(stdinOf('{"title":"x"}\n'));
    ctx.stderr.isTTY = false;
    expect(await runCli(['scan'], ctx)).toBe(0);
    expect(ctx.stderr.text()).toBe('');
  });
});

describe('scan worker body', () => {
  const replies = (port: MessagePort, n: number): Promise<WorkerReply[]> =>
    new Promise((resolve) => {
      const got: WorkerReply[] = [];
      port.on('message', (m: WorkerReply) => {
        got.push(m);
        if (got.length === n) resolve(got);
      });
    });

  it('builds its engine, then answers batches with encoded output', async () => {
    const { port1, port2 } = new MessageChannel();
    const answers = replies(port1, 2);
    serveScanWorker(port2 as unknown as WorkerPort, { engineOptions: {}, flaggedOnly: false }, (o) => fakeEngine(o));
    port1.postMessage({ seq: 7, batch: { kind: 'text', format: 'jsonl', bytes: Buffer.from('{"title":"穿山甲"}\nbad\n'), firstLine: 1 } });
    const [ready, done] = await answers;
    port1.close();
    expect(ready).toEqual({ type: 'ready', diagnostics: [] });
    expect(done).toMatchObject({ type: 'done', seq: 7, records: 2 });
    const text = Buffer.from((done as { output: Uint8Array }).output).toString();
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).verdict ?? 'error')).toEqual(['block', 'error']);
  });

  it('reports pack errors with their diagnostics', async () => {
    const { port1, port2 } = new MessageChannel();
    const answers = replies(port1, 1);
    const d = { code: 'P001', level: 'error' as const, message: 'cannot read', file: 'x.yaml', line: 0, col: 0 };
    serveScanWorker(port2 as unknown as WorkerPort, { engineOptions: {}, flaggedOnly: false }, () => { throw new PackLoadError([d]); });
    const [reply] = await answers;
    port1.close();
    port2.close();
    expect(reply).toMatchObject({ type: 'init-failed', diagnostics: [d] });
  });
});
