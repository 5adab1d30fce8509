// `npm run eval [-- --set dev] [--scores] [--verbose]`: accuracy, decline rate and latency of the
// engine on a labelled question set. Exits 1 below the floors.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/config.js';
import { loadEngine } from '../src/engine/engine.js';
import { evaluate, floorsFor, loadQuestionSet, measureLatency, percentile, TARGETS } from './evaluate.js';

const { values } = parseArgs({
  options: { set: { type: 'string', default: 'eval' }, scores: { type: 'boolean' }, verbose: { type: 'boolean' }, passes: { type: 'string', default: '20' } },
});
const file = path.join(PROJECT_ROOT, 'tests', 'eval', `${values.set}-set.yaml`);
const FLOORS = floorsFor(values.set);
const set = loadQuestionSet(file);
const knowledgeDir = process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR;
// A running bot has compiled its code long before a new word arrives: warm the JIT on another set
// with a throwaway engine, so "first pass" measures cold typo caches, not V8 start-up.
const warmUp = await loadEngine(knowledgeDir);
const warmUpSet = loadQuestionSet(path.join(PROJECT_ROOT, 'tests', 'eval', `${values.set === 'dev' ? 'dev2' : 'dev'}-set.yaml`));
for (let pass = 0; pass < 3; pass += 1) for (const item of [...warmUpSet.in_scope, ...warmUpSet.out_of_scope]) warmUp.answer(item.q);
const engine = await loadEngine(knowledgeDir);
const questions = [...set.in_scope.map((item) => item.q), ...set.out_of_scope.map((item) => item.q)];
const latency = measureLatency(engine, questions, Number(values.passes));
const result = evaluate(engine, set);

const pct = (value: number): string => `${(value * 100).toFixed(1)} %`;
const ms = (value: number): string => `${value.toFixed(3)} ms`;
const { inScope, outOfScope } = result;
console.log(`footnote eval — ${path.relative(PROJECT_ROOT, file)}: ${inScope.total} in-scope, ${outOfScope.total} out-of-scope (${outOfScope.nearMiss.total} near misses)\n`);
console.log('| metric | value | CI floor | target |');
console.log('|---|---|---|---|');
console.log(`| in-scope top-1 accuracy | ${pct(inScope.accuracy)} (${inScope.correct}/${inScope.total}) | ${pct(FLOORS.inScopeAccuracy)} | ${pct(TARGETS.inScopeAccuracy)} |`);
console.log(`| in-scope: clarified / declined / wrong | ${inScope.clarified} / ${inScope.declined} / ${inScope.wrong} | | |`);
console.log(`| out-of-scope not answered | ${pct(outOfScope.rate)} (${outOfScope.declined}/${outOfScope.total}; ${outOfScope.strictDeclines} declined, ${outOfScope.declined - outOfScope.strictDeclines} clarified) | ${pct(FLOORS.outOfScopeDeclined)} | ${pct(TARGETS.outOfScopeDeclined)} |`);
console.log(`| near misses not answered | ${pct(outOfScope.nearMiss.rate)} (${outOfScope.nearMiss.declined}/${outOfScope.nearMiss.total}) | | |`);
console.log(`| wrong confident answers | ${result.wrongAnswers.length} | ≤ ${FLOORS.maxWrongAnswers} | 0 |`);
console.log(`| latency p50 / p99 (warm, ${values.passes} passes) | ${ms(percentile(latency.warm, 50))} / ${ms(percentile(latency.warm, 99))} | | 0.100 / 0.500 ms |`);
console.log(`| latency p50 / p99 (first pass: warm JIT, cold caches) | ${ms(percentile(latency.cold, 50))} / ${ms(percentile(latency.cold, 99))} | | |`);

if (values.verbose || result.misses.length <= 15) {
  console.log(`\nMisses (${result.misses.length}):`);
  for (const miss of result.misses) console.log(`  ${miss.kind.padEnd(9)} ${miss.confidence.toFixed(3)}  ${JSON.stringify(miss.question)} → ${miss.got} (expected ${miss.expected})`);
}
if (values.scores) {
  const histogram = (scores: number[]): string => {
    const bins = Array.from({ length: 10 }, () => 0);
    for (const score of scores) {
      const bin = Math.min(9, Math.floor(score * 10));
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    return bins.map((count, index) => `${(index / 10).toFixed(1)}:${count}`).join(' ');
  };
  console.log(`\nConfidence histogram, in-scope:     ${histogram(result.scores.inScope)}`);
  console.log(`Confidence histogram, out-of-scope: ${histogram(result.scores.outOfScope)}`);
}
const pass = inScope.accuracy >= FLOORS.inScopeAccuracy && outOfScope.rate >= FLOORS.outOfScopeDeclined && result.wrongAnswers.length <= FLOORS.maxWrongAnswers;
console.log(`\n${pass ? 'PASS' : 'FAIL'}: CI floors are in-scope ≥ ${pct(FLOORS.inScopeAccuracy)}, out-of-scope declined ≥ ${pct(FLOORS.outOfScopeDeclined)}, wrong answers ≤ ${FLOORS.maxWrongAnswers}`);
const targetsMet = inScope.accuracy >= TARGETS.inScopeAccuracy && outOfScope.rate >= TARGETS.outOfScopeDeclined;
console.log(`${targetsMet ? 'MET' : 'NOT MET'}: targets are in-scope ≥ ${pct(TARGETS.inScopeAccuracy)}, out-of-scope declined ≥ ${pct(TARGETS.outOfScopeDeclined)}`);
process.exitCode = pass ? 0 : 1;
