// Button clicks. A suggested question (clarify or related) is answered in place: the message
// holding the button is replaced through the click's response_url, which works the same for
// thread replies, /ask posts and DMs. Feedback is acknowledged to the clicker only and recorded as
// a log line with the entry and the question.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ASK_ACTION_ID, FEEDBACK_ACTION_ID, FEEDBACK_HELPFUL, parseFeedbackValue } from '../action-ids.js';
import { MESSAGES } from '../messages.js';
import { decodeEntities } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { respondWith } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerButtonActions(app: App, { engine, logger }: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ASK_ACTION_ID, async ({ ack, action, body, respond }) => {
    await ack();
    await withErrorBoundary(
      logger,
      { listener: 'ask-button', actionId: action.action_id, channel: body.channel?.id, user: body.user.id },
      async () => {
        const question = decodeEntities(action.value ?? '').trim();
        if (question === '') {
          await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.buttonNoLongerValid));
          return;
        }
        await respondWith(respond, 'replace', renderAnswer(engine.answer(question), { askedBy: body.user.id }));
      },
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
    );
  });

  app.action<BlockAction<ButtonAction>>(FEEDBACK_ACTION_ID, async ({ ack, action, body, respond }) => {
    await ack();
    await withErrorBoundary(
      logger,
      { listener: 'feedback-button', actionId: action.action_id, channel: body.channel?.id, user: body.user.id },
      async () => {
        const target = parseFeedbackValue(action.value);
        if (target === null) {
          await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.buttonNoLongerValid));
          return;
        }
        const helpful = action.action_id === FEEDBACK_HELPFUL;
        logger.info(
          {
            evt: 'slack.feedback',
            verdict: helpful ? 'helpful' : 'not_helpful',
            entry: target.entry,
            question: target.question,
            user: body.user.id,
            channel: body.channel?.id,
          },
          'answer feedback',
        );
        await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.feedbackThanks(helpful)));
      },
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
