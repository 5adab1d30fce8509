// The composition root: parse configuration once, load the knowledge, start every adapter whose
// credentials are present (or the console chat when none are), and stop them all cleanly.
import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { RunningAdapter } from './adapters/adapter.js';
import { startConsoleChat } from './adapters/console/chat.js';
import { parseDiscordConfig, startDiscord, type DiscordConfig } from './adapters/discord/index.js';
import { parseSlackConfig, startSlack, type RunningSlackAdapter, type SlackConfig } from './adapters/slack/index.js';
import { ConfigError, parseAppConfig, type AppConfig } from './config.js';
import { Conversation, type ConversationSettings } from './conversation/conversation.js';
import { parseConversationSettings } from './conversation/settings.js';
import { inContainer, nothingToRunMessage } from './container.js';
import { EngineHolder } from './engine/engine-holder.js';
import { loadEngine } from './engine/engine.js';
import { KnowledgeError } from './engine/knowledge-error.js';
import { healthRoutes, startHealthServer, type HealthState } from './health.js';
import { warnIfStale, watchKnowledge, type KnowledgeWatcher } from './knowledge-watcher.js';
import { createLogger, type Logger } from './logger.js';
import { parseStoreConfig, type StoreConfig } from './store/config.js';
import { openRecording } from './store/open.js';
import type { Recorder } from './store/recorder.js';
import { parseRateLimit, RateLimiter, type RateLimitSettings } from './rate-limit.js';
import { isPermanentDiscordError, isPermanentSlackError, reasonOf, retryPolicy, startWithRetry, type StartRetryOptions } from './start-retry.js';

export interface ServeIo {
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable & { fd?: number; isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

interface PlatformConfigs {
  slack: SlackConfig | null;
  discord: DiscordConfig | null;
}

/** Every configuration problem at once, so an operator fixes them in one go. */
function parseAll(env: ServeIo['env']): { app: AppConfig; rateLimit: RateLimitSettings; conversations: Pick<ConversationSettings, 'ttlMs' | 'max'>; platforms: PlatformConfigs; store: StoreConfig } {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | null => {
    try {
      return parse();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return null;
    }
  };
  const app = attempt(() => parseAppConfig(env));
  const rateLimit = attempt(() => parseRateLimit(env));
  const conversations = attempt(() => parseConversationSettings(env));
  const slack = attempt(() => parseSlackConfig(env));
  const discord = attempt(() => parseDiscordConfig(env));
  // A bot serving Slack or Discord records by default; the console chat only when DATABASE_URL asks.
  const store = attempt(() => parseStoreConfig(env, { recordByDefault: slack !== null || discord !== null }));
  if (problems.length > 0 || app === null || rateLimit === null || conversations === null || store === null) throw new ConfigError(problems.join('\n'));
  return { app, rateLimit, conversations, platforms: { slack, discord }, store };
}

/** stdin can feed the console chat when it is a terminal, a pipe or a file (not /dev/null). */
function stdinCanChat(stdin: ServeIo['stdin']): boolean {
  if (stdin.isTTY) return true;
  try {
    const stats = fstatSync(stdin.fd ?? 0);
    return stats.isFIFO() || stats.isFile() || stats.isSocket();
  } catch {
    return false;
  }
}

export async function serve(io: ServeIo): Promise<number> {
  let configs: ReturnType<typeof parseAll>;
  try {
    configs = parseAll(io.env);
  } catch (error) {
    io.stderr.write(`footnote cannot start.\n${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const { app, rateLimit, conversations, platforms, store } = configs;
  const consoleMode = platforms.slack === null && platforms.discord === null;
  // In the console the chat owns stdout; logs go to stderr and only when something is wrong.
  const logger: Logger = createLogger({ level: consoleMode && app.logLevel === 'info' ? 'warn' : app.logLevel, destination: consoleMode ? io.stderr : io.stdout });

  let holder: EngineHolder;
  let stamp: string;
  try {
    const engine = await loadEngine(app.knowledgeDir);
    warnIfStale(logger, engine.knowledge.calibration.status);
    holder = new EngineHolder(engine);
    stamp = engine.knowledge.calibration.stamp;
  } catch (error) {
    if (error instanceof KnowledgeError) {
      io.stderr.write(`footnote refuses to start: ${error.message}\nRun \`footnote validate\` after fixing.\n`);
      return 1;
    }
    throw error;
  }
  const onReload = (engine: { knowledge: { calibration: { stamp: string } } }): void => {
    stamp = engine.knowledge.calibration.stamp;
  };
  let recorder: Recorder | null;
  try {
    recorder = openRecording(store, logger, () => stamp);
  } catch (error) {
    io.stderr.write(`footnote cannot start.\n${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  const adapters: RunningAdapter[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  };

  if (consoleMode) {
    if (!stdinCanChat(io.stdin)) {
      io.stderr.write(`${nothingToRunMessage(inContainer())}\n`);
      return 1;
    }
    // The chat answers from the holder, so it gets the same reload-on-edit as the platforms.
    const consoleWatcher = app.knowledgeReloadMs > 0 ? await watchKnowledge({ directory: app.knowledgeDir, holder, logger, intervalMs: app.knowledgeReloadMs, onReload }) : null;
    // The console is one person: no rate limit.
    const conversation = new Conversation({ engine: holder, logger, settings: conversations, recorder: recorder ?? undefined });
    const chat = startConsoleChat({ engine: holder, conversation, input: io.stdin, output: io.stdout, interactive: io.stdin.isTTY === true, logger });
    adapters.push(chat);
    // As a container's PID 1, node gets no default action for SIGTERM: without a handler
    // `docker stop` would wait out its grace period and SIGKILL the chat.
    const stopChat = (): void => void chat.stop();
    process.once('SIGTERM', stopChat);
    process.once('SIGINT', stopChat);
    await chat.done;
    process.off('SIGTERM', stopChat);
    process.off('SIGINT', stopChat);
    consoleWatcher?.stop();
    recorder?.close();
    return 0;
  }

  // Readiness turns false the moment shutdown begins, so a load balancer stops sending work.
  let accepting = true;
  let started = false;
  const health: HealthState = { knowledgeLoaded: () => true, adapters: () => adapters, accepting: () => accepting, started: () => started, store: () => recorder?.status ?? 'off' };
  const slackOwnsPort = platforms.slack?.transport.mode === 'http';
  let healthServer: Awaited<ReturnType<typeof startHealthServer>> | null = null;
  let watcher: KnowledgeWatcher | null = null;
  // Where Slack's HTTP receiver really listens (PORT=0 picks a free port), for the start-up line.
  let slackAddress: RunningSlackAdapter['address'] = null;
  // A platform not reachable yet is retried (STARTUP_RETRY_MS); SIGTERM meanwhile ends the wait.
  // One handler serves the whole run, installed before anything is announced: swapping handlers
  // would leave an instant with none, and a SIGTERM landing then would kill the process outright.
  const starting = new AbortController();
  let onSignal: (signal: NodeJS.Signals) => void = () => starting.abort();
  const signalled = (signal: NodeJS.Signals): void => onSignal(signal);
  const stopListening = (): void => {
    process.off('SIGTERM', signalled);
    process.off('SIGINT', signalled);
  };
  process.on('SIGTERM', signalled);
  process.on('SIGINT', signalled);
  const retrying = (isPermanent: StartRetryOptions['isPermanent']): StartRetryOptions => ({
    policy: retryPolicy(app.startupRetryMs),
    isPermanent,
    signal: starting.signal,
    onRetry: (notice) => logger.warn(notice, `${notice.platform} is not reachable yet; retrying`),
  });

  try {
    // Health is served from the start (/readyz: 503 until every platform is up), on Slack's port too
    // until Slack's own receiver takes it over.
    healthServer = await startHealthServer(health, app.port, app.host);
    const releasePort = async (): Promise<void> => {
      await healthServer?.close();
      healthServer = null;
    };
    // One limiter and one conversation memory for the process: keys carry the platform, so Slack
    // and Discord users and threads stay apart, and CONVERSATION_MAX bounds them together.
    const limiter = new RateLimiter(rateLimit);
    const conversation = new Conversation({ engine: holder, logger, limiter, settings: conversations, recorder: recorder ?? undefined });
    if (platforms.slack) {
      const slackConfig = platforms.slack;
      const slack = await startWithRetry(
        'Slack',
        () => startSlack({ engine: holder, logger, config: slackConfig, customRoutes: healthRoutes(health), conversation, ...(slackOwnsPort ? { beforeListen: releasePort } : {}) }),
        retrying(isPermanentSlackError),
      );
      slackAddress = slack.address;
      adapters.push(slack);
    }
    const discordConfig = platforms.discord;
    if (discordConfig) adapters.push(await startWithRetry('Discord', () => startDiscord({ engine: holder, logger, config: discordConfig, conversation, signal: starting.signal }), retrying(isPermanentDiscordError)));
    if (starting.signal.aborted) throw new Error('shutting down during start-up');
    if (app.knowledgeReloadMs > 0) watcher = await watchKnowledge({ directory: app.knowledgeDir, holder, logger, intervalMs: app.knowledgeReloadMs, onReload });
  } catch (error) {
    stopListening();
    await stopAll();
    watcher?.stop();
    recorder?.close();
    await healthServer?.close();
    if (starting.signal.aborted) {
      logger.info('stopped during start-up');
      return 0;
    }
    logger.fatal({ err: error }, `footnote failed to start: ${reasonOf(error)}`);
    return 1;
  }
  started = true;
  logger.info(
    { adapters: adapters.map((adapter) => adapter.name), knowledgeDir: app.knowledgeDir, port: slackAddress?.port ?? healthServer?.port, hotReload: watcher !== null },
    'footnote is running',
  );

  // Last resort: one failing request must never take the process down. Listeners have their own
  // error boundaries; this only catches what escapes a library.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (ignored; still serving)'));

  return new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      if (!accepting) return;
      accepting = false;
      // A second signal gets the default action: a way out when a drain hangs.
      stopListening();
      logger.info({ signal, timeoutMs: app.shutdownTimeoutMs }, 'shutting down: finishing answers in flight');
      watcher?.stop();
      const deadline = new Promise<'timeout'>((settle) => setTimeout(() => settle('timeout'), app.shutdownTimeoutMs).unref());
      void Promise.race([stopAll().then(() => 'stopped' as const), deadline])
        .then(async (outcome) => {
          if (outcome === 'timeout') logger.warn('shutdown timed out; exiting with answers still in flight');
          // After the drain: the last answers' rows are queued by now, and written here.
          recorder?.close();
          await healthServer?.close();
          logger.info('stopped');
          resolve(0);
        });
    };
    onSignal = shutdown;
  });
}
