// Where questions are recorded, parsed once at start-up from DATABASE_URL, RETENTION_DAYS and
// FOOTNOTE_HASH_SALT. Who records by default differs by mode (a bot serving a team records; a
// person trying the console chat or `footnote ask` does not unless they ask for it), so the caller says.
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config.js';

/** The default database, relative to where footnote runs (in the image: /app/data, a volume). */
export const DEFAULT_DATABASE_PATH = path.join('data', 'footnote.db');

export type StoreTarget =
  | { kind: 'off'; why: 'DATABASE_URL=none' | 'not recording in this mode' }
  /** `explicit`: named by DATABASE_URL, so failing to open it stops the start; the default only warns. */
  | { kind: 'sqlite'; path: string; explicit: boolean };

export interface StoreConfig {
  target: StoreTarget;
  /** Rows older than this many days are purged at start and daily. */
  retentionDays: number;
  /** FOOTNOTE_HASH_SALT; null: the salt generated once and kept in the database. */
  hashSalt: string | null;
}

const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const FIX = 'Set DATABASE_URL to sqlite:PATH (e.g. sqlite:./data/footnote.db), to none (no recording), or leave it unset.';

const storeEnvSchema = z.object({
  DATABASE_URL: z.preprocess(blankAsUnset, z.string().optional()),
  RETENTION_DAYS: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a whole number of days of at least 1' }).int().min(1, { error: 'must be a whole number of days of at least 1' }).default(90)),
  FOOTNOTE_HASH_SALT: z.preprocess(blankAsUnset, z.string().min(16, { error: 'must be at least 16 characters (or unset: a salt is generated and kept in the database)' }).optional()),
});

function target(url: string | undefined, recordByDefault: boolean, cwd: string): StoreTarget {
  if (url === undefined) return recordByDefault ? { kind: 'sqlite', path: path.resolve(cwd, DEFAULT_DATABASE_PATH), explicit: false } : { kind: 'off', why: 'not recording in this mode' };
  const value = url.trim();
  if (value === 'none') return { kind: 'off', why: 'DATABASE_URL=none' };
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError(`DATABASE_URL "sqlite:" names no file. ${FIX}`);
    return { kind: 'sqlite', path: path.resolve(cwd, file), explicit: true };
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') throw new ConfigError(`DATABASE_URL names PostgreSQL, which this version does not support yet. ${FIX}`);
  throw new ConfigError(`DATABASE_URL cannot be parsed${scheme ? ` (scheme "${scheme}:")` : ''}. ${FIX}`);
}

export function parseStoreConfig(env: Readonly<Record<string, string | undefined>>, options: { recordByDefault: boolean; cwd?: string }): StoreConfig {
  const parsed = storeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}. See .env.example for every variable.`);
  }
  const { DATABASE_URL, RETENTION_DAYS, FOOTNOTE_HASH_SALT } = parsed.data;
  return { target: target(DATABASE_URL, options.recordByDefault, options.cwd ?? process.cwd()), retentionDays: RETENTION_DAYS, hashSalt: FOOTNOTE_HASH_SALT ?? null };
}
