// The knowledge once loaded and checked: records resolved by id, ready for the matcher.
import type { Calibration } from './confidence.js';
import type { EntityRecord, EntryRecord, FactRecord, PackRecord, SourceRecord, SynonymRecord, UnansweredRecord } from './knowledge-schema.js';

export type Source = SourceRecord;
export type Entity = EntityRecord;
export type Entry = EntryRecord;
export type Synonym = SynonymRecord;
export type Fact = FactRecord;
export type Unanswered = UnansweredRecord;
export type Pack = PackRecord;

/** The confidence model the engine decides with, and whether it was fitted to this knowledge. */
export interface CalibrationState {
  calibration: Calibration;
  /** fitted: the stamp matches; stale: fitted to other knowledge or settings; default: no file. */
  status: 'fitted' | 'stale' | 'default';
  /** The stamp of the knowledge as loaded (what a fresh fit would carry). */
  stamp: string;
}

/** What a pack without pack.yaml says about itself: generic words, no period, no examples of its own. */
export const DEFAULT_PACK: Pack = Object.freeze({
  scope: 'the topics in this knowledge base',
  greeting: 'Hi! Ask me a question about the topics in my knowledge base, or say "help".',
  help: 'I answer questions from a curated knowledge base and cite the source under every answer.',
  examples: [],
  timeline_title: 'The events in this knowledge base',
  period: { from: '1900', until: '2999' },
});

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
  /** The pack's own words and settings (pack.yaml), or DEFAULT_PACK. */
  pack: Pack;
  calibration: CalibrationState;
}
