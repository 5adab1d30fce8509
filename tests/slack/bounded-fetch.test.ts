import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedFetch } from '../../src/adapters/slack/bounded-fetch.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
}

describe('boundedFetch (response_url posts)', () => {
  it('GIVEN a response_url that never answers THEN the post fails after the timeout', async () => {
    const url = await serve(() => undefined);
    const started = performance.now();
    await expect(boundedFetch(200)(url, { method: 'POST', body: '{}' })).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('GIVEN a 429 with Retry-After THEN it waits and posts once more', async () => {
    const seen: number[] = [];
    const url = await serve((_request, response) => {
      seen.push(performance.now());
      if (seen.length === 1) response.writeHead(429, { 'retry-after': '1' }).end();
      else response.writeHead(200).end('ok');
    });
    const response = await boundedFetch(5_000)(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect((seen[1] as number) - (seen[0] as number)).toBeGreaterThanOrEqual(900);
  });

  it('GIVEN two 429s THEN it gives up after one retry, so Bolt reports the failure', async () => {
    let count = 0;
    const url = await serve((_request, response) => {
      count += 1;
      response.writeHead(429, { 'retry-after': '0' }).end();
    });
    const response = await boundedFetch(5_000)(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    expect(count).toBe(2);
  });

  it('GIVEN a caller that brings its own signal (the Web API client) THEN it is passed through untouched', async () => {
    let count = 0;
    const url = await serve((_request, response) => {
      count += 1;
      response.writeHead(429).end();
    });
    const response = await boundedFetch(5_000)(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2_000) });
    expect(response.status).toBe(429);
    expect(count).toBe(1);
  });
});
