// Failure paths over the real protocol: a dropped gateway, failing and rate-limited REST, and a
// handler that throws. In each the bot must answer once (or log) and keep answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeEngine } from '../../src/engine/engine.js';
import type { ServingEngine } from '../../src/engine/engine-holder.js';
import type { PreviousTurn } from '../../src/engine/follow-up.js';
import { isCallbackFor, referencedMessage } from '../fakes/discord/fake-discord.js';
import { guildMessagePayload, newInteractionIds, slashCommandPayload } from '../fakes/discord/payloads.js';
import { embedsOf, isEphemeral, messageBody, startHarness, type Harness } from './harness.js';

const EXPLODING_QUESTION = 'please explode';

/** The real engine, except that one question makes it throw, to exercise the error boundary. */
function explodingEngine(engine: KnowledgeEngine): ServingEngine {
  return Object.assign(Object.create(engine) as KnowledgeEngine, {
    answerInContext: (text: string, previous: PreviousTurn | null) => {
      if (text === EXPLODING_QUESTION) throw new Error('engine blew up');
      return engine.answerInContext(text, previous);
    },
  });
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ wrapEngine: explodingEngine });
});

afterAll(async () => {
  await h?.stop();
});

const answered = (callbackBody: Record<string, unknown>): boolean =>
  JSON.stringify(callbackBody.embeds ?? []).includes('](https://');

describe('GIVEN the gateway connection drops mid-session', () => {
  it('THEN the client resumes, gets what was dispatched meanwhile, and answers the next interaction', async () => {
    const resumesBefore = h.fake.gateway.resumes.size;
    h.fake.gateway.drop();
    // Dispatched while the socket is down: Discord buffers it and replays it on RESUME.
    const duringOutage = h.fake.ask('what did Amazon invest?');
    const resume = await h.fake.gateway.resumes.waitFor((entry) => entry.accepted, { from: resumesBefore, timeoutMs: 5_000 });
    expect(resume.replayed).toBeGreaterThanOrEqual(1);
    expect(h.fake.gateway.connections.entries.at(-1)?.url).toMatch(/^\/resume\?v=10&encoding=json$/);

    expect(answered(messageBody(await h.fake.waitForCallback(duringOutage)))).toBe(true);
    const after = h.fake.ask('what is stargate?');
    expect(answered(messageBody(await h.fake.waitForCallback(after)))).toBe(true);
    expect(h.fake.gateway.identifies.size).toBe(1);
    await waitUntil(() => h.bot.isReady());
  });
});

describe('GIVEN Discord replays events after a RESUME', () => {
  it('WHEN an interaction and a mention it already delivered arrive again THEN each is answered once', async () => {
    const world = h.fake.world;
    const ids = newInteractionIds();
    h.fake.rest.expectInteraction(ids.id, ids.token);
    const interaction = slashCommandPayload(world, ids, 'ask', { question: 'what did Amazon invest?' });
    const message = guildMessagePayload(world, { content: `<@${world.bot.id}> what is stargate?` });
    h.fake.gateway.dispatch('INTERACTION_CREATE', interaction);
    h.fake.gateway.dispatch('MESSAGE_CREATE', message);
    await h.fake.waitForCallback(ids);
    await h.fake.waitForReplyTo({ id: message.id, channelId: message.channel_id });

    const resumesBefore = h.fake.gateway.resumes.size;
    h.fake.gateway.drop(4000);
    await h.fake.gateway.resumes.waitFor((entry) => entry.accepted, { from: resumesBefore, timeoutMs: 5_000 });
    // What a replay looks like to the bot: the same payloads, ids and all, on the resumed session.
    h.fake.gateway.dispatch('INTERACTION_CREATE', interaction);
    h.fake.gateway.dispatch('MESSAGE_CREATE', message);

    // Fresh events after the replay are answered, so the replayed ones had every chance to be.
    await h.fake.waitForCallback(h.fake.ask('what is stargate?'));
    await h.fake.waitForReplyTo(h.fake.mention('what did Amazon invest?'));
    expect(h.fake.rest.calls.filter((call) => isCallbackFor(call, ids.id))).toHaveLength(1);
    expect(h.fake.rest.calls.filter((call) => call.method === 'POST' && referencedMessage(call) === message.id)).toHaveLength(1);
    await waitUntil(() => h.bot.isReady());
  });
});

describe('GIVEN Discord REST fails', () => {
  it('WHEN every attempt at one reply returns 500 THEN the failure is logged, it is not answered twice, and the next one is answered', async () => {
    const first = h.fake.ask('what did Amazon invest?');
    // discord.js retries a 5xx three times; fail all four attempts.
    h.fake.rest.failNext({ method: 'POST', path: new RegExp(`^/interactions/${first.id}/`) }, 4, { kind: 'status', status: 500 });
    const logsBefore = h.logs.size;
    const failure = await h.logs.waitFor((line) => line.evt === 'reply.failed' && JSON.stringify(line.keys).includes(first.id), {
      from: logsBefore,
    });
    expect(failure.level).toBe(50);

    const next = h.fake.ask('what is stargate?');
    expect(answered(messageBody(await h.fake.waitForCallback(next)))).toBe(true);
    const attempts = h.fake.rest.calls.filter((call) => isCallbackFor(call, first.id));
    expect(attempts.map((call) => call.status)).toEqual([500, 500, 500, 500]);
  });

  it('WHEN a reply is rate limited (429 with Retry-After) THEN it is sent once after the wait', async () => {
    const sent = h.fake.ask('what did Amazon invest?');
    h.fake.rest.failNext({ method: 'POST', path: new RegExp(`^/interactions/${sent.id}/`) }, 1, { kind: 'rate-limit', retryAfterSeconds: 0.05 });
    const callback = await h.fake.waitForCallback(sent);
    expect(answered(messageBody(callback))).toBe(true);
    expect(h.fake.rest.calls.filter((call) => isCallbackFor(call, sent.id)).map((call) => call.status)).toEqual([429, 200]);
  });
});

describe('GIVEN a command throws', () => {
  it('THEN the person gets an ephemeral "something went wrong", the error is logged, and the bot keeps answering', async () => {
    const logsBefore = h.logs.size;
    const callback = await h.fake.waitForCallback(h.fake.ask(EXPLODING_QUESTION));
    expect(isEphemeral(callback)).toBe(true);
    expect(messageBody(callback).content).toMatch(/something went wrong/i);
    expect(messageBody(callback).allowed_mentions).toEqual({ parse: [], replied_user: false });
    const logged = await h.logs.waitFor((line) => line.evt === 'answer.failed' && line.platform === 'discord', { from: logsBefore });
    expect(JSON.stringify(logged.err)).toContain('engine blew up');

    const next = await h.fake.waitForCallback(h.fake.ask('what is stargate?'));
    expect(embedsOf(next)[0]?.description).toContain('Stargate');
  });

  it('WHEN the failing question comes as a mention THEN the reply says something went wrong, to that message', async () => {
    const sent = h.fake.mention(EXPLODING_QUESTION);
    const reply = await h.fake.waitForReplyTo(sent);
    expect(messageBody(reply).content).toMatch(/something went wrong/i);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
