import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord.js';
import { parseDiscordConfig, registerCommands, type DiscordConfig } from '../../src/adapters/discord/index.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

let fake: FakeDiscord;
let config: DiscordConfig;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const parsed = parseDiscordConfig(fake.env());
  if (parsed === null) throw new Error('no config');
  config = parsed;
});

afterAll(async () => {
  await fake?.close();
});

describe('GIVEN registerCommands', () => {
  it('WHEN run twice for a guild THEN both are PUT bulk overwrites of the same set and ids stay the same', async () => {
    const guildId = fake.world.guildId;
    const first = await registerCommands({ config, guildId });
    const second = await registerCommands({ config, guildId });

    const puts = fake.rest.calls.filter((call) => call.path === `/applications/${config.applicationId}/guilds/${guildId}/commands`);
    expect(puts.map((call) => [call.method, call.status, call.authorization])).toEqual([
      ['PUT', 200, 'bot-token'],
      ['PUT', 200, 'bot-token'],
    ]);
    expect(puts[1]?.body).toEqual(puts[0]?.body);
    expect(second).toEqual(first);
    expect(first.map((command) => command.name).sort()).toEqual(['ask', 'timeline']);
    expect(fake.rest.commands.get(guildId)).toHaveLength(2);
    expect(fake.rest.calls.filter((call) => call.method !== 'PUT')).toHaveLength(0);
  });

  it('THEN /ask has a required autocompleting string "question" and /timeline optional strings topic, from, to', async () => {
    await registerCommands({ config });
    const registered = fake.rest.commands.get('global') ?? [];
    const byName = new Map(registered.map((command) => [command.name, command]));
    expect(byName.get('ask')?.options).toEqual([
      expect.objectContaining({ name: 'question', type: ApplicationCommandOptionType.String, required: true, autocomplete: true }),
    ]);
    const timelineOptions = byName.get('timeline')?.options as { name: string; type: number; required?: boolean }[];
    expect(timelineOptions.map((option) => [option.name, option.type, option.required ?? false])).toEqual([
      ['topic', ApplicationCommandOptionType.String, false],
      ['from', ApplicationCommandOptionType.String, false],
      ['to', ApplicationCommandOptionType.String, false],
    ]);
  });

  it('WHEN the guild id is not a snowflake THEN it refuses before calling Discord', async () => {
    const before = fake.rest.calls.size;
    await expect(registerCommands({ config, guildId: 'my-server' })).rejects.toThrow(/Copy Server ID/);
    expect(fake.rest.calls.size).toBe(before);
  });
});
