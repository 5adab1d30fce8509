// `/ask <question>`: the answer is posted in the channel for everyone, under the name of the person
// who asked. Where the bot is in the channel it posts with chat.postMessage, so the answer's thread
// can be followed up (`@footnote and microsoft?` in it); where it is not (a private channel or DM it
// was never added to), Slack refuses that, and the answer goes through the command's response_url,
// which works anywhere and needs no extra scope — but has no thread to follow up in.
// An empty question gets a usage hint only the asker sees.
import type { App } from '@slack/bolt';
import { conversationKey } from '../inbound.js';
import { renderReply } from '../render.js';
import { respondWith } from '../replies.js';
import { registerCommand } from './commands.js';
import type { ListenerDeps } from './listener-deps.js';

export const ASK_COMMAND = '/ask';

/** Slack's answers to a post where the bot cannot write: then the response_url is the way. */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function refusalCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

export function registerAskCommand(app: App, deps: ListenerDeps): void {
  registerCommand(
    app,
    deps,
    ASK_COMMAND,
    (text) => ({ kind: 'question', text, via: 'command' }),
    async (reply, call) => {
      if (reply.kind !== 'answer') {
        await respondWith(call.respond, 'ephemeral', renderReply(reply));
        return undefined;
      }
      const message = renderReply(reply, { askedBy: call.user });
      if (call.channel !== undefined) {
        try {
          const posted = await call.client.chat.postMessage({ channel: call.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
          const ts = typeof posted.ts === 'string' ? posted.ts : undefined;
          return ts === undefined ? undefined : { conversation: conversationKey(call.teamId, call.channel, ts) };
        } catch (error) {
          const code = refusalCode(error);
          if (code === undefined || !NOT_A_MEMBER.has(code)) throw error;
          deps.logger.debug({ evt: 'slack.ask.not_a_member', channel: call.channel, code }, 'answering /ask through its response_url');
        }
      }
      await respondWith(call.respond, 'in_channel', message);
      return undefined;
    },
  );
}
