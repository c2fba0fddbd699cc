/**
 * The Cilium module: Cilium as the cluster's CNI with kube-proxy replacement, WireGuard
 * transparent encryption and, for L7 scenarios, cilium-envoy enforcing HTTP rules. See
 * install.ts, enrol.ts, verify.ts.
 */
import { ciliumFeatureSupport } from './features.ts';
import type { MeshModule } from '../mesh.ts';
import { parseCiliumVersion } from './tool-output.ts';
import { ciliumNamespaceMetadata, ciliumWorkloadObjects } from './enrol.ts';
import { ciliumFeatureObjects } from './feature-objects.ts';
import { planCiliumInstall } from './install.ts';
import { CILIUM_CHECKS, planCiliumVerification } from './verify.ts';
import { ciliumSpecOf, resolveCiliumVersion } from './versions.ts';

/** The Cilium module registered for `mesh.name: cilium`. */
export const ciliumMesh: MeshModule = {
  name: 'cilium',
  featureSupport: ciliumFeatureSupport,
  requiredTools: (ctx) => {
    const version = resolveCiliumVersion({ spec: ciliumSpecOf(ctx.target), meshVersion: ctx.meshVersion });
    return [
      { tool: 'cilium', pinnedVersion: version.cliVersion, why: `cilium-cli ${version.cliVersion} installs Cilium ${version.version}`, required: true },
      { tool: 'kubectl', why: 'reads agent status inside the cilium pods', required: true },
    ];
  },
  planInstall: planCiliumInstall,
  namespaceMetadata: ciliumNamespaceMetadata,
  workloadObjects: ciliumWorkloadObjects,
  featureObjects: ciliumFeatureObjects,
  planVerification: planCiliumVerification,
  checks: CILIUM_CHECKS,
  // cilium-agent, which also programs every Service into eBPF, is metered as the data plane.
  controlPlane: () => [{ component: 'cilium-operator', namespace: 'kube-system', podLabels: { 'io.cilium/app': 'operator' }, container: 'cilium-operator' }],
  readRunningVersion: async (runtime) => {
    const result = await runtime.runner.run('cilium', ['version'], { env: runtime.env, signal: runtime.signal, timeoutMs: 60_000, allowFailure: true });
    return parseCiliumVersion(result.stdout).running;
  },
};
