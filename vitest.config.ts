import { defineConfig } from 'vitest/config';

/**
 * Three tiers (docs/architecture.md): `unit` runs in parallel; `timing` (real processes and wall
 * clock, with retries) and `e2e` (whole commands) run one file at a time, after the unit tier, so
 * nothing else competes for the 2 cores while they measure. `npm test` runs all three;
 * `npm run test:unit` only the first.
 */
const TIMING = [
  'test/cli/commands/load-command-protocols.test.ts',
  'test/load/closed-loop-engine.test.ts',
  'test/load/h2-connection-pool.test.ts',
  'test/load/load-transport.test.ts',
  'test/load/open-loop-engine.test.ts',
  'test/load/raw-http-connection.test.ts',
  'test/metrics/process-meter.test.ts',
  'test/platform/local/sidecar-pair.test.ts',
  'test/service/order-service-chain.test.ts',
  'test/service/order-service-delay.test.ts',
  'test/service/order-service-main.test.ts',
];
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/cli/commands/compare-command.test.ts',
  'test/platform/kind/kind-cli.test.ts',
  'test/report/html/html-report-browser.test.ts',
  'test/cli/commands/tools-command.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...TIMING, ...E2E], sequence: { groupOrder: 0 } } },
      // Load tests measure time: two files hammering loopback at once on a 2-core machine would only measure each other.
      { extends: true, test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'e2e', include: E2E, fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
