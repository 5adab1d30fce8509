// Bolt, its Web API client and its Socket Mode client all log through one `Logger` interface; this
// routes them into the project's pino logger so every line has the same shape and redaction.
// Named imports, not `import bolt from`: Bolt is CommonJS with __esModule set, so Node hands the
// default import module.exports while vitest hands it the App class; named exports agree in both.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';
type BoltLogLevel = ReturnType<BoltLogger['getLevel']>;

/**
 * Bolt's debug output holds whole request bodies (people's messages), so it only opens at the
 * project's `trace` level; at `debug` the adapter's own debug lines show and Bolt stays at info.
 */
export function boltLogLevel(logger: Logger): BoltLogLevel {
  switch (logger.level) {
    case 'trace':
      return LogLevel.DEBUG;
    case 'debug':
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function toLine(parts: unknown[]): { err?: unknown; msg: string } {
  const err = parts.find((part): part is Error => part instanceof Error);
  const msg = parts
    .filter((part) => !(part instanceof Error))
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
    .join(' ');
  return err === undefined ? { msg } : { err, msg: msg || err.message };
}

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const open = boltLogLevel(logger);
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      if (level === 'debug' && open !== LogLevel.DEBUG) return;
      const { err, msg } = toLine(parts);
      if (err === undefined) child[level](msg);
      else child[level]({ err }, msg);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The project's log level is set once, at the composition root; Bolt may not change it.
    setLevel: () => undefined,
    getLevel: () => boltLogLevel(logger),
    setName: () => undefined,
  };
}
