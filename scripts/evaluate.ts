// Scores the engine against every labelled question set in tests/eval, old and new, with the same
// columns. Shared by `npm run eval` (prints the table) and the test suite (fails CI below the floors).
//
// Two formats:
// - entry sets (dev, dev2, dev3, eval, holdout2): an in-scope item lists the entry ids that answer it
//   (`expect`); a reply is correct when it is answered with one of them.
// - fact sets (chat-dev-a, chat-dev-b, reasoning-dev, holdout3, reasoning-holdout): an in-scope item
//   lists regexes for the facts a right reply contains (`facts`) and a reference reply (`gold`); a
//   reply is correct when it is answered and its plain text matches every regex, case-insensitively.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Answer } from '../src/engine/types.js';
import { percentile } from './stats.js';

export { percentile } from './stats.js';

/** What the harness needs of an engine (KnowledgeEngine has both). */
export interface EvalEngine {
  answer(question: string): Answer;
  /** The reply to a clarify option picked for this question, to judge whether it carries the right facts. */
  answerEntry(id: string, asked?: string): Answer;
}

// ---------------------------------------------------------------------------------------------
// The sets

export type SetRole = 'development' | 'held-out';
export type SetFormat = 'entries' | 'facts';

/** Every set the project knows, in table order: development first, then held-out. */
export const SET_NAMES = Object.freeze(['dev', 'dev2', 'dev3', 'chat-dev-a', 'chat-dev-b', 'reasoning-dev', 'eval', 'holdout2', 'holdout3', 'reasoning-holdout', 'holdout4', 'reasoning-holdout2'] as const);

/**
 * The current round's held-out sets. `npm run eval` leaves them out unless asked to score them
 * (--score-fresh-heldout), which happens once, at the end of the round; the CI floor test holds them
 * to their floors without printing anything. holdout3 and reasoning-holdout were written for the
 * first round of the engine and facts issues; their aggregate scores were seen during it, so the
 * round's final score comes from these fresh ones.
 */
export const FRESH_HELD_OUT: readonly string[] = Object.freeze(['holdout4', 'reasoning-holdout2']);

export const EVAL_DIR_PARTS = ['tests', 'eval'] as const;

/** Held-out sets are scored, never read for tuning: their misses are not printed by default. */
export function isHeldOut(name: string): boolean {
  return name.includes('holdout') || name.includes('eval');
}

export function setFile(dir: string, name: string): string {
  return path.join(dir, `${name}-set.yaml`);
}

export interface SetListing {
  name: string;
  file: string;
  role: SetRole;
  present: boolean;
}

/** The known sets (present or not) plus any other `*-set.yaml` found in `dir`, development first. */
export function listSets(dir: string): SetListing[] {
  const found = existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('-set.yaml'))
        .map((file) => file.slice(0, -'-set.yaml'.length))
    : [];
  const names: string[] = [...SET_NAMES, ...found.filter((name) => !(SET_NAMES as readonly string[]).includes(name)).sort()];
  const listings = names.map((name) => ({
    name,
    file: setFile(dir, name),
    role: (isHeldOut(name) ? 'held-out' : 'development') as SetRole,
    present: existsSync(setFile(dir, name)),
  }));
  return [...listings.filter((set) => set.role === 'development'), ...listings.filter((set) => set.role === 'held-out')];
}

const entrySetSchema = z.strictObject({
  in_scope: z.array(z.strictObject({ q: z.string().min(1), expect: z.array(z.string().min(1)).min(1) })),
  out_of_scope: z.array(z.strictObject({ q: z.string().min(1), near_miss: z.boolean() })),
});
export type QuestionSet = z.infer<typeof entrySetSchema>;

const factSetSchema = z.strictObject({
  in_scope: z.array(
    z.strictObject({
      q: z.string().min(1),
      style: z.string().min(1),
      kind: z.string().min(1).optional(),
      facts: z.array(z.string().min(1)).min(1),
      gold: z.string().min(1),
    }),
  ),
  out_of_scope: z.array(
    z.strictObject({
      q: z.string().min(1),
      near_miss: z.boolean(),
      kind: z.string().min(1).optional(),
      why: z.string().min(1).optional(),
    }),
  ),
});
export type FactSet = z.infer<typeof factSetSchema>;

/** An entry-format set (what `npm run calibrate` trains on). */
export function loadQuestionSet(file: string): QuestionSet {
  return entrySetSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** A fact-format set, schema-checked (the regexes are compiled by `loadSet`). */
export function loadFactSet(file: string): FactSet {
  return factSetSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** How a fact regex is compiled everywhere: case-insensitive, no other flag (`^` is the reply's start). */
export function factRegex(source: string): RegExp {
  return new RegExp(source, 'i');
}

export interface InScopeItem {
  q: string;
  /** A chronology asked in words: style `timeline` or kind `chronology`, or an expected `timeline…` id. */
  timeline: boolean;
  /** Entry sets: the ids that answer it. */
  expect?: readonly string[];
  /** Fact sets: what a right reply must contain. */
  facts?: readonly RegExp[];
  /** What a right reply is, for the miss listing. */
  expected: string;
}

export interface OutOfScopeItem {
  q: string;
  nearMiss: boolean;
  why?: string;
}

export interface EvalSet {
  name: string;
  file: string;
  role: SetRole;
  format: SetFormat;
  inScope: InScopeItem[];
  outOfScope: OutOfScopeItem[];
}

/** Reads either format; throws (zod or RegExp) on a malformed set. */
export function loadSet(listing: Pick<SetListing, 'name' | 'file' | 'role'>): EvalSet {
  const raw: unknown = parse(readFileSync(listing.file, 'utf8'));
  const first = (raw as { in_scope?: Array<Record<string, unknown>> } | null)?.in_scope?.[0];
  const base = { name: listing.name, file: listing.file, role: listing.role };
  if (first !== undefined && 'expect' in first) {
    const set = entrySetSchema.parse(raw);
    return {
      ...base,
      format: 'entries',
      inScope: set.in_scope.map((item) => ({ q: item.q, expect: item.expect, timeline: item.expect.some((id) => id.startsWith('timeline')), expected: item.expect.join(' | ') })),
      outOfScope: set.out_of_scope.map((item) => ({ q: item.q, nearMiss: item.near_miss })),
    };
  }
  const set = factSetSchema.parse(raw);
  return {
    ...base,
    format: 'facts',
    inScope: set.in_scope.map((item) => ({ q: item.q, facts: item.facts.map(factRegex), timeline: item.style === 'timeline' || item.kind === 'chronology', expected: item.gold })),
    outOfScope: set.out_of_scope.map((item) => ({ q: item.q, nearMiss: item.near_miss, ...(item.why ? { why: item.why } : {}) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Judging one reply

/**
 * The reply as the facts are matched against it: the text, then each timeline event as
 * "dateLabel: text" and each part's text on lines of their own, skipping what the text already
 * holds. The text comes first, so `^` in a regex means the reply's opening.
 */
export function plainText(answer: Answer): string {
  const lines = [answer.text];
  for (const event of answer.timeline?.events ?? []) lines.push(`${event.dateLabel}: ${event.text}`);
  for (const part of answer.parts ?? []) lines.push(part.text);
  return lines.filter((line, index) => index === 0 || !answer.text.includes(line)).join('\n');
}

export function matchesFacts(text: string, facts: readonly RegExp[]): boolean {
  return facts.every((fact) => fact.test(text));
}

/** How many clarify options count as "offered": the first three. */
export const OFFERED_OPTIONS = 3;

function isCorrect(answer: Answer, item: InScopeItem): boolean {
  if (!answer.answered) return false;
  if (item.expect) return answer.entry !== null && item.expect.includes(answer.entry);
  return matchesFacts(plainText(answer), item.facts ?? []);
}

/** The plain text of an option's reply to this question (a yes/no entry opens as the question asks). */
function entryText(engine: EvalEngine, id: string, asked: string): string {
  const reply = engine.answerEntry(id, asked);
  return reply.answered ? plainText(reply) : '';
}

function offersRightOption(engine: EvalEngine, answer: Answer, item: InScopeItem): boolean {
  if (answer.kind !== 'clarify') return false;
  const options = answer.suggestions.slice(0, OFFERED_OPTIONS);
  if (item.expect) return options.some((option) => item.expect?.includes(option.entry));
  return options.some((option) => matchesFacts(entryText(engine, option.entry, item.q), item.facts ?? []));
}

// ---------------------------------------------------------------------------------------------
// Scoring a set

/** Why an item is a miss: in-scope refused / clarified / answered wrongly / other chat reply, or an out-of-scope question answered. */
export type MissClass = 'refused' | 'clarified' | 'wrong' | 'chat' | 'out-of-scope answered';
export const MISS_CLASSES: readonly MissClass[] = ['refused', 'clarified', 'wrong', 'chat', 'out-of-scope answered'];

export interface Miss {
  class: MissClass;
  question: string;
  expected: string;
  kind: Answer['kind'];
  reason: string;
  entry: string | null;
  /** The first 120 characters of the reply's plain text. */
  reply: string;
  /** Clarify only: a right option was among the first three. */
  offered: boolean;
}

export interface Score {
  name: string;
  role: SetRole;
  format: SetFormat;
  inScope: number;
  outOfScope: number;
  nearMisses: number;
  counts: {
    correct: number;
    refused: number;
    clarified: number;
    wrong: number;
    chat: number;
    offered: number;
    outOfScopeNotAnswered: number;
    nearMissesNotAnswered: number;
    timeline: number;
    timelineCorrect: number;
  };
  /** Shares in 0..1; `timelineInWords` is null when the set has no chronology questions. */
  rates: {
    answeredCorrectly: number;
    refusedOutright: number;
    rightAnswerOffered: number;
    answeredWrongly: number;
    outOfScopeNotAnswered: number;
    timelineInWords: number | null;
  };
  /** In-scope answered wrongly plus out-of-scope answered: the count the old floors cap. */
  wrongReplies: number;
  misses: Miss[];
}

const share = (part: number, whole: number): number => (whole ? part / whole : 0);
const snippet = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 120);

export function scoreSet(engine: EvalEngine, set: EvalSet): Score {
  const counts = { correct: 0, refused: 0, clarified: 0, wrong: 0, chat: 0, offered: 0, outOfScopeNotAnswered: 0, nearMissesNotAnswered: 0, timeline: 0, timelineCorrect: 0 };
  const misses: Miss[] = [];
  const miss = (cls: MissClass, question: string, expected: string, answer: Answer, offered = false): void => {
    misses.push({ class: cls, question, expected, kind: answer.kind, reason: answer.reason ?? '-', entry: answer.entry, reply: snippet(plainText(answer)), offered });
  };
  for (const item of set.inScope) {
    const answer = engine.answer(item.q);
    const correct = isCorrect(answer, item);
    if (item.timeline) {
      counts.timeline += 1;
      if (correct) counts.timelineCorrect += 1;
    }
    if (correct) {
      counts.correct += 1;
      counts.offered += 1;
    } else if (answer.answered) {
      counts.wrong += 1;
      miss('wrong', item.q, item.expected, answer);
    } else if (answer.kind === 'clarify') {
      counts.clarified += 1;
      const offered = offersRightOption(engine, answer, item);
      if (offered) counts.offered += 1;
      miss('clarified', item.q, item.expected, answer, offered);
    } else if (answer.kind === 'decline') {
      counts.refused += 1;
      miss('refused', item.q, item.expected, answer);
    } else {
      counts.chat += 1;
      miss('chat', item.q, item.expected, answer);
    }
  }
  let nearMisses = 0;
  for (const item of set.outOfScope) {
    const answer = engine.answer(item.q);
    if (item.nearMiss) nearMisses += 1;
    if (!answer.answered) {
      counts.outOfScopeNotAnswered += 1;
      if (item.nearMiss) counts.nearMissesNotAnswered += 1;
    } else {
      miss('out-of-scope answered', item.q, item.why ? `not answered (${item.why})` : 'not answered', answer);
    }
  }
  const total = set.inScope.length;
  const outOfScope = set.outOfScope.length;
  return {
    name: set.name,
    role: set.role,
    format: set.format,
    inScope: total,
    outOfScope,
    nearMisses,
    counts,
    rates: {
      answeredCorrectly: share(counts.correct, total),
      refusedOutright: share(counts.refused, total),
      rightAnswerOffered: share(counts.offered, total),
      answeredWrongly: share(counts.wrong, total),
      outOfScopeNotAnswered: share(counts.outOfScopeNotAnswered, outOfScope),
      timelineInWords: counts.timeline ? counts.timelineCorrect / counts.timeline : null,
    },
    wrongReplies: counts.wrong + (outOfScope - counts.outOfScopeNotAnswered),
    misses,
  };
}

// ---------------------------------------------------------------------------------------------
// Floors

/** Minimums (shares 0..1) and maximums a set is held to in CI; a missing field is not checked. */
export interface Floors {
  answeredCorrectly?: number;
  /** Maximum share. */
  refusedOutright?: number;
  rightAnswerOffered?: number;
  /** Maximum share. */
  answeredWrongly?: number;
  outOfScopeNotAnswered?: number;
  timelineInWords?: number;
  /** Maximum count of in-scope answered wrongly plus out-of-scope answered (the old sets' cap). */
  maxWrongReplies?: number;
}

/**
 * What CI enforces, per set: regression guards a little under what the engine measures at the end
 * of the first round of issues 11 and 12 (2026-12-06, after the last calibration refit), not the
 * issues' targets (TARGETS below), which are not met. Correct and offered sit about 2–3 points under
 * the measurement, out-of-scope-not-answered two or three questions under it, refused (a ceiling) a
 * few points over it. Measured values, in the same order (correct / refused / offered / out of
 * scope not answered):
 * - dev 91.7 / 1.0 / 96.9 / 100.0; dev2 79.6 / 0.0 / 96.7 / 97.1; dev3 81.9 / 1.3 / 92.4 / 96.8
 *   (the confidence model is fitted on these and the chat and reasoning dev sets, so only their
 *   declines are guarded);
 * - chat-dev-a 68.8 / 2.5 / 90.1 / 95.5; chat-dev-b 60.9 / 7.9 / 82.8 / 95.8; reasoning-dev
 *   72.2 / 3.0 / 83.5 / 85.7;
 * - eval 84.5 / 1.4 / 92.3 / 97.0 with 14 wrong replies; holdout2 78.4 / 4.1 / 90.2 / 94.4 with 12
 *   (old held-out sets, seen in earlier rounds);
 * - holdout3 57.9 / 10.0 / 77.1 / 90.2 and reasoning-holdout 61.4 / 3.0 / 71.2 / 88.1: written for
 *   this round, their aggregate scores were visible while it was tuned, so they are not its score;
 * - holdout4 55.0 / 8.4 / 75.5 / 92.8 and reasoning-holdout2 57.6 / 10.2 / 66.1 / 70.8: written
 *   fresh near the end and scored once, the round's result.
 */
export const FLOORS_BY_SET: Readonly<Record<string, Readonly<Floors>>> = Object.freeze({
  eval: Object.freeze({ answeredCorrectly: 0.82, outOfScopeNotAnswered: 0.95, maxWrongReplies: 16 }),
  holdout2: Object.freeze({ answeredCorrectly: 0.76, outOfScopeNotAnswered: 0.92, maxWrongReplies: 14 }),
  dev: Object.freeze({ outOfScopeNotAnswered: 0.95 }),
  dev2: Object.freeze({ outOfScopeNotAnswered: 0.95 }),
  dev3: Object.freeze({ outOfScopeNotAnswered: 0.94 }),
  'chat-dev-a': Object.freeze({ answeredCorrectly: 0.66, rightAnswerOffered: 0.87, outOfScopeNotAnswered: 0.92, refusedOutright: 0.05 }),
  'chat-dev-b': Object.freeze({ answeredCorrectly: 0.58, rightAnswerOffered: 0.8, outOfScopeNotAnswered: 0.93, refusedOutright: 0.1 }),
  'reasoning-dev': Object.freeze({ answeredCorrectly: 0.69, rightAnswerOffered: 0.8, outOfScopeNotAnswered: 0.8, refusedOutright: 0.06 }),
  holdout3: Object.freeze({ answeredCorrectly: 0.55, rightAnswerOffered: 0.74, outOfScopeNotAnswered: 0.87, refusedOutright: 0.13 }),
  'reasoning-holdout': Object.freeze({ answeredCorrectly: 0.58, rightAnswerOffered: 0.68, outOfScopeNotAnswered: 0.83, refusedOutright: 0.06 }),
  holdout4: Object.freeze({ answeredCorrectly: 0.52, rightAnswerOffered: 0.72, outOfScopeNotAnswered: 0.9, refusedOutright: 0.11 }),
  'reasoning-holdout2': Object.freeze({ answeredCorrectly: 0.54, rightAnswerOffered: 0.63, outOfScopeNotAnswered: 0.66, refusedOutright: 0.13 }),
});

/** Where the issues want every set to be (issue 11 and 12 floors), shown beside the table. */
export const TARGETS = Object.freeze({
  answeredCorrectly: 0.9,
  refusedOutright: 0.03,
  rightAnswerOffered: 0.97,
  answeredWrongly: 0.02,
  outOfScopeNotAnswered: 0.95,
  timelineInWords: 0.95,
});

export interface FloorCheck {
  metric: keyof Floors;
  floor: number;
  /** The measured value: a share, or a count for maxWrongReplies. */
  value: number | null;
  ok: boolean;
}

const MAXIMA: ReadonlySet<keyof Floors> = new Set(['refusedOutright', 'answeredWrongly', 'maxWrongReplies']);

/** Each floor of a set against its score; a null value (no chronology questions) fails its floor. */
export function checkFloors(score: Score, floors: Readonly<Floors>): FloorCheck[] {
  return (Object.entries(floors) as Array<[keyof Floors, number]>).map(([metric, floor]) => {
    const value = metric === 'maxWrongReplies' ? score.wrongReplies : score.rates[metric];
    const ok = value !== null && (MAXIMA.has(metric) ? value <= floor : value >= floor);
    return { metric, floor, value, ok };
  });
}

// ---------------------------------------------------------------------------------------------
// Latency

export interface Latency {
  questions: number;
  passes: number;
  /** Every timed answer, sorted ascending, in ms. */
  all: number[];
  /** The same per set. */
  bySet: Map<string, number[]>;
}

/**
 * Warm in-process latency of every question of every set: one untimed pass first (JIT, typo caches),
 * then `passes` timed passes over all of them together.
 */
export function measureLatency(engine: EvalEngine, sets: readonly EvalSet[], passes: number): Latency {
  const questions = sets.flatMap((set) => [...set.inScope, ...set.outOfScope].map((item) => ({ set: set.name, q: item.q })));
  for (const { q } of questions) engine.answer(q);
  const bySet = new Map<string, number[]>(sets.map((set) => [set.name, []]));
  const all: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    for (const { set, q } of questions) {
      const start = process.hrtime.bigint();
      engine.answer(q);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      all.push(ms);
      bySet.get(set)?.push(ms);
    }
  }
  const ascending = (a: number, b: number): number => a - b;
  for (const times of bySet.values()) times.sort(ascending);
  return { questions: questions.length, passes, all: all.sort(ascending), bySet };
}

export function latencySummary(sorted: readonly number[]): { p50: number; p99: number } {
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
