/**
 * Which rules an engine built from some packs would skip on a date, and why — so reports can say
 * "skipped: not in effect until 2099-01-01" instead of counting the rule's tests as failures.
 */
import type { Effective, PackDoc, RuleDoc } from '../../pack/document.js';

/** Today as YYYY-MM-DD (UTC), the engine's default `asOf`. */
export const today = (): string => new Date().toISOString().slice(0, 10);

function outside(e: Effective | undefined, asOf: string): string | undefined {
  if (!e) return undefined;
  if (e.from && asOf < e.from) return `not in effect until ${e.from}`;
  if (e.until && asOf > e.until) return `out of effect since ${e.until}`;
  return undefined;
}

/** Why a rule is not applied on `asOf` (deprecated, out of effect, disabled by an overlay), or undefined. */
export function inactiveReason(rule: RuleDoc, pack: PackDoc, overlays: readonly PackDoc[], asOf: string): string | undefined {
  if (rule.status === 'deprecated') return 'deprecated';
  const own = outside(rule.effective, asOf);
  if (own) return own;
  const packs = outside(pack.meta.effective, asOf);
  if (packs) return `pack ${packs}`;
  for (const ov of overlays) if (ov.changes.some((c) => c.rule === rule.id && c.disable)) return `disabled by overlay ${ov.meta.id}`;
  return undefined;
}
