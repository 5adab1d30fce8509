// Property-based hardening (issue 6, "Bad input"): hostile chat text through normalisation,
// matching and every renderer. Each property runs at least 10,000 generated inputs; one engine is
// loaded for the whole file. Reproduce a failure with FC_SEED=<seed printed by fast-check>.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH, type KnowledgeEngine } from '../../src/engine/engine.js';
import { MESSAGES } from '../../src/engine/messages.js';
import { cleanText, MAX_NORMALIZED_LENGTH } from '../../src/engine/normalize.js';
import type { Answer, AnswerKind, SourceRef } from '../../src/engine/types.js';
import { realEngine } from '../helpers/engine.js';
import { echoedAnswer, echoedTimeline, hostileText, partialText, suggestLimit, type KnowledgeView } from './arbitraries.js';
import { PLATFORMS, type EchoOptions, type Expectation, type Platform } from './render-checks.js';

const RUNS = 10_000;
/** One seed per file run, shared by the renderer properties so they see the same questions. */
const SEED = process.env.FC_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FC_SEED);
const KINDS: readonly AnswerKind[] = ['answer', 'topic', 'timeline', 'clarify', 'decline', 'smalltalk'];
const ANSWERED: ReadonlySet<AnswerKind> = new Set(['answer', 'topic', 'timeline']);
const MAX_SUGGESTIONS = 3;

const counts = new Map<string, number>();
const count = (property: string): void => {
  counts.set(property, (counts.get(property) ?? 0) + 1);
};
const params = (): { numRuns: number; seed: number } => ({ numRuns: RUNS, seed: SEED });

let engine: KnowledgeEngine;
let view: KnowledgeView;
let knowledgeUrls: ReadonlySet<string>;
let hostile: fc.Arbitrary<string>;

beforeAll(async () => {
  engine = await realEngine();
  const questions = engine.suggest('', 50).map((suggestion) => suggestion.question);
  view = {
    questions,
    entryIds: engine.knowledge.entries.map((entry) => entry.id),
    sources: [...engine.knowledge.sources.values()].map(({ id, title, publisher, url, date }) => ({ id, title, publisher, url, date })),
  };
  knowledgeUrls = new Set(view.sources.map((source) => source.url));
  hostile = hostileText(questions, MAX_QUESTION_LENGTH);
});

afterAll(() => {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const breakdown = [...counts.entries()].map(([name, n]) => `${name}: ${n}`).join(', ');
  console.log(`properties: ${total} inputs (seed ${SEED}) — ${breakdown}`);
});

// ------------------------------------------------------------------ helpers

const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Everything an Answer promises (types.ts, design.md), as a list of broken promises. */
function answerProblems(answer: Answer, asked: string): string[] {
  const problems: string[] = [];
  if (!KINDS.includes(answer.kind)) problems.push(`unknown kind ${String(answer.kind)}`);
  if (answer.answered !== ANSWERED.has(answer.kind)) problems.push(`answered=${answer.answered} for ${answer.kind}`);
  if (answer.question !== asked) problems.push('question is not echoed as asked');
  if (typeof answer.text !== 'string' || answer.text.trim() === '') problems.push('empty text');
  if (ANY_CONTROL.test(answer.text)) problems.push('control character in text');
  if (!Number.isFinite(answer.confidence) || answer.confidence < 0 || answer.confidence > 1) problems.push(`confidence ${answer.confidence}`);
  if (answer.suggestions.length > MAX_SUGGESTIONS) problems.push(`${answer.suggestions.length} suggestions`);
  for (const suggestion of answer.suggestions) {
    if (engine.knowledge.entryById.get(suggestion.entry)?.question !== suggestion.question) problems.push(`suggestion ${suggestion.entry} is not a knowledge question`);
  }
  if (answer.kind === 'clarify' && answer.suggestions.length === 0) problems.push('clarify offers nothing to pick');
  const timelineSources = answer.timeline?.events.flatMap((event) => event.sources) ?? [];
  for (const source of [...answer.sources, ...timelineSources]) {
    if (!knowledgeUrls.has(source.url) || engine.knowledge.sources.get(source.id)?.url !== source.url) problems.push(`source ${source.id} ${source.url} is not the knowledge's`);
  }
  if (answer.answered) {
    if (answer.sources.length === 0) problems.push('answered without a source');
    if (answer.entry === null) problems.push('answered without an entry');
  }
  if (answer.kind === 'answer' && !engine.knowledge.entryById.has(answer.entry ?? '')) problems.push(`answer from unknown entry ${answer.entry}`);
  if ((answer.kind === 'timeline') !== (answer.timeline !== undefined)) problems.push('timeline present iff kind is timeline');
  for (const event of answer.timeline?.events ?? []) if (event.sources.length === 0) problems.push(`event ${event.fact} without a source`);
  if (asked.length > MAX_QUESTION_LENGTH && (answer.kind !== 'decline' || answer.text !== MESSAGES.tooLong(MAX_QUESTION_LENGTH))) problems.push('over the length cap but not refused');
  return problems;
}

const urlsOf = (sources: readonly SourceRef[]): Set<string> => new Set(sources.map((source) => source.url));

/** What a rendered engine answer may and must link to. */
function expectationFor(answer: Answer, asker?: string): Expectation {
  const eventSources = answer.timeline?.events.flatMap((event) => event.sources) ?? [];
  return {
    allowed: urlsOf([...answer.sources, ...eventSources]),
    // Timeline events may be cut to fit a platform; an answer's own sources never are.
    required: answer.timeline === undefined ? urlsOf(answer.sources) : new Set(),
    answered: answer.answered,
    ...(asker === undefined ? {} : { asker }),
  };
}


/** Slack echoes who asked: nobody, a real user id (a deliberate mention), or a forged id. */
const echoArbitrary = (text: fc.Arbitrary<string>): fc.Arbitrary<EchoOptions> =>
  fc.oneof(
    fc.constant({}),
    text.map((asked) => ({ askedBy: 'U0123ABCD', asked })),
    fc.tuple(text, text).map(([askedBy, asked]) => ({ askedBy, asked })),
  );
const askerOf = (echo: EchoOptions): string | undefined => (echo.askedBy !== undefined && /^[UW][A-Z0-9]{2,}$/.test(echo.askedBy) ? echo.askedBy : undefined);

function assertRendered<Payload>(platform: Platform<Payload>, render: () => Payload, expectation: Expectation, input: unknown): void {
  let payload: Payload;
  try {
    payload = render();
  } catch (error) {
    throw new Error(`${platform.name} renderer threw on ${JSON.stringify(input).slice(0, 300)}: ${String(error)}`);
  }
  const problems = platform.problems(payload, expectation);
  expect(problems, `${platform.name}: ${JSON.stringify(input).slice(0, 300)}`).toEqual([]);
}

// Engine answers are shared by the three renderer properties (same seed, same questions).
const answers = new Map<string, Answer>();
const answerOf = (question: string): Answer => {
  let answer = answers.get(question);
  if (answer === undefined) {
    answer = engine.answer(question);
    answers.set(question, answer);
  }
  return answer;
};

// ------------------------------------------------------------------ (1) normalisation and matching

describe('GIVEN hostile chat text', () => {
  it('WHEN normalised THEN cleanText never throws and returns bounded, lower-case words only, idempotently', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        count('cleanText');
        const cleaned = cleanText(text);
        expect(typeof cleaned).toBe('string');
        expect(cleaned.length).toBeLessThanOrEqual(MAX_NORMALIZED_LENGTH);
        expect(cleaned).toMatch(/^(?:[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)?$/u);
        expect(cleaned).toBe(cleaned.toLowerCase());
        expect(cleanText(cleaned)).toBe(cleaned);
      }),
      params(),
    );
  });

  it('WHEN asked THEN engine.answer never throws and returns a well-formed Answer citing only knowledge sources', () => {
    fc.assert(
      fc.property(hostile, (question) => {
        count('answer');
        const answer = answerOf(question);
        expect(answerProblems(answer, question), JSON.stringify(question).slice(0, 300)).toEqual([]);
      }),
      params(),
    );
  });

  // ---------------------------------------------------------------- (2) timeline text and autocomplete

  it('WHEN sent as /timeline text THEN timelineFromText never throws and returns a cited timeline or an error as data', () => {
    fc.assert(
      fc.property(hostile, fc.option(suggestLimit, { nil: undefined }), (text, limit) => {
        count('timelineFromText');
        const result = engine.timelineFromText(text, limit);
        if (!result.ok) {
          expect(['unknown-topic', 'bad-range', 'empty-range']).toContain(result.error.code);
          expect(result.error.message.trim()).not.toBe('');
          expect(result.error.example.trim()).not.toBe('');
          return;
        }
        const { timeline } = result;
        expect(timeline.overview.trim()).not.toBe('');
        expect(timeline.total).toBeGreaterThanOrEqual(timeline.events.length);
        for (const event of timeline.events) {
          expect(event.sources.length, event.fact).toBeGreaterThan(0);
          for (const source of event.sources) expect(knowledgeUrls).toContain(source.url);
        }
        const dates = timeline.events.map((event) => event.date);
        expect(dates).toEqual([...dates].sort());
      }),
      params(),
    );
  });

  it('WHEN typed into autocomplete THEN suggest never throws and returns at most `limit` distinct knowledge questions', () => {
    fc.assert(
      fc.property(partialText(view.questions), suggestLimit, (partial, limit) => {
        count('suggest');
        const suggestions = engine.suggest(partial, limit);
        const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
        expect(suggestions.length).toBeLessThanOrEqual(max);
        expect(new Set(suggestions.map((s) => s.entry)).size).toBe(suggestions.length);
        for (const suggestion of suggestions) expect(engine.knowledge.entryById.get(suggestion.entry)?.question).toBe(suggestion.question);
      }),
      params(),
    );
  }, 120_000);
});

// ------------------------------------------------------------------ (3) every renderer

describe.each(PLATFORMS.map((platform) => [platform.name, platform] as const))('GIVEN the %s renderer', (name, platform: Platform<unknown>) => {
  it('WHEN it renders the engine answer to hostile text THEN no throw, limits hold, nobody is pinged, only the answer\'s knowledge links', () => {
    fc.assert(
      fc.property(hostile, echoArbitrary(hostile), (question, echo) => {
        count(`${name} engine answers`);
        const answer = answerOf(question);
        const expectation = expectationFor(answer, askerOf(echo));
        assertRendered(platform, () => platform.renderAnswer(answer, echo), expectation, { question, echo });
      }),
      params(),
    );
  });

  it('WHEN an answer echoes hostile text as question, text, title and suggestions THEN it is escaped and the sources area holds exactly the knowledge links', () => {
    fc.assert(
      fc.property(echoedAnswer(view, MAX_QUESTION_LENGTH), echoArbitrary(hostile), (answer, echo) => {
        count(`${name} echoed answers`);
        assertRendered(platform, () => platform.renderAnswer(answer, echo), expectationFor(answer, askerOf(echo)), { answer, echo });
      }),
      params(),
    );
  });

  it('WHEN it renders /timeline replies to hostile text (timelines, hostile-worded timelines, errors) THEN the same holds', () => {
    const timelineCase = fc.oneof(
      hostile.map((text) => ({ text, timeline: undefined })),
      fc.tuple(hostile, echoedTimeline(view, MAX_QUESTION_LENGTH)).map(([text, timeline]) => ({ text, timeline })),
    );
    fc.assert(
      fc.property(timelineCase, echoArbitrary(hostile), ({ text, timeline: handMade }, echo) => {
        count(`${name} timelines`);
        const asker = askerOf(echo);
        const result = handMade === undefined ? engine.timelineFromText(text) : { ok: true as const, timeline: handMade };
        if (!result.ok) {
          const expectation: Expectation = { allowed: new Set(), required: new Set(), answered: false };
          assertRendered(platform, () => platform.renderTimelineError(result.error), expectation, { text });
          return;
        }
        const { timeline } = result;
        const expectation: Expectation = {
          allowed: urlsOf(timeline.events.flatMap((event) => event.sources)),
          required: new Set(),
          answered: timeline.events.length > 0,
          ...(asker === undefined ? {} : { asker }),
        };
        assertRendered(platform, () => platform.renderTimeline(timeline, { ...echo, asked: echo.asked ?? text }), expectation, { text, handMade: handMade !== undefined, echo });
      }),
      params(),
    );
  });
});
