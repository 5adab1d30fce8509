// Process-wide settings, parsed once from the environment at start-up. Adapter settings are parsed
// by each adapter's own config module; this file holds what the whole process shares.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project folder (the one holding package.json), whether running from src/ or dist/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const appEnvSchema = z.object({
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  ),
  KNOWLEDGE_DIR: z.preprocess(blankAsUnset, z.string().optional()),
  KNOWLEDGE_RELOAD_MS: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a number of milliseconds (0 turns hot reload off)' }).int().min(0).default(1_000)),
  PORT: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a whole number from 0 to 65535' }).int().min(0).max(65_535).default(3_000)),
  HOST: z.preprocess(blankAsUnset, z.string().regex(/^\S+$/, { error: 'must be a host name or address without spaces' }).default('0.0.0.0')),
  // Below Docker's and Kubernetes' default stop grace (10 s, 30 s), so a full drain still exits on its own.
  SHUTDOWN_TIMEOUT_MS: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).default(8_000)),
  STARTUP_RETRY_MS: z.preprocess(blankAsUnset, z.coerce.number({ error: 'must be a number of milliseconds (0: try once)' }).int().min(0).default(60_000)),
});

export interface AppConfig {
  logLevel: z.infer<typeof appEnvSchema>['LOG_LEVEL'];
  /** Absolute path of the knowledge folder. */
  knowledgeDir: string;
  /** How often the knowledge folder is checked for edits; 0 turns hot reload off. */
  knowledgeReloadMs: number;
  /** The HTTP port: Slack's Events API and /healthz, /readyz. */
  port: number;
  host: string;
  /** How long shutdown waits for in-flight answers before exiting anyway. */
  shutdownTimeoutMs: number;
  /** How long start-up keeps retrying a platform it cannot reach before exiting 1. */
  startupRetryMs: number;
}

export function parseAppConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = appEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}. See .env.example for every variable.`);
  }
  const { LOG_LEVEL, KNOWLEDGE_DIR, KNOWLEDGE_RELOAD_MS, PORT, HOST, SHUTDOWN_TIMEOUT_MS, STARTUP_RETRY_MS } = parsed.data;
  return {
    logLevel: LOG_LEVEL,
    knowledgeDir: KNOWLEDGE_DIR ? path.resolve(KNOWLEDGE_DIR) : DEFAULT_KNOWLEDGE_DIR,
    knowledgeReloadMs: KNOWLEDGE_RELOAD_MS,
    port: PORT,
    host: HOST,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    startupRetryMs: STARTUP_RETRY_MS,
  };
}
