export { parseDiscordConfig, DiscordConfigError, type DiscordConfig, type DiscordEnv } from './config.js';
export { startDiscord, type DiscordStartOptions } from './start.js';
export { registerCommands, type RegisterOptions, type RegisteredCommand } from './register.js';
export { GATEWAY_INTENTS } from './client.js';
