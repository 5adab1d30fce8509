// `npm run bench`: the footnote engine side by side with plain fuse.js, MiniSearch and NLP.js
// (node-nlp) on the same knowledge and every labelled question set in tests/eval, in one run.
//
// - Knowledge: every library indexes every phrasing (canonical question + alternates) that
//   `footnote knowledge --json` prints, labelled with its entry id, as raw text: each library
//   normalises only as it does by itself. The engine uses the whole knowledge folder (facts,
//   entities, aliases, calibration), as it does in production.
// - Sets: every set scripts/evaluate.ts lists (`listSets`, `loadSet`), old (entry labels) and new
//   (fact regexes), development and held-out. Held-out sets are reported as aggregate numbers only:
//   this script never prints a question.
// - Judging, with the columns of `npm run eval`: the engine is scored by evaluate.ts's own
//   `scoreSet`, so its rows are exactly what `npm run eval` measures. A baseline answers an entry id
//   or declines; on an old set it is right when the id is one the item expects, on a new set when
//   the text of `engine.answerEntry(id, question)` (that entry answered for that question: a yes/no
//   entry opens with the question's own yes or no) contains every fact the item lists
//   (`plainText` + `matchesFacts`). Baselines never clarify, so their "right answer offered" is
//   their "answered correctly", and they cannot produce chronologies or topic summaries.
// - Declining: each baseline gets one score threshold, chosen on the development sets chat-dev-a
//   and chat-dev-b pooled (--tune): the one that maximises the mean of in-scope answered correctly
//   and out of scope not answered. The engine runs as it ships (`answered === false` = not answered).
// - Latency: per question, in-process, process.hrtime.bigint. Pass 1 answers every question once
//   (its replies are the ones scored; its times are "first pass"); then warm passes over every
//   question until the time budget per library is spent (at least --min-passes, at most
//   --max-passes). Warm p50 / p99 per set, overall, and for the engine's computed answers (reason
//   order, duration, compare, on-date, first-last, premise, several-facts) against its lookups
//   (reason exact or matched).
// - Heap: heapUsed delta across building each index, with a full GC before each reading.
//
// Run it with `bash bench/run.sh` (installs bench/node_modules when missing, builds, runs);
// options: --sets NAMES --tune NAMES (comma-separated) --budget MS --min-passes N --max-passes N.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse from 'fuse.js';
import {
  EVAL_DIR_PARTS,
  listSets,
  loadSet,
  matchesFacts,
  percentile,
  plainText,
  scoreSet,
  type EvalSet,
  type InScopeItem,
  type Score as EvalScore,
} from '../scripts/evaluate.js';
import type * as ConfigModule from '../src/config.js';
import type * as EngineModule from '../src/engine/engine.js';
import type * as LoaderModule from '../src/engine/load-knowledge.js';
import type { Answer, Reason } from '../src/engine/types.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const DIST = path.join(ROOT, 'dist');
const EVAL_DIR = path.join(ROOT, ...EVAL_DIR_PARTS);

const { values: options } = parseArgs({
  options: {
    sets: { type: 'string' },
    tune: { type: 'string', default: 'chat-dev-a,chat-dev-b' },
    budget: { type: 'string', default: '4000' },
    'min-passes': { type: 'string', default: '1' },
    'max-passes': { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(
    'npm run bench [-- --sets NAMES] [--tune NAMES] [--budget MS] [--min-passes N] [--max-passes N]\n\n' +
      'Compares the footnote engine with fuse.js, MiniSearch and NLP.js on the same knowledge and every question set in tests/eval.\n' +
      '--sets: only these sets (comma-separated; default every set present); --tune: the development sets that choose the baselines\' decline thresholds (default chat-dev-a,chat-dev-b);\n' +
      '--budget: warm-latency time per library in ms (default 4000); --min-passes / --max-passes: warm passes over every question (default 1 / 20).\n' +
      'Plain fuse.js costs ~0.1 s a question: with every set (~3,000 questions) a run takes 10–15 minutes on 2 cores.',
  );
  process.exit(0);
}
const LATENCY_BUDGET_MS = Number(options.budget);
const MIN_PASSES = Math.max(1, Number(options['min-passes']));
const MAX_PASSES = Math.max(MIN_PASSES, Number(options['max-passes']));
const TUNE_NAMES = options.tune.split(',').map((name) => name.trim()).filter((name) => name !== '');

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------- gc, heap

/** `global.gc` when node runs with --expose-gc; otherwise turned on here (same function). */
const gc: () => void =
  typeof globalThis.gc === 'function'
    ? globalThis.gc
    : (() => {
        setFlagsFromString('--expose-gc');
        return runInNewContext('gc') as () => void;
      })();

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const now = (): bigint => process.hrtime.bigint();
const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

// --------------------------------------------------------------------------------------- knowledge

interface KnowledgeEntry {
  id: string;
  question: string;
  alternates: string[];
}
interface Phrasing {
  id: number;
  text: string;
  entry: string;
}

function exportKnowledge(): KnowledgeEntry[] {
  const cli = path.join(DIST, 'cli.js');
  if (!existsSync(cli)) fail(`${path.relative(ROOT, cli)} is missing: run \`npm run build\` first.`);
  const run = spawnSync(process.execPath, [cli, 'knowledge', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) fail(`\`footnote knowledge --json\` exited ${run.status}:\n${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { entries?: KnowledgeEntry[] };
  if (!Array.isArray(parsed.entries) || parsed.entries.length === 0) fail('`footnote knowledge --json` printed no entries.');
  return parsed.entries;
}

/** HEAD and whether the code or knowledge measured differ from it (the tree is shared). */
function gitState(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'not a git checkout';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'knowledge'], { cwd: ROOT, encoding: 'utf8' });
  const changed = dirty.stdout.split('\n').filter((line) => line.trim() !== '').length;
  return `commit ${head.stdout.trim()}${changed > 0 ? ` + ${changed} uncommitted file(s) under src/ and knowledge/` : ', src/ and knowledge/ as committed'}`;
}

// ----------------------------------------------------------------------------------- question sets

const allListings = listSets(EVAL_DIR).filter((listing) => listing.present);
const wantedNames = options.sets === undefined ? null : new Set(options.sets.split(',').map((name) => name.trim()));
for (const name of [...(wantedNames ?? []), ...TUNE_NAMES]) {
  if (!allListings.some((listing) => listing.name === name)) fail(`no set "${name}" in ${path.relative(ROOT, EVAL_DIR)}. Sets present: ${allListings.map((listing) => listing.name).join(', ')}`);
}
for (const name of TUNE_NAMES) {
  if (allListings.find((listing) => listing.name === name)?.role !== 'development') fail(`"${name}" is a held-out set: thresholds are tuned on development sets only.`);
}
if (TUNE_NAMES.length === 0) fail('--tune names no set.');
// The tuning sets are always loaded (the thresholds need them), reported or not.
const sets: EvalSet[] = allListings
  .filter((listing) => wantedNames === null || wantedNames.has(listing.name) || TUNE_NAMES.includes(listing.name))
  .map((listing) => {
    try {
      return loadSet(listing);
    } catch (error) {
      return fail(`${path.relative(ROOT, listing.file)} is unreadable: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
  });
const reported = sets.filter((set) => wantedNames === null || wantedNames.has(set.name));

/** Every question of every loaded set, in set order: in-scope first, then out of scope. */
interface Question {
  set: number;
  q: string;
}
const questions: Question[] = sets.flatMap((set, index) => [...set.inScope, ...set.outOfScope].map((item) => ({ set: index, q: item.q })));
/** Where each set's questions start in `questions`. */
const setOffsets: number[] = [];
{
  let offset = 0;
  for (const set of sets) {
    setOffsets.push(offset);
    offset += set.inScope.length + set.outOfScope.length;
  }
}

// --------------------------------------------------------------------------------------- contenders

/** A matcher's top result: `entry` null when it returns nothing (NLP.js 'None', or the engine declines). */
interface Top {
  entry: string | null;
  confidence: number;
}

interface Contender {
  name: string;
  /** Builds the index; timed and heap-measured. */
  build(): void | Promise<void>;
  /** True when `top` returns a promise (NLP.js): timed with await. */
  async: boolean;
  top(question: string): Top | Promise<Top>;
  /** Threshold in the library's own terms, for printing. */
  describe(threshold: number): string;
  /** The engine: judged by evaluate.ts as it ships; baselines get a threshold tuned on --tune. */
  isEngine?: true;
}

interface MiniSearchResult {
  id: number;
  score: number;
  entry: string;
}
interface MiniSearchIndex {
  addAll(documents: Phrasing[]): void;
  search(query: string): MiniSearchResult[];
}
interface MiniSearchClass {
  new (options: object): MiniSearchIndex;
  getDefault(name: string): unknown;
}
interface NlpResult {
  intent: string;
  score: number;
}
interface NlpManagerInstance {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpResult>;
}
type NlpManagerClass = new (settings: object) => NlpManagerInstance;

/** Loads a bench-only dependency from bench/node_modules (kept out of the bot's own install). */
async function benchImport(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (error) {
    fail(`cannot load ${name} (${(error as Error).message}). Install the bench dependencies: npm --prefix bench ci`);
  }
}

function packageVersion(name: string): string {
  for (const base of [path.join(BENCH_DIR, 'node_modules'), path.join(ROOT, 'node_modules')]) {
    const file = path.join(base, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '?';
}

// ---------------------------------------------------------------------------------------- scoring

/** The columns of `npm run eval`, as counts. */
interface Columns {
  inScope: number;
  outOfScope: number;
  nearMisses: number;
  correct: number;
  refused: number;
  offered: number;
  wrong: number;
  outOfScopeNotAnswered: number;
  nearMissesNotAnswered: number;
  timeline: number;
  timelineCorrect: number;
}

function columnsOf(score: EvalScore): Columns {
  const { counts } = score;
  return {
    inScope: score.inScope,
    outOfScope: score.outOfScope,
    nearMisses: score.nearMisses,
    correct: counts.correct,
    refused: counts.refused,
    offered: counts.offered,
    wrong: counts.wrong,
    outOfScopeNotAnswered: counts.outOfScopeNotAnswered,
    nearMissesNotAnswered: counts.nearMissesNotAnswered,
    timeline: counts.timeline,
    timelineCorrect: counts.timelineCorrect,
  };
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/**
 * A baseline's result on one set, judged once per question: whether its top entry would be right
 * if it answered. The threshold then only decides which of them it answers.
 */
interface Judged {
  set: EvalSet;
  inScope: Array<{ top: Top; right: boolean; timeline: boolean }>;
  outOfScope: Array<{ top: Top; nearMiss: boolean }>;
}

function scoreBaseline(judged: Judged, threshold: number): Columns {
  const accepted = (top: Top): boolean => top.entry !== null && top.confidence >= threshold;
  const columns: Columns = {
    inScope: judged.inScope.length,
    outOfScope: judged.outOfScope.length,
    nearMisses: 0,
    correct: 0,
    refused: 0,
    offered: 0,
    wrong: 0,
    outOfScopeNotAnswered: 0,
    nearMissesNotAnswered: 0,
    timeline: 0,
    timelineCorrect: 0,
  };
  for (const item of judged.inScope) {
    const correct = accepted(item.top) && item.right;
    if (item.timeline) {
      columns.timeline += 1;
      if (correct) columns.timelineCorrect += 1;
    }
    if (correct) {
      columns.correct += 1;
      columns.offered += 1;
    } else if (accepted(item.top)) columns.wrong += 1;
    else columns.refused += 1;
  }
  for (const item of judged.outOfScope) {
    if (item.nearMiss) columns.nearMisses += 1;
    if (accepted(item.top)) continue;
    columns.outOfScopeNotAnswered += 1;
    if (item.nearMiss) columns.nearMissesNotAnswered += 1;
  }
  return columns;
}

function addColumns(a: Columns, b: Columns): Columns {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof Columns>) sum[key] += b[key];
  return sum;
}

const objective = (c: Columns): number => (rate(c.correct, c.inScope) + rate(c.outOfScopeNotAnswered, c.outOfScope)) / 2;

/**
 * The decline threshold that maximises the objective on the tuning sets pooled. Candidates lie
 * between consecutive distinct confidences (the midpoint, so the boundary is not on a tuning
 * score); ties go to the higher threshold (declining beats a wrong answer).
 */
function tuneThreshold(judged: readonly Judged[]): { threshold: number; tuned: Columns } {
  const pooled = (threshold: number): Columns => judged.map((one) => scoreBaseline(one, threshold)).reduce(addColumns);
  const confidences = judged.flatMap((one) => [...one.inScope, ...one.outOfScope].map((item) => item.top)).filter((top) => top.entry !== null);
  const values = [...new Set(confidences.map((top) => top.confidence))].sort((a, b) => a - b);
  const candidates = [Number.NEGATIVE_INFINITY];
  for (let index = 1; index < values.length; index += 1) candidates.push(((values[index - 1] as number) + (values[index] as number)) / 2);
  candidates.push(Number.POSITIVE_INFINITY);
  let best = { threshold: Number.NEGATIVE_INFINITY, tuned: pooled(Number.NEGATIVE_INFINITY), value: -1 };
  for (const threshold of candidates) {
    const tuned = pooled(threshold);
    const value = objective(tuned);
    if (value >= best.value) best = { threshold, tuned, value };
  }
  return { threshold: best.threshold, tuned: best.tuned };
}

// ---------------------------------------------------------------------------------------- latency

interface Timing {
  /** Pass 1's result per question (the one scored), and the engine's full reply. */
  tops: Top[];
  answers: Answer[];
  /** Pass 1's time per question. */
  firstPass: number[];
  /** Warm times per question, one per warm pass. */
  warm: number[][];
  passes: number;
}

async function timeQuestions(contender: Contender, engineAnswer: ((question: string) => Answer) | null): Promise<Timing> {
  const tops: Top[] = [];
  const answers: Answer[] = [];
  const firstPass: number[] = [];
  for (const { q } of questions) {
    const start = now();
    if (engineAnswer !== null) {
      const answer = engineAnswer(q);
      firstPass.push(msSince(start));
      answers.push(answer);
      tops.push({ entry: answer.answered ? answer.entry : null, confidence: answer.confidence });
    } else {
      tops.push(contender.async ? await contender.top(q) : (contender.top(q) as Top));
      firstPass.push(msSince(start));
    }
  }
  const warm: number[][] = questions.map(() => []);
  let passes = 0;
  const timedStart = now();
  for (; passes < MAX_PASSES && (passes < MIN_PASSES || msSince(timedStart) < LATENCY_BUDGET_MS); passes += 1) {
    if (engineAnswer !== null) {
      questions.forEach(({ q }, index) => {
        const start = now();
        engineAnswer(q);
        (warm[index] as number[]).push(msSince(start));
      });
    } else if (contender.async) {
      for (const [index, { q }] of questions.entries()) {
        const start = now();
        await contender.top(q);
        (warm[index] as number[]).push(msSince(start));
      }
    } else {
      questions.forEach(({ q }, index) => {
        const start = now();
        contender.top(q);
        (warm[index] as number[]).push(msSince(start));
      });
    }
  }
  return { tops, answers, firstPass, warm, passes };
}

const ascending = (a: number, b: number): number => a - b;
/** Warm samples of the questions `pick` selects (by index into `questions`), sorted. */
function warmSamples(timing: Timing, pick: (index: number) => boolean): number[] {
  return timing.warm.flatMap((times, index) => (pick(index) ? times : [])).sort(ascending);
}

// ------------------------------------------------------------------------------------------- main

const totalStart = now();
const loadBefore = os.loadavg();
const entries = exportKnowledge();
const phrasings: Phrasing[] = [];
for (const entry of entries) for (const text of [entry.question, ...entry.alternates]) phrasings.push({ id: phrasings.length, text, entry: entry.id });

// Everything is imported before any heap reading, so module code is not counted as index.
const engineModule = (await import(pathToFileURL(path.join(DIST, 'engine', 'engine.js')).href)) as typeof EngineModule;
const loaderModule = (await import(pathToFileURL(path.join(DIST, 'engine', 'load-knowledge.js')).href)) as typeof LoaderModule;
const configModule = (await import(pathToFileURL(path.join(DIST, 'config.js')).href)) as typeof ConfigModule;
const MiniSearch = (await benchImport('minisearch')).default as MiniSearchClass;
const nlpModule = await benchImport('node-nlp');
const NlpManager = (nlpModule.NlpManager ?? (nlpModule.default as Record<string, unknown> | undefined)?.NlpManager) as NlpManagerClass;

const knowledgeDir = configModule.parseAppConfig(process.env).knowledgeDir;
const loadStart = now();
const knowledge = await loaderModule.loadKnowledge(knowledgeDir);
const knowledgeLoadMs = msSince(loadStart);
if (knowledge.entries.length !== entries.length) fail(`the engine loaded ${knowledge.entries.length} entries, the CLI exported ${entries.length}.`);

let engine: EngineModule.KnowledgeEngine | undefined;
const theEngine = (): EngineModule.KnowledgeEngine => engine ?? fail('the engine was used before it was built.');
const engineContender: Contender = {
  name: 'engine',
  async: false,
  isEngine: true,
  build() {
    engine = engineModule.createEngine(knowledge);
  },
  top(question) {
    const answer = theEngine().answer(question);
    return { entry: answer.answered ? answer.entry : null, confidence: answer.confidence };
  },
  describe: () => 'as shipped: answered === true',
};

let fuse: Fuse<Phrasing> | undefined;
const fuseContender: Contender = {
  name: 'fuse.js',
  async: false,
  build() {
    fuse = new Fuse(phrasings, { keys: ['text'], includeScore: true });
  },
  top(question) {
    const best = (fuse as Fuse<Phrasing>).search(question)[0];
    // Fuse scores 0 (perfect) .. 1 (no match); confidence = 1 - score.
    return best ? { entry: best.item.entry, confidence: 1 - (best.score ?? 1) } : { entry: null, confidence: 0 };
  },
  describe: (threshold) =>
    Number.isFinite(threshold) ? `answer when Fuse score ≤ ${(1 - threshold).toFixed(3)}` : threshold > 0 ? 'declines everything' : 'answers every result',
};

let mini: MiniSearchIndex | undefined;
const miniTokenize = MiniSearch.getDefault('tokenize') as (text: string, field?: string) => string[];
const miniProcessTerm = MiniSearch.getDefault('processTerm') as (term: string, field?: string) => string | string[] | null | undefined | false;
/** Query terms as MiniSearch itself sees them (default tokenizer and term processing). */
function queryTermCount(question: string): number {
  let count = 0;
  for (const token of miniTokenize(question)) {
    const processed = miniProcessTerm(token);
    if (Array.isArray(processed)) count += processed.length;
    else if (processed) count += 1;
  }
  return count;
}
const miniContender: Contender = {
  name: 'MiniSearch',
  async: false,
  build() {
    mini = new MiniSearch({ fields: ['text'], storeFields: ['entry'], searchOptions: { fuzzy: 0.2, prefix: true } });
    mini.addAll(phrasings);
  },
  top(question) {
    const best = (mini as MiniSearchIndex).search(question)[0];
    // BM25+ scores are unbounded and grow with the number of matching terms: normalised by the
    // number of query terms, so the threshold means "score per query term".
    return best ? { entry: best.entry, confidence: best.score / Math.max(1, queryTermCount(question)) } : { entry: null, confidence: 0 };
  },
  describe: (threshold) =>
    Number.isFinite(threshold) ? `answer when top score / query terms ≥ ${threshold.toFixed(3)}` : threshold > 0 ? 'declines everything' : 'answers every result',
};

let nlp: NlpManagerInstance | undefined;
let nlpTrainMs = 0;
const nlpContender: Contender = {
  name: 'NLP.js',
  async: true,
  async build() {
    // autoSave/autoLoad off only so that training writes no model.nlp file into the work tree.
    nlp = new NlpManager({ languages: ['en'], nlu: { log: false }, autoSave: false, autoLoad: false });
    for (const phrasing of phrasings) nlp.addDocument('en', phrasing.text, phrasing.entry);
    const trainStart = now();
    await nlp.train();
    nlpTrainMs = msSince(trainStart);
  },
  async top(question) {
    const result = await (nlp as NlpManagerInstance).process('en', question);
    // NLP.js answers 'None' itself below its built-in threshold of 0.5.
    return result.intent === 'None' || !result.intent ? { entry: null, confidence: 0 } : { entry: result.intent, confidence: result.score };
  },
  describe: (threshold) =>
    Number.isFinite(threshold) ? `answer when intent ≠ None and score ≥ ${threshold.toFixed(3)}` : threshold > 0 ? 'declines everything' : "answers every intent but 'None'",
};

interface Row {
  contender: Contender;
  buildMs: number;
  heapMB: number;
  /** Heap still held after the timed passes (caches included), relative to before the build. */
  heapAfterUseMB: number;
  timing: Timing;
  threshold: number;
  /** The pooled tuning-set result at the chosen threshold (baselines). */
  tuned?: Columns;
  /** Per set, in `sets` order. */
  columns: Columns[];
}

const contenders = [engineContender, fuseContender, miniContender, nlpContender];
const measured: Array<Omit<Row, 'threshold' | 'columns'>> = [];
for (const contender of contenders) {
  const before = heapUsed();
  const buildStart = now();
  await contender.build();
  const buildMs = msSince(buildStart);
  const heapMB = (heapUsed() - before) / (1024 * 1024);
  const timing = await timeQuestions(contender, contender.isEngine ? (question) => theEngine().answer(question) : null);
  const heapAfterUseMB = (heapUsed() - before) / (1024 * 1024);
  measured.push({ contender, buildMs, heapMB, heapAfterUseMB, timing });
  console.error(`bench: ${contender.name} done (${timing.passes} warm pass${timing.passes === 1 ? '' : 'es'}, ${(msSince(totalStart) / 1000).toFixed(0)} s so far)`);
}

// Judging, after every measurement: the engine scores itself with evaluate.ts, and judges the
// baselines' entries on the new sets by their text.
const judgeEngine = theEngine();
const judgeCache = new Map<string, boolean>();
function entryIsRight(set: EvalSet, itemIndex: number, item: InScopeItem, entry: string): boolean {
  if (item.expect) return item.expect.includes(entry);
  const key = `${set.name}\u0000${itemIndex}\u0000${entry}`;
  let right = judgeCache.get(key);
  if (right === undefined) {
    const reply = judgeEngine.answerEntry(entry, item.q);
    right = reply.answered && matchesFacts(plainText(reply), item.facts ?? []);
    judgeCache.set(key, right);
  }
  return right;
}
function judge(set: EvalSet, setIndex: number, tops: readonly Top[]): Judged {
  const offset = setOffsets[setIndex] as number;
  return {
    set,
    inScope: set.inScope.map((item, index) => {
      const top = tops[offset + index] as Top;
      return { top, right: top.entry !== null && entryIsRight(set, index, item, top.entry), timeline: item.timeline };
    }),
    outOfScope: set.outOfScope.map((item, index) => ({ top: tops[offset + set.inScope.length + index] as Top, nearMiss: item.nearMiss })),
  };
}

const engineScores = sets.map((set) => scoreSet(judgeEngine, set));
const rows: Row[] = measured.map((one): Row => {
  if (one.contender.isEngine) return { ...one, threshold: Number.NEGATIVE_INFINITY, columns: engineScores.map(columnsOf) };
  const judged = sets.map((set, index) => judge(set, index, one.timing.tops));
  const { threshold, tuned } = tuneThreshold(judged.filter((result) => TUNE_NAMES.includes(result.set.name)));
  return { ...one, threshold, tuned, columns: judged.map((result) => scoreBaseline(result, threshold)) };
});
const loadAfter = os.loadavg();

// ------------------------------------------------------------------------------------------ report

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${(rate(part, whole) * 100).toFixed(1)} %`);
const ms3 = (value: number): string => (Number.isNaN(value) ? '–' : value.toFixed(3));
const p50p99 = (sorted: readonly number[]): string => `${ms3(percentile(sorted, 50))} / ${ms3(percentile(sorted, 99))}`;
const cpus = os.cpus();
const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');

console.log('footnote bench — engine vs plain fuse.js, MiniSearch, NLP.js on the same knowledge and question sets');
console.log(`${new Date().toISOString().slice(0, 10)}; ${gitState()}`);
console.log(`Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}; load average (1/5/15 min) ${load(loadBefore)} at start, ${load(loadAfter)} at end`);
console.log(`knowledge: ${entries.length} Q&A entries, ${phrasings.length} phrasings (canonical + alternates) from \`footnote knowledge --json\``);
console.log(`sets: ${reported.length} (${reported.map((set) => set.name).join(', ')}), ${questions.length} questions loaded; thresholds tuned on ${TUNE_NAMES.join(' + ')}`);
console.log(`libraries: fuse.js ${packageVersion('fuse.js')}, minisearch ${packageVersion('minisearch')}, node-nlp ${packageVersion('node-nlp')}\n`);

console.log('| set | role | in / out | matcher | answered correctly | refused outright | right answer offered | answered wrongly | out of scope not answered | timeline asked in words | warm p50 / p99 ms |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const set of reported) {
  const setIndex = sets.indexOf(set);
  const role = `${set.role === 'held-out' ? 'held-out' : TUNE_NAMES.includes(set.name) ? 'dev, tuning' : 'dev'}, ${set.format === 'entries' ? 'old' : 'new'}`;
  for (const [rowIndex, row] of rows.entries()) {
    const c = row.columns[setIndex] as Columns;
    const times = warmSamples(row.timing, (index) => (questions[index] as Question).set === setIndex);
    const timeline = c.timeline === 0 ? '–' : `${pct(c.timelineCorrect, c.timeline)} (${c.timelineCorrect}/${c.timeline})`;
    const name = row.contender.isEngine ? `**${row.contender.name}**` : row.contender.name;
    const lead = rowIndex === 0 ? `| ${set.name} | ${role} | ${c.inScope} / ${c.outOfScope} ` : '| | | ';
    console.log(
      `${lead}| ${name} | ${pct(c.correct, c.inScope)} | ${pct(c.refused, c.inScope)} | ${pct(c.offered, c.inScope)} | ${pct(c.wrong, c.inScope)} | ${pct(c.outOfScopeNotAnswered, c.outOfScope)} | ${timeline} | ${p50p99(times)} |`,
    );
  }
}

console.log('\nNear misses not answered, and wrong replies (in-scope answered wrongly + out of scope answered), per set:\n');
console.log(`| set | ${rows.map((row) => row.contender.name).join(' | ')} |`);
console.log(`|---|${rows.map(() => '---').join('|')}|`);
for (const set of reported) {
  const setIndex = sets.indexOf(set);
  const cells = rows.map((row) => {
    const c = row.columns[setIndex] as Columns;
    return `${pct(c.nearMissesNotAnswered, c.nearMisses)} · ${c.wrong + c.outOfScope - c.outOfScopeNotAnswered} wrong`;
  });
  console.log(`| ${set.name} | ${cells.join(' | ')} |`);
}

const reportedIndexes = new Set(reported.map((set) => sets.indexOf(set)));
const isReported = (index: number): boolean => reportedIndexes.has((questions[index] as Question).set);
console.log('\nLatency, in-process, warm (every reported question; p50 / p99 ms):');
for (const row of rows) console.log(`  ${row.contender.name.padEnd(10)} ${p50p99(warmSamples(row.timing, isReported))}  (first pass ${p50p99(row.timing.firstPass.filter((_, index) => isReported(index)).sort(ascending))})`);

const COMPUTED: ReadonlySet<Reason> = new Set<Reason>(['order', 'duration', 'compare', 'on-date', 'first-last', 'premise', 'several-facts']);
const LOOKUP: ReadonlySet<Reason> = new Set<Reason>(['exact', 'matched']);
const engineRow = rows.find((row) => row.contender.isEngine) as Row;
const reasonOf = (index: number): Reason => (engineRow.timing.answers[index] as Answer).reason;
const computedIndexes = questions.map((_, index) => index).filter((index) => isReported(index) && COMPUTED.has(reasonOf(index)));
const computed = warmSamples(engineRow.timing, (index) => isReported(index) && COMPUTED.has(reasonOf(index)));
const lookups = warmSamples(engineRow.timing, (index) => isReported(index) && engineRow.timing.answers[index]?.answered === true && LOOKUP.has(reasonOf(index)));
const byReason = [...COMPUTED].map((reason) => `${reason} ${computedIndexes.filter((index) => reasonOf(index) === reason).length}`).join(', ');
console.log(
  `  engine, computed answers (${computedIndexes.length} questions: ${byReason}): ${p50p99(computed)}, max ${ms3(computed.at(-1) ?? Number.NaN)}; lookups (answered, reason exact or matched): ${p50p99(lookups)}`,
);

console.log(`\nDecline rule (baselines: threshold chosen on ${TUNE_NAMES.join(' + ')} pooled, maximising the mean of in-scope answered correctly and out of scope not answered):`);
for (const row of rows) {
  const tuneNote = row.tuned ? ` — on the tuning sets: correct ${pct(row.tuned.correct, row.tuned.inScope)}, out of scope not answered ${pct(row.tuned.outOfScopeNotAnswered, row.tuned.outOfScope)}` : '';
  console.log(`  ${row.contender.name.padEnd(10)} ${row.contender.describe(row.threshold)}${tuneNote}`);
}
console.log('\nNotes:');
console.log('  engine rows = scripts/evaluate.ts scoreSet, the numbers `npm run eval` prints; its calibration was fitted on the development sets, so only the held-out rows are unseen by it.');
console.log('  baselines: an answered entry is right on an old set when the item expects it, on a new set when engine.answerEntry(entry, question) contains every listed fact. They never clarify (right answer offered = answered correctly) and cannot produce chronologies or topic summaries.');
const entryIds = new Set(entries.map((entry) => entry.id));
const entryOnly = reported
  .filter((set) => set.format === 'entries')
  .map((set) => `${set.name} ${set.inScope.filter((item) => item.expect?.some((label) => entryIds.has(label))).length}/${set.inScope.length}`);
if (entryOnly.length > 0) console.log(`  old-set in-scope questions a Q&A entry can answer (the most a baseline can get right): ${entryOnly.join(', ')}.`);
console.log(`  engine build = createEngine() on knowledge already loaded and validated (loading took ${knowledgeLoadMs.toFixed(1)} ms, not counted).`);
console.log(`  NLP.js build = ${phrasings.length} addDocument calls + train(); training alone took ${nlpTrainMs.toFixed(1)} ms. process() is async: its latency includes the await.`);
console.log('  MiniSearch confidence = top BM25+ score / number of query terms (MiniSearch\'s own tokenizer); fuse.js confidence = 1 - Fuse score.');
console.log(`  latency: pass 1 answers all ${questions.length} questions (scored; "first pass", for the engine with its typo-correction cache still empty), then warm passes: ${rows.map((row) => `${row.contender.name} ${row.timing.passes}`).join(', ')} (budget ${LATENCY_BUDGET_MS} ms per library, ${MIN_PASSES}..${MAX_PASSES} passes).`);
console.log(`  heap = heapUsed after − before building the index, each after a full GC; still held after the timed passes (caches included): ${rows.map((row) => `${row.contender.name} ${row.heapAfterUseMB.toFixed(2)} MB`).join(', ')}.`);
console.log('\n| matcher | heap MB | build ms |');
console.log('|---|---|---|');
for (const row of rows) console.log(`| ${row.contender.name} | ${row.heapMB.toFixed(2)} | ${row.buildMs.toFixed(1)} |`);
console.log(`\ntotal bench time ${(msSince(totalStart) / 1000).toFixed(1)} s.`);
