/**
 * Namespace enrolment: the labels and annotations a mesh requires, merged with what the target
 * file declares under `enrol`. A target may add keys; it may not contradict the mesh.
 */
import { HarnessError } from '../../errors.ts';
import type { Target } from '../../config/target-schema.ts';

export interface NamespaceMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function mergeMaps(kind: string, required: Record<string, string>, declared: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(declared)) {
    const needed = required[key];
    if (needed !== undefined && needed !== value) {
      throw new HarnessError('CONFIG_INVALID', `target enrol ${kind} "${key}: ${value}" contradicts the mesh, which needs "${key}: ${needed}"`, {
        hint: `remove ${key} from enrol.namespace${kind === 'label' ? 'Labels' : 'Annotations'} or set it to "${needed}"`,
      });
    }
  }
  return { ...declared, ...required };
}

/** Required metadata plus the target's own `enrol` entries. */
export function mergeEnrolment(required: NamespaceMetadata, target: Target): NamespaceMetadata {
  return {
    labels: mergeMaps('label', required.labels, target.enrol.namespaceLabels),
    annotations: mergeMaps('annotation', required.annotations, target.enrol.namespaceAnnotations),
  };
}
