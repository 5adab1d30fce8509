import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Request } from '../../../conversation/types.js';
import type { Engine } from '../../../engine/engine.js';
import { plainText, truncate } from '../render-text.js';
import type { FocusedOption, SlashCommand, StringOptions } from './command.js';

/** Discord's caps on autocomplete: 25 choices, names and string values of at most 100 characters. */
const MAX_CHOICES = 25;
const CHOICE_MAX = 100;
/** Longer partial input cannot match a known question better; it only costs matching time. */
const PARTIAL_MAX = 200;

const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer cites its sources')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('What do you want to know? Suggestions appear as you type')
      .setRequired(true)
      .setAutocomplete(true)
      .setMaxLength(500),
  )
  .toJSON();

function request(options: StringOptions): Request {
  // Discord enforces the required option, but an out-of-date command definition or a forged payload
  // can still arrive without it (or blank): that gets a usage hint, not an answer to nothing.
  return { kind: 'question', text: options.getString('question')?.trim() ?? '', via: 'command' };
}

function autocomplete(focused: FocusedOption, engine: Pick<Engine, 'suggest'>): ApplicationCommandOptionChoiceData<string>[] {
  if (focused.name !== 'question') return [];
  const partial = focused.value.slice(0, PARTIAL_MAX);
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  const values = new Set<string>();
  for (const suggestion of engine.suggest(partial, MAX_CHOICES)) {
    // The value is sent back as the question, so it is cut without an ellipsis the matcher would see.
    const value = suggestion.question.slice(0, CHOICE_MAX);
    const name = truncate(plainText(suggestion.question), CHOICE_MAX);
    if (value.trim() === '' || name === '' || values.has(value)) continue;
    values.add(value);
    choices.push({ name, value });
    if (choices.length === MAX_CHOICES) break;
  }
  return choices;
}

export const ask = { data, request, autocomplete } satisfies SlashCommand;
