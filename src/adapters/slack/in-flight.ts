// Counts deliveries being handled so stop() can let them finish (and post their answers) after the
// transport has stopped taking new ones, instead of cutting replies off mid-way.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

export class InFlight {
  private count = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => {
      if (this.closed) return;
      this.count += 1;
      try {
        await next();
      } finally {
        this.count -= 1;
        if (this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    };
  }

  get size(): number {
    return this.count;
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
