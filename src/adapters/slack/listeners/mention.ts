// `@footnote <question>` in a channel: the answer goes into the thread under the question (or
// into the thread it was asked in). A bare mention gets the engine's short help. Past the rate
// limit the asker gets one notice only they can see, then nothing until the limit eases.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { postEphemeralTo, postToConversation } from '../replies.js';
import { questionEvent } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerMention(app: App, { engine, logger, limiter }: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const ignore = (reason: string, extra: Record<string, unknown> = {}): void =>
      logger.debug({ evt: 'slack.event.ignored', reason, eventId: body.event_id, ...extra }, 'mention ignored');
    // Another bot mentioning us could start a reply loop; our own posts never reach here (ignoreSelf).
    if (event.bot_id !== undefined || event.subtype !== undefined) return ignore('bot-or-subtype');
    const parsed = questionEvent(event);
    if (!parsed.ok) {
      logger.warn({ evt: 'slack.event.malformed', type: 'app_mention', eventId: body.event_id, missing: parsed.missing }, 'mention without the fields to answer it ignored');
      return;
    }
    const asked = parsed.value;
    const target = { channel: asked.channel, threadTs: asked.threadTs ?? asked.ts };

    const admission = admitQuestion(limiter, logger, { teamId: context.teamId, userId: asked.user, path: 'app_mention' });
    if (admission.kind === 'drop') return;
    if (admission.kind === 'notify') {
      const notice = admission.notice;
      await withErrorBoundary(
        logger,
        { listener: 'app_mention', eventId: body.event_id, channel: asked.channel, user: asked.user, notice: 'rate-limited' },
        // Only the asker sees it, in the thread they asked in (or the channel for a top-level mention).
        () => postEphemeralTo(client, { channel: asked.channel, threadTs: asked.threadTs, user: asked.user }, notice),
        // The notice was the apology; posting "something went wrong" for everyone would defeat it.
        async () => undefined,
      );
      return;
    }

    await withErrorBoundary(
      logger,
      { listener: 'app_mention', eventId: body.event_id, channel: asked.channel, user: asked.user },
      async () => {
        const question = questionFromSlackText(asked.text, context.botUserId);
        const answer = question === '' ? engine.help() : engine.answer(question);
        await postToConversation(client, target, renderAnswer(answer));
      },
      () => postToConversation(client, target, renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
