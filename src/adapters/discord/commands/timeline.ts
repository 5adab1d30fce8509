import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Request } from '../../../conversation/types.js';
import type { TimelineQuery } from '../../../engine/types.js';
import type { SlashCommand, StringOptions } from './command.js';

const DATE_FORMS = 'YYYY, YYYY-MM or YYYY-MM-DD';

const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('A dated, cited chronology, optionally for one topic and date range')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((option) =>
    option.setName('topic').setDescription('A company, product, project or event, e.g. amazon or the memo').setMaxLength(100),
  )
  .addStringOption((option) => option.setName('from').setDescription(`Start: a date (${DATE_FORMS}) or an event, e.g. the memo`).setMaxLength(60))
  .addStringOption((option) => option.setName('to').setDescription(`End: a date (${DATE_FORMS}) or an event`).setMaxLength(60))
  .toJSON();

function optional(options: StringOptions, name: string): string | undefined {
  const value = options.getString(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function request(options: StringOptions): Request {
  const query: TimelineQuery = {};
  const topic = optional(options, 'topic');
  const from = optional(options, 'from');
  const to = optional(options, 'to');
  if (topic !== undefined) query.topic = topic;
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  return { kind: 'timeline', query };
}

export const timeline = { data, request } satisfies SlashCommand;
