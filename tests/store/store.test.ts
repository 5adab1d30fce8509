// The curator store on SQLite (temp files): DATABASE_URL parsing, migrations, the start-up policy,
// and what the conversation records through the in-memory adapter — questions, 👍/👎 linked to
// their reply, clarify picks, forget and retention — plus the queue that keeps writes off replies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, MemoryChat } from '../../src/adapters/memory/memory-chat.js';
import { ConfigError } from '../../src/config.js';
import { encodeButton } from '../../src/conversation/buttons.js';
import { Conversation } from '../../src/conversation/conversation.js';
import type { Reply } from '../../src/conversation/types.js';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { readiness } from '../../src/health.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_DATABASE_PATH, parseStoreConfig } from '../../src/store/config.js';
import { openRecording } from '../../src/store/open.js';
import { personHash, RECORDER_LIMITS, Recorder } from '../../src/store/recorder.js';
import { MIGRATIONS, openSqliteStore, StoreError } from '../../src/store/sqlite.js';
import type { Store, StoredRow } from '../../src/store/store.js';
import { FIXTURES } from '../helpers/engine.js';

type LogLine = Record<string, unknown>;
let engine: KnowledgeEngine;
const folders: string[] = [];
beforeAll(async () => {
  engine = await loadEngine(path.join(FIXTURES, 'pack-small'));
});
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'footnote-store-'));
  folders.push(folder);
  return folder;
}

function capture() {
  const lines: LogLine[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } });
  return { lines, logger };
}

function rowsOf(file: string, sql: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** A conversation recording into a fresh SQLite file, with a movable clock. */
function recording(options: { now?: () => number } = {}) {
  const file = path.join(tempFolder(), 'footnote.db');
  const { lines, logger } = capture();
  const store = openSqliteStore(file, { hashSalt: 'a-test-salt-of-16+chars' });
  const recorder = new Recorder({ store, logger, stamp: () => 'sha256:stamp-now', retentionDays: 90, ...(options.now ? { now: options.now } : {}) });
  const conversation = new Conversation({ engine, logger, recorder, ...(options.now ? { now: options.now } : {}) });
  return { file, lines, recorder, chat: new MemoryChat(conversation, { user: 'memory:T1:U42', thread: 'memory:thread' }) };
}

const answerId = (reply: Reply): string => {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
  return reply.id;
};

describe('GIVEN DATABASE_URL', () => {
  it('WHEN it is unset THEN a bot records to ./data/footnote.db and the console chat does not record', () => {
    expect(parseStoreConfig({}, { recordByDefault: true, cwd: '/srv' }).target).toEqual({ kind: 'sqlite', path: path.resolve('/srv', DEFAULT_DATABASE_PATH), explicit: false });
    expect(parseStoreConfig({}, { recordByDefault: false }).target.kind).toBe('off');
  });

  it('WHEN it is sqlite:PATH or none THEN that file (explicit) or no recording, whatever the mode', () => {
    expect(parseStoreConfig({ DATABASE_URL: 'sqlite:db/x.db' }, { recordByDefault: false, cwd: '/srv' }).target).toEqual({ kind: 'sqlite', path: '/srv/db/x.db', explicit: true });
    expect(parseStoreConfig({ DATABASE_URL: 'none' }, { recordByDefault: true }).target).toEqual({ kind: 'off', why: 'DATABASE_URL=none' });
    expect(parseStoreConfig({}, { recordByDefault: true }).retentionDays).toBe(90);
  });

  it('WHEN it names PostgreSQL THEN the start error says it is not supported yet, names the variable and never echoes the password', () => {
    const parse = () => parseStoreConfig({ DATABASE_URL: 'postgres://bot:s3cret@db:5432/footnote' }, { recordByDefault: true });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/DATABASE_URL names PostgreSQL, which this version does not support yet\. Set DATABASE_URL to sqlite:PATH/);
    expect(() => parse()).not.toThrow(/s3cret/);
  });

  it('WHEN it cannot be parsed, or RETENTION_DAYS is not a number THEN the error names the variable and the fix', () => {
    expect(() => parseStoreConfig({ DATABASE_URL: 'mysql://x' }, { recordByDefault: true })).toThrow(/DATABASE_URL cannot be parsed \(scheme "mysql:"\)\. Set DATABASE_URL to/);
    expect(() => parseStoreConfig({ DATABASE_URL: 'sqlite:' }, { recordByDefault: true })).toThrow(/DATABASE_URL "sqlite:" names no file/);
    expect(() => parseStoreConfig({ RETENTION_DAYS: 'soon' }, { recordByDefault: true })).toThrow(/RETENTION_DAYS must be a whole number of days/);
  });
});

describe('GIVEN the SQLite file', () => {
  it('WHEN it is opened THEN every migration has run, and a restart keeps the rows and the generated salt', () => {
    const file = path.join(tempFolder(), 'nested', 'footnote.db');
    const first = openSqliteStore(file, { hashSalt: null });
    first.write([{ table: 'question', at: 1, platform: 'slack', path: 'mention', person: 'p', reply: 'r1', via: 'question', question: 'q?', key: 'q', kind: 'answer', reason: 'exact', entry: 'e', confidence: 0.9, latencyMs: 1, stamp: 's' }]);
    const salt = first.salt;
    first.close();
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const again = openSqliteStore(file, { hashSalt: null });
    expect(again.salt).toBe(salt);
    again.close();
    expect(rowsOf(file, 'PRAGMA user_version')).toEqual([{ user_version: MIGRATIONS.length }]);
    expect(rowsOf(file, 'SELECT reply FROM questions')).toEqual([{ reply: 'r1' }]);
  });

  it('WHEN the database is newer than the code THEN it refuses to open and says what to do', () => {
    const file = path.join(tempFolder(), 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(file, { hashSalt: null })).toThrow(StoreError);
    expect(() => openSqliteStore(file, { hashSalt: null })).toThrow(/schema version 2, newer than this footnote knows \(1\).*Run that version, or point DATABASE_URL at another file/);
  });

  it('WHEN an explicit path cannot be written THEN the start stops naming DATABASE_URL; the default path only warns, once', () => {
    const blocker = path.join(tempFolder(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const unwritable = path.join(blocker, 'footnote.db');
    const { lines, logger } = capture();
    expect(() => openRecording({ target: { kind: 'sqlite', path: unwritable, explicit: true }, retentionDays: 90, hashSalt: null }, logger, () => 's')).toThrow(
      /^DATABASE_URL: cannot open .*a-file\/footnote\.db.*Fix: make the file and its folder writable/,
    );
    expect(openRecording({ target: { kind: 'sqlite', path: unwritable, explicit: false }, retentionDays: 90, hashSalt: null }, logger, () => 's')).toBeNull();
    expect(lines.filter((line) => line.evt === 'store.unavailable')).toHaveLength(1);
    expect(openRecording({ target: { kind: 'off', why: 'DATABASE_URL=none' }, retentionDays: 90, hashSalt: null }, logger, () => 's')).toBeNull();
  });
});

describe('GIVEN a conversation recording into SQLite', () => {
  it('WHEN a question is answered THEN one row holds its reply, a salted hash (never the raw id), the key and the stamp', async () => {
    const { chat, recorder, file } = recording();
    const reply = await chat.ask('How much did Vesta bid??');
    recorder.flush();
    const [row] = rowsOf(file, 'SELECT * FROM questions');
    expect(row).toMatchObject({ reply: answerId(reply), platform: 'memory', path: 'message', via: 'question', question: 'How much did Vesta bid??', key: 'how much did vesta bid', kind: 'answer', entry: 'vesta-bid', stamp: 'sha256:stamp-now' });
    expect(row?.person).toBe(personHash('a-test-salt-of-16+chars', 'memory', 'U42'));
    expect(JSON.stringify(rowsOf(file, 'SELECT * FROM questions'))).not.toContain('U42');
    expect(Number(row?.confidence)).toBeGreaterThan(0);
    expect(Number(row?.latency_ms)).toBeGreaterThanOrEqual(0);
  });

  it('WHEN 👍 and 👎 are clicked THEN each is linked to its reply; a click on a forged reply id is ignored and logged, a pick from the help is not kept', async () => {
    const { chat, recorder, file, lines } = recording();
    const reply = await chat.ask('how much did vesta bid?');
    const helpful = buttonsOf(reply).find((button) => button.label === 'Helpful');
    await chat.click(helpful?.payload);
    await chat.click(encodeButton({ kind: 'feedback', reply: 'forged99', helpful: false, entry: 'vesta-bid' }, 100));
    recorder.flush();
    expect(rowsOf(file, 'SELECT reply, helpful FROM feedback')).toEqual([{ reply: answerId(reply), helpful: 1 }]);
    // A pick from the help list answers no recorded question: not kept, and not taken for a forgery.
    const help = await chat.ask('');
    const option = buttonsOf(help).find((button) => button.payload.startsWith('q|'));
    expect(option).toBeDefined();
    expect(await chat.click(option?.payload)).toMatchObject({ kind: 'answer', picked: true });
    recorder.flush();
    expect(rowsOf(file, 'SELECT count(*) AS n FROM choices')).toEqual([{ n: 0 }]);
    expect(lines.filter((line) => line.evt === 'feedback.forged')).toEqual([expect.objectContaining({ reply: 'forged99' })]);
    expect(recorder.stats()).toMatchObject({ ignoredFeedback: 1 });
  });

  it('WHEN an option is picked under a clarify reply THEN the choice names the reply it came from and the entry picked', async () => {
    const { chat, recorder, file } = recording();
    const clarify = await chat.ask('vesta?');
    const [option] = buttonsOf(clarify).filter((button) => button.payload.startsWith('q|'));
    const picked = await chat.click(option?.payload);
    recorder.flush();
    const pickedEntry = picked.kind === 'answer' ? picked.answer.entry : null;
    expect(rowsOf(file, 'SELECT from_reply, entry FROM choices')).toEqual([{ from_reply: answerId(clarify), entry: pickedEntry }]);
    expect(rowsOf(file, 'SELECT via FROM questions ORDER BY id')).toEqual([{ via: 'question' }, { via: 'pick' }]);
  });

  it('WHEN `forget` names one person THEN their rows go and another person\'s stay', async () => {
    const { chat, recorder, file } = recording();
    await chat.ask('how much did vesta bid?');
    await chat.ask('how much did vesta bid?', { user: 'memory:T1:U7' });
    recorder.flush();
    const store = openSqliteStore(file, { hashSalt: 'a-test-salt-of-16+chars' });
    expect(store.forget(personHash(store.salt, 'memory', 'U42'))).toBe(1);
    store.close();
    expect(rowsOf(file, 'SELECT person FROM questions')).toEqual([{ person: personHash('a-test-salt-of-16+chars', 'memory', 'U7') }]);
  });

  it('WHEN rows are older than RETENTION_DAYS THEN the purge deletes them and keeps the recent ones', async () => {
    let now = Date.UTC(2026, 0, 1);
    const { chat, recorder, file } = recording({ now: () => now });
    await chat.ask('how much did vesta bid?');
    now += 91 * RECORDER_LIMITS.dayMs;
    await chat.ask('vesta?');
    recorder.flush();
    expect(recorder.purge()).toBe(1);
    expect(rowsOf(file, 'SELECT question FROM questions')).toEqual([{ question: 'vesta?' }]);
  });
});

/** A store that fails while `down` is true, recording what it wrote. */
function flakyStore(): Store & { down: boolean; rows: StoredRow[] } {
  const store = {
    down: true,
    rows: [] as StoredRow[],
    salt: 'salt',
    write(rows: readonly StoredRow[]) {
      if (store.down) throw new Error('disk I/O error');
      store.rows.push(...rows);
      return { ignored: [] };
    },
    purge: () => 0,
    forget: () => 0,
    questions: () => [],
    close: () => undefined,
  };
  return store;
}

describe('GIVEN the store fails', () => {
  it('WHEN questions come THEN every one is answered, failures are counted, /readyz says degraded, and the rows are written once it is back', async () => {
    const store = flakyStore();
    const { lines, logger } = capture();
    const recorder = new Recorder({ store, logger, stamp: () => 's', retentionDays: 90 });
    const chat = new MemoryChat(new Conversation({ engine, logger, recorder }));
    const replies = await Promise.all(Array.from({ length: 20 }, () => chat.ask('how much did vesta bid?')));
    expect(replies.every((reply) => reply.kind === 'answer')).toBe(true);
    expect(recorder.flush()).toBe(false);
    const health = { knowledgeLoaded: () => true, adapters: () => [], accepting: () => true, started: () => true, store: () => recorder.status };
    expect(readiness(health)).toMatchObject({ ready: true, store: 'degraded' });
    expect(recorder.stats()).toMatchObject({ failedWrites: 1, queued: 20 });
    expect(lines.some((line) => line.evt === 'record.failed')).toBe(true);
    store.down = false;
    expect(recorder.flush()).toBe(true);
    expect(store.rows).toHaveLength(20);
    expect(readiness(health).store).toBe('ok');
    recorder.close();
  });

  it('WHEN more than 10,000 rows wait THEN the rest are dropped and counted, never held', () => {
    const store = flakyStore();
    const { logger } = capture();
    const recorder = new Recorder({ store, logger, stamp: () => 's', retentionDays: 90 });
    for (let index = 0; index < RECORDER_LIMITS.queue + 25; index += 1) recorder.feedback({ at: 1, platform: 'slack', path: 'button', user: 'slack:T:U', reply: `r${index}`, helpful: true });
    expect(recorder.stats()).toMatchObject({ queued: RECORDER_LIMITS.queue, dropped: 25 });
    store.down = false;
    recorder.close();
    expect(store.rows).toHaveLength(RECORDER_LIMITS.queue);
  });
});
