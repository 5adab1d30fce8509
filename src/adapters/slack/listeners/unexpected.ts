// Payloads the bot never asks for but Slack may still deliver: a slash command the app
// configuration lists but this version does not handle, a modal submission, a shortcut, a
// select-menu options request. Slack waits up to 3 seconds for an ack and then shows the person an
// error ("failed with the error dispatch_failed" and the like); Bolt would log "not acknowledged"
// and answer 404. Each is acknowledged at once instead, with a polite word where Slack shows one.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { text, field } from '../inbound.js';
import { renderNotice } from '../render.js';
import { ASK_COMMAND } from './ask-command.js';
import { ephemeralAck } from './commands.js';
import type { ListenerDeps } from './listener-deps.js';
import { TIMELINE_COMMAND } from './timeline-command.js';

const KNOWN_COMMANDS: readonly string[] = [ASK_COMMAND, TIMELINE_COMMAND];
const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any command name except the ones with listeners of their own (Bolt would run both). */
const OTHER_COMMAND = new RegExp(`^(?!(?:${KNOWN_COMMANDS.map(escapeRegExp).join('|')})$)`);

export function registerUnexpected(app: App, { logger }: ListenerDeps): void {
  app.command(OTHER_COMMAND, async ({ command, ack }) => {
    const name = text(command.command) ?? String(command.command);
    logger.warn({ evt: 'slack.command.unknown', command: name, user: command.user_id }, 'unknown slash command');
    await ack(ephemeralAck(renderNotice(MESSAGES.unknownCommand(name, KNOWN_COMMANDS))));
  });

  // The bot opens no modals: a submission or close for one is acked (closing the modal) and logged.
  app.view({}, async ({ ack, body }) => {
    await ack();
    logger.warn({ evt: 'slack.interaction.unexpected', type: text(field(body, 'type')), callbackId: text(field(field(body, 'view'), 'callback_id')) }, 'modal payload for a view this bot never opened');
  });

  app.shortcut({}, async ({ ack, body }) => {
    await ack();
    logger.warn({ evt: 'slack.interaction.unexpected', type: text(field(body, 'type')), callbackId: text(field(body, 'callback_id')) }, 'shortcut this bot does not define');
  });

  app.options({}, async ({ ack, body }) => {
    await ack({ options: [] });
    logger.warn({ evt: 'slack.interaction.unexpected', type: text(field(body, 'type')), actionId: text(field(body, 'action_id')) }, 'options request for a menu this bot never sent');
  });
}
