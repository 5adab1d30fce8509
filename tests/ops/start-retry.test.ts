// Start-up retry, on a virtual clock: a platform that cannot be reached is tried again with
// doubling waits until the window closes, then given up with the reason; a refusal that retrying
// cannot change is not retried; shutdown ends the wait.
import { describe, expect, it } from 'vitest';
import { isPermanentDiscordError, isPermanentSlackError, retryPolicy, START_RETRY_DEFAULTS, startWithRetry, StartGaveUpError, type RetryNotice } from '../../src/start-retry.js';

/** A clock that only moves when the code under test sleeps (or an attempt takes time). */
function virtualClock(): { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    slept,
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
  };
}

const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });

describe('GIVEN a platform that cannot be reached at start-up', () => {
  it('WHEN it never comes up THEN the waits double up to the cap, stay within the window, and the error names the platform, the time and the reason', async () => {
    const clock = virtualClock();
    const notices: RetryNotice[] = [];
    let attempts = 0;
    const start = startWithRetry(
      'Discord',
      async () => {
        attempts += 1;
        clock.advance(50);
        throw unreachable;
      },
      { policy: START_RETRY_DEFAULTS, isPermanent: () => false, sleep: clock.sleep, now: clock.now, onRetry: (notice) => notices.push(notice) },
    );
    const error = await start.then(() => null, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(StartGaveUpError);
    expect(String(error)).toMatch(/^StartGaveUpError: Discord could not be reached in 60(\.\d)? s \(\d+ attempts\): connect ECONNREFUSED/);
    expect((error as Error).cause).toBe(unreachable);
    expect(clock.slept.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(Math.max(...clock.slept)).toBe(10_000);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
    expect(clock.now()).toBeLessThan(60_000 + 100);
    expect(attempts).toBe(clock.slept.length + 1);
    expect(notices.map((notice) => notice.attempt)).toEqual(clock.slept.map((_, index) => index + 1));
    expect(notices[0]).toMatchObject({ platform: 'Discord', delayMs: 1_000, reason: unreachable.message });
  });

  it('WHEN it comes up on the third try THEN that start is returned, after two waits', async () => {
    const clock = virtualClock();
    let attempts = 0;
    const adapter = await startWithRetry(
      'Slack',
      async () => {
        attempts += 1;
        if (attempts < 3) throw unreachable;
        return 'running';
      },
      { policy: START_RETRY_DEFAULTS, isPermanent: () => false, sleep: clock.sleep, now: clock.now },
    );
    expect(adapter).toBe('running');
    expect(clock.slept).toEqual([1_000, 2_000]);
  });

  it('WHEN the refusal is permanent THEN it fails at once, with the original error', async () => {
    const clock = virtualClock();
    const refused = new Error('An invalid token was provided.');
    const error = await startWithRetry('Discord', () => Promise.reject(refused), { policy: START_RETRY_DEFAULTS, isPermanent: (e) => e === refused, sleep: clock.sleep, now: clock.now }).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(clock.slept).toEqual([]);
  });

  it('WHEN the window is 0 THEN it tries once', async () => {
    const clock = virtualClock();
    const error = await startWithRetry('Slack', () => Promise.reject(unreachable), { policy: retryPolicy(0), isPermanent: () => false, sleep: clock.sleep, now: clock.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartGaveUpError);
    expect(clock.slept).toEqual([]);
  });

  it('WHEN shutdown begins during a wait THEN it stops retrying at once, on the real clock', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const started = performance.now();
    const start = startWithRetry(
      'Discord',
      async () => {
        attempts += 1;
        throw unreachable;
      },
      { policy: START_RETRY_DEFAULTS, isPermanent: () => false, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(start).rejects.toBe(unreachable);
    expect(attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('GIVEN a short window (a test) THEN the waits shrink with it; the default is 1 s doubling to 10 s within 60 s', () => {
    expect(retryPolicy(60_000)).toEqual({ withinMs: 60_000, initialDelayMs: 1_000, maxDelayMs: 10_000 });
    expect(retryPolicy(2_000).initialDelayMs).toBe(200);
    expect(retryPolicy(0).initialDelayMs).toBe(1);
  });
});

describe('GIVEN the errors each platform raises at start-up', () => {
  const slack = (code: string, data?: { error: string }): Error => Object.assign(new Error('Slack auth.test failed'), { cause: Object.assign(new Error(code), { code, data }) });

  it('THEN Slack saying no (a bad token, an app not installed) and a port already taken are permanent', () => {
    expect(isPermanentSlackError(slack('slack_webapi_platform_error', { error: 'invalid_auth' }))).toBe(true);
    expect(isPermanentSlackError(slack('slack_webapi_platform_error', { error: 'not_allowed_token_type' }))).toBe(true);
    expect(isPermanentSlackError(slack('EADDRINUSE'))).toBe(true);
  });

  it('THEN Slack unreachable, answering 5xx, or saying it is in trouble is worth another try', () => {
    expect(isPermanentSlackError(slack('slack_webapi_request_error'))).toBe(false);
    expect(isPermanentSlackError(slack('slack_webapi_http_error'))).toBe(false);
    expect(isPermanentSlackError(slack('slack_webapi_platform_error', { error: 'service_unavailable' }))).toBe(false);
    expect(isPermanentSlackError(new Error('socket hang up'))).toBe(false);
  });

  it('THEN Discord refusing the token or intents is permanent; unreachable, 5xx or no READY is not', () => {
    expect(isPermanentDiscordError(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }))).toBe(true);
    expect(isPermanentDiscordError(Object.assign(new Error('Used disallowed intents'), { code: 'DisallowedIntents' }))).toBe(true);
    expect(isPermanentDiscordError(Object.assign(new Error('401: Unauthorized'), { status: 401 }))).toBe(true);
    expect(isPermanentDiscordError(unreachable)).toBe(false);
    expect(isPermanentDiscordError(Object.assign(new Error('Service Unavailable'), { status: 503 }))).toBe(false);
    expect(isPermanentDiscordError(new Error('Discord did not become ready within 30000 ms'))).toBe(false);
  });
});
