/**
 * The canary of `trafficSplit` (docs/capability-matrix.md): a second Deployment of the `order`
 * service, `order-canary`, with its own Service. Its pods carry `app.kubernetes.io/name:
 * order-canary`, so the `order` Service keeps selecting the stable pods only and the mesh's route
 * splits by weight between the two Services. It runs the same program, under the same
 * ServiceAccount (so identity-based policies treat it as `order`), calling the same next service.
 */
import type { KubeObject } from '../plan/plan-types.ts';
import { NAME_LABEL, TIER_LABEL } from './kube-labels.ts';

/** The service of every chain that gets a canary. */
export const CANARY_OF = 'order';

/** `order` → `order-canary`. */
export function canaryName(service: string): string {
  return `${service}-canary`;
}

type Spec = Record<string, unknown>;

function relabel(labels: unknown, name: string): Record<string, string> {
  return { ...(labels as Record<string, string>), [NAME_LABEL]: name };
}

/**
 * The canary Deployment and Service, copied from the stable ones (`deployments` and `services` of
 * the chain); throws when the chain has no `order` service.
 */
export function canaryManifests(options: { deployments: readonly KubeObject[]; services: readonly KubeObject[] }): KubeObject[] {
  const deployment = options.deployments.find((d) => d.metadata.name === CANARY_OF);
  const service = options.services.find((s) => s.metadata.name === CANARY_OF);
  if (!deployment || !service) throw new Error(`the chain has no ${CANARY_OF} Deployment and Service to copy`);
  const name = canaryName(CANARY_OF);
  const stable = structuredClone(deployment) as KubeObject & { spec: Spec & { selector: { matchLabels: Spec }; template: { metadata: { labels: Spec } } } };
  stable.metadata = { ...stable.metadata, name, labels: relabel(stable.metadata.labels, name) };
  stable.spec.selector.matchLabels = relabel(stable.spec.selector.matchLabels, name);
  stable.spec.template.metadata.labels = relabel(stable.spec.template.metadata.labels, name);
  const canaryService = structuredClone(service) as KubeObject & { spec: Spec & { selector: Spec } };
  canaryService.metadata = { ...canaryService.metadata, name, labels: relabel(canaryService.metadata.labels, name) };
  canaryService.spec.selector = { [NAME_LABEL]: name, [TIER_LABEL]: (service.spec as { selector: Record<string, string> }).selector[TIER_LABEL] ?? 'server' };
  return [canaryService, stable];
}
