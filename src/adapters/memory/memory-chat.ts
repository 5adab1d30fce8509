// The in-memory adapter: a person (or a test, or a script) talking to the conversation layer with
// no platform in between. Multi-turn conversations run in microseconds, so follow-ups, buttons,
// expiry and limits are tested here; the loopback Slack and Discord tests stay for the wire.
import { BUTTON_PAYLOAD_LIMITS, encodeButton } from '../../conversation/buttons.js';
import type { Conversation } from '../../conversation/conversation.js';
import type { Incoming, Reply, Request } from '../../conversation/types.js';

export interface MemoryButton {
  label: string;
  payload: string;
}

export interface SayOptions {
  /** Who speaks (default: the chat's person). */
  user?: string;
  /** The conversation it belongs to (default: the chat's thread); null: none, as a one-off command. */
  thread?: string | null;
  /** A delivery id, to try a repeated delivery. */
  delivery?: string;
}

export class MemoryChat {
  /** Every reply, in order. */
  readonly replies: Reply[] = [];

  constructor(
    private readonly conversation: Conversation,
    private readonly defaults: { user: string; thread: string } = { user: 'memory:person', thread: 'memory:thread' },
  ) {}

  /** A message in the thread (a mention, a DM line). */
  ask(text: string, options: SayOptions = {}): Promise<Reply> {
    return this.send({ kind: 'question', text, via: 'message' }, 'message', options);
  }

  /** A slash command's question: empty gets the usage hint. */
  command(text: string, options: SayOptions = {}): Promise<Reply> {
    return this.send({ kind: 'question', text, via: 'command' }, '/ask', { thread: null, ...options });
  }

  timeline(text: string, options: SayOptions = {}): Promise<Reply> {
    return this.send({ kind: 'timeline', text }, '/timeline', { thread: null, ...options });
  }

  /** A click on a button, by its payload (see `buttons`). */
  click(payload: unknown, options: SayOptions = {}): Promise<Reply> {
    return this.send({ kind: 'button', payload }, 'button', { thread: null, ...options });
  }

  private send(request: Request, path: string, options: SayOptions): Promise<Reply> {
    const thread = options.thread === undefined ? this.defaults.thread : options.thread;
    const incoming: Incoming = {
      platform: 'memory',
      user: options.user ?? this.defaults.user,
      path,
      request,
      ...(thread === null ? {} : { conversation: thread }),
      ...(options.delivery === undefined ? {} : { deliveryKeys: [options.delivery] }),
    };
    return this.conversation.respond(incoming, async (reply) => {
      this.replies.push(reply);
    });
  }
}

/** The buttons a platform would put under a reply: related or clarify options, then the feedback pair. */
export function buttonsOf(reply: Reply): MemoryButton[] {
  if (reply.kind !== 'answer') return [];
  const encode = (action: Parameters<typeof encodeButton>[0]): string => encodeButton(action, BUTTON_PAYLOAD_LIMITS.discord) ?? '';
  const options = reply.answer.suggestions.map((suggestion) => ({ label: suggestion.question, payload: encode({ kind: 'ask', reply: reply.id, entry: suggestion.entry }) }));
  const feedback = reply.answer.answered
    ? [true, false].map((helpful) => ({ label: helpful ? 'Helpful' : 'Not helpful', payload: encode({ kind: 'feedback', reply: reply.id, helpful, entry: null }) }))
    : [];
  return [...options, ...feedback].filter((button) => button.payload !== '');
}

/** A reply as plain lines: what it was taken as, the text, its note; notices as their text. */
export function textOf(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return [reply.tookAs, reply.answer.text, reply.note].filter((line): line is string => line !== null).join('\n');
    case 'notice':
      return reply.text;
    case 'timeline':
      return reply.timeline.overview;
    case 'timeline-problem':
      return reply.error.message;
    case 'usage':
      return reply.example;
    default:
      return '';
  }
}
