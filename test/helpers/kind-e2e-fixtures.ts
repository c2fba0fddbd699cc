/**
 * What the kind end-to-end tests (kind-baseline, mesh-e2e) share: the prepare options of a run
 * against the fake tools and the fake API server with timings short enough for tests, and the
 * result file a run starts from (as `bench run` would create it, with a fixed test environment).
 */
import { join } from 'node:path';
import type { Scenario } from '../../src/config/scenario-schema.ts';
import type { Target } from '../../src/config/target-schema.ts';
import { type CommandRunner, ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import type { PrepareKubePlatformOptions } from '../../src/platform/kube-common/prepare-kube-platform.ts';
import { newResultFile } from '../../src/results/new-result.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { kindCluster } from '../../src/platform/kind/index.ts';
import type { KubeTuning } from '../../src/platform/platform.ts';

/**
 * Waits for runs against the fake API server: polls every 20 ms, a 500 ms grace for an API
 * server that does not answer, the meter sampling every 150 ms (host 100 ms) and settling at
 * most 1.5 s, and no pod-start margin before the warm-up (the fake agent starts at once).
 * Production uses its defaults (1 s polls, 5 s samples, a 20 s settle, a 10 s / 30 s margin).
 */
export const TEST_KUBE_TUNING = {
  kubeClient: { pollIntervalMs: 20, unreachableGraceMs: 500 },
  measurement: { meter: { intervalMs: 150, hostIntervalMs: 100, endSettleMs: 1_500 }, agents: { podStartMarginMs: 0 } },
} as const satisfies KubeTuning;

/** Options of a kind run on the fakes, in `dir`, with test timings (poll 20 ms, meter 150 ms). */
export function kindE2eOptions(options: {
  target: Target;
  scenario: Scenario;
  runId: string;
  dir: string;
  meshVersion: string | null;
  env: PrepareKubePlatformOptions['env'];
  log: (line: string) => void;
  /** How tools run; default the real runner (the fake executables on PATH). */
  runner?: CommandRunner;
}): PrepareKubePlatformOptions {
  return {
    target: options.target,
    scenario: options.scenario,
    cluster: kindCluster,
    runId: options.runId,
    resultPath: join(options.dir, `${options.runId}.json`),
    meshVersion: options.meshVersion,
    context: null,
    installMesh: true,
    keep: false,
    workDir: join(options.dir, options.runId),
    runner: options.runner ?? new ExecaCommandRunner(),
    log: options.log,
    env: options.env,
    kubeClient: TEST_KUBE_TUNING.kubeClient,
    measurement: TEST_KUBE_TUNING.measurement,
  };
}

/** The result file a kind run starts from, with a fixed test harness and environment. */
export function newKindTestResult(options: { runId: string; target: Target; scenario: Scenario; meshVersion: string | null; tools: Record<string, string> }): ResultFile {
  return newResultFile({
    runId: options.runId,
    createdAt: new Date(),
    harness: { version: '0.0.0-test', gitSha: null, node: process.version },
    target: options.target,
    meshVersion: options.meshVersion,
    platform: 'kind',
    scenario: options.scenario,
    environment: { hostname: 'test', cpuModel: 'test', cores: 2, memoryBytes: 1, kernel: 'test', os: 'Linux', tools: options.tools },
  });
}
