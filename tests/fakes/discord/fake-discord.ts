// A loopback Discord for tests and the bench: one HTTP server on 127.0.0.1 (ephemeral port) serving
// REST under /api/v10 and the gateway WebSocket on upgrade, plus helpers that dispatch the events a
// person's actions would cause and wait for the bot's REST calls in response.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { APIMessage, APIUser } from 'discord.js';
import { FakeGateway } from './gateway.js';
import {
  autocompletePayload,
  buttonPayload,
  createWorld,
  directMessagePayload,
  guildMessagePayload,
  newInteractionIds,
  slashCommandPayload,
  type FakeWorld,
} from './payloads.js';
import { FakeRest, type RecordedCall } from './rest.js';
import type { WaitOptions } from './recorder.js';

export interface FakeDiscordOptions {
  /** Short in tests so heartbeats are exercised; Discord's own is ~41 s. */
  heartbeatIntervalMs?: number;
  /** Discord refuses privileged intents (4014) unless enabled in the portal; so does the fake. */
  allowPrivilegedIntents?: boolean;
}

export interface DispatchedInteraction {
  id: string;
  token: string;
  /** performance.now() just before the dispatch was written to the socket. */
  sentAt: number;
}

export interface DispatchedMessage {
  id: string;
  channelId: string;
}

export class FakeDiscord {
  readonly world: FakeWorld;
  readonly token: string;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  readonly #server: Server;
  #port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.world = createWorld();
    // Shaped like a real bot token (three base64url parts) so config validation accepts it.
    const part = (bytes: number): string => randomBytes(bytes).toString('base64url');
    this.token = `${Buffer.from(this.world.applicationId).toString('base64url')}.${part(5)}.${part(27)}`;
    this.rest = new FakeRest(this.world, this.token, () => this.gatewayUrl);
    this.gateway = new FakeGateway(this.world, this.token, () => `${this.gatewayUrl}/resume`, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      allowPrivilegedIntents: options.allowPrivilegedIntents ?? false,
    });
    this.#server = createServer((request, response) => {
      this.rest.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    this.#server.on('upgrade', (request, socket, head) => this.gateway.handleUpgrade(request, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** The REST base as discord.js wants it: without /v10. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** The environment a bot pointed at this fake would be started with. */
  env(): Record<string, string> {
    return {
      DISCORD_TOKEN: this.token,
      DISCORD_APPLICATION_ID: this.world.applicationId,
      DISCORD_API_URL: this.apiUrl,
    };
  }

  dispatchInteraction(build: (ids: { id: string; token: string }) => unknown): DispatchedInteraction {
    const ids = newInteractionIds();
    this.rest.expectInteraction(ids.id, ids.token);
    const payload = build(ids);
    const sentAt = performance.now();
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return { ...ids, sentAt };
  }

  /** Ids the REST side will accept callbacks for, without dispatching anything (for REST-only tests). */
  prepareInteraction(): { id: string; token: string } {
    const ids = newInteractionIds();
    this.rest.expectInteraction(ids.id, ids.token);
    return ids;
  }

  ask(question: string, from?: APIUser): DispatchedInteraction {
    return this.dispatchInteraction((ids) => slashCommandPayload(this.world, ids, 'ask', { question }, from));
  }

  timeline(options: { topic?: string; from?: string; to?: string } = {}): DispatchedInteraction {
    const values = Object.fromEntries(Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return this.dispatchInteraction((ids) => slashCommandPayload(this.world, ids, 'timeline', values));
  }

  autocomplete(partial: string): DispatchedInteraction {
    return this.dispatchInteraction((ids) => autocompletePayload(this.world, ids, partial));
  }

  clickButton(customId: string, message?: APIMessage): DispatchedInteraction {
    return this.dispatchInteraction((ids) => buttonPayload(this.world, ids, customId, message));
  }

  /** A guild message; mentions the bot unless `mentionBot: false`. `content` is sent as given. */
  message(fields: { content: string; from?: APIUser; mentionBot?: boolean; inThread?: boolean; mentionEveryone?: boolean; replyTo?: string }): DispatchedMessage {
    const payload = guildMessagePayload(this.world, fields);
    this.gateway.dispatch('MESSAGE_CREATE', payload);
    return { id: payload.id, channelId: payload.channel_id };
  }

  /**
   * A reply to one of the bot's messages, as Discord's client sends it by default: no mention in
   * the text, but the reply pings the bot, which puts it in `mentions`.
   */
  replyTo(messageId: string, text: string, fields: { from?: APIUser; inThread?: boolean } = {}): DispatchedMessage {
    return this.message({ content: text, replyTo: messageId, ...fields });
  }

  /** `@footnote <text>` in the test channel, written the way Discord's client writes a mention. */
  mention(text: string, fields: { from?: APIUser; inThread?: boolean } = {}): DispatchedMessage {
    return this.message({ content: `<@${this.world.bot.id}> ${text}`, ...fields });
  }

  directMessage(content: string, from?: APIUser): DispatchedMessage {
    const payload = directMessagePayload(this.world, from === undefined ? { content } : { content, from });
    this.gateway.dispatch('MESSAGE_CREATE', payload);
    return { id: payload.id, channelId: payload.channel_id };
  }

  waitForCall(predicate: (call: RecordedCall) => boolean, options?: WaitOptions): Promise<RecordedCall> {
    return this.rest.calls.waitFor(predicate, options);
  }

  /** The interaction callback for `interaction` that the fake accepted (2xx). */
  waitForCallback(interaction: { id: string }, options?: WaitOptions): Promise<RecordedCall> {
    return this.waitForCall((call) => isCallbackFor(call, interaction.id) && call.status < 300, options);
  }

  /** The bot's message create call replying to (or sent because of) `message`. */
  waitForReplyTo(message: DispatchedMessage, options?: WaitOptions): Promise<RecordedCall> {
    return this.waitForCall(
      (call) => call.method === 'POST' && call.path === `/channels/${message.channelId}/messages` && referencedMessage(call) === message.id,
      options,
    );
  }

  async close(): Promise<void> {
    this.rest.releaseHungCalls();
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function isCallbackFor(call: RecordedCall, interactionId: string): boolean {
  return call.method === 'POST' && call.path.startsWith(`/interactions/${interactionId}/`) && call.path.endsWith('/callback');
}

export function referencedMessage(call: RecordedCall): string | null {
  const body = call.body;
  if (typeof body !== 'object' || body === null || !('message_reference' in body)) return null;
  const reference = body.message_reference;
  if (typeof reference !== 'object' || reference === null || !('message_id' in reference)) return null;
  return String(reference.message_id);
}
