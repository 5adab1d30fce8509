// Discord may deliver an event twice (a resume replays what it thinks was missed, and a gateway
// hiccup can duplicate a dispatch). Answering twice would post two messages, and a second
// interaction callback fails anyway, so ids already handled are remembered for a while.
export class FirstSeen {
  readonly #ids = new Set<string>();
  readonly #capacity: number;

  /** Interaction tokens live 15 minutes; 10,000 ids covers far more than that at this bot's rate. */
  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** True the first time an id is offered, false on every repeat still remembered. */
  first(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next();
      if (oldest.done !== true) this.#ids.delete(oldest.value);
    }
    return true;
  }
}
