// The real discord.js client, started by startDiscord, against the loopback fake Discord: every
// assertion is about what the bot sent over REST in answer to what the gateway dispatched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, InteractionResponseType } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { botMessage, guildMessagePayload, slashCommandPayload, newInteractionIds } from '../fakes/discord/payloads.js';
import { isCallbackFor, referencedMessage } from '../fakes/discord/fake-discord.js';
import { createdMessageId, type RecordedCall } from '../fakes/discord/rest.js';
import { decodeButton } from '../../src/conversation/buttons.js';
import {
  callbackType,
  customIdsOf,
  embedsOf,
  hasLiveMention,
  isEphemeral,
  messageBody,
  startHarness,
  visibleText,
  type Harness,
} from './harness.js';

const AMAZON_SOURCE = 'https://openai.com/index/amazon-partnership/';
const MINIMAL_INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;

let h: Harness;

beforeAll(async () => {
  // A short heartbeat interval so heartbeats and their acks happen within a test's lifetime.
  h = await startHarness({ fake: { heartbeatIntervalMs: 250 } });
});

afterAll(async () => {
  await h?.stop();
});

function expectSilentMentions(call: RecordedCall): void {
  const allowed = messageBody(call).allowed_mentions;
  expect(allowed).toEqual({ parse: [], replied_user: false });
}

/**
 * discord.js queues message creates per channel in call order, and the bot makes its calls in the
 * order events arrive. So once a later mention in the same channel has its reply, anything the bot
 * was going to send for earlier messages there has been sent. This lets a test assert that nothing
 * was sent without sleeping.
 */
async function channelBarrier(): Promise<void> {
  await h.fake.waitForReplyTo(h.fake.mention('what is stargate?'));
}

describe('GIVEN the bot starts against the fake gateway', () => {
  it('THEN login fetches /gateway/bot once and IDENTIFYs with only Guilds, GuildMessages and DirectMessages', async () => {
    expect(h.bot.isReady()).toBe(true);
    const gatewayCalls = h.fake.rest.calls.filter((call) => call.path === '/gateway/bot');
    expect(gatewayCalls).toHaveLength(1);
    expect(gatewayCalls[0]?.authorization).toBe('bot-token');
    expect(h.fake.rest.calls.entries[0]?.path).toBe('/gateway/bot');

    const connection = h.fake.gateway.connections.entries[0];
    expect(connection?.query).toEqual({ v: '10', encoding: 'json' });
    const identify = h.fake.gateway.identifies.entries[0];
    expect(identify?.tokenMatches).toBe(true);
    expect(identify?.intents).toBe(MINIMAL_INTENTS);
    expect((identify?.intents ?? 0) & GatewayIntentBits.MessageContent).toBe(0);
  });

  it('THEN heartbeats are acknowledged and the connection is kept (no zombie reconnect)', async () => {
    await h.fake.gateway.heartbeats.waitForCount((beat) => beat.connection === 1, 3, { timeoutMs: 3_000 });
    expect(h.fake.gateway.connections.size).toBe(1);
    expect(h.fake.gateway.closes.size).toBe(0);
  });
});

describe('GIVEN /ask', () => {
  it('THEN it replies directly (callback type 4) with the answer, the matched question and the source link', async () => {
    const sent = h.fake.ask('what did Amazon invest?');
    const callback = await h.fake.waitForCallback(sent);

    expect(callbackType(callback)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback)).toBe(false);
    expectSilentMentions(callback);
    const [embed] = embedsOf(callback);
    expect(embed?.description).toContain('$50 billion');
    expect(embed?.title).toBe('How much is Amazon investing in OpenAI?');
    expect(embed?.fields?.[0]?.value).toContain(`](${AMAZON_SOURCE})`);
    const actions = customIdsOf(callback).map(decodeButton);
    expect(actions.filter((action) => action?.kind === 'feedback').map((action) => action?.kind === 'feedback' && action.helpful)).toEqual([true, false]);
  });

  it('WHEN the question carries @everyone, @here and user/role mentions THEN nothing can ping', async () => {
    const callback = await h.fake.waitForCallback(h.fake.ask('@everyone @here <@123456789012345678> <@&123456789012345678> what did Amazon invest?'));
    expectSilentMentions(callback);
    expect(visibleText(callback)).toContain('everyone');
    expect(hasLiveMention(visibleText(callback))).toBe(false);
  });

  it('WHEN the same INTERACTION_CREATE arrives twice THEN it is answered once', async () => {
    const ids = newInteractionIds();
    h.fake.rest.expectInteraction(ids.id, ids.token);
    const payload = slashCommandPayload(h.fake.world, ids, 'ask', { question: 'what is stargate?' });
    const logsBefore = h.logs.size;
    h.fake.gateway.dispatch('INTERACTION_CREATE', payload);
    h.fake.gateway.dispatch('INTERACTION_CREATE', payload);
    await h.fake.waitForCallback(ids);
    // The second copy is only "done" once the bot has decided to drop it; the log line says so.
    await h.logs.waitFor((line) => line.evt === 'delivery.duplicate' && JSON.stringify(line.keys).includes(ids.id), { from: logsBefore });
    expect(h.fake.rest.calls.filter((call) => isCallbackFor(call, ids.id))).toHaveLength(1);
  });
});

describe('GIVEN /ask autocomplete', () => {
  it.each([
    ['a partial question', 'ama'],
    ['empty input', ''],
    ['odd input', '\u0000<@&1>||`%s%n💥'.repeat(40)],
  ])('WHEN %s THEN it answers with at most 25 choices, names ≤ 100 characters', async (_label, partial) => {
    const callback = await h.fake.waitForCallback(h.fake.autocomplete(partial));
    expect(callbackType(callback)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = messageBody(callback).choices;
    expect(Array.isArray(choices)).toBe(true);
    const list = choices as { name: string; value: string }[];
    expect(list.length).toBeLessThanOrEqual(25);
    for (const choice of list) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
    if (partial === 'ama') expect(list.map((choice) => choice.value)).toContain('How much is Amazon investing in OpenAI?');
  });
});

describe('GIVEN /timeline', () => {
  it('WHEN asked for everything THEN the embed lists dated events with their source links within embed limits', async () => {
    const callback = await h.fake.waitForCallback(h.fake.timeline());
    expect(callbackType(callback)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expectSilentMentions(callback);
    const [embed] = embedsOf(callback);
    expect(embed?.title).toBe('Timeline');
    expect(embed?.description).toContain('**21 Jan 2025**');
    expect(embed?.description).toContain('(https://openai.com/index/announcing-the-stargate-project/)');
    expect(embed?.description?.length ?? 0).toBeLessThanOrEqual(4096);
  });

  it('WHEN given a topic and range THEN only that chronology comes back', async () => {
    const callback = await h.fake.waitForCallback(h.fake.timeline({ topic: 'amazon', from: '2026', to: '2026-12' }));
    const [embed] = embedsOf(callback);
    expect(embed?.title).toMatch(/^Timeline: /);
    expect(embed?.description).toContain(AMAZON_SOURCE);
    expect(embed?.description).not.toContain('21 Jan 2025');
  });

  it('WHEN the topic is unknown THEN the person gets an ephemeral explanation with an example', async () => {
    const callback = await h.fake.waitForCallback(h.fake.timeline({ topic: 'no-such-topic' }));
    expect(isEphemeral(callback)).toBe(true);
    expect(messageBody(callback).content).toMatch(/no-such-topic[\s\S]*For example: `\/timeline topic:/);
    expectSilentMentions(callback);
  });
});

describe('GIVEN buttons', () => {
  it('WHEN a clarify suggestion is clicked THEN the entry it carries is answered with its sources', async () => {
    const clarify = await h.fake.waitForCallback(h.fake.ask('how much'));
    const options = customIdsOf(clarify).filter((id) => decodeButton(id)?.kind === 'ask');
    expect(options.length).toBeGreaterThan(0);
    const amazon = options.find((id) => id.endsWith('|amazon-investment')) ?? options[0] ?? '';
    const action = decodeButton(amazon);

    const answer = await h.fake.waitForCallback(h.fake.clickButton(amazon, messageFrom(clarify)));
    expect(callbackType(answer)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expectSilentMentions(answer);
    expect(embedsOf(answer)[0]?.fields?.[0]?.value).toMatch(/\]\(https:\/\//);
    expect(embedsOf(answer)[0]?.title).toBe(h.engine.answerEntry(action?.kind === 'ask' ? action.entry : '').matchedQuestion);
  });

  it('WHEN feedback is clicked THEN it is acknowledged ephemerally and logged with the entry and the question its reply answered', async () => {
    const answer = await h.fake.waitForCallback(h.fake.ask('what did Amazon invest?'));
    const notHelpful = customIdsOf(answer).find((id) => { const action = decodeButton(id); return action?.kind === 'feedback' && !action.helpful; });
    const from = h.logs.size;
    const ack = await h.fake.waitForCallback(h.fake.clickButton(notHelpful ?? '', messageFrom(answer)));
    expect(isEphemeral(ack)).toBe(true);
    expectSilentMentions(ack);
    const line = await h.logs.waitFor((entry) => entry.evt === 'feedback', { from });
    expect(line).toMatchObject({
      platform: 'discord',
      entry: 'amazon-investment',
      verdict: 'not_helpful',
      question: 'what did Amazon invest?',
      matchedQuestion: 'How much is Amazon investing in OpenAI?',
    });
  });
});

describe('GIVEN a reply to the bot\'s answer (a follow-up)', () => {
  it('WHEN someone replies "and microsoft?" to a mention\'s answer THEN it is answered in context, saying what it was taken as', async () => {
    const answer = await h.fake.waitForReplyTo(h.fake.mention('what did Amazon invest?'));
    const answerId = createdMessageId(answer);
    expect(answerId).toBeDefined();
    const followUp = h.fake.replyTo(answerId ?? '', 'and microsoft?');
    const reply = await h.fake.waitForReplyTo(followUp);
    expect(embedsOf(reply)[0]?.author?.name).toBe('Taking that as: “What did Microsoft invest?”');
    expect(visibleText(reply)).toMatch(/does not say .*Microsoft/);
    expectSilentMentions(reply);
  });

  it('WHEN someone replies "when was that?" to an /ask answer THEN it follows that answer, and a reply to the follow-up follows on', async () => {
    const answer = await h.fake.waitForCallback(h.fake.ask('what did Amazon invest?'));
    const when = await h.fake.waitForReplyTo(h.fake.replyTo(createdMessageId(answer) ?? '', 'when was that?'));
    expect(embedsOf(when)[0]?.author?.name).toMatch(/^Taking that as: “When /);
    expect(visibleText(when)).toContain('27 Feb 2026');
    const source = await h.fake.waitForReplyTo(h.fake.replyTo(createdMessageId(when) ?? '', 'source?'));
    expect(embedsOf(source)[0]?.author?.name).toMatch(/^Taking that as: /);
    expect(embedsOf(source)[0]?.fields?.[0]?.value).toMatch(/\]\(https:\/\//);
  });

  it('WHEN the same words are a reply to someone else\'s message THEN there is nothing to follow, and the reply says so', async () => {
    const human = h.fake.mention('hello there', { from: h.fake.world.human });
    await h.fake.waitForReplyTo(human);
    const reply = await h.fake.waitForReplyTo(h.fake.replyTo(human.id, 'when was that?'));
    expect(embedsOf(reply)[0]?.author).toBeUndefined();
    expect(visibleText(reply)).toContain('there is no earlier question here');
  });
});

describe('GIVEN messages', () => {
  it('WHEN the bot is mentioned in a channel THEN it replies to that message, mention stripped, pinging nobody', async () => {
    const sent = h.fake.mention('what did Amazon invest? @everyone');
    const reply = await h.fake.waitForReplyTo(sent);
    expect(reply.authorization).toBe('bot-token');
    expect(referencedMessage(reply)).toBe(sent.id);
    expectSilentMentions(reply);
    expect(embedsOf(reply)[0]?.fields?.[0]?.value).toContain(AMAZON_SOURCE);
    expect(embedsOf(reply)[0]?.footer?.text).toMatch(/^Asked: what did Amazon invest\?/);
    expect(hasLiveMention(visibleText(reply))).toBe(false);
  });

  it('WHEN the bot is mentioned in a thread THEN the reply goes to the thread', async () => {
    const sent = h.fake.mention('what is stargate?', { inThread: true });
    expect(sent.channelId).toBe(h.fake.world.threadId);
    const reply = await h.fake.waitForReplyTo(sent);
    expect(visibleText(reply)).toContain('Stargate');
  });

  it('WHEN someone DMs the bot THEN it answers in the DM', async () => {
    const sent = h.fake.directMessage('what did Amazon invest?');
    const reply = await h.fake.waitForReplyTo(sent);
    expect(reply.path).toBe(`/channels/${h.fake.world.dmChannelId}/messages`);
    expect(visibleText(reply)).toContain(AMAZON_SOURCE);
    expectSilentMentions(reply);
  });

  it('WHEN a bot, the bot itself or an unmentioning message speaks THEN nothing is sent', async () => {
    const before = h.fake.rest.calls.size;
    const ignored = [
      h.fake.mention('what did Amazon invest?', { from: h.fake.world.otherBot }),
      h.fake.mention('what did Amazon invest?', { from: h.fake.world.bot }),
      h.fake.message({ content: '@everyone what did Amazon invest?', mentionBot: false, mentionEveryone: true }),
    ];
    await channelBarrier();
    const repliedTo = h.fake.rest.calls.filter((call) => call.path.endsWith('/messages'), before).map(referencedMessage);
    expect(repliedTo).toHaveLength(1);
    expect(repliedTo.filter((id) => ignored.some((message) => message.id === id))).toEqual([]);
  });
});

describe('GIVEN Discord delivers something twice or from a non-person', () => {
  it('WHEN the same MESSAGE_CREATE arrives twice THEN it is replied to once', async () => {
    const payload = guildMessagePayload(h.fake.world, { content: `<@${h.fake.world.bot.id}> what did Amazon invest?` });
    h.fake.gateway.dispatch('MESSAGE_CREATE', payload);
    h.fake.gateway.dispatch('MESSAGE_CREATE', payload);
    await h.fake.waitForReplyTo({ id: payload.id, channelId: payload.channel_id });
    await channelBarrier();
    expect(h.fake.rest.calls.filter((call) => call.method === 'POST' && referencedMessage(call) === payload.id)).toHaveLength(1);
  });

  it('WHEN a webhook or a system message mentions the bot THEN nothing is sent', async () => {
    const mention = `<@${h.fake.world.bot.id}> what did Amazon invest?`;
    const webhook = { ...guildMessagePayload(h.fake.world, { content: mention }), webhook_id: '123456789012345678' };
    // Type 7 is a member-join notice; Discord marks system messages by type, not by author.
    const system = { ...guildMessagePayload(h.fake.world, { content: mention }), type: 7 };
    h.fake.gateway.dispatch('MESSAGE_CREATE', webhook);
    h.fake.gateway.dispatch('MESSAGE_CREATE', system);
    await channelBarrier();
    const repliedTo = h.fake.rest.calls.filter((call) => call.method === 'POST').map(referencedMessage);
    expect(repliedTo).not.toContain(webhook.id);
    expect(repliedTo).not.toContain(system.id);
  });
});

/** The bot's reply as Discord would attach it to a later button interaction on it. */
function messageFrom(callback: RecordedCall): APIMessage {
  const body = messageBody(callback);
  return botMessage(h.fake.world, {
    embeds: (body.embeds ?? []) as NonNullable<APIMessage['embeds']>,
    components: (body.components ?? []) as NonNullable<APIMessage['components']>,
  });
}
