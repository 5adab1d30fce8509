// The Dockerfile's essentials, checked statically: no Docker engine runs on CI machines. The image
// itself was built and run with a podman stand-in for issues 5 and 10 (no tokens: exit 1 with the
// -it hint; -it: a chat that stops on SIGTERM and reports healthy; tokens: /healthz). What the
// HEALTHCHECK decides is tested in tests/ops/health.test.ts, start-up retries in start-up.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAppConfig, PROJECT_ROOT } from '../../src/config.js';

const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (/^FROM\s/i.test(line)) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const runtime = stages.at(-1) ?? [];
const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('Dockerfile', () => {
  it('GIVEN the stages THEN it builds in one and runs a slim current-LTS image in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime[0]).toMatch(/^FROM node:(2[2-9]|lts)[\w.-]*slim/);
    expect(runtime.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.join('\n')).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('GIVEN the runtime stage THEN non-root user, production, port, and the knowledge copied once, owned by that user', () => {
    const user = runtime.filter((line) => /^USER\s/i.test(line)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/i);
    expect(runtime.join('\n')).toMatch(/ENV[^\n]*NODE_ENV=production/);
    expect(runtime).toContain('EXPOSE 3000');
    const knowledgeCopies = runtime.filter((line) => /^COPY\b.*\bknowledge\b/.test(line));
    expect(user).toBe('USER node');
    expect(knowledgeCopies).toEqual(['COPY --chown=node:node knowledge ./knowledge']);
    // A recursive chown stores every file again in a new layer.
    expect(runtime.join('\n')).not.toMatch(/chown\s+-R/);
  });

  it('GIVEN a container run without --rm THEN no anonymous volume is left behind, and no frontend image is pulled', () => {
    expect(instructions.filter((line) => /^VOLUME\b/i.test(line))).toEqual([]);
    expect(dockerfile).not.toMatch(/^#\s*syntax=/m);
  });

  it('GIVEN the HEALTHCHECK THEN it runs the built health check, which the build produces, within the stop grace', () => {
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK')) ?? '';
    const argv = JSON.parse(healthcheck.replace(/^HEALTHCHECK\b.*?\bCMD\s+/, '')) as string[];
    expect(argv).toEqual(['node', 'dist/healthcheck.js']);
    expect(existsSync(path.join(PROJECT_ROOT, 'src', 'healthcheck.ts'))).toBe(true);
    const timeout = /--timeout=(\d+)s/.exec(healthcheck)?.[1];
    expect(Number(timeout)).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN docker stop (SIGTERM, then SIGKILL after 10 s) THEN the default drain ends before the kill, and the image does not lengthen it', () => {
    const DOCKER_STOP_GRACE_MS = 10_000;
    expect(parseAppConfig({}).shutdownTimeoutMs).toBeLessThanOrEqual(DOCKER_STOP_GRACE_MS - 1_000);
    expect(instructions.filter((line) => /SHUTDOWN_TIMEOUT_MS/.test(line))).toEqual([]);
  });

  it('GIVEN CMD THEN it is the start script, and no secret is baked in', () => {
    const cmd = runtime.find((line) => line.startsWith('CMD'));
    const argv = JSON.parse((cmd ?? 'CMD []').slice(3).trim()) as string[];
    expect(argv.join(' ')).toBe(packageJson.scripts.start);
    for (const line of instructions.filter((candidate) => /^(ENV|ARG)\s/i.test(candidate))) {
      expect(line).not.toMatch(/TOKEN|SECRET|PASSWORD|xoxb-|xapp-/i);
    }
    const ignored = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', '.git']));
  });
});
