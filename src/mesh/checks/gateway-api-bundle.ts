/**
 * Before a mesh server-side-applies its Gateway API bundle (Linkerd's documented form), read the
 * bundle already on the cluster: the `gateway.networking.k8s.io/bundle-version` annotation the
 * gateway-api release manifests put on every CRD. A newer bundle than the one the plan would apply
 * is never downgraded: the check fails, naming both versions and what the mesh accepts
 * (docs/pins.md). Absent or older (or equal) bundles pass and the apply follows.
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import type { CheckFunction } from '../mesh.ts';

/** The CRD whose annotation tells the installed bundle. */
export const GATEWAY_CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gateways.gateway.networking.k8s.io';
export const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

/** Negative, zero or positive as vX.Y.Z a is older than, equal to or newer than b. */
export function compareBundleVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The plan action: check the installed bundle against `wanted` (and the newest the mesh accepts). */
export function gatewayApiBundleCheckAction(options: { mesh: string; wanted: string; newestAccepted: string | null }): PlanAction {
  return {
    kind: 'check',
    description: `the Gateway API bundle on the cluster is absent or not newer than ${options.wanted} (never downgraded)`,
    check: 'gateway-api-bundle',
    params: { mesh: options.mesh, wanted: options.wanted, newestAccepted: options.newestAccepted },
  };
}

export const gatewayApiBundleCheck: CheckFunction = async (params, runtime) => {
  const wanted = String(params['wanted']);
  const mesh = String(params['mesh'] ?? 'the mesh');
  const newest = typeof params['newestAccepted'] === 'string' ? params['newestAccepted'] : null;
  let crd: unknown;
  try {
    crd = await runtime.kube.getRaw(GATEWAY_CRD_PATH);
  } catch (err) {
    if (/HTTP 404/.test((err as Error).message)) {
      return { name: 'gateway-api-bundle', passed: true, evidence: [`no Gateway API CRDs installed: ${wanted} will be applied`] };
    }
    throw err;
  }
  const annotations = ((crd as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {}) as Record<string, string>;
  const installed = annotations[BUNDLE_VERSION_ANNOTATION];
  if (!installed) {
    return {
      name: 'gateway-api-bundle',
      passed: false,
      evidence: [`gateways.gateway.networking.k8s.io exists without a ${BUNDLE_VERSION_ANNOTATION} annotation: its version is unknown, so ${wanted} is not applied over it`],
    };
  }
  if (compareBundleVersions(installed, wanted) > 0) {
    const accepted = newest && compareBundleVersions(installed, newest) <= 0;
    return {
      name: 'gateway-api-bundle',
      passed: false,
      evidence: [
        `Gateway API ${installed} is installed; applying ${wanted} would downgrade it, so the run stops`,
        accepted
          ? `${mesh} accepts bundles up to ${newest}: set mesh.gatewayApiVersion: ${installed} in the target to keep it`
          : `${mesh} accepts bundles up to ${newest ?? wanted}: ${installed} is newer than that`,
      ],
    };
  }
  return { name: 'gateway-api-bundle', passed: true, evidence: [`Gateway API ${installed} installed: ${wanted} is applied over it (same or newer)`] };
};
