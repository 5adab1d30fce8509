// Typo correction against the knowledge's vocabulary: one-edit typos through the deletion index,
// two-edit typos of longer words through fuse.js, real words left alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { loadKnowledge } from '../../src/engine/load-knowledge.js';
import { Vocabulary } from '../../src/engine/vocabulary.js';

let vocabulary: Vocabulary;
beforeAll(async () => {
  vocabulary = new Vocabulary(await loadKnowledge(DEFAULT_KNOWLEDGE_DIR));
});

describe('Vocabulary.correct', () => {
  it.each([
    ['amzon', 'amazon'], // a letter missing
    ['amazzon', 'amazon'], // a letter too many
    ['jsut', 'just'], // two letters swapped
    ['stargaet', 'stargate'],
    ['microsft', 'microsoft'],
    ['partnershp', 'partnership'],
  ])('GIVEN the one-edit typo %j THEN %j', (typo, word) => {
    expect(vocabulary.correct(typo)).toBe(word);
  });

  it.each([
    ['invetsmnet', 'investment'], // two swaps
    ['infrastucure', 'infrastructure'],
    ['partnrship', 'partnership'],
  ])('GIVEN the long typo %j THEN %j', (typo, word) => {
    expect(vocabulary.correct(typo)).toBe(word);
  });

  it.each([['founded'], ['anthropic'], ['ceo'], ['cost']])('GIVEN %j, a real or unknown word THEN it stays as typed', (word) => {
    expect(vocabulary.correct(word)).toBe(word);
  });

  it('GIVEN a typo of an ordinary word that is as close to a knowledge word THEN the ordinary word', () => {
    // "reacted" (a knowledge synonym) is one wrong letter away; "related" two swapped letters.
    expect(vocabulary.correct('realted')).toBe('related');
  });

  it('GIVEN an unknown name one letter from an English word THEN it stays a name', () => {
    expect(vocabulary.correct('google')).toBe('google');
  });

  it('GIVEN a short word THEN its first letter is never the one corrected', () => {
    // "most" is one edit from "cost"; a short word's first letter is rarely the typo.
    expect(vocabulary.correct('kost')).not.toMatch(/^[^k]/);
  });
});

describe('Vocabulary.rewrite', () => {
  it('GIVEN a numbered entity followed by its generation THEN the generation is a term of its own, not a count', () => {
    expect(vocabulary.rewrite(['trn', '3', 'chips'])).toEqual(['trainium', 'trainium-3', 'chip']);
    expect(vocabulary.rewrite(['trainium', '4'])).toEqual(['trainium', 'trainium-4']);
  });

  it('GIVEN a number after an entity that has no generations THEN it is read as usual', () => {
    expect(vocabulary.rewrite(['openai', '3', 'clouds'])).toEqual(['openai', 'three', 'clouds']);
  });
});
