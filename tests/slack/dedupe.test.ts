import { describe, expect, it } from 'vitest';
import { deliveryKeys, RecentKeys } from '../../src/adapters/slack/dedupe.js';
import { appMention, directMessage, slashCommand } from '../fakes/slack/index.js';

describe('GIVEN the memory of recent deliveries', () => {
  it('THEN it stays within its capacity, dropping the oldest first', () => {
    const recent = new RecentKeys(3, 60_000, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) expect(recent.checkAndRecord([key])).toBe(false);
    expect(recent.size).toBe(3);
    expect(recent.checkAndRecord(['d'])).toBe(true);
    expect(recent.checkAndRecord(['a'])).toBe(false);
  });

  it('THEN it forgets a key once its time is up', () => {
    let now = 0;
    const recent = new RecentKeys(10, 1_000, () => now);
    recent.checkAndRecord(['event:Ev1']);
    now = 999;
    expect(recent.checkAndRecord(['event:Ev1'])).toBe(true);
    now = 2_000;
    expect(recent.checkAndRecord(['event:Ev1'])).toBe(false);
  });

  it('THEN an event is known by its event_id and, for messages, by channel and ts; commands are never deduped', () => {
    const mention = appMention({ question: 'q', channel: 'C1', ts: '1.000001' });
    expect(deliveryKeys(mention)).toEqual([`event:${mention.event_id}`, 'message:C1:1.000001']);
    const edit = directMessage({ text: 'q', extra: { subtype: 'message_changed' } });
    expect(deliveryKeys(edit)).toEqual([`event:${edit.event_id}`]);
    expect(deliveryKeys(slashCommand({ command: '/ask', text: 'q', responseUrl: 'http://127.0.0.1/r' }))).toEqual([]);
  });
});
