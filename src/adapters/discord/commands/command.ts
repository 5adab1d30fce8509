// What a slash command file exports. A command turns already-parsed options into a request for the
// conversation layer; answering it, rendering the reply, sending it (exactly once) and catching
// errors happen in one place for all of them, so a command cannot forget the rate limit, the error
// boundary or the log line.
import type { ApplicationCommandOptionChoiceData, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Request } from '../../../conversation/types.js';
import type { Engine } from '../../../engine/engine.js';

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
  request(options: StringOptions): Request;
  /** Required when any option has autocomplete on; must not throw on any input. */
  autocomplete?(focused: FocusedOption, engine: Pick<Engine, 'suggest'>): ApplicationCommandOptionChoiceData<string>[];
}
