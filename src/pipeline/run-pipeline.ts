/**
 * `bench run`: load target and scenario, plan, and (unless --dry-run) prepare the platform,
 * verify, measure every level, write the result after every repetition, and tear down — also on
 * failure and Ctrl-C. The result file keeps whatever was measured before a failure.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { type Injection, isInjecting } from '../config/injection.ts';
import { HarnessError, isInterrupted } from '../errors.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import { type LocalLaunchers, planLocalRun, prepareLocalPlatform } from '../platform/local/local-platform.ts';
import type { PreparedPlatform } from './measurement-backend.ts';
import { type ArmsMethod, armRevision, armsMethod, checkSharedCluster } from './arms-sharing.ts';
import { kubeRunNames, planKubeRun } from './plan-kube-run.ts';
import { type PreparedKubePlatform, prepareKubePlatform } from './prepare-kube-platform.ts';
import { writeResultFile } from '../results/result-file.ts';
import type { ResultFile } from '../results/result-schema.ts';
import { createRunId, finalizeResult, newResultFile } from '../results/new-result.ts';
import { bundleWorkloadScripts } from '../workload/workload-bundle.ts';
import { describeEnvironment, harnessGitSha } from './environment.ts';
import { measureLevels } from './measure-levels.ts';
import type { RunPlan } from './plan-types.ts';
import type { Progress } from './progress.ts';

export interface RunOptions {
  target: Target;
  scenario: Scenario;
  platform: PlatformName;
  /** Explicit result path (--out), else results/<runId>.json under cwd. */
  outPath: string | null;
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
  /** existing: the kube context (null = current). */
  context: string | null;
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

function resolveArmPaths(options: RunOptions): ArmPaths[] {
  const at = options.now ?? new Date();
  const labels = options.arms.length > 0 ? options.arms : [''];
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: labels.length });
  const arms = labels.map((label) => {
    const runId = createRunId({ target: options.target.name, at, suffix: label || undefined });
    let resultPath = join(options.cwd, 'results', `${runId}.json`);
    if (options.outPath) {
      const out = resolve(options.cwd, options.outPath);
      resultPath = label ? out.replace(/(\.json)?$/, `-${label.replace(/[^A-Za-z0-9.]+/g, '-')}.json`) : out;
    }
    // On Kubernetes an arm label is the mesh version it installs.
    const meshVersion = label && options.platform !== 'local' ? label : options.meshVersion;
    return { label, meshVersion, runId, resultPath, revision: armRevision(method, meshVersion, labels.length) };
  });
  checkSharedCluster({ method, platform: options.platform, installMesh: options.installMesh, revisions: arms.map((a) => a.revision) });
  return arms;
}

/** Where an arm's plan puts its cluster: its own, or the first arm's on a shared cluster. */
function joinClusterOf(options: RunOptions, arms: readonly (ArmPaths & { workDir: string })[], index: number): { clusterName: string; kubeconfigPath: string } | null {
  const owner = arms[0];
  if (index === 0 || !owner || owner.revision === null) return null;
  return { clusterName: kubeRunNames(options.target, owner.runId).clusterName, kubeconfigPath: join(owner.workDir, 'kubeconfig') };
}

/** Launchers used by the dry-run plan and the local platform. */
function localLaunchers(workDir: string): LocalLaunchers {
  // The semi-space flag makes young-generation GCs rarer: fewer pauses in the send loop.
  return {
    orderService: { command: process.execPath, args: [join(workDir, 'order-service.mjs')] },
    agent: { command: process.execPath, args: ['--max-semi-space-size=32', join(workDir, 'load-agent.mjs')] },
  };
}

/** The plans of every arm (--dry-run): one for a single run. */
export function planRunArms(options: RunOptions): { method: ArmsMethod; plans: RunPlan[] } {
  checkPlatform(options.target, options.platform);
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: Math.max(1, options.arms.length) });
  if (options.platform === 'local') return { method, plans: options.arms.length > 0 ? options.arms.map((label) => planRun({ ...options, arms: [label] })) : [planRun(options)] };
  const arms = resolveArmPaths(options).map((arm) => ({ ...arm, workDir: join(tmpdir(), `meshbench-${arm.runId}`) }));
  const plans = arms.map((arm, index) =>
    planKubeRun({ ...kubePlanOptions(options, arm), revision: arm.revision, joinCluster: joinClusterOf(options, arms, index), scripts: null }),
  );
  return { method, plans };
}

/** The plan of the first arm only (--dry-run of a single run). */
export function planRun(options: RunOptions): RunPlan {
  checkPlatform(options.target, options.platform);
  const { runId, resultPath, meshVersion } = resolveArmPaths(options)[0] as ArmPaths;
  const workDir = join(tmpdir(), `meshbench-${runId}`);
  if (options.platform === 'local') {
    const label = options.arms[0] ?? '';
    return planLocalRun({
      target: options.target,
      scenario: options.scenario,
      runId,
      resultPath,
      workDir,
      launchers: localLaunchers(workDir),
      realtimeAgent: options.realtimeAgent,
      injection: options.injections?.get(label),
    });
  }
  return planKubeRun({ ...kubePlanOptions(options, { runId, resultPath, meshVersion, workDir }), scripts: null });
}

function kubePlanOptions(options: RunOptions, arm: { runId: string; resultPath: string; meshVersion: string | null; workDir: string }) {
  return {
    target: options.target,
    scenario: options.scenario,
    platform: options.platform as 'kind' | 'existing',
    runId: arm.runId,
    resultPath: arm.resultPath,
    meshVersion: arm.meshVersion,
    context: options.context,
    installMesh: options.installMesh,
    keep: options.keep,
    workDir: arm.workDir,
    toolsDir: options.toolsDir,
  };
}

async function preparePlatform(
  options: RunOptions,
  ctx: { runId: string; resultPath: string; workDir: string; injection?: Injection | undefined; revision?: string | null; joinCluster?: { clusterName: string; kubeconfigPath: string } | null },
): Promise<PreparedPlatform> {
  if (options.platform !== 'local') {
    return prepareKubePlatform({
      ...kubePlanOptions(options, { ...ctx, meshVersion: options.meshVersion }),
      revision: ctx.revision ?? null,
      joinCluster: ctx.joinCluster ?? null,
      runner: options.runner,
      signal: options.signal,
      log: (line) => options.progress.info(line),
    });
  }
  const scripts = await bundleWorkloadScripts();
  writeFileSync(join(ctx.workDir, 'order-service.mjs'), scripts.orderService);
  writeFileSync(join(ctx.workDir, 'load-agent.mjs'), scripts.agent);
  return prepareLocalPlatform({
    target: options.target,
    scenario: options.scenario,
    runId: ctx.runId,
    resultPath: ctx.resultPath,
    workDir: ctx.workDir,
    launchers: localLaunchers(ctx.workDir),
    realtimeAgent: options.realtimeAgent,
    injection: ctx.injection,
    runner: options.runner,
    signal: options.signal,
  });
}

function isKubePrepared(prepared: PreparedPlatform): prepared is PreparedKubePlatform {
  return 'collectDiagnostics' in prepared;
}

/** Runs the benchmark end to end (every arm, interleaved) and returns the written results. */
export async function runBenchmark(options: RunOptions): Promise<RunOutcome[]> {
  checkPlatform(options.target, options.platform);
  if (options.arms.length === 1 || new Set(options.arms).size !== options.arms.length) {
    throw new HarnessError('USAGE', `--arms needs two or more distinct labels, got "${options.arms.join(',')}"`);
  }
  if (options.platform !== 'local' && [...(options.injections?.values() ?? [])].some(isInjecting)) {
    throw new HarnessError('USAGE', `injected costs (--inject) run only on the local platform, not on ${options.platform}`);
  }
  const { progress, runner } = options;
  const workDir = mkdtempSync(join(tmpdir(), 'meshbench-run-'));
  const environment = await describeEnvironment({ runner, tools: {} });
  const gitSha = await harnessGitSha(runner);
  const armPaths = resolveArmPaths(options);
  const batch = {
    id: randomUUID(),
    arms: armPaths.map((paths) => paths.label),
    order: armPaths.length > 1 ? ('ABBA' as const) : ('single' as const),
    method: armsMethod({ target: options.target, platform: options.platform, armCount: armPaths.length }),
  };
  const arms = armPaths.map((paths) => {
    mkdirSync(join(paths.resultPath, '..'), { recursive: true });
    const result = newResultFile({
      runId: paths.runId,
      createdAt: options.now ?? new Date(),
      harness: { version: options.harnessVersion, gitSha, node: process.version },
      target: options.target,
      meshVersion: paths.meshVersion,
      platform: options.platform,
      scenario: options.scenario,
      environment: { ...environment, tools: { ...environment.tools }, agentScheduling: options.realtimeAgent ? 'realtime-fifo' : 'normal' },
    });
    result.batch = { ...batch, arms: [...batch.arms] };
    const injection = options.injections?.get(paths.label);
    if (isInjecting(injection)) result.injection = { serviceCpuUs: { ...injection.serviceCpuUs }, proxyCpuUs: injection.proxyCpuUs };
    writeResultFile(paths.resultPath, result);
    return { ...paths, workDir: join(workDir, paths.label || 'run'), result, prepared: null as PreparedPlatform | null };
  });
  try {
    for (const [index, arm] of arms.entries()) {
      const name = `${options.target.name}${arm.label ? ` [${arm.label}]` : ''}`;
      const joinCluster = joinClusterOf(options, arms, index);
      progress.step(`prepare ${name} on the ${options.platform} platform${arm.revision ? ` (revision ${arm.revision}${joinCluster ? ', same cluster' : ''})` : ''}`);
      mkdirSync(arm.workDir, { recursive: true });
      arm.prepared = await preparePlatform(
        { ...options, meshVersion: arm.meshVersion },
        { runId: arm.runId, resultPath: arm.resultPath, workDir: arm.workDir, injection: options.injections?.get(arm.label), revision: arm.revision, joinCluster },
      );
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
  } catch (err) {
    const interrupted = isInterrupted(err) || Boolean(options.signal?.aborted);
    for (const arm of arms) writeResultFile(arm.resultPath, finalizeResult(arm.result, interrupted ? 'interrupted' : 'failed'));
    if (!interrupted) {
      for (const arm of arms) {
        if (arm.prepared && isKubePrepared(arm.prepared)) {
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
    if (!options.keep || options.platform === 'local') rmSync(workDir, { recursive: true, force: true });
  }
}

/** Records what verification found; refuses to measure an unverified target unless --no-verify. */
function recordVerification(result: ResultFile, prepared: PreparedPlatform, noVerify: boolean, progress: Progress): void {
  result.environment.tools = { ...result.environment.tools, ...prepared.tools };
  result.target.runningVersion = prepared.runningVersion;
  if (isKubePrepared(prepared)) {
    result.target.kubernetesVersion = prepared.kubernetesVersion;
    result.target.kindVersion = prepared.kindVersion;
    result.target.clusterShape = prepared.clusterShape ? { ...prepared.clusterShape } : null;
  }
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
