// Button rows under an answer: the questions to ask next, and the feedback pair.
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord.js';
import type { Suggestion } from '../../engine/types.js';
import { wellFormed } from '../safe-text.js';
import { askButtonId, feedbackButtonId } from './custom-ids.js';
import { EMBED_LIMITS } from './limits.js';
import { MESSAGES } from './messages.js';
import { plainText, truncate } from './render-text.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export function suggestionRows(suggestions: readonly Suggestion[], style: ButtonStyle.Primary | ButtonStyle.Secondary): ButtonRow[] {
  const buttons: APIButtonComponentWithCustomId[] = [];
  const seen = new Set<string>();
  for (const suggestion of suggestions) {
    const customId = wholeCharacters(askButtonId(suggestion));
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

/** A custom id cut at 100 units can end in half an emoji; Discord wants valid text, so that half goes. */
function wholeCharacters(customId: string | null): string | null {
  return customId === null ? null : wellFormed(customId.replace(/[\ud800-\udbff]$/, ''));
}

export function feedbackRow(entry: string): ButtonRow[] {
  const helpful = feedbackButtonId(entry, true);
  const notHelpful = feedbackButtonId(entry, false);
  // An id Discord could not store intact (half an emoji) could never be matched back to its entry.
  if (helpful === null || notHelpful === null || wellFormed(helpful) !== helpful) return [];
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
