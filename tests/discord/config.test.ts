import { describe, expect, it } from 'vitest';
import { DiscordConfigError, parseDiscordConfig } from '../../src/adapters/discord/config.js';

const TOKEN = 'MTAyNDQ2MDk5NjQ0MTE2NTg2.GhJk3a.abcdefghijklmnopqrstuvwxyz0123456789AB';
const APP_ID = '1024460996441165860';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseDiscordConfig(env);
  } catch (error) {
    if (error instanceof DiscordConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a DiscordConfigError');
}

describe('GIVEN parseDiscordConfig', () => {
  it('WHEN no DISCORD_* variable is set (or all are empty) THEN Discord is off: null', () => {
    expect(parseDiscordConfig({})).toBeNull();
    expect(parseDiscordConfig({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '  ', SLACK_BOT_TOKEN: 'x' })).toBeNull();
  });

  it('WHEN complete THEN it returns the config, API base without a trailing slash', () => {
    expect(parseDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID })).toEqual({
      token: TOKEN,
      applicationId: APP_ID,
      apiUrl: null,
    });
    expect(
      parseDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: 'http://127.0.0.1:9/api/' })?.apiUrl,
    ).toBe('http://127.0.0.1:9/api');
  });

  it('WHEN half-configured THEN the error names what is missing and where to find it, never the token', () => {
    const missingId = problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '' });
    expect(missingId).toMatch(/DISCORD_APPLICATION_ID is not set/);
    expect(missingId).toMatch(/General Information → Application ID/);
    expect(missingId).not.toContain(TOKEN);
    expect(missingId).not.toMatch(/DISCORD_TOKEN/);

    expect(problemsOf({ DISCORD_APPLICATION_ID: APP_ID })).toMatch(/DISCORD_TOKEN is not set.*Bot → Reset Token/);
  });

  it('WHEN values are malformed THEN each problem is named without echoing the value', () => {
    const message = problemsOf({
      DISCORD_TOKEN: `Bot ${TOKEN}`,
      DISCORD_APPLICATION_ID: 'footnote',
      DISCORD_API_URL: 'http://127.0.0.1:9/api/v10',
    });
    expect(message).toMatch(/DISCORD_TOKEN starts with "Bot "/);
    expect(message).toMatch(/DISCORD_APPLICATION_ID must be the numeric application id/);
    expect(message).toMatch(/DISCORD_API_URL must be the base without the version/);
    expect(message).not.toContain(TOKEN);
    expect(problemsOf({ DISCORD_TOKEN: 'client-secret-looking-thing', DISCORD_APPLICATION_ID: APP_ID })).toMatch(
      /does not look like a bot token/,
    );
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: 'ftp://x' })).toMatch(/http\(s\) URL/);
  });
});
