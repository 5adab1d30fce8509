// The one question pipeline every platform shares. An adapter hands over an `Incoming` and a way to
// send; this decides the reply — answered once however often it is delivered, within the person's
// rate limit, in the light of the conversation's previous turn, the help for an empty message — and
// then sends it, logs one line for it, and apologises if anything on the way fails.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServingEngine } from '../engine/engine-holder.js';
import type { PreviousTurn } from '../engine/follow-up.js';
import type { Answer } from '../engine/types.js';
import type { Logger } from '../logger.js';
import type { RateLimiter } from '../rate-limit.js';
import { BoundedMap } from './bounded-map.js';
import { decodeButton } from './buttons.js';
import { logFeedback, type FeedbackSink } from './feedback.js';
import { MESSAGES } from './messages.js';
import type { ConversationRecorder } from './recording.js';
import type { Incoming, Reply, Send } from './types.js';

export interface ConversationSettings {
  /** A conversation's context is forgotten this long after its last turn (CONVERSATION_TTL_MS). */
  ttlMs: number;
  /** At most this many conversations are held; the least recently active goes first (CONVERSATION_MAX). */
  max: number;
  /**
   * Turns kept per conversation. A follow-up reads the last one (its question, entry and
   * entities); the ones before it keep only their entry and time, for the store to come — which
   * keeps memory per conversation small whatever people type (see scripts/conversation-memory.ts).
   */
  turns: number;
}

export const CONVERSATION_DEFAULTS: Readonly<ConversationSettings> = Object.freeze({ ttlMs: 10 * 60_000, max: 10_000, turns: 20 });

export const MEMORY_LIMITS = Object.freeze({
  // Platforms retry within minutes (Slack: three times in about five); an hour leaves a wide margin,
  // and ~10k short keys is well under a megabyte.
  deliveries: Object.freeze({ ttlMs: 60 * 60_000, capacity: 10_000 }),
  // A button may be clicked days after its reply; past a week (or 10k replies) a click is still
  // thanked or answered by its entry id, only no longer tied to what was asked.
  replies: Object.freeze({ ttlMs: 7 * 24 * 60 * 60_000, capacity: 10_000 }),
  /** A remembered question is cut here: a follow-up only needs its subject and question words. */
  questionChars: 300,
});

/** A turn as the conversation keeps it. */
export interface Turn extends PreviousTurn {
  at: number;
}

/** What a conversation holds: its last turn in full, and the entries of up to `turns` turns. */
interface ConversationState {
  last: Turn;
  history: readonly { entry: string | null; at: number }[];
}

/** What a reply id points back to, for feedback and for picks from its buttons. */
export interface ReplyRecord {
  entry: string | null;
  /** What was asked (a follow-up: the question it was taken as). */
  question: string;
  matchedQuestion: string | null;
  platform: Incoming['platform'];
  /** The conversation the reply belongs to: a pick from its buttons continues it. */
  conversation: string | null;
}

export interface ConversationOptions {
  engine: ServingEngine;
  logger: Logger;
  /** Per-person fairness; keys are `Incoming.user`, which carry the platform. Absent: nobody is limited. */
  limiter?: RateLimiter | undefined;
  /** Where feedback goes (the curator issue's store plugs in here); default: one log line each. */
  feedback?: FeedbackSink;
  /** Where questions, feedback and picks are recorded for curators (the store); absent: nothing is kept. */
  recorder?: ConversationRecorder | undefined;
  settings?: Partial<ConversationSettings>;
  /** Injectable clock for the conversation memory (tests move time instead of waiting). */
  now?: () => number;
  /** Where reply ids come from (default: a per-process prefix and a counter); the docs want stable ones. */
  replyIds?: () => string;
}

export interface RespondOptions {
  /**
   * After a failed send, try once more with the apology. Off where a second send could post twice
   * or is bound to fail too (a Discord interaction takes one reply; discord.js already retried).
   */
  apologiseAfterFailedSend?: boolean;
}

interface Decision {
  reply: Reply;
  /** The turn to keep, under the incoming conversation now and wherever the reply lands. */
  turn: Turn | null;
  /** For the log line: the reply a pick or feedback came from. */
  from?: string | null;
  /** For the recorder: what was asked, when the reply answers a question or a pick. */
  asked?: { via: 'question' | 'pick'; question: string };
}

/**
 * A question as it is remembered: at most MEMORY_LIMITS.questionChars, cut at a word. The cut is
 * copied out, because a slice of a string keeps the whole of it alive (a 10 kB paste for 300 characters).
 */
const cut = (question: string): string =>
  question.length <= MEMORY_LIMITS.questionChars ? question : Buffer.from(question.slice(0, MEMORY_LIMITS.questionChars).replace(/\s+\S*$/, '')).toString();

/**
 * Reply ids: short and lower-case (they ride in button payloads). A random prefix per process and a
 * counter: ids of a reply from before a restart never name a new one, and making one costs no
 * system call (a random read per reply cost ~17 µs, most of what the conversation layer adds).
 */
const REPLY_ID_PREFIX = randomBytes(4).readUInt32BE().toString(36);
let replyCount = 0;
function newReplyId(): string {
  replyCount += 1;
  return `${REPLY_ID_PREFIX}${replyCount.toString(36)}`;
}

export class Conversation {
  readonly settings: Readonly<ConversationSettings>;
  private readonly engine: ServingEngine;
  private readonly logger: Logger;
  private readonly limiter: RateLimiter | undefined;
  private readonly feedback: FeedbackSink;
  private readonly recorder: ConversationRecorder | undefined;
  private readonly deliveries: BoundedMap<string, true>;
  private readonly states: BoundedMap<string, ConversationState>;
  private readonly replies: BoundedMap<string, ReplyRecord>;
  private readonly now: () => number;
  private readonly newReplyId: () => string;

  constructor(options: ConversationOptions) {
    this.engine = options.engine;
    this.logger = options.logger;
    this.limiter = options.limiter;
    this.settings = Object.freeze({ ...CONVERSATION_DEFAULTS, ...options.settings });
    this.feedback = options.feedback ?? logFeedback(options.logger);
    this.recorder = options.recorder;
    this.now = options.now ?? Date.now;
    this.newReplyId = options.replyIds ?? newReplyId;
    const now = this.now;
    this.deliveries = new BoundedMap({ ...MEMORY_LIMITS.deliveries, now });
    this.states = new BoundedMap({ capacity: this.settings.max, ttlMs: this.settings.ttlMs, now });
    this.replies = new BoundedMap({ ...MEMORY_LIMITS.replies, now });
  }

  /** Conversations held now (expired ones count until looked up or pushed out). */
  get size(): number {
    return this.states.size;
  }

  /**
   * True the first time any of `keys` is offered within the dedupe window; records them all either
   * way. `respond` checks `Incoming.deliveryKeys` itself; this is for deliveries that are no
   * question (autocomplete) but must not be handled twice either.
   */
  firstDelivery(keys: readonly string[]): boolean {
    const seen = keys.some((key) => this.deliveries.has(key));
    for (const key of keys) this.deliveries.set(key, true);
    return !seen;
  }

  /** Decides the reply, sends it with `send`, keeps the turn, logs one line; never throws. */
  async respond(incoming: Incoming, send: Send, options: RespondOptions = {}): Promise<Reply> {
    const started = performance.now();
    const decision = this.decideSafely(incoming);
    const { reply, turn } = decision;
    if (turn !== null && incoming.conversation !== undefined) this.remember(incoming.conversation, turn);
    let failed = false;
    try {
      const delivered = await send(reply);
      if (turn !== null && delivered && delivered.conversation !== undefined && delivered.conversation !== incoming.conversation) this.remember(delivered.conversation, turn);
    } catch (error) {
      failed = true;
      this.logger.error({ evt: 'reply.failed', err: error, ...this.where(incoming), kind: reply.kind }, 'sending the reply failed');
      const worthAnApology = reply.kind !== 'notice' && reply.kind !== 'nothing';
      if (worthAnApology && options.apologiseAfterFailedSend !== false) await this.apologise(incoming, send);
    }
    if (reply.kind !== 'nothing') this.logReply(incoming, decision, started, failed);
    if (this.recorder !== undefined && decision.asked !== undefined && reply.kind === 'answer') this.recordAsked(incoming, reply, decision.asked, started);
    return reply;
  }

  private decideSafely(incoming: Incoming): Decision {
    try {
      return this.decide(incoming);
    } catch (error) {
      this.logger.error({ evt: 'answer.failed', err: error, ...this.where(incoming) }, 'answering failed');
      return { reply: { kind: 'notice', code: 'apology', text: MESSAGES.somethingWentWrong }, turn: null };
    }
  }

  private async apologise(incoming: Incoming, send: Send): Promise<void> {
    try {
      await send({ kind: 'notice', code: 'apology', text: MESSAGES.somethingWentWrong });
    } catch (error) {
      // Usually the same outage that failed the reply; the line above already says why.
      this.logger.warn({ evt: 'reply.apology_failed', err: error, ...this.where(incoming) }, 'could not tell the person that answering failed');
    }
  }

  private decide(incoming: Incoming): Decision {
    const keys = incoming.deliveryKeys ?? [];
    if (keys.length > 0 && !this.firstDelivery(keys)) {
      this.logger.info({ evt: 'delivery.duplicate', ...this.where(incoming), keys }, 'repeated delivery ignored');
      return { reply: { kind: 'nothing', why: 'duplicate' }, turn: null };
    }
    const { request } = incoming;
    if (request.kind === 'button') {
      const action = decodeButton(request.payload);
      if (action === null) {
        this.logger.warn({ evt: 'button.unknown', ...this.where(incoming) }, 'click on a button this version did not make');
        return { reply: { kind: 'notice', code: 'button-gone', text: MESSAGES.buttonGone }, turn: null };
      }
      // Feedback is no question: it is never rate limited.
      if (action.kind === 'feedback') return this.thank(incoming, action.reply, action.entry === null ? action.helpful : (request.helpful ?? action.helpful), action.entry);
      return this.admitted(incoming) ?? this.pick(incoming, action.entry, action.reply);
    }
    const refusal = this.admitted(incoming);
    if (refusal !== null) return refusal;
    if (request.kind === 'pick') return this.pick(incoming, request.entry, request.reply);
    if (request.kind === 'timeline') {
      const result = 'text' in request ? this.engine.timelineFromText(request.text) : this.engine.timeline(request.query);
      const asked = 'text' in request ? request.text : '';
      return { reply: result.ok ? { kind: 'timeline', timeline: result.timeline, asked } : { kind: 'timeline-problem', error: result.error }, turn: null };
    }
    const text = request.text.trim();
    if (text === '' && request.via === 'command') {
      return { reply: { kind: 'usage', example: this.engine.help().suggestions[0]?.question ?? MESSAGES.defaultExampleQuestion }, turn: null };
    }
    if (text === '') return this.answered(incoming, this.engine.help(), { tookAs: null, note: null, picked: false }, null);
    const context = incoming.conversation === undefined ? { found: false as const, expired: false } : this.states.lookup(incoming.conversation);
    const previous = context.found ? context.value.last : null;
    const result = this.engine.answerInContext(text, previous);
    const note = result.wantedContext && !result.answer.answered ? (!context.found && context.expired ? MESSAGES.contextExpired(this.settings.ttlMs) : MESSAGES.noContext) : null;
    const tookAs = result.followUp === null ? null : result.question;
    const decision = this.answered(incoming, result.answer, { tookAs, note, picked: false }, { ...result.next, question: cut(result.next.question), at: this.now() });
    // The words as typed: a curator reads how people ask, not what a follow-up was taken as.
    return { ...decision, asked: { via: 'question', question: text } };
  }

  /** Past the rate limit: the notice (once, or every time where a reply is a must), else nothing. Null: go ahead. */
  private admitted(incoming: Incoming): Decision | null {
    if (this.limiter === undefined) return null;
    const decision = this.limiter.check(incoming.user);
    if (decision === 'allow') return null;
    const retryAfterSeconds = this.limiter.retryAfterSeconds(incoming.user);
    const line = { evt: 'rate_limited', ...this.where(incoming), decision, retryAfterSeconds };
    // The first refusal is worth an info line; the ones after it are not (a flood would flood the log).
    if (decision === 'notify') this.logger.info(line, 'question refused: rate limited');
    else this.logger.debug(line, 'question refused: rate limited, already told');
    if (decision === 'drop' && incoming.mustReply !== true) return { reply: { kind: 'nothing', why: 'rate-limited' }, turn: null };
    return { reply: { kind: 'notice', code: 'rate-limited', text: MESSAGES.rateLimited(retryAfterSeconds) }, turn: null };
  }

  /** An option clicked under an earlier reply: its entry answered by id, continuing that reply's conversation. */
  private pick(incoming: Incoming, entry: string, from: string | null): Decision {
    const record = from === null ? undefined : this.replies.get(from);
    const answer = this.engine.answerEntry(entry);
    const conversation = record?.conversation ?? incoming.conversation ?? null;
    const turn: Turn = { question: cut(answer.matchedQuestion ?? answer.question), entry: answer.entry, entities: [], at: this.now() };
    if (conversation !== null && conversation !== incoming.conversation) this.remember(conversation, turn);
    // The pick is the best signal for a new alternate: which option answered what was asked under `from`.
    if (from !== null) this.record((recorder) => recorder.choice({ ...this.who(incoming), fromReply: from, entry }));
    return { ...this.answered(incoming, answer, { tookAs: null, note: null, picked: true }, turn, conversation), from, asked: { via: 'pick', question: answer.question } };
  }

  private thank(incoming: Incoming, from: string | null, helpful: boolean, entry: string | null): Decision {
    const record = from === null ? undefined : this.replies.get(from);
    const reply: Reply = { kind: 'notice', code: 'feedback-thanks', text: MESSAGES.feedbackThanks(helpful) };
    // The store checks the reply id against what it recorded (a reply from before a restart is still
    // there; a forged id is not) and keeps only clicks on replies it knows.
    if (from !== null) this.record((recorder) => recorder.feedback({ ...this.who(incoming), reply: from, helpful }));
    if (record === undefined) {
      // After a restart (or a week), or from a button of the previous version: thanked and logged, not stored.
      this.logger.info({ evt: 'feedback.unknown_reply', ...this.where(incoming), reply: from, entry, helpful }, 'feedback on a reply no longer remembered');
      return { reply, turn: null, from };
    }
    const feedback = { helpful, reply: from, entry: record.entry, question: record.question, matchedQuestion: record.matchedQuestion, platform: incoming.platform, user: incoming.user };
    // A failed write never holds up the thanks.
    void Promise.resolve()
      .then(() => this.feedback.record(feedback))
      .catch((error: unknown) => this.logger.error({ evt: 'feedback.failed', err: error, reply: from }, 'feedback could not be recorded'));
    return { reply, turn: null, from };
  }

  private answered(incoming: Incoming, answer: Answer, shown: { tookAs: string | null; note: string | null; picked: boolean }, turn: Turn | null, conversation = incoming.conversation ?? null): Decision {
    const id = this.newReplyId();
    this.replies.set(id, { entry: answer.entry, question: cut(answer.question), matchedQuestion: answer.matchedQuestion, platform: incoming.platform, conversation });
    return { reply: { kind: 'answer', id, answer, ...shown }, turn };
  }

  private who(incoming: Incoming): { at: number; platform: Incoming['platform']; path: string; user: string } {
    return { at: this.now(), platform: incoming.platform, path: incoming.path, user: incoming.user };
  }

  /** A recorder only queues; should one throw all the same, the reply is unaffected and the line says why. */
  private record(write: (recorder: ConversationRecorder) => void): void {
    if (this.recorder === undefined) return;
    try {
      write(this.recorder);
    } catch (error) {
      this.logger.error({ evt: 'record.failed', err: error }, 'recording failed; the reply was not affected');
    }
  }

  private recordAsked(incoming: Incoming, reply: Extract<Reply, { kind: 'answer' }>, asked: { via: 'question' | 'pick'; question: string }, started: number): void {
    const { answer } = reply;
    const latencyMs = performance.now() - started;
    this.record((recorder) =>
      recorder.asked({ ...this.who(incoming), reply: reply.id, ...asked, kind: answer.kind, reason: answer.reason, entry: answer.entry, confidence: answer.confidence, latencyMs }),
    );
  }

  private remember(key: string, turn: Turn): void {
    const found = this.states.lookup(key);
    const history = found.found ? found.value.history : [];
    // A new state each time: one conversation may be held under several keys (a Discord reply chain).
    this.states.set(key, { last: turn, history: [...history.slice(-(this.settings.turns - 1)), { entry: turn.entry, at: turn.at }] });
  }

  /** The turns a conversation holds (its entries, oldest first), for tests and the store to come. */
  history(key: string): readonly { entry: string | null; at: number }[] {
    return this.states.get(key)?.history ?? [];
  }

  private where(incoming: Incoming): Record<string, unknown> {
    return { platform: incoming.platform, path: incoming.path, user: incoming.user, conversation: incoming.conversation, ...(incoming.deliveryKeys ? { keys: incoming.deliveryKeys } : {}) };
  }

  private logReply(incoming: Incoming, decision: Decision, started: number, failed: boolean): void {
    // The line is built only when it will be written (a benchmark logs at warn).
    if (!this.logger.isLevelEnabled('info')) return;
    const { reply } = decision;
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const base = { evt: 'reply', platform: incoming.platform, path: incoming.path, latencyMs, ...(failed ? { failed } : {}), ...(decision.from ? { from: decision.from } : {}) };
    if (reply.kind === 'answer') {
      const { answer } = reply;
      this.logger.info(
        { ...base, reply: reply.id, kind: answer.kind, reason: answer.reason, entry: answer.entry, confidence: answer.confidence, followUp: reply.tookAs !== null, ...(reply.note ? { note: true } : {}) },
        'reply',
      );
    } else if (reply.kind === 'notice') {
      this.logger.info({ ...base, kind: 'notice', reason: reply.code }, 'reply');
    } else if (reply.kind === 'timeline' || reply.kind === 'timeline-problem') {
      this.logger.info({ ...base, kind: reply.kind, reason: reply.kind === 'timeline' ? 'timeline' : reply.error.code, entry: reply.kind === 'timeline' ? (reply.timeline.topic ?? 'timeline') : null }, 'reply');
    } else {
      this.logger.info({ ...base, kind: reply.kind }, 'reply');
    }
  }
}
