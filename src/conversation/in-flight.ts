// Work in hand, counted so stop() can let it finish (and post its answers) after the platform has
// stopped taking new work, instead of cutting replies off mid-way. Every adapter uses one.
export class InFlight {
  private count = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  /** Runs `work` as work in hand; once draining has begun, new work is refused (undefined). */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.closed) return undefined;
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  get size(): number {
    return this.count;
  }

  get draining(): boolean {
    return this.closed;
  }

  /** Refuse new work, then resolve once the work in hand is done or `timeoutMs` has passed. */
  async drain(timeoutMs: number): Promise<void> {
    this.closed = true;
    if (this.count === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
