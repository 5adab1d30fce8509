// Mentions in guild channels and threads, replies to the bot's messages, and DMs. Without the
// privileged Message Content intent Discord still fills in `content` for exactly these messages — a
// reply pings the bot by default, which puts it in `mentions` — so nothing else is looked at.
import type { Message, User } from 'discord.js';
import type { Conversation } from '../../../conversation/conversation.js';
import type { Logger } from '../../../logger.js';
import { renderReply } from '../render.js';
import { discordUserKey } from './interactions.js';
import { messageReply } from './reply-options.js';

export interface MessageDeps {
  conversation: Conversation;
  logger: Logger;
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

/**
 * The conversation a message continues: the bot's message it replies to (the thread of a reply
 * chain), else the DM, else this person in this channel or thread.
 */
export function conversationOf(message: Pick<Message, 'reference' | 'channelId' | 'author'> & { inGuild(): boolean }): string {
  const repliedTo = message.reference?.messageId;
  if (repliedTo !== undefined) return `discord:message:${repliedTo}`;
  return message.inGuild() ? `discord:channel:${message.channelId}:${message.author.id}` : `discord:dm:${message.channelId}`;
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

    await deps.conversation.respond(
      {
        platform: 'discord',
        user: discordUserKey(author.id),
        deliveryKeys: [`discord:delivery:${message.id}`],
        conversation: conversationOf(message),
        path: message.inGuild() ? 'mention' : 'dm',
        request: { kind: 'question', text: questionFromMention(message.content, botUserId), via: 'message' },
      },
      async (reply) => {
        if (reply.kind === 'nothing') return undefined;
        // A channel message cannot be ephemeral: a notice is one public reply, then silence until the limit eases.
        const sent = await message.reply(messageReply(renderReply(reply)));
        return { conversation: `discord:message:${sent.id}` };
      },
      // discord.js already retried the send; the same outage would swallow an apology too.
      { apologiseAfterFailedSend: false },
    );
  };
}
