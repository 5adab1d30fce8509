// The Slack side of the shared render contract: how to read links, visible text and Block Kit
// limit violations out of a Slack message, written against Slack's documented limits.
import type { RenderContract } from '../contract/render-contract.js';
import { renderAnswer, renderTimeline, type SlackMessage } from '../../src/adapters/slack/render.js';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every text object ({type: mrkdwn|plain_text, text}) anywhere in the blocks, with its path. */
function textObjects(blocks: Json): { type: string; text: string; path: string }[] {
  const found: { type: string; text: string; path: string }[] = [];
  const walk = (value: Json, path: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`);
    } else if (isObject(value)) {
      if ((value.type === 'mrkdwn' || value.type === 'plain_text') && typeof value.text === 'string') {
        found.push({ type: value.type, text: value.text, path });
      }
      for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
    }
  };
  walk(blocks, 'blocks');
  return found;
}

function elementsOfType(blocks: Json, type: string): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const walk = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      if (value.type === type) found.push(value);
      Object.values(value).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

const LINK = /<(https?:\/\/[^|>\s]+)\|[^>]*>/g;

export function slackLinks(text: string): string[] {
  return [...text.matchAll(LINK)].map((match) => match[1] ?? '');
}

/** Live mentions and broadcasts: <!channel> <!here> <!everyone> <@U…> <#C…> <!subteam^…>. */
export function slackHasLiveMention(text: string): boolean {
  return /<[!@#]/.test(text);
}

export function slackLimitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks (max 50)`);
  if (message.text.length === 0) problems.push('empty fallback text');
  if (message.text.length > 40_000) problems.push(`fallback text of ${message.text.length} chars (max 40000)`);
  for (const { text, path, type } of textObjects(message.blocks)) {
    if (text.length === 0) problems.push(`${path}: empty ${type}`);
    if (text.length > 3000) problems.push(`${path}: ${text.length} chars (max 3000)`);
  }
  for (const button of elementsOfType(message.blocks, 'button')) {
    const label = isObject(button.text) && typeof button.text.text === 'string' ? button.text.text : '';
    if (label.length > 75) problems.push(`button label of ${label.length} chars (max 75)`);
    if (typeof button.value === 'string' && button.value.length > 2000) problems.push(`button value of ${button.value.length} chars (max 2000)`);
    if (typeof button.action_id === 'string' && button.action_id.length > 255) problems.push('action_id over 255 chars');
  }
  for (const actions of elementsOfType(message.blocks, 'actions')) {
    const elements = Array.isArray(actions.elements) ? actions.elements : [];
    if (elements.length > 25) problems.push(`actions block with ${elements.length} elements (max 25)`);
    const ids = elements.map((element) => (isObject(element) ? element.action_id : undefined));
    if (new Set(ids).size !== ids.length) problems.push('duplicate action_id in one actions block');
  }
  for (const context of elementsOfType(message.blocks, 'context')) {
    const elements = Array.isArray(context.elements) ? context.elements : [];
    if (elements.length > 10) problems.push(`context block with ${elements.length} elements (max 10)`);
  }
  return problems;
}

export const slackRenderContract: RenderContract<SlackMessage> = {
  platform: 'slack',
  renderAnswer: (answer) => renderAnswer(answer),
  renderTimeline: (timeline) => renderTimeline(timeline),
  sourceLinks: (message) => [
    ...new Set(textObjects(message.blocks).flatMap(({ type, text }) => (type === 'mrkdwn' ? slackLinks(text) : []))),
  ],
  visibleText: (message) => [message.text, ...textObjects(message.blocks).map(({ text }) => text)].join('\n'),
  limitViolations: slackLimitViolations,
  hasLiveMention: slackHasLiveMention,
};
