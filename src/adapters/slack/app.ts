// Builds the Bolt app for the configured transport and starts it. Socket Mode when an app-level
// token is configured (no public URL needed), otherwise the HTTP Events API at /slack/events.
// The receivers are built here rather than by Bolt so the adapter can see the Socket Mode
// connection's state for isReady() and wait for the disconnect on stop().
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// Named imports on purpose: see bolt-logger.ts.
import { App, HTTPReceiver, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import { Conversation } from '../../conversation/conversation.js';
import { InFlight } from '../../conversation/in-flight.js';
import type { ServingEngine } from '../../engine/engine-holder.js';
import type { Logger } from '../../logger.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { RunningAdapter } from '../adapter.js';
import { boltLogger, boltLogLevel } from './bolt-logger.js';
import { SLACK_DEFAULTS, type SlackConfig } from './config.js';
import { boundedFetch } from './bounded-fetch.js';
import { registerListeners } from './listeners/index.js';

export const WEB_API_DEFAULTS = Object.freeze({
  // Bolt's client retries for about 30 minutes by default; an answer that late is worse than a
  // logged failure and an apology, so give up after two quick retries.
  retryConfig: Object.freeze({ retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 }),
  // A Web API call that hangs must not hold a listener (and its memory) forever.
  timeoutMs: 10_000,
  // How long stop() lets deliveries already taken finish posting their answers.
  drainTimeoutMs: 5_000,
});

export interface StartSlackOptions {
  engine: ServingEngine;
  logger: Logger;
  /**
   * The conversation layer to hand questions to; one may serve every platform of the process.
   * Absent: the adapter makes its own, over `engine` and `limiter`.
   */
  conversation?: Conversation;
  config: SlackConfig;
  /**
   * Extra routes (e.g. /healthz, /readyz) served on the HTTP Events API's port, which a container
   * exposes anyway. Ignored in Socket Mode, where the adapter opens no port of its own.
   */
  customRoutes?: CustomRoute[];
  /**
   * Per-person fairness for every question path (mentions, DMs, /ask, /timeline, suggestion
   * buttons). One limiter may be shared with other adapters; keys are prefixed `slack:`.
   * Absent: nobody is limited.
   */
  limiter?: RateLimiter;
  /** How long one Web API or response_url call may take (default WEB_API_DEFAULTS.timeoutMs); tests shorten it. */
  webApiTimeoutMs?: number;
  /**
   * HTTP mode: called once Slack has accepted the token, just before the receiver listens, so
   * whoever served the port meanwhile (the start-up health server) can let go of it.
   */
  beforeListen?: () => Promise<void>;
}

export interface RunningSlackAdapter extends RunningAdapter {
  /** Where the HTTP Events API listens (null in Socket Mode). */
  address: { host: string; port: number } | null;
}

export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/** Turns Slack's refusal at start-up into a sentence an operator can act on. */
function startError(step: string, error: unknown): SlackStartError {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const hint =
    code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked'
      ? ' Check the token in your app settings at https://api.slack.com/apps (and that the app is installed).'
      : '';
  return new SlackStartError(`Slack ${step} failed: ${reason}.${hint}`, { cause: error });
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export async function startSlack(options: StartSlackOptions): Promise<RunningSlackAdapter> {
  const { engine, logger, config, customRoutes = [], limiter, webApiTimeoutMs = WEB_API_DEFAULTS.timeoutMs, beforeListen } = options;
  const transport = config.transport;
  const log = logger.child({ adapter: transport.mode === 'socket' ? 'slack-socket' : 'slack-http' });
  const boltLog = boltLogger(log);
  const logLevel = boltLogLevel(log);
  const clientOptions = {
    ...(config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { ...WEB_API_DEFAULTS.retryConfig },
    timeout: webApiTimeoutMs,
    fetch: boundedFetch(webApiTimeoutMs),
  };

  const receiver =
    transport.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: transport.appToken,
          logger: boltLog,
          logLevel,
          // The Socket Mode client opens its connection with apps.connections.open on the same Web
          // API base URL; it keeps its own (long) retry policy, which suits reconnecting.
          installerOptions: { clientOptions: config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {} },
        })
      : new HTTPReceiver({
          signingSecret: transport.signingSecret,
          endpoints: SLACK_DEFAULTS.eventsPath,
          customRoutes,
          logger: boltLog,
          logLevel,
        });
  const socketClient = receiver instanceof SocketModeReceiver ? receiver.client : undefined;
  let connected = false;
  let stopping = false;
  socketClient?.on('connected', () => {
    connected = true;
  });
  for (const state of ['disconnecting', 'disconnected', 'reconnecting']) {
    socketClient?.on(state, () => {
      connected = false;
    });
  }

  const app = new App({
    token: config.botToken,
    receiver,
    logger: boltLog,
    logLevel,
    clientOptions,
    // The bot keeps no per-conversation state; Bolt's default in-memory store would only cost time.
    convoStore: false,
    // Without this, the constructor fires auth.test and an unusable token surfaces later as an
    // unhandled rejection; with it, init() awaits auth.test and start-up fails with a clear error.
    deferInitialization: true,
  });
  const inFlight = new InFlight();
  const conversation = options.conversation ?? new Conversation({ engine, logger: log, limiter });
  // What fails outside a listener (authorization, middleware) is logged; the server keeps serving.
  app.error(async (error) => {
    log.error({ evt: 'slack.app.error', err: error, code: error.code }, 'Slack app error');
  });
  // Deliveries taken are finished on stop(); once it has begun, new ones are not taken.
  app.use(async ({ next }) => {
    await inFlight.run(next);
  });
  registerListeners(app, { conversation, logger: log });

  try {
    await app.init();
  } catch (error) {
    throw startError('auth.test (checking SLACK_BOT_TOKEN)', error);
  }

  let address: RunningSlackAdapter['address'] = null;
  let server: Server | undefined;
  if (transport.mode === 'http') {
    await beforeListen?.();
    try {
      server = (await app.start({ port: transport.port, host: transport.host })) as Server;
    } catch (error) {
      throw startError(`listening on ${transport.host}:${transport.port}`, error);
    }
    const bound = server.address() as AddressInfo;
    address = { host: transport.host, port: bound.port };
    log.info({ evt: 'slack.started', mode: 'http', host: transport.host, port: bound.port, path: SLACK_DEFAULTS.eventsPath }, 'Slack adapter listening');
  } else {
    try {
      await app.start();
    } catch (error) {
      throw startError('Socket Mode connection (checking SLACK_APP_TOKEN)', error);
    }
    log.info({ evt: 'slack.started', mode: 'socket' }, 'Slack adapter connected over Socket Mode');
  }

  return {
    name: transport.mode === 'socket' ? 'slack-socket' : 'slack-http',
    address,
    isReady: () => !stopping && (server !== undefined ? server.listening : connected),
    stop: async () => {
      if (stopping) return;
      stopping = true;
      if (socketClient !== undefined) {
        // A half-open socket would hold disconnect() until the client's 30 s close-handshake timer.
        await withTimeout(socketClient.disconnect(), WEB_API_DEFAULTS.drainTimeoutMs);
      } else {
        await app.stop();
      }
      await inFlight.drain(WEB_API_DEFAULTS.drainTimeoutMs);
      log.info({ evt: 'slack.stopped' }, 'Slack adapter stopped');
    },
  };
}
