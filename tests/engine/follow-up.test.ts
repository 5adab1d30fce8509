// Follow-up questions (src/engine/follow-up.ts): reading a short message as leaning on the previous
// question, rewriting it into one that stands alone, and answering it in context on the small
// fixture pack (tests/fixtures/pack-small: Northline, Vesta, Harbour Fund and a regulator).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { followUpQuestion, readFollowUp, type FollowUpLexicon, type PreviousTurn } from '../../src/engine/follow-up.js';
import { FIXTURES } from '../helpers/engine.js';

/** A hand-written lexicon: the language rules alone, without any matcher. */
const NAMES: Record<string, string[]> = {
  amazon: ['Amazon', 'AWS', 'amazon web services'],
  microsoft: ['Microsoft', 'msft'],
  stargate: ['Stargate'],
  openai: ['OpenAI', 'open ai'],
};
const lexicon: FollowUpLexicon = {
  entitiesIn: (text) => Object.entries(NAMES).filter(([, names]) => names.some((name) => new RegExp(`\\b${name}\\b`, 'i').test(text))).map(([id]) => id),
  isSubjectWord: (word) => ['memo', 'stake', 'wrote'].includes(word),
  namesOf: (id) => NAMES[id] ?? [id],
  everywhere: 'openai',
  siblingAsking: (entry, opener) => (entry === 'memo-author' && opener === 'when' ? 'When was the memo reported?' : null),
};

const turn = (question: string, entities: string[], entry: string | null = 'some-entry'): PreviousTurn => ({ question, entities, entry });

describe('GIVEN a short message after a question', () => {
  it.each([
    ['and microsoft?', 'subject'],
    ['what about stargate', 'subject'],
    ['so, how about AWS?', 'subject'],
    ['when was that?', 'question-word'],
    ['who said it?', 'question-word'],
    ['how much?', 'question-word'],
    ['why?', 'question-word'],
    ['source?', 'sources'],
    ['any link for that?', 'sources'],
  ])('WHEN it is %j THEN it reads as a %s follow-up', (text, kind) => {
    expect(readFollowUp(text, lexicon)?.kind).toBe(kind);
  });

  it.each([
    ['what did amazon invest?', 'a subject and a question word'],
    ['who wrote the memo?', 'a question word and a subject word'],
    ["microsoft's stake?", 'a subject with a question of its own'],
    ['and microsoft and aws?', 'two subjects'],
    ['thanks a lot', 'neither a subject nor a question word'],
    ['when did amazon and microsoft sign their deal', 'more than four words'],
    ['', 'nothing'],
  ])('WHEN it is %j (%s) THEN it stands on its own', (text) => {
    expect(readFollowUp(text, lexicon)).toBeNull();
  });
});

describe('GIVEN a follow-up and the previous turn', () => {
  const rewrite = (text: string, previous: PreviousTurn): string | null => {
    const form = readFollowUp(text, lexicon);
    if (form === null) throw new Error(`${text} should read as a follow-up`);
    return followUpQuestion(form, previous, lexicon);
  };

  it('WHEN it names a new subject THEN the previous question is asked of it, in the knowledge\'s spelling', () => {
    expect(rewrite('and microsoft?', turn('What did Amazon invest?', ['amazon']))).toBe('What did Microsoft invest?');
  });

  it('WHEN the previous question named the story\'s own subject too THEN the other subject is the one replaced', () => {
    expect(rewrite('and msft?', turn('what did openai and aws announce?', ['openai', 'amazon']))).toBe('What did openai and msft announce?');
  });

  it('WHEN the previous question names no subject to replace THEN there is no rewrite', () => {
    expect(rewrite('and microsoft?', turn('what happened in april?', []))).toBeNull();
  });

  it.each([
    ['when was that?', 'What did Amazon invest?', ['amazon'], 'When did Amazon invest?'],
    ['how much?', 'and when did amazon invest?', ['amazon'], 'How much did amazon invest?'],
    ['who is behind it?', 'What is Stargate?', ['stargate'], 'Who is behind Stargate?'],
    ['when was that?', 'what about stargate', ['stargate'], 'When was stargate?'],
    ['why?', 'Is AWS still exclusive?', ['amazon'], 'Why is AWS still exclusive?'],
  ])('WHEN it asks %j after %j THEN it asks the previous question with its question word', (text, question, entities, expected) => {
    expect(rewrite(text, turn(question, entities))).toBe(expected);
  });

  it('WHEN the knowledge words that question itself THEN its wording is used', () => {
    expect(rewrite('when was that?', turn('Who wrote the memo?', [], 'memo-author'))).toBe('When was the memo reported?');
  });

  it('WHEN it asks for the source THEN it is the previous question again', () => {
    expect(rewrite('source?', turn('What did Amazon invest?', ['amazon']))).toBe('What did Amazon invest?');
  });
});

describe('GIVEN the engine on the small pack, answering in context', () => {
  let engine: KnowledgeEngine;
  beforeAll(async () => {
    engine = await loadEngine(path.join(FIXTURES, 'pack-small'));
  });

  /** Asks each text in turn, each leaning on the turn before, as a conversation would. */
  const converse = (...texts: string[]) => {
    let previous: PreviousTurn | null = null;
    return texts.map((text) => {
      const result = engine.answerInContext(text, previous);
      previous = result.next;
      return result;
    });
  };

  it('WHEN a question stands on its own THEN it is answered as asked, and it is what the next turn leans on', () => {
    const [first] = converse('how much did vesta bid?');
    expect(first).toMatchObject({ question: 'how much did vesta bid?', followUp: null, wantedContext: false });
    expect(first?.answer).toMatchObject({ kind: 'answer', entry: 'vesta-bid' });
    expect(first?.next).toMatchObject({ question: 'how much did vesta bid?', entry: 'vesta-bid' });
  });

  it('WHEN the previous turn carries no entities THEN the new subject still replaces the one its question names', () => {
    const harbour = engine.answerInContext('and harbour?', { question: 'tell me about vesta', entry: 'topic:vesta', entities: [] });
    expect(harbour).toMatchObject({ followUp: 'subject', question: 'Tell me about harbour?' });
  });

  it('WHEN "when was that?" follows THEN it is answered as the previous question asked with "when", and says so', () => {
    const [, followUp] = converse('how much did vesta bid?', 'when was that?');
    expect(followUp).toMatchObject({ question: 'When did vesta bid?', followUp: 'question-word' });
    expect(followUp?.answer).toMatchObject({ answered: true, entry: 'vesta-bid' });
    // Alone, the same words have nothing to go on.
    expect(engine.answer('when was that?').answered).toBe(false);
  });

  it('WHEN "why?" follows a yes/no question THEN the question word takes the previous question', () => {
    const [, why] = converse('is the merger dead?', 'why?');
    expect(why).toMatchObject({ question: 'Why is the merger dead?', followUp: 'question-word' });
    expect(why?.answer.entry).toBe('merger-alive');
  });

  it('WHEN "source?" follows THEN the previous answer comes again with its sources, under its own question', () => {
    const [, , source] = converse('how much did vesta bid?', 'when was that?', 'source?');
    expect(source).toMatchObject({ followUp: 'sources', question: 'How much did Vesta bid for Northline?' });
    expect(source?.answer.entry).toBe('vesta-bid');
    expect(source?.answer.sources.map((cited) => cited.url)).toEqual(['https://example.com/rail/merger']);
  });

  it('WHEN follow-ups chain THEN each rewrites the question the person wrote, not the rewrite before it', () => {
    const [, when, who] = converse('how much did vesta bid?', 'when was that?', 'who said it?');
    expect(when?.next.question).toBe('how much did vesta bid?');
    expect(who?.question).toBe('Who said vesta bid?');
  });

  it('WHEN a new subject follows a topic THEN that subject\'s summary comes, as the previous question asked of it', () => {
    const [, harbour] = converse('tell me about vesta', 'and harbour?');
    expect(harbour).toMatchObject({ followUp: 'subject', question: 'Tell me about harbour?' });
    expect(harbour?.answer).toMatchObject({ kind: 'topic', entry: 'topic:harbour' });
  });

  it('WHEN the previous question asked of the new subject has no answer THEN the message alone is answered', () => {
    const [, harbour] = converse('how much did vesta bid?', 'and harbour?');
    expect(harbour).toMatchObject({ followUp: null, question: 'and harbour?' });
    expect(harbour?.answer.entry).toBe('topic:harbour');
  });

  it('WHEN the new subject leads back to the entry just answered THEN the swap did not take and the message alone is answered', () => {
    // "How much did nl bid?" still finds Vesta's bid (which mentions Northline): not an answer about Northline.
    const [, northline] = converse('how much did vesta bid?', 'and nl?');
    expect(northline?.followUp).toBeNull();
    expect(northline?.answer.entry).toBe('topic:northline');
  });

  it('WHEN a follow-up comes with no previous turn THEN it is answered alone and marked as wanting context', () => {
    const [alone] = converse('when was that?');
    expect(alone).toMatchObject({ followUp: null, wantedContext: true, question: 'when was that?' });
    expect(alone?.answer.answered).toBe(false);
  });

  it('WHEN a full question comes after a follow-up THEN it ignores the context', () => {
    const [, , memo] = converse('how much did vesta bid?', 'when was that?', 'who wrote the regulator memo?');
    expect(memo).toMatchObject({ followUp: null, question: 'who wrote the regulator memo?' });
    expect(memo?.answer.entry).toBe('memo-author');
  });
});
