import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/pack/load.js';
import { compilePacks } from '../../src/pack/compile.js';
import { deserializeCompiled, serializeCompiled } from '../../src/pack/cache.js';
import { builtinPacksDir } from '../../src/engine.js';

describe('build cache', () => {
  it('gives back the compiled packs, filter included, as they were compiled', () => {
    const { docs } = loadPacks([builtinPacksDir()]);
    const compiled = compilePacks(docs);
    expect(compiled.prefilter).toBeDefined();
    const back = deserializeCompiled(JSON.parse(JSON.stringify(serializeCompiled(compiled))));
    expect(back.prefilter).toEqual(compiled.prefilter);
    expect(back.prefilter!.probeFull).toBeInstanceOf(Map);
    expect(back.prefilter!.probeFull.size).toBe(compiled.prefilter!.probeFull.size);
    expect(back.chars).toEqual(compiled.chars);
    expect(back.phonetic).toEqual(compiled.phonetic);
  });
});
