// Fast checks on the question sets themselves, no engine: every set parses, and every fact regex
// of the new (fact-labelled) sets compiles the way the harness compiles it and matches the item's
// own gold reply. A regex that misses its gold can never be met, so it would count a right reply
// as wrong.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { EVAL_DIR_PARTS, factRegex, listSets, loadFactSet, loadSet, matchesFacts } from '../../scripts/evaluate.js';

const PRESENT = listSets(path.join(PROJECT_ROOT, ...EVAL_DIR_PARTS)).filter((listing) => listing.present);
const FACT_SETS = PRESENT.filter((listing) => loadSet(listing).format === 'facts');

describe('question sets', () => {
  it.each(PRESENT.map((listing) => listing.name))('GIVEN the set %s THEN it parses, with questions on both sides', (name) => {
    const set = loadSet(PRESENT.find((listing) => listing.name === name) as (typeof PRESENT)[number]);
    expect(set.inScope.length).toBeGreaterThan(0);
    expect(set.outOfScope.length).toBeGreaterThan(0);
  });

  it.each(FACT_SETS.map((listing) => listing.name))('GIVEN the fact set %s THEN every regex compiles and matches its gold', (name) => {
    const set = loadFactSet((FACT_SETS.find((listing) => listing.name === name) as (typeof FACT_SETS)[number]).file);
    const broken: string[] = [];
    for (const [index, item] of set.in_scope.entries()) {
      for (const source of item.facts) {
        let regex: RegExp;
        try {
          regex = factRegex(source);
        } catch (error) {
          broken.push(`in_scope[${index}] ${JSON.stringify(source)} does not compile: ${(error as Error).message}`);
          continue;
        }
        if (!matchesFacts(item.gold, [regex])) broken.push(`in_scope[${index}] ${JSON.stringify(source)} does not match its gold`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('GIVEN the reasoning held-out set THEN it has ≥ 120 questions, ≥ 20 the facts cannot settle, and every computed kind', () => {
    const listing = PRESENT.find((candidate) => candidate.name === 'reasoning-holdout');
    if (!listing) return;
    const set = loadFactSet(listing.file);
    expect(set.in_scope.length + set.out_of_scope.length).toBeGreaterThanOrEqual(120);
    expect(set.out_of_scope.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(set.in_scope.map((item) => item.kind));
    for (const kind of ['order', 'duration', 'compare', 'on-date', 'premise', 'several-facts']) expect(kinds, kind).toContain(kind);
  });
});
