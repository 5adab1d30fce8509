// The first step of every slash command: acknowledge it within Slack's 3 seconds, and decide
// whether it gets answered. A command without a user or a response_url cannot be attributed or
// answered later, so it is acknowledged and logged; past the rate limit the first refusal is the
// acknowledgement itself, an ephemeral notice (no extra call, no response_url needed), and later
// ones are acknowledged silently.
import type { AckFn, App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { withErrorBoundary } from '../error-boundary.js';
import { MESSAGES } from '../messages.js';
import { decodeEntities } from '../mrkdwn.js';
import { text } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import { renderNotice, type SlackMessage } from '../render.js';
import { respondWith } from '../replies.js';
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

/**
 * Registers a slash command that is admitted (see above), then answered through its response_url
 * by `answer`; if that fails, the asker alone is told something went wrong.
 */
export function registerAnsweredCommand(
  app: App,
  deps: ListenerDeps,
  name: string,
  answer: (admitted: AdmittedCommand, respond: RespondFn) => Promise<void>,
): void {
  app.command(name, async ({ command, ack, respond, context }) => {
    const admitted = await admitCommand(deps, { command, ack, teamId: context.teamId });
    if (admitted === null) return;
    await withErrorBoundary(
      deps.logger,
      { listener: name, channel: command.channel_id, user: admitted.user },
      () => answer(admitted, respond),
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
