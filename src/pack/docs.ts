/**
 * The published page of a pack: a Markdown document with its metadata, a table of its rules (id, title,
 * category, severity, legal basis, an example hit and miss from the embedded tests) and its changelog.
 * Pure: a validated document in, Markdown out; `jinshou docs` writes it.
 */
import type { PackDoc, RuleDoc, TestListing } from './document.js';

/** Options of {@link renderPackDocs}. */
export interface PackDocsOptions {
  /** The pack file as it should be named on the page (relative paths read better). */
  file?: string;
  /** The key id of a `.sig` that matches the pack's content, when there is one. */
  signedBy?: string;
  /** Add a section per rule with its message, tags, dates and every example. */
  details?: boolean;
}

/** Text made safe for a Markdown table cell: one line, pipes and HTML escaped. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[*_`[\]]/g, (c) => `\\${c}`)
    .trim();
}

/** A test listing in one line: its title, plus its other fields as `key: value`. */
export function listingText(l: TestListing): string {
  const extra = Object.entries(l)
    .filter(([k]) => k !== 'title' && k !== 'id' && k !== 'expect')
    .map(([k, v]) => `${k}: ${typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)}`);
  return extra.length ? `${l.title} (${extra.join(', ')})` : l.title;
}

function ruleNote(r: RuleDoc): string {
  const notes: string[] = [];
  if (r.status === 'deprecated') notes.push(`deprecated${r.deprecated?.replacedBy.length ? ` → ${r.deprecated.replacedBy.join(', ')}` : ''}`);
  else if (r.status === 'experimental') notes.push('experimental');
  if (r.effective?.from) notes.push(`from ${r.effective.from}`);
  if (r.effective?.until) notes.push(`until ${r.effective.until}`);
  return notes.length ? ` *(${mdCell(notes.join('; '))})*` : '';
}

/** Renders the Markdown page of a pack. */
export function renderPackDocs(doc: PackDoc, options: PackDocsOptions = {}): string {
  const m = doc.meta;
  const out: string[] = [];
  out.push(`# ${mdCell(m.title)}`, '');
  out.push(`\`${m.id}\` ${doc.kind === 'overlay' ? 'overlay ' : ''}version **${m.version}**${options.file ? ` — \`${options.file.replace(/`/g, '')}\`` : ''}`, '');
  if (m.description) out.push(m.description.trim().replace(/\r?\n/g, ' '), '');
  const rows: [string, string][] = [
    ['Publisher', mdCell(m.publisher)],
    ...(m.jurisdiction ? [['Jurisdiction', mdCell(m.jurisdiction)] as [string, string]] : []),
    ...(m.license ? [['License', mdCell(m.license)] as [string, string]] : []),
    ...(m.engine ? [['Engine', `\`${m.engine}\``] as [string, string]] : []),
    ...(m.effective ? [['In effect', mdCell([m.effective.from && `from ${m.effective.from}`, m.effective.until && `until ${m.effective.until}`].filter(Boolean).join(' '))] as [string, string]] : []),
  ];
  if (doc.kind === 'pack') {
    const by = (s: string) => doc.rules.filter((r) => r.status === s).length;
    const counts = [`${by('stable')} stable`, by('experimental') && `${by('experimental')} experimental`, by('deprecated') && `${by('deprecated')} deprecated`].filter(Boolean).join(', ');
    rows.push(['Rules', `${doc.rules.length} (${counts})`]);
  } else rows.push(['Changes packs', doc.targets.map((t) => `\`${t}\``).join(', ')]);
  rows.push(['Content hash (sha256)', `\`${doc.hash}\``]);
  rows.push(['Signature', options.signedBy ? `Ed25519, key \`${options.signedBy}\` (check with \`jinshou verify --pubkey PUBLIC.pem\`)` : 'not signed']);
  out.push('| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '');

  if (doc.kind === 'pack') {
    out.push('## Rules', '');
    out.push('| Rule | Title | Category | Severity | Legal basis | Example hit | Example miss |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of doc.rules) {
      const hit = r.tests.hit[0];
      const miss = r.tests.miss[0];
      out.push(
        `| \`${r.id}\` | ${mdCell(r.title)}${ruleNote(r)} | ${mdCell(r.category)} | ${r.severity} | ${r.basis.map(mdCell).join('<br>') || '—'} | ${hit ? mdCell(listingText(hit)) : '—'} | ${miss ? mdCell(listingText(miss)) : '—'} |`,
      );
    }
    out.push('');
    if (options.details) {
      for (const r of doc.rules) {
        out.push(`### \`${r.id}\` ${mdCell(r.title)}`, '');
        out.push(`${mdCell(r.message)}`, '');
        out.push(`- Severity **${r.severity}**, confidence ${r.confidence}${r.score !== undefined ? ` (base score ${r.score})` : ''}, status ${r.status}${ruleNote(r)}`);
        if (r.tags.length) out.push(`- Tags: ${r.tags.map((t) => `\`${t.replace(/`/g, '')}\``).join(', ')}`);
        if (r.basis.length) out.push(`- Legal basis:`, ...r.basis.map((b) => `  - ${mdCell(b)}`));
        if (r.tests.hit.length) out.push(`- Flagged: ${r.tests.hit.map((l) => mdCell(listingText(l))).join(' · ')}`);
        if (r.tests.miss.length) out.push(`- Not flagged: ${r.tests.miss.map((l) => mdCell(listingText(l))).join(' · ')}`);
        // Known gaps are part of what a reader of the pack should know about it.
        if (r.tests.todo.hit.length) out.push(`- Known gaps, not flagged yet: ${r.tests.todo.hit.map((l) => mdCell(listingText(l))).join(' · ')}`);
        if (r.tests.todo.miss.length) out.push(`- Known gaps, flagged but should not be: ${r.tests.todo.miss.map((l) => mdCell(listingText(l))).join(' · ')}`);
        out.push('');
      }
    }
  } else {
    out.push('## Changes', '', '| Rule | Change | Reason |', '| --- | --- | --- |');
    for (const c of doc.changes) {
      const what = c.disable ? 'disabled' : c.score !== undefined ? `score ${c.score}` : `except \`${(c.except ?? '').replace(/`/g, '')}\``;
      out.push(`| \`${c.rule}\` | ${what} | ${mdCell(c.reason)} |`);
    }
    out.push('');
  }

  out.push('## Changelog', '');
  if (m.changelog.length) {
    out.push('| Version | Date | Notes |', '| --- | --- | --- |');
    for (const c of m.changelog) out.push(`| ${mdCell(c.version)} | ${c.date ?? ''} | ${mdCell(c.notes)} |`);
  } else out.push('No changelog entries.');
  out.push('', `*Generated by \`jinshou docs\` from the pack; do not edit by hand.*`, '');
  return out.join('\n');
}
