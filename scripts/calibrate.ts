// `npm run calibrate`: fits the confidence model (src/engine/confidence.ts) on the development
// question sets, through the engine's own path (the same focus, rewriting and ranking a question
// gets when it is asked), and writes knowledge/calibration.json stamped with the knowledge and the
// matcher settings it was fitted on. Held-out sets are never read here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/config.js';
import { FEATURE_NAMES, probability, type CalibrationFile, type ConfidenceModel } from '../src/engine/confidence.js';
import { loadEngine } from '../src/engine/engine.js';
import { CALIBRATION_FILE } from '../src/engine/load-knowledge.js';
import { isHeldOut, listSets, loadSet, matchesFacts, plainText } from './evaluate.js';

/** Out-of-scope questions the model may answer, at most, on the training data. */
const MAX_TRAINING_OOS_ANSWERED = 0.06;
/** Wrong answers, as a share of in-scope questions, tolerated on the training data. */
const MAX_TRAINING_WRONG_SHARE = 0.05;
const L2 = 0.02;
const STEPS = 3000;
const LEARNING_RATE = 0.3;

const knowledgeDir = process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR;
const engine = await loadEngine(knowledgeDir);
const training = listSets(path.join(PROJECT_ROOT, 'tests', 'eval')).filter((listing) => listing.present && !isHeldOut(listing.name));

interface Sample { features: number[]; label: 0 | 1; inScope: boolean }
const samples: Sample[] = [];
for (const listing of training) {
  const set = loadSet(listing);
  for (const item of set.inScope) {
    const sample = engine.rankedSample(item.q);
    if (!sample) continue;
    const right = item.expect ? item.expect.includes(sample.entry) : matchesFacts(plainText(engine.answerEntry(sample.entry, item.q)), item.facts ?? []);
    samples.push({ features: sample.features, label: right ? 1 : 0, inScope: true });
  }
  for (const item of set.outOfScope) {
    const sample = engine.rankedSample(item.q);
    if (sample) samples.push({ features: sample.features, label: 0, inScope: false });
  }
}

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
const scored = samples.map((sample) => ({ ...sample, p: probability(model, sample.features) }));
const inScope = scored.filter((sample) => sample.inScope);
const outOfScope = scored.filter((sample) => !sample.inScope);
// The lowest threshold that keeps answered out-of-scope and wrong answers under their caps.
const candidates = [...new Set(scored.map((sample) => Math.round(sample.p * 1000) / 1000))].sort((a, b) => a - b);
let answer = 0.5;
for (const threshold of candidates) {
  const oosAnswered = outOfScope.filter((sample) => sample.p >= threshold).length / Math.max(outOfScope.length, 1);
  const wrong = inScope.filter((sample) => sample.label === 0 && sample.p >= threshold).length / Math.max(inScope.length, 1);
  if (oosAnswered <= MAX_TRAINING_OOS_ANSWERED && wrong <= MAX_TRAINING_WRONG_SHARE) {
    answer = Math.max(0.3, threshold);
    break;
  }
}
const clarify = Math.round(answer * 0.5 * 1000) / 1000;

const round = (values: readonly number[]): number[] => values.map((value) => Number(value.toFixed(6)));
const file: CalibrationFile = {
  generated_by: 'npm run calibrate (scripts/calibrate.ts); do not edit by hand',
  stamp: engine.knowledge.calibration.stamp,
  fitted_on: training.map((listing) => listing.name),
  model: { means: round(means), scales: round(scales), weights: round(weights), bias: Number(bias.toFixed(6)) },
  thresholds: { answer, clarify },
};
const target = path.join(knowledgeDir, CALIBRATION_FILE);
writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
const correct = inScope.filter((sample) => sample.label === 1 && sample.p >= answer).length;
console.log(`fitted on ${training.map((listing) => listing.name).join(', ')}: ${samples.length} ranked samples (${inScope.length} in scope, ${outOfScope.length} out of scope)`);
console.log(`answer at p ≥ ${answer}, clarify at p ≥ ${clarify}; on the training samples: ${(correct / Math.max(inScope.length, 1) * 100).toFixed(1)} % of ranked in-scope answered right, ${(outOfScope.filter((sample) => sample.p >= answer).length / Math.max(outOfScope.length, 1) * 100).toFixed(1)} % of out-of-scope answered`);
for (const [index, name] of FEATURE_NAMES.entries()) console.log(`  ${name.padEnd(20)} ${(weights[index] ?? 0).toFixed(3)}`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
