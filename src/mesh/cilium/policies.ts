/**
 * Cilium's form of the L7 policy: one CiliumNetworkPolicy per service of the chain
 * (l7-rules.ts) whose ingress rules carry HTTP rules, so every request to port 8080 passes
 * through cilium-envoy (docs/mesh-install.md "Cilium", L7). The caller is matched by its `app.kubernetes.io/name`
 * pod label (Cilium identities; the load-agent Job pods carry `load-agent`), paths and methods
 * by anchored regular expressions. Kubelet probes from the host keep their health paths.
 * `authz: l4` is the same policy without HTTP rules (`<service>-l4`): enforced in eBPF, no
 * cilium-envoy on the path.
 */
import type { KubeObject } from '../../plan/plan-types.ts';
import { chainL7Rules, type L7Rule } from '../common/l7-rules.ts';
import { ORDER_WORKLOAD } from '../common/order-workload.ts';

function port8080(http: { method: string; path: string }[]) {
  return [{ ports: [{ port: String(ORDER_WORKLOAD.portNumber), protocol: 'TCP' }], rules: { http } }];
}

function servicePolicy(rule: L7Rule, namespace: string): KubeObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `${rule.service.name}-l7`, namespace },
    spec: {
      endpointSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: rule.service.name } },
      ingress: [
        {
          fromEndpoints: rule.from.map((r) => ({ matchLabels: { [ORDER_WORKLOAD.nameLabel]: r.name } })),
          toPorts: port8080(rule.operations.map((op) => ({ method: op.method, path: op.path.regex }))),
        },
        {
          fromEntities: ['host', 'remote-node'],
          toPorts: port8080(ORDER_WORKLOAD.healthPaths.map((path) => ({ method: 'GET', path }))),
        },
      ],
    },
  };
}

/** The CiliumNetworkPolicies `<service>-l7`, one per service of the chain, entry first. */
export function ciliumL7Policies(options: { namespace: string; chainDepth: number; fanOut?: number | undefined }): KubeObject[] {
  return chainL7Rules(options).map((rule) => servicePolicy(rule, options.namespace));
}

/** `authz: l4`: the CiliumNetworkPolicies `<service>-l4` (callers and port only), one per service, entry first. */
export function ciliumL4Policies(options: { namespace: string; chainDepth: number; fanOut?: number | undefined }): KubeObject[] {
  const toPort = [{ ports: [{ port: String(ORDER_WORKLOAD.portNumber), protocol: 'TCP' }] }];
  return chainL7Rules(options).map((rule) => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `${rule.service.name}-l4`, namespace: options.namespace },
    spec: {
      endpointSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: rule.service.name } },
      ingress: [
        { fromEndpoints: rule.from.map((r) => ({ matchLabels: { [ORDER_WORKLOAD.nameLabel]: r.name } })), toPorts: toPort },
        { fromEntities: ['host', 'remote-node'], toPorts: toPort },
      ],
    },
  }));
}
