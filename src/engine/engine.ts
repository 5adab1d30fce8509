// The one answer engine every adapter calls. It decides what kind of reply a question gets
// (answer, topic, timeline, clarify, decline, smalltalk) and composes it with its sources.
import Fuse from 'fuse.js';
import type { Entity, Entry, Knowledge, Pack, Source, Unanswered } from './knowledge.js';
import { loadKnowledge } from './load-knowledge.js';
import { Matcher, type EntryMatch, type QueryAnalysis, type Ranking } from './matcher.js';
import { MATCHER_DEFAULTS, type MatcherSettings } from './matcher-defaults.js';
import { FEATURE_NAMES, featureVector, probability } from './confidence.js';
import { answerWithContext, type InContextAnswer, type PreviousTurn } from './follow-up.js';
import { MESSAGES } from './messages.js';
import { cleanText, stem, words } from './normalize.js';
import { Reasoner, type Clock } from './reasoning.js';
import { polarityFor } from './yes-no.js';
import { badRangeError, MONTH_NAMES, parseTimelineText, TimelineBook, toSourceRef, type ParsedTimelineText } from './timeline.js';
import type { Answer, AnswerKind, Reason, SourceRef, Suggestion, TimelineQuery, TimelineResult } from './types.js';
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
/** Near misses below this are not worth suggesting after a decline. */
const SUGGESTION_FLOOR = 0.15;
const TOPIC_CONFIDENCE = 0.9;
/** A clarify offers the questions scoring at least this share of the best one. */
const CLARIFY_SCORE_SHARE = 0.6;
/** Words of a chronology request that name no event ("everything that happened since …"). */
const CHRONOLOGY_FILLER = new Set(['everything', 'anything', 'all', 'that', 'what', 'happened', 'happen', 'has', 'have', 'stuff', 'things', 'events', 'event', 'me', 'us', 'walk', 'through', 'thru', 'in', 'order', 'on', 'now', 'today', 'the', 'so', 'far', 'went', 'down', 'with', 'dates', 'date', 'please', 'pls', 'i', 'miss', 'missed', 'last', 'this', 'of', 'cloud', 'saga', 'story']);
/** Words that ask what happened over a span, as opposed to asking about one thing in it. */
const CHRONOLOGY_CUES = /\b(everything|anything|happened|happen|events?|walk|timeline|news|developments?|changed|since then|stuff|all|recap|rundown|order)\b/;
/** "dates only": a compact timeline, one line per event. */
const COMPACT_PHRASES = ['dates only', 'only dates', 'only the dates', 'just dates', 'just the dates', 'dates please', 'dates pls', 'compact', 'one line each', 'short list', 'brief'];
const COMPACT_WORDS = new Set(['dates', 'only', 'just', 'compact', 'brief', 'short', 'list']);
/** Words allowed in a timeline request besides topic and range. */
const TIMELINE_GLUE = new Set(['since', 'from', 'after', 'before', 'until', 'till', 'through', 'between', 'order', 'events', 'event', 'unfold', 'walk', 'key', 'dates', 'date', 'so', 'far', 'whole', 'full', 'complete', 'list', 'saga', 'story']);
const SMALLTALK_FILLER = new Set(['there', 'all', 'everyone', 'folks', 'team', 'guys', 'y', 'good', 'so', 'much', 'very', 'a', 'lot', 'you', 'for', 'the', 'help', 'again', 'then', 'ok', 'okay', 'great', 'nice', 'cool', 'awesome', 'footnote', 'bot', 'see', 'ya']);

/** What the ranked decider concluded, with a sentence saying why (shown by `ask --explain`). */
export type Decision =
  | { outcome: 'answer'; entry: Entry; confidence: number; why: string }
  | { outcome: 'clarify'; options: Entry[]; confidence: number; why: string }
  | { outcome: 'unanswered-family'; family: Unanswered; confidence: number; why: string }
  | { outcome: 'unknown-subject'; confidence: number; why: string };

interface QuestionContext {
  asked: string;
  /** The question sentence and the context's subject words (see `focusParts`). */
  focused: { question: string; subjects: string[] };
  analysis: QueryAnalysis;
  /** The ranking, computed on first use: many questions are decided before it is needed. */
  ranking: () => Ranking;
}

type Decider = (context: QuestionContext) => Answer | null;

/** What `ask --explain` prints: the engine's reasoning for one question, as data. */
export interface Explanation {
  cleaned: string;
  terms: { term: string; weight: number; kind: string }[];
  entities: string[];
  top: { entry: string; phrasing: string; score: number }[];
  unanswered: { family: string; phrasing: string; score: number } | null;
  features: { name: string; value: number; contribution: number }[];
  thresholds: Record<string, number>;
  calibration: 'fitted' | 'stale' | 'default';
  /** Why the ranked decider would decide as it does (earlier deciders may have decided first). */
  ranked: string;
  decision: Pick<Answer, 'kind' | 'reason' | 'entry' | 'confidence'>;
}

/**
 * Chat framing before the question: "quick q,", "sorry if asked already —", "random question:".
 * It carries no subject, and its words ("quick", "one", "asked") would read as part of the question.
 */
const FRAMING = /^\s*(?:(?:<[@#!][^>]{0,80}>|@\w+)[\s,:]*)*(?:(?:hey|hi|hello|yo|ok|okay|so|um|hmm)\b[\s,!]*)?(?:(?:i'?m\s+(?:a|the)\s+)?(?:new\s+hire|newbie|new\s+joiner|resident\s+)?(?:sceptic|skeptic|engineer|pm|manager|sales\s+rep)?(?:\s+)?here\b|(?:new\s+hire|newbie|sceptic|skeptic|engineer)\s+q\b|(?:quick|random|dumb|silly|stupid|small|noob|newbie|basic)\s+(?:q|qq|question|one|query|thing)\b|sorry\s+(?:if\s+(?:this\s+(?:was|is)\s+)?(?:asked|covered|answered|dumb|obvious|a\s+dumb\s+q)(?:\s+(?:already|before|q|question))*|to\s+(?:bug|bother|ask)(?:\s+again)?|for\s+the\s+(?:dumb|basic|long)\s+(?:q|question|message))|(?:one|a)\s+more\s+(?:q|question|thing)|(?:btw|fyi|also|question|q)\b)[\s,:;!?.—–-]*(?:but\b\s*)?/i;

/** Strips chat framing from the start of a message, as often as it is stacked ("hey, quick q: sorry if asked —"). */
export function stripFraming(text: string): string {
  let rest = text;
  for (let round = 0; round < 3; round += 1) {
    const match = FRAMING.exec(rest);
    if (!match || match[0].length === 0 || match[0].length >= rest.trim().length) break;
    rest = rest.slice(match[0].length);
  }
  return rest;
}

/** Messages at least this long may carry context before their question (see `focus`). */
const FOCUS_MIN_WORDS = 14;
/** A sentence that asks: it starts with a question word or an auxiliary. */
const ASKING_OPENERS = /^(?:so |and |but |ok |also )?(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|did|does|do|can|could|has|have|will|would|should)\b/;

/** The named thresholds of the ranked decision (besides the calibrated ones in calibration.json). */
export const POLICY = Object.freeze({
  /** Decline as unanswered when that family matches at least this share of the best entry's score. */
  unansweredShare: 1,
  /** Below the clarify threshold, the closest questions are still offered when the best scores at least this. */
  offerFloor: 0.2,
  /** A question scoring this much against a phrasing that it covers as much is that phrasing. */
  wholePhrasingScore: 0.95,
  /** A clarify would offer one option only: answer it at or above this confidence. */
  singleOptionConfidence: 0.6,
  /** …unless a question family the story does not answer comes within this share of it. */
  singleOptionFamilyShare: 0.4,
  /** Decline as an unknown subject when this share of the question's weight is words the knowledge never uses. */
  rareShareLimit: 0.5,
});

/**
 * Splits "who wrote it and when was it sent" into its questions: at question marks, and at "and"
 * or commas that start a new question word. Pieces of one word are not questions of their own.
 */
/**
 * The questions inside one message, from its raw text: at question marks and semicolons, at commas
 * or "and" that start a new question word, and "X: a, b and c" read as "X a", "X b", "X c".
 */
export function splitMessage(raw: string): string[] {
  const text = raw.replace(/\s+/g, ' ').trim();
  const head = /^([^:?]{2,40}):\s*(.+)$/.exec(text);
  if (head && /,|\band\b|\+/.test(head[2] as string)) {
    const subject = head[1] as string;
    const items = (head[2] as string).split(/\s*(?:,|;|\+|\band\b)\s*(?:and\s+)?/).map((item) => item.trim()).filter((item) => item !== '');
    if (items.length >= 2) return items.map((item) => `${subject} ${item}`);
  }
  const QUESTION_START = '(?:who|when|what|how|which|where|why|is|are|did|does|do|was|were|can|has|have|will)\\b';
  return text
    .split(new RegExp(`\\?+\\s*|;\\s*|,\\s*(?:and\\s+|also\\s+|plus\\s+)?(?=${QUESTION_START})|\\s+(?:and|also|plus)\\s+(?=${QUESTION_START})`, 'i'))
    .map((piece) => piece.trim())
    .filter((piece) => piece.split(' ').length >= 2);
}

export function splitQuestion(cleaned: string): string[] {
  const starts = new Set(['who', 'when', 'what', 'how', 'why', 'where', 'which', 'is', 'are', 'did', 'does', 'do', 'was', 'were', 'can', 'has', 'have', 'will']);
  const tokens = cleaned.split(' ');
  const pieces: string[][] = [[]];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    const next = tokens[index + 1];
    if ((token === 'and' || token === 'also' || token === 'plus') && next !== undefined && starts.has(next) && (pieces.at(-1)?.length ?? 0) >= 2) {
      pieces.push([]);
      continue;
    }
    pieces.at(-1)?.push(token);
  }
  return pieces.map((piece) => piece.join(' ')).filter((piece) => piece.split(' ').length >= 2);
}

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
  private readonly reasoner: Reasoner;
  private readonly pack: Pack;

  constructor(knowledge: Knowledge, settings: MatcherSettings = MATCHER_DEFAULTS, clock?: Clock) {
    this.knowledge = knowledge;
    this.settings = settings;
    this.vocabulary = new Vocabulary(knowledge, [...TIMELINE_WORDS, ...TIMELINE_GLUE]);
    this.matcher = new Matcher(knowledge, this.vocabulary, settings);
    this.pack = knowledge.pack;
    this.book = new TimelineBook(knowledge, this.pack.period.until, this.pack.timeline_title);
    this.reasoner = new Reasoner(knowledge, this.matcher, clock);
    this.framing = new Set([...TOPIC_FRAMING].map(stem));
    for (const entry of knowledge.entries) this.entrySources.set(entry.id, this.sourcesOfFacts(entry.facts));
    // Canonical questions only: they are what autocomplete shows, and fuse.js over every alternate
    // (well over a thousand) costs milliseconds per keystroke; the matcher covers the alternates.
    this.autocomplete = new Fuse([...knowledge.entries], { keys: ['question'], threshold: 0.4, ignoreLocation: true });
    const curated = knowledge.pack.examples.map((id) => knowledge.entryById.get(id)).filter((entry): entry is Entry => entry !== undefined);
    this.examples = curated.length > 0 ? curated : knowledge.entries.slice(0, MAX_SUGGESTIONS);
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
    if (asked.length > MAX_QUESTION_LENGTH) return this.reply('decline', 'too-long', asked, MESSAGES.tooLong(MAX_QUESTION_LENGTH), { suggestions: this.exampleSuggestions() });
    const context = this.contextFor(asked);
    for (const decider of this.deciders) {
      const decision = decider(context);
      if (decision) return decision;
    }
    // The ranked decider always decides; this is only reached with no deciders at all.
    return this.reply('decline', 'unknown-subject', asked, MESSAGES.decline(this.pack.scope), { suggestions: this.exampleSuggestions() });
  }

  /** What every decider looks at, computed once per question (the ranking only when asked for). */
  private contextFor(asked: string): QuestionContext {
    const focused = this.focusParts(asked);
    const analysis = this.matcher.analyze(`${focused.question} ${focused.subjects.join(' ')}`.trim());
    let ranking: Ranking | undefined;
    return {
      asked,
      focused,
      analysis,
      ranking: () => {
        ranking ??= this.matcher.rankAll(analysis);
        return ranking;
      },
    };
  }

  /**
   * A long message with a sentence of context in front ("prepping for a client call… what does the
   * reporting say about X?") is matched on its question, plus the subject words of the context:
   * the context's ordinary words would otherwise read as a question the knowledge cannot answer.
   */
  private focusParts(raw: string): { question: string; subjects: string[] } {
    const asked = stripFraming(raw);
    const sentences = asked.split(/(?<=[.?!;:])\s+|\s+[—–]\s+|\s+-\s+/).map((part) => part.trim()).filter((part) => part !== '');
    if (sentences.length < 2 || words(cleanText(asked)).length < FOCUS_MIN_WORDS) return { question: asked, subjects: [] };
    // The question is the last sentence with a question mark; failing that, the last that opens
    // like one ("what does the reporting say"); failing that, the last sentence.
    const lastWhere = (test: (sentence: string) => boolean): number => {
      for (let candidate = sentences.length - 1; candidate >= 0; candidate -= 1) if (test(sentences[candidate] as string)) return candidate;
      return -1;
    };
    const marked = lastWhere((sentence) => sentence.endsWith('?'));
    const opened = lastWhere((sentence) => ASKING_OPENERS.test(cleanText(sentence)));
    let index = marked >= 0 ? marked : opened >= 0 ? opened : sentences.length - 1;
    // "…a rundown from last october through april, with dates. what do you have?": a question with
    // no subject of its own asks about the sentence before it.
    const generic = (sentence: string): boolean => !words(cleanText(sentence)).some((word) => this.matcher.isSubjectWord(word));
    if (index > 0 && generic(sentences[index] as string)) index -= 1;
    const question = index < sentences.length - 1 && generic(sentences[index + 1] as string) ? `${sentences[index] as string} ${sentences[index + 1] as string}` : (sentences[index] as string);
    const subjects = sentences.filter((_, other) => other !== index && other !== index + 1).flatMap((sentence) => words(cleanText(sentence)).filter((word) => this.matcher.isSubjectWord(word)));
    return { question, subjects };
  }

  /**
   * The decision, in order: each decider returns a reply with its reason, or passes. Cheap and
   * certain ones first; the ranked match last, because it always decides.
   */
  private readonly deciders: readonly Decider[] = [
    (context) => (context.analysis.cleaned === '' ? this.reply('decline', 'empty', context.asked, MESSAGES.empty, { suggestions: this.exampleSuggestions() }) : null),
    (context) => this.smalltalk(context.asked, context.analysis),
    (context) => this.exactDecider(context),
    (context) => this.computedDecider(context),
    (context) => this.timelineDecider(context),
    (context) => this.topicDecider(context),
    (context) => this.severalPartsDecider(context),
    (context) => this.fromRanking(context),
  ];

  private timelineDecider({ asked, analysis, ranking }: QuestionContext): Answer | null {
    if (!this.isTimelineRequest(analysis) && !this.asksFromAnEvent(analysis)) return null;
    const best = ranking().entries[0];
    if (best !== undefined && best.score >= this.settings.topicOverride) return null;
    return this.timelineForQuestion(asked, analysis);
  }

  /** A question asked exactly as the knowledge words it needs no model to say what it asks. */
  private exactDecider({ asked, analysis, ranking }: QuestionContext): Answer | null {
    const exact = this.matcher.exactEntry(analysis);
    if (exact) return this.entryAnswer(asked, exact, 1, 'exact', analysis);
    const unanswered = this.matcher.exactUnansweredFamily(analysis);
    if (unanswered) return this.declineUnanswered(asked, unanswered, ranking().entries);
    return null;
  }

  /** Questions answered by computing over dated, typed facts (see reasoning.ts). */
  private computedDecider(context: QuestionContext): Answer | null {
    const computed = this.reasoner.decide(context.analysis, context.asked);
    if (!computed) return null;
    return this.reply(computed.kind, computed.reason, context.asked, computed.text, {
      sources: computed.sources,
      confidence: computed.kind === 'answer' ? 1 : 0,
      entry: computed.kind === 'answer' ? `facts:${computed.reason}` : null,
      facts: computed.facts,
      suggestions: computed.kind === 'answer' ? [] : this.exampleSuggestions(),
    });
  }

  /** "frontier?" or "tell me about stargate" want the summary. */
  private topicDecider({ asked, analysis }: QuestionContext): Answer | null {
    if (analysis.entities.length === 1 && this.matcher.isOnlyEntities(analysis, this.framing)) return this.topic(asked, analysis.entities[0] as string);
    return null;
  }

  /** "who wrote the memo and when was it sent?": each part answered on its own, in one reply. */
  private severalPartsDecider({ asked, focused, analysis }: QuestionContext): Answer | null {
    const fromRaw = splitMessage(focused.question);
    const split = fromRaw.length >= 2 ? fromRaw : splitQuestion(analysis.cleaned);
    // "who wrote the memo, when did it come out": a later part's pronoun stands for the first part's
    // subject, or for the subject of the sentence of context before the question.
    const leading = words(cleanText(split[0] ?? '')).filter((word) => this.matcher.isSubjectWord(word));
    const subject = focused.subjects.length > 0 ? focused.subjects : leading;
    const pieces = split.map((piece, index) =>
      (index > 0 || focused.subjects.length > 0) && (/\b(it|its|she|her|he|his|they|them|their|that|this)\b/i.test(piece) || this.matcher.analyze(piece).entities.length === 0) && this.matcher.analyze(piece).entities.length === 0
        ? `${piece} ${subject.join(' ')}`
        : piece,
    );
    if (pieces.length < 2) return null;
    const parts: Answer[] = [];
    for (const piece of pieces) {
      const context = this.contextFor(piece);
      let part = this.fromRanking(context, true);
      // A short part ("when did it come out") is often only close to certain; beside the other parts
      // of one message, its likeliest reading is the one meant.
      const unknownWord = context.analysis.terms.some((term) => this.matcher.termKind(term, context.analysis.ordinary.has(term)) === 'unknown');
      const nearlySure = part.kind === 'clarify' && part.confidence >= this.knowledge.calibration.calibration.thresholds.clarify && !unknownWord;
      if (nearlySure && part.suggestions[0]) part = this.entryAnswer(piece, this.knowledge.entryById.get(part.suggestions[0].entry) as Entry, part.confidence, 'matched', context.analysis);
      if (part.kind !== 'answer' || part.entry === null) continue;
      if (!parts.some((earlier) => earlier.entry === part.entry)) parts.push(part);
    }
    if (parts.length < 2) return null;
    const [first] = parts as [Answer, ...Answer[]];
    const sources = new Map<string, SourceRef>();
    for (const part of parts) for (const source of part.sources) sources.set(source.url, source);
    return this.reply('answer', 'several-parts', asked, parts.map((part) => part.text).join('\n'), {
      sources: [...sources.values()],
      confidence: Math.min(...parts.map((part) => part.confidence)),
      entry: first.entry,
      matchedQuestion: first.matchedQuestion,
      suggestions: first.suggestions,
      parts: parts.map((part) => ({ entry: part.entry as string, question: part.matchedQuestion ?? '', text: part.text, sources: part.sources })),
    });
  }

  /** The decision over the ranked entries: answer the best unless there is a named reason not to. */
  private fromRanking({ asked, analysis, ranking: rank }: QuestionContext, asPart = false): Answer {
    const ranking = rank();
    const decision = this.decide(analysis, ranking);
    const ranked = ranking.entries;
    switch (decision.outcome) {
      case 'answer':
        return this.entryAnswer(asked, decision.entry, decision.confidence, 'matched', analysis);
      case 'clarify':
        return this.reply('clarify', 'ambiguous', asked, MESSAGES.clarify, { confidence: decision.confidence, suggestions: decision.options.map((entry) => this.suggestion(entry)) });
      case 'unanswered-family':
        return this.declineUnanswered(asked, decision.family, ranked, decision.confidence);
      default:
        return this.reply('decline', 'unknown-subject', asked, asPart ? '' : MESSAGES.decline(this.pack.scope), { confidence: decision.confidence, suggestions: this.nearSuggestions(ranked) });
    }
  }

  /** The ranked decision as data, shared by `answer` and `explain`. */
  decide(analysis: QueryAnalysis, ranking: Ranking): Decision {
    const ranked = ranking.entries;
    const best = ranked[0];
    const evidence = this.matcher.evidence(analysis, ranking);
    // The calibrated probability that the best match is what was asked (see confidence.ts).
    const { model, thresholds } = this.knowledge.calibration.calibration;
    const confidence = evidence ? probability(model, featureVector(evidence)) : 0;
    if (!best || !evidence) return { outcome: 'unknown-subject', confidence, why: 'no entry shares a telling word with the question' };
    // A question that reads more like something the story leaves out than like any entry.
    if (ranking.unanswered !== null && ranking.unanswered.score >= best.score * POLICY.unansweredShare) {
      return { outcome: 'unanswered-family', family: ranking.unanswered.unanswered, confidence, why: `the family "${ranking.unanswered.unanswered.id}" matches ${ranking.unanswered.score.toFixed(3)} against the best entry's ${best.score.toFixed(3)}` };
    }
    if (evidence.rareShare >= POLICY.rareShareLimit) {
      return { outcome: 'unknown-subject', confidence, why: `${(evidence.rareShare * 100).toFixed(0)} % of the question is words the knowledge never uses` };
    }
    if (confidence < thresholds.clarify) {
      // Unsure, but nothing in the question is unknown to the knowledge: offer the closest
      // questions rather than refuse. A refusal needs a reason: a word or a party it does not know.
      const knownSubject = evidence.rareShare === 0 && evidence.entityMismatches === 0 && best.score >= POLICY.offerFloor;
      if (!knownSubject) return { outcome: 'unknown-subject', confidence, why: `confidence ${confidence.toFixed(3)} is below the clarify threshold ${thresholds.clarify}, and the question has words or parties the knowledge does not hold` };
      const options = ranked.filter((match) => match.score >= best.score * CLARIFY_SCORE_SHARE).slice(0, MAX_SUGGESTIONS).map((match) => match.entry);
      return { outcome: 'clarify', options, confidence, why: `confidence ${confidence.toFixed(3)} is below the clarify threshold ${thresholds.clarify}, but every word of the question is known: the closest questions are offered` };
    }
    if (confidence < thresholds.answer) {
      const options = ranked.filter((match) => match.score >= best.score * CLARIFY_SCORE_SHARE).slice(0, MAX_SUGGESTIONS).map((match) => match.entry);
      // Asking back is for entries that are genuinely close; with nothing near the best one, it is the answer.
      const familyNear = (ranking.unanswered?.score ?? 0) >= best.score * POLICY.singleOptionFamilyShare;
      // The question is one of the entry's phrasings but for glue words ("who is the CRO"): it is what was asked.
      if (best.score >= POLICY.wholePhrasingScore && best.phrasingCoverage >= POLICY.wholePhrasingScore && !familyNear) return { outcome: 'answer', entry: best.entry, confidence, why: `the question says all of "${best.phrasing}" and nothing else of weight (score ${best.score.toFixed(3)})` };
      if (options.length === 1 && confidence >= POLICY.singleOptionConfidence && !familyNear) return { outcome: 'answer', entry: best.entry, confidence, why: `confidence ${confidence.toFixed(3)} is below the answer threshold ${thresholds.answer}, but no other entry comes within ${CLARIFY_SCORE_SHARE} of the best score` };
      return { outcome: 'clarify', options, confidence, why: `confidence ${confidence.toFixed(3)} is between the clarify (${thresholds.clarify}) and answer (${thresholds.answer}) thresholds` };
    }
    return { outcome: 'answer', entry: best.entry, confidence, why: `confidence ${confidence.toFixed(3)} is at or above the answer threshold ${thresholds.answer}` };
  }

  /**
   * Why a question gets the reply it gets: its terms and their weights, the closest entries and
   * unanswered family, each confidence feature's contribution, the thresholds and the decision.
   */
  explain(question: string): Explanation {
    const asked = typeof question === 'string' ? question.slice(0, MAX_QUESTION_LENGTH) : '';
    const { analysis, ranking: rank } = this.contextFor(asked);
    const ranking = rank();
    const evidence = this.matcher.evidence(analysis, ranking);
    const features = evidence ? featureVector(evidence) : [];
    const answer = this.answer(question);
    const { model, thresholds } = this.knowledge.calibration.calibration;
    return {
      cleaned: analysis.cleaned,
      terms: analysis.terms.map((term) => ({ term, weight: Number(this.matcher.weight(term, analysis.ordinary.has(term)).toFixed(3)), kind: this.matcher.termKind(term, analysis.ordinary.has(term)) })),
      entities: analysis.entities,
      top: ranking.entries.slice(0, 3).map((match) => ({ entry: match.entry.id, phrasing: match.phrasing, score: Number(match.score.toFixed(3)) })),
      unanswered: ranking.unanswered ? { family: ranking.unanswered.unanswered.id, phrasing: ranking.unanswered.phrasing, score: Number(ranking.unanswered.score.toFixed(3)) } : null,
      features: FEATURE_NAMES.map((name, index) => {
        const value = features[index] ?? 0;
        const contribution = (model.weights[index] ?? 0) * ((value - (model.means[index] ?? 0)) / (model.scales[index] || 1));
        return { name, value: Number(value.toFixed(3)), contribution: Number(contribution.toFixed(3)) };
      }),
      thresholds: { answer: thresholds.answer, clarify: thresholds.clarify, ...POLICY },
      calibration: this.knowledge.calibration.status,
      ranked: evidence ? this.decide(analysis, ranking).why : 'no entry shares a telling word with the question',
      decision: { kind: answer.kind, reason: answer.reason, entry: answer.entry, confidence: answer.confidence },
    };
  }

  /**
   * What the calibration fits on, through the engine's own path: the features of the ranked match
   * and its best entry, or null when an earlier decider decides or the family declines outright.
   */
  rankedSample(question: string): { features: number[]; entry: string } | null {
    const context = this.contextFor(question);
    for (const decider of this.deciders.slice(0, -1)) if (decider(context)) return null;
    const ranking = context.ranking();
    const best = ranking.entries[0];
    const evidence = this.matcher.evidence(context.analysis, ranking);
    if (!best || !evidence) return null;
    if (ranking.unanswered !== null && ranking.unanswered.score >= best.score * POLICY.unansweredShare) return null;
    if (evidence.rareShare >= POLICY.rareShareLimit) return null;
    return { features: featureVector(evidence), entry: best.entry.id };
  }

  /**
   * Answers a message of a conversation, given its previous turn (null when there is none): a
   * short follow-up ("and microsoft?", "when was that?", "source?") is answered as the question
   * it makes with the previous one, and says so; anything else as `answer` would (follow-up.ts).
   */
  answerInContext(text: string, previous: PreviousTurn | null): InContextAnswer {
    const asked = typeof text === 'string' ? text : '';
    return answerWithContext(asked, previous, { answer: (question) => this.answer(question), answerEntry: (id, question) => this.answerEntry(id, question), matcher: this.matcher, knowledge: this.knowledge });
  }

  /** Answers a known entry directly (a button that names it); a gone entry gets the closest questions. */
  answerEntry(id: string, asked?: string): Answer {
    const entry = this.knowledge.entryById.get(id);
    // Asked in words (a clarify option the person picked), the question's own yes or no applies.
    if (entry) return this.entryAnswer(asked ?? entry.question, entry, 1, 'entry', asked === undefined ? undefined : this.contextFor(asked).analysis);
    const question = asked ?? id;
    const near = this.matcher.rank(this.matcher.analyze(asked ?? id.replace(/-/g, ' ')));
    return this.reply('decline', 'unknown-entry', question, MESSAGES.unknownEntry, { suggestions: this.nearSuggestions(near) });
  }

  private declineUnanswered(asked: string, family: Unanswered, ranked: readonly EntryMatch[], confidence = 0): Answer {
    return this.reply('decline', 'unanswered-family', asked, MESSAGES.declineUnanswered(family.about, this.pack.scope), { confidence, suggestions: this.nearSuggestions(ranked) });
  }

  /** After a decline: the entries that came closest, or the curated examples. */
  private nearSuggestions(ranked: readonly EntryMatch[]): Suggestion[] {
    const near = ranked.filter((match) => match.score >= SUGGESTION_FLOOR).slice(0, MAX_SUGGESTIONS);
    return near.length > 0 ? near.map((match) => this.suggestion(match.entry)) : this.exampleSuggestions();
  }

  private entryAnswer(asked: string, entry: Entry, confidence: number, reason: Reason, analysis?: QueryAnalysis): Answer {
    const related = entry.related
      .map((id) => this.knowledge.entryById.get(id))
      .filter((candidate): candidate is Entry => candidate !== undefined)
      .slice(0, MAX_SUGGESTIONS)
      .map((candidate) => this.suggestion(candidate));
    const polarity = entry.yes_no && analysis ? polarityFor(analysis.surface.join(' '), entry.yes_no, cleanText, asked) : null;
    const text = polarity === null ? entry.answer : `${polarity === 'yes' ? 'Yes' : 'No'}. ${entry.answer}`;
    return this.reply('answer', reason, asked, text, {
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
    return this.reply('topic', 'topic', asked, entity.summary, {
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
    if (only(THANKS)) return this.reply('smalltalk', 'smalltalk', asked, MESSAGES.thanks);
    if (only(FAREWELLS)) return this.reply('smalltalk', 'smalltalk', asked, MESSAGES.farewell);
    if (only(GREETINGS)) return this.reply('smalltalk', 'smalltalk', asked, MESSAGES.greeting(this.pack.greeting), { suggestions: this.exampleSuggestions() });
    return null;
  }

  /** "everything since the amazon deal", "anything after the memo?", "from the 38b deal to bedrock". */
  private asksFromAnEvent(analysis: QueryAnalysis): boolean {
    const text = analysis.surface.join(' ');
    // A chronology starts somewhere ("since X", "after X", "from X to Y") and asks what happened.
    const fromTo = /\bfrom\b.+\b(to|until|till|through|thru)\b/.test(text) || /\bbetween\b.+\band\b/.test(text);
    if (!/\b(since|after|from|between)\b/.test(text) || (!CHRONOLOGY_CUES.test(text) && !fromTo)) return false;
    const parsed = parseTimelineText(text);
    if (parsed.phrases.from.length === 0) return false;
    const span = [parsed.phrases.from.join(' '), parsed.phrases.to.join(' ')].filter((phrase) => phrase !== '');
    return span.every((phrase) => this.reasoner.eventNamed(phrase) !== null);
  }

  private isTimelineRequest(analysis: QueryAnalysis): boolean {
    return analysis.surface.some((word) => TIMELINE_WORDS.has(word)) || TIMELINE_PHRASES.some((phrase) => ` ${analysis.cleaned} `.includes(` ${phrase} `));
  }

  /**
   * Turns the shared timeline parse into a query: "since the memo" and "from stargate to the amazon
   * deal" name events, other words name topics (several topics give their union). An event name
   * that names nothing is reported, not ignored.
   */
  private timelineQueryFrom(parsed: ParsedTimelineText, compact: boolean): { query: TimelineQuery; unknownEvent: string | null; topicWords: string[] } {
    const query: TimelineQuery = { from: parsed.range.from, to: parsed.range.to, ...(compact ? { compact } : {}) };
    let unknownEvent: string | null = null;
    const topicWords = [...parsed.topicWords];
    for (const side of ['from', 'to'] as const) {
      // "since jan 2025" left "everything happened" behind; chronology filler names no event.
      const phraseWords = parsed.phrases[side].filter((word) => !CHRONOLOGY_FILLER.has(word));
      const phrase = phraseWords.join(' ');
      if (phrase === '') continue;
      // "from last october through april": a month without a year is the story's own one.
      const month = this.book.monthOfStory(phraseWords, side);
      if (month !== null) {
        if (side === 'from') query.from = month;
        else query.to = month;
        continue;
      }
      const event = this.reasoner.eventNamed(phrase);
      if (event) {
        if (side === 'from' && parsed.exclusiveFrom) {
          query.after = event.date;
          query.exclude = [event.id];
        } else if (side === 'from') query.from = event.date;
        else query.to = event.date;
        continue;
      }
      // "since amazon" names a topic, not an event; anything else is an event we don't know.
      const words = phraseWords.filter((word) => !TIMELINE_GLUE.has(word) && !STOPWORDS.has(word));
      if (words.length > 0 && words.every((word) => this.resolveTopic(word) !== null)) topicWords.push(...words);
      else if (words.length > 0) unknownEvent = phrase;
    }
    // "stargate → the amendment": a span's start may be named where a topic would be.
    if (query.to !== undefined && query.from === undefined && query.after === undefined && topicWords.length > 0) {
      const start = this.reasoner.eventNamed(topicWords.join(' ')) ?? [...topicWords].reverse().map((word) => this.reasoner.eventNamed(word)).find((event) => event !== null) ?? null;
      if (start && topicWords.every((word) => this.resolveTopic(word) === null || this.reasoner.eventNamed(word) !== null)) {
        query.from = start.date;
        topicWords.length = 0;
      }
    }
    return { query, unknownEvent, topicWords };
  }

  /** A timeline asked as a plain question; null when the question carries words we don't know. */
  private timelineForQuestion(asked: string, analysis: QueryAnalysis): Answer | null {
    // "walk me through", "catch me up": their "through" and "up" are not a range.
    const spoken = ` ${analysis.surface.join(' ')} `;
    const unphrased = TIMELINE_PHRASES.reduce((text, phrase) => text.replace(` ${phrase} `, ' '), spoken).trim();
    const parsed = parseTimelineText(unphrased);
    if (parsed.invalid) return null;
    const compact = COMPACT_PHRASES.some((phrase) => ` ${analysis.cleaned} `.includes(` ${phrase} `));
    const { query, unknownEvent, topicWords } = this.timelineQueryFrom(parsed, compact);
    if (unknownEvent !== null) return this.reply('decline', 'unknown-event', asked, MESSAGES.unknownEvent(unknownEvent, this.reasoner.eventNames()), { suggestions: this.exampleSuggestions() });
    const spanWords = new Set([...parsed.phrases.from, ...parsed.phrases.to].filter((word) => !topicWords.includes(word)));
    const topicAnalysis = this.matcher.analyze(analysis.surface.filter((word) => !spanWords.has(word)).join(' '));
    const phraseWords = new Set(TIMELINE_PHRASES.filter((phrase) => ` ${analysis.cleaned} `.includes(` ${phrase} `)).flatMap((phrase) => phrase.split(' ')));
    const leftovers = this.vocabulary
      .rewrite(topicAnalysis.surface.filter((word) => !phraseWords.has(word)))
      .filter((word) => !TIMELINE_WORDS.has(word) && !TIMELINE_GLUE.has(word) && !STOPWORDS.has(word) && !WEAK_WORDS.has(word) && !QUESTION_WORDS.has(word) && !/^\d+$/.test(word));
    // Said with a timeline word ("chronology of events involving X"), ordinary English around it
    // is framing; after a mere "what happened", any word we don't know may be the real subject.
    const explicit = analysis.surface.some((word) => TIMELINE_WORDS.has(word)) || phraseWords.size > 0 && spanWords.size > 0;
    const unknown = leftovers.filter(
      (word) => !this.knowledge.entities.has(word) && !this.vocabulary.surfaceWords.has(word) && !MONTH_NAMES.includes(word) && !(explicit && this.vocabulary.isOrdinary(word)),
    );
    if (unknown.length > 0) return null;
    // "the whole openai story" is every event: OpenAI is in all of them. Azure within "microsoft
    // and azure" is Microsoft's own part (entity `includes`).
    const named = topicAnalysis.entities.filter((entity) => entity !== this.pack.everywhere);
    const topics = named.filter((entity) => !named.some((other) => other !== entity && this.knowledge.entities.get(other)?.includes.includes(entity)));
    // "how did the revenue share evolve": a subject that is no company narrows to the events about it.
    const subjectWords = leftovers.filter((word) => !this.knowledge.entities.has(word) && !MONTH_NAMES.includes(word) && !CHRONOLOGY_FILLER.has(word) && this.matcher.isSubjectWord(word));
    const about = subjectWords.length > 0 ? this.reasoner.eventsAbout(subjectWords) : null;
    // Narrowed to a subject's events where that leaves any; otherwise the topic alone.
    const narrowed = about && about.length > 0 ? this.book.build({ ...query, topics, facts: about }) : null;
    const result = narrowed?.ok ? narrowed : this.book.build({ ...query, topics });
    if (!result.ok) return this.reply('decline', result.error.code === 'unknown-topic' ? 'unknown-subject' : 'bad-range', asked, result.error.message, { suggestions: this.exampleSuggestions() });
    const { timeline } = result;
    const sources = new Map<string, SourceRef>();
    for (const event of timeline.events) for (const source of event.sources) sources.set(source.id, source);
    return this.reply('timeline', 'timeline', asked, timeline.overview, {
      sources: [...sources.values()],
      confidence: 1,
      entry: topics.length > 0 ? `timeline:${topics.join('+')}` : 'timeline',
      timeline,
    });
  }

  timeline(query: TimelineQuery): TimelineResult {
    let topic: string | undefined;
    let eventTopics: string[] = [];
    if (query.topic !== undefined && query.topic.trim() !== '') {
      const resolved = this.resolveTopic(query.topic);
      // A topic may name an event ("the memo"): its parties are the topics.
      const event = resolved ? null : this.reasoner.eventNamed(query.topic);
      if (!resolved && !event) return this.unknownTopic(query.topic);
      if (resolved) topic = resolved;
      else if (event) eventTopics = event.entities.filter((entity) => entity !== this.pack.everywhere);
    }
    const clean = (bound: string | undefined): string | undefined => (bound === undefined || bound.trim() === '' ? undefined : bound.trim());
    // A topic or an event name given where a date goes ("from: the memo") is resolved here too.
    const bounds: Pick<TimelineQuery, 'from' | 'to' | 'after' | 'exclude'> = {};
    for (const side of ['from', 'to'] as const) {
      const bound = clean(query[side]);
      if (bound === undefined || /^\d/.test(bound)) {
        bounds[side] = bound;
        continue;
      }
      const event = this.reasoner.eventNamed(bound);
      if (!event) return { ok: false, error: { code: 'unknown-event', message: MESSAGES.unknownEvent(bound, this.reasoner.eventNames()), example: MESSAGES.timelineExample } };
      bounds[side] = event.date;
    }
    return this.book.build({ ...query, ...bounds, topic, ...(eventTopics.length > 0 ? { topics: [...(query.topics ?? []), ...eventTopics] } : {}) });
  }

  timelineFromText(text: string, limit?: number): TimelineResult {
    const parsed = parseTimelineText(text);
    if (parsed.invalid) return { ok: false, error: badRangeError(parsed.invalid) };
    const compact = COMPACT_PHRASES.some((phrase) => ` ${cleanText(text)} `.includes(` ${phrase} `));
    const { query, unknownEvent, topicWords } = this.timelineQueryFrom(parsed, compact);
    if (unknownEvent !== null) return { ok: false, error: { code: 'unknown-event', message: MESSAGES.unknownEvent(unknownEvent, this.reasoner.eventNames()), example: MESSAGES.timelineExample } };
    const words = topicWords.filter((word) => !COMPACT_WORDS.has(word));
    const topics: string[] = [];
    for (const word of words) {
      const resolved = this.resolveTopic(word);
      if (resolved === null) return this.unknownTopic(words.join(' '));
      if (!topics.includes(resolved)) topics.push(resolved);
    }
    return this.timeline({ ...query, topics, limit });
  }

  private resolveTopic(topic: string): string | null {
    const surface = words(cleanText(topic)).map((word) => this.vocabulary.correct(word));
    const entities = this.vocabulary.rewrite(surface).filter((word) => this.knowledge.entities.has(word));
    return entities.find((entity) => entity !== this.pack.everywhere) ?? entities[0] ?? null;
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
    return this.reply('smalltalk', 'help', asked, MESSAGES.help(this.pack.help, this.examples.length > 0), { entry: 'help', suggestions: this.exampleSuggestions() });
  }

  private exampleSuggestions(): Suggestion[] {
    return this.examples.map((entry) => this.suggestion(entry));
  }

  private suggestion(entry: Entry): Suggestion {
    return { entry: entry.id, question: entry.question };
  }

  private reply(
    kind: AnswerKind,
    reason: Reason,
    question: string,
    text: string,
    extra: Partial<Pick<Answer, 'sources' | 'confidence' | 'entry' | 'matchedQuestion' | 'suggestions' | 'timeline' | 'parts' | 'facts'>> = {},
  ): Answer {
    const answered = kind === 'answer' || kind === 'topic' || kind === 'timeline';
    const confidence = Math.min(1, Math.max(0, extra.confidence ?? (answered ? 1 : 0)));
    return {
      kind,
      reason,
      answered,
      question,
      text,
      sources: extra.sources ?? [],
      confidence: Math.round(confidence * 1000) / 1000,
      entry: extra.entry ?? null,
      matchedQuestion: extra.matchedQuestion ?? null,
      suggestions: extra.suggestions ?? [],
      ...(extra.timeline ? { timeline: extra.timeline } : {}),
      ...(extra.parts ? { parts: extra.parts } : {}),
      ...(extra.facts ? { facts: extra.facts } : {}),
    };
  }
}

export function createEngine(knowledge: Knowledge, settings?: MatcherSettings, clock?: Clock): KnowledgeEngine {
  return new KnowledgeEngine(knowledge, settings, clock);
}

/** Loads and validates the knowledge folder, then builds the engine. Throws KnowledgeError. */
export async function loadEngine(directory: string, options: { clock?: Clock } = {}): Promise<KnowledgeEngine> {
  return createEngine(await loadKnowledge(directory), undefined, options.clock);
}
