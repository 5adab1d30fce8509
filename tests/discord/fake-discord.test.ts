// The fake itself, driven by discord.js's own REST client: the routes the bot does not use today
// (webhook edits of @original, follow-ups, multipart) and the failure modes behave like Discord's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST, Routes } from 'discord.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

let fake: FakeDiscord;
let rest: REST;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
});

afterAll(async () => {
  await fake?.close();
});

describe('GIVEN the fake Discord REST server', () => {
  it('THEN webhook edits of @original (percent-encoded by discord.js) and follow-ups are recorded decoded', async () => {
    const { id, token } = fake.prepareInteraction();
    await rest.post(Routes.interactionCallback(id, token), { body: { type: 5 }, auth: false });
    await rest.patch(Routes.webhookMessage(fake.world.applicationId, token, '@original'), { body: { content: 'edited' }, auth: false });
    await rest.post(Routes.webhook(fake.world.applicationId, token), { body: { content: 'follow-up' }, auth: false });

    const edit = await fake.waitForCall((call) => call.method === 'PATCH');
    expect(edit.rawPath).toContain('%40original');
    expect(edit.path).toBe(`/webhooks/${fake.world.applicationId}/${token}/messages/@original`);
    expect(edit.body).toEqual({ content: 'edited' });
    expect((await fake.waitForCall((call) => call.method === 'POST' && call.path.startsWith('/webhooks/'))).body).toEqual({ content: 'follow-up' });
  });

  it('THEN a second callback for one interaction is refused like Discord does (40060)', async () => {
    const { id, token } = fake.prepareInteraction();
    await rest.post(Routes.interactionCallback(id, token), { body: { type: 4, data: { content: 'a' } }, auth: false });
    await expect(rest.post(Routes.interactionCallback(id, token), { body: { type: 4, data: { content: 'b' } }, auth: false })).rejects.toMatchObject({
      code: 40060,
    });
  });

  it('THEN multipart bodies are parsed: payload_json and the files', async () => {
    await rest.post(Routes.channelMessages(fake.world.channelId), {
      body: { content: 'with a file' },
      files: [{ name: 'notes.txt', data: Buffer.from('hello') }],
    });
    const call = await fake.waitForCall((entry) => entry.multipart);
    expect(call.body).toMatchObject({ content: 'with a file', files: [{ field: 'files[0]', filename: 'notes.txt', size: 5 }] });
  });

  it('THEN injected failures answer 500, then 429 with retry headers, then recover', async () => {
    const path = new RegExp(`^/channels/${fake.world.channelId}/messages$`);
    fake.rest.failNext({ method: 'POST', path }, 1, { kind: 'status', status: 500 });
    await expect(rest.post(Routes.channelMessages(fake.world.channelId), { body: { content: 'x' } })).rejects.toMatchObject({ status: 500 });

    fake.rest.failNext({ method: 'POST', path }, 1, { kind: 'rate-limit', retryAfterSeconds: 0.02 });
    const from = fake.rest.calls.size;
    await rest.post(Routes.channelMessages(fake.world.channelId), { body: { content: 'y' } });
    expect(fake.rest.calls.filter((call) => call.method === 'POST', from).map((call) => call.status)).toEqual([429, 200]);
  });

  it('THEN a hung call never answers, so the client times out on its own', async () => {
    const impatient = new REST({ api: fake.apiUrl, retries: 0, timeout: 150 }).setToken(fake.token);
    fake.rest.failNext({ method: 'GET', path: /^\/users\/@me$/ }, 1, { kind: 'hang' });
    await expect(impatient.get(Routes.user('@me'))).rejects.toThrow(/abort/i);
    const hung = await fake.waitForCall((call) => call.injected === 'hang');
    expect(hung.status).toBe(0);
  });

  it('THEN calls without the bot token are refused with 401', async () => {
    const anonymous = new REST({ api: fake.apiUrl, retries: 0 }).setToken('not.the.token');
    await expect(anonymous.get(Routes.gatewayBot())).rejects.toMatchObject({ status: 401 });
  });
});
