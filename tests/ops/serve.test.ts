// The production process end to end: `footnote serve` with Discord configured (against the
// loopback fake), health endpoints, a real answer, SIGTERM, and secrets kept out of the logs.
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';

let fake: FakeDiscord | undefined;
let bot: ChildBot | undefined;

afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  fake = undefined;
  bot = undefined;
});

describe('footnote serve', () => {
  it('GIVEN Discord credentials THEN health is served, it answers, and SIGTERM stops it cleanly with exit 0', async () => {
    fake = await FakeDiscord.start();
    bot = startChildBot({ ...fake.env(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const running = await bot.waitForLog((line) => line.msg === 'footnote is running');
    expect(running.adapters).toEqual(['discord']);
    const base = `http://127.0.0.1:${String(running.port)}`;

    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ ready: true, knowledge: true, adapters: { discord: true }, store: 'ok' });
    // A bot serving a platform records by default, to ./data/footnote.db where it runs.
    const opened = await bot.waitForLog((line) => line.evt === 'store.open');
    expect(String(opened.database)).toMatch(/\/data\/footnote\.db$/);

    const interaction = fake.ask('what did Amazon invest?');
    const callback = await fake.waitForCallback(interaction);
    expect(JSON.stringify(callback.body)).toContain('https://openai.com/index/amazon-partnership/');
    // Written in the background within ~50 ms of the reply; polled, not slept on.
    const recorded = async (): Promise<unknown[]> => {
      const db = new Database(String(opened.database), { readonly: true });
      try {
        return db.prepare('SELECT question, entry FROM questions').all();
      } finally {
        db.close();
      }
    };
    await expect.poll(recorded, { timeout: 5_000 }).toEqual([{ question: 'what did Amazon invest?', entry: 'amazon-investment' }]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down: finishing answers in flight', 'stopped']));
    expect(bot.output()).not.toContain(fake.token);
  });

  it('GIVEN half a Slack configuration THEN it stops at once, naming exactly what is missing', async () => {
    bot = startChildBot({ SLACK_BOT_TOKEN: 'xoxb-1-secret-value', PORT: '0' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(bot.output()).not.toContain('xoxb-1-secret-value');
  });
});
