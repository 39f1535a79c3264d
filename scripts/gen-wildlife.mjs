#!/usr/bin/env node
// Generates rules/wildlife.yaml (pack cn.wildlife) from scripts/wildlife.template.yaml and the official
// 2021 lists of nationally protected wild animals and plants, as TSV files in ../shared/data/wildlife/:
//
//   national-key-wildlife-2021.tsv               chinese_name, scientific_name, level (1/2), note (仅限野外种群 …)
//   national-key-wildlife-2021-taxon-rules.tsv   chinese_name, taxon, rank, level, note  (the 8 "类" entries)
//   national-key-wildplants-2021.tsv             455 plant species, same columns as the animals
//   national-key-wildplants-2021-taxon-rules.tsv 40 plant "类" entries
//
// The generated YAML is committed: a user's clone has no ../shared. Run it again when the lists or the
// curation tables below change:
//
//   node scripts/gen-wildlife.mjs            write rules/wildlife.yaml
//   node scripts/gen-wildlife.mjs --check    exit 1 when rules/wildlife.yaml is not what the generator writes
//   JINSHOU_SHARED=/path/to/shared node scripts/gen-wildlife.mjs
//
// What it does: every species name becomes a term of one of the species sets of the template, by level
// (I / II), by whether the list protects it only in the wild (仅限野外种群, or sold farmed under the same
// name), and by length (two-character names are matched without homophones). Names that are everyday
// words, or that a dedicated rule of the template handles, are left out; common names are added. Context
// words that occur inside species names (尾 in 白尾海雕, 野 in 野牦牛) get those names as exclusions, so
// that a name alone never counts as "name + context".
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(resolve(root, 'package.json'));
const YAML = require('yaml');

const shared = resolve(process.env.JINSHOU_SHARED ?? resolve(root, '../shared'));
const listDir = resolve(shared, 'data/wildlife');
const templatePath = resolve(here, 'wildlife.template.yaml');
const outPath = resolve(root, 'rules/wildlife.yaml');
const check = process.argv.includes('--check');

// ------------------------------------------------------------------------------------------ curation
// Animals left out of the species sets because the name is an everyday word with another meaning.
const ANIMAL_SKIP = new Map([
  ['鸳鸯', 'a colour, a hot-pot and a "pair" word (鸳鸯锅, 鸳鸯配色)'],
  ['角鱼', 'also the common name of gurnards, an ordinary sea fish'],
  ['螺蛳', '螺蛳粉; the listed species is the Dianchi snail Margarya melanioides'],
]);
// Animals a dedicated rule of the template handles (with its own traps and contexts).
const ANIMAL_DEDICATED = new Set([
  '穿山甲', '印度穿山甲', '马来穿山甲', // wildlife.pangolin
  '亚洲象', // wildlife.ivory
  '玳瑁', '绿海龟', '红海龟', '棱皮龟', '太平洋丽龟', // wildlife.hawksbill, wildlife.sea-turtle
  '黑熊', '棕熊', '马来熊', '懒熊', // wildlife.bear-*: farmed bile is licensed, so a bear name + 胆 is not level-wide
  '安徽麝', '林麝', '马麝', '黑麝', '喜马拉雅麝', '原麝', // wildlife.musk
  '大鲵', // wildlife.giant-salamander-wild
  '大砗磲', '番红砗磲', '无鳞砗磲', '长砗磲', '鳞砗磲', '砗蚝', // wildlife.giant-clam
  '画眉', '海南画眉', '台湾画眉', '鹩哥', '红嘴相思鸟', '银耳相思鸟', '蓝喉歌鸲', '红喉歌鸲', '蒙古百灵', '云雀', '歌百灵', // wildlife.songbird
  '绯胸鹦鹉', '大紫胸鹦鹉', '亚历山大鹦鹉', '灰头鹦鹉', '青头鹦鹉', '红领绿鹦鹉', '花头鹦鹉', '蓝腰鹦鹉', '短尾鹦鹉', // wildlife.parrot
]);
// Protected in all populations, but the name is sold for farmed or domestic animals (豹猫 = Bengal cats,
// 水鹿茸, 花鳗, 蛤蚧 …): these need a wild-origin word, like the 仅限野外种群 species.
const ANIMAL_WILD_REQUIRED = new Set([
  '豹猫', '金猫', '云猫', '丛林猫', '原鸡', '红腹锦鸡', '白腹锦鸡', '白鹇', '鸿雁', '疣鼻天鹅', '紫貂', '赤狐', '雪兔',
  '蟒蛇', '大壁虎', '法螺', '水鹿', '白唇鹿', '花鳗鲡',
]);
// Common names and trade names: [name, level 1|2 or 'W' (wild-only), the listed name it stands for].
const ANIMAL_ALIASES = [
  ['金丝猴', 1, '川金丝猴 等'], ['长臂猿', 1, '长臂猿科'], ['懒猴', 1, '蜂猴'], ['江豚', 1, '长江江豚'],
  ['白鳍豚', 1, '白鱀豚'], ['金钱鳘', 1, '黄唇鱼'], ['金钱猛', 1, '黄唇鱼'], ['黄唇肚', 1, '黄唇鱼'],
  ['黄唇胶', 1, '黄唇鱼'], ['藏羚羊', 1, '藏羚'], ['赛加羚羊', 1, '高鼻羚羊'], ['大鸨', 1, '鸨'], ['斑海豹', 1, '西太平洋斑海豹'],
  ['猫头鹰', 2, '鸮形目'], ['老鹰', 2, '鹰科'], ['猎鹰', 2, '隼科'], ['恒河猴', 2, '猕猴'], ['大白鲨', 2, '噬人鲨'],
  ['獐子', 2, '獐'], ['金线鲃', 2, '金线鲃属'], ['巨蜥', 2, '巨蜥属'],
  ['马骝', 2, '猕猴（粤语）'], ['豆腐鲨', 2, '鲸鲨'], ['过山风', 2, '眼镜王蛇（粤语俗称）'], ['海鲎', 2, '中国鲎'], ['鲎鱼', 2, '中国鲎、圆尾蝎鲎'],
  ['秦吉了', 2, '鹩哥'], ['九官鸟', 2, '鹩哥'], ['睑虎', 2, '睑虎属（国内11种均为二级）'], ['安缘', 'W', '黄缘闭壳龟（安徽产）'],
  ['蟒皮', 'W', '蟒蛇（养殖蟒皮须有专用标识）'],
  ['鲥鱼', 'W', '鲥（一级；市售鲥鱼多为养殖或进口，须野生来源词）'], ['石龟', 'W', '黄喉拟水龟'], ['鹰嘴龟', 'W', '平胸龟'],
  ['金钱龟', 'W', '三线闭壳龟'], ['闭壳龟', 'W', '闭壳龟属'], ['三线闭壳龟', 'W', '闭壳龟属'], ['黄缘闭壳龟', 'W', '闭壳龟属'],
  ['黄缘盒龟', 'W', '闭壳龟属'], ['安布闭壳龟', 'W', '闭壳龟属'], ['百色闭壳龟', 'W', '闭壳龟属'], ['潘氏闭壳龟', 'W', '闭壳龟属'],
  ['周氏闭壳龟', 'W', '闭壳龟属'], ['云南闭壳龟', 'W', '闭壳龟属'], ['蛤蚧', 'W', '大壁虎'], ['貉子', 'W', '貉'],
  ['山狸子', 2, '豹猫（俗称；不用于孟加拉豹猫）'], ['钱猫', 2, '豹猫（俗称）'], ['夜光螺', 2, '夜光蝾螺'],
  ['红肋绣眼', 2, '红胁绣眼鸟（鸟市写法）'], ['红胁绣眼', 2, '红胁绣眼鸟'], ['鲸牙', 2, '鲸目（抹香鲸等齿鲸）'], ['鲸齿', 2, '鲸目'],
  ['鹞子', 2, '雀鹰等小型鹰（鹰猎俗称）'], ['马蹄蟹', 2, '中国鲎、圆尾蝎鲎'], ['野生鲎', 2, '中国鲎、圆尾蝎鲎'],
  ['黄金蟒', 2, '蟒蛇（白化缅甸蟒）'], ['脆蛇', 2, '脆蛇蜥'], ['过山峰', 2, '眼镜王蛇（粤语俗称的另一写法）'], ['活鲎', 2, '中国鲎、圆尾蝎鲎'],
  ['苏门羚', 2, '中华鬣羚（旧名）'], ['九节狸', 1, '大灵猫（俗称）'], ['灵猫香', 1, '大灵猫、小灵猫（香腺分泌物）'], ['癞头鼋', 1, '鼋'], ['水巨蜥', 1, '圆鼻巨蜥（俗称）'],
  ['河马牙', 2, '河马（CITES附录II，按国家二级保护野生动物管理；河马本身是童书常客，只认牙）'], ['真狼牙', 2, '狼（写明真牙）'], ['大法螺', 2, '法螺'],
  ['凤尾螺', 2, '法螺（俗称）'], ['肥沱', 'W', '圆口铜鱼（四川俗称）'], ['鯮鱼', 2, '鯮'], ['江猪', 1, '长江江豚（渔民俗称）'],
  ['苏眉', 'W', '波纹唇鱼'], ['苏眉鱼', 'W', '波纹唇鱼'], ['狼牙', 'W', '狼（狼牙棒、狼牙土豆等不带野生来源词，不计入）'],
  ['禾花雀', 1, '黄胸鹀'], ['水密子', 'W', '圆口铜鱼'], ['细鳞鲑', 'W', '细鳞鲑属'], ['细鳞鱼', 'W', '细鳞鲑属'], ['鳇鱼', 'W', '鳇'], ['四鳃鲈', 'W', '松江鲈'], ['花鳗', 'W', '花鳗鲡'],
];
// Exclusions of every animal species set: compounds in which a species name is not the animal.
const ANIMAL_EXCEPT = [
  '雕刻', '雕花', '雕塑', '雕件', '雕像', '雕工', '雕饰', '雕版', '雕琢', '雕龙', '雕漆', '猕猴桃', '小天鹅洗衣机', '小天鹅牌',
  '小天鹅干衣机', '小天鹅烘干机', '小天鹅冰箱', '小天鹅空调', '小天鹅电器', '小天鹅官方', '小天鹅旗舰', '招财金猫', '金猫摆件',
  '金猫眼', '白鹤芋', '白鹤滩', '白鹤清酒', '獐子岛', '野牛皮', '金丝猴奶糖', '金丝猴糖', '老鹰茶', '老鹰乐队', '老鹰捉小鸡',
  '河马牙膏', '河马牙刷', '河狸家', '海龟汤', '金钱龟苗', '花鳗鱼苗', '鲥鱼苗', '鲥鱼养殖', '江豚保护', '猎鹰火箭', '猎鹰9号', '金渐层',
];
// Plants left out: cultivated commodities where "野生" does not separate legal from illegal trade, or words
// with other meanings (see the pack description and docs of the rule author's report).
const PLANT_SKIP = new Map([
  ['莲', 'one character'], ['玫瑰', 'rose gifts and products'], ['龙眼', 'fruit'], ['银杏', 'street tree, bonsai, leaf extract'],
  ['楠木', 'furniture timber trade'], ['闽楠', 'timber'], ['降香', '海南黄花梨 collectors\' timber'], ['红松', '野生红松籽 (pine nuts)'],
  ['青梅', 'plum, plum wine'], ['金豆', 'a given name, kumquat'], ['格木', '花格木 (lattice woodwork)'], ['苦梓', 'timber'],
  ['虫草', '冬虫夏草 is all wild-harvested under harvest permits; 野生 says nothing'], ['黑果枸杞', '野生黑枸杞 is a routine claim'],
  ['蚬木', '蚬木砧板 (chopping boards)'], ['紫椴', '野生椴树蜜 (honey)'], ['崖柏', 'the trade 崖柏 is 太行崖柏 (Platycladus), not Thuja sutchuenensis'],
  ['红桧', 'timber'], ['水松', 'also a seaweed (Codium)'], ['山橘', 'fruit'], ['川桑', 'mulberry'], ['奶桑', 'mulberry'],
  ['川柿', 'persimmon'], ['手参', 'in 选手参赛, 手参数'], ['华参', 'in 中华参茸'], ['水椰', 'nipa palm drinks'], ['扣树', '苦丁茶'],
]);
// Plants a dedicated rule handles.
const PLANT_DEDICATED = (name) => /石斛|红豆杉/.test(name);
// Plant 类 (taxon) entries: the terms each one contributes ([] = left out, with the reason).
const PLANT_TAXA = {
  石杉属: ['蛇足石杉', '千层塔'], 马尾杉属: ['马尾杉'], 水韭属: ['水韭'], 观音座莲属: ['观音座莲'], 金毛狗属: ['金毛狗脊', '金毛狗蕨'],
  桫椤科: ['桫椤'], 水蕨属: ['水蕨'], 苏铁属: ['苏铁'], 罗汉松属: [] /* 罗汉松 bonsai and 老桩 are a cultivated trade */,
  穗花杉属: ['穗花杉'], 红豆杉属: [] /* wildlife.yew-wild */, 榧树属: ['榧树'] /* not 香榧, a cultivated nut */,
  油杉属: [] /* the genus name 油杉 itself is excluded by the list */, 黄杉属: ['黄杉'], 风吹楠属: ['风吹楠'],
  海菜花属: [] /* a farmed vegetable */, 重楼属: ['重楼', '七叶一枝花'], 贝母属: ['贝母', '川贝母', '川贝', '平贝母', '伊贝母'],
  郁金香属: [] /* species tulips are sold as garden bulbs ("原生郁金香") */, 金线兰属: ['金线兰', '金线莲'],
  兰属: [] /* wildlife.orchid-wild */, 杓兰属: [] /* orchid rule */, 丹霞兰属: ['丹霞兰'], 石斛属: [] /* wildlife.dendrobium-wild */,
  兜兰属: [] /* orchid rule */, 独蒜兰属: [] /* orchid rule */, 火焰兰属: [] /* orchid rule */, 稻属: ['野生稻'],
  八角莲属: ['八角莲'], 黄连属: ['黄连'], 芍药属牡丹组: [] /* 牡丹 is cultivated; the listed peonies are species entries */,
  红豆属: [] /* 红豆 = adzuki beans; the listed species are species entries */, 冬麻豆属: ['冬麻豆'], 川苔草属: ['川苔草'],
  川藻属: ['川藻'], 梧桐属: [] /* 梧桐 itself is excluded */, 山茶属金花茶组: ['金花茶'],
  山茶属茶组: [] /* tea: 野生茶/古树茶 is ordinary tea marketing */, 秤锤树属: ['秤锤树'], 人参属: ['人参', '山参', '野山参', '三七', '竹节参', '珠子参'],
};
// 城口崖柏 names the real 崖柏 (Thuja sutchuenensis) by its native county; plain 崖柏 is left out (see PLANT_SKIP).
const PLANT_ALIASES = [
  ['天山雪莲', 2, '雪莲'], ['城口崖柏', 1, '崖柏'], ['海南黄花梨', 2, '降香（只在写明野生来源时计入）'],
  ['白芨', 2, '白及（常见写法）'], ['莞香', 2, '土沉香（东莞的叫法）'], ['白木香', 2, '土沉香'], ['海黄', 2, '降香（海南黄花梨的简称；须有野生来源词）'], ['棒槌', 2, '人参（放山人的叫法，须有野生来源词，如“放山挖的”）'], ['大芸', 2, '肉苁蓉（药材名）'], ['冰球子', 2, '杜鹃兰、独蒜兰属的假鳞茎（药材名）'],
  ['毛慈菇', 2, '杜鹃兰（药材名）'], ['山慈菇', 2, '杜鹃兰、独蒜兰属（药材名）'], ['铁树', 1, '苏铁属（栽培苏铁常见，只在写明野生来源时计入）'],
];
// Exclusions of every plant species set.
const PLANT_EXCEPT = [
  '雪莲果', '雪莲子', '人参果', '黄连素', '黄连上清', '黄连木', '黄连羊肝', '北重楼', '小黑桫椤', '粗齿桫椤', '川贝枇杷',
  '川贝雪梨', '川贝止咳', '三七分', '甘草片', '甘草杏', '甘草梅', '甘草橄榄', '甘草话梅', '甘草瓜子', '甘草柠檬', '铁坚油杉',
  '云南油杉', '天麻鸡', '发菜蚝豉',
];
// Exclusions against readings by sound, which share no characters with the name they drop.
const SOUND_EXCEPT = new Map([
  // 野生刀鱼 in pinyin (yesheng daoyu) reads 野生稻 (wild rice) at its start.
  ['野生稻', ['yeshengdaoyu', '野生daoyu']],
  // 血脂 written half in pinyin to dodge a health-claim filter (三高人群血zhi降下来), not 血雉.
  ['血雉', ['血zhi', 'xuezhi']],
]);
// Context sets of the template that are read next to species names: names containing one of their
// words are added to their exclusions.
const ANIMAL_CONTEXT = ['wild', 'a-part1', 'a-part2', 'a-live'];
const PLANT_CONTEXT = ['p-wild'];
// Names that carry their own context: the wild-origin claim (野山参 = "wild mountain ginseng") or the product
// (黄唇胶 = 黄唇鱼 swim bladder). Not excluded, so the name alone counts as name + context.
const SELF_EVIDENT = new Set(['野山参', '野生稻', '黄唇肚', '黄唇胶', '鲸牙', '鲸齿', '活鲎', '灵猫香', '河马牙', '真狼牙']);

// ------------------------------------------------------------------------------------------ read
function readTsv(file) {
  const path = resolve(listDir, file);
  if (!existsSync(path)) throw new Error(`missing ${path}: set JINSHOU_SHARED to the shared data folder`);
  const [head, ...rows] = readFileSync(path, 'utf8').replace(/\r/g, '').split('\n').filter((l) => l.trim());
  const cols = head.split('\t');
  return rows.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], (v ?? '').trim()])));
}
const animals = readTsv('national-key-wildlife-2021.tsv');
const animalTaxa = readTsv('national-key-wildlife-2021-taxon-rules.tsv');
const plants = readTsv('national-key-wildplants-2021.tsv');
const plantTaxa = readTsv('national-key-wildplants-2021-taxon-rules.tsv');

// ------------------------------------------------------------------------------------------ build
const len = (s) => [...s].length;
const sets = { 'sp-a1': [], 'sp-a1s': [], 'sp-a2': [], 'sp-a2s': [], 'sp-aw': [], 'sp-aws': [], 'sp-p1': [], 'sp-p1s': [], 'sp-p2': [], 'sp-p2s': [] };
const placed = new Map();
const stats = { animals: animals.length, animalTaxa: animalTaxa.length, plants: plants.length, plantTaxa: plantTaxa.length, skipped: [], dedicated: 0, single: [] };
function place(name, group) {
  if (placed.has(name)) return;
  const key = `${group}${len(name) === 2 ? 's' : ''}`;
  placed.set(name, key);
  sets[key].push(name);
}
for (const a of animals) {
  const name = a.chinese_name;
  if (len(name) < 2) { stats.single.push(name); continue; }
  if (ANIMAL_SKIP.has(name)) { stats.skipped.push(name); continue; }
  if (ANIMAL_DEDICATED.has(name)) { stats.dedicated++; continue; }
  const wildOnly = a.note.includes('仅限野外种群') || ANIMAL_WILD_REQUIRED.has(name);
  place(name, wildOnly ? 'sp-aw' : a.level === '1' ? 'sp-a1' : 'sp-a2');
}
// The 8 animal 类: 闭壳龟属, 细鳞鲑属, 金线鲃属 go through the aliases; 海马属 and the corals have dedicated rules.
for (const [name, level] of ANIMAL_ALIASES) place(name, level === 'W' ? 'sp-aw' : level === 1 ? 'sp-a1' : 'sp-a2');
for (const p of plants) {
  const name = p.chinese_name;
  if (len(name) < 2) { stats.single.push(name); continue; }
  if (PLANT_SKIP.has(name)) { stats.skipped.push(name); continue; }
  if (PLANT_DEDICATED(name)) { stats.dedicated++; continue; }
  place(name, p.level === '1' ? 'sp-p1' : 'sp-p2');
}
for (const t of plantTaxa) {
  const terms = PLANT_TAXA[t.chinese_name];
  if (!terms) throw new Error(`plant 类 '${t.chinese_name}' has no entry in PLANT_TAXA`);
  for (const term of terms) place(term, t.level === '1' ? 'sp-p1' : 'sp-p2');
}
for (const [name, level] of PLANT_ALIASES) place(name, level === 1 ? 'sp-p1' : 'sp-p2');
for (const [k, v] of Object.entries(PLANT_TAXA)) if (!plantTaxa.some((t) => t.chinese_name === k)) throw new Error(`PLANT_TAXA names '${k}', which is not in the list`);
for (const n of [...ANIMAL_SKIP.keys(), ...ANIMAL_DEDICATED, ...ANIMAL_WILD_REQUIRED])
  if (!animals.some((a) => a.chinese_name === n)) throw new Error(`curation names '${n}', which is not in the animal list`);
for (const n of PLANT_SKIP.keys()) if (!plants.some((p) => p.chinese_name === n)) throw new Error(`PLANT_SKIP names '${n}', which is not in the plant list`);

// ------------------------------------------------------------------------------------------ write
// The template is edited as text, so its comments and layout stay as written: the generator replaces the
// value of each generated list (located through the YAML parser's source ranges) with a wrapped flow list.
const source = readFileSync(templatePath, 'utf8');
const doc = YAML.parseDocument(source, { keepSourceTokens: false });
if (doc.errors.length) throw new Error(`template: ${doc.errors[0].message}`);
const edits = []; // [start, end, text]
const terms = doc.get('terms');
const termSet = (name) => {
  const set = terms.get(name);
  if (!set) throw new Error(`template has no term set '${name}'`);
  return set;
};
const listOf = (set, key) => (set.get(key) ? set.get(key).items.map((n) => String(n.value ?? n)) : []);
function setList(setName, key, items) {
  const set = termSet(setName);
  const node = set.get(key, true);
  if (!node) throw new Error(`template set '${setName}' needs a '${key}:' list for the generator to fill`);
  const [start, end] = node.range;
  const lineStart = source.lastIndexOf('\n', start) + 1;
  edits.push([start, end, flowText(items, start - lineStart)]);
}
const plain = (t) => /^[\p{L}\p{N}·-]+$/u.test(t) && !/^[\d.]+$/.test(t) && !/^(true|false|null|yes|no|on|off|~)$/i.test(t);
function flowText(items, column) {
  const width = 118;
  const pad = ' '.repeat(column + 1);
  let out = '[';
  let col = column + 1;
  items.forEach((raw, i) => {
    const t = plain(raw) ? raw : JSON.stringify(raw);
    const piece = t + (i < items.length - 1 ? ',' : '');
    const w = [...piece].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    if (i > 0 && col + 1 + w > width) {
      out += '\n' + pad;
      col = column + 1;
    } else if (i > 0) {
      out += ' ';
      col += 1;
    }
    out += piece;
    col += w;
  });
  return out + ']';
}
function overlaps(ex, term) {
  // An exclusion can drop a hit of a term when an occurrence of one can overlap an occurrence of the other.
  if (ex.includes(term) || term.includes(ex)) return true;
  for (let k = 1; k < Math.min(ex.length, term.length); k++) if (ex.endsWith(term.slice(0, k)) || term.endsWith(ex.slice(0, k))) return true;
  return false;
}
for (const [name, list] of Object.entries(sets)) {
  setList(name, 'any', list);
  const except = name.startsWith('sp-a') ? ANIMAL_EXCEPT : PLANT_EXCEPT;
  // Keep only the exclusions that can overlap a term of this set: the others never drop anything.
  const useful = [...except.filter((e) => list.some((t) => overlaps(e, t))), ...list.flatMap((t) => SOUND_EXCEPT.get(t) ?? [])];
  if (useful.length) {
    if (!termSet(name).get('except', true)) throw new Error(`template set '${name}' needs an 'except: []' for the generator to fill`);
    setList(name, 'except', useful);
  }
}
function addNameExclusions(contextNames, speciesSetNames) {
  const names = speciesSetNames.flatMap((s) => sets[s]);
  for (const c of contextNames) {
    const words = listOf(termSet(c), 'any');
    const old = listOf(termSet(c), 'except');
    const extra = names.filter((n) => words.some((w) => n.includes(w)) && !old.includes(n) && !SELF_EVIDENT.has(n));
    if (extra.length) setList(c, 'except', [...old, ...extra]);
  }
}
addNameExclusions(ANIMAL_CONTEXT, ['sp-a1', 'sp-a1s', 'sp-a2', 'sp-a2s', 'sp-aw', 'sp-aws']);
addNameExclusions(PLANT_CONTEXT, ['sp-p1', 'sp-p1s', 'sp-p2', 'sp-p2s']);

let text = source;
for (const [start, end, t] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + t + text.slice(end);
// Replace the template's own header comment (everything before "jinshou:") with a generated-file stamp.
const header = [
  '# GENERATED by scripts/gen-wildlife.mjs from scripts/wildlife.template.yaml and the 2021 national lists',
  '# (国家林业和草原局 农业农村部公告2021年第3号《国家重点保护野生动物名录》, 公告2021年第15号《国家重点保护野生植物名录》).',
  '# Do not edit this file: change the template or the generator, then run `node scripts/gen-wildlife.mjs`.',
  '',
].join('\n');
text = header + text.slice(text.indexOf('jinshou:'));
const check2 = YAML.parseDocument(text);
if (check2.errors.length) throw new Error(`generated YAML does not parse: ${check2.errors[0].message}`);

const counts = Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, v.length]));
const summary = `species sets: ${JSON.stringify(counts)}; left out: ${stats.skipped.length} (${stats.skipped.join(' ')}); ` +
  `dedicated: ${stats.dedicated}; one-character names: ${stats.single.join(' ')}`;
if (check) {
  const old = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
  if (old !== text) {
    console.error('rules/wildlife.yaml is out of date: run node scripts/gen-wildlife.mjs');
    process.exit(1);
  }
  console.error('rules/wildlife.yaml is up to date; ' + summary);
} else {
  writeFileSync(outPath, text);
  console.error(`wrote ${outPath}; ${summary}`);
}
