// `footnote report`: what curators should fix, from the recorded questions. Pure functions over the
// rows the store returns (one query), so the same data renders as text, JSON, a static HTML page,
// or the YAML to paste with `--suggest`.
import { safeLine } from '../adapters/safe-text.js';
import { normalizeForKey } from '../engine/normalize.js';
import type { AnswerKind } from '../engine/types.js';
import type { ReportQuestionRow } from './store.js';

const TOP = 20;
/** Refusals seen fewer times than this are noise, not a phrasing to add. */
const REPEATED = 2;

export interface Group {
  key: string;
  /** The wording people used most often for this key. */
  question: string;
  reason: string;
  count: number;
}

export interface Report {
  since: string;
  platform: string | null;
  questions: number;
  refused: Group[];
  clarified: (Group & { picked: { entry: string; count: number }[] })[];
  downvoted: { entry: string; unhelpful: number; helpful: number; questions: { question: string; count: number }[] }[];
  choices: { question: string; entry: string; count: number }[];
  perDay: { day: string; kinds: Partial<Record<AnswerKind, number>> }[];
  suggestions: { alternates: { entry: string; phrasing: string; why: string }[]; unanswered: { phrasing: string; why: string }[] };
}

class Counter<T extends string> {
  readonly counts = new Map<T, number>();
  add(value: T, by = 1): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + by);
  }
  top(limit = Number.POSITIVE_INFINITY): { value: T; count: number }[] {
    return [...this.counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, limit);
  }
}

interface Bucket {
  reason: string;
  count: number;
  wordings: Counter<string>;
  picks: Counter<string>;
}

function grouped(rows: readonly ReportQuestionRow[], kind: AnswerKind): Map<string, Bucket> {
  const groups = new Map<string, Bucket>();
  for (const row of rows) {
    if (row.via !== 'question' || row.kind !== kind || row.key === '') continue;
    const id = `${row.reason}\u0000${row.key}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { reason: row.reason, count: 0, wordings: new Counter(), picks: new Counter() };
      groups.set(id, group);
    }
    group.count += 1;
    group.wordings.add(row.question.trim());
    if (row.picked !== null) group.picks.add(row.picked);
  }
  return groups;
}

function topGroups(groups: Map<string, Bucket>): (Group & { bucket: Bucket })[] {
  return [...groups]
    .map(([id, bucket]) => ({ key: id.split('\u0000')[1] ?? '', question: bucket.wordings.top(1)[0]?.value ?? '', reason: bucket.reason, count: bucket.count, bucket }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, TOP);
}

/**
 * `known`: the normalised phrasings the knowledge already has, so a suggestion is never one that is
 * there already (the CLI passes them when the knowledge loads).
 */
export function buildReport(rows: readonly ReportQuestionRow[], options: { since: number; platform: string | null; known?: ReadonlySet<string> }): Report {
  const known = options.known ?? new Set<string>();
  const refused = topGroups(grouped(rows, 'decline')).map(({ bucket: _bucket, ...group }) => group);
  const clarified = topGroups(grouped(rows, 'clarify')).map(({ bucket, ...group }) => ({ ...group, picked: bucket.picks.top(5).map(({ value, count }) => ({ entry: value, count })) }));

  const votes = new Map<string, { unhelpful: number; helpful: number; questions: Counter<string> }>();
  // Keyed by normalised question and entry (tab-joined); `wordings` keeps how each key was typed.
  const choices = new Counter<string>();
  const praised = new Counter<string>();
  const wordings = new Map<string, Counter<string>>();
  const worded = (row: ReportQuestionRow, entry: string): string => {
    const wording = wordings.get(row.key) ?? new Counter<string>();
    wording.add(row.question.trim());
    wordings.set(row.key, wording);
    return `${row.key}\t${entry}`;
  };
  const days = new Map<string, Partial<Record<AnswerKind, number>>>();
  for (const row of rows) {
    const day = new Date(row.at).toISOString().slice(0, 10);
    const kinds = days.get(day) ?? {};
    kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
    days.set(day, kinds);
    if (row.entry !== null && row.helpful + row.unhelpful > 0) {
      const entry = votes.get(row.entry) ?? { unhelpful: 0, helpful: 0, questions: new Counter() };
      entry.unhelpful += row.unhelpful;
      entry.helpful += row.helpful;
      if (row.unhelpful > 0) entry.questions.add(row.question.trim(), row.unhelpful);
      votes.set(row.entry, entry);
    }
    // The words asked, and the entry the person then picked: tab-joined to count pairs.
    if (row.picked !== null && row.via === 'question') choices.add(worded(row, row.picked));
    if (row.via === 'question' && row.entry !== null && row.helpful > 0 && row.unhelpful === 0) praised.add(worded(row, row.entry), row.helpful);
  }
  const downvoted = [...votes]
    .filter(([, entry]) => entry.unhelpful > 0)
    .map(([entry, { unhelpful, helpful, questions }]) => ({ entry, unhelpful, helpful, questions: questions.top(5).map(({ value, count }) => ({ question: value, count })) }))
    .sort((a, b) => b.unhelpful - a.unhelpful || a.entry.localeCompare(b.entry))
    .slice(0, TOP);
  const pairs = (counter: Counter<string>) =>
    counter.top().map(({ value, count }) => {
      const [key = '', entry = ''] = value.split('\t');
      return { question: wordings.get(key)?.top(1)[0]?.value ?? key, entry, count };
    });

  const seen = new Set<string>(known);
  const alternates: Report['suggestions']['alternates'] = [];
  const propose = (question: string, entry: string, why: string): void => {
    const key = normalizeForKey(question);
    if (seen.has(key) || question.length > 200) return;
    seen.add(key);
    alternates.push({ entry, phrasing: question.toLowerCase(), why });
  };
  for (const { question, entry, count } of pairs(choices)) propose(question, entry, `picked after a clarify ${count}×`);
  for (const { question, entry, count } of pairs(praised)) propose(question, entry, `👍 ${count}×`);
  const unanswered = topGroups(grouped(rows, 'decline'))
    .filter((group) => group.count >= REPEATED && !seen.has(group.key) && !NOT_A_PHRASING.has(group.reason) && group.question.length <= 200)
    .map((group) => ({ phrasing: group.question.toLowerCase(), why: `refused ${group.count}× (${group.reason})` }));

  return {
    since: new Date(options.since).toISOString(),
    platform: options.platform,
    questions: rows.length,
    refused,
    clarified,
    downvoted,
    choices: pairs(choices).slice(0, TOP),
    perDay: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, kinds]) => ({ day, kinds })),
    suggestions: { alternates: alternates.slice(0, 50), unanswered: unanswered.slice(0, 50) },
  };
}

/** What people typed, as one safe line; a paste is cut, since a report line should stay a line. */
const line = (text: string, max = 160): string => {
  const safe = safeLine(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
};
/** Refusals that no phrasing can fix: the question was too long or empty, not unknown. */
const NOT_A_PHRASING = new Set(['too-long', 'empty']);

export function reportText(report: Report): string {
  const out = [`footnote report: ${report.questions.toLocaleString('en-US')} questions since ${report.since.slice(0, 10)}${report.platform ? ` on ${report.platform}` : ''}`, ''];
  const section = (title: string, lines: string[]): void => {
    out.push(title, ...(lines.length === 0 ? ['  (none)'] : lines), '');
  };
  section('Most refused (by normalised question and reason):', report.refused.map((group) => `  ${String(group.count).padStart(5)}  ${line(group.question)}  [${group.reason}]`));
  section(
    'Most clarified:',
    report.clarified.map((group) => `  ${String(group.count).padStart(5)}  ${line(group.question)}${group.picked.length > 0 ? `  → picked ${group.picked.map((pick) => `${pick.entry} ×${pick.count}`).join(', ')}` : ''}`),
  );
  section(
    'Answers with the most 👎:',
    report.downvoted.flatMap((entry) => [`  ${String(entry.unhelpful).padStart(5)}  ${entry.entry} (👍 ${entry.helpful})`, ...entry.questions.map((question) => `           ${question.count}× ${line(question.question)}`)]),
  );
  section('Clarify choices (asked → picked):', report.choices.map((choice) => `  ${String(choice.count).padStart(5)}  ${line(choice.question)} → ${choice.entry}`));
  section('Replies per day by kind:', report.perDay.map(({ day, kinds }) => `  ${day}  ${Object.entries(kinds).map(([kind, count]) => `${kind} ${count}`).join(', ')}`));
  out.push('Run with --suggest for YAML to paste into the knowledge.');
  return out.join('\n');
}

/** YAML to paste: double-quoted JSON strings are valid YAML and quote whatever people typed. */
export function reportSuggestions(report: Report): string {
  const byEntry = new Map<string, { phrasing: string; why: string }[]>();
  for (const alternate of report.suggestions.alternates) byEntry.set(alternate.entry, [...(byEntry.get(alternate.entry) ?? []), alternate]);
  const out = [
    `# Proposed by \`footnote report --suggest\` from questions since ${report.since.slice(0, 10)}. Review each line, paste`,
    '# the alternates under their entry\'s `alternates:` and the phrasings under a family in',
    '# knowledge/unanswered.yaml, then run `footnote validate` (hot reload picks the edit up).',
    'alternates:',
    ...(byEntry.size === 0 ? ['  {}'] : []),
  ];
  for (const [entry, phrasings] of byEntry) {
    out.push(`  ${JSON.stringify(entry)}:`, ...phrasings.map(({ phrasing, why }) => `    - ${JSON.stringify(line(phrasing, 200))}  # ${why}`));
  }
  out.push('unanswered:');
  if (report.suggestions.unanswered.length === 0) out.push('  []');
  else {
    out.push('  - id: from-report', '    about: questions people asked repeatedly that the knowledge does not answer', '    phrasings:');
    out.push(...report.suggestions.unanswered.map(({ phrasing, why }) => `      - ${JSON.stringify(line(phrasing, 200))}  # ${why}`));
  }
  return out.join('\n');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const KIND_COLOURS: Record<AnswerKind, string> = { answer: '#2f7d32', topic: '#5c8d3a', timeline: '#1565c0', clarify: '#f9a825', decline: '#c62828', smalltalk: '#8e8e8e' };

/** Horizontal bars, one per row: inline SVG, so the page needs nothing from the network. */
function bars(items: { label: string; value: number }[]): string {
  if (items.length === 0) return '<p>(none)</p>';
  const max = Math.max(...items.map((item) => item.value));
  const height = items.length * 22;
  const rows = items.map((item, index) => {
    const width = Math.max(1, Math.round((item.value / max) * 300));
    return `<rect x="0" y="${index * 22 + 3}" width="${width}" height="16" fill="#c62828"/><text x="${width + 6}" y="${index * 22 + 16}">${item.value} — ${escapeHtml(line(item.label, 100))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" font-size="13" font-family="sans-serif">${rows.join('')}</svg>`;
}

function perDayChart(perDay: Report['perDay']): string {
  if (perDay.length === 0) return '<p>(none)</p>';
  const totals = perDay.map(({ kinds }) => Object.values(kinds).reduce((sum, count) => sum + (count ?? 0), 0));
  const max = Math.max(...totals);
  const barWidth = Math.max(4, Math.min(40, Math.floor(860 / perDay.length)));
  const columns = perDay.map(({ day, kinds }, index) => {
    let top = 200;
    const parts = (Object.keys(KIND_COLOURS) as AnswerKind[]).map((kind) => {
      const count = kinds[kind] ?? 0;
      const height = (count / max) * 200;
      top -= height;
      return count === 0 ? '' : `<rect x="${index * barWidth}" y="${top.toFixed(1)}" width="${barWidth - 2}" height="${height.toFixed(1)}" fill="${KIND_COLOURS[kind]}"><title>${day} ${kind}: ${count}</title></rect>`;
    });
    return parts.join('');
  });
  const legend = (Object.entries(KIND_COLOURS) as [AnswerKind, string][]).map(([kind, colour], index) => `<rect x="${index * 110}" y="212" width="12" height="12" fill="${colour}"/><text x="${index * 110 + 16}" y="223">${kind}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(660, perDay.length * barWidth)}" height="230" font-size="12" font-family="sans-serif">${columns.join('')}${legend.join('')}</svg>`;
}

export function reportHtml(report: Report): string {
  const table = (head: string[], rows: string[][]): string =>
    rows.length === 0 ? '<p>(none)</p>' : `<table><tr>${head.map((cell) => `<th>${cell}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(line(cell, 300))}</td>`).join('')}</tr>`).join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>footnote report</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}pre{background:#f5f5f5;padding:1em;overflow:auto}</style>
</head><body>
<h1>footnote report</h1>
<p>${report.questions.toLocaleString('en-US')} questions since ${escapeHtml(report.since.slice(0, 10))}${report.platform ? ` on ${escapeHtml(report.platform)}` : ''}.</p>
<h2>Replies per day by kind</h2>${perDayChart(report.perDay)}
<h2>Most refused</h2>${bars(report.refused.map((group) => ({ label: `${group.question} [${group.reason}]`, value: group.count })))}
<h2>Most clarified</h2>${table(['count', 'question', 'picked'], report.clarified.map((group) => [String(group.count), group.question, group.picked.map((pick) => `${pick.entry} ×${pick.count}`).join(', ')]))}
<h2>Answers with the most 👎</h2>${table(['👎', '👍', 'entry', 'questions that led to it'], report.downvoted.map((entry) => [String(entry.unhelpful), String(entry.helpful), entry.entry, entry.questions.map((question) => `${question.count}× ${question.question}`).join(' · ')]))}
<h2>Clarify choices</h2>${table(['count', 'asked', 'picked'], report.choices.map((choice) => [String(choice.count), choice.question, choice.entry]))}
<h2>Suggested YAML</h2><pre>${escapeHtml(reportSuggestions(report))}</pre>
</body></html>
`;
}
