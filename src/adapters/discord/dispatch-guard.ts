// discord.js turns each gateway dispatch into objects (an Interaction, a Message) inside the
// WebSocket's message handler. A dispatch missing a field it assumes — an INTERACTION_CREATE
// without `data`, or without both `user` and `member`, or with `d: null` — makes that constructor
// throw, the throw surfaces as an unhandled promise rejection from @discordjs/ws, and Node ends the
// process on an unhandled rejection. One malformed event must not take the bot down, so the
// client's packet handler is wrapped: a dispatch that cannot be parsed is logged and skipped, and
// the next one is handled as usual (the session's sequence number is already recorded by then).
import type { Client } from 'discord.js';
import type { Logger } from '../../logger.js';

type PacketHandler = (this: unknown, packet?: unknown, shard?: unknown) => boolean;

function eventName(packet: unknown): unknown {
  return typeof packet === 'object' && packet !== null ? (packet as { t?: unknown }).t : undefined;
}

/** Returns false (and says so) if this discord.js has no handler to wrap; the bot still runs. */
export function guardDispatches(client: Client, logger: Logger): boolean {
  // handlePacket is private in discord.js's typings but has had this shape throughout v14; the
  // guard checks it rather than assuming, so an upgrade that changes it is visible in the log.
  const manager = client.ws as unknown as { handlePacket?: PacketHandler };
  const original = manager.handlePacket;
  if (typeof original !== 'function') {
    logger.warn('discord.dispatch_guard_unavailable');
    return false;
  }
  manager.handlePacket = function guardedHandlePacket(this: unknown, packet?: unknown, shard?: unknown): boolean {
    try {
      return original.call(this, packet, shard);
    } catch (error) {
      logger.warn({ err: error, event: eventName(packet) }, 'discord.malformed_dispatch_ignored');
      return true;
    }
  };
  return true;
}
