// What adapters hand the conversation layer and what they get back: plain data both ways. An adapter
// turns a platform event into an `Incoming` and renders a `Reply`; everything in between (dedupe, the
// rate limit, follow-up context, the log line, feedback, the apology) is the conversation's.
import type { Answer, Timeline, TimelineQuery, TimelineRequestError } from '../engine/types.js';

/** Where a message came from: the log line's `platform`, and part of every key. */
export type Platform = 'slack' | 'discord' | 'console' | 'memory';

export type Request =
  /**
   * A question in words. `via: 'command'` (a slash command) gets a usage hint when empty; a
   * mention, a DM or a console line gets the help.
   */
  | { kind: 'question'; text: string; via: 'message' | 'command' }
  /** `/timeline`: free text ("amazon since 2026-02") or options already split by the platform. */
  | { kind: 'timeline'; text: string }
  | { kind: 'timeline'; query: TimelineQuery }
  /**
   * A click on one of our buttons: its payload as the platform delivered it (see buttons.ts).
   * `helpful` is the verdict Slack's action id gave a feedback button of the previous version.
   */
  | { kind: 'button'; payload: unknown; helpful?: boolean }
  /** A question picked from a list by entry id (the console's numbered suggestions). */
  | { kind: 'pick'; entry: string; reply: string | null };

export interface Incoming {
  platform: Platform;
  /** The person, unique across platforms ("slack:T1:U1", "discord:42"): the rate limit's key. */
  user: string;
  /** What identifies this delivery, so a retried or doubled one is answered once. Empty: no check. */
  deliveryKeys?: readonly string[];
  /**
   * The conversation it belongs to (a thread, a DM, the message a reply answers): where follow-up
   * context is read from and the new turn is kept. Absent: answered on its own, nothing kept.
   */
  conversation?: string;
  /** How it arrived, for the log line: "mention", "dm", "/ask", "button", "console". */
  path: string;
  /**
   * An interaction that must get a reply (Discord's): past the rate limit it gets the notice every
   * time instead of silence after the first.
   */
  mustReply?: boolean;
  request: Request;
}

/** Notices every platform words the same way (messages.ts), shown to the asker alone where possible. */
export type NoticeCode = 'rate-limited' | 'apology' | 'feedback-thanks' | 'button-gone';

export type Reply =
  /**
   * An answer (or clarify, decline, help) with the id its buttons carry. `tookAs`: the question a
   * follow-up was taken as; `note`: a line under it (the context had expired, say). `picked`: it
   * answers an option clicked under an earlier reply, which a platform may replace in place.
   */
  | { kind: 'answer'; id: string; answer: Answer; tookAs: string | null; note: string | null; picked: boolean }
  | { kind: 'timeline'; timeline: Timeline; asked: string }
  | { kind: 'timeline-problem'; error: TimelineRequestError }
  /** An empty slash command: the platform's usage hint, with this example question. */
  | { kind: 'usage'; example: string }
  | { kind: 'notice'; code: NoticeCode; text: string }
  /** Nothing to send: a repeated delivery, or a person already told they are rate limited. */
  | { kind: 'nothing'; why: 'duplicate' | 'rate-limited' };

/** What an adapter learned by sending: where a follow-up to the reply will arrive, if not `conversation`. */
export interface Delivered {
  /** E.g. the Discord message a reply-to-the-bot will reference, or the Slack thread an /ask post opened. */
  conversation?: string;
}

/** Sends one reply the platform's way. A rejection is a failed send: logged, and apologised for where possible. */
export type Send = (reply: Reply) => Promise<Delivered | undefined>;

/** Every reply that is sent (all but `nothing`). */
export type SentReply = Exclude<Reply, { kind: 'nothing' }>;
