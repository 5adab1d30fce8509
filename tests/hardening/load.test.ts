// The small version of `npm run stress` (a)+(b): 100 signed Slack HTTP requests (mentions, DMs,
// /ask) and 100 Discord /ask interactions, all sent at once to the real adapters (real Bolt, real
// discord.js, real engine and knowledge) over loopback fakes. Every reply is matched back to its
// request: each answered exactly once, nobody pinged, every clean question cited. The same load
// code runs 1,000 + 1,000 in the stress script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';
import { loadEngine } from '../../src/engine/engine.js';
import { DISCORD_HOSTILE, discordLiveMentions, questionPool, SLACK_HOSTILE, slackLiveMentions } from '../../scripts/stress/common.js';
import { runDiscordLoad } from '../../scripts/stress/discord-load.js';
import { LogCapture, SLACK_SIGNING_SECRET, startDiscordInProcess, startSlackInProcess, type InProcessDiscord, type InProcessSlack } from '../../scripts/stress/in-process.js';
import { runSlackLoad, type LoadResult } from '../../scripts/stress/slack-load.js';

const COUNT = 100;

let slack: InProcessSlack;
let discord: InProcessDiscord;
let slackResult: LoadResult;
let discordResult: LoadResult;

beforeAll(async () => {
  const engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
  slack = await startSlackInProcess(engine, new LogCapture('info'));
  discord = await startDiscordInProcess(engine, new LogCapture('info'));
  // Each request from its own user: a per-user rate limit must not shape this test.
  [slackResult, discordResult] = await Promise.all([
    runSlackLoad({ fake: slack.fake, eventsUrl: slack.eventsUrl, signingSecret: SLACK_SIGNING_SECRET, count: COUNT, pool: questionPool(engine, SLACK_HOSTILE), tag: 'HL', timeoutMs: 15_000 }),
    runDiscordLoad({ fake: discord.fake, count: COUNT, pool: questionPool(engine, DISCORD_HOSTILE), timeoutMs: 15_000 }),
  ]);
});

afterAll(async () => {
  await slack?.stop();
  await discord?.stop();
});

describe(`GIVEN ${COUNT} Slack HTTP requests and ${COUNT} Discord interactions sent at once`, () => {
  it('THEN every Slack request (mention, DM, /ask) is answered exactly once', () => {
    expect(slackResult.byKind).toEqual({ mention: 60, dm: 20, ask: 20 });
    expect({ answered: slackResult.answered, lost: slackResult.lost, duplicates: slackResult.duplicates, stray: slackResult.stray, rejected: slackResult.rejected }).toEqual({
      answered: COUNT,
      lost: 0,
      duplicates: 0,
      stray: 0,
      rejected: 0,
    });
  });

  it('THEN every Discord interaction is answered exactly once', () => {
    expect({ answered: discordResult.answered, lost: discordResult.lost, duplicates: discordResult.duplicates, stray: discordResult.stray, rejected: discordResult.rejected }).toEqual({
      answered: COUNT,
      lost: 0,
      duplicates: 0,
      stray: 0,
      rejected: 0,
    });
  });

  it('THEN no reply carries a live mention, though hostile questions were among them', () => {
    expect(slackResult.hostileSent).toBeGreaterThanOrEqual(10);
    expect(discordResult.hostileSent).toBeGreaterThanOrEqual(10);
    expect(slackResult.liveExamples).toEqual([]);
    expect(discordResult.liveExamples).toEqual([]);
    expect(slackResult.liveMentions + discordResult.liveMentions).toBe(0);
  });

  it('THEN every clean question is answered with a link to one of its sources', () => {
    expect(slackResult.missingSource).toBe(0);
    expect(discordResult.missingSource).toBe(0);
  });

  it('THEN nothing was logged at error level', () => {
    expect(slack.logs.errors().map((line) => line.msg)).toEqual([]);
    expect(discord.logs.errors().map((line) => line.msg)).toEqual([]);
  });

  it('THEN latency was measured for every answer', () => {
    expect(slackResult.latencies).toHaveLength(COUNT);
    expect(discordResult.latencies).toHaveLength(COUNT);
    expect(slackResult.stats.p99).toBeGreaterThan(0);
    expect(discordResult.stats.p99).toBeGreaterThan(0);
  });
});

// The checks above are only as good as the detectors they use; these pin what the detectors catch.
describe('GIVEN the live-mention detectors', () => {
  it('THEN a Slack reply with <!channel>, <!here>, a user group or another user is caught, the asker and escaped text are not', () => {
    const reply = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
    expect(slackLiveMentions(reply('hi <!channel>'))).toHaveLength(2);
    expect(slackLiveMentions(reply('<!here|here>'))).not.toEqual([]);
    expect(slackLiveMentions(reply('<!subteam^S0123|@team>'))).not.toEqual([]);
    expect(slackLiveMentions(reply('<@U0VICTIM1> look'), 'U0ASKER01')).not.toEqual([]);
    expect(slackLiveMentions(reply('<@U0ASKER01> asked: “&lt;!channel&gt; &lt;@U0VICTIM1&gt;”'), 'U0ASKER01')).toEqual([]);
  });

  it('THEN a Discord message without allowed_mentions, or one that allows any parse, user or role, is caught', () => {
    expect(discordLiveMentions({ content: '@everyone' })).not.toEqual([]);
    expect(discordLiveMentions({ allowed_mentions: { parse: ['everyone'] } })).not.toEqual([]);
    expect(discordLiveMentions({ allowed_mentions: { parse: [], users: ['123456789012345678'] } })).not.toEqual([]);
    expect(discordLiveMentions({ allowed_mentions: { parse: [], replied_user: false } })).toEqual([]);
  });
});
