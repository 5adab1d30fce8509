// The one button codec, for every platform. A button carries ids, never text to match again: the
// reply it sits under (so feedback and the option picked can be tied to what was asked) and, to ask
// a question, the entry id the engine already resolved. Slack puts the payload in a button's value
// (up to 2,000 characters), Discord in its custom_id (up to 100).
//   q|<reply>|<entry>   ask this entry (a related or clarify option)
//   f|<reply>|y  f|<reply>|n   this reply helped, or did not
export const BUTTON_PAYLOAD_LIMITS = Object.freeze({ slack: 2_000, discord: 100 });

export type ButtonAction =
  | { kind: 'ask'; reply: string | null; entry: string }
  /** `entry` is known only from buttons of the previous version, which carried it instead of a reply id. */
  | { kind: 'feedback'; reply: string | null; helpful: boolean; entry: string | null };

const SEPARATOR = '|';
const REPLY_ID = /^[0-9a-z]{1,24}$/;
const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The payload for `action`, or null when it would not fit in `maxLength` (the button is then left out). */
export function encodeButton(action: ButtonAction, maxLength: number): string | null {
  const reply = action.reply ?? '';
  const payload = action.kind === 'ask' ? ['q', reply, action.entry].join(SEPARATOR) : ['f', reply, action.helpful ? 'y' : 'n'].join(SEPARATOR);
  return payload.length <= maxLength ? payload : null;
}

/** Feedback buttons of the previous version: Discord's `fb|up|<entry>`, Slack's `{"entry":…,"question":…}`. */
function previousFeedback(payload: string): ButtonAction | null {
  const discord = /^fb\|(up|down)\|([^|]+)$/.exec(payload);
  if (discord !== null && ENTRY_ID.test(discord[2] as string)) return { kind: 'feedback', reply: null, helpful: discord[1] === 'up', entry: discord[2] as string };
  if (!payload.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    const entry = typeof parsed === 'object' && parsed !== null ? (parsed as { entry?: unknown }).entry : undefined;
    return typeof entry === 'string' && ENTRY_ID.test(entry) ? { kind: 'feedback', reply: null, helpful: true, entry } : null;
  } catch {
    return null;
  }
}

/**
 * The action a payload asks for, or null for anything this version did not make (another app's
 * button, a forged payload, a question-text button of the previous version). A feedback button of
 * the previous version decodes with its entry; Slack's carried its verdict in the action id, which
 * the adapter applies (`helpful` here is only a default for it).
 */
export function decodeButton(payload: unknown): ButtonAction | null {
  if (typeof payload !== 'string') return null;
  const [kind, reply = '', last = '', ...extra] = payload.split(SEPARATOR);
  if (extra.length > 0 || (reply !== '' && !REPLY_ID.test(reply))) return previousFeedback(payload);
  const replyId = reply === '' ? null : reply;
  if (kind === 'q' && ENTRY_ID.test(last)) return { kind: 'ask', reply: replyId, entry: last };
  if (kind === 'f' && (last === 'y' || last === 'n')) return { kind: 'feedback', reply: replyId, helpful: last === 'y', entry: null };
  return previousFeedback(payload);
}
