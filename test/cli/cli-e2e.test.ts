/**
 * End-to-end tests of the built CLI (dist/cli.cjs, or the file named by JINSHOU_CLI). Skipped when
 * there is no build; `npm test` builds first.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cli = resolve(root, process.env.JINSHOU_CLI ?? 'dist/cli.cjs');
const pack = join(root, 'test/fixtures/mini.yaml');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function jinshou(args: string[], input?: string | Buffer): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { input, cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const parse = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let dir: string;
/** Lines in big.jsonl: far more output than a pipe buffers, so `| head -1` really closes it early. */
const BIG = 50_000;

describe.skipIf(!existsSync(cli))('jinshou CLI (built)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jinshou-e2e-'));
    writeFileSync(
      join(dir, 'mixed.jsonl'),
      [
        '{"id":"a","title":"野生穿山甲片 正品"}',
        '',
        '{"title":"陶瓷茶杯"}',
        '{"id":"b","title": "trunc',
        '[1,2,3]',
        '\u00ff\u00fe not json',
        '{"id":7,"title":"玻璃杯","attributes":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}',
        '{"id":"c","title":"穿山甲玩具 毛绒"}',
      ].join('\r\n'),
    );
    writeFileSync(join(dir, 'listings.csv'), '\uFEFFid,title,price,attr.包装层数\ncsv-1,"野生穿山甲片, 正品",688,4\ncsv-2,"多行\n标题",12\ncsv-3,"broken\n');
    writeFileSync(join(dir, 'titles.txt'), '野生穿山甲片 正品\n\n陶瓷茶杯\n');
    const big: string[] = [];
    for (let i = 0; i < BIG; i++) big.push(JSON.stringify({ id: i, title: i % 2 ? '陶瓷茶杯' : '野生穿山甲片 正品' }));
    writeFileSync(join(dir, 'big.jsonl'), big.join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one line per record, in order, with error records, and exits 0', () => {
    const r = jinshou(['scan', '--packs', pack, join(dir, 'mixed.jsonl')]);
    expect(r.status).toBe(0);
    const out = parse(r.stdout);
    expect(out.map((o) => [o.id, o.line ?? null, o.error === undefined ? o.verdict : 'error'])).toEqual([
      ['a', null, 'block'],
      [3, null, 'pass'],
      [null, 4, 'error'],
      [null, 5, 'error'],
      [null, 6, 'error'],
      [7, null, expect.any(String)],
      ['c', null, 'pass'],
    ]);
  });

  it('gives the same output with worker threads', () => {
    const inline = jinshou(['scan', '--packs', pack, join(dir, 'mixed.jsonl'), join(dir, 'big.jsonl')]);
    const pooled = jinshou(['scan', '--workers', '2', '--packs', pack, join(dir, 'mixed.jsonl'), join(dir, 'big.jsonl')]);
    expect(pooled.status).toBe(0);
    expect(pooled.stdout.split('\n').length).toBe(BIG + 7 + 1);
    expect(pooled.stdout === inline.stdout).toBe(true);
  });

  it('reads CSV with a header row and plain lines', () => {
    const csv = jinshou(['scan', '--packs', pack, join(dir, 'listings.csv')]);
    expect(csv.status).toBe(0);
    expect(parse(csv.stdout).map((o) => [o.id, o.verdict ?? o.error])).toEqual([
      ['csv-1', 'block'],
      ['csv-2', 'pass'],
      [null, 'unterminated quoted field (it runs to the end of the input)'],
    ]);
    const lines = jinshou(['scan', '--packs', pack, join(dir, 'titles.txt')]);
    expect(parse(lines.stdout).map((o) => [o.id, o.verdict])).toEqual([
      [1, 'block'],
      [3, 'pass'],
    ]);
  });

  it('reads stdin, sniffing JSONL or plain lines, and honours --flagged-only', () => {
    const jsonl = jinshou(['scan', '--packs', pack, '--flagged-only'], '{"id":"x","title":"野生穿山甲片"}\n{"id":"y","title":"茶杯"}\nbad\n');
    expect(jsonl.status).toBe(0);
    expect(parse(jsonl.stdout).map((o) => [o.id, o.verdict ?? 'error'])).toEqual([
      ['x', 'block'],
      [null, 'error'],
    ]);
    const plain = jinshou(['scan', '--packs', pack, '-'], '野生穿山甲片 正品\n茶杯\n');
    expect(parse(plain.stdout).map((o) => [o.id, o.verdict])).toEqual([
      [1, 'block'],
      [2, 'pass'],
    ]);
  });

  it('exits 2 with a message and no stack trace for unusable arguments, packs and files', () => {
    const missing = jinshou(['scan', join(dir, 'nope.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`jinshou: cannot read ${join(dir, 'nope.jsonl')}: no such file or directory\n`);
    expect(missing.stdout).toBe('');
    const usage = jinshou(['scan', '--workers', 'lots']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^jinshou: --workers must be/);
    writeFileSync(join(dir, 'bad.yaml'), 'jinshou: 1\npack: [\n');
    const badPack = jinshou(['scan', '--packs', join(dir, 'bad.yaml'), join(dir, 'titles.txt')]);
    expect(badPack.status).toBe(2);
    expect(badPack.stderr).toMatch(/bad\.yaml:\d+:\d+: error\[[A-Z]\d{3}\]: /);
    expect(badPack.stdout).toBe('');
    const badPackPooled = jinshou(['scan', '--workers', '2', '--packs', join(dir, 'bad.yaml'), join(dir, 'titles.txt')]);
    expect(badPackPooled.status).toBe(2);
    expect(badPackPooled.stderr).toMatch(/bad\.yaml:\d+:\d+: error\[[A-Z]\d{3}\]: /);
    for (const r of [missing, usage, badPack, badPackPooled]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help', () => {
    const r = jinshou(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('jinshou scan');
    expect(jinshou(['scan', '--help']).stdout).toContain('--workers N');
  });

  it.each([[[]], [['--workers', '2']]])('stops quietly with exit 0 when stdout closes early (%j)', (extra) => {
    const rc = join(dir, `rc-${extra.length}`);
    const err = join(dir, `err-${extra.length}`);
    const command = `{ "${process.execPath}" "${cli}" scan ${extra.join(' ')} --packs "${pack}" "${join(dir, 'big.jsonl')}" 2>"${err}"; echo $? >"${rc}"; } | head -1`;
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(parse(r.stdout)).toHaveLength(1);
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    // Pack warnings may appear; an error message or a stack trace may not.
    expect(readFileSync(err, 'utf8')).not.toMatch(/EPIPE|Error|jinshou:|^\s+at /m);
  });
});
