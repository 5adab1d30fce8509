// Starts the real adapter (startSlack, real Bolt, real engine and knowledge) against the loopback
// fake Slack, and captures its log lines so tests can wait on them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSlackConfig } from '../../src/adapters/slack/config.js';
import { startSlack, type RunningSlackAdapter } from '../../src/adapters/slack/app.js';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import type { RateLimiter } from '../../src/rate-limit.js';
import { FakeSlack, isRecord, Recorder, send, type SentRequest, type SignedRequest } from '../fakes/slack/index.js';

export const BOT_TOKEN = 'xoxb-0000000000-fake-bot-token';
export const APP_TOKEN = 'xapp-1-A0FOOTNOTE-fake-app-token';
export const SIGNING_SECRET = 'f00df00df00df00df00df00df00df00d';

const knowledgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge');

let enginePromise: Promise<KnowledgeEngine> | undefined;
/** The real engine over the real knowledge, loaded once per test file. */
export function sharedEngine(): Promise<KnowledgeEngine> {
  enginePromise ??= loadEngine(knowledgeDir);
  return enginePromise;
}

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export class LogCapture {
  readonly lines = new Recorder<LogLine>();
  readonly logger = createLogger({
    level: 'debug',
    destination: {
      write: (chunk: string) => {
        for (const text of chunk.split('\n')) {
          if (text.trim() === '') continue;
          const parsed: unknown = JSON.parse(text);
          if (isRecord(parsed) && typeof parsed.level === 'number') this.lines.add(parsed as LogLine);
        }
      },
    },
  });

  waitFor(predicate: (line: LogLine) => boolean, description: string, timeoutMs = 5_000): Promise<LogLine> {
    return this.lines.waitFor(predicate, timeoutMs, description);
  }

  withEvt(evt: string): LogLine[] {
    return this.lines.filter((line) => line.evt === evt);
  }
}

export interface Harness {
  fake: FakeSlack;
  adapter: RunningSlackAdapter;
  logs: LogCapture;
  engine: KnowledgeEngine;
  close(): Promise<void>;
}

export interface HttpHarness extends Harness {
  eventsUrl: string;
  post(request: SignedRequest): Promise<SentRequest>;
}

export interface HarnessOptions {
  /** Handed to startSlack as is (tests use a RateLimiter with a frozen clock). */
  limiter?: RateLimiter;
}

export async function startHttpHarness(options: HarnessOptions = {}): Promise<HttpHarness> {
  const engine = await sharedEngine();
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN });
  const logs = new LogCapture();
  const config = parseSlackConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  if (config === null) throw new Error('test config unexpectedly empty');
  const adapter = await startSlack({
    engine,
    logger: logs.logger,
    config,
    customRoutes: [{ path: '/healthz', method: 'GET', handler: (_request, response) => response.end('ok') }],
    ...(options.limiter !== undefined ? { limiter: options.limiter } : {}),
  });
  if (adapter.address === null) throw new Error('HTTP adapter has no address');
  const eventsUrl = `http://127.0.0.1:${adapter.address.port}/slack/events`;
  return {
    fake,
    adapter,
    logs,
    engine,
    eventsUrl,
    post: (request) => send(eventsUrl, request),
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
}

export async function startSocketHarness(options: HarnessOptions = {}): Promise<Harness> {
  const engine = await sharedEngine();
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const logs = new LogCapture();
  const config = parseSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });
  if (config === null) throw new Error('test config unexpectedly empty');
  const adapter = await startSlack({ engine, logger: logs.logger, config, ...(options.limiter !== undefined ? { limiter: options.limiter } : {}) });
  return {
    fake,
    adapter,
    logs,
    engine,
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** Every URL in `<url|label>` links of a recorded message's blocks and text. */
export function linkedUrls(args: Record<string, unknown>): string[] {
  const text = JSON.stringify([args.text, args.blocks]);
  return [...text.matchAll(/<(https?:\/\/[^|>]+)\|/g)].map((match) => match[1] ?? '');
}

/** All mrkdwn/plain text of a recorded message (blocks and fallback), for content assertions. */
export function messageText(args: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof args.text === 'string') parts.push(args.text);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) {
      if (typeof value.text === 'string') parts.push(value.text);
      Object.values(value).forEach(walk);
    }
  };
  walk(args.blocks);
  return parts.join('\n');
}

/** The buttons of a recorded message: action_id and value. */
export function buttons(args: Record<string, unknown>): { actionId: string; value: string; label: string }[] {
  const found: { actionId: string; value: string; label: string }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) {
      if (value.type === 'button' && typeof value.action_id === 'string') {
        const label = isRecord(value.text) && typeof value.text.text === 'string' ? value.text.text : '';
        found.push({ actionId: value.action_id, value: typeof value.value === 'string' ? value.value : '', label });
      }
      Object.values(value).forEach(walk);
    }
  };
  walk(args.blocks);
  return found;
}
