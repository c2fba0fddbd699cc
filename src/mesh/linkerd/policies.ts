/**
 * Linkerd's form of the L7 policy (per-route authorization), per service of the chain
 * (l7-rules.ts): a `Server` for the service's pods' port (default access deny), a Gateway API
 * `HTTPRoute` with the order-service operations attached to the Server, an `AuthorizationPolicy`
 * on that route requiring a `MeshTLSAuthentication` of the caller's proxy identity, and a probe
 * route open to every network (one shared `NetworkAuthentication`) so kubelet probes keep
 * working (a Server with routes no longer authorizes probes by default). `authz: l4` is the Server
 * and an `AuthorizationPolicy` on the Server itself requiring the caller's `MeshTLSAuthentication`:
 * no routes, so the proxy keeps authorizing the kubelet's probes on its own.
 */
import type { KubeObject } from '../../plan/plan-types.ts';
import { chainL7Rules, type L7Operation, type L7Rule } from '../common/l7-rules.ts';
import { ORDER_WORKLOAD } from '../common/order-workload.ts';

/** Trust domain of `linkerd install` unless the target sets the `identityTrustDomain` value. */
export const LINKERD_DEFAULT_TRUST_DOMAIN = 'cluster.local';

const PROBES_AUTHENTICATION = 'kubelet-probes';

/** Options of {@link linkerdL7Policy}. */
export interface LinkerdL7PolicyOptions {
  namespace: string;
  chainDepth: number;
  /** A fan-out to this many services (workload.fanOut); absent for a chain. */
  fanOut?: number | undefined;
  /** The control plane's identity trust domain ({@link LINKERD_DEFAULT_TRUST_DOMAIN} by default). */
  trustDomain: string;
}

/** The proxy identity Linkerd issues to a pod of `serviceAccount` (control plane in namespace `linkerd`). */
export function linkerdIdentity(options: { serviceAccount: string; namespace: string; trustDomain: string }): string {
  return `${options.serviceAccount}.${options.namespace}.serviceaccount.identity.linkerd.${options.trustDomain}`;
}

function routeMatch(op: L7Operation) {
  const exact = op.path.regex === op.path.display;
  return { method: op.method, path: exact ? { type: 'Exact', value: op.path.display } : { type: 'RegularExpression', value: op.path.regex } };
}

function httpRoute(options: { name: string; namespace: string; server: string; matches: ReturnType<typeof routeMatch>[] }): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: options.name, namespace: options.namespace },
    spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: options.server }], rules: [{ matches: options.matches }] },
  };
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

/** Server `<service>-http`, routes `<service>-orders` and `<service>-probes`, their policies, and `<service>-callers`. */
function servicePolicy(rule: L7Rule, options: LinkerdL7PolicyOptions): KubeObject[] {
  const { namespace } = options;
  const service = rule.service.name;
  const server = `${service}-http`;
  const ordersRoute = `${service}-orders`;
  const probesRoute = `${service}-probes`;
  const callers = `${service}-callers`;
  return [
    {
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'Server',
      metadata: { name: server, namespace },
      spec: {
        podSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: service } },
        port: ORDER_WORKLOAD.portNumber,
        proxyProtocol: 'HTTP/1',
        accessPolicy: 'deny',
      },
    },
    httpRoute({ name: ordersRoute, namespace, server, matches: rule.operations.map(routeMatch) }),
    {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'MeshTLSAuthentication',
      metadata: { name: callers, namespace },
      spec: { identities: rule.from.map((r) => linkerdIdentity({ serviceAccount: r.serviceAccount, namespace, trustDomain: options.trustDomain })) },
    },
    authorizationPolicy({ namespace, route: ordersRoute, authentication: { kind: 'MeshTLSAuthentication', name: callers } }),
    httpRoute({
      name: probesRoute,
      namespace,
      server,
      matches: ORDER_WORKLOAD.healthPaths.map((path) => ({ method: 'GET', path: { type: 'Exact', value: path } })),
    }),
    authorizationPolicy({ namespace, route: probesRoute, authentication: { kind: 'NetworkAuthentication', name: PROBES_AUTHENTICATION } }),
  ];
}

/** All Linkerd policy objects of the chain: the probes' NetworkAuthentication, then each service's objects, entry first. */
export function linkerdL7Policy(options: LinkerdL7PolicyOptions): KubeObject[] {
  return [
    {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'NetworkAuthentication',
      metadata: { name: PROBES_AUTHENTICATION, namespace: options.namespace },
      spec: { networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] },
    },
    ...chainL7Rules(options).flatMap((rule) => servicePolicy(rule, options)),
  ];
}

/** `authz: l4`, per service: Server `<service>-http` (deny by default), `<service>-callers` authentication and policy on the Server. */
export function linkerdL4Policy(options: LinkerdL7PolicyOptions): KubeObject[] {
  const { namespace } = options;
  return chainL7Rules(options).flatMap((rule): KubeObject[] => {
    const service = rule.service.name;
    const server = `${service}-http`;
    const callers = `${service}-callers`;
    return [
      {
        apiVersion: 'policy.linkerd.io/v1beta3',
        kind: 'Server',
        metadata: { name: server, namespace },
        spec: {
          podSelector: { matchLabels: { [ORDER_WORKLOAD.nameLabel]: service } },
          port: ORDER_WORKLOAD.portNumber,
          proxyProtocol: 'HTTP/1',
          accessPolicy: 'deny',
        },
      },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'MeshTLSAuthentication',
        metadata: { name: callers, namespace },
        spec: { identities: rule.from.map((r) => linkerdIdentity({ serviceAccount: r.serviceAccount, namespace, trustDomain: options.trustDomain })) },
      },
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: callers, namespace },
        spec: {
          targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: server },
          requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: callers }],
        },
      },
    ];
  });
}
