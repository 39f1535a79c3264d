import { describe, expect, it } from 'vitest';
import { createEngine, builtinPacksDir } from '../../src/index.js';
import { loadPacks } from '../../src/pack/load.js';
import { runEmbeddedTests } from '../../src/pack/embedded-tests.js';

const PACKS = ['cn.wildlife', 'cn.fishery', 'cn.military', 'cn.special-supply', 'cn.health-claim', 'cn.mooncake'];
const { docs, diagnostics } = loadPacks([builtinPacksDir()]);

describe('the built-in packs', () => {
  it('load without errors, six packs, each at the version its changelog names last', () => {
    expect(diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(docs.map((d) => d.meta.id).sort()).toEqual([...PACKS].sort());
    for (const d of docs) expect(d.meta.changelog?.[0]?.version, d.meta.id).toBe(d.meta.version);
  });

  it('cite a legal basis on every rule, and hard negatives in every pack', () => {
    for (const d of docs) {
      for (const r of d.rules) expect(r.basis.length, r.id).toBeGreaterThan(0);
      const misses = d.rules.reduce((n, r) => n + r.tests.miss.length, 0);
      expect(misses, d.meta.id).toBeGreaterThanOrEqual(5);
    }
  });

  const engine = createEngine({ allFindings: true });
  const cases = runEmbeddedTests(engine, docs);
  it('have embedded tests for every active rule', () => {
    const tested = new Set(cases.filter((c) => c.expect === 'hit' && !c.todo).map((c) => c.ruleId));
    for (const d of docs) for (const r of d.rules) if (r.status !== 'deprecated') expect(tested.has(r.id), r.id).toBe(true);
  });

  for (const pack of PACKS)
    it(`pass every embedded test of ${pack}`, () => {
      const failed = cases.filter((c) => c.pack === pack && !c.passed && !c.todo).map((c) => `${c.ruleId} ${c.expect}: ${c.listing.title} (score ${c.score}${c.unmet ? `; ${c.unmet}` : ''})`);
      expect(failed).toEqual([]);
      expect(cases.filter((c) => c.pack === pack).length).toBeGreaterThan(10);
    });
});
