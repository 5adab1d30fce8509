// Calibrated confidence: the probability that the best match is what was asked, from a logistic
// model over the match evidence. The model is fitted by `npm run calibrate` on the labelled
// development sets (never on a held-out set) and stored beside the knowledge as generated data
// (knowledge/calibration.json), stamped with what it was fitted on, so it reloads with the knowledge.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { MatchEvidence } from './matcher.js';

export const FEATURE_NAMES = [
  'score', 'margin', 'phrasingCoverage', 'coveredShare', 'rareShare', 'ordinaryShare',
  'otherKnowledgeShare', 'entityMismatches', 'salientMatched', 'termCount', 'unansweredScore', 'agreement',
  'answerGap', 'typeAgreement',
] as const;

export interface ConfidenceModel {
  /** Feature order: FEATURE_NAMES. Features are standardised with `means` and `scales` first. */
  means: readonly number[];
  scales: readonly number[];
  weights: readonly number[];
  bias: number;
}

/** The fitted model and the thresholds the decision uses. */
export interface Calibration {
  model: ConfidenceModel;
  /** Answer at or above `answer`; offer the closest questions at or above `clarify`. */
  thresholds: { answer: number; clarify: number };
}

/**
 * What a pack without calibration.json runs with: a model that leans on the match score, coverage
 * and agreement alone, with the thresholds footnote's first pack was fitted to. Documented in the
 * README ("Calibration"); `validate` says when a pack uses them.
 */
export const DEFAULT_CALIBRATION: Calibration = Object.freeze({
  model: Object.freeze({
    means: [0.75, 0.32, 0.86, 0.89, 0.03, 0.05, 0.03, 0.01, 1.4, 1.34, 0.19, 0.82, 1.5, 0.5],
    scales: [0.29, 0.24, 0.22, 0.2, 0.11, 0.13, 0.09, 0.11, 0.68, 0.46, 0.2, 0.28, 1, 0.3],
    weights: [0.76, 0.53, 0.69, 0.55, -0.25, -0.27, -0.4, -0.08, -0.12, -0.16, -0.34, 0.63, 0, 0],
    bias: 1.5,
  }),
  thresholds: Object.freeze({ answer: 0.826, clarify: 0.413 }),
});

const probabilityValue = z.number().min(0).max(1);
// Length is checked apart: a model fitted to another matcher version loads as stale, not invalid.
const vector = z.array(z.number().finite());
/** knowledge/calibration.json, as `npm run calibrate` writes it. */
export const calibrationFileSchema = z.strictObject({
  generated_by: z.string(),
  stamp: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  fitted_on: z.array(z.string()),
  model: z.strictObject({ means: vector, scales: vector, weights: vector, bias: z.number().finite() }),
  thresholds: z.strictObject({ answer: probabilityValue, clarify: probabilityValue }),
});
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

/** Bump when the matcher's features or scoring change in a way that invalidates fitted models. */
export const MATCHER_VERSION = 3;

/** What a fitted model depends on: every knowledge file's text, the matcher settings and version. */
export function calibrationStamp(files: readonly { name: string; text: string }[], settings: object): string {
  const hash = createHash('sha256');
  hash.update(`matcher ${MATCHER_VERSION}\n${JSON.stringify(settings)}\n`);
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`${file.name}\n${file.text}\n`);
  return `sha256:${hash.digest('hex')}`;
}

export function featureVector(evidence: MatchEvidence): number[] {
  return [
    evidence.score,
    evidence.margin,
    evidence.phrasingCoverage,
    evidence.coveredShare,
    evidence.rareShare,
    evidence.ordinaryShare,
    evidence.otherKnowledgeShare,
    evidence.entityMismatches,
    Math.log1p(evidence.salientMatched),
    Math.log(evidence.termCount),
    evidence.unansweredScore,
    evidence.agreement,
    evidence.answerGap,
    evidence.typeAgreement,
  ];
}

export function probability(model: ConfidenceModel, features: readonly number[]): number {
  let z = model.bias;
  features.forEach((value, index) => {
    z += (model.weights[index] ?? 0) * ((value - (model.means[index] ?? 0)) / (model.scales[index] || 1));
  });
  return 1 / (1 + Math.exp(-z));
}
