// Hot reload: a valid edit goes live without a restart; an invalid edit or an unreadable folder is
// rejected with the validator's file:line errors and the last good knowledge keeps serving.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../../src/config.js';
import { EngineHolder } from '../../src/engine/engine-holder.js';
import { loadEngine } from '../../src/engine/engine.js';
import { watchKnowledge, type KnowledgeWatcher } from '../../src/knowledge-watcher.js';
import { createLogger } from '../../src/logger.js';

let directory: string;
let watcher: KnowledgeWatcher;
let holder: EngineHolder;
let logs: Record<string, unknown>[];

beforeEach(async () => {
  const parent = await mkdtemp(path.join(tmpdir(), 'footnote-reload-'));
  directory = path.join(parent, 'knowledge');
  await cp(DEFAULT_KNOWLEDGE_DIR, directory, { recursive: true });
  holder = new EngineHolder(await loadEngine(directory));
  logs = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) } });
  watcher = await watchKnowledge({ directory, holder, logger, intervalMs: 25 });
});

afterEach(async () => {
  watcher.stop();
  await rm(path.dirname(directory), { recursive: true, force: true });
});

const file = (): string => path.join(directory, 'qa-amazon.yaml');

describe('knowledge hot reload', () => {
  it('GIVEN a valid edit THEN the next question gets the new answer, no restart', async () => {
    const before = holder.answer('what did amazon invest?');
    expect(before.text).toContain('$50 billion');
    const source = await readFile(file(), 'utf8');
    await writeFile(file(), source.replace('$50 billion, announced 27 Feb 2026:', 'Fifty billion dollars, announced 27 Feb 2026:'));
    await watcher.nextCheck();
    await watcher.nextCheck();
    expect(holder.answer('what did amazon invest?').text).toContain('Fifty billion dollars');
    expect(logs.some((line) => line.msg === 'knowledge reloaded')).toBe(true);
  });

  it('GIVEN an invalid edit THEN it is rejected with file:line and the last good knowledge keeps serving', async () => {
    const source = await readFile(file(), 'utf8');
    await writeFile(file(), source.replace('    facts: [amazon-invests-50b, amazon-partnership-announced]', '    facts: [no-such-fact]'));
    await watcher.nextCheck();
    await watcher.nextCheck();
    const rejected = logs.find((line) => line.msg === 'knowledge edit rejected; still serving the last good knowledge');
    // The folder is outside the current directory, so the path is absolute: still one click away.
    expect(rejected?.problems).toEqual([expect.stringMatching(/:\d+: entries\[0\]\.facts\[0\]: unknown fact "no-such-fact"/)]);
    const [problem = ''] = (rejected?.problems ?? []) as string[];
    expect(problem.startsWith(`${file()}:`)).toBe(true);
    expect(holder.answer('what did amazon invest?')).toMatchObject({ kind: 'answer', entry: 'amazon-investment' });
  });

  it('GIVEN the folder becomes unreadable THEN the last good knowledge keeps serving, and recovers after', async () => {
    const moved = `${directory}-away`;
    await rename(directory, moved);
    await watcher.nextCheck();
    await watcher.nextCheck();
    expect(logs.some((line) => String(line.msg).startsWith('knowledge edit rejected'))).toBe(true);
    expect(holder.answer('what did amazon invest?').text).toContain('$50 billion');
    await rename(moved, directory);
    await watcher.nextCheck();
    await watcher.nextCheck();
    expect(logs.some((line) => line.msg === 'knowledge reloaded')).toBe(true);
  });

  it('GIVEN the console chat (no tokens, the default npm start) THEN a valid edit is answered too, no restart', async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'serve'], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KNOWLEDGE_DIR: directory, KNOWLEDGE_RELOAD_MS: '25', LOG_LEVEL: 'debug' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const until = (predicate: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; stdout:\n${stdout}\nstderr:\n${stderr}`)), 10_000);
        const check = (): void => {
          if (!predicate()) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      });
    try {
      child.stdin.write('what did amazon invest?\n');
      await until(() => stdout.includes('$50 billion, announced'));
      const source = await readFile(file(), 'utf8');
      await writeFile(file(), source.replace('$50 billion, announced 27 Feb 2026:', 'Fifty billion dollars, announced 27 Feb 2026:'));
      await until(() => stderr.includes('"msg":"knowledge reloaded"'));
      child.stdin.write('what did amazon invest?\n');
      await until(() => stdout.includes('Fifty billion dollars'));
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
    }
  });
});
