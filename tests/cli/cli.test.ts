// The CLI as a person or a program uses it: spawned as a process, reading its output.
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { FIXTURES } from '../helpers/engine.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
// A clean environment: no platform tokens may leak in from the machine running the tests.
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tmpdir(), input, env: ENV, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('footnote CLI', () => {
  it('GIVEN ask "what did Amazon invest?" THEN $50 billion with the announcement link', () => {
    const { code, stdout } = run(['ask', 'what did Amazon invest?']);
    expect(code).toBe(0);
    expect(stdout).toContain('$50 billion');
    expect(stdout).toContain('https://openai.com/index/amazon-partnership/');
  });

  it('GIVEN ask --json THEN one object with the documented fields', () => {
    const { code, stdout } = run(['ask', '--json', "who is OpenAI's CEO?"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['answered', 'confidence', 'entry', 'kind', 'question', 'sources', 'text'].sort());
    expect(parsed).toMatchObject({ question: "who is OpenAI's CEO?", answered: false, kind: 'decline', sources: [], entry: null });
  });

  it('GIVEN ask --json with questions on stdin THEN one JSON line each, timeline events in text', () => {
    const { code, stdout } = run(['ask', '--json'], 'what did amazon invest?\ntimeline amazon\n\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; text: string; sources: { url: string }[] });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.sources.map((source) => source.url)).toContain('https://openai.com/index/amazon-partnership/');
    expect(lines[1]?.kind).toBe('timeline');
    expect(lines[1]?.text).toContain('27 Feb 2026');
    expect(lines[2]?.kind).toBe('decline');
  });

  it('GIVEN a program driving ask --json one question at a time THEN each answer arrives before the next question', async () => {
    const child = spawn(process.execPath, [CLI, 'ask', '--json'], { cwd: tmpdir(), env: ENV });
    const lines = createInterface({ input: child.stdout });
    const next = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));
    for (const question of ['what did amazon invest?', 'who wrote the memo?', 'stargate?']) {
      const pending = next();
      child.stdin.write(`${question}\n`);
      const reply = JSON.parse(await pending) as { question: string; answered: boolean };
      expect(reply).toMatchObject({ question, answered: true });
    }
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  });

  it('GIVEN timeline --topic aws --from 2026 THEN the 27 Feb 2026 Amazon events with links', () => {
    const { code, stdout } = run(['timeline', '--topic', 'aws', '--from', '2026']);
    expect(code).toBe(0);
    expect(stdout).toContain('27 Feb 2026');
    expect(stdout).toContain('Amazon would invest $50 billion');
    expect(stdout).toContain('https://www.aboutamazon.com/news/aws/amazon-open-ai-strategic-partnership-investment');
    expect(stdout).not.toContain('Stargate Project');
  });

  it('GIVEN timeline with a bad range or unknown topic THEN exit 1 with an example', () => {
    const bad = run(['timeline', '--from', '2030-99']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a date range I understand[\s\S]*Example: \/timeline/);
    const unknown = run(['timeline', '--topic', 'anthropic']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no timeline for "anthropic"/);
  });

  it('GIVEN timeline --json THEN the events with their sources', () => {
    const { stdout } = run(['timeline', '--json', '--limit', '2']);
    const timeline = JSON.parse(stdout) as { events: { sources: unknown[] }[]; total: number };
    expect(timeline.events).toHaveLength(2);
    expect(timeline.total).toBeGreaterThan(2);
    for (const event of timeline.events) expect(event.sources.length).toBeGreaterThan(0);
  });

  it('GIVEN validate THEN 0 on the shipped knowledge and 1 with file:line on a broken one', () => {
    expect(run(['validate']).code).toBe(0);
    const broken = run(['validate', '--dir', path.join(FIXTURES, 'knowledge-unknown-source')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('knowledge.yaml:19: facts[0].sources[0]: unknown source "openai-amazn". Fix:');
  });

  it('GIVEN knowledge --json THEN every entry with phrasings, answer and source URLs', () => {
    const { stdout } = run(['knowledge', '--json']);
    const { entries } = JSON.parse(stdout) as { entries: { id: string; alternates: string[]; answer: string; sources: string[] }[] };
    expect(entries.length).toBeGreaterThanOrEqual(30);
    for (const entry of entries) {
      expect(entry.alternates.length).toBeGreaterThanOrEqual(6);
      expect(entry.sources.length).toBeGreaterThan(0);
    }
  });

  it('GIVEN --help on each command, or a bad flag THEN usage (0) or a clear error (2)', () => {
    for (const command of [[], ['ask'], ['timeline'], ['validate'], ['knowledge'], ['discord'], ['serve']]) {
      const { code, stdout } = run([...command, '--help']);
      expect(code, command.join(' ')).toBe(0);
      expect(stdout).toMatch(/footnote/);
    }
    const bad = run(['ask', '--jsn', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--jsn'/);
  });

  it('GIVEN serve with no tokens and piped questions THEN it answers each line and exits 0', () => {
    const { code, stdout } = run(['serve'], 'what did amazon invest?\n/timeline stargate\n/quit\nnever asked\n');
    expect(code).toBe(0);
    expect(stdout).toContain('$50 billion');
    expect(stdout).toContain('Stargate Project');
    expect(stdout).not.toContain('never asked');
  });

  it('GIVEN serve with invalid knowledge THEN it refuses to start, naming the problem', () => {
    const result = spawnSync(process.execPath, [CLI, 'serve'], { cwd: tmpdir(), input: 'hi\n', env: { ...ENV, KNOWLEDGE_DIR: path.join(FIXTURES, 'knowledge-bad-date') }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refuses to start[\s\S]*pack\.yaml:16: facts\[0\]\.date/);
  });
});
