// What the property tests hold every renderer to, per platform. The shared render contract
// (tests/contract/render-contract.ts) defines sourceLinks / visibleText / limitViolations /
// hasLiveMention for Slack and Discord; these checks use them and add stricter readings of the same
// promises: every link-shaped sequence anywhere (not only well-formed links) must be a knowledge URL,
// and mentions are looked for in the text as the platform shows it (escapes undone) as well as raw.
// The console gets its own adapter here: its "sources area" is the block under "Sources:", and its
// limit is the terminal's — no control characters that could clear the screen or forge a hyperlink.
import type { Answer, Timeline, TimelineRequestError } from '../../src/engine/types.js';
import * as consoleRender from '../../src/adapters/console/render.js';
import * as slackRender from '../../src/adapters/slack/render.js';
import { MESSAGES as SLACK_MESSAGES } from '../../src/adapters/slack/messages.js';
import * as discordRender from '../../src/adapters/discord/render.js';
import { MESSAGES as DISCORD_MESSAGES } from '../../src/adapters/discord/messages.js';
import { markdownText } from '../../src/adapters/discord/render-text.js';
import type { RenderContract } from '../contract/render-contract.js';
import { slackRenderContract } from '../slack/slack-render-contract.js';
import { discordRenderContract } from '../discord/render-contract-discord.js';

/** What a rendered reply may link to and must show. */
export interface Expectation {
  /** The only URLs allowed as links (the reply's own sources, all from the knowledge). */
  allowed: ReadonlySet<string>;
  /** URLs that must appear as links (an answer's sources; timeline events may be cut). */
  required: ReadonlySet<string>;
  /** An answered reply must show at least one source link. */
  answered: boolean;
  /** A Slack user id deliberately mentioned as the asker, if any. */
  asker?: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Options an adapter passes when it echoes who asked what (Slack only uses them). */
export interface EchoOptions {
  askedBy?: string;
  asked?: string;
}

export interface Platform<Payload> {
  name: 'console' | 'slack' | 'discord';
  renderAnswer(answer: Answer, echo: EchoOptions): Payload;
  renderTimeline(timeline: Timeline, echo: EchoOptions): Payload;
  /** How the adapter shows a timeline request it could not serve. */
  renderTimelineError(error: TimelineRequestError): Payload;
  /** Every problem with the payload; empty when it keeps all promises. */
  problems(payload: Payload, expectation: Expectation): string[];
}

function linkProblems(links: readonly string[], expectation: Expectation): string[] {
  const problems: string[] = [];
  for (const link of links) if (!expectation.allowed.has(link)) problems.push(`forged or foreign link ${JSON.stringify(link)}`);
  for (const url of expectation.required) if (!links.includes(url)) problems.push(`source ${url} not shown as a link`);
  if (expectation.answered && links.length === 0) problems.push('answered without a source link');
  return problems;
}

// ---------------------------------------------------------------- console

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/u;
const URLISH = /[a-z][a-z0-9+.-]*:\/\/[^\s]*/giu;

/** URLs (anything scheme://-shaped) in the block(s) under a "Sources:" line, up to the next unindented line. */
export function consoleSourceLinks(text: string): string[] {
  const links: string[] = [];
  let inSources = false;
  for (const line of text.split('\n')) {
    if (line === 'Sources:') {
      inSources = true;
      continue;
    }
    if (inSources && !line.startsWith(' ')) inSources = false;
    if (inSources) links.push(...(line.match(URLISH) ?? []));
  }
  return links;
}

export function consoleLimitViolations(text: string): string[] {
  const problems: string[] = [];
  const control = CONTROL.exec(text);
  if (control) problems.push(`control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} reaches the terminal`);
  const bidi = BIDI.exec(text);
  if (bidi) problems.push(`bidi control U+${bidi[0].charCodeAt(0).toString(16)} reaches the terminal`);
  // Even from input with lone surrogates: no half characters reach a terminal or a platform API.
  if (!isWellFormed(text)) problems.push('lone surrogate in output');
  return problems;
}

export const consolePlatform: Platform<string> = {
  name: 'console',
  renderAnswer: (answer) => consoleRender.renderAnswer(answer, { numbered: true }),
  renderTimeline: (timeline) => consoleRender.renderTimeline(timeline),
  renderTimelineError: (error) => consoleRender.renderTimelineError(error),
  // A terminal cannot ping anyone; its injection risk is escape sequences, checked as a limit.
  problems: (text, expectation) => [...consoleLimitViolations(text), ...linkProblems(consoleSourceLinks(text), expectation)],
};

// ---------------------------------------------------------------- slack

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function slackTexts(message: slackRender.SlackMessage): { type: string; text: string }[] {
  const found: { type: string; text: string }[] = [{ type: 'fallback', text: message.text }];
  const walk = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      if ((value.type === 'mrkdwn' || value.type === 'plain_text') && typeof value.text === 'string') found.push({ type: value.type, text: value.text });
      Object.values(value).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}

/**
 * Every `<…>` control sequence in Slack text (mrkdwn and the fallback) must be a link to an allowed
 * URL or the asker's own mention; escaped user text contributes no `<` at all.
 */
function slackSequenceProblems(message: slackRender.SlackMessage, expectation: Expectation): string[] {
  const problems: string[] = [];
  for (const { type, text } of slackTexts(message)) {
    if (text.trim() === '') problems.push(`blank ${type}`);
    if (type === 'plain_text') continue;
    const rest = text.replace(/<(https?:\/\/[^|>\s]+)\|[^<>]*>/g, (whole, url: string) => (expectation.allowed.has(url) ? '' : whole));
    const withoutAsker = expectation.asker === undefined ? rest : rest.split(`<@${expectation.asker}>`).join('');
    if (withoutAsker.includes('<')) problems.push(`unexpected control sequence in ${type}: ${JSON.stringify(withoutAsker.slice(withoutAsker.indexOf('<'), withoutAsker.indexOf('<') + 40))}`);
    if (!isWellFormed(text)) problems.push(`lone surrogate in ${type}`);
  }
  return problems;
}

function contractProblems<Payload>(contract: RenderContract<Payload>, payload: Payload, expectation: Expectation, visible: (text: string) => string): string[] {
  const problems = [...contract.limitViolations(payload)];
  const text = visible(contract.visibleText(payload));
  if (contract.hasLiveMention(text)) problems.push(`live mention in ${JSON.stringify(text.slice(0, 200))}`);
  problems.push(...linkProblems(contract.sourceLinks(payload), expectation));
  return problems;
}

export const slackPlatform: Platform<slackRender.SlackMessage> = {
  name: 'slack',
  renderAnswer: (answer, echo) => slackRender.renderAnswer(answer, echo),
  renderTimeline: (timeline, echo) => slackRender.renderTimeline(timeline, echo),
  // As the /timeline listener does it.
  renderTimelineError: (error) => slackRender.renderNotice(SLACK_MESSAGES.timelineProblem(error.message, error.example)),
  problems: (message, expectation) => [
    // The asker's own mention is deliberate; nothing else may be one.
    ...contractProblems(slackRenderContract, message, expectation, (text) => (expectation.asker === undefined ? text : text.split(`<@${expectation.asker}>`).join(''))),
    ...slackSequenceProblems(message, expectation),
  ],
};

// ---------------------------------------------------------------- discord

/**
 * Masked-link targets in Discord markdown: every `](` whose `]` is not backslash-escaped opens a
 * link target as far as this check is concerned, whether or not an opening `[` survived.
 */
export function discordLinkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(/(\\*)\]\(/g)) {
    if ((match[1]?.length ?? 0) % 2 === 1) continue;
    const after = markdown.slice((match.index ?? 0) + match[0].length);
    targets.push(/^\s*<?([^\s)>]*)/.exec(after)?.[1] ?? '');
  }
  return targets;
}

/** Markdown as Discord shows it: backslash escapes of punctuation undone. */
const unescapeDiscord = (text: string): string => text.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

function discordStrictProblems(message: discordRender.RenderedMessage, expectation: Expectation): string[] {
  const problems: string[] = [];
  const markdownSurfaces = [message.content ?? '', ...message.embeds.flatMap((embed) => [embed.description ?? '', ...(embed.fields ?? []).map((field) => field.value)])];
  for (const target of markdownSurfaces.flatMap(discordLinkTargets)) {
    if (!expectation.allowed.has(target)) problems.push(`masked link to ${JSON.stringify(target)}`);
  }
  // The sources area proper: any URL there, linked or bare, is a knowledge URL.
  for (const field of message.embeds.flatMap((embed) => embed.fields ?? [])) {
    for (const url of field.value.match(/https?:\/\/[^\s)>\]]+/g) ?? []) if (!expectation.allowed.has(url)) problems.push(`URL ${url} in field ${field.name}`);
  }
  const everything = discordRenderContract.visibleText(message);
  for (const row of message.components) for (const button of row.components) if ((button.label ?? '').trim() === '' && button.emoji === undefined) problems.push('button without a label');
  const customIds = message.components.flatMap((row) => row.components.map((button) => button.custom_id));
  if (!isWellFormed(everything) || !customIds.every(isWellFormed)) problems.push('lone surrogate in output');
  if (message.allowedMentions.parse.length !== 0 || message.allowedMentions.repliedUser) problems.push('allowedMentions would ping');
  return problems;
}

export const discordPlatform: Platform<discordRender.RenderedMessage> = {
  name: 'discord',
  renderAnswer: (answer) => discordRender.renderAnswer(answer),
  renderTimeline: (timeline) => discordRender.renderTimeline(timeline),
  // As the /timeline command does it.
  renderTimelineError: (error) => discordRender.renderNotice(DISCORD_MESSAGES.timelineProblem(markdownText(error.message)), { ephemeral: true }),
  problems: (message, expectation) => [
    ...contractProblems(discordRenderContract, message, expectation, (text) => text),
    ...(discordRenderContract.hasLiveMention(unescapeDiscord(discordRenderContract.visibleText(message))) ? ['live mention once escapes are undone'] : []),
    ...discordStrictProblems(message, expectation),
  ],
};

export const PLATFORMS = [consolePlatform, slackPlatform, discordPlatform] as const;
