/**
 * The arms of a run: each arm's label, run id, result path, mesh version and control-plane
 * revision, and what the platform needs to plan or prepare it. A single run is one arm labelled ''.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Platform, PlatformRunOptions } from '../platform/platform.ts';
import { createRunId } from '../results/new-result.ts';
import { scenarioOf } from './arm-features.ts';
import { armRevision, armsMethod, checkSharedCluster } from './arms-sharing.ts';
import type { RunOptions } from './run-options.ts';

/** Where and as what one arm runs. */
export interface ArmPaths {
  label: string;
  meshVersion: string | null;
  runId: string;
  resultPath: string;
  /** Control-plane revision on a shared cluster, else null. */
  revision: string | null;
}

export function resolveArmPaths(options: RunOptions, platform: Platform): ArmPaths[] {
  const at = options.now ?? new Date();
  const labels = options.arms.length > 0 ? options.arms : [''];
  // One nonce per run: the arms of a run share it, two runs (even in the same millisecond) don't.
  const nonce = randomBytes(3).toString('hex');
  const featureMatrix = Boolean(options.featureMatrix);
  const method = armsMethod({ target: options.target, platform: options.platform, armCount: labels.length, featureMatrix, idleSweep: Boolean(options.idleSweep) });
  const arms = labels.map((label) => {
    const runId = createRunId({ target: options.target.name, at, suffix: label || undefined, nonce });
    let resultPath = join(options.cwd, 'results', `${runId}.json`);
    if (options.outPath) {
      const out = resolve(options.cwd, options.outPath);
      resultPath = label ? out.replace(/(\.json)?$/, `-${label.replace(/[^A-Za-z0-9.]+/g, '-')}.json`) : out;
    }
    // With a cluster per arm, an arm label is the mesh version it installs.
    const meshVersion = label && platform.arms === 'cluster-per-arm' && !options.featureMatrix && !options.idleSweep ? label : options.meshVersion;
    return { label, meshVersion, runId, resultPath, revision: armRevision({ target: options.target, method, meshVersion, armCount: labels.length, featureMatrix }) };
  });
  checkSharedCluster({ method, platform: options.platform, installMesh: options.installMesh, revisions: arms.map((a) => a.revision) });
  return arms;
}

/** On a shared cluster every arm after the first joins the first arm's cluster. */
export function joinRunOf(arms: readonly (ArmPaths & { workDir: string })[], index: number): PlatformRunOptions['joinRun'] {
  const owner = arms[0];
  if (index === 0 || !owner || owner.revision === null) return null;
  return { runId: owner.runId, workDir: owner.workDir };
}

/** What the platform needs of one arm. */
export function armOptions(options: RunOptions, arm: { runId: string; resultPath: string; meshVersion: string | null; workDir: string; label: string }): PlatformRunOptions {
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
