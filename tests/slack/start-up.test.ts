// Start-up against a Slack that refuses the credentials: a clear error naming the variable, never
// the secret, and nothing left listening.
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/app.js';
import { parseSlackConfig, type SlackConfig } from '../../src/adapters/slack/config.js';
import { silentLogger } from '../../src/logger.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { APP_TOKEN, BOT_TOKEN, sharedEngine, SIGNING_SECRET } from './harness.js';

const WRONG_BOT = 'xoxb-wrong-secret-value';
const WRONG_APP = 'xapp-wrong-secret-value';

describe('GIVEN Slack rejects a token at start-up', () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  async function start(env: Record<string, string>): Promise<unknown> {
    fake = await FakeSlack.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    const config = parseSlackConfig({ ...env, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }) as SlackConfig;
    return startSlack({ engine: await sharedEngine(), logger: silentLogger(), config }).then(
      () => new Error('started although Slack refused the token'),
      (error: unknown) => error,
    );
  }

  it('WHEN the bot token is refused THEN start fails naming SLACK_BOT_TOKEN and Slack\'s reason', async () => {
    const error = await start({ SLACK_BOT_TOKEN: WRONG_BOT, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain('SLACK_BOT_TOKEN');
    expect(String(error)).toContain('invalid_auth');
    expect(String(error)).not.toContain(WRONG_BOT);
  });

  it('WHEN the app-level token is refused THEN start fails naming SLACK_APP_TOKEN', async () => {
    const error = await start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: WRONG_APP });
    expect(String(error)).toContain('SLACK_APP_TOKEN');
    expect(String(error)).toContain('invalid_auth');
    expect(String(error)).not.toContain(WRONG_APP);
  });
});
