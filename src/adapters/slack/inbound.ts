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
