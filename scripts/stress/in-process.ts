// The real adapters (startSlack, startDiscord — real Bolt, real discord.js, real engine) started in
// this process against the loopback fakes, with their log lines captured. For the hardening tests,
// where starting in-process is faster and more deterministic than a child process.
import { parseDiscordConfig, startDiscord } from '../../src/adapters/discord/index.js';
import type { RunningAdapter } from '../../src/adapters/adapter.js';
import { startSlack, type RunningSlackAdapter } from '../../src/adapters/slack/app.js';
import { parseSlackConfig } from '../../src/adapters/slack/config.js';
import type { ServingEngine } from '../../src/engine/engine-holder.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { FakeDiscord } from '../../tests/fakes/discord/fake-discord.js';
import { FakeSlack } from '../../tests/fakes/slack/fake-slack.js';
import { LineLog } from './common.js';

export const SLACK_BOT_TOKEN = 'xoxb-0000000000-stress-bot-token';
export const SLACK_SIGNING_SECRET = 'stress-signing-secret-0123456789';

/** Log lines kept in memory (JSON parsed) and waitable; nothing is printed. */
export class LogCapture extends LineLog {
  readonly logger: Logger;

  constructor(level: 'debug' | 'info' | 'warn' = 'info') {
    super();
    this.logger = createLogger({ level, destination: { write: (chunk: string) => this.pushChunk(chunk) } });
  }
}

export interface InProcessSlack {
  fake: FakeSlack;
  adapter: RunningSlackAdapter;
  eventsUrl: string;
  logs: LogCapture;
  stop(): Promise<void>;
}

export interface InProcessSlackOptions {
  /** The adapter's Web API timeout; the fault tests shorten it so a hung call is cut in seconds. */
  webApiTimeoutMs?: number;
}

export async function startSlackInProcess(engine: ServingEngine, logs = new LogCapture(), options: InProcessSlackOptions = {}): Promise<InProcessSlack> {
  const fake = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN, waitTimeoutMs: 30_000 });
  const config = parseSlackConfig({
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  if (config === null) throw new Error('Slack config unexpectedly empty');
  const adapter = await startSlack({ engine, logger: logs.logger, config, ...(options.webApiTimeoutMs === undefined ? {} : { webApiTimeoutMs: options.webApiTimeoutMs }) });
  if (adapter.address === null) throw new Error('the HTTP adapter has no address');
  return {
    fake,
    adapter,
    eventsUrl: `http://127.0.0.1:${adapter.address.port}/slack/events`,
    logs,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}

export interface InProcessDiscord {
  fake: FakeDiscord;
  adapter: RunningAdapter;
  logs: LogCapture;
  stop(): Promise<void>;
}

export async function startDiscordInProcess(engine: ServingEngine, logs = new LogCapture()): Promise<InProcessDiscord> {
  const fake = await FakeDiscord.start();
  const config = parseDiscordConfig(fake.env());
  if (config === null) throw new Error('Discord config unexpectedly empty');
  const adapter = await startDiscord({ engine, logger: logs.logger, config, readyTimeoutMs: 10_000 });
  return {
    fake,
    adapter,
    logs,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}
