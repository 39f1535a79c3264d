import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT } from './helpers.js';
import { KNOWN, check, keywordsOf } from './mini-schema.js';
import { validatePack } from '../../src/pack/validate.js';
import { DiagnosticSink } from '../../src/pack/diagnostics.js';
import { isRange } from '../../src/pack/semver.js';
import type { Diagnostic } from '../../src/types.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/pack-v1.json'), 'utf8'));
const defs = schema.$defs as Record<string, { properties?: Record<string, unknown>; required?: string[]; anyOf?: unknown[] }>;

/** Pack files of the repository: the built-in packs and the test fixtures. */
const packFiles = ['rules', 'test/fixtures']
  .map((d) => join(ROOT, d))
  .filter((d) => existsSync(d))
  .flatMap((d) => readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(d, f)));

const parse = (file: string) => parseDocument(readFileSync(file, 'utf8'), { merge: false }).toJS() as Record<string, unknown>;

/** Diagnostics of the loader's structural checks on plain data. */
function validate(data: unknown): Diagnostic[] {
  const sink = new DiagnosticSink('t.yaml');
  validatePack({ file: 't.yaml', data, source: { file: 't.yaml', locate: () => ({ line: 0, col: 0 }), lineText: () => '' } }, sink);
  return sink.items;
}
const errorsOf = (data: unknown) => validate(data).filter((d) => d.level === 'error');

const clone = <T>(x: T): T => structuredClone(x);
const mini = () => parse(join(ROOT, 'test/fixtures/mini.yaml'));
const overlay = (): Record<string, unknown> => ({
  jinshou: 1,
  overlay: { id: 'platform.x', version: '1.0.0', title: '平台', publisher: '平台', targets: ['test.mini'] },
  terms: { museum: ['博物馆文创'] },
  changes: [{ rule: 'wildlife.pangolin', except: 'museum', reason: '仿制品' }],
});

/**
 * Every object location of the format: a document, how to reach the object in it, and the schema
 * definition that describes that object.
 */
type Obj = Record<string, unknown>;
const LOCATIONS: { name: string; doc: () => Obj; at: (d: Obj) => Obj; def: { properties?: Record<string, unknown>; required?: string[] } }[] = [
  { name: 'pack document', doc: mini, at: (d) => d, def: defs.packDocument! },
  { name: 'overlay document', doc: overlay, at: (d) => d, def: defs.overlayDocument! },
  { name: 'pack metadata', doc: mini, at: (d) => d.pack as Obj, def: defs.packMeta! },
  { name: 'overlay metadata', doc: overlay, at: (d) => d.overlay as Obj, def: defs.overlayMeta! },
  { name: 'changelog entry', doc: mini, at: (d) => (d.pack as { changelog: Obj[] }).changelog[0]!, def: defs.changelogEntry! },
  { name: 'effective', doc: () => { const d = mini(); (d.pack as Obj).effective = { from: '2020-01-01' }; return d; }, at: (d) => (d.pack as Obj).effective as Obj, def: defs.effective! },
  { name: 'defaults', doc: mini, at: (d) => d.defaults as Obj, def: defs.defaults! },
  { name: 'term set', doc: mini, at: (d) => (d.terms as Obj).pangolin as Obj, def: defs.termSet! },
  { name: 'number markers', doc: mini, at: (d) => ((d.terms as Obj)['box-price'] as Obj).number as Obj, def: defs.termSet!.properties!.number as { properties: Record<string, unknown> } },
  { name: 'rule', doc: mini, at: (d) => (d.rules as Obj[])[0]!, def: defs.rule! },
  { name: 'deprecated', doc: mini, at: (d) => (d.rules as Obj[])[7]!.deprecated as Obj, def: defs.rule!.properties!.deprecated as { properties: Record<string, unknown> } },
  { name: 'tests', doc: mini, at: (d) => (d.rules as Obj[])[0]!.tests as Obj, def: defs.rule!.properties!.tests as { properties: Record<string, unknown> } },
  { name: 'hit test expect', doc: () => { const d = mini(); ((d.rules as Obj[])[0]!.tests as { hit: unknown[] }).hit[0] = { title: '穿山甲片', expect: { verdict: 'block', via: 'exact' } }; return d; }, at: (d) => (((d.rules as Obj[])[0]!.tests as { hit: Obj[] }).hit[0]!.expect as Obj), def: (defs.hitListing!.anyOf![1] as { properties: Record<string, Obj> }).properties.expect as { properties: Record<string, unknown> } },
  { name: 'known gaps', doc: () => { const d = mini(); ((d.rules as Obj[])[0]!.tests as Obj).todo = { hit: ['川山甲'], miss: ['穿山甲 图案 T恤'] }; return d; }, at: (d) => ((d.rules as Obj[])[0]!.tests as Obj).todo as Obj, def: (defs.rule!.properties!.tests as { properties: Record<string, Obj> }).properties.todo as { properties: Record<string, unknown> } },
  { name: 'citation', doc: () => { const d = mini(); (d.rules as Obj[])[0]!.basis = [{ instrument: '某法', article: '第一条', url: 'https://example.invalid/' }]; return d; }, at: (d) => ((d.rules as Obj[])[0]!.basis as Obj[])[0]!, def: defs.citation!.anyOf![1] as { properties: Record<string, unknown> } },
  { name: 'overlay change', doc: overlay, at: (d) => (d.changes as Obj[])[0]!, def: defs.change! },
];

/** Names that could be mistaken for keys: every property the schema knows and every word validate.ts quotes. */
const CANDIDATES = new Set<string>([
  ...Object.values(defs).flatMap((d) => Object.keys(d.properties ?? {})),
  ...[...readFileSync(join(ROOT, 'src/pack/validate.ts'), 'utf8').matchAll(/'([a-zA-Z]+)'/g)].map((m) => m[1]!),
]);

describe('schema/pack-v1.json', () => {
  it('is draft 2020-12 and uses only keywords the test checker applies', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect([...keywordsOf(schema)].filter((k) => !KNOWN.has(k))).toEqual([]);
  });

  it.each(packFiles.map((f) => [f.slice(ROOT.length)]))('accepts %s', (rel) => {
    expect(check(parse(join(ROOT, rel)), schema)).toEqual([]);
  });

  it('accepts overlays and the list shorthand of term sets', () => {
    expect(check(overlay(), schema)).toEqual([]);
    const d = mini();
    (d.terms as Obj).wild = ['野生', '野外'];
    expect(check(d, schema)).toEqual([]);
  });

  for (const loc of LOCATIONS) {
    it(`lists exactly the keys validate.ts allows in a ${loc.name}`, () => {
      const base = loc.doc();
      expect(errorsOf(base), 'the base document is valid').toEqual([]);
      expect(check(base, schema), 'the base document matches the schema').toEqual([]);
      const allowed = Object.keys(loc.def.properties ?? {});
      // Every schema key is known to validate.ts: no S003 (whatever else a null value earns).
      for (const key of allowed) {
        const d = clone(base);
        const o = loc.at(d);
        if (!(key in o)) o[key] = null;
        expect(validate(d).filter((x) => x.code === 'S003').map((x) => x.message), `${loc.name}.${key}`).toEqual([]);
      }
      // Every other name is refused by validate.ts (S003) and by the schema.
      for (const key of CANDIDATES) {
        if (allowed.includes(key) || (loc.at === LOCATIONS[0]!.at && (key === 'pack' || key === 'overlay'))) continue;
        const d = clone(base);
        loc.at(d)[key] = 'x';
        expect(validate(d).some((x) => x.code === 'S003'), `validate.ts should refuse ${loc.name}.${key}`).toBe(true);
        expect(check(d, schema).length, `the schema should refuse ${loc.name}.${key}`).toBeGreaterThan(0);
      }
    });

    it(`requires in a ${loc.name} what validate.ts requires`, () => {
      const base = loc.doc();
      const required = new Set(loc.def.required ?? []);
      // Keys whose need depends on other keys (if/then, anyOf) are checked by the examples below; without
      // `terms` the conditions name unknown sets, a semantic error (C002) no schema can see.
      const conditional = new Set(['basis', 'any', 'codes', 're', 'number', 'before', 'after', 'disable', 'score', 'except', 'terms']);
      for (const key of Object.keys(loc.at(base))) {
        if (conditional.has(key)) continue;
        const d = clone(base);
        delete loc.at(d)[key];
        const validateErrs = errorsOf(d).length > 0;
        const schemaErrs = check(d, schema).length > 0;
        expect(validateErrs, `validate.ts without ${loc.name}.${key}`).toBe(required.has(key));
        expect(schemaErrs, `schema without ${loc.name}.${key}`).toBe(required.has(key));
      }
    });
  }

  it('agrees with validate.ts on broken packs', () => {
    const cases: [string, (d: Obj) => void][] = [
      ['severity not allowed', (d) => ((d.rules as Obj[])[0]!.severity = 'huge')],
      ['high rule without basis', (d) => delete (d.rules as Obj[])[0]!.basis],
      ['high rule with an empty basis', (d) => ((d.rules as Obj[])[0]!.basis = [])],
      ['version not semver', (d) => ((d.pack as Obj).version = '1.2')],
      ['format version 2', (d) => (d.jinshou = 2)],
      ['empty shorthand set', (d) => ((d.terms as Obj).wild = [])],
      ['set without terms', (d) => ((d.terms as Obj).wild = { pinyin: false })],
      ['weight above 1', (d) => (((d.terms as Obj).pangolin as Obj).weight = 2)],
      ['bad set name', (d) => ((d.terms as Obj).Wild = ['野'])],
      ['unknown field', (d) => ((d.rules as Obj[])[0]!.fields = ['titel'])],
      ['bad date', (d) => ((d.rules as Obj[])[0]!.effective = { from: '2020-1-1' })],
      ['bad code', (d) => (((d.terms as Obj).pangolin as Obj).codes = ['c'])],
      ['rule id without a dot', (d) => ((d.rules as Obj[])[0]!.id = 'pangolin')],
      ['no rules', (d) => (d.rules = [])],
      ['test listing without title', (d) => ((d.rules as Obj[])[0]!.tests = { hit: [{ price: 1 }] })],
      ['score above 1', (d) => ((d.rules as Obj[])[0]!.score = 1.5)],
      ['homophone: 1', (d) => (((d.terms as Obj).pangolin as Obj).homophone = 1)],
      ['one-character negation cue', (d) => ((d.defaults as Obj).negation = ['不'])],
      ['negation: maybe on a set', (d) => (((d.terms as Obj).pangolin as Obj).negation = 'maybe')],
      ['expect on a miss test', (d) => ((d.rules as Obj[])[0]!.tests = { hit: ['穿山甲片'], miss: [{ title: '穿山甲玩具', expect: { verdict: 'block' } }] })],
      ['empty expect', (d) => ((d.rules as Obj[])[0]!.tests = { hit: [{ title: '穿山甲片', expect: {} }] })],
      ['expect verdict pass', (d) => ((d.rules as Obj[])[0]!.tests = { hit: [{ title: '穿山甲片', expect: { verdict: 'pass' } }] })],
      ['expect via unknown', (d) => ((d.rules as Obj[])[0]!.tests = { hit: [{ title: '穿山甲片', expect: { via: 'sound' } }] })],
      ['engine not a range', (d) => ((d.pack as Obj).engine = 'latest')],
    ];
    for (const [name, edit] of cases) {
      const d = mini();
      edit(d);
      expect(errorsOf(d).length, `validate.ts: ${name}`).toBeGreaterThan(0);
      expect(check(d, schema).length, `schema: ${name}`).toBeGreaterThan(0);
    }
  });

  it('describes engine ranges as semver.ts reads them', () => {
    const pattern = new RegExp(defs.packMeta!.properties!.engine ? (defs.packMeta!.properties!.engine as { pattern: string }).pattern : '', 'u');
    for (const r of ['>=1.0.0 <2.0.0', '^1.2.0', '~1.2.3', '1.0.0', '>= 1.0.0', '*', '', '>=1.0.0 <2.0.0 || >=3.0.0', '=1.0.0-rc.1', 'latest', '>=1', '1.0', '>>1.0.0', '1.0.0 ||| 2.0.0'])
      expect(pattern.test(r), r).toBe(isRange(r));
  });
});
