// Every tuning constant of the matcher's scoring in one frozen object. Whether a score is good
// enough to answer is decided by the calibrated model (calibration.ts, `npm run calibrate`):
// after changing anything here, run it again and check `npm run eval`.
export const MATCHER_DEFAULTS = Object.freeze({
  /** A topic summary wins unless an entry matches at least this well. */
  topicOverride: 0.85,
  /** How much the share of the question that was understood counts, against the share of the phrasing matched. */
  questionCoverageExponent: 2,
  phrasingCoverageExponent: 0.5,
  /** 0: coverage of the question by the best phrasing alone; 1: by all phrasings of its entry. */
  entryCoverageShare: 0.75,
  /** A question word found only in the entry's answer or facts, not its phrasings, earns this share. */
  contextCredit: 0.5,
  /** Weights of words the index has no idf for. */
  unknownWordWeight: 2.6,
  knownUnindexedWeight: 1.3,
  /** An ordinary English word the knowledge never uses (see common-english.ts). */
  ordinaryWordWeight: 0.8,
  weakWordWeight: 0.3,
  /** A weak word that does appear in phrasings counts at most this much. */
  weakIndexedMaximum: 1,
  /** An ordinary English word found only in phrasings (not answers or facts) counts at most this much. */
  phrasingOnlyMaximum: 1.2,
  questionWordWeight: 0.8,
  /** Entries whose phrasings are scored one by one, best entry coverage first. */
  entryShortlist: 8,
  /** Nearest phrasings whose entries are compared for agreement (a confidence feature). */
  agreementNeighbours: 6,
  /** Only terms at least this heavy select candidate phrasings (when the question has any). */
  candidateMinimumWeight: 1,
  /** Terms at least this heavy count as salient evidence for a match. */
  salientWeight: 1.5,
  /** Naming an entity the entry does not mention must cost at least this much. */
  entityMinimumWeight: 2,
  /** Entities in more than this share of entries (the story's subject) get no minimum. */
  ubiquitousEntityShare: 0.4,
  /** An entry whose answer type is the one asked scores this much more; a different specific type this much less. */
  answerTypeBonus: 0.1,
  /** From this many words on, words the knowledge does not know count as weak (see termWeight). */
  longMessageWords: 20,
  answerTypePenalty: 0.1,
});

export type MatcherSettings = typeof MATCHER_DEFAULTS;
