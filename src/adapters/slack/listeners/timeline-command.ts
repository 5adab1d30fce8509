// `/timeline [topic] [range]`: the dated, cited chronology, posted for everyone like /ask. The
// engine parses the text; an unknown topic or a bad range comes back as data and is shown only to
// the asker, with the engine's example.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { decodeEntities } from '../mrkdwn.js';
import { renderNotice, renderTimeline } from '../render.js';
import { respondWith } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerTimelineCommand(app: App, { engine, logger }: ListenerDeps): void {
  app.command('/timeline', async ({ command, ack, respond }) => {
    await ack();
    await withErrorBoundary(
      logger,
      { listener: '/timeline', channel: command.channel_id, user: command.user_id },
      async () => {
        const query = decodeEntities(command.text).trim();
        const result = engine.timelineFromText(query);
        if (!result.ok) {
          await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.timelineProblem(result.error.message, result.error.example)));
          return;
        }
        await respondWith(respond, 'in_channel', renderTimeline(result.timeline, { askedBy: command.user_id, asked: query }));
      },
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
