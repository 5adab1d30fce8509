// Any message in a DM with the bot is a question; the answer comes back in the DM (inside the
// thread if the question was asked in one). Edits, joins, bot posts and other subtypes are not
// questions and get no reply. Past the rate limit: one notice only the asker sees, then nothing.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderAnswer, renderNotice } from '../render.js';
import { postEphemeralTo, postToConversation } from '../replies.js';
import { questionEvent } from '../inbound.js';
import { admitQuestion } from '../rate-gate.js';
import { withErrorBoundary } from '../error-boundary.js';
import type { ListenerDeps } from './listener-deps.js';

export function registerDirectMessage(app: App, { engine, logger, limiter }: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const ignore = (reason: string): void =>
      logger.debug({ evt: 'slack.event.ignored', reason, eventId: body.event_id }, 'message ignored');
    if (event.subtype !== undefined) return ignore(`subtype:${String(event.subtype)}`);
    if (event.bot_id !== undefined) return ignore('bot');
    if (event.channel_type !== 'im') return ignore('not-a-dm');
    const parsed = questionEvent(event);
    if (!parsed.ok) {
      logger.warn({ evt: 'slack.event.malformed', type: 'message.im', eventId: body.event_id, missing: parsed.missing }, 'DM without the fields to answer it ignored');
      return;
    }
    const asked = parsed.value;
    const target = { channel: asked.channel, threadTs: asked.threadTs };

    const admission = admitQuestion(limiter, logger, { teamId: context.teamId, userId: asked.user, path: 'message.im' });
    if (admission.kind === 'drop') return;
    if (admission.kind === 'notify') {
      const notice = admission.notice;
      await withErrorBoundary(
        logger,
        { listener: 'message.im', eventId: body.event_id, channel: asked.channel, user: asked.user, notice: 'rate-limited' },
        () => postEphemeralTo(client, { ...target, user: asked.user }, notice),
        // The notice was the apology; there is nothing more useful to say.
        async () => undefined,
      );
      return;
    }

    await withErrorBoundary(
      logger,
      { listener: 'message.im', eventId: body.event_id, channel: asked.channel, user: asked.user },
      async () => {
        const question = questionFromSlackText(asked.text, context.botUserId);
        const answer = question === '' ? engine.help() : engine.answer(question);
        await postToConversation(client, target, renderAnswer(answer));
      },
      () => postToConversation(client, target, renderNotice(MESSAGES.somethingWentWrong)),
    );
  });
}
