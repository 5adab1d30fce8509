// Any message in a DM with the bot is a question; the answer comes back in the DM (inside the
// thread if the question was asked in one). Edits, joins, bot posts and other subtypes are not
// questions and get no reply. Past the rate limit: one notice only the asker sees, then nothing.
import type { App } from '@slack/bolt';
import { answerQuestionEvent } from './answer-question-event.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerDirectMessage(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const ignore = (reason: string): void =>
      deps.logger.debug({ evt: 'slack.event.ignored', reason, eventId: body.event_id }, 'message ignored');
    if (event.subtype !== undefined) return ignore(`subtype:${String(event.subtype)}`);
    if (event.bot_id !== undefined) return ignore('bot');
    if (event.channel_type !== 'im') return ignore('not-a-dm');
    await answerQuestionEvent(deps, {
      listener: 'message.im',
      what: 'DM',
      event,
      eventId: body.event_id,
      client,
      teamId: context.teamId,
      botUserId: context.botUserId,
      replyThread: (asked) => asked.threadTs,
    });
  });
}
