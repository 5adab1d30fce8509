import { defineConfig } from 'vitest/config';

/**
 * Unit tests spawn no process, open no socket and load at most a small fixture knowledge pack
 * (tests/setup/unit-guard.ts fails a file that does). `npm run test:unit` runs them in seconds.
 * Everything else under tests/ is an integration test, apart from the hardening suite.
 */
export const UNIT_TESTS = [
  'tests/discord/config.test.ts',
  'tests/engine/normalize.test.ts',
  'tests/engine/reasoning.test.ts',
  'tests/engine/follow-up.test.ts',
  'tests/conversation/conversation.test.ts',
  'tests/engine/calibration-data.test.ts',
  'tests/engine/decisions.snapshot.test.ts',
  'tests/console/chat.test.ts',
  'tests/eval/gold.test.ts',
  'tests/ops/dockerfile.test.ts',
  'tests/ops/health.test.ts',
  'tests/ops/logging.test.ts',
  'tests/ops/property-seed.test.ts',
  'tests/ops/start-retry.test.ts',
  'tests/ops/unit-guard.test.ts',
  'tests/slack/bounded-fetch.test.ts',
  'tests/slack/config.test.ts',
  'tests/slack/dedupe.test.ts',
  'tests/slack/manifest.test.ts',
  'tests/store/store.test.ts',
  'tests/store/report.test.ts',
];
const HARDENING_TESTS = ['tests/hardening/**/*.test.ts'];

export default defineConfig({
  test: {
    // Two cores, but most integration time is waiting (child processes starting, sockets, backoffs):
    // a third worker cut the full run by ~15 % here without making any timing assertion flaky.
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Property tests draw from one fixed seed unless FC_SEED says otherwise (see the setup file).
    setupFiles: ['tests/setup/fast-check.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT_TESTS, setupFiles: ['tests/setup/unit-guard.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/**/*.test.ts'], exclude: [...UNIT_TESTS, ...HARDENING_TESTS] },
      },
      {
        extends: true,
        test: { name: 'hardening', include: HARDENING_TESTS },
      },
    ],
  },
});
