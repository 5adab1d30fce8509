// Hot reload: curators edit knowledge/*.yaml and the bot picks the change up within seconds.
// Polling rather than fs.watch: bind-mounted folders in containers often deliver no events, and
// checking a dozen files' size and mtime once a second costs nothing.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineHolder } from './engine/engine-holder.js';
import { loadEngine, type KnowledgeEngine } from './engine/engine.js';
import { formatIssue, KnowledgeError } from './engine/knowledge-error.js';
import type { Logger } from './logger.js';

/** A stale model still serves (it was fitted to nearly this knowledge); the curator should refit. */
export function warnIfStale(log: Pick<Logger, 'warn'>, status: 'fitted' | 'stale' | 'default'): void {
  if (status === 'stale') log.warn('calibration.json was fitted to other knowledge (stale stamp); still serving — run `npm run calibrate`');
}

export interface KnowledgeWatcher {
  stop(): void;
  /** Settles after the next completed check; tests use it instead of sleeping. */
  nextCheck(): Promise<void>;
}

async function signature(directory: string): Promise<string> {
  try {
    const names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
    const parts = await Promise.all(
      names.map(async (name) => {
        const info = await stat(path.join(directory, name));
        return `${name}:${info.size}:${info.mtimeMs}`;
      }),
    );
    return parts.join('|');
  } catch (error) {
    // An unreadable folder is a state of its own; the reload attempt will report why.
    return `unreadable:${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function watchKnowledge(options: { directory: string; holder: EngineHolder; logger: Logger; intervalMs: number; onReload?: (engine: KnowledgeEngine) => void }): Promise<KnowledgeWatcher> {
  const { directory, holder, logger, intervalMs } = options;
  const log = logger.child({ component: 'knowledge-reload' });
  let last = await signature(directory);
  let waiters: (() => void)[] = [];
  let running = false;

  const check = async (): Promise<void> => {
    const current = await signature(directory);
    if (current === last) return;
    last = current;
    try {
      const engine = await loadEngine(directory);
      holder.swap(engine);
      // The recorder stamps each row with the knowledge it was answered from.
      options.onReload?.(engine);
      const { entries, facts, sources, calibration } = engine.knowledge;
      log.info({ entries: entries.length, facts: facts.size, sources: sources.size, calibration: calibration.status }, 'knowledge reloaded');
      warnIfStale(log, calibration.status);
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      log.error({ problems: error.issues.map(formatIssue) }, 'knowledge edit rejected; still serving the last good knowledge');
    }
  };

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch((error: unknown) => log.error({ err: error }, 'knowledge reload failed; still serving the last good knowledge'))
      .finally(() => {
        running = false;
        const settled = waiters;
        waiters = [];
        for (const resolve of settled) resolve();
      });
  }, intervalMs);
  timer.unref();

  return {
    stop: () => clearInterval(timer),
    nextCheck: () => new Promise((resolve) => waiters.push(resolve)),
  };
}
