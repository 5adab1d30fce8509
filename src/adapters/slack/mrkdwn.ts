// Slack's text format at the edges. Outbound: Slack turns `<!channel>`, `<@U…>` and `<#C…>` into
// live mentions, so every piece of text that is not ours is escaped (&, <, >) before it enters a
// message. Inbound: Slack sends `&`, `<`, `>` escaped and wraps links and mentions in `<…>`; the
// engine gets the text as the person typed it.
import { wellFormed } from '../safe-text.js';

export function escapeMrkdwn(text: string): string {
  return wellFormed(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The first `max` UTF-16 units, one fewer if the cut would split a surrogate pair. */
export function sliceUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/**
 * A link control sequence. The label is escaped; in the URL only the characters that would end the
 * sequence early are percent-encoded (Slack does not decode entities there, so `&` stays as is).
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C').replace(/\s/g, '%20');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** Cut to at most `max` characters, marking the cut, without splitting an escape like `&amp;` or an emoji. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = sliceUnits(text, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';') && amp > cut.length - 6) cut = cut.slice(0, amp);
  return `${cut}…`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-02-27" → "27 Feb 2026"; "2026-08" → "Aug 2026"; anything else unchanged. */
export function humanDate(date: string): string {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (match === null) return date;
  const [, year, month, day] = match;
  const monthName = month === undefined ? undefined : MONTHS[Number(month) - 1];
  if (monthName === undefined) return year ?? date;
  return day === undefined ? `${monthName} ${year}` : `${Number(day)} ${monthName} ${year}`;
}

/**
 * Text of a mention or DM as the person typed it: the bot's own mention removed, links reduced to
 * their label, entities decoded. Other mentions stay as written; the renderer escapes them.
 */
export function questionFromSlackText(text: string, botUserId: string | undefined): string {
  let question = text;
  if (botUserId !== undefined) {
    question = question.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
  }
  question = question.replace(/<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>/g, (_match, url: string, label?: string) =>
    label !== undefined && label !== '' ? label : url,
  );
  return decodeEntities(question).replace(/\s+/g, ' ').trim();
}

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
