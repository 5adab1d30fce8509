import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import type { DiscordConfig } from './config.js';

/**
 * Guilds for the channel cache replies need, GuildMessages and DirectMessages for mentions and DMs.
 * MessageContent is deliberately absent: Discord delivers the content of messages that mention the
 * bot and of DMs without it, and those are the only messages this bot reads.
 */
export const GATEWAY_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: GATEWAY_INTENTS,
    // DM channels are never in the cache (no CHANNEL_CREATE for DMs); without this partial
    // discord.js drops every DM before it reaches messageCreate.
    partials: [Partials.Channel],
    // Belt and braces: every message sets allowedMentions itself; this covers any that forgets.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.apiUrl === null ? {} : { rest: { api: config.apiUrl } }),
  };
}

export function createClient(config: DiscordConfig): Client {
  return new Client(clientOptions(config));
}
