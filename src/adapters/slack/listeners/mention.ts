// `@footnote <question>` in a channel: the answer goes into the thread under the question (or into
// the thread it was asked in), and a later mention in that thread is a follow-up. A bare mention
// gets the short help; past the rate limit the asker gets one notice only they can see.
import type { App } from '@slack/bolt';
import type { ListenerDeps } from './listener-deps.js';
import { answerMessageEvent } from './message-event.js';

export function registerMention(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    // Another bot mentioning us could start a reply loop; our own posts never reach here (ignoreSelf).
    if (event.bot_id !== undefined || event.subtype !== undefined) {
      deps.logger.debug({ evt: 'slack.event.ignored', reason: 'bot-or-subtype', eventId: body.event_id }, 'mention ignored');
      return;
    }
    await answerMessageEvent(deps, {
      listener: 'app_mention',
      what: 'mention',
      body,
      event,
      client,
      teamId: context.teamId,
      botUserId: context.botUserId,
      replyThread: (asked) => asked.threadTs ?? asked.ts,
    });
  });
}
