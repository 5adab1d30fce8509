// Engine data → Discord message parts. Pure: no client, no I/O, so the render contract can run
// without a gateway. Every message carries allowedMentions that ping nobody, whatever the text says.
import { ButtonStyle } from 'discord.js';
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { MESSAGES as SHARED } from '../../conversation/messages.js';
import type { SentReply } from '../../conversation/types.js';
import type { Answer, SourceRef, Timeline, TimelineEvent } from '../../engine/types.js';
import { feedbackRow, suggestionRows, type ButtonRow } from './buttons.js';
import { EMBED_LIMITS, fieldsLength } from './limits.js';
import { MESSAGES } from './messages.js';
import { safeLine } from '../safe-text.js';
import { markdownLink, markdownText, plainText, truncate } from './render-text.js';

export type { ButtonRow } from './buttons.js';
export { EMBED_LIMITS, limitViolations } from './limits.js';

/** Nobody is pinged and replying does not ping the asker either. */
export interface SilentMentions {
  parse: [];
  repliedUser: false;
}

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: SilentMentions;
  /** Honoured for interaction replies only; channel messages cannot be ephemeral. */
  ephemeral: boolean;
}

/** Room always left for the answer text, however many sources there are. */
const MIN_DESCRIPTION = 600;
/** The echoed question is context, not content; a long one is cut well before Discord's limit. */
const ASKED_MAX = 300;
/** A date label is a few words ("27 Feb 2026"); anything longer is cut. */
const DATE_LABEL_MAX = 40;

const COLOURS = { answered: 0x5865f2, unsure: 0x99aab5, timeline: 0x3ba55c } as const;

const silent = (): SilentMentions => ({ parse: [], repliedUser: false });

export interface AnswerOptions {
  /** The reply id the buttons carry (null: buttons that name only their entry). */
  reply?: string | null;
  /** The question a follow-up was taken as: shown above the title. */
  tookAs?: string | null;
  /** A line under the answer (the conversation's context had expired, say): shown as the footer. */
  note?: string | null;
}

export function renderAnswer(answer: Answer, options: AnswerOptions = {}): RenderedMessage {
  const reply = options.reply ?? null;
  if (answer.timeline) {
    const rendered = renderTimeline(answer.timeline);
    const feedback = answer.entry === null ? [] : feedbackRow(reply);
    return { ...rendered, components: [...rendered.components, ...feedback].slice(0, EMBED_LIMITS.rows) };
  }

  const title = answer.matchedQuestion === null ? undefined : truncate(markdownText(answer.matchedQuestion, EMBED_LIMITS.title), EMBED_LIMITS.title);
  // A follow-up says what it was taken as above the title; then "Asked:" would only repeat it.
  const tookAs = options.tookAs ? truncate(plainText(SHARED.tookAs(options.tookAs)), ASKED_MAX) : undefined;
  const footer = options.note ? truncate(plainText(options.note), EMBED_LIMITS.footer) : tookAs === undefined ? askedFooter(answer) : undefined;
  const asked = [tookAs, footer].filter((line): line is string => line !== undefined).join('');
  // Sources come before prose in the budget: the answer text can be cut, a citation cannot.
  const sourcesBudget = EMBED_LIMITS.total - (title?.length ?? 0) - asked.length - MIN_DESCRIPTION;
  const sourceFields = sourcesFields(answer.sources, sourcesBudget);
  const used = (title?.length ?? 0) + asked.length + fieldsLength(sourceFields);
  const descriptionBudget = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - used);

  const description = truncate(markdownText(answer.text, descriptionBudget), descriptionBudget);
  const embed: APIEmbed = { color: answer.answered ? COLOURS.answered : COLOURS.unsure };
  if (description !== '') embed.description = description;
  if (title !== undefined) embed.title = title;
  if (sourceFields.length > 0) embed.fields = sourceFields;
  if (tookAs !== undefined) embed.author = { name: tookAs };
  if (footer !== undefined) embed.footer = { text: footer };

  const suggestionStyle = answer.kind === 'clarify' ? ButtonStyle.Primary : ButtonStyle.Secondary;
  const components = [
    ...suggestionRows(answer.suggestions, suggestionStyle, reply),
    ...(answer.answered && answer.entry !== null ? feedbackRow(reply) : []),
  ].slice(0, EMBED_LIMITS.rows);

  return { embeds: [embed], components, allowedMentions: silent(), ephemeral: false };
}

/**
 * Events go into the description, one line each with their source links, until the description or
 * the 6,000-character embed total would overflow; the last line then says how many were left out.
 * Fields are not used: 25 of them would hold fewer events than the description does.
 */
export function renderTimeline(timeline: Timeline): RenderedMessage {
  const title = truncate(markdownText(MESSAGES.timelineTitle(timeline.topic), EMBED_LIMITS.title), EMBED_LIMITS.title);
  // Room kept back for the "N more events" line, so adding it never breaks a limit.
  const moreLineReserve = MESSAGES.moreEvents(999_999).length + 2;
  const budget = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - title.length) - moreLineReserve;

  const range = MESSAGES.timelineRange(timeline.from, timeline.to);
  const headerRoom = Math.floor(budget / 2);
  const header = [markdownText(timeline.overview, headerRoom), range === null ? null : `*${markdownText(range, headerRoom)}*`]
    .filter((line): line is string => line !== null)
    .join('\n');

  const lines: string[] = [truncate(header, headerRoom)];
  let length = lines[0]?.length ?? 0;
  // Share the room among the events, so a long chronology shows every event (shortened) with its
  // sources rather than the first few in full.
  const fixedParts = timeline.events.reduce((sum, event) => sum + eventFixedLength(event) + 1, 0);
  const share = Math.floor((budget - length - fixedParts) / Math.max(1, timeline.events.length));
  const textCap = Math.max(MIN_EVENT_TEXT, Math.min(MAX_EVENT_TEXT, share));
  let shown = 0;
  for (const event of timeline.events) {
    const remaining = budget - length - 1;
    const line = eventLine(event, remaining, textCap);
    if (line === null) break;
    lines.push(line);
    length += line.length + 1;
    shown += 1;
  }

  const hidden = Math.max(timeline.total, timeline.events.length) - shown;
  if (shown === 0 && hidden === 0) lines.push(MESSAGES.noEvents);
  if (hidden > 0) lines.push(`\n${MESSAGES.moreEvents(hidden)}`);

  const embed: APIEmbed = { color: COLOURS.timeline, title, description: lines.join('\n') };
  return { embeds: [embed], components: [], allowedMentions: silent(), ephemeral: false };
}

/** A short message with no embed: errors, acknowledgements, input problems. */
export function renderNotice(text: string, options: { ephemeral: boolean }): RenderedMessage {
  return {
    content: truncate(neutralisedContent(text), EMBED_LIMITS.content),
    embeds: [],
    components: [],
    allowedMentions: silent(),
    ephemeral: options.ephemeral,
  };
}

// Notices are written by this adapter (some with deliberate markdown such as `examples`); only the
// parts that came from people or the engine are escaped by their callers.
function neutralisedContent(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1');
}

function askedFooter(answer: Answer): string | undefined {
  const asked = plainText(answer.question);
  if (asked === '') return undefined;
  const matched = answer.matchedQuestion === null ? '' : plainText(answer.matchedQuestion);
  if (asked.toLowerCase() === matched.toLowerCase()) return undefined;
  return truncate(MESSAGES.askedFooter(asked), ASKED_MAX);
}

function sourceLine(source: SourceRef, room: number): string {
  const tail = ` — ${markdownText(source.publisher)}, ${markdownText(source.date)}`;
  const bare = markdownLink('', source.url);
  const titleRoom = Math.max(room - tail.length - bare.length, 12);
  return markdownLink(source.title, source.url, titleRoom) + tail;
}

/**
 * Sources as link lines, packed into as many 1,024-character fields as they need. Titles shrink so
 * that all of them fit in `budget`; only if even short titles cannot fit are the last ones
 * summarised as "and N more".
 */
function sourcesFields(sources: readonly SourceRef[], budget: number): APIEmbedField[] {
  if (sources.length === 0) return [];
  // Each field holds at least half a field's worth of lines (a line is at most half a field when
  // there are enough sources to need several fields), so this bounds the field count.
  const fieldNameReserve = (MESSAGES.sourcesContinued.length + 1) * Math.ceil(budget / (EMBED_LIMITS.fieldValue / 2));
  const room = Math.min(EMBED_LIMITS.fieldValue, Math.floor((budget - fieldNameReserve) / sources.length) - 1);
  const fields: APIEmbedField[] = [];
  let lines: string[] = [];
  let spent = 0;
  const flush = (): void => {
    if (lines.length === 0) return;
    const name = fields.length === 0 ? MESSAGES.sourcesHeading : MESSAGES.sourcesContinued;
    fields.push({ name, value: lines.join('\n') });
    lines = [];
  };
  const pushLine = (line: string): void => {
    const current = lines.reduce((sum, existing) => sum + existing.length + 1, 0);
    if (current + line.length > EMBED_LIMITS.fieldValue) flush();
    lines.push(line);
  };
  for (const [index, source] of sources.entries()) {
    const line = sourceLine(source, room);
    const last = index === sources.length - 1;
    const more = MESSAGES.moreSources(sources.length - index);
    if (spent + line.length + (last ? 0 : more.length) + fieldNameReserve > budget || fields.length === EMBED_LIMITS.fields) {
      pushLine(more);
      break;
    }
    pushLine(line);
    spent += line.length + 1;
  }
  flush();
  return fields.slice(0, EMBED_LIMITS.fields);
}

/** An event's text is cut to no less than this when many events share the room, and no more than the second. */
const MIN_EVENT_TEXT = 60;
const MAX_EVENT_TEXT = 600;

function eventParts(event: TimelineEvent): { date: string; cited: string } {
  const date = `**${truncate(markdownText(event.dateLabel, DATE_LABEL_MAX), DATE_LABEL_MAX)}**`;
  const links = event.sources.map((source) => markdownLink(source.publisher, source.url)).join(', ');
  return { date, cited: links === '' ? '' : ` (${links})` };
}

function eventFixedLength(event: TimelineEvent): number {
  const { date, cited } = eventParts(event);
  return `${date} — ${cited}`.length;
}

function eventLine(event: TimelineEvent, room: number, textCap = MAX_EVENT_TEXT): string | null {
  const { date, cited } = eventParts(event);
  const fixed = `${date} — ${cited}`.length;
  // An event is shown with its sources or not at all; its text is shortened to its share of the room.
  const textRoom = Math.min(room - fixed, textCap);
  if (textRoom < 40) return null;
  return `${date} — ${truncate(markdownText(event.text, textRoom), textRoom)}${cited}`;
}

/** A reply of the conversation layer as a Discord message (a `nothing` reply is never sent). Notices go to the asker alone where Discord allows. */
export function renderReply(reply: SentReply): RenderedMessage {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, { reply: reply.id, tookAs: reply.tookAs, note: reply.note });
    case 'timeline':
      return renderTimeline(reply.timeline);
    case 'timeline-problem':
      // The message quotes what was typed into `topic`, `from` or `to`.
      return renderNotice(MESSAGES.timelineProblem(markdownText(safeLine(reply.error.message))), { ephemeral: true });
    case 'usage':
      return renderNotice(MESSAGES.askUsage(markdownText(reply.example)), { ephemeral: true });
    default:
      return renderNotice(markdownText(reply.text), { ephemeral: true });
  }
}
