// The gateway half of the fake Discord: a WebSocket server speaking the v10 JSON protocol
// (HELLO → IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay) so @discordjs/ws runs
// its real connection state machine against it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayOpcodes, GatewayIntentBits } from 'discord.js';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { FakeWorld } from './payloads.js';
import { guildCreatePayload, readyPayload } from './payloads.js';
import { Recorder } from './recorder.js';
import { snowflake } from './snowflake.js';

export interface ConnectionRecord {
  id: number;
  /** Path and query the client connected with, e.g. `/?v=10&encoding=json`. */
  url: string;
  query: Record<string, string>;
}

export interface IdentifyRecord {
  connection: number;
  intents: number;
  tokenMatches: boolean;
  properties: unknown;
  shard: unknown;
  compress: unknown;
}

export interface ResumeRecord {
  connection: number;
  sessionId: string;
  seq: number;
  accepted: boolean;
  replayed: number;
}

export interface HeartbeatRecord {
  connection: number;
  seq: number | null;
}

interface SentEvent {
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  seq: number;
  /** Dispatched events, kept for replay on resume. */
  events: SentEvent[];
  socket: WebSocket | null;
}

/** Members of privileged intents: Discord closes with 4014 unless enabled in the portal. */
const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const REPLAY_BUFFER = 5_000;

export interface FakeGatewayOptions {
  heartbeatIntervalMs: number;
  allowPrivilegedIntents: boolean;
}

export class FakeGateway {
  readonly connections = new Recorder<ConnectionRecord>('gateway connections', (entry) => `#${entry.id} ${entry.url}`);
  readonly identifies = new Recorder<IdentifyRecord>('IDENTIFYs', (entry) => `#${entry.connection} intents=${entry.intents}`);
  readonly resumes = new Recorder<ResumeRecord>('RESUMEs', (entry) => `#${entry.connection} seq=${entry.seq} accepted=${entry.accepted}`);
  readonly heartbeats = new Recorder<HeartbeatRecord>('heartbeats', (entry) => `#${entry.connection} d=${entry.seq}`);
  readonly closes = new Recorder<{ connection: number; code: number }>('closes', (entry) => `#${entry.connection} ${entry.code}`);
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #world: FakeWorld;
  readonly #token: string;
  readonly #options: FakeGatewayOptions;
  readonly #resumeUrl: () => string;
  #current: Session | null = null;
  #connectionIds = 0;

  constructor(world: FakeWorld, token: string, resumeUrl: () => string, options: FakeGatewayOptions) {
    this.#world = world;
    this.#token = token;
    this.#resumeUrl = resumeUrl;
    this.#options = options;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  /** True while the current session has an open socket that has identified or resumed. */
  get live(): boolean {
    return this.#current?.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Send a dispatch on the current session. While the socket is down the event is only buffered,
   * as Discord does; a RESUME replays it, a fresh IDENTIFY loses it.
   */
  dispatch(type: string, data: unknown): number {
    const session = this.#current;
    if (!session) throw new Error('No gateway session yet: start the client before dispatching');
    const event: SentEvent = { s: ++session.seq, t: type, d: data };
    session.events.push(event);
    if (session.events.length > REPLAY_BUFFER) session.events.splice(0, session.events.length - REPLAY_BUFFER);
    if (session.socket?.readyState === WebSocket.OPEN) send(session.socket, { op: GatewayOpcodes.Dispatch, ...event });
    return event.s;
  }

  /** Cut the current connection: with a close code (4000 makes discord.js resume) or abruptly. */
  drop(code?: number): void {
    const socket = this.#current?.socket;
    if (!socket) throw new Error('No live gateway connection to drop');
    if (this.#current) this.#current.socket = null;
    if (code === undefined) socket.terminate();
    else socket.close(code, 'fake discord dropped the connection');
  }

  /**
   * Forget every session, as Discord does when one expires: the next RESUME gets INVALID_SESSION
   * (d: false), so the client must IDENTIFY afresh. Events buffered for the old session are lost.
   */
  forgetSessions(): void {
    this.#sessions.clear();
  }

  /** Ask the client to reconnect (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    const socket = this.#current?.socket;
    if (!socket) throw new Error('No live gateway connection');
    send(socket, { op: GatewayOpcodes.Reconnect, d: null });
  }

  async close(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(ws: WebSocket, request: IncomingMessage): void {
    const connection = ++this.#connectionIds;
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    this.connections.push({ id: connection, url: `${url.pathname}${url.search}`, query: Object.fromEntries(url.searchParams) });
    let session: Session | null = null;

    ws.on('close', (code) => {
      this.closes.push({ connection, code });
      if (session?.socket === ws) session.socket = null;
    });
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      const payload = isBinary ? null : parse(raw);
      if (payload === null) {
        ws.close(4002, 'Decode error');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          this.heartbeats.push({ connection, seq: typeof payload.d === 'number' ? payload.d : null });
          send(ws, { op: GatewayOpcodes.HeartbeatAck });
          return;
        case GatewayOpcodes.Identify: {
          if (session) {
            ws.close(4005, 'Already authenticated');
            return;
          }
          session = this.#identify(ws, connection, payload.d);
          return;
        }
        case GatewayOpcodes.Resume:
          session = this.#resume(ws, connection, payload.d);
          return;
        default:
          // Presence updates, member requests and the like: accepted and ignored.
          return;
      }
    });

    send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
  }

  #identify(ws: WebSocket, connection: number, data: unknown): Session | null {
    const d = isRecord(data) ? data : {};
    const intents = typeof d.intents === 'number' ? d.intents : -1;
    const tokenMatches = d.token === this.#token;
    this.identifies.push({ connection, intents, tokenMatches, properties: d.properties, shard: d.shard, compress: d.compress });
    if (!tokenMatches) {
      ws.close(4004, 'Authentication failed');
      return null;
    }
    if (intents < 0) {
      ws.close(4013, 'Invalid intent(s)');
      return null;
    }
    if (!this.#options.allowPrivilegedIntents && (intents & PRIVILEGED_INTENTS) !== 0) {
      ws.close(4014, 'Disallowed intent(s)');
      return null;
    }
    const session: Session = { id: snowflake(), seq: 0, events: [], socket: ws };
    this.#sessions.set(session.id, session);
    this.#current = session;
    this.dispatch('READY', readyPayload(this.#world, session.id, this.#resumeUrl()));
    this.dispatch('GUILD_CREATE', guildCreatePayload(this.#world));
    return session;
  }

  #resume(ws: WebSocket, connection: number, data: unknown): Session | null {
    const d = isRecord(data) ? data : {};
    const sessionId = typeof d.session_id === 'string' ? d.session_id : '';
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const session = this.#sessions.get(sessionId);
    if (!session || d.token !== this.#token) {
      this.resumes.push({ connection, sessionId, seq, accepted: false, replayed: 0 });
      send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      return null;
    }
    session.socket?.terminate();
    session.socket = ws;
    this.#current = session;
    const missed = session.events.filter((event) => event.s > seq);
    this.resumes.push({ connection, sessionId, seq, accepted: true, replayed: missed.length });
    for (const event of missed) send(ws, { op: GatewayOpcodes.Dispatch, ...event });
    session.seq += 1;
    send(ws, { op: GatewayOpcodes.Dispatch, s: session.seq, t: 'RESUMED', d: null });
    return session;
  }
}

interface GatewayPayload {
  op: number;
  d?: unknown;
}

function parse(raw: RawData): GatewayPayload | null {
  try {
    const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
    const value: unknown = JSON.parse(text);
    return isRecord(value) && typeof value.op === 'number' ? { op: value.op, d: value.d } : null;
  } catch {
    return null;
  }
}

function send(ws: WebSocket, payload: Record<string, unknown>): void {
  ws.send(JSON.stringify({ s: null, t: null, d: null, ...payload }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
