/**
 * Gateway API CRDs, installed only when absent (Istio's documented
 * `kubectl get crd gateways.gateway.networking.k8s.io || kubectl apply -f …`), or always with
 * server-side apply (Linkerd's documented form). The version is the mesh's (docs/mesh-install.md "Gateway API CRDs").
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import { bashAction, shellLine } from './tool-invocation.ts';

const CRD_INSTALL_TIMEOUT_MS = 120_000;

/** Release URL of the standard-channel bundle, e.g. v1.4.0. */
export function gatewayApiStandardUrl(version: string): string {
  return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
}

/** Release URL of the experimental-channel bundle (standard plus experimental fields such as HTTPRoute `retry`). */
export function gatewayApiExperimentalUrl(version: string): string {
  return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/experimental-install.yaml`;
}

/**
 * The experimental channel, server-side applied (over the standard CRDs if present), for a plan
 * that writes experimental fields: without them the API server prunes those fields silently.
 */
export function gatewayApiExperimentalAction(version: string, env: Record<string, string>): PlanAction {
  return {
    kind: 'command',
    description: `Gateway API ${version} experimental-channel CRDs (server-side apply)`,
    tool: 'kubectl',
    args: ['apply', '--server-side', '--force-conflicts', '-f', gatewayApiExperimentalUrl(version)],
    timeoutMs: CRD_INSTALL_TIMEOUT_MS,
    env,
  };
}

/** Istio form: install the standard CRDs unless `gateways.gateway.networking.k8s.io` exists. */
export function gatewayApiIfAbsentAction(version: string, env: Record<string, string>): PlanAction {
  const get = shellLine('kubectl', ['get', 'crd', 'gateways.gateway.networking.k8s.io']);
  const apply = shellLine('kubectl', ['apply', '--server-side', '-f', gatewayApiStandardUrl(version)]);
  return bashAction({
    description: `Gateway API ${version} standard CRDs (only if not already installed)`,
    script: `${get} >/dev/null 2>&1 || ${apply}`,
    timeoutMs: CRD_INSTALL_TIMEOUT_MS,
    env,
  });
}

/** Linkerd form: `kubectl apply --server-side -f <standard-install.yaml>`. */
export function gatewayApiServerSideAction(version: string, env: Record<string, string>): PlanAction {
  return {
    kind: 'command',
    description: `Gateway API ${version} standard CRDs (server-side apply)`,
    tool: 'kubectl',
    args: ['apply', '--server-side', '-f', gatewayApiStandardUrl(version)],
    timeoutMs: CRD_INSTALL_TIMEOUT_MS,
    env,
  };
}

/** Waits for the Gateway CRDs the mesh needs to be served. */
export function gatewayApiEstablishedWaits(): PlanAction[] {
  return ['gateways.gateway.networking.k8s.io', 'httproutes.gateway.networking.k8s.io'].map((name) => ({
    kind: 'wait',
    description: `CRD ${name} established`,
    condition: { type: 'crd-established', name },
    timeoutMs: 60_000,
  }));
}
