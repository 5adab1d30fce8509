// What a mention and a DM share once they are known to be a person's message: read its fields,
// hand it to the conversation layer as a question in its thread, and send the reply into the
// conversation — a rate-limit notice only the asker sees, everything else for everyone there.
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../../conversation/types.js';
import { conversationKey, deliveryKeys, questionEvent, slackUserKey, type QuestionEvent } from '../inbound.js';
import { questionFromSlackText } from '../mrkdwn.js';
import { renderReply } from '../render.js';
import { postEphemeralTo, postToConversation } from '../replies.js';
import type { ListenerDeps } from './listener-deps.js';

export interface MessageDelivery {
  /** The Slack event type, as logs name it ("app_mention", "message.im"). */
  listener: string;
  /** How the log calls it when it lacks fields ("mention", "DM"). */
  what: string;
  body: unknown;
  event: unknown;
  client: AllMiddlewareArgs['client'];
  teamId: string | undefined;
  botUserId: string | undefined;
  /** The thread the answer goes into, which is also the conversation follow-ups continue. */
  replyThread(asked: QuestionEvent): string | undefined;
}

export async function answerMessageEvent({ conversation, logger }: ListenerDeps, delivery: MessageDelivery): Promise<void> {
  const { listener, client } = delivery;
  const parsed = questionEvent(delivery.event);
  if (!parsed.ok) {
    const eventId = (delivery.body as { event_id?: unknown } | null)?.event_id;
    logger.warn({ evt: 'slack.event.malformed', type: listener, eventId, missing: parsed.missing }, `${delivery.what} without the fields to answer it ignored`);
    return;
  }
  const asked = parsed.value;
  const thread = delivery.replyThread(asked);
  const target = { channel: asked.channel, threadTs: thread };
  const send = async (reply: Reply): Promise<undefined> => {
    if (reply.kind === 'nothing') return undefined;
    const message = renderReply(reply);
    // A rate-limit notice is for the asker alone, in the thread they asked in; an apology in the
    // thread tells everyone there why no answer came.
    if (reply.kind === 'notice' && reply.code === 'rate-limited') await postEphemeralTo(client, { ...target, threadTs: asked.threadTs, user: asked.user }, message);
    else await postToConversation(client, target, message);
    return undefined;
  };
  await conversation.respond(
    {
      platform: 'slack',
      user: slackUserKey(delivery.teamId, asked.user),
      deliveryKeys: deliveryKeys(delivery.body, asked),
      conversation: conversationKey(delivery.teamId, asked.channel, thread),
      path: listener,
      request: { kind: 'question', text: questionFromSlackText(asked.text, delivery.botUserId), via: 'message' },
    },
    send,
  );
}
