// What the Slack adapter tells the conversation layer about a delivery, so it is answered once: the
// event_id (Slack's retries reuse it) and, for messages, the channel and ts (a mention in a DM arrives
// as app_mention and as message.im).
import { describe, expect, it } from 'vitest';
import { conversationKey, deliveryKeys, questionEvent } from '../../src/adapters/slack/inbound.js';
import { appMention, directMessage } from '../fakes/slack/index.js';

function keysOf(body: { event: unknown }): string[] {
  const parsed = questionEvent(body.event);
  if (!parsed.ok) throw new Error(`missing ${parsed.missing.join(', ')}`);
  return deliveryKeys(body, parsed.value);
}

describe('GIVEN a Slack message delivery', () => {
  it('THEN a mention and the same message as a DM event share the message key, and each has its event key', () => {
    const mention = appMention({ question: 'q', channel: 'D1', ts: '1.000001' });
    const dm = directMessage({ text: 'q', channel: 'D1', ts: '1.000001' });
    expect(keysOf(mention)).toEqual([`slack:event:${mention.event_id}`, 'slack:message:D1:1.000001']);
    expect(keysOf(dm)).toEqual([`slack:event:${dm.event_id}`, 'slack:message:D1:1.000001']);
  });

  it('THEN a delivery without an event_id is still known by its message', () => {
    const mention = appMention({ question: 'q', channel: 'C1', ts: '2.000002' });
    expect(deliveryKeys({ event: mention.event }, { user: 'U1', channel: 'C1', ts: '2.000002', threadTs: undefined, text: 'q' })).toEqual(['slack:message:C1:2.000002']);
  });

  it('THEN a thread is one conversation and a DM\'s top level another, per team', () => {
    expect(conversationKey('T1', 'C1', '1.5')).toBe('slack:T1:C1:1.5');
    expect(conversationKey('T1', 'D1', undefined)).toBe('slack:T1:D1');
    expect(conversationKey(undefined, 'D1', undefined)).toBe('slack:-:D1');
  });
});
