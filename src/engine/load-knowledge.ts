// Reads knowledge/*.yaml, validates every file with zod and every reference between files, and
// reports each problem with its file, line, field and fix. Nothing invalid is ever half-loaded.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError, type KnowledgeIssue } from './knowledge-error.js';
import { knowledgeFileSchema, MAX_ANSWER_SENTENCES, MIN_ALTERNATES, MIN_UNANSWERED_PHRASINGS, packSchema, type KnowledgeFile } from './knowledge-schema.js';
import { DEFAULT_PACK, type Entity, type Entry, type Fact, type Knowledge, type Pack, type Source, type Synonym, type Unanswered } from './knowledge.js';
import { cleanText, normalizeForKey } from './normalize.js';
import { isYesNoQuestion, opensWithYesOrNo, polarityFor } from './yes-no.js';

type PathKey = string | number;

/** The pack's list of pages it may cite, one URL per line: a source not on it is rejected. */
export const VERIFIED_PAGES_FILE = 'verified-pages.txt';
/** The pack's own words and settings; every other `.yaml` file holds knowledge sections. */
export const PACK_FILE = 'pack.yaml';

/** Finds the line of a field in one parsed file; falls back to the nearest existing parent. */
interface Locator {
  file: string;
  lineOf(fieldPath: readonly PathKey[]): number;
}

interface Located<T> {
  record: T;
  locator: Locator;
  path: PathKey[];
}

const FIXES: Record<string, string> = {
  id: 'use a unique lower-case id with hyphens, e.g. "amazon-investment"',
  url: `use the exact https:// address of the page, and list it in ${VERIFIED_PAGES_FILE} beside the knowledge`,
  date: 'write the date in quotes as "YYYY-MM-DD" (or "YYYY-MM" / "YYYY" when only that is known)',
  sources: 'list the ids of sources defined under `sources:` in any knowledge file',
  facts: 'list the ids of facts defined under `facts:` in any knowledge file',
  entities: 'list the ids of entities defined under `entities:` in any knowledge file',
  includes: 'list ids of other entities defined under `entities:`',
  related: 'list ids of other Q&A entries (not the entry itself)',
  alternates: `write at least ${MIN_ALTERNATES} different ways people would ask this in chat, none empty`,
  answer: `state the fact with its date in one to ${MAX_ANSWER_SENTENCES} sentences`,
  question: 'write the canonical question as people would ask it',
  statement: 'state the fact in one sentence',
  summary: 'write one or two cited sentences about the entity',
  aliases: 'list other names for the entity, each non-empty and used by no other entity',
  variants: 'list other words for the canonical term, each non-empty',
  about: 'say what the story does not cover, completing "The story does not say …"',
  phrasings: `write at least ${MIN_UNANSWERED_PHRASINGS} questions the story does not answer, none of them a Q&A phrasing`,
  parties: 'name entities defined under `entities:` (by: who did it; with: to or with whom)',
};

function fixFor(fieldPath: readonly PathKey[]): string {
  for (let index = fieldPath.length - 1; index >= 0; index -= 1) {
    const key = fieldPath[index];
    if (typeof key === 'string' && FIXES[key]) return FIXES[key];
  }
  return 'see the example entry in README.md ("Writing knowledge")';
}

export function formatFieldPath(fieldPath: readonly PathKey[]): string {
  return fieldPath
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('');
}

function makeLocator(file: string, document: Document, lineCounter: LineCounter): Locator {
  return {
    file,
    lineOf(fieldPath) {
      for (let depth = fieldPath.length; depth >= 0; depth -= 1) {
        const node = document.getIn(fieldPath.slice(0, depth), true) as Node | undefined;
        const offset = node?.range?.[0];
        if (offset !== undefined) return lineCounter.linePos(offset).line;
      }
      return 1;
    },
  };
}

function issueAt(locator: Locator, fieldPath: PathKey[], problem: string, fix = fixFor(fieldPath)): KnowledgeIssue {
  return { file: locator.file, line: locator.lineOf(fieldPath), field: formatFieldPath(fieldPath), problem, fix };
}

function valueAt(root: unknown, fieldPath: readonly PathKey[]): unknown {
  let value = root;
  for (const key of fieldPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathKey, unknown>)[key];
  }
  return value;
}

function zodIssues(locator: Locator, error: z.ZodError, raw: unknown): KnowledgeIssue[] {
  return error.issues.map((zodIssue) => {
    const fieldPath = zodIssue.path.filter((key): key is PathKey => typeof key !== 'symbol');
    if (zodIssue.code === 'unrecognized_keys') {
      const [first = ''] = zodIssue.keys;
      const issue = issueAt(locator, [...fieldPath, first], `unknown field ${zodIssue.keys.join(', ')}`, 'remove it or correct its spelling (see README.md, "Writing knowledge")');
      return { ...issue, field: formatFieldPath(fieldPath) };
    }
    const missing = zodIssue.code === 'invalid_type' && valueAt(raw, fieldPath) === undefined;
    return issueAt(locator, fieldPath, missing ? 'is required but missing' : zodIssue.message);
  });
}

interface ParsedFile {
  locator: Locator;
  content: KnowledgeFile;
}

interface ParsedPack {
  locator: Locator;
  pack: Pack;
}

async function parseFile(directory: string, file: string, issues: KnowledgeIssue[]): Promise<ParsedFile | null> {
  let source: string;
  try {
    source = await readFile(path.join(directory, file), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ file, line: 0, field: '', problem: `cannot read the file (${reason})`, fix: 'check the file exists and is readable' });
    return null;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  const locator = makeLocator(file, document, lineCounter);
  if (document.errors.length > 0) {
    for (const yamlError of document.errors) {
      const line = lineCounter.linePos(yamlError.pos[0]).line;
      issues.push({ file, line, field: '', problem: `YAML syntax error: ${yamlError.message.split('\n')[0]}`, fix: 'check indentation, colons and quotes on that line' });
    }
    return null;
  }
  const contents = document.contents;
  if (contents !== null && !isMap(contents)) {
    issues.push({ file, line: 1, field: '', problem: 'the file is not a mapping of sections', fix: 'start the file with one of sources:, facts:, entities:, entries:, synonyms:, unanswered:' });
    return null;
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = knowledgeFileSchema.safeParse(raw);
  if (!parsed.success) {
    issues.push(...zodIssues(locator, parsed.error, raw));
    return null;
  }
  return { locator, content: parsed.data };
}

function locate<T>(files: ParsedFile[], section: keyof KnowledgeFile): Located<T>[] {
  return files.flatMap(({ locator, content }) =>
    ((content[section] ?? []) as T[]).map((record, index) => ({ record, locator, path: [section, index] })),
  );
}

function indexById<T extends { id: string }>(records: Located<T>[], kind: string, issues: KnowledgeIssue[]): Map<string, T> {
  const byId = new Map<string, T>();
  const firstSeen = new Map<string, Located<T>>();
  for (const located of records) {
    const earlier = firstSeen.get(located.record.id);
    if (earlier) {
      const where = `${earlier.locator.file}:${earlier.locator.lineOf([...earlier.path, 'id'])}`;
      issues.push(issueAt(located.locator, [...located.path, 'id'], `duplicate ${kind} id "${located.record.id}" (first defined at ${where})`));
      continue;
    }
    firstSeen.set(located.record.id, located);
    byId.set(located.record.id, located.record);
  }
  return byId;
}

function checkReferences<T>(
  records: Located<T>[],
  field: string,
  idsOf: (record: T) => readonly string[],
  known: ReadonlyMap<string, unknown>,
  kind: string,
  issues: KnowledgeIssue[],
): void {
  for (const located of records) {
    idsOf(located.record).forEach((referenced, index) => {
      if (!known.has(referenced)) {
        issues.push(issueAt(located.locator, [...located.path, field, index], `unknown ${kind} "${referenced}"`));
      }
    });
  }
}

function checkPhrasingsAreUnambiguous(entries: Located<Entry>[], unanswered: Located<Unanswered>[], issues: KnowledgeIssue[]): void {
  const owner = new Map<string, string>();
  const phrasingsOf = [
    ...entries.map(({ record, locator, path: entryPath }) => ({
      id: `entry "${record.id}"`,
      locator,
      phrasings: [record.question, ...record.alternates].map((text, index) => ({ text, fieldPath: index === 0 ? [...entryPath, 'question'] : [...entryPath, 'alternates', index - 1] })),
    })),
    ...unanswered.map(({ record, locator, path: unansweredPath }) => ({
      id: `unanswered question family "${record.id}"`,
      locator,
      phrasings: record.phrasings.map((text, index) => ({ text, fieldPath: [...unansweredPath, 'phrasings', index] })),
    })),
  ];
  for (const record of phrasingsOf) {
    const { locator } = record;
    record.phrasings.forEach(({ text: phrasing, fieldPath }) => {
      const key = normalizeForKey(phrasing);
      if (key === '') {
        issues.push(issueAt(locator, fieldPath, 'has no words left after normalisation'));
        return;
      }
      const previous = owner.get(key);
      if (previous !== undefined && previous !== record.id) {
        issues.push(issueAt(locator, fieldPath, `"${phrasing}" is also a phrasing of ${previous}`, 'keep each phrasing in one entry only, so the match is unambiguous'));
      }
      owner.set(key, record.id);
    });
  }
}

/**
 * Yes and no come from the question, not the answer: an answer that opens with its own "Yes" would
 * say it to "is the deal dead?" and "does the deal stand?" alike. Every yes/no phrasing of an entry
 * must contain one of its cues, so the engine knows which opening it gets.
 */
function checkYesNo(entries: Located<Entry>[], issues: KnowledgeIssue[]): void {
  for (const { record, locator, path: entryPath } of entries) {
    if (opensWithYesOrNo(record.answer)) {
      issues.push(issueAt(locator, [...entryPath, 'answer'], 'opens with its own yes or no, which would be wrong for the opposite question', 'write the answer without "Yes"/"No" and list `yes_no:` cues; the engine opens it from the question'));
    }
    const cues = record.yes_no;
    if (!cues) continue;
    [record.question, ...record.alternates].forEach((phrasing, index) => {
      const cleaned = cleanText(phrasing);
      if (!isYesNoQuestion(cleaned) || / or /.test(` ${cleaned} `)) return;
      if (polarityFor(cleaned, cues, cleanText) === null) {
        const fieldPath = index === 0 ? [...entryPath, 'question'] : [...entryPath, 'alternates', index - 1];
        issues.push(issueAt(locator, fieldPath, `"${phrasing}" asks yes or no but contains none of the entry's yes_no cues`, 'add the phrase it turns on to yes_no.yes (the answer confirms it) or yes_no.no (the answer denies it), or reword it'));
      }
    });
  }
}

function checkAliasesAreUnique(entities: Located<Entity>[], issues: KnowledgeIssue[]): void {
  const owner = new Map<string, string>();
  for (const { record, locator, path: entityPath } of entities) {
    [record.name, ...record.aliases].forEach((alias, index) => {
      const key = normalizeForKey(alias);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== record.id) {
        const fieldPath = index === 0 ? [...entityPath, 'name'] : [...entityPath, 'aliases', index - 1];
        issues.push(issueAt(locator, fieldPath, `"${alias}" already names entity "${previous}"`));
      }
      owner.set(key, record.id);
    });
  }
}

/** Reads the verified-pages list: one URL per line, `#` starts a comment. */
async function readVerifiedPages(directory: string, issues: KnowledgeIssue[]): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path.join(directory, VERIFIED_PAGES_FILE), 'utf8');
  } catch {
    issues.push({ file: VERIFIED_PAGES_FILE, line: 0, field: '', problem: 'the knowledge folder has no list of verified pages', fix: `create ${VERIFIED_PAGES_FILE} with the exact URL of every page the knowledge may cite, one per line` });
    return new Set();
  }
  const urls = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const url = line.replace(/#.*$/, '').trim();
    if (url === '') return;
    if (!/^https:\/\/\S+$/.test(url)) {
      issues.push({ file: VERIFIED_PAGES_FILE, line: index + 1, field: '', problem: `"${url.slice(0, 80)}" is not one https:// URL`, fix: 'write one exact https:// URL per line; put notes after "#"' });
      return;
    }
    urls.add(url);
  });
  return urls;
}

function checkSourcesAreVerified(sources: Located<Source>[], verified: ReadonlySet<string>, issues: KnowledgeIssue[]): void {
  for (const { record, locator, path: sourcePath } of sources) {
    if (!verified.has(record.url)) {
      issues.push(issueAt(locator, [...sourcePath, 'url'], `${record.url} is not listed in ${VERIFIED_PAGES_FILE}`, `check the page and add its exact URL to ${VERIFIED_PAGES_FILE}, or cite a listed page`));
    }
  }
}

/** Reads pack.yaml when the folder has one; a pack without it runs with generic defaults. */
async function parsePack(directory: string, issues: KnowledgeIssue[]): Promise<ParsedPack | null> {
  let source: string;
  try {
    source = await readFile(path.join(directory, PACK_FILE), 'utf8');
  } catch {
    return null;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  const locator = makeLocator(PACK_FILE, document, lineCounter);
  if (document.errors.length > 0) {
    const [yamlError] = document.errors;
    if (yamlError) issues.push({ file: PACK_FILE, line: lineCounter.linePos(yamlError.pos[0]).line, field: '', problem: `YAML syntax error: ${yamlError.message.split('\n')[0]}`, fix: 'check indentation, colons and quotes on that line' });
    return null;
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    issues.push(...zodIssues(locator, parsed.error, raw));
    return null;
  }
  return { locator, pack: parsed.data };
}

function checkPack(parsed: ParsedPack | null, entryIds: ReadonlyMap<string, unknown>, entityIds: ReadonlyMap<string, unknown>, issues: KnowledgeIssue[]): void {
  if (!parsed) return;
  parsed.pack.examples.forEach((id, index) => {
    if (!entryIds.has(id)) issues.push(issueAt(parsed.locator, ['examples', index], `unknown entry "${id}"`, 'list ids of Q&A entries defined under `entries:`'));
  });
  if (parsed.pack.everywhere !== undefined && !entityIds.has(parsed.pack.everywhere)) {
    issues.push(issueAt(parsed.locator, ['everywhere'], `unknown entity "${parsed.pack.everywhere}"`, 'name an entity defined under `entities:`'));
  }
}

/** Validates the parsed files together: ids, references, ambiguous phrasings and aliases. */
function assembleKnowledge(files: ParsedFile[], fileNames: string[], verifiedPages: ReadonlySet<string>, pack: ParsedPack | null, issues: KnowledgeIssue[]): Knowledge {
  const sources = locate<Source>(files, 'sources');
  const facts = locate<Fact>(files, 'facts');
  const entities = locate<Entity>(files, 'entities');
  const entries = locate<Entry>(files, 'entries');
  const synonyms = locate<Synonym>(files, 'synonyms');
  const unanswered = locate<Unanswered>(files, 'unanswered');

  const sourceById = indexById(sources, 'source', issues);
  checkSourcesAreVerified(sources, verifiedPages, issues);
  const factById = indexById(facts, 'fact', issues);
  const entityById = indexById(entities, 'entity', issues);
  const entryById = indexById(entries, 'entry', issues);
  indexById(unanswered, 'unanswered', issues);

  checkReferences(facts, 'sources', (fact) => fact.sources, sourceById, 'source', issues);
  checkReferences(facts, 'entities', (fact) => fact.entities, entityById, 'entity', issues);
  for (const located of facts) {
    const parties = located.record.parties;
    if (!parties) continue;
    for (const side of ['by', 'with'] as const) {
      parties[side].forEach((referenced, index) => {
        if (!entityById.has(referenced)) issues.push(issueAt(located.locator, [...located.path, 'parties', side, index], `unknown party "${referenced}"`));
      });
    }
  }
  checkReferences(entities, 'includes', (entity) => entity.includes, entityById, 'entity', issues);
  checkReferences(entities, 'facts', (entity) => entity.facts, factById, 'fact', issues);
  checkReferences(entries, 'facts', (entry) => entry.facts, factById, 'fact', issues);
  checkReferences(entries, 'related', (entry) => entry.related.filter((id) => id !== entry.id), entryById, 'entry', issues);
  for (const { record, locator, path: entryPath } of entries) {
    const selfIndex = record.related.indexOf(record.id);
    if (selfIndex >= 0) issues.push(issueAt(locator, [...entryPath, 'related', selfIndex], 'an entry cannot be related to itself'));
  }
  checkPhrasingsAreUnambiguous(entries, unanswered, issues);
  checkYesNo(entries, issues);
  checkPack(pack, entryById, entityById, issues);
  checkAliasesAreUnique(entities, issues);

  if (entries.length === 0 && issues.length === 0) {
    issues.push({ file: fileNames[0] ?? '(knowledge folder)', line: 0, field: 'entries', problem: 'no Q&A entries found', fix: 'add at least one entry under `entries:`' });
  }
  if (issues.length > 0) throw new KnowledgeError(issues);

  return {
    sources: sourceById,
    facts: factById,
    entities: entityById,
    entries: entries.map((located) => located.record),
    entryById,
    synonyms: synonyms.map((located) => located.record),
    unanswered: unanswered.map((located) => located.record),
    files: fileNames,
    verifiedPages,
    pack: pack?.pack ?? DEFAULT_PACK,
  };
}

/** Loads and validates every `*.yaml` / `*.yml` file in `directory`. Throws KnowledgeError. */
export async function loadKnowledge(directory: string): Promise<Knowledge> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name) && name !== PACK_FILE).sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KnowledgeError([{ file: directory, line: 0, field: '', problem: `cannot read the knowledge folder (${reason})`, fix: 'set KNOWLEDGE_DIR to a folder of .yaml files, or run from the project folder' }]);
  }
  if (names.length === 0) {
    throw new KnowledgeError([{ file: directory, line: 0, field: '', problem: 'the knowledge folder has no .yaml files', fix: 'add knowledge files (see README.md, "Writing knowledge")' }]);
  }
  const issues: KnowledgeIssue[] = [];
  const parsed: ParsedFile[] = [];
  for (const name of names) {
    const file = await parseFile(directory, name, issues);
    if (file) parsed.push(file);
  }
  const verifiedPages = await readVerifiedPages(directory, issues);
  const pack = await parsePack(directory, issues);
  // Cross-file checks on partial input would report phantom "unknown id" errors.
  if (issues.length > 0) throw new KnowledgeError(issues);
  return assembleKnowledge(parsed, names, verifiedPages, pack, issues);
}

