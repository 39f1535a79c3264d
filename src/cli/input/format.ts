/**
 * Which input format a file holds: from its extension, or else from its first non-blank line.
 */

/** Input formats of `jinshou scan`. */
export type InputFormat = 'jsonl' | 'csv' | 'lines';

/** Every value `--format` accepts. */
export const INPUT_FORMATS: readonly InputFormat[] = ['jsonl', 'csv', 'lines'];

const BY_EXTENSION: ReadonlyMap<string, InputFormat> = new Map([
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'jsonl'],
  ['.csv', 'csv'],
  ['.txt', 'lines'],
]);

/** The format a file name implies, or `undefined` when its extension says nothing (then sniff). */
export function formatFromPath(path: string): InputFormat | undefined {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return undefined;
  return BY_EXTENSION.get(path.slice(dot).toLowerCase());
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides between JSONL and plain lines from the first bytes of an input: a first non-blank line that
 * starts with `{` means JSONL, anything else plain lines. CSV is never guessed: a header row looks like a
 * title. Feed chunks until {@link FormatSniffer.feed} returns a format; {@link FormatSniffer.end}
 * decides for inputs that end first. Only a little state is kept, so the caller holds the chunks.
 */
export class FormatSniffer {
  /** How many bytes of a leading byte-order mark have been seen; -1 once past the start. */
  private bomBytes = 0;
  private decided: InputFormat | undefined;

  /** Looks at the next chunk; returns the format once the first significant byte has been seen. */
  feed(chunk: Uint8Array): InputFormat | undefined {
    if (this.decided) return this.decided;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.bomBytes >= 0) {
        if (b === BOM[this.bomBytes]) {
          this.bomBytes = this.bomBytes === 2 ? -1 : this.bomBytes + 1;
          continue;
        }
        // A partial mark was content after all, and it does not start with `{`.
        if (this.bomBytes > 0) return (this.decided = 'lines');
        this.bomBytes = -1;
      }
      // Blank: space, tab, LF, vertical tab, form feed, CR. Anything else decides.
      if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
      return (this.decided = b === 0x7b ? 'jsonl' : 'lines');
    }
    return undefined;
  }

  /** The format of an input that ended before a decision; such an input holds no records but a partial mark. */
  end(): InputFormat {
    this.decided ??= this.bomBytes > 0 ? 'lines' : 'jsonl';
    return this.decided;
  }
}
