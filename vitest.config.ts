import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Four projects in three tiers (docs/architecture.md):
 * - `unit` and `e2e` run together, files in parallel: nothing in them measures time. e2e drives
 *   whole commands against the fakes (tools in process, the loopback fake API with short waits),
 *   in-process CLIs and one headless Chromium.
 * - then `timing` (real processes and wall clock, with retries), one file at a time;
 * - then `e2e-load` (whole commands on the local platform: real processes under load, measured
 *   windows), one file at a time, so nothing else competes for the cores while they measure.
 * `npm test` runs all; `npm run test:unit` only unit.
 */
const TIMING = [
  'test/cli/commands/load-command-protocols.test.ts',
  'test/load/closed-loop-engine.test.ts',
  'test/load/h2-connection-pool.test.ts',
  'test/load/load-transport.test.ts',
  'test/load/open-loop-engine.test.ts',
  'test/load/open-loop-threads.test.ts',
  'test/load/raw-http-connection.test.ts',
  'test/metrics/process-meter.test.ts',
  'test/platform/local/sidecar-cpu-cost.test.ts',
  'test/platform/local/sidecar-feature-checks.test.ts',
  'test/platform/local/sidecar-pair.test.ts',
  'test/service/order-service-chain.test.ts',
  'test/service/order-service-cpu-cost.test.ts',
  'test/service/order-service-delay.test.ts',
  'test/service/order-service-main.test.ts',
  'test/workload/workload-bundle.test.ts',
];
/**
 * Files that replace modules (vi.mock): with isolate: false a mock would leak into every later
 * file of the same worker, so they run in their own isolated project. Found by reading the files,
 * so a new one cannot be forgotten.
 */
function filesThatMock(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`)
    .filter((f) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(f, 'utf8')));
}
const MOCKING = filesThatMock('test');
const E2E_LOAD = [
  'test/e2e/fault-injection.test.ts',
  'test/e2e/local-faults.test.ts',
  'test/e2e/local-feature-matrix.test.ts',
  'test/e2e/local-run.test.ts',
  'test/e2e/local-run-protocols.test.ts',
  'test/e2e/local-topology.test.ts',
  'test/e2e/netns-run.test.ts',
];
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/cli/commands/compare-command.test.ts',
  'test/helpers/recording-command-runner.test.ts',
  'test/platform/kind/kind-cli.test.ts',
  'test/report/html/html-report-browser.test.ts',
  'test/cli/commands/tools-command.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // vitest's default is one worker per core minus one: a single worker on a 2-core machine.
    // The parallel tiers also share each worker's module graph between files (isolate: false):
    // a fresh process per file evaluated the harness's imports (client-node, zod, …) again every
    // time, which cost more than the tests. Their files restore what they change (process.env).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...TIMING, ...E2E, ...E2E_LOAD, ...MOCKING], isolate: false, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'unit-isolated', include: MOCKING, exclude: [...TIMING, ...E2E, ...E2E_LOAD], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: E2E_LOAD, isolate: false, sequence: { groupOrder: 0 } } },
      // Load tests measure time: two files hammering loopback at once on a 2-core machine would only measure each other.
      { extends: true, test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'e2e-load', include: E2E_LOAD, fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
