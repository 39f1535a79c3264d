import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { HAVE_CLI, MINI, jinshou, miniWith, put, spawnCli, tempDir } from './helpers.js';
import { scoreCorpus } from '../../src/cli/author/corpus.js';
import type { ScanResult } from '../../src/types.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const CORPUS = [
  '{"id":"c1","title":"野生穿山甲片","expect":["wildlife.pangolin"]}',
  '{"id":"c2","title":"象牙手镯","expect":["wildlife"]}',
  '// a comment line, and a blank line',
  '',
  '{"id":"c3","title":"象牙白 衬衫","expect":[]}',
  '{"id":"c4","title":"月饼礼盒","price":900,"expect":[]}',
  '{"id":"c5","title":"穿山甲玩具","expect":["wildlife.pangolin"]}',
  '{"id":"c6","title":"茶杯","expect":["wildlife.nope"]}',
].join('\n');

describe('jinshou test', () => {
  it('runs every embedded test of the fixture: a table per rule, skipped rules, a confusion matrix, exit 0', async () => {
    const r = await jinshou(['test', MINI]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wildlife\.pangolin +1\/1 +1\/1 +pass/);
    expect(r.out).toMatch(/mooncake\.layers +1\/1 +– +pass/);
    expect(r.out).toMatch(/wildlife\.old +– +– +skipped: deprecated/);
    expect(r.out).toMatch(/wildlife\.future +– +– +skipped: not in effect until 2099-01-01/);
    expect(r.out).toMatch(/hit cases \(7\) +TP 7 +FN 0/);
    expect(r.out).toMatch(/miss cases \(3\) +FP 0 +TN 3/);
    expect(r.out).toContain('PASSED: 1 pack, 9 rules (2 skipped), 10 cases: 10 passed, 0 failed');
  });

  it('fails (exit 1) on a broken copy and says why each case failed', async () => {
    const file = put(
      dir,
      'broken.yaml',
      miniWith(
        // A hit that cannot hit (the toy context lowers the score below 0.5) and a miss that does hit.
        ['      hit: [野生穿山甲片]', '      hit: [野生穿山甲片, 穿山甲 毛绒公仔]'],
        ['      miss: [象牙白粉底液]', '      miss: [象牙白粉底液, 象牙筷子]'],
      ),
    );
    const r = await jinshou(['test', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/wildlife\.pangolin +1\/2 +1\/1 +FAIL/);
    expect(r.out).toMatch(/wildlife\.ivory +1\/1 +1\/2 +FAIL/);
    expect(r.out).toMatch(/✗ wildlife\.pangolin hit "穿山甲 毛绒公仔": scored 0\.\d+ < 0\.5 \(evidence: 穿山甲\)/);
    expect(r.out).toMatch(/✗ wildlife\.ivory miss "象牙筷子": flagged with score 0\.9 ≥ 0\.5; evidence: 象牙/);
    expect(r.out).toMatch(/hit cases \(8\) +TP 7 +FN 1/);
    expect(r.out).toMatch(/miss cases \(4\) +FP 1 +TN 3/);
    expect(r.out).toContain('precision 0.875  recall 0.875');
    expect(r.out).toContain('FAILED');
  });

  it('holds hit tests to their expect: the verdict of the rule\'s finding and how its evidence was found', async () => {
    const hits = [
      '{ title: 出售川山甲片, expect: { via: homophone } }',
      '{ title: 野生穿山甲片, expect: { verdict: block, via: exact } }',
      '{ title: 出售川山甲片, expect: { verdict: block } }',
      '{ title: 野生穿山甲片, expect: { via: homophone } }',
    ];
    const file = put(dir, 'expect.yaml', miniWith(['      hit: [野生穿山甲片]', `      hit: [${hits.join(', ')}]`]));
    const r = await jinshou(['test', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/wildlife\.pangolin +2\/4 +1\/1 +FAIL/);
    expect(r.out).toMatch(/✗ wildlife\.pangolin hit "出售川山甲片": flagged, but expected block \(score ≥ 0\.8\), scored 0\.675; evidence: 川山甲 \(homophone\)/);
    expect(r.out).toMatch(/✗ wildlife\.pangolin hit "野生穿山甲片": flagged, but expected evidence via homophone, found via exact; evidence: 穿山甲/);
    expect(r.out).not.toContain('{+expect}');
    const json = JSON.parse((await jinshou(['test', '--json', file])).out) as { packs: { rules: { ruleId: string; failures: { listing: { expect?: unknown }; note: string }[] }[] }[] };
    const failures = json.packs[0]!.rules.find((x) => x.ruleId === 'wildlife.pangolin')!.failures;
    expect(failures.map((f) => f.listing.expect)).toEqual([{ verdict: 'block' }, { via: 'homophone' }]);
  });

  it('runs known gaps (tests.todo) without failing, and names those that are closed', async () => {
    const file = put(
      dir,
      'todo.yaml',
      miniWith(
        ['      hit: [野生穿山甲片]', '      hit: [野生穿山甲片]\n      todo: { hit: [穿山甲 毛绒公仔] }'],
        ['      hit: [象牙手镯]', '      hit: [象牙手镯]\n      todo: { hit: [象牙筷子], miss: [树脂 仿象牙 筷子] }'],
      ),
    );
    const r = await jinshou(['test', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rule +hit +miss +todo +result/);
    expect(r.out).toMatch(/wildlife\.pangolin +1\/1 +1\/1 +1 open +pass/);
    expect(r.out).toMatch(/wildlife\.ivory +1\/1 +1\/1 +1 open, 1 closed +pass/);
    expect(r.out).toMatch(/mooncake\.layers +1\/1 +– +– +pass/);
    expect(r.out).toContain('↑ wildlife.ivory todo hit "象牙筷子": now flagged (score 0.9); move it to tests.hit');
    expect(r.out).not.toContain('毛绒公仔": now');
    expect(r.out).toMatch(/hit cases \(7\) +TP 7 +FN 0/);
    expect(r.out).toContain('10 cases: 10 passed, 0 failed; 3 known gaps (1 closed)');
    const json = JSON.parse((await jinshou(['test', '--json', file])).out) as { passed: boolean; packs: { rules: { ruleId: string; todo: { total: number; closed: { expect: string; score: number }[] } }[] }[] };
    expect(json.passed).toBe(true);
    expect(json.packs[0]!.rules.find((x) => x.ruleId === 'wildlife.ivory')!.todo).toEqual({ total: 2, closed: [{ expect: 'hit', listing: { title: '象牙筷子' }, score: 0.9 }] });
  });

  it('tests rules as of --as-of, and skips rules an overlay disables', async () => {
    const file = put(dir, 'future.yaml', miniWith(['    message: 未来规则\n    when: future-term', '    message: 未来规则\n    when: future-term\n    tests: { hit: [未来词] }']));
    expect((await jinshou(['test', file])).out).toMatch(/wildlife\.future +– +– +skipped: not in effect until 2099-01-01/);
    const later = await jinshou(['test', '--as-of', '2099-06-01', file]);
    expect(later.out).toMatch(/wildlife\.future +1\/1 +– +pass/);
    const overlay = put(
      dir,
      'overlay.yaml',
      'jinshou: 1\noverlay: { id: platform.x, version: 1.0.0, title: 平台, publisher: 平台, targets: [test.mini] }\nchanges:\n  - { rule: wildlife.ivory, disable: true, reason: 人工处理 }\n',
    );
    const r = await jinshou(['test', MINI, overlay]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wildlife\.ivory +– +– +skipped: disabled by overlay platform\.x/);
    expect((await jinshou(['test', '--as-of', '2099-02-30', MINI])).code).toBe(2);
  });

  it('scores a labelled corpus: precision and recall per rule and category, disagreements, unknown labels', async () => {
    const corpus = put(dir, 'labelled.jsonl', CORPUS);
    const r = await jinshou(['test', MINI, '--corpus', corpus]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("warning: label 'wildlife.nope' (1×) names no loaded rule or category");
    expect(r.out).toMatch(/wildlife\.pangolin +1 +0 +1 +1\.000 +0\.500/);
    expect(r.out).toMatch(/wildlife\.ivory +1 +0 +0 +1\.000 +1\.000/);
    expect(r.out).toMatch(/mooncake\.price +0 +1 +0 +0\.000 +—/);
    expect(r.out).toMatch(/category wildlife +2 +0 +1 +1\.000 +0\.667/);
    expect(r.out).toMatch(/listings \(any finding\) +2 +1 +1 +0\.667 +0\.667/);
    expect(r.out).toContain('≠ line 6 (id c4) "月饼礼盒" {+price}: unexpected mooncake.price');
    expect(r.out).toContain('≠ line 7 (id c5) "穿山甲玩具": missed wildlife.pangolin');
  });

  it('refuses an unusable corpus with exit 2 and the line', async () => {
    const corpus = put(dir, 'bad.jsonl', '{"title":"x","expect":["a"]}\n{"title":"y"}\nnot json\n');
    const r = await jinshou(['test', MINI, '--corpus', corpus]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.jsonl:2: "expect" must be a list');
    expect(r.err).toContain('bad.jsonl:3: not JSON');
  });

  it('prints a JSON report with --json', async () => {
    const corpus = put(dir, 'labelled2.jsonl', CORPUS);
    const r = await jinshou(['test', '--json', '--corpus', corpus, MINI]);
    const report = JSON.parse(r.out);
    expect(report.passed).toBe(true);
    expect(report.packs[0].matrix).toEqual({ tp: 7, fn: 0, tn: 3, fp: 0 });
    expect(report.corpora[0].rules['wildlife.pangolin']).toMatchObject({ tp: 1, fn: 1, precision: 1, recall: 0.5 });
  });

  it('exits 2 for packs that do not load and for usage mistakes', async () => {
    const file = put(dir, 'unloadable.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and not toyy\n']));
    const r = await jinshou(['test', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[C002]');
    expect((await jinshou(['test'])).code).toBe(2);
  });

  it.skipIf(!HAVE_CLI)('runs as the built CLI', () => {
    expect(spawnCli(['test', MINI]).code).toBe(0);
    const file = put(dir, 'cli-broken.yaml', miniWith(['      miss: [象牙白粉底液]', '      miss: [象牙筷子]']));
    const r = spawnCli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ wildlife.ivory miss');
  });
});

describe('scoreCorpus', () => {
  const rules = [
    { id: 'a.one', category: 'a' },
    { id: 'a.two', category: 'a' },
    { id: 'b.one', category: 'b' },
  ];
  const result = (...fired: [string, number][]): ScanResult => ({
    verdict: 'pass',
    score: 0,
    findings: fired.map(([ruleId, score]) => ({ ruleId, score, pack: 'p', packVersion: '1.0.0', category: ruleId[0]!, severity: 'low', message: '', basis: [], evidence: [] })),
  });
  it('counts a category label for whichever rule of it fires, and a rule label only for that rule', () => {
    const m = scoreCorpus(
      [
        { line: 1, listing: {}, expect: ['a'] },
        { line: 2, listing: {}, expect: ['a.one'] },
        { line: 3, listing: {}, expect: [] },
        { line: 4, listing: {}, expect: ['b'] },
      ],
      [result(['a.two', 0.9]), result(['a.two', 0.7], ['a.one', 0.4]), result(['b.one', 0.6]), result()],
      rules,
      0.5,
    );
    expect(m.rules.get('a.two')).toEqual({ tp: 1, fp: 1, fn: 0, tn: 2 });
    // a.one scored 0.4 on line 2: below the review threshold it does not fire.
    expect(m.rules.get('a.one')).toEqual({ tp: 0, fp: 0, fn: 1, tn: 3 });
    expect(m.categories.get('a')).toEqual({ tp: 2, fp: 0, fn: 0, tn: 2 });
    expect(m.categories.get('b')).toEqual({ tp: 0, fp: 1, fn: 1, tn: 2 });
    expect(m.listings).toEqual({ tp: 2, fp: 1, fn: 1, tn: 0 });
    expect(m.disagreements.map((d) => d.record.line)).toEqual([2, 3, 4]);
  });
});
