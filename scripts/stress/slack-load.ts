// Load through Slack's HTTP Events API: signed mentions, DMs and /ask commands, all sent at once (or
// with a cap on requests in flight), every reply that reaches the fake Slack matched back to its
// request. Each request comes from its own user, so a per-user rate limit never shapes the result.
import { performance } from 'node:perf_hooks';
import type { FakeSlack, RecordedCall } from '../../tests/fakes/slack/fake-slack.js';
import { FAKE_BOT_USER_ID } from '../../tests/fakes/slack/fake-slack.js';
import { appMention, directMessage, newTs, slashCommand } from '../../tests/fakes/slack/payloads.js';
import { send, signedForm, signedJson, type SignedRequest } from '../../tests/fakes/slack/signer.js';
import { atMost, pick, sleep, slackLiveMentions, tallyReplies, type LoadQuestion, type ReplyTally } from './common.js';

export type SlackRequestKind = 'mention' | 'dm' | 'ask';

export interface SlackLoadOptions {
  fake: FakeSlack;
  eventsUrl: string;
  signingSecret: string;
  count: number;
  pool: readonly LoadQuestion[];
  /** Upper-case letters/digits that make this run's ids unique (users, channels). */
  tag: string;
  /** Requests in flight at once; default: all of them. */
  concurrency?: number;
  /** How long to wait for the last reply. */
  timeoutMs?: number;
  /** After the last reply, how long to keep listening for late duplicates. */
  settleMs?: number;
}

export interface LoadResult extends ReplyTally {
  /** Replies that belong to no request of this run. */
  stray: number;
  /** Requests the platform did not accept (non-2xx), or that could not be sent at all. */
  rejected: number;
  elapsedMs: number;
  byKind: Record<string, number>;
}

interface SlackRequest {
  key: string;
  kind: SlackRequestKind;
  user: string;
  question: LoadQuestion;
  sentAt: number;
  replies: RecordedCall[];
}

/** 60 % mentions, 20 % DMs, 20 % /ask. */
export function slackKind(index: number): SlackRequestKind {
  const slot = index % 5;
  return slot < 3 ? 'mention' : slot === 3 ? 'dm' : 'ask';
}

export async function runSlackLoad(options: SlackLoadOptions): Promise<LoadResult> {
  const { fake, eventsUrl, signingSecret, count, pool, tag } = options;
  const concurrency = options.concurrency ?? count;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const channel = `C0${tag}`;
  const requests = new Map<string, SlackRequest>();
  let stray = 0;
  let outstanding = count;
  let allAnswered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });

  const keyOf = (call: RecordedCall): string | undefined => {
    if (call.method === 'response_url') return `r:${call.responseId ?? ''}`;
    if (call.method !== 'chat.postMessage') return undefined;
    const to = String(call.args.channel ?? '');
    if (to === channel) return `m:${String(call.args.thread_ts ?? '')}`;
    if (to.startsWith(`C0${tag}A`)) return `a:${to}`;
    if (to.startsWith(`D0${tag}`)) return `d:${to}`;
    return undefined;
  };
  const unsubscribe = fake.calls.onEntry((call) => {
    if (call.injected !== undefined) return;
    const key = keyOf(call);
    if (key === undefined) return;
    const request = requests.get(key);
    if (request === undefined) {
      stray += 1;
      return;
    }
    request.replies.push(call);
    if (request.replies.length === 1) {
      outstanding -= 1;
      if (outstanding === 0) allAnswered();
    }
  });

  let rejected = 0;
  const sendOne = async (index: number): Promise<void> => {
    const kind = slackKind(index);
    const question = pick(pool, index);
    const user = `U0${tag}${index.toString(36).toUpperCase()}`;
    let key: string;
    let signed: SignedRequest;
    if (kind === 'mention') {
      const ts = newTs();
      key = `m:${ts}`;
      signed = signedJson(appMention({ question: question.text, channel, user, ts }), { signingSecret });
    } else if (kind === 'dm') {
      const dmChannel = `D0${tag}${index.toString(36).toUpperCase()}`;
      key = `d:${dmChannel}`;
      signed = signedJson(directMessage({ text: question.text, channel: dmChannel, user }), { signingSecret });
    } else {
      // Each /ask in a channel of its own: its answer is posted there (chat.postMessage), which
      // tells one request's answer from another's.
      const askChannel = `C0${tag}A${index.toString(36).toUpperCase()}`;
      key = `a:${askChannel}`;
      signed = signedForm(slashCommand({ command: '/ask', text: question.text, responseUrl: fake.newResponseUrl(), user, channel: askChannel }), { signingSecret });
    }
    const request: SlackRequest = { key, kind, user, question, sentAt: performance.now(), replies: [] };
    requests.set(key, request);
    try {
      const response = await send(eventsUrl, signed);
      if (response.status < 200 || response.status >= 300) rejected += 1;
    } catch {
      rejected += 1;
    }
  };

  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await sendOne(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  await atMost(done, timeoutMs);
  const elapsedMs = performance.now() - started;
  await sleep(options.settleMs ?? 250);
  unsubscribe();

  const byKind: Record<string, number> = {};
  for (const request of requests.values()) byKind[request.kind] = (byKind[request.kind] ?? 0) + 1;
  const tally = tallyReplies(
    [...requests.values()].map((request) => ({ ...request, label: request.kind })),
    {
      receivedAt: (reply: RecordedCall) => reply.receivedAt,
      liveMentions: (reply: RecordedCall, request) => slackLiveMentions(reply.args, request.user),
      serialized: (reply: RecordedCall) => JSON.stringify(reply.args),
    },
  );
  return { ...tally, stray, rejected, elapsedMs, byKind };
}

export { FAKE_BOT_USER_ID };
