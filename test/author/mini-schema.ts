/**
 * A small JSON Schema (draft 2020-12) checker for the keywords schema/pack-v1.json uses, so the schema can
 * be tested without adding a validator dependency. `KNOWN` lists every keyword it understands; the schema
 * test fails if the schema uses any other, so nothing is silently ignored.
 */

type Schema = boolean | { [k: string]: unknown };

/** Keywords this checker applies, and annotation keywords it may skip. */
export const KNOWN = new Set([
  '$schema', '$defs', '$ref', 'title', 'description', 'default', 'format',
  'type', 'const', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems',
  'minProperties', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items',
  'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
]);

/** Every keyword used anywhere in a schema (property names under `properties`/`$defs` excluded). */
export function keywordsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywordsOf(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties' || k === '$defs') for (const sub of Object.values(v as object)) keywordsOf(sub, out);
      else if (k !== 'const' && k !== 'enum' && k !== 'default') keywordsOf(v, out);
    }
  }
  return out;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** Checks `value` against `schema` (resolving `$ref` against `root`); returns error paths, empty when valid. */
export function check(value: unknown, schema: Schema, root: Schema = schema, path = ''): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const s = schema;
  const errors: string[] = [];
  const fail = (m: string) => errors.push(`${path || '/'}: ${m}`);
  if (typeof s.$ref === 'string') {
    const target = (s.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    errors.push(...check(value, target as Schema, root, path));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(value);
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) fail(`expected ${types.join(' or ')}, got ${t}`);
  }
  if ('const' in s && JSON.stringify(value) !== JSON.stringify(s.const)) fail(`expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) fail(`not one of ${JSON.stringify(s.enum)}`);
  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) fail(`does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && len < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && len > s.maxLength) fail(`longer than ${s.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`above ${s.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (s.items !== undefined) value.forEach((v, i) => errors.push(...check(v, s.items as Schema, root, `${path}/${i}`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) fail(`missing required '${r}'`);
    if (typeof s.minProperties === 'number' && Object.keys(obj).length < s.minProperties) fail(`fewer than ${s.minProperties} properties`);
    for (const [k, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) errors.push(...check(k, s.propertyNames as Schema, root, `${path}/${k} (name)`));
      if (k in props) errors.push(...check(v, props[k]!, root, `${path}/${k}`));
      else if (s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) fail(`unknown property '${k}'`);
        else errors.push(...check(v, s.additionalProperties as Schema, root, `${path}/${k}`));
      }
    }
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => check(value, sub as Schema, root, path).length === 0)) fail('matches none of anyOf');
  if (Array.isArray(s.oneOf) && s.oneOf.filter((sub) => check(value, sub as Schema, root, path).length === 0).length !== 1) fail('does not match exactly one of oneOf');
  if (s.not !== undefined && check(value, s.not as Schema, root, path).length === 0) fail('matches not');
  if (s.if !== undefined) {
    const branch = check(value, s.if as Schema, root, path).length === 0 ? s.then : s.else;
    if (branch !== undefined) errors.push(...check(value, branch as Schema, root, path));
  }
  return errors;
}
