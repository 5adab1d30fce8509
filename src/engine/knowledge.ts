// The knowledge once loaded and checked: records resolved by id, ready for the matcher.
import type { EntityRecord, EntryRecord, FactRecord, SourceRecord, SynonymRecord, UnansweredRecord } from './knowledge-schema.js';

export type Source = SourceRecord;
export type Entity = EntityRecord;
export type Entry = EntryRecord;
export type Synonym = SynonymRecord;
export type Fact = FactRecord;
export type Unanswered = UnansweredRecord;

export interface Knowledge {
  sources: ReadonlyMap<string, Source>;
  facts: ReadonlyMap<string, Fact>;
  entities: ReadonlyMap<string, Entity>;
  /** In file order, which is the curated order for suggestions. */
  entries: readonly Entry[];
  entryById: ReadonlyMap<string, Entry>;
  synonyms: readonly Synonym[];
  /** Question families the story does not answer: matching one argues for declining. */
  unanswered: readonly Unanswered[];
  /** The files the knowledge came from, relative to its folder. */
  files: readonly string[];
  /** The pages the pack may cite (its verified-pages list); every source URL is one of them. */
  verifiedPages: ReadonlySet<string>;
}
