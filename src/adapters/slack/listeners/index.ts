import type { App } from '@slack/bolt';
import { registerAskCommand } from './ask-command.js';
import { registerButtonActions } from './button-actions.js';
import { registerDirectMessage } from './direct-message.js';
import type { ListenerDeps } from './listener-deps.js';
import { registerMention } from './mention.js';
import { registerTimelineCommand } from './timeline-command.js';
import { registerUnexpected } from './unexpected.js';

export type { ListenerDeps };

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerMention(app, deps);
  registerDirectMessage(app, deps);
  registerAskCommand(app, deps);
  registerTimelineCommand(app, deps);
  registerButtonActions(app, deps);
  registerUnexpected(app, deps);
}
