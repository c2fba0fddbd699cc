/** What a run is asked to do: the options of planRunArms and runBenchmark (run-pipeline.ts). */
import type { Injection } from '../config/injection.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import type { KubeTuning } from '../platform/platform.ts';
import type { Progress } from '../render/progress.ts';
import type { FeatureMatrixArms } from './arm-features.ts';

export interface RunOptions {
  target: Target;
  scenario: Scenario;
  platform: PlatformName;
  /** Explicit result path (--out), else results/<runId>.json under cwd. */
  outPath: string | null;
  /** Replace an existing result file at the --out path(s) (--force); refused otherwise. */
  force?: boolean | undefined;
  meshVersion: string | null;
  /**
   * Interleaved A/B: one arm per label (mesh versions on Kubernetes; on the local platform two
   * identical arms make an A/A check). Empty for a single run.
   */
  arms: string[];
  /**
   * Calibration knobs (--inject, local platform only) by arm label ('' for a single run); arms
   * absent run unmodified. Recorded in each arm's result.
   */
  injections?: ReadonlyMap<string, Injection> | undefined;
  /**
   * A feature matrix (--features-matrix): the scenario of each arm by label (its features differ,
   * its load does not) and the feature each arm switches on (null for the reference arm with
   * them all off). Absent: every arm runs `scenario`.
   */
  featureMatrix?: FeatureMatrixArms | undefined;
  /**
   * An idle-services sweep (a scenario with `workload.idleServices: [n1, n2, …]`): the scenario of
   * each arm by label (`idle-<n>`), each with one count. Absent: every arm runs `scenario`.
   */
  idleSweep?: ReadonlyMap<string, Scenario> | undefined;
  /** existing: the kube context (null = current). */
  context: string | null;
  /**
   * existing: the user's kubeconfig (a file or a `:`-separated list), resolved by the CLI from
   * $KUBECONFIG or ~/.kube/config; read once to copy the context out, never written.
   */
  userKubeconfig?: string | null | undefined;
  /** existing: install the target's mesh (--install-mesh) instead of requiring it. */
  installMesh: boolean;
  /** Pinned mesh CLIs (`bench tools install`), or null to use PATH. */
  toolsDir: string | null;
  /** Keep the cluster / processes after the run (--keep). */
  keep: boolean;
  /** Measure even when verification failed (--no-verify); recorded in the result. */
  noVerify: boolean;
  /** local: run the load agent under SCHED_FIFO (--realtime-agent); recorded in the result. */
  realtimeAgent?: boolean | undefined;
  cwd: string;
  runner: CommandRunner;
  progress: Progress;
  signal?: AbortSignal | undefined;
  harnessVersion: string;
  now?: Date;
  /** Kubernetes platforms: shorter waits for tests on the fake API server; production leaves it out. */
  kubeTuning?: KubeTuning | undefined;
}
