/**
 * Cilium enrols every pod through the CNI: the run namespace needs no label or annotation. The
 * L7 scenarios add the CiliumNetworkPolicies that put cilium-envoy on the path.
 */
import type { KubeObject, PlanAction } from '../../plan/plan-types.ts';
import { mergeEnrolment, type NamespaceMetadata } from '../common/enrolment.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ciliumL7Policies } from './policies.ts';

/** No enrolment metadata beyond what the target declares. */
export function ciliumNamespaceMetadata(ctx: MeshPlanContext): NamespaceMetadata {
  return mergeEnrolment({ labels: {}, annotations: {} }, ctx.target);
}

/** The L7 policies (one per service of the chain) when the scenario asks for L7. */
export function ciliumWorkloadObjects(ctx: MeshPlanContext): { manifests: KubeObject[]; actions: PlanAction[] } {
  const l7 = ctx.scenario.features.l7 ? ciliumL7Policies({ namespace: ctx.namespace, chainDepth: ctx.scenario.workload.chainDepth }) : [];
  return { manifests: l7, actions: [] };
}
