// Intent matching: which Q&A entry a question asks for, and how sure we are.
//
// Each phrasing and each question becomes a set of weighted terms (idf over entries). The score
// of a phrasing is how much of the *question* it explains (coverage of the question, squared, so
// a word the knowledge has never seen — "Anthropic", "CEO" — sinks the match) times how much of
// the *phrasing* the question touched. That is what lets near misses decline while terse chat
// questions ("amazon 50b?") still answer.
import { answerTypeOf, isSpecific, type AnswerType } from './answer-type.js';
import { commonEnglish } from './common-english.js';
import type { Entry, Knowledge, Unanswered } from './knowledge.js';
import { MATCHER_DEFAULTS, type MatcherSettings } from './matcher-defaults.js';
import { cleanText, stem, words } from './normalize.js';
import type { Vocabulary } from './vocabulary.js';
import { QUESTION_WORD_TERMS, QUESTION_WORDS, STOPWORDS, WEAK_WORDS } from './word-lists.js';

/** Texts up to this long have their analysis remembered, at most this many of them. */
const ANALYSIS_CACHE_TEXT_LIMIT = 120;
const ANALYSIS_CACHE_SIZE = 5_000;

/** Read-only: analyses are shared between callers (see Matcher.analyze). */
export interface QueryAnalysis {
  /** Cleaned text: lower case, markup and punctuation removed. */
  cleaned: string;
  /** Cleaned words after typo correction, before rewriting. */
  surface: string[];
  /** Distinct content terms after aliases, synonyms, stopwords and stemming. */
  terms: string[];
  /** Entity ids named in the question, in order of appearance. */
  entities: string[];
  /** Terms that come from ordinary English words (see common-english.ts). */
  ordinary: Set<string>;
}

export interface EntryMatch {
  entry: Entry;
  /** Ranking score, 0..1. */
  score: number;
  /** The phrasing that matched best. */
  phrasing: string;
  /** Share of the best phrasing's own weight that the question touched. */
  phrasingCoverage: number;
}

/** The best-matching question family the story does not answer. */
export interface UnansweredMatch {
  unanswered: Unanswered;
  score: number;
  phrasing: string;
}

export interface Ranking {
  /** Best match per entry, best first. */
  entries: EntryMatch[];
  unanswered: UnansweredMatch | null;
  /** Share of the nearest phrasings' match that belongs to the best entry, 0..1. */
  agreement: number;
}

/** What the calibrated confidence model looks at for the best match (see confidence.ts). */
export interface MatchEvidence {
  score: number;
  margin: number;
  phrasingCoverage: number;
  /** Shares of the question's weight: covered by the entry, and left over by kind of word. */
  coveredShare: number;
  rareShare: number;
  ordinaryShare: number;
  otherKnowledgeShare: number;
  /** Entities the question names that the entry does not mention. */
  entityMismatches: number;
  /** Weight of salient terms found in the entry's phrasings. */
  salientMatched: number;
  termCount: number;
  /** How well the best unanswered question family matches (0 when none does). */
  unansweredScore: number;
  agreement: number;
  /** The heaviest telling word of the question that the entry's answer and facts never say. */
  answerGap: number;
  /** Whether the entry gives the kind of answer asked (see answer-type.ts). */
  typeAgreement: number;
}

interface Phrasing {
  /** Index into the intents: entries first, then unanswered question families. */
  entryIndex: number;
  text: string;
  terms: Set<string>;
  weightTotal: number;
}

export class Matcher {
  private readonly phrasings: Phrasing[] = [];
  private readonly phrasingsByTerm = new Map<string, number[]>();
  /** Per term, the intents with a phrasing that has it (each once, in order). */
  private readonly intentsByTerm = new Map<string, number[]>();
  /** Per entry: terms of its answer and facts, for partial credit. */
  private readonly contextTerms: Set<string>[] = [];
  /** Per entry: the union of its phrasings' terms. */
  private readonly entryPhrasingTerms: Set<string>[] = [];
  private readonly idf = new Map<string, number>();
  private readonly entryFrequency = new Map<string, number>();
  private readonly entryIndex = new Map<string, number>();
  private readonly entityIds: ReadonlySet<string>;
  private readonly ubiquitousEntities = new Set<string>();
  /** Cleaned phrasing → its entry, for questions asked exactly as the knowledge words them. */
  private readonly exact = new Map<string, Entry>();
  private readonly exactUnanswered = new Map<string, Unanswered>();
  private readonly ordinaryWords = commonEnglish();
  /** Terms of the answers, facts, entities and synonyms: the knowledge's subject matter. */
  private readonly keyTerms = new Set<string>();
  private readonly weakTerms = new Set([...WEAK_WORDS].map(stem));
  /** Analyses of short texts, oldest first out (see `analyze`). */
  private readonly analyses = new Map<string, QueryAnalysis>();
  /** Each entry's own answer type, from its canonical question. */
  private readonly entryTypes = new Map<string, AnswerType>();

  constructor(
    private readonly knowledge: Knowledge,
    private readonly vocabulary: Vocabulary,
    private readonly settings: MatcherSettings = MATCHER_DEFAULTS,
  ) {
    this.entityIds = new Set(knowledge.entities.keys());
    // Intents: the entries, then the question families the story does not answer. Both are
    // matched the same way; only entries can be answered.
    const intents = [
      ...knowledge.entries.map((entry) => ({
        phrasings: [entry.question, ...entry.alternates],
        context: [entry.answer, ...entry.facts.map((id) => knowledge.facts.get(id)?.statement ?? '')],
      })),
      ...knowledge.unanswered.map((family) => ({ phrasings: family.phrasings, context: [] })),
    ];
    const entryTerms = intents.map(({ phrasings, context: contextTexts }) => {
      const phrasingTerms = phrasings.map((text) => ({ text, terms: new Set(this.termsOf(text)) }));
      const context = new Set<string>();
      for (const text of contextTexts) for (const term of this.termsOf(text)) context.add(term);
      return { phrasingTerms, context };
    });

    for (const { context } of entryTerms) for (const term of context) this.keyTerms.add(term);
    for (const id of this.entityIds) this.keyTerms.add(id);
    for (const synonym of knowledge.synonyms) for (const term of this.termsOf(synonym.canonical)) this.keyTerms.add(term);

    const intentFrequency = new Map<string, number>();
    entryTerms.forEach(({ phrasingTerms }, intentIndex) => {
      const seen = new Set<string>();
      for (const { terms } of phrasingTerms) for (const term of terms) seen.add(term);
      for (const term of seen) {
        intentFrequency.set(term, (intentFrequency.get(term) ?? 0) + 1);
        // Ubiquity is about the entries: the story's subject, not what it leaves out.
        if (intentIndex < knowledge.entries.length) this.entryFrequency.set(term, (this.entryFrequency.get(term) ?? 0) + 1);
      }
    });
    const entryCount = knowledge.entries.length;
    for (const [term, frequency] of intentFrequency) this.idf.set(term, Math.log(1 + intents.length / frequency));
    for (const [term, frequency] of this.entryFrequency) {
      if (this.entityIds.has(term) && frequency / entryCount > settings.ubiquitousEntityShare) this.ubiquitousEntities.add(term);
    }

    knowledge.entries.forEach((entry, index) => {
      this.entryTypes.set(entry.id, answerTypeOf(cleanText(entry.question)));
      this.entryIndex.set(entry.id, index);
      for (const text of [entry.question, ...entry.alternates]) this.exact.set(cleanText(text), entry);
    });
    for (const family of knowledge.unanswered) for (const text of family.phrasings) this.exactUnanswered.set(cleanText(text), family);
    entryTerms.forEach(({ phrasingTerms, context }, entryIndex) => {
      this.contextTerms.push(context);
      this.entryPhrasingTerms.push(new Set(phrasingTerms.flatMap(({ terms }) => [...terms])));
      for (const { text, terms } of phrasingTerms) {
        const index = this.phrasings.length;
        let weightTotal = 0;
        for (const term of terms) {
          weightTotal += this.weight(term);
          const list = this.phrasingsByTerm.get(term) ?? [];
          list.push(index);
          this.phrasingsByTerm.set(term, list);
          const intents = this.intentsByTerm.get(term) ?? [];
          if (intents.at(-1) !== entryIndex) intents.push(entryIndex);
          this.intentsByTerm.set(term, intents);
        }
        this.phrasings.push({ entryIndex, text, terms, weightTotal });
      }
    });
  }

  /** Normalise, correct typos, rewrite aliases and synonyms, drop glue, stem. */
  analyze(text: string): QueryAnalysis {
    // The reasoner and the deciders analyse the same short texts (names, single words, the
    // question's pieces) again and again; their analyses are pure, so they are remembered.
    if (text.length > ANALYSIS_CACHE_TEXT_LIMIT) return this.analyzeUncached(text);
    const cached = this.analyses.get(text);
    if (cached) return cached;
    const analysis = this.analyzeUncached(text);
    if (this.analyses.size >= ANALYSIS_CACHE_SIZE) this.analyses.delete(this.analyses.keys().next().value as string);
    this.analyses.set(text, analysis);
    return analysis;
  }

  private analyzeUncached(text: string): QueryAnalysis {
    const cleaned = cleanText(text);
    const surface = words(cleaned).map((word) => this.vocabulary.correct(word));
    const rewritten = this.vocabulary.rewrite(surface);
    const terms: string[] = [];
    const entities: string[] = [];
    const ordinary = new Set<string>();
    for (let index = 0; index < rewritten.length; index += 1) {
      const word = rewritten[index] as string;
      if (STOPWORDS.has(word)) continue;
      let term: string;
      if (word === 'how' && (rewritten[index + 1] === 'much' || rewritten[index + 1] === 'many')) {
        term = 'how-much';
        index += 1;
      } else {
        term = QUESTION_WORD_TERMS[word] ?? (this.entityIds.has(word) ? word : stem(word));
        if (this.ordinaryWords.has(word)) ordinary.add(term);
      }
      if (this.entityIds.has(term) && !entities.includes(term)) entities.push(term);
      if (!terms.includes(term)) terms.push(term);
    }
    return { cleaned, surface, terms, entities, ordinary };
  }

  private termsOf(text: string): string[] {
    return this.analyze(text).terms;
  }

  /**
   * A term's weight in this question. In a long message the words the knowledge does not know are
   * mostly context ("prepping for a client call tomorrow…"), not what is asked: they count as weak.
   */
  termWeight(analysis: QueryAnalysis, term: string): number {
    const ordinary = analysis.ordinary.has(term);
    const weight = this.weight(term, ordinary);
    if (analysis.surface.length < this.settings.longMessageWords) return weight;
    const kind = this.termKind(term, ordinary);
    return kind === 'unknown' || kind === 'ordinary english' ? Math.min(weight, this.settings.weakWordWeight) : weight;
  }

  /** How much a term says about which entry is meant. */
  weight(term: string, ordinary = false): number {
    if (QUESTION_WORDS.has(term)) return this.settings.questionWordWeight;
    const idf = this.idf.get(term);
    if (this.entityIds.has(term) && !this.ubiquitousEntities.has(term)) {
      return Math.max(idf ?? 0, this.settings.entityMinimumWeight);
    }
    const weak = this.weakTerms.has(term);
    // A generic word ("amount", "deal") in one phrasing must not decide the match on its own; nor
    // must an ordinary word that only a phrasing uses ("significant", "depend"): the knowledge's
    // own subject matter is what its answers and facts say.
    if (idf !== undefined) {
      if (weak) return Math.min(idf, this.settings.weakIndexedMaximum);
      if (ordinary && !this.keyTerms.has(term)) return Math.min(idf, this.settings.phrasingOnlyMaximum);
      return idf;
    }
    if (weak || /^\d+$/.test(term)) return this.settings.weakWordWeight;
    if (this.vocabulary.surfaceWords.has(term) || this.isContextTerm(term)) return this.settings.knownUnindexedWeight;
    // Out-of-scope questions turn on things the knowledge never names (Anthropic, a CEO, an IPO);
    // ordinary English words it never uses mostly rephrase a question it does answer.
    return ordinary ? this.settings.ordinaryWordWeight : this.settings.unknownWordWeight;
  }

  /** True when a single word names the knowledge's subject matter (an entity or a telling term). */
  isSubjectWord(word: string): boolean {
    const { terms, ordinary } = this.analyze(word);
    return terms.some((term) => {
      const kind = this.termKind(term, ordinary.has(term));
      return (kind === 'entity' || kind === 'entity (everywhere)' || kind === 'phrasing word' || kind === 'knowledge word') && this.weight(term, ordinary.has(term)) >= this.settings.salientWeight;
    });
  }

  /** The class of a term, as evidence sees it: what `ask --explain` shows beside its weight. */
  termKind(term: string, ordinary = false): string {
    if (QUESTION_WORDS.has(term)) return 'question word';
    if (this.entityIds.has(term)) return this.ubiquitousEntities.has(term) ? 'entity (everywhere)' : 'entity';
    if (this.weakTerms.has(term)) return 'weak';
    if (this.idf.has(term)) return 'phrasing word';
    if (this.vocabulary.surfaceWords.has(term) || this.isContextTerm(term)) return 'knowledge word';
    if (/^\d+$/.test(term)) return 'number';
    return ordinary ? 'ordinary english' : 'unknown';
  }

  private isContextTerm(term: string): boolean {
    return this.contextTerms.some((context) => context.has(term));
  }

  /** Best match per entry, best first. Empty when the question shares no term with any phrasing. */
  rank(analysis: QueryAnalysis): EntryMatch[] {
    return this.rankAll(analysis).entries;
  }

  /** Entries, best first, and the best unanswered question family the question resembles. */
  rankAll(analysis: QueryAnalysis): Ranking {
    const { terms } = analysis;
    if (terms.length === 0) return { entries: [], unanswered: null, agreement: 0 };
    const weights = terms.map((term) => this.termWeight(analysis, term));
    const questionTotal = weights.reduce((sum, value) => sum + value, 0);

    // Candidates come from the telling terms only: "openai" or "who" alone would pull in nearly
    // every phrasing, and a phrasing that shares nothing else cannot rank anyway.
    const telling = terms.filter((_, index) => (weights[index] as number) >= this.settings.candidateMinimumWeight);
    const selecting = telling.length > 0 ? telling : terms;
    // Which intents have a phrasing sharing a selecting term, from the per-intent index: the
    // phrasings themselves are visited only for the shortlisted intents below.
    const candidateIntents = new Set<number>();
    for (const term of selecting) for (const intentIndex of this.intentsByTerm.get(term) ?? []) candidateIntents.add(intentIndex);

    const { contextCredit, questionCoverageExponent, phrasingCoverageExponent, entryCoverageShare, entryShortlist } = this.settings;
    // How much of the question each candidate entry explains with all its phrasings and its
    // answer. Only the best few entries get their phrasings scored one by one: a phrasing can never
    // explain more than its entry does, and a weak question would otherwise touch every phrasing.
    const entryCoverage = new Map<number, number>();
    for (const entryIndex of candidateIntents) {
      const union = this.entryPhrasingTerms[entryIndex] as Set<string>;
      const context = this.contextTerms[entryIndex] as Set<string>;
      let matched = 0;
      for (let termIndex = 0; termIndex < terms.length; termIndex += 1) {
        const term = terms[termIndex] as string;
        if (union.has(term)) matched += weights[termIndex] as number;
        else if (context.has(term)) matched += (weights[termIndex] as number) * contextCredit;
      }
      entryCoverage.set(entryIndex, matched);
    }
    const byCoverage = [...entryCoverage.entries()].sort((a, b) => b[1] - a[1]).map(([intentIndex]) => intentIndex);
    const entryCount = this.knowledge.entries.length;
    const shortlist = new Set([
      ...byCoverage.filter((intentIndex) => intentIndex < entryCount).slice(0, entryShortlist),
      ...byCoverage.filter((intentIndex) => intentIndex >= entryCount).slice(0, entryShortlist),
    ]);

    const candidates = new Set<number>();
    for (const term of selecting) {
      for (const index of this.phrasingsByTerm.get(term) ?? []) if (shortlist.has((this.phrasings[index] as Phrasing).entryIndex)) candidates.add(index);
    }
    const bestByEntry = new Map<number, { score: number; phrasing: string; phrasingCoverage: number }>();
    // Each phrasing's own match, without its entry's help: who the nearest phrasings belong to.
    const neighbours: { intentIndex: number; score: number }[] = [];
    for (const index of candidates) {
      const phrasing = this.phrasings[index] as Phrasing;
      if (!shortlist.has(phrasing.entryIndex)) continue;
      const context = this.contextTerms[phrasing.entryIndex] as Set<string>;
      const entryMatched = entryCoverage.get(phrasing.entryIndex) as number;
      let questionMatched = 0;
      let phrasingMatched = 0;
      for (let termIndex = 0; termIndex < terms.length; termIndex += 1) {
        const term = terms[termIndex] as string;
        const weight = weights[termIndex] as number;
        if (phrasing.terms.has(term)) {
          questionMatched += weight;
          phrasingMatched += weight;
        } else if (context.has(term)) {
          questionMatched += weight * contextCredit;
        }
      }
      // Blend how well this phrasing explains the question with how well the whole entry does:
      // people mix words from several phrasings of the same entry.
      const questionCoverage = (entryCoverageShare * entryMatched + (1 - entryCoverageShare) * questionMatched) / questionTotal;
      const phrasingCoverage = phrasing.weightTotal > 0 ? phrasingMatched / phrasing.weightTotal : 0;
      const score = questionCoverage ** questionCoverageExponent * phrasingCoverage ** phrasingCoverageExponent;
      const neighbour = { intentIndex: phrasing.entryIndex, score: (questionMatched / questionTotal) ** questionCoverageExponent * phrasingCoverage ** phrasingCoverageExponent };
      if (neighbours.length < this.settings.agreementNeighbours || neighbour.score > (neighbours.at(-1) as { score: number }).score) {
        let at = neighbours.length;
        while (at > 0 && (neighbours[at - 1] as { score: number }).score < neighbour.score) at -= 1;
        neighbours.splice(at, 0, neighbour);
        if (neighbours.length > this.settings.agreementNeighbours) neighbours.pop();
      }
      const best = bestByEntry.get(phrasing.entryIndex);
      if (!best || score > best.score) bestByEntry.set(phrasing.entryIndex, { score, phrasing: phrasing.text, phrasingCoverage });
    }

    let unanswered: UnansweredMatch | null = null;
    const entries: EntryMatch[] = [];
    for (const [intentIndex, best] of bestByEntry) {
      if (intentIndex < entryCount) {
        entries.push({ entry: this.knowledge.entries[intentIndex] as Entry, ...best });
      } else if (!unanswered || best.score > unanswered.score) {
        unanswered = { unanswered: this.knowledge.unanswered[intentIndex - entryCount] as Unanswered, score: best.score, phrasing: best.phrasing };
      }
    }
    // A question that asks for a date prefers the entry that gives one: the expected answer type
    // nudges close scores, and never rescues a match the words do not support.
    const asked = answerTypeOf(analysis.cleaned);
    if (isSpecific(asked)) {
      for (const match of entries) {
        const own = this.entryTypes.get(match.entry.id) ?? 'what';
        if (own === asked) match.score = Math.min(1, match.score * (1 + this.settings.answerTypeBonus));
        else if (isSpecific(own)) match.score *= 1 - this.settings.answerTypePenalty;
      }
    }
    entries.sort((a, b) => b.score - a.score);
    // Many near phrasings of one entry is a surer sign than one lucky phrasing among several entries.
    const nearest = neighbours;
    const bestIndex = entries[0] ? this.entryIndex.get(entries[0].entry.id) : undefined;
    const nearestTotal = nearest.reduce((sum, neighbour) => sum + neighbour.score, 0);
    const agreement = nearestTotal > 0 ? nearest.filter((neighbour) => neighbour.intentIndex === bestIndex).reduce((sum, neighbour) => sum + neighbour.score, 0) / nearestTotal : 0;
    return { entries, unanswered, agreement };
  }

  /** The evidence behind the best match, for the confidence model. */
  evidence(analysis: QueryAnalysis, ranking: Ranking): MatchEvidence | null {
    const [best, second] = ranking.entries;
    if (!best) return null;
    const entryIndex = this.entryIndex.get(best.entry.id) as number;
    const union = this.entryPhrasingTerms[entryIndex] as Set<string>;
    const context = this.contextTerms[entryIndex] as Set<string>;
    let total = 0;
    let covered = 0;
    let rare = 0;
    let ordinary = 0;
    let otherKnowledge = 0;
    let salientMatched = 0;
    let entityMismatches = 0;
    let unansweredWeight = 0;
    for (const term of analysis.terms) {
      const isOrdinary = analysis.ordinary.has(term);
      const weight = this.termWeight(analysis, term);
      total += weight;
      // A telling word the entry's answer and facts never say: what the answer may not address.
      if (!context.has(term) && !QUESTION_WORDS.has(term) && !this.weakTerms.has(term) && !this.ubiquitousEntities.has(term)) unansweredWeight = Math.max(unansweredWeight, weight);
      if (union.has(term)) {
        covered += weight;
        if (weight >= this.settings.salientWeight) salientMatched += weight;
      } else if (context.has(term)) {
        covered += weight * this.settings.contextCredit;
      } else if (this.weakTerms.has(term)) {
        // "makes", "new", "big": another entry using the word says nothing against this one.
        ordinary += weight;
      } else if (this.idf.has(term) || this.vocabulary.surfaceWords.has(term) || this.isContextTerm(term)) {
        otherKnowledge += weight;
        if (this.entityIds.has(term) && !this.ubiquitousEntities.has(term)) entityMismatches += 1;
      } else if (isOrdinary || QUESTION_WORDS.has(term) || /^\d+$/.test(term)) {
        ordinary += weight;
      } else {
        rare += weight;
      }
    }
    const share = (value: number): number => (total > 0 ? value / total : 0);
    return {
      score: best.score,
      margin: best.score - (second?.score ?? 0),
      phrasingCoverage: best.phrasingCoverage,
      coveredShare: share(covered),
      rareShare: share(rare),
      ordinaryShare: share(ordinary),
      otherKnowledgeShare: share(otherKnowledge),
      entityMismatches,
      salientMatched,
      termCount: analysis.terms.length,
      unansweredScore: ranking.unanswered?.score ?? 0,
      agreement: ranking.agreement,
      answerGap: unansweredWeight,
      typeAgreement: this.typeAgreement(analysis, best.entry),
    };
  }

  /** 1 when the entry gives the kind of answer asked, 0 when it gives another specific kind, 0.5 otherwise. */
  private typeAgreement(analysis: QueryAnalysis, entry: Entry): number {
    const asked = answerTypeOf(analysis.cleaned);
    const own = this.entryTypes.get(entry.id) ?? 'what';
    if (!isSpecific(asked) || !isSpecific(own)) return 0.5;
    return asked === own ? 1 : 0;
  }

  /** The entry one of whose phrasings is exactly this question (after cleaning), if any. */
  exactEntry(analysis: QueryAnalysis): Entry | undefined {
    return this.exact.get(analysis.cleaned);
  }

  /** The unanswered question family one of whose phrasings is exactly this question, if any. */
  exactUnansweredFamily(analysis: QueryAnalysis): Unanswered | undefined {
    return this.exactUnanswered.get(analysis.cleaned);
  }

  /** True if every content term is an entity or topic framing ("who is X", "tell me about X"). */
  isOnlyEntities(analysis: QueryAnalysis, framing: ReadonlySet<string>): boolean {
    return analysis.terms.every((term) => this.entityIds.has(term) || term === 'who' || framing.has(term));
  }
}
