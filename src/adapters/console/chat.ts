// The console chat: the embedded default when no platform token is set. Interactive in a
// terminal (prompt, numbered follow-ups), line-by-line when piped (each question echoed above its
// answer, exits at EOF or /quit). The whole session is one conversation, so "and microsoft?" after
// a question is a follow-up; the conversation layer answers, this only reads lines and prints.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Conversation } from '../../conversation/conversation.js';
import { introduction } from '../../conversation/help.js';
import { MESSAGES } from '../../conversation/messages.js';
import type { Reply, Request } from '../../conversation/types.js';
import type { ServingEngine } from '../../engine/engine-holder.js';
import type { Answer, Suggestion } from '../../engine/types.js';
import { silentLogger, type Logger } from '../../logger.js';
import type { RunningAdapter } from '../adapter.js';
import { safeLine } from '../safe-text.js';
import { inputLines } from './input-lines.js';
import { renderAnswer, renderTimeline, renderTimelineError, wrapText } from './render.js';

export interface ConsoleChatOptions {
  engine: ServingEngine;
  /** The conversation layer to answer through (default: one of its own, with no rate limit). */
  conversation?: Conversation;
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
const CONSOLE_HELP = `Commands: ${COMMANDS}. After a list of questions, type its number to ask it.`;
/** Typed alone, one or two digits pick from the last list; a longer number is a question (a year, say). */
const PICK = /^\d{1,2}$/;
/** The whole console session is one conversation, of one person. */
const CONVERSATION = 'console';

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

/** A reply as the console prints it: a follow-up says what it was taken as, a note follows the answer. */
function renderReply(reply: Exclude<Reply, { kind: 'nothing' }>, numbered: boolean): string {
  switch (reply.kind) {
    case 'answer': {
      const help = reply.answer.reason === 'help';
      const answer = renderAnswer(help ? withoutRepeatedExamples(reply.answer) : reply.answer, { numbered });
      // The note (why a follow-up was read alone) comes first: the answer under it is what it explains.
      const lines = [reply.tookAs === null ? null : `↪ ${safeLine(MESSAGES.tookAs(reply.tookAs))}`, reply.note === null ? null : safeLine(reply.note), answer, help ? CONSOLE_HELP : null];
      return lines.filter((line): line is string => line !== null).join('\n');
    }
    case 'timeline':
      return renderTimeline(reply.timeline);
    case 'timeline-problem':
      return renderTimelineError(reply.error);
    case 'usage':
      return CONSOLE_HELP;
    default:
      return safeLine(reply.text);
  }
}

export function startConsoleChat(options: ConsoleChatOptions): ConsoleChat {
  const { engine, input, output, interactive, logger } = options;
  const conversation = options.conversation ?? new Conversation({ engine, logger: logger ?? silentLogger() });
  let lastSuggestions: Suggestion[] = [];
  /** The reply the last list came with: a pick from it continues that reply. */
  let lastReply: string | null = null;
  let open = true;
  const write = (text: string): void => {
    const width = options.width ?? (interactive ? (output as Writable & { columns?: number }).columns : undefined);
    output.write(`${width === undefined ? text : wrapText(text, width)}\n\n`);
  };

  const ask = async (request: Request): Promise<void> => {
    await conversation.respond({ platform: 'console', user: 'console', conversation: CONVERSATION, path: 'console', request }, async (reply) => {
      if (reply.kind === 'nothing') return undefined;
      // A list from a timeline or a notice ends the old one: a number no longer picks from it.
      lastSuggestions = reply.kind === 'answer' ? reply.answer.suggestions : [];
      lastReply = reply.kind === 'answer' ? reply.id : null;
      write(renderReply(reply, interactive));
      return undefined;
    });
  };

  /** False when the person is done. */
  const reply = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (text === '') return true;
    const command = text.startsWith('/') ? (text.split(/\s/, 1)[0] ?? text) : null;
    if (command === '/quit' || command === '/exit') return false;
    if (command === '/help') {
      await ask({ kind: 'question', text: '', via: 'message' });
      return true;
    }
    if (command === '/timeline') {
      await ask({ kind: 'timeline', text: text.slice('/timeline'.length) });
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
      await ask({ kind: 'pick', entry: picked.entry, reply: lastReply });
      return true;
    }
    await ask({ kind: 'question', text, via: 'message' });
    return true;
  };

  // The conversation layer catches its own failures and apologises; this only guards the chat's own code.
  const replySafely = async (line: string): Promise<boolean> => {
    try {
      return await reply(line);
    } catch (error) {
      // One bad line must not end the session.
      logger?.error({ adapter: 'console', err: error }, 'console reply failed');
      write(MESSAGES.somethingWentWrong);
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
    output.write(`${introduction(engine.knowledge.pack, `${COMMANDS}.`)}\n\n`);
    lines.setPrompt(PROMPT);
    lines.prompt();
    // Lines are answered one after another, in the order typed (a paste arrives all at once).
    let answering: Promise<void> = Promise.resolve();
    lines.on('line', (line) => {
      answering = answering.then(async () => {
        // readline still hands over lines it had buffered (a paste) after /quit closed it.
        if (!open) return;
        if (!(await replySafely(line))) {
          lines.close();
          return;
        }
        lines.prompt();
      });
    });
    stop = () => lines.close();
  } else {
    let stopping = false;
    done = (async () => {
      try {
        for await (const line of inputLines(input)) {
          // The question above its answer, as typed at the prompt, so a transcript reads in pairs.
          if (line.trim() !== '') output.write(`${PROMPT}${safeLine(line.trim())}\n`);
          if (!(await replySafely(line))) break;
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
