// `@footnote <question>` in a channel: the answer goes into the thread under the question (or
// into the thread it was asked in). A bare mention gets the engine's short help. Past the rate
// limit the asker gets one notice only they can see, then nothing until the limit eases.
import type { App } from '@slack/bolt';
import { answerQuestionEvent } from './answer-question-event.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerMention(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    // Another bot mentioning us could start a reply loop; our own posts never reach here (ignoreSelf).
    if (event.bot_id !== undefined || event.subtype !== undefined) {
      deps.logger.debug({ evt: 'slack.event.ignored', reason: 'bot-or-subtype', eventId: body.event_id }, 'mention ignored');
      return;
    }
    await answerQuestionEvent(deps, {
      listener: 'app_mention',
      what: 'mention',
      event,
      eventId: body.event_id,
      client,
      teamId: context.teamId,
      botUserId: context.botUserId,
      replyThread: (asked) => asked.threadTs ?? asked.ts,
    });
  });
}
