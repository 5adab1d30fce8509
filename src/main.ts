// The composition root: parse configuration once, load the knowledge, start every adapter whose
// credentials are present (or the console chat when none are), and stop them all cleanly.
import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { RunningAdapter } from './adapters/adapter.js';
import { startConsoleChat } from './adapters/console/chat.js';
import { parseDiscordConfig, startDiscord, type DiscordConfig } from './adapters/discord/index.js';
import { parseSlackConfig, startSlack, type RunningSlackAdapter, type SlackConfig } from './adapters/slack/index.js';
import { ConfigError, parseAppConfig, type AppConfig } from './config.js';
import { EngineHolder } from './engine/engine-holder.js';
import { loadEngine } from './engine/engine.js';
import { KnowledgeError } from './engine/knowledge-error.js';
import { healthRoutes, startHealthServer, type HealthState } from './health.js';
import { watchKnowledge, type KnowledgeWatcher } from './knowledge-watcher.js';
import { createLogger, type Logger } from './logger.js';
import { parseRateLimit, RateLimiter, type RateLimitSettings } from './rate-limit.js';

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
function parseAll(env: ServeIo['env']): { app: AppConfig; rateLimit: RateLimitSettings; platforms: PlatformConfigs } {
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
  const slack = attempt(() => parseSlackConfig(env));
  const discord = attempt(() => parseDiscordConfig(env));
  if (problems.length > 0 || app === null || rateLimit === null) throw new ConfigError(problems.join('\n'));
  return { app, rateLimit, platforms: { slack, discord } };
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
  const { app, rateLimit, platforms } = configs;
  const consoleMode = platforms.slack === null && platforms.discord === null;
  // In the console the chat owns stdout; logs go to stderr and only when something is wrong.
  const logger: Logger = createLogger({ level: consoleMode && app.logLevel === 'info' ? 'warn' : app.logLevel, destination: consoleMode ? io.stderr : io.stdout });

  let holder: EngineHolder;
  try {
    holder = new EngineHolder(await loadEngine(app.knowledgeDir));
  } catch (error) {
    if (error instanceof KnowledgeError) {
      io.stderr.write(`footnote refuses to start: ${error.message}\nRun \`footnote validate\` after fixing.\n`);
      return 1;
    }
    throw error;
  }

  const adapters: RunningAdapter[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  };

  if (consoleMode) {
    if (!stdinCanChat(io.stdin)) {
      io.stderr.write('No Slack or Discord credentials are set and there is no terminal or pipe to chat on.\nSet SLACK_* or DISCORD_* variables (see .env.example), or run `npm start` in a terminal.\n');
      return 1;
    }
    const chat = startConsoleChat({ engine: holder, input: io.stdin, output: io.stdout, interactive: io.stdin.isTTY === true, logger });
    adapters.push(chat);
    await chat.done;
    return 0;
  }

  // Readiness turns false the moment shutdown begins, so a load balancer stops sending work.
  let accepting = true;
  const health: HealthState = { knowledgeLoaded: () => true, adapters: () => adapters, accepting: () => accepting };
  const slackOwnsPort = platforms.slack?.transport.mode === 'http';
  let healthServer: Awaited<ReturnType<typeof startHealthServer>> | null = null;
  let watcher: KnowledgeWatcher | null = null;
  // Where Slack's HTTP receiver really listens (PORT=0 picks a free port), for the start-up line.
  let slackAddress: RunningSlackAdapter['address'] = null;

  try {
    if (!slackOwnsPort) healthServer = await startHealthServer(health, app.port, app.host);
    // One limiter for the process: keys carry the platform, so Slack and Discord users stay apart.
    const limiter = new RateLimiter(rateLimit);
    if (platforms.slack) {
      const slack = await startSlack({ engine: holder, logger, config: platforms.slack, customRoutes: healthRoutes(health), limiter });
      slackAddress = slack.address;
      adapters.push(slack);
    }
    if (platforms.discord) adapters.push(await startDiscord({ engine: holder, logger, config: platforms.discord, limiter }));
    if (app.knowledgeReloadMs > 0) watcher = await watchKnowledge({ directory: app.knowledgeDir, holder, logger, intervalMs: app.knowledgeReloadMs });
  } catch (error) {
    logger.fatal({ err: error }, 'footnote failed to start');
    await stopAll();
    await healthServer?.close();
    return 1;
  }
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
      logger.info({ signal, timeoutMs: app.shutdownTimeoutMs }, 'shutting down: finishing answers in flight');
      watcher?.stop();
      const deadline = new Promise<'timeout'>((settle) => setTimeout(() => settle('timeout'), app.shutdownTimeoutMs).unref());
      void Promise.race([stopAll().then(() => 'stopped' as const), deadline])
        .then(async (outcome) => {
          if (outcome === 'timeout') logger.warn('shutdown timed out; exiting with answers still in flight');
          await healthServer?.close();
          logger.info('stopped');
          resolve(0);
        });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
