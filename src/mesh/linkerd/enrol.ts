/**
 * Enrolling the run namespace in Linkerd (docs/mesh-install.md "Linkerd"): the `linkerd.io/inject: enabled`
 * annotation (an annotation, not a label) and the namespace's default inbound policy. STRICT
 * maps to an authenticated policy (`all-authenticated` unless the target chose
 * `cluster-authenticated`), so plaintext from un-meshed clients is refused as Istio's STRICT
 * refuses it; permissive maps to `all-unauthenticated`. Linkerd cannot turn mTLS off.
 */
import { HarnessError } from '../../errors.ts';
import type { KubeObject, PlanAction } from '../../plan/plan-types.ts';
import { mergeEnrolment, type NamespaceMetadata } from '../common/enrolment.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { LINKERD_DEFAULT_TRUST_DOMAIN, linkerdL4Policy, linkerdL7Policy } from './policies.ts';
import { linkerdSpecOf } from './versions.ts';

/** The namespace default inbound policy for the scenario's mTLS mode. */
export function namespaceInboundPolicy(ctx: MeshPlanContext): string {
  const spec = linkerdSpecOf(ctx.target);
  const mtls = ctx.scenario.features.mtls;
  if (mtls === 'strict') return spec.defaultInboundPolicy === 'cluster-authenticated' ? 'cluster-authenticated' : 'all-authenticated';
  if (mtls === 'permissive') return 'all-unauthenticated';
  throw new HarnessError('USAGE', `scenario "${ctx.scenario.name}" sets features.mtls: off, but Linkerd always uses mTLS between meshed pods`, {
    hint: 'use mtls: permissive (plaintext from un-meshed clients allowed) or strict with the linkerd target',
  });
}

/** Annotations that inject the proxy and set the inbound policy. */
export function linkerdNamespaceMetadata(ctx: MeshPlanContext): NamespaceMetadata {
  const annotations: Record<string, string> = { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': namespaceInboundPolicy(ctx) };
  // accessLog: the injector gives the proxies of this namespace an access log (docs/capability-matrix.md).
  if (ctx.scenario.features.accessLog) annotations['config.linkerd.io/access-log'] = 'json';
  return mergeEnrolment({ labels: {}, annotations }, ctx.target);
}

/** Policy objects applied with the workload (scenarios with authz only). */
export function linkerdWorkloadObjects(ctx: MeshPlanContext): { manifests: KubeObject[]; actions: PlanAction[] } {
  namespaceInboundPolicy(ctx);
  const authz = ctx.scenario.features.authz;
  if (authz === 'off') return { manifests: [], actions: [] };
  const trustDomain = linkerdSpecOf(ctx.target).values['identityTrustDomain'] ?? LINKERD_DEFAULT_TRUST_DOMAIN;
  const options = { namespace: ctx.namespace, chainDepth: ctx.scenario.workload.chainDepth, fanOut: ctx.scenario.workload.fanOut, trustDomain };
  return { manifests: authz === 'l7' ? linkerdL7Policy(options) : linkerdL4Policy(options), actions: [] };
}
