// `footnote report` over what the conversation really recorded: questions asked through the
// in-memory adapter into a temp SQLite file, then the report's groups, votes, picks and YAML.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, MemoryChat } from '../../src/adapters/memory/memory-chat.js';
import { Conversation } from '../../src/conversation/conversation.js';
import { loadEngine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/logger.js';
import { Recorder } from '../../src/store/recorder.js';
import { buildReport, reportHtml, reportSuggestions, reportText, type Report } from '../../src/store/report.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { FIXTURES } from '../helpers/engine.js';

const folder = mkdtempSync(path.join(tmpdir(), 'footnote-report-'));
const file = path.join(folder, 'footnote.db');
const DAY = 86_400_000;
let report: Report;
let lastWeek: Report;
let clarifyPick = '';

beforeAll(async () => {
  const engine = await loadEngine(path.join(FIXTURES, 'pack-small'));
  let now = Date.UTC(2026, 2, 1, 12);
  const store = openSqliteStore(file, { hashSalt: 'report-test-salt-0001' });
  const logger = silentLogger();
  const recorder = new Recorder({ store, logger, stamp: () => 'sha256:s', retentionDays: 3650, now: () => now });
  const chat = new MemoryChat(new Conversation({ engine, logger, recorder, now: () => now }));
  // Refused three times in two wordings, and once in another: grouped by the normalised question.
  for (const question of ['Who is the CEO?', 'who is the ceo', 'who is the CEO??', 'what is the weather']) await chat.ask(question, { thread: null });
  // Answered, then 👎 twice and 👍 once; a paraphrase of the same entry 👍'd (its 👍 counts for the entry too).
  for (const verdict of ['Not helpful', 'Not helpful', 'Helpful']) {
    const reply = await chat.ask('how much did vesta bid?', { thread: null });
    await chat.click(buttonsOf(reply).find((button) => button.label === verdict)?.payload);
  }
  const paraphrase = await chat.ask('vesta offer size', { thread: null });
  await chat.click(buttonsOf(paraphrase).find((button) => button.label === 'Helpful')?.payload);
  // A clarify, then an option picked — eight days later than the rest.
  now += 8 * DAY;
  const clarify = await chat.ask('merger date', { thread: null });
  const option = buttonsOf(clarify).find((button) => button.payload.startsWith('q|'));
  const picked = await chat.click(option?.payload);
  clarifyPick = picked.kind === 'answer' ? (picked.answer.entry ?? '') : '';
  recorder.flush();
  const rows = store.questions({ since: 0, platform: null });
  report = buildReport(rows, { since: 0, platform: null, known: new Set(['how much did vesta bid']) });
  lastWeek = buildReport(store.questions({ since: now - 7 * DAY, platform: null }), { since: now - 7 * DAY, platform: null });
  expect(store.questions({ since: 0, platform: 'slack' })).toEqual([]);
  recorder.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('GIVEN recorded questions, votes and picks', () => {
  it('WHEN reported THEN refusals are grouped by normalised question and reason, most frequent first', () => {
    expect(report.refused[0]).toMatchObject({ key: 'who is the ceo', count: 3 });
    expect(report.refused.map((group) => group.count)).toEqual([3, 1]);
  });

  it('WHEN reported THEN the answer with the most 👎 comes with the questions that led to it', () => {
    expect(report.downvoted).toEqual([{ entry: 'vesta-bid', unhelpful: 2, helpful: 2, questions: [{ question: 'how much did vesta bid?', count: 2 }] }]);
  });

  it('WHEN reported THEN the clarify and the option picked under it are listed, and --since leaves out older days', () => {
    expect(report.clarified).toEqual([expect.objectContaining({ question: 'merger date', reason: 'ambiguous', count: 1, picked: [{ entry: clarifyPick, count: 1 }] })]);
    expect(report.choices).toEqual([{ question: 'merger date', entry: clarifyPick, count: 1 }]);
    expect(report.perDay.map((day) => day.day)).toEqual(['2026-03-01', '2026-03-09']);
    expect(lastWeek.refused).toEqual([]);
    expect(lastWeek.questions).toBe(2);
  });

  it('WHEN --suggest THEN valid YAML proposes the picked wording and the 👍 paraphrase as alternates, and the repeated refusal as unanswered, never a known phrasing', () => {
    const yaml = parseYaml(reportSuggestions(report)) as { alternates: Record<string, string[]>; unanswered: { phrasings: string[] }[] };
    expect(yaml.alternates[clarifyPick]).toEqual(['merger date']);
    expect(yaml.alternates['vesta-bid']).toEqual(['vesta offer size']);
    expect(yaml.unanswered[0]?.phrasings).toEqual(['who is the ceo']);
  });

  it('WHEN rendered as text and HTML THEN each section is there, the page has inline SVG and loads nothing from the network, and user text is escaped', () => {
    expect(reportText(report)).toMatch(/Most refused[^\n]*\n +3 {2}who is the ceo\W* {2}\[unknown-subject\][\s\S]*Answers with the most 👎:\n +2 {2}vesta-bid/i);
    const html = reportHtml({ ...report, refused: [{ key: 'x', question: '<script>alert(1)</script>', reason: 'unknown-subject', count: 2 }] });
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=|href=|@import/);
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('GIVEN pasted walls of text among the refusals', () => {
  it('WHEN reported THEN a report line stays short and safe, and a too-long refusal is never proposed as a phrasing', () => {
    const long = `what did amazon invest? ${'a'.repeat(3_000)}`;
    const row = { at: 0, platform: 'slack' as const, via: 'question' as const, kind: 'decline' as const, entry: null, helpful: 0, unhelpful: 0, picked: null };
    const rows = [
      ...Array.from({ length: 3 }, () => ({ ...row, question: long, key: long, reason: 'too-long' as const })),
      ...Array.from({ length: 2 }, () => ({ ...row, question: 'who runs\u202e the moon?', key: 'who runs the moon', reason: 'unknown-subject' as const })),
    ];
    const built = buildReport(rows, { since: 0, platform: null });
    const refusedLines = reportText(built).split('\n').filter((text) => /\[(too-long|unknown-subject)\]/.test(text));
    expect(refusedLines).toHaveLength(2);
    for (const text of refusedLines) expect(text.length).toBeLessThan(200);
    expect(refusedLines.join('\n')).not.toContain('\u202e');
    expect(built.suggestions.unanswered).toEqual([{ phrasing: 'who runs\u202e the moon?', why: 'refused 2× (unknown-subject)' }]);
    expect(reportSuggestions(built)).toContain('- "who runs the moon?"  # refused 2×');
  });
});
