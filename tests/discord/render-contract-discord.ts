// The Discord renderer seen through the shared render contract (tests/contract/render-contract.ts).
import { renderAnswer, renderTimeline, limitViolations, type RenderedMessage } from '../../src/adapters/discord/render.js';
import { linkUrls } from '../../src/adapters/discord/render-text.js';
import type { RenderContract } from '../contract/render-contract.js';

function texts(message: RenderedMessage): string[] {
  const parts = [message.content ?? ''];
  for (const embed of message.embeds) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '', embed.author?.name ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  for (const row of message.components) for (const button of row.components) parts.push(button.label ?? '');
  return parts;
}

export const discordRenderContract: RenderContract<RenderedMessage> = {
  platform: 'discord',
  renderAnswer,
  renderTimeline,
  sourceLinks: (message) =>
    message.embeds.flatMap((embed) => [
      ...linkUrls(embed.description ?? ''),
      ...(embed.fields ?? []).flatMap((field) => linkUrls(field.value)),
    ]),
  visibleText: (message) => texts(message).join('\n'),
  limitViolations,
  // Mentions Discord would resolve in message text; embeds never ping, but content and copies do.
  hasLiveMention: (text) => /@(everyone|here)\b|<@[!&]?\d+>|<#\d+>/.test(text),
};
