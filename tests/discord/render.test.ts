import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Answer, SourceRef, Timeline, TimelineEvent } from '../../src/engine/types.js';
import { BUTTON_PAYLOAD_LIMITS, decodeButton, encodeButton } from '../../src/conversation/buttons.js';
import { renderAnswer, renderNotice, renderReply, renderTimeline } from '../../src/adapters/discord/render.js';
import { encodeLinkUrl, truncate } from '../../src/adapters/discord/render-text.js';
import { describeRenderContract } from '../contract/render-contract.js';
import { discordRenderContract as contract } from './render-contract-discord.js';

describeRenderContract(contract);

const source = (n: number, overrides: Partial<SourceRef> = {}): SourceRef => ({
  id: `s${n}`,
  title: `Source title ${n}`,
  publisher: `Publisher ${n}`,
  url: `https://example.com/articles/${n}`,
  date: '2026-02-27',
  ...overrides,
});

const answer = (overrides: Partial<Answer> = {}): Answer => ({
  kind: 'answer',
  reason: 'matched',
  answered: true,
  question: 'what did Amazon invest?',
  text: 'Amazon said it would invest $50 billion.',
  sources: [source(1), source(2)],
  confidence: 0.9,
  entry: 'amazon-investment',
  matchedQuestion: 'How much is Amazon investing in OpenAI?',
  suggestions: [{ entry: 'amazon-partnership', question: 'What did OpenAI and Amazon announce?' }],
  ...overrides,
});

const event = (n: number, text = `Event number ${n} happened.`): TimelineEvent => ({
  fact: `f${n}`,
  date: `2026-01-${String((n % 28) + 1).padStart(2, '0')}`,
  dateLabel: `${(n % 28) + 1} Jan 2026`,
  text,
  sources: [source(n)],
});

const timeline = (events: TimelineEvent[], total = events.length): Timeline => ({
  overview: 'What happened between the companies.',
  topic: 'amazon',
  from: '2026',
  to: null,
  events,
  total,
});

describe('GIVEN an answer', () => {
  it('THEN every source is a link with title, publisher and date, and the matched question is the title', () => {
    const message = renderAnswer(answer());
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1', 'https://example.com/articles/2']);
    expect(message.embeds[0]?.fields?.[0]?.value).toContain('[Source title 1](https://example.com/articles/1) — Publisher 1, 2026-02-27');
    expect(message.embeds[0]?.title).toBe('How much is Amazon investing in OpenAI?');
    expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(contract.limitViolations(message)).toEqual([]);
  });

  it('WHEN the question and texts are hostile THEN nothing reads as a mention or a masked link', () => {
    const hostile = '@everyone @here <@123456789012345678> <@&123456789012345678> [click](https://evil.example)';
    const message = renderAnswer(answer({ question: hostile, text: hostile, matchedQuestion: hostile, sources: [source(1, { title: hostile })] }));
    expect(contract.hasLiveMention(contract.visibleText(message))).toBe(false);
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1']);
  });

  it('WHEN it is enormous THEN Discord limits still hold and all sources stay links', () => {
    const sources = Array.from({ length: 30 }, (_, n) => source(n, { title: 'T'.repeat(300) }));
    const message = renderAnswer(answer({ text: 'word '.repeat(3000), question: 'q'.repeat(3000), matchedQuestion: 'm'.repeat(500), sources }));
    expect(contract.limitViolations(message)).toEqual([]);
    expect(new Set(contract.sourceLinks(message)).size).toBe(30);
  });

  it('WHEN it is a clarify THEN the closest questions are buttons that carry the question, and there is no feedback row', () => {
    const message = renderAnswer(
      answer({
        kind: 'clarify',
        answered: false,
        entry: null,
        matchedQuestion: null,
        sources: [],
        suggestions: [
          { entry: 'a', question: 'How much is Amazon investing in OpenAI?' },
          { entry: 'b', question: `A very long question ${'x'.repeat(200)}` },
        ],
      }),
    );
    const ids = message.components.flatMap((row) => row.components.map((button) => button.custom_id));
    expect(ids).toHaveLength(2);
    expect(decodeButton(ids[0])).toEqual({ kind: 'ask', reply: null, entry: 'a' });
    expect(ids.some((id) => decodeButton(id)?.kind === 'feedback')).toBe(false);
    expect(contract.limitViolations(message)).toEqual([]);
  });

  it('THEN the buttons carry the reply id, so feedback reads nothing back out of the embed', () => {
    const message = renderAnswer(answer(), { reply: 'r7' });
    const actions = message.components.flatMap((row) => row.components.map((button) => decodeButton(button.custom_id)));
    expect(actions).toContainEqual({ kind: 'feedback', reply: 'r7', helpful: true, entry: null });
    expect(actions).toContainEqual({ kind: 'feedback', reply: 'r7', helpful: false, entry: null });
  });

  it('WHEN the reply is a follow-up THEN what it was taken as shows above the title instead of "Asked:", pinging nobody', () => {
    const [embed] = renderAnswer(answer({ question: 'When did @everyone invest?' }), { tookAs: 'When did @everyone invest?' }).embeds;
    expect(embed?.author?.name).toBe('Taking that as: “When did @\u200beveryone invest?”');
    expect(embed?.footer).toBeUndefined();
  });
});

/** C0 and C1 controls, line and paragraph separators, and every bidi control: none may be echoed. */
const ECHO_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('GIVEN a question carrying control characters', () => {
  it('THEN the "Asked:" footer echoes it without NUL, BEL, ESC, line breaks or bidi controls', () => {
    const typed = 'what\u0000did\u0007 \u001b[2JAmazon\u202e\u2066 invest?\u2028\r\nreally\u200f';
    const footer = renderAnswer(answer({ question: typed })).embeds[0]?.footer?.text ?? '';
    expect(footer).toBe('Asked: what did [2JAmazon invest? really');
    expect(footer).not.toMatch(ECHO_CONTROLS);
  });

  it('THEN a /timeline error quoting the typed `from` shows it without them', () => {
    const typed = '20\u001b[31m30\u0007\u202e';
    // The engine quotes what was typed, as it does for a range it does not understand.
    const notice = renderReply({ kind: 'timeline-problem', error: { code: 'bad-range', message: `"${typed}" is not a date range I understand.`, example: '/timeline amazon 2026' } });
    const [echoed] = (notice.content ?? '').split('\n');
    expect(echoed).toBe('"20 \\[31m30 " is not a date range I understand.');
    expect(echoed).not.toMatch(ECHO_CONTROLS);
    expect(notice.ephemeral).toBe(true);
  });
});

describe('GIVEN a timeline', () => {
  it('THEN events appear in order with their dates and source links', () => {
    const message = renderTimeline(timeline([event(1), event(2)]));
    const description = message.embeds[0]?.description ?? '';
    expect(description.indexOf('**2 Jan 2026**')).toBeLessThan(description.indexOf('**3 Jan 2026**'));
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1', 'https://example.com/articles/2']);
    expect(description).not.toMatch(/more event/);
  });

  it('WHEN there are more events than fit THEN limits hold and it says how many more', () => {
    const events = Array.from({ length: 200 }, (_, n) => event(n, `Long event text ${n} `.repeat(20)));
    const message = renderTimeline(timeline(events, 250));
    expect(contract.limitViolations(message)).toEqual([]);
    const shown = contract.sourceLinks(message).length;
    expect(shown).toBeGreaterThan(3);
    expect(message.embeds[0]?.description).toContain(`${250 - shown} more events not shown`);
  });

  it('WHEN it is empty THEN it says so', () => {
    expect(renderTimeline(timeline([])).embeds[0]?.description).toContain('No dated events');
  });
});

describe('GIVEN notices and helpers', () => {
  it('THEN notices are plain content that pings nobody', () => {
    const notice = renderNotice('Hello @everyone', { ephemeral: true });
    expect(notice).toMatchObject({ ephemeral: true, allowedMentions: { parse: [], repliedUser: false } });
    expect(contract.hasLiveMention(notice.content ?? '')).toBe(false);
  });

  it('THEN truncate never splits a surrogate pair and respects the maximum', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 150 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(Buffer.from(cut, 'utf16le').toString('utf16le')).toBe(cut);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
      }),
    );
  });

  it('THEN button payloads round-trip and never exceed 100 characters, or are left out', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,12}$/), fc.option(fc.stringMatching(/^[0-9a-z]{1,16}$/), { nil: null }), (entry, reply) => {
        const payload = encodeButton({ kind: 'ask', reply, entry }, BUTTON_PAYLOAD_LIMITS.discord);
        if (payload === null) return;
        expect(payload.length).toBeLessThanOrEqual(100);
        expect(decodeButton(payload)).toEqual({ kind: 'ask', reply, entry });
      }),
    );
  });
});

describe('GIVEN arbitrary engine output', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 1500 });
  const sourceArb = fc.record({
    id: fc.string({ minLength: 1, maxLength: 10 }),
    title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }),
    publisher: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
    url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
    date: fc.constant('2026-02-27'),
  });

  it('THEN every rendered answer is sendable and shows every source as a link (up to 10 sources)', () => {
    fc.assert(
      fc.property(text, text, fc.option(text, { nil: null }), fc.array(sourceArb, { minLength: 1, maxLength: 10 }), (question, body, matched, sources) => {
        const message = renderAnswer(answer({ question, text: body, matchedQuestion: matched, sources }));
        expect(contract.limitViolations(message)).toEqual([]);
        const links = contract.sourceLinks(message);
        for (const { url } of sources) expect(links).toContain(encodeLinkUrl(url));
        expect(contract.hasLiveMention(contract.visibleText(message))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('THEN every rendered timeline is sendable and accounts for every event', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 80 }), fc.nat(50), (texts, extra) => {
        const events = texts.map((eventText, n) => event(n, eventText === '' ? 'x' : eventText));
        const message = renderTimeline(timeline(events, events.length + extra));
        expect(contract.limitViolations(message)).toEqual([]);
        const shown = contract.sourceLinks(message).length;
        const hidden = events.length + extra - shown;
        if (hidden > 0) expect(message.embeds[0]?.description).toContain(`${hidden} more event`);
      }),
      { numRuns: 100 },
    );
  });
});
