// The one answer engine every adapter calls. It decides what kind of reply a question gets
// (answer, topic, timeline, clarify, decline, smalltalk) and composes it with its sources.
import Fuse from 'fuse.js';
import type { Entity, Entry, Knowledge, Source, Unanswered } from './knowledge.js';
import { loadKnowledge } from './load-knowledge.js';
import { Matcher, type EntryMatch, type QueryAnalysis, type Ranking } from './matcher.js';
import { MATCHER_DEFAULTS, type MatcherSettings } from './matcher-defaults.js';
import { ANSWER_PROBABILITY, CLARIFY_PROBABILITY, CONFIDENCE_MODEL } from './calibration.js';
import { featureVector, probability } from './confidence.js';
import { MESSAGES } from './messages.js';
import { cleanText, stem, words } from './normalize.js';
import { badRangeError, MONTH_NAMES, parseTimelineText, TimelineBook, toSourceRef } from './timeline.js';
import type { Answer, AnswerKind, SourceRef, Suggestion, TimelineQuery, TimelineResult } from './types.js';
import { Vocabulary } from './vocabulary.js';
import {
  FAREWELLS, GREETINGS, HELP_REQUESTS, QUESTION_WORDS, STOPWORDS, THANKS, TIMELINE_PHRASES, TIMELINE_WORDS, TOPIC_FRAMING, WEAK_WORDS,
} from './word-lists.js';

export interface Engine {
  /** Answer one question from the knowledge. Never throws on any string input. */
  answer(question: string): Answer;
  /** A dated, cited chronology. Errors (unknown topic, bad range) come back as data. */
  timeline(query: TimelineQuery): TimelineResult;
  /**
   * Parse free text such as "amazon 2026", "aws since 2026-02", "" (what a `/timeline` slash
   * command receives) and build the timeline.
   */
  timelineFromText(text: string, limit?: number): TimelineResult;
  /** Known canonical questions matching a partial input, best first (for autocomplete). */
  suggest(partial: string, limit: number): Suggestion[];
  /** The help reply: what the bot does and three example questions. */
  help(): Answer;
}

/** Questions longer than this are refused politely rather than matched (see README, hardening). */
export const MAX_QUESTION_LENGTH = 1_000;
const MAX_SUGGESTIONS = 3;
/** Autocomplete looks at this much of a partial question (Discord caps an option at 100 characters). */
const MAX_AUTOCOMPLETE_LENGTH = 100;
const FUZZY_AUTOCOMPLETE_LENGTH = 32;
/** Entries shown by `help` and after a decline with nothing close, when they exist. */
const EXAMPLE_ENTRIES = ['amazon-investment', 'azure-exclusive', 'memo-summary'];
/** Near misses below this are not worth suggesting after a decline. */
const SUGGESTION_FLOOR = 0.15;
const TOPIC_CONFIDENCE = 0.9;
/** A clarify offers the questions scoring at least this share of the best one. */
const CLARIFY_SCORE_SHARE = 0.6;
/** Words allowed in a timeline request besides topic and range. */
const TIMELINE_GLUE = new Set(['since', 'from', 'after', 'before', 'until', 'till', 'through', 'between', 'order', 'events', 'event', 'unfold', 'walk', 'key', 'dates', 'date', 'so', 'far', 'whole', 'full', 'complete', 'list', 'saga', 'story']);
const SMALLTALK_FILLER = new Set(['there', 'all', 'everyone', 'folks', 'team', 'guys', 'y', 'good', 'so', 'much', 'very', 'a', 'lot', 'you', 'for', 'the', 'help', 'again', 'then', 'ok', 'okay', 'great', 'nice', 'cool', 'awesome', 'footnote', 'bot', 'see', 'ya']);

export class KnowledgeEngine implements Engine {
  readonly knowledge: Knowledge;
  private readonly vocabulary: Vocabulary;
  private readonly matcher: Matcher;
  private readonly book: TimelineBook;
  private readonly settings: MatcherSettings;
  private readonly entrySources = new Map<string, SourceRef[]>();
  private readonly framing: ReadonlySet<string>;
  private readonly autocomplete: Fuse<Entry>;
  private readonly examples: Entry[];

  constructor(knowledge: Knowledge, settings: MatcherSettings = MATCHER_DEFAULTS) {
    this.knowledge = knowledge;
    this.settings = settings;
    this.vocabulary = new Vocabulary(knowledge, [...TIMELINE_WORDS, ...TIMELINE_GLUE]);
    this.matcher = new Matcher(knowledge, this.vocabulary, settings);
    this.book = new TimelineBook(knowledge);
    this.framing = new Set([...TOPIC_FRAMING].map(stem));
    for (const entry of knowledge.entries) this.entrySources.set(entry.id, this.sourcesOfFacts(entry.facts));
    // Canonical questions only: they are what autocomplete shows, and fuse.js over every alternate
    // (well over a thousand) costs milliseconds per keystroke; the matcher covers the alternates.
    this.autocomplete = new Fuse([...knowledge.entries], { keys: ['question'], threshold: 0.4, ignoreLocation: true });
    const curated = EXAMPLE_ENTRIES.map((id) => knowledge.entryById.get(id)).filter((entry): entry is Entry => entry !== undefined);
    this.examples = curated.length === EXAMPLE_ENTRIES.length ? curated : knowledge.entries.slice(0, MAX_SUGGESTIONS);
  }

  private sourcesOfFacts(factIds: readonly string[]): SourceRef[] {
    const seen = new Map<string, SourceRef>();
    for (const factId of factIds) {
      for (const sourceId of this.knowledge.facts.get(factId)?.sources ?? []) {
        const source = this.knowledge.sources.get(sourceId) as Source | undefined;
        if (source && !seen.has(source.id)) seen.set(source.id, toSourceRef(source));
      }
    }
    return [...seen.values()];
  }

  answer(question: string): Answer {
    const asked = typeof question === 'string' ? question : '';
    if (asked.length > MAX_QUESTION_LENGTH) return this.reply('decline', asked, MESSAGES.tooLong(MAX_QUESTION_LENGTH), { suggestions: this.exampleSuggestions() });
    const analysis = this.matcher.analyze(asked);
    if (analysis.cleaned === '') return this.reply('decline', asked, MESSAGES.empty, { suggestions: this.exampleSuggestions() });

    const smalltalk = this.smalltalk(asked, analysis);
    if (smalltalk) return smalltalk;

    const ranking = this.matcher.rankAll(analysis);
    const best = ranking.entries[0];
    const strongEntry = best !== undefined && best.score >= this.settings.topicOverride;

    if (!strongEntry && this.isTimelineRequest(analysis)) {
      const timeline = this.timelineForQuestion(asked, analysis);
      if (timeline) return timeline;
    }
    // A question asked exactly as the knowledge words it needs no model to say what it asks.
    const exact = this.matcher.exactEntry(analysis);
    if (exact) return this.entryAnswer(asked, exact, 1);
    const unanswered = this.matcher.exactUnansweredFamily(analysis);
    if (unanswered) return this.declineUnanswered(asked, unanswered, ranking.entries);
    // "frontier?" or "tell me about stargate" want the summary.
    if (analysis.entities.length === 1 && this.matcher.isOnlyEntities(analysis, this.framing)) {
      return this.topic(asked, analysis.entities[0] as string);
    }
    return this.fromRanking(asked, analysis, ranking);
  }

  private fromRanking(asked: string, analysis: QueryAnalysis, ranking: Ranking): Answer {
    const ranked = ranking.entries;
    const best = ranked[0];
    const evidence = this.matcher.evidence(analysis, ranking);
    // The calibrated probability that the best match is what was asked (see confidence.ts).
    const confidence = evidence ? probability(CONFIDENCE_MODEL, featureVector(evidence)) : 0;
    // A question that reads more like something the story leaves out than like any entry.
    if (ranking.unanswered !== null && ranking.unanswered.score >= (best?.score ?? 0)) {
      return this.declineUnanswered(asked, ranking.unanswered.unanswered, ranked, confidence);
    }
    if (!best || confidence < CLARIFY_PROBABILITY) {
      return this.reply('decline', asked, MESSAGES.decline(MESSAGES.scope), { confidence, suggestions: this.nearSuggestions(ranked) });
    }
    if (confidence < ANSWER_PROBABILITY) {
      const close = ranked.filter((match) => match.score >= best.score * CLARIFY_SCORE_SHARE).slice(0, MAX_SUGGESTIONS);
      return this.reply('clarify', asked, MESSAGES.clarify, {
        confidence,
        suggestions: close.map((match) => this.suggestion(match.entry)),
      });
    }
    return this.entryAnswer(asked, best.entry, confidence);
  }

  private declineUnanswered(asked: string, family: Unanswered, ranked: readonly EntryMatch[], confidence = 0): Answer {
    return this.reply('decline', asked, MESSAGES.declineUnanswered(family.about, MESSAGES.scope), { confidence, suggestions: this.nearSuggestions(ranked) });
  }

  /** After a decline: the entries that came closest, or the curated examples. */
  private nearSuggestions(ranked: readonly EntryMatch[]): Suggestion[] {
    const near = ranked.filter((match) => match.score >= SUGGESTION_FLOOR).slice(0, MAX_SUGGESTIONS);
    return near.length > 0 ? near.map((match) => this.suggestion(match.entry)) : this.exampleSuggestions();
  }

  private entryAnswer(asked: string, entry: Entry, confidence: number): Answer {
    const related = entry.related
      .map((id) => this.knowledge.entryById.get(id))
      .filter((candidate): candidate is Entry => candidate !== undefined)
      .slice(0, MAX_SUGGESTIONS)
      .map((candidate) => this.suggestion(candidate));
    return this.reply('answer', asked, entry.answer, {
      sources: this.entrySources.get(entry.id) ?? [],
      confidence,
      entry: entry.id,
      matchedQuestion: entry.question,
      suggestions: related,
    });
  }

  private topic(asked: string, entityId: string): Answer {
    const entity = this.knowledge.entities.get(entityId) as Entity;
    const related = this.knowledge.entries
      .filter((entry) => entry.facts.some((factId) => this.knowledge.facts.get(factId)?.entities.includes(entityId)))
      .slice(0, MAX_SUGGESTIONS)
      .map((entry) => this.suggestion(entry));
    return this.reply('topic', asked, entity.summary, {
      sources: this.sourcesOfFacts(entity.facts),
      confidence: TOPIC_CONFIDENCE,
      entry: `topic:${entity.id}`,
      matchedQuestion: `Tell me about ${entity.name}`,
      suggestions: related,
    });
  }

  private smalltalk(asked: string, analysis: QueryAnalysis): Answer | null {
    const cleaned = analysis.cleaned;
    const tokens = words(cleaned);
    if (HELP_REQUESTS.has(cleaned) || (tokens[0] === 'help' && tokens.length <= 3)) return this.help(asked);
    const only = (set: ReadonlySet<string>): boolean =>
      tokens.some((token) => set.has(token)) && tokens.every((token) => set.has(token) || SMALLTALK_FILLER.has(token) || GREETINGS.has(token));
    if (only(THANKS)) return this.reply('smalltalk', asked, MESSAGES.thanks);
    if (only(FAREWELLS)) return this.reply('smalltalk', asked, MESSAGES.farewell);
    if (only(GREETINGS)) return this.reply('smalltalk', asked, MESSAGES.greeting, { suggestions: this.exampleSuggestions() });
    return null;
  }

  private isTimelineRequest(analysis: QueryAnalysis): boolean {
    return analysis.surface.some((word) => TIMELINE_WORDS.has(word)) || TIMELINE_PHRASES.some((phrase) => ` ${analysis.cleaned} `.includes(` ${phrase} `));
  }

  /** A timeline asked as a plain question; null when the question carries words we don't know. */
  private timelineForQuestion(asked: string, analysis: QueryAnalysis): Answer | null {
    const phraseWords = new Set(TIMELINE_PHRASES.filter((phrase) => ` ${analysis.cleaned} `.includes(` ${phrase} `)).flatMap((phrase) => phrase.split(' ')));
    const leftovers = this.vocabulary
      .rewrite(analysis.surface.filter((word) => !phraseWords.has(word)))
      .filter((word) => !TIMELINE_WORDS.has(word) && !TIMELINE_GLUE.has(word) && !STOPWORDS.has(word) && !WEAK_WORDS.has(word) && !QUESTION_WORDS.has(word) && !/^\d+$/.test(word));
    // Said with a timeline word ("chronology of events involving X"), ordinary English around it
    // is framing; after a mere "what happened", any word we don't know may be the real subject.
    const explicit = analysis.surface.some((word) => TIMELINE_WORDS.has(word));
    const unknown = leftovers.filter(
      (word) => !this.knowledge.entities.has(word) && !this.vocabulary.surfaceWords.has(word) && !MONTH_NAMES.includes(word) && !(explicit && this.vocabulary.isOrdinary(word)),
    );
    if (unknown.length > 0) return null;
    // "timeline of the openai / amazon / microsoft story" asks for the whole story, not Amazon's part.
    // Azure within "microsoft and azure" is Microsoft's own part (entity `includes`).
    const named = analysis.entities.filter((entity) => entity !== 'openai');
    const topics = named.filter((entity) => !named.some((other) => other !== entity && this.knowledge.entities.get(other)?.includes.includes(entity)));
    const topic = topics.length === 1 ? topics[0] : undefined;
    const { range, invalid } = parseTimelineText(asked);
    if (invalid) return null;
    const result = this.book.build({ topic, from: range.from, to: range.to });
    if (!result.ok) return this.reply('decline', asked, result.error.message, { suggestions: this.exampleSuggestions() });
    const { timeline } = result;
    const sources = new Map<string, SourceRef>();
    for (const event of timeline.events) for (const source of event.sources) sources.set(source.id, source);
    return this.reply('timeline', asked, timeline.overview, {
      sources: [...sources.values()],
      confidence: 1,
      entry: topic ? `timeline:${topic}` : 'timeline',
      timeline,
    });
  }

  timeline(query: TimelineQuery): TimelineResult {
    let topic: string | undefined;
    if (query.topic !== undefined && query.topic.trim() !== '') {
      const resolved = this.resolveTopic(query.topic);
      if (!resolved) return this.unknownTopic(query.topic);
      topic = resolved;
    }
    const clean = (bound: string | undefined): string | undefined => (bound === undefined || bound.trim() === '' ? undefined : bound.trim());
    return this.book.build({ ...query, topic, from: clean(query.from), to: clean(query.to) });
  }

  timelineFromText(text: string, limit?: number): TimelineResult {
    const { range, topicWords, invalid } = parseTimelineText(text);
    if (invalid) return { ok: false, error: badRangeError(invalid) };
    return this.timeline({ topic: topicWords.join(' '), from: range.from, to: range.to, limit });
  }

  private resolveTopic(topic: string): string | null {
    const surface = words(cleanText(topic)).map((word) => this.vocabulary.correct(word));
    const entities = this.vocabulary.rewrite(surface).filter((word) => this.knowledge.entities.has(word));
    return entities.find((entity) => entity !== 'openai') ?? entities[0] ?? null;
  }

  private unknownTopic(topic: string): TimelineResult {
    const known = [...this.knowledge.entities.values()].map((entity) => entity.id);
    return {
      ok: false,
      error: { code: 'unknown-topic', message: MESSAGES.timelineUnknownTopic(topic, known), example: MESSAGES.timelineExample },
    };
  }

  suggest(partial: string, limit: number): Suggestion[] {
    const max = Math.max(0, Math.min(Math.floor(limit), this.knowledge.entries.length));
    const query = typeof partial === 'string' ? cleanText(partial.slice(0, MAX_AUTOCOMPLETE_LENGTH)) : '';
    if (query === '') return this.knowledge.entries.slice(0, max).map((entry) => this.suggestion(entry));
    const ordered = new Map<string, Entry>();
    for (const match of this.matcher.rank(this.matcher.analyze(query))) {
      if (match.score >= SUGGESTION_FLOOR) ordered.set(match.entry.id, match.entry);
    }
    // fuse.js helps while a question is still a few letters long; past that the matcher knows more,
    // and bitap over a long pattern costs milliseconds per keystroke.
    if (query.length <= FUZZY_AUTOCOMPLETE_LENGTH) {
      for (const result of this.autocomplete.search(query, { limit: max })) ordered.set(result.item.id, result.item);
    }
    return [...ordered.values()].slice(0, max).map((entry) => this.suggestion(entry));
  }

  help(asked = 'help'): Answer {
    return this.reply('smalltalk', asked, MESSAGES.help(this.examples.map((entry) => entry.question)), { entry: 'help', suggestions: this.exampleSuggestions() });
  }

  private exampleSuggestions(): Suggestion[] {
    return this.examples.map((entry) => this.suggestion(entry));
  }

  private suggestion(entry: Entry): Suggestion {
    return { entry: entry.id, question: entry.question };
  }

  private reply(
    kind: AnswerKind,
    question: string,
    text: string,
    extra: Partial<Pick<Answer, 'sources' | 'confidence' | 'entry' | 'matchedQuestion' | 'suggestions' | 'timeline'>> = {},
  ): Answer {
    const answered = kind === 'answer' || kind === 'topic' || kind === 'timeline';
    const confidence = Math.min(1, Math.max(0, extra.confidence ?? (answered ? 1 : 0)));
    return {
      kind,
      answered,
      question,
      text,
      sources: extra.sources ?? [],
      confidence: Math.round(confidence * 1000) / 1000,
      entry: extra.entry ?? null,
      matchedQuestion: extra.matchedQuestion ?? null,
      suggestions: extra.suggestions ?? [],
      ...(extra.timeline ? { timeline: extra.timeline } : {}),
    };
  }
}

export function createEngine(knowledge: Knowledge, settings?: MatcherSettings): KnowledgeEngine {
  return new KnowledgeEngine(knowledge, settings);
}

/** Loads and validates the knowledge folder, then builds the engine. Throws KnowledgeError. */
export async function loadEngine(directory: string): Promise<KnowledgeEngine> {
  return createEngine(await loadKnowledge(directory));
}
