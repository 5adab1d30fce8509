// The console chat: the embedded default when no platform token is set. Interactive in a
// terminal (prompt, numbered follow-ups), line-by-line when piped (each question echoed above its
// answer, exits at EOF or /quit).
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../engine/engine.js';
import type { Answer, Suggestion } from '../../engine/types.js';
import type { Logger } from '../../logger.js';
import type { RunningAdapter } from '../adapter.js';
import { safeLine } from '../safe-text.js';
import { inputLines } from './input-lines.js';
import { renderAnswer, renderTimeline, renderTimelineError, wrapText } from './render.js';

export interface ConsoleChatOptions {
  engine: Engine;
  input: Readable;
  output: Writable;
  /** A terminal gets a prompt and a greeting; a pipe gets each question echoed above its answer. */
  interactive: boolean;
  /**
   * Wrap replies at spaces to this many columns. Default: the terminal's width when interactive
   * (a terminal wraps long lines mid-word), none when piped (a pipe has no width).
   */
  width?: number;
  logger?: Logger;
}

export interface ConsoleChat extends RunningAdapter {
  /** Settles when input ends or the person types /quit. */
  done: Promise<void>;
}

const PROMPT = 'you › ';
const COMMANDS = '/timeline [topic] [range] (e.g. /timeline amazon 2026), /help, /quit';
const WELCOME = 'footnote — ask about OpenAI, Microsoft and Amazon\'s cloud politics. /timeline [topic] [range], /help, /quit.';
const CONSOLE_HELP = `Commands: ${COMMANDS}. After a list of questions, type its number to ask it.`;
/** Typed alone, one or two digits pick from the last list; a longer number is a question (a year, say). */
const PICK = /^\d{1,2}$/;

const unknownCommand = (command: string): string => `Unknown command ${safeLine(command).slice(0, 40)}. Commands: ${COMMANDS}.`;
const noSuchOption = (typed: string, count: number): string =>
  count === 0
    ? `There is no list to pick ${typed} from. Type a question, or /help for examples.`
    : `No such option: ${typed}. Type a number from 1 to ${count}, or a question.`;

/**
 * The help text names its example questions, and the list under it names them again. They are
 * said once, in the list, which is the one that can be picked from by number.
 */
function withoutRepeatedExamples(help: Answer): Answer {
  const questions = help.suggestions.map((suggestion) => suggestion.question);
  const sentences = help.text.split(/(?<=[.!?])\s+/);
  const kept = sentences.filter((sentence) => !questions.some((question) => sentence.includes(question)));
  return kept.length === 0 || kept.length === sentences.length ? help : { ...help, text: kept.join(' ') };
}

export function startConsoleChat(options: ConsoleChatOptions): ConsoleChat {
  const { engine, input, output, interactive, logger } = options;
  let lastSuggestions: Suggestion[] = [];
  let open = true;
  const write = (text: string): void => {
    const width = options.width ?? (interactive ? (output as Writable & { columns?: number }).columns : undefined);
    output.write(`${width === undefined ? text : wrapText(text, width)}\n\n`);
  };

  const ask = (question: string): boolean => {
    const answer = engine.answer(question);
    lastSuggestions = answer.suggestions;
    write(renderAnswer(answer, { numbered: interactive }));
    logger?.debug({ adapter: 'console', entry: answer.entry, kind: answer.kind, confidence: answer.confidence }, 'answered');
    return true;
  };

  /** False when the person is done. */
  const reply = (line: string): boolean => {
    const text = line.trim();
    if (text === '') return true;
    const command = text.startsWith('/') ? (text.split(/\s/, 1)[0] ?? text) : null;
    if (command === '/quit' || command === '/exit') return false;
    if (command === '/help') {
      const help = engine.help();
      lastSuggestions = help.suggestions;
      write(`${renderAnswer(withoutRepeatedExamples(help), { numbered: interactive })}\n${CONSOLE_HELP}`);
      return true;
    }
    if (command === '/timeline') {
      const result = engine.timelineFromText(text.slice('/timeline'.length));
      lastSuggestions = [];
      write(result.ok ? renderTimeline(result.timeline) : renderTimelineError(result.error));
      return true;
    }
    if (command !== null) {
      write(unknownCommand(command));
      return true;
    }
    if (PICK.test(text)) {
      const picked = lastSuggestions[Number(text) - 1];
      if (picked === undefined) {
        write(noSuchOption(text, lastSuggestions.length));
        return true;
      }
      return ask(picked.question);
    }
    return ask(text);
  };

  const replySafely = (line: string): boolean => {
    try {
      return reply(line);
    } catch (error) {
      // One bad line must not end the session.
      logger?.error({ adapter: 'console', err: error }, 'console reply failed');
      write('Sorry — something went wrong answering that. Please try again.');
      return true;
    }
  };

  let stop: () => void;
  let done: Promise<void>;
  if (interactive) {
    const lines = createInterface({ input, output, terminal: true });
    done = new Promise<void>((resolve) => {
      lines.on('close', () => {
        open = false;
        resolve();
      });
    });
    output.write(`${WELCOME}\n\n`);
    lines.setPrompt(PROMPT);
    lines.prompt();
    lines.on('line', (line) => {
      // readline still hands over lines it had buffered (a paste) after /quit closed it.
      if (!open) return;
      if (!replySafely(line)) {
        lines.close();
        return;
      }
      lines.prompt();
    });
    stop = () => lines.close();
  } else {
    let stopping = false;
    done = (async () => {
      try {
        for await (const line of inputLines(input)) {
          // The question above its answer, as typed at the prompt, so a transcript reads in pairs.
          if (line.trim() !== '') output.write(`${PROMPT}${safeLine(line.trim())}\n`);
          if (!replySafely(line)) break;
        }
      } catch (error) {
        // Stopping destroys the input, which ends the loop with a premature-close error.
        if (!stopping) logger?.error({ adapter: 'console', err: error }, 'console input failed');
      } finally {
        open = false;
      }
    })();
    stop = () => {
      stopping = true;
      input.destroy();
    };
  }

  return {
    name: 'console',
    done,
    isReady: () => open,
    stop: async () => {
      stop();
      await done;
    },
  };
}
