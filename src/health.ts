// Liveness and readiness over HTTP. /healthz: the process is up. /readyz: the knowledge is loaded
// and every configured adapter is connected — what an orchestrator should route traffic on.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningAdapter } from './adapters/adapter.js';

export interface HealthState {
  knowledgeLoaded(): boolean;
  adapters(): readonly RunningAdapter[];
  /** False once shutdown has begun, so load balancers stop sending work. */
  accepting(): boolean;
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

export function readiness(state: HealthState): { ready: boolean; knowledge: boolean; accepting: boolean; adapters: Record<string, boolean> } {
  const adapters = Object.fromEntries(state.adapters().map((adapter) => [adapter.name, adapter.isReady()]));
  const knowledge = state.knowledgeLoaded();
  const accepting = state.accepting();
  return { ready: knowledge && accepting && Object.values(adapters).every(Boolean), knowledge, accepting, adapters };
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
