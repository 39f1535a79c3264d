/** Test doubles for the CLI: a fake engine, in-memory streams, and a context around them. */
import { Readable, Writable } from 'node:stream';
import type { Engine, EngineOptions } from '../../src/engine-api.js';
import type { CliContext } from '../../src/cli/command.js';
import type { ScanResult } from '../../src/types.js';

/**
 * A tiny engine: titles containing 穿山甲 are blocked, 军供 reviewed, anything else passes. It echoes
 * string/number ids as the real engine does.
 */
export function fakeEngine(options: EngineOptions = {}, onScan?: (listing: unknown) => void): Engine {
  const scan = (listing: unknown): ScanResult => {
    onScan?.(listing);
    const l = (listing ?? {}) as { id?: unknown; title?: unknown };
    const title = typeof l.title === 'string' ? l.title : '';
    const id = typeof l.id === 'string' || typeof l.id === 'number' ? { id: l.id } : {};
    if (title.includes('穿山甲')) {
      return {
        ...id,
        verdict: 'block',
        score: 0.9,
        findings: [
          {
            ruleId: 'wildlife.pangolin',
            pack: 'fake',
            packVersion: '1.0.0',
            category: 'wildlife',
            severity: 'critical',
            score: 0.9,
            message: 'pangolin',
            basis: [],
            evidence: [{ field: 'title', start: title.indexOf('穿山甲'), end: title.indexOf('穿山甲') + 3, text: '穿山甲', via: 'exact' }],
          },
        ],
      };
    }
    if (title.includes('军供')) return { ...id, verdict: 'review', score: 0.6, findings: [] };
    return { ...id, verdict: 'pass', score: options.allFindings ? 0.1 : 0, findings: [] };
  };
  // Only what the scan command uses; the cast keeps the fake from breaking as the Engine interface grows.
  const engine = { scan, packs: [], diagnostics: [] } as unknown as Engine;
  return engine;
}

/** A writable that keeps what it receives. */
export class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  isTTY = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  lines(): string[] {
    return this.text().split('\n').filter((l) => l !== '');
  }
  json(): Array<Record<string, unknown>> {
    return this.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

/** stdin holding `text` (split into the given chunk size, to exercise chunk boundaries). */
export function stdinOf(text: string | Buffer, chunkSize = 7): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** A CLI context over in-memory streams and the fake engine. */
export function testContext(
  stdin: Readable = stdinOf(''),
  overrides: Partial<CliContext> = {},
): CliContext & { stdout: Collector; stderr: Collector } {
  return {
    stdin,
    stdout: new Collector(),
    stderr: new Collector(),
    createEngine: (o) => fakeEngine(o),
    workerPath: '/nonexistent/scan-worker.cjs',
    ...overrides,
  } as CliContext & { stdout: Collector; stderr: Collector };
}
