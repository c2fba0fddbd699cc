/**
 * The Kubernetes platforms (kind, existing) behind one call for the run pipeline: plan the run,
 * execute every step up to the measurement, and hand back what the measurement loop needs: the
 * entry URL, the measurement backend, the verification evidence, tool and cluster versions, and
 * the teardown. A failure while preparing collects diagnostics and tears down (unless --keep)
 * before it is rethrown, so no cluster is left behind by a half-prepared run.
 */
import type { ClusterShape } from '../../config/target-schema.ts';
import { isInterrupted } from '../../errors.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { KubeClientOptions } from '../../kube/client-node-kube-client.ts';
import type { KubeClient } from '../../kube/kube-client.ts';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';
import { collectDiagnostics, diagnosticsDirFor } from './diagnostics.ts';
import { executePlanSteps, type ExecuteRuntime, runTeardown } from './execute-plan.ts';
import { createKubeMeasurementBackend, type KubeMeasurementBackendOptions } from './kube-measurement-backend.ts';
import type { RunPlan } from '../../plan/plan-types.ts';
import { planKubeRun, type PlanKubeRunOptions } from './plan-kube-run.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { bundleWorkloadScripts } from '../../workload/workload-bundle.ts';
import type { PreparedPlatform } from '../measurement-backend.ts';
import { PLATFORM_CHECK_NAMES } from '../platform-checks.ts';

/** Options of {@link prepareKubePlatform}: the plan's plus the runtime's. */
export interface PrepareKubePlatformOptions extends Omit<PlanKubeRunOptions, 'scripts'> {
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
  /** Bundled scripts; bundled here when absent. */
  scripts?: PlanKubeRunOptions['scripts'] | undefined;
  /** Base environment of every command (e.g. PATH). */
  env?: Record<string, string> | undefined;
  onStep?: ExecuteRuntime['onStep'];
  /** KubeClient tuning (tests shorten polls and timeouts). */
  kubeClient?: KubeClientOptions | undefined;
  /** Measurement tuning (tests shorten the meter and agent margins). */
  measurement?: Pick<KubeMeasurementBackendOptions, 'meter' | 'agents' | 'readHostCpu'> | undefined;
}

/** A prepared kind or existing platform. */
export interface PreparedKubePlatform extends PreparedPlatform {
  plan: RunPlan;
  kube: KubeClient;
  kubernetesVersion: string | null;
  kindVersion: string | null;
  clusterShape: ClusterShape | null;
  /** Writes pods, events and logs beside the result; call it when the run fails after preparing. */
  collectDiagnostics(): Promise<string>;
}

function clusterShapeCopy(shape: ClusterShape | null): ClusterShape | null {
  return shape ? { ...shape } : null;
}

/** `tool version` lines of the tools check → a record. */
function toolsFromEvidence(checks: readonly VerificationCheck[]): Record<string, string> {
  const tools: Record<string, string> = {};
  for (const line of checks.find((c) => c.name === 'tools')?.evidence ?? []) {
    const [tool, version] = line.split(' ');
    if (tool && version && version !== 'not' && version !== 'unknown') tools[tool] = version;
  }
  return tools;
}

/** Plans and executes a kind or existing run up to the measurement. */
export async function prepareKubePlatform(options: PrepareKubePlatformOptions): Promise<PreparedKubePlatform> {
  const scripts = options.scripts ?? (await bundleWorkloadScripts());
  // Loaded here, not at start-up: only the runs that talk to a cluster pay for the Kubernetes client.
  const { createKubeClient } = await import('../../kube/client-node-kube-client.ts');
  const plan = planKubeRun({ ...options, scripts });
  const kubeconfigPath = plan.cluster?.kubeconfigPath ?? '';
  let client: KubeClient | undefined;
  const kube = () => {
    client ??= createKubeClient(kubeconfigPath, null, options.kubeClient);
    return client;
  };
  const mesh = meshModuleFor(options.target.mesh);
  // Until a step past the preflight checks starts, nothing exists to diagnose or tear down.
  let changedAnything = false;
  const runtime: ExecuteRuntime = {
    runner: options.runner,
    kube,
    signal: options.signal,
    log: options.log,
    checks: mesh.checks,
    kubeconfigPath,
    namespace: plan.namespace ?? undefined,
    env: options.env,
    onStep: (step, state) => {
      if (state === 'start' && step.phase !== 'preflight') changedAnything = true;
      options.onStep?.(step, state);
    },
  };
  const diagnostics = () => collectDiagnostics(plan, { runner: options.runner, kube, log: options.log, env: options.env }, diagnosticsDirFor(plan.resultPath));
  const teardown = () => runTeardown(plan, runtime);
  let checks: VerificationCheck[];
  try {
    checks = await executePlanSteps(plan.steps, runtime);
  } catch (err) {
    if (!changedAnything) throw err;
    if (!isInterrupted(err) && !options.signal?.aborted) await diagnostics().catch(() => undefined);
    await teardown();
    throw err;
  }
  const platformChecks = new Set<string>(PLATFORM_CHECK_NAMES);
  const tools = toolsFromEvidence(checks);
  const env: Record<string, string> = { ...(options.env ?? {}), KUBECONFIG: kubeconfigPath };
  const checkRuntime = { runner: options.runner, kube: kube(), kubeconfigPath, namespace: plan.namespace ?? '', signal: options.signal, env, revision: options.revision ?? null };
  const runningVersion = await mesh.readRunningVersion(checkRuntime).catch(() => null);
  const kubernetesVersion = await kube().serverVersion().catch(() => null);
  const measure = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'measure');
  const targetUrl = measure?.kind === 'measure' ? measure.measurement.targetUrl : '';
  const agentTls = measure?.kind === 'measure' ? measure.measurement.agentTls : undefined;
  return {
    plan,
    kube: kube(),
    targetUrl,
    ...(agentTls ? { agentTls } : {}),
    backend: createKubeMeasurementBackend({ plan, cluster: options.cluster, kube: kube(), target: options.target, runner: options.runner, log: options.log, ...options.measurement }),
    verification: checks.filter((c) => !platformChecks.has(c.name)),
    runningVersion,
    tools,
    kubernetesVersion,
    kindVersion: tools['kind'] ?? null,
    clusterShape: options.cluster.clusterShape(options.target),
    targetFacts: { kubernetesVersion, kindVersion: tools['kind'] ?? null, clusterShape: clusterShapeCopy(options.cluster.clusterShape(options.target)) },
    teardown,
    collectDiagnostics: diagnostics,
    runSteps: async (steps) => {
      await executePlanSteps(steps, runtime);
    },
  };
}

/** The plan only, for `bench run --dry-run` (bundles the scripts unless given). */
export async function planKubePlatformRun(options: Omit<PlanKubeRunOptions, 'scripts'> & { scripts?: PlanKubeRunOptions['scripts'] | undefined }): Promise<RunPlan> {
  return planKubeRun({ ...options, scripts: options.scripts === undefined ? await bundleWorkloadScripts() : options.scripts });
}
