// The conversation layer through the in-memory adapter, on the small fixture pack: multi-turn
// follow-ups, their expiry and bounds, buttons that carry ids, dedupe, the rate limit, the log line
// per reply and the apology. No platform, no socket: every conversation runs in milliseconds.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, MemoryChat, textOf } from '../../src/adapters/memory/memory-chat.js';
import { encodeButton } from '../../src/conversation/buttons.js';
import { Conversation, type ConversationOptions } from '../../src/conversation/conversation.js';
import { MESSAGES } from '../../src/conversation/messages.js';
import { parseConversationSettings } from '../../src/conversation/settings.js';
import type { Reply } from '../../src/conversation/types.js';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { RateLimiter } from '../../src/rate-limit.js';
import { FIXTURES } from '../helpers/engine.js';

type LogLine = Record<string, unknown>;

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await loadEngine(path.join(FIXTURES, 'pack-small'));
});

/** A conversation layer with a movable clock and its log lines captured. */
function setUp(options: Partial<ConversationOptions> = {}) {
  const lines: LogLine[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } });
  let now = 1_000_000;
  const conversation = new Conversation({ engine, logger, now: () => now, ...options });
  return { conversation, chat: new MemoryChat(conversation), lines, advance: (ms: number) => (now += ms) };
}

function answerOf(reply: Reply) {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
  return reply;
}

describe('GIVEN a conversation in a thread', () => {
  it('WHEN a follow-up comes THEN it is answered in context and the reply says what it was taken as', async () => {
    const { chat } = setUp();
    await chat.ask('how much did vesta bid?');
    const followUp = answerOf(await chat.ask('when was that?'));
    expect(followUp.tookAs).toBe('When did vesta bid?');
    expect(followUp.answer).toMatchObject({ answered: true, entry: 'vesta-bid' });
    expect(followUp.note).toBeNull();
  });

  it('WHEN the same words come in another thread THEN they have no context there, and the reply says so', async () => {
    const { chat } = setUp();
    await chat.ask('how much did vesta bid?', { thread: 'thread-a' });
    const elsewhere = answerOf(await chat.ask('when was that?', { thread: 'thread-b' }));
    expect(elsewhere.tookAs).toBeNull();
    expect(elsewhere.answer.answered).toBe(false);
    expect(elsewhere.note).toBe(MESSAGES.noContext);
  });

  it('WHEN more than CONVERSATION_TTL_MS passes THEN the follow-up is read on its own, saying the context expired', async () => {
    const { chat, advance, conversation } = setUp();
    await chat.ask('how much did vesta bid?');
    advance(conversation.settings.ttlMs - 1);
    expect(answerOf(await chat.ask('when was that?')).tookAs).toBe('When did vesta bid?');
    advance(conversation.settings.ttlMs);
    const late = answerOf(await chat.ask('when was that?'));
    expect(late.tookAs).toBeNull();
    expect(late.note).toBe(MESSAGES.contextExpired(conversation.settings.ttlMs));
  });

  it('WHEN an expired follow-up can be answered alone THEN it is, with no note', async () => {
    const { chat, advance, conversation } = setUp();
    await chat.ask('tell me about vesta');
    advance(conversation.settings.ttlMs);
    const alone = answerOf(await chat.ask('and harbour?'));
    expect(alone.answer.entry).toBe('topic:harbour');
    expect(alone.note).toBeNull();
  });

  it('WHEN CONVERSATION_MAX conversations are held THEN the least recently active is forgotten first', async () => {
    const { conversation, chat } = setUp({ settings: { max: 2 } });
    await chat.ask('how much did vesta bid?', { thread: 'oldest' });
    await chat.ask('how much did vesta bid?', { thread: 'middle' });
    await chat.ask('how much did vesta bid?', { thread: 'newest' });
    expect(conversation.size).toBe(2);
    expect(answerOf(await chat.ask('when was that?', { thread: 'oldest' })).tookAs).toBeNull();
    expect(answerOf(await chat.ask('when was that?', { thread: 'newest' })).tookAs).toBe('When did vesta bid?');
  });

  it('WHEN a thread has more turns than it keeps THEN it still follows the last one', async () => {
    const { chat, conversation } = setUp({ settings: { turns: 2 } });
    await chat.ask('is the merger dead?');
    await chat.ask('how much did vesta bid?');
    await chat.ask('source?');
    expect(conversation.history('memory:thread').map((turn) => turn.entry)).toEqual(['vesta-bid', 'vesta-bid']);
    expect(answerOf(await chat.ask('when was that?')).tookAs).toBe('When did vesta bid?');
  });

  it('WHEN a message is empty THEN the help comes, from the pack', async () => {
    const { chat } = setUp();
    const help = answerOf(await chat.ask('   '));
    expect(help.answer).toMatchObject({ kind: 'smalltalk', reason: 'help' });
    expect(help.answer.text).toContain(engine.knowledge.pack.help);
  });

  it('WHEN a slash command is empty THEN the usage hint with one of the pack\'s examples', async () => {
    const { chat } = setUp();
    const usage = await chat.command('');
    expect(usage).toEqual({ kind: 'usage', example: 'How much did Vesta bid for Northline?' });
  });
});

describe('GIVEN buttons under a reply', () => {
  it('WHEN an option is clicked THEN its entry is answered by id, and a follow-up continues from it', async () => {
    const { chat } = setUp();
    const [option] = buttonsOf(await chat.ask('vesta?')).filter((button) => button.payload.startsWith('q|'));
    expect(option).toBeDefined();
    const picked = answerOf(await chat.click(option?.payload));
    expect(picked).toMatchObject({ picked: true, tookAs: null });
    expect(picked.answer.reason).toBe('entry');
    expect(picked.answer.question).toBe(option?.label);
    const followUp = answerOf(await chat.ask('why?'));
    expect(followUp.tookAs).toMatch(/^Why /);
    expect(followUp.answer.entry).toBe(picked.answer.entry);
  });

  it('WHEN a button names an entry the knowledge no longer has THEN "no longer in the knowledge base" and the closest questions', async () => {
    const { chat } = setUp();
    const reply = answerOf(await chat.click(encodeButton({ kind: 'ask', reply: null, entry: 'vesta-bid-size' }, 100)));
    expect(reply.answer).toMatchObject({ kind: 'decline', reason: 'unknown-entry' });
    expect(reply.answer.text).toMatch(/no longer in the knowledge base/);
    expect(reply.answer.suggestions.map((suggestion) => suggestion.entry)).toContain('vesta-bid');
  });

  it('WHEN feedback is clicked THEN it is thanked and recorded with the reply\'s entry and question, read from its id', async () => {
    const recorded: unknown[] = [];
    const { chat } = setUp({ feedback: { record: (feedback) => void recorded.push(feedback) } });
    const answer = await chat.ask('how much did vesta bid?');
    const helpful = buttonsOf(answer).find((button) => button.label === 'Helpful');
    const thanks = await chat.click(helpful?.payload, { user: 'someone-else' });
    expect(thanks).toEqual({ kind: 'notice', code: 'feedback-thanks', text: MESSAGES.feedbackThanks(true) });
    await Promise.resolve();
    expect(recorded).toEqual([
      expect.objectContaining({ helpful: true, entry: 'vesta-bid', question: 'how much did vesta bid?', matchedQuestion: 'How much did Vesta bid for Northline?', user: 'someone-else' }),
    ]);
  });

  it('WHEN feedback names a reply no longer remembered THEN it is thanked and logged, not recorded', async () => {
    const recorded: unknown[] = [];
    const { chat, lines } = setUp({ feedback: { record: (feedback) => void recorded.push(feedback) } });
    const thanks = await chat.click(encodeButton({ kind: 'feedback', reply: 'gone1234', helpful: false, entry: null }, 100));
    expect(thanks).toMatchObject({ kind: 'notice', code: 'feedback-thanks', text: MESSAGES.feedbackThanks(false) });
    await Promise.resolve();
    expect(recorded).toEqual([]);
    expect(lines.find((line) => line.evt === 'feedback.unknown_reply')).toMatchObject({ reply: 'gone1234', helpful: false });
  });

  it.each([['another app\'s payload', 'someone.elses.button'], ['a number', 42], ['a question-text button of the previous version', 'ask|vesta-bid|How much?']])(
    'WHEN the click carries %s THEN the clicker hears the button no longer works',
    async (_label, payload) => {
      const { chat } = setUp();
      expect(await chat.click(payload)).toEqual({ kind: 'notice', code: 'button-gone', text: MESSAGES.buttonGone });
    },
  );
});

describe('GIVEN deliveries, limits and failures', () => {
  it('WHEN the same delivery arrives twice THEN it is answered once and the repeat is logged', async () => {
    const { chat, lines } = setUp();
    const first = await chat.ask('how much did vesta bid?', { delivery: 'event:1' });
    const second = await chat.ask('how much did vesta bid?', { delivery: 'event:1' });
    expect(first.kind).toBe('answer');
    expect(second).toEqual({ kind: 'nothing', why: 'duplicate' });
    expect(lines.filter((line) => line.evt === 'delivery.duplicate')).toHaveLength(1);
  });

  it('WHEN a person passes the limit THEN one notice, then nothing — and feedback still goes through', async () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, () => now);
    const { chat } = setUp({ limiter });
    const answered = await chat.ask('how much did vesta bid?');
    const told = await chat.ask('how much did vesta bid?');
    const quiet = await chat.ask('how much did vesta bid?');
    expect(answered.kind).toBe('answer');
    expect(told).toEqual({ kind: 'notice', code: 'rate-limited', text: MESSAGES.rateLimited(60) });
    expect(quiet).toEqual({ kind: 'nothing', why: 'rate-limited' });
    const helpful = buttonsOf(answered).find((button) => button.label === 'Helpful');
    expect((await chat.click(helpful?.payload)).kind).toBe('notice');
    now += 60_000;
    expect((await chat.ask('how much did vesta bid?')).kind).toBe('answer');
  });

  it('THEN each reply is one info line with platform, kind, reason, entry, confidence and latency, and no question text', async () => {
    const { chat, lines } = setUp();
    await chat.ask('how much did vesta bid?');
    await chat.ask('when was that?');
    const replies = lines.filter((line) => line.evt === 'reply');
    expect(replies).toHaveLength(2);
    expect(replies[1]).toMatchObject({ level: 30, platform: 'memory', kind: 'answer', reason: 'entry', entry: 'vesta-bid', followUp: true });
    for (const line of replies) {
      expect(typeof line.latencyMs).toBe('number');
      expect(typeof line.confidence).toBe('number');
      expect(JSON.stringify(line)).not.toMatch(/vesta bid|when was that/i);
    }
  });

  it('WHEN the engine throws THEN the person gets the apology and the failure is logged with its context', async () => {
    const { lines } = setUp();
    // The real engine, but answering throws: everything else about it still works.
    const failing = Object.assign(Object.create(engine) as KnowledgeEngine, {
      answerInContext: () => {
        throw new Error('boom');
      },
    });
    const broken = new Conversation({ engine: failing, logger: createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }) });
    const reply = await new MemoryChat(broken).ask('how much did vesta bid?');
    expect(reply).toEqual({ kind: 'notice', code: 'apology', text: MESSAGES.somethingWentWrong });
    expect(lines.find((line) => line.evt === 'answer.failed')).toMatchObject({ platform: 'memory', path: 'message' });
  });

  it('WHEN sending the answer fails THEN the failure is logged and the apology is sent instead', async () => {
    const { conversation, lines } = setUp();
    const sent: Reply[] = [];
    await conversation.respond({ platform: 'memory', user: 'p', path: 'message', request: { kind: 'question', text: 'how much did vesta bid?', via: 'message' } }, async (reply) => {
      if (reply.kind === 'answer') throw new Error('platform down');
      sent.push(reply);
    });
    expect(sent).toEqual([{ kind: 'notice', code: 'apology', text: MESSAGES.somethingWentWrong }]);
    expect(lines.find((line) => line.evt === 'reply.failed')).toMatchObject({ kind: 'answer' });
    expect(lines.find((line) => line.evt === 'reply')).toMatchObject({ failed: true });
  });

  it('THEN a reply reads as plain text in the memory adapter', async () => {
    const { chat } = setUp();
    await chat.ask('how much did vesta bid?');
    expect(textOf(await chat.ask('when was that?'))).toBe('When did vesta bid?\nVesta bid $2 billion for Northline, announced 3 Mar 2025.');
  });
});

describe('GIVEN the conversation settings in the environment', () => {
  it('THEN unset or blank means 10 minutes and 10,000 conversations', () => {
    expect(parseConversationSettings({})).toEqual({ ttlMs: 600_000, max: 10_000 });
    expect(parseConversationSettings({ CONVERSATION_TTL_MS: ' ', CONVERSATION_MAX: '' })).toEqual({ ttlMs: 600_000, max: 10_000 });
  });

  it('THEN set values are used, and a bad one is refused naming the variable', () => {
    expect(parseConversationSettings({ CONVERSATION_TTL_MS: '60000', CONVERSATION_MAX: '50' })).toEqual({ ttlMs: 60_000, max: 50 });
    expect(() => parseConversationSettings({ CONVERSATION_MAX: '0' })).toThrow(/CONVERSATION_MAX/);
    expect(() => parseConversationSettings({ CONVERSATION_TTL_MS: 'ten minutes' })).toThrow(/CONVERSATION_TTL_MS/);
  });
});
