// Start-up against platforms that are not reachable yet, through the real process: it keeps
// trying (readiness 503, liveness 200 meanwhile) for STARTUP_RETRY_MS, then exits 1 with the
// reason; a platform that comes back in time is served; a refused token ends it at once; SIGTERM
// while waiting exits 0. And the console chat, node's PID 1 in a container, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { inContainer, nothingToRunMessage } from '../../src/container.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { FIXTURES } from '../helpers/engine.js';

const BOT_TOKEN = 'xoxb-0000000000-start-up-bot-token';
const SIGNING_SECRET = 'start-up-signing-secret-0123456789';
const DISCORD_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBB.start-up-token-value-xyz';
/** A small pack: these tests are about start-up, and the real knowledge takes longer to load. */
const KNOWLEDGE_DIR = path.join(FIXTURES, 'knowledge-valid');

let bot: ChildBot | undefined;
let slack: FakeSlack | undefined;
let discord: FakeDiscord | undefined;

afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all([slack?.close(), discord?.close()]);
  bot = undefined;
  slack = undefined;
  discord = undefined;
});

/** A port nothing listens on (bound, then let go). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function status(url: string): Promise<number | 'refused'> {
  return fetch(url).then(
    (response) => response.status,
    () => 'refused' as const,
  );
}

const retrying = (platform: string) => (line: { msg?: string }) => line.msg === `${platform} is not reachable yet; retrying`;

describe('GIVEN a platform API that cannot be reached at start-up', () => {
  it('WHEN it stays down THEN it retries, alive but not ready, and after STARTUP_RETRY_MS exits 1 with the reason', async () => {
    const port = await freePort();
    const deadApi = await freePort();
    bot = startChildBot({ KNOWLEDGE_DIR, DISCORD_TOKEN, DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: `http://127.0.0.1:${deadApi}`, PORT: String(port), HOST: '127.0.0.1', STARTUP_RETRY_MS: '1500' });
    await bot.waitForLog(retrying('Discord'));
    expect(await status(`http://127.0.0.1:${port}/healthz`)).toBe(200);
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ ready: false, started: false });

    expect(await bot.exited).toBe(1);
    const fatal = bot.logs.find((line) => line.msg?.startsWith('footnote failed to start'));
    expect(fatal?.msg).toMatch(/Discord could not be reached in 1\.[5-9] s \(\d+ attempts\): .*ECONNREFUSED/);
    expect(bot.logs.filter(retrying('Discord')).length).toBeGreaterThanOrEqual(3);
    expect(bot.output()).not.toContain(DISCORD_TOKEN);
  });

  it('WHEN Slack (HTTP mode) comes back in time THEN it starts, and its receiver takes over the port health was served on', async () => {
    slack = await FakeSlack.start({ botToken: BOT_TOKEN });
    // The Web API client tries three times per start attempt: the first attempt fails, the second succeeds.
    slack.failNext('auth.test', { kind: 'status', status: 503 }, 3);
    const port = await freePort();
    bot = startChildBot({ KNOWLEDGE_DIR, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port), HOST: '127.0.0.1', STARTUP_RETRY_MS: '5000' });
    await bot.waitForLog(retrying('Slack'));
    expect(await status(`http://127.0.0.1:${port}/readyz`)).toBe(503);

    const running = await bot.waitForLog((line) => line.msg === 'footnote is running');
    expect(running.port).toBe(port);
    expect(bot.logs.filter(retrying('Slack'))).toHaveLength(1);
    expect(await status(`http://127.0.0.1:${port}/readyz`)).toBe(200);
    // Slack's own route on the same port: unsigned, so refused — but by Bolt, not by a closed port.
    const unsigned = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('WHEN Discord refuses the token THEN it exits 1 at once, without retrying', async () => {
    discord = await FakeDiscord.start();
    bot = startChildBot({ KNOWLEDGE_DIR, ...discord.env(), DISCORD_TOKEN, PORT: '0', HOST: '127.0.0.1' });
    expect(await bot.exited).toBe(1);
    expect(bot.logs.filter(retrying('Discord'))).toEqual([]);
    expect(bot.logs.find((line) => line.msg?.startsWith('footnote failed to start'))?.msg).toMatch(/token/i);
  });

  it('WHEN SIGTERM comes while it waits THEN it stops at once with exit 0', async () => {
    const deadApi = await freePort();
    bot = startChildBot({ KNOWLEDGE_DIR, DISCORD_TOKEN, DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: `http://127.0.0.1:${deadApi}`, PORT: '0', HOST: '127.0.0.1' });
    await bot.waitForLog(retrying('Discord'));
    const signalled = performance.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(1_000);
    expect(bot.logs.map((line) => line.msg)).toContain('stopped during start-up');
  });
});

describe('GIVEN no platform credentials', () => {
  it('WHEN the console chat reads a pipe that stays open THEN SIGTERM ends it at once with exit 0', async () => {
    bot = startChildBot({ KNOWLEDGE_DIR });
    bot.child.stdin.write('what did Amazon invest?\n');
    await bot.waitForLog((line) => line.msg?.includes('https://openai.com/index/amazon-partnership/') === true);
    const signalled = performance.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(1_000);
  });

  it('WHEN there is no terminal and no pipe either THEN it exits 1, saying to set tokens or chat in a terminal', async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'serve'], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    // Both wordings are unit-tested; here, the one for wherever this test runs.
    expect(stderr.trim()).toBe(nothingToRunMessage(inContainer()));
    expect(stderr).toMatch(/SLACK_BOT_TOKEN/);
  });
});
