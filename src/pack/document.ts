/**
 * The shape of a rule pack after loading and validation (format v1, see docs/pack-format.md).
 * Everything here is plain data; positions for diagnostics live beside it in {@link SourceMap}.
 */
import type { Severity, Via } from '../types.js';

/** Text fields a term set or rule can look at. */
export const TEXT_FIELDS = ['title', 'description', 'shop', 'category', 'attributes'] as const;
/** A text field name. */
export type TextField = (typeof TEXT_FIELDS)[number];

/** Severity levels, lowest first. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
/** How precise a rule's pattern is; sets the default base score. */
export type Confidence = 'low' | 'medium' | 'high';
/** Lifecycle of a rule. */
export type RuleStatus = 'experimental' | 'stable' | 'deprecated';

/** An inclusive date range, `YYYY-MM-DD`. */
export interface Effective {
  from?: string;
  until?: string;
}

/** Numbers written next to marker words (`到手价￥3688`, `七层包装`). */
export interface NumberSpec {
  before: string[];
  after: string[];
}

/** A named set of terms, with its disguise handling. */
export interface TermSetDoc {
  name: string;
  any: string[];
  except: string[];
  codes: string[];
  re?: string;
  number?: NumberSpec;
  pinyin: boolean;
  homophone: boolean;
  /** With `homophone: N`: same-sound spellings only of terms of at least N characters (熊胆 stays exact, 人民大会堂 does not). */
  homophoneFrom?: number;
  initials: boolean;
  fuzzy: boolean;
  token: boolean;
  weak: boolean;
  weight: number;
  fields?: TextField[];
  /** `negation: false`: the pack's negation cues do not apply to this set (they do by default). */
  negation?: boolean;
}

/** Whether same-sound spellings of the (normalized) term `norm` of this set count. */
export const allowsHomophone = (set: Pick<TermSetDoc, 'homophone' | 'homophoneFrom'>, norm: string): boolean =>
  set.homophone && (set.homophoneFrom === undefined || norm.length >= set.homophoneFrom);

/** The shortest term length `homophone: N` takes, and the longest. */
export const HOMOPHONE_FROM_RANGE = [2, 16] as const;

/** How evidence can be found (the contract's `via`), for test expectations. */
export const VIAS: readonly Via[] = ['exact', 'normalized', 'pinyin', 'homophone', 'fuzzy', 'field'];
/** The levels a hit test may require of its rule's finding. */
export const TEST_VERDICTS = ['review', 'block'] as const;

/** What a hit test asserts beyond "the rule flags it". */
export interface TestExpect {
  /** `block`: the rule's finding scores at least the block threshold (`review` is what every hit test asserts). */
  verdict?: (typeof TEST_VERDICTS)[number];
  /** Some evidence of the rule's finding was found this way (a disguise test is not passed by accident). */
  via?: Via;
}

/** A listing embedded in a rule's tests; hit tests may carry an {@link TestExpect} (not sent to the engine). */
export interface TestListing {
  title: string;
  expect?: TestExpect;
  [key: string]: unknown;
}

/** Legal basis entry, flattened to one line of text. */
export type Basis = string;

/** One rule. */
export interface RuleDoc {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  confidence: Confidence;
  score?: number;
  status: RuleStatus;
  deprecated?: { reason: string; replacedBy: string[] };
  message: string;
  basis: Basis[];
  tags: string[];
  effective?: Effective;
  fields: TextField[];
  when: string;
  support: string[];
  raise: Record<string, number>;
  lower: Record<string, number>;
  unless: string[];
  tests: RuleTests;
}

/** A rule's embedded tests. */
export interface RuleTests {
  /** Listings the rule must flag. */
  hit: TestListing[];
  /** Listings the rule must not flag. */
  miss: TestListing[];
  /** Known gaps, kept in the pack: listings it should flag but does not yet, or flags but should not. */
  todo: { hit: TestListing[]; miss: TestListing[] };
}

/** Pack metadata. */
export interface PackMeta {
  id: string;
  version: string;
  title: string;
  publisher: string;
  jurisdiction?: string;
  license?: string;
  engine?: string;
  effective?: Effective;
  description?: string;
  changelog: { version: string; date?: string; notes: string }[];
}

/** An overlay's change to one rule of another pack. */
export interface OverlayChange {
  rule: string;
  disable?: boolean;
  score?: number;
  /** A condition over the overlay's own term sets; where it holds, the rule's finding is dropped. */
  except?: string;
  reason: string;
}

/** A whole pack (kind `pack`) or a platform overlay on other packs (kind `overlay`). */
export interface PackDoc {
  kind: 'pack' | 'overlay';
  file: string;
  meta: PackMeta;
  /** Overlays: the pack ids they change. */
  targets: string[];
  terms: Map<string, TermSetDoc>;
  /**
   * Negation cues (`defaults.negation`: 不售, 不含任何 …): a hit is dropped when one of them comes before it
   * in the same clause (see match/negation.ts).
   */
  negation?: string[];
  rules: RuleDoc[];
  changes: OverlayChange[];
  /** sha256 hex of the canonical content. */
  hash: string;
}

/** Where things are in the source, for diagnostics: a path like `rules.3.when` → line/col. */
export interface SourceMap {
  file: string;
  /** 1-based line and column of the node at `path` (or its nearest ancestor). */
  locate(path: readonly (string | number)[]): { line: number; col: number };
  /** The text of a source line (1-based). */
  lineText(line: number): string;
}
