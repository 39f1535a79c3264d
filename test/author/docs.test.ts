import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN, HAVE_CLI, MINI, jinshou, miniWith, put, spawnCli, tempDir } from './helpers.js';
import { mdCell } from '../../src/pack/docs.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** Cells of a Markdown table row (pipes escaped with a backslash stay inside cells). */
const cells = (row: string) => row.replace(/^\||\|$/g, '').split(/(?<!\\)\|/);

/** Every table in the page has rows as wide as its header. */
function expectWellFormedTables(md: string): void {
  let width = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = 0;
      continue;
    }
    const n = cells(line).length;
    if (width === 0) width = n;
    else expect(n, line).toBe(width);
  }
}

describe('jinshou docs', () => {
  it('writes the pack page: metadata, one row per rule with basis and examples, changelog', async () => {
    const r = await jinshou(['docs', MINI]);
    expect(r.code).toBe(0);
    const md = r.out;
    expect(md.startsWith('# 测试小包\n')).toBe(true);
    expect(md).toContain('`test.mini` version **1.2.0**');
    expect(md).toContain('| Engine | `>=1.0.0 <2.0.0` |');
    expect(md).toMatch(/\| Content hash \(sha256\) \| `[0-9a-f]{64}` \|/);
    expect(md).toContain('| Signature | not signed |');
    expect(md).toContain('| Rule | Title | Category | Severity | Legal basis | Example hit | Example miss |');
    expect(md).toContain('| `wildlife.pangolin` | 穿山甲 | wildlife | critical | 《中华人民共和国野生动物保护法》第三十三条 | 野生穿山甲片 | 穿山甲玩具 |');
    expect(md).toContain('| `mooncake.price` | 高价月饼 | mooncake | medium | — | 月饼礼盒 (price: 688) | 月饼礼盒 (price: 499) |');
    expect(md).toContain('| `wildlife.old` | 已停用 *(deprecated → wildlife.pangolin)* |');
    expect(md).toContain('| `wildlife.future` | 未生效 *(from 2099-01-01)* |');
    expect(md).toContain('## Changelog\n\n| Version | Date | Notes |\n| --- | --- | --- |\n| 1.2.0 | 2026-11-01 | 测试 |');
    expectWellFormedTables(md);
  });

  it('shows a hit test\'s listing, not what the test expects of it', async () => {
    const file = put(dir, 'with-block.yaml', miniWith(['      hit: [野生穿山甲片]', '      hit: [{ title: 野生穿山甲片, price: 80, expect: { verdict: block } }]']));
    const md = (await jinshou(['docs', file])).out;
    expect(md).toContain('| 野生穿山甲片 (price: 80) | 穿山甲玩具 |');
    expect(md).not.toContain('expect');
  });

  it('lists a rule\'s known gaps (tests.todo) with --details', async () => {
    const file = put(dir, 'gaps.yaml', miniWith(['      hit: [野生穿山甲片]', '      hit: [野生穿山甲片]\n      todo: { hit: [穿山片 一两], miss: [穿山甲 图案 卫衣] }']));
    const md = (await jinshou(['docs', '--details', file])).out;
    expect(md).toContain('- Known gaps, not flagged yet: 穿山片 一两\n- Known gaps, flagged but should not be: 穿山甲 图案 卫衣');
  });

  it('escapes table-breaking and HTML text from the pack', async () => {
    const file = put(dir, 'hostile.yaml', miniWith(['    title: 象牙\n', '    title: "象牙 | <script>x</script>"\n'], ['      miss: [象牙白粉底液]', '      miss: ["a|b\\\\c"]']));
    const md = (await jinshou(['docs', file])).out;
    expect(md).toContain('象牙 \\| &lt;script&gt;x&lt;/script&gt;');
    expect(md).toContain('a\\|b\\\\c');
    expect(md).not.toContain('<script>');
    expectWellFormedTables(md);
    expect(mdCell('a\nb *c* [d](e)')).toBe('a b \\*c\\* \\[d\\](e)');
  });

  it('names the signing key of a matching signature; --out and --details', async () => {
    await jinshou(['keygen', '--out', join(dir, 'keys')]);
    const file = put(dir, 'signed.yaml', readFileSync(MINI, 'utf8'));
    await jinshou(['sign', '--key', join(dir, 'keys/jinshou-pack.private.pem'), file]);
    const out = join(dir, 'page.md');
    const r = await jinshou(['docs', '--details', '--out', out, file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${out} (9 rules)`);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/\| Signature \| Ed25519, key `[0-9a-f]{16}`/);
    expect(md).toContain('### `wildlife.ivory` 象牙');
    expect(md).toContain('- Flagged: 象牙手镯');
    // A signature for other content is not claimed.
    const changed = put(dir, 'signed.yaml', readFileSync(file, 'utf8').replace('象牙手镯', '象牙镯子'));
    expect((await jinshou(['docs', changed])).out).toContain('| Signature | not signed |');
  });

  it('documents an overlay by its changes', async () => {
    const overlay = put(
      dir,
      'overlay.yaml',
      'jinshou: 1\noverlay: { id: platform.x, version: 1.0.0, title: 平台调整, publisher: 平台, targets: [test.mini] }\nterms:\n  museum: [博物馆文创]\nchanges:\n  - { rule: wildlife.ivory, disable: true, reason: 人工处理 }\n  - { rule: wildlife.pangolin, except: museum, reason: 仿制品 }\n',
    );
    const md = (await jinshou(['docs', overlay])).out;
    expect(md).toContain('| Changes packs | `test.mini` |');
    expect(md).toContain('| `wildlife.ivory` | disabled | 人工处理 |');
    expect(md).toContain('| `wildlife.pangolin` | except `museum` | 仿制品 |');
  });

  it.skipIf(!HAVE_CLI)('runs as the built CLI', () => {
    const r = spawnCli(['docs', MINI]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('| `wildlife.ivory` | 象牙 |');
  });

  it('exits 2 without exactly one loadable pack', async () => {
    expect((await jinshou(['docs'])).code).toBe(2);
    expect((await jinshou(['docs', MINI, MINI])).code).toBe(2);
    expect((await jinshou(['docs', put(dir, 'bad.yaml', 'jinshou: 2\n')])).code).toBe(2);
  });

  it.skipIf(BUILTIN.length === 0)('documents every built-in pack with well-formed tables', async () => {
    for (const file of BUILTIN) {
      const r = await jinshou(['docs', file]);
      expect(r.code, file).toBe(0);
      expectWellFormedTables(r.out);
      expect(r.out).toContain('## Rules');
    }
  });
});
