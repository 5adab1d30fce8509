// Any message in a DM with the bot is a question; the answer comes back in the DM (inside the
// thread if the question was asked in one). Edits, joins, bot posts and other subtypes are not
// questions and get no reply.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { postToConversation } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerDirectMessage(app: App, { engine, logger }: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const ignore = (reason: string): void =>
      logger.debug({ evt: 'slack.event.ignored', reason, eventId: body.event_id }, 'message ignored');
    if (event.subtype !== undefined) return ignore(`subtype:${event.subtype}`);
    if (event.bot_id !== undefined) return ignore('bot');
    if (event.channel_type !== 'im') return ignore('not-a-dm');

    const target = { channel: event.channel, threadTs: event.thread_ts };
    await withErrorBoundary(
      logger,
      { listener: 'message.im', eventId: body.event_id, channel: event.channel, user: event.user },
      async () => {
        const question = questionFromSlackText(event.text ?? '', context.botUserId);
        const answer = question === '' ? engine.help() : engine.answer(question);
        await postToConversation(client, target, renderAnswer(answer));
      },
      () => postToConversation(client, target, renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
