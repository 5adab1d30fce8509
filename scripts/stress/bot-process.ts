// `footnote serve` in a child process, as an operator runs it (node dist/cli.js serve), with its
// JSON log lines captured, its memory readable from /proc, and a clean SIGTERM stop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { PROJECT_ROOT } from '../../src/config.js';
import { LineLog, processMemory } from './common.js';

export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/cli.js is missing or older than some file under src/. */
export function buildIsStale(): boolean {
  if (!existsSync(CLI)) return true;
  return newestMtime(path.join(PROJECT_ROOT, 'src')) > statSync(CLI).mtimeMs;
}

/** Runs `tsc -p tsconfig.build.json` when dist/ is missing or stale; throws with tsc's output on failure. */
export function ensureBuilt(): 'fresh' | 'rebuilt' {
  if (!buildIsStale()) return 'fresh';
  const tsc = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  return 'rebuilt';
}

export interface ServeBot {
  child: ChildProcess;
  pid: number;
  logs: LineLog;
  /** The Slack HTTP port, when Slack runs over HTTP. */
  slackPort: number | null;
  /** Raw stderr (footnote writes start-up refusals there). */
  stderr(): string;
  alive(): boolean;
  memory(): { rss: number; peak: number } | null;
  /**
   * Heap in use after a full GC, through the inspector (only when started with `inspect: true`).
   * The only reliable way to tell retained memory from garbage V8 has not collected yet.
   */
  heapAfterGc(): Promise<{ used: number; total: number } | null>;
  /** SIGTERM and wait; resolves with the exit code (null if it had to be killed). */
  stop(timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface ServeBotOptions {
  startTimeoutMs?: number;
  /** Open the inspector on 127.0.0.1 (random port) so `heapAfterGc()` works. */
  inspect?: boolean;
}

/** Sends Chrome DevTools Protocol commands over one connection, in order. */
async function inspectorCommands(url: string, methods: string[]): Promise<unknown[]> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  try {
    const results: unknown[] = [];
    for (const [index, method] of methods.entries()) {
      results.push(
        await new Promise<unknown>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), 15_000);
          const onMessage = (data: Buffer): void => {
            const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
            if (message.id !== index + 1) return;
            clearTimeout(timer);
            socket.off('message', onMessage);
            if (message.error !== undefined) reject(new Error(JSON.stringify(message.error)));
            else resolve(message.result);
          };
          socket.on('message', onMessage);
          socket.send(JSON.stringify({ id: index + 1, method }));
        }),
      );
    }
    return results;
  } finally {
    socket.close();
  }
}

export async function startServeBot(env: Record<string, string>, options: ServeBotOptions = {}): Promise<ServeBot> {
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const child = spawn(process.execPath, [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), CLI, 'serve'], {
    // Not the project folder: a developer's own .env there must not leak into the run.
    cwd: tmpdir(),
    // No recording unless the caller names a file: the default (./data/footnote.db under the temp
    // folder) would be shared by every run and outlive it.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = new LineLog();
  let pending = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    const cut = pending.lastIndexOf('\n');
    if (cut < 0) return;
    logs.pushChunk(pending.slice(0, cut));
    pending = pending.slice(cut + 1);
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const running = logs.waitFor((line) => line.msg === 'footnote is running', startTimeoutMs);
  const outcome = await Promise.race([running.then(() => 'running' as const), exited.then(() => 'exited' as const)]).catch((error: unknown) => error);
  if (outcome !== 'running') {
    child.kill('SIGKILL');
    throw new Error(`footnote serve did not start (${outcome instanceof Error ? outcome.message : String(outcome)})\n${stderr}`);
  }
  const started = logs.entries.find((line) => line.evt === 'slack.started' && typeof line.port === 'number');

  return {
    child,
    pid: child.pid ?? -1,
    logs,
    slackPort: started === undefined ? null : Number(started.port),
    stderr: () => stderr,
    alive: () => exitCode === undefined,
    memory: () => processMemory(child.pid ?? -1),
    async heapAfterGc() {
      const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr)?.[1];
      if (url === undefined) return null;
      const [, usage] = await inspectorCommands(url, ['HeapProfiler.collectGarbage', 'Runtime.getHeapUsage']);
      const { usedSize, totalSize } = usage as { usedSize: number; totalSize: number };
      return { used: usedSize, total: totalSize };
    },
    exited,
    async stop(timeoutMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))]);
      clearTimeout(timer);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        return null;
      }
      return code;
    },
  };
}
