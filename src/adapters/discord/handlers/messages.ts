// Mentions in guild channels and threads, and DMs. Without the privileged Message Content intent
// Discord still fills in `content` for exactly these messages, so nothing else is looked at.
import type { Message, User } from 'discord.js';
import type { Engine } from '../../../engine/engine.js';
import type { Logger } from '../../../logger.js';
import type { RateLimiter } from '../../../rate-limit.js';
import type { FirstSeen } from '../first-seen.js';
import { MESSAGES } from '../messages.js';
import { admitQuestion } from '../rate-gate.js';
import { renderAnswer, renderNotice, type RenderedMessage } from '../render.js';
import { messageReply } from './reply-options.js';

export interface MessageDeps {
  engine: Engine;
  logger: Logger;
  seen: FirstSeen;
  /** Absent: nobody is limited. */
  limiter?: RateLimiter | undefined;
}

/** The question without the bot's own mention(s) and the punctuation people put after a name. */
export function questionFromMention(content: string, botUserId: string): string {
  return content
    .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
    .replace(/^[\s,:;.!-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function isAddressedToBot(message: Message, botUserId: string): boolean {
  if (!message.inGuild()) return true;
  // users.has, not mentions.has: the latter also counts @everyone and role mentions.
  return message.mentions.users.has(botUserId);
}

export function createMessageHandler(deps: MessageDeps): (message: Message) => Promise<void> {
  return async (message) => {
    // discord.js leaves these unset when a MESSAGE_CREATE lacks them. With no author there is nobody
    // to answer (or to tell apart from a bot), with no content no question to read, and with no
    // channel nowhere to reply.
    const author = message.author as User | null;
    const channelId = message.channelId as string | undefined;
    if (author === null || typeof message.content !== 'string' || typeof channelId !== 'string' || channelId === '') {
      deps.logger.warn({ message: message.id, channel: message.channelId, author: author?.id ?? null }, 'discord.malformed_message_ignored');
      return;
    }
    // Other bots included: two bots answering each other's mentions never stop.
    if (author.bot || message.system || message.webhookId !== null) return;
    const botUserId = message.client.user.id;
    if (author.id === botUserId || !isAddressedToBot(message, botUserId)) return;
    if (!deps.seen.first(message.id)) return;

    const where = { message: message.id, channel: message.channelId, guild: message.guildId, user: author.id };
    let reply: RenderedMessage;
    const admission = admitQuestion(deps.limiter, deps.logger, { userId: author.id, path: message.inGuild() ? 'mention' : 'dm' });
    if (admission.kind === 'drop') return;
    if (admission.kind === 'notify') {
      // A channel message cannot be ephemeral: one public notice, then silence until the limit eases.
      reply = renderNotice(admission.notice, { ephemeral: false });
    } else {
      try {
        const question = questionFromMention(message.content, botUserId);
        reply = renderAnswer(question === '' ? deps.engine.help() : deps.engine.answer(question));
      } catch (error) {
        deps.logger.error({ err: error, ...where }, 'discord.handler_failed');
        reply = renderNotice(MESSAGES.somethingWentWrong, { ephemeral: false });
      }
    }
    try {
      await message.reply(messageReply(reply));
    } catch (error) {
      deps.logger.error({ err: error, ...where }, 'discord.reply_failed');
    }
  };
}
