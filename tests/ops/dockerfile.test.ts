// The Dockerfile's essentials, checked statically (no Docker engine runs on CI machines; the image
// was built and run with the podman stand-in, see the closing note of issue 5).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

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

  it('GIVEN the runtime stage THEN non-root user, production, port, health check, knowledge volume', () => {
    const user = runtime.filter((line) => /^USER\s/i.test(line)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/i);
    expect(runtime.join('\n')).toMatch(/ENV[^\n]*NODE_ENV=production/);
    expect(runtime).toContain('EXPOSE 3000');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
    expect(runtime.join('\n')).toMatch(/COPY knowledge \.\/knowledge/);
    expect(runtime.join('\n')).toMatch(/VOLUME \["\/app\/knowledge"\]/);
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
