// Calibrated confidence: the probability that the best match is what was asked, from a logistic
// model over the match evidence. The model is fitted by `npm run calibrate` on the labelled
// development sets (never on the held-out evaluation set) and stored in calibration.ts.
import type { MatchEvidence } from './matcher.js';

export const FEATURE_NAMES = [
  'score', 'margin', 'phrasingCoverage', 'coveredShare', 'rareShare', 'ordinaryShare',
  'otherKnowledgeShare', 'entityMismatches', 'salientMatched', 'termCount', 'unansweredScore', 'agreement',
] as const;

export interface ConfidenceModel {
  /** Feature order: FEATURE_NAMES. Features are standardised with `means` and `scales` first. */
  means: readonly number[];
  scales: readonly number[];
  weights: readonly number[];
  bias: number;
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
  ];
}

export function probability(model: ConfidenceModel, features: readonly number[]): number {
  let z = model.bias;
  features.forEach((value, index) => {
    z += (model.weights[index] ?? 0) * ((value - (model.means[index] ?? 0)) / (model.scales[index] || 1));
  });
  return 1 / (1 + Math.exp(-z));
}
