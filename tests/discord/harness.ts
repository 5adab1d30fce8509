// Shared set-up for the Discord integration suites: the real engine over the real knowledge, the
// real discord.js client started through startDiscord, and log lines captured for assertions.
import type { KnowledgeEngine } from '../../src/engine/engine.js';
import type { ServingEngine } from '../../src/engine/engine-holder.js';
import { parseDiscordConfig, startDiscord } from '../../src/adapters/discord/index.js';
import type { RunningAdapter } from '../../src/adapters/adapter.js';
import { createLogger } from '../../src/logger.js';
import type { RateLimiter } from '../../src/rate-limit.js';
import { FakeDiscord, type FakeDiscordOptions } from '../fakes/discord/fake-discord.js';
import { Recorder } from '../fakes/discord/recorder.js';
import type { RecordedCall } from '../fakes/discord/rest.js';
import { isRecord } from '../fakes/discord/rest.js';
import { realEngine } from '../helpers/engine.js';

export type LogLine = Record<string, unknown> & { msg?: string; level: number };

export interface Harness {
  fake: FakeDiscord;
  bot: RunningAdapter;
  engine: ServingEngine;
  logs: Recorder<LogLine>;
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    fake?: FakeDiscordOptions;
    wrapEngine?: (engine: KnowledgeEngine) => ServingEngine;
    /** Handed to startDiscord as is (tests use a RateLimiter with a frozen clock). */
    limiter?: RateLimiter;
    /** Capture debug lines too (quiet decisions such as dropped rate-limited messages log there). */
    logLevel?: 'info' | 'debug';
  } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start(options.fake);
  const knowledgeEngine = await realEngine();
  const engine = options.wrapEngine ? options.wrapEngine(knowledgeEngine) : knowledgeEngine;
  const logs = new Recorder<LogLine>('log lines', (line) => `${line.level} ${String(line.msg)}`);
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    destination: { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
  });
  const config = parseDiscordConfig(fake.env());
  if (config === null) throw new Error('fake env did not produce a Discord config');
  const bot = await startDiscord({
    engine,
    logger,
    config,
    readyTimeoutMs: 10_000,
    ...(options.limiter !== undefined ? { limiter: options.limiter } : {}),
  });
  return {
    fake,
    bot,
    engine,
    logs,
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** The `data` of an interaction callback, or the body of a message create. */
export function messageBody(call: RecordedCall): Record<string, unknown> {
  const body = call.body;
  if (!isRecord(body)) throw new Error(`call ${call.method} ${call.path} has no JSON body`);
  if (call.path.endsWith('/callback')) {
    if (!isRecord(body.data)) throw new Error('callback without data');
    return body.data;
  }
  return body;
}

export function callbackType(call: RecordedCall): unknown {
  return isRecord(call.body) ? call.body.type : undefined;
}

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

export function embedsOf(call: RecordedCall): EmbedLike[] {
  const embeds = messageBody(call).embeds;
  return Array.isArray(embeds) ? (embeds as EmbedLike[]) : [];
}

/** Everything a person would read in the message, joined. */
export function visibleText(call: RecordedCall): string {
  const body = messageBody(call);
  const parts: string[] = [typeof body.content === 'string' ? body.content : ''];
  for (const embed of embedsOf(call)) {
    parts.push(embed.author?.name ?? '', embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.join('\n');
}

export function customIdsOf(call: RecordedCall): string[] {
  const rows = messageBody(call).components;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) =>
    isRecord(row) && Array.isArray(row.components)
      ? row.components.flatMap((button: unknown) => (isRecord(button) && typeof button.custom_id === 'string' ? [button.custom_id] : []))
      : [],
  );
}

export const EPHEMERAL = 1 << 6;

export function isEphemeral(call: RecordedCall): boolean {
  const flags = messageBody(call).flags;
  return typeof flags === 'number' && (flags & EPHEMERAL) !== 0;
}

/** Discord would turn any of these into a ping (were allowed_mentions not set). */
export function hasLiveMention(text: string): boolean {
  return /@(everyone|here)\b|<@[!&]?\d+>/.test(text);
}
