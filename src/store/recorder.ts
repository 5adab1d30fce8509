// Between the conversation and the store: rows wait in memory and are written in the background, in
// batches, so a reply never waits on the disk. A failed write is logged and counted and its rows stay
// queued for the next attempt; past RECORDER_LIMITS.queue rows the newest are dropped and counted.
import { createHash } from 'node:crypto';
import type { AskedRecord, ChoiceRecord, ConversationRecorder, FeedbackRecord } from '../conversation/recording.js';
import type { Platform } from '../conversation/types.js';
import { normalizeForKey } from '../engine/normalize.js';
import type { Logger } from '../logger.js';
import type { PersonHash, Store, StoredRow } from './store.js';

export const RECORDER_LIMITS = Object.freeze({
  /** Rows held while the store is slow or failing (~10k rows is a few MB). */
  queue: 10_000,
  /**
   * Rows written per transaction: one commit for many rows is what makes SQLite cheap here (~25 µs a
   * row with its hash and key). The write is synchronous, so a batch holds the event loop: 100 rows
   * is ~2.5 ms, and the loop gets a turn between batches, so a backlog never stalls replies for long.
   */
  batch: 100,
  /** How long rows gather before a write: short enough to lose little on a crash, long enough to batch. */
  delayMs: 50,
  /** After a failed write, wait this long before the next attempt. */
  retryMs: 1_000,
  dayMs: 24 * 60 * 60_000,
});

export type StoreStatus = 'ok' | 'degraded' | 'off';

export interface RecorderCounters {
  written: number;
  dropped: number;
  failedWrites: number;
  ignoredFeedback: number;
  queued: number;
}

/** Pending rows keep the raw user id only until they are written: hashing happens in the background too. */
type Unhashed = StoredRow extends infer Row ? (Row extends StoredRow ? Omit<Row, 'person'> : never) : never;
type Pending = { row: Unhashed; user: string; platform: Platform };

/**
 * The person's hash: the platform and the person's own id (the last part of `Incoming.user`, e.g. a
 * Slack member id), so `footnote forget --user slack:U123` finds the rows without knowing the team.
 */
export function personHash(salt: string, platform: string, user: string): PersonHash {
  const id = user.slice(user.lastIndexOf(':') + 1);
  return createHash('sha256').update(`${salt}\u0000${platform}:${id}`).digest('hex').slice(0, 32);
}

export interface RecorderOptions {
  store: Store;
  logger: Logger;
  /** The knowledge stamp replies are made with now (it changes on hot reload). */
  stamp: () => string;
  retentionDays: number;
  now?: () => number;
}

export class Recorder implements ConversationRecorder {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly purgeTimer: NodeJS.Timeout;
  private lastWriteFailed = false;
  private closed = false;
  private readonly counters = { written: 0, dropped: 0, failedWrites: 0, ignoredFeedback: 0 };
  private readonly now: () => number;

  constructor(private readonly options: RecorderOptions) {
    this.now = options.now ?? Date.now;
    this.purge();
    // Daily; unref so a waiting purge never keeps a finished process alive.
    this.purgeTimer = setInterval(() => this.purge(), RECORDER_LIMITS.dayMs).unref();
  }

  get status(): StoreStatus {
    return this.lastWriteFailed ? 'degraded' : 'ok';
  }

  stats(): RecorderCounters {
    return { ...this.counters, queued: this.pending.length };
  }

  asked(record: AskedRecord): void {
    const { user, platform, path, at, reply, via, question, kind, reason, entry, confidence, latencyMs } = record;
    // The key and the stamp are taken now (the knowledge may reload before the write); the key costs a
    // few microseconds and is made in the background with the hash.
    this.push({ user, platform, row: { table: 'question', at, platform, path, reply, via, question, key: '', kind, reason, entry, confidence, latencyMs: Math.round(latencyMs * 100) / 100, stamp: this.options.stamp() } });
  }

  feedback(record: FeedbackRecord): void {
    const { user, platform, path, at, reply, helpful } = record;
    this.push({ user, platform, row: { table: 'feedback', at, platform, path, reply, helpful } });
  }

  choice(record: ChoiceRecord): void {
    const { user, platform, path, at, fromReply, entry } = record;
    this.push({ user, platform, row: { table: 'choice', at, platform, path, fromReply, entry } });
  }

  private push(pending: Pending): void {
    if (this.closed) return;
    if (this.pending.length >= RECORDER_LIMITS.queue) {
      this.counters.dropped += 1;
      // One line per thousand: an outage must not flood the log it is reported in.
      if (this.counters.dropped % 1_000 === 1) this.options.logger.warn({ evt: 'record.dropped', dropped: this.counters.dropped, limit: RECORDER_LIMITS.queue }, 'recording queue full; rows dropped');
      return;
    }
    this.pending.push(pending);
    this.schedule(RECORDER_LIMITS.delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushSome();
    }, delayMs);
    this.timer.unref();
  }

  /** Writes one batch; reschedules while rows remain. Never throws. */
  private flushSome(): boolean {
    if (this.pending.length === 0) return true;
    const batch = this.pending.slice(0, RECORDER_LIMITS.batch);
    const { salt } = this.options.store;
    const rows = batch.map(({ row, user, platform }): StoredRow => {
      const person = personHash(salt, platform, user);
      return row.table === 'question' ? { ...row, person, key: normalizeForKey(row.question) } : { ...row, person };
    });
    try {
      const { ignored } = this.options.store.write(rows);
      this.pending.splice(0, batch.length);
      this.counters.written += rows.length - ignored.length;
      if (this.lastWriteFailed) this.options.logger.info({ evt: 'record.recovered', failedWrites: this.counters.failedWrites }, 'recording works again');
      this.lastWriteFailed = false;
      for (const { table, reply } of ignored) {
        if (table === 'choice') {
          // A pick from a list that answered no question (the help): nothing to learn from, not an attack.
          this.options.logger.debug({ evt: 'choice.unrecorded_reply', reply }, 'a pick under a reply that was not recorded; ignored');
          continue;
        }
        this.counters.ignoredFeedback += 1;
        this.options.logger.warn({ evt: 'feedback.forged', reply }, 'a click on a reply the store never recorded; ignored');
      }
    } catch (error) {
      this.counters.failedWrites += 1;
      this.lastWriteFailed = true;
      this.options.logger.error({ evt: 'record.failed', err: error, queued: this.pending.length, failedWrites: this.counters.failedWrites }, 'recording failed; rows stay queued and are retried');
      this.schedule(RECORDER_LIMITS.retryMs);
      return false;
    }
    if (this.pending.length > 0) this.schedule(0);
    return true;
  }

  /** Writes everything queued now (tests, shutdown). False when a write failed. */
  flush(): boolean {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.length > 0) if (!this.flushSome()) return false;
    return true;
  }

  purge(): number {
    try {
      const removed = this.options.store.purge(this.now() - this.options.retentionDays * RECORDER_LIMITS.dayMs);
      if (removed > 0) this.options.logger.info({ evt: 'record.purged', removed, retentionDays: this.options.retentionDays }, 'old recorded rows purged');
      return removed;
    } catch (error) {
      this.options.logger.error({ evt: 'record.purge_failed', err: error }, 'purging old recorded rows failed; retried tomorrow');
      return 0;
    }
  }

  /** Writes what is queued (once more), then closes the store. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    clearInterval(this.purgeTimer);
    this.closed = true;
    const left = this.pending.length;
    if (left > 0) this.options.logger.warn({ evt: 'record.lost_at_exit', rows: left }, 'rows still queued at exit were not recorded');
    this.options.store.close();
  }
}
