// The command set, validated when the module loads: a broken definition stops start-up and
// registration with a message naming the command, instead of being skipped silently.
import { ApplicationCommandOptionType } from 'discord.js';
import type { SlashCommand } from './command.js';
import { ask } from './ask.js';
import { timeline } from './timeline.js';

export type { SlashCommand } from './command.js';

export class CommandDefinitionError extends Error {
  constructor(command: string, problem: string) {
    super(`Slash command "/${command}" is invalid: ${problem}`);
    this.name = 'CommandDefinitionError';
  }
}

const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

export function validateCommands(commands: readonly SlashCommand[]): ReadonlyMap<string, SlashCommand> {
  const byName = new Map<string, SlashCommand>();
  for (const command of commands) {
    const { name, description } = command.data;
    if (!NAME.test(name)) throw new CommandDefinitionError(name, 'the name must be 1–32 lowercase letters, digits, - or _');
    if (byName.has(name)) throw new CommandDefinitionError(name, 'two commands share this name');
    if (description.length < 1 || description.length > 100) {
      throw new CommandDefinitionError(name, 'the description must be 1–100 characters');
    }
    const options = command.data.options ?? [];
    if (options.length > 25) throw new CommandDefinitionError(name, 'more than 25 options');
    let seenOptional = false;
    const optionNames = new Set<string>();
    for (const option of options) {
      if (!NAME.test(option.name)) throw new CommandDefinitionError(name, `option "${option.name}" has an invalid name`);
      if (optionNames.has(option.name)) throw new CommandDefinitionError(name, `option "${option.name}" appears twice`);
      optionNames.add(option.name);
      const required = 'required' in option && option.required === true;
      if (required && seenOptional) {
        throw new CommandDefinitionError(name, `required option "${option.name}" comes after an optional one`);
      }
      if (!required) seenOptional = true;
      const autocompletes =
        option.type === ApplicationCommandOptionType.String && 'autocomplete' in option && option.autocomplete === true;
      if (autocompletes && command.autocomplete === undefined) {
        throw new CommandDefinitionError(name, `option "${option.name}" autocompletes but the command has no autocomplete handler`);
      }
    }
    byName.set(name, command);
  }
  return byName;
}

export const COMMANDS: ReadonlyMap<string, SlashCommand> = validateCommands([ask, timeline]);

/** The JSON bodies to bulk-overwrite with, in a stable order. */
export function commandDefinitions(): SlashCommand['data'][] {
  return [...COMMANDS.values()].map((command) => command.data);
}
