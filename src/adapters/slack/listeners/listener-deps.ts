import type { Engine } from '../../../engine/engine.js';
import type { Logger } from '../../../logger.js';

/** What every listener gets: the engine to ask and the logger to report to. */
export interface ListenerDeps {
  engine: Engine;
  logger: Logger;
}
