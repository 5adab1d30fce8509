// Button custom ids carry everything a click needs, because the bot keeps no per-message state:
// a click may arrive after a restart. Discord caps a custom id at 100 characters.
import type { Suggestion } from '../../engine/types.js';

export const CUSTOM_ID_MAX = 100;
const SEPARATOR = '|';

export type ButtonAction =
  | { kind: 'ask'; entry: string; question: string }
  | { kind: 'feedback'; entry: string; helpful: boolean };

/**
 * The engine answers questions, not entry ids, so an ask button holds the canonical question —
 * cut to fit when it is long (the engine's matcher finds the entry from a long prefix) — and the
 * entry id so the click handler can tell when the prefix matched something else.
 * Null when even the entry id does not fit.
 */
export function askButtonId(suggestion: Suggestion): string | null {
  const head = `ask${SEPARATOR}${suggestion.entry}${SEPARATOR}`;
  if (suggestion.entry.includes(SEPARATOR) || head.length >= CUSTOM_ID_MAX - 10) return null;
  return head + suggestion.question.slice(0, CUSTOM_ID_MAX - head.length);
}

export function feedbackButtonId(entry: string, helpful: boolean): string | null {
  const id = ['fb', helpful ? 'up' : 'down', entry].join(SEPARATOR);
  return entry.includes(SEPARATOR) || id.length > CUSTOM_ID_MAX ? null : id;
}

/** Null for anything this version did not produce (old buttons, other bots' ids). */
export function parseButtonId(customId: string): ButtonAction | null {
  const [kind, second, ...rest] = customId.split(SEPARATOR);
  if (kind === 'ask' && second && rest.length > 0) {
    const question = rest.join(SEPARATOR);
    return question.trim() === '' ? null : { kind: 'ask', entry: second, question };
  }
  if (kind === 'fb' && (second === 'up' || second === 'down') && rest.length === 1 && rest[0]) {
    return { kind: 'feedback', entry: rest[0], helpful: second === 'up' };
  }
  return null;
}
