/**
 * Marking evidence inside the original text: spans (UTF-16 offsets, as evidence has them) wrapped in
 * ANSI highlight on a terminal, or in [brackets] otherwise. Overlapping spans are merged first so the
 * markers never interleave.
 */
import { oneLine } from '../errors.js';

/** Merges overlapping or touching [start, end) spans, sorted. */
export function mergeSpans(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = spans.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/**
 * The text with the spans marked. Each piece is made safe for one terminal line separately, so control
 * characters in hostile text cannot break out of (or into) a highlight.
 */
export function highlight(text: string, spans: readonly (readonly [number, number])[], mark: (s: string) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const [a0, b0] of mergeSpans(spans)) {
    const a = Math.max(at, Math.min(a0, text.length));
    const b = Math.min(b0, text.length);
    if (b <= a) continue;
    out += oneLine(text.slice(at, a));
    const piece = oneLine(text.slice(a, b));
    out += mark(piece) ?? `[${piece}]`;
    at = b;
  }
  return out + oneLine(text.slice(at));
}
