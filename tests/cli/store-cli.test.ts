// Recording as an operator meets it: `footnote ask` records only when DATABASE_URL says so,
// `footnote forget` deletes one person, and a DATABASE_URL this version cannot use stops the start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const folder = mkdtempSync(path.join(tmpdir(), 'footnote-cli-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: folder, input, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const count = (file: string): number => {
  const db = new Database(file, { readonly: true });
  const [row] = db.prepare('SELECT count(*) FROM questions').raw(true).all() as number[][];
  db.close();
  return row?.[0] ?? -1;
};

describe('GIVEN the footnote CLI and a database', () => {
  it('WHEN ask runs without DATABASE_URL THEN nothing is recorded and no ./data folder appears', () => {
    expect(run(['ask', 'what did Amazon invest?'], {}).code).toBe(0);
    expect(existsSync(path.join(folder, 'data'))).toBe(false);
  });

  it('WHEN ask runs with DATABASE_URL THEN each question is recorded, and forget deletes that person\'s rows', () => {
    const file = path.join(folder, 'asked.db');
    const env = { DATABASE_URL: `sqlite:${file}` };
    expect(run(['ask', 'what did Amazon invest?'], env).code).toBe(0);
    expect(run(['ask', '--json'], env, 'how big is stargate?\nwhat did the memo say?\n').code).toBe(0);
    expect(count(file)).toBe(3);
    expect(run(['forget', '--user', 'slack:U0NOBODY'], env).stdout).toContain('Deleted 0 rows of slack:U0NOBODY');
    const forgotten = run(['forget', '--user', `console:${userInfo().username}`], env);
    expect(forgotten.stdout).toContain(`Deleted 3 rows of console:${userInfo().username}`);
    expect(count(file)).toBe(0);
  });

  it('WHEN forget has no PLATFORM:ID THEN it exits 2 with the usage', () => {
    const result = run(['forget', '--user', 'U123'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('forget needs --user PLATFORM:ID');
  });

  it('WHEN DATABASE_URL names PostgreSQL or an unwritable file THEN serve exits 1 naming the variable and the fix', () => {
    const postgres = run(['serve'], { DATABASE_URL: 'postgres://bot:pw@127.0.0.1:1/footnote' }, '');
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain('DATABASE_URL names PostgreSQL, which this version does not support yet');
    const blocked = run(['serve'], { DATABASE_URL: `sqlite:${CLI}/inside-a-file.db` }, 'hello\n');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/DATABASE_URL: cannot open .*Fix: make the file and its folder writable/);
  });
});
