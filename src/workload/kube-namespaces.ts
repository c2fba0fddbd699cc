/**
 * The run's namespaces (pure): the workload namespace, enrolled in the mesh with the mesh's and
 * the target's labels and annotations, and an un-meshed probe namespace from which verification
 * sends plaintext to prove STRICT mTLS refuses it.
 */
import type { KubeObject } from '../plan/plan-types.ts';
import { runLabels } from './kube-labels.ts';

/** Options of {@link namespaceManifests}. */
export interface NamespaceManifestOptions {
  namespace: string;
  probeNamespace: string;
  runId: string;
  enrolLabels: Record<string, string>;
  enrolAnnotations: Record<string, string>;
}

/** Workload and probe Namespace objects. */
export function namespaceManifests(options: NamespaceManifestOptions): KubeObject[] {
  const workload: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: options.namespace,
      labels: { ...runLabels(options.runId), 'meshbench.io/purpose': 'workload', ...options.enrolLabels },
    },
  };
  if (Object.keys(options.enrolAnnotations).length > 0) workload.metadata.annotations = { ...options.enrolAnnotations };
  const probe: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: options.probeNamespace, labels: { ...runLabels(options.runId), 'meshbench.io/purpose': 'probe' } },
  };
  return [workload, probe];
}
