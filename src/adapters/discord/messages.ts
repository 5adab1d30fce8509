// Every sentence only the Discord adapter says to people, in one place. Answers, clarifications and
// timeline wording come from the engine, and what every platform says the same way (apologies,
// thanks, follow-up notes) from the conversation layer; these are Discord's own words.
import { MESSAGES as SHARED } from '../../conversation/messages.js';

export const MESSAGES = {
  unknownCommand: 'I do not know that command any more. An admin may need to re-run `footnote discord register`.',
  unsupportedInteraction: 'That is not something I offer (any more). Use `/ask` or `/timeline`, or mention me with a question.',
  /** `example` is already markdown-escaped by the caller. */
  askUsage: (example: string): string => `Type your question in the \`question\` option, for example: /ask ${example}`,
  /** The engine's example is written for free text ("/timeline amazon 2026"); Discord has options. */
  timelineProblem: (message: string): string => `${message}\nFor example: \`/timeline topic:amazon from:2026-02 to:2026-04\``,
  sourcesHeading: SHARED.sourcesHeading,
  sourcesContinued: `${SHARED.sourcesHeading} (continued)`,
  matchedQuestion: (question: string): string => `Matched: ${question}`,
  askedFooter: (question: string): string => `Asked: ${question}`,
  timelineTitle: (topic: string | null): string => (topic === null ? 'Timeline' : `Timeline: ${topic}`),
  timelineRange: (from: string | null, to: string | null): string | null =>
    from === null && to === null ? null : `${from ?? 'the beginning'} → ${to ?? 'now'}`,
  moreEvents: (count: number): string =>
    `${count} more ${count === 1 ? 'event' : 'events'} not shown — narrow it with \`from\`/\`to\` or a \`topic\`.`,
  noEvents: 'No dated events match that.',
  moreSources: (count: number): string => `…and ${count} more ${count === 1 ? 'source' : 'sources'}`,
  helpfulLabel: SHARED.helpfulLabel,
  notHelpfulLabel: SHARED.notHelpfulLabel,
} as const;
