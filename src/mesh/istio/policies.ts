/**
 * Istio security resources: the mesh-wide PeerAuthentication (root namespace istio-system,
 * reference §2.7) and the L7 AuthorizationPolicy of l7-rules.ts. Sidecar mode selects the
 * `order` pods; waypoint mode attaches the policy to the `order` Service with `targetRefs` so the
 * waypoint enforces it (ztunnel alone cannot see HTTP).
 */
import type { KubeObject } from '../../pipeline/plan-types.ts';
import { ORDER_L7_RULES } from '../checks/l7-rules.ts';
import { ORDER_WORKLOAD } from '../checks/order-workload.ts';

/** PeerAuthentication modes the harness sets for a scenario's `features.mtls`. */
export type PeerAuthenticationMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** Mesh-wide PeerAuthentication `default` in istio-system. */
export function meshWidePeerAuthentication(mode: PeerAuthenticationMode): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode } },
  };
}

/** SPIFFE-style principal Istio authenticates a service account as. */
export function istioPrincipal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** The L7 ALLOW policy on `order`; `attachment` picks the sidecar (selector) or waypoint (targetRefs) form. */
export function orderAuthorizationPolicy(options: { namespace: string; attachment: 'selector' | 'waypoint' }): KubeObject {
  const target =
    options.attachment === 'selector'
      ? { selector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: ORDER_WORKLOAD.order.name } } }
      : { targetRefs: [{ kind: 'Service', group: '', name: ORDER_WORKLOAD.order.name }] };
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'order-l7', namespace: options.namespace },
    spec: {
      ...target,
      action: 'ALLOW',
      rules: ORDER_L7_RULES.map((rule) => ({
        from: [{ source: { principals: rule.from.map((r) => istioPrincipal(options.namespace, r.serviceAccount)) } }],
        to: rule.operations.map((op) => ({ operation: { methods: [op.method], paths: [op.path.istio] } })),
      })),
    },
  };
}
