/**
 * Public shapes of jinshou: what a host passes in and gets back. They follow
 * `docs/contract.md`; change them only with a major version.
 */

/** Category ids of the built-in packs; packs may add others. */
export type CategoryId =
  | 'wildlife'
  | 'fishery'
  | 'military'
  | 'special-supply'
  | 'health-claim'
  | 'mooncake'
  | (string & {});

/** One listing. Only `title` is required; unknown fields are ignored; any field may hold hostile data. */
export interface Listing {
  id?: string | number;
  title?: unknown;
  description?: unknown;
  price?: unknown;
  category?: unknown;
  shop?: unknown;
  attributes?: unknown;
  [key: string]: unknown;
}

/** How a piece of evidence was found. */
export type Via = 'exact' | 'normalized' | 'pinyin' | 'homophone' | 'fuzzy' | 'field';

/** Where a finding was seen: UTF-16 offsets into the original field value; `text === value.slice(start, end)`. */
export interface Evidence {
  /** `title`, `description`, `shop`, `category`, `attributes.<key>`, or `price`. */
  field: string;
  start?: number;
  end?: number;
  text: string;
  via: Via;
  /** The term the text was read as, when it differs from `text` (e.g. 穿山甲 for 川山甲). */
  term?: string;
}

/** Severity: the legal weight of what a rule finds. */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One rule that a listing matched. */
export interface Finding {
  ruleId: string;
  pack: string;
  packVersion: string;
  category: CategoryId;
  severity: Severity;
  score: number;
  message: string;
  basis: string[];
  evidence: Evidence[];
  /** Overlays that changed this finding (re-weighted it), by overlay id. */
  overlays?: string[];
}

/** `pass` below the review threshold, `review` from 0.5, `block` from 0.8 (defaults). */
export type Verdict = 'pass' | 'review' | 'block';

/** The result of scanning one listing. */
export interface ScanResult {
  id?: string | number;
  verdict: Verdict;
  score: number;
  findings: Finding[];
  /** Fields that were cut at the per-field cap before scanning. */
  capped?: string[];
  /** What could not be read (a field of the wrong type, a missing title): data, never an exception. */
  warnings?: ListingWarning[];
}

/** A field of a listing that could not be read as expected. */
export interface ListingWarning {
  field: string;
  code: 'wrong-type' | 'missing-title' | 'not-an-object' | 'scan-failed';
  message: string;
}

/** Score thresholds; defaults review 0.5, block 0.8. */
export interface Thresholds {
  review: number;
  block: number;
}

/** A word segmenter used for whole-token checks (`token: true` term sets). nodejieba by default. */
export interface Tokenizer {
  /** Splits text into tokens whose concatenation is the text. */
  cut(text: string): string[];
}

/** Severity of a diagnostic about a pack. */
export type DiagnosticLevel = 'error' | 'warning';

/** A problem in a pack, with a stable code and a source position. */
export interface Diagnostic {
  code: string;
  level: DiagnosticLevel;
  message: string;
  file: string;
  /** 1-based line and column; 0 when the problem has no position (e.g. an unreadable file). */
  line: number;
  col: number;
  /** The source line, for excerpts. */
  excerpt?: string;
}
