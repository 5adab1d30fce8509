// Button clicks. A suggested question (clarify or related) is answered in place: the message
// holding the button is replaced through the click's response_url, which works the same for
// thread replies, /ask posts and DMs. Feedback is acknowledged to the clicker only and recorded as
// a log line with the entry and the question.
//
// One listener takes every interaction and routes on the action_id itself, rather than one Bolt
// listener per action_id pattern: Slack must get an ack within 3 seconds for every click, including
// clicks on buttons this version never sent (an old message, another app's payload, a forged one),
// and Bolt's own pattern matching throws on an action_id that is not a string. Whatever arrives is
// acknowledged first; then it is answered, politely refused, or logged and left alone.
import type { App, RespondFn } from '@slack/bolt';
import { ASK_ACTION_ID, FEEDBACK_ACTION_ID, FEEDBACK_HELPFUL, parseFeedbackValue } from '../action-ids.js';
import { MESSAGES } from '../messages.js';
import { decodeEntities } from '../mrkdwn.js';
import { field, text } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import { renderAnswer, renderNotice } from '../render.js';
import { respondWith } from '../replies.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

interface Click {
  actionId: string | undefined;
  /** The button's value when it is a string; anything else is no value we made. */
  value: string | undefined;
  user: string;
  channel: string | undefined;
  teamId: string | undefined;
  respond: RespondFn;
}

export function registerButtonActions(app: App, deps: ListenerDeps): void {
  const { logger } = deps;
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
    const rawValue = field(action, 'value');
    const click: Click = {
      actionId,
      value: typeof rawValue === 'string' ? rawValue : undefined,
      user,
      channel: text(field(field(body, 'channel'), 'id')),
      teamId: context.teamId,
      respond,
    };
    if (actionId !== undefined && ASK_ACTION_ID.test(actionId)) return answerSuggestion(click, deps);
    if (actionId !== undefined && FEEDBACK_ACTION_ID.test(actionId)) return recordFeedback(click, deps);
    logger.warn({ evt: 'slack.interaction.unknown_action', actionId, user, channel: click.channel }, 'click on a button this bot did not send');
    await withErrorBoundary(
      logger,
      { listener: 'unknown-button', actionId, channel: click.channel, user },
      () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.buttonNoLongerValid)),
      // The notice was the polite refusal; nothing more to say if even that failed.
      async () => undefined,
    );
  });
}

async function answerSuggestion(click: Click, { engine, logger, limiter }: ListenerDeps): Promise<void> {
  const { respond } = click;
  const context = { listener: 'ask-button', actionId: click.actionId, channel: click.channel, user: click.user };
  const admission = admitQuestion(limiter, logger, { teamId: click.teamId, userId: click.user, path: 'ask-button' });
  if (admission.kind === 'drop') return;
  if (admission.kind === 'notify') {
    const notice = admission.notice;
    await withErrorBoundary(logger, { ...context, notice: 'rate-limited' }, () => respondWith(respond, 'ephemeral', notice), async () => undefined);
    return;
  }
  await withErrorBoundary(
    logger,
    context,
    async () => {
      const question = decodeEntities(click.value ?? '').trim();
      if (question === '') {
        await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.buttonNoLongerValid));
        return;
      }
      await respondWith(respond, 'replace', renderAnswer(engine.answer(question), { askedBy: click.user }));
    },
    () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
  );
}

async function recordFeedback(click: Click, { logger }: ListenerDeps): Promise<void> {
  const { respond } = click;
  await withErrorBoundary(
    logger,
    { listener: 'feedback-button', actionId: click.actionId, channel: click.channel, user: click.user },
    async () => {
      const target = parseFeedbackValue(click.value);
      if (target === null) {
        await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.buttonNoLongerValid));
        return;
      }
      const helpful = click.actionId === FEEDBACK_HELPFUL;
      logger.info(
        {
          evt: 'slack.feedback',
          verdict: helpful ? 'helpful' : 'not_helpful',
          entry: target.entry,
          question: target.question,
          user: click.user,
          channel: click.channel,
        },
        'answer feedback',
      );
      await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.feedbackThanks(helpful)));
    },
    () => respondWith(respond, 'ephemeral', renderNotice(MESSAGES.somethingWentWrong)),
  );
}
