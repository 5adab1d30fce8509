// The first step of every slash command: acknowledge it within Slack's 3 seconds, and decide
// whether it gets answered. A command without a user or a response_url cannot be attributed or
// answered later, so it is acknowledged and logged; past the rate limit the first refusal is the
// acknowledgement itself, an ephemeral notice (no extra call, no response_url needed), and later
// ones are acknowledged silently.
import type { AckFn, RespondArguments, SlashCommand } from '@slack/bolt';
import { decodeEntities } from '../mrkdwn.js';
import { text } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import type { SlackMessage } from '../render.js';
import type { ListenerDeps } from './listener-deps.js';

export interface AdmittedCommand {
  user: string;
  /** What was typed after the command, entities decoded and trimmed ('' when nothing). */
  text: string;
}

export function ephemeralAck(message: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

export async function admitCommand(
  { logger, limiter }: ListenerDeps,
  args: { command: SlashCommand; ack: AckFn<string | RespondArguments>; teamId: string | undefined },
): Promise<AdmittedCommand | null> {
  const { command, ack } = args;
  const name = text(command.command) ?? '(none)';
  const user = text(command.user_id);
  if (user === undefined || text(command.response_url) === undefined) {
    await ack();
    logger.warn(
      { evt: 'slack.command.malformed', command: name, missing: [user === undefined ? 'user_id' : null, text(command.response_url) === undefined ? 'response_url' : null].filter(Boolean) },
      'slash command without the fields to answer it ignored',
    );
    return null;
  }
  const admission = admitQuestion(limiter, logger, { teamId: args.teamId, userId: user, path: name });
  if (admission.kind === 'notify') {
    await ack(ephemeralAck(admission.notice));
    return null;
  }
  await ack();
  if (admission.kind === 'drop') return null;
  const typed: unknown = command.text;
  return { user, text: typeof typed === 'string' ? decodeEntities(typed).trim() : '' };
}
