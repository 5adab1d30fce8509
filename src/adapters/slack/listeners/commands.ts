// What every slash command shares: Slack wants an ack within 3 seconds, and a command without a user
// or a response_url cannot be attributed or answered later, so it is acknowledged and logged. The
// rest goes to the conversation layer; past the rate limit, the first refusal is the ack itself (an
// ephemeral notice, no extra call) and later ones a bare ack.
import type { AckFn, AllMiddlewareArgs, App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { Delivered, Request, SentReply } from '../../../conversation/types.js';
import { slackUserKey, text } from '../inbound.js';
import { decodeEntities } from '../mrkdwn.js';
import { renderReply, type SlackMessage } from '../render.js';
import { respondWith } from '../replies.js';
import type { ListenerDeps } from './listener-deps.js';

export interface CommandCall {
  user: string;
  /** What was typed after the command, entities decoded and trimmed ('' when nothing). */
  text: string;
  channel: string | undefined;
  teamId: string | undefined;
  respond: RespondFn;
  client: AllMiddlewareArgs['client'];
}

export function ephemeralAck(message: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

/**
 * Registers a slash command: `request` turns what was typed into the conversation's request, and
 * `deliver` sends the reply once the command is acknowledged (notices only the asker sees, unless
 * `deliver` says otherwise by handling them).
 */
export function registerCommand(
  app: App,
  { conversation, logger }: ListenerDeps,
  name: string,
  request: (typed: string) => Request,
  deliver: (reply: SentReply, call: CommandCall) => Promise<Delivered | undefined>,
): void {
  app.command(name, async ({ command, ack, respond, client, context }) => {
    const user = text(command.user_id);
    if (user === undefined || text(command.response_url) === undefined) {
      await ack();
      logger.warn(
        { evt: 'slack.command.malformed', command: name, missing: [user === undefined ? 'user_id' : null, text(command.response_url) === undefined ? 'response_url' : null].filter(Boolean) },
        'slash command without the fields to answer it ignored',
      );
      return;
    }
    const typed: unknown = (command as SlashCommand & { text: unknown }).text;
    const call: CommandCall = { user, text: typeof typed === 'string' ? decodeEntities(typed).trim() : '', channel: text(command.channel_id), teamId: context.teamId, respond, client };
    const acknowledge = onlyOnce(ack);
    await conversation.respond({ platform: 'slack', user: slackUserKey(context.teamId, user), path: name, request: request(call.text) }, async (reply) => {
      if (reply.kind === 'nothing') return void (await acknowledge());
      if (reply.kind === 'notice' && reply.code === 'rate-limited' && !acknowledge.done) return void (await acknowledge(ephemeralAck(renderReply(reply))));
      await acknowledge();
      if (reply.kind === 'notice') return void (await respondWith(respond, 'ephemeral', renderReply(reply)));
      return deliver(reply, call);
    });
    // Every reply acknowledges; this only covers a send that failed before it could.
    await acknowledge();
  });
}

/** Slack's ack may be called once; later calls are no-ops. */
function onlyOnce(ack: AckFn<string | RespondArguments>): ((response?: RespondArguments) => Promise<void>) & { done: boolean } {
  const once = Object.assign(
    async (response?: RespondArguments): Promise<void> => {
      if (once.done) return;
      once.done = true;
      await (response === undefined ? ack() : ack(response));
    },
    { done: false },
  );
  return once;
}
