// Per-person rate limiting over the real protocols: Bolt over signed HTTP against the fake Slack,
// discord.js over the fake gateway and REST. The limiter's clock is frozen, so nothing refills
// unless a test moves it: burst 2, then nothing until a minute has passed.
// Past the limit a person gets one notice and then silence in channels; Discord interactions,
// which must be answered, get the same ephemeral notice each time. Other people are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, type APIUser } from 'discord.js';
import { rateLimitedMessage } from '../../src/engine/messages.js';
import { encodeButton } from '../../src/conversation/buttons.js';
import { MESSAGES } from '../../src/conversation/messages.js';
import { RateLimiter } from '../../src/rate-limit.js';
import {
  appMention,
  buttonClick,
  directMessage,
  signedForm,
  signedInteraction,
  signedJson,
  slashCommand,
  type RecordedCall as SlackCall,
  type SigningOptions,
} from '../fakes/slack/index.js';
import { autocompletePayload, buttonPayload, slashCommandPayload, user } from '../fakes/discord/payloads.js';
import { referencedMessage } from '../fakes/discord/fake-discord.js';
import { snowflake } from '../fakes/discord/snowflake.js';
import type { RecordedCall as DiscordCall } from '../fakes/discord/rest.js';
import { messageText, SIGNING_SECRET, startHttpHarness, type HttpHarness } from '../slack/harness.js';
import { callbackType, isEphemeral, messageBody, startHarness, type Harness } from '../discord/harness.js';

const BURST = 2;
/** With one question a minute and an empty bucket, the wait is a full minute. */
const NOTICE = rateLimitedMessage(60);
const QUESTION = 'What did Amazon invest?';

/** A limiter whose clock only moves when the test says so. */
function frozenLimiter(): { limiter: RateLimiter; advance(ms: number): void } {
  let now = 1_000_000;
  return { limiter: new RateLimiter({ burst: BURST, perMinute: 1 }, () => now), advance: (ms) => (now += ms) };
}

describe('GIVEN Slack (HTTP Events API) with a per-person limit of 2 then 1 a minute', () => {
  let h: HttpHarness;
  const clock = frozenLimiter();
  const signing: SigningOptions = { signingSecret: SIGNING_SECRET };

  beforeAll(async () => {
    h = await startHttpHarness({ limiter: clock.limiter });
  });
  afterAll(async () => {
    await h?.close();
  });

  const rateLines = (userId: string, decision: 'notify' | 'drop') =>
    h.logs.withEvt('rate_limited').filter((line) => String(line.user).endsWith(`:${userId}`) && line.decision === decision);

  async function waitForDrops(userId: string, count: number): Promise<void> {
    await h.logs.lines.waitFor(() => rateLines(userId, 'drop').length >= count, 5_000, `${count} dropped questions of ${userId}`).catch(() => undefined);
    expect(rateLines(userId, 'drop')).toHaveLength(count);
  }

  it('WHEN one person fires 6 mentions THEN 2 are answered, 1 ephemeral notice reaches only them, and nothing else is posted', async () => {
    const asker = 'U0FLOODER1';
    const channel = 'C0FLOOD01';
    const bodies = Array.from({ length: 6 }, () => appMention({ question: QUESTION, user: asker, channel }));
    for (const body of bodies) expect((await h.post(signedJson(body, signing))).status).toBe(200);

    await h.fake.calls.waitFor(() => h.fake.callsOf('chat.postMessage', (call) => call.args.channel === channel).length >= BURST, 5_000, 'two answers');
    const notice = await h.fake.waitForCall('chat.postEphemeral', (call) => call.args.channel === channel);
    await waitForDrops(asker, 6 - BURST - 1);

    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === channel)).toHaveLength(BURST);
    expect(h.fake.callsOf('chat.postEphemeral', (call) => call.args.channel === channel)).toHaveLength(1);
    expect(notice.args.user).toBe(asker);
    // A top-level mention: the notice goes to the channel, not into a thread under someone's message.
    expect(notice.args.thread_ts).toBeUndefined();
    expect(messageText(notice.args)).toContain(NOTICE);
    expect(h.fake.callsOf('response_url')).toHaveLength(0);
  });

  it('WHEN someone else mentions the bot in the same channel meanwhile THEN they are answered as usual', async () => {
    const body = appMention({ question: QUESTION, user: 'U0PATIENT1', channel: 'C0FLOOD01' });
    expect((await h.post(signedJson(body, signing))).status).toBe(200);
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    expect(messageText(reply.args)).toContain('$50 billion');
  });

  it('WHEN the limited person keeps going on /ask, in a DM and on a suggestion button THEN Slack gets only acks', async () => {
    const asker = 'U0FLOODER1';
    const before = h.fake.calls.entries.length;
    const command = await h.post(signedForm(slashCommand({ command: '/ask', text: QUESTION, user: asker, responseUrl: h.fake.newResponseUrl() }), signing));
    expect(command.status).toBe(200);
    expect(command.text).toBe('');
    const dm = directMessage({ text: QUESTION, user: asker, channel: 'D0FLOOD01' });
    expect((await h.post(signedJson(dm, signing))).status).toBe(200);
    const option = encodeButton({ kind: 'ask', reply: null, entry: 'amazon-investment' }, 2_000) ?? '';
    const click = await h.post(signedInteraction(buttonClick({ actionId: 'footnote.ask.0', value: option, user: asker, responseUrl: h.fake.newResponseUrl() }), signing));
    expect(click.status).toBe(200);
    await waitForDrops(asker, 6 - BURST - 1 + 3);
    expect(h.fake.calls.entries.slice(before)).toEqual([]);
  });

  it('WHEN the limited person clicks feedback THEN it is still recorded and thanked (feedback is not a question)', async () => {
    const responseUrl = h.fake.newResponseUrl();
    const value = JSON.stringify({ entry: 'amazon-investment', question: QUESTION });
    await h.post(signedInteraction(buttonClick({ actionId: 'footnote.feedback.helpful', value, user: 'U0FLOODER1', responseUrl }), signing));
    const thanks = await h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
    expect(messageText(thanks.args)).toContain(MESSAGES.feedbackThanks(true));
  });

  it('WHEN a minute passes THEN the person is answered again', async () => {
    clock.advance(60_000);
    const body = appMention({ question: QUESTION, user: 'U0FLOODER1', channel: 'C0FLOOD02' });
    await h.post(signedJson(body, signing));
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    expect(messageText(reply.args)).toContain('$50 billion');
  });

  it('WHEN one person floods /ask THEN 2 are answered for everyone, the 3rd is an ephemeral notice in the ack, later ones a bare ack', async () => {
    const asker = 'U0CMDFLOOD';
    const channel = 'C0CMDFLOOD';
    const responses: { status: number; text: string }[] = [];
    const urls: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const responseUrl = h.fake.newResponseUrl();
      urls.push(responseUrl);
      responses.push(await h.post(signedForm(slashCommand({ command: i % 2 === 0 ? '/ask' : '/timeline', text: i % 2 === 0 ? QUESTION : 'amazon', user: asker, channel, responseUrl }), signing)));
    }
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const isOurs = (call: SlackCall, index: number) => urls[index]?.endsWith(`/${call.responseId}`) === true;
    // The /ask answer is posted in the channel; the /timeline one goes through its response_url.
    const asked = await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel);
    expect(messageText(asked.args)).toContain(`<@${asker}> asked`);
    const timeline = await h.fake.waitForCall('response_url', (call) => isOurs(call, 1));
    expect(timeline.args.response_type).toBe('in_channel');

    expect(responses[2]?.text).not.toBe('');
    const notice = JSON.parse(responses[2]?.text ?? '{}') as Record<string, unknown>;
    expect(notice.response_type).toBe('ephemeral');
    expect(messageText(notice)).toContain(NOTICE);
    expect(responses[3]?.text).toBe('');
    expect(responses[4]?.text).toBe('');
    await waitForDrops(asker, 2);
    expect(h.fake.callsOf('response_url', (call) => [2, 3, 4].some((index) => isOurs(call, index)))).toEqual([]);
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === channel)).toHaveLength(1);
  });

  it('WHEN one person floods DMs THEN the one notice is ephemeral in the DM', async () => {
    const asker = 'U0DMFLOOD1';
    for (let i = 0; i < BURST + 2; i += 1) {
      await h.post(signedJson(directMessage({ text: QUESTION, user: asker, channel: 'D0DMFLOOD1' }), signing));
    }
    const notice = await h.fake.waitForCall('chat.postEphemeral', (call) => call.args.channel === 'D0DMFLOOD1');
    await waitForDrops(asker, 1);
    expect(notice.args.user).toBe(asker);
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'D0DMFLOOD1')).toHaveLength(BURST);
    expect(h.fake.callsOf('chat.postEphemeral', (call) => call.args.channel === 'D0DMFLOOD1')).toHaveLength(1);
  });

  it('WHEN Slack retries a mention (X-Slack-Retry-Num) THEN the retry costs no question', async () => {
    const asker = 'U0RETRIED1';
    const first = appMention({ question: QUESTION, user: asker, channel: 'C0RETRY01' });
    await h.post(signedJson(first, signing));
    await h.post(signedJson(first, { ...signing, retryNum: 1, retryReason: 'http_timeout' }));
    await h.post(signedJson(first, { ...signing, retryNum: 2, retryReason: 'http_timeout' }));
    const second = appMention({ question: QUESTION, user: asker, channel: 'C0RETRY01' });
    await h.post(signedJson(second, signing));
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === second.event.ts);
    expect(h.fake.callsOf('chat.postEphemeral', (call) => call.args.channel === 'C0RETRY01')).toEqual([]);
  });
});

describe('GIVEN Discord with a per-person limit of 2 then 1 a minute', () => {
  let h: Harness;
  const clock = frozenLimiter();
  const person = (name: string): APIUser => user({ id: snowflake(), username: name });

  beforeAll(async () => {
    h = await startHarness({ limiter: clock.limiter, logLevel: 'debug' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const mention = (from: APIUser, text = QUESTION) => h.fake.message({ content: `<@${h.fake.world.bot.id}> ${text}`, from });
  const repliesTo = (ids: string[]): DiscordCall[] =>
    h.fake.rest.calls.filter((call) => call.method === 'POST' && ids.includes(referencedMessage(call) ?? ''));

  it('WHEN one person fires 6 mentions THEN 2 are answered, 1 notice is posted, and nothing more', async () => {
    const flooder = person('flooder');
    const sent = Array.from({ length: 6 }, () => mention(flooder));
    // discord.js sends a channel's messages in order, so once a later mention by someone else is
    // answered, every reply the bot was going to send for the flood has been sent.
    await h.fake.waitForReplyTo(mention(person('bystander')));
    const replies = repliesTo(sent.map((message) => message.id));
    expect(replies).toHaveLength(BURST + 1);
    const [first, second, notice] = replies;
    for (const answer of [first, second]) expect(JSON.stringify(messageBody(answer as DiscordCall).embeds)).toContain('](https://');
    expect(messageBody(notice as DiscordCall).content).toBe(NOTICE);
    expect(messageBody(notice as DiscordCall).allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(referencedMessage(notice as DiscordCall)).toBe(sent[BURST]?.id);
    const drops = h.logs.filter((line) => line.evt === 'rate_limited' && line.user === `discord:${flooder.id}` && line.decision === 'drop');
    expect(drops).toHaveLength(6 - BURST - 1);
  });

  it('WHEN one person floods /ask, /timeline and suggestion buttons THEN 2 are answered and every later one gets the same ephemeral notice', async () => {
    const flooder = person('clicker');
    const world = h.fake.world;
    const sent = [
      h.fake.ask(QUESTION, flooder),
      h.fake.dispatchInteraction((ids) => slashCommandPayload(world, ids, 'timeline', { topic: 'amazon' }, flooder)),
      h.fake.ask(QUESTION, flooder),
      h.fake.dispatchInteraction((ids) => slashCommandPayload(world, ids, 'timeline', {}, flooder)),
      h.fake.dispatchInteraction((ids) => buttonPayload(world, ids, encodeButton({ kind: 'ask', reply: null, entry: 'amazon-investment' }, 100) ?? '', undefined, flooder)),
    ];
    const callbacks = await Promise.all(sent.map((interaction) => h.fake.waitForCallback(interaction)));
    expect(callbacks.map(callbackType)).toEqual(Array(5).fill(InteractionResponseType.ChannelMessageWithSource));
    expect(callbacks.slice(0, BURST).map(isEphemeral)).toEqual([false, false]);
    for (const refusal of callbacks.slice(BURST)) {
      expect(isEphemeral(refusal)).toBe(true);
      expect(messageBody(refusal).content).toBe(NOTICE);
      expect(messageBody(refusal).embeds).toEqual([]);
    }
  });

  it('WHEN the limited person clicks feedback or types in /ask THEN feedback is thanked and suggestions still appear', async () => {
    const flooder = person('feedbacker');
    for (let i = 0; i < BURST + 1; i += 1) await h.fake.waitForCallback(h.fake.ask(QUESTION, flooder));
    const world = h.fake.world;
    const feedback = await h.fake.waitForCallback(h.fake.dispatchInteraction((ids) => buttonPayload(world, ids, 'fb|up|amazon-investment', undefined, flooder)));
    expect(isEphemeral(feedback)).toBe(true);
    expect(String(messageBody(feedback).content)).toMatch(/^Thanks/);
    const suggestions = await h.fake.waitForCallback(h.fake.dispatchInteraction((ids) => autocompletePayload(world, ids, 'ama', flooder)));
    expect(callbackType(suggestions)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect((messageBody(suggestions).choices as unknown[]).length).toBeGreaterThan(0);
  });

  it('WHEN another person asks meanwhile THEN they are answered', async () => {
    const callback = await h.fake.waitForCallback(h.fake.ask(QUESTION, person('newcomer')));
    expect(isEphemeral(callback)).toBe(false);
    expect(JSON.stringify(messageBody(callback).embeds)).toContain('$50 billion');
  });

  it('WHEN one person floods DMs THEN one notice comes back in the DM and later DMs get nothing', async () => {
    const flooder = person('dmflooder');
    const sent = Array.from({ length: BURST + 3 }, () => h.fake.directMessage(QUESTION, flooder));
    const notice = await h.fake.waitForReplyTo(sent[BURST] as (typeof sent)[number]);
    expect(messageBody(notice).content).toBe(NOTICE);
    // DMs share one channel in the fake; a later DM by someone else is the barrier.
    await h.fake.waitForReplyTo(h.fake.directMessage(QUESTION, person('dmbystander')));
    expect(repliesTo(sent.map((message) => message.id))).toHaveLength(BURST + 1);
  });

  it('WHEN a minute passes THEN the person is answered again', async () => {
    const flooder = person('returning');
    for (let i = 0; i < BURST + 1; i += 1) await h.fake.waitForCallback(h.fake.ask(QUESTION, flooder));
    clock.advance(60_000);
    const callback = await h.fake.waitForCallback(h.fake.ask(QUESTION, flooder));
    expect(isEphemeral(callback)).toBe(false);
  });
});
