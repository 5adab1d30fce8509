// What a mention and a DM share once they are known to be a person's question: read its fields,
// pass the rate limit (past it: one notice only the asker sees, then nothing), then answer in the
// conversation — the engine's short help for a bare question — or apologise there if that fails.
import type { AllMiddlewareArgs } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { postEphemeralTo, postToConversation } from '../replies.js';
import { questionEvent, type QuestionEvent } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export interface QuestionDelivery {
  /** The Slack event type, as logs and the rate limiter name it ("app_mention", "message.im"). */
  listener: string;
  /** How the log calls it when it lacks fields ("mention", "DM"). */
  what: string;
  event: unknown;
  eventId: string | undefined;
  client: AllMiddlewareArgs['client'];
  teamId: string | undefined;
  botUserId: string | undefined;
  /** The thread the answer goes into. */
  replyThread(asked: QuestionEvent): string | undefined;
}

export async function answerQuestionEvent({ engine, logger, limiter }: ListenerDeps, delivery: QuestionDelivery): Promise<void> {
  const { listener, eventId, client } = delivery;
  const parsed = questionEvent(delivery.event);
  if (!parsed.ok) {
    logger.warn({ evt: 'slack.event.malformed', type: listener, eventId, missing: parsed.missing }, `${delivery.what} without the fields to answer it ignored`);
    return;
  }
  const asked = parsed.value;
  const target = { channel: asked.channel, threadTs: delivery.replyThread(asked) };

  const admission = admitQuestion(limiter, logger, { teamId: delivery.teamId, userId: asked.user, path: listener });
  if (admission.kind === 'drop') return;
  if (admission.kind === 'notify') {
    const notice = admission.notice;
    await withErrorBoundary(
      logger,
      { listener, eventId, channel: asked.channel, user: asked.user, notice: 'rate-limited' },
      // Only the asker sees it, in the thread they asked in (or at the top of the conversation).
      () => postEphemeralTo(client, { channel: asked.channel, threadTs: asked.threadTs, user: asked.user }, notice),
      // The notice was the apology; posting "something went wrong" for everyone would defeat it.
      async () => undefined,
    );
    return;
  }

  await withErrorBoundary(
    logger,
    { listener, eventId, channel: asked.channel, user: asked.user },
    async () => {
      const question = questionFromSlackText(asked.text, delivery.botUserId);
      const answer = question === '' ? engine.help() : engine.answer(question);
      await postToConversation(client, target, renderAnswer(answer));
    },
    () => postToConversation(client, target, renderNotice(MESSAGES.somethingWentWrong)),
  );
}
