#!/usr/bin/env node
// The container's HEALTHCHECK (Dockerfile): exit 0 when healthy, 1 when not, one line on stdout
// for `docker inspect`. It reads ./.env as `footnote serve` does, so both decide the same mode.
import { existsSync } from 'node:fs';
import { parseDiscordConfig } from './adapters/discord/config.js';
import { parseSlackConfig } from './adapters/slack/config.js';
import { parseAppConfig } from './config.js';
import { checkContainerHealth } from './health.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const result = await checkContainerHealth(process.env, {
  platformsConfigured: (env) => parseSlackConfig(env) !== null || parseDiscordConfig(env) !== null,
  port: (env) => parseAppConfig(env).port,
  host: (env) => parseAppConfig(env).host,
});
process.stdout.write(`${result.healthy ? 'healthy' : 'unhealthy'}: ${result.detail}\n`);
process.exitCode = result.healthy ? 0 : 1;
