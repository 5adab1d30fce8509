// Loaded before every file of the `unit` project (vitest.config.ts). A unit test spawns no
// process, opens no socket and loads at most a small fixture knowledge pack; this makes each of
// those a loud failure naming the fix, instead of a unit run that slowly stops being one.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/config.js';

export class UnitGuardError extends Error {
  override readonly name = 'UnitGuardError';
}

const guardMessage = (what: string): string => `a unit test ${what}: move the file from UNIT_TESTS to the integration project in vitest.config.ts`;
const refuse = (what: string): never => {
  throw new UnitGuardError(guardMessage(what));
};

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.defineProperty(childProcess, name, { value: () => refuse(`starts a process (child_process.${name})`), writable: true, configurable: true });
}
net.Socket.prototype.connect = function connect(): never {
  return refuse('opens a socket (fetch, http.request or net.connect)');
};
net.Server.prototype.listen = function listen(): never {
  return refuse('opens a socket (a server listening)');
};

// Every knowledge loader starts by listing its folder; the real pack is the one it may not list.
const knowledgeDir = path.resolve(DEFAULT_KNOWLEDGE_DIR);
const isRealPack = (target: unknown): boolean => (typeof target === 'string' || target instanceof URL) && path.resolve(String(target instanceof URL ? target.pathname : target)) === knowledgeDir;
const realPackMessage = 'loads the real knowledge pack (knowledge/); use a small pack under tests/fixtures/';
const { readdir } = fsPromises;
fsPromises.readdir = ((target: Parameters<typeof readdir>[0], ...rest: unknown[]) => {
  if (isRealPack(target)) return Promise.reject(new UnitGuardError(guardMessage(realPackMessage)));
  return (readdir as (...args: unknown[]) => unknown)(target, ...rest);
}) as typeof readdir;
const { readdirSync } = fs;
fs.readdirSync = ((target: Parameters<typeof readdirSync>[0], ...rest: unknown[]) => {
  if (isRealPack(target)) refuse(realPackMessage);
  return (readdirSync as (...args: unknown[]) => unknown)(target, ...rest);
}) as typeof readdirSync;

// `import { spawn } from 'node:child_process'` reads the ES module's own bindings: bring them in
// line with the patched objects.
syncBuiltinESMExports();
