// The words every platform says the same way, in one place: apologies, thanks, refusals and the
// notes a follow-up carries. They are plain text; each adapter escapes and formats them for its
// platform. The answers themselves come from the engine (src/engine/messages.ts), and only words
// that exist for one platform (a slash command's usage, Block Kit headings) live in its adapter.
import { rateLimitedMessage } from '../engine/messages.js';

const minutes = (ms: number): string => {
  const count = Math.max(1, Math.round(ms / 60_000));
  return `${count} minute${count === 1 ? '' : 's'}`;
};

export const MESSAGES = Object.freeze({
  somethingWentWrong: 'Sorry, something went wrong on my side while answering. Please try again in a moment.',
  buttonGone: 'That button no longer works. Ask me the question again, please.',
  feedbackThanks: (helpful: boolean): string =>
    helpful ? 'Thanks! I noted that this answer helped.' : 'Thanks for saying so. I noted that this answer missed, so the knowledge can be improved.',
  rateLimited: rateLimitedMessage,
  /** Used only if the knowledge offers no example question of its own. */
  defaultExampleQuestion: 'What can you answer?',

  /** Above an answer to a follow-up: the question it was taken as. */
  tookAs: (question: string): string => `Taking that as: “${question}”`,
  /** Under a follow-up that could not be answered because the conversation's context had expired. */
  contextExpired: (ttlMs: number): string =>
    `It's been more than ${minutes(ttlMs)}, so I no longer have the earlier questions here and read this on its own. Ask it in full, please.`,
  /** Under a follow-up that could not be answered because nothing came before it. */
  noContext: 'I read this on its own: there is no earlier question here for it to follow. Ask it in full, please.',

  sourcesHeading: 'Sources',
  feedbackPrompt: 'Was this answer helpful?',
  helpfulLabel: 'Helpful',
  notHelpfulLabel: 'Not helpful',
});
