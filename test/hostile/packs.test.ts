/**
 * Hostile packs: every one is refused with a PackLoadError whose diagnostics carry the stable code and,
 * for packs read from a file, the 1-based line of the offending node. Nothing else is ever thrown, nothing
 * hangs, and an engine built before is untouched by a failed load.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as yamlParse } from 'yaml';
import { createEngine, generateKeys, PackLoadError, type Engine } from '../../src/index.js';
import { AS_OF, MINI, MINI_TEXT, engineOf, errorsWith, fingerprint, lineOf, mutate, packFile, refusal } from './helpers.js';

/** A hostile variant of the fixture pack: the text, the code it must earn, and the line it must point at. */
interface Case {
  name: string;
  text: string;
  code: string;
  /** Text on the offending line (the line of its first occurrence in `text` is expected), or a line number. */
  at: string | number;
  /** Which occurrence of the marker is meant (default the first). */
  occurrence?: number;
}

const M = MINI_TEXT;
const PANGOLIN_RULE = '    severity: critical\n    confidence: high\n    message: 疑似销售穿山甲\n';
const withRule = (lines: string) => mutate(M, PANGOLIN_RULE, PANGOLIN_RULE + lines);
const withRegex = (re: string) => mutate(M, "re: '国食健注[gj]\\d{8}'", `re: '${re.replace(/'/g, "''")}'`);
const withWhen = (when: string) => mutate(M, '    when: pangolin\n', `    when: ${when}\n`);

const cases: Case[] = [
  // The file and its YAML.
  { name: 'duplicate key', text: mutate(M, '  title: 测试小包\n', '  title: 测试小包\n  title: 又一个\n'), code: 'P007', at: 'title: 又一个' },
  { name: 'duplicate key spelled as number and string', text: mutate(M, '  wild: [野生]\n', '  wild: [野生]\n  1: [甲]\n  "1": [乙]\n'), code: 'P007', at: '"1": [乙]' },
  { name: 'tab indentation', text: mutate(M, '  publisher: jinshou tests\n', '\tpublisher: jinshou tests\n'), code: 'P005', at: '\tpublisher' },
  { name: 'unterminated quote', text: mutate(M, "re: '国食健注[gj]\\d{8}'", "re: '国食健注[gj]\\d{8}"), code: 'P005', at: "re: '国食健注" },
  { name: 'two YAML documents', text: `${M}---\njinshou: 1\n`, code: 'P005', at: '---' },
  {
    name: 'alias bomb ("billion laughs")',
    text:
      'jinshou: 1\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' +
      'bcdefghi'
        .split('')
        .map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]\n`)
        .join(''),
    code: 'P006',
    // Nine aliases a line from line 4: the 51st alias is on the 6th of those lines.
    at: '  g: &g',
  },
  { name: '__proto__ at the top', text: mutate(M, 'jinshou: 1\n', 'jinshou: 1\n__proto__: { polluted: 1 }\n'), code: 'P008', at: '__proto__' },
  { name: '__proto__ in the pack metadata', text: mutate(M, '  title: 测试小包\n', '  title: 测试小包\n  __proto__: { polluted: 1 }\n'), code: 'P008', at: '__proto__' },
  { name: 'quoted "__proto__" in a term set', text: mutate(M, '  wild: [野生]\n', '  wild: { any: [野生], "__proto__": { polluted: 1 } }\n'), code: 'P008', at: '"__proto__"' },
  {
    name: '__proto__ deep inside an embedded test listing',
    text: mutate(M, '      hit: [野生穿山甲片]\n', '      hit: [{ title: 野生穿山甲片, attributes: { a: { b: { __proto__: { polluted: 1 } } } } }]\n'),
    code: 'P008',
    at: '__proto__',
  },
  {
    name: '__proto__ a hundred levels deep',
    text: mutate(M, 'jinshou: 1\n', `jinshou: 1\nx: ${'{a: '.repeat(100)}{__proto__: {polluted: 1}}${'}'.repeat(100)}\n`),
    code: 'P008',
    at: '__proto__',
  },
  { name: 'expect on a miss test', text: mutate(M, '      miss: [穿山甲玩具]\n', '      miss:\n        - title: 穿山甲玩具\n          expect: { verdict: block }\n'), code: 'S002', at: 'expect: { verdict' },
  { name: 'unknown key in a hit test expect', text: mutate(M, '      hit: [野生穿山甲片]\n', '      hit:\n        - title: 野生穿山甲片\n          expect: { score: 0.9 }\n'), code: 'S003', at: 'expect: { score' },
  { name: 'expect via not a via', text: mutate(M, '      hit: [野生穿山甲片]\n', '      hit:\n        - title: 野生穿山甲片\n          expect: { via: sound }\n'), code: 'S004', at: 'expect: { via' },
  { name: 'expect on a todo test', text: mutate(M, '      hit: [野生穿山甲片]\n', '      hit: [野生穿山甲片]\n      todo:\n        hit:\n          - title: 川山甲\n            expect: { via: homophone }\n'), code: 'S002', at: 'expect: { via' },
  { name: 'unknown list in tests.todo', text: mutate(M, '      hit: [野生穿山甲片]\n', '      hit: [野生穿山甲片]\n      todo: { hits: [川山甲] }\n'), code: 'S003', at: 'todo: { hits' },
  { name: 'homophone: 1', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    homophone: 1\n'), code: 'S004', at: 'homophone: 1' },
  { name: 'homophone: 2.5', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    homophone: 2.5\n'), code: 'S004', at: 'homophone: 2.5' },
  { name: 'constructor as a term-set name', text: mutate(M, '  wild: [野生]\n', '  wild: [野生]\n  constructor: [甲]\n'), code: 'P008', at: 'constructor' },
  { name: 'prototype in a rule', text: withRule('    prototype: { polluted: 1 }\n'), code: 'P008', at: 'prototype' },

  // Structure.
  { name: 'unknown field in the pack metadata', text: mutate(M, '  title: 测试小包\n', '  title: 测试小包\n  colour: red\n'), code: 'S003', at: 'colour' },
  { name: 'unknown field in a rule', text: withRule('    colour: red\n'), code: 'S003', at: 'colour' },
  { name: 'unknown field in a term set', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    colour: red\n'), code: 'S003', at: 'colour' },
  { name: 'unknown top-level field', text: `${M}extra: 1\n`, code: 'S003', at: 'extra: 1' },
  // Nothing to point at but the document: the top mapping, which starts on the first line after the comment.
  { name: 'missing pack metadata', text: mutate(M, 'pack:\n  id: test.mini\n', 'pock:\n  id: test.mini\n'), code: 'S001', at: 'jinshou: 1' },
  { name: 'unclosed flow list', text: mutate(M, '  wild: [野生]\n', '  wild: [野生\n'), code: 'P005', at: 'wild: [野生' },
  { name: 'missing rule title', text: mutate(M, '    title: 穿山甲\n', ''), code: 'S001', at: '  - id: wildlife.pangolin' },
  { name: 'severity is a list', text: mutate(M, PANGOLIN_RULE, '    severity: [1]\n    confidence: high\n    message: 疑似销售穿山甲\n'), code: 'S004', at: 'severity: [1]' },
  { name: 'message is a mapping', text: mutate(M, '    message: 疑似销售穿山甲\n', '    message: { a: 1 }\n'), code: 'S002', at: 'message: { a: 1 }' },
  { name: 'condition is a list', text: withWhen('[pangolin]'), code: 'S002', at: 'when: [pangolin]' },
  { name: 'terms of a set is text', text: mutate(M, '    any: [穿山甲]\n', '    any: 穿山甲\n'), code: 'S002', at: 'any: 穿山甲' },
  { name: 'a term is a mapping', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲, { a: 1 }]\n'), code: 'S002', at: 'any: [穿山甲, { a: 1 }]' },
  { name: 'weight is text', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    weight: heavy\n'), code: 'S004', at: 'weight: heavy' },
  { name: 'weight out of range', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    weight: 7\n'), code: 'S004', at: 'weight: 7' },
  { name: 'flag is text', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲]\n    pinyin: "yes"\n'), code: 'S002', at: 'pinyin: "yes"' },
  { name: 'rules is a mapping', text: mutate(M, 'rules:\n', 'rules: {}\nrulez:\n'), code: 'S002', at: 'rules: {}' },
  { name: 'terms is a list', text: mutate(M, 'terms:\n  pangolin:\n', 'terms: [a]\ntermz:\n  pangolin:\n'), code: 'S002', at: 'terms: [a]' },
  { name: 'fields is text', text: withRule('    fields: title\n'), code: 'S002', at: 'fields: title' },
  { name: 'unknown field name in fields', text: withRule('    fields: [title, body]\n'), code: 'S004', at: 'fields: [title, body]' },
  { name: 'empty term', text: mutate(M, '    any: [穿山甲]\n', '    any: [穿山甲, "  "]\n'), code: 'S004', at: 'any: [穿山甲, "  "]' },
  { name: 'format version 2', text: mutate(M, 'jinshou: 1\n', 'jinshou: 2\n'), code: 'S008', at: 'jinshou: 2' },

  // Versions, dates and ranges.
  { name: 'version is not semver', text: mutate(M, '  version: 1.2.0\n', '  version: 1.2\n'), code: 'S005', at: 'version: 1.2\n' },
  { name: 'version with a v', text: mutate(M, '  version: 1.2.0\n', '  version: v1.2.0\n'), code: 'S005', at: 'version: v1.2.0' },
  { name: 'changelog version', text: mutate(M, '{ version: 1.2.0, date', '{ version: one, date'), code: 'S005', at: 'version: one' },
  { name: 'month 13', text: mutate(M, 'date: 2026-11-01', 'date: 2026-13-45'), code: 'S006', at: 'date: 2026-13-45' },
  { name: 'February 30', text: mutate(M, 'date: 2026-11-01', 'date: 2026-02-30'), code: 'S006', at: 'date: 2026-02-30' },
  { name: 'a date in words', text: mutate(M, 'date: 2026-11-01', 'date: soon'), code: 'S006', at: 'date: soon' },
  { name: 'rule in effect until before from', text: mutate(M, 'effective: { from: 2099-01-01 }', 'effective: { from: 2099-01-01, until: 2098-12-31 }'), code: 'R003', at: 'until: 2098-12-31' },
  {
    name: 'pack in effect until before from',
    text: mutate(M, '  publisher: jinshou tests\n', '  publisher: jinshou tests\n  effective:\n    from: 2026-01-01\n    until: 2025-01-01\n'),
    code: 'R003',
    at: 'until: 2025-01-01',
  },
  { name: 'engine range not met', text: mutate(M, 'engine: ">=1.0.0 <2.0.0"', 'engine: ">=2.0.0"'), code: 'R004', at: 'engine: ">=2.0.0"' },
  { name: 'engine range unreadable', text: mutate(M, 'engine: ">=1.0.0 <2.0.0"', 'engine: "soon"'), code: 'S007', at: 'engine: "soon"' },

  // Rules and conditions.
  { name: 'duplicate rule id in one pack', text: mutate(M, '  - id: wildlife.ivory\n', '  - id: wildlife.pangolin\n'), code: 'R001', at: '  - id: wildlife.pangolin', occurrence: 2 },
  { name: 'critical rule without basis', text: mutate(M, '    basis: [国办发〔2016〕103号]\n', ''), code: 'R002', at: '  - id: wildlife.ivory' },
  { name: 'condition names an unknown set', text: withWhen('pangolin and nosuch'), code: 'C002', at: 'when: pangolin and nosuch' },
  { name: 'raise names an unknown set', text: mutate(M, 'raise: { wild: 0.05 }', 'raise: { wilde: 0.05 }'), code: 'C002', at: 'wilde: 0.05' },
  { name: 'unclosed parenthesis', text: withWhen('pangolin and ('), code: 'C001', at: 'when: pangolin and (' },
  { name: 'or or', text: withWhen('pangolin or or wild'), code: 'C001', at: 'when: pangolin or or wild' },
  { name: 'near without a window', text: withWhen('near(pangolin, wild)'), code: 'C001', at: 'when: near(pangolin, wild)' },
  { name: '3 of 2 sets', text: withWhen('3 of (pangolin, wild)'), code: 'C001', at: 'when: 3 of (pangolin, wild)' },
  { name: 'unknown field after @', text: withWhen('pangolin@body'), code: 'C001', at: 'when: pangolin@body' },
  { name: 'stray character', text: withWhen('pangolin & wild'), code: 'C001', at: 'when: pangolin & wild' },
  { name: 'condition nested too deeply', text: withWhen(`${'('.repeat(100)}pangolin${')'.repeat(100)}`), code: 'C001', at: 'when: (((' },
  { name: 'number comparison on a plain set', text: withWhen('pangolin > 3'), code: 'C007', at: 'when: pangolin > 3' },
  { name: 'a term set without terms', text: mutate(M, '  wild: [野生]\n', '  wild: []\n'), code: 'C006', at: 'wild: []' },
];

/** Regular expressions with catastrophic (exponential or high polynomial) backtracking, or unsupported. */
const badRegexes = [
  '(a+)+$',
  '(a|aa)*b',
  '(\\d*)*',
  '^(a+)+$',
  '(\\w+\\s?)+$',
  '([a-z]+)*x',
  '(?:a+)+',
  '(a{1,5})+',
  '(a|a){1,30}x',
  '(a?){30}a{30}',
  '(.*a){12}',
  '.*.*x',
  '[a-z ]*[a-z ]*x',
  'a*b*c*d*x',
  '(a)\\1',
  '(?<=a)b',
  '[',
  'x'.repeat(301),
];
for (const re of badRegexes) cases.push({ name: `regex ${re.slice(0, 30)}`, text: withRegex(re), code: 'C004', at: "    re: '" });

const before = engineOf([MINI]);
const beforePrint = fingerprint(before);

describe('hostile packs read from files are refused at the offending line', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const file = packFile(`${c.name.replace(/[^a-z0-9]+/gi, '-')}.yaml`, c.text);
    const err = refusal(() => engineOf([file]));
    const hits = errorsWith(err, c.code);
    expect(hits.map((d) => `${d.code} ${d.message}`), `expected ${c.code}, got ${err.message}`).not.toEqual([]);
    const line = typeof c.at === 'number' ? c.at : lineOf(c.text, c.at, c.occurrence);
    expect(hits.map((d) => d.line)).toContain(line);
    for (const d of hits) {
      expect(d.file).toBe(file);
      expect(d.col).toBeGreaterThanOrEqual(1);
      // The excerpt is the source line the position names.
      expect(d.excerpt).toBe(c.text.split(/\r?\n/)[d.line - 1]);
    }
    // The same text given as a source (not a file) to reload an engine earns the same code at the same
    // line, and the failed reload leaves the engine built before exactly as it was.
    const asSource = refusal(() => before.reload({ packs: [{ yaml: c.text, file: 'source.yaml' }] }));
    expect(errorsWith(asSource, c.code).map((d) => d.line)).toEqual(hits.map((d) => d.line));
    expect(fingerprint(before)).toBe(beforePrint);
  });

  it('keeps positions right in a file with a BOM and CRLF line ends', () => {
    const crlf = '\ufeff' + withWhen('pangolin and nosuch').replace(/\n/g, '\r\n');
    const file = packFile('crlf-bom.yaml', crlf);
    const err = refusal(() => engineOf([file]));
    const [d] = errorsWith(err, 'C002');
    expect(d!.line).toBe(lineOf(crlf, 'when: pangolin and nosuch'));
    expect(d!.excerpt).toBe('    when: pangolin and nosuch');
    // And the clean fixture with a BOM and CRLF loads, and scans as the LF original does.
    const clean = engineOf([packFile('clean-crlf-bom.yaml', '\ufeff' + M.replace(/\n/g, '\r\n'))]);
    expect(fingerprint(clean).replace(/clean-crlf-bom/g, 'mini')).toBe(beforePrint);
  });
});

describe('hostile pack files refused as files', () => {
  const fileCases: [string, string | Uint8Array, string][] = [
    ['empty file', '', 'P004'],
    ['only spaces and newlines', '  \n\n\t\n', 'P004'],
    ['binary (NUL bytes)', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'P003'],
    ['GBK-encoded Chinese (not UTF-8)', Buffer.concat([Buffer.from('jinshou: 1\npack:\n  title: '), Buffer.from([0xb4, 0xa9, 0xc9, 0xbd, 0xbc, 0xd7]), Buffer.from('\n')]), 'P003'],
    ['UTF-16 with a BOM', Buffer.from('\ufeffjinshou: 1\n', 'utf16le'), 'P003'],
    ['a lone UTF-8 continuation byte', Buffer.from([0x6a, 0x3a, 0x20, 0x80, 0x0a]), 'P003'],
    ['only a comment', '# nothing here\n', 'S002'],
    ['a bare scalar', 'hello\n', 'S002'],
    ['a list', '- jinshou: 1\n', 'S002'],
  ];
  it.each(fileCases)('%s', (name, content, code) => {
    const file = packFile(`file-${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`, content);
    expect(errorsWith(refusal(() => engineOf([file])), code)).not.toEqual([]);
  });

  it('refuses a file over 8 MiB without parsing it', () => {
    const file = packFile('huge.yaml', `jinshou: 1\n# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    const [d] = errorsWith(refusal(() => engineOf([file])), 'P002');
    expect(d!.message).toMatch(/8388608/);
    // The cap is in UTF-8 bytes for text given in memory too: 3 million CJK characters are 9 MB.
    const cjk = `jinshou: 1\n# ${'穿'.repeat(3_000_000)}\n`;
    expect(cjk.length).toBeLessThan(8 * 1024 * 1024);
    expect(errorsWith(refusal(() => engineOf([{ yaml: cjk, file: 'cjk.yaml' }])), 'P002')).not.toEqual([]);
  });

  it('refuses devices and folders posing as pack files instead of reading them forever', () => {
    const folder = join(dirname(packFile('marker2.txt', '')), 'devices');
    mkdirSync(join(folder, 'folder.yaml'), { recursive: true });
    if (!existsSync(join(folder, 'zero.yaml'))) symlinkSync('/dev/zero', join(folder, 'zero.yaml'));
    const err = refusal(() => engineOf([folder]));
    expect(errorsWith(err, 'P001').map((d) => d.file.replace(/.*\//, '')).sort()).toEqual(['folder.yaml', 'zero.yaml']);
    expect(errorsWith(refusal(() => engineOf(['/dev/zero'])), 'P001')).not.toEqual([]);
  });

  it('refuses a signature that is a device instead of reading it forever', () => {
    const { publicKey } = generateKeys();
    const file = packFile('signed.yaml', M);
    if (!existsSync(`${file}.sig`)) symlinkSync('/dev/zero', `${file}.sig`);
    expect(errorsWith(refusal(() => engineOf([file], { trust: [publicKey] })), 'K001')).not.toEqual([]);
  });

  it('refuses a missing file and a folder without packs', () => {
    expect(errorsWith(refusal(() => engineOf([packFile('gone.yaml', '') + '.missing'])), 'P001')).not.toEqual([]);
    const emptyDir = join(dirname(packFile('marker.txt', '')), 'empty-folder');
    mkdirSync(emptyDir, { recursive: true });
    expect(errorsWith(refusal(() => engineOf([emptyDir])), 'P009')).not.toEqual([]);
  });
});

describe('packs that clash with each other', () => {
  const other = mutate(M, '  id: test.mini\n', '  id: test.other\n');

  it('refuses the same rule ids in two packs, at the second pack\'s rule', () => {
    const file = packFile('other.yaml', other);
    const err = refusal(() => engineOf([MINI, file]));
    const dups = errorsWith(err, 'R001');
    expect(dups.map((d) => d.message)).toContainEqual(expect.stringContaining("'wildlife.pangolin'"));
    const pangolin = dups.find((d) => d.message.includes("'wildlife.pangolin'"))!;
    expect(pangolin.file).toBe(file);
    expect(pangolin.line).toBe(lineOf(other, '  - id: wildlife.pangolin'));
    expect(dups).toHaveLength(9);
  });

  it('refuses the same pack id twice, at the second pack\'s id', () => {
    const renamedRules = M.replace(/ id: (wildlife|mooncake|health)\./g, ' id: $1x.');
    const file = packFile('same-id.yaml', renamedRules);
    const err = refusal(() => engineOf([MINI, file]));
    const [d] = errorsWith(err, 'R006');
    expect(d).toMatchObject({ file, line: lineOf(renamedRules, 'id: test.mini') });
    expect(errorsWith(err, 'R001')).toEqual([]);
  });

  it('refuses the same file loaded twice', () => {
    const err = refusal(() => engineOf([MINI, MINI]));
    expect(errorsWith(err, 'R006')).toHaveLength(1);
  });

  it('loads nothing when one of several packs is bad', () => {
    const bad = packFile('bad-second.yaml', withWhen('pangolin and nosuch'));
    refusal(() => engineOf([MINI, bad]));
    refusal(() => before.reload({ packs: [MINI, bad] }));
    expect(fingerprint(before)).toBe(beforePrint);
  });
});

describe('millions of terms', () => {
  const N = 2_000_000;
  const head = 'jinshou: 1\npack: { id: big.pack, version: 1.0.0, title: 大包, publisher: tests }\nterms:\n  big:\n    any: [';
  const tail = ']\nrules:\n  - { id: big.rule, title: 大, severity: low, message: 大, when: big, tests: { hit: [a] } }\n';

  it('refuses a 2,000,000-term YAML pack with C005 before parsing it', () => {
    const text = head + 'a,'.repeat(N - 1) + 'a' + tail;
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const err = refusal(() => engineOf([{ yaml: text, file: 'big.yaml' }]));
    const [d] = errorsWith(err, 'C005');
    expect(d).toMatchObject({ file: 'big.yaml', line: lineOf(text, '    any: [') });
    // Parsing it would keep a node object per term (about a gigabyte); refusing it first keeps none.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a 2,000,000-term pack document with C005 and no other error', () => {
    const document = {
      jinshou: 1,
      pack: { id: 'big.pack', version: '1.0.0', title: '大包', publisher: 'tests' },
      terms: { big: { any: Array.from({ length: N }, (_, i) => `t${i}`) } },
      rules: [{ id: 'big.rule', title: '大', severity: 'low', message: '大', when: 'big', tests: { hit: ['t1'] } }],
    };
    const err = refusal(() => engineOf([{ document, file: 'big-doc' }]));
    expect(err.diagnostics.filter((d) => d.level === 'error').map((d) => d.code)).toEqual(['C005']);
  });

  it('refuses 200,001 terms spread over several sets with one C005', () => {
    const terms = Object.fromEntries(Array.from({ length: 3 }, (_, s) => [`s${s}`, Array.from({ length: 66_667 }, (_, i) => `t${s}x${i}`)]));
    const document = {
      jinshou: 1,
      pack: { id: 'big.pack', version: '1.0.0', title: '大包', publisher: 'tests' },
      terms,
      rules: [{ id: 'big.rule', title: '大', severity: 'low', message: '大', when: 's0 or s1 or s2', tests: { hit: ['t0x1'] } }],
    };
    const err = refusal(() => engineOf([{ document, file: 'spread' }]));
    expect(err.diagnostics.filter((d) => d.level === 'error').map((d) => d.code)).toEqual(['C005']);
  });
});

describe('hostile pack sources', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
  ])('a source that is %s is refused with P004', (_n, src) => {
    expect(errorsWith(refusal(() => createEngine({ packs: [src as never] })), 'P004')).not.toEqual([]);
  });

  it('refuses packs that are not a list', () => {
    expect(errorsWith(refusal(() => createEngine({ packs: MINI as never })), 'P001')).not.toEqual([]);
  });

  it('refuses yaml whose toString throws, and a document behind a throwing Proxy, with P001', () => {
    const yaml = { toString: () => { throw new Error('no text'); } };
    expect(errorsWith(refusal(() => createEngine({ packs: [{ yaml: yaml as never }] })), 'P001')).not.toEqual([]);
    const document = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document }] })), 'P001')).not.toEqual([]);
  });

  it('refuses documents with cycles, absurd nesting, sparse arrays, BigInt and invalid dates', () => {
    const base = () => structuredClone(docOfMini());
    const cyclic = base() as Record<string, unknown>;
    (cyclic.pack as Record<string, unknown>).self = cyclic;
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: cyclic }] })), 'S002')).not.toEqual([]);
    // A cycle inside an embedded test listing (where any field is allowed) is refused as well.
    const cyclicTest = base() as { rules: { tests: { hit: Record<string, unknown>[] } }[] };
    const listing: Record<string, unknown> = { title: '穿山甲' };
    listing.self = listing;
    cyclicTest.rules[0]!.tests.hit.push(listing);
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: cyclicTest }] })), 'S002')).not.toEqual([]);
    let deep: unknown = '穿山甲';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const nested = base() as { rules: { tests: { hit: unknown[] } }[] };
    nested.rules[0]!.tests.hit.push({ title: '穿山甲', deep });
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: nested }] })), 'S002')).not.toEqual([]);
    const big = base() as Record<string, unknown>;
    big.jinshou = 1n;
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: big }] })), 'S008')).not.toEqual([]);
    const bigInTest = base() as { rules: { tests: { hit: unknown[] } }[] };
    bigInTest.rules[0]!.tests.hit.push({ title: '穿山甲', n: 1n });
    refusal(() => createEngine({ packs: [{ document: bigInTest }] }));
    const sparse = base() as { terms: { wild: unknown[] } };
    sparse.terms.wild.length = 2 ** 32 - 1;
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: sparse }] })), 'S002')).not.toEqual([]);
    const badDate = base() as { pack: { changelog: { date: unknown }[] } };
    badDate.pack.changelog[0]!.date = new Date(Number.NaN);
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: badDate }] })), 'S006')).not.toEqual([]);
  });

  it('loads the fixture given as a document', () => {
    expect(fingerprint(createEngine({ packs: [{ document: docOfMini(), file: MINI }], asOf: AS_OF }))).toBe(beforePrint);
  });

  it('refuses unusable trusted keys with K001 instead of throwing', () => {
    for (const trust of [['not a key'], ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'], [42], [null]])
      expect(errorsWith(refusal(() => createEngine({ packs: [MINI], trust: trust as never })), 'K001')).not.toEqual([]);
  });
});

describe('an engine survives failed reloads', () => {
  it('answers identically after many refused reloads of every kind', () => {
    const engine: Engine = engineOf([MINI]);
    const print = fingerprint(engine);
    for (const c of cases.slice(0, 12)) expect(() => engine.reload({ packs: [{ yaml: c.text, file: 'x.yaml' }] })).toThrow(PackLoadError);
    expect(() => engine.reload({ packs: [null as never] })).toThrow(PackLoadError);
    expect(fingerprint(engine)).toBe(print);
    expect(Object.isFrozen(engine)).toBe(true);
    expect(engine.packs.map((p) => p.id)).toEqual(['test.mini']);
  });
});

/** The fixture pack as plain data (what a host holding parsed YAML would pass as `document`). */
function docOfMini(): unknown {
  return yamlParse(MINI_TEXT);
}
