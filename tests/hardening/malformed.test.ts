// Malformed and unexpected platform payloads over the real protocols: signed requests into Bolt's
// HTTP receiver, and gateway dispatches into discord.js. Each one is ignored (and logged) or answered
// politely — never a crash, never an unhandled rejection, never a reply into nowhere — and a normal
// question right after it is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
} from 'discord.js';
import { MESSAGES as SLACK_MESSAGES } from '../../src/adapters/slack/messages.js';
import { MESSAGES as DISCORD_MESSAGES } from '../../src/adapters/discord/messages.js';
import { MESSAGES as SHARED_MESSAGES } from '../../src/conversation/messages.js';
import {
  appMention,
  buttonClick,
  directMessage,
  eventCallback,
  FAKE_APP_ID,
  FAKE_TEAM_ID,
  newTs,
  signedForm,
  signedInteraction,
  signedJson,
  slashCommand,
  type SentRequest,
  type SigningOptions,
} from '../fakes/slack/index.js';
import { buttonPayload, directMessagePayload, guildMessagePayload, slashCommandPayload } from '../fakes/discord/payloads.js';
import type { RecordedCall as DiscordCall } from '../fakes/discord/rest.js';
import { messageText, SIGNING_SECRET, startHttpHarness, type HttpHarness, type LogLine } from '../slack/harness.js';
import { callbackType, isEphemeral, messageBody, startHarness, type Harness } from '../discord/harness.js';

const QUESTION = 'What did Amazon invest?';
const AMAZON_SOURCE = 'https://openai.com/index/amazon-partnership/';

// Anything that escapes both adapters' boundaries lands here (and would end a production process).
const escaped: unknown[] = [];
const onEscape = (error: unknown): void => {
  escaped.push(error);
};
beforeAll(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterAll(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

/** Payload builders hand out typed objects; malformed ones need fields removed or retyped. */
type Loose = Record<string, unknown>;
const loose = (value: object): Loose => structuredClone(value) as Loose;
function without(record: Loose, path: string): Loose {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target = record;
  for (const key of keys) target = target[key] as Loose;
  delete target[last];
  return record;
}

describe('GIVEN Slack (HTTP Events API) receiving malformed and unexpected payloads', () => {
  let h: HttpHarness;
  const signing: SigningOptions = { signingSecret: SIGNING_SECRET };
  /** Sent first and checked last: Bolt cannot classify it and answers only after its 3 s timer. */
  let unclassifiable: Promise<SentRequest>;

  beforeAll(async () => {
    h = await startHttpHarness();
    unclassifiable = h.post(signedJson({ token: 'legacy', type: 'something_slack_has_not_invented', team_id: FAKE_TEAM_ID }, signing));
  });
  afterAll(async () => {
    await h?.close();
  });

  const json = (body: unknown) => h.post(signedJson(body, signing));
  const form = (fields: Record<string, string>) => h.post(signedForm(fields, signing));
  const interaction = (payload: unknown) => h.post(signedInteraction(payload, signing));
  const logged = (predicate: (line: LogLine) => boolean, what: string) => h.logs.waitFor(predicate, what);
  const callsSince = (index: number) => h.fake.calls.entries.slice(index).map((call) => call.method);

  /** A normal mention, answered with its source: the adapter is still serving after the payload. */
  async function stillAnswers(): Promise<void> {
    const body = appMention({ question: QUESTION, channel: 'C0HEALTHY1' });
    expect((await json(body)).status).toBe(200);
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    expect(messageText(reply.args)).toContain(AMAZON_SOURCE);
  }

  describe('WHEN an event lacks a field needed to answer', () => {
    it.each([
      ['app_mention', 'user', () => loose(appMention({ question: QUESTION, channel: 'C0MISSING1' }))],
      ['app_mention', 'channel', () => loose(appMention({ question: QUESTION, channel: 'C0MISSING1' }))],
      ['app_mention', 'ts', () => loose(appMention({ question: QUESTION, channel: 'C0MISSING1' }))],
      ['message.im', 'user', () => loose(directMessage({ text: QUESTION, channel: 'D0MISSING1' }))],
      ['message.im', 'channel', () => loose(directMessage({ text: QUESTION, channel: 'D0MISSING1' }))],
      ['message.im', 'ts', () => loose(directMessage({ text: QUESTION, channel: 'D0MISSING1' }))],
    ])('THEN an %s event without %s is logged and ignored', async (type, missing, build) => {
      const before = h.fake.calls.entries.length;
      const body = without(build(), `event.${missing}`);
      expect((await json(body)).status).toBe(200);
      const line = await logged((l) => l.evt === 'slack.event.malformed' && l.eventId === body.event_id, 'the malformed event to be logged');
      expect(line).toMatchObject({ type, missing: [missing] });
      await stillAnswers();
      expect(callsSince(before)).toEqual(['chat.postMessage']);
    });

    it.each([
      ['no text', (body: Loose) => without(body, 'event.text')],
      ['a number for text', (body: Loose) => ({ ...body, event: { ...(body.event as Loose), text: 42 } })],
      ['an object for text', (body: Loose) => ({ ...body, event: { ...(body.event as Loose), text: { evil: true } } })],
    ])('THEN a mention with %s gets the short help in its thread', async (_label, mangle) => {
      const body = mangle(loose(appMention({ question: QUESTION, channel: 'C0NOTEXT01' })));
      expect((await json(body)).status).toBe(200);
      const event = body.event as Loose;
      const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === event.ts);
      expect(messageText(reply.args)).toContain(h.engine.help().text.slice(0, 40));
      expect(messageText(reply.args)).not.toContain(SHARED_MESSAGES.somethingWentWrong);
    });
  });

  it.each([
    ['an unknown event type', () => eventCallback({ type: 'totally_new_event', user: 'U0ASKER01', channel: 'C0GENERAL', ts: newTs() })],
    ['an event with no type', () => eventCallback({ user: 'U0ASKER01', text: QUESTION, channel: 'C0GENERAL', ts: newTs() })],
    ['a reaction', () => eventCallback({ type: 'reaction_added', user: 'U0ASKER01', reaction: 'tada', item: { type: 'message', channel: 'C0GENERAL', ts: newTs() } })],
    ['a channel message (not a DM, no mention)', () => eventCallback({ type: 'message', channel_type: 'channel', user: 'U0ASKER01', text: QUESTION, channel: 'C0GENERAL', ts: newTs() })],
    ['a DM edit', () => directMessage({ text: QUESTION, extra: { subtype: 'message_changed', message: { text: QUESTION } } })],
    ['a DM deletion (no user, no text)', () => without(without(loose(directMessage({ text: '', extra: { subtype: 'message_deleted' } })), 'event.user'), 'event.text')],
    ['a DM file share', () => directMessage({ text: QUESTION, extra: { subtype: 'file_share' } })],
    ['a DM join notice', () => directMessage({ text: '<@U0ASKER01> has joined', extra: { subtype: 'channel_join' } })],
    ['a mention with a subtype', () => ({ ...appMention({ question: QUESTION }), event: { ...appMention({ question: QUESTION }).event, subtype: 'thread_broadcast' } })],
  ])('WHEN Slack delivers %s THEN it is acknowledged and nothing is posted', async (_label, build) => {
    const before = h.fake.calls.entries.length;
    expect((await json(build())).status).toBe(200);
    await stillAnswers();
    expect(callsSince(before)).toEqual(['chat.postMessage']);
  });

  it.each([
    ['null', null],
    ['a string', 'app_mention'],
  ])('WHEN an event_callback carries %s as its event THEN Bolt refuses it (500), logs it, and the next request is served', async (_label, event) => {
    const before = h.fake.calls.entries.length;
    const response = await json({ ...appMention({ question: QUESTION }), event });
    expect(response.status).toBe(500);
    await stillAnswers();
    expect(callsSince(before)).toEqual(['chat.postMessage']);
  });

  describe('WHEN a slash command is unexpected or incomplete', () => {
    it('THEN an unknown command gets an ephemeral "I don\'t know that" in the ack, naming the real ones', async () => {
      const before = h.fake.calls.entries.length;
      const fields = { ...slashCommand({ command: '/ask', text: QUESTION, responseUrl: h.fake.newResponseUrl() }), command: '/weather' };
      const response = await form(fields);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as Loose;
      expect(body.response_type).toBe('ephemeral');
      expect(messageText(body)).toContain(SLACK_MESSAGES.unknownCommand('/weather', ['/ask', '/timeline']));
      await logged((line) => line.evt === 'slack.command.unknown' && line.command === '/weather', 'the unknown command to be logged');
      await stillAnswers();
      expect(callsSince(before)).toEqual(['chat.postMessage']);
    });

    it('THEN /ask without a text field gets the usage hint, only for the asker', async () => {
      const responseUrl = h.fake.newResponseUrl();
      const fields = without(loose(slashCommand({ command: '/ask', text: '', responseUrl })), 'text') as Record<string, string>;
      expect((await form(fields)).status).toBe(200);
      const reply = await h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
      expect(reply.args.response_type).toBe('ephemeral');
      expect(messageText(reply.args)).toContain('/ask ');
      expect(messageText(reply.args)).not.toContain(SHARED_MESSAGES.somethingWentWrong);
    });

    it.each([
      ['/ask', 'user_id'],
      ['/ask', 'response_url'],
      ['/timeline', 'user_id'],
      ['/timeline', 'response_url'],
    ] as const)('THEN %s without %s is acknowledged, logged and not answered', async (command, missing) => {
      const before = h.fake.calls.entries.length;
      const fields = without(loose(slashCommand({ command, text: QUESTION, responseUrl: h.fake.newResponseUrl() })), missing) as Record<string, string>;
      const response = await form(fields);
      expect(response.status).toBe(200);
      expect(response.text).toBe('');
      await logged((line) => line.evt === 'slack.command.malformed' && line.command === command && JSON.stringify(line.missing) === JSON.stringify([missing]), 'the command to be logged');
      await stillAnswers();
      expect(callsSince(before)).toEqual(['chat.postMessage']);
    });
  });

  describe('WHEN a button click is for a button the bot never sent, or carries garbage', () => {
    const click = (actionId: unknown, value: unknown, responseUrl: string): Loose => {
      const payload = loose(buttonClick({ actionId: 'placeholder', value: 'placeholder', responseUrl }));
      payload.actions = [{ type: 'button', block_id: 'b1', action_ts: '1.2', text: { type: 'plain_text', text: 'x' }, action_id: actionId, value }];
      return payload;
    };

    it.each([
      ['an action_id from another app', 'someone.elses.button', 'x'],
      ['a numeric action_id', 1234, 'x'],
      ['an object action_id', { id: 'footnote.ask.0' }, QUESTION],
      ['a suggestion with an empty value', 'footnote.ask.0', ''],
      ['a suggestion with no value', 'footnote.ask.1', undefined],
      ['a suggestion with an object value', 'footnote.ask.2', { question: QUESTION }],
      ['feedback whose value is not ours', 'footnote.feedback.helpful', 'not json at all'],
      ['feedback with the wrong JSON', 'footnote.feedback.not_helpful', '{"entry":7}'],
    ])('THEN %s is acknowledged and the clicker alone hears the button no longer works', async (_label, actionId, value) => {
      const responseUrl = h.fake.newResponseUrl();
      const response = await interaction(click(actionId, value, responseUrl));
      // 200 means acknowledged in time: Bolt answers 404 after 3 s for a click nobody acked.
      expect(response.status).toBe(200);
      const reply = await h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
      expect(reply.args.response_type).toBe('ephemeral');
      expect(reply.args.replace_original).toBe(false);
      expect(messageText(reply.args)).toContain(SHARED_MESSAGES.buttonGone);
    });

    it('THEN a link button click is acknowledged and nothing is said', async () => {
      const responseUrl = h.fake.newResponseUrl();
      const payload = click('some.link', undefined, responseUrl);
      (payload.actions as Loose[])[0] = { ...(payload.actions as Loose[])[0], url: 'https://example.com/' };
      const before = h.fake.calls.entries.length;
      expect((await interaction(payload)).status).toBe(200);
      await logged((line) => line.evt === 'slack.interaction.link' && line.actionId === 'some.link', 'the link click to be seen');
      await stillAnswers();
      expect(callsSince(before)).toEqual(['chat.postMessage']);
    });

    it('THEN a click without a response_url is acknowledged and logged', async () => {
      const payload = without(click('footnote.ask.0', QUESTION, h.fake.newResponseUrl()), 'response_url');
      expect((await interaction(payload)).status).toBe(200);
      await logged((line) => line.evt === 'slack.interaction.malformed' && JSON.stringify(line.missing) === '["response_url"]', 'the click to be logged');
      await stillAnswers();
    });
  });

  describe('WHEN an interaction of a kind the bot never asks for arrives', () => {
    const user = { id: 'U0ASKER01', username: 'asker', name: 'asker', team_id: FAKE_TEAM_ID };
    const common = { api_app_id: FAKE_APP_ID, token: 'legacy', team: { id: FAKE_TEAM_ID, domain: 'fake-team' }, user, is_enterprise_install: false, enterprise: null };
    const view = { id: 'V0NOTOURS1', type: 'modal', callback_id: 'not-ours', state: { values: {} }, team_id: FAKE_TEAM_ID, app_id: FAKE_APP_ID, hash: 'h', private_metadata: '' };

    it.each([
      ['a modal submission', { ...common, type: 'view_submission', trigger_id: '1.t', view }, ''],
      ['a modal closed', { ...common, type: 'view_closed', view, is_cleared: false }, ''],
      ['a global shortcut', { ...common, type: 'shortcut', callback_id: 'not-ours', trigger_id: '1.t', action_ts: '1.2' }, ''],
      ['a message shortcut', { ...common, type: 'message_action', callback_id: 'not-ours', trigger_id: '1.t', action_ts: '1.2', channel: { id: 'C0GENERAL', name: 'general' }, message: { type: 'message', ts: newTs(), text: 'x' }, response_url: 'http://127.0.0.1:9/never' }, ''],
      ['a menu options request', { ...common, type: 'block_suggestion', action_id: 'not-ours', block_id: 'b1', value: 'ama', container: { type: 'message' } }, '{"options":[]}'],
    ])('THEN %s is acknowledged at once and logged', async (label, payload, ackBody) => {
      const before = h.fake.calls.entries.length;
      const response = await interaction(payload);
      expect(response.status, label).toBe(200);
      expect(response.text).toBe(ackBody);
      await logged((line) => line.evt === 'slack.interaction.unexpected' && line.type === payload.type, `the ${payload.type} to be logged`);
      await stillAnswers();
      expect(callsSince(before)).toEqual(['chat.postMessage']);
    });
  });

  it('THEN a body Bolt cannot classify gets 404 after its 3 s timer, and was never a danger to the process', async () => {
    const response = await unclassifiable;
    expect(response.status).toBe(404);
    await stillAnswers();
  });

  it('THEN nothing escaped as an unhandled rejection and the adapter is still ready', () => {
    expect(escaped).toEqual([]);
    expect(h.adapter.isReady()).toBe(true);
    // Listener failures would have apologised to someone; none of the payloads above is a failure.
    expect(h.logs.withEvt('reply.failed')).toEqual([]);
    expect(h.logs.withEvt('answer.failed')).toEqual([]);
    expect(h.logs.withEvt('slack.app.error')).toEqual([]);
  });
});

describe('GIVEN Discord receiving malformed and unexpected gateway dispatches', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Dispatch an INTERACTION_CREATE built from fresh ids the REST fake will accept a callback for. */
  function dispatch(build: (ids: { id: string; token: string }) => unknown): { id: string; token: string } {
    return h.fake.dispatchInteraction(build);
  }
  const askPayload = (ids: { id: string; token: string }): Loose => loose(slashCommandPayload(h.fake.world, ids, 'ask', { question: QUESTION }));
  const buttonOn = (ids: { id: string; token: string }, customId: string): Loose => loose(buttonPayload(h.fake.world, ids, customId));

  async function stillAnswers(): Promise<void> {
    const callback = await h.fake.waitForCallback(h.fake.ask(QUESTION));
    expect(JSON.stringify(messageBody(callback).embeds)).toContain(AMAZON_SOURCE);
  }

  async function ephemeralReplyTo(interaction: { id: string }): Promise<DiscordCall> {
    const callback = await h.fake.waitForCallback(interaction);
    expect(callbackType(callback)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(callback)).toBe(true);
    expect(messageBody(callback).allowed_mentions).toEqual({ parse: [], replied_user: false });
    return callback;
  }

  describe('WHEN an INTERACTION_CREATE is too broken for discord.js to build', () => {
    it.each([
      ['no data', (ids: { id: string; token: string }) => without(askPayload(ids), 'data')],
      ['neither user nor member', (ids: { id: string; token: string }) => without(without(askPayload(ids), 'member'), 'user')],
      ['options that are not a list', (ids: { id: string; token: string }) => ({ ...askPayload(ids), data: { ...(askPayload(ids).data as Loose), options: 'question' } })],
      ['a button with no message', (ids: { id: string; token: string }) => without(buttonOn(ids, 'fb|up|amazon-investment'), 'message')],
      ['null', () => null],
    ])('THEN one with %s is logged and skipped, and the bot keeps answering', async (_label, build) => {
      const from = h.logs.size;
      const sent = dispatch(build);
      await h.logs.waitFor((line) => line.msg === 'discord.malformed_dispatch_ignored' && line.event === 'INTERACTION_CREATE', { from });
      await stillAnswers();
      expect(h.fake.rest.calls.filter((call) => call.path.startsWith(`/interactions/${sent.id}/`))).toEqual([]);
    });
  });

  describe('WHEN /ask arrives without a usable question', () => {
    it.each([
      ['no options at all', (payload: Loose) => without(payload, 'data.options')],
      ['an empty question', (payload: Loose) => ({ ...payload, data: { ...(payload.data as Loose), options: [{ name: 'question', type: ApplicationCommandOptionType.String, value: '   ' }] } })],
      ['the question as an integer option', (payload: Loose) => ({ ...payload, data: { ...(payload.data as Loose), options: [{ name: 'question', type: ApplicationCommandOptionType.Integer, value: 42 }] } })],
      ['a string option holding a number', (payload: Loose) => ({ ...payload, data: { ...(payload.data as Loose), options: [{ name: 'question', type: ApplicationCommandOptionType.String, value: 42 }] } })],
      ['only an option it does not have', (payload: Loose) => ({ ...payload, data: { ...(payload.data as Loose), options: [{ name: 'topic', type: ApplicationCommandOptionType.String, value: 'amazon' }] } })],
    ])('THEN one with %s gets an ephemeral usage hint with an example', async (_label, mangle) => {
      const callback = await ephemeralReplyTo(dispatch((ids) => mangle(askPayload(ids))));
      const content = String(messageBody(callback).content);
      expect(content).toMatch(/^Type your question in the `question` option, for example: \/ask \S/);
      expect(content).not.toContain(SHARED_MESSAGES.somethingWentWrong);
    });
  });

  it('WHEN /timeline gets an option of the wrong type THEN that option is ignored and the timeline is answered', async () => {
    const callback = await h.fake.waitForCallback(
      dispatch((ids) => {
        const payload = loose(slashCommandPayload(h.fake.world, ids, 'timeline', {}));
        (payload.data as Loose).options = [{ name: 'from', type: ApplicationCommandOptionType.Boolean, value: true }];
        return payload;
      }),
    );
    expect(isEphemeral(callback)).toBe(false);
    expect(JSON.stringify(messageBody(callback).embeds)).toContain('Timeline');
  });

  it.each([
    ['an unknown slash command', (ids: { id: string; token: string }) => ({ ...askPayload(ids), data: { ...(askPayload(ids).data as Loose), name: 'weather' } }), DISCORD_MESSAGES.unknownCommand],
    [
      'a user context-menu command',
      (ids: { id: string; token: string }) => ({
        ...askPayload(ids),
        data: { id: '1', name: 'Profile', type: ApplicationCommandType.User, target_id: h.fake.world.human.id, resolved: { users: { [h.fake.world.human.id]: h.fake.world.human } } },
      }),
      DISCORD_MESSAGES.unknownCommand,
    ],
    ['a button this version never made', (ids: { id: string; token: string }) => buttonOn(ids, 'v0-legacy-button'), SHARED_MESSAGES.buttonGone],
    ['an ask button with no question', (ids: { id: string; token: string }) => buttonOn(ids, 'ask|amazon-investment|'), SHARED_MESSAGES.buttonGone],
    ['a feedback button with extra parts', (ids: { id: string; token: string }) => buttonOn(ids, 'fb|up|a|b'), SHARED_MESSAGES.buttonGone],
    [
      'a select menu',
      (ids: { id: string; token: string }) => ({ ...buttonOn(ids, 'x'), data: { custom_id: 'pick', component_type: ComponentType.StringSelect, values: ['a'] } }),
      DISCORD_MESSAGES.unsupportedInteraction,
    ],
    [
      'a modal submission',
      (ids: { id: string; token: string }) => ({ ...without(buttonOn(ids, 'x'), 'message'), type: InteractionType.ModalSubmit, data: { custom_id: 'form', components: [] } }),
      DISCORD_MESSAGES.unsupportedInteraction,
    ],
  ])('WHEN %s arrives THEN the person gets an ephemeral explanation', async (_label, build, expected) => {
    const callback = await ephemeralReplyTo(dispatch(build));
    expect(messageBody(callback).content).toBe(expected);
  });

  describe('WHEN a MESSAGE_CREATE lacks what answering needs', () => {
    const mention = (): Loose => loose(guildMessagePayload(h.fake.world, { content: `<@${h.fake.world.bot.id}> ${QUESTION}` }));
    it.each([
      ['no author', () => without(without(mention(), 'author'), 'member')],
      ['no content', () => without(mention(), 'content')],
      ['a number for content', (): Loose => ({ ...mention(), content: 42 })],
      ['no channel id', () => without(mention(), 'channel_id')],
      ['a DM with no content', () => without(loose(directMessagePayload(h.fake.world, { content: QUESTION })), 'content')],
    ])('THEN one with %s is logged and not answered', async (_label, build) => {
      const from = h.logs.size;
      const before = h.fake.rest.calls.size;
      const payload = build();
      h.fake.gateway.dispatch('MESSAGE_CREATE', payload);
      await h.logs.waitFor((line) => line.msg === 'discord.malformed_message_ignored' && line.message === payload.id, { from });
      await stillAnswers();
      expect(h.fake.rest.calls.filter((call) => call.path.includes('/messages'), before)).toEqual([]);
    });

    it('THEN a null MESSAGE_CREATE is logged and skipped', async () => {
      const from = h.logs.size;
      h.fake.gateway.dispatch('MESSAGE_CREATE', null);
      await h.logs.waitFor((line) => line.msg === 'discord.malformed_dispatch_ignored' && line.event === 'MESSAGE_CREATE', { from });
      await stillAnswers();
    });

    it('THEN a mention with an empty content gets the short help', async () => {
      const payload = guildMessagePayload(h.fake.world, { content: `<@${h.fake.world.bot.id}>` });
      h.fake.gateway.dispatch('MESSAGE_CREATE', payload);
      const reply = await h.fake.waitForReplyTo({ id: payload.id, channelId: payload.channel_id });
      expect(JSON.stringify(messageBody(reply).embeds)).toContain(h.engine.help().text.slice(0, 30));
    });
  });

  it('THEN nothing escaped as an unhandled rejection, nothing failed, and the bot is still ready', async () => {
    expect(escaped).toEqual([]);
    expect(h.bot.isReady()).toBe(true);
    expect(h.logs.filter((line) => line.level >= 50)).toEqual([]);
    await stillAnswers();
  });
});
