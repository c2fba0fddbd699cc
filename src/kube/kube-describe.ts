/**
 * Human names of wait conditions and Kubernetes objects, as the KubeClient's errors show them
 * (`Deployment ns/name rollout`, `CRD x Established`, `ConfigMap ns/name`).
 */
import type { KubeObject, WaitCondition } from '../plan/plan-types.ts';

/** What a wait waits for, e.g. `3 nodes Ready`. */
export function describeCondition(condition: WaitCondition): string {
  switch (condition.type) {
    case 'nodes-ready':
      return `${condition.count} nodes Ready`;
    case 'rollout':
      return `${condition.workloadKind} ${condition.namespace}/${condition.name} rollout`;
    case 'pods-ready':
      return `pods ${condition.labelSelector} in ${condition.namespace} Ready`;
    case 'job-complete':
      return `Job ${condition.namespace}/${condition.name} complete`;
    case 'crd-established':
      return `CRD ${condition.name} Established`;
  }
}

/** Kind and namespace/name of an object, e.g. `ConfigMap ns/name`. */
export function describeObject(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
