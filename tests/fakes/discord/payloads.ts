// Gateway and REST payloads as Discord sends them, typed with discord-api-types (re-exported by
// discord.js) so a missing or misspelt field fails the type check instead of surprising discord.js.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
} from 'discord.js';
import type { ApplicationFlags, ChannelFlags, GuildMemberFlags, MessageFlags, RoleFlags } from 'discord.js';
import type {
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIApplicationCommandAutocompleteInteraction,
  APIGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GatewayReadyDispatchData,
  APIEmbed,
} from 'discord.js';
import { snowflake } from './snowflake.js';

/** Send Messages, View Channel, Embed Links, Read Message History… as a decimal bitfield. */
// Bitfield enums have no zero member; Discord sends 0 for "no flags".
const NO_FLAGS = 0;

const EVERYONE_PERMISSIONS = '2248473465835073';

export interface FakeWorld {
  applicationId: string;
  bot: APIUser;
  guildId: string;
  channelId: string;
  threadId: string;
  dmChannelId: string;
  human: APIUser;
  otherBot: APIUser;
  commandIds: Record<'ask' | 'timeline', string>;
}

export function createWorld(applicationId: string = snowflake()): FakeWorld {
  return {
    applicationId,
    bot: user({ id: applicationId, username: 'footnote', bot: true }),
    guildId: snowflake(),
    channelId: snowflake(),
    threadId: snowflake(),
    dmChannelId: snowflake(),
    human: user({ id: snowflake(), username: 'ada' }),
    otherBot: user({ id: snowflake(), username: 'otherbot', bot: true }),
    commandIds: { ask: snowflake(), timeline: snowflake() },
  };
}

export function user(fields: { id: string; username: string; bot?: boolean }): APIUser {
  const base: APIUser = {
    id: fields.id,
    username: fields.username,
    discriminator: '0',
    global_name: fields.username,
    avatar: null,
  };
  return fields.bot ? { ...base, bot: true } : base;
}

function member(of: APIUser): APIGuildMember {
  return {
    user: of,
    nick: null,
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
  };
}

export function readyPayload(world: FakeWorld, sessionId: string, resumeUrl: string): GatewayReadyDispatchData {
  return {
    v: 10,
    user: world.bot,
    guilds: [{ id: world.guildId, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: world.applicationId, flags: NO_FLAGS as ApplicationFlags, flags_new: '0' },
  };
}

function textChannel(world: FakeWorld): APITextChannel {
  return {
    id: world.channelId,
    type: ChannelType.GuildText,
    guild_id: world.guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: NO_FLAGS as ChannelFlags,
  };
}

function thread(world: FakeWorld): APIThreadChannel {
  return {
    id: world.threadId,
    type: ChannelType.PublicThread,
    guild_id: world.guildId,
    parent_id: world.channelId,
    owner_id: world.human.id,
    name: 'questions',
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    total_message_sent: 0,
    flags: NO_FLAGS as ChannelFlags,
    applied_tags: [],
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  };
}

export function guildCreatePayload(world: FakeWorld): GatewayGuildCreateDispatchData {
  const everyone: APIRole = {
    id: world.guildId,
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: EVERYONE_PERMISSIONS,
    managed: false,
    mentionable: false,
    flags: NO_FLAGS as RoleFlags,
  };
  return {
    id: world.guildId,
    name: 'Footnote test server',
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: world.human.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [everyone],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: world.channelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
    region: 'us-west',
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [member(world.bot), member(world.human)],
    channels: [textChannel(world)],
    threads: [thread(world)],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

interface InteractionBase {
  id: string;
  token: string;
}

export function newInteractionIds(): InteractionBase {
  return { id: snowflake(), token: `fake-token-${snowflake()}` };
}

function guildContext(world: FakeWorld, from: APIUser) {
  return {
    application_id: world.applicationId,
    version: 1 as const,
    guild_id: world.guildId,
    guild: { id: world.guildId, features: [], locale: Locale.EnglishUS },
    channel_id: world.channelId,
    channel: textChannel(world),
    member: { ...member(from), user: from, permissions: EVERYONE_PERMISSIONS },
    app_permissions: EVERYONE_PERMISSIONS,
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { '0': world.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
  };
}

export function slashCommandPayload(
  world: FakeWorld,
  ids: InteractionBase,
  command: 'ask' | 'timeline',
  options: Record<string, string>,
  from: APIUser = world.human,
): APIChatInputApplicationCommandInteraction {
  const dataOptions: APIApplicationCommandInteractionDataOption[] = Object.entries(options).map(([name, value]) => ({
    name,
    type: ApplicationCommandOptionType.String,
    value,
  }));
  return {
    ...guildContext(world, from),
    ...ids,
    type: InteractionType.ApplicationCommand,
    data: {
      id: world.commandIds[command],
      name: command,
      type: ApplicationCommandType.ChatInput,
      options: dataOptions,
    },
  };
}

export function autocompletePayload(
  world: FakeWorld,
  ids: InteractionBase,
  partial: string,
  from: APIUser = world.human,
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...guildContext(world, from),
    ...ids,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: world.commandIds.ask,
      name: 'ask',
      type: ApplicationCommandType.ChatInput,
      options: [{ name: 'question', type: ApplicationCommandOptionType.String, value: partial, focused: true }],
    },
  };
}

/** The message a button sits on, as Discord attaches it to a component interaction. */
export function botMessage(
  world: FakeWorld,
  parts: { embeds?: APIEmbed[]; components?: APIMessage['components'] } = {},
): APIMessage {
  return messageObject(world, {
    author: world.bot,
    channelId: world.channelId,
    content: '',
    embeds: parts.embeds ?? [],
    components: parts.components ?? [],
  });
}

export function buttonPayload(
  world: FakeWorld,
  ids: InteractionBase,
  customId: string,
  message: APIMessage = botMessage(world, {
    components: [
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'x', custom_id: customId }] },
    ],
  }),
  from: APIUser = world.human,
): APIMessageComponentButtonInteraction {
  return {
    ...guildContext(world, from),
    ...ids,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: customId, component_type: ComponentType.Button },
  };
}

interface MessageParts {
  id?: string;
  author: APIUser;
  channelId: string;
  content: string;
  mentions?: APIUser[];
  mentionEveryone?: boolean;
  embeds?: APIEmbed[];
  components?: APIMessage['components'];
}

function messageObject(world: FakeWorld, parts: MessageParts): APIMessage {
  return {
    id: parts.id ?? snowflake(),
    channel_id: parts.channelId,
    author: parts.author,
    content: parts.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: parts.mentionEveryone ?? false,
    mentions: parts.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: parts.embeds ?? [],
    components: parts.components ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: NO_FLAGS as MessageFlags,
    ...(parts.author.bot && parts.author.id === world.bot.id ? { application_id: world.applicationId } : {}),
  };
}

/**
 * A guild message; `mentionBot` puts the bot into `mentions` as Discord does for `<@id>` in content,
 * and for a reply to the bot's message (`replyTo`), whose default ping mentions its author.
 */
export function guildMessagePayload(
  world: FakeWorld,
  fields: { content: string; from?: APIUser; mentionBot?: boolean; inThread?: boolean; mentionEveryone?: boolean; replyTo?: string },
): GatewayMessageCreateDispatchData {
  const from = fields.from ?? world.human;
  const channelId = fields.inThread ? world.threadId : world.channelId;
  const message = messageObject(world, {
    author: from,
    channelId,
    content: fields.content,
    mentions: fields.mentionBot === false ? [] : [world.bot],
    mentionEveryone: fields.mentionEveryone ?? false,
  });
  return {
    ...message,
    guild_id: world.guildId,
    member: member(from),
    mentions: message.mentions.map((mentioned) => ({ ...mentioned, member: member(mentioned) })),
    channel_type: fields.inThread ? ChannelType.PublicThread : ChannelType.GuildText,
    ...(fields.replyTo === undefined ? {} : { type: MessageType.Reply, message_reference: { message_id: fields.replyTo, channel_id: channelId, guild_id: world.guildId } }),
  };
}

/** A DM: no guild_id, no member; `channel_type` is how discord.js builds the partial DM channel. */
export function directMessagePayload(
  world: FakeWorld,
  fields: { content: string; from?: APIUser },
): GatewayMessageCreateDispatchData {
  const message = messageObject(world, {
    author: fields.from ?? world.human,
    channelId: world.dmChannelId,
    content: fields.content,
  });
  return { ...message, mentions: [], channel_type: ChannelType.DM };
}

/** What the REST fake answers to a message-creating call: the bot's message as Discord would store it. */
export function sentMessage(world: FakeWorld, channelId: string, body: Record<string, unknown>): APIMessage {
  const message = messageObject(world, {
    author: world.bot,
    channelId,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [],
    components: Array.isArray(body.components) ? (body.components as NonNullable<APIMessage['components']>) : [],
  });
  const reference = body.message_reference;
  if (reference !== null && typeof reference === 'object' && 'message_id' in reference) {
    return {
      ...message,
      type: MessageType.Reply,
      message_reference: { message_id: String(reference.message_id), channel_id: channelId },
    };
  }
  return message;
}
