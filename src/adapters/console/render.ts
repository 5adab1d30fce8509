// Plain-text rendering for terminals, pipes and the CLI's JSON `text` field.
import type { Answer, SourceRef, Timeline, TimelineRequestError } from '../../engine/types.js';
import { formatDate } from '../../engine/timeline.js';
import { safeLine } from '../safe-text.js';

export interface PlainTextOptions {
  /** Append the numbered source list (off for the JSON `text`, which carries sources apart). */
  sources?: boolean;
  /** Append related / suggested questions. */
  suggestions?: boolean;
  /** Number the suggestions (1., 2., …) so a terminal user can pick one by typing its number. */
  numbered?: boolean;
}

export function formatSource(source: SourceRef, index: number): string {
  return `  [${index + 1}] ${safeLine(source.title)} — ${safeLine(source.publisher)}, ${safeLine(formatDate(source.date))}\n      ${safeLine(source.url)}`;
}

export function renderSources(sources: readonly SourceRef[]): string {
  return sources.length === 0 ? '' : `Sources:\n${sources.map(formatSource).join('\n')}`;
}

/** Timeline events, one a line, each followed by the numbers of its sources in `sources`. */
export function renderTimelineBody(timeline: Timeline, sources: readonly SourceRef[]): string {
  const lines = timeline.events.map((event) => {
    const refs = event.sources.map((source) => `[${sources.findIndex((listed) => listed.url === source.url) + 1}]`).join('');
    return `  ${safeLine(event.dateLabel).padEnd(11)} ${safeLine(event.text)} ${refs}`;
  });
  const more = timeline.total - timeline.events.length;
  if (more > 0) lines.push(`  … and ${more} more event${more === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

function uniqueSources(timeline: Timeline): SourceRef[] {
  const byUrl = new Map<string, SourceRef>();
  for (const event of timeline.events) for (const source of event.sources) byUrl.set(source.url, source);
  return [...byUrl.values()];
}

export function renderTimeline(timeline: Timeline, options: PlainTextOptions = {}): string {
  const sources = uniqueSources(timeline);
  const parts = [safeLine(timeline.overview), renderTimelineBody(timeline, sources)];
  if (options.sources ?? true) parts.push(renderSources(sources));
  return parts.join('\n');
}

/** `example` replaces the engine's, which is written as the chat command ("/timeline amazon 2026"). */
export function renderTimelineError(error: TimelineRequestError, example = error.example): string {
  return `${safeLine(error.message)}\nExample: ${safeLine(example)}`;
}

export function renderAnswer(answer: Answer, options: PlainTextOptions = {}): string {
  const withSources = options.sources ?? true;
  const withSuggestions = options.suggestions ?? true;
  const parts: string[] = [];
  if (answer.timeline) {
    parts.push(renderTimeline(answer.timeline, { sources: withSources }));
  } else {
    // The text may break lines (a part or a computed step a line): each line is cleaned on its own,
    // and lines after the first are indented, so no line of the text can pass for the sources block.
    parts.push(answer.text.split('\n').map((line, index) => (index === 0 ? safeLine(line) : `  ${safeLine(line)}`)).join('\n'));
    if (withSources && answer.sources.length > 0) parts.push(renderSources(answer.sources));
  }
  if (withSuggestions && answer.suggestions.length > 0) {
    // Every list gets a heading: it also ends the Sources block, so nothing below reads as a source.
    const heading = answer.kind === 'answer' || answer.kind === 'topic' ? 'Related:\n' : answer.kind === 'clarify' ? 'Closest questions:\n' : 'Try:\n';
    const bullet = (index: number): string => (options.numbered ? `${index + 1}.` : '•');
    parts.push(`${heading}${answer.suggestions.map((suggestion, index) => `  ${bullet(index)} ${safeLine(suggestion.question)}`).join('\n')}`);
  }
  return parts.join('\n');
}

/** Where a line's words start: after its indent and any list marker ("1.", "•", "[1]"). */
const HANGING_INDENT = /^\s*(?:(?:\d+\.|•|\[\d+\])\s+)?/;

/**
 * Lines longer than `width` broken at spaces, continuing under where the line's words start. A
 * word longer than the width (a URL) stays whole on its own line, so it still works as a link.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const start = HANGING_INDENT.exec(line)?.[0] ?? '';
      const indent = ' '.repeat(Math.min(start.length, Math.floor(width / 2)));
      const wrapped: string[] = [];
      let current = start;
      let hasWord = false;
      for (const token of line.slice(start.length).match(/\S+\s*/g) ?? []) {
        if (hasWord && current.length + token.trimEnd().length > width) {
          wrapped.push(current.trimEnd());
          current = indent;
        }
        current += token;
        hasWord = true;
      }
      wrapped.push(current.trimEnd());
      return wrapped.join('\n');
    })
    .join('\n');
}
