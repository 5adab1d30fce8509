import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { formatIssue, KnowledgeError, type KnowledgeIssue } from '../../src/engine/knowledge-error.js';
import { loadKnowledge } from '../../src/engine/load-knowledge.js';
import { FIXTURES } from '../helpers/engine.js';

async function issuesOf(fixture: string): Promise<KnowledgeIssue[]> {
  try {
    await loadKnowledge(path.join(FIXTURES, fixture));
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return [...(error as KnowledgeError).issues];
  }
  throw new Error(`${fixture} loaded without errors`);
}

describe('loadKnowledge', () => {
  it('GIVEN the shipped knowledge THEN it loads with at least 30 entries and 20 facts', async () => {
    const knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    expect(knowledge.entries.length).toBeGreaterThanOrEqual(30);
    expect(knowledge.facts.size).toBeGreaterThanOrEqual(20);
    for (const entry of knowledge.entries) expect(entry.alternates.length).toBeGreaterThanOrEqual(6);
  });

  it('GIVEN the minimal valid fixture THEN it loads', async () => {
    const knowledge = await loadKnowledge(path.join(FIXTURES, 'knowledge-valid'));
    expect(knowledge.entries.map((entry) => entry.id)).toEqual(['amazon-investment']);
  });

  // Each bad fixture differs from knowledge-valid by one mistake; the error must point at it.
  it.each([
    ['knowledge-unknown-source', 19, 'facts[0].sources[0]', /unknown source "openai-amazn"/, /sources:/],
    ['knowledge-http-url', 5, 'sources[0].url', /https/, /exact https/],
    ['knowledge-bad-date', 16, 'facts[0].date', /real date/, /YYYY-MM-DD/],
    ['knowledge-empty-phrasing', 25, 'entries[0].alternates[1]', /must not be empty/, /ways people would ask/],
    ['knowledge-missing-answer', 21, 'entries[0].answer', /required/, /one to 3 sentences/],
    ['knowledge-few-alternates', 24, 'entries[0].alternates', /at least 6/, /ways people would ask/],
    ['knowledge-unknown-field', 32, 'entries[0]', /unknown field relatd/, /spelling/],
    // An unclosed `[` or quote is reported once, on the line that opened it, not where the parser gave up.
    ['knowledge-yaml-syntax', 22, '', /YAML syntax error/, /close the bracket or quote/],
    ['knowledge-yaml-unclosed-list', 24, '', /YAML syntax error: Flow sequence/, /close the bracket or quote/],
    ['knowledge-yaml-unclosed-quote', 11, '', /YAML syntax error: Missing closing 'quote/, /close the bracket or quote/],
    ['knowledge-yaml-tab', 12, '', /YAML syntax error: Tabs/, /indentation/],
    ['knowledge-unknown-section', 1, '', /unknown field sourcs/, /spelling/],
    ['knowledge-duplicate-id', 14, 'facts[0].id', /duplicate fact id "amazon-invests-50b" \(first defined at base\.yaml:2\)/, /unique/],
    ['knowledge-few-unanswered', 37, 'unanswered[0].phrasings', /at least 3/, /questions the story does not answer/],
    ['knowledge-unlisted-url', 5, 'sources[0].url', /not listed in verified-pages\.txt/, /add its exact URL to verified-pages\.txt/],
    ['knowledge-unanswered-clash', 38, 'unanswered[0].phrasings[1]', /"how much from aws" is also a phrasing of entry "amazon-investment"/, /one entry only/],
  ])('GIVEN %s THEN the error names the file, line %i, field %s and a fix', async (fixture, line, field, problem, fix) => {
    const issues = await issuesOf(fixture);
    expect(issues).toHaveLength(1);
    const [issue] = issues as [KnowledgeIssue];
    expect(issue.file).toBe('knowledge.yaml');
    expect(issue.line).toBe(line);
    expect(issue.field).toBe(field);
    expect(issue.problem).toMatch(problem);
    expect(issue.fix).toMatch(fix);
  });

  it('GIVEN a duplicate id THEN the fix suggests an id that is still free, not the duplicate itself', async () => {
    const [issue] = await issuesOf('knowledge-duplicate-id');
    expect(issue?.fix).toMatch(/e\.g\. to "amazon-invests-50b-2"/);
    expect(issue?.fix).not.toMatch(/"amazon-invests-50b"/);
  });

  it('GIVEN a broken pack below the current directory THEN printed paths start from it, so they open with a click', async () => {
    const error = await loadKnowledge(path.join(FIXTURES, 'knowledge-unknown-source')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KnowledgeError);
    const [issue] = (error as KnowledgeError).issues;
    expect(issue?.file).toBe('knowledge.yaml');
    const shown = path.relative(process.cwd(), path.join(FIXTURES, 'knowledge-unknown-source', 'knowledge.yaml'));
    expect(shown).not.toMatch(/^\.\./);
    expect(formatIssue(issue as KnowledgeIssue).startsWith(`${shown}:19: facts[0].sources[0]: unknown source`)).toBe(true);
    expect((error as KnowledgeError).message).toContain(`${shown}:19:`);
  });

  it('GIVEN a pack outside the current directory THEN printed paths are absolute', () => {
    const outside = path.resolve(process.cwd(), '..', 'elsewhere', 'knowledge');
    const issue: KnowledgeIssue = { file: 'knowledge.yaml', line: 3, field: 'facts[0].id', problem: 'p', fix: 'f', directory: outside };
    expect(formatIssue(issue)).toBe(`${path.join(outside, 'knowledge.yaml')}:3: facts[0].id: p. Fix: f`);
    expect(formatIssue({ ...issue, directory: undefined })).toBe('knowledge.yaml:3: facts[0].id: p. Fix: f');
  });

  it('GIVEN a pack without a verified-pages list THEN it is refused and told to create one', async () => {
    const issues = await issuesOf('knowledge-no-verified-pages');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'verified-pages.txt', problem: expect.stringMatching(/no list of verified pages/), fix: expect.stringMatching(/create verified-pages\.txt/) });
  });

  it('GIVEN the shipped knowledge THEN every source it defines is on its verified-pages list', async () => {
    const knowledge = await loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    for (const source of knowledge.sources.values()) expect(knowledge.verifiedPages).toContain(source.url);
  });

  it('GIVEN a folder that does not exist THEN it says how to point at the knowledge', async () => {
    const issues = await issuesOf('no-such-folder');
    expect(issues[0]?.problem).toMatch(/cannot read the knowledge folder/);
    expect(issues[0]?.fix).toMatch(/KNOWLEDGE_DIR/);
    // The folder is named once, not joined to itself.
    expect(formatIssue(issues[0] as KnowledgeIssue)).toMatch(/^\S*no-such-folder: cannot read/);
  });
});
