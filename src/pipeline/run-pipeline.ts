/**
 * `bench run`: load target and scenario, plan, and (unless --dry-run) prepare the platform,
 * verify, measure every level, write the result after every repetition, and tear down — also on
 * failure and Ctrl-C. The result file keeps whatever was measured before a failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError, isInterrupted } from '../errors.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import { type LocalLaunchers, planLocalRun, type PreparedPlatform, prepareLocalPlatform } from '../platform/local/local-platform.ts';
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
  /** Keep the cluster / processes after the run (--keep). */
  keep: boolean;
  /** Measure even when verification failed (--no-verify); recorded in the result. */
  noVerify: boolean;
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

function resolvePaths(options: RunOptions): { runId: string; resultPath: string } {
  const runId = createRunId({ target: options.target.name, at: options.now ?? new Date() });
  const resultPath = options.outPath ? resolve(options.cwd, options.outPath) : join(options.cwd, 'results', `${runId}.json`);
  return { runId, resultPath };
}

/** Launchers used by the dry-run plan and the local platform. */
function localLaunchers(workDir: string): LocalLaunchers {
  // The semi-space flag makes young-generation GCs rarer: fewer pauses in the send loop.
  return {
    orderService: { command: process.execPath, args: [join(workDir, 'order-service.mjs')] },
    agent: { command: process.execPath, args: ['--max-semi-space-size=32', join(workDir, 'load-agent.mjs')] },
  };
}

/** The plan only (--dry-run). */
export function planRun(options: RunOptions): RunPlan {
  checkPlatform(options.target, options.platform);
  const { runId, resultPath } = resolvePaths(options);
  if (options.platform === 'local') {
    return planLocalRun({ target: options.target, scenario: options.scenario, runId, resultPath, workDir: join(tmpdir(), `meshbench-${runId}`), launchers: localLaunchers(join(tmpdir(), `meshbench-${runId}`)) });
  }
  throw new HarnessError('USAGE', `the ${options.platform} platform is not available in this build`);
}

async function preparePlatform(options: RunOptions, ctx: { runId: string; resultPath: string; workDir: string }): Promise<PreparedPlatform> {
  if (options.platform === 'local') {
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
      runner: options.runner,
      signal: options.signal,
    });
  }
  throw new HarnessError('USAGE', `the ${options.platform} platform is not available in this build`);
}

/** Runs the benchmark end to end and returns the written result. */
export async function runBenchmark(options: RunOptions): Promise<RunOutcome> {
  checkPlatform(options.target, options.platform);
  const { runId, resultPath } = resolvePaths(options);
  const { progress, runner } = options;
  const workDir = mkdtempSync(join(tmpdir(), `meshbench-${runId}-`));
  mkdirSync(join(resultPath, '..'), { recursive: true });
  const environment = await describeEnvironment({ runner, tools: {} });
  let result = newResultFile({
    runId,
    createdAt: options.now ?? new Date(),
    harness: { version: options.harnessVersion, gitSha: await harnessGitSha(runner), node: process.version },
    target: options.target,
    meshVersion: options.meshVersion,
    platform: options.platform,
    scenario: options.scenario,
    environment,
  });
  writeResultFile(resultPath, result);
  let prepared: PreparedPlatform | null = null;
  try {
    progress.step(`prepare ${options.target.name} on the ${options.platform} platform`);
    prepared = await preparePlatform(options, { runId, resultPath, workDir });
    progress.stepDone(`prepared ${options.target.name} (${prepared.targetUrl})`, true);
    result.environment.tools = { ...result.environment.tools, ...prepared.tools };
    result.target.runningVersion = prepared.runningVersion;
    const verified = prepared.verification.every((c) => c.passed);
    result.verification = { verified, skipped: options.noVerify, checks: prepared.verification };
    for (const c of prepared.verification) progress.info(`${c.passed ? '✔' : '✖'} verify ${c.name}: ${c.evidence[0] ?? ''}`);
    if (!verified && !options.noVerify) {
      throw new HarnessError('RUN_INVALID', `verification failed: ${prepared.verification.filter((c) => !c.passed).map((c) => c.name).join(', ')}`, {
        hint: 'the data path is not what the target promises; see the evidence in the result, or pass --no-verify to measure anyway (recorded)',
      });
    }
    await measureLevels({
      scenario: options.scenario,
      arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }],
      progress,
      signal: options.signal,
    });
    result = finalizeResult(result, 'complete');
    writeResultFile(resultPath, result);
    return { resultPath, result };
  } catch (err) {
    result = finalizeResult(result, isInterrupted(err) || options.signal?.aborted ? 'interrupted' : 'failed');
    writeResultFile(resultPath, result);
    throw err;
  } finally {
    progress.close();
    if (prepared && !options.keep) await prepared.teardown().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}
