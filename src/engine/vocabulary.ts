// What the knowledge's words are: the surface vocabulary (for typo correction with fuse.js) and
// the phrase rewrites (entity aliases, synonyms) that make different names for one thing meet.
import Fuse from 'fuse.js';
import { commonEnglish } from './common-english.js';
import type { Knowledge } from './knowledge.js';
import { cleanText, words } from './normalize.js';
import { STOPWORDS, WEAK_WORDS, QUESTION_WORDS } from './word-lists.js';

interface Rewrite {
  from: string[];
  to: string[];
}

/** fuse.js proposes candidates up to this score (0 = exact); the edit distance decides. Bitap counts a transposition as two errors, hence the slack. */
const TYPO_MAX_SCORE = 0.45;
/** Bounded so a flood of random words cannot grow memory without limit. */
const TYPO_CACHE_LIMIT = 5_000;
const TYPO_MIN_LENGTH = 4;
/** Words up to this long may have one typo, and keep their first letter. */
const SHORT_WORD_LENGTH = 5;

/** True when `b` is `a` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((letter, index) => (letter === b[index] ? [] : [index]));
  const [first, second] = differ;
  return differ.length === 2 && first !== undefined && second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

function deletions(word: string): string[] {
  return Array.from({ length: word.length }, (_, index) => word.slice(0, index) + word.slice(index + 1));
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previousPrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

export class Vocabulary {
  /** Every surface word of the knowledge, before rewriting and stemming. */
  readonly surfaceWords: ReadonlySet<string>;
  private readonly rewritesByFirstWord = new Map<string, Rewrite[]>();
  /** Entities whose generations differ: "trainium 4" becomes `trainium trainium-4`. */
  private readonly numbered: ReadonlySet<string>;
  private readonly typoTargets: string[];
  /** Each target word and its one-letter deletions → the targets: finds one-edit typos without a scan. */
  private readonly oneEditIndex = new Map<string, string[]>();
  private readonly fuseByKey = new Map<string, Fuse<string>>();
  private readonly corrections = new Map<string, string | null>();
  // Real words are never "corrected" into knowledge words ("founded" is not a typo of "funder").
  private readonly ordinary = commonEnglish();

  constructor(knowledge: Knowledge, extraTargets: Iterable<string> = []) {
    this.numbered = new Set([...knowledge.entities.values()].filter((entity) => entity.numbered).map((entity) => entity.id));
    const surface = new Set<string>();
    const addText = (text: string): void => {
      for (const word of words(cleanText(text))) surface.add(word);
    };
    for (const entry of knowledge.entries) {
      [entry.question, entry.answer, ...entry.alternates].forEach(addText);
    }
    for (const fact of knowledge.facts.values()) addText(fact.statement);
    for (const entity of knowledge.entities.values()) {
      [entity.name, entity.summary, ...entity.aliases].forEach(addText);
      this.addRewrite(entity.id.replaceAll('-', ' '), [entity.id]);
      this.addRewrite(entity.name, [entity.id]);
      for (const alias of entity.aliases) this.addRewrite(alias, [entity.id]);
    }
    for (const synonym of knowledge.synonyms) {
      addText(synonym.canonical);
      const to = words(cleanText(synonym.canonical));
      for (const variant of synonym.variants) {
        addText(variant);
        this.addRewrite(variant, to);
      }
    }
    for (const rewrites of this.rewritesByFirstWord.values()) rewrites.sort((a, b) => b.from.length - a.from.length);
    this.surfaceWords = surface;
    // Typos of common words ("abuot", "acess") must be recognised as those words too, or they
    // would count as unknown and sink the match. Very short words would attract every typo.
    this.typoTargets = [...new Set([...surface, ...STOPWORDS, ...WEAK_WORDS, ...extraTargets])].filter((word) => word.length >= TYPO_MIN_LENGTH - 1 && !/\d/.test(word));
    for (const target of this.typoTargets) {
      for (const key of new Set([target, ...deletions(target)])) {
        const list = this.oneEditIndex.get(key);
        if (list) list.push(target);
        else this.oneEditIndex.set(key, [target]);
      }
    }
    this.buildTwoEditIndexes();
  }

  /**
   * One small fuse.js index per first letter and word length, holding only words close enough in
   * length to be two edits away: a first-time typo then costs a search over dozens of words, not
   * the whole vocabulary. Two-edit typos that also miss the first letter are rare enough to leave.
   * Built up front, so the first question with a new word pays for the search only.
   */
  private buildTwoEditIndexes(): void {
    const byKey = new Map<string, string[]>();
    for (const target of this.typoTargets) {
      for (let length = Math.max(SHORT_WORD_LENGTH + 1, target.length - 2); length <= target.length + 2; length += 1) {
        const key = `${target[0] as string}${length}`;
        const list = byKey.get(key);
        if (list) list.push(target);
        else byKey.set(key, [target]);
      }
    }
    for (const [key, near] of byKey) {
      this.fuseByKey.set(key, new Fuse(near, { includeScore: true, threshold: TYPO_MAX_SCORE, ignoreLocation: true, shouldSort: true }));
    }
  }

  private twoEditCandidates(word: string): string[] {
    const fuse = this.fuseByKey.get(`${word[0] ?? ''}${word.length}`);
    return fuse ? fuse.search(word, { limit: 12 }).map((result) => result.item) : [];
  }

  private addRewrite(phrase: string, to: string[]): void {
    const from = words(cleanText(phrase));
    const first = from[0];
    if (first === undefined || (from.length === to.length && from.every((word, index) => word === to[index]))) return;
    const list = this.rewritesByFirstWord.get(first) ?? [];
    list.push({ from, to });
    this.rewritesByFirstWord.set(first, list);
  }

  /** True for words that need no correction: the knowledge's own, glue, and ordinary English. */
  isKnown(word: string): boolean {
    return this.surfaceWords.has(word) || STOPWORDS.has(word) || WEAK_WORDS.has(word) || QUESTION_WORDS.has(word) || /^\d+$/.test(word) || this.ordinary.has(word);
  }

  /** True for ordinary English words (see common-english.ts). */
  isOrdinary(word: string): boolean {
    return this.ordinary.has(word);
  }

  /** The word a typo most likely meant, or the word itself. Cached. */
  correct(word: string): string {
    if (word.length < TYPO_MIN_LENGTH || this.isKnown(word)) return word;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached ?? word;
    // Most typos are one edit away, and the deletion index finds those in microseconds; fuse.js
    // searches for the rarer two-edit typos, which only longer words are allowed.
    let corrected = this.closest(word, this.oneEditCandidates(word), 1);
    if (corrected === null && word.length > SHORT_WORD_LENGTH) {
      corrected = this.closest(word, this.twoEditCandidates(word), 2);
    }
    // A typo of an ordinary word ("realted") must not become a knowledge word that happens to be
    // as close ("reacted"): an English word two swapped letters away wins, and so does a closer one.
    // Otherwise an unknown name stays itself ("google" is not a typo of "goggle").
    const english = corrected === null || corrected.distance > 1 || !isSwap(word, corrected.word) ? this.ordinaryNeighbour(word) : null;
    if (english && (english.swap || (corrected !== null && corrected.distance > 1))) {
      corrected = { word: english.word, distance: 1 };
    }
    if (this.corrections.size >= TYPO_CACHE_LIMIT) this.corrections.clear();
    this.corrections.set(word, corrected?.word ?? null);
    return corrected?.word ?? word;
  }

  private oneEditCandidates(word: string): string[] {
    const found = new Set<string>();
    for (const key of [word, ...deletions(word)]) for (const target of this.oneEditIndex.get(key) ?? []) found.add(target);
    return [...found];
  }

  /**
   * The candidate fewest edits away (within `limit`). Between equals, two swapped letters beat a
   * wrong letter, then the one listed first wins.
   */
  private closest(word: string, candidates: readonly string[], limit: number): { word: string; distance: number } | null {
    let corrected: { word: string; distance: number } | null = null;
    let best = limit + 1;
    for (const candidate of candidates) {
      // A short word's first letter is rarely the typo, and without it "cost" would become "most".
      if (word.length <= SHORT_WORD_LENGTH && candidate[0] !== word[0]) continue;
      const distance = editDistance(word, candidate, limit);
      const rank = distance - (isSwap(word, candidate) ? 0.5 : 0);
      if (rank < best) {
        best = rank;
        corrected = { word: candidate, distance };
      }
    }
    return corrected;
  }

  /** An ordinary English word one edit away, swaps first (a few hundred set lookups, once per new word). */
  private ordinaryNeighbour(word: string): { word: string; swap: boolean } | null {
    for (let index = 0; index + 1 < word.length; index += 1) {
      const swapped = word.slice(0, index) + (word[index + 1] as string) + (word[index] as string) + word.slice(index + 2);
      if (this.ordinary.has(swapped)) return { word: swapped, swap: true };
    }
    if (word.length <= SHORT_WORD_LENGTH) return null;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let index = 0; index <= word.length; index += 1) {
      const head = word.slice(0, index);
      const deleted = head + word.slice(index + 1);
      if (index < word.length && this.ordinary.has(deleted)) return { word: deleted, swap: false };
      for (const letter of letters) {
        if (this.ordinary.has(head + letter + word.slice(index))) return { word: head + letter + word.slice(index), swap: false };
        if (index < word.length && this.ordinary.has(head + letter + word.slice(index + 1))) return { word: head + letter + word.slice(index + 1), swap: false };
      }
    }
    return null;
  }

  /** Applies entity aliases and synonyms, longest phrase first. */
  rewrite(tokens: readonly string[]): string[] {
    const output: string[] = [];
    let index = 0;
    while (index < tokens.length) {
      const token = tokens[index] as string;
      const candidates = this.rewritesByFirstWord.get(token);
      const rewrite = candidates?.find((candidate) => candidate.from.every((word, offset) => tokens[index + offset] === word));
      if (rewrite) {
        output.push(...rewrite.to);
        index += rewrite.from.length;
      } else {
        output.push(token);
        index += 1;
      }
      // The generation stays a term of its own, and is never read as a count ("3" → "three").
      const last = output[output.length - 1];
      const next = tokens[index];
      if (last !== undefined && this.numbered.has(last) && next !== undefined && /^\d{1,2}$/.test(next)) {
        output.push(`${last}-${next}`);
        index += 1;
      }
    }
    return output;
  }
}
