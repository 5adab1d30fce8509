// The small version of `npm run stress` (d): the same fault scenarios (scripts/stress/faults.ts)
// against the real adapters over loopback fakes. Each injected failure is scoped to its own channel
// or interaction, so the bot's other traffic — and the next question — flow normally.
//
// The Slack adapter here runs with a 2 s Web API timeout instead of its 10 s default
// (WEB_API_DEFAULTS.timeoutMs), so the hang test sees a hung call cut without waiting 10 s.
//
// The knowledge test runs `node dist/cli.js serve` (build first: `npm test` does).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import { WEB_API_DEFAULTS } from '../../src/adapters/slack/app.js';
import { CLI, startServeBot, type ServeBot } from '../../scripts/stress/bot-process.js';
import {
  discordGatewayFault,
  knowledgeUnreadable,
  slackHangOnce,
  slackRateLimited,
  slackResponseUrlFault,
  slackServerError,
  type SlackTarget,
} from '../../scripts/stress/faults.js';
import { LogCapture, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, startDiscordInProcess, startSlackInProcess, type InProcessDiscord, type InProcessSlack } from '../../scripts/stress/in-process.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';

let engine: KnowledgeEngine;
/** Long enough for a loaded two-core machine to answer every healthy call well within it. */
const WEB_API_TIMEOUT_MS = 2_000;

beforeAll(async () => {
  engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
});

describe('GIVEN the Slack Web API misbehaves for one conversation', () => {
  let slack: InProcessSlack;
  let target: SlackTarget;

  beforeAll(async () => {
    slack = await startSlackInProcess(engine, new LogCapture('info'), { webApiTimeoutMs: WEB_API_TIMEOUT_MS });
    target = { fake: slack.fake, eventsUrl: slack.eventsUrl, signingSecret: SLACK_SIGNING_SECRET, logs: slack.logs };
  });

  afterAll(async () => {
    await slack?.stop();
  });

  it('WHEN chat.postMessage answers 429 with Retry-After THEN the bot waits that long and delivers the answer once', async () => {
    const result = await slackRateLimited(target, 1);
    expect(result.attempts).toEqual([429, 200]);
    expect(result.deliveries).toBe(1);
    expect(result.waitedMs).toBeGreaterThanOrEqual(1_000);
  });

  it('WHEN chat.postMessage answers 500 every time THEN the attempts are bounded, the failure is logged, and the next question is answered', async () => {
    const result = await slackServerError(target, 500);
    // One try plus the adapter's two retries, for the answer and again for the apology.
    expect(result.answerAttempts).toBe(WEB_API_DEFAULTS.retryConfig.retries + 1);
    expect(result.apologyAttempts).toBeLessThanOrEqual(WEB_API_DEFAULTS.retryConfig.retries + 1);
    expect(result.attemptsAfterGivingUp).toBe(0);
    expect(result.logged).toBe(true);
    expect(result.nextAnsweredMs).not.toBeNull();
  });

  it(
    'WHEN a chat.postMessage call hangs THEN other questions are answered meanwhile, and the bot gives up on it after its timeout and delivers on retry',
    async () => {
      const result = await slackHangOnce(target, 10_000);
      expect(result.otherAnsweredMs).not.toBeNull();
      expect(result.otherAnsweredMs ?? Infinity).toBeLessThan(WEB_API_TIMEOUT_MS);
      expect(result.abandonedAfterMs).toBeGreaterThanOrEqual(WEB_API_TIMEOUT_MS - 100);
      expect(result.abandonedAfterMs).toBeLessThan(WEB_API_TIMEOUT_MS + 2_000);
      expect(result.deliveries).toBe(1);
      expect(slack.adapter.isReady()).toBe(true);
    },
    30_000,
  );

  // Bolt's respond() (used by /ask, /timeline and buttons) posts with the adapter's bounded fetch
  // (bounded-fetch.ts): a 429 is waited out once; a hang is cut at the Web API timeout (its unit
  // test, tests/slack/bounded-fetch.test.ts, checks that bound).
  it('WHEN a response_url answers 429 with Retry-After THEN the answer is delivered after the wait', async () => {
    const result = await slackResponseUrlFault(target, { kind: 'rate-limited', retryAfterSec: 1 }, 2_500);
    expect(result.attempts).toEqual([429, 200]);
    expect(result.answerDelivered).toBe(true);
    expect(result.apologyDelivered).toBe(false);
  });
});

describe('GIVEN the Discord gateway connection fails mid-session', () => {
  let discord: InProcessDiscord;

  beforeAll(async () => {
    discord = await startDiscordInProcess(engine, new LogCapture('info'));
  });

  afterAll(async () => {
    await discord?.stop();
  });

  it('WHEN the socket drops THEN the client resumes, answers what was dispatched during the outage, and the next interaction', async () => {
    const result = await discordGatewayFault(discord.fake, 'drop');
    expect(result.how).toBe('resume');
    expect(result.replayed).toBeGreaterThanOrEqual(1);
    expect(result.duringOutageMs).not.toBeNull();
    expect(result.nextMs).not.toBeNull();
    expect(discord.fake.gateway.identifies.size).toBe(1);
  });

  it('WHEN Discord asks for a reconnect (op 7) THEN the client resumes and answers the next interaction', async () => {
    const result = await discordGatewayFault(discord.fake, 'reconnect');
    expect(result.how).toBe('resume');
    expect(result.nextMs).not.toBeNull();
  });

  it('WHEN the session is invalidated THEN the client identifies afresh and answers the next interaction', async () => {
    const result = await discordGatewayFault(discord.fake, 'invalidate');
    expect(result.how).toBe('identify');
    expect(result.nextMs).not.toBeNull();
    expect(discord.adapter.isReady()).toBe(true);
  });
});

describe('GIVEN `footnote serve` with hot reload WHEN its knowledge folder becomes unreadable', () => {
  let parent: string;
  let directory: string;
  let fake: FakeSlack;
  let bot: ServeBot | undefined;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    parent = await mkdtemp(path.join(tmpdir(), 'footnote-faults-'));
    directory = path.join(parent, 'knowledge');
    await cp(DEFAULT_KNOWLEDGE_DIR, directory, { recursive: true });
    fake = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN });
    bot = await startServeBot({
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: directory,
      KNOWLEDGE_RELOAD_MS: '25',
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    if (parent !== undefined) await rm(parent, { recursive: true, force: true });
  });

  it('THEN the last good knowledge keeps answering, the rejection is logged, and the folder is picked up again when it returns', async () => {
    if (bot === undefined || bot.slackPort === null) throw new Error('bot did not start with a Slack port');
    const expected = engine.answer('What did Amazon invest?');
    const result = await knowledgeUnreadable(
      { fake, eventsUrl: `http://127.0.0.1:${bot.slackPort}/slack/events`, signingSecret: SLACK_SIGNING_SECRET, logs: bot.logs },
      directory,
      { question: 'What did Amazon invest?', expectedUrl: expected.sources[0]?.url ?? 'missing' },
    );
    expect(result).toEqual({ answeredBefore: true, rejectionLogged: true, answeredWhileUnreadable: true, reloadedAfter: true, answeredAfter: true });
  });

  it('THEN the bot is still up and stops cleanly', async () => {
    expect(bot?.alive()).toBe(true);
    expect(await bot?.stop()).toBe(0);
  });
});
