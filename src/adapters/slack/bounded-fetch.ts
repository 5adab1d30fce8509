// Bolt's respond() (used by /ask, /timeline and the buttons) posts to the response_url with a bare
// fetch: no timeout, no retry. A hung response_url would hold a listener indefinitely and a 429
// would lose the answer. This fetch gives those posts the same bounds as the Web API client.
const MAX_RETRY_AFTER_SECONDS = 10;

export interface BoundedFetchOptions {
  /** The fetch underneath (tests pass one that needs no socket). */
  fetch?: typeof fetch;
  /** How a Retry-After is waited out (tests pass one that records the wait instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function boundedFetch(timeoutMs: number, options: BoundedFetchOptions = {}): typeof fetch {
  const { fetch: inner = fetch, sleep = sleepFor } = options;
  return async (input, init) => {
    // The Web API client sets its own signal (and retries itself): leave its calls alone.
    if (init?.signal) return inner(input, init);
    for (let attempt = 0; ; attempt += 1) {
      const response = await inner(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status !== 429 || attempt >= 1) return response;
      const seconds = Math.min(Number(response.headers.get('retry-after')) || 1, MAX_RETRY_AFTER_SECONDS);
      await sleep(seconds * 1_000);
    }
  };
}
