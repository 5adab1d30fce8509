// The shutdown floor, through the real process: `footnote serve` with Slack and Discord both
// running against the loopback fakes, nothing in flight, SIGTERM → exit 0 within a second. A timer
// left behind by any adapter's stop() (a drain deadline that is raced but never cleared) keeps the
// event loop alive after "stopped", and this is the test that sees it.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/index.js';
import path from 'node:path';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { FIXTURES } from '../helpers/engine.js';

const BOT_TOKEN = 'xoxb-0000000000-shutdown-bot-token';
const APP_TOKEN = 'xapp-1-shutdown-app-token';
const SIGNING_SECRET = 'shutdown-signing-secret-0123456789';
const EXIT_WITHIN_MS = 1_000;

let slack: FakeSlack | undefined;
let discord: FakeDiscord | undefined;
let bot: ChildBot | undefined;

afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all([slack?.close(), discord?.close()]);
  slack = undefined;
  discord = undefined;
  bot = undefined;
});

describe.each([
  ['HTTP Events API', 'slack-http', { SLACK_SIGNING_SECRET: SIGNING_SECRET }],
  ['Socket Mode', 'slack-socket', { SLACK_APP_TOKEN: APP_TOKEN }],
] as const)('GIVEN `footnote serve` with Slack (%s) and Discord, nothing in flight', (_mode, slackAdapter, slackTransport) => {
  it(`WHEN it gets SIGTERM THEN it exits 0 within ${EXIT_WITHIN_MS} ms`, async () => {
    slack = await FakeSlack.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    discord = await FakeDiscord.start();
    bot = startChildBot({
      ...discord.env(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      ...slackTransport,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // Shutdown does not depend on the knowledge; a small pack starts sooner.
      KNOWLEDGE_DIR: path.join(FIXTURES, 'knowledge-valid'),
    });
    const running = await bot.waitForLog((line) => line.msg === 'footnote is running');
    expect(running.adapters).toEqual([slackAdapter, 'discord']);
    const readyz = await fetch(`http://127.0.0.1:${String(running.port)}/readyz`);
    expect(await readyz.json()).toMatchObject({ ready: true, adapters: { [slackAdapter]: true, discord: true } });

    const signalled = performance.now();
    bot.child.kill('SIGTERM');
    const code = await bot.exited;
    const tookMs = performance.now() - signalled;

    expect(code).toBe(0);
    expect(bot.logs.map((line) => line.msg)).toContain('stopped');
    expect(tookMs, `exit took ${tookMs.toFixed(0)} ms`).toBeLessThanOrEqual(EXIT_WITHIN_MS);
  });
});
