// Text helpers for embeds. Engine text is plain text and questions are whatever a person typed, so
// both are escaped before Discord's markdown sees them, and anything shaped like a mention is
// broken with a zero-width space. allowedMentions already stops pings; this keeps the text itself
// from ever reading as a live mention if it is copied, quoted or shown in a notification.
import { escapeMarkdown } from 'discord.js';
import { safeLine, wellFormed } from '../safe-text.js';

const ZERO_WIDTH_SPACE = '\u200b';

export function neutraliseMentions(text: string): string {
  return wellFormed(text)
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(@[!&]?|#)(\d)/g, `<${ZERO_WIDTH_SPACE}$1$2`);
}

/** The longest markdown surface (an embed description); no caller can show more than this. */
const MARKDOWN_INPUT_MAX = 4096;

/**
 * For places Discord renders markdown: embed titles, descriptions, field values, content. `max` is
 * the room the caller will cut the result to: escapeMarkdown's lookbehinds make it quadratic in the
 * length of a line (10,000 characters without a break take ~250 ms), so only what can be shown is
 * escaped. The cut text ends in "…" and stays longer than `max`, so the caller's truncate still cuts.
 */
export function markdownText(text: string, max = MARKDOWN_INPUT_MAX): string {
  const limit = Math.max(0, Math.min(max, MARKDOWN_INPUT_MAX));
  const shown = text.length > limit + 1 ? `${sliceUnits(text, limit)}…` : text;
  // escapeMarkdown's own masked-link rule is left off: escapeBrackets covers every link it would
  // catch (and some it misses), and its pattern backtracks cubically on input like "[](" repeated
  // (4,000 characters: ~1 s). Its emphasis rules, quadratic on long lines, only run when there is
  // an "*" or "_" for them to escape, which gives the same result.
  const emphasis = /[*_]/.test(shown);
  const escaped = escapeMarkdown(shown, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: false,
    italic: emphasis,
    bold: emphasis,
    underline: emphasis,
  });
  return neutraliseMentions(escapeBrackets(escaped));
}

/** The first `max` UTF-16 units, one fewer if the cut would split a surrogate pair. */
function sliceUnits(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * escapeMarkdown's maskedLink option misses some links ("[](https://…)" with an empty label is one),
 * so every bracket it left bare is escaped too: with no bare "[" or "]" no text can become a link.
 * escapeMarkdown doubles every backslash, so reading `\x` pairs left to right finds exactly the
 * brackets that are still bare.
 */
function escapeBrackets(markdown: string): string {
  return markdown.replace(/\\[\s\S]|[[\]]/g, (token) => (token.length === 2 ? token : `\\${token}`));
}

/** For places Discord shows verbatim (footers, button labels, autocomplete names): escaping would show backslashes. */
export function plainText(text: string): string {
  return neutraliseMentions(safeLine(text).replace(/\s+/g, ' ').trim());
}

/** Cuts to at most `max` UTF-16 units, never between the halves of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  let head = text.slice(0, cut);
  // A trailing lone backslash would escape the ellipsis and leave a stray "\" on screen.
  if (/(^|[^\\])(\\\\)*\\$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/**
 * A markdown link. Parentheses and spaces in the URL are percent-encoded because either would
 * end the link early; non-http(s) URLs are shown as text since Discord would not link them.
 */
export function markdownLink(label: string, url: string, maxLabel = Number.POSITIVE_INFINITY): string {
  // Cut after escaping so the escapes count toward the length; truncate never leaves a lone "\".
  const text = truncate(markdownText(label, maxLabel), maxLabel);
  if (!/^https?:\/\//i.test(url)) return `${text} (${markdownText(url)})`;
  const safeUrl = encodeLinkUrl(url);
  return `[${text}](${safeUrl})`;
}

/** encodeURIComponent leaves parentheses alone, and those are exactly what ends a markdown link. */
export function encodeLinkUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (char) => (char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char)));
}

/** Every URL shown as a markdown link in the text (escaped brackets are not links). */
export function linkUrls(markdown: string): string[] {
  const links = /(?<!\\)\[(?:\\.|[^\]\\])*\]\((https?:\/\/[^)\s]+)\)/g;
  return [...markdown.matchAll(links)].map((match) => match[1] ?? '');
}
