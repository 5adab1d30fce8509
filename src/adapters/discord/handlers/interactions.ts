// One entry point for every interaction. Commands and buttons go to the conversation layer (dedupe,
// rate limit, answer, log line, apology) and their reply is sent here, exactly once: Discord shows
// "This interaction failed" for any interaction left unanswered for 3 seconds, so every repliable
// kind is answered, including ones this bot never offers (context-menu commands, select menus, modals).
import type {
  AutocompleteInteraction,
  CommandInteractionOptionResolver,
  Interaction,
  RepliableInteraction,
} from 'discord.js';
import type { Conversation } from '../../../conversation/conversation.js';
import type { Request } from '../../../conversation/types.js';
import type { Engine } from '../../../engine/engine.js';
import type { Logger } from '../../../logger.js';
import type { StringOptions } from '../commands/command.js';
import type { SlashCommand } from '../commands/index.js';
import { MESSAGES } from '../messages.js';
import { renderNotice, renderReply, type RenderedMessage } from '../render.js';
import { interactionReply } from './reply-options.js';

export interface InteractionDeps {
  conversation: Conversation;
  /** For autocomplete, which asks the engine directly: a keystroke is no question. */
  engine: Pick<Engine, 'suggest'>;
  logger: Logger;
  commands: ReadonlyMap<string, SlashCommand>;
}

/** Discord user ids are global, so the id alone names the person everywhere (guilds and DMs). */
export const discordUserKey = (userId: string): string => `discord:${userId}`;
const deliveryKey = (interaction: Interaction): string => `discord:interaction:${interaction.id}`;

export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    if (interaction.isChatInputCommand()) {
      const command = deps.commands.get(interaction.commandName);
      if (command !== undefined) return ask(interaction, deps, `/${interaction.commandName}`, command.request(stringOptions(interaction.options)));
    }
    if (interaction.isButton()) return ask(interaction, deps, 'button', { kind: 'button', payload: interaction.customId });
    // What is left asks no question; it must still be handled once however often it arrives.
    if (!deps.conversation.firstDelivery([deliveryKey(interaction)])) {
      deps.logger.info({ evt: 'delivery.duplicate', platform: 'discord', keys: [deliveryKey(interaction)] }, 'repeated delivery ignored');
      return;
    }
    if (interaction.isAutocomplete()) return answerAutocomplete(interaction, deps);
    if (interaction.isRepliable()) return refuse(interaction, deps);
    // Every kind discord.js builds today is handled above; a future one is logged, not guessed at.
    const other = interaction as Interaction;
    deps.logger.debug({ interaction: other.id, type: other.type }, 'discord.interaction_not_handled');
  };
}

function context(interaction: Interaction): Record<string, string | null> {
  return {
    interaction: interaction.id,
    user: interaction.user.id,
    guild: interaction.guildId,
    channel: interaction.channelId,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : null,
    customId: interaction.isMessageComponent() ? interaction.customId : null,
  };
}

/**
 * A command or a click, answered by the conversation layer and replied to directly (callback type
 * 4: the answer is ready at once, and a deferred reply would cost a second REST call). The reply's
 * message is where a follow-up (a reply to it) will point.
 */
async function ask(interaction: RepliableInteraction, deps: InteractionDeps, path: string, request: Request): Promise<void> {
  await deps.conversation.respond(
    { platform: 'discord', user: discordUserKey(interaction.user.id), deliveryKeys: [deliveryKey(interaction)], path, mustReply: true, request },
    async (reply) => {
      if (reply.kind === 'nothing') return undefined;
      const message = renderReply(reply);
      const response = await interaction.reply({ ...interactionReply(message), withResponse: true });
      const sent = response.resource?.message?.id;
      return message.ephemeral || sent === undefined ? undefined : { conversation: `discord:message:${sent}` };
    },
    // discord.js already retried the reply, and an interaction takes one: a second attempt could
    // post twice if the first landed after all.
    { apologiseAfterFailedSend: false },
  );
}

/**
 * Options as commands read them: a string option's value, or null when it is absent or arrived as
 * another type. discord.js's own getString throws on a type mismatch, which would turn a stale
 * command definition or a forged payload into "something went wrong" instead of a usage hint.
 */
export function stringOptions(resolver: Pick<CommandInteractionOptionResolver, 'get'>): StringOptions {
  return {
    getString(name) {
      const value = resolver.get(name)?.value;
      return typeof value === 'string' ? value : null;
    },
  };
}

/** Unknown commands, context-menu commands, select menus and modals: this bot offers none, so none is current. */
async function refuse(interaction: RepliableInteraction, deps: InteractionDeps): Promise<void> {
  deps.logger.warn({ ...context(interaction), type: interaction.type }, interaction.isCommand() ? 'discord.unknown_command' : 'discord.unsupported_interaction');
  const message: RenderedMessage = renderNotice(interaction.isCommand() ? MESSAGES.unknownCommand : MESSAGES.unsupportedInteraction, { ephemeral: true });
  try {
    await interaction.reply(interactionReply(message));
  } catch (error) {
    deps.logger.error({ err: error, ...context(interaction) }, 'discord.reply_failed');
  }
}

// Autocomplete has its own boundary: its only possible reply is a list, so on any failure the
// person gets an empty list rather than Discord's "loading options failed".
async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  let choices: ReturnType<NonNullable<SlashCommand['autocomplete']>> = [];
  try {
    const command = deps.commands.get(interaction.commandName);
    const focused = interaction.options.getFocused(true);
    if (command?.autocomplete) choices = command.autocomplete({ name: focused.name, value: String(focused.value) }, deps.engine);
  } catch (error) {
    deps.logger.error({ err: error, ...context(interaction) }, 'discord.autocomplete_failed');
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    deps.logger.error({ err: error, ...context(interaction) }, 'discord.autocomplete_reply_failed');
  }
}
