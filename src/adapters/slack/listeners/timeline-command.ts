// `/timeline [topic] [range]`: the dated, cited chronology, posted for everyone like /ask. The
// engine parses the text; an unknown topic or a bad range comes back as data and is shown only to
// the asker, with the engine's example.
import type { App } from '@slack/bolt';
import { renderReply } from '../render.js';
import { respondWith } from '../replies.js';
import { registerCommand } from './commands.js';
import type { ListenerDeps } from './listener-deps.js';

export const TIMELINE_COMMAND = '/timeline';

export function registerTimelineCommand(app: App, deps: ListenerDeps): void {
  registerCommand(
    app,
    deps,
    TIMELINE_COMMAND,
    (text) => ({ kind: 'timeline', text }),
    async (reply, call) => {
      const everyone = reply.kind === 'timeline';
      await respondWith(call.respond, everyone ? 'in_channel' : 'ephemeral', renderReply(reply, { askedBy: call.user, asked: call.text }));
      return undefined;
    },
  );
}
