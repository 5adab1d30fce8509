// Answer / Timeline → a Slack message: Block Kit blocks plus the plain `text` that notifications and
// block-less clients show. Pure: no I/O, no Bolt runtime, the same input gives the same message.
// Every text is escaped, every mrkdwn object is `verbatim` (so Slack does not auto-link "@channel"
// typed as plain words), and Block Kit's limits (3,000 characters a text, 50 blocks) always hold.
import type { types as SlackTypes } from '@slack/bolt';
import { BUTTON_PAYLOAD_LIMITS, encodeButton } from '../../conversation/buttons.js';
import { MESSAGES as SHARED } from '../../conversation/messages.js';
import type { SentReply } from '../../conversation/types.js';
import type { Answer, SourceRef, Suggestion, Timeline, TimelineEvent } from '../../engine/types.js';
import { MESSAGES } from './messages.js';
import { escapeMrkdwn, humanDate, mrkdwnLink, truncate } from './mrkdwn.js';

// Slack wants action_ids unique within a block, so the option buttons are numbered; what a click
// does is in the button's value (the shared codec, src/conversation/buttons.ts), not in its id.
export const ASK_ACTION_PREFIX = 'footnote.ask.';
export const FEEDBACK_HELPFUL = 'footnote.feedback.helpful';
export const FEEDBACK_NOT_HELPFUL = 'footnote.feedback.not_helpful';

export type Block = SlackTypes.KnownBlock;
type Button = SlackTypes.Button;

export interface SlackMessage {
  /** Fallback for notifications and clients without blocks; carries the source links too. */
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** Slack user id of the person who asked, shown above a reply posted for everyone. */
  askedBy?: string;
  /** What they typed (for `/timeline`, the query), echoed escaped under their name. */
  asked?: string;
  /** The reply id the buttons carry (null: buttons that name only their entry). */
  reply?: string | null;
  /** The question a follow-up was taken as, shown above the answer. */
  tookAs?: string | null;
  /** A line shown under the answer (the conversation's context had expired, say). */
  note?: string | null;
}

export const BLOCK_KIT_LIMITS = Object.freeze({
  textChars: 3000,
  blocks: 50,
  buttonLabelChars: 75,
  buttonValueChars: BUTTON_PAYLOAD_LIMITS.slack,
  actionsElements: 25,
  contextElements: 10,
  /** Slack truncates a message's `text` beyond this. */
  fallbackChars: 40_000,
});

const mrkdwn = (text: string): SlackTypes.MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, BLOCK_KIT_LIMITS.textChars),
  verbatim: true,
});

const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
/** Slack rejects a text object with no words in it. */
const orEllipsis = (text: string): string => (text.trim() === '' ? '…' : text);
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });

// Titles and publishers are capped so one long source cannot push a link past the text limit
// (a text cut in the middle of `<url|title>` would show no link at all).
const sourceLink = (source: SourceRef): string => mrkdwnLink(source.url, truncate(source.title, 300));

function sourceLine(source: SourceRef): string {
  return `• ${sourceLink(source)} — ${escapeMrkdwn(truncate(source.publisher, 200))}, ${humanDate(source.date)}`;
}

/** The sources list, split over as many sections as needed to keep each under the text limit. */
function sourceBlocks(sources: SourceRef[]): Block[] {
  if (sources.length === 0) return [];
  const blocks: Block[] = [];
  let current: string = MESSAGES.sourcesHeading;
  for (const source of sources) {
    const line = sourceLine(source);
    if (current.length + 1 + line.length > BLOCK_KIT_LIMITS.textChars) {
      blocks.push(section(current));
      current = line;
    } else {
      current = `${current}\n${line}`;
    }
  }
  blocks.push(section(current));
  return blocks;
}

// Slack decodes &amp; &lt; &gt; in plain_text too, so labels are escaped like everything else.
const label = (text: string): SlackTypes.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(escapeMrkdwn(text), BLOCK_KIT_LIMITS.buttonLabelChars),
  emoji: true,
});

function askButton(suggestion: Suggestion, index: number, reply: string | null): Button | null {
  const value = encodeButton({ kind: 'ask', reply, entry: suggestion.entry }, BLOCK_KIT_LIMITS.buttonValueChars);
  return value === null ? null : { type: 'button', action_id: `${ASK_ACTION_PREFIX}${index}`, text: label(suggestion.question), value };
}

function suggestionBlocks(answer: Answer, reply: string | null): Block[] {
  // A button needs words on it; a blank question (never from the engine) is left out.
  const suggestions = answer.suggestions.filter((suggestion) => suggestion.question.trim() !== '').slice(0, BLOCK_KIT_LIMITS.actionsElements);
  const buttons = suggestions.map((suggestion, index) => askButton(suggestion, index, reply)).filter((button): button is Button => button !== null);
  if (buttons.length === 0) return [];
  const heading = answer.answered
    ? MESSAGES.relatedHeading
    : answer.kind === 'smalltalk'
      ? MESSAGES.examplesHeading
      : MESSAGES.suggestionsHeading;
  return [context(heading), { type: 'actions', elements: buttons }];
}

function feedbackBlocks(answer: Answer, reply: string | null): Block[] {
  if (!answer.answered || answer.entry === null) return [];
  const button = (helpful: boolean): Button | null => {
    const value = encodeButton({ kind: 'feedback', reply, helpful, entry: null }, BLOCK_KIT_LIMITS.buttonValueChars);
    return value === null ? null : { type: 'button', action_id: helpful ? FEEDBACK_HELPFUL : FEEDBACK_NOT_HELPFUL, text: label(helpful ? MESSAGES.helpfulLabel : MESSAGES.notHelpfulLabel), value };
  };
  const buttons = [button(true), button(false)].filter((element): element is Button => element !== null);
  return buttons.length === 0 ? [] : [context(MESSAGES.feedbackPrompt), { type: 'actions', elements: buttons }];
}

function eventBlock(event: TimelineEvent): Block {
  const links = event.sources.map(sourceLink).join(' · ');
  const date = `*${escapeMrkdwn(event.dateLabel)}* — `;
  // The links are what make the event checkable, so the event text gives way to them.
  const room = BLOCK_KIT_LIMITS.textChars - date.length - links.length - 1;
  return section(`${date}${truncate(escapeMrkdwn(event.text), Math.max(room, 1))}\n${links}`);
}

/** As many events as `room` blocks allow, plus a line saying how many more there are. */
function eventBlocks(timeline: Timeline, room: number): { blocks: Block[]; shown: number } {
  const total = Math.max(timeline.total, timeline.events.length);
  const fitsAll = timeline.events.length === total && total <= room;
  const shown = fitsAll ? total : Math.max(0, Math.min(timeline.events.length, room - 1));
  const blocks = timeline.events.slice(0, shown).map(eventBlock);
  if (shown < total) blocks.push(context(MESSAGES.timelineMore(total - shown)));
  return { blocks, shown };
}

function askedByBlocks(options: RenderOptions, timeline: boolean): Block[] {
  if (options.askedBy === undefined) return [];
  const asked = options.asked ?? '';
  return [context(timeline ? MESSAGES.askedForTimeline(options.askedBy, asked) : MESSAGES.askedBy(options.askedBy, asked))];
}

function fallbackText(lead: string, sources: SourceRef[], options: RenderOptions, timeline: boolean): string {
  const parts: string[] = [];
  if (options.askedBy !== undefined) {
    const asked = options.asked ?? '';
    parts.push(timeline ? MESSAGES.askedForTimeline(options.askedBy, asked) : MESSAGES.askedBy(options.askedBy, asked));
  }
  parts.push(escapeMrkdwn(orEllipsis(lead)));
  const unique = [...new Map(sources.map((source) => [source.url, source])).values()];
  if (unique.length > 0) {
    parts.push(MESSAGES.sourceFallback(unique.map(sourceLink).join(', ')));
  }
  return truncate(parts.join('\n'), BLOCK_KIT_LIMITS.fallbackChars);
}

export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage {
  const reply = options.reply ?? null;
  const tookAs = options.tookAs ? [context(MESSAGES.tookAs(options.tookAs))] : [];
  const note = options.note ? [context(MESSAGES.shared(options.note))] : [];
  const head = [...askedByBlocks({ asked: answer.question, ...options }, false), ...tookAs, section(escapeMrkdwn(orEllipsis(answer.text))), ...note];
  const tail = [...sourceBlocks(answer.sources), ...suggestionBlocks(answer, reply), ...feedbackBlocks(answer, reply)];
  let middle: Block[] = [];
  let timelineSources: SourceRef[] = [];
  if (answer.timeline !== undefined) {
    const { blocks, shown } = eventBlocks(answer.timeline, BLOCK_KIT_LIMITS.blocks - head.length - tail.length);
    middle = blocks;
    timelineSources = answer.timeline.events.slice(0, shown).flatMap((event) => event.sources);
  }
  const lead = [options.tookAs ? SHARED.tookAs(options.tookAs) : null, answer.text, options.note ?? null].filter((line): line is string => line !== null).join('\n');
  return {
    text: fallbackText(lead, [...answer.sources, ...timelineSources], { asked: answer.question, ...options }, false),
    blocks: [...head, ...middle, ...tail].slice(0, BLOCK_KIT_LIMITS.blocks),
  };
}

export function renderTimeline(timeline: Timeline, options: RenderOptions = {}): SlackMessage {
  const head = [...askedByBlocks(options, true), section(escapeMrkdwn(orEllipsis(timeline.overview)))];
  const { blocks, shown } = eventBlocks(timeline, BLOCK_KIT_LIMITS.blocks - head.length);
  const total = Math.max(timeline.total, timeline.events.length);
  // The overview already counts the events; the fallback only adds how many fit in this message.
  const lead = shown < total ? `${timeline.overview} (${MESSAGES.timelineCount(shown, total)})` : timeline.overview;
  const sources = timeline.events.slice(0, shown).flatMap((event) => event.sources);
  return { text: fallbackText(lead, sources, options, true), blocks: [...head, ...blocks] };
}

/** A short notice (usage hint, thanks, apology): already mrkdwn, written by MESSAGES. */
export function renderNotice(text: string): SlackMessage {
  return { text: truncate(orEllipsis(text), BLOCK_KIT_LIMITS.fallbackChars), blocks: [section(orEllipsis(text))] };
}

/** A reply of the conversation layer as a Slack message (a `nothing` reply is never sent). */
export function renderReply(reply: SentReply, options: Pick<RenderOptions, 'askedBy' | 'asked'> = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, { ...(options.askedBy === undefined ? {} : { askedBy: options.askedBy }), reply: reply.id, tookAs: reply.tookAs, note: reply.note });
    case 'timeline':
      return renderTimeline(reply.timeline, options);
    case 'timeline-problem':
      return renderNotice(MESSAGES.timelineProblem(reply.error.message, reply.error.example));
    case 'usage':
      return renderNotice(MESSAGES.askUsage(reply.example));
    default:
      return renderNotice(MESSAGES.shared(reply.text));
  }
}
