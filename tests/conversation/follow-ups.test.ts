// The follow-ups the conversation issue lists, on the real knowledge, through the in-memory
// adapter: each is answered in the context of the question before it and says what it took as the
// question. (The engine's own rules are unit-tested on the small pack in tests/engine/follow-up.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryChat } from '../../src/adapters/memory/memory-chat.js';
import { Conversation } from '../../src/conversation/conversation.js';
import type { Reply } from '../../src/conversation/types.js';
import type { KnowledgeEngine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/logger.js';
import { realEngine } from '../helpers/engine.js';

const AMAZON_SOURCE = 'https://openai.com/index/amazon-partnership/';

let engine: KnowledgeEngine;
beforeAll(async () => {
  engine = await realEngine();
});

/** A fresh thread that first asks what Amazon invested. */
async function afterAmazon(): Promise<MemoryChat> {
  const chat = new MemoryChat(new Conversation({ engine, logger: silentLogger() }));
  await chat.ask('what did amazon invest?');
  return chat;
}

function answerOf(reply: Reply) {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
  return reply;
}

describe('GIVEN a thread that asked "what did amazon invest?"', () => {
  it('WHEN "and microsoft?" follows THEN the same question is asked of Microsoft, and the story does not say', async () => {
    const reply = answerOf(await (await afterAmazon()).ask('and microsoft?'));
    expect(reply.tookAs).toBe('What did Microsoft invest?');
    expect(reply.answer).toMatchObject({ kind: 'decline', reason: 'unanswered-family' });
    expect(reply.answer.text).toMatch(/does not say .*Microsoft/);
  });

  it.each([
    ['when was that?', /^When /, /27 Feb 2026/],
    ['who said it?', /^Who said /, /OpenAI said/],
    ['how much?', /^How much /, /\$50 billion/],
    ['why?', /^Why /, /./],
  ])('WHEN %j follows THEN it is answered as the previous question asked with its question word', async (text, tookAs, says) => {
    const reply = answerOf(await (await afterAmazon()).ask(text));
    expect(reply.tookAs).toMatch(tookAs);
    expect(reply.answer.answered).toBe(true);
    expect(reply.answer.text).toMatch(says);
  });

  it('WHEN "source?" follows THEN the answer comes again with its source link', async () => {
    const reply = answerOf(await (await afterAmazon()).ask('source?'));
    expect(reply.tookAs).toBe('How much is Amazon investing in OpenAI?');
    expect(reply.answer.sources.map((source) => source.url)).toContain(AMAZON_SOURCE);
  });

  it('WHEN "what about stargate" follows THEN Stargate is answered', async () => {
    const reply = answerOf(await (await afterAmazon()).ask('what about stargate'));
    expect(reply.answer.answered).toBe(true);
    expect(`${reply.answer.matchedQuestion ?? ''} ${reply.answer.text}`).toMatch(/Stargate/);
  });

  it('WHEN the same words start a thread THEN they are no follow-up, and "when was that?" says it has nothing to follow', async () => {
    const chat = new MemoryChat(new Conversation({ engine, logger: silentLogger() }));
    const reply = answerOf(await chat.ask('when was that?'));
    expect(reply.tookAs).toBeNull();
    expect(reply.note).toMatch(/no earlier question/);
  });
});
