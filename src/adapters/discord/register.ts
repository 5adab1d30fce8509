// Slash-command registration, run on demand (`footnote discord register [--guild ID]`), never on
// start: a PUT replaces the whole set, so running it again changes nothing and stale commands go.
import { REST, Routes } from 'discord.js';
import { z } from 'zod';
import { commandDefinitions } from './commands/index.js';
import type { DiscordConfig } from './config.js';

export interface RegisterOptions {
  config: DiscordConfig;
  /** Register in one guild (appears at once; handy while developing) instead of globally. */
  guildId?: string;
}

export interface RegisteredCommand {
  id: string;
  name: string;
}

const registeredSchema = z.array(z.object({ id: z.string(), name: z.string() }).loose());

export async function registerCommands({ config, guildId }: RegisterOptions): Promise<RegisteredCommand[]> {
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    throw new Error(
      `--guild must be a numeric server id (got "${guildId}"). In Discord: User Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID.`,
    );
  }
  const rest = new REST(config.apiUrl === null ? {} : { api: config.apiUrl }).setToken(config.token);
  const route =
    guildId === undefined
      ? Routes.applicationCommands(config.applicationId)
      : Routes.applicationGuildCommands(config.applicationId, guildId);
  const response = await rest.put(route, { body: commandDefinitions() });
  const parsed = registeredSchema.safeParse(response);
  if (!parsed.success) throw new Error('Discord answered the command registration with something unexpected');
  return parsed.data.map(({ id, name }) => ({ id, name }));
}
