// The store's one small interface: what the recorder writes, what `forget` and retention delete, and
// what `footnote report` reads. SQLite implements it today (sqlite.ts); PostgreSQL is a later step
// and must pass the same tests.
import type { AnswerKind, Reason } from '../engine/types.js';
import type { Platform } from '../conversation/types.js';

/** A person as stored: a salted hash, never the raw id. */
export type PersonHash = string;

interface StoredWho {
  at: number;
  platform: Platform;
  path: string;
  person: PersonHash;
}

export type StoredRow =
  | (StoredWho & {
      table: 'question';
      reply: string;
      via: 'question' | 'pick';
      question: string;
      /** The normalised question, so the report groups without re-reading every row. */
      key: string;
      kind: AnswerKind;
      reason: Reason;
      entry: string | null;
      confidence: number;
      latencyMs: number;
      /** The knowledge stamp the reply was made with. */
      stamp: string;
    })
  | (StoredWho & { table: 'feedback'; reply: string; helpful: boolean })
  | (StoredWho & { table: 'choice'; fromReply: string; entry: string });

export interface ReportFilter {
  /** Rows at or after this time (ms since the epoch). */
  since: number;
  platform: Platform | null;
}

export interface Store {
  /** The salt person hashes are made with (FOOTNOTE_HASH_SALT, or the one kept in the database). */
  readonly salt: string;
  /**
   * Writes rows in one transaction. Feedback or a pick on a reply the store never recorded (a forged
   * button, or a pick from the help list, which is no question) is not written, and is returned.
   */
  write(rows: readonly StoredRow[]): { ignored: { table: 'feedback' | 'choice'; reply: string }[] };
  /** Deletes rows older than `before`; returns how many. */
  purge(before: number): number;
  /** Deletes one person's rows; returns how many. */
  forget(person: PersonHash): number;
  questions(filter: ReportFilter): ReportQuestionRow[];
  close(): void;
}

/** What the report reads of a question, with the verdicts and picks that refer to its reply. */
export type ReportQuestionRow = Pick<Extract<StoredRow, { table: 'question' }>, 'at' | 'platform' | 'via' | 'question' | 'key' | 'kind' | 'reason' | 'entry'> & {
  helpful: number;
  unhelpful: number;
  /** The entry picked under this reply, if any. */
  picked: string | null;
};
