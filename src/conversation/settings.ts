// The conversation layer's two settings, read once from the environment at start-up like every
// other: how long a conversation's context lives, and how many conversations are held at most.
import { z } from 'zod';
import { CONVERSATION_DEFAULTS, type ConversationSettings } from './conversation.js';

const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const conversationEnvSchema = z.object({
  CONVERSATION_TTL_MS: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a number of milliseconds of at least 1' }).int().min(1).default(CONVERSATION_DEFAULTS.ttlMs)),
  CONVERSATION_MAX: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a whole number of at least 1' }).int().min(1).default(CONVERSATION_DEFAULTS.max)),
});

export function parseConversationSettings(env: Readonly<Record<string, string | undefined>>): Pick<ConversationSettings, 'ttlMs' | 'max'> {
  const parsed = conversationEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`).join('; ')}.`);
  }
  return { ttlMs: parsed.data.CONVERSATION_TTL_MS, max: parsed.data.CONVERSATION_MAX };
}
