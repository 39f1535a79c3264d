/**
 * Running the tests embedded in rules (`tests.hit` / `tests.miss`): a hit listing must produce a finding
 * of that rule at or above the review threshold (and meet its `expect`, if it has one), a miss listing
 * must not. Known gaps (`tests.todo`) run too, so a change that closes one is seen. Used by `npm test`
 * (every built-in rule) and by `jinshou test` (any pack).
 */
import type { Engine } from '../engine-api.js';
import type { Finding, Thresholds } from '../types.js';
import { DEFAULT_THRESHOLDS } from '../score/evaluate.js';
import type { PackDoc, TestExpect, TestListing } from './document.js';

/** Outcome of one embedded test case. */
export interface EmbeddedCase {
  pack: string;
  ruleId: string;
  expect: 'hit' | 'miss';
  listing: TestListing;
  /** The rule's score on the listing (0 when it did not fire). */
  score: number;
  passed: boolean;
  /** Set when a hit test was flagged but its `expect` did not hold: what was expected and what came. */
  unmet?: string;
  /**
   * A known gap (`tests.todo`): it does not fail a run; `passed` then means the gap is closed and the
   * case can move to `tests.hit` / `tests.miss`.
   */
  todo?: true;
}

/** Runs every embedded test of the given packs' active rules on an engine built from them. */
export function runEmbeddedTests(engine: Engine, docs: readonly PackDoc[], thresholds: Thresholds = DEFAULT_THRESHOLDS): EmbeddedCase[] {
  const out: EmbeddedCase[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'pack') continue;
    for (const rule of doc.rules) {
      if (rule.status === 'deprecated') continue;
      for (const todo of [false, true])
        for (const expect of ['hit', 'miss'] as const)
          for (const listing of (todo ? rule.tests.todo : rule.tests)[expect]) {
            const f = engine.scan(testListing(rule.id, expect, listing)).findings.find((x) => x.ruleId === rule.id);
            const score = f?.score ?? 0;
            const fired = score >= thresholds.review;
            const unmet = fired && expect === 'hit' && listing.expect ? unmetExpectation(listing.expect, f!, thresholds) : undefined;
            const passed = expect === 'hit' ? fired && !unmet : !fired;
            out.push({ pack: doc.meta.id, ruleId: rule.id, expect, listing, score, passed, ...(unmet ? { unmet } : {}), ...(todo ? { todo } : {}) });
          }
    }
  }
  return out;
}

/** The listing a test case scans: its own fields, without the test's `expect`, and an id naming the case. */
export function testListing(ruleId: string, kind: 'hit' | 'miss', listing: TestListing): Record<string, unknown> {
  const { expect: _expect, ...fields } = listing;
  return { id: `${ruleId}:${kind}`, ...fields };
}

/** What an expectation missed on a finding that was flagged, in words; undefined when it holds. */
function unmetExpectation(want: TestExpect, f: Finding, thresholds: Thresholds): string | undefined {
  const problems: string[] = [];
  if (want.verdict === 'block' && f.score < thresholds.block) problems.push(`expected block (score ≥ ${thresholds.block}), scored ${f.score}`);
  if (want.via && !f.evidence.some((e) => e.via === want.via)) {
    const found = [...new Set(f.evidence.map((e) => e.via))].join(', ') || 'none';
    problems.push(`expected evidence via ${want.via}, found via ${found}`);
  }
  return problems.length ? problems.join('; ') : undefined;
}
