/**
 * Cilium enrols every pod through the CNI: the run namespace needs no label or annotation. The
 * L7 scenarios add the CiliumNetworkPolicies that put cilium-envoy on the path.
 */
import type { KubeObject, PlanAction } from '../../plan/plan-types.ts';
import { mergeEnrolment, type NamespaceMetadata } from '../common/enrolment.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ciliumL4Policies, ciliumL7Policies } from './policies.ts';

/** No enrolment metadata beyond what the target declares. */
export function ciliumNamespaceMetadata(ctx: MeshPlanContext): NamespaceMetadata {
  return mergeEnrolment({ labels: {}, annotations: {} }, ctx.target);
}

/** The authorization policies (one per service of the chain) when the scenario asks for authz. */
export function ciliumWorkloadObjects(ctx: MeshPlanContext): { manifests: KubeObject[]; actions: PlanAction[] } {
  const options = { namespace: ctx.namespace, chainDepth: ctx.scenario.workload.chainDepth, fanOut: ctx.scenario.workload.fanOut };
  const authz = ctx.scenario.features.authz;
  const manifests = authz === 'l7' ? ciliumL7Policies(options) : authz === 'l4' ? ciliumL4Policies(options) : [];
  return { manifests, actions: [] };
}
