/**
 * Negation: a hit that the text denies, sets apart from the goods, mentions without offering it, or only
 * asks about is not evidence. A pack lists its cue words in `defaults.negation`; a hit of one of its sets
 * is dropped
 *
 * - when a cue comes before it in the same clause, within {@link NEGATION_SCOPE} characters of each item
 *   of an enumeration (本店不售长江野生江鲜; 不售电鱼器、逆变器打鱼设备、地笼、绝户网; 不会写“降血脂”“防血栓”);
 * - when 非 or 仿 is written right before it (非羚羊角, 非天然砗磲, 仿砗磲);
 * - when 和/与/跟 comes right before it and its clause denies any relation (和象牙没有任何关系);
 * - when its clause goes on to say trading it is banned, that it is protected, or that the seller refuses
 *   it (黄唇鱼的鱼鳔严禁交易, 费氏牡丹本店不经营), or, quoted, that what carries the words is fake
 *   (写着“特供”的酒都是假的; “壮阳”“补肾”，这些都是违法宣传);
 * - when it is inside book-title marks outside the listing's title (《给河马刷牙》);
 * - when its clause is a question (…吗？, 有没有…？) that the text after it does not answer yes (答：能 …).
 *
 * A clause runs on across enumeration commas, quotation marks, parentheses and placeholders' × (穿山甲、
 * 象牙; “特供”“专供”; 不售穿山甲（含甲片）; 所谓“××机关特供”) and ends at any other separator: punctuation,
 * spaces (which split the phrases of a title) and emoji, so a cue far back in a long sentence negates
 * nothing. A cue does not reach past an affirmation (不是养殖是野生, 并非养殖而是野生), and a cue followed by
 * 假 or 仿 denies fakes (不售假货正宗野生穿山甲), not what follows, unless it forbids (不得仿制现行军服).
 */
import { SEP } from '../normalize/normalize.js';
import type { ScannedField } from './find-hits.js';

/** How far before a hit, in normalized characters, a cue may start its clause (per enumerated item). */
export const NEGATION_SCOPE = 16;
/** However many items an enumeration has, a cue reaches back at most this far. */
const ENUMERATION_SCOPE = 48;
/** How far after a hit a denial of any relation may end its clause (和象牙没有任何关系). */
const RELATION_SCOPE = 14;
/** How far after a hit its clause may run on to the question mark that makes it a question. */
const QUESTION_SCOPE = 24;

/** Where a new item of an enumeration starts: 、 or a closing and an opening quotation mark (“降血脂”“防血栓”). */
const ITEM_BREAK = /、|[”"'’」』][“"'‘「『]/;
/**
 * Separators that continue a clause: enumeration commas, quotation marks, parentheses (不售穿山甲（含甲片）、
 * 麝香) and the × of a placeholder (所谓“××机关特供”).
 */
const CONTINUES = new Set([...'、“”"\'‘’「」『』《》〈〉（）()×']);
/** 假 or 仿 within two characters after a cue: 不售假货 and 不卖高仿 deny fakes, not the goods that follow. */
const FAKE = new Set([...'假仿']);
/** Cues that forbid: after them 仿 is the act forbidden (不得仿制现行军服), and the goods are denied too. */
const FORBIDS = new Set(['不得', '严禁', '禁止', '不许']);
/** Between a cue and the hit, these turn the sentence round: 不是养殖是野生, 不含防腐剂但是野生. */
const AFFIRMS = new Set([...'是而但只'].map((c) => c.charCodeAt(0)));
/** Right before a hit, these make it the thing compared with (和象牙, 与红珊瑚). */
const WITH = new Set([...'和与跟同'].map((c) => c.charCodeAt(0)));
/** After a compared hit, these deny any relation between it and the goods. */
const UNRELATED = ['无关', '没有关系', '没有任何关系', '没关系', '毫无关系', '不是一回事', '两回事', '不是一种东西', '两种不同的东西', '不同的东西',
  '没有半点关系', '没有一点关系'];
/**
 * 非 written right before a hit denies it (非羚羊角, 非象牙, 非药品) in every pack, without being a cue of
 * its own: elsewhere in a clause it is mostly part of other words (非常, 非洲, 是非).
 */
const NON = '非'.charCodeAt(0);
/** Before 非, these make it part of another word: 南非/北非/东非/西非/中非, 是非, 除非, 莫非, 无非, 若非. */
const NOT_BEFORE_NON = new Set([...'南北东西中是除莫无若'].map((c) => c.charCodeAt(0)));
/** Between 非 and a hit, these still leave the hit denied: 非天然砗磲, 非真象牙. */
const QUALIFIERS = ['天然', '真正', '真'];
/** 仿 written right before a hit makes it an imitation of the thing (仿砗磲, 仿象牙, 仿野生): not the thing. */
const IMITATION = '仿'.charCodeAt(0);
/** Quotation marks: a hit inside them is mentioned, not claimed, when its clause debunks it. */
const QUOTES = new Set([...'“”"\'‘’「」『』']);
/** How far back from a hit the quotation mark opening its word may be. */
const QUOTED_SCOPE = 8;
/** A clause that judges the quoted words listed before it: 这些都是违法宣传, 这类说法没有依据. */
const JUDGED = /^(这些|这类|这种|此类|以上|这样的|那些|那种|那类)/;
/** How far after a quoted hit the debunking may end its clause. */
const DEBUNK_SCOPE = 24;
/** After a quoted hit, these say that what carries the words is fake. */
const DEBUNKS = ['都是假的', '都是假冒', '是假的', '是假冒', '均为假冒', '均系假冒', '都是骗局', '是骗局', '都是骗人的', '是骗人的', '纯属虚假', '都是冒牌',
  '违法宣传', '违规宣传', '虚假宣传', '属于违法', '之类的宣传', '这类宣传', '之类的说法', '这样的宣传', '宣传多半', '多半是假'];
/**
 * After a hit, quoted or not, these state that trading it is banned (黄唇鱼鱼鳔严禁交易, 电鱼属于违法行为,
 * 长江流域已全面禁捕): a warning or an explanation, not an offer.
 */
const LAW_WARNINGS = ['严禁交易', '禁止交易', '严禁买卖', '禁止买卖', '严禁采挖', '禁止采挖', '属于违法', '违法行为', '全面禁捕', '国家严禁',
  '是国家一级保护', '是国家二级保护', '是国家重点保护', '升为国家一级', '属保护物种', '属于保护物种', '均属保护', '没有科学依据', '没有依据',
  '明令禁止', '违规营销', '属于违规', '是违规的', '都是违规', '已被禁止', '买卖违法', '销售违法', '交易违法', '已被删除', '已经被删除',
  // the seller's own refusal, said after what it refuses: 费氏牡丹等其他品种本店不经营
  '本店不经营', '本店不卖', '本店不售', '本店没有', '我们不卖', '一律不卖', '一律不经营', '均不经营', '都不经营',
  // advice to buyers: 多钩串钩、锚鱼钩都不要用
  '都不要用', '不要买', '请勿购买', '不要相信'];
/** How far back from a hit the 《 of a book title (a book, a film, a standard) may be. */
const TITLE_SCOPE = 30;
/** Question particles before a question mark. */
const ASKS = new Set([...'吗么呢'].map((c) => c.charCodeAt(0)));
/** An answer that affirms the question (答：能，吃两盒就好了): the question is then a claim after all. */
const AFFIRMED = /^答?(能|可以|当然|肯定|会的|有效|没问题|有的|有货|有)/;
/** A question asked by repeating its verb (有没有…？ 能不能…？), answered like one with 吗. */
const A_NOT_A = /有没有|能不能|是不是|可不可以|会不会|送不送|带不带|含不含|卖不卖|收不收/;
/** What {@link negatingCue} returns for a hit in a question. */
export const QUESTION = '…吗？';

/**
 * Why the hit at normalized [ns, ne) of the field is not evidence: the cue of `cues` (normalized) that
 * comes before it in the same clause, {@link QUESTION} when its clause is a question, or undefined.
 */
export function negatingCue(sf: ScannedField, ns: number, ne: number, cues: readonly string[]): string | undefined {
  const { units, from, to } = sf.nt;
  const q = ns - qualifierBefore(units, ns);
  if (q > 0 && units[q - 1] === NON && !(q > 1 && NOT_BEFORE_NON.has(units[q - 2]!))) return '非';
  if (ns > 0 && units[ns - 1] === IMITATION && !cueEndsNear(sf, ns - 1, cues)) return '仿';
  let k = ns;
  // Each item of an enumeration gets the full scope: a cue before a list denies every item of it.
  let item = 0;
  while (k > 0 && item < NEGATION_SCOPE && ns - k < ENUMERATION_SCOPE) {
    if (endsClause(sf, k - 1)) break;
    if (units[k - 1] === SEP && ITEM_BREAK.test(sf.field.value.slice(from[k - 1]!, to[k - 1]!))) item = -1;
    k--;
    item++;
  }
  if (k < ns) {
    const window = textOf(sf, k, ns);
    const cue = cues.find((c) => deniesIn(window, c));
    if (cue) return cue;
  }
  if (sf.field.kind !== 'title' && insideTitleMarks(sf, ns)) return '《》';
  return unrelatedAfter(sf, ns, ne) ?? debunkedAfter(sf, ns, ne) ?? (isQuestion(sf, ns, ne) ? QUESTION : undefined);
}

/**
 * The denial of any relation (`…无关`) when the hit is the thing compared with (和象牙, 与红珊瑚) and its
 * clause goes on to say the two have nothing to do with each other; else undefined.
 */
function unrelatedAfter(sf: ScannedField, ns: number, ne: number): string | undefined {
  const { units } = sf.nt;
  // 和象牙, or 和“机关特供”: a quotation mark may stand between.
  const w = ns > 1 && units[ns - 1] === SEP && openedBefore(sf, ns, QUOTES) ? ns - 1 : ns;
  if (w === 0 || !WITH.has(units[w - 1]!)) return undefined;
  const after = clauseAfter(sf, ne, RELATION_SCOPE);
  const denial = UNRELATED.find((d) => after.includes(d));
  return denial && `…${denial}`;
}

/**
 * What the clause after the hit says about it when that makes it a warning, not an offer: a ban, a
 * protection status or the seller's refusal ({@link LAW_WARNINGS}), or, for a quoted hit (写着“特供”的酒),
 * that what carries the words is fake ({@link DEBUNKS}), also in a clause of its own that judges the
 * quoted words listed before it; else undefined.
 */
function debunkedAfter(sf: ScannedField, ns: number, ne: number): string | undefined {
  const quoted = openedBefore(sf, ns, QUOTES);
  const end = clauseEnd(sf, ne, DEBUNK_SCOPE);
  let after = textOf(sf, ne, end);
  // Quoted words listed, then judged in a clause of their own: “壮阳”“补肾”“治早泄”，这些都是违法宣传.
  if (quoted && end < sf.nt.length) {
    const next = textOf(sf, end + 1, clauseEnd(sf, end + 1, DEBUNK_SCOPE));
    if (JUDGED.test(next)) after += next;
  }
  const debunk = (quoted ? DEBUNKS : []).find((d) => after.includes(d)) ?? LAW_WARNINGS.find((d) => warnsIn(after, d));
  return debunk && `…${debunk}`;
}

/** Whether `warning` occurs in `after` not followed by 假 or 仿 (本店没有假货 refuses fakes, not the goods). */
function warnsIn(after: string, warning: string): boolean {
  const i = after.indexOf(warning);
  return i >= 0 && !fakeAt(after, i + warning.length);
}

/** Whether 假 or 仿 comes within two characters from `at` in `text` (see {@link FAKE}). */
function fakeAt(text: string, at: number): boolean {
  return [...text.slice(at, at + 2)].some((ch) => FAKE.has(ch));
}

/**
 * Whether the word of the hit starting at `ns` is opened by one of `marks`: the nearest separator before
 * it, at most {@link QUOTED_SCOPE} characters back, holds one (“特供”).
 */
function openedBefore(sf: ScannedField, ns: number, marks: ReadonlySet<string>): boolean {
  const { units, from, to } = sf.nt;
  for (let k = ns - 1; k >= 0 && ns - k <= QUOTED_SCOPE; k--) {
    if (units[k] !== SEP) continue;
    return [...sf.field.value.slice(from[k]!, to[k]!)].some((ch) => marks.has(ch));
  }
  return false;
}

/**
 * Whether the hit starting at `ns` is inside book-title marks: walking back at most {@link TITLE_SCOPE}
 * characters, a 《 comes before any 》 or punctuation (a title may hold spaces: 《食品和化妆品 包装要求》).
 * Not asked of a listing's title: there 《》 name the book for sale, and its words (图鉴, 绘本) are what
 * show that it is one.
 */
function insideTitleMarks(sf: ScannedField, ns: number): boolean {
  const { units, from, to } = sf.nt;
  for (let k = ns - 1; k >= 0 && ns - k <= TITLE_SCOPE; k--) {
    if (units[k] !== SEP) continue;
    const marks = sf.field.value.slice(from[k]!, to[k]!);
    if (/[《〈]/.test(marks)) return true;
    if (/[》〉，。！？；,.!?;]/.test(marks)) return false;
  }
  return false;
}

/** Where the clause running from normalized position `from` ends, at most `scope` characters on. */
function clauseEnd(sf: ScannedField, from: number, scope: number): number {
  let k = from;
  while (k < sf.nt.length && k - from < scope && !endsClause(sf, k)) k++;
  return k;
}

/** Where the clause holding normalized position `to` starts, at most `scope` characters back. */
function clauseStart(sf: ScannedField, to: number, scope: number): number {
  let k = to;
  while (k > 0 && to - k < scope && !endsClause(sf, k - 1)) k--;
  return k;
}

/** The text of the clause after normalized position `ne`, at most `scope` characters. */
function clauseAfter(sf: ScannedField, ne: number, scope: number): string {
  return textOf(sf, ne, clauseEnd(sf, ne, scope));
}

/** The normalized text [a, b) of a field. */
function textOf(sf: ScannedField, a: number, b: number): string {
  return String.fromCharCode(...sf.nt.units.subarray(a, b));
}

/** The length of the qualifier of {@link QUALIFIERS} that ends right before normalized position `ns`, or 0. */
function qualifierBefore(units: Uint16Array, ns: number): number {
  for (const w of QUALIFIERS) {
    if (ns < w.length) continue;
    let k = 0;
    while (k < w.length && units[ns - w.length + k] === w.charCodeAt(k)) k++;
    if (k === w.length) return w.length;
  }
  return 0;
}

/**
 * Whether a cue ends within two characters before normalized position `at`: 不售高仿穿山甲 denies the
 * imitation, not the pangolin (see {@link FAKE}).
 */
function cueEndsNear(sf: ScannedField, at: number, cues: readonly string[]): boolean {
  const before = textOf(sf, Math.max(0, at - 10), at);
  return cues.some((c) => {
    const i = before.lastIndexOf(c);
    return i >= 0 && before.length - (i + c.length) <= 2;
  });
}

/** Whether `cue` occurs in `window` denying what follows it: no fake after it, no affirmation between. */
function deniesIn(window: string, cue: string): boolean {
  for (let i = window.indexOf(cue); i >= 0; i = window.indexOf(cue, i + 1)) {
    if (!FORBIDS.has(cue) && fakeAt(window, i + cue.length)) continue;
    // 是 right after the cue belongs to it (不会宣称是“机关接待茶”); later it turns the sentence round.
    let affirmed = false;
    for (let j = i + cue.length + 1; j < window.length && !affirmed; j++) affirmed = AFFIRMS.has(window.charCodeAt(j));
    if (!affirmed) return true;
  }
  return false;
}

/**
 * Whether the clause from normalized position `ne` on ends, within {@link QUESTION_SCOPE}, in a question
 * mark after 吗, 么 or 呢, or after a question asked by repeating its verb (有没有…？), and the text after
 * it does not answer yes (答：能 …, 答：有的).
 */
function isQuestion(sf: ScannedField, ns: number, ne: number): boolean {
  const { units, from, to, length } = sf.nt;
  const k = clauseEnd(sf, ne, QUESTION_SCOPE);
  if (k - ne >= QUESTION_SCOPE || k >= length) return false;
  const mark = sf.field.value.slice(from[k]!, to[k]!);
  if (!mark.includes('？') && !mark.includes('?')) return false;
  const asked = (k > 0 && ASKS.has(units[k - 1]!)) || A_NOT_A.test(textOf(sf, clauseStart(sf, ns, QUESTION_SCOPE), k));
  if (!asked) return false;
  const answer = textOf(sf, k + 1, Math.min(length, k + 8)).replace(/[^\p{Script=Han}]/gu, '');
  return !AFFIRMED.test(answer);
}

/** Whether normalized position `k` is a separator that ends a clause (not an enumeration comma or a quotation mark). */
function endsClause(sf: ScannedField, k: number): boolean {
  return sf.nt.units[k] === SEP && !continuesClause(sf.field.value, sf.nt.from[k]!, sf.nt.to[k]!);
}

/** Whether the original characters [a, b) a separator stands for are all clause-continuing marks. */
function continuesClause(value: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!CONTINUES.has(value[i]!)) return false;
  return true;
}
