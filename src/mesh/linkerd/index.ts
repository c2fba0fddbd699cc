/**
 * The Linkerd mesh module: edge releases installed with the linkerd CLI, proxies injected by
 * namespace annotation, an authenticated default inbound policy for STRICT scenarios. See
 * install.ts, enrol.ts, verify.ts.
 */
import { linkerdFeatureSupport } from './features.ts';
import type { MeshModule } from '../mesh.ts';
import { linkerdNamespaceMetadata, linkerdWorkloadObjects } from './enrol.ts';
import { linkerdFeatureObjects, linkerdServiceAnnotations } from './feature-objects.ts';
import { planLinkerdInstall } from './install.ts';
import { parseLinkerdVersion } from './tool-output.ts';
import { LINKERD_CHECKS, planLinkerdVerification } from './verify.ts';
import { linkerdSpecOf, resolveLinkerdVersion } from './versions.ts';

/** The Linkerd module registered for `mesh.name: linkerd`. */
export const linkerdMesh: MeshModule = {
  name: 'linkerd',
  featureSupport: linkerdFeatureSupport,
  requiredTools: (ctx) => {
    const version = resolveLinkerdVersion({ spec: linkerdSpecOf(ctx.target), meshVersion: ctx.meshVersion });
    return [
      { tool: 'linkerd', pinnedVersion: version.version, why: `installs Linkerd ${version.version} (the CLI must match the mesh release)`, required: true },
      { tool: 'kubectl', why: 'applies the manifests `linkerd install` renders', required: true },
      { tool: 'bash', why: 'runs the documented `linkerd install | kubectl apply -f -` pipelines', required: true },
    ];
  },
  planInstall: planLinkerdInstall,
  namespaceMetadata: linkerdNamespaceMetadata,
  workloadObjects: linkerdWorkloadObjects,
  featureObjects: linkerdFeatureObjects,
  serviceAnnotations: linkerdServiceAnnotations,
  planVerification: planLinkerdVerification,
  checks: LINKERD_CHECKS,
  // The destination pod serves discovery (`destination`) and policy (`policy`) to the proxies
  // (docs/topology.md).
  controlPlane: () => [
    { component: 'linkerd-destination', namespace: 'linkerd', podLabels: { 'linkerd.io/control-plane-component': 'destination' }, container: 'destination' },
    { component: 'linkerd-policy', namespace: 'linkerd', podLabels: { 'linkerd.io/control-plane-component': 'destination' }, container: 'policy' },
  ],
  readRunningVersion: async (runtime) => {
    const result = await runtime.runner.run('linkerd', ['version'], { env: runtime.env, signal: runtime.signal, timeoutMs: 60_000, allowFailure: true });
    return parseLinkerdVersion(result.stdout).server;
  },
};
