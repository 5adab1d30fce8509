import { describe, expect, it } from 'vitest';
import { parseSlackConfig, SlackConfigError } from '../../src/adapters/slack/config.js';

const BOT = 'xoxb-1-secret-bot-value';
const APP = 'xapp-1-secret-app-value';
const SECRET = 'secret-signing-value';

function configError(env: Record<string, string | undefined>): SlackConfigError {
  try {
    parseSlackConfig(env);
  } catch (error) {
    if (error instanceof SlackConfigError) return error;
    throw error;
  }
  throw new Error('expected a SlackConfigError');
}

describe('GIVEN the Slack settings in the environment', () => {
  it('WHEN no SLACK_* variable is set (or all are empty) THEN Slack is simply not configured', () => {
    expect(parseSlackConfig({ PORT: '8080', DISCORD_TOKEN: 'x' })).toBeNull();
    expect(parseSlackConfig({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '  ' })).toBeNull();
  });

  it('WHEN the bot and app tokens are set THEN it runs in Socket Mode', () => {
    expect(parseSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, PORT: 'not-used' })).toEqual({
      botToken: BOT,
      apiUrl: undefined,
      transport: { mode: 'socket', appToken: APP },
    });
  });

  it('WHEN the bot token and signing secret are set THEN it serves HTTP on PORT (3000) and HOST (0.0.0.0)', () => {
    expect(parseSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: '' })).toEqual({
      botToken: BOT,
      apiUrl: undefined,
      transport: { mode: 'http', signingSecret: SECRET, port: 3000, host: '0.0.0.0' },
    });
    const custom = parseSlackConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      HOST: '127.0.0.1',
    });
    expect(custom?.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(custom?.transport).toEqual({ mode: 'http', signingSecret: SECRET, port: 8080, host: '127.0.0.1' });
  });

  it('WHEN the bot token is missing THEN the error names SLACK_BOT_TOKEN and where Slack shows it', () => {
    const error = configError({ SLACK_APP_TOKEN: APP });
    expect(error.variables).toEqual(['SLACK_BOT_TOKEN']);
    expect(error.message).toContain('SLACK_BOT_TOKEN is not set');
    expect(error.message).toContain('OAuth & Permissions');
  });

  it('WHEN neither app token nor signing secret is set THEN the error names SLACK_SIGNING_SECRET', () => {
    const error = configError({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: '' });
    expect(error.variables).toEqual(['SLACK_SIGNING_SECRET']);
    expect(error.message).toContain('Signing Secret');
  });

  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xapp-secret-in-wrong-place', SLACK_APP_TOKEN: APP }, 'xoxb-'],
    ['SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-secret-in-wrong-place' }, 'App-Level Tokens'],
    ['SLACK_API_URL', { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: 'ftp://secret-host' }, 'http(s)'],
    ['PORT', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '70000' }, '0 to 65535'],
  ])('WHEN %s is malformed THEN the error names it, says how to fix it and never echoes the value', (variable, env, hint) => {
    const error = configError(env);
    expect(error.variables).toEqual([variable]);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(hint);
    expect(error.message).not.toMatch(/secret-in-wrong-place|secret-host|70000/);
  });
});
