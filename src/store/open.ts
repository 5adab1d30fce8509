// The start-up policy for recording. An explicit DATABASE_URL that cannot be opened stops the start
// (the operator asked for it); the default file only warns once and runs without recording, so a
// bot in a read-only folder still answers.
import type { Logger } from '../logger.js';
import { ConfigError } from '../config.js';
import type { StoreConfig } from './config.js';
import { Recorder } from './recorder.js';
import { openSqliteStore, StoreError } from './sqlite.js';

export function openRecording(config: StoreConfig, logger: Logger, stamp: () => string): Recorder | null {
  const { target } = config;
  if (target.kind === 'off') return null;
  try {
    const store = openSqliteStore(target.path, { hashSalt: config.hashSalt });
    logger.info({ evt: 'store.open', database: target.path, retentionDays: config.retentionDays }, 'recording questions for curators');
    return new Recorder({ store, logger, stamp, retentionDays: config.retentionDays });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (target.explicit) {
      throw new ConfigError(`DATABASE_URL: ${error.message}. Fix: make the file and its folder writable, set DATABASE_URL to another sqlite:PATH, or to none to run without recording.`);
    }
    // Newer schema is not a permissions problem: it must not be silently skipped either.
    if (/newer than this footnote/.test(error.message)) throw new ConfigError(`DATABASE_URL (default ${target.path}): ${error.message}`);
    logger.warn({ evt: 'store.unavailable', database: target.path, reason: error.message }, 'cannot write the default database; running without recording (set DATABASE_URL=none to silence this, or sqlite:PATH for another file)');
    return null;
  }
}
