// `@footnote <question>` in a channel: the answer goes into the thread under the question (or
// into the thread it was asked in). A bare mention gets the engine's short help.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { postToConversation } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerMention(app: App, { engine, logger }: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
    await withErrorBoundary(
      logger,
      { listener: 'app_mention', eventId: body.event_id, channel: event.channel, user: event.user },
      async () => {
        // Another bot mentioning us could start a reply loop; our own posts never reach here (ignoreSelf).
        if (event.bot_id !== undefined || event.subtype !== undefined) {
          logger.debug({ evt: 'slack.event.ignored', reason: 'bot-or-subtype', eventId: body.event_id }, 'mention ignored');
          return;
        }
        const question = questionFromSlackText(event.text, context.botUserId);
        const answer = question === '' ? engine.help() : engine.answer(question);
        await postToConversation(client, target, renderAnswer(answer));
      },
      () => postToConversation(client, target, renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
