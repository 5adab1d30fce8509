// boundedFetch over a stand-in fetch: the timeout is a real AbortSignal (short), the Retry-After
// wait is recorded instead of slept, and no socket is opened, so this is a unit test.
import { describe, expect, it } from 'vitest';
import { boundedFetch } from '../../src/adapters/slack/bounded-fetch.js';

interface Post {
  signal: AbortSignal | null | undefined;
}

/** A response_url that answers with `statuses` in turn (the last one repeats), or never. */
function responseUrl(statuses: (number | 'hang')[], headers: Record<string, string> = {}): { fetch: typeof fetch; posts: Post[] } {
  const posts: Post[] = [];
  const stub = (_input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    posts.push({ signal: init?.signal });
    const status = statuses[Math.min(posts.length - 1, statuses.length - 1)];
    if (status !== 'hang') return Promise.resolve(new Response(status === 200 ? 'ok' : null, { status, headers }));
    // Like fetch: pending until the caller's signal aborts, then rejected with its reason.
    return new Promise((_resolve, reject) => {
      const signal = init?.signal;
      if (!signal) return;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { fetch: stub as typeof fetch, posts };
}

function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
  };
  return { waits, sleep };
}

const RESPONSE_URL = 'http://127.0.0.1:1/response';

describe('boundedFetch (response_url posts)', () => {
  it('GIVEN a response_url that never answers THEN the post fails after the timeout', async () => {
    const target = responseUrl(['hang']);
    const started = performance.now();
    await expect(boundedFetch(50, { fetch: target.fetch })(RESPONSE_URL, { method: 'POST', body: '{}' })).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(target.posts).toHaveLength(1);
  });

  it('GIVEN a 429 with Retry-After THEN it waits that long and posts once more', async () => {
    const target = responseUrl([429, 200], { 'retry-after': '3' });
    const { sleep, waits } = recordingSleep();
    const response = await boundedFetch(5_000, { fetch: target.fetch, sleep })(RESPONSE_URL, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(target.posts).toHaveLength(2);
    expect(waits).toEqual([3_000]);
  });

  it('GIVEN a Retry-After that is missing or absurd THEN it waits one second, or at most ten', async () => {
    for (const [header, expected] of [[undefined, 1_000], ['soon', 1_000], ['3600', 10_000]] as const) {
      const target = responseUrl([429, 200], header === undefined ? {} : { 'retry-after': header });
      const { sleep, waits } = recordingSleep();
      await boundedFetch(5_000, { fetch: target.fetch, sleep })(RESPONSE_URL, { method: 'POST', body: '{}' });
      expect(waits, `retry-after: ${String(header)}`).toEqual([expected]);
    }
  });

  it('GIVEN two 429s THEN it gives up after one retry, so Bolt reports the failure', async () => {
    const target = responseUrl([429], { 'retry-after': '0' });
    const { sleep } = recordingSleep();
    const response = await boundedFetch(5_000, { fetch: target.fetch, sleep })(RESPONSE_URL, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    expect(target.posts).toHaveLength(2);
  });

  it('GIVEN a caller that brings its own signal (the Web API client) THEN it is passed through untouched', async () => {
    const target = responseUrl([429]);
    const own = AbortSignal.timeout(2_000);
    const response = await boundedFetch(5_000, { fetch: target.fetch })(RESPONSE_URL, { method: 'POST', body: '{}', signal: own });
    expect(response.status).toBe(429);
    expect(target.posts).toEqual([{ signal: own }]);
  });
});
