/**
 * Shared helpers of the hostile-input tests: the fixture pack, temporary pack files, and the checks every
 * refused pack must pass (a PackLoadError whose diagnostics carry stable codes and real positions).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createEngine, DIAGNOSTIC_CODES, PackLoadError, type Diagnostic, type Engine, type EngineOptions, type PackSource } from '../../src/index.js';

/** The fixture pack of the engine tests: small, and exercising every feature of format v1. */
export const MINI = new URL('../fixtures/mini.yaml', import.meta.url).pathname;
export const MINI_TEXT = readFileSync(MINI, 'utf8');
/** A fixed date, so effective ranges do not depend on the day the tests run. */
export const AS_OF = '2026-11-28';

let dir: string | undefined;
/** Writes a pack file into a per-run temporary folder and returns its path. */
export function packFile(name: string, content: string | Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'jinshou-hostile-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Replaces exactly one occurrence of `from` in the fixture text (fails loudly when the fixture changed). */
export function mutate(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`fixture text not found exactly once: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the first occurrence of `marker` in `text` (the line a diagnostic must point at). */
export function lineOf(text: string, marker: string, occurrence = 1): number {
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`marker not found: ${marker}`);
  }
  return text.slice(0, at).split('\n').length;
}

/** Runs `load` and returns its PackLoadError; fails the test on success or on any other exception. */
export function refusal(load: () => unknown): PackLoadError {
  let caught: unknown;
  try {
    load();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'the pack must be refused').toBeInstanceOf(PackLoadError);
  const err = caught as PackLoadError;
  expect(err.diagnostics.length).toBeGreaterThan(0);
  for (const d of err.diagnostics) checkDiagnosticShape(d);
  expect(err.diagnostics.some((d) => d.level === 'error')).toBe(true);
  return err;
}

/** Every diagnostic has a documented code, a level, a file and non-negative integer positions. */
export function checkDiagnosticShape(d: Diagnostic): void {
  expect(Object.keys(DIAGNOSTIC_CODES), d.code).toContain(d.code);
  expect(['error', 'warning']).toContain(d.level);
  expect(typeof d.message).toBe('string');
  expect(typeof d.file).toBe('string');
  expect(Number.isInteger(d.line) && d.line >= 0, `line ${d.line}`).toBe(true);
  expect(Number.isInteger(d.col) && d.col >= 0, `col ${d.col}`).toBe(true);
}

/** The error diagnostics of a refusal with the given code. */
export function errorsWith(err: PackLoadError, code: string): Diagnostic[] {
  return err.diagnostics.filter((d) => d.level === 'error' && d.code === code);
}

/** Creates an engine over the given packs, at the fixed date. */
export function engineOf(packs: ReadonlyArray<string | PackSource>, extra: EngineOptions = {}): Engine {
  return createEngine({ packs, asOf: AS_OF, ...extra });
}

/** Listings whose results pin an engine's behaviour (used to show a failed reload changed nothing). */
export const PROBES: unknown[] = [
  { id: 1, title: '野生穿山甲片 出售' },
  { id: 2, title: '象牙手镯 老料' },
  { id: 3, title: '中秋月饼礼盒 ７层精装', price: 688 },
  { id: 4, title: '月饼 飞天moutai' },
  { id: 5, title: '国食健注G20190188 胶囊' },
  { id: 6, title: '任意', shop: '某某专营店' },
  { id: 7, title: '川山甲 出售' },
  { id: 8, title: '苹果 新鲜' },
  { id: 9, title: 42, description: '穿 山 甲' },
  null,
];

/** The results of every probe, as JSON (so two engines can be compared exactly). */
export function fingerprint(engine: Engine): string {
  return JSON.stringify(PROBES.map((p) => engine.scan(p)));
}
