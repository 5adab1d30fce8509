// The engine's public data. Everything here is plain data: adapters render it with their
// platform's own means (Block Kit, embeds, plain text); nothing platform-specific lives here.

/** A page the knowledge cites. `date` is the publication date, `YYYY-MM-DD`. */
export interface SourceRef {
  id: string;
  title: string;
  publisher: string;
  url: string;
  date: string;
}

/** A question the person could ask next; `question` is the canonical wording of `entry`. */
export interface Suggestion {
  entry: string;
  question: string;
}

export type AnswerKind = 'answer' | 'topic' | 'timeline' | 'clarify' | 'decline' | 'smalltalk';

/**
 * Why a reply is what it is: one stable code per decision, for logs, `ask --json` and curators.
 * Answers: exact (asked as the knowledge words it), matched (ranked best), several-parts (a
 * question of several questions), entry (asked by id, e.g. a button), topic, timeline, and the
 * computed kinds order, duration, compare, on-date, first-last, premise, several-facts.
 * Refusals: unknown-subject, unanswered-family, missing-fact, incomparable, unknown-event,
 * bad-range, too-long, empty, unknown-entry. ambiguous is a clarify; smalltalk and help are chat.
 */
export const REASONS = [
  'exact', 'matched', 'several-parts', 'entry', 'topic', 'timeline',
  'order', 'duration', 'compare', 'on-date', 'first-last', 'premise', 'several-facts',
  'unknown-subject', 'unanswered-family', 'missing-fact', 'incomparable', 'unknown-event', 'bad-range', 'too-long', 'empty', 'unknown-entry',
  'ambiguous', 'smalltalk', 'help',
] as const;
export type Reason = (typeof REASONS)[number];

/** One part of a reply to a question that asked several things at once. */
export interface AnswerPart {
  entry: string;
  /** The canonical question this part answers. */
  question: string;
  text: string;
  sources: SourceRef[];
}

/** One dated event of a chronology. `date` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export interface TimelineEvent {
  fact: string;
  date: string;
  /** Human form of the date, e.g. "27 Feb 2026" or "Aug 2026". */
  dateLabel: string;
  text: string;
  sources: SourceRef[];
  /** The event's short name ("the memo"), when the knowledge gives one. */
  name?: string;
  /** True for events after the story's own period: later changes the story does not know. */
  later?: boolean;
}

export interface TimelineQuery {
  /** An entity name or alias ("amazon", "aws", "stargate"). */
  topic?: string;
  /** Inclusive lower bound, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  from?: string;
  /** Inclusive upper bound, same forms as `from`. */
  to?: string;
  limit?: number;
  /** Entity ids whose events are all included (a union); resolved ids, not names. */
  topics?: string[];
  /** Exclusive lower bound, a full date: "since the memo" leaves the memo out. */
  after?: string;
  /** Events to leave out by fact id (the event a "since" named). */
  exclude?: string[];
  /** Only these events, by fact id ("how did the revenue share evolve": the events about it). */
  facts?: string[];
  /** One short line per event: its date and name ("dates only"). */
  compact?: boolean;
}

export interface Timeline {
  /** One sentence saying what the chronology covers. */
  overview: string;
  /** The entity the topic resolved to, if a topic was given. */
  topic: string | null;
  from: string | null;
  to: string | null;
  /** Events in date order, at most `limit` of them. */
  events: TimelineEvent[];
  /** How many events matched before `limit` was applied. */
  total: number;
  /** Each event's text is its short name: "dates only". */
  compact?: boolean;
}

export interface Answer {
  kind: AnswerKind;
  reason: Reason;
  /** True exactly for `answer`, `topic` and `timeline`. */
  answered: boolean;
  /** The question as the person asked it (not normalised; adapters escape it when echoing). */
  question: string;
  /**
   * The reply as plain text; lines are separated by "\n" (a part or an event a line), and it holds
   * no other control character. For a timeline: the overview (events are in `timeline`).
   */
  text: string;
  /** Never empty when `answered` is true. */
  sources: SourceRef[];
  /** 0..1; how sure the matcher is that `entry` is what was asked. */
  confidence: number;
  /** The id of the Q&A entry (or entity, for a topic) that was matched, if any. */
  entry: string | null;
  /** The canonical question of the matched entry, if any. */
  matchedQuestion: string | null;
  /** Up to 3: related questions after an answer, the closest questions for clarify/decline. */
  suggestions: Suggestion[];
  /** Present when kind is `timeline`. */
  timeline?: Timeline;
  /** Present when the question asked several things: each part with its own sources. */
  parts?: AnswerPart[];
  /** The facts a computed answer used, by id. */
  facts?: string[];
}

/** Why a timeline request could not be served; adapters show `message` and `example`. */
export interface TimelineRequestError {
  code: 'unknown-topic' | 'unknown-event' | 'bad-range' | 'empty-range';
  message: string;
  example: string;
}

export type TimelineResult = { ok: true; timeline: Timeline } | { ok: false; error: TimelineRequestError };
