// The one bounded memory the conversation layer keeps things in: delivery keys (dedupe), the state
// of conversations (follow-ups) and the replies buttons point back to. Each is a map with a time to
// live and a capacity, so no flood of events, users or threads can grow memory without limit.

export interface BoundedMapOptions {
  /** At most this many entries; past it, the one written longest ago goes first. */
  capacity: number;
  /** An entry older than this (since it was last written) counts as gone. */
  ttlMs: number;
  /** Injectable clock, so tests move time instead of waiting. */
  now?: () => number;
}

/** What a lookup found: the value, or whether the key was there but had expired (forgotten now). */
export type Lookup<V> = { found: true; value: V } | { found: false; expired: boolean };

const MISSING: Lookup<never> = Object.freeze({ found: false, expired: false });
const EXPIRED: Lookup<never> = Object.freeze({ found: false, expired: true });

/**
 * A Map whose insertion order is the order of last writes: `set` moves a key to the end, so the
 * first key is the least recently written — the one to drop at capacity. Expired entries are only
 * dropped when looked up or pushed out, so a lookup can still tell "expired" from "never seen".
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedMapOptions) {
    this.now = options.now ?? Date.now;
  }

  lookup(key: K): Lookup<V> {
    const entry = this.entries.get(key);
    if (entry === undefined) return MISSING;
    if (this.now() - entry.at >= this.options.ttlMs) {
      this.entries.delete(key);
      return EXPIRED;
    }
    return { found: true, value: entry.value };
  }

  get(key: K): V | undefined {
    const found = this.lookup(key);
    return found.found ? found.value : undefined;
  }

  has(key: K): boolean {
    return this.lookup(key).found;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.options.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
