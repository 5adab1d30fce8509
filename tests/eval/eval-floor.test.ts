// The accuracy floors, enforced in CI on the held-out evaluation set. `npm run eval` prints the
// same numbers with latency; this test only checks accuracy (timing is not a unit-test matter).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { KnowledgeEngine } from '../../src/engine/engine.js';
import { normalizeForKey } from '../../src/engine/normalize.js';
import { evaluate, FLOORS_BY_SET, loadQuestionSet, type QuestionSet } from '../../scripts/evaluate.js';
import { realEngine } from '../helpers/engine.js';

const SETS = ['eval', 'holdout2', 'dev', 'dev2', 'dev3'] as const;
const load = (name: string): QuestionSet => loadQuestionSet(path.join(PROJECT_ROOT, 'tests', 'eval', `${name}-set.yaml`));

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await realEngine();
});

describe('evaluation set', () => {
  it('GIVEN the held-out set THEN it has ≥ 200 questions, ≥ 70 out of scope, and labels that exist', () => {
    const set = load('eval');
    expect(set.in_scope.length + set.out_of_scope.length).toBeGreaterThanOrEqual(200);
    expect(set.out_of_scope.length).toBeGreaterThanOrEqual(70);
    expect(set.out_of_scope.filter((item) => item.near_miss).length).toBeGreaterThanOrEqual(30);
    const known = new Set([
      ...engine.knowledge.entries.map((entry) => entry.id),
      'timeline',
      ...[...engine.knowledge.entities.keys()].flatMap((id) => [`timeline:${id}`, `topic:${id}`]),
    ]);
    for (const item of set.in_scope) for (const label of item.expect) expect(known, item.q).toContain(label);
  });

  it('GIVEN every question set THEN none of its questions is a knowledge phrasing, answered or unanswered (no leakage)', () => {
    const phrasings = new Map<string, string>();
    for (const entry of engine.knowledge.entries) {
      for (const phrasing of [entry.question, ...entry.alternates]) phrasings.set(normalizeForKey(phrasing), entry.id);
    }
    for (const family of engine.knowledge.unanswered) {
      for (const phrasing of family.phrasings) phrasings.set(normalizeForKey(phrasing), family.id);
    }
    for (const name of SETS) {
      const set = load(name);
      const leaked = [...set.in_scope, ...set.out_of_scope].map((item) => item.q).filter((question) => phrasings.has(normalizeForKey(question)));
      expect(leaked, `${name} questions copied into the knowledge`).toEqual([]);
    }
  });

  it.each(Object.entries(FLOORS_BY_SET))('GIVEN the held-out set %s THEN it stays at or above its floors', (name, floors) => {
    const result = evaluate(engine, load(name));
    expect(result.inScope.accuracy).toBeGreaterThanOrEqual(floors.inScopeAccuracy);
    expect(result.outOfScope.rate).toBeGreaterThanOrEqual(floors.outOfScopeDeclined);
    expect(result.wrongAnswers.length).toBeLessThanOrEqual(floors.maxWrongAnswers);
  });

  it('GIVEN the development sets the model was fitted on THEN out-of-scope declines stay ≥ 94 %', () => {
    for (const name of ['dev', 'dev2', 'dev3']) {
      const result = evaluate(engine, load(name));
      expect(result.outOfScope.rate, name).toBeGreaterThanOrEqual(0.94);
    }
  });
});
