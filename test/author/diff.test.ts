import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN, HAVE_CLI, MINI, jinshou, miniWith, put, spawnCli, tempDir } from './helpers.js';
import { conditionChange, diffPacks, engineNarrowed, isTooSmall } from '../../src/pack/diff.js';
import { loadPacks } from '../../src/pack/load.js';
import type { PackDoc } from '../../src/pack/document.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** The fixture, and the fixture after edits, as loaded documents. */
function pair(...edits: [string | RegExp, string][]): [PackDoc, PackDoc] {
  const load = (yaml: string, file: string) => {
    const { docs, diagnostics } = loadPacks([{ yaml, file }]);
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    return docs[0]!;
  };
  return [load(readFileSync(MINI, 'utf8'), 'old.yaml'), load(miniWith(...edits), 'new.yaml')];
}

const NEW_RULE = `  - id: wildlife.mammoth
    title: 猛犸象牙
    severity: medium
    message: 猛犸象牙
    when: ivory and wild
    tests: { hit: [野生 象牙] }
`;

describe('diffPacks: what changed and the bump it needs', () => {
  it('needs nothing for formatting, comments and changelog, and a patch for a new version otherwise unchanged', () => {
    const [a, b] = pair(['# A small pack', '# reformatted\n# A small pack'], ['  changelog:\n', '  changelog:\n    - { version: 1.2.0, date: 2026-11-02, notes: 再次 }\n']);
    const d = diffPacks(a, b);
    expect(d.required).toBe('none');
    expect(d.changed).toEqual([]);
    expect(d.tooSmall).toBe(false);
  });

  it('lists moved embedded tests, known gaps included; they change the content, so a patch', () => {
    const [a, b] = pair(['      hit: [野生穿山甲片]', '      hit: [野生穿山甲片, { title: 出售川山甲片, expect: { via: homophone } }]\n      todo: { hit: [穿山甲 毛绒公仔] }']);
    const d = diffPacks(a, b);
    expect(d.changed.map((r) => r.id)).toEqual(['wildlife.pangolin']);
    expect(d.changed[0]!.changes).toEqual([
      { what: 'tests.hit', detail: '+1 −0', bump: 'none' },
      { what: 'tests.todo.hit', detail: '+1 −0', bump: 'none' },
    ]);
    // A published pack is known by its content hash: any other content is another version.
    expect(d.required).toBe('patch');
  });

  it('reports term additions under every rule using the set, as a patch', () => {
    const [a, b] = pair(['    any: [象牙]\n', '    any: [象牙, 猛犸牙]\n'], ['version: 1.2.0', 'version: 1.2.1']);
    const d = diffPacks(a, b);
    expect(d.changed.map((r) => r.id)).toEqual(['wildlife.ivory']);
    expect(d.changed[0]!.changes).toEqual([{ what: 'terms.ivory.any', detail: '+猛犸牙', bump: 'patch' }]);
    expect(d.required).toBe('patch');
    expect(d.tooSmall).toBe(false);
  });

  it('treats narrowing as minor: removed terms, added exclusions, disguise handling off, stricter conditions', () => {
    for (const edit of [
      ['    any: [穿山甲]\n', '    any: [鲮鲤]\n'],
      ['    except: [象牙白, 象牙果]', '    except: [象牙白, 象牙果, 象牙筷]'],
      ['    any: [茅台]\n    fuzzy: true', '    any: [茅台]\n    fuzzy: false'],
      ['    any: [穿山甲]\n', '    any: [穿山甲]\n    homophone: 4\n'],
      ['  support: [sale]\n', '  support: [sale]\n  negation: [不售]\n'],
      ['    when: pangolin\n', '    when: pangolin and wild\n'],
      ['    severity: critical\n    confidence: high\n    message: 疑似销售象牙', '    severity: high\n    confidence: high\n    message: 疑似销售象牙'],
    ] as [string, string][]) {
      const d = diffPacks(...pair(edit, ['version: 1.2.0', 'version: 1.2.1']));
      expect(d.required, edit[1]).toBe('minor');
      expect(d.tooSmall, edit[1]).toBe(true);
    }
  });

  it('treats a set leaving the negation cues as a patch, and reports the cues added', () => {
    const [, a] = pair(['  support: [sale]\n', '  support: [sale]\n  negation: [不售]\n']);
    const [, b] = pair(['  support: [sale]\n', '  support: [sale]\n  negation: [不售]\n'], ['    any: [穿山甲]\n', '    any: [穿山甲]\n    negation: false\n']);
    expect(diffPacks(a, b).terms).toContainEqual({ what: 'terms.pangolin.negation', detail: 'true → false', bump: 'patch' });
    expect(diffPacks(pair()[0], a).meta).toContainEqual({ what: 'defaults.negation', detail: '+不售', bump: 'minor' });
  });

  it('treats a lower homophone: N as a patch, and reports the change', () => {
    const [, a] = pair(['    any: [穿山甲]\n', '    any: [穿山甲]\n    homophone: 4\n']);
    const [, b] = pair(['    any: [穿山甲]\n', '    any: [穿山甲]\n    homophone: 3\n']);
    const d = diffPacks(a, b);
    expect(d.changed[0]!.changes).toContainEqual({ what: 'terms.pangolin.homophone', detail: '4 → 3', bump: 'patch' });
  });

  it('treats a wider condition as a patch, a new rule as minor, a removed rule or a narrower engine range as major', () => {
    expect(diffPacks(...pair(['    when: pangolin\n', '    when: pangolin or slang\n'])).required).toBe('patch');
    const added = diffPacks(...pair([/$/, NEW_RULE], ['version: 1.2.0', 'version: 1.3.0']));
    expect(added.added).toEqual([{ id: 'wildlife.mammoth', title: '猛犸象牙' }]);
    expect(added.required).toBe('minor');
    expect(added.tooSmall).toBe(false);
    const removed = diffPacks(...pair([/  - id: wildlife\.shop[\s\S]*?(?=  - id: wildlife\.old)/, ''], ['  shopword:\n    any: [专营店]\n    fields: [shop]\n', ''], ['version: 1.2.0', 'version: 1.3.0']));
    expect(removed.removed.map((r) => r.id)).toEqual(['wildlife.shop']);
    expect(removed.required).toBe('major');
    expect(removed.tooSmall).toBe(true);
    expect(removed.because[0]).toContain('rule wildlife.shop removed');
    const engine = diffPacks(...pair(['engine: ">=1.0.0 <2.0.0"', 'engine: ">=1.0.0 <1.5.0"'], ['version: 1.2.0', 'version: 2.0.0']));
    expect(engine.required).toBe('major');
    expect(engine.tooSmall).toBe(false);
  });

  it('names the rule-level changes: severity, score, basis, status, fields, context', () => {
    const d = diffPacks(
      ...pair(
        ['    score: 0.6\n', '    score: 0.65\n'],
        ['    basis: [国办发〔2016〕103号]', '    basis: [国办发〔2016〕103号, 新依据]'],
        ['    raise: { wild: 0.05 }', '    raise: { wild: 0.1 }'],
        ['    fields: [title, shop]', '    fields: [shop]'],
      ),
    );
    const byRule = Object.fromEntries(d.changed.map((r) => [r.id, r.changes.map((c) => `${c.what} ${c.detail} [${c.bump}]`)]));
    expect(byRule['mooncake.price']).toEqual(['score 0.6 → 0.65 [patch]']);
    expect(byRule['wildlife.ivory']).toEqual(['basis +新依据 [patch]']);
    expect(byRule['wildlife.pangolin']).toEqual(['raise wild: 0.05 → 0.1 [patch]']);
    expect(byRule['wildlife.shop']).toEqual(['fields title, shop → shop [minor]']);
  });

  it('lets a minor bump stand for a major one in 0.x, and always flags a downgrade', () => {
    expect(isTooSmall('0.3.0', 'minor', 'major')).toBe(false);
    expect(isTooSmall('1.3.0', 'minor', 'major')).toBe(true);
    expect(isTooSmall('1.3.0', 'downgrade', 'none')).toBe(true);
  });

  it('classifies condition and engine-range changes', () => {
    expect(conditionChange('a', 'a')).toBe('same');
    expect(conditionChange('a and  b', '(a) and b')).toBe('same');
    expect(conditionChange('a', 'a or b')).toBe('wider');
    expect(conditionChange('a and b', 'a')).toBe('wider');
    expect(conditionChange('a or b', 'a')).toBe('narrower');
    expect(conditionChange('a', 'a and not b')).toBe('narrower');
    expect(conditionChange('a', 'b')).toBe('rewritten');
    expect(engineNarrowed('>=1.0.0 <2.0.0', '>=1.0.0 <3.0.0')).toBe(false);
    expect(engineNarrowed('>=1.0.0 <2.0.0', '^1.2.0')).toBe(true);
    expect(engineNarrowed(undefined, '>=1.0.0')).toBe(true);
    expect(engineNarrowed('>=1.0.0', undefined)).toBe(false);
  });
});

describe('diffPacks on overlays', () => {
  const ov = (targets: string, change: string) => `jinshou: 1
overlay: { id: platform.x, version: 1.0.0, title: 平台, publisher: 平台, targets: [${targets}] }
changes:
${change}
`;
  const load = (yaml: string) => loadPacks([{ yaml, file: 'o.yaml' }]).docs[0]!;
  it('a changed value is a patch; targets and added or removed changes are minor', () => {
    const base = ov('test.mini', '  - { rule: wildlife.ivory, score: 0.6, reason: r }');
    expect(diffPacks(load(base), load(base.replace('score: 0.6', 'score: 0.7'))).overlay).toEqual([{ what: 'change wildlife.ivory', detail: 'score 0.6 → score 0.7', bump: 'patch' }]);
    const more = diffPacks(load(base), load(ov('test.mini, cn.fishery', '  - { rule: wildlife.ivory, score: 0.6, reason: r }\n  - { rule: wildlife.pangolin, disable: true, reason: r }')));
    expect(more.meta).toEqual([{ what: 'overlay.targets', detail: '+cn.fishery', bump: 'minor' }]);
    expect(more.overlay).toEqual([{ what: 'change wildlife.pangolin', detail: 'added (disable: r)', bump: 'minor' }]);
    expect(more.required).toBe('minor');
  });
});

describe('jinshou diff', () => {
  it('prints the changes, warns when the bump is too small, and exits 1 only with --strict', async () => {
    const old = put(dir, 'old.yaml', readFileSync(MINI, 'utf8'));
    const neu = put(dir, 'new.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and wild\n'], [/$/, NEW_RULE], ['version: 1.2.0', 'version: 1.2.1']));
    const r = await jinshou(['diff', old, neu]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('test.mini 1.2.0 → test.mini 1.2.1');
    expect(r.out).toContain('rules added (1)\n  + wildlife.mammoth  猛犸象牙');
    expect(r.out).toContain('  ~ wildlife.pangolin  穿山甲\n      when: pangolin  →  pangolin and wild (narrower)  [minor]');
    expect(r.out).toContain('warning: the changes need a minor bump, but the version has a patch bump (1.2.0 → 1.2.1)');
    expect((await jinshou(['diff', '--strict', old, neu])).code).toBe(1);
    const ok = put(dir, 'new-minor.yaml', readFileSync(neu, 'utf8').replace('version: 1.2.1', 'version: 1.3.0'));
    const fine = await jinshou(['diff', '--strict', old, ok]);
    expect(fine.code).toBe(0);
    expect(fine.out).toContain('ok: the changes need a minor bump; the version has a minor bump (1.2.0 → 1.3.0)');
  });

  it('with --corpus, lists the listings whose verdict or findings change', async () => {
    const old = put(dir, 'c-old.yaml', readFileSync(MINI, 'utf8'));
    const neu = put(dir, 'c-new.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and wild\n'], ['    except: [象牙白, 象牙果]', '    except: [象牙白]'], ['version: 1.2.0', 'version: 1.3.0']));
    const corpus = put(dir, 'listings.jsonl', ['{"id":"a","title":"穿山甲片"}', '{"id":"b","title":"野生穿山甲"}', '{"id":"c","title":"象牙果 手串"}', '{"id":"d","title":"茶杯"}'].join('\n'));
    const r = await jinshou(['diff', '--corpus', corpus, old, neu]);
    expect(r.out).toContain('2 of 4 listings change');
    expect(r.out).toMatch(/line 1 \(id a\) "穿山甲片": block → pass +−wildlife\.pangolin/);
    expect(r.out).toMatch(/line 3 \(id c\) "象牙果 手串": pass → block +\+wildlife\.ivory/);
    const json = JSON.parse((await jinshou(['diff', '--json', '--corpus', corpus, old, neu])).out);
    expect(json.required).toBe('minor');
    expect(json.corpora[0].changed.map((c: { id: string }) => c.id)).toEqual(['a', 'c']);
  });

  it('exits 2 for a folder, a broken pack, or a missing argument', async () => {
    expect((await jinshou(['diff', MINI])).code).toBe(2);
    expect((await jinshou(['diff', dir, MINI])).code).toBe(2);
    const broken = put(dir, 'broken.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and not toyy\n']));
    const r = await jinshou(['diff', MINI, broken]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[C002]');
  });

  it.skipIf(BUILTIN.length === 0 || !HAVE_CLI)('diffs a built-in pack against an edited copy with the built CLI', () => {
    const original = BUILTIN[0]!;
    const text = readFileSync(original, 'utf8');
    const firstRule = /\n {2}- id: ([a-z0-9.-]+)\n/.exec(text)!;
    const edited = put(dir, 'builtin-edit.yaml', text.replace(firstRule[0], `\n  - id: ${firstRule[1]}-renamed\n`));
    const r = spawnCli(['diff', '--strict', original, join(dir, 'builtin-edit.yaml')]);
    expect(edited).toBeTruthy();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`− ${firstRule[1]} `);
    expect(r.out).toContain(`+ ${firstRule[1]}-renamed `);
    expect(r.out).toContain('the changes need a major bump');
  });
});
