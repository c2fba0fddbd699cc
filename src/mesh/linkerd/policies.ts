/**
 * Linkerd's form of the L7 policy (per-route authorization): a `Server` for the `order` pods'
 * port (default access deny), one Gateway API `HTTPRoute` per rule attached to the Server, an
 * `AuthorizationPolicy` per route requiring a `MeshTLSAuthentication` of the callers' service
 * accounts, and a probe route open to every network so kubelet probes keep working (a Server
 * with routes no longer authorizes probes by default).
 */
import type { KubeObject } from '../../pipeline/plan-types.ts';
import { ORDER_L7_RULES, type L7Operation } from '../checks/l7-rules.ts';
import { ORDER_WORKLOAD } from '../checks/order-workload.ts';

const SERVER_NAME = 'order-http';
const PROBE_ROUTE = 'order-probes';

function serverRef() {
  return { group: 'policy.linkerd.io', kind: 'Server', name: SERVER_NAME };
}

function routeMatch(op: L7Operation) {
  const exact = op.path.regex === op.path.display;
  return { method: op.method, path: exact ? { type: 'Exact', value: op.path.display } : { type: 'RegularExpression', value: op.path.regex } };
}

function authorizationPolicy(options: { namespace: string; route: string; authentication: { kind: string; name: string } }): KubeObject {
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: options.route, namespace: options.namespace },
    spec: {
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: options.route },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: options.authentication.kind, name: options.authentication.name }],
    },
  };
}

/** All Linkerd policy objects for the `order` service. */
export function linkerdL7Policy(namespace: string): KubeObject[] {
  const objects: KubeObject[] = [
    {
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'Server',
      metadata: { name: SERVER_NAME, namespace },
      spec: {
        podSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: ORDER_WORKLOAD.order.name } },
        port: ORDER_WORKLOAD.portNumber,
        proxyProtocol: 'HTTP/1',
        accessPolicy: 'deny',
      },
    },
  ];
  for (const rule of ORDER_L7_RULES) {
    objects.push(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: rule.name, namespace },
        spec: { parentRefs: [serverRef()], rules: [{ matches: rule.operations.map(routeMatch) }] },
      },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'MeshTLSAuthentication',
        metadata: { name: `${rule.name}-clients`, namespace },
        spec: { identityRefs: rule.from.map((r) => ({ kind: 'ServiceAccount', name: r.serviceAccount })) },
      },
      authorizationPolicy({ namespace, route: rule.name, authentication: { kind: 'MeshTLSAuthentication', name: `${rule.name}-clients` } }),
    );
  }
  objects.push(
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: PROBE_ROUTE, namespace },
      spec: {
        parentRefs: [serverRef()],
        rules: [{ matches: ORDER_WORKLOAD.healthPaths.map((path) => ({ method: 'GET', path: { type: 'Exact', value: path } })) }],
      },
    },
    {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'NetworkAuthentication',
      metadata: { name: 'kubelet-probes', namespace },
      spec: { networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] },
    },
    authorizationPolicy({ namespace, route: PROBE_ROUTE, authentication: { kind: 'NetworkAuthentication', name: 'kubelet-probes' } }),
  );
  return objects;
}
