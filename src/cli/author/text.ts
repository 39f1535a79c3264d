/**
 * Terminal text for the authoring commands: display widths that count CJK characters as two columns
 * (so tables of Chinese titles line up), aligned tables, and optional ANSI styling that is off unless
 * the stream is a terminal.
 */
import { isAbsolute, relative } from 'node:path';
import { displayWidth, isWide, oneLine } from '../../terminal-text.js';

export { displayWidth };

/** Pads to a display width (CJK-aware). */
export function padDisplay(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Cuts text to at most `width` columns, ending with '…' when cut. */
export function truncateDisplay(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/**
 * Renders rows as an aligned table with two spaces between columns; cells are made safe for one
 * terminal line (pack text is data and may hold control characters). The last column is not padded.
 */
export function renderTable(rows: readonly (readonly string[])[], indent = ''): string {
  const safe = rows.map((r) => r.map((c) => oneLine(c)));
  const widths: number[] = [];
  for (const r of safe) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return safe.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : padDisplay(c, widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** ANSI styles, or identity functions when colour is off. */
export interface Styles {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Reverse video on a yellow background: highlighted evidence. */
  mark(s: string): string;
}

/**
 * Styles for a stream: colour only when it is a terminal and NO_COLOR is not set (https://no-color.org),
 * so piped output and files never carry escape codes.
 */
export function stylesFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Styles {
  const enabled = stream.isTTY === true && !env.NO_COLOR;
  const wrap = (open: string, close: string) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    enabled,
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    red: wrap('31', '39'),
    green: wrap('32', '39'),
    yellow: wrap('33', '39'),
    cyan: wrap('36', '39'),
    mark: wrap('30;43', '39;49'),
  };
}

/** A ratio as `0.912`, or `—` when the denominator is zero (undefined, not zero). */
export function ratio(num: number, den: number): string {
  return den === 0 ? '—' : (num / den).toFixed(3);
}

/** A listing for one line of a report: its title (cut), plus other fields when present. */
export function listingLabel(listing: Record<string, unknown>, width = 48): string {
  const title = typeof listing.title === 'string' ? listing.title : JSON.stringify(listing.title ?? '');
  const extras = Object.keys(listing).filter((k) => k !== 'title' && k !== 'id' && k !== 'expect');
  return truncateDisplay(`"${title}"`, width) + (extras.length ? ` {+${extras.join(', ')}}` : '');
}

/** A file path for people: relative to the working folder when inside it, else as given. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

