// The REST half of the fake Discord: records every call discord.js makes and answers the routes
// the bot uses the way Discord does (status codes, error codes, rate-limit headers), so the real
// client's retry and routing logic runs unmodified.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FakeWorld } from './payloads.js';
import { sentMessage } from './payloads.js';
import { Recorder } from './recorder.js';
import { snowflake } from './snowflake.js';

export type FailureMode =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'hang' };

export interface RouteMatcher {
  method?: string;
  /** Matched against the decoded path without the /api/v10 prefix. */
  path: RegExp;
}

export interface RecordedCall {
  seq: number;
  /** performance.now() when the request was fully read. */
  at: number;
  method: string;
  /** Decoded, without the /api/v10 prefix: `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Exactly as sent, percent-encoding and prefix intact. */
  rawPath: string;
  query: Record<string, string>;
  /** Parsed JSON; for multipart, `payload_json` parsed plus a `files` list. */
  body: unknown;
  multipart: boolean;
  authorization: 'bot-token' | 'none' | 'wrong';
  /** What the fake answered; 0 while a hung call is still open. */
  status: number;
  /** The body of that answer (a created message, a callback's resource), once answered. */
  response?: unknown;
  injected: FailureMode['kind'] | null;
}

interface PendingFailure {
  matcher: RouteMatcher;
  remaining: number;
  mode: FailureMode;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface InteractionState {
  token: string;
  acknowledged: boolean;
}

export interface RegisteredCommandRecord {
  id: string;
  name: string;
  [field: string]: unknown;
}

const API_PREFIX = '/api/v10';

export class FakeRest {
  readonly calls = new Recorder<RecordedCall>('REST calls', (call) => `${call.method} ${call.path} → ${call.status}${call.injected ? ` (${call.injected})` : ''}`);
  /** Command sets by scope ("global" or a guild id), as the last bulk overwrite left them. */
  readonly commands = new Map<string, RegisteredCommandRecord[]>();
  readonly #failures: PendingFailure[] = [];
  readonly #interactions = new Map<string, InteractionState>();
  readonly #hung = new Set<ServerResponse>();
  readonly #world: FakeWorld;
  readonly #token: string;
  readonly #gatewayUrl: () => string;
  #seq = 0;

  constructor(world: FakeWorld, token: string, gatewayUrl: () => string) {
    this.#world = world;
    this.#token = token;
    this.#gatewayUrl = gatewayUrl;
  }

  /** Make the next `times` calls matching `matcher` fail with `mode` (discord.js retries 5xx up to 3 times). */
  failNext(matcher: RouteMatcher, times: number, mode: FailureMode): void {
    this.#failures.push({ matcher, remaining: times, mode });
  }

  /** Called by the gateway side when it dispatches an interaction, so callbacks can be checked. */
  expectInteraction(id: string, token: string): void {
    this.#interactions.set(id, { token, acknowledged: false });
  }

  /** Unanswered hung calls are cut off so the server can close. */
  releaseHungCalls(): void {
    for (const response of this.#hung) response.destroy();
    this.#hung.clear();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const contentType = request.headers['content-type'] ?? '';
    const multipart = contentType.startsWith('multipart/form-data');
    const body = raw.length === 0 ? null : multipart ? await parseMultipart(raw, contentType) : parseJson(raw);
    const auth = request.headers.authorization;

    const call: RecordedCall = {
      seq: ++this.#seq,
      at: performance.now(),
      method,
      path: url.pathname.startsWith(API_PREFIX) ? safeDecode(url.pathname.slice(API_PREFIX.length)) : safeDecode(url.pathname),
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      multipart,
      authorization: auth === undefined ? 'none' : auth === `Bot ${this.#token}` ? 'bot-token' : 'wrong',
      status: 0,
      injected: null,
    };

    const failure = url.pathname.startsWith(API_PREFIX) ? this.#takeFailure(call) : null;
    if (failure?.kind === 'hang') {
      call.injected = 'hang';
      this.#hung.add(response);
      response.on('close', () => this.#hung.delete(response));
      this.calls.push(call);
      return;
    }
    const reply = failure ? failureReply(failure) : url.pathname.startsWith(API_PREFIX) ? this.#route(call) : notFound();
    call.status = reply.status;
    call.response = reply.body;
    call.injected = failure?.kind ?? null;
    this.calls.push(call);
    send(response, reply);
  }

  #takeFailure(call: RecordedCall): FailureMode | null {
    const pending = this.#failures.find(
      (failure) =>
        failure.remaining > 0 &&
        (failure.matcher.method === undefined || failure.matcher.method === call.method) &&
        failure.matcher.path.test(call.path),
    );
    if (!pending) return null;
    pending.remaining -= 1;
    return pending.mode;
  }

  #route(call: RecordedCall): Reply {
    const { method, path } = call;
    const world = this.#world;
    const needsBotAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsBotAuth && call.authorization !== 'bot-token') {
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }

    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.#gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.#gatewayUrl() } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: world.bot };
    if (method === 'GET' && path === '/applications/@me') {
      return { status: 200, body: { id: world.applicationId, name: 'footnote', description: '', bot_public: true, flags: 0 } };
    }
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const [, applicationId, guildId] = commands;
      if (applicationId !== world.applicationId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const scope = guildId ?? 'global';
      if (method === 'GET') return { status: 200, body: this.commands.get(scope) ?? [] };
      if (method === 'PUT') return this.#overwriteCommands(scope, guildId, call.body);
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (callback && method === 'POST') {
      return this.#interactionCallback(callback[1] ?? '', callback[2] ?? '', call);
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (webhook) {
      const [, , , messageId] = webhook;
      if (method === 'DELETE' && messageId) return { status: 204 };
      if ((method === 'PATCH' || method === 'GET') && messageId) return { status: 200, body: this.#message(world.channelId, call.body) };
      if (method === 'POST' && !messageId) return { status: 200, body: this.#message(world.channelId, call.body) };
    }
    const channelMessages = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channelMessages && method === 'POST') {
      return { status: 200, body: this.#message(channelMessages[1] ?? '', call.body) };
    }
    if (/^\/channels\/\d+\/typing$/.test(path) && method === 'POST') return { status: 204 };
    return notFound();
  }

  #message(channelId: string, body: unknown) {
    return sentMessage(this.#world, channelId, isRecord(body) ? body : {});
  }

  // Discord keeps a command's id when a bulk overwrite contains a command of the same name, which
  // is what makes re-running registration harmless; the fake does the same.
  #overwriteCommands(scope: string, guildId: string | undefined, body: unknown): Reply {
    if (!Array.isArray(body)) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    const previous = new Map((this.commands.get(scope) ?? []).map((command) => [command.name, command.id]));
    const stored: RegisteredCommandRecord[] = [];
    for (const definition of body) {
      if (!isRecord(definition) || typeof definition.name !== 'string') {
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      }
      stored.push({
        type: 1,
        default_member_permissions: null,
        nsfw: false,
        ...definition,
        name: definition.name,
        id: previous.get(definition.name) ?? snowflake(),
        application_id: this.#world.applicationId,
        version: snowflake(),
        ...(guildId === undefined ? {} : { guild_id: guildId }),
      });
    }
    this.commands.set(scope, stored);
    return { status: 200, body: stored };
  }

  #interactionCallback(id: string, token: string, call: RecordedCall): Reply {
    const state = this.#interactions.get(id);
    if (!state || state.token !== token) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (state.acknowledged) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    state.acknowledged = true;
    if (call.query.with_response !== 'true') return { status: 204 };
    const callbackType = isRecord(call.body) ? call.body.type : undefined;
    const data = isRecord(call.body) && isRecord(call.body.data) ? call.body.data : {};
    return {
      status: 200,
      body: {
        interaction: { id, type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false },
        resource: { type: callbackType, message: this.#message(this.#world.channelId, data) },
      },
    };
  }
}

/** The id of the message a call created: a message create's, or an interaction reply's (asked with_response). */
export function createdMessageId(call: RecordedCall): string | undefined {
  const body = call.response;
  if (!isRecord(body)) return undefined;
  if (typeof body.id === 'string') return body.id;
  const message = isRecord(body.resource) && isRecord(body.resource.message) ? body.resource.message : undefined;
  return typeof message?.id === 'string' ? message.id : undefined;
}

function notFound(): Reply {
  return { status: 404, body: { message: '404: Not Found', code: 0 } };
}

function failureReply(mode: Exclude<FailureMode, { kind: 'hang' }>): Reply {
  if (mode.kind === 'status') return { status: mode.status, body: { message: 'Internal Server Error', code: 0 } };
  const seconds = mode.retryAfterSeconds;
  return {
    status: 429,
    headers: {
      // Discord sends whole seconds here; fractions keep tests fast and discord.js parses them the same way.
      'retry-after': String(seconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(seconds),
      'x-ratelimit-reset': String(Date.now() / 1000 + seconds),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': mode.global ? 'global' : 'user',
      ...(mode.global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: seconds, global: mode.global ?? false },
  };
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers).end(payload);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<unknown> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const parsed: Record<string, unknown> = {};
  const files: { field: string; filename: string; size: number; type: string }[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') Object.assign(parsed, parseJson(Buffer.from(value)));
      else parsed[field] = value;
    } else {
      files.push({ field, filename: value.name, size: value.size, type: value.type });
    }
  }
  return { ...parsed, files };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
