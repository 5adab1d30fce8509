// Every sentence the Discord adapter itself says to people, in one place. Answers, clarifications
// and timeline wording come from the engine; these are only the platform's own words.
export const MESSAGES = {
  somethingWentWrong: 'Something went wrong while answering that. It has been logged; please try again in a moment.',
  unknownCommand: 'I do not know that command any more. An admin may need to re-run `footnote discord register`.',
  unknownButton: 'That button is from an older version of me and no longer does anything.',
  unsupportedInteraction: 'That is not something I offer (any more). Use `/ask` or `/timeline`, or mention me with a question.',
  /** Used only if the knowledge offers no example question of its own. */
  defaultExampleQuestion: 'What can you answer?',
  /** `example` is already markdown-escaped by the caller. */
  askUsage: (example: string): string => `Type your question in the \`question\` option, for example: /ask ${example}`,
  feedbackThanks: {
    helpful: 'Thanks — noted that this answer helped.',
    notHelpful: 'Thanks — noted that this answer did not help. The knowledge base gets reviewed with feedback like this.',
  },
  /** The engine's example is written for free text ("/timeline amazon 2026"); Discord has options. */
  timelineProblem: (message: string): string => `${message}\nFor example: \`/timeline topic:amazon from:2026-02 to:2026-04\``,
  sourcesHeading: 'Sources',
  sourcesContinued: 'Sources (continued)',
  closestQuestions: 'Closest questions',
  relatedQuestions: 'Related questions',
  matchedQuestion: (question: string): string => `Matched: ${question}`,
  askedFooter: (question: string): string => `Asked: ${question}`,
  timelineTitle: (topic: string | null): string => (topic === null ? 'Timeline' : `Timeline: ${topic}`),
  timelineRange: (from: string | null, to: string | null): string | null =>
    from === null && to === null ? null : `${from ?? 'the beginning'} → ${to ?? 'now'}`,
  moreEvents: (count: number): string =>
    `${count} more ${count === 1 ? 'event' : 'events'} not shown — narrow it with \`from\`/\`to\` or a \`topic\`.`,
  noEvents: 'No dated events match that.',
  moreSources: (count: number): string => `…and ${count} more ${count === 1 ? 'source' : 'sources'}`,
  helpfulLabel: 'Helpful',
  notHelpfulLabel: 'Not helpful',
} as const;
