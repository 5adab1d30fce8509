// Where 👍 / 👎 go. One shape for every platform; the curator issue's store implements the sink to
// keep them, until then each is one log line. A sink may be slow or fail: the conversation never
// waits for it before thanking the person, and logs a failure.
import type { Logger } from '../logger.js';
import type { Platform } from './types.js';

export interface Feedback {
  helpful: boolean;
  /** The reply it is about, with what that reply answered. */
  reply: string | null;
  entry: string | null;
  question: string;
  matchedQuestion: string | null;
  platform: Platform;
  user: string;
}

export interface FeedbackSink {
  record(feedback: Feedback): void | Promise<void>;
}

/** The sink until there is a store: one info line per verdict, with the entry and the question. */
export function logFeedback(logger: Logger): FeedbackSink {
  return {
    record: ({ helpful, ...rest }) => {
      logger.info({ evt: 'feedback', verdict: helpful ? 'helpful' : 'not_helpful', ...rest }, 'answer feedback');
    },
  };
}
