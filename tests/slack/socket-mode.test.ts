// The Slack adapter over Socket Mode: the fake's apps.connections.open hands out a ws://127.0.0.1
// URL, its WebSocket server says hello and pushes envelopes; every envelope must be acked and
// answered (a redelivered one acked but answered once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeButton } from '../../src/conversation/buttons.js';
import { appMention, buttonClick, slashCommand } from '../fakes/slack/index.js';
import { APP_TOKEN, buttons, linkedUrls, messageText, startSocketHarness, type Harness } from './harness.js';

const AMAZON_SOURCE = 'https://openai.com/index/amazon-partnership/';

describe('GIVEN footnote running on Slack Socket Mode', () => {
  let h: Harness;
  const pushed: string[] = [];

  beforeAll(async () => {
    h = await startSocketHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function push(...args: Parameters<Harness['fake']['pushEnvelope']>): Promise<string> {
    const envelopeId = await h.fake.pushEnvelope(...args);
    pushed.push(envelopeId);
    await h.fake.waitForAck(envelopeId);
    return envelopeId;
  }

  it('THEN it opened the connection with the app token and is ready', () => {
    expect(h.adapter.name).toBe('slack-socket');
    expect(h.adapter.isReady()).toBe(true);
    const opens = h.fake.callsOf('apps.connections.open');
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.every((call) => call.token === APP_TOKEN)).toBe(true);
  });

  it('WHEN a mention arrives as an events_api envelope THEN it is acked and answered in the thread with the source', async () => {
    const body = appMention({ question: 'What did Amazon invest?' });
    await push('events_api', body);
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
  });

  it('WHEN /ask arrives as a slash_commands envelope THEN it is acked and answered for everyone in the channel', async () => {
    await push('slash_commands', slashCommand({ command: '/ask', text: 'What did Amazon invest?', channel: 'C0SOCKASK1', responseUrl: h.fake.newResponseUrl() }));
    const reply = await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'C0SOCKASK1');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(linkedUrls(reply.args)).toContain(AMAZON_SOURCE);
  });

  it('WHEN a clarify button click arrives as an interactive envelope THEN it is acked and answered in place', async () => {
    const body = appMention({ question: 'exclusive' });
    await push('events_api', body);
    const clarify = await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    const choice = buttons(clarify.args).find((button) => button.actionId.startsWith('footnote.ask.'));
    expect(choice).toBeDefined();
    const responseUrl = h.fake.newResponseUrl();
    await push('interactive', buttonClick({ actionId: choice?.actionId ?? '', value: choice?.value ?? '', responseUrl }));
    const answer = await h.fake.waitForCall('response_url', (call) => responseUrl.endsWith(`/${call.responseId}`));
    expect(answer.args.replace_original).toBe(true);
    const action = decodeButton(choice?.value);
    expect(action?.kind).toBe('ask');
    expect(messageText(answer.args)).toContain(h.engine.answerEntry(action?.kind === 'ask' ? action.entry : '').text.slice(0, 40));
    expect(linkedUrls(answer.args).length).toBeGreaterThan(0);
  });

  it('WHEN Slack redelivers an event (retry_attempt 1, same event_id) THEN it is acked again but answered once', async () => {
    const body = appMention({ question: 'How much is Amazon investing in OpenAI?' });
    await push('events_api', body);
    await h.fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === body.event.ts);
    await push('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
    await h.logs.waitFor(
      (line) => line.evt === 'delivery.duplicate' && JSON.stringify(line.keys).includes(body.event_id),
      'the redelivery to be dropped',
    );
    expect(h.fake.callsOf('chat.postMessage', (call) => call.args.thread_ts === body.event.ts)).toHaveLength(1);
  });

  it('THEN every envelope pushed was acknowledged exactly once', () => {
    expect(pushed.length).toBeGreaterThanOrEqual(5);
    for (const envelopeId of pushed) {
      expect(h.fake.acks.filter((ack) => ack.envelopeId === envelopeId)).toHaveLength(1);
    }
  });

  it('WHEN the adapter stops THEN it closes the socket and reports not ready', async () => {
    await h.adapter.stop();
    expect(h.adapter.isReady()).toBe(false);
    const closed = await h.fake.socketCloses.waitFor(() => true, 5_000, 'the socket to close');
    expect(closed.code).toBe(1000);
  });
});
