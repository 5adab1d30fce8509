// Start-up against a platform that cannot be reached yet — a network still coming up in a fresh
// container, the platform's own outage — is retried with backoff for a while (readiness says 503
// meanwhile), then given up with the reason, so an orchestrator's restart policy takes over. A
// refusal that no retry can change (a revoked token, a port already taken) ends the start at once.

export interface RetryPolicy {
  /** How long to keep trying before giving up (STARTUP_RETRY_MS); 0 tries once. */
  withinMs: number;
  /** The first wait between attempts; each next one doubles, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const START_RETRY_DEFAULTS: Readonly<RetryPolicy> = Object.freeze({ withinMs: 60_000, initialDelayMs: 1_000, maxDelayMs: 10_000 });

/** The policy for a window: a short window (a test's) backs off in proportion, so it still tries several times. */
export function retryPolicy(withinMs: number): RetryPolicy {
  return { withinMs, initialDelayMs: Math.min(START_RETRY_DEFAULTS.initialDelayMs, Math.max(1, Math.floor(withinMs / 10))), maxDelayMs: START_RETRY_DEFAULTS.maxDelayMs };
}

export class StartGaveUpError extends Error {
  override readonly name = 'StartGaveUpError';
}

export interface RetryNotice {
  platform: string;
  attempt: number;
  delayMs: number;
  remainingMs: number;
  reason: string;
}

export interface StartRetryOptions {
  policy: RetryPolicy;
  /** A refusal that retrying cannot change. */
  isPermanent: (error: unknown) => boolean;
  /** Aborted on shutdown: stop waiting and give up. */
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function startWithRetry<T>(platform: string, attempt: () => Promise<T>, options: StartRetryOptions): Promise<T> {
  const { policy, isPermanent, signal, onRetry, sleep = abortableSleep, now = () => performance.now() } = options;
  const started = now();
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (isPermanent(error) || signal?.aborted) throw error;
      const elapsed = now() - started;
      if (elapsed >= policy.withinMs) {
        const seconds = Math.round(elapsed / 100) / 10;
        throw new StartGaveUpError(`${platform} could not be reached in ${seconds} s (${attempts} attempt${attempts === 1 ? '' : 's'}): ${reasonOf(error)}`, { cause: error });
      }
      const backoff = Math.min(policy.initialDelayMs * 2 ** (attempts - 1), policy.maxDelayMs);
      const remainingMs = Math.ceil(policy.withinMs - elapsed);
      const delayMs = Math.min(backoff, remainingMs);
      onRetry?.({ platform, attempt: attempts, delayMs, remainingMs, reason: reasonOf(error) });
      await sleep(delayMs, signal);
      if (signal?.aborted) throw error;
    }
  }
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

/** Socket errors that mean this machine, not the platform, is the problem. */
const LOCAL_REFUSALS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);
/** Slack answers these when it is the one in trouble: worth another try. */
const SLACK_TRANSIENT = new Set(['ratelimited', 'fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

/** Slack answered and said no (a bad token, an app not installed), or the port cannot be had. */
export function isPermanentSlackError(error: unknown): boolean {
  const cause = field(error, 'cause') ?? error;
  if (LOCAL_REFUSALS.has(String(field(cause, 'code')))) return true;
  if (field(cause, 'code') !== 'slack_webapi_platform_error') return false;
  return !SLACK_TRANSIENT.has(String(field(field(cause, 'data'), 'error')));
}

/** Discord refused the token or the intents; anything else (unreachable, 5xx, no READY) may pass. */
export function isPermanentDiscordError(error: unknown): boolean {
  const code = String(field(error, 'code'));
  if (code === 'TokenInvalid' || code === 'TokenMissing' || code === 'DisallowedIntents' || code === 'InvalidIntents') return true;
  const status = field(error, 'status');
  return status === 401 || status === 403;
}
