// How much memory the conversation layer holds for 10,000 people, each with a conversation of
// their own: the floor the conversation issue sets ("memory stays under the cap you document").
// Two shapes: a typical one (each asked a question and a follow-up, on the real engine) and the
// worst the bounds allow (every conversation at its 20 turns, every question at the 300-character
// cut, every one distinct; a stand-in engine answers those, so only the conversation's memory is
// measured, not the engine's caches). Both fill the dedupe keys and the reply ids too.
//
//   npm run stress:conversations [-- --people 10000]
//
// The measurement is the retained heap after a full collection, before and after, in this process.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Conversation, CONVERSATION_DEFAULTS, MEMORY_LIMITS } from '../src/conversation/conversation.js';
import type { ServingEngine } from '../src/engine/engine-holder.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/config.js';
import { loadEngine } from '../src/engine/engine.js';
import { silentLogger } from '../src/logger.js';

/** The documented bound (README, "Follow-up questions"): what 10,000 conversations may hold at most. */
export const CONVERSATION_MEMORY_CAP_MB = 40;

export interface MemoryReport {
  people: number;
  conversations: number;
  typicalMb: number;
  worstMb: number;
}

/** A full collection, reachable without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const heapMb = (gc: () => void): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const QUESTIONS = ['what did amazon invest?', 'is azure still exclusive?', 'who wrote the memo?', 'what is stargate?', 'how much does microsoft own of openai?'];
const FOLLOW_UPS = ['when was that?', 'and microsoft?', 'source?', 'who is behind it?', 'how much?'];

/** Answers everything with one canned answer, as the question it was asked: no caches, no cost. */
function standIn(engine: ServingEngine): ServingEngine {
  const canned = engine.answer('what did amazon invest?');
  return Object.assign(Object.create(engine) as ServingEngine, {
    answerInContext: (text: string) => ({
      answer: { ...canned, question: text },
      question: text,
      followUp: null,
      wantedContext: false,
      next: { question: text, entry: canned.entry, entities: ['amazon'] },
    }),
  });
}

async function fill(engine: ServingEngine, people: number, turns: (person: number) => string[]): Promise<{ conversation: Conversation; held: number }> {
  const conversation = new Conversation({ engine, logger: silentLogger() });
  const send = async (): Promise<undefined> => undefined;
  for (let person = 0; person < people; person += 1) {
    for (const [turn, text] of turns(person).entries()) {
      await conversation.respond(
        { platform: 'memory', user: `memory:${person}`, conversation: `memory:thread:${person}`, deliveryKeys: [`memory:${person}:${turn}`], path: 'message', request: { kind: 'question', text, via: 'message' } },
        send,
      );
    }
  }
  return { conversation, held: conversation.size };
}

/** The typical shape on the real engine: each person asks a question, then a follow-up. */
export async function measureTypical(engine: ServingEngine, people = CONVERSATION_DEFAULTS.max): Promise<{ mb: number; held: number }> {
  const gc = collector();
  const turns = (person: number): string[] => [QUESTIONS[person % QUESTIONS.length] as string, FOLLOW_UPS[person % FOLLOW_UPS.length] as string];
  // A few conversations first, so the engine's caches (typo corrections and the like) are warm and not counted.
  await fill(engine, 50, turns);
  const before = heapMb(gc);
  const typical = await fill(engine, people, turns);
  const mb = heapMb(gc) - before;
  return { mb, held: typical.held };
}

/** The worst case the bounds allow: 20 turns a conversation, each question as long as is kept, all distinct. */
export async function measureWorst(engine: ServingEngine, people = CONVERSATION_DEFAULTS.max): Promise<{ mb: number; held: number }> {
  const gc = collector();
  const before = heapMb(gc);
  // Each exactly as long as is kept, and a string of its own (a slice would keep its parent alive and count it too).
  const long = (person: number, turn: number): string =>
    Buffer.from(`what did amazon invest ${person} ${turn} ${'and what does the story say about it '.repeat(20)}`.slice(0, MEMORY_LIMITS.questionChars)).toString();
  const worst = await fill(standIn(engine), people, (person) => Array.from({ length: CONVERSATION_DEFAULTS.turns }, (_, turn) => long(person, turn)));
  const mb = heapMb(gc) - before;
  return { mb, held: worst.held };
}

export async function measureConversationMemory(engine: ServingEngine, people = CONVERSATION_DEFAULTS.max): Promise<MemoryReport> {
  const typical = await measureTypical(engine, people);
  const worst = await measureWorst(engine, people);
  return { people, conversations: worst.held, typicalMb: typical.mb, worstMb: worst.mb };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { people: { type: 'string', default: String(CONVERSATION_DEFAULTS.max) } } });
  const engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
  const report = await measureConversationMemory(engine, Number(values.people));
  const mb = (value: number): string => `${value.toFixed(1)} MB`;
  process.stdout.write(
    [
      `${report.people.toLocaleString('en-US')} people, each with a conversation of their own (${report.conversations.toLocaleString('en-US')} held):`,
      `  typical (a question and a follow-up each):      ${mb(report.typicalMb)}`,
      `  worst (20 turns of ${MEMORY_LIMITS.questionChars}-character questions each): ${mb(report.worstMb)}`,
      `  documented cap:                                 ${CONVERSATION_MEMORY_CAP_MB} MB — ${report.worstMb < CONVERSATION_MEMORY_CAP_MB ? 'held' : 'EXCEEDED'}`,
    ].join('\n') + '\n',
  );
  process.exitCode = report.worstMb < CONVERSATION_MEMORY_CAP_MB ? 0 : 1;
}
