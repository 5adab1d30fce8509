// The unit project's guard (tests/setup/unit-guard.ts) turns a process, a socket or the real
// knowledge pack into a failure that says where the test belongs. A small fixture pack still loads.
import { execFileSync, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { loadKnowledge } from '../../src/engine/load-knowledge.js';
import { FIXTURES } from '../helpers/engine.js';

const MOVE_IT = /unit test .* move the file from UNIT_TESTS to the integration project/;

describe('GIVEN a test in the unit project', () => {
  it('WHEN it starts a process THEN it fails, naming the fix', () => {
    expect(() => spawn(process.execPath, ['--version'])).toThrow(MOVE_IT);
    expect(() => execFileSync(process.execPath, ['--version'])).toThrow(MOVE_IT);
  });

  it('WHEN it opens a socket, as a server or a client THEN it fails, naming the fix', async () => {
    expect(() => createServer().listen(0, '127.0.0.1')).toThrow(MOVE_IT);
    await expect(fetch('http://127.0.0.1:65534/')).rejects.toThrow();
    const reason = await fetch('http://127.0.0.1:65534/').catch((error: unknown) => (error instanceof Error ? error.cause : error));
    expect(String(reason)).toMatch(MOVE_IT);
  });

  it('WHEN it loads the real knowledge pack THEN it fails; a fixture pack loads', async () => {
    await expect(loadKnowledge(DEFAULT_KNOWLEDGE_DIR)).rejects.toThrow(MOVE_IT);
    await expect(readdir(`${DEFAULT_KNOWLEDGE_DIR}${path.sep}`)).rejects.toThrow(MOVE_IT);
    const fixture = await loadKnowledge(path.join(FIXTURES, 'knowledge-valid'));
    expect(fixture.entries.length).toBeGreaterThan(0);
  });
});
