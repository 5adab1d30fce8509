// Fault scenarios, each a small script against a running bot and a loopback fake, returning what
// it measured. The hardening tests assert on the results; `npm run stress` prints them. Every
// scenario scopes its injected failure to its own channel / response URL / interaction, so the
// rest of the traffic flows normally and scenarios cannot leak failures into each other.
import { rename } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { MESSAGES as SHARED_MESSAGES } from '../../src/conversation/messages.js';
import { isCallbackFor, type FakeDiscord } from '../../tests/fakes/discord/fake-discord.js';
import { user } from '../../tests/fakes/discord/payloads.js';
import { snowflake } from '../../tests/fakes/discord/snowflake.js';
import type { FakeSlack, RecordedCall } from '../../tests/fakes/slack/fake-slack.js';
import { appMention, newTs, slashCommand } from '../../tests/fakes/slack/payloads.js';
import { send, signedForm, signedJson } from '../../tests/fakes/slack/signer.js';
import { sleep, until, type LogLine, type LogSource } from './common.js';

// ---- Slack ----

export interface SlackTarget {
  fake: FakeSlack;
  eventsUrl: string;
  signingSecret: string;
  logs: LogSource;
}

let unique = 0;
function uid(prefix: string): string {
  unique += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${unique}`;
}

/** A conversation layer log line about a Slack thread or DM in `channel` (its key holds the channel). */
const inChannel = (line: Record<string, unknown>, channel: string): boolean => String(line.conversation ?? '').includes(`:${channel}`);
const isApology = (call: RecordedCall): boolean => String(call.args.text ?? '').includes(SHARED_MESSAGES.somethingWentWrong.slice(0, 30));

function postsIn(fake: FakeSlack, channel: string): RecordedCall[] {
  return fake.callsOf('chat.postMessage', (call) => call.args.channel === channel);
}

const delivered = (call: RecordedCall): boolean => call.injected === undefined;

async function mention(target: SlackTarget, channel: string, question: string): Promise<{ ts: string; sentAt: number; status: number }> {
  const ts = newTs();
  const body = appMention({ question, channel, user: uid('U0'), ts });
  const response = await send(target.eventsUrl, signedJson(body, { signingSecret: target.signingSecret }));
  return { ts, sentAt: response.sentAt, status: response.status };
}

/** A mention in a fresh channel, answered normally: the latency, or null if no answer in time. */
export async function slackAnswers(target: SlackTarget, question = 'What did Amazon invest?', timeoutMs = 10_000): Promise<number | null> {
  const channel = uid('C0OK');
  const sent = await mention(target, channel, question);
  try {
    const reply = await target.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel && delivered(call), timeoutMs);
    return reply.receivedAt - sent.sentAt;
  } catch {
    return null;
  }
}

export interface RateLimitedResult {
  /** Status of each attempt the fake saw: 429 then 200. */
  attempts: number[];
  /** Successful deliveries (must be exactly 1). */
  deliveries: number;
  /** From the 429 being answered to the retry arriving. */
  waitedMs: number;
  retryAfterSec: number;
  latencyMs: number;
}

/** chat.postMessage answers 429 with Retry-After: the bot must wait that long, then deliver once. */
export async function slackRateLimited(target: SlackTarget, retryAfterSec = 1): Promise<RateLimitedResult> {
  const channel = uid('C0RL');
  target.fake.failWhen('chat.postMessage', (args) => args.channel === channel, { kind: 'rate-limited', retryAfterSec }, 1);
  const sent = await mention(target, channel, 'What did Amazon invest?');
  const reply = await target.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel && delivered(call), 10_000 + retryAfterSec * 1000);
  await sleep(300);
  const calls = postsIn(target.fake, channel);
  const limited = calls.find((call) => call.injected === 'rate-limited');
  return {
    attempts: calls.map((call) => (call.injected === 'rate-limited' ? 429 : delivered(call) ? 200 : 0)),
    deliveries: calls.filter(delivered).length,
    waitedMs: limited === undefined ? Number.NaN : reply.receivedAt - limited.receivedAt,
    retryAfterSec,
    latencyMs: reply.receivedAt - sent.sentAt,
  };
}

export interface ServerErrorResult {
  /** Attempts at posting the answer (all answered 500). */
  answerAttempts: number;
  /** Attempts at posting the "something went wrong" apology (also 500: the same outage). */
  apologyAttempts: number;
  /** New attempts seen during a quiet period after the bot gave up (must be 0). */
  attemptsAfterGivingUp: number;
  /** The listener failure was logged at error level with the channel. */
  logged: boolean;
  /** The bot answered a normal question afterwards (latency), or null. */
  nextAnsweredMs: number | null;
}

/** chat.postMessage answers 500 for one channel, every time: bounded attempts, logged, still serving. */
export async function slackServerError(target: SlackTarget, quietMs = 1_500): Promise<ServerErrorResult> {
  const channel = uid('C0SE');
  const from = target.logs.lines().length;
  const cancel = target.fake.failWhen('chat.postMessage', (args) => args.channel === channel, { kind: 'status', status: 500 });
  try {
    await mention(target, channel, 'What did Amazon invest?');
    const failure = await target.logs.waitFor((line) => line.evt === 'reply.failed' && inChannel(line, channel), 20_000, from);
    await target.logs.waitFor((line) => line.evt === 'reply.apology_failed' && inChannel(line, channel), 20_000, from);
    const gaveUpWith = postsIn(target.fake, channel).length;
    await sleep(quietMs);
    const calls = postsIn(target.fake, channel);
    return {
      answerAttempts: calls.filter((call) => !isApology(call)).length,
      apologyAttempts: calls.filter(isApology).length,
      attemptsAfterGivingUp: calls.length - gaveUpWith,
      logged: (failure.level ?? 0) >= 50,
      nextAnsweredMs: await slackAnswers(target),
    };
  } finally {
    cancel();
  }
}

export interface HangOnceResult {
  /** How long the bot held the hung call before giving up on it (its own timeout). */
  abandonedAfterMs: number;
  /** From the question to its answer (delivered by the retry after the timeout). */
  deliveredAfterMs: number;
  deliveries: number;
  /** A question in another channel, asked while the call hung: answered after this long. */
  otherAnsweredMs: number | null;
}

/** The first chat.postMessage attempt for one channel never gets a response. */
export async function slackHangOnce(target: SlackTarget, timeoutMs = 25_000): Promise<HangOnceResult> {
  const channel = uid('C0HG');
  target.fake.failWhen('chat.postMessage', (args) => args.channel === channel, { kind: 'hang' }, 1);
  const sent = await mention(target, channel, 'What did Amazon invest?');
  await target.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel && call.injected === 'hang', 10_000);
  const otherAnsweredMs = await slackAnswers(target);
  const abandoned = await target.fake.abandoned.waitFor((entry) => entry.call.args.channel === channel, timeoutMs, 'the hung call to be abandoned');
  const reply = await target.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel && delivered(call), timeoutMs);
  await sleep(300);
  return {
    abandonedAfterMs: abandoned.closedAt - abandoned.call.receivedAt,
    deliveredAfterMs: reply.receivedAt - sent.sentAt,
    deliveries: postsIn(target.fake, channel).filter(delivered).length,
    otherAnsweredMs,
  };
}

export interface HangAlwaysResult {
  attempts: number;
  /** From the question to the bot's last word on it (the failed apology's log line). */
  gaveUpAfterMs: number;
  /** Calls the fake still holds open for this channel after the bot gave up (must be 0). */
  stillOpen: number;
}

/** Every chat.postMessage for one channel hangs: how long until the bot lets go, and how many tries. */
export async function slackHangAlways(target: SlackTarget, timeoutMs = 120_000): Promise<HangAlwaysResult> {
  const channel = uid('C0HA');
  const from = target.logs.lines().length;
  const cancel = target.fake.failWhen('chat.postMessage', (args) => args.channel === channel, { kind: 'hang' });
  try {
    const started = performance.now();
    await mention(target, channel, 'What did Amazon invest?');
    await target.logs.waitFor((line) => line.evt === 'reply.apology_failed' && inChannel(line, channel), timeoutMs, from);
    const gaveUpAfterMs = performance.now() - started;
    await sleep(200);
    const calls = postsIn(target.fake, channel);
    const abandoned = target.fake.abandoned.filter((entry) => entry.call.args.channel === channel).length;
    return { attempts: calls.length, gaveUpAfterMs, stillOpen: calls.length - abandoned };
  } finally {
    cancel();
  }
}

export interface ResponseUrlResult {
  /** Status of each POST to the response_url: 429 / 0 (hung) / 200. */
  attempts: number[];
  answerDelivered: boolean;
  apologyDelivered: boolean;
  /** For a hang: whether the bot ever closed the hung request within the observation window. */
  abandoned: boolean;
  observedMs: number;
}

/**
 * `/ask` whose response_url misbehaves (429 with Retry-After, or a hang). Bolt's `respond()` posts
 * with plain fetch — no retry, no timeout — so this observes what happens rather than assuming.
 */
export async function slackResponseUrlFault(
  target: SlackTarget,
  failure: { kind: 'rate-limited'; retryAfterSec: number } | { kind: 'hang' },
  observeMs: number,
): Promise<ResponseUrlResult> {
  const responseUrl = target.fake.newResponseUrl();
  const responseId = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
  const cancel = target.fake.failWhen('response_url', (_args, call) => call.responseId === responseId, failure, failure.kind === 'hang' ? Number.POSITIVE_INFINITY : 1);
  // In a channel the bot is not a member of, where /ask answers through its response_url.
  const channel = uid('C0NM');
  const notMember = target.fake.failWhen('chat.postMessage', (args) => args.channel === channel, { kind: 'api-error', error: 'not_in_channel' });
  try {
    const started = performance.now();
    const form = slashCommand({ command: '/ask', text: 'What did Amazon invest?', responseUrl, user: uid('U0'), channel });
    await send(target.eventsUrl, signedForm(form, { signingSecret: target.signingSecret }));
    await sleep(observeMs);
    const calls = target.fake.callsOf('response_url', (call) => call.responseId === responseId);
    return {
      attempts: calls.map((call) => (call.injected === 'rate-limited' ? 429 : call.injected === 'hang' ? 0 : 200)),
      answerDelivered: calls.some((call) => delivered(call) && !isApology(call)),
      apologyDelivered: calls.some((call) => delivered(call) && isApology(call)),
      abandoned: target.fake.abandoned.entries.some((entry) => entry.call.responseId === responseId),
      observedMs: performance.now() - started,
    };
  } finally {
    notMember();
    cancel();
    // Let the bot's listener finish (its fetch fails, it apologises) rather than hold it until shutdown.
    target.fake.releaseHangs((call) => call.responseId === responseId);
  }
}

// ---- Discord ----

export interface GatewayFaultResult {
  /** RESUME accepted (for drops and op 7) or a fresh IDENTIFY (for an invalidated session). */
  recovered: boolean;
  how: 'resume' | 'identify' | 'none';
  /** Events replayed on resume. */
  replayed: number;
  /** An interaction dispatched while the socket was down: answered after (ms), or null. */
  duringOutageMs: number | null;
  /** The next interaction after recovery: answered after (ms), or null. */
  nextMs: number | null;
  /** From the fault to the session being back. */
  recoveryMs: number;
  /** Interactions of this scenario answered more than once (a replay handled twice; must be 0). */
  duplicates: number;
}

/** Dispatches one /ask from a fresh user; resolves with the latency to an accepted callback, or null. */
export async function discordAnswers(fake: FakeDiscord, question = 'what did Amazon invest?', timeoutMs = 10_000, ids: string[] = []): Promise<number | null> {
  const dispatched = fake.ask(question, user({ id: snowflake(), username: 'fault' }));
  ids.push(dispatched.id);
  try {
    const callback = await fake.waitForCallback(dispatched, { timeoutMs });
    return callback.at - dispatched.sentAt;
  } catch {
    return null;
  }
}

/**
 * `drop`: the socket is cut with no close frame; `reconnect`: Discord asks for a reconnect (op 7);
 * `invalidate`: the session is forgotten and the socket cut, so RESUME fails and the client must
 * IDENTIFY again (what was dispatched meanwhile is lost, as on Discord, so nothing is sent then).
 */
export async function discordGatewayFault(fake: FakeDiscord, kind: 'drop' | 'reconnect' | 'invalidate', timeoutMs = 15_000): Promise<GatewayFaultResult> {
  const gateway = fake.gateway;
  const resumesFrom = gateway.resumes.size;
  const identifiesFrom = gateway.identifies.size;
  const started = performance.now();
  const ids: string[] = [];
  let during: Promise<number | null> = Promise.resolve(null);
  if (kind === 'drop') {
    gateway.drop();
    during = discordAnswers(fake, 'what is stargate?', timeoutMs, ids);
  } else if (kind === 'reconnect') {
    gateway.requestReconnect();
  } else {
    gateway.forgetSessions();
    gateway.drop();
  }
  let how: GatewayFaultResult['how'] = 'none';
  let replayed = 0;
  try {
    if (kind === 'invalidate') {
      await gateway.identifies.waitFor(() => true, { from: identifiesFrom, timeoutMs });
      how = 'identify';
    } else {
      const resume = await gateway.resumes.waitFor((entry) => entry.accepted, { from: resumesFrom, timeoutMs });
      how = 'resume';
      replayed = resume.replayed;
    }
  } catch {
    how = 'none';
  }
  const recoveryMs = performance.now() - started;
  // Wait for the session to be usable (READY / RESUMED processed) before the next question.
  await until(() => gateway.live, timeoutMs, 'the gateway to be live again').catch(() => undefined);
  const duringOutageMs = await during;
  const nextMs = await discordAnswers(fake, 'who is Denise Dresser?', timeoutMs, ids);
  await sleep(200);
  const duplicates = ids.filter((id) => fake.rest.calls.filter((call) => isCallbackFor(call, id)).length > 1).length;
  return { recovered: how !== 'none', how, replayed, duringOutageMs, nextMs, recoveryMs, duplicates };
}

// ---- knowledge ----

export interface KnowledgeFaultResult {
  answeredBefore: boolean;
  /** The reload attempt on the unreadable folder was logged as rejected / failed. */
  rejectionLogged: boolean;
  answeredWhileUnreadable: boolean;
  reloadedAfter: boolean;
  answeredAfter: boolean;
}

/**
 * The knowledge folder of a bot running with hot reload is renamed away (unreadable), a question is
 * asked, the folder comes back. The bot must keep its last good knowledge throughout.
 */
export async function knowledgeUnreadable(
  target: SlackTarget,
  directory: string,
  probe: { question: string; expectedUrl: string },
  timeoutMs = 10_000,
): Promise<KnowledgeFaultResult> {
  const answers = async (): Promise<boolean> => {
    const channel = uid('C0KN');
    await mention(target, channel, probe.question);
    try {
      const reply = await target.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel && delivered(call), timeoutMs);
      return JSON.stringify(reply.args).includes(probe.expectedUrl);
    } catch {
      return false;
    }
  };
  const matches = (line: LogLine, text: string): boolean => typeof line.msg === 'string' && line.msg.includes(text);
  const answeredBefore = await answers();
  const away = `${directory}-away`;
  const from = target.logs.lines().length;
  let rejectionLogged = false;
  let answeredWhileUnreadable = false;
  await rename(directory, away);
  try {
    rejectionLogged = await target.logs
      .waitFor((line) => matches(line, 'still serving the last good knowledge'), timeoutMs, from)
      .then(() => true, () => false);
    answeredWhileUnreadable = await answers();
  } finally {
    await rename(away, directory);
  }
  const reloadedAfter = await target.logs.waitFor((line) => matches(line, 'knowledge reloaded'), timeoutMs, from).then(() => true, () => false);
  const answeredAfter = await answers();
  return { answeredBefore, rejectionLogged, answeredWhileUnreadable, reloadedAfter, answeredAfter };
}
