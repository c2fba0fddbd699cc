/**
 * Istio security resources: the PeerAuthentication (mesh-wide in the root namespace istio-system
 * on a cluster of the run's own, docs/mesh-install.md "Istio"; scoped to the workload namespace on a user's
 * existing cluster, whose other workloads it must not touch) and one AuthorizationPolicy per service of the chain (l7-rules.ts), naming
 * the service's caller by its principal: `authz: l7` also names the order-service operations,
 * `authz: l4` only the principal (enforceable by ztunnel without a waypoint). Sidecar mode selects the service's pods; waypoint mode
 * attaches the policy to the service's Service with `targetRefs` so the waypoint enforces it
 * (ztunnel alone cannot see HTTP). Kubelet probes need no rule: the sidecar injector rewrites
 * them to the pilot-agent port, and ambient probes bypass the mesh.
 */
import type { KubeObject } from '../../plan/plan-types.ts';
import { chainL7Rules, type L7Rule } from '../common/l7-rules.ts';
import { ORDER_WORKLOAD } from '../common/order-workload.ts';

/** PeerAuthentication modes the harness sets for a scenario's `features.mtls`. */
export type PeerAuthenticationMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** Where an AuthorizationPolicy attaches: the pods (sidecar) or the Service (waypoint). */
export type PolicyAttachment = 'selector' | 'waypoint';

/** `l4`: callers by principal only; `l7`: also the operations (method and path). */
export type AuthzLayer = 'l4' | 'l7';

/**
 * PeerAuthentication `default` without a selector: in istio-system it is mesh-wide, in any other
 * namespace it covers that namespace only (and goes with it when the namespace is deleted).
 */
export function peerAuthentication(mode: PeerAuthenticationMode, namespace = 'istio-system'): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace },
    spec: { mtls: { mode } },
  };
}

/** SPIFFE-style principal Istio authenticates a service account as. */
export function istioPrincipal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

function authorizationPolicy(rule: L7Rule, options: { namespace: string; attachment: PolicyAttachment; layer: AuthzLayer }): KubeObject {
  const service = rule.service.name;
  const target =
    options.attachment === 'selector'
      ? { selector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: service } } }
      : { targetRefs: [{ kind: 'Service', group: '', name: service }] };
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${service}-${options.layer}`, namespace: options.namespace },
    spec: {
      ...target,
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: rule.from.map((r) => istioPrincipal(options.namespace, r.serviceAccount)) } }],
          ...(options.layer === 'l7' ? { to: rule.operations.map((op) => ({ operation: { methods: [op.method], paths: [op.path.istio] } })) } : {}),
        },
      ],
    },
  };
}

/** The ALLOW policies `<service>-<layer>` (l7 by default), one per service of the chain, entry first. */
export function chainAuthorizationPolicies(options: { namespace: string; chainDepth: number; fanOut?: number | undefined; attachment: PolicyAttachment; layer?: AuthzLayer }): KubeObject[] {
  return chainL7Rules(options).map((rule) => authorizationPolicy(rule, { ...options, layer: options.layer ?? 'l7' }));
}

/**
 * `features.configScope: namespace` (docs/topology.md): the namespace-wide default Sidecar
 * (networking.istio.io/v1, no workloadSelector, named `default` as upstream recommends) whose
 * egress hosts are the workload's own namespace (`./*`) and the control plane's
 * (`istio-system/*`). Every sidecar of the namespace then gets clusters only for those Services:
 * the idle Services, in their own namespace, stay out of the proxies' configuration.
 */
export function namespaceScopeSidecar(options: { namespace: string }): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: { name: 'default', namespace: options.namespace },
    spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
  };
}
