import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { MAX_QUESTION_LENGTH, type KnowledgeEngine } from '../../src/engine/engine.js';
import { realEngine } from '../helpers/engine.js';

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await realEngine();
});

/** The pack's verified pages, read here on their own: every citation must be one of them, exactly. */
const VERIFIED_URLS = new Set(
  readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'verified-pages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== ''),
);

describe('every entry', () => {
  it('GIVEN the verified source list THEN it holds the sixteen audited pages', () => {
    expect(VERIFIED_URLS.size).toBe(16);
  });

  it('GIVEN its own canonical question THEN it is answered by itself, with verified sources', () => {
    for (const entry of engine.knowledge.entries) {
      const answer = engine.answer(entry.question);
      expect({ question: entry.question, got: answer.entry, kind: answer.kind }).toEqual({ question: entry.question, got: entry.id, kind: 'answer' });
      expect(answer.sources.length).toBeGreaterThan(0);
      for (const source of answer.sources) expect(VERIFIED_URLS).toContain(source.url);
    }
  });

  it('GIVEN any of its phrasings, asked exactly THEN it is answered by itself with full confidence', () => {
    for (const entry of engine.knowledge.entries) {
      for (const phrasing of entry.alternates) {
        const answer = engine.answer(phrasing);
        expect({ phrasing, got: answer.entry, confidence: answer.confidence }).toEqual({ phrasing, got: entry.id, confidence: 1 });
      }
    }
  });

  it('GIVEN every phrasing of a question family the story does not answer THEN it is declined, saying what the story leaves out', () => {
    expect(engine.knowledge.unanswered.length).toBeGreaterThan(0);
    for (const family of engine.knowledge.unanswered) {
      for (const phrasing of family.phrasings) {
        const answer = engine.answer(phrasing);
        expect({ phrasing, kind: answer.kind, sources: answer.sources }).toEqual({ phrasing, kind: 'decline', sources: [] });
        expect(answer.text).toContain(`the story does not say ${family.about}`);
      }
    }
  });

  it('GIVEN a rewording of a question the story leaves out THEN the decline says what it leaves out', () => {
    const answer = engine.answer('microsoft share price this morning');
    expect(answer.kind).toBe('decline');
    expect(answer.text).toMatch(/the story does not say anything about share prices/);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('GIVEN every source in the knowledge THEN its URL is a verified one', () => {
    for (const source of engine.knowledge.sources.values()) expect(VERIFIED_URLS).toContain(source.url);
  });

  it('GIVEN every timeline event THEN it carries at least one verified source', () => {
    const result = engine.timeline({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.timeline.events.length).toBeGreaterThan(5);
    for (const event of result.timeline.events) {
      expect(event.sources.length).toBeGreaterThan(0);
      for (const source of event.sources) expect(VERIFIED_URLS).toContain(source.url);
    }
  });

  it('GIVEN every entity THEN its topic summary is cited', () => {
    for (const entity of engine.knowledge.entities.values()) {
      const answer = engine.answer(`tell me about ${entity.name}`);
      if (answer.kind === 'topic') expect(answer.entry).toBe(`topic:${entity.id}`);
      expect(answer.answered).toBe(true);
      expect(answer.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('answer', () => {
  it('GIVEN "what did Amazon invest?" THEN $50 billion, 27 Feb 2026, with the announcement URL', () => {
    const answer = engine.answer('what did Amazon invest?');
    expect(answer).toMatchObject({ kind: 'answer', answered: true, entry: 'amazon-investment' });
    expect(answer.text).toContain('$50 billion');
    expect(answer.text).toContain('27 Feb 2026');
    expect(answer.sources.map((source) => source.url)).toEqual(
      expect.arrayContaining(['https://openai.com/index/amazon-partnership/']),
    );
    expect(answer.suggestions.length).toBeGreaterThan(0);
    expect(answer.suggestions.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ["who is OpenAI's CEO?"],
    ['did Amazon invest in Anthropic?'],
    ['how much did google invest in openai'],
    ["what's the weather in Paris?"],
    ['write me a python script'],
  ])('GIVEN the out-of-scope %j THEN it is never answered: declined with what it knows, or the closest questions offered', (question) => {
    const answer = engine.answer(question);
    expect(['decline', 'clarify']).toContain(answer.kind);
    expect(answer.answered).toBe(false);
    expect(answer.sources).toEqual([]);
    if (answer.kind === 'decline') expect(answer.text).toMatch(/OpenAI, Microsoft/);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it.each([
    ['how much did amzon invst', 'amazon-investment'],
    ['<@U0123ABC> is azure still exclusive?', 'azure-exclusive'],
    ["what's MSFT's revenue share now", 'revenue-share'],
    ['who is the CRO', 'who-is-dresser'],
    ['Amazon Web Services 50bn?', 'amazon-investment'],
    ['stargate $ amount', 'stargate-amount'],
  ])('GIVEN typos, aliases or markup in %j THEN it answers %s', (question, entry) => {
    expect(engine.answer(question)).toMatchObject({ kind: 'answer', entry });
  });

  it.each([['frontier?', 'frontier'], ['tell me about MGX', 'mgx'], ['oracle', 'oracle']])('GIVEN the entity-only %j THEN a cited topic summary', (question, entity) => {
    const answer = engine.answer(question);
    expect(answer).toMatchObject({ kind: 'topic', answered: true, entry: `topic:${entity}` });
    expect(answer.sources.length).toBeGreaterThan(0);
  });

  it.each([
    ['timeline of the openai / amazon / microsoft story', 'timeline:amazon+microsoft'],
    ['timeline of microsoft and azure', 'timeline:microsoft'],
    ['aws timeline', 'timeline:amazon'],
    ['the whole openai story in order', 'timeline'],
  ])('GIVEN the timeline request %j THEN %s: several companies give the union of their events', (question, entry) => {
    expect(engine.answer(question)).toMatchObject({ kind: 'timeline', reason: 'timeline', entry });
  });

  it('GIVEN a chronology of two topics THEN both topics\' events are in it', () => {
    const both = engine.answer('timeline of amazon and stargate');
    const facts = new Set(both.timeline?.events.map((event) => event.fact));
    const amazonOnly = engine.timeline({ topic: 'amazon' });
    const stargateOnly = engine.timeline({ topic: 'stargate' });
    if (!amazonOnly.ok || !stargateOnly.ok) throw new Error('topic timelines must build');
    for (const event of [...amazonOnly.timeline.events, ...stargateOnly.timeline.events]) expect(facts).toContain(event.fact);
  });

  it.each([['timeline pls'], ['what happened in order?'], ['chronology of the aws stuff']])('GIVEN %j THEN the timeline', (question) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe('timeline');
    expect(answer.answered).toBe(true);
    expect(answer.timeline?.events.length).toBeGreaterThan(0);
    expect(answer.sources.length).toBeGreaterThan(0);
  });

  it.each([['hi'], ['hey there 👋'], ['thanks!'], ['thx footnote'], ['bye']])('GIVEN the smalltalk %j THEN a short friendly reply, not an answer', (text) => {
    const answer = engine.answer(text);
    expect(answer.kind).toBe('smalltalk');
    expect(answer.answered).toBe(false);
  });

  it('GIVEN help THEN it says what the bot does and offers three example questions, once', () => {
    const answer = engine.answer('help');
    expect(answer).toMatchObject({ kind: 'smalltalk', reason: 'help' });
    expect(answer.suggestions.map((suggestion) => suggestion.entry)).toEqual(engine.knowledge.pack.examples);
    for (const suggestion of answer.suggestions) expect(answer.text).not.toContain(suggestion.question);
    expect(answer.text).toMatch(/Try one of the questions below/);
  });

  it.each([[''], ['   '], ['?!?!'], ['🚀🚀'], ['<@U0123ABC>']])('GIVEN the empty-ish %j THEN a polite request for a question', (text) => {
    const answer = engine.answer(text);
    expect(answer.kind).toBe('decline');
    expect(answer.text).toMatch(/Please type a question/);
  });

  it('GIVEN a question over the length cap THEN a polite refusal', () => {
    const answer = engine.answer('amazon '.repeat(MAX_QUESTION_LENGTH));
    expect(answer.kind).toBe('decline');
    expect(answer.text).toMatch(/too long/);
  });

  it('GIVEN an ambiguous short question THEN clarify offers two or three close questions', () => {
    const answer = engine.answer('amazon deal');
    expect(['clarify', 'answer', 'topic']).toContain(answer.kind);
    const clarify = engine.answer('memo');
    expect(clarify.answered ? clarify.kind : 'clarify').toMatch(/clarify|topic|answer/);
  });

  it('GIVEN any answered reply THEN answered is true exactly for answer, topic and timeline', () => {
    for (const question of ['what did amazon invest', 'stargate', 'timeline', 'hi', 'who is the ceo of openai', 'memo']) {
      const answer = engine.answer(question);
      expect(answer.answered).toBe(['answer', 'topic', 'timeline'].includes(answer.kind));
      if (answer.answered) expect(answer.sources.length).toBeGreaterThan(0);
      expect(answer.confidence).toBeGreaterThanOrEqual(0);
      expect(answer.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('suggest', () => {
  it('GIVEN empty input THEN curated questions up to the limit', () => {
    expect(engine.suggest('', 25)).toHaveLength(25);
    expect(engine.suggest('', 5)).toHaveLength(5);
  });

  it('GIVEN a partial question THEN matching questions first', () => {
    const suggestions = engine.suggest('amazon inv', 25);
    expect(suggestions[0]?.entry).toBe('amazon-investment');
    expect(suggestions.length).toBeLessThanOrEqual(25);
  });

  it.each([['zzzzqqq'], ['<@U1>'], ['🚀'], ['a'.repeat(5_000)]])('GIVEN odd input %# THEN no throw and at most the limit', (input) => {
    expect(engine.suggest(input, 25).length).toBeLessThanOrEqual(25);
  });
});
