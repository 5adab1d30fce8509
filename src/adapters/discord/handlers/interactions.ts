// One entry point for every interaction, and the adapter's error boundary for them: whatever a
// command or button does, the person gets exactly one reply — the answer, or an ephemeral "something
// went wrong" — and the failure is logged with enough context to find it. Discord shows "This
// interaction failed" for any interaction left unanswered for 3 seconds, so every repliable kind is
// answered, including ones this bot never offers (context-menu commands, select menus, modals).
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOptionResolver,
  Interaction,
  RepliableInteraction,
} from 'discord.js';
import type { Engine } from '../../../engine/engine.js';
import type { Logger } from '../../../logger.js';
import type { RateLimiter } from '../../../rate-limit.js';
import type { StringOptions } from '../commands/command.js';
import type { SlashCommand } from '../commands/index.js';
import { parseButtonId } from '../custom-ids.js';
import type { FirstSeen } from '../first-seen.js';
import { MESSAGES } from '../messages.js';
import { admitQuestion } from '../rate-gate.js';
import { questionsShownIn, renderAnswer, renderNotice, type RenderedMessage } from '../render.js';
import { interactionReply } from './reply-options.js';

export interface InteractionDeps {
  engine: Engine;
  logger: Logger;
  commands: ReadonlyMap<string, SlashCommand>;
  seen: FirstSeen;
  /** Absent: nobody is limited. */
  limiter?: RateLimiter | undefined;
}

export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    if (!deps.seen.first(interaction.id)) {
      deps.logger.warn({ interaction: interaction.id }, 'discord.duplicate_interaction_ignored');
      return;
    }
    if (interaction.isAutocomplete()) return answerAutocomplete(interaction, deps);
    if (interaction.isChatInputCommand()) return replyOnce(interaction, deps, () => runCommand(interaction, deps));
    if (interaction.isButton()) return replyOnce(interaction, deps, () => runButton(interaction, deps));
    if (interaction.isRepliable()) return replyOnce(interaction, deps, () => refuseUnsupported(interaction, deps));
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

async function replyOnce(interaction: RepliableInteraction, deps: InteractionDeps, produce: () => RenderedMessage): Promise<void> {
  let message: RenderedMessage;
  try {
    message = produce();
  } catch (error) {
    deps.logger.error({ err: error, ...context(interaction) }, 'discord.handler_failed');
    message = renderNotice(MESSAGES.somethingWentWrong, { ephemeral: true });
  }
  // A failed reply is logged, never retried by hand: discord.js already retried it, and a second
  // attempt could post the answer twice if the first one actually landed.
  try {
    await interaction.reply(interactionReply(message));
  } catch (error) {
    deps.logger.error({ err: error, ...context(interaction) }, 'discord.reply_failed');
  }
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

/**
 * Interactions must be answered, so a refusal is always an ephemeral notice — only the person sees
 * it, so repeating it on every attempt floods nobody — and null means "go ahead".
 */
function rateRefusal(interaction: Interaction, deps: InteractionDeps, path: string): RenderedMessage | null {
  const admission = admitQuestion(deps.limiter, deps.logger, { userId: interaction.user.id, path });
  return admission.kind === 'allow' ? null : renderNotice(admission.notice, { ephemeral: true });
}

function runCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): RenderedMessage {
  const command = deps.commands.get(interaction.commandName);
  if (!command) {
    deps.logger.warn(context(interaction), 'discord.unknown_command');
    return renderNotice(MESSAGES.unknownCommand, { ephemeral: true });
  }
  return rateRefusal(interaction, deps, `/${interaction.commandName}`) ?? command.execute(stringOptions(interaction.options), deps.engine);
}

function runButton(interaction: ButtonInteraction, deps: InteractionDeps): RenderedMessage {
  const action = parseButtonId(interaction.customId);
  if (action === null) {
    deps.logger.warn(context(interaction), 'discord.unknown_button');
    return renderNotice(MESSAGES.unknownButton, { ephemeral: true });
  }
  if (action.kind === 'ask') {
    const refusal = rateRefusal(interaction, deps, 'ask-button');
    if (refusal !== null) return refusal;
    const answer = deps.engine.answer(action.question);
    if (answer.entry !== action.entry) {
      deps.logger.warn({ ...context(interaction), expected: action.entry, matched: answer.entry }, 'discord.button_matched_other_entry');
    }
    return renderAnswer(answer);
  }
  const { matched, asked } = questionsShownIn(interaction.message.embeds[0]?.data);
  deps.logger.info(
    { ...context(interaction), entry: action.entry, helpful: action.helpful, question: asked, matchedQuestion: matched },
    'discord.feedback',
  );
  return renderNotice(action.helpful ? MESSAGES.feedbackThanks.helpful : MESSAGES.feedbackThanks.notHelpful, { ephemeral: true });
}

/** Context-menu commands, select menus and modals: this bot offers none, so none is current. */
function refuseUnsupported(interaction: RepliableInteraction, deps: InteractionDeps): RenderedMessage {
  deps.logger.warn({ ...context(interaction), type: interaction.type }, 'discord.unsupported_interaction');
  return renderNotice(interaction.isCommand() ? MESSAGES.unknownCommand : MESSAGES.unsupportedInteraction, { ephemeral: true });
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
