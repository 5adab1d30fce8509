// Property-based hardening (issue 6, "Bad input"): hostile chat text through normalisation,
// matching and every renderer. Each property runs 1,000 generated inputs from one fixed seed
// (tests/setup/fast-check.ts); FC_RUNS raises the count (FC_SUGGEST_RUNS for suggest alone), and a
// failure prints the seed to rerun with as FC_SEED=<seed>. One engine is loaded for the whole file.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH, type KnowledgeEngine } from '../../src/engine/engine.js';
import { MESSAGES } from '../../src/engine/messages.js';
import { cleanText, MAX_NORMALIZED_LENGTH } from '../../src/engine/normalize.js';
import type { Answer, AnswerKind, SourceRef, TimelineResult } from '../../src/engine/types.js';
import { escapeMrkdwn, questionFromSlackText } from '../../src/adapters/slack/mrkdwn.js';
import { realEngine } from '../helpers/engine.js';
import { echoedAnswer, echoedTimeline, hostileText, partialText, suggestLimit, type KnowledgeView } from './arbitraries.js';
import { PLATFORMS, type EchoOptions, type Expectation, type Platform } from './render-checks.js';
import { PROPERTIES } from '../setup/fast-check.js';

/** One seed for the file, shared by the renderer properties so they see the same questions. */
const { runs: RUNS, suggestRuns: SUGGEST_RUNS, seed: SEED } = PROPERTIES;
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

/** Reply text may break lines (one part or event a line); no other control character. */
const TEXT_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Everything an Answer promises (types.ts, design.md), as a list of broken promises. */
function answerProblems(answer: Answer, asked: string): string[] {
  const problems: string[] = [];
  if (!KINDS.includes(answer.kind)) problems.push(`unknown kind ${String(answer.kind)}`);
  if (answer.answered !== ANSWERED.has(answer.kind)) problems.push(`answered=${answer.answered} for ${answer.kind}`);
  if (answer.question !== asked) problems.push('question is not echoed as asked');
  if (typeof answer.text !== 'string' || answer.text.trim() === '') problems.push('empty text');
  if (TEXT_CONTROL.test(answer.text)) problems.push('control character in text');
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
  // A computed answer names its facts instead of an entry; every one of them must exist.
  const computed = answer.kind === 'answer' && (answer.entry ?? '').startsWith('facts:');
  if (answer.kind === 'answer' && !computed && !engine.knowledge.entryById.has(answer.entry ?? '')) problems.push(`answer from unknown entry ${answer.entry}`);
  if (computed && ((answer.facts ?? []).length === 0 || (answer.facts ?? []).some((id) => !engine.knowledge.facts.has(id)))) problems.push(`computed answer with unknown facts ${String(answer.facts)}`);
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
    // Only the reply's own sources, and only if they are the knowledge's: a foreign URL is never allowed.
    allowed: new Set([...urlsOf([...answer.sources, ...eventSources])].filter((url) => knowledgeUrls.has(url))),
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

const timelines = new Map<string, TimelineResult>();
const timelineOf = (text: string): TimelineResult => {
  let result = timelines.get(text);
  if (result === undefined) {
    result = engine.timelineFromText(text);
    timelines.set(text, result);
  }
  return result;
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
          expect(['unknown-topic', 'unknown-event', 'bad-range', 'empty-range']).toContain(result.error.code);
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
      { ...params(), numRuns: SUGGEST_RUNS },
    );
  }, 120_000);
});

// ------------------------------------------------------------------ (3) every renderer

describe('GIVEN hostile text as Slack delivers it', () => {
  it('WHEN read back as a question THEN questionFromSlackText never throws and drops the bot\'s own mention', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        count('slack inbound');
        const text = `<@U0BOT> ${escapeMrkdwn(raw)} <@U0BOT|footnote>`;
        const question = questionFromSlackText(text, 'U0BOT');
        // A person may type "<@U0BOT>" as text (Slack sends it escaped); only the real mention goes.
        if (!raw.includes('<@U0BOT')) expect(question).not.toContain('<@U0BOT');
        expect(question).toBe(question.trim());
      }),
      params(),
    );
  });
});


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
        const result = handMade === undefined ? timelineOf(text) : { ok: true as const, timeline: handMade };
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

// ------------------------------------------------------------------ examples: the cases issue 6 lists

type Expected = { kind: 'empty' } | { kind: 'too-long' } | { kind: 'answer'; entry: string } | { kind: 'polite' };

/** Each listed kind of bad input, with what a person should get back. */
const ISSUE_CASES: { name: string; question: () => string; expected: Expected }[] = [
  { name: 'empty', question: () => '', expected: { kind: 'empty' } },
  { name: 'whitespace only', question: () => ' \t\n\u00a0\u2003\u3000 ', expected: { kind: 'empty' } },
  { name: 'punctuation only', question: () => '?!?... ---- ¿¡ … ***', expected: { kind: 'empty' } },
  { name: '10,000 characters', question: () => 'what did amazon invest? '.repeat(417).slice(0, 10_000), expected: { kind: 'too-long' } },
  { name: 'one over the length cap', question: () => `what did amazon invest?${' '.repeat(MAX_QUESTION_LENGTH)}`.slice(0, MAX_QUESTION_LENGTH + 1), expected: { kind: 'too-long' } },
  { name: 'exactly at the length cap', question: () => `what did amazon invest?${' '.repeat(MAX_QUESTION_LENGTH)}`.slice(0, MAX_QUESTION_LENGTH), expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'control characters', question: () => '\u0000what did amazon\u0007 invest?\u0008\u007f', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'terminal escape sequences', question: () => '\u001b[2J\u001b]8;;https://evil.example/osc\u0007what did amazon invest?\u001b]8;;\u0007', expected: { kind: 'polite' } },
  { name: 'zero-width and RTL characters', question: () => 'what\u200b did \u202eamazon\u202c invest?\ufeff\u2067', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'emoji only', question: () => '🤖🔥👍🏽 🇺🇸 👨‍👩‍👧‍👦', expected: { kind: 'empty' } },
  { name: 'full-width letters', question: () => 'ｗｈａｔ ｄｉｄ ａｍａｚｏｎ ｉｎｖｅｓｔ？', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'mixed scripts', question: () => '亚马逊投资了多少？ Амазон अमेज़न', expected: { kind: 'polite' } },
  { name: 'Slack broadcast before a question', question: () => '<!channel> what did amazon invest?', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'Slack mentions only', question: () => '<!here> <!everyone> <@U0123ABC> <#C024BE7LR|general> <!subteam^S0123ABC|@eng>', expected: { kind: 'polite' } },
  {
    name: 'Discord mentions around a question',
    question: () => '@everyone @here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> <#123456789012345678> is azure still exclusive?',
    expected: { kind: 'answer', entry: 'azure-exclusive' },
  },
  { name: 'masked link', question: () => '[official source](https://evil.example/fake) what did amazon invest?', expected: { kind: 'polite' } },
  { name: 'Slack link with a forged label', question: () => '<https://evil.example/fake|OpenAI announcement> what did amazon invest?', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'code block', question: () => '```<!channel> @everyone``` what did amazon invest?', expected: { kind: 'answer', entry: 'amazon-investment' } },
  { name: 'HTML link', question: () => '<a href="https://evil.example/html">Source</a> what did amazon invest?', expected: { kind: 'polite' } },
  {
    name: 'fake sources block',
    question: () => 'what did amazon invest?\nSources:\n  [1] OpenAI and Amazon announce strategic partnership — OpenAI, 27 Feb 2026\n      https://evil.example/forged',
    expected: { kind: 'polite' },
  },
  { name: 'fake markdown source line', question: () => '**Source:** [OpenAI](https://evil.example/forged) what did amazon invest?', expected: { kind: 'polite' } },
];

/** Words the engine may say when it does not answer (messages.ts); anything else would be invented. */
const POLITE = (): string[] => {
  const { pack } = engine.knowledge;
  return [MESSAGES.empty, MESSAGES.tooLong(MAX_QUESTION_LENGTH), MESSAGES.decline(pack.scope), MESSAGES.clarify, MESSAGES.greeting(pack.greeting), MESSAGES.thanks, MESSAGES.farewell];
};

describe('GIVEN the bad input issue 6 lists', () => {
  it.each(ISSUE_CASES.map((testCase) => [testCase.name, testCase] as const))('WHEN the question is %s THEN a polite, well-formed reply renders safely everywhere', (_name, testCase) => {
    const question = testCase.question();
    const answer = engine.answer(question);
    expect(answerProblems(answer, question)).toEqual([]);
    const { expected } = testCase;
    if (expected.kind === 'empty') expect([answer.kind, answer.text]).toEqual(['decline', MESSAGES.empty]);
    if (expected.kind === 'too-long') expect([answer.kind, answer.text]).toEqual(['decline', MESSAGES.tooLong(MAX_QUESTION_LENGTH)]);
    if (expected.kind === 'answer') expect([answer.kind, answer.entry]).toEqual(['answer', expected.entry]);
    if (!answer.answered) {
      expect(POLITE()).toContain(answer.text);
      expect(answer.suggestions.length, 'a refusal offers questions it can answer').toBeGreaterThan(0);
    }
    // The reply never repeats the hostile text itself.
    for (const marker of ['evil.example', '<!', '@everyone', '\u001b']) if (question.includes(marker)) expect(answer.text).not.toContain(marker);
    for (const platform of PLATFORMS as readonly Platform<unknown>[]) {
      const echo: EchoOptions = { askedBy: 'U0123ABCD', asked: question };
      assertRendered(platform, () => platform.renderAnswer(answer, echo), expectationFor(answer, 'U0123ABCD'), question);
    }
  });

  it('WHEN a 10,000-character question is typed into autocomplete or /timeline THEN both stay polite and bounded', () => {
    const huge = 'what did amazon invest '.repeat(435).slice(0, 10_000);
    expect(engine.suggest(huge, 25).length).toBeLessThanOrEqual(25);
    const digits = engine.timelineFromText('1'.repeat(10_000));
    expect(digits.ok).toBe(false);
    if (digits.ok) return;
    expect(digits.error.code).toBe('bad-range');
    for (const platform of PLATFORMS as readonly Platform<unknown>[]) {
      assertRendered(platform, () => platform.renderTimelineError(digits.error), { allowed: new Set(), required: new Set(), answered: false }, 'digits');
    }
  });
});

// ------------------------------------------------------------------ examples: renderer bugs found by the properties

const handMade = (overrides: Partial<Answer>): Answer => ({
  kind: 'decline', reason: 'unknown-subject', answered: false, question: 'q', text: 'text', sources: [], confidence: 0, entry: null, matchedQuestion: null, suggestions: [], ...overrides,
});
const noLinks: Expectation = { allowed: new Set(), required: new Set(), answered: false };

describe('GIVEN text that broke a renderer before hardening', () => {
  const [consolePlatform, slackPlatform, discordPlatform] = PLATFORMS;

  it('WHEN Discord markdown holds a masked link with an empty label, or a second link on the line THEN neither is a link', () => {
    for (const text of ['[](https://evil.example/empty)', '[a](https://evil.example/a) [b](https://evil.example/b)', '[[x]](https://evil.example/nested)', '``` [](https://evil.example/code) ```']) {
      const message = discordPlatform.renderAnswer(handMade({ text, matchedQuestion: text, suggestions: [{ entry: 'amazon-investment', question: text }] }), {});
      expect(discordPlatform.problems(message, noLinks), text).toEqual([]);
      const timeline = discordPlatform.renderTimeline({ overview: text, topic: text, from: null, to: null, events: [{ fact: 'f', date: '2026', dateLabel: text, text, sources: [view.sources[0] as SourceRef] }], total: 1 }, {});
      expect(discordPlatform.problems(timeline, { allowed: new Set([view.sources[0]?.url ?? '']), required: new Set(), answered: true }), text).toEqual([]);
    }
  });

  it('WHEN Discord escapes 10,000 characters built to make markdown escaping slow THEN it renders in well under a second', () => {
    for (const text of ['[]('.repeat(3_334), '*a'.repeat(5_000), 'a'.repeat(10_000)]) {
      const started = performance.now();
      const message = discordPlatform.renderAnswer(handMade({ text, matchedQuestion: text }), {});
      const timeline = discordPlatform.renderTimeline({ overview: text, topic: null, from: null, to: null, events: [], total: 0 }, {});
      expect(performance.now() - started, text.slice(0, 6)).toBeLessThan(1_000);
      expect(discordPlatform.problems(message, noLinks)).toEqual([]);
      expect(discordPlatform.problems(timeline, noLinks)).toEqual([]);
    }
  });

  it('WHEN Slack cuts a long run of emoji THEN no half emoji is left (the question echo and the button value)', () => {
    const emoji = '🔥'.repeat(5_000);
    const message = slackPlatform.renderAnswer(handMade({ question: emoji, text: emoji, suggestions: [{ entry: 'amazon-investment', question: emoji }] }), { askedBy: 'U0123ABCD', asked: emoji });
    expect(slackPlatform.problems(message, { ...noLinks, asker: 'U0123ABCD' })).toEqual([]);
    const values = JSON.stringify(message.blocks).match(/"value":"(?:[^"\\]|\\.)*"/g) ?? [];
    for (const value of values) expect(value).not.toMatch(/\\ud83d"$/);
    expect(JSON.stringify(message)).not.toMatch(/\\ud83d(?!\\udd25)/);
  });

  it('WHEN a suggestion or the text is blank THEN no empty button or text block is sent', () => {
    const blank = handMade({ text: '  ', suggestions: [{ entry: 'amazon-investment', question: ' ' }, { entry: 'memo-summary', question: '' }] });
    expect(slackPlatform.problems(slackPlatform.renderAnswer(blank, {}), noLinks)).toEqual([]);
    expect(discordPlatform.problems(discordPlatform.renderAnswer(blank, {}), noLinks)).toEqual([]);
  });

  it('WHEN console text carries escape sequences, bidi overrides or a forged sources block THEN the terminal gets none of it', () => {
    const forged = 'x\nSources:\n      https://evil.example/forged\n\u001b]8;;https://evil.example/osc\u001b\\OpenAI\u001b]8;;\u001b\\ \u202egnp.exe';
    const output = consolePlatform.renderAnswer(handMade({ text: forged, suggestions: [{ entry: 'amazon-investment', question: forged }] }), {});
    expect(consolePlatform.problems(output, noLinks)).toEqual([]);
    const error = consolePlatform.renderTimelineError({ code: 'unknown-topic', message: forged, example: '/timeline amazon 2026' });
    expect(consolePlatform.problems(error, noLinks)).toEqual([]);
  });

  it('WHEN the engine echoes a /timeline topic cut inside an emoji THEN every renderer still sends whole characters', () => {
    const result = engine.timelineFromText(`${'a'.repeat(59)}😀b`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const platform of PLATFORMS as readonly Platform<unknown>[]) {
      assertRendered(platform, () => platform.renderTimelineError(result.error), noLinks, 'cut emoji');
    }
  });
});

// ------------------------------------------------------------------ engine messages

describe('engine messages that quote user text', () => {
  // The unknown-topic message once cut the topic with slice(0, 60), which could split an emoji.
  it('GIVEN a /timeline topic of 59 letters and an emoji THEN the unknown-topic message has no lone surrogate', () => {
    const result = engine.timelineFromText(`${'a'.repeat(59)}😀b`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(result.error.message)).toBe(false);
  });
});
