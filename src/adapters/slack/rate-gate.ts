// Per-person fairness for every path that asks the engine a question (mentions, DMs, /ask,
// /timeline, suggested-question buttons). The limiter decides; this module only names the person
// and turns a refusal into the notice the listener shows — once, privately — or into silence.
import { rateLimitedMessage } from '../../engine/messages.js';
import type { Logger } from '../../logger.js';
import type { RateLimiter } from '../../rate-limit.js';
import { renderNotice, type SlackMessage } from './render.js';

export type Admission = { kind: 'allow' } | { kind: 'notify'; notice: SlackMessage } | { kind: 'drop' };

const ALLOW: Admission = Object.freeze({ kind: 'allow' });

/**
 * One key per person across every path and both transports. The team comes from the app's
 * installation (Bolt's context), so it is the same for a mention, a DM, a command and a click.
 */
export function slackUserKey(teamId: string | undefined, userId: string): string {
  return `slack:${teamId ?? '-'}:${userId}`;
}

export function admitQuestion(
  limiter: RateLimiter | undefined,
  logger: Logger,
  who: { teamId: string | undefined; userId: string; path: string },
): Admission {
  if (limiter === undefined) return ALLOW;
  const key = slackUserKey(who.teamId, who.userId);
  const decision = limiter.check(key);
  if (decision === 'allow') return ALLOW;
  const retryAfterSeconds = limiter.retryAfterSeconds(key);
  // A notice is worth an info line; the quiet drops that follow are not (a flood would flood the log).
  const line = { evt: 'slack.rate_limited', decision, user: who.userId, path: who.path, retryAfterSeconds };
  if (decision === 'drop') {
    logger.debug(line, 'question dropped: rate limited, already told');
    return { kind: 'drop' };
  }
  logger.info(line, 'question refused: rate limited');
  return { kind: 'notify', notice: renderNotice(rateLimitedMessage(retryAfterSeconds)) };
}
