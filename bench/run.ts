// `npm run bench`: the footnote engine side by side with plain fuse.js, MiniSearch and NLP.js
// (node-nlp) on the same knowledge and the same labelled questions, in one run.
//
// - Knowledge: every library indexes every phrasing (canonical question + alternates) that
//   `footnote knowledge --json` prints, labelled with its entry id, as raw text: each library
//   normalises only as it does by itself. The engine uses the whole knowledge folder (facts,
//   entities, aliases), as it does in production.
// - Declining: each baseline gets one score threshold, chosen on the DEV set (the one that
//   maximises the mean of in-scope top-1 accuracy and out-of-scope decline rate), then everything
//   is reported on the EVAL set. The engine is run as it ships (`answered === false` = declined).
// - Accuracy: top-1 over the in-scope questions whose `expect` names at least one Q&A entry (the
//   baselines cannot produce timelines or topic summaries); the engine's accuracy over all
//   in-scope questions is printed on its own line.
// - Latency: per question, in-process, process.hrtime.bigint, after one warm-up pass over the eval
//   set; as many passes as fit in a time budget per library (at most --max-passes).
// - Heap: heapUsed delta across building each index, with a full GC before each reading.
//
// Run it with `bash bench/run.sh` (installs bench/node_modules when missing, builds, runs);
// options: --dev FILE --eval FILE --budget MS (latency time per library) --max-passes N.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse from 'fuse.js';
import { parse as parseYaml } from 'yaml';
import type * as ConfigModule from '../src/config.js';
import type * as EngineModule from '../src/engine/engine.js';
import type * as LoaderModule from '../src/engine/load-knowledge.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const DIST = path.join(ROOT, 'dist');

const { values: options } = parseArgs({
  options: {
    dev: { type: 'string', default: path.join(ROOT, 'tests', 'eval', 'dev-set.yaml') },
    eval: { type: 'string', default: path.join(ROOT, 'tests', 'eval', 'eval-set.yaml') },
    budget: { type: 'string', default: '4000' },
    'max-passes': { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log('npm run bench [-- --dev FILE] [--eval FILE] [--budget MS] [--max-passes N]\n\nCompares the footnote engine with fuse.js, MiniSearch and NLP.js on the same knowledge and questions.\n--budget: latency measuring time per library in ms (default 4000); --max-passes: at most this many timed passes (default 20).');
  process.exit(0);
}
const LATENCY_BUDGET_MS = Number(options.budget);
const MAX_PASSES = Number(options['max-passes']);
const MIN_PASSES = 3;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------- gc, heap

/** `global.gc` when node runs with --expose-gc; otherwise turned on here (same function). */
const gc: () => void = typeof globalThis.gc === 'function'
  ? globalThis.gc
  : (() => { setFlagsFromString('--expose-gc'); return runInNewContext('gc') as () => void; })();

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const now = (): bigint => process.hrtime.bigint();
const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

// --------------------------------------------------------------------------------------- knowledge

interface KnowledgeEntry { id: string; question: string; alternates: string[] }
interface Phrasing { id: number; text: string; entry: string }

function exportKnowledge(): KnowledgeEntry[] {
  const cli = path.join(DIST, 'cli.js');
  if (!existsSync(cli)) fail(`${path.relative(ROOT, cli)} is missing: run \`npm run build\` first.`);
  const run = spawnSync(process.execPath, [cli, 'knowledge', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) fail(`\`footnote knowledge --json\` exited ${run.status}:\n${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { entries?: KnowledgeEntry[] };
  if (!Array.isArray(parsed.entries) || parsed.entries.length === 0) fail('`footnote knowledge --json` printed no entries.');
  return parsed.entries;
}

// ----------------------------------------------------------------------------------- question sets

interface InScope { q: string; expect: string[]; hasEntry: boolean }
interface OutOfScope { q: string; nearMiss: boolean }
interface QuestionSet { file: string; inScope: InScope[]; outOfScope: OutOfScope[] }

function loadSet(file: string, entryIds: ReadonlySet<string>): QuestionSet {
  if (!existsSync(file)) fail(`${path.relative(ROOT, file)} is missing.`);
  const raw = parseYaml(readFileSync(file, 'utf8')) as { in_scope?: unknown; out_of_scope?: unknown } | null;
  const where = path.relative(ROOT, file);
  if (!raw || !Array.isArray(raw.in_scope) || !Array.isArray(raw.out_of_scope)) fail(`${where}: needs the lists in_scope and out_of_scope.`);
  const inScope = (raw.in_scope as { q?: unknown; expect?: unknown }[]).map((item, index): InScope => {
    if (typeof item?.q !== 'string' || !Array.isArray(item.expect) || item.expect.length === 0) fail(`${where}: in_scope[${index}] needs q and a non-empty expect list.`);
    const expect = item.expect.map(String);
    for (const label of expect) {
      if (!entryIds.has(label) && label !== 'timeline' && !label.startsWith('timeline:') && !label.startsWith('topic:')) {
        console.warn(`bench: ${where}: in_scope[${index}] expects unknown entry "${label}"`);
      }
    }
    return { q: item.q, expect, hasEntry: expect.some((label) => entryIds.has(label)) };
  });
  const outOfScope = (raw.out_of_scope as { q?: unknown; near_miss?: unknown }[]).map((item, index): OutOfScope => {
    if (typeof item?.q !== 'string') fail(`${where}: out_of_scope[${index}] needs q.`);
    return { q: item.q, nearMiss: item.near_miss === true };
  });
  return { file, inScope, outOfScope };
}

// --------------------------------------------------------------------------------------- contenders

/** A matcher's top result: `entry` null when the library itself returns nothing (or NLP.js 'None'). */
interface Top { entry: string | null; confidence: number }

interface Contender {
  name: string;
  /** Builds the index; timed and heap-measured. */
  build(): void | Promise<void>;
  /** True when `top` returns a promise (NLP.js): timed with await. */
  async: boolean;
  top(question: string): Top | Promise<Top>;
  /** Threshold in the library's own terms, for printing. */
  describe(threshold: number): string;
  /** Fixed decision rule (the engine); baselines get a threshold tuned on the dev set. */
  fixedThreshold?: number;
}

interface MiniSearchResult { id: number; score: number; entry: string }
interface MiniSearchIndex { addAll(documents: Phrasing[]): void; search(query: string): MiniSearchResult[] }
interface MiniSearchClass {
  new (options: object): MiniSearchIndex;
  getDefault(name: string): unknown;
}
interface NlpResult { intent: string; score: number }
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

interface Score { correct: number; total: number; declined: number; oos: number; nearDeclined: number; near: number; wrongAnswers: number }

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** `tops` holds the in-scope results first, then the out-of-scope ones, in set order. */
function score(set: QuestionSet, tops: readonly Top[], threshold: number, onlyEntryQuestions = true): Score {
  const accepted = (top: Top): boolean => top.entry !== null && top.confidence >= threshold;
  const result: Score = { correct: 0, total: 0, declined: 0, oos: 0, nearDeclined: 0, near: 0, wrongAnswers: 0 };
  set.inScope.forEach((item, index) => {
    if (onlyEntryQuestions && !item.hasEntry) return;
    const top = tops[index] as Top;
    result.total += 1;
    if (accepted(top) && item.expect.includes(top.entry as string)) result.correct += 1;
    else if (accepted(top)) result.wrongAnswers += 1;
  });
  set.outOfScope.forEach((item, index) => {
    const top = tops[set.inScope.length + index] as Top;
    result.oos += 1;
    if (item.nearMiss) result.near += 1;
    if (accepted(top)) { result.wrongAnswers += 1; return; }
    result.declined += 1;
    if (item.nearMiss) result.nearDeclined += 1;
  });
  return result;
}

const objective = (s: Score): number => (rate(s.correct, s.total) + rate(s.declined, s.oos)) / 2;

/**
 * The decline threshold that maximises the objective on the dev set. Candidates lie between
 * consecutive distinct dev confidences (the midpoint, so the boundary is not on a dev score);
 * ties go to the higher threshold (declining beats a wrong confident answer).
 */
function tuneThreshold(dev: QuestionSet, tops: readonly Top[]): { threshold: number; dev: Score } {
  const values = [...new Set(tops.filter((top) => top.entry !== null).map((top) => top.confidence))].sort((a, b) => a - b);
  const candidates = [Number.NEGATIVE_INFINITY];
  for (let index = 1; index < values.length; index += 1) candidates.push(((values[index - 1] as number) + (values[index] as number)) / 2);
  candidates.push(Number.POSITIVE_INFINITY);
  let best = { threshold: Number.NEGATIVE_INFINITY, dev: score(dev, tops, Number.NEGATIVE_INFINITY), value: -1 };
  for (const threshold of candidates) {
    const devScore = score(dev, tops, threshold);
    const value = objective(devScore);
    if (value >= best.value) best = { threshold, dev: devScore, value };
  }
  return { threshold: best.threshold, dev: best.dev };
}

// ---------------------------------------------------------------------------------------- latency

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

interface Timing { tops: Top[]; samples: number[]; firstPass: number[]; passes: number }

/** One warm-up pass (its results are the ones scored, its times kept apart), then timed passes. */
async function timeQuestions(contender: Contender, questions: readonly string[]): Promise<Timing> {
  const tops: Top[] = [];
  const firstPass: number[] = [];
  for (const question of questions) {
    const start = now();
    tops.push(contender.async ? await contender.top(question) : (contender.top(question) as Top));
    firstPass.push(msSince(start));
  }
  // Timed passes go on until MAX_PASSES, or until the budget is spent (never fewer than MIN_PASSES).
  const samples: number[] = [];
  let passes = 0;
  const timedStart = now();
  for (; passes < MAX_PASSES && (passes < MIN_PASSES || msSince(timedStart) < LATENCY_BUDGET_MS); passes += 1) {
    if (contender.async) {
      for (const question of questions) {
        const start = now();
        await contender.top(question);
        samples.push(msSince(start));
      }
    } else {
      for (const question of questions) {
        const start = now();
        contender.top(question);
        samples.push(msSince(start));
      }
    }
  }
  return { tops, samples: samples.sort((a, b) => a - b), firstPass: firstPass.sort((a, b) => a - b), passes };
}

// ------------------------------------------------------------------------------------------- main

const totalStart = now();
const entries = exportKnowledge();
const entryIds = new Set(entries.map((entry) => entry.id));
const phrasings: Phrasing[] = [];
for (const entry of entries) for (const text of [entry.question, ...entry.alternates]) phrasings.push({ id: phrasings.length, text, entry: entry.id });

const evalSet = loadSet(path.resolve(options.eval), entryIds);
const devSet = loadSet(path.resolve(options.dev), entryIds);
const questionsOf = (set: QuestionSet): string[] => [...set.inScope.map((item) => item.q), ...set.outOfScope.map((item) => item.q)];
const evalQuestions = questionsOf(evalSet);
const devQuestions = questionsOf(devSet);

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
const engineContender: Contender = {
  name: 'engine',
  async: false,
  build() { engine = engineModule.createEngine(knowledge); },
  top(question) {
    const answer = (engine as EngineModule.KnowledgeEngine).answer(question);
    return { entry: answer.answered ? answer.entry : null, confidence: answer.confidence };
  },
  describe: () => 'as shipped: answered === true',
  fixedThreshold: Number.NEGATIVE_INFINITY,
};

let fuse: Fuse<Phrasing> | undefined;
const fuseContender: Contender = {
  name: 'fuse.js',
  async: false,
  build() { fuse = new Fuse(phrasings, { keys: ['text'], includeScore: true }); },
  top(question) {
    const best = (fuse as Fuse<Phrasing>).search(question)[0];
    // Fuse scores 0 (perfect) .. 1 (no match); confidence = 1 - score.
    return best ? { entry: best.item.entry, confidence: 1 - (best.score ?? 1) } : { entry: null, confidence: 0 };
  },
  describe: (threshold) => (Number.isFinite(threshold) ? `answer when Fuse score ≤ ${(1 - threshold).toFixed(3)}` : threshold > 0 ? 'declines everything' : 'answers every result'),
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
  describe: (threshold) => (Number.isFinite(threshold) ? `answer when top score / query terms ≥ ${threshold.toFixed(3)}` : threshold > 0 ? 'declines everything' : 'answers every result'),
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
  describe: (threshold) => (Number.isFinite(threshold) ? `answer when intent ≠ None and score ≥ ${threshold.toFixed(3)}` : threshold > 0 ? 'declines everything' : "answers every intent but 'None'"),
};

interface Row {
  contender: Contender;
  buildMs: number;
  heapMB: number;
  /** Heap still held after the timed passes (caches included), relative to before the build. */
  heapAfterUseMB: number;
  threshold: number;
  dev?: Score;
  result: Score;
  all?: Score;
  timing: Timing;
}

const rows: Row[] = [];
for (const contender of [engineContender, fuseContender, miniContender, nlpContender]) {
  const before = heapUsed();
  const buildStart = now();
  await contender.build();
  const buildMs = msSince(buildStart);
  const heapMB = (heapUsed() - before) / (1024 * 1024);

  let threshold = contender.fixedThreshold ?? Number.NEGATIVE_INFINITY;
  let dev: Score | undefined;
  if (contender.fixedThreshold === undefined) {
    const devTops: Top[] = [];
    for (const question of devQuestions) devTops.push(await contender.top(question));
    ({ threshold, dev } = tuneThreshold(devSet, devTops));
  }
  const timing = await timeQuestions(contender, evalQuestions);
  const result = score(evalSet, timing.tops, threshold);
  const all = contender === engineContender ? score(evalSet, timing.tops, threshold, false) : undefined;
  const heapAfterUseMB = (heapUsed() - before) / (1024 * 1024);
  rows.push({ contender, buildMs, heapMB, heapAfterUseMB, threshold, dev, result, all, timing });
}

// ------------------------------------------------------------------------------------------ report

const pct = (part: number, whole: number): string => `${(rate(part, whole) * 100).toFixed(1)} % (${part}/${whole})`;
const ms3 = (value: number): string => value.toFixed(3);
const rel = (file: string): string => path.relative(ROOT, file) || file;
const describeSet = (set: QuestionSet): string => {
  const withEntry = set.inScope.filter((item) => item.hasEntry).length;
  const near = set.outOfScope.filter((item) => item.nearMiss).length;
  return `${set.inScope.length + set.outOfScope.length} questions: ${set.inScope.length} in-scope (${withEntry} expect a Q&A entry, ${set.inScope.length - withEntry} timeline/topic only), ${set.outOfScope.length} out-of-scope (${near} near misses)`;
};
const cpus = os.cpus();

console.log('footnote bench — engine vs plain fuse.js, MiniSearch, NLP.js on the same knowledge and questions');
console.log(`Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}`);
console.log(`knowledge: ${entries.length} Q&A entries, ${phrasings.length} phrasings (canonical + alternates) from \`footnote knowledge --json\``);
console.log(`eval: ${rel(evalSet.file)} — ${describeSet(evalSet)}`);
console.log(`dev:  ${rel(devSet.file)} — ${describeSet(devSet)} (used only to choose each baseline's decline threshold)`);
console.log(`libraries: fuse.js ${packageVersion('fuse.js')}, minisearch ${packageVersion('minisearch')}, node-nlp ${packageVersion('node-nlp')}\n`);

console.log('| matcher | in-scope top-1 | OOS declined | near-miss declined | p50 ms | p99 ms | heap MB | build ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const { result: r, timing } = row;
  console.log(`| ${row.contender.name} | ${pct(r.correct, r.total)} | ${pct(r.declined, r.oos)} | ${pct(r.nearDeclined, r.near)} | ${ms3(percentile(timing.samples, 50))} | ${ms3(percentile(timing.samples, 99))} | ${row.heapMB.toFixed(2)} | ${row.buildMs.toFixed(1)} |`);
}

const engineRow = rows[0] as Row;
console.log(`\nengine over ALL in-scope questions (timeline and topic included): ${pct(engineRow.all?.correct ?? 0, engineRow.all?.total ?? 0)}`);
console.log(`wrong answers (answered in-scope with a wrong entry + answered out-of-scope): ${rows.map((row) => `${row.contender.name} ${row.result.wrongAnswers}`).join(', ')}`);
console.log('\nDecline rule (baselines: threshold chosen on the dev set, maximising the mean of in-scope top-1 and OOS declined):');
for (const row of rows) {
  const devNote = row.dev ? ` — dev: top-1 ${(rate(row.dev.correct, row.dev.total) * 100).toFixed(1)} %, declined ${(rate(row.dev.declined, row.dev.oos) * 100).toFixed(1)} %` : '';
  console.log(`  ${row.contender.name.padEnd(10)} ${row.contender.describe(row.threshold)}${devNote}`);
}
console.log('\nNotes:');
console.log(`  engine build = createEngine() on knowledge already loaded and validated (loading took ${knowledgeLoadMs.toFixed(1)} ms, not counted).`);
console.log(`  NLP.js build = ${phrasings.length} addDocument calls + train(); training alone took ${nlpTrainMs.toFixed(1)} ms. process() is async: its latency includes the await.`);
console.log(`  MiniSearch confidence = top BM25+ score / number of query terms (MiniSearch's own tokenizer); fuse.js confidence = 1 - Fuse score.`);
console.log(`  latency: ${evalQuestions.length} eval questions per pass, one warm-up pass, then timed passes: ${rows.map((row) => `${row.contender.name} ${row.timing.passes}`).join(', ')} (budget ${LATENCY_BUDGET_MS} ms per library, ${MIN_PASSES}..${MAX_PASSES} passes).`);
console.log(`  first pass (the warm-up; for the engine its typo-correction cache is still empty), p50 / p99 ms: ${rows.map((row) => `${row.contender.name} ${ms3(percentile(row.timing.firstPass, 50))} / ${ms3(percentile(row.timing.firstPass, 99))}`).join(', ')}.`);
console.log(`  heap = heapUsed after − before building the index, each after a full GC; still held after the timed passes (caches included): ${rows.map((row) => `${row.contender.name} ${row.heapAfterUseMB.toFixed(2)} MB`).join(', ')}.`);
console.log(`  total bench time ${(msSince(totalStart) / 1000).toFixed(1)} s.`);
