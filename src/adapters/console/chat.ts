// The console chat: the embedded default when no platform token is set. Interactive in a
// terminal (prompt, numbered follow-ups), line-by-line when piped (answers each line, exits at EOF).
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../engine/engine.js';
import type { Suggestion } from '../../engine/types.js';
import type { Logger } from '../../logger.js';
import type { RunningAdapter } from '../adapter.js';
import { renderAnswer, renderTimeline, renderTimelineError } from './render.js';

export interface ConsoleChatOptions {
  engine: Engine;
  input: Readable;
  output: Writable;
  /** A terminal gets a prompt and a greeting; a pipe gets answers only. */
  interactive: boolean;
  logger?: Logger;
}

export interface ConsoleChat extends RunningAdapter {
  /** Settles when input ends or the person types /quit. */
  done: Promise<void>;
}

const PROMPT = 'you › ';
const WELCOME = 'footnote — ask about OpenAI, Microsoft and Amazon\'s cloud politics. /timeline [topic] [range], /help, /quit.';
const CONSOLE_HELP = 'Commands: /timeline [topic] [range] (e.g. /timeline amazon 2026), /help, /quit. After a list of questions, type its number to ask it.';

export function startConsoleChat(options: ConsoleChatOptions): ConsoleChat {
  const { engine, input, output, interactive, logger } = options;
  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  let lastSuggestions: Suggestion[] = [];
  let open = true;
  const write = (text: string): void => {
    output.write(`${text}\n${interactive ? '\n' : ''}`);
  };

  const reply = (line: string): boolean => {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') return false;
    if (text === '') return true;
    if (text === '/help') {
      write(`${renderAnswer(engine.help())}\n${CONSOLE_HELP}`);
      return true;
    }
    if (text === '/timeline' || text.startsWith('/timeline ')) {
      const result = engine.timelineFromText(text.slice('/timeline'.length));
      write(result.ok ? renderTimeline(result.timeline) : renderTimelineError(result.error));
      return true;
    }
    const picked = /^\d$/.test(text) ? lastSuggestions[Number(text) - 1] : undefined;
    const answer = engine.answer(picked ? picked.question : text);
    lastSuggestions = answer.suggestions;
    write(renderAnswer(answer, { numbered: interactive }));
    logger?.debug({ adapter: 'console', entry: answer.entry, kind: answer.kind, confidence: answer.confidence }, 'answered');
    return true;
  };

  const done = new Promise<void>((resolve) => {
    lines.on('close', () => {
      open = false;
      resolve();
    });
  });
  if (interactive) {
    output.write(`${WELCOME}\n\n`);
    lines.setPrompt(PROMPT);
    lines.prompt();
  }
  lines.on('line', (line) => {
    let keepGoing = true;
    try {
      keepGoing = reply(line);
    } catch (error) {
      // One bad line must not end the session.
      logger?.error({ adapter: 'console', err: error }, 'console reply failed');
      write('Sorry — something went wrong answering that. Please try again.');
    }
    if (!keepGoing) {
      lines.close();
      return;
    }
    if (interactive) lines.prompt();
  });

  return {
    name: 'console',
    done,
    isReady: () => open,
    stop: async () => {
      lines.close();
      await done;
    },
  };
}
