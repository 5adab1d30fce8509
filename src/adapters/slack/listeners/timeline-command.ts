// `/timeline [topic] [range]`: the dated, cited chronology, posted for everyone like /ask. The
// engine parses the text; an unknown topic or a bad range comes back as data and is shown only to
// the asker, with the engine's example.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { renderNotice, renderTimeline } from '../render.js';
import { respondWith } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import { admitCommand } from './command-admission.js';
import type { ListenerDeps } from './listener-deps.js';

export const TIMELINE_COMMAND = '/timeline';

export function registerTimelineCommand(app: App, deps: ListenerDeps): void {
  const { engine, logger } = deps;
  app.command(TIMELINE_COMMAND, async ({ command, ack, respond, context }) => {
    const admitted = await admitCommand(deps, { command, ack, teamId: context.teamId });
    if (admitted === null) return;
    await withErrorBoundary(
      logger,
      { listener: TIMELINE_COMMAND, channel: command.channel_id, user: admitted.user },
      async () => {
        const query = admitted.text;
        const result = engine.timelineFromText(query);
        if (!result.ok) {
          await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.timelineProblem(result.error.message, result.error.example)));
          return;
        }
        await respondWith(respond, 'in_channel', renderTimeline(result.timeline, { askedBy: admitted.user, asked: query }));
      },
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
