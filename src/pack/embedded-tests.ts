/**
 * Running the tests embedded in rules (`tests.hit` / `tests.miss`): a hit listing must produce a finding
 * of that rule at or above the review threshold, a miss listing must not. Used by `npm test` (every
 * built-in rule) and by `jinshou test` (any pack).
 */
import type { Engine } from '../engine-api.js';
import type { PackDoc, TestListing } from './document.js';

/** Outcome of one embedded test case. */
export interface EmbeddedCase {
  pack: string;
  ruleId: string;
  expect: 'hit' | 'miss';
  listing: TestListing;
  /** The rule's score on the listing (0 when it did not fire). */
  score: number;
  passed: boolean;
}

/** Runs every embedded test of the given packs' active rules on an engine built from them. */
export function runEmbeddedTests(engine: Engine, docs: readonly PackDoc[], reviewThreshold = 0.5): EmbeddedCase[] {
  const out: EmbeddedCase[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'pack') continue;
    for (const rule of doc.rules) {
      if (rule.status === 'deprecated') continue;
      for (const expect of ['hit', 'miss'] as const)
        for (const listing of rule.tests[expect]) {
          const result = engine.scan({ id: `${rule.id}:${expect}`, ...listing });
          const f = result.findings.find((x) => x.ruleId === rule.id);
          const score = f?.score ?? 0;
          const fired = score >= reviewThreshold;
          out.push({ pack: doc.meta.id, ruleId: rule.id, expect, listing, score, passed: expect === 'hit' ? fired : !fired });
        }
    }
  }
  return out;
}
