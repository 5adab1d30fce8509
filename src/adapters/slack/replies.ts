// The ways an answer goes back. Events (mentions, DMs) post into the conversation with
// chat.postMessage, or chat.postEphemeral for a notice meant for the asker alone (same chat:write
// scope). Commands and button clicks answer through their response_url, which works in any channel
// or DM the command was used in, even ones the bot was never invited to, and needs no extra scope.
import type { AllMiddlewareArgs, RespondArguments, RespondFn } from '@slack/bolt';
import type { SlackMessage } from './render.js';

type WebClient = AllMiddlewareArgs['client'];

export interface ConversationTarget {
  channel: string;
  /** Reply inside this thread; undefined posts at the top of the conversation. */
  threadTs: string | undefined;
}

export async function postToConversation(client: WebClient, target: ConversationTarget, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    // Source links would otherwise unfold into large previews under every answer.
    unfurl_links: false,
    unfurl_media: false,
  });
}

export interface PersonInConversation extends ConversationTarget {
  /** The only person who sees the message. */
  user: string;
}

/** A message only `target.user` sees, in the conversation (and thread) they wrote in. */
export async function postEphemeralTo(client: WebClient, target: PersonInConversation, message: SlackMessage): Promise<void> {
  await client.chat.postEphemeral({
    channel: target.channel,
    user: target.user,
    ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
  });
}

export type Visibility = 'in_channel' | 'ephemeral' | 'replace';

export async function respondWith(respond: RespondFn, visibility: Visibility, message: SlackMessage): Promise<void> {
  const how: RespondArguments =
    visibility === 'replace'
      ? { replace_original: true }
      : { response_type: visibility, replace_original: false };
  await respond({ ...how, text: message.text, blocks: message.blocks });
}
