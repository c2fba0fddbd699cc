/**
 * Cilium's form of the L7 policy: one CiliumNetworkPolicy on the `order` pods whose ingress
 * rules carry HTTP rules, so every request to port 8080 passes through cilium-envoy (reference
 * §4.2). Callers are matched by pod labels (Cilium identities), paths and methods by anchored
 * regular expressions. Kubelet probes from the host keep their health paths.
 */
import type { KubeObject } from '../../pipeline/plan-types.ts';
import { ORDER_L7_RULES } from '../checks/l7-rules.ts';
import { ORDER_WORKLOAD } from '../checks/order-workload.ts';

function port8080(http: { method: string; path: string }[]) {
  return [{ ports: [{ port: String(ORDER_WORKLOAD.portNumber), protocol: 'TCP' }], rules: { http } }];
}

/** The CiliumNetworkPolicy `order-l7`. */
export function ciliumL7Policy(namespace: string): KubeObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'order-l7', namespace },
    spec: {
      endpointSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: ORDER_WORKLOAD.order.name } },
      ingress: [
        ...ORDER_L7_RULES.map((rule) => ({
          fromEndpoints: rule.from.map((r) => ({ matchLabels: { [ORDER_WORKLOAD.nameLabel]: r.name } })),
          toPorts: port8080(rule.operations.map((op) => ({ method: op.method, path: op.path.regex }))),
        })),
        {
          fromEntities: ['host', 'remote-node'],
          toPorts: port8080(ORDER_WORKLOAD.healthPaths.map((path) => ({ method: 'GET', path }))),
        },
      ],
    },
  };
}
