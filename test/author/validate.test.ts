import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { BUILTIN, HAVE_CLI, MINI, jinshou, miniWith, put, spawnCli, tempDir } from './helpers.js';
import { lintPack } from '../../src/pack/lint.js';
import { loadPacks } from '../../src/pack/load.js';

/** 1-based line of the `nth` (1-based) line containing `needle`, or 0. */
function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  return 0;
}

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('jinshou validate', () => {
  it('passes the fixture pack (warnings only) with exit 0 and a summary', async () => {
    const r = await jinshou(['validate', MINI]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK: 1 file checked, 1 loaded \(1 pack, 9 rules\); 0 errors, \d+ warnings?/);
    // health.serial is anchored on a regex set only, but every match contains 国食健注: that text anchors it.
    expect(r.out).not.toContain('L004');
  });

  it('warns (L004) when a rule rests on a regex with no fixed text every match contains', async () => {
    const file = put(dir, 'anchorless.yaml', miniWith(["    re: '国食健注[gj]\\d{8}'", "    re: '[0-9]{8}'"]));
    const r = await jinshou(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/anchorless\.yaml:\d+:\d+: warning\[L004\]: its only anchors include regex set 'serial' with no fixed text/);
  });

  it('reports every problem of a broken pack at once, each at its line with an excerpt, and exits 1', async () => {
    const text = miniWith(
      ['engine: ">=1.0.0 <2.0.0"', 'engine: ">=9.0.0"'],
      ['    when: pangolin\n', '    when: pangolin and not toyy\n'],
      ["    re: '国食健注[gj]\\d{8}'", "    re: '(a+)+$'"],
      ['  old-term: [旧词]', '  old-term: [旧词]\n  lonely: [孤词]'],
      ['    basis: [国办发〔2016〕103号]\n', ''],
      ['    effective: { from: 2099-01-01 }', '    effective: { from: 2099-01-01, until: 2098-01-01 }'],
      ['    confidence: high\n    message: 疑似销售穿山甲', '    confidence: high\n    colour: red\n    message: 疑似销售穿山甲'],
    );
    const file = put(dir, 'broken.yaml', text);
    const r = await jinshou(['validate', file]);
    expect(r.code).toBe(1);
    const expectAt = (code: string, needle: string) => {
      const line = lineOf(text, needle);
      expect(line, needle).toBeGreaterThan(0);
      expect(r.out).toMatch(new RegExp(`broken\\.yaml:${line}:\\d+: (error|warning)\\[${code}\\]`));
    };
    expectAt('R004', 'engine: ">=9.0.0"');
    expectAt('C002', 'when: pangolin and not toyy');
    expectAt('C004', "re: '(a+)+$'");
    expectAt('C003', 'lonely: [孤词]');
    expectAt('R002', '- id: wildlife.ivory');
    expectAt('R003', 'until: 2098-01-01');
    expectAt('S003', 'colour: red');
    // The excerpt and caret follow the head line.
    expect(r.out).toMatch(/\d+ \| +when: pangolin and not toyy\n +\| +\^/);
    expect(r.out).toMatch(/FAILED: 1 file checked, 0 loaded .*; [6-9] errors/);
  });

  it('finds duplicate rule ids across packs and points at the duplicate, not at 1:1', async () => {
    const copy = miniWith(['id: test.mini', 'id: test.copy']);
    const file = put(dir, 'copy.yaml', copy);
    const r = await jinshou(['validate', MINI, file]);
    expect(r.code).toBe(1);
    const line = lineOf(copy, '- id: wildlife.ivory');
    expect(r.out).toContain(`copy.yaml:${line}:9: error[R001]: rule id 'wildlife.ivory' is also defined in`);
    expect(r.out).not.toMatch(/copy\.yaml:1:1: error\[R001\]/);
  });

  it('reports the authoring lints at their lines', async () => {
    const text = miniWith(
      ['    any: [象牙]\n', '    any: [象牙, 象牙白手镯, 象牙]\n'],
      ['  shopword:\n    any: [专营店]\n    fields: [shop]\n', '  shopword:\n    any: [专营店]\n    fields: [description]\n'],
      ['      miss: [穿山甲玩具]', '      miss: [穿山甲玩具, 野生穿山甲片]'],
      ['    title: 象牙\n', '    title: 穿山甲\n'],
      ['      hit: [国食健注G20190188 胶囊]', '      hit: [{ title: 国食健注G20190188 胶囊, desc: 保健 }]'],
      ['replacedBy: [wildlife.pangolin]', 'replacedBy: [wildlife.pangolin-v2]'],
      ['version: 1.2.0', 'version: 1.3.0'],
      ["re: '国食健注[gj]\\d{8}'", "re: '国食健注\\D?[GJ]\\d{8}'"],
    );
    const file = put(dir, 'lints.yaml', text);
    const r = await jinshou(['validate', file]);
    const at = (code: string, needle: string, nth = 1) => {
      expect(lineOf(text, needle, nth), needle).toBeGreaterThan(0);
      expect(r.out).toMatch(new RegExp(`lints\\.yaml:${lineOf(text, needle, nth)}:\\d+: (warning|error)\\[${code}\\]`));
    };
    at('L002', 'any: [象牙, 象牙白手镯, 象牙]');
    at('L003', 'any: [象牙, 象牙白手镯, 象牙]');
    at('L008', 'when: shopword@shop');
    at('L001', 'miss: [穿山甲玩具, 野生穿山甲片]');
    at('L005', 'title: 穿山甲', 2);
    at('L010', 'desc: 保健');
    at('L006', 'replacedBy: [wildlife.pangolin-v2]');
    at('L007', '- { version: 1.2.0');
    at('L011', "re: '国食健注");
    // \D is an escape (syntax), not a letter to match: the lint names the G.
    expect(r.out).toMatch(/warning\[L011\]: .* has 'G'/);
    // L001 (a test both hit and miss) is an error: the tests contradict each other.
    expect(r.code).toBe(1);
  });

  it('exits 0 with warnings only, 1 with --strict; --no-lint keeps to the loader checks', async () => {
    const file = put(dir, 'warn.yaml', miniWith(['  old-term: [旧词]', '  old-term: [旧词]\n  lonely: [孤词]']));
    expect((await jinshou(['validate', file])).code).toBe(0);
    expect((await jinshou(['validate', '--strict', file])).code).toBe(1);
    const plain = await jinshou(['validate', '--no-lint', file]);
    expect(plain.out).toContain('warning[C003]');
    expect(plain.out).not.toContain('[L0');
  });

  it('prints JSON diagnostics with --json', async () => {
    const file = put(dir, 'json.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and not toyy\n']));
    const r = await jinshou(['validate', '--json', file]);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.out) as { code: string; level: string; line: number; col: number }[];
    expect(diags.find((d) => d.code === 'C002')).toMatchObject({ level: 'error', line: expect.any(Number), col: expect.any(Number) });
  });

  it('fails on unreadable paths and YAML errors with exit 1, on usage mistakes with exit 2', async () => {
    expect((await jinshou(['validate', `${dir}/nope.yaml`])).out).toContain('error[P001]');
    const yaml = put(dir, 'syntax.yaml', 'jinshou: 1\npack: [unclosed\n');
    const r = await jinshou(['validate', yaml]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/syntax\.yaml:\d+:\d+: error\[P005\]/);
    expect((await jinshou(['validate'])).code).toBe(2);
    const bad = await jinshou(['validate', '--frobnicate', MINI]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("run 'jinshou validate --help'");
  });

  it.skipIf(BUILTIN.length === 0)('finds no errors in the built-in packs', async () => {
    const r = await jinshou(['validate', ...BUILTIN]);
    expect(r.out).toContain(' 0 errors');
    expect(r.code).toBe(0);
  });

  it('lints are pure and position-free without a source', () => {
    const file = put(dir, 'pure.yaml', miniWith(["    re: '国食健注[gj]\\d{8}'", "    re: '[0-9]{8}'"]));
    const { docs } = loadPacks([file]);
    const diags = lintPack(docs[0]!);
    expect(diags.every((d) => d.line === 0 && d.file === docs[0]!.file)).toBe(true);
    expect(diags.map((d) => d.code)).toContain('L004');
  });

  it.skipIf(!HAVE_CLI)('runs as the built CLI', () => {
    const file = put(dir, 'cli.yaml', miniWith(['    when: pangolin\n', '    when: pangolin and not toyy\n']));
    const r = spawnCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error[C002]');
    expect(spawnCli(['validate', MINI]).code).toBe(0);
  });
});
