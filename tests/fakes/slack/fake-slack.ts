// A loopback stand-in for Slack: the Web API (`/api/<method>`), `response_url`s (`/response/<id>`)
// and a Socket Mode WebSocket endpoint (`/link`), all on one 127.0.0.1 port picked by the OS.
// It records what the app sends and can be told to fail, so tests assert on the wire, not on mocks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { Recorder } from './recorder.js';

export const FAKE_TEAM_ID = 'T0FAKE001';
export const FAKE_BOT_USER_ID = 'U0FOOTNOTE';
export const FAKE_BOT_ID = 'B0FOOTNOTE';
export const FAKE_APP_ID = 'A0FOOTNOTE';

/** One Web API call or one POST to a `response_url`. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for a POST to a hosted response URL. */
  method: string;
  /** Arguments as sent; JSON-encoded fields (`blocks`) are decoded. */
  args: Record<string, unknown>;
  /** The bearer token the call carried, if any. */
  token: string | undefined;
  /** For `response_url` calls: the id in `/response/<id>`. */
  responseId?: string;
  /** `performance.now()` when the request body had fully arrived. */
  receivedAt: number;
  /** Set when an injected failure answered this call instead of the normal reply. */
  injected?: Failure['kind'];
  /** What the fake answered (Web API calls it answered normally), e.g. the ts of a posted message. */
  answer?: Record<string, unknown>;
}

/** A hung call that the app gave up on (closed its connection), e.g. on its own timeout. */
export interface AbandonedCall {
  call: RecordedCall;
  /** `performance.now()` when the app closed the connection. */
  closedAt: number;
}

/** Which calls a scoped failure (`failWhen`) applies to. */
export type CallPredicate = (args: Record<string, unknown>, call: RecordedCall) => boolean;

/** How the next call(s) of a method should fail. */
export type Failure =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limited'; retryAfterSec: number }
  | { kind: 'api-error'; error: string }
  | { kind: 'hang' };

export interface SocketAck {
  envelopeId: string;
  payload: unknown;
  receivedAt: number;
}

export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface FakeSlackOptions {
  /** When set, Web API calls carrying another bot token get `invalid_auth`, as Slack would. */
  botToken?: string;
  /** When set, `apps.connections.open` with another token gets `invalid_auth`. */
  appToken?: string;
  /** Default timeout of the wait helpers. */
  waitTimeoutMs?: number;
}

export class FakeSlack {
  readonly calls = new Recorder<RecordedCall>();
  readonly acks = new Recorder<SocketAck>();
  /** Close codes of Socket Mode connections as the app ends them. */
  readonly socketCloses = new Recorder<{ code: number }>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  /** Hung calls the app closed itself (a client-side timeout); calls cut by `close()` are not recorded. */
  readonly abandoned = new Recorder<AbandonedCall>();
  private readonly hanging = new Map<ServerResponse, RecordedCall>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly scopedFailures: { method: string; when: CallPredicate; failure: Failure; remaining: number }[] = [];
  private readonly released = new WeakSet<ServerResponse>();
  private closing = false;
  private readonly connections = new Recorder<WebSocket>();
  private readonly waitTimeoutMs: number;
  private tsCounter = 0;
  private responseCounter = 0;
  private envelopeCounter = 0;
  private port = 0;

  private constructor(private readonly options: FakeSlackOptions) {
    this.waitTimeoutMs = options.waitTimeoutMs ?? 5_000;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocketConnection(ws));
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Base URL for `SLACK_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh `response_url` hosted by this fake. */
  newResponseUrl(): string {
    this.responseCounter += 1;
    return `http://127.0.0.1:${this.port}/response/r${this.responseCounter}`;
  }

  /** Make the next `times` calls of `method` (or `response_url`) fail as described. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /**
   * Fail the calls of `method` (or `response_url`) whose arguments match `when`, `times` times
   * (default: until cancelled). Scoped failures are checked before the `failNext` queue, so tests
   * can break one channel while traffic elsewhere flows normally. Returns the cancel function.
   */
  failWhen(method: string, when: CallPredicate, failure: Failure, times = Number.POSITIVE_INFINITY): () => void {
    const entry = { method, when, failure, remaining: times };
    this.scopedFailures.push(entry);
    return () => {
      const index = this.scopedFailures.indexOf(entry);
      if (index >= 0) this.scopedFailures.splice(index, 1);
    };
  }

  /**
   * Cut hung calls now (all, or those matching `which`): the app sees its connection reset. Not
   * recorded as abandoned, since the app did not give up on its own.
   */
  releaseHangs(which: (call: RecordedCall) => boolean = () => true): void {
    for (const [res, call] of this.hanging) {
      if (!which(call)) continue;
      this.released.add(res);
      res.destroy();
    }
  }

  /** Hung calls still held open. */
  get openHangs(): number {
    return this.hanging.size;
  }

  callsOf(method: string, predicate: (call: RecordedCall) => boolean = () => true): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && predicate(call));
  }

  /** The ts the fake gave the message a chat.postMessage call posted (a thread a reply would open). */
  postedTs(call: RecordedCall): string | undefined {
    const ts = call.answer?.ts;
    return typeof ts === 'string' ? ts : undefined;
  }

  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = this.waitTimeoutMs,
  ): Promise<RecordedCall> {
    return this.calls.waitFor((call) => call.method === method && predicate(call), timeoutMs, `a ${method} call`);
  }

  // ---- Socket Mode ----

  /** Resolves once an app has opened the WebSocket and received `hello`. */
  waitForSocket(timeoutMs = this.waitTimeoutMs): Promise<WebSocket> {
    return this.connections.waitFor((ws) => ws.readyState === ws.OPEN, timeoutMs, 'a Socket Mode connection');
  }

  /** Push one envelope to every connected app; returns its envelope id. */
  async pushEnvelope(
    type: Envelope['type'],
    payload: unknown,
    extra: Partial<Pick<Envelope, 'retry_attempt' | 'retry_reason' | 'envelope_id'>> = {},
  ): Promise<string> {
    const ws = await this.waitForSocket();
    this.envelopeCounter += 1;
    const envelope: Envelope = {
      envelope_id: extra.envelope_id ?? `env-${this.envelopeCounter}-${Date.now()}`,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: extra.retry_attempt ?? 0, retry_reason: extra.retry_reason ?? '' } : {}),
    };
    ws.send(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  waitForAck(envelopeId: string, timeoutMs = this.waitTimeoutMs): Promise<SocketAck> {
    return this.acks.waitFor((ack) => ack.envelopeId === envelopeId, timeoutMs, `the ack of ${envelopeId}`);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const res of this.hanging.keys()) res.destroy();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- internals ----

  private onSocketConnection(ws: WebSocket): void {
    ws.on('close', (code) => this.socketCloses.add({ code }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Array.isArray(data) ? Buffer.concat(data).toString() : data.toString();
      const message = safeJson(text);
      if (isRecord(message) && typeof message.envelope_id === 'string') {
        this.acks.add({ envelopeId: message.envelope_id, payload: message.payload, receivedAt: performance.now() });
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-slack', approximate_connection_time: 18_060 },
        connection_info: { app_id: FAKE_APP_ID },
      }),
      () => this.connections.add(ws),
    );
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const receivedAt = performance.now();
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      const responseId = url.pathname.slice('/response/'.length);
      const args = parseArgs(raw, req.headers['content-type']);
      const call: RecordedCall = { method: 'response_url', args, token: undefined, responseId, receivedAt };
      if (!this.recordFailing(call, res)) sendJson(res, { ok: true });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const token = bearer(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
    const call: RecordedCall = { method, args, token, receivedAt };
    if (this.recordFailing(call, res)) return;
    call.answer = this.answer(method, args, token);
    sendJson(res, call.answer);
  }

  /** Records the call; if a failure is due for it, applies it and returns true (the response is sent). */
  private recordFailing(call: RecordedCall, res: ServerResponse): boolean {
    const failure = this.takeFailure(call);
    if (failure !== undefined) call.injected = failure.kind;
    this.calls.add(call);
    if (failure === undefined) return false;
    this.applyFailure(failure, call, res);
    return true;
  }

  /** The failure to inject for this call, if any: scoped ones first, then the `failNext` queue. */
  private takeFailure(call: RecordedCall): Failure | undefined {
    const scoped = this.scopedFailures.find((entry) => entry.method === call.method && entry.remaining > 0 && entry.when(call.args, call));
    if (scoped !== undefined) {
      scoped.remaining -= 1;
      if (scoped.remaining <= 0) this.scopedFailures.splice(this.scopedFailures.indexOf(scoped), 1);
      return scoped.failure;
    }
    return this.failures.get(call.method)?.shift();
  }

  private applyFailure(failure: Failure, call: RecordedCall, res: ServerResponse): void {
    switch (failure.kind) {
      case 'status':
        res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('injected failure');
        return;
      case 'rate-limited':
        res.writeHead(429, { 'retry-after': String(failure.retryAfterSec) }).end();
        return;
      case 'api-error':
        sendJson(res, { ok: false, error: failure.error });
        return;
      case 'hang':
        this.hanging.set(res, call);
        res.on('close', () => {
          this.hanging.delete(res);
          if (!this.closing && !this.released.has(res)) this.abandoned.add({ call, closedAt: performance.now() });
        });
        return;
    }
  }

  private answer(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (this.options.appToken !== undefined && token !== this.options.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=fake-${Date.now()}&app_id=${FAKE_APP_ID}` };
    }
    if (this.options.botToken !== undefined && token !== this.options.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake-team.slack.com/',
          team: 'Fake Team',
          user: 'footnote',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: this.nextTs(), message: { text: args.text, bot_id: FAKE_BOT_ID } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      default:
        return { ok: true };
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) {
    const parsed = safeJson(raw);
    return isRecord(parsed) ? parsed : { _raw: raw };
  }
  // The Web API client sends form fields; structured ones (blocks, metadata) are JSON strings.
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const decoded = value.startsWith('[') || value.startsWith('{') ? safeJson(value) : undefined;
    args[key] = decoded ?? value;
  }
  return args;
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
