// What a slash command file exports. Commands turn already-parsed options into a rendered message;
// sending it (exactly once) and catching errors is the interaction handler's job, so a command
// cannot forget the error boundary or reply twice.
import type { ApplicationCommandOptionChoiceData, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Engine } from '../../../engine/engine.js';
import type { RenderedMessage } from '../render.js';

/** The slice of discord.js's option resolver a command reads; unit tests pass a plain object. */
export interface StringOptions {
  getString(name: string, required?: boolean): string | null;
}

export interface FocusedOption {
  name: string;
  value: string;
}

export interface SlashCommand {
  /** Exactly what gets registered with Discord. */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(options: StringOptions, engine: Engine): RenderedMessage;
  /** Required when any option has autocomplete on; must not throw on any input. */
  autocomplete?(focused: FocusedOption, engine: Engine): ApplicationCommandOptionChoiceData<string>[];
}
