// `/timeline [topic] [range]`: the dated, cited chronology, posted for everyone like /ask. The
// engine parses the text; an unknown topic or a bad range comes back as data and is shown only to
// the asker, with the engine's example.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { renderNotice, renderTimeline } from '../render.js';
import { respondWith } from '../replies.js';
import { registerAnsweredCommand } from './command-admission.js';
import type { ListenerDeps } from './listener-deps.js';

export const TIMELINE_COMMAND = '/timeline';

export function registerTimelineCommand(app: App, deps: ListenerDeps): void {
  const { engine } = deps;
  registerAnsweredCommand(app, deps, TIMELINE_COMMAND, async (admitted, respond) => {
    const query = admitted.text;
    const result = engine.timelineFromText(query);
    if (!result.ok) {
      await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.timelineProblem(result.error.message, result.error.example)));
      return;
    }
    await respondWith(respond, 'in_channel', renderTimeline(result.timeline, { askedBy: admitted.user, asked: query }));
  });
}
