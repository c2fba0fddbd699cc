import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Four projects in two steps (docs/testing.md):
 * - `unit`, `unit-isolated` and `e2e` run together, files in parallel: nothing in them checks a
 *   time or CPU figure against a tight bound. e2e drives whole commands against the fakes (tools
 *   in process, the loopback fake API with short waits), in-process CLIs, one headless Chromium,
 *   the packed package, real processes whose tests check behaviour (PROCESSES), and whole local
 *   runs at 50–150 rps judged with loose bounds (test/e2e/local-*, netns-run, fault-injection).
 * - then `timing` (real processes, wall clock and CPU figures, with retries), one file at a time,
 *   alone on the machine.
 * `npm test` runs all; `npm run test:unit` only unit and unit-isolated.
 */
/**
 * Files that check a time or CPU figure: the rate held, latency and scheduler lag, throughput,
 * CPU per request, an added delay. What the same code counts (framing, statuses, drops, errors)
 * is in the file without `-timing`, in the parallel tier (PROCESSES).
 */
const TIMING = [
  'test/load/closed-loop-engine-timing.test.ts',
  'test/load/load-transport-timing.test.ts',
  'test/load/open-loop-engine-timing.test.ts',
  'test/load/open-loop-threads-timing.test.ts',
  'test/metrics/process-meter-timing.test.ts',
  'test/platform/local/sidecar-cpu-cost.test.ts',
  'test/service/order-service-cpu-cost.test.ts',
  'test/service/order-service-delay.test.ts',
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
/**
 * Real processes whose tests check behaviour, not time or CPU (docs/testing.md says why per file):
 * they wait on process start-ups and sockets, so they fill the parallel tier's idle moments.
 */
const PROCESSES = [
  // Servers, tools and loopback APIs started by the test, with real waits (openssl, haproxy -c,
  // the fake Kubernetes API with the kubelet meter's sampling, netns probes), and the schema
  // contract of every generated kube manifest (ajv compiling the upstream CRD schemas).
  'test/cli/commands/json-output.test.ts',
  'test/kube/client-node-kube-client.test.ts',
  'test/load/tls-connect.test.ts',
  'test/mesh/upstream-schemas.test.ts',
  'test/metrics/kubelet-meter.test.ts',
  'test/platform/kube-common/kube-agent-runner.test.ts',
  'test/platform/local/haproxy-config.test.ts',
  'test/platform/local/local-processes.test.ts',
  'test/platform/local/netns/netns-probe-script.test.ts',
  'test/platform/local/tls-certificates.test.ts',
  'test/cli/bench-main.test.ts',
  'test/cli/commands/load-command.test.ts',
  'test/load/h2-connection-pool.test.ts',
  'test/load/raw-http-connection.test.ts',
  'test/platform/local/sidecar-feature-checks.test.ts',
  'test/platform/local/sidecar-pair.test.ts',
  'test/service/order-service-chain.test.ts',
  'test/service/order-service-main.test.ts',
  // Compiles bench/floor/paced-floor.c with gcc and paces it against a loopback server.
  'test/bench/paced-floor.test.ts',
  // Loads judged by what they count, each with its time figures in a `-timing` file (TIMING);
  // `bench load` over HTTP/2 and gRPC, exit code 6 for scheduler lag accepted; the process
  // meter's bookkeeping of a pid that exits; the bundled scripts run as a pod runs them.
  // (local-run-protocols, in the e2e glob below, left TIMING too: it judges what was answered.)
  'test/cli/commands/load-command-protocols.test.ts',
  'test/load/closed-loop-engine.test.ts',
  'test/load/load-transport.test.ts',
  'test/load/open-loop-engine.test.ts',
  'test/load/open-loop-threads.test.ts',
  'test/metrics/process-meter.test.ts',
  'test/workload/workload-bundle.test.ts',
];
const E2E = [
  ...PROCESSES,
  'test/e2e/**/*.test.ts',
  'test/cli/commands/compare-command.test.ts',
  'test/helpers/recording-command-runner.test.ts',
  'test/platform/kind/kind-cli.test.ts',
  'test/report/html/html-report-browser.test.ts',
  'test/cli/commands/tools-command.test.ts',
];

/**
 * Started first in their tier, longest first: a tier lasts at least as long as its longest file,
 * so that file must not start last. Measured, not guessed (docs/testing.md); vitest's own order
 * (the last run's durations, else file size) knows nothing on a fresh clone.
 */
const LONGEST_FIRST = [
  'test/e2e/packed-package.test.ts',
  'test/e2e/kind-shared-cluster.test.ts',
  'test/platform/local/sidecar-feature-checks.test.ts',
  'test/e2e/mesh-istio.test.ts',
  'test/e2e/netns-run.test.ts',
  'test/e2e/local-faults.test.ts',
  'test/e2e/local-run.test.ts',
];
/**
 * vitest keeps a worker for the next queued file only when that file is of the same project;
 * otherwise it ends the worker and starts another, which loads the harness's modules again. So
 * each project's files are queued together, e2e (the longest files) first: 13 worker processes
 * in a whole run instead of 19 with the projects interleaved (docs/testing.md).
 */
const PROJECT_ORDER = ['e2e', 'unit', 'unit-isolated', 'timing'];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(name));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const block = (f: TestSpecification) => PROJECT_ORDER.indexOf(f.project.name);
    return (await super.sort(files))
      .map((f, i) => ({ f, i }))
      .sort((a, b) => block(a.f) - block(b.f) || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

/** Fails a file that leaves a temporary folder behind (test/helpers/temp-dir-guard.ts). */
const TEMP_DIR_GUARD = ['test/helpers/temp-dir-guard.ts'];

export default defineConfig({
  // vitest keeps the last run's durations under vite's cache dir, by default in node_modules/.vite,
  // which worktrees that hard-link node_modules would all write through one shared file.
  cacheDir: '.cache/vite',
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // vitest's default is one worker per core minus one: a single worker on a 2-core machine. One
    // per core plus one: the e2e files wait on processes and windows, which a third
    // worker's CPU-bound unit files fill (quiet 2-core machine: 220 s → 181 s for `npm test`).
    // The parallel tiers also share each worker's module graph between files (isolate: false):
    // a fresh process per file evaluated the harness's imports (client-node, zod, …) again every
    // time, which cost more than the tests. Their files restore what they change (process.env).
    maxWorkers: Math.max(3, availableParallelism() + 1),
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'unit', setupFiles: TEMP_DIR_GUARD, include: ['test/**/*.test.ts'], exclude: [...TIMING, ...E2E, ...MOCKING], isolate: false, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'unit-isolated', setupFiles: TEMP_DIR_GUARD, include: MOCKING, exclude: [...TIMING, ...E2E], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'e2e', setupFiles: TEMP_DIR_GUARD, include: E2E, exclude: TIMING, isolate: false, sequence: { groupOrder: 0 } } },
      // Load tests measure time: two files hammering loopback at once on a 2-core machine would only measure each other.
      // Its files share one module graph too (isolate: false): a fresh process per file imported the
      // harness again while the tier waited (vitest's import time for the tier 4.4 s → 2.7 s, loaded machine).
      { extends: true, test: { name: 'timing', setupFiles: TEMP_DIR_GUARD, include: TIMING, fileParallelism: false, isolate: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
