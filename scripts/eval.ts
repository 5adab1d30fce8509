// `npm run eval [-- --set NAME] [--show-heldout-misses] [--json] [--passes N]`: every question set in
// tests/eval, old (entry labels) and new (fact regexes), side by side with the same columns, plus
// warm latency and the CI floors. With --set, one set and its misses by class (held-out sets hide
// their misses unless asked: reading them spoils the set). Exits 1 when a set is below its floors.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/config.js';
import { loadEngine } from '../src/engine/engine.js';
import {
  checkFloors,
  EVAL_DIR_PARTS,
  FLOORS_BY_SET,
  FRESH_HELD_OUT,
  isHeldOut,
  latencySummary,
  listSets,
  loadSet,
  measureLatency,
  MISS_CLASSES,
  scoreSet,
  TARGETS,
  type EvalSet,
  type FloorCheck,
  type Latency,
  type Score,
  type SetListing,
} from './evaluate.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    json: { type: 'boolean', default: false },
    'show-heldout-misses': { type: 'boolean', default: false },
    // The round's fresh held-out sets are scored once, at its end: without this flag they are skipped.
    'score-fresh-heldout': { type: 'boolean', default: false },
    passes: { type: 'string', default: '5' },
  },
});
const passes = Math.max(1, Number.parseInt(values.passes, 10) || 1);
const dir = path.join(PROJECT_ROOT, ...EVAL_DIR_PARTS);
const all = listSets(dir);
let listings: SetListing[] = all.filter((listing) => values['score-fresh-heldout'] || !FRESH_HELD_OUT.includes(listing.name));
if (values.set !== undefined) {
  const wanted = all.find((listing) => listing.name === values.set);
  if (!wanted?.present) {
    console.error(
      `No set "${values.set}". Sets present: ${all
        .filter((listing) => listing.present)
        .map((listing) => listing.name)
        .join(', ')}`,
    );
    process.exit(2);
  }
  listings = [wanted];
}

interface Row {
  listing: SetListing;
  set?: EvalSet;
  score?: Score;
  /** Why the set has no score: not written yet, or malformed. */
  problem?: string;
}
const rows: Row[] = listings.map((listing) => {
  if (!listing.present) return { listing, problem: 'not written yet' };
  try {
    return { listing, set: loadSet(listing) };
  } catch (error) {
    return { listing, problem: `unreadable: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
});

const engine = await loadEngine(process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR);
for (const row of rows) if (row.set) row.score = scoreSet(engine, row.set);
const latency: Latency = measureLatency(
  engine,
  rows.flatMap((row) => (row.set ? [row.set] : [])),
  passes,
);

const floorResults = rows.flatMap((row) => {
  const floors = FLOORS_BY_SET[row.listing.name];
  if (!floors) return [];
  const checks: FloorCheck[] = row.score ? checkFloors(row.score, floors) : [];
  return [{ set: row.listing.name, checks, ok: row.score !== undefined && checks.every((check) => check.ok), problem: row.problem }];
});
const pass = floorResults.every((result) => result.ok);
const showMisses = values.set !== undefined && (!isHeldOut(values.set) || values['show-heldout-misses']);

if (values.json) {
  const round = (value: number | null): number | null => (value === null ? null : Number(value.toFixed(4)));
  console.log(
    JSON.stringify(
      {
        latency: { questions: latency.questions, passes, ...mapValues(latencySummary(latency.all), round) },
        sets: rows.map(({ listing, score, problem }) => ({
          name: listing.name,
          role: listing.role,
          ...(problem ? { problem } : {}),
          ...(score
            ? {
                format: score.format,
                inScope: score.inScope,
                outOfScope: score.outOfScope,
                nearMisses: score.nearMisses,
                rates: mapValues(score.rates, round),
                counts: score.counts,
                wrongReplies: score.wrongReplies,
                latency: mapValues(latencySummary(latency.bySet.get(listing.name) ?? []), round),
                ...(showMisses ? { misses: score.misses } : {}),
              }
            : {}),
        })),
        floors: floorResults,
        targets: TARGETS,
        pass,
      },
      null,
      2,
    ),
  );
  process.exitCode = pass ? 0 : 1;
} else {
  printTable();
  if (values.set !== undefined) printMisses(rows[0] as Row);
  printFloors();
  process.exitCode = pass ? 0 : 1;
}

function mapValues<T extends Record<string, number | null>>(object: T, fn: (value: number | null) => number | null): Record<keyof T, number | null> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)])) as Record<keyof T, number | null>;
}

function pct(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)} %`;
}

function printTable(): void {
  const overall = latencySummary(latency.all);
  console.log(
    `footnote eval — ${rows.filter((row) => row.score).length} sets in ${path.relative(PROJECT_ROOT, dir)}; a reply is right when it is answered with an expected entry (old sets) or contains every listed fact (new sets)\n`,
  );
  console.log(
    '| set | role | in / out | answered correctly | refused outright | right answer offered | answered wrongly | out of scope not answered | timeline asked in words | warm p50 / p99 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const { listing, score, problem } of rows) {
    const role = `${listing.role === 'held-out' ? 'held-out' : 'dev'}${score ? `, ${score.format === 'entries' ? 'old' : 'new'}` : ''}`;
    if (!score) {
      console.log(`| ${listing.name} | ${role} | ${problem} | | | | | | | |`);
      continue;
    }
    const { rates, counts } = score;
    const times = latencySummary(latency.bySet.get(listing.name) ?? []);
    const timeline = rates.timelineInWords === null ? '–' : `${pct(rates.timelineInWords)} (${counts.timelineCorrect}/${counts.timeline})`;
    console.log(
      `| ${listing.name} | ${role} | ${score.inScope} / ${score.outOfScope} | ${pct(rates.answeredCorrectly)} | ${pct(rates.refusedOutright)} | ${pct(rates.rightAnswerOffered)} | ${pct(rates.answeredWrongly)} | ${pct(rates.outOfScopeNotAnswered)} | ${timeline} | ${times.p50.toFixed(3)} / ${times.p99.toFixed(3)} ms |`,
    );
  }
  console.log(
    `| target (issues 11, 12) | | | ≥ ${pct(TARGETS.answeredCorrectly)} | ≤ ${pct(TARGETS.refusedOutright)} | ≥ ${pct(TARGETS.rightAnswerOffered)} | ≤ ${pct(TARGETS.answeredWrongly)} | ≥ ${pct(TARGETS.outOfScopeNotAnswered)} | ≥ ${pct(TARGETS.timelineInWords)} | ≤ 0.1 / 1 ms |`,
  );
  console.log(
    `\nWarm latency, all ${latency.questions} questions together (one untimed pass, then ${passes} timed): p50 ${overall.p50.toFixed(3)} ms, p99 ${overall.p99.toFixed(3)} ms.`,
  );
  console.log(
    'Right answer offered: answered correctly, or a clarify whose first three options include a right one. Refused outright: kind decline. Timeline asked in words: correctness on chronology questions.',
  );
}

function printMisses(row: Row): void {
  const { listing, score } = row;
  if (!score) return;
  if (listing.role === 'held-out' && !values['show-heldout-misses']) {
    console.log(
      `\n${listing.name} is held out: its ${score.misses.length} misses are not shown. --show-heldout-misses prints them, but reading them spoils the set for measuring.`,
    );
    return;
  }
  if (listing.role === 'held-out')
    console.log(`\nWARNING: ${listing.name} is held out. Reading its misses spoils it: do not tune on them; write a fresh held-out set before scoring again.`);
  console.log(`\nMisses (${score.misses.length}):`);
  for (const cls of MISS_CLASSES) {
    const misses = score.misses.filter((miss) => miss.class === cls);
    if (misses.length === 0) continue;
    console.log(`\n## ${cls} (${misses.length})`);
    for (const miss of misses) {
      console.log(`- ${JSON.stringify(miss.question)}`);
      console.log(`    expected: ${miss.expected}`);
      console.log(
        `    got: ${miss.kind}/${miss.reason} ${miss.entry ?? '-'}${miss.class === 'clarified' ? (miss.offered ? ' (right option offered)' : ' (no right option in the first three)') : ''}`,
      );
      console.log(`    reply: ${miss.reply}`);
    }
  }
}

function printFloors(): void {
  if (floorResults.length === 0) return;
  console.log('\nCI floors (scripts/evaluate.ts FLOORS_BY_SET; tests/eval/eval-floor.test.ts):');
  for (const result of floorResults) {
    if (result.problem) {
      console.log(`  FAIL ${result.set}: ${result.problem}`);
      continue;
    }
    const parts = result.checks.map((check) => {
      const shown =
        check.metric === 'maxWrongReplies'
          ? `${check.value} ≤ ${check.floor}`
          : `${pct(check.value)} ${['refusedOutright', 'answeredWrongly'].includes(check.metric) ? '≤' : '≥'} ${pct(check.floor)}`;
      return `${check.ok ? '' : '✗ '}${check.metric} ${shown}`;
    });
    console.log(`  ${result.ok ? 'PASS' : 'FAIL'} ${result.set}: ${parts.join('; ')}`);
  }
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: every set at or above its CI floors`);
}
