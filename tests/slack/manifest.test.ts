// The manifest people paste into Slack must ask for exactly what the adapter listens to.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const manifestPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../slack/manifest.yaml');

const manifestSchema = z.object({
  features: z.object({
    app_home: z.object({ messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string() }),
    slash_commands: z.array(z.object({ command: z.string(), description: z.string(), should_escape: z.boolean() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean() }),
    socket_mode_enabled: z.boolean(),
  }),
});

describe('GIVEN slack/manifest.yaml', () => {
  it('THEN it declares the bot user, scopes, events, commands, interactivity and Socket Mode the adapter needs', async () => {
    const manifest = manifestSchema.parse(parse(await readFile(manifestPath, 'utf8')));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:read', 'im:write'].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/ask', '/timeline']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home).toEqual({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });
});
