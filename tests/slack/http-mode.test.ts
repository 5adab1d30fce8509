// The Slack adapter over the HTTP Events API: real Bolt behind startSlack, the real engine and
// knowledge, signed requests in, and assertions on what reaches the fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeButton } from '../../src/conversation/buttons.js';
import { MESSAGES } from '../../src/conversation/messages.js';
import {
  appMention,
  buttonClick,
  directMessage,
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  signedForm,
  signedInteraction,
  signedJson,
  slashCommand,
  urlVerification,
  type RecordedCall,
  type SigningOptions,
} from '../fakes/slack/index.js';
import { BOT_TOKEN, buttons, linkedUrls, messageText, SIGNING_SECRET, startHttpHarness, type HttpHarness } from './harness.js';

const AMAZON_SOURCE = 'https://openai.com/index/amazon-partnership/';

describe('GIVEN footnote running on the Slack HTTP Events API', () => {
  let h: HttpHarness;
  const signing = (extra: Partial<SigningOptions> = {}): SigningOptions => ({ signingSecret: SIGNING_SECRET, ...extra });

  beforeAll(async () => {
    h = await startHttpHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function mention(question: string, threadTs?: string): Promise<{ ts: string; reply: RecordedCall }> {
    const body = appMention({ question, ...(threadTs !== undefined ? { threadTs } : {}) });
    const before = h.fake.calls.entries.length;
    const response = await h.post(signedJson(body, signing()));
    expect(response.status).toBe(200);
    const ts = String(body.event.ts);
    const expectedThread = threadTs ?? ts;
    // The reply to this mention: in its thread, and posted after it (a thread may hold earlier answers).
    const reply = await h.fake.waitForCall(
      'chat.postMessage',
      (call) => call.args.thread_ts === expectedThread && call.args.channel === body.event.channel && h.fake.calls.entries.indexOf(call) >= before,
    );
    return { ts, reply };
  }

  async function command(name: '/ask' | '/timeline', text: string): Promise<RecordedCall> {
    const responseUrl = h.fake.newResponseUrl();
    const response = await h.post(signedForm(slashCommand({ command: name, text, responseUrl }), signing()));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    return h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
  }

  let channels = 0;
  /** `/ask` in a channel of its own (the bot is a member): the answer is posted there with chat.postMessage. */
  async function askInChannel(text: string): Promise<RecordedCall> {
    channels += 1;
    const channel = `C0ASK${String(channels).padStart(5, '0')}`;
    const response = await h.post(signedForm(slashCommand({ command: '/ask', text, channel, responseUrl: h.fake.newResponseUrl() }), signing()));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    return h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === channel);
  }

  async function click(actionId: string, value: string): Promise<RecordedCall> {
    const responseUrl = h.fake.newResponseUrl();
    const response = await h.post(signedInteraction(buttonClick({ actionId, value, responseUrl }), signing()));
    expect(response.status).toBe(200);
    return h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
  }

  it('THEN it is ready and answers url_verification with the challenge', async () => {
    expect(h.adapter.isReady()).toBe(true);
    expect(h.adapter.name).toBe('slack-http');
    const response = await h.post(signedJson(urlVerification('challenge-7f3a'), signing()));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ challenge: 'challenge-7f3a' });
  });

  it('THEN routes handed to it (health checks) are served on the same port, unsigned', async () => {
    const response = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  });

  it('WHEN someone mentions the bot with a question THEN the cited answer goes into a thread under it', async () => {
    const { ts, reply } = await mention('What did Amazon invest?');
    expect(reply.args.thread_ts).toBe(ts);
    expect(reply.token).toBe(BOT_TOKEN);
    expect(messageText(reply.args)).toContain('$50 billion');
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
    // The plain fallback (notifications, block-less clients) carries the link as well.
    expect(String(reply.args.text)).toContain(AMAZON_SOURCE);
  });

  it('WHEN the mention is inside a thread THEN the answer stays in that thread', async () => {
    const { reply } = await mention('How much is Amazon investing in OpenAI?', '1700000000.000100');
    expect(reply.args.thread_ts).toBe('1700000000.000100');
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
  });

  it('WHEN the bot is mentioned with no question THEN it replies with the short help', async () => {
    const { reply } = await mention('');
    expect(messageText(reply.args)).toContain(h.engine.help().text.slice(0, 40));
    expect(buttons(reply.args).length).toBeGreaterThan(0);
  });

  it('WHEN someone DMs the bot THEN the answer comes back in the DM, not in a thread', async () => {
    const body = directMessage({ text: 'What did Amazon invest?', channel: 'D0DMTEST01' });
    expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'D0DMTEST01');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
  });

  it('WHEN a bot posts or a message is edited in a DM THEN nothing is answered', async () => {
    const fromBot = directMessage({ text: 'What did Amazon invest?', channel: 'D0DMBOTS01', extra: { bot_id: 'B0OTHER' } });
    const edit = directMessage({ text: 'What did Amazon invest?', channel: 'D0DMBOTS01', extra: { subtype: 'message_changed' } });
    for (const body of [fromBot, edit]) expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    await h.logs.waitFor((line) => line.evt === 'slack.event.ignored' && line.eventId === fromBot.event_id, 'bot message ignored');
    await h.logs.waitFor((line) => line.evt === 'slack.event.ignored' && line.eventId === edit.event_id, 'edit ignored');
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'D0DMBOTS01')).toHaveLength(0);
  });

  it('WHEN someone uses /ask THEN the answer is posted for everyone with chat.postMessage, saying who asked', async () => {
    const reply = await askInChannel('What did Amazon invest?');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(messageText(reply.args)).toContain('<@U0ASKER01> asked');
    expect(messageText(reply.args)).toContain('$50 billion');
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
  });

  it('WHEN /ask is used where the bot is not a member THEN the answer goes through the response_url for everyone', async () => {
    const stop = h.fake.failWhen('chat.postMessage', (args) => args.channel === 'C0NOTMEMBR', { kind: 'api-error', error: 'not_in_channel' });
    try {
      const responseUrl = h.fake.newResponseUrl();
      await h.post(signedForm(slashCommand({ command: '/ask', text: 'What did Amazon invest?', channel: 'C0NOTMEMBR', responseUrl }), signing()));
      const reply = await h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
      expect(reply.args.response_type).toBe('in_channel');
      expect(messageText(reply.args)).toContain('<@U0ASKER01> asked');
      expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
    } finally {
      stop();
    }
  });

  it('WHEN a mention in the answer\'s thread follows up THEN it is answered in context, saying what it was taken as', async () => {
    const { ts } = await mention('What did Amazon invest?');
    const { reply } = await mention('and microsoft?', ts);
    expect(messageText(reply.args)).toContain('Taking that as: “What did Microsoft invest?”');
    expect(messageText(reply.args)).toMatch(/does not say .*Microsoft/);
    // The same words at the top of the channel have no thread to follow.
    const { reply: fresh } = await mention('when was that?');
    expect(messageText(fresh.args)).not.toContain('Taking that as');
  });

  it('WHEN the thread of an /ask answer follows up THEN it is answered in context there', async () => {
    const answer = await askInChannel('What did Amazon invest?');
    // The answer's ts is the thread a reply to it opens.
    const body = appMention({ question: 'when was that?', channel: String(answer.args.channel), threadTs: postedTs(answer) });
    expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === answer.args.channel && call.args.thread_ts === body.event.thread_ts);
    expect(messageText(reply.args)).toContain('Taking that as: “When');
    expect(messageText(reply.args)).toContain('27 Feb 2026');
  });

  /** The ts the fake gave a posted message (its reply to chat.postMessage). */
  function postedTs(call: RecordedCall): string {
    const ts = h.fake.postedTs(call);
    if (ts === undefined) throw new Error('the fake did not record the ts it gave');
    return ts;
  }

  it('WHEN /ask comes with no question THEN only the asker sees how to use it, with an example', async () => {
    const reply = await command('/ask', '   ');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(messageText(reply.args)).toContain(`/ask ${h.engine.help().suggestions[0]?.question ?? ''}`);
  });

  it('WHEN someone uses /timeline with a topic THEN the dated, cited chronology is posted', async () => {
    const reply = await command('/timeline', 'amazon');
    expect(reply.args.response_type).toBe('in_channel');
    const result = h.engine.timelineFromText('amazon');
    if (!result.ok) throw new Error('the knowledge should have an Amazon timeline');
    const first = result.timeline.events[0];
    expect(first).toBeDefined();
    expect(messageText(reply.args)).toContain(first?.dateLabel);
    for (const source of first?.sources ?? []) expect(linkedUrls(reply.args)).toContain(source.url);
  });

  it('WHEN /timeline gets a range it cannot read THEN only the asker sees why, with an example', async () => {
    const reply = await command('/timeline', '2030-99');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(messageText(reply.args)).toContain('2030-99');
    expect(messageText(reply.args)).toContain('/timeline amazon 2026');
  });

  it('WHEN a clarify button is clicked THEN the entry it carries is answered in place', async () => {
    const { reply } = await mention('exclusive');
    const suggestion = buttons(reply.args).find((button) => button.actionId.startsWith('footnote.ask.'));
    const action = decodeButton(suggestion?.value);
    if (action?.kind !== 'ask') throw new Error('the clarify option should carry an entry id');
    const answer = await click(suggestion?.actionId ?? '', suggestion?.value ?? '');
    expect(answer.args.replace_original).toBe(true);
    expect(linkedUrls(answer.args).length).toBeGreaterThan(0);
    expect(messageText(answer.args)).toContain(h.engine.answerEntry(action.entry).text.slice(0, 40));
  });

  it('WHEN the feedback button is clicked THEN the clicker is thanked and the verdict is logged with entry and question', async () => {
    const { reply } = await mention('What did Amazon invest?');
    const helpful = buttons(reply.args).find((button) => button.actionId === 'footnote.feedback.helpful');
    expect(helpful).toBeDefined();
    const thanks = await click(helpful?.actionId ?? '', helpful?.value ?? '');
    expect(thanks.args.response_type).toBe('ephemeral');
    expect(thanks.args.replace_original).toBe(false);
    expect(messageText(thanks.args)).toContain(MESSAGES.feedbackThanks(true));
    const line = await h.logs.waitFor((l) => l.evt === 'feedback', 'the feedback log line');
    expect(line).toMatchObject({ verdict: 'helpful', entry: 'amazon-investment', question: 'What did Amazon invest?', platform: 'slack' });
  });

  it('WHEN a request has a bad signature or a stale timestamp THEN it gets 401 and no answer', async () => {
    const forged = appMention({ question: 'What did Amazon invest?' });
    const stale = appMention({ question: 'What did Amazon invest?' });
    const badSignature = await h.post(signedJson(forged, signing({ signature: `v0=${'0'.repeat(64)}` })));
    const staleTimestamp = await h.post(signedJson(stale, signing({ timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 })));
    expect(badSignature.status).toBe(401);
    expect(staleTimestamp.status).toBe(401);
    // A valid request sent afterwards is answered, so the rejected ones had every chance to be.
    await mention('What did Amazon invest?');
    const rejectedTs = [forged.event.ts, stale.event.ts];
    expect(h.fake.callsOf('chat.postMessage', (call) => rejectedTs.includes(call.args.thread_ts))).toHaveLength(0);
  });

  it('WHEN Slack redelivers the same event with X-Slack-Retry-Num THEN it is answered once', async () => {
    const body = appMention({ question: 'What did Amazon invest?' });
    expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    const retry = await h.post(signedJson(body, signing({ retryNum: 1, retryReason: 'http_timeout' })));
    expect(retry.status).toBe(200);
    await h.logs.waitFor(
      (line) => line.evt === 'delivery.duplicate' && JSON.stringify(line.keys).includes(body.event_id),
      'the duplicate to be dropped',
    );
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.thread_ts === body.event.ts)).toHaveLength(1);
  });

  it('WHEN a DM is redelivered with X-Slack-Retry-Num THEN it is answered once', async () => {
    const body = directMessage({ text: 'What did Amazon invest?', channel: 'D0DMRETRY1' });
    expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'D0DMRETRY1');
    expect((await h.post(signedJson(body, signing({ retryNum: 1, retryReason: 'http_timeout' })))).status).toBe(200);
    await h.logs.waitFor(
      (line) => line.evt === 'delivery.duplicate' && JSON.stringify(line.keys).includes(body.event_id),
      'the redelivery to be dropped',
    );
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'D0DMRETRY1')).toHaveLength(1);
  });

  it('WHEN the original and two retries arrive at the same moment THEN it is answered once', async () => {
    const body = appMention({ question: 'What did Amazon invest?', channel: 'C0RACING01' });
    const responses = await Promise.all([
      h.post(signedJson(body, signing())),
      h.post(signedJson(body, signing({ retryNum: 1, retryReason: 'http_timeout' }))),
      h.post(signedJson(body, signing({ retryNum: 2, retryReason: 'http_timeout' }))),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'C0RACING01');
    await h.logs.lines.waitFor(
      () => h.logs.withEvt('delivery.duplicate').filter((line) => JSON.stringify(line.keys).includes(body.event_id)).length === 2,
      5_000,
      'both copies to be dropped',
    );
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'C0RACING01')).toHaveLength(1);
  });

  it('WHEN the bot itself or another bot mentions it THEN nothing is answered', async () => {
    const own = appMention({ question: 'What did Amazon invest?', channel: 'C0BOTTALK1', user: FAKE_BOT_USER_ID });
    const ownBotPost = appMention({ question: 'What did Amazon invest?', channel: 'C0BOTTALK1' });
    Object.assign(ownBotPost.event, { bot_id: FAKE_BOT_ID, subtype: 'bot_message' });
    const otherBot = appMention({ question: 'What did Amazon invest?', channel: 'C0BOTTALK1', user: 'U0OTHERBOT' });
    Object.assign(otherBot.event, { bot_id: 'B0OTHERBOT' });
    for (const body of [own, ownBotPost, otherBot]) expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    await h.logs.waitFor((line) => line.evt === 'slack.event.ignored' && line.eventId === otherBot.event_id, 'the other bot to be ignored');
    // A person's mention in the same channel afterwards is answered: the ones before had every chance.
    const person = appMention({ question: 'What did Amazon invest?', channel: 'C0BOTTALK1' });
    await h.post(signedJson(person, signing()));
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === person.event.ts);
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'C0BOTTALK1').map((call) => call.args.thread_ts)).toEqual([person.event.ts]);
    expect(h.fake.callsOf('chat.postEphemeral', (call) => call.args.channel === 'C0BOTTALK1')).toEqual([]);
  });

  it('WHEN a mention inside a DM arrives both as app_mention and as message.im THEN it is answered once', async () => {
    const asMention = appMention({ question: 'What did Amazon invest?', channel: 'D0DMBOTH01' });
    const ts = String(asMention.event.ts);
    const asMessage = directMessage({ text: String(asMention.event.text), channel: 'D0DMBOTH01', ts });
    expect((await h.post(signedJson(asMention, signing()))).status).toBe(200);
    expect((await h.post(signedJson(asMessage, signing()))).status).toBe(200);
    await h.logs.waitFor(
      (line) => line.evt === 'delivery.duplicate' && JSON.stringify(line.keys).includes(`D0DMBOTH01:${ts}`),
      'the second copy to be dropped',
    );
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'D0DMBOTH01');
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.channel === 'D0DMBOTH01')).toHaveLength(1);
  });

  it('WHEN a question contains <!channel> THEN the echo is escaped and pings nobody', async () => {
    const reply = await askInChannel('<!channel> what did Amazon invest? <@U0VICTIM>');
    const shown = messageText(reply.args);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0VICTIM>');
  });

  it('WHEN the Web API fails with 500 THEN the failure is logged, the asker is told, and the next request is served', async () => {
    h.fake.failNext('chat.postMessage', { kind: 'status', status: 500 }, 3);
    const body = appMention({ question: 'What did Amazon invest?' });
    expect((await h.post(signedJson(body, signing()))).status).toBe(200);
    const failure = await h.logs.waitFor(
      (line) => line.evt === 'reply.failed' && String(line.conversation).endsWith(`${body.event.channel}:${body.event.ts}`),
      'the failure to be logged',
    );
    expect(failure).toMatchObject({ platform: 'slack', path: 'app_mention', kind: 'answer' });
    const apology = await h.fake.waitForCall(
      'chat.postMessage',
      (call) => call.args.thread_ts === body.event.ts && messageText(call.args).includes(MESSAGES.somethingWentWrong),
    );
    expect(apology.args.channel).toBe(body.event.channel);
    const { reply } = await mention('What did Amazon invest?');
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
    expect(h.adapter.isReady()).toBe(true);
  });
});
