// The SQLite store, through libsql: the better-sqlite3 API with a prebuilt binary in its npm package,
// so `npm ci` installs it in about a second instead of compiling SQLite (better-sqlite3 12.x builds
// from source here). Calls are synchronous; the recorder makes them off the reply path.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import type { PersonHash, ReportFilter, ReportQuestionRow, Store, StoredRow } from './store.js';

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/**
 * Versioned migrations, applied in order at start; PRAGMA user_version holds how many have run.
 * Append only: an applied migration is never edited, a change is a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE questions (
     id INTEGER PRIMARY KEY, reply TEXT NOT NULL, at INTEGER NOT NULL, platform TEXT NOT NULL, path TEXT NOT NULL,
     person TEXT NOT NULL, via TEXT NOT NULL, question TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
     reason TEXT NOT NULL, entry TEXT, confidence REAL NOT NULL, latency_ms REAL NOT NULL, stamp TEXT NOT NULL);
   CREATE UNIQUE INDEX questions_reply ON questions (reply);
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_person ON questions (person);
   CREATE TABLE feedback (id INTEGER PRIMARY KEY, reply TEXT NOT NULL, at INTEGER NOT NULL, platform TEXT NOT NULL, path TEXT NOT NULL, person TEXT NOT NULL, helpful INTEGER NOT NULL);
   CREATE INDEX feedback_reply ON feedback (reply);
   CREATE INDEX feedback_at ON feedback (at);
   CREATE INDEX feedback_person ON feedback (person);
   CREATE TABLE choices (id INTEGER PRIMARY KEY, from_reply TEXT NOT NULL, entry TEXT NOT NULL, at INTEGER NOT NULL, platform TEXT NOT NULL, path TEXT NOT NULL, person TEXT NOT NULL);
   CREATE INDEX choices_from ON choices (from_reply);
   CREATE INDEX choices_at ON choices (at);
   CREATE INDEX choices_person ON choices (person);`,
];

type Db = InstanceType<typeof Database>;

const numberOf = (value: unknown): number => (typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : 0);

/**
 * The first column of the first row. libsql's `pluck()` and `pragma(…, { simple })` still return
 * whole rows (with a `_metadata` field), unlike better-sqlite3's, so rows are read with `raw()`.
 */
function firstValue(db: Db, sql: string, ...params: unknown[]): unknown {
  const [row] = db.prepare(sql).raw(true).all(...params) as unknown[][];
  return row?.[0];
}

function migrate(db: Db, file: string): void {
  const version = numberOf(firstValue(db, 'PRAGMA user_version'));
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      `The database ${file} has schema version ${version}, newer than this footnote knows (${MIGRATIONS.length}): a newer footnote wrote it. Run that version, or point DATABASE_URL at another file.`,
    );
  }
  for (let next = version; next < MIGRATIONS.length; next += 1) {
    const apply = db.transaction(() => {
      db.exec(MIGRATIONS[next] ?? '');
      db.pragma(`user_version = ${next + 1}`);
    });
    apply.immediate();
  }
}

/**
 * Opens (creating it and its folder when missing) and migrates the database, then writes to it once,
 * so a read-only file or folder fails here, at start, and not on the first question.
 */
export function openSqliteStore(file: string, options: { hashSalt: string | null }): Store {
  let db: Db;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw new StoreError(`cannot open ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    // WAL: the report reads while the bot writes. synchronous=NORMAL: a power cut may lose the last
    // few rows, never corrupt the file — right for analytics, and it keeps each commit off fsync.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    migrate(db, file);
    const kept = firstValue(db, 'SELECT value FROM meta WHERE key = ?', 'hash_salt');
    const salt = options.hashSalt ?? (typeof kept === 'string' ? kept : randomBytes(32).toString('hex'));
    if (options.hashSalt === null && typeof kept !== 'string') db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('hash_salt', salt);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('last_start', new Date().toISOString());
    return new SqliteStore(db, salt);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot write to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

class SqliteStore implements Store {
  private readonly insertQuestion;
  private readonly insertFeedback;
  private readonly insertChoice;
  private readonly writeAll;

  constructor(
    private readonly db: Db,
    readonly salt: string,
  ) {
    this.insertQuestion = db.prepare(
      `INSERT OR IGNORE INTO questions (reply, at, platform, path, person, via, question, key, kind, reason, entry, confidence, latency_ms, stamp)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A click counts only on a reply the store recorded: a forged or unknown reply id writes nothing.
    this.insertFeedback = db.prepare(
      `INSERT INTO feedback (reply, at, platform, path, person, helpful)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM questions WHERE reply = ?1)`,
    );
    this.insertChoice = db.prepare(
      `INSERT INTO choices (from_reply, at, platform, path, person, entry)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM questions WHERE reply = ?1)`,
    );
    this.writeAll = db.transaction((rows: readonly StoredRow[]) => {
      const ignored: { table: 'feedback' | 'choice'; reply: string }[] = [];
      for (const row of rows) {
        if (row.table === 'question') {
          this.insertQuestion.run(row.reply, row.at, row.platform, row.path, row.person, row.via, row.question, row.key, row.kind, row.reason, row.entry, row.confidence, row.latencyMs, row.stamp);
        } else if (row.table === 'feedback') {
          if (this.insertFeedback.run(row.reply, row.at, row.platform, row.path, row.person, row.helpful ? 1 : 0).changes === 0) ignored.push({ table: 'feedback', reply: row.reply });
        } else if (this.insertChoice.run(row.fromReply, row.at, row.platform, row.path, row.person, row.entry).changes === 0) {
          ignored.push({ table: 'choice', reply: row.fromReply });
        }
      }
      return ignored;
    });
  }

  write(rows: readonly StoredRow[]): ReturnType<Store['write']> {
    return { ignored: this.writeAll.immediate(rows) };
  }

  purge(before: number): number {
    const run = this.db.transaction(() =>
      ['questions', 'feedback', 'choices'].reduce((sum, table) => sum + this.db.prepare(`DELETE FROM ${table} WHERE at < ?`).run(before).changes, 0),
    );
    return run.immediate();
  }

  forget(person: PersonHash): number {
    const run = this.db.transaction(() =>
      ['questions', 'feedback', 'choices'].reduce((sum, table) => sum + this.db.prepare(`DELETE FROM ${table} WHERE person = ?`).run(person).changes, 0),
    );
    return run.immediate();
  }

  questions(filter: ReportFilter): ReportQuestionRow[] {
    // One pass over the questions in range; verdicts and picks are joined per reply by index.
    const rows = this.db
      .prepare(
        `SELECT q.at, q.platform, q.via, q.question, q.key, q.kind, q.reason, q.entry,
                (SELECT count(*) FROM feedback f WHERE f.reply = q.reply AND f.helpful = 1) AS helpful,
                (SELECT count(*) FROM feedback f WHERE f.reply = q.reply AND f.helpful = 0) AS unhelpful,
                (SELECT c.entry FROM choices c WHERE c.from_reply = q.reply ORDER BY c.id DESC LIMIT 1) AS picked
         FROM questions q WHERE q.at >= ? AND (? IS NULL OR q.platform = ?) ORDER BY q.at`,
      )
      .raw(true)
      .all(filter.since, filter.platform, filter.platform);
    return rows.map((row) => {
      const [at, platform, via, question, key, kind, reason, entry, helpful, unhelpful, picked] = row as unknown[];
      return {
        at: numberOf(at),
        platform: platform as ReportQuestionRow['platform'],
        via: via as ReportQuestionRow['via'],
        question: String(question),
        key: String(key),
        kind: kind as ReportQuestionRow['kind'],
        reason: reason as ReportQuestionRow['reason'],
        entry: typeof entry === 'string' ? entry : null,
        helpful: numberOf(helpful),
        unhelpful: numberOf(unhelpful),
        picked: typeof picked === 'string' ? picked : null,
      };
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
