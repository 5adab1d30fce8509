// `footnote ask --explain` and the reason fields of `ask --json`, through the real process.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KNOWLEDGE_DIR: path.join(PROJECT_ROOT, 'knowledge') };

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tmpdir(), env: ENV, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('footnote ask --explain', () => {
  it('GIVEN "stargate backers?" THEN its terms, top entries, features, thresholds and decision', () => {
    const { code, stdout } = run(['ask', '--explain', 'stargate backers?']);
    expect(code).toBe(0);
    for (const section of ['cleaned:', 'terms:', 'top entries:', 'unanswered:', 'features', 'thresholds:', 'decision:']) expect(stdout).toContain(section);
    expect(stdout).toMatch(/1\. stargate-partners\s+score/);
    expect(stdout).toMatch(/decision:\s+answer \(matched\) → stargate-partners/);
  });

  it('GIVEN ask --json THEN reason, matchedQuestion and suggestions come with every kind', () => {
    for (const question of ['what did Amazon invest?', "who is OpenAI's CEO?", 'hi']) {
      const parsed = JSON.parse(run(['ask', '--json', question]).stdout) as Record<string, unknown>;
      expect(typeof parsed.reason).toBe('string');
      expect(parsed).toHaveProperty('matchedQuestion');
      expect(Array.isArray(parsed.suggestions)).toBe(true);
    }
  });
});
