/**
 * Node placement, by rule rather than luck: the services on one worker, the load agents on
 * another (Cilium WireGuard does not encrypt same-node traffic, and published mesh benchmarks run
 * client and server apart: docs/mesh-install.md "Placement and cluster shape").
 *
 * kind: workers are labelled in the kind config and pods select them with nodeSelector.
 * existing: nodes are not ours to label, so the services attract each other (required pod
 * affinity on the hostname; the first matches itself) and the agents repel them (required pod
 * anti-affinity): still different nodes, whichever the scheduler picks.
 */
import type { PlatformName } from '../config/target-schema.ts';
import { labelValue, NODE_ROLE_LABEL, RUN_LABEL, TIER_LABEL } from './kube-labels.ts';

const HOSTNAME = 'kubernetes.io/hostname';

function serverPods(runId: string): Record<string, unknown> {
  return { matchLabels: { [TIER_LABEL]: 'server', [RUN_LABEL]: labelValue(runId) } };
}

/** Pod-spec fields placing an order-service pod. */
export function serverPlacement(platform: PlatformName, runId: string): Record<string, unknown> {
  if (platform === 'kind') return { nodeSelector: { [NODE_ROLE_LABEL]: 'server' } };
  return {
    affinity: {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: serverPods(runId), topologyKey: HOSTNAME }] },
    },
  };
}

/** Pod-spec fields placing a load-agent pod. */
export function agentPlacement(platform: PlatformName, runId: string): Record<string, unknown> {
  if (platform === 'kind') return { nodeSelector: { [NODE_ROLE_LABEL]: 'client' } };
  return {
    affinity: {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: serverPods(runId), topologyKey: HOSTNAME }] },
    },
  };
}
