// What the conversation hands a recorder (the curator loop's store): plain rows, pushed after the
// reply has gone out. A recorder must return at once and never throw into a reply; the store's
// queues and writes it in the background (src/store/recorder.ts). The raw user id travels only as
// far as the recorder, which keeps a salted hash of it.
import type { AnswerKind, Reason } from '../engine/types.js';
import type { Platform } from './types.js';

interface Who {
  /** Milliseconds since the epoch. */
  at: number;
  platform: Platform;
  /** How it arrived: "mention", "dm", "/ask", "button", "console" — the channel or DM kind. */
  path: string;
  /** `Incoming.user`; hashed by the recorder before anything is written. */
  user: string;
}

export interface AskedRecord extends Who {
  /** The reply id its buttons and feedback carry. */
  reply: string;
  /** Typed by the person, or an option picked from an earlier reply (then `question` is the entry's). */
  via: 'question' | 'pick';
  question: string;
  kind: AnswerKind;
  reason: Reason;
  entry: string | null;
  confidence: number;
  /** From the question's arrival to the reply having been sent. */
  latencyMs: number;
}

export interface FeedbackRecord extends Who {
  reply: string;
  helpful: boolean;
}

/** An option picked under an earlier reply (a clarify button, a number in the console chat). */
export interface ChoiceRecord extends Who {
  fromReply: string;
  entry: string;
}

export interface ConversationRecorder {
  asked(record: AskedRecord): void;
  feedback(record: FeedbackRecord): void;
  choice(record: ChoiceRecord): void;
}
