// The engine on a small invented pack (tests/fixtures/pack-small): yes/no openings, computed
// answers from typed facts, chronologies from plain words, reason codes, and asking by entry id.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, splitQuestion, type KnowledgeEngine } from '../../src/engine/engine.js';
import { describeSpan, datesInQuestion } from '../../src/engine/reasoning.js';
import { FIXTURES } from '../helpers/engine.js';

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await loadEngine(path.join(FIXTURES, 'pack-small'));
});

describe('GIVEN an entry with yes/no cues', () => {
  it.each([
    ['is the merger dead?', /^No\. As of 20 May 2025/],
    ['did the merger collapse', /^No\. /],
    ['is the merger still on?', /^Yes\. As of 20 May 2025/],
    ['merger status', /^As of 20 May 2025/],
  ])('WHEN asked %j THEN the opening agrees with what was asked', (question, opening) => {
    const answer = engine.answer(question);
    expect(answer).toMatchObject({ kind: 'answer', entry: 'merger-alive' });
    expect(answer.text).toMatch(opening);
  });
});

describe('GIVEN questions the facts answer by computing', () => {
  it('WHEN asked which came first THEN the earlier event first, with both dates and sources', () => {
    const answer = engine.answer("which came first, harbour's offer or the memo?");
    expect(answer).toMatchObject({ kind: 'answer', reason: 'order', facts: ['memo-leaked', 'harbour-offer'] });
    expect(answer.text).toMatch(/^The memo came first \(18 May 2025\)/);
    expect(answer.sources.map((source) => source.url).sort()).toEqual(['https://example.com/rail/bid', 'https://example.com/rail/leak']);
  });

  it('WHEN asked how long between two events THEN the arithmetic, and both readings of a two-date event', () => {
    const answer = engine.answer('how long between the merger and the memo');
    expect(answer).toMatchObject({ kind: 'answer', reason: 'duration' });
    expect(answer.text).toContain('3 Mar 2025 → 18 May 2025: 76 days');
    expect(answer.text).toContain('leaked instead (20 May 2025');
    expect(answer.text).toContain('78 days');
  });

  it('WHEN two amounts of one unit are compared THEN the ratio and the difference', () => {
    const answer = engine.answer("how many times bigger is vesta's bid than harbour's offer");
    expect(answer).toMatchObject({ kind: 'answer', reason: 'compare' });
    expect(answer.text).toMatch(/\$2 billion .* is bigger: about 4 times \$500 million .* a difference of \$1\.5 billion/);
  });

  it('WHEN dollars are compared with gigawatts THEN it refuses, saying why', () => {
    const answer = engine.answer('compare the bid and the traction plan');
    expect(answer).toMatchObject({ kind: 'decline', reason: 'incomparable', sources: [] });
    expect(answer.text).toMatch(/dollars.*gigawatts/);
  });

  it.each([
    ['so harbour bid 2 billion?', /^No — it was Vesta, not Harbour Fund/],
    ['did vesta bid 2 billion?', /^Yes — it was Vesta/],
  ])('WHEN a premise is stated, %j THEN it is checked against who did it', (question, reply) => {
    const answer = engine.answer(question);
    expect(answer).toMatchObject({ kind: 'answer', reason: 'premise', facts: ['vesta-bids'] });
    expect(answer.text).toMatch(reply);
  });

  it('WHEN asked for the latest development THEN the last dated event', () => {
    expect(engine.answer('latest development')).toMatchObject({ reason: 'first-last', facts: ['harbour-offer'] });
  });

  it('WHEN asked what happened on a day with no event THEN it declines, naming the gap and the nearest events', () => {
    const answer = engine.answer('what happened on 1 apr 2025');
    expect(answer).toMatchObject({ kind: 'decline', reason: 'missing-fact', facts: ['vesta-bids', 'memo-leaked'], sources: [] });
    expect(answer.text).toMatch(/^Nothing in the knowledge is dated 1 Apr 2025\. The nearest events: Vesta's bid/);
  });

  it('WHEN asked how long ago an event was THEN the days to today on the engine\'s clock', async () => {
    const clocked = await loadEngine(path.join(FIXTURES, 'pack-small'), { clock: () => new Date('2025-06-01T12:00:00Z') });
    const answer = clocked.answer('how long ago was the merger');
    expect(answer).toMatchObject({ kind: 'answer', reason: 'duration' });
    expect(answer.text).toContain('3 Mar 2025 → today, 1 Jun 2025: 90 days, about 3 months');
  });

  it('WHEN asked whether one event came before another THEN yes or no, with both dates', () => {
    expect(engine.answer('did the memo come before the merger?').text).toMatch(/^No — the merger agreement \(3 Mar 2025\) came before the memo/);
    expect(engine.answer('the merger was before the memo, right?').text).toMatch(/^Yes — the merger agreement/);
  });

  it('WHEN asked for the biggest of several numbers THEN the largest, and all of them in order', () => {
    const answer = engine.answer('biggest number: 2 billion, 500 million or 3 gigawatts');
    expect(answer).toMatchObject({ kind: 'decline', reason: 'incomparable' });
    expect(engine.answer('vesta 2 billion vs harbour 500 million, difference?').text).toMatch(/difference of \$1\.5 billion/);
  });

  it('WHEN asked who, how much and when of one event THEN all three in one reply', () => {
    const answer = engine.answer("vesta's bid: who, how much, when");
    expect(answer).toMatchObject({ kind: 'answer', reason: 'several-facts' });
    expect(answer.text).toMatch(/3 Mar 2025[\s\S]*Who: Vesta, with Northline[\s\S]*How much: \$2 billion/);
  });
});

describe('GIVEN chronologies asked in words', () => {
  it('WHEN asked what happened since an event THEN only what came after it, later events marked', () => {
    const answer = engine.answer('what happened since the memo');
    expect(answer.timeline?.events.map((event) => event.fact)).toEqual(['harbour-offer']);
    expect(answer.timeline?.events[0]).toMatchObject({ later: true });
  });

  it('WHEN asked from one event to another THEN both ends are included', () => {
    expect(engine.answer('timeline from the merger to the memo').timeline?.events.map((event) => event.fact)).toEqual(['merger-agreed', 'vesta-bids', 'memo-leaked']);
  });

  it('WHEN asked for dates only THEN one short line per event', () => {
    const answer = engine.answer('timeline dates only');
    expect(answer.timeline?.compact).toBe(true);
    expect(answer.timeline?.events.map((event) => event.text)).toEqual(['the merger agreement', "Vesta's bid", 'the memo', "After the story: Harbour's offer"]);
  });

  it('WHEN an event name is unknown THEN it says so and lists the events it knows', () => {
    const answer = engine.answer('what happened since the takeover');
    expect(answer).toMatchObject({ kind: 'decline', reason: 'unknown-event' });
    expect(answer.text).toContain('I don\'t know an event called "takeover"');
    expect(answer.text).toContain('the merger agreement; Vesta\'s bid');
  });

  it('WHEN /timeline names events as bounds THEN they resolve, and an unknown one is an error', () => {
    const result = engine.timeline({ from: 'the merger', to: 'the memo' });
    expect(result.ok && result.timeline.events.map((event) => event.fact)).toEqual(['merger-agreed', 'vesta-bids', 'memo-leaked']);
    const byEvent = engine.timeline({ topic: 'the memo' });
    expect(byEvent.ok && byEvent.timeline.events.map((event) => event.fact)).toEqual(['memo-leaked']);
    const unknown = engine.timelineFromText('since the wedding');
    expect(unknown.ok ? null : unknown.error.code).toBe('unknown-event');
  });
});

describe('GIVEN a question of two questions', () => {
  it('THEN each part is answered with its own sources, the first part\'s entry first', () => {
    const answer = engine.answer('who wrote the memo and how much did vesta bid');
    expect(answer).toMatchObject({ kind: 'answer', reason: 'several-parts', entry: 'memo-author' });
    expect(answer.parts?.map((part) => part.entry)).toEqual(['memo-author', 'vesta-bid']);
    expect(splitQuestion('who wrote it and when was it sent')).toEqual(['who wrote it', 'when was it sent']);
  });
});

describe('GIVEN the pack file and reasons', () => {
  it('THEN help and greeting use the pack\'s words and examples', () => {
    const help = engine.answer('help');
    expect(help).toMatchObject({ kind: 'smalltalk', reason: 'help' });
    expect(help.text).toContain('Northline and Vesta rail story');
    expect(help.suggestions.map((suggestion) => suggestion.entry)).toEqual(['vesta-bid', 'merger-alive']);
  });

  it.each([
    ['', 'empty'],
    ['what is the ceo paid', 'unanswered-family'],
    ['how much did vesta bid for northline?', 'exact'],
  ])('WHEN asked %j THEN the reason is %s', (question, reason) => {
    expect(engine.answer(question).reason).toBe(reason);
  });

  it('WHEN an entry is asked by id THEN it answers it; a gone id gets the closest questions', () => {
    expect(engine.answerEntry('vesta-bid')).toMatchObject({ kind: 'answer', reason: 'entry', entry: 'vesta-bid' });
    const gone = engine.answerEntry('vesta-bid-size');
    expect(gone).toMatchObject({ kind: 'decline', reason: 'unknown-entry' });
    expect(gone.text).toMatch(/no longer in the knowledge base/);
    expect(gone.suggestions[0]?.entry).toBe('vesta-bid');
  });

  it('WHEN explained THEN terms, top entries, features, thresholds and the decision are shown', () => {
    const explanation = engine.explain('vesta bid size?');
    expect(explanation.top[0]?.entry).toBe('vesta-bid');
    expect(explanation.terms.map((term) => term.term)).toContain('vesta');
    expect(explanation.features.length).toBeGreaterThan(5);
    expect(explanation.decision.reason).toBe(engine.answer('vesta bid size?').reason);
  });
});

describe('GIVEN the arithmetic helpers', () => {
  it('THEN spans read as days and months, and dates in questions are found', () => {
    expect(describeSpan(402)).toBe('402 days, about 13 months');
    expect(describeSpan(10)).toBe('10 days');
    expect(datesInQuestion('what happened on feb 27 2026', ['2025'])).toEqual(['2026-02-27']);
    expect(datesInQuestion('anything in apr', ['2025', '2026'])).toEqual(['2025-04', '2026-04']);
  });
});
