// Follow-up questions: "and microsoft?", "when was that?", "who said it?", "source?". Whether a short
// message leans on the question before it, and what it then asks, is a matter of language, so it is
// decided here, as data in and data out. The conversation layer only keeps the previous turn (and
// forgets it after a while) and passes it in; it never reads the words itself.
import type { Knowledge } from './knowledge.js';
import type { Matcher } from './matcher.js';
import { cleanText, words } from './normalize.js';
import type { Answer } from './types.js';

/** A follow-up is short: longer messages say enough to stand on their own. */
export const FOLLOW_UP_MAX_WORDS = 4;

/** What a conversation remembers of its previous turn. */
export interface PreviousTurn {
  /** The question that turn was answered as (a follow-up's rewritten question, not its text). */
  question: string;
  /** The entry it answered (or `topic:…`, `facts:…`), if any. */
  entry: string | null;
  /**
   * The entity ids that question named; empty when they were not read yet (a fresh question, a
   * button), and then a follow-up reads them from `question`, so a question that is never followed
   * up costs no second analysis.
   */
  entities: readonly string[];
}

/** The previous turn's entities, read from its question when the turn did not carry them. */
function entitiesOf(previous: PreviousTurn, lexicon: FollowUpLexicon): readonly string[] {
  return previous.entities.length > 0 ? previous.entities : lexicon.entitiesIn(previous.question);
}

/**
 * How a message leans on the previous turn. `subject`: it names only a new subject ("and
 * microsoft?"); `question-word`: only a new question word ("when was that?"); `sources`: it asks
 * where the previous answer comes from ("source?").
 */
export type FollowUpKind = 'subject' | 'question-word' | 'sources';

/** A message read as a follow-up, before it is combined with any previous turn. */
export interface FollowUpForm {
  kind: FollowUpKind;
  /** `subject`: the entity it names, and its words as the message wrote them. */
  subject: { entity: string; words: string } | null;
  /** `question-word`: the question word(s) ("when", "how much") and the words after them. */
  asking: { opener: string; rest: string[] } | null;
}

/** What the language side needs to know of the knowledge; the engine supplies it. */
export interface FollowUpLexicon {
  /** Entity ids a text names (aliases and typos resolved). */
  entitiesIn(text: string): readonly string[];
  /** True when a single word names the knowledge's subject matter ("memo", "stake"). */
  isSubjectWord(word: string): boolean;
  /** The ways an entity is written ("Amazon", "AWS", "amazon web services"). */
  namesOf(entity: string): readonly string[];
  /** The entity the whole story is about: never the one a new subject replaces if another will do. */
  everywhere: string | undefined;
  /**
   * The canonical question of the entry closest to `entry` (see `closeness`) that asks with
   * `opener` ("when", "how much"), if any: the knowledge's own wording of "when was that?". Of
   * equally close ones, one that speaks of all of `entities` (the conversation's subject) wins.
   */
  siblingAsking(entry: string, opener: string, entities: readonly string[]): string | null;
}

// Words that only join a follow-up to what came before ("and microsoft?", "so when?").
const GLUE = new Set(['and', 'so', 'but', 'ok', 'okay', 'also', 'then', 'or', 'now', 'hmm', 'well', 'too', 'as']);
/** "what about stargate", "how about msft": the question word only introduces the subject. */
const SUBJECT_INTRODUCERS = [['what', 'about'], ['how', 'about'], ['same', 'for'], ['what', 'of'], ['about']];
const OPENERS = new Set(['who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'which', 'what']);
const HOW_MEASURES = new Set(['much', 'many', 'long', 'big', 'often', 'soon', 'far', 'old', 'large']);
/** A pronoun points back; it is no subject of its own ("when was that?"). */
const POINTERS = new Set(['it', 'that', 'this', 'they', 'them', 'those', 'these', 'he', 'she', 'him', 'her', 'its', 'their', 'there', 'then']);
const AUXILIARIES = new Set(['is', 'was', 'are', 'were', 'be', 'been', 'did', 'does', 'do', 'will', 'would', 'has', 'have', 'had', 'can', 'could', 'should']);
const SOURCE_WORDS = new Set(['source', 'sources', 'link', 'links', 'citation', 'citations', 'cite', 'reference', 'references', 'ref', 'refs', 'proof', 'evidence', 'url']);
/** What may stand around a source word in "where is the source?", "got a link for that?". */
const SOURCE_FILLER = new Set(['what', 'where', 'which', 'the', 'a', 'any', 'your', 'got', 'please', 'pls', 'give', 'me', 'show', 'for', 'from', 'of', 'on', 'to', 'is', 'are', 'it', 'that', 'this']);

/** The question opening of a written question: "what", "how much", "and when", "what about". */
const LEADING_QUESTION = /^\s*(?:(?:and|so|but|ok|okay|also|then)\s+)*(?:(?:(?:what|how)\s+about|tell\s+me\s+about|info\s+on)\s+|(?:who|whom|whose|what|when|where|why|which|how(?:\s+(?:much|many|long|big|often|soon|far|old|large))?)\b\s*)?/i;
const LEADING_AUXILIARY = new RegExp(`^(?:${[...AUXILIARIES].join('|')})\\b\\s*`, 'i');

function dropGlue(tokens: readonly string[]): string[] {
  let start = 0;
  while (start < tokens.length - 1 && GLUE.has(tokens[start] as string)) start += 1;
  return tokens.slice(start);
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((word, index) => tokens[index] === word);
}

/** Removes every way `entity` is written from `tokens`, longest name first; what is left over. */
function withoutNames(tokens: readonly string[], names: readonly string[]): string[] {
  let text = ` ${tokens.join(' ')} `;
  for (const name of [...names].map((written) => cleanText(written)).filter((name) => name !== '').sort((a, b) => b.length - a.length)) {
    text = text.split(` ${name} `).join(' ');
  }
  return words(text.trim().replace(/\s+/g, ' '));
}

/**
 * Reads a message as a follow-up, or returns null when it stands on its own. A message of at most
 * FOLLOW_UP_MAX_WORDS words that names a subject or asks with a question word, but not both, leans
 * on what came before; so does one that only asks for the source.
 */
export function readFollowUp(text: string, lexicon: FollowUpLexicon): FollowUpForm | null {
  const tokens = words(cleanText(text));
  if (tokens.length === 0 || tokens.length > FOLLOW_UP_MAX_WORDS) return null;
  if (tokens.some((word) => SOURCE_WORDS.has(word)) && tokens.every((word) => SOURCE_WORDS.has(word) || SOURCE_FILLER.has(word) || GLUE.has(word))) {
    return { kind: 'sources', subject: null, asking: null };
  }
  let body = dropGlue(tokens);
  const introducer = SUBJECT_INTRODUCERS.find((prefix) => startsWith(body, prefix) && body.length > prefix.length);
  if (introducer) body = body.slice(introducer.length);
  const opener = introducer === undefined && OPENERS.has(body[0] as string) ? (body[0] === 'how' && HOW_MEASURES.has(body[1] as string) ? body.slice(0, 2) : body.slice(0, 1)) : [];
  const entities = lexicon.entitiesIn(body.join(' '));
  const hasSubject = entities.length > 0 || body.some((word) => lexicon.isSubjectWord(word));
  if (hasSubject === (opener.length > 0)) return null;
  if (opener.length > 0) return { kind: 'question-word', subject: null, asking: { opener: opener.join(' '), rest: body.slice(opener.length) } };
  // Only a bare subject can take the previous subject's place: "microsoft's stake?" asks its own question.
  const [entity] = entities;
  if (entity === undefined || entities.length > 1 || withoutNames(body, lexicon.namesOf(entity)).length > 0) return null;
  return { kind: 'subject', subject: { entity, words: body.join(' ') }, asking: null };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const asQuestion = (text: string): string => `${capitalised(text.trim().replace(/\s+/g, ' '))}?`;
const withoutEndPunctuation = (text: string): string => text.trim().replace(/[\s?!.…]+$/u, '');

/** The subject as the knowledge writes it when the message wrote one of its names ("stargate" → "Stargate"). */
function shownSubject(typed: string, names: readonly string[]): string {
  return names.find((name) => name.toLowerCase() === typed.toLowerCase()) ?? typed;
}

/** The previous question with its subject replaced by the new one, or null when it names none to replace. */
function withNewSubject(form: FollowUpForm, previous: PreviousTurn, lexicon: FollowUpLexicon): string | null {
  const subject = form.subject;
  const entities = entitiesOf(previous, lexicon);
  if (subject === null || entities.includes(subject.entity)) return null;
  const candidates = entities.filter((entity) => entity !== lexicon.everywhere);
  const replaced = [...candidates, ...entities.filter((entity) => entity === lexicon.everywhere)];
  const question = withoutEndPunctuation(previous.question);
  for (const entity of replaced) {
    const names = [...lexicon.namesOf(entity)].sort((a, b) => b.length - a.length);
    const written = names.find((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`, 'i').test(question));
    if (written === undefined) continue;
    const rewritten = question.replace(new RegExp(`\\b${escapeRegExp(written)}\\b`, 'gi'), shownSubject(subject.words, lexicon.namesOf(subject.entity)));
    return asQuestion(rewritten);
  }
  return null;
}

/**
 * The previous question asked with the new question word: "What did Amazon invest?" + "when was
 * that?" → "When did Amazon invest?". Words of the message besides its pronoun stay, with the
 * previous question's subject in the pronoun's place: "who is behind it?" after "What is
 * Stargate?" → "Who is behind Stargate?".
 */
function withNewQuestionWord(form: FollowUpForm, previous: PreviousTurn, lexicon: FollowUpLexicon): string | null {
  const asking = form.asking;
  if (asking === null) return null;
  const subjects = entitiesOf(previous, lexicon).filter((entity) => entity !== lexicon.everywhere);
  const sibling = previous.entry === null ? null : lexicon.siblingAsking(previous.entry, asking.opener, subjects);
  if (sibling !== null) return sibling;
  const question = withoutEndPunctuation(previous.question);
  const opening = LEADING_QUESTION.exec(question)?.[0] ?? '';
  // "Is AWS still exclusive?" goes on after the new question word: "Why is AWS still exclusive?".
  const rest = question.slice(opening.length).trim().replace(LEADING_AUXILIARY, (auxiliary) => auxiliary.toLowerCase());
  if (rest === '') return null;
  const own = asking.rest.filter((word) => !POINTERS.has(word) && !AUXILIARIES.has(word));
  if (own.length === 0) {
    // "when was that?": the previous question's own words fit best; the message's auxiliary only
    // joins a previous question that was a bare subject ("what about stargate" → "when was stargate?").
    const bare = !/\b(?:who|whom|whose|what|when|where|why|which|how)\b/i.test(opening.replace(/\b(?:what|how)\s+about\b/i, ''));
    const auxiliary = bare && !LEADING_AUXILIARY.test(rest) ? (asking.rest.find((word) => AUXILIARIES.has(word)) ?? '') : '';
    return asQuestion(`${asking.opener} ${auxiliary} ${rest}`);
  }
  const subject = rest.replace(LEADING_AUXILIARY, '');
  const pointer = asking.rest.findIndex((word) => POINTERS.has(word));
  const words = pointer === -1 ? [...asking.rest, subject] : [...asking.rest.slice(0, pointer), subject, ...asking.rest.slice(pointer + 1)];
  return asQuestion(`${asking.opener} ${words.join(' ')}`);
}

/** The question a follow-up asks, given the previous turn; null when it cannot be put together. */
export function followUpQuestion(form: FollowUpForm, previous: PreviousTurn, lexicon: FollowUpLexicon): string | null {
  switch (form.kind) {
    case 'sources':
      return previous.question;
    case 'subject':
      return withNewSubject(form, previous, lexicon);
    default:
      return withNewQuestionWord(form, previous, lexicon);
  }
}

/** What `answerInContext` hands back: the answer and what it took as the question. */
export interface InContextAnswer {
  answer: Answer;
  /** The question answered: a follow-up's rewritten question, or the text as asked. */
  question: string;
  /** How the answer leaned on the previous turn; null when the text was answered on its own. */
  followUp: FollowUpKind | null;
  /** The text reads as a follow-up, but there was no previous turn to lean on. */
  wantedContext: boolean;
  /**
   * What the next message may lean on. After "when was that?" it is still the question that named
   * the subject ("What did Amazon invest?"), so a chain of follow-ups keeps rewriting a question a
   * person wrote rather than the previous rewrite; the entry is the one just answered.
   */
  next: PreviousTurn;
}

/** The engine's side of answering in context. */
export interface ContextualEngine {
  answer(question: string): Answer;
  answerEntry(id: string, asked?: string): Answer;
  matcher: Pick<Matcher, 'analyze' | 'isSubjectWord'>;
  knowledge: Knowledge;
}

/** Refusals that say something definite about the question (the story leaves it out), not "I don't follow". */
const DEFINITE_REFUSALS: ReadonlySet<Answer['reason']> = new Set(['unanswered-family', 'missing-fact', 'incomparable']);

function isDefinite(answer: Answer): boolean {
  return answer.answered || (answer.kind === 'decline' && DEFINITE_REFUSALS.has(answer.reason));
}

/** "How much is Amazon investing…?" → "how much": the question words an entry's question opens with. */
function openerOf(question: string): string | null {
  const tokens = words(cleanText(question));
  if (!OPENERS.has(tokens[0] as string)) return null;
  return tokens[0] === 'how' && HOW_MEASURES.has(tokens[1] as string) ? `how ${tokens[1] === 'many' ? 'much' : tokens[1]}` : (tokens[0] as string);
}

export function lexiconOf(engine: ContextualEngine): FollowUpLexicon {
  const { knowledge, matcher } = engine;
  return {
    entitiesIn: (text) => matcher.analyze(text).entities,
    isSubjectWord: (word) => matcher.isSubjectWord(word),
    namesOf: (id) => {
      const entity = knowledge.entities.get(id);
      if (entity === undefined) return [id];
      return [...entity.name.split(/\s*\/\s*/), ...entity.aliases, id.replace(/-/g, ' ')];
    },
    everywhere: knowledge.pack.everywhere,
    siblingAsking: (id, opener, entities) => {
      const wanted = openerOf(`${opener} ?`);
      let best: { question: string; score: number } | null = null;
      for (const candidate of knowledge.entries) {
        if (openerOf(candidate.question) !== wanted) continue;
        const close = closeness(knowledge, id, candidate.id);
        if (close === 0) continue;
        const onSubject = entities.length > 0 && entities.every((entity) => entryMentions(knowledge, candidate.facts, entity));
        const score = close + (onSubject ? 1 : 0);
        if (best === null || score > best.score) best = { question: candidate.question, score };
      }
      return best?.question ?? null;
    },
  };
}

/**
 * How close two entries are: the facts they share, plus one when either lists the other as related.
 * Zero for unrelated entries and for ids that are no entry (`topic:…`, `facts:…`).
 */
export function closeness(knowledge: Knowledge, a: string, b: string): number {
  const first = knowledge.entryById.get(a);
  const second = knowledge.entryById.get(b);
  if (first === undefined || second === undefined) return 0;
  const facts = new Set(first.facts);
  const shared = second.facts.filter((fact) => facts.has(fact)).length;
  return shared + (first.related.includes(b) || second.related.includes(a) ? 1 : 0);
}

/** True when one of the facts speaks about `entity` (directly, or through an entity it includes). */
function entryMentions(knowledge: Knowledge, facts: readonly string[], entity: string): boolean {
  const covered = new Set([entity, ...(knowledge.entities.get(entity)?.includes ?? [])]);
  return facts.some((id) => knowledge.facts.get(id)?.entities.some((named) => covered.has(named)) === true);
}

/** True when the answer speaks about `entity` (directly, or through an entity that includes it). */
export function answerIsAbout(knowledge: Knowledge, answer: Answer, entity: string): boolean {
  const entry = answer.entry ?? '';
  if (entry.startsWith('topic:') || entry.startsWith('timeline:')) {
    const covered = new Set([entity, ...(knowledge.entities.get(entity)?.includes ?? [])]);
    return entry.split(/[:+]/).some((id) => covered.has(id));
  }
  return entryMentions(knowledge, answer.facts ?? knowledge.entryById.get(entry)?.facts ?? [], entity);
}

/** Of a clarify's options, the one closest to the entry the conversation just answered (none if unrelated). */
function closestOption(knowledge: Knowledge, answer: Answer, entry: string | null): string | null {
  if (entry === null) return null;
  let best: { entry: string; closeness: number } | null = null;
  for (const option of answer.suggestions) {
    const score = option.entry === entry ? Number.POSITIVE_INFINITY : closeness(knowledge, entry, option.entry);
    if (score > 0 && (best === null || score > best.closeness)) best = { entry: option.entry, closeness: score };
  }
  return best?.entry ?? null;
}

/**
 * Answers `text` in the light of the previous turn. A follow-up is first tried as the question it
 * makes with the previous one; when that has no answer, the text alone (a new subject's summary,
 * say). Within the conversation, a choice between close questions that includes the one just
 * answered resolves to it. Anything that is not a follow-up ignores the context.
 */
export function answerWithContext(text: string, previous: PreviousTurn | null, engine: ContextualEngine): InContextAnswer {
  const lexicon = lexiconOf(engine);
  const alone = (wantedContext: boolean): InContextAnswer => {
    const answer = engine.answer(text);
    return { answer, question: text, followUp: null, wantedContext, next: { question: text, entry: answer.entry, entities: [] } };
  };
  const form = readFollowUp(text, lexicon);
  if (form === null) return alone(false);
  if (previous === null) return alone(true);

  // "source?" repeats the answer just given, by its entry when it has one, so its sources show again.
  if (form.kind === 'sources') {
    const again = previous.entry !== null && engine.knowledge.entryById.has(previous.entry) ? engine.answerEntry(previous.entry) : engine.answer(previous.question);
    return { answer: again, question: again.matchedQuestion ?? previous.question, followUp: 'sources', wantedContext: false, next: previous };
  }
  const question = followUpQuestion(form, previous, lexicon);
  if (question === null) return alone(false);

  let answer = engine.answer(question);
  const chosen = form.kind === 'question-word' && answer.kind === 'clarify' ? closestOption(engine.knowledge, answer, previous.entry) : null;
  if (chosen !== null) answer = engine.answerEntry(chosen, question);
  const subject = form.subject?.entity;
  // A new subject must lead somewhere new: landing on the entry just answered, or on one that does
  // not speak of the new subject, means the swap did not take ("is aws still exclusive?" → Azure's).
  const swapped = subject === undefined || !answer.answered || (answer.entry !== previous.entry && answerIsAbout(engine.knowledge, answer, subject));
  const fits = isDefinite(answer) && swapped;
  const next: PreviousTurn = form.kind === 'subject' ? { question, entry: answer.entry, entities: [] } : { ...previous, entry: answer.entry ?? previous.entry };
  const inContext: InContextAnswer = { answer, question, followUp: form.kind, wantedContext: false, next };
  if (fits) return inContext;
  const fallback = alone(false);
  if (fallback.answer.answered) return fallback;
  // A bare "when?" means nothing alone: the attempt in context (a clarify, a refusal) says more.
  return form.kind === 'subject' ? fallback : inContext;
}
