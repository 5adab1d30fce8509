// Readiness and the container's health check, without a server: what /readyz says during
// start-up and shutdown, and what the HEALTHCHECK decides for a console chat and for a server.
import { describe, expect, it } from 'vitest';
import type { RunningAdapter } from '../../src/adapters/adapter.js';
import { parseDiscordConfig } from '../../src/adapters/discord/config.js';
import { parseSlackConfig } from '../../src/adapters/slack/config.js';
import { parseAppConfig } from '../../src/config.js';
import { inContainer, nothingToRunMessage } from '../../src/container.js';
import { checkContainerHealth, readiness, type HealthState } from '../../src/health.js';

const adapter = (name: string, ready: boolean): RunningAdapter => ({ name, isReady: () => ready, stop: async () => undefined });
const state = (overrides: Partial<{ started: boolean; accepting: boolean; adapters: RunningAdapter[] }> = {}): HealthState => ({
  knowledgeLoaded: () => true,
  adapters: () => overrides.adapters ?? [],
  accepting: () => overrides.accepting ?? true,
  started: () => overrides.started ?? true,
});

describe('GIVEN /readyz', () => {
  it('WHEN the platforms are still being reached THEN it is not ready, even with no adapter up to say otherwise', () => {
    expect(readiness(state({ started: false }))).toMatchObject({ ready: false, started: false, adapters: {} });
    expect(readiness(state({ started: false, adapters: [adapter('slack-http', true)] })).ready).toBe(false);
  });

  it('WHEN every adapter is up THEN ready; one down, or shutdown begun, THEN not', () => {
    expect(readiness(state({ adapters: [adapter('slack-socket', true), adapter('discord', true)] })).ready).toBe(true);
    expect(readiness(state({ adapters: [adapter('slack-socket', true), adapter('discord', false)] })).ready).toBe(false);
    expect(readiness(state({ accepting: false, adapters: [adapter('discord', true)] })).ready).toBe(false);
  });
});

const parsers = {
  platformsConfigured: (env: Readonly<Record<string, string | undefined>>) => parseSlackConfig(env) !== null || parseDiscordConfig(env) !== null,
  port: (env: Readonly<Record<string, string | undefined>>) => parseAppConfig(env).port,
  host: (env: Readonly<Record<string, string | undefined>>) => parseAppConfig(env).host,
};

function healthz(status: number | 'refused'): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const stub = async (input: Parameters<typeof fetch>[0]): Promise<Response> => {
    asked.push(String(input));
    if (status === 'refused') throw new TypeError('fetch failed');
    return new Response('{}', { status });
  };
  return { fetch: stub as typeof fetch, asked };
}

describe('GIVEN the container HEALTHCHECK', () => {
  it('WHEN no platform is configured (the console chat) THEN healthy without asking any server', async () => {
    const server = healthz('refused');
    expect(await checkContainerHealth({ PORT: '3000' }, parsers, server.fetch)).toMatchObject({ healthy: true });
    expect(server.asked).toEqual([]);
  });

  it('WHEN a platform is configured THEN it asks /healthz on PORT, on loopback for a wildcard bind', async () => {
    const env = { DISCORD_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBB.CCCCCCCCCCCCCCCCCCCCCCCCCCC', DISCORD_APPLICATION_ID: '123456789012345678', PORT: '3100' };
    const up = healthz(200);
    expect(await checkContainerHealth(env, parsers, up.fetch)).toMatchObject({ healthy: true });
    expect(up.asked).toEqual(['http://127.0.0.1:3100/healthz']);
    expect(await checkContainerHealth({ ...env, HOST: '10.1.2.3' }, parsers, healthz(200).fetch)).toMatchObject({ detail: 'http://10.1.2.3:3100/healthz: 200' });
  });

  it('WHEN the server does not answer, or answers an error THEN unhealthy', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(await checkContainerHealth(env, parsers, healthz('refused').fetch)).toMatchObject({ healthy: false });
    expect(await checkContainerHealth(env, parsers, healthz(500).fetch)).toMatchObject({ healthy: false });
  });

  it('WHEN the configuration is half set (serve refuses to start) THEN unhealthy, saying why, without the secret', async () => {
    const result = await checkContainerHealth({ SLACK_BOT_TOKEN: 'xoxb-1-secret-value' }, parsers, healthz(200).fetch);
    expect(result.healthy).toBe(false);
    expect(result.detail).toMatch(/SLACK_SIGNING_SECRET/);
    expect(result.detail).not.toContain('xoxb-1-secret-value');
  });
});

describe('GIVEN nothing to run (no credentials, no terminal, no pipe)', () => {
  it('WHEN in a container THEN the hint says to set tokens or run with -it, not npm start', () => {
    const message = nothingToRunMessage(true);
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).toMatch(/DISCORD_TOKEN/);
    expect(message).toMatch(/docker run -it/);
    expect(message).not.toMatch(/npm start/);
  });

  it('WHEN on a machine THEN the hint says to set tokens, or run npm start in a terminal or pipe questions in', () => {
    const message = nothingToRunMessage(false);
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).toMatch(/npm start/);
    expect(message).not.toMatch(/docker/);
  });

  it('THEN a container is recognised by Docker\'s or Podman\'s marker file', () => {
    expect(inContainer((file) => file === '/.dockerenv')).toBe(true);
    expect(inContainer((file) => file === '/run/.containerenv')).toBe(true);
    expect(inContainer(() => false)).toBe(false);
  });
});
