// Discord's message limits in one place, and a checker that names every one a message breaks. The
// renderer stays inside them by construction; the checker is what tests hold it to.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { RenderedMessage } from './render.js';

export const EMBED_LIMITS = Object.freeze({
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  content: 2000,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
});

/** Title, description, field names and values, footer and author: what Discord counts toward 6,000. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fieldsLength(embed.fields ?? []) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/** Every Discord limit the message breaks, in words; empty when it is sendable. */
export function limitViolations(message: RenderedMessage): string[] {
  const problems: string[] = [];
  if ((message.content?.length ?? 0) > EMBED_LIMITS.content) problems.push(`content longer than ${EMBED_LIMITS.content}`);
  if (message.embeds.length > 10) problems.push('more than 10 embeds');
  const total = message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > EMBED_LIMITS.total) problems.push(`embeds total ${total} > ${EMBED_LIMITS.total}`);
  for (const embed of message.embeds) {
    if ((embed.title?.length ?? 0) > EMBED_LIMITS.title) problems.push('title too long');
    if ((embed.description?.length ?? 0) > EMBED_LIMITS.description) problems.push(`description ${embed.description?.length} > ${EMBED_LIMITS.description}`);
    if ((embed.fields?.length ?? 0) > EMBED_LIMITS.fields) problems.push('more than 25 fields');
    for (const field of embed.fields ?? []) {
      if (field.name.length === 0 || field.name.length > EMBED_LIMITS.fieldName) problems.push('field name empty or too long');
      if (field.value.length === 0 || field.value.length > EMBED_LIMITS.fieldValue) problems.push(`field value ${field.value.length} chars`);
    }
    if ((embed.footer?.text.length ?? 0) > EMBED_LIMITS.footer) problems.push('footer too long');
  }
  if (message.components.length > EMBED_LIMITS.rows) problems.push('more than 5 action rows');
  const customIds = new Set<string>();
  for (const row of message.components) {
    if (row.components.length > EMBED_LIMITS.buttonsPerRow) problems.push('more than 5 buttons in a row');
    for (const button of row.components) {
      if (button.custom_id.length > 100) problems.push(`custom_id longer than 100: ${button.custom_id}`);
      if (customIds.has(button.custom_id)) problems.push(`duplicate custom_id ${button.custom_id}`);
      customIds.add(button.custom_id);
      if ((button.label?.length ?? 0) > EMBED_LIMITS.buttonLabel) problems.push('button label longer than 80');
    }
  }
  return problems;
}

export function fieldsLength(fields: readonly APIEmbedField[]): number {
  return fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}
