// `npm run calibrate`: fits the confidence model (confidence.ts) on the development question sets
// and writes src/engine/calibration.ts. The held-out evaluation set is never read here, so
// `npm run eval` measures the model on questions it has not seen.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/config.js';
import { FEATURE_NAMES, featureVector, probability, type ConfidenceModel } from '../src/engine/confidence.js';
import { loadKnowledge } from '../src/engine/load-knowledge.js';
import { Matcher } from '../src/engine/matcher.js';
import { Vocabulary } from '../src/engine/vocabulary.js';
import { loadQuestionSet } from './evaluate.js';

const TRAINING_SETS = ['dev', 'dev2', 'dev3'];
/** Out-of-scope questions the model may answer, at most, on the training data. */
const MAX_TRAINING_OOS_ANSWERED = 0.03;
/** Wrong answers (a different entry than asked), as a share of in-scope questions, tolerated on the training data. */
const MAX_TRAINING_WRONG_SHARE = 0.015;
const L2 = 0.02;
const STEPS = 4000;
const LEARNING_RATE = 0.3;

const knowledge = await loadKnowledge(process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR);
const matcher = new Matcher(knowledge, new Vocabulary(knowledge));
const entryIds = new Set(knowledge.entries.map((entry) => entry.id));

interface Sample { features: number[]; label: 0 | 1; inScope: boolean; declinedOutright: boolean }
const allSamples: Sample[] = [];
for (const name of TRAINING_SETS) {
  const set = loadQuestionSet(path.join(PROJECT_ROOT, 'tests', 'eval', `${name}-set.yaml`));
  const add = (question: string, accept: readonly string[] | null): void => {
    const analysis = matcher.analyze(question);
    const ranking = matcher.rankAll(analysis);
    const evidence = matcher.evidence(analysis, ranking);
    const best = ranking.entries[0];
    if (!evidence || !best) return;
    const correct = accept?.includes(best.entry.id) ?? false;
    // The engine declines outright when an unanswered question family matches at least as well:
    // such questions count in the rates below but teach the model nothing.
    const declinedOutright = ranking.unanswered !== null && ranking.unanswered.score >= best.score;
    allSamples.push({ features: featureVector(evidence), label: correct ? 1 : 0, inScope: accept !== null, declinedOutright });
  };
  // Timeline and topic questions take other paths in the engine; the model judges entry matches.
  for (const item of set.in_scope) if (item.expect.some((label) => entryIds.has(label))) add(item.q, item.expect);
  for (const item of set.out_of_scope) add(item.q, null);
}

const samples = allSamples.filter((sample) => !sample.declinedOutright);
const width = FEATURE_NAMES.length;
const means = Array.from({ length: width }, (_, index) => samples.reduce((sum, sample) => sum + (sample.features[index] ?? 0), 0) / samples.length);
const scales = means.map((mean, index) => Math.sqrt(samples.reduce((sum, sample) => sum + ((sample.features[index] ?? 0) - mean) ** 2, 0) / samples.length) || 1);
const standardised = samples.map((sample) => sample.features.map((value, index) => (value - (means[index] ?? 0)) / (scales[index] ?? 1)));

const weights = Array.from({ length: width }, () => 0);
let bias = 0;
for (let step = 0; step < STEPS; step += 1) {
  const gradient = Array.from({ length: width }, () => 0);
  let biasGradient = 0;
  standardised.forEach((x, sampleIndex) => {
    const z = bias + x.reduce((sum, value, index) => sum + value * (weights[index] ?? 0), 0);
    const error = 1 / (1 + Math.exp(-z)) - (samples[sampleIndex] as Sample).label;
    x.forEach((value, index) => {
      gradient[index] = (gradient[index] ?? 0) + error * value;
    });
    biasGradient += error;
  });
  weights.forEach((weight, index) => {
    weights[index] = weight - LEARNING_RATE * ((gradient[index] ?? 0) / samples.length + L2 * weight);
  });
  bias -= (LEARNING_RATE * biasGradient) / samples.length;
}

const model: ConfidenceModel = { means, scales, weights, bias };
const scored = allSamples.map((sample) => ({ ...sample, p: sample.declinedOutright ? 0 : probability(model, sample.features) }));
const outOfScope = scored.filter((sample) => !sample.inScope);
// The lowest threshold that keeps answered out-of-scope questions under the cap on the training data.
const candidates = [...new Set(scored.map((sample) => Math.round(sample.p * 1000) / 1000))].sort((a, b) => a - b);
let answerProbability = 0.5;
for (const threshold of candidates) {
  const answered = outOfScope.filter((sample) => sample.p >= threshold).length / outOfScope.length;
  const wrong = scored.filter((sample) => sample.inScope && sample.label === 0 && sample.p >= threshold).length / scored.filter((sample) => sample.inScope).length;
  if (answered <= MAX_TRAINING_OOS_ANSWERED && wrong <= MAX_TRAINING_WRONG_SHARE) {
    answerProbability = Math.max(0.3, threshold);
    break;
  }
}
const clarifyProbability = Math.round(answerProbability * 0.5 * 1000) / 1000;

const inScope = scored.filter((sample) => sample.inScope);
const correctAnswered = inScope.filter((sample) => sample.label === 1 && sample.p >= answerProbability).length;
console.log(`training samples: ${samples.length} of ${allSamples.length} (${inScope.length} in scope, ${outOfScope.length} out of scope) from ${TRAINING_SETS.join(', ')}; ${allSamples.length - samples.length} declined outright as unanswered`);
console.log(`answer at p ≥ ${answerProbability}, clarify at p ≥ ${clarifyProbability}`);
console.log(`training: in-scope answered correctly ${(correctAnswered / inScope.length * 100).toFixed(1)} %, out-of-scope answered ${(outOfScope.filter((sample) => sample.p >= answerProbability).length / outOfScope.length * 100).toFixed(1)} %`);
console.log('weights (standardised features):');
for (const [index, name] of FEATURE_NAMES.entries()) console.log(`  ${name.padEnd(20)} ${(weights[index] ?? 0).toFixed(3)}`);

const round = (values: readonly number[]): string => `[${values.map((value) => Number(value.toFixed(6))).join(', ')}]`;
const file = path.join(PROJECT_ROOT, 'src', 'engine', 'calibration.ts');
writeFileSync(
  file,
  `// Generated by \`npm run calibrate\` (scripts/calibrate.ts) from tests/eval/{${TRAINING_SETS.join(',')}}-set.yaml.
// Do not edit by hand: change the knowledge or the matcher, then run it again.
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = Object.freeze({
  means: ${round(means)},
  scales: ${round(scales)},
  weights: ${round(weights)},
  bias: ${Number(bias.toFixed(6))},
});

/** Answer at or above this probability; offer the closest questions at or above the second. */
export const ANSWER_PROBABILITY = ${answerProbability};
export const CLARIFY_PROBABILITY = ${clarifyProbability};
`,
);
console.log(`wrote ${path.relative(PROJECT_ROOT, file)}`);
if (process.argv.includes('--curve')) {
  for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const ok = inScope.filter((s) => s.label === 1 && s.p >= threshold).length;
    const wrong = inScope.filter((s) => s.label === 0 && s.p >= threshold).length;
    const oos = outOfScope.filter((s) => s.p >= threshold).length;
    console.log(`p≥${threshold}: correct ${ok}/${inScope.length}, wrong ${wrong}, oos answered ${oos}/${outOfScope.length}`);
  }
  for (const s of scored.filter((x) => (x.inScope && x.label === 1 && x.p < 0.5) || (!x.inScope && x.p > 0.5))) console.log(s.inScope ? 'IN ' : 'OOS', s.p.toFixed(2), s.features.map((v) => v.toFixed(2)).join(' '));
}
