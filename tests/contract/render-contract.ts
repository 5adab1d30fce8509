// The one contract every platform renderer passes: each source is a link, user text is escaped
// (no live mention can come out of a question), and the platform's limits hold.
// Each platform's test file calls describeRenderContract with its own adapter of these functions.
import { describe, expect, it } from 'vitest';
import type { Answer, Timeline } from '../../src/engine/types.js';
import { realEngine } from '../helpers/engine.js';

export interface RenderContract<Payload> {
  platform: string;
  renderAnswer(answer: Answer): Payload;
  renderTimeline(timeline: Timeline): Payload;
  /** Every URL the payload shows as a link in its sources area. */
  sourceLinks(payload: Payload): string[];
  /** All text a person would see, concatenated, to look for live mentions. */
  visibleText(payload: Payload): string;
  /** Descriptions of any broken platform limit (empty when all hold). */
  limitViolations(payload: Payload): string[];
  /** True if the text contains something the platform would turn into a ping. */
  hasLiveMention(text: string): boolean;
}


/** Questions that try to ping, forge a link or a source, or overflow the platform. */
export const HOSTILE_QUESTIONS = [
  '<!channel> what did amazon invest?',
  '<!here> <!everyone> @everyone @here is azure still exclusive?',
  '<@U0123ABC> <@!123456789012345678> <@&987654321098765432> who wrote the memo?',
  '<#C024BE7LR|general> stargate?',
  '[official source](https://evil.example/fake) what did amazon invest?',
  '<https://evil.example/fake|OpenAI announcement> amazon investment',
  '**Source: https://evil.example** <a href="https://evil.example">x</a> timeline',
  '```<!channel>``` who is the ceo of openai?',
  '&lt;!channel&gt; & < > "quotes" \'single\' help',
  `${'why does the cloud fight matter '.repeat(30)}`,
];

const ORDINARY_QUESTIONS = [
  'what did Amazon invest?', 'timeline pls', 'tell me about stargate', 'amazon deal', 'memo',
  'hi', 'thanks', 'help', "who is OpenAI's CEO?", '',
];

/**
 * The shared contract: run it from each platform's test file with that platform's functions.
 * It renders real engine output (answers of every kind, full and long timelines) and hostile input.
 */
export function describeRenderContract<Payload>(contract: RenderContract<Payload>): void {
  describe(`${contract.platform} render contract`, () => {
    it('GIVEN every kind of reply THEN every source is a link, no other link sits among them, limits hold', async () => {
      const engine = await realEngine();
      for (const question of [...ORDINARY_QUESTIONS, ...HOSTILE_QUESTIONS]) {
        const answer = engine.answer(question);
        const payload = contract.renderAnswer(answer);
        const links = contract.sourceLinks(payload);
        const sourceUrls = new Set([...answer.sources.map((source) => source.url), ...(answer.timeline?.events ?? []).flatMap((event) => event.sources.map((source) => source.url))]);
        for (const url of sourceUrls) expect(links, `${question}: ${url} shown as a link`).toContain(url);
        for (const link of links) expect(sourceUrls, `${question}: only knowledge URLs in the sources area`).toContain(link);
        if (answer.answered) expect(links.length, `${question}: answered without a link`).toBeGreaterThan(0);
        expect(contract.limitViolations(payload), question).toEqual([]);
      }
    });

    it('GIVEN hostile questions THEN nothing the platform shows can ping anyone', async () => {
      const engine = await realEngine();
      for (const question of HOSTILE_QUESTIONS) {
        const payload = contract.renderAnswer(engine.answer(question));
        expect(contract.hasLiveMention(contract.visibleText(payload)), question).toBe(false);
      }
    });

    it('GIVEN a reply that echoes the raw question THEN the echo is escaped', () => {
      for (const question of HOSTILE_QUESTIONS) {
        const payload = contract.renderAnswer({
          kind: 'decline', reason: 'unknown-subject', answered: false, question, text: `You asked: ${question}`, sources: [], confidence: 0, entry: null, matchedQuestion: null, suggestions: [{ entry: 'x', question }],
        });
        expect(contract.hasLiveMention(contract.visibleText(payload)), question).toBe(false);
        expect(contract.sourceLinks(payload)).toEqual([]);
        expect(contract.limitViolations(payload)).toEqual([]);
      }
    });

    it('GIVEN the full timeline and one many times longer THEN every shown event links its sources and limits hold', async () => {
      const engine = await realEngine();
      const result = engine.timeline({});
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const full = contract.renderTimeline(result.timeline);
      expect(contract.limitViolations(full)).toEqual([]);
      for (const event of result.timeline.events) for (const source of event.sources) expect(contract.sourceLinks(full)).toContain(source.url);

      const events = Array.from({ length: 20 }, () => result.timeline.events).flat();
      const long = contract.renderTimeline({ ...result.timeline, events, total: events.length + 7 });
      expect(contract.limitViolations(long)).toEqual([]);
      expect(contract.visibleText(long)).toMatch(/more/);
    });
  });
}
