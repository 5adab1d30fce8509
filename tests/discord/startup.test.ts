import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { createLogger } from '../../src/logger.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { realEngine } from '../helpers/engine.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start();
});

afterAll(async () => {
  await fake?.close();
});

describe('GIVEN a token Discord rejects', () => {
  it('THEN startDiscord fails after the one /gateway/bot call, opens no gateway connection, and logs no token', async () => {
    const badToken = 'AAAAAAAAAAAAAAAAAAAA.BBBBBB.CCCCCCCCCCCCCCCCCCCCCCCCCCC';
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    const engine = await realEngine();
    const start = startDiscord({
      engine,
      logger,
      config: { token: badToken, applicationId: fake.world.applicationId, apiUrl: fake.apiUrl },
      readyTimeoutMs: 5_000,
    });
    const error: unknown = await start.then(
      () => new Error('startDiscord should have failed'),
      (failure: unknown) => failure,
    );
    expect(String(error)).toMatch(/token/i);
    expect(String(error)).not.toContain(badToken);
    expect(fake.rest.calls.entries.map((call) => [call.path, call.status, call.authorization])).toEqual([['/gateway/bot', 401, 'wrong']]);
    expect(fake.gateway.connections.size).toBe(0);
    expect(lines.join('\n')).not.toContain(badToken);
  });
});
