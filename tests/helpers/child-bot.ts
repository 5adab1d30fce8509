// Runs the real `footnote serve` as a child process, as an operator would, and reads its JSON
// log lines. Used by the operations tests (health, shutdown, redaction).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/config.js';

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface ChildBot {
  child: ChildProcessWithoutNullStreams;
  logs: LogLine[];
  /** Everything written to stdout and stderr, raw. */
  output(): string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<number | null>;
}

export function startChildBot(env: Record<string, string>, args: string[] = ['serve']): ChildBot {
  // Not the project folder: a developer's own .env there must not leak into the test. A folder of its
  // own, so the default recording database (./data/footnote.db) is the child's and goes with it.
  const cwd = mkdtempSync(path.join(tmpdir(), 'footnote-child-'));
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let raw = '';
  const listeners = new Set<() => void>();
  child.stderr.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    raw += `${line}\n`;
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ msg: line });
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return {
    child,
    logs,
    output: () => raw,
    exited,
    waitForLog(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = logs.find(predicate);
          if (found) {
            listeners.delete(listen);
            clearTimeout(timer);
            resolve(found);
          }
          return found !== undefined;
        };
        const listen = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          listeners.delete(listen);
          reject(new Error(`no matching log line within ${timeoutMs} ms; output so far:\n${raw}`));
        }, timeoutMs);
        if (!check()) listeners.add(listen);
      });
    },
  };
}
