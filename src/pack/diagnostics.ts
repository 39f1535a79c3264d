/**
 * Every diagnostic code a pack can earn, in one place, so codes stay stable and documented.
 * `P` = the file, `S` = structure, `C` = conditions and terms, `R` = rule semantics,
 * `T` = embedded tests, `K` = signatures, `O` = overlays.
 */
import type { Diagnostic, DiagnosticLevel } from '../types.js';
import type { SourceMap } from './document.js';
import { displayWidth, oneLine } from '../terminal-text.js';

/** Stable diagnostic codes with their default level and a one-line meaning. */
export const CODES = {
  P001: ['error', 'the pack file cannot be read'],
  P002: ['error', 'the pack file is too large'],
  P003: ['error', 'the pack file is not UTF-8 text'],
  P004: ['error', 'the pack file is empty'],
  P005: ['error', 'YAML syntax error'],
  P006: ['error', 'too many YAML aliases (alias bomb)'],
  P007: ['error', 'duplicate key'],
  P008: ['error', 'forbidden key'],
  P009: ['error', 'no pack files found at the path'],
  S001: ['error', 'a required field is missing'],
  S002: ['error', 'a field has the wrong type'],
  S003: ['error', 'unknown field'],
  S004: ['error', 'a value is not allowed'],
  S005: ['error', 'not a semantic version'],
  S006: ['error', 'not a date (YYYY-MM-DD)'],
  S007: ['error', 'not a version range'],
  S008: ['error', 'unknown format version'],
  C001: ['error', 'condition syntax error'],
  C002: ['error', 'the condition names an unknown term set'],
  C003: ['warning', 'term set is never used'],
  C004: ['error', 'unsafe regular expression'],
  C005: ['error', 'too many terms'],
  C006: ['error', 'a term set has no terms'],
  C007: ['error', 'a numeric comparison names a term set that is not a number set'],
  R001: ['error', 'duplicate rule id'],
  R002: ['error', 'high or critical rule without a legal basis'],
  R003: ['error', 'effective dates end before they start'],
  R004: ['error', 'the pack needs another engine version'],
  R005: ['warning', 'deprecated rule without a replacement'],
  R006: ['error', 'duplicate pack id'],
  R007: ['warning', 'rule has no embedded tests'],
  R008: ['warning', 'deprecated rule in use'],
  T001: ['error', 'an embedded test failed'],
  K001: ['error', 'pack is not signed by a trusted key'],
  K002: ['error', 'pack signature does not match its content'],
  O001: ['error', 'overlay names an unknown rule'],
  O002: ['warning', 'overlay targets a pack that is not loaded'],
} as const satisfies Record<string, readonly [DiagnosticLevel, string]>;

/** A diagnostic code. */
export type Code = keyof typeof CODES;

/** Collects diagnostics for one file, resolving positions through its source map. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly source?: SourceMap,
  ) {}

  /** Adds a diagnostic at a document path (or at line 0 when there is no source). */
  at(code: Code, path: readonly (string | number)[], message: string, extraCols = 0): void {
    const pos = this.source ? this.source.locate(path) : { line: 0, col: 0 };
    this.push(code, message, pos.line, pos.col + extraCols);
  }

  /** Adds a diagnostic at an explicit position. */
  push(code: Code, message: string, line = 0, col = 0): void {
    const [level] = CODES[code];
    const excerpt = line > 0 && this.source ? this.source.lineText(line) : undefined;
    this.items.push({ code, level, message, file: this.file, line, col, ...(excerpt !== undefined ? { excerpt } : {}) });
  }

  /** True when any error was collected. */
  get failed(): boolean {
    return this.items.some((d) => d.level === 'error');
  }
}

/**
 * Formats a diagnostic as `file:line:col: level[CODE]: message`, with the source line (control characters
 * escaped) and a caret under the offending column as a terminal shows it.
 */
export function formatDiagnostic(d: Diagnostic, withExcerpt = true): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.level}[${d.code}]: ${d.message}`;
  if (!withExcerpt || d.excerpt === undefined || d.line === 0) return head;
  const gutter = String(d.line);
  const pad = ' '.repeat(gutter.length);
  const caretCol = Math.max(1, Math.min(d.col, d.excerpt.length + 1));
  // The caret goes under the column as displayed: escaped control characters and two-column CJK.
  const before = displayWidth(oneLine(d.excerpt.slice(0, caretCol - 1)));
  return `${head}\n${pad} |\n${gutter} | ${oneLine(d.excerpt)}\n${pad} | ${' '.repeat(before)}^`;
}
