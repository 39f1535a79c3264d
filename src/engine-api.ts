import type { Diagnostic, ScanResult, Thresholds, Tokenizer, Via } from './types.js';

/** A pack given to the engine as data rather than a path. */
export interface PackSource {
  /** The YAML text of the pack. */
  yaml?: string;
  /** An already-parsed pack document (same shape as the YAML). */
  document?: unknown;
  /** A name for diagnostics (`file:line:col`). */
  file?: string;
  /** The detached signature (the text of a `.sig` file), checked when the engine has `trust` keys. */
  signature?: string;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Packs to load: file or folder paths, or pack sources. Default: the built-in packs. */
  packs?: ReadonlyArray<string | PackSource>;
  /** Score thresholds (defaults: review 0.5, block 0.8). */
  thresholds?: Partial<Thresholds>;
  /** Rules and packs are in effect on this date (default: today). `YYYY-MM-DD` or a Date. */
  asOf?: string | Date;
  /** Segmenter for `token: true` term sets (default: nodejieba, loaded on first need). */
  tokenizer?: Tokenizer;
  /** Public keys (PEM text or paths) trusted to sign packs; when set, unsigned or altered packs are refused. */
  trust?: ReadonlyArray<string>;
  /** UTF-16 units scanned per text field (default 65,536); the rest is ignored and the result says so. */
  fieldCap?: number;
  /** Report findings below the review threshold too. */
  allFindings?: boolean;
}

/** What the engine loaded: one entry per pack. */
export interface PackInfo {
  id: string;
  version: string;
  title: string;
  file: string;
  rules: number;
  /** sha256 of the pack's canonical content. */
  hash: string;
  kind: 'pack' | 'overlay';
}

/** A hit of a term set, as explain() reports it (offsets into the original field value). */
export interface ExplainedHit {
  /** `pack/set`. */
  set: string;
  field: string;
  start: number;
  end: number;
  text: string;
  via: Via;
  term: string;
  weak: boolean;
  value?: number;
}

/** A hit dropped because its clause denies it (本店不售…): not evidence, shown so the reason is visible. */
export interface NegatedHit {
  /** `pack/set`. */
  set: string;
  field: string;
  start: number;
  end: number;
  text: string;
  /** The negation cue before it, as normalized (不售). */
  cue: string;
}

/** What happened to one rule for a listing. */
export interface ExplainedRule {
  ruleId: string;
  pack: string;
  outcome: 'reported' | 'below-threshold' | 'condition-false' | 'requirements-not-met' | 'inactive' | 'excepted';
  reason: string;
  base?: number;
  /** Evidence strength of the condition (see the scoring model). */
  strength?: number;
  supported?: boolean;
  raised?: string[];
  lowered?: string[];
  score?: number;
  overlays?: string[];
}

/** A full account of one scan, for people: see `jinshou explain`. */
export interface Explanation {
  result: ScanResult;
  fields: { name: string; original: string; normalized: string; capped: boolean }[];
  hits: ExplainedHit[];
  /** Hits dropped by negation cues (a pack's `defaults.negation`). */
  negated: NegatedHit[];
  rules: ExplainedRule[];
  thresholds: Thresholds;
  asOf: string;
}

/** A compiled, frozen engine. Safe to share; scanning never mutates it. */
export interface Engine {
  /** Scans one listing synchronously. Never throws for a listing. */
  scan(listing: unknown): ScanResult;
  /** Scans listings in input order. */
  scanMany(listings: Iterable<unknown>): Iterable<ScanResult>;
  scanMany(listings: AsyncIterable<unknown>): AsyncIterable<ScanResult>;
  /** Scans one listing and records every step: normalized text, hits, each rule considered and why. */
  explain(listing: unknown): Explanation;
  /** The packs in use, with versions and content hashes. */
  readonly packs: readonly PackInfo[];
  /** Warnings found while loading (errors make loading fail instead). */
  readonly diagnostics: readonly Diagnostic[];
  /** Builds a new engine from new options; this engine is untouched, and stays usable if loading fails. */
  reload(options?: EngineOptions): Engine;
}

/** Thrown by {@link createEngine} when a pack cannot be loaded; carries every diagnostic. */
export class PackLoadError extends Error {
  /** Every problem found, errors and warnings. */
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.level === 'error');
    const first = errors[0] ?? diagnostics[0];
    super(
      first
        ? `${first.file}:${first.line}:${first.col}: error[${first.code}]: ${first.message}` +
            (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '')
        : 'pack could not be loaded',
    );
    this.name = 'PackLoadError';
    this.diagnostics = diagnostics;
  }
}
