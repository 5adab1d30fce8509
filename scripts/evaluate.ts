// Scores the engine against a labelled question set. Shared by `npm run eval` (prints tables) and
// the test suite (fails CI below the floors).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Engine } from '../src/engine/engine.js';
import type { Answer } from '../src/engine/types.js';

export interface Floors {
  inScopeAccuracy: number;
  outOfScopeDeclined: number;
  maxWrongAnswers: number;
}

/**
 * What CI enforces on the held-out sets. The out-of-scope floor on the first set is the product's
 * promise (decline rather than guess). The in-scope floors are regression guards set just under
 * what the engine measures today (86.5 % and 79.9 %); the 95 % the core issue asks for is not
 * reached — see README. holdout2, written later by someone who never saw the knowledge phrasings,
 * measures 95.5 % declined (85/89): one more answered question would take it under 95 %, so its
 * floor guards a little lower.
 */
export const FLOORS_BY_SET: Readonly<Record<string, Floors>> = Object.freeze({
  eval: Object.freeze({ inScopeAccuracy: 0.83, outOfScopeDeclined: 0.95, maxWrongAnswers: 12 }),
  holdout2: Object.freeze({ inScopeAccuracy: 0.76, outOfScopeDeclined: 0.93, maxWrongAnswers: 13 }),
});
export const FLOORS: Floors = FLOORS_BY_SET.eval as Floors;

/** The floors a set is held to: its own, or the first held-out set's. */
export function floorsFor(set: string): Floors {
  return FLOORS_BY_SET[set] ?? FLOORS;
}
export const TARGETS = Object.freeze({ inScopeAccuracy: 0.95, outOfScopeDeclined: 0.95 });

const questionSetSchema = z.strictObject({
  in_scope: z.array(z.strictObject({ q: z.string().min(1), expect: z.array(z.string().min(1)).min(1) })),
  out_of_scope: z.array(z.strictObject({ q: z.string().min(1), near_miss: z.boolean() })),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

export function loadQuestionSet(file: string): QuestionSet {
  return questionSetSchema.parse(parse(readFileSync(file, 'utf8')));
}

export interface Miss {
  question: string;
  expected: string;
  got: string;
  kind: Answer['kind'];
  confidence: number;
}

export interface Evaluation {
  inScope: { total: number; correct: number; accuracy: number; clarified: number; declined: number; wrong: number };
  outOfScope: { total: number; declined: number; rate: number; strictDeclines: number; nearMiss: { total: number; declined: number; rate: number } };
  misses: Miss[];
  /** Wrong confident answers: the worst outcome, listed apart. */
  wrongAnswers: Miss[];
  scores: { inScope: number[]; outOfScope: number[] };
}

export function evaluate(engine: Engine, set: QuestionSet): Evaluation {
  const misses: Miss[] = [];
  const wrongAnswers: Miss[] = [];
  const scores = { inScope: [] as number[], outOfScope: [] as number[] };
  let correct = 0;
  let clarified = 0;
  let declinedInScope = 0;
  for (const { q, expect } of set.in_scope) {
    const answer = engine.answer(q);
    scores.inScope.push(answer.confidence);
    if (answer.answered && answer.entry !== null && expect.includes(answer.entry)) {
      correct += 1;
      continue;
    }
    const miss = { question: q, expected: expect.join(' | '), got: answer.entry ?? '-', kind: answer.kind, confidence: answer.confidence };
    misses.push(miss);
    if (answer.answered) wrongAnswers.push(miss);
    else if (answer.kind === 'clarify') clarified += 1;
    else declinedInScope += 1;
  }
  let declined = 0;
  let strictDeclines = 0;
  let nearTotal = 0;
  let nearDeclined = 0;
  for (const { q, near_miss } of set.out_of_scope) {
    const answer = engine.answer(q);
    scores.outOfScope.push(answer.confidence);
    if (near_miss) nearTotal += 1;
    if (!answer.answered) {
      declined += 1;
      if (answer.kind === 'decline') strictDeclines += 1;
      if (near_miss) nearDeclined += 1;
    } else {
      const miss = { question: q, expected: 'decline', got: answer.entry ?? '-', kind: answer.kind, confidence: answer.confidence };
      misses.push(miss);
      wrongAnswers.push(miss);
    }
  }
  const total = set.in_scope.length;
  const oos = set.out_of_scope.length;
  return {
    inScope: { total, correct, accuracy: total ? correct / total : 0, clarified, declined: declinedInScope, wrong: wrongAnswers.filter((miss) => miss.expected !== 'decline').length },
    outOfScope: { total: oos, declined, rate: oos ? declined / oos : 0, strictDeclines, nearMiss: { total: nearTotal, declined: nearDeclined, rate: nearTotal ? nearDeclined / nearTotal : 0 } },
    misses,
    wrongAnswers,
    scores,
  };
}

export { percentile } from './stats.js';

/** Per-question latency in ms over `passes` passes (after one warm-up pass that fills caches). */
export function measureLatency(engine: Engine, questions: readonly string[], passes: number): { cold: number[]; warm: number[] } {
  const time = (question: string): number => {
    const start = process.hrtime.bigint();
    engine.answer(question);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const cold = questions.map(time);
  const warm: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) for (const question of questions) warm.push(time(question));
  return { cold: cold.sort((a, b) => a - b), warm: warm.sort((a, b) => a - b) };
}
