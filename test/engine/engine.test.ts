import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEngine, PackLoadError, type Finding, type ScanResult } from '../../src/index.js';
import { loadPacks } from '../../src/pack/load.js';
import { runEmbeddedTests } from '../../src/pack/embedded-tests.js';

const MINI = new URL('../fixtures/mini.yaml', import.meta.url).pathname;
const TOKEN = new URL('../fixtures/token.yaml', import.meta.url).pathname;
const engine = createEngine({ packs: [MINI], asOf: '2026-11-28' });
const all = createEngine({ packs: [MINI], asOf: '2026-11-28', allFindings: true });

const finding = (r: ScanResult, id: string): Finding | undefined => r.findings.find((f) => f.ruleId === id);

describe('createEngine', () => {
  it('loads a pack and reports its version and content hash', () => {
    expect(engine.packs).toHaveLength(1);
    expect(engine.packs[0]).toMatchObject({ id: 'test.mini', version: '1.2.0', kind: 'pack' });
    expect(engine.packs[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(engine)).toBe(true);
  });

  it('refuses a bad pack with every diagnostic and keeps the old engine working', () => {
    const bad = { yaml: 'jinshou: 1\npack: { id: x }\nrules: []\n', file: 'bad.yaml' };
    let err: unknown;
    try {
      engine.reload({ packs: [bad] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PackLoadError);
    const codes = (err as PackLoadError).diagnostics.map((d) => d.code);
    expect(codes).toContain('S001');
    expect((err as PackLoadError).message).toMatch(/^bad\.yaml:\d+:\d+: error\[S\d{3}\]/);
    expect(engine.scan({ title: '穿山甲片' }).verdict).toBe('block');
  });
});

describe('scan', () => {
  it('finds an exact term with exact evidence', () => {
    const r = engine.scan({ id: 'a', title: '野生穿山甲片 出售' });
    expect(r).toMatchObject({ id: 'a', verdict: 'block' });
    const f = finding(r, 'wildlife.pangolin')!;
    expect(f).toMatchObject({ pack: 'test.mini', packVersion: '1.2.0', category: 'wildlife', severity: 'critical' });
    expect(f.basis).toEqual(['《中华人民共和国野生动物保护法》第三十三条']);
    expect(f.evidence[0]).toEqual({ field: 'title', start: 2, end: 5, text: '穿山甲', via: 'exact' });
    // raise: wild
    expect(f.score).toBeCloseTo(0.95, 5);
  });

  it.each([
    ['穿 山 甲 出售', '穿 山 甲', 'normalized'],
    ['穿*山*甲 出售', '穿*山*甲', 'normalized'],
    ['穿🔥山🔥甲 出售', '穿🔥山🔥甲', 'normalized'],
    ['穿\u200b山甲 出售', '穿\u200b山甲', 'normalized'],
    ['chuanshanjia 出售', 'chuanshanjia', 'pinyin'],
    ['穿山jia 出售', '穿山jia', 'pinyin'],
    ['川山甲 出售', '川山甲', 'homophone'],
    ['CSJ炮片', 'CSJ', 'pinyin'],
  ])('sees through %s', (title, text, via) => {
    const f = finding(engine.scan({ title }), 'wildlife.pangolin');
    expect(f, title).toBeDefined();
    expect(f!.evidence[0]).toMatchObject({ text, via, term: expect.any(String) });
    const e = f!.evidence[0]!;
    expect(title.slice(e.start, e.end)).toBe(e.text);
  });

  it('scores weaker evidence lower, and weak evidence without support below the review threshold', () => {
    const exact = finding(engine.scan({ title: '穿山甲' }), 'wildlife.pangolin')!.score;
    const pinyin = finding(engine.scan({ title: 'chuanshanjia' }), 'wildlife.pangolin')!.score;
    const supported = finding(engine.scan({ title: '川山甲 出售' }), 'wildlife.pangolin')!.score;
    expect(pinyin).toBeLessThan(exact);
    expect(supported).toBeLessThan(pinyin);
    expect(engine.scan({ title: '川山甲' }).verdict).toBe('pass');
    expect(finding(all.scan({ title: '川山甲' }), 'wildlife.pangolin')!.score).toBeLessThan(0.5);
  });

  it('drops hits covered by exclusions and unless-sets, and lowers for context', () => {
    expect(engine.scan({ title: '穿山甲玩具' }).findings).toEqual([]);
    expect(engine.scan({ title: '卡通穿山甲 贴纸' }).findings).toEqual([]);
    expect(engine.scan({ title: '象牙白 粉底液' }).findings).toEqual([]);
    expect(engine.scan({ title: '象牙果纽扣' }).findings).toEqual([]);
    expect(engine.scan({ title: '穿山甲 毛绒' }).verdict).toBe('pass');
  });

  it('evaluates near() within a window', () => {
    expect(finding(engine.scan({ title: '白料手镯 老料' }), 'wildlife.ivory')).toBeDefined();
    expect(finding(all.scan({ title: '白料 一二三四五六七八九十 手镯' }), 'wildlife.ivory')).toBeUndefined();
  });

  it('compares numbers from text, attributes and price', () => {
    expect(finding(engine.scan({ title: '中秋月饼礼盒 ７层精装' }), 'mooncake.layers')).toBeDefined();
    expect(finding(engine.scan({ title: '月饼礼盒 七层包装' }), 'mooncake.layers')).toBeDefined();
    expect(finding(engine.scan({ title: '月饼礼盒 三层包装' }), 'mooncake.layers')).toBeUndefined();
    const viaAttr = finding(engine.scan({ title: '月饼礼盒', attributes: { 包装层数: '4' } }), 'mooncake.layers')!;
    expect(viaAttr.evidence).toContainEqual({ field: 'attributes.包装层数', text: '4', via: 'field' });
    const byPrice = finding(engine.scan({ title: '月饼礼盒', price: 688 }), 'mooncake.price')!;
    expect(byPrice.score).toBeCloseTo(0.6, 5);
    expect(byPrice.evidence).toContainEqual({ field: 'price', text: '688', via: 'field' });
    expect(finding(engine.scan({ title: '月饼礼盒', price: '¥688.00' }), 'mooncake.price')).toBeDefined();
    expect(finding(engine.scan({ title: '月饼礼盒', price: 499 }), 'mooncake.price')).toBeUndefined();
    expect(finding(engine.scan({ title: '月饼礼盒 到手价￥３６８８', price: 99 }), 'mooncake.price')).toBeDefined();
    expect(finding(engine.scan({ title: '月饼礼盒 5OO元', price: 99 }), 'mooncake.price')).toBeUndefined();
    expect(finding(engine.scan({ title: '月饼礼盒 8OO元', price: 99 }), 'mooncake.price')).toBeDefined();
    // A number followed by a counting word or a unit after a price word is a quantity, not the price.
    expect(finding(engine.scan({ title: '月饼礼盒 到手价 800克', price: 99 }), 'mooncake.price')).toBeUndefined();
    expect(finding(engine.scan({ title: '月饼礼盒 到手价 800 g', price: 99 }), 'mooncake.price')).toBeUndefined();
    expect(finding(engine.scan({ title: '月饼礼盒 到手价八百枚', price: 99 }), 'mooncake.price')).toBeUndefined();
    expect(finding(engine.scan({ title: '月饼礼盒 到手价 800 块', price: 99 }), 'mooncake.price')).toBeDefined();
  });

  it('does not run a two-character term across the end of a sentence, but does run longer ones', () => {
    expect(finding(engine.scan({ title: '酒', description: '色如象。牙雕工艺品另售' }), 'wildlife.ivory')).toBeUndefined();
    expect(finding(engine.scan({ title: '象.牙 手镯' }), 'wildlife.ivory')).toBeDefined();
    expect(finding(engine.scan({ title: '象 牙 手镯' }), 'wildlife.ivory')).toBeDefined();
    expect(finding(engine.scan({ title: '穿。山。甲 鳞片' }), 'wildlife.pangolin')).toBeDefined();
  });

  it('finds near spellings of fuzzy terms, as weak evidence', () => {
    const f = finding(all.scan({ title: '月饼 飞天moutai' }), 'mooncake.bundle')!;
    expect(f.evidence.some((e) => e.via === 'fuzzy' && e.text === 'moutai')).toBe(true);
  });

  it('runs restricted regexes and honours field scoping', () => {
    expect(finding(engine.scan({ title: '国食健注G20190188 胶囊' }), 'health.serial')).toBeDefined();
    expect(finding(all.scan({ title: '某某专营店' }), 'wildlife.shop')).toBeUndefined();
    expect(finding(all.scan({ title: '任意', shop: '某某专营店' }), 'wildlife.shop')).toBeDefined();
  });

  it('skips deprecated rules and rules not yet in effect on asOf', () => {
    expect(all.scan({ title: '旧词' }).findings).toEqual([]);
    expect(all.scan({ title: '未来词' }).findings).toEqual([]);
    const later = createEngine({ packs: [MINI], asOf: '2099-06-01' });
    expect(finding(later.scan({ title: '未来词' }), 'wildlife.future')).toBeDefined();
  });

  it('orders findings by score and sets the listing score and verdict from the highest', () => {
    const r = engine.scan({ title: '月饼 茅台 穿山甲', price: 688 });
    const scores = r.findings.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.score).toBe(scores[0]);
    expect(r.findings.map((f) => f.category)).toContain('mooncake');
  });

  it('never throws on hostile listings and says what it could not read', () => {
    for (const l of [null, 42, 'text', [], { title: 42 }, { title: { a: 1 } }, { title: ['x'] }, { title: '\ud800穿山甲' }, { price: 'abc', title: 't' }, { attributes: [1], title: 't' }])
      expect(() => engine.scan(l)).not.toThrow();
    expect(engine.scan(null).warnings?.[0]?.code).toBe('not-an-object');
    expect(engine.scan({ title: { a: 1 } }).warnings?.[0]).toMatchObject({ field: 'title', code: 'wrong-type' });
    expect(engine.scan({ description: 'x' }).warnings?.[0]?.code).toBe('missing-title');
    const hostile = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
    expect(() => engine.scan(hostile)).not.toThrow();
  });

  it('caps long fields and says so', () => {
    const capped = createEngine({ packs: [MINI], fieldCap: 100 });
    const r = capped.scan({ title: 't', description: 'x'.repeat(500) + '穿山甲' });
    expect(r.capped).toEqual(['description']);
    expect(r.findings).toEqual([]);
    expect(engine.scan({ title: 't', description: 'x'.repeat(500) + '穿山甲' }).findings).toHaveLength(1);
  });

  it('scanMany keeps input order for iterables and async iterables', async () => {
    const titles = ['穿山甲', '苹果', '象牙'];
    expect([...engine.scanMany(titles.map((title, id) => ({ id, title })))].map((r) => r.id)).toEqual([0, 1, 2]);
    async function* gen() {
      for (const [id, title] of titles.entries()) yield { id, title };
    }
    const out: ScanResult[] = [];
    for await (const r of engine.scanMany(gen())) out.push(r);
    expect(out.map((r) => r.verdict)).toEqual(['block', 'pass', 'block']);
  });
});

/** A small pack of title-only wildlife rules, from its terms and rules sections. */
const packOf = (id: string, body: string) => ({
  file: `${id}.yaml`,
  yaml: `jinshou: 1
pack: { id: test.${id}, version: 1.0.0, title: 测试, publisher: tests, engine: ">=1.0.0 <2.0.0", changelog: [{ version: 1.0.0, date: 2026-11-28, notes: 测试 }] }
defaults: { category: wildlife, fields: [title] }
${body}`,
});

describe('pinyin written beside characters', () => {
  const pack = packOf(
    'mixed',
    `terms:
  rice: { any: [野生稻], homophone: false }
  scale: { any: [穿山甲], homophone: true }
  claim: { any: [八一特供] }
rules:
  - { id: t.rice, title: 稻, severity: low, message: 稻, when: rice, tests: { hit: [野生稻] } }
  - { id: t.scale, title: 甲, severity: low, message: 甲, when: scale, tests: { hit: [穿山甲] } }
  - { id: t.claim, title: 供, severity: low, message: 供, when: claim, tests: { hit: [八一特供] } }
`,
  );
  const e = createEngine({ packs: [pack], asOf: '2026-11-28', allFindings: true });
  const hitsOf = (title: string) => e.explain({ title }).hits.map((h) => [h.text, h.via, h.weak]);

  it('reads the characters as the term\'s own, not as any character of the same sound', () => {
    expect(hitsOf('ye生稻')).toEqual([['ye生稻', 'pinyin', false]]);
    // 刀 only sounds like 稻: with homophones off, ye生刀(鱼) is not 野生稻.
    expect(hitsOf('ye生刀鱼')).toEqual([]);
  });

  it('counts a same-sound character as a homophone where the set allows them (weak evidence)', () => {
    expect(hitsOf('川shan甲')).toEqual([['川shan甲', 'pinyin', true]]);
    // Digits read as numerals are a same-sound spelling too, and as weak as any.
    expect(hitsOf('81特供')).toEqual([['81特供', 'homophone', true]]);
  });
});

describe('two-character words that only clear a listing', () => {
  const pack = packOf(
    'clears',
    `terms:
  ivory: { any: [象牙] }
  toy: { any: [书包, 玩具] }
  knife: { any: [江刀], except: [刀头] }
rules:
  - { id: t.ivory, title: 牙, severity: low, message: 牙, when: ivory, lower: { toy: 0.6 }, tests: { hit: [象牙] } }
  - { id: t.knife, title: 刀, severity: low, message: 刀, when: knife, tests: { hit: [江刀] } }
`,
  );
  const e = createEngine({ packs: [pack], asOf: '2026-11-28' });
  const rulesOf = (title: string) => e.scan({ title }).findings.map((f) => f.ruleId);

  it('are not read across a separator, while the words that give a listing away still are', () => {
    expect(rulesOf('象牙手串 证书 包邮')).toEqual(['t.ivory']); // 证书 包邮 is not 书包
    expect(rulesOf('象牙 书包 挂件')).toEqual([]); // lowered below review
    expect(rulesOf('象 牙 手串')).toEqual(['t.ivory']);
  });

  it('hold for two-character exclusions too', () => {
    expect(rulesOf('江刀 头水 二两')).toEqual(['t.knife']); // not 刀头
    expect(rulesOf('江刀头')).toEqual([]);
  });
});

describe('homophone: N', () => {
  const e = createEngine({
    packs: [
      packOf(
        'sound',
        `terms:
  names: { any: [熊胆, 人民大会堂], homophone: 3 }
rules:
  - { id: t.names, title: 名, severity: low, message: 名, when: names, tests: { hit: [熊胆] } }
`,
      ),
    ],
    asOf: '2026-11-28',
    allFindings: true,
  });
  const hitsOf = (title: string) => e.explain({ title }).hits.map((h) => [h.text, h.via]);

  it('reads same-sound spellings only of terms at least N characters long', () => {
    expect(hitsOf('人民大会棠')).toEqual([['人民大会棠', 'homophone']]);
    expect(hitsOf('熊旦')).toEqual([]);
    expect(hitsOf('熊胆')).toEqual([['熊胆', 'exact']]);
  });

  it('keeps the fast path in step (it lets the long spelling through, not the short one)', () => {
    for (const title of ['人民大会棠 茶', '熊旦 粉']) expect(e.scan({ title })).toEqual(e.explain({ title }).result);
  });
});

describe('negation cues (defaults.negation)', () => {
  const negating = (extra = '') => ({
    file: 'neg.yaml',
    yaml: `jinshou: 1
pack: { id: test.neg, version: 1.0.0, title: 测试, publisher: tests, engine: ">=1.0.0 <2.0.0", changelog: [{ version: 1.0.0, date: 2026-11-28, notes: 测试 }] }
defaults: { category: wildlife, fields: [title, description], negation: [不售, 不买卖, 没有任何, 不得] }
terms:
  animal: { any: [穿山甲, 象牙, 犀角] }
  label: { any: [特供], negation: ${extra || 'true'} }
  fee: { re: '运费[0-9]{3}' }
rules:
  - { id: t.animal, title: 动物, severity: low, message: 动物, when: animal, tests: { hit: [穿山甲] } }
  - { id: t.label, title: 特供, severity: low, message: 特供, when: label, tests: { hit: [特供] } }
  - { id: t.fee, title: 运费, severity: low, message: 运费, when: fee, tests: { hit: [运费600] } }
`,
  });
  const e = createEngine({ packs: [negating()], asOf: '2026-11-28', allFindings: true });
  const rulesOf = (title: string, description?: string) => e.scan({ title, ...(description ? { description } : {}) }).findings.map((f) => f.ruleId);

  it('drops a hit whose clause denies it, across enumeration commas and quotation marks', () => {
    expect(rulesOf('本店不售穿山甲')).toEqual([]);
    expect(rulesOf('宣传挂图', '内容：不买卖穿山甲、象牙、犀角等保护动物制品。')).toEqual([]);
    expect(rulesOf('白酒', '包装上没有任何“特供”字样')).toEqual([]);
    // Cues are normalized like terms: 不買賣 is 不买卖.
    expect(rulesOf('本店不買賣穿山甲')).toEqual([]);
  });

  it('gives each item of an enumeration the full scope, up to 48 characters back', () => {
    expect(rulesOf('夜光漂', '本店坚决不售电鱼器、逆变器打鱼设备、大功率升压机头、穿山甲等违禁品')).toEqual([]);
    const items = '一二三四五六七八九十一二三四五、'.repeat(4);
    expect(rulesOf('宣传', `不售${items}穿山甲`)).toEqual(['t.animal']);
  });

  it('gives each quoted item the full scope, reads 是 right after a cue as part of it, and takes a refusal after the hit', () => {
    const quoted = '“一二三四五六七八”'.repeat(3);
    expect(rulesOf('宣传', `不买卖${quoted}“穿山甲”`)).toEqual([]);
    expect(rulesOf('白茶', '我们没有任何是“特供”的说法')).toEqual([]);
    expect(rulesOf('白茶', '和“特供”没有半点关系')).toEqual([]);
    expect(rulesOf('鹦鹉', '穿山甲等其他品种本店不经营')).toEqual([]);
  });

  it('drops a hit compared with the goods (和/与/跟 before it) when the clause denies any relation', () => {
    expect(rulesOf('白瓷碗', '釉色偏暖，和象牙没有任何关系。')).toEqual([]);
    expect(rulesOf('南红手串', '南红与犀角是两种不同的东西')).toEqual([]);
    expect(e.explain({ title: '南红手串', description: '南红与犀角无关' }).negated.map((h) => h.cue)).toEqual(['…无关']);
    // The goods themselves are not compared with anything; and a comparison without a denial stays.
    expect(rulesOf('犀角杯', '犀角和牛角是两回事')).toEqual(['t.animal']);
    expect(rulesOf('手镯', '颜色和象牙一样')).toEqual(['t.animal']);
  });

  it('keeps the hit when the clause ends first: punctuation, a space, or more than 16 characters', () => {
    expect(rulesOf('不售假冒伪劣，穿山甲')).toEqual(['t.animal']);
    expect(rulesOf('不售 穿山甲')).toEqual(['t.animal']);
    expect(rulesOf('不售一二三四五六七八九十一二三四五六七穿山甲')).toEqual(['t.animal']);
  });

  it('stops at an affirmation after the cue, and drops hits in a question ending in 吗？', () => {
    expect(rulesOf('不售养殖是穿山甲')).toEqual(['t.animal']);
    expect(rulesOf('蜂蜜', '问：能买到穿山甲、象牙吗？答：不能。')).toEqual([]);
    expect(rulesOf('蜂蜜', '穿山甲真的有效，还有问题吗？')).toEqual(['t.animal']); // the question is another clause
    expect(e.explain({ title: '能买穿山甲吗？' }).negated.map((h) => h.cue)).toEqual(['…吗？']);
    // Answered yes, the question is a claim after all.
    expect(rulesOf('蜂蜜', '问：能买到穿山甲吗？答：能，现货。')).toEqual(['t.animal']);
    // A question asked by repeating its verb is a question too.
    expect(rulesOf('礼盒', '问：有没有送象牙筷子？答：没有。')).toEqual([]);
    expect(rulesOf('礼盒', '问：有没有象牙筷子？答：有的，私聊。')).toEqual(['t.animal']);
  });

  it('drops a hit whose clause says trading it is banned, and a hit inside book-title marks', () => {
    expect(rulesOf('牛角梳', '犀角制品国家严禁交易，请勿轻信。')).toEqual([]);
    expect(rulesOf('牛角梳', '犀角是国家一级保护动物的制品')).toEqual([]);
    expect(rulesOf('牛角梳', '象牙制品大家不要买')).toEqual([]);
    expect(rulesOf('手镯', '老象牙手镯本店没有假货')).toEqual(['t.animal']); // refuses fakes, not the goods
    expect(rulesOf('白茶', '看到“特供”之类的宣传请举报')).toEqual([]);
    expect(rulesOf('防伪声明', '本店不售××穿山甲')).toEqual([]); // a placeholder's × continues the clause
    expect(rulesOf('绘本', '《给犀角刷牙 象牙 故事》全套')).toEqual([]);
    expect(rulesOf('《象牙》 手镯')).toEqual(['t.animal']); // in a listing's title, 《》 name what is sold
    expect(e.explain({ title: '童书', description: '《穿山甲的故事》' }).negated.map((h) => h.cue)).toEqual(['《》']);
    // The warning is another clause, or the title mark is closed before the hit: the hit stays.
    expect(rulesOf('犀角杯', '老犀角杯一只。国家严禁交易')).toEqual(['t.animal']);
    expect(rulesOf('犀角杯', '《收藏》杂志同款 犀角杯')).toEqual(['t.animal']);
  });

  it('drops a quoted hit when its clause says what carries the words is fake', () => {
    expect(rulesOf('防骗提醒', '写着“特供”的酒都是假的')).toEqual([]);
    expect(e.explain({ title: "打着'犀角'旗号的杯子是骗局" }).negated.map((h) => h.cue)).toEqual(['…是骗局']);
    // Unquoted, or debunked in another clause, the hit stays.
    expect(rulesOf('特供酒都是假的')).toEqual(['t.label']);
    // Quoted words listed, then judged in a clause of their own.
    expect(rulesOf('白茶', '网上的“特供”“象牙”，这些都是假的')).toEqual([]);
    expect(rulesOf('白茶', '网上的“特供”，欢迎选购')).toEqual(['t.label']);
    expect(rulesOf('“特供”酒，别的都是假的')).toEqual(['t.label']);
  });

  it('drops a hit written right after 非 (unless 非 ends another word: 南非, 是非, 除非) or 仿', () => {
    expect(rulesOf('山羊角片 非象牙')).toEqual([]);
    expect(e.explain({ title: '牛骨手串 非犀角' }).negated.map((h) => h.cue)).toEqual(['非']);
    expect(rulesOf('南非象牙 原色')).toEqual(['t.animal']);
    expect(rulesOf('非洲象牙')).toEqual(['t.animal']);
    expect(rulesOf('非 象牙')).toEqual(['t.animal']); // not right before it
    expect(rulesOf('仿象牙 手镯 树脂')).toEqual([]);
    expect(rulesOf('牛骨手镯 非天然象牙')).toEqual([]);
    expect(rulesOf('象牙 仿古 手镯')).toEqual(['t.animal']);
  });

  it('reads a cue right before 假 or 仿 as a denial of fakes, not of the goods that follow', () => {
    expect(rulesOf('不售假货纯野生穿山甲')).toEqual(['t.animal']);
    expect(rulesOf('不售高仿穿山甲')).toEqual(['t.animal']);
    // A cue that forbids (不得, 严禁, 禁止) forbids the imitating too: the goods are denied.
    expect(rulesOf('工艺品', '按规定不得仿制象牙制品')).toEqual([]);
  });

  it('applies to regex sets, and not to a set with negation: false', () => {
    expect(rulesOf('月饼', '不售运费600')).toEqual([]);
    const optOut = createEngine({ packs: [negating('false')], asOf: '2026-11-28', allFindings: true });
    expect(optOut.scan({ title: '白酒', description: '没有任何特供字样' }).findings.map((f) => f.ruleId)).toEqual(['t.label']);
  });

  it('keeps the fast path in step', () => {
    for (const title of ['本店不售穿山甲', '不售假货穿山甲', '不售 穿山甲']) expect(e.scan({ title })).toEqual(e.explain({ title }).result);
  });

  it('lists the negated hits in explain, with their cue', () => {
    const ex = e.explain({ title: '本店不售穿山甲' });
    expect(ex.hits).toEqual([]);
    expect(ex.negated).toEqual([{ set: 'test.neg/animal', field: 'title', start: 4, end: 7, text: '穿山甲', cue: '不售' }]);
  });
});

describe('emoji that can stand for a word', () => {
  it('are read both as the word (🐘牙 is 象牙) and as separators, with evidence on the emoji', () => {
    const r = all.scan({ title: '🐘牙手镯' });
    expect(r.findings.map((f) => [f.ruleId, f.evidence])).toEqual([['wildlife.ivory', [{ field: 'title', start: 0, end: 3, text: '🐘牙', via: 'normalized', term: '象牙' }]]]);
    expect(all.scan({ title: '穿🐟山🐟甲 片' }).findings.map((f) => f.ruleId)).toEqual(['wildlife.pangolin']);
  });

  it('pair a word through an emoji with one beside it, and count each place once', () => {
    const pack = packOf(
      'emoji',
      `terms:
  hall: { any: [大会堂], homophone: false }
  supply: { any: [特供], homophone: false }
  fish: { any: [鱼], homophone: false }
rules:
  - { id: t.hall, title: 堂, severity: low, message: 堂, when: "near(hall, supply, 2)", tests: { hit: [大会堂特供] } }
  - { id: t.fish, title: 鱼, severity: low, message: 鱼, when: "count(fish) >= 2", tests: { hit: [鱼 鱼] } }
`,
    );
    const e = createEngine({ packs: [pack], asOf: '2026-11-28' });
    expect(e.scan({ title: '大会🏛️特供' }).findings.map((f) => [f.ruleId, f.evidence.map((x) => x.text)])).toEqual([['t.hall', ['大会🏛', '特供']]]);
    expect(e.scan({ title: '鱼 🐘' }).findings).toEqual([]);
    expect(e.scan({ title: '鱼 🐟' }).findings.map((f) => f.ruleId)).toEqual(['t.fish']);
  });

  it('show each hit once in explain, and no extra field', () => {
    const r = all.scan({ title: '象牙手镯 🐘' });
    expect(r.findings.map((f) => f.evidence.map((e) => e.text))).toEqual([['象牙']]);
    const e = all.explain({ title: '象牙手镯 🐘' });
    expect(e.fields.map((f) => f.name)).toEqual(['title']);
    expect(e.hits.filter((h) => h.text === '象牙')).toHaveLength(1);
  });
});

describe('embedded tests', () => {
  it('run and pass for the fixture pack', () => {
    const { docs } = loadPacks([MINI]);
    const cases = runEmbeddedTests(all, docs);
    expect(cases.length).toBeGreaterThan(8);
    expect(cases.filter((c) => !c.passed && !c.todo)).toEqual([]);
  });
});

describe('overlays', () => {
  const overlay = `
jinshou: 1
overlay:
  id: platform.tuning
  version: 1.0.0
  title: 平台调整
  publisher: 某平台
  targets: [test.mini]
terms:
  museum: [博物馆文创]
changes:
  - { rule: mooncake.price, disable: true, reason: 平台另行处理 }
  - { rule: wildlife.ivory, score: 0.6, reason: 人工复核 }
  - { rule: wildlife.pangolin, except: museum, reason: 博物馆文创仿制品 }
`;
  const withOverlay = createEngine({ packs: [MINI, { yaml: overlay, file: 'overlay.yaml' }] });

  it('disables, re-weights and excepts rules without editing the pack, and records who changed what', () => {
    expect(finding(withOverlay.scan({ title: '月饼', price: 900 }), 'mooncake.price')).toBeUndefined();
    const ivory = finding(withOverlay.scan({ title: '象牙' }), 'wildlife.ivory')!;
    expect(ivory.score).toBeCloseTo(0.6, 5);
    expect(ivory.overlays).toEqual(['platform.tuning']);
    expect(finding(withOverlay.scan({ title: '穿山甲 博物馆文创' }), 'wildlife.pangolin')).toBeUndefined();
    expect(finding(withOverlay.scan({ title: '穿山甲' }), 'wildlife.pangolin')).toBeDefined();
    expect(withOverlay.packs.map((p) => p.kind)).toEqual(['pack', 'overlay']);
  });

  it('refuses an overlay that names an unknown rule', () => {
    const bad = overlay.replace('mooncake.price', 'mooncake.nope');
    expect(() => createEngine({ packs: [MINI, { yaml: bad, file: 'o.yaml' }] })).toThrow(/O001/);
  });
});

describe('the fixture stays in sync', () => {
  it('is valid YAML in the repository', () => {
    expect(readFileSync(MINI, 'utf8')).toContain('jinshou: 1');
  });
});

describe('explain', () => {
  it('accounts for normalization, hits and every rule considered', () => {
    const x = engine.explain({ title: '穿 山 甲 毛绒', description: '白料' });
    expect(x.fields[0]).toMatchObject({ name: 'title', original: '穿 山 甲 毛绒', normalized: '穿 山 甲 毛绒', capped: false });
    expect(x.hits.some((h) => h.set === 'test.mini/pangolin' && h.text === '穿 山 甲' && h.via === 'normalized')).toBe(true);
    const pangolin = x.rules.find((r) => r.ruleId === 'wildlife.pangolin')!;
    expect(pangolin).toMatchObject({ outcome: 'below-threshold', lowered: ['toy'], base: 0.9 });
    expect(x.rules.find((r) => r.ruleId === 'wildlife.ivory')).toMatchObject({ outcome: 'requirements-not-met' });
    expect(x.result.verdict).toBe('pass');
    expect(x.asOf).toBe('2026-11-28');
  });
});

describe('options', () => {
  it('are checked before any pack is read', () => {
    expect(() => createEngine({ packs: [MINI], asOf: 'tomorrow' })).toThrow(RangeError);
    expect(() => createEngine({ packs: [MINI], asOf: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => createEngine({ packs: [MINI], thresholds: { review: Number.NaN } })).toThrow(RangeError);
    expect(() => createEngine({ packs: [MINI], thresholds: { block: 2 } })).toThrow(RangeError);
    expect(createEngine({ packs: [MINI], asOf: new Date('2026-01-01'), thresholds: { review: 0.3 } }).scan({ title: '川山甲 出售' }).verdict).toBe('review');
  });
});

describe('whole-token term sets', () => {
  it('ask the tokenizer only around candidates, and keep hits that fall on token boundaries', () => {
    const calls: string[] = [];
    // A toy segmenter: 上海 and 马桶 are words, every other character stands alone.
    const cut = (text: string) => {
      calls.push(text);
      return text.match(/上海|马桶|海马|./gsu) ?? [];
    };
    const e = createEngine({ packs: [TOKEN], tokenizer: { cut } });
    expect(e.scan({ title: '苹果 梨' }).findings).toEqual([]);
    expect(calls).toEqual([]);
    expect(e.scan({ title: '上海马桶疏通' }).findings).toEqual([]);
    expect(calls.length).toBe(1);
    expect(e.scan({ title: '野生海马干货' }).findings.map((f) => f.ruleId)).toContain('wildlife.seahorse-token');
  });

  it('use nodejieba by default', () => {
    const e = createEngine({ packs: [TOKEN] });
    expect(e.scan({ title: '上海马桶疏通 上门' }).findings).toEqual([]);
    expect(e.scan({ title: '野生 海马 干货' }).findings.map((f) => f.ruleId)).toContain('wildlife.seahorse-token');
  });
});

describe('context', () => {
  it('counts words beside the evidence, not words inside it', () => {
    const yaml = `
jinshou: 1
pack: { id: test.ctx, version: 1.0.0, title: t, publisher: p }
terms:
  rhino: [犀牛角]
  buffalo: [牛角]
rules:
  - id: wildlife.rhino
    title: 犀角
    category: wildlife
    severity: low
    confidence: high
    message: 犀角
    when: rhino
    lower: { buffalo: 0.6 }
    tests: { hit: [犀牛角杯] }
`;
    const e = createEngine({ packs: [{ yaml, file: 'ctx.yaml' }], allFindings: true });
    expect(e.scan({ title: '犀牛角杯' }).findings[0]!.score).toBeCloseTo(0.9, 5);
    expect(e.scan({ title: '犀牛jiao杯' }).findings[0]!.score).toBeCloseTo(0.765, 5);
    expect(e.scan({ title: '犀牛角杯 水牛角梳' }).findings[0]!.score).toBeCloseTo(0.3, 5);
  });
});
