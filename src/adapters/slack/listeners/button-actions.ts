// Button clicks. One listener takes every interaction and routes on its payload itself, rather than
// one Bolt listener per action_id pattern: Slack must get an ack within 3 seconds for every click,
// including clicks on buttons this version never sent (an old message, another app's payload, a
// forged one), and Bolt's own pattern matching throws on an action_id that is not a string.
// Whatever arrives is acknowledged first; the conversation layer then answers the option picked (in
// place: the message holding the button is replaced through the click's response_url, the same for
// threads, /ask posts and DMs), thanks for feedback, or says the button no longer works.
import type { App } from '@slack/bolt';
import { field, slackUserKey, text } from '../inbound.js';
import { FEEDBACK_HELPFUL, FEEDBACK_NOT_HELPFUL, renderReply } from '../render.js';
import { respondWith } from '../replies.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerButtonActions(app: App, { conversation, logger }: ListenerDeps): void {
  app.action({}, async ({ ack, action, body, respond, context }) => {
    await ack();
    const type = text(field(body, 'type'));
    if (type !== 'block_actions') {
      logger.warn({ evt: 'slack.interaction.unexpected', type }, 'interaction of a kind this bot never asks for ignored');
      return;
    }
    const actionId = text(field(action, 'action_id'));
    if (text(field(action, 'url')) !== undefined) {
      // A link button: Slack opened the link for the person; the click needs an ack and nothing else.
      logger.debug({ evt: 'slack.interaction.link', actionId }, 'link button clicked');
      return;
    }
    const user = text(field(field(body, 'user'), 'id'));
    // Bolt provides respond() only when the payload has a response_url.
    const canRespond = typeof (respond as unknown) === 'function';
    if (user === undefined || !canRespond) {
      logger.warn(
        { evt: 'slack.interaction.malformed', actionId, missing: [user === undefined ? 'user' : null, canRespond ? null : 'response_url'].filter(Boolean) },
        'button click without the fields to answer it ignored',
      );
      return;
    }
    // Feedback buttons of the previous version carried their verdict in the action id only.
    const helpful = actionId === FEEDBACK_HELPFUL ? true : actionId === FEEDBACK_NOT_HELPFUL ? false : undefined;
    await conversation.respond(
      { platform: 'slack', user: slackUserKey(context.teamId, user), path: 'button', request: { kind: 'button', payload: field(action, 'value'), ...(helpful === undefined ? {} : { helpful }) } },
      async (reply) => {
        if (reply.kind === 'nothing') return;
        await respondWith(respond, reply.kind === 'answer' && reply.picked ? 'replace' : 'ephemeral', renderReply(reply, { askedBy: user }));
      },
    );
  });
}
