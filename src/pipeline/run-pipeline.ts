/**
 * `bench run`: load target and scenario, plan, and (unless --dry-run) prepare the platform,
 * verify, measure every level, write the result after every repetition, and tear down — also on
 * failure and Ctrl-C. The result file keeps whatever was measured before a failure.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Injection, isInjecting } from '../config/injection.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError, isInterrupted } from '../errors.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import { dataPlaneWorkers } from '../mesh/data-plane-workers.ts';
import { checkProtocol, protocolHandling } from '../mesh/protocol-handling.ts';
import { hostNodePlatform, PRELOAD_METHOD } from '../platform/kind/kind-plan.ts';
import { RUN_DIR_PREFIX } from '../platform/local/local-run-state.ts';
import type { PreparedPlatform } from '../platform/measurement-backend.ts';
import type { KubeTuning, Platform, PlatformRunOptions } from '../platform/platform.ts';
import { platformFor } from '../platform/platform-registry.ts';
import type { RunPlan } from '../plan/plan-types.ts';
import type { Progress } from '../render/progress.ts';
import { createRunId, finalizeResult, newResultFile } from '../results/new-result.ts';
import { checkOutputPath } from '../results/output-file.ts';
import { writeResultFile } from '../results/result-file.ts';
import type { ResultFile } from '../results/result-schema.ts';
import { checkArmFeatures, checkFeatureMatrix, type FeatureMatrixArms, featureMatrixRecord, scenarioOf } from './arm-features.ts';
import { type ArmsMethod, armRevision, armsMethod, checkSharedCluster } from './arms-sharing.ts';
import { describeEnvironment, harnessGitSha } from './environment.ts';
import { keepFinalStatus, withKeptNote } from './kept-results.ts';
import { measureLevels } from './measure-levels.ts';

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

export interface RunOutcome {
  resultPath: string;
  result: ResultFile;
}

/** Checks that the target can run on the platform; names the platforms it needs otherwise. */
export function checkPlatform(target: Target, platform: PlatformName): void {
  if (!target.platforms.includes(platform)) {
    throw new HarnessError('USAGE', `target "${target.name}" cannot run on the ${platform} platform`, {
      hint: `it runs on: ${target.platforms.join(', ')} (use --platform ${target.platforms[0]})`,
    });
  }
}

interface ArmPaths {
  label: string;
  meshVersion: string | null;
  runId: string;
  resultPath: string;
  /** Control-plane revision on a shared cluster, else null. */
  revision: string | null;
}

function resolveArmPaths(options: RunOptions, platform: Platform): ArmPaths[] {
  const at = options.now ?? new Date();
  const labels = options.arms.length > 0 ? options.arms : [''];
  // One nonce per run: the arms of a run share it, two runs (even in the same millisecond) don't.
  const nonce = randomBytes(3).toString('hex');
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: labels.length });
  const arms = labels.map((label) => {
    const runId = createRunId({ target: options.target.name, at, suffix: label || undefined, nonce });
    let resultPath = join(options.cwd, 'results', `${runId}.json`);
    if (options.outPath) {
      const out = resolve(options.cwd, options.outPath);
      resultPath = label ? out.replace(/(\.json)?$/, `-${label.replace(/[^A-Za-z0-9.]+/g, '-')}.json`) : out;
    }
    // With a cluster per arm, an arm label is the mesh version it installs.
    const meshVersion = label && platform.arms === 'cluster-per-arm' && !options.featureMatrix ? label : options.meshVersion;
    return { label, meshVersion, runId, resultPath, revision: armRevision({ target: options.target, method, meshVersion, armCount: labels.length }) };
  });
  checkSharedCluster({ method, platform: options.platform, installMesh: options.installMesh, revisions: arms.map((a) => a.revision) });
  return arms;
}

/** On a shared cluster every arm after the first joins the first arm's cluster. */
function joinRunOf(arms: readonly (ArmPaths & { workDir: string })[], index: number): PlatformRunOptions['joinRun'] {
  const owner = arms[0];
  if (index === 0 || !owner || owner.revision === null) return null;
  return { runId: owner.runId, workDir: owner.workDir };
}

/** What the platform needs of one arm. */
function armOptions(options: RunOptions, arm: { runId: string; resultPath: string; meshVersion: string | null; workDir: string; label: string }): PlatformRunOptions {
  return {
    target: options.target,
    scenario: scenarioOf(options, arm.label),
    runId: arm.runId,
    resultPath: arm.resultPath,
    workDir: arm.workDir,
    meshVersion: arm.meshVersion,
    context: options.context,
    userKubeconfig: options.userKubeconfig ?? null,
    installMesh: options.installMesh,
    keep: options.keep,
    toolsDir: options.toolsDir,
    realtimeAgent: options.realtimeAgent,
    injection: options.injections?.get(arm.label),
  };
}

/** The plans of every arm (--dry-run): one for a single run. */
export function planRunArms(options: RunOptions): { method: ArmsMethod; plans: RunPlan[] } {
  checkPlatform(options.target, options.platform);
  checkFeatureMatrix(options);
  checkProtocol(options.target, options.scenario);
  const platform = platformFor(options.platform);
  const features = new Map((options.arms.length > 0 ? options.arms : ['']).map((label) => [label, checkArmFeatures({ target: options.target, platform, scenario: scenarioOf(options, label) })]));
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: Math.max(1, options.arms.length) });
  const arms = resolveArmPaths(options, platform).map((arm) => ({ ...arm, workDir: join(tmpdir(), `meshbench-${arm.runId}`) }));
  const plans = arms.map((arm, index) => ({
    ...platform.plan({ ...armOptions(options, arm), revision: arm.revision, joinRun: joinRunOf(arms, index) }),
    features: features.get(arm.label) ?? [],
  }));
  return { method, plans };
}

/** The plan of the first arm only (--dry-run of a single run). */
export function planRun(options: RunOptions): RunPlan {
  checkPlatform(options.target, options.platform);
  checkFeatureMatrix(options);
  checkProtocol(options.target, options.scenario);
  const platform = platformFor(options.platform);
  const label = options.arms[0] ?? '';
  const features = checkArmFeatures({ target: options.target, platform, scenario: scenarioOf(options, label) });
  const { runId, resultPath, meshVersion } = resolveArmPaths(options, platform)[0] as ArmPaths;
  const workDir = join(tmpdir(), `meshbench-${runId}`);
  return { ...platform.plan(armOptions(options, { runId, resultPath, meshVersion, workDir, label })), features };
}

/** Runs the benchmark end to end (every arm, interleaved) and returns the written results. */
export async function runBenchmark(options: RunOptions): Promise<RunOutcome[]> {
  checkPlatform(options.target, options.platform);
  checkProtocol(options.target, options.scenario);
  if (options.arms.length === 1 || new Set(options.arms).size !== options.arms.length) {
    throw new HarnessError('USAGE', `--arms needs two or more distinct labels, got "${options.arms.join(',')}"`);
  }
  if (options.platform !== 'local' && [...(options.injections?.values() ?? [])].some(isInjecting)) {
    throw new HarnessError('USAGE', `injected costs (--inject) run only on the local platform, not on ${options.platform}`);
  }
  checkFeatureMatrix(options);
  const { progress, runner } = options;
  const platform = platformFor(options.platform);
  // Before anything starts: every feature an arm switches on is supported, or the run is refused.
  for (const label of options.arms.length > 0 ? options.arms : ['']) checkArmFeatures({ target: options.target, platform, scenario: scenarioOf(options, label) });
  const armPaths = resolveArmPaths(options, platform);
  // Every process an arm starts listens for the abort (services, proxies, agents): a few arms pass
  // Node's default of 10 listeners, which is no leak.
  if (options.signal) setMaxListeners(Math.max(getMaxListeners(options.signal), 32 * armPaths.length), options.signal);
  // Before anything is started or measured: every result path must be writable and new (or --force).
  for (const paths of armPaths) checkOutputPath({ path: paths.resultPath, what: 'result file', overwrite: Boolean(options.force), overwriteFlag: '--force' });
  const environment = await describeEnvironment({ runner, tools: {} });
  const gitSha = await harnessGitSha(runner);
  const batch = {
    id: randomUUID(),
    arms: armPaths.map((paths) => paths.label),
    order: armPaths.length > 1 ? ('ABBA' as const) : ('single' as const),
    method: armsMethod({ target: options.target, platform: options.platform, armCount: armPaths.length }),
    ...(options.featureMatrix ? { featureMatrix: featureMatrixRecord(options) } : {}),
  };
  const arms: Arm[] = [];
  try {
    for (const paths of armPaths) {
      const result = newResultFile({
        runId: paths.runId,
        createdAt: options.now ?? new Date(),
        harness: { version: options.harnessVersion, gitSha, node: process.version },
        target: options.target,
        meshVersion: paths.meshVersion,
        platform: options.platform,
        scenario: scenarioOf(options, paths.label),
        environment: { ...environment, tools: { ...environment.tools }, agentScheduling: options.realtimeAgent ? 'realtime-fifo' : 'normal' },
      });
      result.batch = structuredClone(batch);
      result.target.dataPlaneWorkers = dataPlaneWorkers(options.target);
      result.target.protocolHandling = protocolHandling(options.target, options.scenario.load.protocol ?? 'http1').handling;
      if (options.platform === 'kind') result.target.imagePreload = `${hostNodePlatform()} ${PRELOAD_METHOD}`;
      const injection = options.injections?.get(paths.label);
      if (isInjecting(injection)) result.injection = { serviceCpuUs: { ...injection.serviceCpuUs }, proxyCpuUs: injection.proxyCpuUs };
      // Created exclusively: two runs never share a file (an existing file only with --force).
      writeResultFile(paths.resultPath, result, { create: !options.force });
      arms.push({ ...paths, workDir: '', result, prepared: null });
    }
  } catch (err) {
    throw withKeptNote(err, keepFinalStatus(arms, 'failed'));
  }
  const workDir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  try {
    for (const [index, arm] of arms.entries()) {
      const name = `${options.target.name}${arm.label ? ` [${arm.label}]` : ''}`;
      const joinRun = joinRunOf(arms, index);
      progress.step(`prepare ${name} on the ${options.platform} platform${arm.revision ? ` (revision ${arm.revision}${joinRun ? ', same cluster' : ''})` : ''}`);
      const armDir = join(workDir, arm.label || 'run');
      mkdirSync(armDir, { recursive: true });
      arm.workDir = armDir;
      arm.prepared = await platform.prepare({
        ...armOptions(options, { ...arm, workDir: armDir }),
        revision: arm.revision,
        joinRun,
        runner,
        signal: options.signal,
        log: (line) => progress.info(line),
        kubeTuning: options.kubeTuning,
      });
      progress.stepDone(`prepared ${name} (${arm.prepared.targetUrl})`, true);
      recordVerification(arm.result, arm.prepared, options.noVerify, progress);
      writeResultFile(arm.resultPath, arm.result);
    }
    await measureLevels({
      scenario: options.scenario,
      arms: arms.map((arm) => ({
        label: arm.label,
        backend: (arm.prepared as PreparedPlatform).backend,
        targetUrl: (arm.prepared as PreparedPlatform).targetUrl,
        result: arm.result,
        resultPath: arm.resultPath,
      })),
      progress,
      signal: options.signal,
    });
    return arms.map((arm) => {
      const result = finalizeResult(arm.result, 'complete');
      writeResultFile(arm.resultPath, result);
      return { resultPath: arm.resultPath, result };
    });
  } catch (caught) {
    const interrupted = isInterrupted(caught) || Boolean(options.signal?.aborted);
    const err = withKeptNote(caught, keepFinalStatus(arms, interrupted ? 'interrupted' : 'failed'));
    if (!interrupted) {
      for (const arm of arms) {
        if (arm.prepared) {
          const dir = await arm.prepared.collectDiagnostics().catch(() => null);
          if (dir) progress.info(`diagnostics written to ${dir}`);
        }
      }
    }
    throw err;
  } finally {
    progress.close();
    // Later arms first: on a shared cluster the first arm's teardown deletes the cluster.
    if (!options.keep) for (const arm of [...arms].reverse()) await arm.prepared?.teardown().catch(() => undefined);
    // A kept cluster's kubeconfig lives in the work dir.
    if (!options.keep || !platform.keepsWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

interface Arm extends ArmPaths {
  /** The arm's own folder in the run's work dir (set when it is prepared). */
  workDir: string;
  result: ResultFile;
  prepared: PreparedPlatform | null;
}

/** Records what verification found; refuses to measure an unverified target unless --no-verify. */
function recordVerification(result: ResultFile, prepared: PreparedPlatform, noVerify: boolean, progress: Progress): void {
  result.environment.tools = { ...result.environment.tools, ...prepared.tools };
  result.target.runningVersion = prepared.runningVersion;
  Object.assign(result.target, prepared.targetFacts);
  const verified = prepared.verification.every((c) => c.passed);
  result.verification = { verified, skipped: noVerify, checks: prepared.verification };
  for (const c of prepared.verification) progress.info(`${c.passed ? '✔' : '✖'} verify ${c.name}: ${c.evidence[0] ?? ''}`);
  if (!verified && !noVerify) {
    const failed = prepared.verification.filter((c) => !c.passed).map((c) => c.name);
    throw new HarnessError('RUN_INVALID', `verification failed: ${failed.join(', ')}`, {
      hint: 'the data path is not what the target promises; see the evidence in the result, or pass --no-verify to measure anyway (recorded)',
    });
  }
}
