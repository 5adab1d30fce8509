// Question → kind, reason, entry and the top three candidates, on the small fixture pack. A tuning
// change to the matcher or the deciders shows up here as a reviewable diff of decisions
// (`npx vitest run -u tests/engine/decisions.snapshot.test.ts` accepts an intended change).
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { FIXTURES } from '../helpers/engine.js';

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await loadEngine(path.join(FIXTURES, 'pack-small'), { clock: () => new Date('2025-09-01T00:00:00Z') });
});

const QUESTIONS = [
  'how much did vesta bid?',
  'vesta money',
  'is the merger dead?',
  'merger still on?',
  'who wrote the memo',
  'memo author and how much did vesta bid',
  'which came first, the memo or the merger',
  'how long between the merger and harbour offer',
  'so harbour bid 2 billion?',
  'what happened since the memo',
  'timeline dates only',
  'latest development',
  'what is the ceo paid',
  'who owns harbour fund',
  'weather in paris',
  'hi',
  '',
];

it('GIVEN the fixture questions THEN each decision matches the reviewed snapshot', () => {
  const decisions = QUESTIONS.map((question) => {
    const answer = engine.answer(question);
    const explanation = engine.explain(question);
    return { question, kind: answer.kind, reason: answer.reason, entry: answer.entry, top: explanation.top.map((match) => match.entry) };
  });
  expect(decisions).toMatchSnapshot();
});
