// Starts the Discord adapter: one discord.js client, the two listeners, and the bookkeeping the
// composition root needs (readiness, a graceful stop). All answering happens in handlers/.
import { once } from 'node:events';
import { Events, RESTEvents, Status } from 'discord.js';
import type { Client } from 'discord.js';
import { Conversation } from '../../conversation/conversation.js';
import { InFlight } from '../../conversation/in-flight.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AdapterContext, RunningAdapter } from '../adapter.js';
import { createClient } from './client.js';
import { COMMANDS } from './commands/index.js';
import type { DiscordConfig } from './config.js';
import { guardDispatches } from './dispatch-guard.js';
import { createInteractionHandler } from './handlers/interactions.js';
import { createMessageHandler } from './handlers/messages.js';

export interface DiscordStartOptions extends AdapterContext {
  config: DiscordConfig;
  /** How long to wait for the gateway's READY and guilds before giving up. */
  readyTimeoutMs?: number;
  /** How long stop() lets in-flight replies finish. */
  drainTimeoutMs?: number;
  /**
   * Per-person fairness for every question path (mentions, DMs, /ask, /timeline, suggestion
   * buttons). One limiter may be shared with other adapters; keys are prefixed `discord:`.
   * Absent: nobody is limited.
   */
  limiter?: RateLimiter;
  /** Aborted on shutdown during start-up: give up waiting for the gateway at once. */
  signal?: AbortSignal;
  /**
   * The conversation layer to hand questions to; one may serve every platform of the process.
   * Absent: the adapter makes its own, over `engine` and `limiter`.
   */
  conversation?: Conversation;
}

export async function startDiscord(options: DiscordStartOptions): Promise<RunningAdapter> {
  const { engine, config, readyTimeoutMs = 30_000, drainTimeoutMs = 5_000, limiter, signal } = options;
  const logger = options.logger.child({ adapter: 'discord' });
  const client = createClient(config);
  guardDispatches(client, logger);
  const conversation = options.conversation ?? new Conversation({ engine, logger, limiter });
  const onInteraction = createInteractionHandler({ conversation, engine, logger, commands: COMMANDS });
  const onMessage = createMessageHandler({ conversation, logger });

  const inFlight = new InFlight();
  let stopping = false;
  const track = (work: () => Promise<void>): void => {
    inFlight.run(work).catch((error: unknown) => logger.error({ err: error }, 'discord.listener_failed'));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(() => onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(() => onMessage(message));
  });
  observeConnection(client, logger, () => stopping);

  // login() resolves once the gateway session is up; clientReady follows when the guilds have
  // arrived. Both are raced against one deadline, because a gateway that never answers would
  // otherwise leave login() pending for a minute or more.
  const readyController = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: readyController.signal });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Discord did not become ready within ${readyTimeoutMs} ms (no gateway READY, or guilds never arrived)`)),
      readyTimeoutMs,
    );
    onAbort = () => reject(new Error('Discord start-up cancelled: shutting down'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([Promise.all([client.login(config.token), ready]), deadline]);
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    readyController.abort();
  }
  logger.info({ user: client.user?.id, guilds: client.guilds.cache.size }, 'discord.ready');

  return {
    name: 'discord',
    isReady: () => !stopping && client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    async stop() {
      if (stopping) return;
      stopping = true;
      // The drain clears its deadline once replies are done: a pending timer would keep the event
      // loop (and so the process) alive for the rest of drainTimeoutMs after everything stopped.
      await inFlight.drain(drainTimeoutMs);
      await client.destroy();
      logger.info('discord.stopped');
    },
  };
}

// Connection trouble is expected (Discord restarts gateways routinely) and discord.js recovers by
// itself; these lines make a recovery — or the lack of one — visible in the logs.
function observeConnection(client: Client, logger: AdapterContext['logger'], stopping: () => boolean): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.client_error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord.client_warning'));
  client.on(Events.ShardError, (error, shard) => logger.warn({ err: error, shard }, 'discord.shard_error'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.error({ code: event.code, shard }, 'discord.shard_gave_up'));
  client.on(Events.ShardReconnecting, (shard) => {
    // destroy() closes the socket, which discord.js reports as a reconnect; not worth a warning.
    if (!stopping()) logger.warn({ shard }, 'discord.shard_reconnecting');
  });
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'discord.shard_resumed'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord.rate_limited'),
  );
}
