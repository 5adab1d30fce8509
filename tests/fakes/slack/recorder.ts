// An append-only log of what reached the fake, plus waits that resolve the moment a matching entry
// lands. Tests wait on facts instead of sleeping, so a slow CI box only makes them slower, not flaky.

export interface Waiter<Entry> {
  matches(entry: Entry): boolean;
  resolve(entry: Entry): void;
}

export class Recorder<Entry> {
  readonly entries: Entry[] = [];
  private waiters = new Set<Waiter<Entry>>();
  private readonly listeners = new Set<Waiter<Entry>>();

  add(entry: Entry): void {
    this.entries.push(entry);
    for (const waiter of this.waiters) {
      if (waiter.matches(entry)) {
        this.waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
    for (const listener of this.listeners) listener.resolve(entry);
  }

  /** Calls `listener` with every entry added from now on; returns the unsubscribe function. */
  onEntry(listener: (entry: Entry) => void): () => void {
    const waiter: Waiter<Entry> = { matches: () => true, resolve: listener };
    this.listeners.add(waiter);
    return () => this.listeners.delete(waiter);
  }

  filter(predicate: (entry: Entry) => boolean): Entry[] {
    return this.entries.filter(predicate);
  }

  /** Resolves with the first entry (already recorded or yet to come) that matches. */
  waitFor(predicate: (entry: Entry) => boolean, timeoutMs: number, description: string): Promise<Entry> {
    const existing = this.entries.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise<Entry>((resolve, reject) => {
      const waiter: Waiter<Entry> = {
        matches: predicate,
        resolve: (entry) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.entries.length = 0;
  }
}
