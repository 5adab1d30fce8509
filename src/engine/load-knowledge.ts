// Reads knowledge/*.yaml, validates every file with zod and every reference between files, and
// reports each problem with its file, line, field and fix. Nothing invalid is ever half-loaded.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError, type KnowledgeIssue } from './knowledge-error.js';
import { knowledgeFileSchema, MAX_ANSWER_SENTENCES, MIN_ALTERNATES, MIN_UNANSWERED_PHRASINGS, type KnowledgeFile } from './knowledge-schema.js';
import type { Entity, Entry, Fact, Knowledge, Source, Synonym, Unanswered } from './knowledge.js';
import { normalizeForKey } from './normalize.js';

type PathKey = string | number;

/** The pack's list of pages it may cite, one URL per line: a source not on it is rejected. */
export const VERIFIED_PAGES_FILE = 'verified-pages.txt';

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

/** Validates the parsed files together: ids, references, ambiguous phrasings and aliases. */
function assembleKnowledge(files: ParsedFile[], fileNames: string[], verifiedPages: ReadonlySet<string>, issues: KnowledgeIssue[]): Knowledge {
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
  checkReferences(entities, 'includes', (entity) => entity.includes, entityById, 'entity', issues);
  checkReferences(entities, 'facts', (entity) => entity.facts, factById, 'fact', issues);
  checkReferences(entries, 'facts', (entry) => entry.facts, factById, 'fact', issues);
  checkReferences(entries, 'related', (entry) => entry.related.filter((id) => id !== entry.id), entryById, 'entry', issues);
  for (const { record, locator, path: entryPath } of entries) {
    const selfIndex = record.related.indexOf(record.id);
    if (selfIndex >= 0) issues.push(issueAt(locator, [...entryPath, 'related', selfIndex], 'an entry cannot be related to itself'));
  }
  checkPhrasingsAreUnambiguous(entries, unanswered, issues);
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
  };
}

/** Loads and validates every `*.yaml` / `*.yml` file in `directory`. Throws KnowledgeError. */
export async function loadKnowledge(directory: string): Promise<Knowledge> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
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
  // Cross-file checks on partial input would report phantom "unknown id" errors.
  if (issues.length > 0) throw new KnowledgeError(issues);
  return assembleKnowledge(parsed, names, verifiedPages, issues);
}

