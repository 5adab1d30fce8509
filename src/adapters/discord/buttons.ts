// Button rows under an answer: the questions to ask next, and the feedback pair. Each custom_id is
// the shared codec's payload (src/conversation/buttons.ts): the reply id and, for a question, the
// entry id — never question text, so nothing is matched again and nothing is cut to 100 characters.
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord.js';
import { BUTTON_PAYLOAD_LIMITS, encodeButton } from '../../conversation/buttons.js';
import type { Suggestion } from '../../engine/types.js';
import { EMBED_LIMITS } from './limits.js';
import { MESSAGES } from './messages.js';
import { plainText, truncate } from './render-text.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export function suggestionRows(suggestions: readonly Suggestion[], style: ButtonStyle.Primary | ButtonStyle.Secondary, reply: string | null): ButtonRow[] {
  const buttons: APIButtonComponentWithCustomId[] = [];
  const seen = new Set<string>();
  for (const suggestion of suggestions) {
    const customId = encodeButton({ kind: 'ask', reply, entry: suggestion.entry }, BUTTON_PAYLOAD_LIMITS.discord);
    if (customId === null || seen.has(customId)) continue;
    // A button needs a label; a blank question (never from the engine) is left out.
    const label = truncate(plainText(suggestion.question), EMBED_LIMITS.buttonLabel);
    if (label === '') continue;
    seen.add(customId);
    buttons.push({ type: ComponentType.Button, style, label, custom_id: customId });
  }
  const rows: ButtonRow[] = [];
  for (let start = 0; start < buttons.length; start += EMBED_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + EMBED_LIMITS.buttonsPerRow) });
  }
  return rows.slice(0, EMBED_LIMITS.rows - 1);
}

export function feedbackRow(reply: string | null): ButtonRow[] {
  const helpful = encodeButton({ kind: 'feedback', reply, helpful: true, entry: null }, BUTTON_PAYLOAD_LIMITS.discord);
  const notHelpful = encodeButton({ kind: 'feedback', reply, helpful: false, entry: null }, BUTTON_PAYLOAD_LIMITS.discord);
  if (helpful === null || notHelpful === null) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: MESSAGES.helpfulLabel, custom_id: helpful, emoji: { name: '👍' } },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: MESSAGES.notHelpfulLabel, custom_id: notHelpful, emoji: { name: '👎' } },
      ],
    },
  ];
}
