import { describe, expect, it } from 'vitest';
import { BUILTIN, HAVE_CLI, MINI, jinshou, spawnCli } from './helpers.js';
import { createEngine } from '../../src/engine.js';
import { highlight, mergeSpans } from '../../src/cli/author/highlight.js';

const packs = ['--packs', MINI];

describe('jinshou explain', () => {
  it('explains a title: verdict, the text with hits marked, hits, rules considered and the score', async () => {
    const r = await jinshou(['explain', ...packs, '野生', '川山甲', '鳞片', '毛绒']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict pass {2}score 0 {2}\(1 finding below the review threshold, highest 0\)/);
    expect(r.out).toContain('title       [野生] [川山甲] 鳞片 [毛绒]');
    expect(r.out).toMatch(/title +川山甲 +穿山甲 +homophone ×0\.75 weak +test\.mini\/pangolin/);
    expect(r.out).toContain('◐ wildlife.pangolin 穿山甲  — below threshold: score 0 < review threshold 0.5');
    expect(r.out).toContain('evidence  title: 野生 [川山甲] 鳞片 毛绒  (川山甲→穿山甲 homophone)');
    // A homophone is weak evidence: without the rule's support context (sale) it counts half.
    expect(r.out).toContain('strength  0.375  (weak evidence (川山甲) counts half: no support context (sale) in the listing)');
    expect(r.out).toContain('score     0.9 base × 0.375 strength + 0.05 raise (wild 0.05) − 0.6 lower (toy 0.6) = 0, clamped to [0, 1]');
  });

  it('lists hits a negation cue denies, apart from the evidence', async () => {
    const r = await jinshou(['explain', '--json', '{"title":"宣传挂图","description":"内容：不买卖穿山甲、象牙等制品。"}']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict pass/);
    expect(r.out).toMatch(/negated \(\d+\), not evidence/);
    expect(r.out).toMatch(/description +穿山甲 +不买卖 +cn\.wildlife\/pangolin/);
  });

  it('shows the normalized text, structured evidence and the score formula for a JSON listing', async () => {
    const r = await jinshou(['explain', ...packs, '--json', '{"title":"月餅禮盒 ７层包装","price":688}']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict block {2}score 0\.9/);
    expect(r.out).toContain('title       [月餅]禮盒 [７层]包装');
    expect(r.out).toContain('normalized: 月饼礼盒 7层包装');
    expect(r.out).toContain('● mooncake.layers 过度包装  — reported: score 0.9 ≥ review threshold 0.5');
    expect(r.out).toContain('score     0.9 base × 1 strength = 0.9');
    expect(r.out).toContain('evidence  price = 688');
    expect(r.out).toMatch(/○ mooncake\.bundle 搭售 {2}— condition false/);
  });

  it('explains raise and lower context with their amounts', async () => {
    const r = await jinshou(['explain', ...packs, '--listing', '{"title":"野生 穿山甲 毛绒 公仔","description":"正品"}']);
    expect(r.out).toContain('score     0.9 base × 1 strength + 0.05 raise (wild 0.05) − 0.6 lower (toy 0.6) = 0.35');
  });

  it('prints engine.explain() as JSON with a bare --json, reads JSON from stdin', async () => {
    const listing = { title: '象牙手镯', id: 'x1' };
    const r = await jinshou(['explain', ...packs, '--json'], { stdin: JSON.stringify(listing) + '\n' });
    expect(r.code).toBe(0);
    const ex = JSON.parse(r.out);
    const direct = createEngine({ packs: [MINI], allFindings: true }).explain(listing);
    expect(ex).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(ex.result.findings[0].ruleId).toBe('wildlife.ivory');
    // A plain title on stdin works too.
    expect((await jinshou(['explain', ...packs], { stdin: '象牙手镯\n' })).out).toMatch(/^verdict block/);
  });

  it('colours on a terminal and uses brackets otherwise; control characters are escaped', async () => {
    const tty = await jinshou(['explain', ...packs, '象牙手镯'], { tty: true });
    expect(tty.out).toContain('\u001b[30;43m象牙\u001b[39;49m');
    const plain = await jinshou(['explain', ...packs, '象牙\u001b[2J手镯']);
    expect(plain.out).not.toContain('\u001b');
    expect(plain.out).toContain('[象牙]\\x1b[2J手镯');
  });

  it('says when nothing matches, and refuses unusable input with exit 2', async () => {
    const r = await jinshou(['explain', ...packs, '茶杯']);
    expect(r.out).toContain('no term of any loaded pack occurs in the listing');
    expect((await jinshou(['explain', ...packs])).code).toBe(2);
    expect((await jinshou(['explain', ...packs, '--listing', '{oops'])).code).toBe(2);
    expect((await jinshou(['explain', ...packs, '--listing', '[1]'])).code).toBe(2);
    expect((await jinshou(['explain', ...packs, '--listing', '{"title":"x"}', 'extra'])).code).toBe(2);
    expect((await jinshou(['explain', ...packs, 'x', '--as-of', 'soon'])).code).toBe(2);
  });

  it('marks merged, overlapping spans once', () => {
    expect(mergeSpans([[3, 5], [0, 2], [4, 8], [8, 9]])).toEqual([[0, 2], [3, 9]]);
    expect(highlight('穿山甲片', [[0, 3], [1, 2]], () => undefined)).toBe('[穿山甲]片');
    expect(highlight('ab', [[1, 9]], (s) => `<${s}>`)).toBe('a<b>');
  });

  it.skipIf(BUILTIN.length === 0 || !HAVE_CLI)('explains with the built-in packs by default (built CLI)', () => {
    const r = spawnCli(['explain', '部队特供 酱香白酒 内部渠道']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict (block|review)/);
    expect(r.out).toContain('rules considered');
  });
});
