/**
 * The Platform interface: where a target runs. The pipeline holds one and never asks which it
 * is. local/, kind/ and existing/ each export one (index.ts); platform-registry.ts maps a name
 * to it. The lifecycle: required tools (preflight, `bench doctor`) → plan (what `--dry-run`
 * prints) → prepare (provision, install, deploy, verify) → a PreparedPlatform that measures,
 * collects diagnostics after a failure and tears down.
 */
import type { Injection } from '../config/injection.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import type { FeatureSupportTable } from '../plan/feature-support.ts';
import type { RunPlan } from '../plan/plan-types.ts';
import type { PreparedPlatform } from './measurement-backend.ts';
import type { ToolRequirement } from '../plan/tool-requirement.ts';
import type { PlanStep } from '../plan/plan-types.ts';

/** One arm of a run as a platform sees it. */
export interface PlatformRunOptions {
  target: Target;
  scenario: Scenario;
  runId: string;
  resultPath: string;
  /** The run's own folder (kind config, kubeconfig, bundled scripts, certificates). */
  workDir: string;
  /** Mesh version to install (target pin or --mesh-version). */
  meshVersion: string | null;
  /** existing: the kube context (null = current). */
  context: string | null;
  /**
   * existing: the user's kubeconfig (a file or a `:`-separated list), resolved by the CLI from
   * $KUBECONFIG or ~/.kube/config; read once to copy the context out, never written.
   */
  userKubeconfig?: string | null | undefined;
  /** existing: install the target's mesh (--install-mesh). */
  installMesh: boolean;
  /** --keep: no teardown steps. */
  keep: boolean;
  /** Pinned mesh CLIs (`bench tools install`), or null for PATH. */
  toolsDir: string | null;
  /** local: run the load agent under SCHED_FIFO (--realtime-agent). */
  realtimeAgent?: boolean | undefined;
  /** local: calibration knobs for this arm (--inject), else none. */
  injection?: Injection | undefined;
  /** Kubernetes, arms on a shared cluster: this arm's control-plane revision, else null. */
  revision?: string | null | undefined;
  /**
   * Kubernetes, arms on a shared cluster: the arm that provisions (and deletes) the cluster this
   * arm joins; null for the arm that owns its cluster.
   */
  joinRun?: { runId: string; workDir: string } | null | undefined;
}

/**
 * Shorter waits for the Kubernetes platforms, for tests against the fake API server (polls,
 * sampling, pod-start and settle margins); absent in production, where the defaults apply.
 */
export interface KubeTuning {
  kubeClient?: { pollIntervalMs?: number; unreachableGraceMs?: number; applyRetryMs?: number } | undefined;
  measurement?:
    | {
        meter?: { intervalMs?: number; hostIntervalMs?: number; endSettleMs?: number } | undefined;
        agents?: { podStartMarginMs?: number; deadlineMarginMs?: number } | undefined;
      }
    | undefined;
}

/** What preparing needs at run time. */
export interface PlatformRuntime {
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
  /** Kubernetes platforms: test timings (see {@link KubeTuning}); the local platform ignores it. */
  kubeTuning?: KubeTuning | undefined;
}

export interface Platform {
  readonly name: PlatformName;
  /**
   * How interleaved arms run: side by side on one host (`same-host`), or one cluster per arm
   * (`cluster-per-arm`: an arm's label is then the mesh version it installs).
   */
  readonly arms: 'same-host' | 'cluster-per-arm';
  /** A kept run (--keep) still needs its work dir (a kept cluster's kubeconfig lives there). */
  readonly keepsWorkDir: boolean;
  /** External tools a run of the target needs (without a target: the platform's own). */
  requiredTools(target: Target | null): ToolRequirement[];
  /** What the target does for each scenario feature on this platform (stated at plan time). */
  featureSupport(target: Target): FeatureSupportTable;
  /** The plan of one arm, pure: what `bench run --dry-run` prints. */
  plan(options: PlatformRunOptions): RunPlan;
  /** Provisions, installs, deploys and verifies: ready to measure. */
  prepare(options: PlatformRunOptions & PlatformRuntime): Promise<PreparedPlatform>;
  /**
   * Kubernetes: the arms of a feature matrix on one cluster. `reference` is the first arm (it
   * prepares the cluster); the result is each arm's switch step, by label, run before each of its
   * repetitions (kube-common/feature-switch-plan.ts). Refuses features that cannot switch that
   * way. Absent: the platform runs each arm's own processes (local).
   */
  featureSwitchSteps?(reference: PlatformRunOptions, arms: readonly { label: string; scenario: Scenario }[]): Map<string, PlanStep>;
}
