/**
 * Check functions of the Kubernetes platforms, referenced by name from plan `check` actions
 * (like a mesh's verification checks):
 * - `tools`: the required tools are on PATH (preflight); missing ones fail with TOOL_NOT_FOUND;
 * - `kube-context`: (existing) copies the chosen context into the run's own kubeconfig and checks
 *   that its API server answers, naming the address when it does not;
 * - `mesh-present`: (existing, no --install-mesh) the target's mesh runs on the cluster, and which
 *   version.
 */
import { HarnessError } from '../errors.ts';
import { defaultKubeconfigPath } from '../kube/kubeconfig-path.ts';
import type { MeshSpec, PlatformName } from '../config/target-schema.ts';
import { meshModuleFor } from '../mesh/mesh-registry.ts';
import type { CheckFunction } from '../mesh/mesh.ts';
import type { ToolRequirement } from '../plan/tool-requirement.ts';
import { missingToolsError, probeTools } from './tool-versions.ts';

/** Names of install gates (the checks below, and a mesh's Gateway API bundle check): not verification evidence, kept out of the result's `verification`. */
export const PLATFORM_CHECK_NAMES = ['tools', 'kube-context', 'gateway-api-bundle'] as const;

const toolsCheck: CheckFunction = async (params, runtime) => {
  const tools = params['tools'] as ToolRequirement[];
  const platform = String(params['platform'] ?? 'kind');
  const probes = await probeTools(tools, { runner: runtime.runner, env: runtime.env, signal: runtime.signal });
  const error = missingToolsError(probes, { platform });
  if (error) throw error;
  return {
    name: 'tools',
    passed: true,
    evidence: probes.map((p) => `${p.tool} ${p.version ?? (p.found ? 'unknown version' : 'not found')}${p.problem ? ` (${p.problem})` : ''}`),
  };
};

const kubeContextCheck: CheckFunction = async (params, runtime) => {
  // Never runtime.env: its KUBECONFIG is the run's own kubeconfig, which this check writes.
  const source = typeof params['sourcePath'] === 'string' ? params['sourcePath'] : defaultKubeconfigPath(process.env);
  const context = typeof params['context'] === 'string' ? params['context'] : null;
  // Loaded here: the Kubernetes client is for the runs that talk to a cluster (docs/build.md).
  const { exportContextKubeconfig } = await import('../kube/kubeconfig-export.ts');
  const exported = exportContextKubeconfig({ sourcePath: source, context, outPath: runtime.kubeconfigPath });
  let version: string;
  try {
    version = await runtime.kube.serverVersion();
  } catch (err) {
    throw new HarnessError('NOT_READY', `cannot reach the API server of context "${exported.context}" at ${exported.server}: ${(err as Error).message}`, {
      hint: 'check the context with `kubectl --context ' + exported.context + ' cluster-info`, or pick another with --context NAME',
      cause: err,
    });
  }
  return {
    name: 'kube-context',
    passed: true,
    evidence: [`context ${exported.context} (cluster ${exported.cluster}) at ${exported.server}`, `Kubernetes ${version}`],
  };
};

const meshPresentCheck: CheckFunction = async (params, runtime) => {
  const mesh = params['mesh'] as MeshSpec;
  const expected = typeof params['expectedVersion'] === 'string' ? params['expectedVersion'] : null;
  const running = await meshModuleFor(mesh).readRunningVersion(runtime);
  if (running === null) {
    throw new HarnessError('NOT_READY', `the target's mesh (${mesh.name}) is not installed on this cluster`, {
      hint: 'install it yourself, or let the run install it with --install-mesh',
    });
  }
  const matches = !expected || running.replace(/^v/, '') === expected.replace(/^v/, '');
  return {
    name: 'mesh-present',
    passed: true,
    evidence: [`found ${mesh.name} ${running}${matches ? '' : ` (the target pins ${expected}: measuring the installed version)`}`],
  };
};

/** The platform check functions by name. */
export const PLATFORM_CHECKS: Record<string, CheckFunction> = {
  tools: toolsCheck,
  'kube-context': kubeContextCheck,
  'mesh-present': meshPresentCheck,
};

/** Params of the `tools` check. */
export function toolsCheckParams(platform: PlatformName, tools: readonly ToolRequirement[]): Record<string, unknown> {
  return { platform, tools: tools.map((t) => ({ ...t })) };
}
