// Per-person fairness for every path that asks the engine a question (mentions, DMs, /ask,
// /timeline, suggested-question buttons). The limiter decides; this module names the person and
// words the refusal. What is sent is the caller's business: interactions must be answered (so
// every refusal is an ephemeral notice), channel messages get one public notice and then silence.
import { rateLimitedMessage } from '../../engine/messages.js';
import type { Logger } from '../../logger.js';
import type { RateLimiter } from '../../rate-limit.js';

export type Admission = { kind: 'allow' } | { kind: 'notify' | 'drop'; notice: string };

const ALLOW: Admission = Object.freeze({ kind: 'allow' });

/** Discord user ids are global, so the id alone names the person everywhere (guilds and DMs). */
export function discordUserKey(userId: string): string {
  return `discord:${userId}`;
}

export function admitQuestion(limiter: RateLimiter | undefined, logger: Logger, who: { userId: string; path: string }): Admission {
  if (limiter === undefined) return ALLOW;
  const key = discordUserKey(who.userId);
  const decision = limiter.check(key);
  if (decision === 'allow') return ALLOW;
  const retryAfterSeconds = limiter.retryAfterSeconds(key);
  const line = { decision, user: who.userId, path: who.path, retryAfterSeconds };
  // The first refusal is worth an info line; the ones after it are not (a flood would flood the log).
  if (decision === 'notify') logger.info(line, 'discord.rate_limited');
  else logger.debug(line, 'discord.rate_limited');
  return { kind: decision, notice: rateLimitedMessage(retryAfterSeconds) };
}
