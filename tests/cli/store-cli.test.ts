// Recording as an operator meets it: `footnote ask` records only when DATABASE_URL says so,
// `footnote forget` deletes one person, and a DATABASE_URL this version cannot use stops the start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('WHEN report runs THEN text, --json, --html (a static page, nothing from the network) and --suggest read what was recorded', () => {
    const file = path.join(folder, 'report.db');
    const env = { DATABASE_URL: `sqlite:${file}` };
    expect(run(['report'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing has been recorded') });
    expect(run(['ask', '--json'], env, 'who runs the moon base?\nwho runs the moon base\nwhat did amazon invest?\n').code).toBe(0);
    expect(run(['report'], env).stdout).toMatch(/3 questions since[\s\S]*Most refused[^\n]*\n +2 {2}who runs the moon base\??/);
    const json = JSON.parse(run(['report', '--json', '--since', '7d', '--platform', 'console'], env).stdout) as { questions: number; perDay: unknown[] };
    expect(json.questions).toBe(3);
    expect(JSON.parse(run(['report', '--json', '--platform', 'slack'], env).stdout)).toMatchObject({ questions: 0 });
    const page = path.join(folder, 'report.html');
    expect(run(['report', '--html', page], env).stdout).toContain('Wrote');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(run(['report', '--suggest'], env).stdout).toMatch(/unanswered:\n {2}- id: from-report[\s\S]*- "who runs the moon base\??" {2}# refused 2×/);
    expect(run(['report', '--since', 'lately'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--since must be like 7d') });
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
