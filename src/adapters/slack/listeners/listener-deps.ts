import type { Engine } from '../../../engine/engine.js';
import type { Logger } from '../../../logger.js';
import type { RateLimiter } from '../../../rate-limit.js';

/** What every listener gets: the engine to ask, the logger to report to, and the per-person limiter. */
export interface ListenerDeps {
  engine: Engine;
  logger: Logger;
  /** Absent: nobody is limited (tests, and a composition root that chose not to). */
  limiter?: RateLimiter | undefined;
}
