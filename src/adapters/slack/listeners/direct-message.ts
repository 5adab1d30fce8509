// Any message in a DM with the bot is a question; the answer comes back in the DM (inside the
// thread if the question was asked in one), and the DM is one conversation, so the next message
// may be a follow-up. Edits, joins, bot posts and other subtypes are not questions.
import type { App } from '@slack/bolt';
import type { ListenerDeps } from './listener-deps.js';
import { answerMessageEvent } from './message-event.js';

export function registerDirectMessage(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const ignore = (reason: string): void =>
      deps.logger.debug({ evt: 'slack.event.ignored', reason, eventId: body.event_id }, 'message ignored');
    if (event.subtype !== undefined) return ignore(`subtype:${String(event.subtype)}`);
    if (event.bot_id !== undefined) return ignore('bot');
    if (event.channel_type !== 'im') return ignore('not-a-dm');
    await answerMessageEvent(deps, {
      listener: 'message.im',
      what: 'DM',
      body,
      event,
      client,
      teamId: context.teamId,
      botUserId: context.botUserId,
      replyThread: (asked) => asked.threadTs,
    });
  });
}
