/**
 * The Istio mesh module: sidecar, ambient (ztunnel) and waypoint modes, installed with istioctl
 * at the target's pinned version (or --mesh-version). See install.ts, enrol.ts, verify.ts.
 */
import { istioFeatureSupport } from './features.ts';
import type { ToolRequirement } from '../../plan/tool-requirement.ts';
import type { MeshModule } from '../mesh.ts';
import { isAmbientMode, istioNamespaceMetadata, istioWorkloadObjects } from './enrol.ts';
import { istioFeatureObjects } from './feature-objects.ts';
import { istioCoexistingVersions, istioRevisionName, planIstioInstall } from './install.ts';
import { parseIstioctlVersionJson, runningIstioVersion } from './tool-output.ts';
import { ISTIO_CHECKS, planIstioVerification } from './verify.ts';
import { istioSpecOf, resolveIstioVersion } from './versions.ts';

/** The Istio module registered for `mesh.name: istio`. */
export const istioMesh: MeshModule = {
  name: 'istio',
  featureSupport: istioFeatureSupport,
  requiredTools: (ctx) => {
    const spec = istioSpecOf(ctx.target);
    const version = resolveIstioVersion({ spec, meshVersion: ctx.meshVersion });
    const tools: ToolRequirement[] = [
      { tool: 'istioctl', pinnedVersion: version.version, why: `installs Istio ${version.version} (the CLI must match the mesh release)`, required: true },
      { tool: 'kubectl', why: 'reads and applies cluster objects', required: true },
    ];
    if (isAmbientMode(spec)) tools.push({ tool: 'bash', why: 'runs the documented `kubectl get crd … || kubectl apply …` Gateway API step', required: true });
    return tools;
  },
  planInstall: planIstioInstall,
  namespaceMetadata: istioNamespaceMetadata,
  workloadObjects: istioWorkloadObjects,
  featureObjects: istioFeatureObjects,
  planVerification: planIstioVerification,
  checks: ISTIO_CHECKS,
  coexistingVersions: (target) => istioCoexistingVersions(istioSpecOf(target)),
  revisionName: (version) => istioRevisionName(version),
  // istiod (its `discovery` container) pushes every Service to every proxy (docs/topology.md).
  controlPlane: () => [{ component: 'istiod', namespace: 'istio-system', podLabels: { app: 'istiod' }, container: 'discovery' }],
  readRunningVersion: async (runtime) => {
    const revision = runtime.revision ? ['--revision', runtime.revision] : [];
    const result = await runtime.runner.run('istioctl', ['version', ...revision, '-o', 'json'], {
      env: runtime.env,
      signal: runtime.signal,
      timeoutMs: 60_000,
      allowFailure: true,
    });
    const versions = parseIstioctlVersionJson(result.stdout);
    return versions ? runningIstioVersion(versions) : null;
  },
};
