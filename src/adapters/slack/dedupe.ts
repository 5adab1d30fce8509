// Slack redelivers an event it believes was not acknowledged (X-Slack-Retry-Num over HTTP,
// retry_attempt over Socket Mode) with the same event_id, and a mention inside a DM arrives twice,
// as app_mention and as message.im, with the same channel and ts. Either way the person must get
// one answer, so each delivery is checked against recently seen keys before any listener runs.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';

export const DEDUPE_DEFAULTS = Object.freeze({
  // Slack retries three times within about five minutes; an hour leaves a wide margin.
  ttlMs: 60 * 60 * 1000,
  // Bounded so a flood of events cannot grow memory: ~10k short strings is well under a megabyte.
  capacity: 10_000,
});

/** Keys seen within `ttlMs`, at most `capacity` of them (oldest dropped first). */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly capacity: number = DEDUPE_DEFAULTS.capacity,
    private readonly ttlMs: number = DEDUPE_DEFAULTS.ttlMs,
    private readonly now: () => number = Date.now,
  ) {}

  /** True if any key was seen recently; records all of them either way. */
  checkAndRecord(keys: string[]): boolean {
    const now = this.now();
    this.expire(now);
    const duplicate = keys.some((key) => this.seenAt.has(key));
    for (const key of keys) {
      this.seenAt.delete(key);
      this.seenAt.set(key, now);
    }
    while (this.seenAt.size > this.capacity) {
      const oldest = this.seenAt.keys().next();
      if (oldest.done === true) break;
      this.seenAt.delete(oldest.value);
    }
    return duplicate;
  }

  get size(): number {
    return this.seenAt.size;
  }

  private expire(now: number): void {
    // Map iterates in insertion order and re-seen keys are re-inserted, so the oldest come first.
    for (const [key, at] of this.seenAt) {
      if (now - at < this.ttlMs) break;
      this.seenAt.delete(key);
    }
  }
}

function stringField(record: object, key: string): string | undefined {
  const value: unknown = (record as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The identities of one Events API delivery; empty for commands and interactions. */
export function deliveryKeys(body: object): string[] {
  if (stringField(body, 'type') !== 'event_callback') return [];
  const keys: string[] = [];
  const eventId = stringField(body, 'event_id');
  if (eventId !== undefined) keys.push(`event:${eventId}`);
  const event: unknown = (body as Record<string, unknown>).event;
  if (typeof event === 'object' && event !== null) {
    const type = stringField(event, 'type');
    const channel = stringField(event, 'channel');
    const ts = stringField(event, 'ts');
    const subtype = stringField(event, 'subtype');
    if ((type === 'app_mention' || type === 'message') && subtype === undefined && channel !== undefined && ts !== undefined) {
      keys.push(`message:${channel}:${ts}`);
    }
  }
  return keys;
}

export function dedupeDeliveries(recent: RecentKeys, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const keys = deliveryKeys(body);
    if (keys.length > 0 && recent.checkAndRecord(keys)) {
      logger.info(
        { evt: 'slack.delivery.duplicate', keys, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate Slack delivery ignored',
      );
      return;
    }
    await next();
  };
}
