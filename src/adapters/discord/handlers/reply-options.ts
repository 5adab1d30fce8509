import { MessageFlags } from 'discord.js';
import type { InteractionReplyOptions, MessageReplyOptions } from 'discord.js';
import type { RenderedMessage } from '../render.js';

export function interactionReply(message: RenderedMessage): InteractionReplyOptions {
  const options: InteractionReplyOptions = {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: message.allowedMentions,
  };
  if (message.content !== undefined) options.content = message.content;
  if (message.ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

export function messageReply(message: RenderedMessage): MessageReplyOptions {
  const options: MessageReplyOptions = {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: message.allowedMentions,
  };
  if (message.content !== undefined) options.content = message.content;
  return options;
}
