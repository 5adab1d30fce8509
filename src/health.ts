// Liveness and readiness over HTTP. /healthz: the process is up. /readyz: the knowledge is loaded
// and every configured adapter is connected — what an orchestrator should route traffic on. Also
// the container's HEALTHCHECK (healthcheck.ts), which must know whether any server runs at all.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningAdapter } from './adapters/adapter.js';

export interface HealthState {
  knowledgeLoaded(): boolean;
  adapters(): readonly RunningAdapter[];
  /** False once shutdown has begun, so load balancers stop sending work. */
  accepting(): boolean;
  /** False while the configured platforms are still being reached (start-up retries). */
  started(): boolean;
  /** Recording for curators: ok, degraded (writes failing, rows queued) or off. Never affects readiness. */
  store?(): 'ok' | 'degraded' | 'off';
}

export interface HealthRoute {
  path: '/healthz' | '/readyz';
  method: 'GET';
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function readiness(state: HealthState): { ready: boolean; knowledge: boolean; accepting: boolean; started: boolean; adapters: Record<string, boolean>; store: 'ok' | 'degraded' | 'off' } {
  const adapters = Object.fromEntries(state.adapters().map((adapter) => [adapter.name, adapter.isReady()]));
  const knowledge = state.knowledgeLoaded();
  const accepting = state.accepting();
  // Until start-up is over, the adapters still missing from the list would make "all ready" vacuous.
  const started = state.started();
  // A store outage is reported, not a reason to stop routing questions here: answers never wait on it.
  const store = state.store?.() ?? 'off';
  return { ready: knowledge && accepting && started && Object.values(adapters).every(Boolean), knowledge, accepting, started, adapters, store };
}

/** The two routes, in the shape Bolt's `customRoutes` takes, so Slack's HTTP port serves them too. */
export function healthRoutes(state: HealthState): HealthRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_request, response) => reply(response, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_request, response) => {
        const status = readiness(state);
        reply(response, status.ready ? 200 : 503, status);
      },
    },
  ];
}

/** A standalone server for the routes, used when no Slack HTTP receiver owns the port. */
export async function startHealthServer(state: HealthState, port: number, host: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const routes = healthRoutes(state);
  const server = createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0];
    const route = routes.find((candidate) => candidate.path === url && request.method === candidate.method);
    if (route) route.handler(request, response);
    else reply(response, 404, { error: 'not found', routes: routes.map((candidate) => candidate.path) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type HealthcheckEnv = Readonly<Record<string, string | undefined>>;

/**
 * The container's HEALTHCHECK. With a platform configured, a server runs and answers /healthz;
 * without one, the process is a console chat (or has already exited), which serves no HTTP: its
 * being alive is all there is to check. Same decision as `footnote serve`, from the same parsers.
 */
export async function checkContainerHealth(
  env: HealthcheckEnv,
  parsers: { platformsConfigured(env: HealthcheckEnv): boolean; port(env: HealthcheckEnv): number; host(env: HealthcheckEnv): string },
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 2_500,
): Promise<{ healthy: boolean; detail: string }> {
  let configured: boolean;
  try {
    configured = parsers.platformsConfigured(env);
  } catch (error) {
    return { healthy: false, detail: `configuration: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!configured) return { healthy: true, detail: 'console chat: no platform configured, no HTTP server to ask' };
  const bound = parsers.host(env);
  // A wildcard bind answers on loopback; a specific address must be asked at that address.
  const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound.includes(':') ? `[${bound}]` : bound;
  const url = `http://${host}:${parsers.port(env)}/healthz`;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { healthy: response.ok, detail: `${url}: ${response.status}` };
  } catch (error) {
    return { healthy: false, detail: `${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
