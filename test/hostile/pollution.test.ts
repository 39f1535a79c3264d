/**
 * No pack and no listing can reach Object.prototype: `__proto__`, `constructor` and `prototype` keys are
 * refused (P008) at any depth, whether the pack is a file, YAML text or an already-parsed document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { MINI, MINI_TEXT, engineOf, errorsWith, lineOf, mutate, packFile, refusal } from './helpers.js';

const clean = () => {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
};

afterEach(clean);

/** `key: value` spliced into the fixture at several depths, as YAML. */
const PROTO = '{ polluted: 1 }';
const placements: [string, (key: string) => string][] = [
  ['top level', (k) => mutate(MINI_TEXT, 'jinshou: 1\n', `jinshou: 1\n${k}: ${PROTO}\n`)],
  ['pack metadata', (k) => mutate(MINI_TEXT, '  title: 测试小包\n', `  title: 测试小包\n  ${k}: ${PROTO}\n`)],
  ['changelog entry', (k) => mutate(MINI_TEXT, '{ version: 1.2.0, date: 2026-11-01, notes: 测试 }', `{ version: 1.2.0, date: 2026-11-01, notes: 测试, ${k}: ${PROTO} }`)],
  ['defaults', (k) => mutate(MINI_TEXT, '  category: wildlife\n  fields', `  category: wildlife\n  ${k}: ${PROTO}\n  fields`)],
  ['terms', (k) => mutate(MINI_TEXT, '  wild: [野生]\n', `  wild: [野生]\n  ${k}: ${PROTO}\n`)],
  ['a term set', (k) => mutate(MINI_TEXT, '  wild: [野生]\n', `  wild: { any: [野生], ${k}: ${PROTO} }\n`)],
  ['a number spec', (k) => mutate(MINI_TEXT, 'number: { after: [层] }', `number: { after: [层], ${k}: ${PROTO} }`)],
  ['a rule', (k) => mutate(MINI_TEXT, '    when: pangolin\n', `    when: pangolin\n    ${k}: ${PROTO}\n`)],
  ['raise', (k) => mutate(MINI_TEXT, 'raise: { wild: 0.05 }', `raise: { wild: 0.05, ${k}: ${PROTO} }`)],
  ['an embedded test listing', (k) => mutate(MINI_TEXT, 'hit: [{ title: 月饼礼盒, price: 688 }]', `hit: [{ title: 月饼礼盒, price: 688, ${k}: ${PROTO} }]`)],
  ['a listing attribute, 3 levels down', (k) => mutate(MINI_TEXT, 'hit: [{ title: 月饼礼盒, price: 688 }]', `hit: [{ title: 月饼礼盒, price: 688, attributes: { a: { b: { ${k}: ${PROTO} } } } }]`)],
  ['200 levels down', (k) => `${MINI_TEXT}x: ${'{a: '.repeat(200)}{${k}: ${PROTO}}${'}'.repeat(200)}\n`],
];

describe('prototype-pollution keys in YAML packs', () => {
  for (const key of ['__proto__', '"__proto__"', "'__proto__'", 'constructor', 'prototype'])
    it.each(placements)(`${key} in %s is refused with P008 at its line`, (_where, place) => {
      const text = place(key);
      const file = packFile(`proto-${Math.random().toString(36).slice(2)}.yaml`, text);
      const [d] = errorsWith(refusal(() => engineOf([file])), 'P008');
      expect(d).toBeDefined();
      expect(d!.line).toBe(lineOf(text, `${key}: ${PROTO}`));
      refusal(() => engineOf([{ yaml: text }]));
    });

  it('refuses `constructor: { prototype: … }` and `__proto__` reached through an alias key', () => {
    const nested = mutate(MINI_TEXT, 'jinshou: 1\n', 'jinshou: 1\nx:\n  constructor:\n    prototype: { polluted: 1 }\n');
    expect(errorsWith(refusal(() => engineOf([{ yaml: nested }])), 'P008').map((d) => d.line)).toEqual([lineOf(nested, '  constructor:'), lineOf(nested, '    prototype:')]);
    const viaAlias = mutate(MINI_TEXT, 'jinshou: 1\n', 'jinshou: 1\nk: &k __proto__\ny: { *k : { polluted: 1 } }\n');
    expect(errorsWith(refusal(() => engineOf([{ yaml: viaAlias }])), 'P008').map((d) => d.line)).toEqual([lineOf(viaAlias, 'y: {')]);
  });

  it('refuses `<<` merge keys as unknown fields instead of merging', () => {
    const merge = mutate(MINI_TEXT, 'jinshou: 1\n', 'jinshou: 1\nbase: &b { polluted: 1 }\n');
    const text = mutate(merge, '  title: 测试小包\n', '  title: 测试小包\n  <<: *b\n');
    const err = refusal(() => engineOf([{ yaml: text }]));
    expect(errorsWith(err, 'S003').length).toBeGreaterThan(0);
  });
});

describe('prototype-pollution keys in pack documents', () => {
  const doc = (json: string) => JSON.parse(json) as unknown;
  const base = JSON.stringify({ jinshou: 1, pack: { id: 'p.x', version: '1.0.0', title: 't', publisher: 'p' }, terms: { a: ['穿山甲'] }, rules: [{ id: 'p.a', title: 't', severity: 'low', message: 'm', when: 'a', tests: { hit: [{ title: '穿山甲' }] } }] });

  it.each([
    ['top level', base.replace('{"jinshou"', '{"__proto__":{"polluted":1},"jinshou"')],
    ['pack metadata', base.replace('"publisher":"p"', '"publisher":"p","__proto__":{"polluted":1}')],
    ['terms', base.replace('"terms":{', '"terms":{"__proto__":{"polluted":1},')],
    ['an embedded test listing', base.replace('{"title":"穿山甲"}', '{"title":"穿山甲","__proto__":{"polluted":1}}')],
    ['deep in a test listing', base.replace('{"title":"穿山甲"}', '{"title":"穿山甲","a":{"b":{"c":{"constructor":{"prototype":{"polluted":1}}}}}}')],
  ])('in %s it is refused with P008', (_where, json) => {
    expect(errorsWith(refusal(() => createEngine({ packs: [{ document: doc(json), file: 'doc.json' }] })), 'P008')).not.toEqual([]);
  });

  it('loads the same document without the key', () => {
    expect(createEngine({ packs: [{ document: doc(base) }] }).scan({ title: '穿山甲' }).findings.map((f) => f.ruleId)).toEqual(['p.a']);
  });
});

describe('prototype-pollution keys in listings', () => {
  it('are read as plain data and change nothing', () => {
    const engine = engineOf([MINI]);
    for (const json of [
      '{"title":"穿山甲","__proto__":{"polluted":1}}',
      '{"title":"穿山甲","attributes":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
      '{"__proto__":{"title":"穿山甲","polluted":1}}',
    ])
      engine.scan(JSON.parse(json));
  });
});
