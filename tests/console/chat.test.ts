// The console chat on its own, driven through streams with a stand-in engine: what a person at a
// terminal or a script feeding a pipe sees. The real engine is exercised through the CLI tests.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startConsoleChat } from '../../src/adapters/console/chat.js';
import { inputLines } from '../../src/adapters/console/input-lines.js';
import { wrapText } from '../../src/adapters/console/render.js';
import { MESSAGES } from '../../src/conversation/messages.js';
import { Conversation } from '../../src/conversation/conversation.js';
import type { AskedRecord, ChoiceRecord, ConversationRecorder } from '../../src/conversation/recording.js';
import { silentLogger } from '../../src/logger.js';
import type { ServingEngine } from '../../src/engine/engine-holder.js';
import { DEFAULT_PACK } from '../../src/engine/knowledge.js';
import type { Answer, Suggestion } from '../../src/engine/types.js';

const suggestions = (about: string): Suggestion[] => [1, 2, 3].map((n) => ({ entry: `${about}-${n}`, question: `${about} question ${n}?` }));

const reply = (question: string, overrides: Partial<Answer> = {}): Answer => ({
  kind: 'answer',
  reason: 'matched',
  answered: true,
  question,
  text: `Answer to: ${question}`,
  sources: [{ id: 's', title: 'A page', publisher: 'Publisher', url: 'https://example.com/page', date: '2026-02-27' }],
  confidence: 1,
  entry: 'entry',
  matchedQuestion: question,
  suggestions: suggestions(question),
  ...overrides,
});

/**
 * Answers "Answer to: <question>" with three related questions; help quotes its examples, as the
 * engine's does. "when?" leans on the question before it, as a follow-up would.
 */
const engine: ServingEngine = {
  knowledge: { pack: { ...DEFAULT_PACK, help: 'I answer questions about the story.' } },
  answer: (question) => reply(question),
  answerInContext: (text, previous) => {
    const followUp = text === 'when?' && previous !== null;
    const question = followUp ? `When: ${previous.question}` : text;
    const wantedContext = text === 'when?' && previous === null;
    const answer = wantedContext ? reply(question, { kind: 'decline', answered: false, sources: [] }) : reply(question);
    return { answer, question, followUp: followUp ? 'question-word' : null, wantedContext, next: { question, entry: 'entry', entities: [] } };
  },
  // Suggestions are `<about>-<n>`, asking "<about> question <n>?".
  answerEntry: (id) => reply(id.replace(/^(.*)-(\d)$/, '$1 question $2?'), { reason: 'entry' }),
  timeline: () => {
    throw new Error('not used by the chat');
  },
  timelineFromText: (text) => ({ ok: true, timeline: { overview: `Timeline for "${text.trim()}".`, topic: null, from: null, to: null, events: [], total: 0 } }),
  suggest: () => [],
  help: () => {
    const examples = suggestions('Help');
    const quoted = examples.map((example) => `"${example.question}"`).join(', ');
    return reply('help', { kind: 'smalltalk', reason: 'help', answered: false, sources: [], entry: 'help', text: `I answer questions about the story. Try: ${quoted} — or ask for the timeline.`, suggestions: examples });
  },
};

/** Pipes `text` into a non-interactive chat and returns everything it wrote once input ends. */
async function chat(text: string, options: { width?: number } = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString();
  });
  const running = startConsoleChat({ engine, input, output, interactive: false, ...options });
  input.end(text);
  await running.done;
  return written;
}

describe('GIVEN questions piped into the console chat', () => {
  it('THEN each question is echoed above its answer, so a transcript reads in pairs', async () => {
    const output = await chat('what did amazon invest?\n\nwho wrote the memo?\n');
    expect(output).toMatch(/^you › what did amazon invest\?\nAnswer to: what did amazon invest\?\n[\s\S]*\n\nyou › who wrote the memo\?\nAnswer to: who wrote the memo\?\n/);
    expect(output.match(/^you › /gm)).toHaveLength(2);
  });

  it('WHEN the question carries control or bidi characters THEN the echo does not', async () => {
    const output = await chat('what\u001b[2J did\u0007 amazon\u202e invest?\n');
    expect(output.split('\n')[0]).toBe('you › what [2J did  amazon invest?');
  });

  it('WHEN a line says /quit THEN nothing after it is answered', async () => {
    const output = await chat('first question\n/quit\nnever asked\n');
    expect(output).toContain('Answer to: first question');
    expect(output).not.toContain('never asked');
  });

  it('WHEN a line holds a bare carriage return THEN it is still one question', async () => {
    const output = await chat('what did\ramazon invest?\r\nnext one\n');
    expect(output.match(/^you › /gm)).toHaveLength(2);
    expect(output).toContain('Answer to: what did amazon invest?');
  });

  it('WHEN /help follows another list THEN a number picks from the help list', async () => {
    const output = await chat('first question\n/help\n2\n');
    expect(output).toContain('Answer to: Help question 2?');
    expect(output).not.toContain('Answer to: first question question 2?');
  });

  it('THEN /help names each example question once, in the list that can be picked from', async () => {
    const output = await chat('/help\n');
    for (const example of suggestions('Help')) expect(output.split(example.question)).toHaveLength(2);
    expect(output).toContain('I answer questions about the story.');
    expect(output).toContain('/timeline [topic] [range]');
  });

  it('WHEN a follow-up comes THEN it is answered in the session\'s context, saying what it was taken as', async () => {
    const output = await chat('what did amazon invest?\nwhen?\n');
    expect(output).toContain('you › when?\n↪ Taking that as: “When: what did amazon invest?”\nAnswer to: When: what did amazon invest?');
  });

  it('WHEN a follow-up comes first THEN it is read alone, and the reply says there is nothing to follow', async () => {
    const output = await chat('when?\n');
    expect(output).not.toContain('Taking that as');
    expect(output).toContain(`you › when?\n${MESSAGES.noContext}\nAnswer to: when?`);
  });

  it('WHEN a number is out of range, or there is no list THEN it says "no such option" instead of asking the knowledge', async () => {
    const output = await chat('7\nfirst question\n4\n0\n');
    expect(output).toContain('There is no list to pick 7 from.');
    expect(output).toContain('No such option: 4. Type a number from 1 to 3, or a question.');
    expect(output).toContain('No such option: 0.');
    expect(output).not.toMatch(/Answer to: [470]\n/);
  });

  it('WHEN a /command is unknown THEN it says so and lists the commands instead of asking the knowledge', async () => {
    const output = await chat('/tiemline amazon\n/\n');
    expect(output).toContain('Unknown command /tiemline. Commands: /timeline [topic] [range]');
    expect(output).toContain('Unknown command /.');
    expect(output).not.toContain('Answer to:');
  });

  it('WHEN a timeline follows a list THEN a number no longer picks from that older list', async () => {
    const output = await chat('first question\n/timeline amazon\n1\n');
    expect(output).toContain('Timeline for "amazon".');
    expect(output).toContain('There is no list to pick 1 from.');
  });

  it('WHEN a width is given THEN long lines break between words, never inside one', async () => {
    const question = 'how much is amazon investing in openai according to the announcement made in february';
    const output = await chat(`${question}\n`, { width: 40 });
    const lines = output.split('\n');
    for (const line of lines.slice(1)) if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(40);
    const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== '');
    expect(words(lines.slice(1).join(' '))).toEqual(expect.arrayContaining(words(`Answer to: ${question}`)));
  });

  it('WHEN the chat is stopped while the pipe stays open THEN it ends', async () => {
    const input = new PassThrough();
    const running = startConsoleChat({ engine, input, output: new PassThrough(), interactive: false });
    expect(running.isReady()).toBe(true);
    await running.stop();
    expect(running.isReady()).toBe(false);
  });
});

describe('GIVEN long lines for a terminal', () => {
  it('THEN they wrap at spaces, continuing under the text after a list marker, and a long URL stays whole', () => {
    const url = `https://example.com/${'a'.repeat(50)}`;
    const text = ['Amazon said it would invest fifty billion dollars in OpenAI.', '  2. What did OpenAI and Amazon announce together?', `      ${url}`].join('\n');
    expect(wrapText(text, 30)).toBe(
      [
        'Amazon said it would invest',
        'fifty billion dollars in',
        'OpenAI.',
        '  2. What did OpenAI and',
        '     Amazon announce together?',
        `      ${url}`,
      ].join('\n'),
    );
  });
});

describe('GIVEN piped input', () => {
  it('THEN only \\n or \\r\\n end a line, lines split across chunks join up, and a last line without \\n counts', async () => {
    const input = new PassThrough();
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of inputLines(input)) lines.push(line);
    })();
    input.write('one\rstill one\r');
    input.write('\ntw');
    input.write(Buffer.from('o é'.slice(0, 2)));
    // "é" split between two chunks must not turn into two replacement characters.
    const accent = Buffer.from('é');
    input.write(Buffer.concat([Buffer.from('o '), accent.subarray(0, 1)]));
    input.end(Buffer.concat([accent.subarray(1), Buffer.from('\n\nlast')]));
    await reading;
    expect(lines).toEqual(['one\rstill one', 'two o é', '', 'last']);
  });
});

describe('GIVEN the console chat recording (DATABASE_URL set)', () => {
  it('WHEN a number picks from a list THEN the pick is recorded as a choice under the reply the list came with', async () => {
    const choices: ChoiceRecord[] = [];
    const asked: AskedRecord[] = [];
    const recorder: ConversationRecorder = { asked: (record) => void asked.push(record), feedback: () => undefined, choice: (record) => void choices.push(record) };
    const conversation = new Conversation({ engine, logger: silentLogger(), recorder });
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const running = startConsoleChat({ engine, conversation, input, output, interactive: false });
    input.end('first question\n1\n');
    await running.done;
    const [first, picked] = asked;
    expect(first).toMatchObject({ platform: 'console', path: 'console', via: 'question', question: 'first question' });
    expect(choices).toEqual([expect.objectContaining({ platform: 'console', fromReply: first?.reply, entry: 'first question-1' })]);
    expect(picked).toMatchObject({ via: 'pick', question: 'first question question 1?' });
  });
});
