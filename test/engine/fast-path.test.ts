import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../src/index.js';
import { loadPacks } from '../../src/pack/load.js';
import { builtinPacksDir } from '../../src/engine.js';

// The clean-listing fast path must never skip a listing the full path would flag: scan() (fast path
// first) and explain() (always the full path) must agree on every listing.
const engine = createEngine({ allFindings: true });
const { docs } = loadPacks([builtinPacksDir()]);
const terms = docs.flatMap((d) => [...d.terms.values()].flatMap((s) => [...s.any, ...s.codes, ...s.except])).filter((t) => t.length <= 8);
const pieces = [
  ...terms,
  ...'川犀交熊旦特贡军君钧供国晏壮羊叁时鱼毛台点81８１０OＯ5 *-.·🔥\u200b🐻⭐、，/jiaxiangyachuanshanmaotaimoutaiCSJRMDHT'.split(''),
  // Emoji that can stand for words (🐘牙 for 象牙) or separate them (长江🦐野生), whole and as halves above.
  '🐘', '🐟', '🥮', '🦐', '🦏', '🍶', '🐻', '⚡', '🍬', '🪖', '🔪', '🍽️', '🐳', '🐋', '🐴', '🐎', '🩸', '🦴', '❄️',
  'xiangya', 'chuanshanjia', 'maotai', 'moutai', 'yuebingquan', 'changjiang yesheng', '穿 山 甲', '熊膽', '軍供', '國宴專供',
  // Digits read as numerals (81 = 八一), and terms written with a digit for a numeral.
  '81', '８１', '3', '5', '1', '0', ...terms.filter((t) => /[一二三四五六七八九十零]/.test(t)).map((t) => t.replace(/[一二三四五六七八九]/, (d) => String('一二三四五六七八九'.indexOf(d) + 1))),
];
const fragment = fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 }), fc.constantFrom('元', '层', '500', '5OO', '七'));
const text = fc.array(fragment, { maxLength: 12 }).map((a) => a.join(''));

describe('fast path', () => {
  it(`agrees with the full path on generated listings (${terms.length} pack terms as material)`, () => {
    fc.assert(
      fc.property(text, text, fc.option(fc.integer({ min: 0, max: 5000 })), (title, description, price) => {
        const listing = { title, description, ...(price !== null ? { price } : {}) };
        expect(engine.scan(listing)).toEqual(engine.explain(listing).result);
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });
});
