// An append-only log that tests can wait on: "resolve when an entry matching this arrives", with
// a timeout whose error lists what did arrive. Used instead of sleeping for a guessed duration.
import { EventEmitter } from 'node:events';

export interface WaitOptions {
  timeoutMs?: number;
  /** Only entries at or after this index count (use `recorder.size` taken before acting). */
  from?: number;
}

export class Recorder<Entry> {
  readonly entries: Entry[] = [];
  readonly #events = new EventEmitter();
  readonly #describe: (entry: Entry) => string;
  readonly #label: string;

  constructor(label: string, describe: (entry: Entry) => string) {
    this.#label = label;
    this.#describe = describe;
    this.#events.setMaxListeners(0);
  }

  get size(): number {
    return this.entries.length;
  }

  push(entry: Entry): void {
    this.entries.push(entry);
    this.#events.emit('entry', entry);
  }

  /** Subscribe to every new entry; returns the unsubscribe function. */
  onEntry(listener: (entry: Entry) => void): () => void {
    this.#events.on('entry', listener);
    return () => this.#events.off('entry', listener);
  }

  filter(predicate: (entry: Entry) => boolean, from = 0): Entry[] {
    return this.entries.slice(from).filter(predicate);
  }

  waitFor(predicate: (entry: Entry) => boolean, options: WaitOptions = {}): Promise<Entry> {
    return this.waitForCount(predicate, 1, options).then((found) => found[0] as Entry);
  }

  waitForCount(predicate: (entry: Entry) => boolean, count: number, options: WaitOptions = {}): Promise<Entry[]> {
    const { timeoutMs = 5_000, from = 0 } = options;
    const found = this.filter(predicate, from);
    if (found.length >= count) return Promise.resolve(found.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const recent = this.entries.slice(-12).map(this.#describe).join('\n  ');
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${count} matching ${this.#label} (saw ${found.length}). Last recorded:\n  ${recent || '(nothing)'}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onEntry((entry) => {
        if (!predicate(entry)) return;
        found.push(entry);
        if (found.length < count) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(found.slice(0, count));
      });
    });
  }
}
