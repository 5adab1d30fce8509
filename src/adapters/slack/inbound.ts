// What a listener may rely on from a payload. Slack's deliveries are signed, but a field can still
// be missing or of another type (a new event shape, an app configuration change, a replay tool), and
// a listener that assumes otherwise fails with a TypeError and posts an apology nobody asked for —
// or posts into no channel at all. Listeners read payload fields through these guards instead.

/** A non-empty string, or undefined for anything else (missing, empty, number, object). */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `record[key]` when `record` is an object; undefined otherwise. */
export function field(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;
}

/** A mention or DM as far as answering it needs: who asked, where, when, and what. */
export interface QuestionEvent {
  user: string;
  channel: string;
  ts: string;
  threadTs: string | undefined;
  /** As Slack sent it (escaped, with mentions); empty when the event carried no text. */
  text: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; missing: string[] };

/**
 * A person's message event, or the fields it lacks. Without a user there is nobody to answer (and
 * nobody to rate-limit), without a channel nowhere to answer, and without a ts no thread to answer
 * in and no identity to deduplicate by — so such an event is ignored, not guessed at. A missing or
 * non-string text is read as empty, which gets the short help like a bare mention.
 */
export function questionEvent(event: unknown): Parsed<QuestionEvent> {
  const user = text(field(event, 'user'));
  const channel = text(field(event, 'channel'));
  const ts = text(field(event, 'ts'));
  if (user === undefined || channel === undefined || ts === undefined) {
    const missing = Object.entries({ user, channel, ts })
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    return { ok: false, missing };
  }
  const body = field(event, 'text');
  return { ok: true, value: { user, channel, ts, threadTs: text(field(event, 'thread_ts')), text: typeof body === 'string' ? body : '' } };
}

/**
 * The identities of one Events API delivery, so the conversation layer answers it once: Slack
 * redelivers an event it believes was not acknowledged with the same event_id, and a mention inside
 * a DM arrives twice, as app_mention and as message.im, with the same channel and ts.
 */
export function deliveryKeys(body: unknown, event: QuestionEvent): string[] {
  const eventId = text(field(body, 'event_id'));
  return [...(eventId === undefined ? [] : [`slack:event:${eventId}`]), `slack:message:${event.channel}:${event.ts}`];
}

/**
 * One key per person across every path and both transports. The team comes from the app's
 * installation (Bolt's context), so it is the same for a mention, a DM, a command and a click.
 */
export function slackUserKey(teamId: string | undefined, userId: string): string {
  return `slack:${teamId ?? '-'}:${userId}`;
}

/**
 * A conversation is a thread (in a channel or a DM), or a DM's top level: follow-ups in a thread
 * mention the bot and carry its thread_ts; in a DM every message arrives.
 */
export function conversationKey(teamId: string | undefined, channel: string, threadTs: string | undefined): string {
  return threadTs === undefined ? `slack:${teamId ?? '-'}:${channel}` : `slack:${teamId ?? '-'}:${channel}:${threadTs}`;
}
