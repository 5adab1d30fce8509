import type { ServingEngine } from '../engine/engine-holder.js';
import type { Logger } from '../logger.js';

/** What every started adapter hands back to the composition root. */
export interface RunningAdapter {
  /** "slack-http", "slack-socket", "discord", "console". */
  name: string;
  /** True while connected and able to answer (used by /readyz). */
  isReady(): boolean;
  /** Stop taking new work, finish what is in flight, disconnect. */
  stop(): Promise<void>;
}

export interface AdapterContext {
  engine: ServingEngine;
  logger: Logger;
}
