// Per-user fairness: a small burst, then a steady refill (a token bucket per user). Past the limit
// a person gets one notice — not silence, and not a notice per message — until tokens return.
import { z } from 'zod';

export interface RateLimitSettings {
  /** Questions a person may ask back to back. */
  burst: number;
  /** Questions a minute once the burst is spent. */
  perMinute: number;
}

export const RATE_LIMIT_DEFAULTS: Readonly<RateLimitSettings> = Object.freeze({ burst: 5, perMinute: 6 });

/** `allow`: answer. `notify`: refuse and say so (first refusal). `drop`: refuse quietly (already told). */
export type RateDecision = 'allow' | 'notify' | 'drop';

interface Bucket {
  tokens: number;
  updatedAt: number;
  notified: boolean;
}

/** Buckets idle long enough to be full again are forgotten, so memory tracks active users only. */
const SWEEP_EVERY = 1_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private checks = 0;

  constructor(
    private readonly settings: RateLimitSettings = RATE_LIMIT_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may ask again (0 when it may now). */
  retryAfterSeconds(key: string): number {
    const bucket = this.refilled(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.settings.perMinute);
  }

  check(key: string): RateDecision {
    this.checks += 1;
    if (this.checks % SWEEP_EVERY === 0) this.sweep();
    const bucket = this.refilled(key) ?? { tokens: this.settings.burst, updatedAt: this.now(), notified: false };
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.notified = false;
      return 'allow';
    }
    if (bucket.notified) return 'drop';
    bucket.notified = true;
    return 'notify';
  }

  private refilled(key: string): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const now = this.now();
    const refill = ((now - bucket.updatedAt) / 60_000) * this.settings.perMinute;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(): void {
    const fullAfterMs = (this.settings.burst / this.settings.perMinute) * 60_000;
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
  }

  /** Users currently tracked (for tests and the stress report). */
  get size(): number {
    return this.buckets.size;
  }
}

const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const rateEnvSchema = z.object({
  RATE_LIMIT_BURST: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a whole number of at least 1' }).int().min(1).default(RATE_LIMIT_DEFAULTS.burst)),
  RATE_LIMIT_PER_MINUTE: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a positive number' }).positive().default(RATE_LIMIT_DEFAULTS.perMinute)),
});

export function parseRateLimit(env: Readonly<Record<string, string | undefined>>): RateLimitSettings {
  const parsed = rateEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`).join('; ')}.`);
  }
  return { burst: parsed.data.RATE_LIMIT_BURST, perMinute: parsed.data.RATE_LIMIT_PER_MINUTE };
}
