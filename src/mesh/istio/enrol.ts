/**
 * Enrolling the run namespace in Istio (docs/mesh-install.md "Istio"): the injection label (sidecar) or
 * the ambient data-plane label, and the objects applied with the workload: the mesh-wide
 * PeerAuthentication for the scenario's mTLS mode, the waypoint (`istioctl waypoint apply
 * --enroll-namespace --wait`), and the L7 AuthorizationPolicies (one per service of the chain)
 * when the scenario asks for L7.
 */
import { HarnessError } from '../../errors.ts';
import type { IstioMeshSpec } from '../../config/target-schema.ts';
import type { KubeObject, PlanAction } from '../../plan/plan-types.ts';
import { mergeEnrolment, type NamespaceMetadata } from '../common/enrolment.ts';
import { toolFile } from '../common/tool-invocation.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { chainAuthorizationPolicies, namespaceScopeSidecar, type PeerAuthenticationMode, peerAuthentication } from './policies.ts';
import { istioSpecOf, resolveIstioVersion } from './versions.ts';

/** True for the ambient data plane (ambient and waypoint modes). */
export function isAmbientMode(spec: IstioMeshSpec): boolean {
  return spec.mode === 'ambient' || spec.mode === 'waypoint';
}

/** The waypoint Gateway name istioctl creates (and the dataPlane selector uses). */
export const WAYPOINT_NAME = 'waypoint';

/** Namespace label that injects the sidecars of one control-plane revision. */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';
/** The injection label of the default revision; it takes precedence over `istio.io/rev`. */
export const ISTIO_INJECTION_LABEL = 'istio-injection';

/**
 * Labels that put the namespace in the mesh. With a revision (two control planes in one
 * cluster): `istio.io/rev=<revision>` and no `istio-injection` label, which would take
 * precedence (docs/arms-on-shared-hardware.md).
 */
export function istioNamespaceMetadata(ctx: MeshPlanContext): NamespaceMetadata {
  const spec = istioSpecOf(ctx.target);
  if (ctx.revision) {
    const { [ISTIO_INJECTION_LABEL]: _injection, ...declared } = ctx.target.enrol.namespaceLabels;
    const target = { ...ctx.target, enrol: { ...ctx.target.enrol, namespaceLabels: declared } };
    return mergeEnrolment({ labels: { [ISTIO_REVISION_LABEL]: ctx.revision }, annotations: {} }, target);
  }
  const labels: Record<string, string> = isAmbientMode(spec) ? { 'istio.io/dataplane-mode': 'ambient' } : { [ISTIO_INJECTION_LABEL]: 'enabled' };
  return mergeEnrolment({ labels, annotations: {} }, ctx.target);
}

/** PeerAuthentication mode for the scenario; ambient cannot DISABLE. */
export function peerAuthenticationMode(ctx: MeshPlanContext): PeerAuthenticationMode {
  const spec = istioSpecOf(ctx.target);
  const mtls = ctx.scenario.features.mtls;
  if (mtls === 'strict') return 'STRICT';
  if (mtls === 'permissive') return 'PERMISSIVE';
  if (isAmbientMode(spec)) {
    throw new HarnessError('USAGE', `scenario "${ctx.scenario.name}" sets features.mtls: off, which Istio ambient does not support (no PeerAuthentication DISABLE)`, {
      hint: 'ambient has no PeerAuthentication DISABLE mode: use mtls: permissive or strict, or the istio-sidecar target',
    });
  }
  return 'DISABLE';
}

/** `istioctl waypoint apply -n <ns> --enroll-namespace --wait` (1.22: under `istioctl x`). */
export function waypointApplyAction(ctx: MeshPlanContext): PlanAction[] {
  const spec = istioSpecOf(ctx.target);
  const version = resolveIstioVersion({ spec, meshVersion: ctx.meshVersion });
  const prefix = version.experimentalAmbientCommands ? ['x'] : [];
  return [
    {
      kind: 'command',
      description: `waypoint for namespace ${ctx.namespace} (enrols the namespace)`,
      tool: toolFile({ tool: 'istioctl', version: version.version, toolsDir: ctx.toolsDir }),
      args: [...prefix, 'waypoint', 'apply', '-n', ctx.namespace, '--enroll-namespace', '--wait'],
      timeoutMs: 5 * 60_000,
      env: { KUBECONFIG: ctx.kubeconfigPath },
    },
    {
      kind: 'wait',
      description: 'waypoint pods ready',
      condition: { type: 'pods-ready', namespace: ctx.namespace, labelSelector: `gateway.networking.k8s.io/gateway-name=${WAYPOINT_NAME}` },
      timeoutMs: 5 * 60_000,
    },
  ];
}

/**
 * Ambient without a waypoint has no L7 proxy: L7 scenarios are refused (use istio-waypoint).
 * Authorization (l4 or l7) names callers by their mTLS identity, so `mtls: off` with it is refused too.
 */
export function refuseUnsupportedL7(ctx: MeshPlanContext): void {
  const authz = ctx.scenario.features.authz;
  if (authz !== 'off' && ctx.scenario.features.mtls === 'off') {
    throw new HarnessError('USAGE', `scenario "${ctx.scenario.name}" sets features.authz: ${authz} with mtls: off: the policy allows callers by their mTLS identity, so every request would be denied`, {
      hint: `use mtls: strict (or permissive) with authz: ${authz}`,
    });
  }
  if (ctx.scenario.features.authz === 'l7' && istioSpecOf(ctx.target).mode === 'ambient') {
    throw new HarnessError('USAGE', `scenario "${ctx.scenario.name}" sets features.authz: l7, but ambient without a waypoint has no L7 proxy: use the istio-waypoint target`, {
      hint: 'in ambient, HTTP routes and L7 authorization are enforced by a waypoint; istio-waypoint deploys one for the namespace',
    });
  }
}

/** Objects and actions applied with the workload. */
export function istioWorkloadObjects(ctx: MeshPlanContext): { manifests: KubeObject[]; actions: PlanAction[] } {
  const spec = istioSpecOf(ctx.target);
  // Mesh-wide on the run's own cluster (kind); on a user's cluster only the run's namespace.
  const scope = ctx.platform === 'existing' ? ctx.namespace : 'istio-system';
  const manifests: KubeObject[] = [peerAuthentication(peerAuthenticationMode(ctx), scope)];
  const authz = ctx.scenario.features.authz;
  if (authz !== 'off') {
    refuseUnsupportedL7(ctx);
    // In ambient, ztunnel enforces a principals-only policy on the pods; behind a waypoint the
    // waypoint is the caller ztunnel sees, so the waypoint enforces it on the Service.
    const attachment = spec.mode === 'waypoint' ? 'waypoint' : 'selector';
    manifests.push(...chainAuthorizationPolicies({ namespace: ctx.namespace, chainDepth: ctx.scenario.workload.chainDepth, fanOut: ctx.scenario.workload.fanOut, attachment, layer: authz }));
  }
  if (ctx.scenario.features.configScope === 'namespace' && spec.mode === 'sidecar') manifests.push(namespaceScopeSidecar({ namespace: ctx.namespace }));
  const actions = spec.mode === 'waypoint' ? waypointApplyAction(ctx) : [];
  return { manifests, actions };
}
