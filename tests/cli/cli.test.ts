// The CLI as a person or a program uses it: spawned as a process, reading its output.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { FIXTURES } from '../helpers/engine.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
// A clean environment: no platform tokens may leak in from the machine running the tests.
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function run(args: string[], input?: string, cwd = tmpdir()) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input, env: ENV, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI with a reader that stops after the first chunk of output, as `| head -c 10` does. */
async function runCutOff(args: string[], input?: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: tmpdir(), env: ENV });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.once('data', () => child.stdout.destroy());
  if (input !== undefined) child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}

describe('footnote CLI', () => {
  it('GIVEN ask "what did Amazon invest?" THEN $50 billion with the announcement link', () => {
    const { code, stdout } = run(['ask', 'what did Amazon invest?']);
    expect(code).toBe(0);
    expect(stdout).toContain('$50 billion');
    expect(stdout).toContain('https://openai.com/index/amazon-partnership/');
  });

  it('GIVEN ask --json THEN one object with the documented fields', () => {
    const { code, stdout } = run(['ask', '--json', "what's the weather in Paris?"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['answered', 'confidence', 'entry', 'kind', 'matchedQuestion', 'question', 'reason', 'sources', 'suggestions', 'text'].sort());
    expect(parsed).toMatchObject({ question: "what's the weather in Paris?", answered: false, kind: 'decline', reason: 'unknown-subject', sources: [], entry: null });
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

  it('GIVEN ask --json and questions holding U+2028, U+2029, U+0085 or U+202E THEN each answer stays one line that shows as written', () => {
    const questions = ['what did\u2028amazon invest?', 'stargate\u2029plans', 'who wrote\u0085the memo?', '\u202eamazon investment'];
    const { code, stdout } = run(['ask', '--json'], `${questions.join('\n')}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0085\u2028\u2029\u202e]/);
    expect(stdout).toContain('\\u2028');
    // Split as line-based readers do (Python's splitlines, JavaScript's own line terminators).
    const lines = stdout.split(/\r\n|[\n\r\u0085\u2028\u2029]/).filter((line) => line !== '');
    expect(lines.map((line) => (JSON.parse(line) as { question: string }).question)).toEqual(questions);
  });

  it('GIVEN ask --json and a bare carriage return inside a line THEN it is one question, not two', () => {
    const { stdout } = run(['ask', '--json'], 'what did\ramazon invest?\r\nstargate?\r\n');
    const answers = stdout.trim().split('\n').map((line) => JSON.parse(line) as { question: string });
    expect(answers.map((answer) => answer.question)).toEqual(['what did\ramazon invest?', 'stargate?']);
  });

  it('GIVEN the reader stops early (| head) THEN knowledge --json and ask --json exit 0 without a stack trace', async () => {
    const knowledge = await runCutOff(['knowledge', '--json']);
    expect(knowledge).toEqual({ code: 0, stderr: '' });
    const answers = await runCutOff(['ask', '--json'], 'what did amazon invest?\n'.repeat(200));
    expect(answers).toEqual({ code: 0, stderr: '' });
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

  it('GIVEN timeline with the topic and range in words THEN they are used, as in the chat', () => {
    const amazon = run(['timeline', 'amazon']);
    expect(amazon.code).toBe(0);
    expect(amazon.stdout).toMatch(/events involving Amazon/);
    expect(amazon.stdout).toContain('Amazon would invest $50 billion');
    expect(amazon.stdout).not.toContain('Stargate Project');
    const ranged = run(['timeline', 'aws', 'since', '2026-03', '--json']);
    const { events } = JSON.parse(ranged.stdout) as { events: { date: string }[] };
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.date >= '2026-03').toBe(true);
    const both = run(['timeline', 'amazon', '--topic', 'aws']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });

  it('GIVEN timeline with a bad range or unknown topic THEN exit 1 with an example in the command line\'s own syntax', () => {
    const bad = run(['timeline', '--from', '2030-99']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a date range I understand[\s\S]*\nExample: footnote timeline \S/);
    expect(bad.stderr).not.toMatch(/Example: \/timeline/);
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

  it('GIVEN validate on a folder below the current one THEN each problem starts with a path that opens from here', () => {
    const dir = path.relative(PROJECT_ROOT, path.join(FIXTURES, 'knowledge-unknown-source'));
    const broken = run(['validate', '--dir', dir], undefined, PROJECT_ROOT);
    expect(broken.code).toBe(1);
    expect(broken.stderr.split('\n')[0]).toBe(`${path.join(dir, 'knowledge.yaml')}:19: facts[0].sources[0]: unknown source "openai-amazn". Fix: list the ids of sources defined under \`sources:\` in any knowledge file`);
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

  it('GIVEN knowledge without --json THEN a readable list of the entries, exit 0', () => {
    const { code, stdout } = run(['knowledge']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ Q&A entries with [\d,]+ phrasings in /);
    expect(stdout).toMatch(/\n {2}amazon-investment — How much is Amazon investing in OpenAI\? \(\d+ phrasings, 2 sources\)\n/);
    expect(stdout).toContain('footnote knowledge --json');
  });

  it('GIVEN --version THEN the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { code, stdout } = run([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`footnote ${version}\n`);
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

  it('GIVEN serve with no tokens and piped questions THEN it answers each line under its echo and stops at /quit', () => {
    const { code, stdout } = run(['serve'], 'what did amazon invest?\n/timeline stargate\n/quit\nnever asked\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^you › what did amazon invest\?\n\$50 billion/);
    expect(stdout).toMatch(/\nyou › \/timeline stargate\n[\s\S]*Stargate Project/);
    expect(stdout).toContain('you › /quit');
    expect(stdout).not.toContain('never asked');
  });

  it('GIVEN serve piped a question and two follow-ups THEN the session is one conversation and each follow-up says what it was taken as', () => {
    const { code, stdout } = run(['serve'], 'what did amazon invest?\nwhen was that?\nand microsoft?\n');
    expect(code).toBe(0);
    const [, first = '', second = '', third = ''] = stdout.split(/^you › /m);
    expect(first).not.toContain('Taking that as');
    expect(second).toMatch(/^when was that\?\n↪ Taking that as: “When [^”]+”\n.*27 Feb 2026/);
    expect(third).toMatch(/^and microsoft\?\n↪ Taking that as: “What did Microsoft invest\?”\n.*does not say .*Microsoft/);
  });

  it('GIVEN --help THEN the usage opens with the knowledge pack\'s own words, the one help text', () => {
    const pack = readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'pack.yaml'), 'utf8');
    const { stdout } = run(['--help']);
    expect(stdout).toMatch(/^footnote — I answer questions about the cloud politics/);
    expect(pack.replace(/\s+/g, ' ')).toContain(stdout.split('\n')[0]?.replace('footnote — ', '').slice(0, 60));
  });

  it('GIVEN serve piped /help THEN each example question is listed once, and its number asks it', () => {
    const { stdout } = run(['serve'], '/help\n1\n');
    const [help = '', picked = ''] = stdout.split('you › 1\n');
    const examples = [...help.matchAll(/^ {2}• (.+)$/gm)].map((match) => match[1] ?? '');
    expect(examples).toHaveLength(3);
    for (const example of examples) expect(help.split(example)).toHaveLength(2);
    expect(picked).not.toMatch(/^I don't have that/);
    expect(picked.length).toBeGreaterThan(0);
  });

  it('GIVEN serve with invalid knowledge THEN it refuses to start, naming the problem', () => {
    const result = spawnSync(process.execPath, [CLI, 'serve'], { cwd: tmpdir(), input: 'hi\n', env: { ...ENV, KNOWLEDGE_DIR: path.join(FIXTURES, 'knowledge-bad-date') }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refuses to start[\s\S]*knowledge\.yaml:16: facts\[0\]\.date/);
  });
});
