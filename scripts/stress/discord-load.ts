// Load through the Discord gateway: /ask interactions dispatched on the fake's gateway (all at once,
// or with a cap in flight), each from its own user, every REST call that answers one of them matched
// back by interaction id (the callback) or token (webhook follow-ups and edits).
import { performance } from 'node:perf_hooks';
import type { FakeDiscord } from '../../tests/fakes/discord/fake-discord.js';
import { user } from '../../tests/fakes/discord/payloads.js';
import { isRecord, type RecordedCall } from '../../tests/fakes/discord/rest.js';
import { snowflake } from '../../tests/fakes/discord/snowflake.js';
import { atMost, discordLiveMentions, pick, sleep, tallyReplies, type LoadQuestion } from './common.js';
import type { LoadResult } from './slack-load.js';

export interface DiscordLoadOptions {
  fake: FakeDiscord;
  count: number;
  pool: readonly LoadQuestion[];
  /** Interactions in flight at once; default: all of them. */
  concurrency?: number;
  timeoutMs?: number;
  settleMs?: number;
  /** Dispatch this many, then yield to the event loop (keeps a shared process responsive). */
  batch?: number;
}

interface DiscordRequest {
  id: string;
  token: string;
  question: LoadQuestion;
  sentAt: number;
  replies: RecordedCall[];
}

/** The message body a REST call carries: an interaction callback's `data`, or the body itself. */
export function discordMessageBody(call: RecordedCall): Record<string, unknown> {
  const body = isRecord(call.body) ? call.body : {};
  if (call.path.endsWith('/callback')) return isRecord(body.data) ? body.data : {};
  return body;
}

export async function runDiscordLoad(options: DiscordLoadOptions): Promise<LoadResult> {
  const { fake, count, pool } = options;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? count, count));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const batch = options.batch ?? 50;
  const byId = new Map<string, DiscordRequest>();
  const byToken = new Map<string, DiscordRequest>();
  let stray = 0;
  let rejected = 0;
  let answeredCount = 0;
  const freeSlots: (() => void)[] = [];
  let allAnswered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });

  const unsubscribe = fake.rest.calls.onEntry((call) => {
    if (call.injected !== null) return;
    const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(call.path);
    const webhook = /^\/webhooks\/\d+\/([^/]+)/.exec(call.path);
    const request = interaction ? byId.get(interaction[1] ?? '') : webhook ? byToken.get(webhook[1] ?? '') : undefined;
    if (request === undefined) {
      if (interaction || webhook) stray += 1;
      return;
    }
    if (call.status >= 300) rejected += 1;
    request.replies.push(call);
    if (request.replies.length === 1) {
      answeredCount += 1;
      freeSlots.shift()?.();
      if (answeredCount === count) allAnswered();
    }
  });

  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    if (index - answeredCount >= concurrency) {
      // Only with a cap: wait for a reply (or give up on it) before dispatching more.
      let slotTimer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        freeSlots.push(resolve);
        slotTimer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(slotTimer);
    }
    const question = pick(pool, index);
    const from = user({ id: snowflake(), username: `load${index}` });
    const dispatched = fake.ask(question.text, from);
    const request: DiscordRequest = { id: dispatched.id, token: dispatched.token, question, sentAt: dispatched.sentAt, replies: [] };
    byId.set(request.id, request);
    byToken.set(request.token, request);
    if (index % batch === batch - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await atMost(done, timeoutMs);
  const elapsedMs = performance.now() - started;
  await sleep(options.settleMs ?? 250);
  unsubscribe();

  const tally = tallyReplies(
    [...byId.values()].map((request) => ({ ...request, label: '/ask' })),
    {
      receivedAt: (reply: RecordedCall) => reply.at,
      liveMentions: (reply: RecordedCall) => discordLiveMentions(discordMessageBody(reply)),
      serialized: (reply: RecordedCall) => JSON.stringify(discordMessageBody(reply)),
    },
  );
  return { ...tally, stray, rejected, elapsedMs, byKind: { ask: count } };
}
