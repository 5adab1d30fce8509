// The dated chronology: which facts are events, how a topic and a date range select them, and how
// free text such as "aws since 2026-02" becomes a query.
import type { Knowledge, Source } from './knowledge.js';
import { isValidPartialDate } from './knowledge-schema.js';
import { MESSAGES } from './messages.js';
import type { SourceRef, TimelineEvent, TimelineRequestError, TimelineQuery, TimelineResult } from './types.js';

export const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FROM_WORDS = new Set(['since', 'from', 'after', 'starting', 'between']);
/** "since X" and "after X" mean what came after X, not X itself. */
const EXCLUSIVE_FROM_WORDS = new Set(['since', 'after']);
const TO_WORDS = new Set(['to', 'until', 'till', 'through', 'thru', 'before', 'up']);
/** Words inside an event's name that are not part of the name ("since THE memo"). */
const PHRASE_FILLER = new Set(['the', 'a', 'an', 'that', 'this', 'it', 'its', 'of', 'was', 'were', 'is', 'happened', 'announced', 'came', 'out', 'now', 'today', 'then']);
/** Words in a /timeline request that are neither topic nor range. */
const FILLER = new Set(['the', 'of', 'for', 'about', 'on', 'in', 'and', 'events', 'event', 'timeline', 'please', 'pls', 'show', 'me', 'all', 'what', 'happened', 'with', 'between', 'during']);

export function badRangeError(value: string): TimelineRequestError {
  return { code: 'bad-range', message: MESSAGES.timelineBadDate(value), example: MESSAGES.timelineExample };
}

export function toSourceRef(source: Source): SourceRef {
  return { id: source.id, title: source.title, publisher: source.publisher, url: source.url, date: source.date };
}

/** "2026-02-27" → "27 Feb 2026", "2026-08" → "Aug 2026", "2026" → "2026". */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  const monthName = month ? MONTH_NAMES[Number(month) - 1] : undefined;
  const label = monthName ? monthName[0]?.toUpperCase() + monthName.slice(1) : undefined;
  if (day && label) return `${Number(day)} ${label} ${year}`;
  if (label) return `${label} ${year}`;
  return year ?? date;
}

/** Pads a partial date so plain string comparison orders it: lower bounds with 00, upper with 99. */
function pad(date: string, filler: '00' | '99'): string {
  const parts = date.split('-');
  while (parts.length < 3) parts.push(filler);
  return parts.join('-');
}

interface ParsedRange {
  from?: string;
  to?: string;
}

type RangeToken = { kind: 'date'; value: string } | { kind: 'range'; from: string; to: string } | { kind: 'invalid'; value: string };

function readDateToken(token: string, next: string | undefined): { value: string; consumed: number } | null {
  const month = MONTH_NAMES.indexOf(token.slice(0, 3));
  if (month >= 0 && /^[a-z]+$/.test(token) && next && /^\d{4}$/.test(next)) {
    return { value: `${next}-${String(month + 1).padStart(2, '0')}`, consumed: 2 };
  }
  if (/^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$/.test(token)) {
    const [year, ...rest] = token.split('-');
    return { value: [year, ...rest.map((part) => part.padStart(2, '0'))].join('-'), consumed: 1 };
  }
  return null;
}

function classify(token: string, next: string | undefined): { token: RangeToken; consumed: number } | null {
  const span = /^(\d{4}(?:-\d{1,2}){0,2})(?:\.\.|–|—|-)(\d{4}(?:-\d{1,2}){0,2})$/.exec(token);
  if (span?.[1] && span[2] && !/^\d{4}-\d{1,2}$/.test(token)) {
    const from = readDateToken(span[1], undefined);
    const to = readDateToken(span[2], undefined);
    if (from && to) return { token: { kind: 'range', from: from.value, to: to.value }, consumed: 1 };
  }
  const date = readDateToken(token, next);
  if (date) {
    return { token: isValidPartialDate(date.value) ? { kind: 'date', value: date.value } : { kind: 'invalid', value: token }, consumed: date.consumed };
  }
  if (/^\d[\d-]*$/.test(token) && token.length >= 4) return { token: { kind: 'invalid', value: token }, consumed: 1 };
  return null;
}

export interface ParsedTimelineText {
  range: ParsedRange;
  topicWords: string[];
  invalid: string | null;
  /** Words after "since"/"from" and "to"/"until" that are not dates: an event's name, perhaps. */
  phrases: { from: string[]; to: string[] };
  /** True when the lower bound came from "since" or "after": the named event itself is left out. */
  exclusiveFrom: boolean;
}

/** Splits "/timeline" text into topic words and a date range. Never throws. */
export function parseTimelineText(text: string): ParsedTimelineText {
  const tokens = text
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .split(/[\s,;]+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((token) => token !== '');
  const range: ParsedRange = {};
  const topicWords: string[] = [];
  const phrases: ParsedTimelineText['phrases'] = { from: [], to: [] };
  let pending: 'from' | 'to' | null = null;
  let between = false;
  let exclusiveFrom = false;
  let single: string | null = null;
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index] as string;
    if (FROM_WORDS.has(token)) {
      pending = 'from';
      between = token === 'between';
      exclusiveFrom = EXCLUSIVE_FROM_WORDS.has(token);
      index += 1;
      continue;
    }
    if (TO_WORDS.has(token) || (between && token === 'and')) { pending = 'to'; between = false; index += 1; continue; }
    const classified = classify(token, tokens[index + 1]);
    if (!classified) {
      // After "since" or "to", words are an event's name until the next range word or date.
      if (pending !== null && !(pending === 'to' && phrases.to.length === 0 && token === 'now')) {
        if (!PHRASE_FILLER.has(token)) phrases[pending].push(token);
      } else if (!FILLER.has(token)) topicWords.push(token);
      index += 1;
      continue;
    }
    index += classified.consumed;
    const parsed = classified.token;
    if (parsed.kind === 'invalid') return { range, topicWords, invalid: parsed.value, phrases, exclusiveFrom };
    if (parsed.kind === 'range') {
      range.from = parsed.from;
      range.to = parsed.to;
    } else if (pending) {
      range[pending] = parsed.value;
    } else if (single === null && range.from === undefined && range.to === undefined) {
      single = parsed.value;
      range.from = parsed.value;
      range.to = parsed.value;
    } else {
      // A second bare date turns "2025 2026" into a span.
      range.to = parsed.value;
    }
    pending = null;
  }
  return { range, topicWords, invalid: null, phrases, exclusiveFrom };
}

export class TimelineBook {
  private readonly events: TimelineEvent[];
  private readonly entitiesByFact = new Map<string, readonly string[]>();

  constructor(
    private readonly knowledge: Knowledge,
    /** The last day of the story's own period; later events are marked as later. */
    periodEnd: string | null = null,
    private readonly title = 'The events in this knowledge base',
  ) {
    const events: TimelineEvent[] = [];
    for (const fact of knowledge.facts.values()) {
      if (!fact.timeline) continue;
      this.entitiesByFact.set(fact.id, fact.entities);
      const sources = fact.sources.map((id) => knowledge.sources.get(id)).filter((source): source is Source => source !== undefined).map(toSourceRef);
      const later = periodEnd !== null && pad(fact.date, '00') > pad(periodEnd, '99');
      events.push({
        fact: fact.id,
        date: fact.date,
        dateLabel: formatDate(fact.date),
        text: later ? `After the story: ${fact.statement}` : fact.statement,
        sources,
        ...(fact.event ? { name: fact.event.name } : {}),
        ...(later ? { later } : {}),
      });
    }
    // Stable sort keeps the curated order of same-day events.
    this.events = events.sort((a, b) => pad(a.date, '00').localeCompare(pad(b.date, '00')));
  }

  /**
   * A month named without a year ("from last october through april") as the story's own: the
   * earliest such month for a start, the latest for an end. Null when the words are not one month.
   */
  monthOfStory(words: readonly string[], side: 'from' | 'to'): string | null {
    const rest = words.filter((word) => !['last', 'this', 'past', 'early', 'late', 'mid'].includes(word));
    if (rest.length !== 1) return null;
    const month = MONTH_NAMES.indexOf((rest[0] as string).slice(0, 3));
    if (month < 0 || !MONTH_NAMES.some((name) => name === (rest[0] as string).slice(0, 3)) || !/^[a-z]+$/.test(rest[0] as string)) return null;
    const suffix = `-${String(month + 1).padStart(2, '0')}`;
    const matching = this.events.map((event) => event.date.slice(0, 7)).filter((date) => date.endsWith(suffix));
    const pick = side === 'from' ? matching[0] : matching.at(-1);
    return pick ?? null;
  }

  /** First and last event dates, for messages about the covered period. */
  get span(): { first: string; last: string } {
    return { first: this.events[0]?.date ?? '', last: this.events.at(-1)?.date ?? '' };
  }

  /** `topic` here must already be an entity id (resolution happens in the engine). */
  build(query: TimelineQuery): TimelineResult {
    for (const bound of [query.from, query.to]) {
      if (bound !== undefined && !isValidPartialDate(bound)) return { ok: false, error: badRangeError(bound) };
    }
    const lower = query.from ? pad(query.from, '00') : null;
    const upper = query.to ? pad(query.to, '99') : null;
    if (lower && upper && lower > upper) {
      return { ok: false, error: { code: 'bad-range', message: MESSAGES.timelineReversed(query.from ?? '', query.to ?? ''), example: MESSAGES.timelineExample } };
    }
    const topicIds = [...(query.topic ? [query.topic] : []), ...(query.topics ?? [])];
    const topics = topicIds.map((id) => this.knowledge.entities.get(id)).filter((entity) => entity !== undefined);
    const topic = topics.length === 1 ? topics[0] : undefined;
    const covered = topics.length > 0 ? new Set(topics.flatMap((entity) => [entity.id, ...entity.includes])) : null;
    const excluded = new Set(query.exclude ?? []);
    const matching = this.events.filter((event) => {
      const start = pad(event.date, '00');
      const end = pad(event.date, '99');
      if (lower && end < lower) return false;
      if (upper && start > upper) return false;
      if (query.after && start <= pad(query.after, '99')) return false;
      if (excluded.has(event.fact)) return false;
      if (query.facts && !query.facts.includes(event.fact)) return false;
      if (covered && !(this.entitiesByFact.get(event.fact) ?? []).some((entity) => covered.has(entity))) return false;
      return true;
    });
    if (matching.length === 0) {
      const { first, last } = this.span;
      return {
        ok: false,
        error: { code: 'empty-range', message: MESSAGES.timelineEmpty(topic?.name ?? null, formatDate(first), formatDate(last)), example: MESSAGES.timelineExample },
      };
    }
    const limit = query.limit !== undefined && query.limit > 0 ? Math.floor(query.limit) : matching.length;
    const picked = matching.slice(0, limit);
    const events = query.compact ? picked.map((event) => ({ ...event, text: `${event.later ? 'After the story: ' : ''}${event.name ?? event.text}` })) : picked;
    const first = matching[0] as TimelineEvent;
    const last = matching.at(-1) as TimelineEvent;
    return {
      ok: true,
      timeline: {
        overview: MESSAGES.timelineOverview(this.title, topics.length > 0 ? topics.map((entity) => entity.name).join(' and ') : null, matching.length, first.dateLabel, last.dateLabel),
        topic: topic?.id ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        events,
        total: matching.length,
        ...(query.compact ? { compact: true } : {}),
      },
    };
  }
}

