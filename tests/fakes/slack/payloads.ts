// Bodies shaped like Slack's own deliveries (Events API callbacks, slash commands, block_actions),
// trimmed to the fields an app reads. Every builder hands out fresh ids so tests never collide.
import { FAKE_APP_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './fake-slack.js';

let counter = 0;
function next(): number {
  counter += 1;
  return counter;
}

/** A Slack message timestamp, unique within this process. */
export function newTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(next()).padStart(6, '0')}`;
}

export function newEventId(): string {
  return `Ev${Date.now().toString(36).toUpperCase()}${next()}`;
}

export interface EventCallback {
  token: string;
  team_id: string;
  api_app_id: string;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { team_id: string; user_id: string; is_bot: boolean; enterprise_id: null }[];
  event: Record<string, unknown>;
}

export function eventCallback(event: Record<string, unknown>, eventId = newEventId()): EventCallback {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM_ID,
    api_app_id: FAKE_APP_ID,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, is_bot: true, enterprise_id: null }],
    event,
  };
}

export interface MentionOptions {
  /** The question after the mention; the mention itself is prepended. */
  question: string;
  channel?: string;
  user?: string;
  ts?: string;
  threadTs?: string;
}

export function appMention(options: MentionOptions): EventCallback {
  const ts = options.ts ?? newTs();
  return eventCallback({
    type: 'app_mention',
    user: options.user ?? 'U0ASKER01',
    text: `<@${FAKE_BOT_USER_ID}> ${options.question}`.trimEnd(),
    ts,
    ...(options.threadTs !== undefined ? { thread_ts: options.threadTs } : {}),
    channel: options.channel ?? 'C0GENERAL',
    event_ts: ts,
  });
}

export interface DirectMessageOptions {
  text: string;
  channel?: string;
  user?: string;
  ts?: string;
  /** Extra fields (subtype, bot_id, …) to model messages the bot must ignore. */
  extra?: Record<string, unknown>;
}

export function directMessage(options: DirectMessageOptions): EventCallback {
  const ts = options.ts ?? newTs();
  return eventCallback({
    type: 'message',
    channel_type: 'im',
    user: options.user ?? 'U0ASKER01',
    text: options.text,
    ts,
    channel: options.channel ?? 'D0DIRECT01',
    event_ts: ts,
    ...options.extra,
  });
}

export function urlVerification(challenge: string): Record<string, string> {
  return { token: 'legacy-verification-token', challenge, type: 'url_verification' };
}

export interface SlashCommandOptions {
  command: '/ask' | '/timeline';
  text: string;
  responseUrl: string;
  user?: string;
  channel?: string;
}

export function slashCommand(options: SlashCommandOptions): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM_ID,
    team_domain: 'fake-team',
    channel_id: options.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: options.user ?? 'U0ASKER01',
    user_name: 'asker',
    command: options.command,
    text: options.text,
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: `${next()}.trigger`,
  };
}

export interface ButtonClickOptions {
  actionId: string;
  value: string;
  responseUrl: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
}

export function buttonClick(options: ButtonClickOptions): Record<string, unknown> {
  const user = options.user ?? 'U0ASKER01';
  const channel = options.channel ?? 'C0GENERAL';
  const messageTs = options.messageTs ?? newTs();
  return {
    type: 'block_actions',
    user: { id: user, username: 'asker', name: 'asker', team_id: FAKE_TEAM_ID },
    api_app_id: FAKE_APP_ID,
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel,
      is_ephemeral: false,
      ...(options.threadTs !== undefined ? { thread_ts: options.threadTs } : {}),
    },
    trigger_id: `${next()}.trigger`,
    team: { id: FAKE_TEAM_ID, domain: 'fake-team' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'general' },
    message: {
      type: 'message',
      user: FAKE_BOT_USER_ID,
      ts: messageTs,
      text: 'an earlier reply',
      ...(options.threadTs !== undefined ? { thread_ts: options.threadTs } : {}),
    },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: options.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}
