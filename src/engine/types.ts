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

/** One dated event of a chronology. `date` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export interface TimelineEvent {
  fact: string;
  date: string;
  /** Human form of the date, e.g. "27 Feb 2026" or "Aug 2026". */
  dateLabel: string;
  text: string;
  sources: SourceRef[];
}

export interface TimelineQuery {
  /** An entity name or alias ("amazon", "aws", "stargate"). */
  topic?: string;
  /** Inclusive lower bound, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  from?: string;
  /** Inclusive upper bound, same forms as `from`. */
  to?: string;
  limit?: number;
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
}

export interface Answer {
  kind: AnswerKind;
  /** True exactly for `answer`, `topic` and `timeline`. */
  answered: boolean;
  /** The question as the person asked it (not normalised; adapters escape it when echoing). */
  question: string;
  /** The reply as plain text. For a timeline: the overview (events are in `timeline`). */
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
}

/** Why a timeline request could not be served; adapters show `message` and `example`. */
export interface TimelineRequestError {
  code: 'unknown-topic' | 'bad-range' | 'empty-range';
  message: string;
  example: string;
}

export type TimelineResult = { ok: true; timeline: Timeline } | { ok: false; error: TimelineRequestError };
