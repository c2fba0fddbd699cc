/**
 * `bench run`: load target and scenario, plan, and (unless --dry-run) prepare the platform,
 * verify, measure every level, write the result after every repetition, and tear down — also on
 * failure and Ctrl-C. The result file keeps whatever was measured before a failure.
 */
import { randomUUID } from 'node:crypto';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInjecting } from '../config/injection.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError, isInterrupted } from '../errors.ts';
import { dataPlaneWorkers } from '../mesh/data-plane-workers.ts';
import { checkProtocol, protocolHandling } from '../mesh/protocol-handling.ts';
import { hostNodePlatform, PRELOAD_METHOD } from '../platform/kind/kind-plan.ts';
import { RUN_DIR_PREFIX } from '../platform/local/local-run-state.ts';
import type { PreparedPlatform } from '../platform/measurement-backend.ts';
import { platformFor } from '../platform/platform-registry.ts';
import type { PlanStep, RunPlan } from '../plan/plan-types.ts';
import type { Platform } from '../platform/platform.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import { scenarioContentHash } from '../results/new-result.ts';
import { switchingBackends } from './feature-switch.ts';
import type { Progress } from '../render/progress.ts';
import { finalizeResult, newResultFile } from '../results/new-result.ts';
import { checkOutputPath } from '../results/output-file.ts';
import { writeResultFile } from '../results/result-file.ts';
import type { ResultFile } from '../results/result-schema.ts';
import { checkArmFeatures, checkFeatureMatrix, checkIdleSweep, featureMatrixRecord, idleSweepRecord, scenarioOf } from './arm-features.ts';
import { type ArmsMethod, armsMethod } from './arms-sharing.ts';
import { describeEnvironment, harnessGitSha } from './environment.ts';
import { keepFinalStatus, withKeptNote } from './kept-results.ts';
import { measureLevels } from './measure-levels.ts';
import { type ArmPaths, armOptions, joinRunOf, resolveArmPaths } from './run-arms.ts';
import type { RunOptions } from './run-options.ts';

export type { RunOptions } from './run-options.ts';

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

/** The plans of every arm (--dry-run): one for a single run. */
export function planRunArms(options: RunOptions): { method: ArmsMethod; plans: RunPlan[] } {
  checkPlatform(options.target, options.platform);
  checkIdleSweep(options);
  const platform = platformFor(options.platform);
  checkFeatureMatrix({ ...options, switchable: Boolean(platform.featureSwitchSteps) });
  checkProtocol(options.target, options.scenario);
  const features = new Map((options.arms.length > 0 ? options.arms : ['']).map((label) => [label, checkArmFeatures({ target: options.target, platform, scenario: scenarioOf(options, label) })]));
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: Math.max(1, options.arms.length), featureMatrix: Boolean(options.featureMatrix), idleSweep: Boolean(options.idleSweep) });
  const arms = resolveArmPaths(options, platform).map((arm) => ({ ...arm, workDir: join(tmpdir(), `meshbench-${arm.runId}`) }));
  const switching = featureSwitchingArms(options, platform, arms);
  if (switching) {
    // One cluster: the first arm's full plan; every arm measures after its switch step.
    const reference = { ...platform.plan(armOptions(options, arms[0] as (typeof arms)[number])), features: features.get(arms[0]?.label ?? '') ?? [] };
    const plans = arms.map((arm, index) => switchedArmPlan({ reference, own: index === 0, arm, scenario: scenarioOf(options, arm.label), switchStep: switching.get(arm.label), features: features.get(arm.label) ?? [] }));
    return { method, plans };
  }
  const plans = arms.map((arm, index) => ({
    ...platform.plan({ ...armOptions(options, arm), revision: arm.revision, joinRun: joinRunOf(arms, index) }),
    features: features.get(arm.label) ?? [],
  }));
  return { method, plans };
}

/** A Kubernetes feature matrix: each arm's switch step (from the first arm's run), or null for any other batch. */
function featureSwitchingArms(options: RunOptions, platform: Platform, arms: readonly (ArmPaths & { workDir: string })[]): Map<string, PlanStep> | null {
  if (!options.featureMatrix || !platform.featureSwitchSteps) return null;
  const first = arms[0];
  if (!first) return null;
  return platform.featureSwitchSteps(
    armOptions(options, first),
    arms.map((arm) => ({ label: arm.label, scenario: scenarioOf(options, arm.label) })),
  );
}

/**
 * The plan of one arm of a Kubernetes feature matrix: the first arm's plan with its switch step
 * before the measurement; every other arm its switch step and measurement only (it runs on the
 * first arm's cluster, namespace and workload, which the first arm's teardown removes).
 */
function switchedArmPlan(options: { reference: RunPlan; own: boolean; arm: ArmPaths; scenario: Scenario; switchStep: PlanStep | undefined; features: RunPlan['features'] }): RunPlan {
  const { reference, arm } = options;
  const switchSteps = options.switchStep ? [options.switchStep] : [];
  const measure = reference.steps.filter((s) => s.phase === 'measure');
  const steps = options.own ? [...reference.steps.filter((s) => s.phase !== 'measure'), ...switchSteps, ...measure] : [...switchSteps, ...measure];
  return {
    ...reference,
    runId: arm.runId,
    resultPath: arm.resultPath,
    scenario: { name: options.scenario.name, contentHash: scenarioContentHash(options.scenario) },
    steps,
    teardown: options.own ? reference.teardown : [{ id: 'shared-cluster', phase: 'teardown', title: `nothing of its own: arm ${reference.runId} removes the cluster or namespace it measured in`, actions: [] }],
    features: options.features,
  };
}

/** The plan of a single run (--dry-run without arms): the one arm of planRunArms. */
export function planRun(options: RunOptions): RunPlan {
  return planRunArms(options).plans[0] as RunPlan;
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
  checkIdleSweep(options);
  const { progress, runner } = options;
  const platform = platformFor(options.platform);
  checkFeatureMatrix({ ...options, switchable: Boolean(platform.featureSwitchSteps) });
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
    method: armsMethod({ target: options.target, platform: options.platform, armCount: armPaths.length, featureMatrix: Boolean(options.featureMatrix), idleSweep: Boolean(options.idleSweep) }),
    ...(options.featureMatrix ? { featureMatrix: featureMatrixRecord(options) } : {}),
    ...(options.idleSweep ? { idleSweep: idleSweepRecord(options.idleSweep) } : {}),
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
      result.target.protocolHandling = protocolHandling(options.target, options.scenario.load.protocol ?? 'http1', { tls: options.scenario.load.tls !== undefined }).handling;
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
  // A Kubernetes feature matrix: the switch steps, planned (and refused where a feature cannot switch) before anything starts.
  const switching = featureSwitchingArms(options, platform, arms.map((arm) => ({ ...arm, workDir: join(workDir, arm.label || 'run') })));
  try {
    for (const [index, arm] of arms.entries()) {
      const first = arms[0];
      if (switching && index > 0 && first?.prepared) {
        // Same cluster, namespace and workload as the first arm; only the feature resources differ.
        arm.workDir = first.workDir;
        arm.prepared = first.prepared;
        recordVerification(arm.result, arm.prepared, options.noVerify, progress);
        writeResultFile(arm.resultPath, arm.result);
        continue;
      }
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
    const switched = switching && arms[0]?.prepared ? switchingBackends({ labels: arms.map((a) => a.label), prepared: arms[0].prepared, steps: switching, log: (line) => progress.info(line) }) : null;
    await measureLevels({
      scenario: options.scenario,
      arms: arms.map((arm) => ({
        label: arm.label,
        backend: switched?.get(arm.label) ?? (arm.prepared as PreparedPlatform).backend,
        targetUrl: (arm.prepared as PreparedPlatform).targetUrl,
        agentTls: (arm.prepared as PreparedPlatform).agentTls,
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
      for (const prepared of new Set(arms.map((arm) => arm.prepared))) {
        if (prepared) {
          const dir = await prepared.collectDiagnostics().catch(() => null);
          if (dir) progress.info(`diagnostics written to ${dir}`);
        }
      }
    }
    throw err;
  } finally {
    progress.close();
    // Later arms first: on a shared cluster the first arm's teardown deletes the cluster.
    // A prepared platform shared by the arms of a feature matrix is torn down once.
    if (!options.keep) for (const prepared of new Set([...arms].reverse().map((arm) => arm.prepared))) await prepared?.teardown().catch(() => undefined);
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
